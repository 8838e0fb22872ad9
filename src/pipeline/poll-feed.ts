// The one place that orders the stages for a feed:
//   fetch → parse → select new items → match → summarize → route → commit (outbox)
// Every stage returns a value or a classified failure. Only the store can reject (the
// state database failing: commitPoll, recordFailure): pollFeed then rejects, and its caller
// (the scheduler's task) logs it; the feed is polled again, nothing was recorded.
// Delivery happens elsewhere (the sender drains the outbox this commit fills).
import type { Logger } from 'pino';
import type { ChannelConfig, Config, FeedConfig } from '../config/schema.js';
import type { AlertPayload, Clock, FeedItem, Match, Summary } from '../core/types.js';
import type { FetchOptions, FetchRequest, FetchResult } from '../fetch/index.js';
import type { Matcher } from '../match/index.js';
import type { ParseContext, ParseResult } from '../parse/index.js';
import { entityKey, entityPath, type EntityRef } from '../core/entity-key.js';
import { redactUrl } from '../core/redact.js';
import { storyTitle } from '../core/story.js';
import { withoutTracking } from '../core/url.js';
import { route, withoutMuted } from '../route/index.js';
import type { FeedState, HistoryFields, MuteCheck, NewItemRecord, PollStore } from '../state/interfaces.js';
import { summarize } from '../summarize/index.js';
import { handleFailure, handleRecovery } from './failures.js';
import { nextPollAfterSuccess } from './next-poll.js';
import { publicationOrder } from './order.js';
import type { PipelineMetrics } from './metrics.js';

export interface PipelineDeps {
  store: PollStore;
  fetch: (req: FetchRequest, opts: FetchOptions) => Promise<FetchResult>;
  /** The parse stage (in the service: a worker pool with memory and time limits, src/parse/pool). */
  parse: (body: Buffer, ctx: ParseContext) => ParseResult | Promise<ParseResult>;
  matcher: Matcher;
  channels: readonly ChannelConfig[];
  config: Pick<Config, 'failures' | 'dedup'>;
  fetchOptions: FetchOptions;
  clock: Clock;
  log: Logger;
  metrics: PipelineMetrics;
  random?: () => number;
  /** Entities muted per Discord channel (from /newswatch mute): recorded, not posted there. */
  mutes?: MuteCheck;
}

export type PollOutcome =
  | { kind: 'updated'; items: number; fresh: number; queued: number; silent: boolean }
  | { kind: 'not-modified' }
  | { kind: 'failed'; errorKind: string; message: string };

export async function pollFeed(feed: FeedConfig, deps: PipelineDeps): Promise<PollOutcome> {
  const { store, clock, log, metrics } = deps;
  const started = clock.now();
  const state = await store.ensureFeed(feed.id, feed.url);
  const url = state.fetchUrl ?? feed.url;
  const fetched = await deps.fetch(
    { feedId: feed.id, url, configuredUrl: feed.url, etag: state.etag, lastModified: state.lastModified },
    deps.fetchOptions,
  );
  const at = clock.now();
  const moved = fetched.kind !== 'failed' ? movedTo(feed, fetched, log) : undefined;

  let outcome: PollOutcome;
  if (fetched.kind === 'failed') {
    outcome = await handleFailure(
      feed,
      state,
      { kind: fetched.error.kind, message: fetched.error.message, hints: fetched.hints },
      deps,
      at,
    );
  } else if (fetched.kind === 'not-modified') {
    await store.recordNotModified(feed.id, at, nextPollAfterSuccess(at, fetched.hints, undefined), moved);
    outcome = { kind: 'not-modified' };
  } else {
    const parsed = await deps.parse(fetched.body, { url: fetched.url, contentType: fetched.contentType });
    if (!parsed.ok) {
      outcome = await handleFailure(
        feed,
        state,
        { kind: parsed.error.kind, message: parsed.error.message, hints: fetched.hints, fetchUrl: moved },
        deps,
        at,
      );
    } else {
      for (const w of parsed.warnings) log.debug({ feed: feed.id, warning: w }, 'feed parsed with a warning');
      outcome = await commitItems(feed, state, parsed.feed.items, deps, {
        at,
        etag: fetched.etag,
        lastModified: fetched.lastModified,
        title: parsed.feed.title || null,
        fetchUrl: moved,
        nextPollAt: nextPollAfterSuccess(at, fetched.hints, parsed.feed.ttlMinutes),
      });
    }
  }
  if (outcome.kind !== 'failed') await handleRecovery(feed, state, deps, at);
  metrics.poll(feed.id, outcome.kind === 'failed' ? outcome.errorKind : outcome.kind, clock.now() - started);
  return outcome;
}

