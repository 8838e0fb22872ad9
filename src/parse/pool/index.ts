// The parse stage as the service runs it: each document is parsed in a worker thread
// with a heap limit and a time limit, so that no feed — hostile, or hitting a parser bug
// nobody has found yet — can take the process down or stall its event loop. A worker
// over its heap or its time dies alone (Piscina replaces it) and the feed fails with a
// classified `too-complex` error, reported like any other failure.
//
// Bodies below `inProcessBelow` bytes (1 MB) are parsed on the main thread instead. Measured
// on a typical 50-item, 186 KB feed (bench/hostile.ts reports it again): in-process 1.15 ms
// CPU per feed; through the pool 3.44 ms CPU (all threads, ×3), of which 1.12 ms still on
// the main thread (the structured clone of the result). So a worker buys no main-thread
// time for ordinary feeds, only isolation, and a small body is bounded already (entity
// budget in xml/entities.ts, item bounds in ./bounds.ts) — except by its nesting, which
// costs htmlparser2 O(depth²) (1.4 s for 100,000 levels in 700 KB): a body nesting deeper
// than MAX_IN_PROCESS_DEPTH goes to a worker too (./shape.ts; the scan costs 0.08 ms on
// that 186 KB feed, 3-6 % of parsing it).
//
// A body bound for a worker that is byte for byte the one last parsed at the same URL (a
// server that sends no validators, a hostile feed polled again) gets the last result again
// without a second parse: hashing 10 MB costs the main thread ≈20 ms, parsing it seconds of
// worker CPU, and every round of the hostile set would otherwise re-parse ≈7 s of it.
//
// At most `threads` documents are handed to the pool at once and the rest wait here, so
// a task's clock starts when a worker takes it, never while it waits in a queue.
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { parseFeed } from '../index.js';
import type { ParseContext, ParseResult } from '../types.js';
import { boundResult } from './bounds.js';
import { looksWide, MAX_NESTING, nestsDeeperThan } from './shape.js';
import type { ParseTask } from './worker.js';

export interface ParsePoolOptions {
  /** Worker threads (default 1: parsing is short, and the machine's other core polls and delivers). */
  threads?: number;
  /** Old-generation heap of a worker, MB. */
  heapMb?: number;
  /** Longest a document may take to parse, ms. */
  timeoutMs?: number;
  /** Bodies smaller than this are parsed on the main thread (0: every body goes to a worker). */
  inProcessBelow?: number;
}

export const PARSE_POOL_DEFAULTS = { threads: 1, heapMb: 128, timeoutMs: 10_000, inProcessBelow: 1024 * 1024 } as const;

/** Deeper bodies are parsed in a worker (20,000 levels already cost ≈200 ms in-process). */
const MAX_IN_PROCESS_DEPTH = 512;
/** URLs whose last worker-parsed body and result are remembered… */
const MAX_REMEMBERED = 32;
/** …as long as their results hold this many characters in all (≈8 MB). */
const MAX_REMEMBERED_CHARS = 4 * 1024 * 1024;

export class ParsePool {
  private readonly pool: Piscina<ParseTask, ParseResult>;
  private readonly opts: Required<ParsePoolOptions>;
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private closed = false;
  /** The last error of a worker that died outside a task (kept for diagnosis; never thrown). */
  lastWorkerError: unknown = null;
  /** Documents handed to a worker so far. */
  workerRuns = 0;
  /** URL (and content type) → digest of the last body a worker parsed there, and its result. */
  private readonly remembered = new Map<string, { digest: string; result: ParseResult; chars: number }>();
  private rememberedChars = 0;

  constructor(options: ParsePoolOptions = {}) {
    this.opts = { ...PARSE_POOL_DEFAULTS, ...options };
    this.pool = new Piscina<ParseTask, ParseResult>({
      filename: workerFile(),
      minThreads: 0,
      maxThreads: this.opts.threads,
      idleTimeout: 60_000,
      resourceLimits: { maxOldGenerationSizeMb: this.opts.heapMb, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 },
    });
    // A worker that dies outside a task (while starting, say) is reported here; the task that
    // was running, if any, is rejected too and classified in parse(). Piscina replaces the worker.
    this.pool.on('error', (err: unknown) => (this.lastWorkerError = err));
  }

