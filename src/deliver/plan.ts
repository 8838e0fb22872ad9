// Which sink each enabled channel gets, and whether it can be built: checked without
// building anything (no discord.js loaded), so `newswatch check` stays fast, and used by
// the registry before it builds the sinks.
import type { ChannelConfig } from '../config/schema.js';
import { parseWebhookUrl } from '../core/webhook-url.js';

export type SinkName =
  'discord-bot' | 'discord-webhook' | 'console' | 'http' | 'slack-webhook' | 'slack-bot' | 'telegram' | 'matrix';

interface Rule {
  name: SinkName;
  accepts(c: ChannelConfig): boolean;
  /** Why this channel's sink cannot be built, or null. */
  problem(c: ChannelConfig, ctx: { token: string | undefined }): string | null;
}

const NO_TOKEN_HINT = 'set discord.token (e.g. ${DISCORD_TOKEN}) or use a webhook';

const RULES: readonly Rule[] = [
  {
    name: 'discord-bot',
    accepts: (c) => c.discord !== undefined,
    problem: (_c, { token }) => (token ? null : `posting to a Discord channel id needs a bot token: ${NO_TOKEN_HINT}`),
  },
  {
    name: 'discord-webhook',
    accepts: (c) => c.webhook !== undefined,
    problem: (c) =>
      parseWebhookUrl(c.webhook ?? '')
        ? null
        : 'webhook is not a Discord webhook URL (https://discord.com/api/webhooks/<id>/<token>)',
  },
  { name: 'console', accepts: (c) => c.console === true, problem: () => null },
  { name: 'http', accepts: (c) => c.http !== undefined, problem: () => null },
  { name: 'slack-webhook', accepts: (c) => c.slack?.webhook !== undefined, problem: () => null },
  {
    name: 'slack-bot',
    accepts: (c) => c.slack !== undefined && c.slack.webhook === undefined,
    problem: (c) =>
      c.slack?.token && c.slack.channel ? null : 'a Slack bot channel needs slack.token and slack.channel',
  },
  { name: 'telegram', accepts: (c) => c.telegram !== undefined, problem: () => null },
  { name: 'matrix', accepts: (c) => c.matrix !== undefined, problem: () => null },
];

/** The bot token as the sinks use it: blank is none. */
export function botToken(discord: { token?: string | undefined }): string | undefined {
  return discord.token?.trim() || undefined;
}

/** The sink of every enabled channel. Throws naming the channel when one cannot be built. */
export function planSinks(
  channels: readonly ChannelConfig[],
  discord: { token?: string | undefined },
): { channel: ChannelConfig; sink: SinkName }[] {
  const token = botToken(discord);
  return channels
    .filter((c) => c.enabled)
    .map((channel) => {
      const rule = RULES.find((r) => r.accepts(channel));
      if (!rule)
        throw new Error(
          `channel "${channel.id}": no destination (set one of discord, webhook, console, http, slack, telegram, matrix)`,
        );
      const problem = rule.problem(channel, { token });
      if (problem) throw new Error(`channel "${channel.id}" (${rule.name}): ${problem}`);
      return { channel, sink: rule.name };
    });
}
