// YAML text → validated Config, or a ConfigError listing every problem with
// file:line:col and key path. Reads the environment only through the `env` argument.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parseWebhookUrl } from '../core/webhook-url.js';
import { isPostgresUrl, urlSecrets } from '../core/state-url.js';
import { compileWatchlists, phraseProblem, WatchlistCompileError, type Matcher } from '../match/index.js';
import { ConfigError, formatPath, parsePath, type ConfigIssue } from './errors.js';
import { readOpml } from './opml.js';
import { knownKeys, unknownKeyMessage } from './suggest.js';
import { readYaml, setKey } from './yaml.js';
import { configSchema, type Config, type FeedConfig, type RawConfig } from './schema.js';

export interface LoadedConfig {
  config: Config;
  /** Things that are not errors but a user should see (a channel disabled for want of credentials…). */
  warnings: string[];
  /** Secret values (tokens, webhook URLs) to keep out of logs. */
  secrets: string[];
  /** The watchlists compiled: compiling is part of validation (a name that can never match is a config error). */
  matcher: Matcher;
}

type Env = Record<string, string | undefined>;

export function loadConfig(file: string, env: Env = process.env): LoadedConfig {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? `config file not found (looked for ${path}, from the working directory ${process.cwd()}); ` +
          'pass the file with --config <file> or set NEWSWATCH_CONFIG'
        : `cannot read: ${(err as Error).message}`;
    throw new ConfigError([{ file: path, path: '', message }]);
  }
  return parseConfig(text, path, env);
}

