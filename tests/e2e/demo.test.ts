// `newswatch demo` end to end, as a user runs it: the real CLI in a child process, its
// own feed server on loopback, the real service, alerts on standard output. Time runs
// 5× faster (--speed 5), so 35 demo seconds take 7 s: the ISKP item (demo second 12)
// and the TTP item (second 25) arrive, the envoy item (second 40) does not yet.
import { describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';

describe('newswatch demo', () => {
  let run: CliResult;
  const alerts = () => run.stdout.split('\n').filter((l) => l.startsWith('━━ ALERT'));

  it('runs offline against its own loopback feed server and exits 0', async () => {
    run = await runCli(['demo', '--speed', '5', '--seconds', '35'], { timeoutMs: 60_000 });
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /\[demo\] serving 3 sample feeds at http:\/\/127\.0\.0\.1:\d+; polling every 1 s for 7 s \(time runs 5× faster\)\./,
    );
    expect(run.stdout).toContain('[demo] first poll: the items already in each feed are recorded silently');
    expect(run.stdout).toMatch(/\[demo\] done\./);
  }, 60_000);

  it('prints the alerts of the items that arrived, in order, with what matched', () => {
    const titles = run.stdout.split('\n').filter((_, i, lines) => lines[i - 1]?.startsWith('━━ ALERT'));
    expect(titles).toEqual([
      'ISKP claims responsibility for attack on minibus in western Kabul',
      'TTP fighters attack police post in Dera Ismail Khan',
    ]);
    expect(alerts()[0]).toContain('The Kabul Ledger (sample)');
    expect(alerts()[1]).toContain('Frontier Daily (sample)');
    expect(run.stdout).toMatch(/Matched: Islamic State Khorasan Province \(title, body\), Zabihullah Mujahid \(body\)/);
    expect(run.stdout).toMatch(/Matched: Tehrik-i-Taliban Pakistan \(title, body\)/);
  });

  it('records the items already in the feeds without alerting, and stops when its time is up', () => {
    // "Taliban ministry announces new school calendar" names a watched entity but was there from the start.
    expect(run.stdout).not.toContain('new school calendar');
    // The envoy item appears at demo second 40, after the 35 s run.
    expect(run.stdout).not.toContain('Thomas West');
    expect(alerts()).toHaveLength(2);
  });
});
