// The config schema: the one description of every key, its default and its check.
// Objects are strict: an unknown key (a typo) is an error, never silently ignored.
import { isIP } from 'node:net';
import cron from 'node-cron';
import { z } from 'zod';
import { discordTarget, httpAuth, httpUrl, matrixTarget, slackTarget, telegramTarget } from './targets.js';

const DURATION = /^\s*(\d+(?:\.\d+)?)\s*(ms|[smhd])\s*$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "90s", "5m", "6h", "90d", "250ms" → milliseconds; null for anything else (a bare number included). */
export function parseDuration(value: string): number | null {
  const m = DURATION.exec(value);
  if (!m) return null;
  return Math.round(Number(m[1]) * (UNIT_MS[m[2] as string] ?? 1));
}

/** A duration with its unit, in milliseconds once parsed. A bare number is an error: `timeout: 10` was 10 ms. */
const duration = z
  .string({
    error: (iss) =>
      typeof iss.input === 'number'
        ? `a duration needs a unit: write ${iss.input}s, ${iss.input}m or ${iss.input}ms ` +
          '(a bare number would be milliseconds)'
        : 'expected a duration such as 30s, 5m, 6h or 90d',
  })
  .regex(DURATION, {
    error: (iss) => `not a duration: ${JSON.stringify(iss.input)} (use e.g. 250ms, 30s, 5m, 6h, 90d)`,
  })
  .transform((v) => parseDuration(v) as number);

/** The longest delay a Node timer can wait (2^31 - 1 ms, about 24.8 days); longer ones fire at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** A duration that is waited for with a timer. */
const timerDuration = duration.refine((ms) => ms <= MAX_TIMER_MS, {
  message: 'longer than 24 days, the longest delay a timer can wait (2^31 ms); use a shorter duration',
});

/** Whether the time zone is one this runtime (and so node-cron, which uses Intl) knows. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** An address the status page can listen on: an IP address, localhost, or a host name. */
function isListenHost(host: string): boolean {
  if (isIP(host) !== 0) return true;
  // A name whose last label is all digits (999.1.1.1) is neither an address nor a host name.
  return /^(?!-)[A-Z0-9-]{1,63}(?:\.(?!-)[A-Z0-9-]{1,63})*$/i.test(host) && !/(?:^|\.)\d+$/.test(host);
}

const cronExpr = z.string().superRefine((s, ctx) => {
  if (!cron.validate(s)) {
    ctx.addIssue({
      code: 'custom',
      message: `not a valid cron expression: ${JSON.stringify(s)} (5 fields "m h dom mon dow", or 6 with seconds first)`,
    });
  }
});

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z\d][\w.-]*$/i, 'ids are letters, digits, "-", "_" and "." (starting with a letter or digit)');

const phrase = z.string().trim().min(1, 'must not be empty');
const phrases = z.array(phrase);

/** Proximity rule: a name of the entity within `within` words of one of `terms`. */
const near = z.strictObject({
  terms: phrases.min(1).describe('Terms, one of which must be near a name.'),
  within: z.number().int().min(1).max(200).default(10).describe('How many words apart a term and a name may be.'),
});

/** Term rules shared by entities and watchlists. */
const ruleKeys = {
  all: phrases.optional().describe('Every one of these terms must appear in the item.'),
  any: phrases.optional().describe('At least one of these terms must appear in the item.'),
  none: phrases.optional().describe('None of these terms may appear in the item.'),
  near: near.optional().describe('A name must be within `within` words of one of `terms`.'),
};

/** Spelling variants of transliterated names (issue 12 §2). */
const variantsSetting = z.enum(['auto', 'off']);

export const entitySchema = z.strictObject({
  id: id.describe('Entity id, unique in its watchlist.'),
  name: phrase.describe('The main name, matched case-insensitively, as a whole phrase.'),
  aliases: phrases.default([]).describe('Other names, matched case-insensitively.'),
  caseSensitive: phrases
    .default([])
    .describe('Names that count only in exactly these capitals (acronyms such as TTP).'),
  exclude: phrases
    .default([])
    .describe('Phrases whose occurrences of a name do not count (e.g. "Pakistani Taliban" for the Afghan Taliban).'),
  context: phrases
    .default([])
    .describe('Terms one of which must appear in the item (title or content) for any name to count.'),
  variants: variantsSetting
    .optional()
    .describe("Spelling variants of the names: `auto` or `off`; the watchlist's setting if unset (default `auto`)."),
  ...ruleKeys,
});