export function parseConfig(text: string, file: string, env: Env = process.env): LoadedConfig {
  const yaml = readYaml(text, file);
  const issue = (path: readonly PropertyKey[], message: string): ConfigIssue => ({
    file,
    ...yaml.locate(path),
    path: formatPath(path),
    message,
  });

  const issues: ConfigIssue[] = [];
  const unset: { path: (string | number)[]; name: string }[] = [];
  const raw = interpolate(yaml.value ?? {}, env, [], unset, (p, m) => issues.push(issue(p, m)));
  if (issues.length) throw new ConfigError(issues);
  if (raw === undefined) {
    const name = unset[0]?.name ?? '';
    throw new ConfigError([issue([], `the whole document is \${${name}}, and the variable ${name} is not set`)]);
  }

  const warnings: string[] = [];
  disableUnsetChannels(raw, unset, warnings);
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.flatMap((i) =>
        i.code === 'unrecognized_keys'
          ? i.keys.map((k) => {
              const path = [...i.path, k];
              return { ...issue(path, unknownKeyMessage(k, knownKeys(configSchema, i.path))), ...yaml.locateKey(path) };
            })
          : [issue(i.path as PropertyKey[], i.message)],
      ),
    );
  }
  const cfg = parsed.data;
  const base = dirname(file);

  // OPML entries expand into feeds; errors keep the entry's location.
  const feeds: FeedConfig[] = [];
  const feedEntry: number[] = []; // feeds[k] came from cfg.feeds[feedEntry[k]]
  cfg.feeds.forEach((f, i) => {
    if (f.opml === undefined) {
      feeds.push({
        id: f.id as string,
        url: f.url as string,
        name: f.name,
        schedule: f.schedule ?? cfg.schedule,
        alertOnFirstPoll: f.alertOnFirstPoll,
      });
      feedEntry.push(i);
      return;
    }
    try {
      for (const o of readOpml(resolvePath(base, f.opml))) {
        feeds.push({
          id: f.idPrefix + o.id,
          url: o.url,
          name: o.title,
          schedule: f.schedule ?? cfg.schedule,
          alertOnFirstPoll: false,
        });
        feedEntry.push(i);
      }
    } catch (err) {
      issues.push(issue(['feeds', i, 'opml'], (err as Error).message));
    }
  });

  checkUnique(
    feeds.map((f) => f.id),
    (n, dup) => {
      const entry = feedEntry[n] ?? n;
      issues.push(
        issue(['feeds', entry, cfg.feeds[entry]?.opml === undefined ? 'id' : 'opml'], `duplicate feed id "${dup}"`),
      );
    },
  );
  checkUnique(
    cfg.watchlists.map((w) => w.id),
    (n, dup) => issues.push(issue(['watchlists', n, 'id'], `duplicate watchlist id "${dup}"`)),
  );
  cfg.watchlists.forEach((w, wi) =>
    checkUnique(
      w.entities.map((e) => e.id),
      (n, dup) =>
        issues.push(
          issue(['watchlists', wi, 'entities', n, 'id'], `duplicate entity id "${dup}" in watchlist "${w.id}"`),
        ),
    ),
  );
  checkUnique(
    cfg.channels.map((c) => c.id),
    (n, dup) => issues.push(issue(['channels', n, 'id'], `duplicate channel id "${dup}"`)),
  );

  const watchlistIds = new Set(cfg.watchlists.map((w) => w.id));
  const feedIds = new Set(feeds.map((f) => f.id));
  const channels: RawConfig['channels'] = [];
  const tokenUnset = unset.find((u) => u.path.join('.') === 'discord.token');
  cfg.channels.forEach((c, ci) => {
    c.watchlists?.forEach((w, k) => {
      if (!watchlistIds.has(w))
        issues.push(
          issue(
            ['channels', ci, 'watchlists', k],
            `unknown watchlist "${w}" (known: ${[...watchlistIds].join(', ') || 'none'})`,
          ),
        );
    });
    c.feeds?.forEach((f, k) => {
      if (!feedIds.has(f)) issues.push(issue(['channels', ci, 'feeds', k], `unknown feed "${f}"`));
    });
    if (c.webhook !== undefined && parseWebhookUrl(c.webhook) === null) {
      issues.push(
        issue(['channels', ci, 'webhook'], 'not a Discord webhook URL (https://discord.com/api/webhooks/<id>/<token>)'),
      );
    }
    if (c.discord && !cfg.discord.token) {
      const why = tokenUnset;
      if (!why)
        issues.push(issue(['channels', ci, 'discord'], 'a Discord channel route needs discord.token (a bot token)'));
      else if (c.enabled)
        warnings.push(`channel "${c.id}" disabled: environment variable ${why.name} (discord.token) is not set`);
      if (why) return;
    }
    if (c.enabled) channels.push(c);
  });
  checkPhrases(cfg.watchlists, (path, reason) => issues.push(issue(path, reason)));
  if (issues.length) throw new ConfigError(issues);
  let matcher: Matcher;
  try {
    matcher = compileWatchlists(cfg.watchlists);
  } catch (err) {
    if (err instanceof WatchlistCompileError) throw new ConfigError([issue(parsePath(err.path), err.reason)]);
    throw err;
  }

  // A config that runs but can do nothing says so (an empty file is "OK — 0 feeds" otherwise).
  if (feeds.length === 0) warnings.push('no feeds: nothing will be polled (add feeds: entries with an id and a url)');
  else if (cfg.watchlists.length === 0) warnings.push('no watchlists: no item can match, so no alert will be sent');
  else if (channels.length === 0) warnings.push('no enabled channel: matches are recorded but no alert is sent');

  const httpAuth = cfg.http?.auth;
  const secrets = [
    cfg.discord.token,
    httpAuth?.token,
    httpAuth?.password,
    ...cfg.channels.map((c) => c.webhook),
    ...cfg.channels.map((c) => c.http?.url),
    ...cfg.channels.flatMap((c) => [c.slack?.webhook, c.slack?.token, c.telegram?.token, c.matrix?.token]),
  ].filter((s): s is string => typeof s === 'string' && s.length >= 8);
  // A PostgreSQL URL is not a path; its password is a secret like the tokens.
  secrets.push(...urlSecrets(cfg.state));
  const state = isPostgresUrl(cfg.state) ? cfg.state : resolvePath(base, cfg.state);
  const config: Config = { ...cfg, state, feeds, channels, source: file };
  return { config, warnings, secrets, matcher };
}

/**
 * A channel whose only target is an unset environment variable (the bundled config's
 * `webhook: ${DISCORD_WEBHOOK_URL}`) is disabled with a warning, not an error, so the
 * bot runs out of the box and prints to the console.
 */
