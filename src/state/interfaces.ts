// Narrow store interfaces: each consumer sees only what it needs. The SQLite
// implementations are ./outbox-store.ts, ./poll-store.ts and ./status-store.ts (opened
// together by ./store.ts); the in-memory outbox of the sender tests is
// tests/helpers/memory-outbox.ts. tests/state/contract/ holds the guarantees every
// implementation must keep, run against each of them.
import type { AlertPayload, BriefingPayload, DeliveryPayload, NoticePayload } from '../core/types.js';

/**
 * What a store call returns: a plain value (SQLite answers synchronously, and its callers
 * in hot paths pay no promise) or a promise (PostgreSQL answers over the network). Every
 * consumer awaits it, so either implementation can stand behind the interface.
 */
export type Awaitable<T> = T | Promise<T>;

/** One row of the delivery outbox: a message owed to one channel. */
export interface OutboxRow {
  id: number;
  channelId: string;
  payload: DeliveryPayload;
  /** Story this alert belongs to (null for notices). */
  storyId: number | null;
  createdAt: number;
  attempts: number;
  /** Earliest time (ms) the next attempt may be made. */
  nextAttemptAt: number;
  /**
   * Set when an attempt started and its outcome was never recorded (a crash or timeout
   * mid-send): the message may or may not exist in Discord. The sender must reconcile
   * (same nonce, or look it up) before posting again.
   */
  attemptStartedAt: number | null;
  /** Deterministic per row (≤ 25 chars): sent as Discord's `nonce` with `enforce_nonce`. */
  nonce: string;
  lastError: string | null;
}

/** A sent alert whose message must be edited (a later source reported the same story). */
export interface PendingEdit {
  outboxId: number;
  channelId: string;
  messageId: string;
  payload: DeliveryPayload;
  /** The original row's nonce (shown as the ref in the footer, kept on edits). */
  nonce: string;
}

export interface OutboxCounts {
  channelId: string;
  pending: number;
  /** Pending rows that have failed at least once. */
  failing: number;
  sent: number;
  oldestPendingAt: number | null;
}

/**
 * What the sender needs. Invariant kept by the implementation: a row leaves "pending"
 * only through markSent, which is called only after the sink confirmed the message.
 */
export interface OutboxStore {
  /** Channels that have pending rows or pending edits. */
  channelsWithWork(): Awaitable<string[]>;
  /** Pending rows of one channel, oldest first. */
  pending(channelId: string, limit: number): Awaitable<OutboxRow[]>;
  countPending(channelId: string): Awaitable<number>;
  /** Record that an attempt is starting (before the request leaves). */
  markAttempt(id: number, now: number): Awaitable<void>;
  /** Record that the sink confirmed the message; rows collapsed into one digest share its message id. */
  markSent(ids: number[], messageId: string | null, now: number): Awaitable<void>;
  /** Record a failed attempt; the row stays pending. */
  markRetry(id: number, error: string, nextAttemptAt: number): Awaitable<void>;
  pendingEdits(channelId: string, limit: number): Awaitable<PendingEdit[]>;
  markEdited(outboxId: number, now: number): Awaitable<void>;
  counts(): Awaitable<OutboxCounts[]>;
  /**
   * When the channel's requests since `since` were made, oldest first: messages sent (a
   * digest once: its rows share the message id), and attempts of rows still pending. Seeds the channel's pace after a
   * restart. (Edits leave no time in the outbox and are not counted.)
   */
  recentSends(channelId: string, since: number): Awaitable<number[]>;
}

/** What the service remembers about one feed between polls. */
export interface FeedState {
  feedId: string;
  /** The URL in the config. */
  url: string;
  /** Where to fetch instead (after a permanent redirect or feed discovery), or null. */
  fetchUrl: string | null;
  title: string | null;
  etag: string | null;
  lastModified: string | null;
  /** False until the first successful poll, whose items are recorded without alerts. */
  initialized: boolean;
  lastPollAt: number | null;
  lastSuccessAt: number | null;
  lastError: string | null;
  lastErrorKind: string | null;
  lastErrorAt: number | null;
  consecutiveFailures: number;
  /** When the current run of failures began (null when the last poll succeeded). */
  failingSince: number | null;
  /** True once channels were told this feed is failing (so recovery is announced too). */
  failingNotified: boolean;
  /** Not before this time (backoff, Retry-After, Cache-Control, ttl). */
  nextPollAt: number | null;
  itemsSeen: number;
}

