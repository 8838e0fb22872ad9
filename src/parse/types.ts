// The parse stage's public shapes (re-exported by index.ts).
import type { ParsedFeed } from '../core/types.js';

export interface ParseContext {
  /** The document's URL: the base for relative links. */
  url?: string;
  /** The HTTP Content-Type (its charset is the second choice after a BOM). */
  contentType?: string | null;
  /** HTTP response headers (names in any case): Content-Type, Content-Location. */
  headers?: Record<string, string>;
}

export interface ParseError {
  /**
   * not-a-feed: HTML, another XML vocabulary, JSON that is not a JSON Feed, text.
   * malformed: nothing could be recovered. empty: no content. too-complex: over a cost budget (entity expansion, the parse worker's memory or time).
   */
  kind: 'not-a-feed' | 'malformed' | 'empty' | 'too-complex';
  /** What and where (line/column when known). */
  message: string;
}

export type ParseResult = { ok: true; feed: ParsedFeed; warnings: string[] } | { ok: false; error: ParseError };
