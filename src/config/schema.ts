// The config schema: the one description of every key, its default and its check.
// Objects are strict: an unknown key (a typo) is an error, never silently ignored.
import cron from 'node-cron';
import { z } from 'zod';

/** "90s", "5m", "6h", "90d", "250ms" or a number of milliseconds → milliseconds. */
export function parseDuration(value: string | number): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(value);
  if (!m) return null;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] ?? 'ms'] ?? 1;
  return Math.round(Number(m[1]) * unit);
}

const duration = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const ms = parseDuration(v);
  if (ms === null) {
    ctx.addIssue({ code: 'custom', message: `not a duration: ${JSON.stringify(v)} (use e.g. 30s, 5m, 6h, 90d)` });
    return z.NEVER;
  }
  return ms;
});

const cronExpr = z.string().superRefine((s, ctx) => {
  if (!cron.validate(s)) {
    ctx.addIssue({ code: 'custom', message: `not a valid cron expression: ${JSON.stringify(s)} (5 fields "m h dom mon dow", or 6 with seconds first)` });
  }
});

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'ids are letters, digits, "-", "_" and "." (starting with a letter or digit)');

const httpUrl = z.string().refine((s) => {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}, { message: 'must be an absolute http(s) URL' });

const phrase = z.string().trim().min(1, 'must not be empty');
const phrases = z.array(phrase);

/** Proximity rule: a name of the entity within `within` words of one of `terms`. */
const near = z.strictObject({
  terms: phrases.min(1),
  within: z.number().int().min(1).max(200).default(10),
});

/** Term rules shared by entities and watchlists. */
const ruleKeys = {
  /** Every one of these terms must appear in the item. */
  all: phrases.optional(),
  /** At least one of these terms must appear in the item. */
  any: phrases.optional(),
  /** None of these terms may appear in the item. */
  none: phrases.optional(),
  near: near.optional(),
};

/** Spelling variants of transliterated names (issue 12 §2). */
const variantsSetting = z.enum(['auto', 'off']);

export const entitySchema = z.strictObject({
  id,
  name: phrase,
  /** Other names, matched case-insensitively. */
  aliases: phrases.default([]),
  /** Names that count only in exactly these capitals (acronyms such as TTP). */
  caseSensitive: phrases.default([]),
  /** Phrases whose occurrences of a name do not count (e.g. "Pakistani Taliban" for the Afghan Taliban). */
  exclude: phrases.default([]),
  /** Terms one of which must appear in the item (title or content) for any name to count. */
  context: phrases.default([]),
  /** Spelling variants of the names (src/match/variants.ts): `auto` or `off`; the watchlist's setting if unset. */
  variants: variantsSetting.optional(),
  ...ruleKeys,
});

export const watchlistSchema = z.strictObject({
  id,
  name: phrase.optional(),
  entities: z.array(entitySchema).min(1, 'a watchlist needs at least one entity'),
  /** Spelling variants for every entity that does not set its own: `auto` or `off` (default: see src/match/variants.ts). */
  variants: variantsSetting.optional(),
  ...ruleKeys,
});

/**
 * A feed: `{ id, url, name?, schedule?, alertOnFirstPoll? }`, or an OPML import:
 * `{ opml, idPrefix?, schedule? }`. One strict object (not a union) so that an error
 * points at the exact key rather than at "no branch matched".
 */
export const feedEntrySchema = z
  .strictObject({
    id: id.optional(),
    url: httpUrl.optional(),
    name: phrase.optional(),
    schedule: cronExpr.optional(),
    /** Alert on the items present at the first poll too (default: record them silently). */
    alertOnFirstPoll: z.boolean().default(false),
    /** Path to an OPML export; relative paths are read from the config file's folder. */
    opml: z.string().min(1).optional(),
    /** Prefix for the ids given to the imported feeds. */
    idPrefix: z.string().default(''),
  })
  .superRefine((f, ctx) => {
    if (f.opml !== undefined) {
      for (const k of ['id', 'url', 'name'] as const) {
        if (f[k] !== undefined) ctx.addIssue({ code: 'custom', path: [k], message: `an OPML import takes no "${k}" (its feeds get theirs from the file)` });
      }
      return;
    }
    if (f.id === undefined) ctx.addIssue({ code: 'custom', path: ['id'], message: 'a feed needs an id (or use "opml:" to import a file)' });
    if (f.url === undefined) ctx.addIssue({ code: 'custom', path: ['url'], message: 'a feed needs a url' });
  });