export interface FeedFailure {
  at: number;
  kind: string;
  message: string;
  nextPollAt: number;
  /** A new URL to fetch from now on (a permanent redirect seen before the failure). */
  fetchUrl?: string | undefined;
}

/** One new item's share of a poll: its alerts per channel and its mentions. */
export interface NewItemRecord {
  id: string;
  canonicalLink: string | null;
  title: string;
  /** The title that identifies the story, when not `title` (an aggregator's " - Outlet" left out: see storyTitle). */
  storyTitle?: string;
  link: string | null;
  /** The source name shown to users (feed name or title). */
  source: string;
  alerts: { channelId: string; payload: AlertPayload }[];
  /** Distinct (watchlist, entity) pairs matched, for the mentions-per-day chart. */
  mentions: { watchlist: string; entity: string }[];
  /** What the history keeps of the item besides the fields above (see HistoryFields). */
  history?: HistoryFields;
}

/** Everything one successful poll writes, committed in ONE transaction. */
export interface PollCommit {
  feedId: string;
  at: number;
  etag: string | null;
  lastModified: string | null;
  /** A new URL to fetch from now on (permanent redirect, discovery), or undefined to keep. */
  fetchUrl?: string | undefined;
  title: string | null;
  nextPollAt: number | null;
  /** Every item id present in this fetch: kept safe from retention pruning. */
  presentIds: string[];
  /** Items not seen before in this feed. With `silent`, they are recorded without alerts. */
  newItems: NewItemRecord[];
  silent: boolean;
  /** Story de-duplication settings. */
  dedup: { windowMs: number; titleSimilarity: number };
}

export interface CommitResult {
  /** Outbox rows created. */
  queued: number;
  /** New items that were the same story as an earlier alert (from another feed: its messages get an edit). */
  duplicates: number;
}

/** A recorded story, as the same-story rule (src/stories/) needs it. */
export interface KnownStory {
  id: number;
  /** The feed that first carried it. */
  feedId: string;
  /** Who reported it, first the source of its alerts. */
  sources: string[];
}

/** The lookups the same-story rule makes, answered by a store inside its poll transaction. */
export interface StoryLookup {
  /** The first story with this canonical link. */
  byLink(canonicalLink: string): KnownStory | undefined;
  /** The oldest story recorded since `since` whose title key is at least `similarity` alike (see titleSimilarity). */
  byTitle(titleKey: string, since: number, similarity: number): KnownStory | undefined;
}

/** What the pipeline needs to decide and record a poll. */
export interface PollStore {
  /** The feed's state; a new feed gets a row, and a changed URL resets it (validators forgotten, next poll silent). */
  ensureFeed(feedId: string, url: string): Awaitable<FeedState>;
  /** Ids among `ids` never seen in this feed. */
  unseen(feedId: string, ids: string[]): Awaitable<Set<string>>;
  /**
   * Record a poll's new items, stories, outbox rows and validators atomically. Resolves once
   * durable. Polls committed in the same turn of the event loop share one transaction, each
   * in a savepoint of its own: one that fails is rolled back alone and rejects alone.
   */
  commitPoll(commit: PollCommit): Promise<CommitResult>;
  /** A poll that changed nothing (304): record success and the next poll time. */
  recordNotModified(feedId: string, at: number, nextPollAt: number | null, fetchUrl?: string): Awaitable<void>;
  recordFailure(feedId: string, failure: FeedFailure): Awaitable<FeedState>;
  /** Queue a notice to channels and mark the feed's notified flag, in one transaction. */
  queueNotice(
    feedId: string,
    channelIds: string[],
    payload: NoticePayload,
    notified: boolean,
    at: number,
  ): Awaitable<void>;
}

// ---- Discord interactions (src/interact): mutes, feedback, alert look-ups ----

/** An entity held in one Discord channel until `until`: its matches are recorded, not posted. */
export interface Mute {
  discordChannelId: string;
  entity: string;
  until: number;
  /** Discord user id and display name of who set it. */
  setBy: string;
  setByName: string;
  setAt: number;
}

/**
 * What routing asks: is this entity muted in this Discord channel now? Synchronous on
 * purpose: it is asked for every alert, and every store keeps its mutes in memory.
 */
