// `newswatch match`: JSON lines {"id","title","content"} on stdin → one JSON line per
// input with its matches. The same compiled matcher the service uses.
import { createInterface } from 'node:readline';
import { ConfigError, formatIssue } from '../config/errors.js';
import { loadConfig } from '../config/load.js';
import { formatExplanation, formatVariantReport, type Matcher } from '../match/index.js';
import type * as HtmlModule from '../text/html.js';
import type { Io } from './main.js';

export async function matchCommand(path: string, explain: boolean, io: Io, variants = false): Promise<number> {
  let matcher: Matcher;
  try {
    matcher = loadConfig(path, io.env).matcher;
  } catch (err) {
    io.stderr.write(
      err instanceof ConfigError
        ? `${err.issues.map(formatIssue).join('\n')}\n`
        : `newswatch match: ${(err as Error).message}\n`,
    );
    return 2;
  }
  if (variants) {
    io.stdout.write(formatVariantReport(matcher.variantReport()));
    return 0;
  }
  let bad = 0;
  let lineNo = 0;
  // HTML to text (htmlparser2) is loaded with the first item, not before reading stdin.
  let html: typeof HtmlModule | undefined;
  for await (const line of createInterface({ input: io.stdin, crlfDelay: Infinity })) {
    lineNo++;
    if (!line.trim()) continue;
    const input = readInput(line);
    if (typeof input === 'string') {
      // One answer line per input line, so a consumer can pair them up; the rest go on.
      bad++;
      io.stderr.write(`stdin line ${lineNo}: ${input}\n`);
      io.stdout.write(`${JSON.stringify({ id: null, line: lineNo, error: input })}\n`);
      continue;
    }
    html ??= await import('../text/html.js');
    const item = { title: html.plainText(str(input.title)), text: html.htmlToText(str(input.content)) };
    if (explain) {
      io.stdout.write(`== ${String(input.id ?? `line ${lineNo}`)}\n${formatExplanation(matcher.explain(item))}\n`);
      continue;
    }
    const matches = matcher.match(item).map((m) => ({
      watchlist: m.watchlist,
      entity: m.entity,
      name: m.name,
      alias: m.alias,
      field: m.field,
      start: m.start,
      end: m.end,
      text: (m.field === 'title' ? item.title : item.text).slice(m.start, m.end),
    }));
    io.stdout.write(`${JSON.stringify({ id: input.id ?? null, matches })}\n`);
  }
  return bad > 0 ? 1 : 0;
}

interface Input {
  id?: unknown;
  title?: unknown;
  content?: unknown;
}

/** A line → the input object, or why it is not one. */
function readInput(line: string): Input | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return `invalid JSON: ${(err as Error).message}`;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    return `not a JSON object: ${line.trim().slice(0, 40)}`;
  return value as Input;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
