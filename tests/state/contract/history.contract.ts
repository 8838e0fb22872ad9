// What every history store answers, written once (see ./subjects.ts): the same polls give
// the same items, the same search hits (order, snippet, filters) and the same pruning on
// SQLite (FTS5) and PostgreSQL (tsvector).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  HISTORY_TEXT_CHARS,
  HistoryQueryError,
  type HistoryItem,
  type HistorySearchOptions,
  type NewItemRecord,
} from '../../../src/state/interfaces.js';
import { DAY, pollCommit, type Factory, type HistorySubject } from './subjects.js';

const S = '\u0002';
const E = '\u0003';

function item(id: string, title: string, text: string, matched: string[] = []): NewItemRecord {
  return {
    id,
    canonicalLink: null,
    title,
    link: `https://news.example.org/${id}`,
    source: 'Feed A',
    alerts: [],
    mentions: [],
    history: { published: 1_000, text, matched, alerted: matched },
  };
}

const LONG = Array.from({ length: 35 }, (_, i) => (i === 22 ? 'ceasefire' : `w${i + 1}`)).join(' ') + '.';

export function historyContract(name: string, open: Factory<HistorySubject>): void {
  describe(`history store contract: ${name}`, () => {
    let s: HistorySubject;
    beforeEach(async () => {
      s = await open();
      await s.poll.ensureFeed('a', 'https://a.example.org/feed');
    });
    afterEach(() => s.close());

    const all = async (since = 0, pageSize = 2): Promise<HistoryItem[]> => {
      const out: HistoryItem[] = [];
      for await (const page of s.history.items(since, pageSize)) out.push(...page);
      return out;
    };
    const titles = async (q: string, opts: Partial<HistorySearchOptions> = {}) =>
      (await s.history.search(q, { since: 0, limit: 10, ...opts })).map((h) => h.title);
    /** One poll of feed a on day 10 that finds `items` new. */
    const polled = (...items: NewItemRecord[]) => s.poll.commitPoll(pollCommit('a', items, 10 * DAY));

    it('keeps every new item once, silent ones marked and alerting nothing, its text bounded; pages oldest first', async () => {
      const long = item('1', 'First', 'x'.repeat(HISTORY_TEXT_CHARS + 500), ['groups/ttp']);
      await s.poll.commitPoll(pollCommit('a', [long], 10 * DAY, true));
      await s.poll.commitPoll(
        pollCommit(
          'a',
          [item('1', 'First again', 'seen before'), item('2', 'Second', 'body', ['groups/ttp'])],
          11 * DAY,
        ),
      );
      await s.poll.commitPoll(pollCommit('a', [item('3', 'Third', 'body'), item('4', 'Fourth', 'body')], 12 * DAY));
      const items = await all();
      expect(items.map((i) => [i.itemId, i.title, i.silent, i.matched, i.alerted, i.seenAt])).toEqual([
        ['1', 'First', true, ['groups/ttp'], [], 10 * DAY],
        ['2', 'Second', false, ['groups/ttp'], ['groups/ttp'], 11 * DAY],
        ['3', 'Third', false, [], [], 12 * DAY],
        ['4', 'Fourth', false, [], [], 12 * DAY],
      ]);
      expect(items[0]!.text).toHaveLength(HISTORY_TEXT_CHARS);
      expect(items[1]).toMatchObject({
        feedId: 'a',
        link: 'https://news.example.org/2',
        source: 'Feed A',
        published: 1_000,
        text: 'body',
      });
      expect(items.map((i) => i.id)).toEqual([...items.map((i) => i.id)].sort((x, y) => x - y));
      expect((await all(11 * DAY, 1)).map((i) => i.itemId)).toEqual(['2', '3', '4']);
      expect((await all(11 * DAY, 3)).map((i) => i.itemId)).toEqual(['2', '3', '4']);
      expect(await all(13 * DAY)).toEqual([]);
    });

    it("is written in the poll's savepoint: a poll that fails leaves no history", async () => {
      const orphan = { ...pollCommit('no-such-feed', [item('x', 'Orphan ceasefire', 'body')], 10 * DAY) };
      const ok = pollCommit('a', [item('y', 'Kept ceasefire', 'body')], 10 * DAY);
      const results = await Promise.allSettled([s.poll.commitPoll(orphan), s.poll.commitPoll(ok)]);
      expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
      expect((await all()).map((i) => i.title)).toEqual(['Kept ceasefire']);
      expect(await titles('ceasefire')).toEqual(['Kept ceasefire']);
    });

    it('ranks the title above the text, marks the hits, and cuts long texts to 20 words with "…"', async () => {
      await polled(
        item('1', 'Talks in Doha', 'Delegates met. A ceasefire was discussed at length.', ['groups/taliban']),
        item('2', 'Ceasefire holds in Kurram', 'Elders said the truce held.', ['groups/ttp']),
        item('3', 'Long report', LONG),
      );
      const hits = await s.history.search('ceasefire', { since: 0, limit: 10 });
      // A word in a short text counts more than in a long one (bm25, ts_rank normalised by length).
      expect(hits.map((h) => h.title)).toEqual(['Ceasefire holds in Kurram', 'Talks in Doha', 'Long report']);
      expect(hits[0]).toEqual({
        id: expect.any(Number),
        feedId: 'a',
        title: 'Ceasefire holds in Kurram',
        link: 'https://news.example.org/2',
        source: 'Feed A',
        published: 1_000,
        seenAt: 10 * DAY,
        snippet: `${S}Ceasefire${E} holds in Kurram`,
        matched: ['groups/ttp'],
      });
      expect(hits[2]!.snippet).toBe(
        `…w14 w15 w16 w17 w18 w19 w20 w21 w22 ${S}ceasefire${E} w24 w25 w26 w27 w28 w29 w30 w31 w32 w33…`,
      );
      expect(hits[1]!.snippet).toBe(`Delegates met. A ${S}ceasefire${E} was discussed at length.`);
      expect(await titles('ceasefire', { limit: 1 })).toEqual(['Ceasefire holds in Kurram']);
    });

    it('filters by --since and --entity (an id in any watchlist, or watchlist/entity)', async () => {
      await s.poll.commitPoll(
        pollCommit('a', [item('1', 'Talks in Doha', 'A ceasefire was discussed.', ['groups/taliban'])], 10 * DAY),
      );
      await s.poll.commitPoll(
        pollCommit('a', [item('2', 'Ceasefire holds in Kurram', 'The truce held.', ['groups/ttp'])], 12 * DAY),
      );
      expect(await titles('ceasefire', { entity: 'taliban' })).toEqual(['Talks in Doha']);
      expect(await titles('ceasefire', { entity: 'groups/ttp' })).toEqual(['Ceasefire holds in Kurram']);
      expect(await titles('ceasefire', { entity: 'officials/ttp' })).toEqual([]);
      expect(await titles('ceasefire', { since: 11 * DAY })).toEqual(['Ceasefire holds in Kurram']);
      expect(await titles('ceasefire', { since: 13 * DAY })).toEqual([]);
      // The entities' index tokens are never found by words.
      expect(await titles(`p${Buffer.from('groups/ttp').toString('hex')}`)).toEqual([]);
    });

    it('reads a query as words and "phrases", ANDed, never as operators; any script', async () => {
      await polled(
        item('1', 'al-Qaeda statement', 'Talks in Doha ended.'),
        item('2', 'Doha summit', 'The talks were long.'),
        item('3', 'कश्मीर में हमला', 'مُحَمَّد said so'),
        item('4', 'Путин in Minsk', 'or else'),
      );
      expect(await titles('al-Qaeda')).toEqual(['al-Qaeda statement']);
      expect(await titles('"Doha talks"')).toEqual([]);
      expect(await titles('"talks in Doha"')).toEqual(['al-Qaeda statement']);
      expect((await titles('Doha talks')).sort()).toEqual(['Doha summit', 'al-Qaeda statement']);
      expect(await titles('doha -summit')).toEqual(['Doha summit']);
      expect(await titles('Doha or Minsk')).toEqual([]);
      expect(await titles('कश्मीर')).toEqual(['कश्मीर में हमला']);
      expect(await titles('مُحَمَّد')).toEqual(['कश्मीर में हमला']);
      expect(await titles('путин')).toEqual(['Путин in Minsk']);
      for (const q of ['', '"" * -', '  '])
        await expect(s.history.search(q, { since: 0, limit: 10 })).rejects.toBeInstanceOf(HistoryQueryError);
      await expect(s.history.search('* -', { since: 0, limit: 10 })).rejects.toThrow(
        'search: "* -" has no word to search for',
      );
    });

    it('folds accents: "Kabul" finds "Kābul" and the other way round; the snippet keeps the letters', async () => {
      await polled(
        item('1', 'Blast in Kābul', 'Officials blamed the Ḥaqqānī network for the attack.'),
        item('2', 'Kabul airport reopens', 'Flights resumed.'),
        item('3', 'Strike near Peşawar', 'No group claimed it.'),
      );
      expect((await titles('kabul')).sort()).toEqual(['Blast in Kābul', 'Kabul airport reopens']);
      expect((await titles('KĀBUL')).sort()).toEqual(['Blast in Kābul', 'Kabul airport reopens']);
      expect(await titles('pesawar')).toEqual(['Strike near Peşawar']);
      expect(await titles('"haqqani network"')).toEqual(['Blast in Kābul']);
      const [hit] = await s.history.search('haqqani', { since: 0, limit: 10 });
      expect(hit!.snippet).toBe(`Officials blamed the ${S}Ḥaqqānī${E} network for the attack.`);
      const [title] = await s.history.search('kabul blast', { since: 0, limit: 10 });
      expect(title!.snippet).toBe(`${S}Blast${E} in ${S}Kābul${E}`);
    });

    it('keeps an item whose text holds a NUL character', async () => {
      await polled(item('1', 'Odd\u0000 feed', 'ceasefire\u0000 text'));
      expect(await titles('ceasefire')).toHaveLength(1);
    });

    it('is pruned with retention, its search index and entity filter with it', async () => {
      await s.poll.commitPoll(pollCommit('a', [item('old', 'Old ceasefire', 'body', ['groups/ttp'])], 1 * DAY));
      await s.poll.commitPoll(pollCommit('a', [item('new', 'New ceasefire', 'body')], 100 * DAY));
      expect((await s.prune(50 * DAY)).history).toBe(1);
      expect(await titles('ceasefire')).toEqual(['New ceasefire']);
      expect((await all()).map((i) => i.itemId)).toEqual(['new']);
      expect(await titles('ceasefire', { entity: 'ttp' })).toEqual([]);
    });
  });
}
