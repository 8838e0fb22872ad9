// Sinks built by name at start-up and on config reload, after ../plan.ts has chosen and
// checked them: a channel whose sink cannot be built is an error naming the channel,
// before anything runs.
import { WebhookClient, type REST } from 'discord.js';
import type { ChannelConfig } from '../../config/schema.js';
import type { Sink } from '../types.js';
import { ConsoleSink } from './console.js';
import { DiscordBotSink } from './discord-bot.js';
import { createBotRest, DISCORD_DEFAULTS, restOptions, type DiscordDeps } from './discord-rest.js';
import { DiscordWebhookSink } from './discord-webhook.js';
import { HttpSink } from './http.js';
import { parseWebhookUrl } from '../../core/webhook-url.js';
import { botToken, planSinks, type SinkName } from '../plan.js';
import type { ChatHttpOptions } from './chat-http.js';
import { MatrixSink } from './matrix.js';
import { SLACK_API, SlackBotSink } from './slack-bot.js';
import { SlackWebhookSink } from './slack-webhook.js';
import { TELEGRAM_API, TelegramSink } from './telegram.js';

export interface SinkDeps {
  discord: DiscordDeps;
  /** Where console channels print. */
  out: NodeJS.WritableStream;
  /** Requests of the http and chat sinks: the service's User-Agent (with the configured contact) and timeout. */
  http: { userAgent: string; timeoutMs: number };
}

interface BuildContext {
  deps: SinkDeps;
  /** The one REST client of the bot token (shared: Discord's limits are per bot), or null. */
  botRest(): REST | null;
  secrets: string[];
}

const lookupLimit = (ctx: BuildContext) => ctx.deps.discord.lookupLimit ?? DISCORD_DEFAULTS.lookupLimit;

/** Request options of a chat sink (Slack, Telegram, Matrix); its secrets are registered for every error. */
function chatHttp(ctx: BuildContext, what: string, ...secrets: Array<string | undefined>): ChatHttpOptions {
  for (const s of secrets) if (s) ctx.secrets.push(s);
  return { ...ctx.deps.http, secrets: ctx.secrets, what };
}

/** How each sink is built, once planSinks (../plan.ts) has chosen and checked it. */
const BUILDERS: Record<SinkName, (c: ChannelConfig, ctx: BuildContext) => Sink> = {
  'discord-bot': (c, ctx) =>
    new DiscordBotSink(c.id, ctx.botRest() as REST, c.discord!.channel, {
      secrets: ctx.secrets,
      lookupLimit: lookupLimit(ctx),
    }),
  'discord-webhook': (c, ctx) => {
    const target = parseWebhookUrl(c.webhook ?? '')!;
    ctx.secrets.push(target.token);
    const discord = { ...ctx.deps.discord, api: target.api ?? ctx.deps.discord.api };
    const client = new WebhookClient(
      { id: target.id, token: target.token },
      { rest: restOptions(discord, DISCORD_DEFAULTS.webhookRetries), allowedMentions: { parse: [] } },
    );
    return new DiscordWebhookSink(c.id, client, ctx.botRest(), { secrets: ctx.secrets, lookupLimit: lookupLimit(ctx) });
  },
  console: (c, ctx) => new ConsoleSink(c.id, ctx.deps.out),
  http: (c, ctx) => new HttpSink(c.id, c.http!.url, ctx.deps.http),
  'slack-webhook': (c, ctx) => new SlackWebhookSink(c.id, c.slack!.webhook!, chatHttp(ctx, 'Slack', c.slack!.webhook)),
  'slack-bot': (c, ctx) => {
    const { token, channel, api } = c.slack!;
    const http = chatHttp(ctx, 'Slack', token);
    return new SlackBotSink(c.id, channel!, {
      ...http,
      api: api ?? SLACK_API,
      token: token!,
      lookupLimit: lookupLimit(ctx),
    });
  },
  telegram: (c, ctx) => {
    const { token, chat, api } = c.telegram!;
    return new TelegramSink(c.id, chat, { ...chatHttp(ctx, 'Telegram', token), api: api ?? TELEGRAM_API, token });
  },
  matrix: (c, ctx) => {
    const { homeserver, token, room } = c.matrix!;
    return new MatrixSink(c.id, room, {
      ...chatHttp(ctx, 'Matrix', token),
      homeserver,
      token,
      lookupLimit: lookupLimit(ctx),
    });
  },
};

/** One sink per enabled channel, keyed by channel id. Throws naming the channel when one cannot be built. */
export function createSinks(channels: ChannelConfig[], deps: SinkDeps): Map<string, Sink> {
  const plan = planSinks(channels, deps.discord);
  const token = botToken(deps.discord);
  let rest: REST | null | undefined;
  const ctx: BuildContext = {
    deps,
    secrets: token ? [token] : [],
    botRest: () => (rest ??= token ? createBotRest({ ...deps.discord, token }) : null),
  };
  const sinks = new Map<string, Sink>();
  for (const { channel, sink } of plan) {
    try {
      sinks.set(channel.id, BUILDERS[sink](channel, ctx));
    } catch (err) {
      throw new Error(`channel "${channel.id}" (${sink}): ${(err as Error).message}`, { cause: err });
    }
  }
  return sinks;
}
