// What a format adapter (rss.ts, rdf.ts, atom.ts, cdf.ts, jsonfeed.ts) reads out of a
// document, before normalization (normalize.ts). Links are already absolute
// (resolved against xml:base or the document URL) or null; dates are the raw text.
import type { FeedFormat } from '../core/types.js';

/** A text as the feed gives it: HTML (`html: true`) or plain text. */
export interface FeedText {
  value: string;
  html: boolean;
  /** Base for relative URLs inside the HTML (the element's xml:base or the document URL). */
  base?: string | null;
}

export interface RawItem {
  /** RSS guid, Atom id, RSS 1.0 rdf:about, JSON Feed id. */
  guid: string | null;
  link: string | null;
  title: FeedText | null;
  summary: FeedText | null;
  content: FeedText | null;
  /** Publication date text (pubDate, published, dc:date…). */
  published: string | null;
  /** Last-update date text, used when there is no publication date. */
  updated: string | null;
  author: string | null;
  /** RSS <source> text or Atom <source><title>: the outlet an aggregator took the item from. */
  sourceName?: string | null;
}

export interface RawFeed {
  format: FeedFormat;
  title: FeedText | null;
  link: string | null;
  description: FeedText | null;
  items: RawItem[];
  ttlMinutes?: number | undefined;
}
