import { boot } from './boot.js';
import type { Io } from './main.js';

/**
 * One poll of every feed, deliver what is due, exit. Exit 0 even when feeds failed (they
 * are logged and counted in the summary line on stderr, which `quiet` leaves out).
 */
export async function onceCommand(path: string, io: Io, opts: { quiet?: boolean } = {}): Promise<number> {
  const booted = boot(path, io);
  if ('exitCode' in booted) return booted.exitCode;
  const { service } = booted;
  try {
    const summary = await service.runOnce();
    if (!opts.quiet) io.stderr.write(`${summary}\n`);
  } finally {
    await service.stop();
  }
  return 0;
}
