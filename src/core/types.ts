// Domain types shared by the pipeline stages. Each stage owns its own module;
// this file holds only the shapes that cross a stage boundary.
//
//   config → scheduler → fetch → parse → select (state) → match → summarize → route → deliver
//
// Nothing here does I/O.

/** One item of a feed after parsing and normalization. */
export interface FeedItem {
  /** Stable identity within its feed: guid/id → link → hash of title+date. */
  id: string;
  /** Plain text (entities decoded, tags removed). */
  title: string;
  /** Absolute http(s) link as the feed gives it (resolved against the feed's base), or null. */
  link: string | null;
  /** `link` with tracking parameters (utm_*, fbclid, …) and fragments removed; used to spot the same story in several feeds. */
  canonicalLink: string | null;
  /** Publication (or else update) time; null when the feed gives none that parses. */
  published: Date | null;
  /** Summary/description as the feed gives it (HTML), or null. */
  summary: string | null;
  /** Full content as the feed gives it (HTML), or null. */
  content: string | null;
  /**
   * Plain text of the item's body (content, else summary): visible text only,
   * whitespace collapsed to single spaces, block boundaries (`<p>`, `<br>`, …) as '\n'.
   */
  text: string;
  author: string | null;
  /**
   * The outlet an aggregator names as the item's origin (RSS `<source>`, Atom
   * `<source><title>`), or null. Google News, for one, also appends it to the title.
   */
  sourceName: string | null;
}

export type FeedFormat = 'rss' | 'rdf' | 'atom' | 'json';

export interface ParsedFeed {
  format: FeedFormat;
  title: string;
  link: string | null;
  description: string;
  items: FeedItem[];
  /** RSS `<ttl>` in minutes, when given: a floor for the next poll. */
  ttlMinutes?: number | undefined;
}

/** Which text of an item a name was found in. */
export type Field = 'title' | 'content';

/** One occurrence of a watched entity in an item. */
export interface Match {
  watchlist: string;
  entity: string;
  /** The entity's display name. */
  name: string;
  /** The configured name or alias that matched (as written in the config). */
  alias: string;
  field: Field;
  /** UTF-16 offsets of the occurrence in the field's text (`FeedItem.title` or `FeedItem.text`). */
  start: number;
  end: number;
}

/** A run of summary text; `highlight` marks a matched name. */
export interface Span {
  text: string;
  highlight: boolean;
}

/** An extractive summary: sentences of the item's own text, each a list of spans. */
export type Summary = Span[][];

/** Everything a sink needs to render one alert. Stored as JSON in the outbox. */
export interface AlertPayload {
  kind: 'alert';
  feedId: string;
  /** Human name of the source (the feed's configured name or its title). */
  source: string;
  title: string;
  link: string | null;
  /** ISO 8601, or null. */
  published: string | null;
  summary: Summary;
  /** The matches routed to this channel (one per entity and field is enough). */
  matches: Match[];
  /** Other sources that carried the same story after this alert was created. */
  alsoReportedBy: string[];
  /** Role id to ping, only when the channel's config asks for it. */
  mentionRole?: string | undefined;
}

/** A notice about the service itself (a feed failing or recovering). */
export interface NoticePayload {
  kind: 'notice';
  level: 'warning' | 'info';
  title: string;
  text: string;
  feedId?: string | undefined;
}

/** Several alerts collapsed into one message when a burst exceeds a channel's digest size. */
export interface DigestPayload {
  kind: 'digest';
  alerts: AlertPayload[];
}

/**
 * The daily briefing of a channel (its `briefing` schedule): what the stored history says
 * about the 24 hours before the firing. Built by src/briefing/, rendered by each sink.
 */
export interface BriefingPayload {
  kind: 'briefing';
  /** The window: [from, to), ms; `to` is the firing's scheduled time. */
  from: number;
  to: number;
  /** The time zone the schedule is read in (the date in the title is the local date). */
  timezone: string;
  /** Every watched entity of the channel named in the window, most items first. */
  entities: { name: string; count: number }[];
  /** Stories alerted to the channel in the window, most sources first. */
  stories: { title: string; link: string | null; sources: string[] }[];
  /** Entities whose count rose or fell most against their 30-day daily average. */
  rising: BriefingMove[];
  falling: BriefingMove[];
}

export interface BriefingMove {
  name: string;
  count: number;
  /** Average items per day over the 30 days before the window. */
  baseline: number;
}

export type DeliveryPayload = AlertPayload | NoticePayload | DigestPayload | BriefingPayload;

/** A clock, passed in so tests can move time. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
