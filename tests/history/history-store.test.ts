// The history in the SQLite state file: written with the poll (silent polls too, bounded
// text, nothing for an item already seen), searched through FTS5, pruned with retention.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  HISTORY_TEXT_CHARS,
  HistoryQueryError,
  type HistoryItem,
  type NewItemRecord,
  type PollCommit,
} from '../../src/state/interfaces.js';
import { ftsQuery } from '../../src/state/history-store.js';
import { Store } from '../../src/state/store.js';

let dir: string;
let store: Store;
const DAY = 86_400_000;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nw-history-store-'));
  store = Store.open(join(dir, 'state.db'));
  store.poll.ensureFeed('a', 'https://a.example.org/feed');
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function item(id: string, title: string, text: string, matched: string[] = []): NewItemRecord {
  return {
    id,
    canonicalLink: null,
    title,
    link: `https://news.example.org/${id}`,
    source: 'Feed A',
    alerts: [],
    mentions: [],
    history: { published: 1_000, text, matched, alerted: [] },
  };
}

function commit(items: NewItemRecord[], at: number, silent = false): PollCommit {
  return {
    feedId: 'a',
    at,
    etag: null,
    lastModified: null,
    title: null,
    nextPollAt: null,
    presentIds: items.map((i) => i.id),
    newItems: items,
    silent,
    dedup: { windowMs: 2 * DAY, titleSimilarity: 0.8 },
  };
}

async function all(since = 0): Promise<HistoryItem[]> {
  const out: HistoryItem[] = [];
  for await (const page of store.history.items(since, 2)) out.push(...page);
  return out;
}

describe('history store', () => {
  it('keeps every new item once, silent ones marked, its text bounded', async () => {
    await store.poll.commitPoll(commit([item('1', 'First', 'x'.repeat(HISTORY_TEXT_CHARS + 500))], 10 * DAY, true));
    await store.poll.commitPoll(
      commit([item('1', 'First again', 'seen before'), item('2', 'Second', 'body', ['groups/ttp'])], 11 * DAY),
    );
    await store.poll.commitPoll(commit([item('3', 'Third', 'body')], 12 * DAY));
    const items = await all();
    expect(items.map((i) => [i.itemId, i.title, i.silent, i.matched])).toEqual([
      ['1', 'First', true, []],
      ['2', 'Second', false, ['groups/ttp']],
      ['3', 'Third', false, []],
    ]);
    expect(items[0]!.text).toHaveLength(HISTORY_TEXT_CHARS);
    expect((await all(11 * DAY)).map((i) => i.itemId)).toEqual(['2', '3']);
  });

  it("is written in the poll's savepoint: a poll that fails leaves no history", async () => {
    const orphan = { ...commit([item('x', 'Orphan ceasefire', 'body')], 10 * DAY), feedId: 'no-such-feed' };
    const ok = commit([item('y', 'Kept ceasefire', 'body')], 10 * DAY);
    const results = await Promise.allSettled([store.poll.commitPoll(orphan), store.poll.commitPoll(ok)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    expect((await all()).map((i) => i.title)).toEqual(['Kept ceasefire']);
    expect((await store.history.search('ceasefire', { since: 0, limit: 10 })).map((h) => h.title)).toEqual([
      'Kept ceasefire',
    ]);
  });

  it('searches with bm25 (title above body), --since and --entity, and never passes FTS5 syntax through', async () => {
    await store.poll.commitPoll(
      commit(
        [
          item('1', 'Talks in Doha', 'Delegates met. A ceasefire was discussed at length.', ['groups/taliban']),
          item('2', 'Ceasefire holds in Kurram', 'Elders said the truce held.', ['groups/ttp']),
        ],
        10 * DAY,
      ),
    );
    const hits = await store.history.search('ceasefire', { since: 0, limit: 10 });
    expect(hits.map((h) => h.title)).toEqual(['Ceasefire holds in Kurram', 'Talks in Doha']);
    expect(hits[1]!.snippet).toBe('Delegates met. A \u0002ceasefire\u0003 was discussed at length.');
    expect(
      (await store.history.search('ceasefire', { since: 0, entity: 'taliban', limit: 10 })).map((h) => h.title),
    ).toEqual(['Talks in Doha']);
    expect(
      (await store.history.search('ceasefire', { since: 0, entity: 'groups/ttp', limit: 10 })).map((h) => h.title),
    ).toEqual(['Ceasefire holds in Kurram']);
    expect(await store.history.search('ceasefire', { since: 0, entity: 'officials/ttp', limit: 10 })).toEqual([]);
    expect(await store.history.search('ceasefire', { since: 11 * DAY, limit: 10 })).toEqual([]);
    expect(ftsQuery('al-Qaeda "Doha talks" NEAR(x) *')).toBe(
      '{title body} : ("al Qaeda" AND "Doha talks" AND "NEAR x")',
    );
    // Words with combining marks (Devanagari vowel signs, Arabic harakat) are found: query and index split them alike.
    await store.poll.commitPoll(commit([item('3', 'कश्मीर में हमला', 'مُحَمَّد said')], 10 * DAY));
    expect((await store.history.search('कश्मीर', { since: 0, limit: 10 })).map((h) => h.title)).toEqual([
      'कश्मीर में हमला',
    ]);
    expect((await store.history.search('مُحَمَّد', { since: 0, limit: 10 })).map((h) => h.title)).toEqual(['कश्मीर में हमला']);
    // The entities' index tokens are never found by words.
    expect(
      await store.history.search(`p${Buffer.from('groups/ttp').toString('hex')}`, { since: 0, limit: 10 }),
    ).toEqual([]);
    await expect(store.history.search('"" * -', { since: 0, limit: 10 })).rejects.toBeInstanceOf(HistoryQueryError);
  });

  it('is pruned with retention, its search index with it', async () => {
    await store.poll.commitPoll(commit([item('old', 'Old ceasefire', 'body', ['groups/ttp'])], 1 * DAY));
    await store.poll.commitPoll(commit([item('new', 'New ceasefire', 'body')], 100 * DAY));
    const r = store.prune(50 * DAY);
    expect(r.history).toBe(1);
    expect((await store.history.search('ceasefire', { since: 0, limit: 10 })).map((h) => h.title)).toEqual([
      'New ceasefire',
    ]);
    expect((await all()).map((i) => i.itemId)).toEqual(['new']);
    expect(await store.history.search('ceasefire', { since: 0, entity: 'ttp', limit: 10 })).toEqual([]);
  });
});