function disableUnsetChannels(
  raw: unknown,
  unset: { path: (string | number)[]; name: string }[],
  warnings: string[],
): void {
  if (!raw || typeof raw !== 'object') return;
  const channels = (raw as { channels?: unknown }).channels;
  if (!Array.isArray(channels)) return;
  const targetKeys = ['discord', 'webhook', 'console', 'http', 'slack', 'telegram', 'matrix'];
  const unsetTarget = new Map<unknown, { name: string }>();
  for (const u of unset) {
    const isTarget = u.path[0] === 'channels' && targetKeys.includes(String(u.path[2]));
    if (isTarget && !unsetTarget.has(u.path[1])) unsetTarget.set(u.path[1], u);
  }
  channels.forEach((c: unknown, i) => {
    if (!c || typeof c !== 'object') return;
    const ch = c as Record<string, unknown>;
    // A chat target with one of its credentials unset (`token: ${TELEGRAM_BOT_TOKEN}`) is no target.
    for (const k of ['slack', 'telegram', 'matrix']) {
      const unsetHere = unset.some((u) => u.path[0] === 'channels' && u.path[1] === i && u.path[2] === k);
      if (ch[k] !== undefined && unsetHere) delete ch[k];
    }
    if (targetKeys.some((k) => ch[k] !== undefined)) return;
    const why = unsetTarget.get(i);
    if (!why) return;
    if (ch['enabled'] !== false)
      warnings.push(`channel "${String(ch['id'])}" disabled: environment variable ${why.name} is not set`);
    ch['enabled'] = false;
  });
}

/**
 * Every name and term of the watchlists that can never match, all at once (compiling stops
 * at the first). Every string under an entity or a watchlist is a phrase to match, except
 * ids and a watchlist's display name.
 */
function checkPhrases(
  watchlists: RawConfig['watchlists'],
  onProblem: (path: (string | number)[], reason: string) => void,
): void {
  const walk = (value: unknown, path: (string | number)[]): void => {
    if (typeof value === 'string') {
      const last = path[path.length - 1];
      if (last === 'id' || (path.length === 3 && last === 'name')) return;
      const problem = phraseProblem(value);
      if (problem !== null) onProblem(path, problem);
    } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
  };
  walk(watchlists, ['watchlists']);
}

function checkUnique(ids: string[], onDup: (index: number, id: string) => void): void {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) onDup(i, id);
    seen.add(id);
  });
}

export function resolvePath(base: string, p: string): string {
  return isAbsolute(p) ? p : resolve(base, p);
}

const ENV_REF = /\$\{([a-z_]\w*)(?::-([^}]*))?\}/gi;

/**
 * Replace `${NAME}` / `${NAME:-default}` in every string. A value that is exactly one
 * reference to an unset variable becomes undefined (the key is dropped), so optional
 * settings such as `discord.token: ${DISCORD_TOKEN}` simply turn off.
 */
function interpolate(
  value: unknown,
  env: Env,
  path: (string | number)[],
  unset: { path: (string | number)[]; name: string }[],
  fail: (path: (string | number)[], message: string) => void,
): unknown {
  if (typeof value === 'string') {
    const whole = /^\$\{([a-z_]\w*)\}$/i.exec(value.trim());
    if (whole) {
      const v = env[whole[1] as string];
      if (v === undefined || v === '') {
        unset.push({ path, name: whole[1] as string });
        return undefined;
      }
      return v;
    }
    return value.replace(ENV_REF, (ref, name: string, dflt: string | undefined) => {
      const v = env[name];
      if (v !== undefined && v !== '') return v;
      if (dflt !== undefined) return dflt;
      fail(path, `environment variable ${name} is not set (used in ${JSON.stringify(value)})`);
      return ref;
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, env, [...path, i], unset, fail));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    const entries = Object.entries(value);
    for (const [k, v] of entries) {
      const r = interpolate(v, env, [...path, k], unset, fail);
      if (r !== undefined) setKey(out, k, r);
    }
    // `discord: { channel: ${DISCORD_CHANNEL_ID} }` with the variable unset is no target at all.
    // (The document itself stays a mapping: `schedule: ${UNSET}` alone is an empty config.)
    return path.length > 0 && entries.length > 0 && Object.keys(out).length === 0 ? undefined : out;
  }
  return value;
}
