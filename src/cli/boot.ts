// Shared start-up of `start` and `once`: config → logger (with its secrets) → runtime → service.
import { ConfigError, formatIssue } from '../config/errors.js';
import { loadConfig } from '../config/load.js';
import { createLogger, redactor, type Logger } from '../observe/log.js';
import { buildRuntime } from '../service/runtime.js';
import { Service } from '../service/service.js';
import type { Io } from './main.js';

export type Booted = { service: Service; log: Logger } | { exitCode: number };

export function boot(path: string, io: Io): Booted {
  let secrets: string[] = [];
  try {
    const loaded = loadConfig(path, io.env);
    secrets = loaded.secrets;
    const log = createLogger({ secrets, level: io.env['NEWSWATCH_LOG_LEVEL'] });
    const service = new Service(buildRuntime(loaded, io.stdout), { log, out: io.stdout });
    return { service, log };
  } catch (err) {
    if (err instanceof ConfigError) {
      io.stderr.write(`${err.issues.map(formatIssue).join('\n')}\nnewswatch: invalid config, not starting\n`);
      return { exitCode: 2 };
    }
    io.stderr.write(`newswatch: ${redactor(secrets)((err as Error).message)}\n`);
    return { exitCode: 1 };
  }
}