export interface MuteCheck {
  isMuted(discordChannelId: string, entity: string, now: number): boolean;
}

export interface MuteStore extends MuteCheck {
  /** Set (or replace) a mute. */
  set(mute: Mute): Awaitable<void>;
  /** Lift a mute; false when there was none in force. */
  remove(discordChannelId: string, entity: string, now: number): Awaitable<boolean>;
  /** Mutes in force at `now`, soonest to end first. */
  active(now: number): Awaitable<Mute[]>;
}

/** A "Not relevant" flag on an alert. */
export interface Feedback {
  outboxId: number;
  ref: string;
  discordChannelId: string;
  watchlist: string;
  entity: string;
  alias: string;
  field: string;
  /** The matched name with the words around it. */
  phrase: string;
  title: string;
  link: string | null;
  userId: string;
  userName: string;
  createdAt: number;
}

export interface FeedbackStore {
  /** Record a flag; false when this user already flagged this alert for this entity. */
  add(f: Feedback): Awaitable<boolean>;
  since(at: number): Awaitable<Feedback[]>;
}

/** One stored alert, as the outbox holds it. */
export interface StoredAlert {
  outboxId: number;
  channelId: string;
  nonce: string;
  messageId: string | null;
  payload: DeliveryPayload;
  createdAt: number;
  sent: boolean;
}

export interface AlertLookup {
  /** The alert whose footer shows this ref (the outbox nonce). */
  byRef(ref: string): Awaitable<StoredAlert | null>;
  byMessageId(messageId: string): Awaitable<StoredAlert | null>;
  /** The newest alerts naming an entity (by its display name), one per story. */
  recentForEntity(
    entityName: string,
    since: number,
    limit: number,
  ): Awaitable<{ title: string; link: string | null; sources: string[]; createdAt: number }[]>;
  /** Mentions of an entity counted per day from `sinceDay` (YYYY-MM-DD) on, summed. */
  mentionCount(watchlist: string, entity: string, sinceDay: string): Awaitable<number>;
}

/** The hash of the slash commands last registered in each guild. */
export interface CommandRegistry {
  registeredHash(guildId: string): Awaitable<string | null>;
  recordRegistration(guildId: string, hash: string, at: number): Awaitable<void>;
}

// ---- History (newswatch search / backtest, the status page's search, /newswatch search) ----

/** How much of an item's visible text the history keeps (characters). */
export const HISTORY_TEXT_CHARS = 8_000;
/** Around each matched term in a search snippet (plain text otherwise; each reader renders them its way). */
export const HIT_START = '\u0002';
export const HIT_END = '\u0003';

/** A search query that cannot be run (no word to search for): the message says why, for the user. */
export class HistoryQueryError extends Error {}

/** What a new item leaves in the history beyond its NewItemRecord fields, written with its poll. */
export interface HistoryFields {
  /** Publication time (ms), or null when the feed gives none. */
  published: number | null;
  /** The item's visible text (the store keeps the first HISTORY_TEXT_CHARS). */
  text: string;
  /** Entities matched, as "watchlist/entity". */
  matched: string[];
  /** Entities an alert was queued for (routed to at least one channel), as "watchlist/entity". */
  alerted: string[];
}

/** One stored history item. */
export interface HistoryItem {
  id: number;
  feedId: string;
  itemId: string;
  title: string;
  link: string | null;
  source: string;
  published: number | null;
  seenAt: number;
  text: string;
  /** Recorded on a feed's first poll, without alerts (never eligible to alert). */
  silent: boolean;
  matched: string[];
  alerted: string[];
}

export interface HistoryHit {
  id: number;
  feedId: string;
  title: string;
  link: string | null;
  source: string;
  published: number | null;
  seenAt: number;
  /** Text around the best match, matched terms between HIT_START and HIT_END. */
  snippet: string;
  matched: string[];
}

export interface HistorySearchOptions {
  /** Items seen at or after this time (ms). */
  since: number;
  /** Only items that matched this entity: "watchlist/entity", or an entity id in any watchlist. */
  entity?: string | undefined;
  limit: number;
}

/** The history as its readers see it; read-only, works beside a running service. */
export interface HistoryReader {
  /** Full-text search, best first. Rejects with a HistoryQueryError when the query has no word to search for. */
  search(query: string, opts: HistorySearchOptions): Promise<HistoryHit[]>;
  /** Items seen at or after `since`, oldest first, a page at a time. */
  items(since: number, pageSize?: number): AsyncIterable<HistoryItem[]>;
}

