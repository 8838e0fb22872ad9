// Shared start-up of `start` and `once`: config → logger (with its secrets) → runtime → service.
import { ConfigError, formatIssue } from '../config/errors.js';
import { loadConfig } from '../config/load.js';
import { createLogger, redactor, type Logger } from '../observe/log.js';
import { buildRuntime } from '../service/runtime.js';
import { Service } from '../service/service.js';
import { isPostgresUrl } from '../core/state-url.js';
import { openState, type StateBackend } from '../state/backend.js';
import { StateError } from '../state/errors.js';
import { StateLockedError } from '../state/lock.js';
import { EXIT } from './exit-codes.js';
import type { Io } from './main.js';

export type Booted = { service: Service; log: Logger } | { exitCode: number };

/** Start-up of `command`; a refusal names what is wrong and exits with its code (see exit-codes.ts). */
export async function boot(path: string, io: Io, command: 'start' | 'once'): Promise<Booted> {
  let secrets: string[] = [];
  let state: StateBackend | undefined;
  try {
    const loaded = loadConfig(path, io.env);
    secrets = loaded.secrets;
    const log = createLogger({ secrets, level: io.env['NEWSWATCH_LOG_LEVEL'] });
    // A PostgreSQL database opens asynchronously (connect, migrate); a SQLite file is opened by the service.
    if (isPostgresUrl(loaded.config.state))
      state = await openState(loaded.config.state, { command, leaseTtlMs: loaded.config.cluster.leaseTime });
    const service = new Service(buildRuntime(loaded, io.stdout), {
      log,
      out: io.stdout,
      command,
      ...(state && { state }),
    });
    return { service, log };
  } catch (err) {
    await state?.close();
    if (err instanceof ConfigError) {
      io.stderr.write(`${err.issues.map(formatIssue).join('\n')}\nnewswatch: invalid config, not starting\n`);
      return { exitCode: EXIT.config };
    }
    const redact = redactor(secrets);
    if (err instanceof StateLockedError) {
      io.stderr.write(`newswatch: ${redact(err.message)}\nnewswatch: not starting\n`);
      return { exitCode: EXIT.locked };
    }
    if (err instanceof StateError) {
      io.stderr.write(`newswatch: ${redact(err.message)}\nnewswatch: not starting\n`);
      return { exitCode: EXIT.state };
    }
    io.stderr.write(`newswatch: ${redact((err as Error).message)}\n`);
    return { exitCode: EXIT.failure };
  }
}