export const watchlistSchema = z.strictObject({
  id: id.describe("Watchlist id, used by channels' `watchlists`."),
  name: phrase.optional().describe('Display name.'),
  entities: z
    .array(entitySchema)
    .min(1, 'a watchlist needs at least one entity')
    .describe('The groups or people to find.'),
  variants: variantsSetting
    .optional()
    .describe('Spelling variants for every entity that does not set its own: `auto` (default) or `off`.'),
  ...ruleKeys,
});

/**
 * A feed: `{ id, url, name?, schedule?, alertOnFirstPoll? }`, or an OPML import:
 * `{ opml, idPrefix?, schedule? }`. One strict object (not a union) so that an error
 * points at the exact key rather than at "no branch matched".
 */
export const feedEntrySchema = z
  .strictObject({
    id: id.optional().describe('Feed id (letters, digits, `-`, `_`, `.`); required unless `opml` is given.'),
    url: httpUrl.optional().describe('Feed URL (RSS, Atom, JSON Feed, or a page that links to one).'),
    name: phrase.optional().describe("Display name in alerts (default: the feed's own title)."),
    schedule: cronExpr.optional().describe('Poll schedule for this feed (default: the top-level `schedule`).'),
    alertOnFirstPoll: z
      .boolean()
      .default(false)
      .describe('Alert on the items present at the first poll too (default: record them silently).'),
    opml: z
      .string()
      .min(1)
      .optional()
      .describe("Path to an OPML export to import; relative paths are read from the config file's folder."),
    idPrefix: z.string().default('').describe('Prefix for the ids given to the feeds an OPML import creates.'),
  })
  .superRefine((f, ctx) => {
    if (f.opml !== undefined) {
      for (const k of ['id', 'url', 'name'] as const) {
        if (f[k] !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: [k],
            message: `an OPML import takes no "${k}" (its feeds get theirs from the file)`,
          });
      }
      return;
    }
    if (f.id === undefined)
      ctx.addIssue({ code: 'custom', path: ['id'], message: 'a feed needs an id (or use "opml:" to import a file)' });
    if (f.url === undefined) ctx.addIssue({ code: 'custom', path: ['url'], message: 'a feed needs a url' });
  });

const TARGET_KEYS = 'discord, webhook, console, http, slack, telegram, matrix';

export const channelSchema = z
  .strictObject({
    id: id.describe('Channel id (for logs, the status page and `feeds`/`watchlists` routing).'),
    enabled: z.boolean().default(true).describe('A disabled channel is kept in the config but receives nothing.'),
    discord: discordTarget.optional().describe('Post with the bot (needs `discord.token`).'),
    webhook: z.string().optional().describe('A Discord webhook URL (https://discord.com/api/webhooks/<id>/<token>).'),
    console: z.boolean().optional().describe('Print alerts on standard output.'),
    http: z
      .strictObject({ url: httpUrl.describe('The URL each alert is POSTed to.') })
      .optional()
      .describe('POST each alert as JSON to a URL (a generic webhook, not Discord).'),
    slack: slackTarget.optional().describe('Post to Slack: an incoming webhook, or a bot token and a channel.'),
    telegram: telegramTarget.optional().describe('Post to a Telegram chat with a bot (Bot API).'),
    matrix: matrixTarget.optional().describe('Post to a Matrix room (client-server API).'),
    watchlists: z.array(id).optional().describe('Which watchlists this channel receives (default: all).'),
    feeds: z.array(id).optional().describe('Restrict to these feeds (default: all).'),
    perMinute: z
      .number()
      .int()
      .min(1)
      .max(120)
      .default(30)
      .describe('Pace: at most this many messages per minute (Discord allows about 5 per 5 s per channel).'),
    briefing: z
      .strictObject({
        schedule: cronExpr.describe('When the briefing is posted (node-cron syntax), e.g. "0 7 * * *".'),
        timezone: z
          .string()
          .refine(isTimeZone, {
            message: 'not a time zone this system knows (use an IANA name such as UTC, Europe/Paris, Asia/Kabul)',
          })
          .optional()
          .describe('Time zone of `schedule` (an IANA name; default: the top-level `timezone`).'),
      })
      .optional()
      .describe(
        'Post a daily briefing: the last 24 hours per watched entity, the stories by number of sources, and what rose or fell.',
      ),
    digestAfter: z
      .number()
      .int()
      .min(0)
      .default(0)
      .describe(
        'When more alerts than this are pending at once, the rest are collapsed into digest messages; 0 disables.',
      ),
  })
  .superRefine((c, ctx) => {
    const targets = [c.discord, c.webhook, c.console, c.http, c.slack, c.telegram, c.matrix].filter(
      (t) => t !== undefined && t !== false,
    );
    if (targets.length !== 1 && !(c.enabled === false && targets.length === 0)) {
      ctx.addIssue({
        code: 'custom',
        message: `a channel needs exactly one of ${TARGET_KEYS} (found ${targets.length})`,
      });
    }
  });

