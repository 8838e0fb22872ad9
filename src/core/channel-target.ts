// Where a channel's alerts go, in words, without secrets (a webhook's token never):
// for `check`, the status page, the start-up log and a stopped channel's error.
import type { ChannelConfig } from '../config/schema.js';
import { tryUrl } from './url.js';
import { parseWebhookUrl } from './webhook-url.js';

export function channelTarget(c: ChannelConfig): string {
  if (c.discord) return `Discord channel ${c.discord.channel}`;
  if (c.webhook !== undefined) {
    const id = parseWebhookUrl(c.webhook)?.id;
    return id ? `Discord webhook ${id}` : 'Discord webhook';
  }
  // The origin only: the path and query of an http channel's URL may hold a token.
  if (c.http) return `HTTP POST to ${tryUrl(c.http.url)?.origin ?? 'an invalid URL'}`;
  if (c.slack) return c.slack.channel ? `Slack channel ${c.slack.channel}` : 'Slack webhook';
  if (c.telegram) return `Telegram chat ${c.telegram.chat}`;
  if (c.matrix) return `Matrix room ${c.matrix.room}`;
  return 'console';
}
