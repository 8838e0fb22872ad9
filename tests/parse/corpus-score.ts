// Runs parseFeed over the feedparser corpus (../shared/corpora/feedparser, see its
// README.md) and scores the expected values of cases.json. Used by corpus.test.ts
// (assertions) and bench/feedparser-score.ts (the full table).
//
// Scoring follows the corpus README: a check passes "strict" when the value is equal
// (dates compared as instants), "loose" when equal after both sides are reduced to
// visible text (tags stripped, entities decoded, whitespace collapsed). Each file is
// parsed in a worker thread with a time limit, so a hang is caught and counted.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ParseContext, ParseError } from '../../src/parse/index.js';
import { plainText } from '../../src/text/html.js';

export interface Check {
  path: string;
  equals?: string;
  oneOf?: string[];
  compare?: 'instant' | 'exact-raw-date';
}

export interface CorpusCase {
  file: string;
  format: string;
  group: string;
  wellformed: boolean;
  expect: Check[];
  http?: { url: string; headers: Record<string, string> };
}

export interface CorpusJob {
  file: string;
  ctx: ParseContext;
}

type Value = string | null;
export interface Normalized {
  feed: Record<string, Value>;
  items: Record<string, Value>[];
}

export type FileResult =
  | { file: string; status: 'ok'; result: Normalized; warnings: number; ms: number }
  | { file: string; status: 'error'; error: ParseError; ms: number }
  | { file: string; status: 'crash'; message: string; ms: number }
  | { file: string; status: 'hang'; ms: number };

/** The corpus directory beside the repository (`<repo>/../shared/corpora/feedparser`), or null when absent. */
export function findCorpus(repoRoot: string): string | null {
  const dir = join(repoRoot, '..', 'shared', 'corpora', 'feedparser');
  return existsSync(join(dir, 'cases.json')) && existsSync(join(dir, 'files')) ? dir : null;
}

