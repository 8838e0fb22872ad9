import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/config/errors.js';
import { parseConfig } from '../src/config/load.js';

const ok = `
schedule: "*/5 * * * *"
feeds:
  - id: a
    url: https://example.org/feed
watchlists:
  - id: groups
    entities:
      - id: ttp
        name: Tehrik-i-Taliban Pakistan
        caseSensitive: [TTP]
channels:
  - id: log
    console: true
    watchlists: [groups]
`;

function issuesOf(text: string, env: Record<string, string> = {}) {
  try {
    parseConfig(text, '/cfg/newswatch.yaml', env);
  } catch (err) {
    if (err instanceof ConfigError) return err.issues;
    throw err;
  }
  return [];
}

describe('config', () => {
  it('loads a valid config with defaults', () => {
    const { config } = parseConfig(ok, '/cfg/newswatch.yaml', {});
    expect(config.feeds[0]).toMatchObject({ id: 'a', schedule: '*/5 * * * *', alertOnFirstPoll: false });
    expect(config.state).toBe('/cfg/data/newswatch.db');
    expect(config.watchlists[0]?.entities[0]?.aliases).toEqual([]);
  });

  it('names file, line, column and key path of an unknown key', () => {
    const issues = issuesOf(ok.replace('caseSensitive: [TTP]', 'caseSensitive: [TTP]\n        alias: [x]'));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      file: '/cfg/newswatch.yaml',
      path: 'watchlists[0].entities[0].alias',
      line: 12,
      col: 9,
    });
    expect(issues[0]?.message).toMatch(/alias/);
  });

  it('reports duplicate ids and unknown watchlists', () => {
    const text = ok.replace('watchlists: [groups]', 'watchlists: [grups]') + '  - id: log\n    console: true\n';
    const issues = issuesOf(text);
    expect(issues.map((i) => i.path).sort()).toEqual(['channels[0].watchlists[0]', 'channels[1].id']);
    expect(issues.find((i) => i.path === 'channels[1].id')?.line).toBe(16);
  });

  it('reports a YAML syntax error with its position', () => {
    const issues = issuesOf('feeds:\n  - id: a\n   url: [\n');
    expect(issues[0]?.line).toBeGreaterThan(0);
  });

  it('rejects a bad cron expression', () => {
    expect(issuesOf(ok.replace('"*/5 * * * *"', '"every five"'))[0]?.path).toBe('schedule');
  });

  it('interpolates environment variables and disables a channel whose target is unset', () => {
    const text = ok + '  - id: desk\n    webhook: ${DISCORD_WEBHOOK_URL}\n';
    const off = parseConfig(text, '/cfg/x.yaml', {});
    expect(off.config.channels.map((c) => c.id)).toEqual(['log']);
    expect(off.warnings.join()).toMatch(/DISCORD_WEBHOOK_URL/);
    const url = 'https://discord.com/api/webhooks/123456789012345678/abcdefghijklmnopqrstuvwxyz0123';
    const on = parseConfig(text, '/cfg/x.yaml', { DISCORD_WEBHOOK_URL: url });
    expect(on.config.channels.map((c) => c.id)).toEqual(['log', 'desk']);
    expect(on.secrets).toContain(url);
  });

  it('requires a bot token for Discord channel routes', () => {
    const text = ok + '  - id: desk\n    discord: { channel: "123456789012345678" }\n';
    expect(issuesOf(text)[0]?.path).toBe('channels[1].discord');
    const withEnv =
      ok.replace('schedule:', 'discord:\n  token: ${DISCORD_TOKEN}\nschedule:') +
      '  - id: desk\n    discord: { channel: "123456789012345678" }\n';
    expect(parseConfig(withEnv, '/cfg/x.yaml', {}).warnings.join()).toMatch(/DISCORD_TOKEN/);
  });
});

describe('config: watchlist names', () => {
  it('reports a name that can never match at its line, as a config error', () => {
    const text = ok.replace(
      'caseSensitive: [TTP]',
      'caseSensitive: [TTP]\n        aliases: [Pakistani Taliban, "TTP|ISKP"]',
    );
    const issues = issuesOf(text);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: 'watchlists[0].entities[0].aliases[1]', line: 12 });
    expect(issues[0]?.message).toMatch(/"\|"/);
  });
});
