// Shared by the parse tests: read a fixture, parse it, and insist on success.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { ParsedFeed } from '../../src/core/types.js';
import { parseFeed, type ParseContext, type ParseResult } from '../../src/parse/index.js';

export function fixture(name: string): Buffer {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
}

export function parseOk(body: Buffer | string, ctx: ParseContext = {}): { feed: ParsedFeed; warnings: string[] } {
  const r: ParseResult = parseFeed(body, ctx);
  if (!r.ok) expect.fail(`expected a feed, got ${r.error.kind}: ${r.error.message}`);
  return r;
}
