// Config of the Slack, Telegram and Matrix channel targets: accepted shapes, errors that
// name the key, channels turned off (with a warning) when a credential's variable is
// unset, and every credential registered as a secret (kept out of logs).
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/config/errors.js';
import { parseConfig } from '../src/config/load.js';
import { Writable } from 'node:stream';
import { createSinks } from '../src/deliver/index.js';
import { channelTarget } from '../src/core/channel-target.js';

const base = `
feeds:
  - id: a
    url: https://example.org/feed
watchlists:
  - id: groups
    entities:
      - id: ttp
        name: Tehrik-i-Taliban Pakistan
channels:
  - id: log
    console: true
`;

const chat = `
  - id: slack-hook
    slack: { webhook: "\${SLACK_WEBHOOK_URL}" }
  - id: slack-bot
    slack: { token: "\${SLACK_BOT_TOKEN}", channel: C0123456789 }
  - id: telegram
    telegram: { token: "\${TELEGRAM_BOT_TOKEN}", chat: -1001234567890 }
  - id: matrix
    matrix: { homeserver: https://matrix.example.org, token: "\${MATRIX_TOKEN}", room: "!abcdef:example.org" }
`;

const env = {
  SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXX',
  SLACK_BOT_TOKEN: 'xoxb-1111-2222-abcdefabcdef',
  TELEGRAM_BOT_TOKEN: '123456789:AAHfakeTokenForTheConfigTest01',
  MATRIX_TOKEN: 'syt_bmV3c3dhdGNo_fakefakefake_0000',
};

function issuesOf(text: string, vars: Record<string, string> = env) {
  try {
    parseConfig(text, '/cfg/newswatch.yaml', vars);
  } catch (err) {
    if (err instanceof ConfigError) return err.issues;
    throw err;
  }
  return [];
}

describe('config: chat channels', () => {
  it('accepts a Slack webhook, a Slack bot, a Telegram chat and a Matrix room; every credential is a secret', () => {
    const { config, secrets } = parseConfig(base + chat, '/cfg/newswatch.yaml', env);
    expect(config.channels.map((c) => [c.id, channelTarget(c)])).toEqual([
      ['log', 'console'],
      ['slack-hook', 'Slack webhook'],
      ['slack-bot', 'Slack channel C0123456789'],
      ['telegram', 'Telegram chat -1001234567890'],
      ['matrix', 'Matrix room !abcdef:example.org'],
    ]);
    expect(config.channels[3]?.telegram?.chat).toBe('-1001234567890');
    for (const v of Object.values(env)) expect(secrets).toContain(v);
    const sinks = createSinks(config.channels, {
      discord: {},
      out: new Writable({ write: (_c, _e, cb) => cb() }),
      http: { userAgent: 'newswatch-test', timeoutMs: 1000 },
    });
    expect([...sinks].map(([id, s]) => [id, s.kind])).toEqual([
      ['log', 'console'],
      ['slack-hook', 'slack-webhook'],
      ['slack-bot', 'slack-bot'],
      ['telegram', 'telegram'],
      ['matrix', 'matrix'],
    ]);
  });

  it('turns a channel off with a warning when its credential variable is unset', () => {
    const { config, warnings } = parseConfig(base + chat, '/cfg/newswatch.yaml', {});
    expect(config.channels.map((c) => c.id)).toEqual(['log']);
    for (const name of Object.keys(env)) expect(warnings.join('\n')).toContain(name);
  });

  it('names the key of a malformed target', () => {
    const bad = (target: string) => issuesOf(`${base}  - id: x\n    ${target}\n`).map((i) => `${i.path}: ${i.message}`);
    expect(bad('slack: { token: xoxb-1, channel: general }')).toEqual([
      expect.stringMatching(/^channels\[1\]\.slack\.channel: a Slack channel id/),
    ]);
    expect(bad('slack: { token: xoxb-1 }')).toEqual([
      expect.stringMatching(/^channels\[1\]\.slack: slack needs webhook/),
    ]);
    expect(bad('slack: { webhook: https://hooks.slack.com/services/x, token: xoxb-1, channel: C0123456789 }')).toEqual([
      expect.stringMatching(/^channels\[1\]\.slack: slack takes either webhook/),
    ]);
    expect(bad('telegram: { token: nope, chat: 5 }')).toEqual([
      expect.stringMatching(/^channels\[1\]\.telegram\.token: a Telegram bot token/),
    ]);
    expect(bad('telegram: { token: "1:abc", chat: "my channel" }')).toEqual([
      expect.stringMatching(/^channels\[1\]\.telegram\.chat: a Telegram chat id/),
    ]);
    expect(bad('matrix: { homeserver: https://m.org, token: t, room: "#alias:m.org" }')).toEqual([
      expect.stringMatching(/^channels\[1\]\.matrix\.room: a Matrix room id/),
    ]);
    expect(bad('matrix: { homeserver: https://m.org, token: t, room: "!a:m.org", extra: 1 }')).toEqual([
      expect.stringMatching(/^channels\[1\]\.matrix\.extra: unknown key/),
    ]);
    expect(bad('console: true\n    telegram: { token: "1:abc", chat: 5 }')).toEqual([
      expect.stringMatching(/exactly one of discord, webhook, console, http, slack, telegram, matrix/),
    ]);
  });
});