export function loadCases(dir: string): CorpusCase[] {
  return (JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8')) as { cases: CorpusCase[] }).cases;
}

/** The parse context of a case: the URL and headers feedparser's test server used. */
export function contextOf(c: CorpusCase): ParseContext {
  if (!c.http) return {};
  const contentType = Object.entries(c.http.headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? null;
  return { url: c.http.url, headers: c.http.headers, contentType };
}

/** Parse every case's file in a worker; a parse that takes longer than `timeoutMs` is a hang (the worker is replaced). */
export async function runCorpus(dir: string, cases: CorpusCase[], timeoutMs = 10_000): Promise<FileResult[]> {
  const results: FileResult[] = [];
  let next = 0;
  while (next < cases.length) next = await drive(dir, cases, next, timeoutMs, results);
  return results;
}

function drive(
  dir: string,
  cases: CorpusCase[],
  from: number,
  timeoutMs: number,
  results: FileResult[],
): Promise<number> {
  const worker = new Worker(new URL('./corpus-worker.mjs', import.meta.url), {
    workerData: { filesDir: join(dir, 'files') },
  });
  return new Promise((resolve) => {
    let i = from;
    let timer: NodeJS.Timeout | undefined;
    const stop = (nextIndex: number) => {
      clearTimeout(timer);
      worker.removeAllListeners();
      void worker.terminate();
      resolve(nextIndex);
    };
    const send = () => {
      const c = cases[i];
      if (!c) return stop(i);
      timer = setTimeout(() => {
        results.push({ file: c.file, status: 'hang', ms: timeoutMs });
        stop(i + 1);
      }, timeoutMs);
      worker.postMessage({ file: c.file, ctx: contextOf(c) } satisfies CorpusJob);
    };
    worker.on('message', (r: FileResult) => {
      clearTimeout(timer);
      results.push(r);
      i++;
      send();
    });
    worker.on('error', (err) => {
      results.push({ file: cases[i]?.file ?? '?', status: 'crash', message: String(err), ms: 0 });
      stop(i + 1);
    });
    send();
  });
}

export interface Tally {
  checks: number;
  strict: number;
  loose: number;
}

export interface Failure {
  file: string;
  path: string;
  expected: string;
  actual: Value | undefined;
  /** Whether it passes loose (a strict-only failure). */
  loose: boolean;
}

export interface Score {
  files: number;
  wellformed: number;
  illformed: number;
  crashes: FileResult[];
  hangs: FileResult[];
  /** Well-formed files for which parseFeed returned an error. */
  wellformedRejected: { file: string; error: ParseError }[];
  illformedRecovered: number;
  illformedErrors: { file: string; error: ParseError }[];
  nonSanitize: Tally;
  all: Tally;
  byFormat: Map<string, { nonSanitize: Tally; all: Tally }>;
  byField: Map<string, { nonSanitize: Tally; all: Tally }>;
  /** Non-sanitize checks that fail strict (and whether they pass loose). */
  failures: Failure[];
  totalMs: number;
  slowest: { file: string; ms: number };
}

export function score(cases: CorpusCase[], results: FileResult[]): Score {
  const byFile = new Map(results.map((r) => [r.file, r]));
  const s: Score = {
    files: cases.length,
    wellformed: 0,
    illformed: 0,
    crashes: [],
    hangs: [],
    wellformedRejected: [],
    illformedRecovered: 0,
    illformedErrors: [],
    nonSanitize: tally(),
    all: tally(),
    byFormat: new Map(),
    byField: new Map(),
    failures: [],
    totalMs: 0,
    slowest: { file: '', ms: 0 },
  };
  for (const c of cases) {
    const r = byFile.get(c.file) ?? { file: c.file, status: 'crash', message: 'no result', ms: 0 };
    s.totalMs += r.ms;
    if (r.ms > s.slowest.ms) s.slowest = { file: c.file, ms: r.ms };
    if (c.wellformed) s.wellformed++;
    else s.illformed++;
    if (r.status === 'crash') s.crashes.push(r);
    if (r.status === 'hang') s.hangs.push(r);
    if (r.status === 'error')
      (c.wellformed ? s.wellformedRejected : s.illformedErrors).push({ file: c.file, error: r.error });
    if (r.status === 'ok' && !c.wellformed) s.illformedRecovered++;
    for (const check of c.expect) {
      const actual = r.status === 'ok' ? valueAt(r.result, check.path) : undefined;
      const strict = passes(check, actual, false);
      const loose = strict || passes(check, actual, true);
      const field = check.path.replace(/\[\d+\]/, '');
      const buckets = [s.all, bucket(s.byFormat, c.format).all, bucket(s.byField, field).all];
      if (c.group !== 'sanitize') {
        buckets.push(s.nonSanitize, bucket(s.byFormat, c.format).nonSanitize, bucket(s.byField, field).nonSanitize);
        if (!strict) s.failures.push({ file: c.file, path: check.path, expected: expectedText(check), actual, loose });
      }
      for (const b of buckets) {
        b.checks++;
        if (strict) b.strict++;
        if (loose) b.loose++;
      }
    }
  }
  return s;
}

function tally(): Tally {
  return { checks: 0, strict: 0, loose: 0 };
}

function bucket(map: Map<string, { nonSanitize: Tally; all: Tally }>, key: string) {
  let b = map.get(key);
  if (!b) map.set(key, (b = { nonSanitize: tally(), all: tally() }));
  return b;
}

function valueAt(n: Normalized, path: string): Value | undefined {
  const m = /^(feed|items)(?:\[(\d+)\])?\.(\w+)$/.exec(path);
  if (!m) return undefined;
  const obj = m[1] === 'feed' ? n.feed : n.items[Number(m[2])];
  return obj?.[m[3] as string];
}

function passes(check: Check, actual: Value | undefined, loose: boolean): boolean {
  if (actual === undefined || actual === null) return false;
  const wanted = check.oneOf ?? [check.equals ?? ''];
  if (check.compare === 'instant') return wanted.some((w) => Date.parse(w) === Date.parse(actual));
  if (!loose) return wanted.includes(actual);
  const a = visible(actual);
  return wanted.some((w) => visible(w) === a);
}

function visible(s: string): string {
  return plainText(s).replace(/\s+/g, ' ').trim();
}

function expectedText(c: Check): string {
  return c.oneOf ? c.oneOf.join(' | ') : (c.equals ?? '');
}
