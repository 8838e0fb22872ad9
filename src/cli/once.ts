import { boot } from './boot.js';
import type { Io } from './main.js';

/** One poll of every feed, deliver what is due, exit. Exit 0 even when feeds failed (they are logged). */
export async function onceCommand(path: string, io: Io): Promise<number> {
  const booted = boot(path, io);
  if ('exitCode' in booted) return booted.exitCode;
  const { service } = booted;
  try {
    await service.runOnce();
  } finally {
    await service.stop();
  }
  return 0;
}
