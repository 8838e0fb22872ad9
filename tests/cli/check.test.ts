// `newswatch check` as a user runs it: the real CLI in a child process.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT, runCli } from '../helpers/cli.js';
import { scratch } from './support.js';

const tmp = scratch('check');
afterAll(() => tmp.remove());

const check = (file: string, env: Record<string, string> = {}) => runCli(['check', '--config', file], { env });
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('newswatch check: the bundled config', () => {
  interface Bundled {
    feeds: { id: string; url: string }[];
    watchlists: { id: string; entities: { name: string }[] }[];
    channels: { id: string; console?: boolean }[];
  }
  const bundled = parse(readFileSync(join(ROOT, 'config/newswatch.yaml'), 'utf8')) as Bundled;

  it('prints feeds, watchlists, entities and channels, warns that the Discord channels are off, and exits 0', async () => {
    const r = await check('config/newswatch.yaml');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const entities = bundled.watchlists.flatMap((w) => w.entities);
    const consoles = bundled.channels.filter((c) => c.console).length;
    expect(r.stdout).toContain(
      `${bundled.feeds.length} feeds, ${bundled.watchlists.length} watchlists (${entities.length} entities), ${consoles} channel${consoles === 1 ? '' : 's'}`,
    );
    for (const f of bundled.feeds) expect(r.stdout).toMatch(new RegExp(`^  ${escape(f.id)}  ${escape(f.url)}`, 'm'));
    for (const w of bundled.watchlists) expect(r.stdout).toMatch(new RegExp(`^  ${escape(w.id)}\\b`, 'm'));
    for (const e of entities) expect(r.stdout).toContain(e.name);
    expect(r.stdout).toMatch(/^ {2}console: console ← all watchlists$/m);
    // Without DISCORD_* in the environment the Discord channels are disabled, with a reason each.
    const discordChannels = bundled.channels.filter((c) => !c.console);
    expect(discordChannels.length).toBeGreaterThan(0);
    for (const c of discordChannels) {
      expect(r.stdout).toMatch(
        new RegExp(`^warning: channel "${escape(c.id)}" disabled: environment variable DISCORD_\\w+ .*not set`, 'm'),
      );
    }
  });

  it('lists the Discord channels as routes once their variables are set', async () => {
    const r = await check('config/newswatch.yaml', {
      DISCORD_TOKEN: 'bot-token-for-the-check-test',
      DISCORD_CHANNEL_ID: '123456789012345678',
      DISCORD_WEBHOOK_URL: 'https://discord.com/api/webhooks/222222222222222222/webhook-token-for-the-check-test',
    });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/^warning:/m);
    expect(r.stdout).toContain(
      `watchlists (${bundled.watchlists.flatMap((w) => w.entities).length} entities), ${bundled.channels.length} channels`,
    );
    expect(r.stdout).toMatch(/Discord channel 123456789012345678/);
    expect(r.stdout).toMatch(/Discord webhook/);
    // Secrets are never printed by check.
    expect(r.stdout + r.stderr).not.toContain('webhook-token-for-the-check-test');
    expect(r.stdout + r.stderr).not.toContain('bot-token-for-the-check-test');
  });
});

const FEED = '  - id: wire\n    url: https://news.example.org/feed.xml\n';
const WATCHLIST =
  'watchlists:\n  - id: groups\n    entities:\n      - id: iskp\n        name: Islamic State Khorasan Province\n';
const CHANNEL = 'channels:\n  - id: log\n    console: true\n';

/** A broken config, and the `file:line:col: key.path: message` line check must print for it. */
interface Broken {
  what: string;
  yaml: string;
  line: number;
  col: number;
  path: string;
  message: RegExp;
  env?: Record<string, string>;
}

