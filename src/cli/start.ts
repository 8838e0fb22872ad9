// `newswatch start`: the long-lived service, with its signals.
//   SIGTERM/SIGINT: stop scheduling, let in-flight polls and sends finish (≤ 10 s), close
//   the database, exit 0. A second signal exits at once. SIGHUP (or editing the config
//   file) reloads the config; an invalid one is rejected and the running one stays.
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { boot } from './boot.js';
import type { Io } from './main.js';

export async function startCommand(path: string, io: Io): Promise<number> {
  const booted = await boot(path, io, 'start');
  if ('exitCode' in booted) return booted.exitCode;
  const { service, log } = booted;

  process.on('unhandledRejection', (reason) =>
    log.error({ err: reason }, `unhandled rejection (the service keeps running): ${String(reason)}`),
  );

  let watcher: FSWatcher | null = null;
  let debounce: NodeJS.Timeout | null = null;
  const reload = (why: string) => {
    log.info(`reloading the config (${why})`);
    // reload() reports its failures by value; nothing may throw out of a signal or watch handler.
    try {
      service.reload();
    } catch (err) {
      log.error({ err }, `config reload failed: ${(err as Error).message}`);
    }
  };
  try {
    // Watch the folder, not the file: editors save by renaming a new file over the old one.
    const file = basename(service.config.source);
    watcher = watch(dirname(service.config.source), (_event, name) => {
      if (name !== null && name.toString() !== file) return;
      if (debounce) clearTimeout(debounce);
      debounce = setTimeout(() => reload('the file changed'), 300);
    });
    watcher.on('error', (err) => log.warn({ err }, 'config file watch failed; SIGHUP still reloads'));
  } catch (err) {
    log.warn({ err }, 'cannot watch the config file; SIGHUP still reloads');
  }
  process.on('SIGHUP', () => reload('SIGHUP'));

  await service.start();

  return new Promise<number>((resolve) => {
    let signals = 0;
    const onSignal = (sig: NodeJS.Signals) => {
      signals++;
      if (signals > 1) {
        log.warn(`${sig} again: exiting at once`);
        process.exit(1);
      }
      log.info(`${sig}: stopping (in-flight polls and deliveries get up to 10 s)`);
      watcher?.close();
      if (debounce) clearTimeout(debounce);
      service.stop(10_000).then(
        () => {
          log.info('stopped cleanly');
          resolve(0);
        },
        (err: unknown) => {
          log.error({ err }, `error while stopping: ${(err as Error).message}`);
          resolve(1);
        },
      );
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}
