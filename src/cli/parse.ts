// `newswatch parse FILE|URL…`: one JSON line per source, in order; a bad source gives
// {"source","error"} and the next one is still parsed.
import { readFile } from 'node:fs/promises';
import type { ParsedFeed } from '../core/types.js';
import { fetchFeed, userAgent } from '../fetch/index.js';
import { parseFeed } from '../parse/index.js';
import { VERSION } from '../core/version.js';
import type { Io } from './main.js';

export async function parseCommand(sources: string[], io: Io): Promise<number> {
  let failed = 0;
  for (const source of sources) {
    const line = await parseOne(source);
    if ('error' in line) failed++;
    io.stdout.write(`${JSON.stringify(line)}\n`);
  }
  return failed > 0 ? 1 : 0;
}

async function parseOne(source: string): Promise<object> {
  let body: Buffer;
  let ctx: { url?: string; contentType?: string | null } = {};
  if (/^https?:\/\//i.test(source)) {
    const r = await fetchFeed(
      { feedId: 'parse', url: source },
      { timeoutMs: 20_000, maxBytes: 10 * 1024 * 1024, maxRedirects: 5, userAgent: userAgent(VERSION) },
    );
    if (r.kind === 'failed') return { source, error: `${r.error.kind}: ${r.error.message}` };
    if (r.kind === 'not-modified') return { source, error: 'not modified' };
    body = r.body;
    ctx = { url: r.url, contentType: r.contentType };
  } else {
    try {
      body = await readFile(source);
    } catch (err) {
      return { source, error: `cannot read file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
    }
  }
  const parsed = parseFeed(body, ctx);
  if (!parsed.ok) return { source, error: `${parsed.error.kind}: ${parsed.error.message}` };
  return { source, ...toJson(parsed.feed) };
}

function toJson(feed: ParsedFeed) {
  return {
    feed: { title: feed.title, link: feed.link, description: feed.description },
    items: feed.items.map((i) => ({
      id: i.id,
      title: i.title,
      link: i.link,
      published: i.published ? i.published.toISOString() : null,
      summary: i.summary,
      content: i.content,
      text: i.text,
    })),
  };
}