/** 127.0.0.0/8, ::1 and localhost: addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(?:\.\d{1,3}){3}$/.test(h);
}

export const configSchema = z.strictObject({
  schedule: cronExpr
    .default('*/5 * * * *')
    .describe('Default poll schedule (node-cron syntax; 6 fields = with seconds).'),
  timezone: z
    .string()
    .refine(isTimeZone, {
      message: 'not a time zone this system knows (use an IANA name such as UTC, Europe/Paris, Asia/Kabul)',
    })
    .default('UTC')
    .describe('Time zone of the cron schedules (an IANA name).'),
  state: z
    .string()
    .default('./data/newswatch.db')
    .describe(
      "SQLite state file (relative paths are read from the config file's folder), or a PostgreSQL database: " +
        'postgres://user:password@host:5432/db (typically ${DATABASE_URL}).',
    ),
  contact: z
    .string()
    .optional()
    .describe('A contact (e-mail or URL) sent in the User-Agent so site operators can reach you.'),
  discord: z
    .strictObject({
      token: z.string().optional().describe('The bot token, for `discord:` channels; write it as `${DISCORD_TOKEN}`.'),
      api: httpUrl
        .optional()
        .describe("Base URL of the Discord API (default: Discord's own); tests point it at a fake Discord."),
      operators: z
        .array(z.string().regex(/^\d{15,25}$/, 'a Discord role id is a number of 15 to 25 digits'))
        .default([])
        .describe('Role ids whose members may mute, unmute and flag alerts (besides Manage Channels).'),
    })
    .prefault({})
    .describe('Discord bot settings.'),
  http: z
    .strictObject({
      host: z
        .string()
        .refine(isListenHost, { message: 'not an IP address or host name to listen on (e.g. 127.0.0.1, ::1, 0.0.0.0)' })
        .default('127.0.0.1')
        .describe('Address the status page listens on (loopback by default).'),
      port: z
        .number()
        .int()
        .min(0)
        .max(65535)
        .default(8787)
        .describe('Port of the status page, /healthz and /metrics.'),
      auth: httpAuth
        .optional()
        .describe('Who may read the status page and /metrics (README "Status page access"); /healthz is always open.'),
      public: z
        .boolean()
        .default(false)
        .describe('Serve a non-loopback address without auth, on purpose (behind a proxy that authenticates, say).'),
    })
    .superRefine((h, ctx) => {
      // A host that is no address at all has its own error (isListenHost above).
      if (!isListenHost(h.host) || isLoopbackHost(h.host) || h.auth || h.public) return;
      ctx.addIssue({
        code: 'custom',
        path: ['host'],
        message:
          `${JSON.stringify(h.host)} is not a loopback address, and the status page shows alert history and ` +
          'feed errors: set http.auth (token, or username and password; check that their environment variables ' +
          'are set), or http.public: true',
      });
    })
    .optional()
    .describe('Status page, /healthz and /metrics; off when absent.'),
  fetch: z
    .strictObject({
      timeout: timerDuration.prefault('20s').describe('Longest time one fetch may take, body included.'),
      maxBytes: z
        .number()
        .int()
        .min(1024)
        .default(10 * 1024 * 1024)
        .describe('Largest feed body read, in bytes (after decompression).'),
      concurrency: z.number().int().min(1).max(256).default(8).describe('Feeds fetched at once.'),
      perHost: z.number().int().min(1).max(32).default(2).describe('Feeds fetched at once from one host.'),
      maxRedirects: z.number().int().min(0).max(20).default(5).describe('Redirects followed per fetch.'),
      allowPrivateAddresses: z
        .boolean()
        .default(false)
        .describe(
          'Let every feed reach loopback, private and link-local addresses (README "Private addresses (SSRF)").',
        ),
    })
    .prefault({})
    .describe('How feeds are fetched.'),
  failures: z
    .strictObject({
      notifyAfter: z
        .number()
        .int()
        .min(1)
        .default(10)
        .describe('Consecutive failures after which a feed is reported failing to its channels.'),
      notifyAfterTime: duration.prefault('1d').describe('…or after failing for this long, whichever comes first.'),
      maxBackoff: timerDuration.prefault('6h').describe('Longest pause between retries of a failing feed.'),
    })
    .prefault({})
    .describe('When a failing feed is reported, and how it is retried.'),
  delivery: z
    .strictObject({
      retryBase: timerDuration
        .prefault('2s')
        .describe('First retry delay of a failed send; doubles each attempt (with jitter).'),
      retryMax: timerDuration
        .prefault('15m')
        .describe('Longest delay between retries: sends are retried for as long as it takes.'),
    })
    .prefault({})
    .describe('How failed sends are retried.'),
  retention: z
    .strictObject({
      maxAge: duration
        .prefault('90d')
        .describe('Seen items, their history (search, backtest) and delivered alerts older than this are pruned.'),
      schedule: cronExpr.default('17 3 * * *').describe('When pruning runs (node-cron syntax).'),
    })
    .prefault({})
    .describe('How long history is kept.'),
  cluster: z
    .strictObject({
      leaseTime: timerDuration
        .prefault('10s')
        .describe(
          'PostgreSQL state, several instances: how long a feed poll or a channel stays with an instance that stopped answering before another takes it over.',
        ),
      heartbeat: timerDuration
        .prefault('2s')
        .describe('How often an instance renews its leases and looks for channels to take (well below leaseTime).'),
    })
    .prefault({})
    .refine((c) => c.heartbeat * 3 <= c.leaseTime, {
      message:
        'cluster.heartbeat must be at most a third of cluster.leaseTime (a lease must survive a missed heartbeat)',
      path: ['heartbeat'],
    })
    .describe('Several instances on one PostgreSQL database (ignored with a SQLite state).'),
  dedup: z
    .strictObject({
      window: duration
        .prefault('48h')
        .describe("How long a story's title is remembered to catch the same story from another source."),
      titleSimilarity: z
        .number()
        .min(0.5)
        .max(1)
        .default(0.8)
        .describe('Share of title words two stories must share to be the same (0.5–1).'),
    })
    .prefault({})
    .describe('Same story from several feeds: one alert, "also reported by" the others.'),
  feeds: z
    .array(feedEntrySchema)
    .default([])
    .describe('The feeds to poll: `{ id, url }` each, or `{ opml }` to import a file.'),
  watchlists: z.array(watchlistSchema).default([]).describe('Groups and people to watch for.'),
  channels: z
    .array(channelSchema)
    .default([])
    .describe('Where alerts go: each has exactly one of discord, webhook, console, http, slack, telegram, matrix.'),
});

export type RawConfig = z.output<typeof configSchema>;
export type EntityConfig = z.output<typeof entitySchema>;
export type WatchlistConfig = z.output<typeof watchlistSchema>;
export type ChannelConfig = z.output<typeof channelSchema>;
export type RuleConfig = Pick<EntityConfig, 'all' | 'any' | 'none' | 'near'>;

export interface FeedConfig {
  id: string;
  url: string;
  name?: string | undefined;
  schedule: string;
  alertOnFirstPoll: boolean;
}

/** The validated config, with OPML imports expanded and paths resolved. */
export interface Config extends Omit<RawConfig, 'feeds'> {
  feeds: FeedConfig[];
  /** Absolute path of the file this config was read from ('' when built in code). */
  source: string;
}
