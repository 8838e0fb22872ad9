import { boot } from './boot.js';
import { EXIT } from './exit-codes.js';
import type { Io } from './main.js';

/**
 * One poll of every feed, deliver what is due, exit. Exit 0 even when feeds failed (they
 * are logged and counted in the summary line on stderr, which `quiet` leaves out); exit 3
 * when the state file failed during the run (what could not be committed is polled again
 * by the next run: nothing is lost).
 */
export async function onceCommand(path: string, io: Io, opts: { quiet?: boolean } = {}): Promise<number> {
  const booted = await boot(path, io, 'once');
  if ('exitCode' in booted) return booted.exitCode;
  const { service } = booted;
  try {
    const summary = await service.runOnce();
    if (!opts.quiet) io.stderr.write(`${summary}\n`);
  } finally {
    await service.stop();
  }
  const problem = service.stateProblem;
  if (problem) {
    io.stderr.write(`newswatch: ${problem.message}\n`);
    return EXIT.state;
  }
  return EXIT.ok;
}
