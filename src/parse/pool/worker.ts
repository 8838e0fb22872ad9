// The parse worker's task: bytes → a bounded ParseResult (see ./index.ts for why parsing
// runs here). Piscina calls the default export with each task.
import { parseFeed } from '../index.js';
import type { ParseContext, ParseResult } from '../types.js';
import { boundResult } from './bounds.js';

export interface ParseTask {
  body: Uint8Array;
  ctx: ParseContext;
}

export default function parseTask(task: ParseTask): ParseResult {
  const body = Buffer.from(task.body.buffer, task.body.byteOffset, task.body.byteLength);
  return boundResult(parseFeed(body, task.ctx));
}