  /**
   * Parse one body; never rejects (a worker's death or a timeout is a `too-complex` failure).
   * A body sent to a worker may be moved there: do not use `body` after calling this.
   */
  readonly parse = async (body: Buffer, ctx: ParseContext): Promise<ParseResult> => {
    const deep = nestsDeeperThan(body, MAX_IN_PROCESS_DEPTH);
    if (deep && !looksWide(body) && nestsDeeperThan(body, MAX_NESTING)) {
      return {
        ok: false,
        error: { kind: 'too-complex', message: `elements nest more than ${MAX_NESTING} levels deep; refused` },
      };
    }
    if ((body.length < this.opts.inProcessBelow && !deep) || this.closed) return boundResult(parseFeed(body, ctx));
    const key = `${ctx.url ?? ''}\n${ctx.contentType ?? ''}`;
    const digest = createHash('sha256').update(body).digest('base64');
    const last = this.remembered.get(key);
    if (last?.digest === digest) return last.result;
    const { result, deterministic } = await this.inWorker(body, ctx);
    this.forget(key);
    if (deterministic) this.remember(key, digest, result);
    return result;
  };

  private remember(key: string, digest: string, result: ParseResult): void {
    const chars = resultChars(result);
    if (chars > MAX_REMEMBERED_CHARS / 4) return;
    this.remembered.set(key, { digest, result, chars });
    this.rememberedChars += chars;
    while (this.remembered.size > MAX_REMEMBERED || this.rememberedChars > MAX_REMEMBERED_CHARS) {
      this.forget(this.remembered.keys().next().value as string);
    }
  }

  private forget(key: string): void {
    const entry = this.remembered.get(key);
    if (!entry) return;
    this.remembered.delete(key);
    this.rememberedChars -= entry.chars;
  }

  /** `deterministic`: the same bytes would give the same result (not so for a timeout or a crash). */
  private async inWorker(body: Buffer, ctx: ParseContext): Promise<{ result: ParseResult; deterministic: boolean }> {
    const bytes = body.length;
    await this.slot();
    this.workerRuns++;
    try {
      // A body that owns its memory is moved to the worker rather than copied (no second
      // copy of a 10 MB body in the peak); the caller must not use it afterwards.
      const owns = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength;
      const transferList = owns ? [body.buffer as ArrayBuffer] : [];
      const result = await this.pool.run(
        { body, ctx: plain(ctx) },
        { signal: AbortSignal.timeout(this.opts.timeoutMs), transferList },
      );
      return { result, deterministic: true };
    } catch (err) {
      const code = (err as { code?: string }).code;
      return {
        result: { ok: false, error: classify(err, bytes, this.opts) },
        deterministic: code === 'ERR_WORKER_OUT_OF_MEMORY',
      };
    } finally {
      this.release();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.pool.destroy();
  }

  private slot(): Promise<void> {
    if (this.running < this.opts.threads) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}

/** Characters held by a result (the strings that dominate its size). */
function resultChars(r: ParseResult): number {
  if (!r.ok) return r.error.message.length;
  let n = r.feed.title.length + r.feed.description.length;
  for (const i of r.feed.items)
    n += i.title.length + i.text.length + (i.summary?.length ?? 0) + (i.content?.length ?? 0) + i.id.length + 200;
  return n;
}

function classify(
  err: unknown,
  bytes: number,
  opts: Required<ParsePoolOptions>,
): { kind: 'too-complex' | 'malformed'; message: string } {
  const e = err as { name?: string; code?: string; message?: string };
  const size = `${Math.round(bytes / 1024)} KB`;
  if (e.name === 'AbortError')
    return {
      kind: 'too-complex',
      message: `parsing the ${size} document took longer than ${opts.timeoutMs} ms; refused`,
    };
  if (e.code === 'ERR_WORKER_OUT_OF_MEMORY')
    return { kind: 'too-complex', message: `parsing the ${size} document needed more than ${opts.heapMb} MB; refused` };
  return { kind: 'malformed', message: `the parser failed unexpectedly: ${e.message ?? String(err)}` };
}

/** Only what structured clone carries (a ParseContext is plain data, but headers may be a prototype-less object). */
function plain(ctx: ParseContext): ParseContext {
  const out: ParseContext = {};
  if (ctx.url !== undefined) out.url = ctx.url;
  if (ctx.contentType !== undefined) out.contentType = ctx.contentType;
  if (ctx.headers !== undefined) out.headers = { ...ctx.headers };
  return out;
}

/** worker.js next to this file when built; from the TypeScript sources, a shim that loads worker.ts through tsx. */
function workerFile(): string {
  const here = import.meta.url;
  return fileURLToPath(new URL(here.endsWith('.ts') ? './worker-dev.mjs' : './worker.js', here));
}
