// A sink that returns no message id (the Slack incoming webhook: messageId null) cannot
// have its message edited. A later source of the same story must then not leave the row
// flagged for an edit forever: the channel would always look busy and the row would
// never be pruned.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { AlertPayload } from '../../src/core/types.js';
import type { NewItemRecord, PollCommit } from '../../src/state/interfaces.js';
import { Store } from '../../src/state/store.js';

let dir: string;
let store: Store;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nw-state-noid-'));
  store = Store.open(join(dir, 'state.db'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function item(id: string, title: string, source: string): NewItemRecord {
  const payload: AlertPayload = {
    kind: 'alert',
    feedId: 'a',
    source,
    title,
    link: null,
    published: null,
    summary: [],
    matches: [],
    alsoReportedBy: [],
  };
  return {
    id,
    canonicalLink: 'https://news.example.org/story',
    title,
    link: 'https://news.example.org/story',
    source,
    alerts: [{ channelId: 'hook', payload }],
    mentions: [],
  };
}

function commit(feedId: string, items: NewItemRecord[], at: number): PollCommit {
  return {
    feedId,
    at,
    etag: null,
    lastModified: null,
    title: 'A feed',
    nextPollAt: null,
    presentIds: items.map((i) => i.id),
    newItems: items,
    silent: false,
    dedup: { windowMs: 86_400_000, titleSimilarity: 0.8 },
  };
}

it('a sent row without a message id is not flagged for an edit, and is pruned like any sent row', async () => {
  store.poll.ensureFeed('a', 'u');
  store.poll.ensureFeed('b', 'v');
  await store.poll.commitPoll(commit('a', [item('1', 'Envoy meets officials in Doha', 'Feed A')], 1_000));
  const [row] = store.outbox.pending('hook', 10);
  store.outbox.markSent([row!.id], null, 2_000);
  const r = await store.poll.commitPoll(commit('b', [item('9', 'Envoy meets officials in Doha', 'Feed B')], 3_000));
  expect(r.duplicates).toBe(1);
  expect(store.outbox.channelsWithWork()).toEqual([]);
  expect(store.outbox.pendingEdits('hook', 10)).toEqual([]);
  expect(store.prune(10_000).outbox).toBe(1);
});