/** A permanent redirect or a discovered feed URL becomes the URL polled from now on. */
function movedTo(feed: FeedConfig, r: Exclude<FetchResult, { kind: 'failed' }>, log: Logger): string | undefined {
  const discovered = r.kind === 'modified' ? r.discoveredFeedUrl : undefined;
  if (discovered) {
    const [url, to] = [redactUrl(feed.url), redactUrl(discovered)];
    log.warn(
      { feed: feed.id, url, feedUrl: to },
      `feed ${feed.id}: ${url} is a web page; polling its feed ${to} (put that URL in the config)`,
    );
    return discovered;
  }
  if (r.permanentRedirect) {
    const [url, to] = [redactUrl(feed.url), redactUrl(r.permanentRedirect)];
    log.warn(
      { feed: feed.id, url, movedTo: to },
      `feed ${feed.id} moved permanently to ${to}; polling the new URL (update the config)`,
    );
    return r.permanentRedirect;
  }
  return undefined;
}

interface FetchMeta {
  at: number;
  etag: string | null;
  lastModified: string | null;
  title: string | null;
  fetchUrl: string | undefined;
  nextPollAt: number | null;
}

async function commitItems(
  feed: FeedConfig,
  state: FeedState,
  items: FeedItem[],
  deps: PipelineDeps,
  meta: FetchMeta,
): Promise<PollOutcome> {
  const { store, log } = deps;
  const ids = items.map((i) => i.id);
  const unseen = await store.unseen(feed.id, ids);
  // First successful poll: record what the feed holds without alerting (no flood of old
  // news). The first poll at a new URL (moved, discovered) counts as a first poll too:
  // item ids often change with the URL, and the feed's old items must not alert again.
  const silent = (!state.initialized || meta.fetchUrl !== undefined) && !feed.alertOnFirstPoll;
  const source = feed.name ?? (meta.title || feed.id);
  const taken = new Set<string>();
  // New items in publication order, oldest first: the outbox (and so every channel) keeps it.
  const fresh = publicationOrder(items.filter((i) => unseen.has(i.id) && !taken.has(i.id) && taken.add(i.id)));
  const records = fresh.map((item) =>
    silent ? silentRecord(item, source, deps) : matchItem(feed, item, source, deps),
  );
  const result = await store.commitPoll({
    feedId: feed.id,
    ...meta,
    presentIds: ids,
    newItems: records,
    silent,
    dedup: { windowMs: deps.config.dedup.window, titleSimilarity: deps.config.dedup.titleSimilarity },
  });
  deps.metrics.itemsSeen(feed.id, fresh.length);
  if (silent && fresh.length)
    log.info(
      { feed: feed.id, items: fresh.length },
      `feed ${feed.id}: first poll, ${fresh.length} existing items recorded without alerts`,
    );
  for (const r of records) {
    for (const a of r.alerts)
      log.info(
        { feed: feed.id, item: r.id, channel: a.channelId, entity: a.payload.matches.map((m) => m.entity) },
        `alert: ${r.title}`,
      );
  }
  return { kind: 'updated', items: items.length, fresh: fresh.length, queued: result.queued, silent };
}

function silentRecord(item: FeedItem, source: string, deps: PipelineDeps): NewItemRecord {
  // Matched all the same, for the history (search --entity, backtest); nothing alerts.
  const matched = distinct(deps.matcher.match({ title: item.title, text: item.text }), entityKey);
  const history = historyFields(item, matched, []);
  return {
    id: item.id,
    canonicalLink: item.canonicalLink,
    title: item.title,
    link: item.link,
    source: outlet(item, source),
    alerts: [],
    mentions: [],
    history,
  };
}