// ---- Daily briefing (src/briefing): what it reads from the history, and its queuing ----

/** A story alerted to a channel, with every source that reported it. */
export interface BriefingStory {
  title: string;
  link: string | null;
  sources: string[];
  createdAt: number;
}

export interface BriefingStore {
  /** Non-silent history items seen in [since, until) per matched entity ("watchlist/entity"). */
  entityCounts(since: number, until: number): Promise<Map<string, number>>;
  /** Stories first alerted to this channel in [since, until), oldest first. */
  channelStories(channelId: string, since: number, until: number): Promise<BriefingStory[]>;
  /** Mentions per entity ("watchlist/entity") summed over the days fromDay..toDay (YYYY-MM-DD, inclusive). */
  mentionTotals(fromDay: string, toDay: string): Promise<Map<string, number>>;
  /** Whether the briefing of this channel's firing was queued already. */
  briefingQueued(channelId: string, firedAt: number): Promise<boolean>;
  /**
   * Queue the briefing of one firing in the outbox, once: false (nothing written) when this
   * channel's firing was queued before. The outbox row and the firing's key are one transaction.
   */
  queueBriefing(channelId: string, firedAt: number, payload: BriefingPayload, at: number): Promise<boolean>;
}

// ---- Several instances on one database (PostgreSQL): instances, feed and channel leases ----

/** What an instance says of itself, refreshed by its heartbeat. */
export interface InstanceInfo {
  id: string;
  host: string;
  pid: number;
  version: string;
  /** Hash of the effective config: instances with different watchlists would route differently. */
  configHash: string;
  command: string;
  startedAt: number;
  heartbeatAt: number;
  /** False once its heartbeat is older than the lease time (it died or hangs). */
  alive: boolean;
}

export interface ChannelHolder {
  channelId: string;
  holder: string;
  expiresAt: number;
  acquiredAt: number;
}

/** A lease taken from an instance that did not give it back (it died or stalled). */
export interface LeaseTakeover {
  at: number;
  kind: 'feed' | 'channel';
  key: string;
  from: string;
  to: string;
}

/** How a feed claim ended: this instance polls it now, or why not. */
export type FeedClaim = { claimed: true; state: FeedState; takeover: LeaseTakeover | null } | { claimed: false };

/**
 * Coordination of several instances through the shared database. Lease times are the
 * database's clock, so instances with skewed clocks still agree on who holds what.
 */
export interface ClusterStore {
  readonly instanceId: string;
  /** Register (or re-register) this instance; old rows of dead instances are pruned. */
  announce(info: Omit<InstanceInfo, 'id' | 'startedAt' | 'heartbeatAt' | 'alive'>): Promise<void>;
  /** Refresh this instance's heartbeat and every lease it holds; returns the channels it still holds. */
  heartbeat(): Promise<string[]>;
  /**
   * Take the poll of a feed for the schedule window starting at `window` (ms): refused when
   * another instance polls it now, it was polled in this window (unless `force`), or it is
   * not due (backoff, server hints; unless `force`).
   */
  claimFeed(feedId: string, url: string, window: number, now: number, force: boolean): Promise<FeedClaim>;
  /** The poll ended (whichever way). */
  releaseFeed(feedId: string): Promise<void>;
  /** Take free or expired leases among `channelIds`, at most `max`; returns the taken ones and takeovers. */
  acquireChannels(channelIds: string[], max: number): Promise<{ acquired: string[]; takeovers: LeaseTakeover[] }>;
  releaseChannel(channelId: string): Promise<void>;
  /** Give back everything (a graceful stop) and mark this instance stopped. */
  leave(): Promise<void>;
  /** Call `onRows` whenever any instance commits new outbox rows (optional: polling finds them too). */
  watchOutbox?(onRows: () => void): Promise<void>;
  /**
   * Take the answer to a Discord interaction: every instance's gateway session receives it,
   * one answers. False when another instance took it.
   */
  claimInteraction(interactionId: string): Promise<boolean>;
  instances(): Promise<InstanceInfo[]>;
  channelHolders(): Promise<ChannelHolder[]>;
  takeovers(limit: number): Promise<LeaseTakeover[]>;
}
