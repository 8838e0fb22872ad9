// Sinks registered by name and built (and checked) at start-up and on config reload: a
// channel whose sink cannot be built is an error naming the channel, before anything runs.
import { WebhookClient, type REST } from 'discord.js';
import type { ChannelConfig } from '../../config/schema.js';
import type { Sink } from '../types.js';
import { ConsoleSink } from './console.js';
import { DiscordBotSink } from './discord-bot.js';
import { createBotRest, DISCORD_DEFAULTS, restOptions, type DiscordDeps } from './discord-rest.js';
import { DiscordWebhookSink } from './discord-webhook.js';
import { HttpSink } from './http.js';
import { parseWebhookUrl } from '../../core/webhook-url.js';

export interface SinkDeps {
  discord: DiscordDeps;
  /** Where console channels print. */
  out: NodeJS.WritableStream;
  /** The http sink's requests: the service's User-Agent (with the configured contact) and timeout. */
  http: { userAgent: string; timeoutMs: number };
}

interface BuildContext {
  deps: SinkDeps;
  /** The one REST client of the bot token (shared: Discord's limits are per bot), or null. */
  botRest(): REST | null;
  secrets: string[];
}

interface SinkProvider {
  name: string;
  accepts(c: ChannelConfig): boolean;
  create(c: ChannelConfig, ctx: BuildContext): Sink;
}

const lookupLimit = (ctx: BuildContext) => ctx.deps.discord.lookupLimit ?? DISCORD_DEFAULTS.lookupLimit;

export const SINK_PROVIDERS: readonly SinkProvider[] = [
  {
    name: 'discord-bot',
    accepts: (c) => c.discord !== undefined,
    create(c, ctx) {
      const rest = ctx.botRest();
      if (!rest) throw new Error('posting to a Discord channel id needs a bot token: set discord.token (e.g. ${DISCORD_TOKEN}) or use a webhook');
      return new DiscordBotSink(c.id, rest, c.discord!.channel, { secrets: ctx.secrets, lookupLimit: lookupLimit(ctx) });
    },
  },
  {
    name: 'discord-webhook',
    accepts: (c) => c.webhook !== undefined,
    create(c, ctx) {
      const target = parseWebhookUrl(c.webhook ?? '');
      if (!target) throw new Error('webhook is not a Discord webhook URL (https://discord.com/api/webhooks/<id>/<token>)');
      ctx.secrets.push(target.token);
      const discord = { ...ctx.deps.discord, api: target.api ?? ctx.deps.discord.api };
      const client = new WebhookClient({ id: target.id, token: target.token }, { rest: restOptions(discord, DISCORD_DEFAULTS.webhookRetries), allowedMentions: { parse: [] } });
      return new DiscordWebhookSink(c.id, client, ctx.botRest(), { secrets: ctx.secrets, lookupLimit: lookupLimit(ctx) });
    },
  },
  {
    name: 'console',
    accepts: (c) => c.console === true,
    create: (c, ctx) => new ConsoleSink(c.id, ctx.deps.out),
  },
  {
    name: 'http',
    accepts: (c) => c.http !== undefined,
    create: (c, ctx) =>
      new HttpSink(c.id, c.http!.url, ctx.deps.http),
  },
];

/** One sink per enabled channel, keyed by channel id. Throws naming the channel when one cannot be built. */
export function createSinks(channels: ChannelConfig[], deps: SinkDeps): Map<string, Sink> {
  const token = deps.discord.token?.trim() || undefined;
  let rest: REST | null | undefined;
  const ctx: BuildContext = {
    deps,
    secrets: token ? [token] : [],
    botRest: () => (rest ??= token ? createBotRest({ ...deps.discord, token }) : null),
  };
  const sinks = new Map<string, Sink>();
  for (const c of channels) {
    if (!c.enabled) continue;
    const provider = SINK_PROVIDERS.find((p) => p.accepts(c));
    if (!provider) throw new Error(`channel "${c.id}": no destination (set one of discord, webhook, console, http)`);
    try {
      sinks.set(c.id, provider.create(c, ctx));
    } catch (err) {
      throw new Error(`channel "${c.id}" (${provider.name}): ${(err as Error).message}`, { cause: err });
    }
  }
  return sinks;
}