const discordTarget = z.strictObject({
  channel: z.string().regex(/^\d{15,25}$/, 'a Discord channel id is a number of 15 to 25 digits'),
  /** A role id to ping with every alert in this channel (nothing else can ever ping). */
  mentionRole: z.string().regex(/^\d{15,25}$/, 'a Discord role id is a number of 15 to 25 digits').optional(),
});

export const channelSchema = z
  .strictObject({
    id,
    /** A disabled channel is kept in the config but receives nothing. */
    enabled: z.boolean().default(true),
    discord: discordTarget.optional(),
    /** A Discord webhook URL (https://discord.com/api/webhooks/<id>/<token>). */
    webhook: z.string().optional(),
    /** Print alerts on standard output. */
    console: z.boolean().optional(),
    /** POST each alert as JSON to this URL (a generic webhook). */
    http: z.strictObject({ url: httpUrl }).optional(),
    /** Which watchlists this channel receives; all when absent. */
    watchlists: z.array(id).optional(),
    /** Restrict to these feeds; all when absent. */
    feeds: z.array(id).optional(),
    /** Pace: at most this many messages per minute (Discord allows about 5 per 5 s per channel). */
    perMinute: z.number().int().min(1).max(120).default(30),
    /** When more alerts than this are pending at once, the rest are collapsed into digest messages. 0 disables. */
    digestAfter: z.number().int().min(0).default(0),
  })
  .superRefine((c, ctx) => {
    const targets = [c.discord, c.webhook, c.console, c.http].filter((t) => t !== undefined && t !== false);
    if (targets.length !== 1 && !(c.enabled === false && targets.length === 0)) {
      ctx.addIssue({
        code: 'custom',
        message: `a channel needs exactly one of discord, webhook, console, http (found ${targets.length})`,
      });
    }
  });

export const configSchema = z.strictObject({
  /** Default poll schedule (node-cron syntax). */
  schedule: cronExpr.default('*/5 * * * *'),
  /** Time zone for the cron schedules. */
  timezone: z.string().default('UTC'),
  /** SQLite file; relative paths are resolved against the config file's folder. */
  state: z.string().default('./data/newswatch.db'),
  /** A contact (e-mail or URL) sent in the User-Agent so site operators can reach you. */
  contact: z.string().optional(),
  discord: z
    .strictObject({
      token: z.string().optional(),
      api: httpUrl.optional(),
    })
    .default({}),
  http: z
    .strictObject({
      host: z.string().default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(8787),
    })
    .optional(),
  fetch: z
    .strictObject({
      timeout: duration.default(20_000),
      maxBytes: z.number().int().min(1024).default(10 * 1024 * 1024),
      concurrency: z.number().int().min(1).max(256).default(8),
      perHost: z.number().int().min(1).max(32).default(2),
      maxRedirects: z.number().int().min(0).max(20).default(5),
    })
    .default({ timeout: 20_000, maxBytes: 10 * 1024 * 1024, concurrency: 8, perHost: 2, maxRedirects: 5 }),
  failures: z
    .strictObject({
      /** Consecutive failures after which a feed is reported failing to its channels. */
      notifyAfter: z.number().int().min(1).default(10),
      /** …or after failing for this long, whichever comes first. */
      notifyAfterTime: duration.default(86_400_000),
      /** Longest pause between retries of a failing feed. */
      maxBackoff: duration.default(6 * 3_600_000),
    })
    .default({ notifyAfter: 10, notifyAfterTime: 86_400_000, maxBackoff: 6 * 3_600_000 }),
  delivery: z
    .strictObject({
      /** First retry delay of a failed send; doubles each attempt (with jitter). */
      retryBase: duration.default(2_000),
      /** Longest delay between retries: sends are retried for as long as it takes. */
      retryMax: duration.default(15 * 60_000),
    })
    .default({ retryBase: 2_000, retryMax: 15 * 60_000 }),
  retention: z
    .strictObject({
      /** Seen items and delivered alerts older than this are pruned. */
      maxAge: duration.default(90 * 86_400_000),
      schedule: cronExpr.default('17 3 * * *'),
    })
    .default({ maxAge: 90 * 86_400_000, schedule: '17 3 * * *' }),
  dedup: z
    .strictObject({
      /** How long a story's title is remembered to catch the same story from another source. */
      window: duration.default(48 * 3_600_000),
      /** Share of title words two stories must share to be the same (0–1). */
      titleSimilarity: z.number().min(0.5).max(1).default(0.8),
    })
    .default({ window: 48 * 3_600_000, titleSimilarity: 0.8 }),
  feeds: z.array(feedEntrySchema).default([]),
  watchlists: z.array(watchlistSchema).default([]),
  channels: z.array(channelSchema).default([]),
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
