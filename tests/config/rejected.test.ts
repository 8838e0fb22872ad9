// Issue 10 §7: whatever `start` would reject must fail `check` and a live reload, each with
// a located error. Every example runs through the real CLI (`check`, and `start`, which must
// refuse it before starting) and through Service.reload() on a running service's config file.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { loadConfig } from '../../src/config/load.js';
import { buildRuntime } from '../../src/service/runtime.js';
import { Service } from '../../src/service/service.js';
import { runCli } from '../helpers/cli.js';
import { scratch } from '../cli/support.js';

const tmp = scratch('rejected');
afterAll(() => tmp.remove());

const base = (
  over: { top?: string; fetch?: string; http?: string; names?: string } = {},
) => `${over.top ?? 'timezone: UTC'}
state: ./state.db
http:
  ${over.http ?? 'host: 127.0.0.1'}
  port: 0
fetch:
  ${over.fetch ?? 'timeout: 20s'}
feeds:
  - { id: a, url: "http://127.0.0.1:9/feed" }
watchlists:
  - id: groups
    entities:
      - id: ttp
        name: Tehrik-i-Taliban Pakistan
        aliases: [${over.names ?? 'TTP'}]
channels:
  - { id: log, console: true }
`;

interface Example {
  name: string;
  text: string;
  /** Expected located messages, in the order check prints them: [line, text in the message]. */
  errors: [number, string][];
}

const bomb = [
  'a0: &a0 [x, x, x, x, x, x, x, x, x, x]',
  ...Array.from({ length: 8 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`),
];

const EXAMPLES: Example[] = [
  {
    name: 'an unknown time zone',
    text: base({ top: 'timezone: Mars/Olympus' }),
    errors: [[1, 'not a time zone this system knows']],
  },
  {
    name: 'a host that is no address',
    text: base({ http: 'host: 999.1.1.1' }),
    errors: [[4, 'not an IP address or host name']],
  },
  { name: 'a timeout no timer can wait', text: base({ fetch: 'timeout: 25d' }), errors: [[7, 'longer than 24 days']] },
  { name: 'an alias bomb', text: `${base()}${bomb.join('\n')}\n`, errors: [[0, 'more than 100000 values']] },
  {
    name: 'names that can never match (all listed, by line)',
    text: base({ names: '"T.T.P", "!!", ok, "a, b"' }).replace('name: Tehrik-i-Taliban Pakistan', 'name: "--"'),
    errors: [
      [14, '"--" has no letters or digits'],
      [15, '"!!" has no letters or digits'],
      [15, '"a, b" contains ","'],
    ],
  },
];

/** `file:line:col: …message…` lines of check's stderr, as [line, message]. */
function located(stderr: string, file: string): [number, string][] {
  return stderr
    .split('\n')
    .filter((l) => l.startsWith(`${file}:`))
    .map((l) => {
      const m = /^.*?:(\d+):\d+: (.*)$/.exec(l.slice(file.length));
      return [Number(m?.[1]), m?.[2] ?? ''];
    });
}

function expectErrors(found: [number, string][], want: [number, string][]): void {
  expect(found, JSON.stringify(found)).toHaveLength(want.length);
  want.forEach(([line, text], k) => {
    if (line > 0) expect(found[k]?.[0]).toBe(line);
    else expect(found[k]?.[0]).toBeGreaterThan(0);
    expect(found[k]?.[1]).toContain(text);
  });
}

describe('rejected by start ⇒ rejected by check and by reload, located', () => {
  for (const ex of EXAMPLES) {
    it(`check and start refuse ${ex.name}`, async () => {
      const file = tmp.write(`${ex.name.replace(/\W+/g, '-')}.yaml`, ex.text);
      const r = await runCli(['check', '--config', file]);
      expect(r.code, r.stdout).toBe(2);
      expectErrors(located(r.stderr, file), ex.errors);
      const s = await runCli(['start', '--config', file], { timeoutMs: 20_000 });
      expect(s.code, s.stderr).toBe(2);
      expect(s.stderr).toContain('invalid config, not starting');
    });
  }

  it('a running service rejects each on reload, names the line, and keeps its config', async () => {
    const file = join(tmp.dir, 'live.yaml');
    writeFileSync(file, base());
    const service = new Service(buildRuntime(loadConfig(file, {}), process.stdout), {
      log: pino({ level: 'silent' }),
      out: process.stdout,
    });
    try {
      for (const ex of EXAMPLES) {
        writeFileSync(file, ex.text);
        const err = service.reload();
        expect(err, ex.name).toBeInstanceOf(ConfigError);
        expectErrors(
          (err as ConfigError).issues.map((i) => [i.line ?? -1, i.message]),
          ex.errors,
        );
        expect(service.config.timezone).toBe('UTC');
        expect(service.config.fetch.timeout).toBe(20_000);
      }
      writeFileSync(file, base({ top: 'timezone: Asia/Kabul' }));
      expect(service.reload()).toBeNull();
    } finally {
      await service.stop(100);
    }
  });
});

describe('check on a config that can do nothing', () => {
  it('says that an empty file polls nothing', async () => {
    const file = tmp.write('empty.yaml', '');
    const r = await runCli(['check', '--config', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^warning: no feeds: nothing will be polled/m);
  });
});
