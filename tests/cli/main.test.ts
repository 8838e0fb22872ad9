// The command line itself: help, version, usage errors, and where the config comes from.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';
import { scratch, WATCHLISTS_YAML } from './support.js';

const tmp = scratch('main');
afterAll(() => tmp.remove());

describe('newswatch command line', () => {
  it('--help lists every command and exits 0', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const command of ['start', 'once', 'check', 'match', 'parse', 'status'])
      expect(r.stdout).toMatch(new RegExp(`^ {2}${command}\\b`, 'm'));
    const sub = await runCli(['check', '--help']);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toMatch(/--config <file>/);
  });

  it('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(version);
  });

  it('an unknown command or option is a usage error: exit 2, a message and a pointer to --help', async () => {
    const r = await runCli(['chek']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/unknown command 'chek'/);
    expect(r.stderr).toMatch(/Did you mean check\?/);
    expect(r.stderr).toMatch(/newswatch --help/);
    const opt = await runCli(['status', '--jsno']);
    expect(opt.code).toBe(2);
    expect(opt.stderr).toMatch(/unknown option '--jsno'/);
    const missing = await runCli(['parse']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing required argument/);
  });

  it('reads the config from NEWSWATCH_CONFIG when --config is not given', async () => {
    const file = tmp.write('from-env.yaml', WATCHLISTS_YAML);
    const r = await runCli(['check'], { env: { NEWSWATCH_CONFIG: file } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${file}: OK`);
    expect(r.stdout).toContain('0 feeds, 2 watchlists (3 entities)');
  });
});
