// FeedItem with the fields only new items need computed on first read, then kept:
// `text` (the plain text of the body: HTML→text is the costliest step of a parse, ≈ half
// of it for a feed of full articles) and `canonicalLink` (a URL parse). Most items of a
// poll were seen before; the pipeline reads these two of the new ones only.
//
// Both are own enumerable accessors, in FeedItem's field order, so JSON.stringify,
// spread and structuredClone see them like any other field. Their getters and setters
// are shared by every item (one descriptor each): an object literal with its own
// `get text()` gives each item its own hidden class, which V8 keeps in the old
// generation, and then every minor GC copies and promotes each parsed feed (measured on
// the poll-cycle feeds: minor GCs costing about as much CPU as the parse itself).
import type { FeedItem } from '../core/types.js';
import { htmlToText } from '../text/html.js';
import { canonicalLink } from './links.js';

export interface ItemFields extends Omit<FeedItem, 'text' | 'canonicalLink'> {
  /** The body whose text `text` is: the content, else the summary. */
  body: string | null;
}

class LazyItem implements FeedItem {
  // Declared only: the constructor adds them one by one, in FeedItem's order (an own
  // property's place in that order is where it was first added).
  declare id: string;
  declare title: string;
  declare link: string | null;
  declare canonicalLink: string | null;
  declare published: Date | null;
  declare summary: string | null;
  declare content: string | null;
  declare text: string;
  declare author: string | null;
  declare sourceName: string | null;
  /** What the lazy fields are computed from: the fields as they were given. */
  readonly #body: string | null;
  readonly #link: string | null;
  #text: string | undefined;
  #canonicalLink: string | null | undefined;

  constructor(f: ItemFields) {
    this.#body = f.body;
    this.#link = f.link;
    this.id = f.id;
    this.title = f.title;
    this.link = f.link;
    // Adding an accessor is a shared map transition (≈ 0.1 µs); redefining a data field as one costs 3× more.
    Object.defineProperty(this, 'canonicalLink', CANONICAL_LINK);
    this.published = f.published;
    this.summary = f.summary;
    this.content = f.content;
    Object.defineProperty(this, 'text', TEXT);
    this.author = f.author;
    this.sourceName = f.sourceName;
  }

  static readText(item: LazyItem): string {
    return (item.#text ??= htmlToText(item.#body));
  }

  static writeText(item: LazyItem, value: string): void {
    item.#text = value;
  }

  static readCanonicalLink(item: LazyItem): string | null {
    if (item.#canonicalLink === undefined) item.#canonicalLink = item.#link ? canonicalLink(item.#link) : null;
    return item.#canonicalLink;
  }

  static writeCanonicalLink(item: LazyItem, value: string | null): void {
    item.#canonicalLink = value;
  }
}

const TEXT: PropertyDescriptor = {
  get(this: LazyItem) {
    return LazyItem.readText(this);
  },
  set(this: LazyItem, value: string) {
    LazyItem.writeText(this, value);
  },
  enumerable: true,
  configurable: true,
};

const CANONICAL_LINK: PropertyDescriptor = {
  get(this: LazyItem) {
    return LazyItem.readCanonicalLink(this);
  },
  set(this: LazyItem, value: string | null) {
    LazyItem.writeCanonicalLink(this, value);
  },
  enumerable: true,
  configurable: true,
};

export function feedItem(fields: ItemFields): FeedItem {
  return new LazyItem(fields);
}