/** What the history keeps of an item: its text, the entities it matched and those it alerted for. */
function historyFields(
  item: FeedItem,
  matched: readonly EntityRef[],
  alerts: readonly { payload: AlertPayload }[],
): HistoryFields {
  return {
    published: item.published ? item.published.getTime() : null,
    text: item.text,
    matched: [...new Set(matched.map(entityPath))],
    alerted: [...new Set(alerts.flatMap((a) => a.payload.matches.map(entityPath)))],
  };
}

/** Who reported the item, for "Also reported by": the outlet an aggregator names (RSS <source>), else the feed. */
function outlet(item: FeedItem, feedSource: string): string {
  return item.sourceName?.trim() || feedSource;
}

function matchItem(feed: FeedConfig, item: FeedItem, source: string, deps: PipelineDeps): NewItemRecord {
  const matches = deps.matcher.match({ title: item.title, text: item.text });
  const mentions = distinct(matches, entityKey).map((m) => ({ watchlist: m.watchlist, entity: m.entity }));
  for (const m of mentions) deps.metrics.match(m.watchlist, m.entity);
  // Channels that follow the same watchlists get the same matches: summarize each set once.
  const summaries = new Map<string, Summary>();
  const summaryOf = (mine: Match[]) => {
    const key = mine.map((m) => `${m.watchlist}/${m.entity}/${m.field}/${m.start}`).join(' ');
    let s = summaries.get(key);
    if (!s) summaries.set(key, (s = summarize(item, mine)));
    return s;
  };
  const alerts = unmutedRoutes(feed, item, matches, deps).map(({ channel, matches: mine }) => ({
    channelId: channel.id,
    payload: alertPayload(feed, item, source, mine, summaryOf(mine), channel.discord?.mentionRole),
  }));
  const story = storyTitle(item.title, item.sourceName);
  return {
    id: item.id,
    canonicalLink: item.canonicalLink,
    title: item.title,
    ...(story !== item.title && { storyTitle: story }),
    link: item.link,
    source: outlet(item, source),
    alerts,
    mentions,
    history: historyFields(item, mentions, alerts),
  };
}

/** The channels that get this item's matches, less the entities muted in their Discord channel. */
function unmutedRoutes(feed: FeedConfig, item: FeedItem, matches: Match[], deps: PipelineDeps) {
  const routes = route(deps.channels, feed.id, matches);
  const mutes = deps.mutes;
  if (!mutes || routes.length === 0) return routes;
  const now = deps.clock.now();
  const kept = withoutMuted(
    routes,
    (c, entity) => c.discord !== undefined && mutes.isMuted(c.discord.channel, entity, now),
  );
  for (const s of kept.suppressed) {
    deps.log.info(
      { feed: feed.id, item: item.id, channel: s.channelId, entity: s.entity },
      `alert held: ${s.entity} is muted in channel ${s.channelId}`,
    );
  }
  return kept.routes;
}

function alertPayload(
  feed: FeedConfig,
  item: FeedItem,
  source: string,
  matches: Match[],
  summary: Summary,
  mentionRole: string | undefined,
): AlertPayload {
  return {
    kind: 'alert',
    feedId: feed.id,
    source,
    title: item.title || '(untitled)',
    // The link as posted: without the parameters that only track the click (utm_*, fbclid, …).
    link: item.link && withoutTracking(item.link),
    published: item.published ? item.published.toISOString() : null,
    summary,
    // One occurrence per entity and field is what the alert shows ("ISKP (title), West (body)").
    matches: distinct(matches, (m) => `${entityKey(m)}\u0000${m.field}`),
    alsoReportedBy: [],
    mentionRole,
  };
}

function distinct<T>(xs: readonly T[], key: (x: T) => string): T[] {
  const seen = new Set<string>();
  return xs.filter((x) => {
    const k = key(x);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