const broken: Broken[] = [
  {
    what: 'an unknown key (a typo)',
    yaml: `feeds:\n${FEED}    shedule: "*/5 * * * *"\n${WATCHLIST}`,
    line: 4,
    col: 5,
    path: 'feeds[0].shedule',
    message: /unknown key "shedule"/,
  },
  {
    what: 'a duplicate feed id',
    yaml: `feeds:\n${FEED}  - id: wire\n    url: https://other.example.org/rss\n${WATCHLIST}`,
    line: 4,
    col: 9,
    path: 'feeds[1].id',
    message: /duplicate feed id "wire"/,
  },
  {
    what: 'a duplicate watchlist id',
    yaml: `feeds:\n${FEED}${WATCHLIST}  - id: groups\n    entities:\n      - id: ttp\n        name: Tehrik-i-Taliban Pakistan\n`,
    line: 9,
    col: 9,
    path: 'watchlists[1].id',
    message: /duplicate watchlist id "groups"/,
  },
  {
    what: 'a duplicate entity id',
    yaml: `feeds:\n${FEED}${WATCHLIST}      - id: iskp\n        name: ISIS-K\n`,
    line: 9,
    col: 13,
    path: 'watchlists[0].entities[1].id',
    message: /duplicate entity id "iskp"/,
  },
  {
    what: 'a duplicate channel id',
    yaml: `feeds:\n${FEED}${WATCHLIST}${CHANNEL}  - id: log\n    console: true\n`,
    line: 12,
    col: 9,
    path: 'channels[1].id',
    message: /duplicate channel id "log"/,
  },
  {
    what: 'an unknown watchlist in a channel',
    yaml: `feeds:\n${FEED}${WATCHLIST}${CHANNEL}    watchlists: [groups, grups]\n`,
    line: 12,
    col: 26,
    path: 'channels[0].watchlists[1]',
    message: /unknown watchlist "grups" \(known: groups\)/,
  },
  {
    what: 'a bad cron expression',
    yaml: `feeds:\n${FEED}    schedule: "every five minutes"\n${WATCHLIST}`,
    line: 4,
    col: 15,
    path: 'feeds[0].schedule',
    message: /not a valid cron expression/,
  },
  {
    what: 'a bad URL',
    yaml: `feeds:\n  - id: wire\n    url: news.example.org/feed.xml\n${WATCHLIST}`,
    line: 3,
    col: 10,
    path: 'feeds[0].url',
    message: /must be an absolute http\(s\) URL/,
  },
  {
    what: 'an unset ${VAR} inside a string',
    yaml: `feeds:\n  - id: wire\n    url: "https://\${FEED_HOST}/feed.xml"\n${WATCHLIST}`,
    line: 3,
    col: 10,
    path: 'feeds[0].url',
    message: /environment variable FEED_HOST is not set/,
  },
  {
    what: 'a watchlist name that can never match',
    yaml: `feeds:\n${FEED}${WATCHLIST}        aliases: [ISIS-K, "!!!"]\n`,
    line: 9,
    col: 27,
    path: 'watchlists[0].entities[0].aliases[1]',
    message: /"!!!" has no letters or digits/,
  },
];

describe('newswatch check: broken configs exit 2 with file:line:col: key.path: message', () => {
  it.each(broken)('$what', async (b) => {
    const file = tmp.write(`${b.what.replace(/\W+/g, '-')}.yaml`, b.yaml);
    const r = await check(file, b.env);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const line = new RegExp(`^${escape(file)}:${b.line}:${b.col}: ${b.path.replace(/[[\]]/g, '\\$&')}: (.*)$`, 'm');
    const m = line.exec(r.stderr);
    expect(m, `stderr was:\n${r.stderr}`).not.toBeNull();
    expect(m?.[1]).toMatch(b.message);
    expect(r.stderr).toMatch(/^1 error in the config$/m);
  });

  it('locates a YAML syntax error (no key path: the document cannot be read)', async () => {
    const file = tmp.write(
      'syntax.yaml',
      'feeds:\n  - id: wire\n    url: [https://news.example.org/feed.xml\nwatchlists: []\n',
    );
    const r = await check(file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^${escape(file)}:[34]:\\d+: \\S.*$`, 'm'));
  });

  it('lists every problem of a file, not only the first', async () => {
    const file = tmp.write(
      'two.yaml',
      `feeds:\n  - id: wire\n    url: ftp://news.example.org/feed.xml\n    alertOnFirstPol: true\n${WATCHLIST}`,
    );
    const r = await check(file);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:3:10: feeds[0].url: must be an absolute http(s) URL`);
    expect(r.stderr).toContain(`${file}:4:5: feeds[0].alertOnFirstPol: unknown key "alertOnFirstPol"`);
    expect(r.stderr).toMatch(/^2 errors in the config$/m);
  });

  it('names a missing file', async () => {
    const file = join(tmp.dir, 'nowhere.yaml');
    const r = await check(file);
    expect(r.code).toBe(2);
    const cwd = ROOT.replace(/\/$/, '');
    expect(r.stderr).toContain(
      `${file}: config file not found (looked for ${file}, from the working directory ${cwd})`,
    );
    expect(r.stderr).toContain('pass the file with --config <file> or set NEWSWATCH_CONFIG');
  });

  it('says where it looked for the default config and how to pass one', async () => {
    const r = await runCli(['check'], { cwd: tmp.dir });
    expect(r.code).toBe(2);
    const looked = join(tmp.dir, 'config/newswatch.yaml');
    expect(r.stderr).toContain(`looked for ${looked}, from the working directory ${tmp.dir}`);
    expect(r.stderr).toContain('--config <file>');
  });

  it('suggests the nearest key for a typo and refuses a bare number as a duration', async () => {
    const file = tmp.write('typo.yaml', 'timezon: UTC\nfetch:\n  timeout: 10\n');
    const r = await check(file);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:1:1: timezon: unknown key "timezon" (did you mean "timezone"?)`);
    expect(r.stderr).toContain(`${file}:3:12: fetch.timeout: a duration needs a unit: write 10s, 10m or 10ms`);
  });
});
