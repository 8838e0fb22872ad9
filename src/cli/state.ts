// `newswatch state copy --from A --to B`: move a deployment's state between a SQLite file
// and a PostgreSQL database (either way); see src/state/copy.ts for what is copied.
import { resolve } from 'node:path';
import { redactUrl } from '../core/redact.js';
import { isPostgresUrl } from '../core/state-url.js';
import { copyState } from '../state/copy.js';
import { StateError } from '../state/errors.js';
import { StateLockedError } from '../state/lock.js';
import { EXIT } from './exit-codes.js';
import type { Io } from './main.js';

const where = (s: string) => (isPostgresUrl(s) ? s : resolve(s));

export async function stateCopyCommand(from: string, to: string, io: Io): Promise<number> {
  const hide = (msg: string) => [from, to].filter(isPostgresUrl).reduce((m, u) => m.split(u).join(redactUrl(u)), msg);
  if (where(from) === where(to)) {
    io.stderr.write('newswatch state copy: --from and --to name the same state\n');
    return EXIT.config;
  }
  try {
    const { rows } = await copyState(where(from), where(to));
    const counts = Object.entries(rows)
      .map(([t, n]) => `${n} ${t}`)
      .join(', ');
    io.stdout.write(`copied ${hide(where(from))} to ${hide(where(to))}: ${counts}\n`);
    return EXIT.ok;
  } catch (err) {
    io.stderr.write(`newswatch: ${hide((err as Error).message)}\nnewswatch: nothing copied\n`);
    if (err instanceof StateLockedError) return EXIT.locked;
    if (err instanceof StateError) return EXIT.state;
    return EXIT.failure;
  }
}
