// The logger: structured JSON (pino) when not on a terminal, pretty on one; always on
// standard error, so standard output carries only what a command prints (alerts on
// the console channel, JSON lines of `match`/`parse`).
//
// Secrets (bot token, webhook URLs) are removed from every line by value, wherever they
// appear (a message, an error's stack, a URL field), before the line is written; so are the
// credentials of every URL in the line (user info, api_key=…, token=…: core/redact.ts), the
// last guard for a URL that a library's error message or a field carried in whole.
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import { redactText } from '../core/redact.js';

export type { Logger };

export interface LogOptions {
  level?: string;
  /** Values to remove from every line. */
  secrets?: readonly string[];
  /** Force pretty (true) or JSON (false); default: pretty when stderr is a TTY. */
  pretty?: boolean;
  /** Where to write (default: standard error). */
  destination?: NodeJS.WritableStream;
}

/** A function that replaces every secret (and its URL-encoded form) with "[redacted]". */
export function redactor(secrets: readonly string[]): (text: string) => string {
  const variants = [...new Set(secrets.flatMap((s) => [s, encodeURIComponent(s), JSON.stringify(s).slice(1, -1)]))]
    .filter((s) => s.length >= 8)
    .sort((a, b) => b.length - a.length);
  if (variants.length === 0) return (t) => t;
  return (text) => {
    let out = text;
    for (const v of variants) if (out.includes(v)) out = out.split(v).join('[redacted]');
    return out;
  };
}

export function createLogger(opts: LogOptions = {}): Logger {
  const bySecret = redactor(opts.secrets ?? []);
  const redact = (line: string) => redactText(bySecret(line));
  const dest = opts.destination ?? process.stderr;
  const usePretty = opts.pretty ?? Boolean((dest as NodeJS.WriteStream).isTTY);
  const stream = usePretty
    ? pretty({
        destination: dest,
        colorize: Boolean((dest as NodeJS.WriteStream).isTTY),
        translateTime: 'SYS:HH:MM:ss',
        ignore: 'pid,hostname',
        sync: true,
      })
    : dest;
  return pino(
    {
      level: opts.level ?? process.env['NEWSWATCH_LOG_LEVEL'] ?? 'info',
      base: { service: 'newswatch' },
      timestamp: pino.stdTimeFunctions.isoTime,
      hooks: { streamWrite: redact },
    },
    stream,
  );
}

/** A logger that writes nothing (tests, library use). */
export const silentLogger: Logger = pino({ level: 'silent' });
