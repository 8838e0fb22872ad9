// Where a channel's alerts go, in words, without secrets (a webhook's token never):
// for `check`, the status page, the start-up log and a stopped channel's error.
import type { ChannelConfig } from '../config/schema.js';
import { parseWebhookUrl } from './webhook-url.js';

export function channelTarget(c: ChannelConfig): string {
  if (c.discord) return `Discord channel ${c.discord.channel}`;
  if (c.webhook !== undefined) {
    const id = parseWebhookUrl(c.webhook)?.id;
    return id ? `Discord webhook ${id}` : 'Discord webhook';
  }
  if (c.http) return `HTTP POST to ${hostOnly(c.http.url)}`;
  return 'console';
}

/** The origin of an http channel's URL (its path and query may hold a token). */
function hostOnly(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'an invalid URL';
  }
}
