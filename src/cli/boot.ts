// Shared start-up of `start` and `once`: config → logger (with its secrets) → runtime → service.
import { ConfigError, formatIssue } from '../config/errors.js';
import { loadConfig } from '../config/load.js';
import { createLogger, redactor, type Logger } from '../observe/log.js';
import { buildRuntime } from '../service/runtime.js';
import { Service } from '../service/service.js';
import { StateError } from '../state/errors.js';
import { StateLockedError } from '../state/lock.js';
import { EXIT } from './exit-codes.js';
import type { Io } from './main.js';

export type Booted = { service: Service; log: Logger } | { exitCode: number };

/** Start-up of `command`; a refusal names what is wrong and exits with its code (see exit-codes.ts). */
export function boot(path: string, io: Io, command: 'start' | 'once'): Booted {
  let secrets: string[] = [];
  try {
    const loaded = loadConfig(path, io.env);
    secrets = loaded.secrets;
    const log = createLogger({ secrets, level: io.env['NEWSWATCH_LOG_LEVEL'] });
    const service = new Service(buildRuntime(loaded, io.stdout), { log, out: io.stdout, command });
    return { service, log };
  } catch (err) {
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
