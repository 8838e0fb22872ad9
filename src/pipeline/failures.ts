// A failed poll: record it, back off, and tell the feed's channels once it has failed
// long enough; tell them again when it recovers. A failure never fails silently: it is
// logged every time and shown by `newswatch status` and the status page.
import type { FeedConfig } from '../config/schema.js';
import { redactText } from '../core/redact.js';
import type { PollHints } from '../fetch/index.js';
import { channelsFollowing } from '../route/index.js';
import type { FeedState } from '../state/interfaces.js';
import { nextPollAfterFailure } from './next-poll.js';
import type { PipelineDeps, PollOutcome } from './poll-feed.js';

export interface Failure {
  kind: string;
  message: string;
  hints: PollHints;
  /** A new URL learnt on the way (a permanent redirect to a body that failed to parse). */
  fetchUrl?: string | undefined;
}

export async function handleFailure(
  feed: FeedConfig,
  before: FeedState,
  failure: Failure,
  deps: PipelineDeps,
  at: number,
): Promise<PollOutcome> {
  // What is stored, logged and posted never holds a URL's credentials (any stage's message may name a URL).
  const f = { ...failure, message: redactText(failure.message) };
  const { failures } = deps.config;
  const nextPollAt = nextPollAfterFailure(
    at,
    before.consecutiveFailures + 1,
    failures.maxBackoff,
    f.hints,
    deps.random ?? Math.random,
  );
  const after = await deps.store.recordFailure(feed.id, {
    at,
    kind: f.kind,
    message: f.message,
    nextPollAt,
    fetchUrl: f.fetchUrl,
  });
  deps.log.warn(
    {
      feed: feed.id,
      kind: f.kind,
      failures: after.consecutiveFailures,
      nextPollAt: new Date(nextPollAt).toISOString(),
    },
    `feed ${feed.id} failed (${f.kind}): ${f.message}`,
  );
  const failingFor = at - (after.failingSince ?? at);
  if (
    !after.failingNotified &&
    (after.consecutiveFailures >= failures.notifyAfter || failingFor >= failures.notifyAfterTime)
  ) {
    const since = new Date(after.failingSince ?? at).toISOString();
    deps.log.error({ feed: feed.id, kind: f.kind, since }, `feed ${feed.id} is failing since ${since}: ${f.message}`);
    await notify(feed, deps, at, true, {
      kind: 'notice',
      level: 'warning',
      feedId: feed.id,
      title: `Feed failing: ${feedName(feed)}`,
      text: `Polls failing since ${since} (${attempts(after.consecutiveFailures)}): ${f.message}. Retrying with backoff; a notice follows when it recovers.`,
    });
  }
  return { kind: 'failed', errorKind: f.kind, message: f.message };
}

export async function handleRecovery(
  feed: FeedConfig,
  before: FeedState,
  deps: PipelineDeps,
  at: number,
): Promise<void> {
  if (before.consecutiveFailures > 0)
    deps.log.info({ feed: feed.id, failures: before.consecutiveFailures }, `feed ${feed.id} recovered`);
  if (!before.failingNotified) return;
  const since = before.failingSince ? new Date(before.failingSince).toISOString() : 'earlier';
  await notify(feed, deps, at, false, {
    kind: 'notice',
    level: 'info',
    feedId: feed.id,
    title: `Feed recovered: ${feedName(feed)}`,
    text: `Working again (it was failing since ${since}).`,
  });
}

async function notify(
  feed: FeedConfig,
  deps: PipelineDeps,
  at: number,
  notified: boolean,
  payload: Parameters<PipelineDeps['store']['queueNotice']>[2],
): Promise<void> {
  const channels = channelsFollowing(deps.channels, feed.id).map((c) => c.id);
  await deps.store.queueNotice(feed.id, channels, payload, notified, at);
}

/** "Down Wire (down)": the name users chose, and the id the config and logs use. */
function feedName(feed: FeedConfig): string {
  return feed.name && feed.name !== feed.id ? `${feed.name} (${feed.id})` : feed.id;
}

function attempts(n: number): string {
  return n === 1 ? '1 attempt' : `${n} attempts`;
}
