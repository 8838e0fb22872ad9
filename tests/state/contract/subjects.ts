// The stores under contract: one factory per implementation. Every store call in the
// suites is awaited, so a backend whose calls return promises (PostgreSQL) runs them as
// they are. Each contract suite (./outbox.contract.ts, ./poll.contract.ts) is written once
// against these factories and run by ./stores.test.ts for every backend listed there. A new
// backend (PostgreSQL) adds its factories and one line per suite in stores.test.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AlertPayload, Match, NoticePayload } from '../../../src/core/types.js';
import type {
  AlertLookup,
  BriefingStore,
  CommandRegistry,
  FeedbackStore,
  HistoryReader,
  MuteStore,
  NewItemRecord,
  OutboxStore,
  PollCommit,
  PollStore,
} from '../../../src/state/interfaces.js';
import { PgStore } from '../../../src/state/postgres/store.js';
import type { StatusStore } from '../../../src/state/status-store.js';
import { Store, type PruneResult } from '../../../src/state/store.js';
import { withSources } from '../../../src/stories/index.js';
import { MemoryOutbox } from '../../helpers/memory-outbox.js';
import { freshSchemaUrl } from '../../helpers/postgres.js';

export const DAY = 86_400_000;

/** An outbox with the two ways rows come into it (a poll's alert or notice; a later source of a story). */
export interface OutboxSubject {
  outbox: OutboxStore;
  /** Queue one message to a channel as a poll would; returns its row id. */
  enqueue(channelId: string, payload: AlertPayload | NoticePayload, at: number): Promise<number>;
  /** Another outlet reported the story of alert row `id` (a sent alert then needs an edit). */
  alsoReported(id: number, source: string, at: number): Promise<void>;
  close(): Promise<void>;
}

export interface PollSubject {
  poll: PollStore;
  outbox: OutboxStore;
  close(): Promise<void>;
}

export type Factory<T> = () => Promise<T>;

/** A temporary SQLite state file, removed on close. */
function sqliteFile(): { store: Store; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'nw-contract-'));
  const store = Store.open(join(dir, 'state.db'));
  return {
    store,
    remove: () => {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const sqlitePoll: Factory<PollSubject> = async () => {
  const { store, remove } = sqliteFile();
  return { poll: store.poll, outbox: store.outbox, close: async () => remove() };
};

/** A whole state: polls write the history, which search, backtest and the briefing read; retention prunes it. */
export interface HistorySubject extends PollSubject {
  history: HistoryReader;
  briefing: BriefingStore;
  prune(before: number): Promise<PruneResult>;
}

export const sqliteState: Factory<HistorySubject> = async () => {
  const { store, remove } = sqliteFile();
  return {
    poll: store.poll,
    outbox: store.outbox,
    history: store.history,
    briefing: store.briefing,
    prune: async (before) => store.prune(before),
    close: async () => remove(),
  };
};

export const postgresState: Factory<HistorySubject> = async () => {
  const store = await PgStore.open(await freshSchemaUrl());
  return {
    poll: store.poll,
    outbox: store.outbox,
    history: store.history,
    briefing: store.briefing,
    prune: (before) => store.prune(before),
    close: () => store.close(),
  };
};

/** A PostgreSQL store in a schema of its own in this run's test database (tests/helpers/postgres.ts). */
export const postgresPoll: Factory<PollSubject> = async () => {
  const store = await PgStore.open(await freshSchemaUrl());
  return { poll: store.poll, outbox: store.outbox, close: () => store.close() };
};

/** The stores the Discord bot and the status readers use, beside the poll store that writes what they read. */
export interface FacesSubject extends PollSubject {
  interact: MuteStore & FeedbackStore & AlertLookup & CommandRegistry;
  status: StatusStore;
  /** Close the store and open the same file or database again: this subject's stores become the new ones. */
  reopen(): Promise<void>;
}

export const sqliteFaces: Factory<FacesSubject> = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nw-contract-'));
  const file = join(dir, 'state.db');
  let store = Store.open(file);
  const faces = (st: Store) => ({ poll: st.poll, outbox: st.outbox, interact: st.interact, status: st.status });
  const subject: FacesSubject = {
    ...faces(store),
    async reopen() {
      store.close();
      store = Store.open(file);
      Object.assign(subject, faces(store));
    },
    async close() {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return subject;
};

export const postgresFaces: Factory<FacesSubject> = async () => {
  const url = await freshSchemaUrl();
  let store = await PgStore.open(url);
  const faces = (st: PgStore) => ({ poll: st.poll, outbox: st.outbox, interact: st.interact, status: st.status });
  const subject: FacesSubject = {
    ...faces(store),
    async reopen() {
      await store.close();
      store = await PgStore.open(url);
      Object.assign(subject, faces(store));
    },
    close: () => store.close(),
  };
  return subject;
};

/**
 * The outbox of a real poll store: rows come in through commitPoll (an alert, one item of
 * its own, one story each) or queueNotice, and "also reported" through a commit from a
 * second feed with the same canonical link, exactly as in production.
 */
export function outboxOfPollStore(open: Factory<PollSubject>): Factory<OutboxSubject> {
  return async () => {
    const s = await open();
    const links = new Map<number, string>();
    let n = 0;
    await s.poll.ensureFeed('contract-a', 'https://a.example.org/feed');
    await s.poll.ensureFeed('contract-b', 'https://b.example.org/feed');
    const newest = async (channelId: string) =>
      Math.max(...(await s.outbox.pending(channelId, 10_000)).map((r) => r.id));
    return {
      outbox: s.outbox,
      async enqueue(channelId, payload, at) {
        if (payload.kind === 'notice') {
          await s.poll.queueNotice('contract-a', [channelId], payload, true, at);
          return await newest(channelId);
        }
        const link = `https://news.example.org/contract/${++n}`;
        const record: NewItemRecord = {
          id: `item-${n}`,
          canonicalLink: link,
          title: `Contract item ${n}`,
          link,
          source: payload.source,
          alerts: [{ channelId, payload }],
          mentions: [],
        };
        await s.poll.commitPoll(pollCommit('contract-a', [record], at));
        const id = await newest(channelId);
        links.set(id, link);
        return id;
      },
      async alsoReported(id, source, at) {
        const link = links.get(id);
        if (!link) throw new Error(`row ${id} is not an alert of this test`);
        const record: NewItemRecord = {
          id: `also-${++n}`,
          canonicalLink: link,
          title: `Another headline ${n}`,
          link,
          source,
          alerts: [{ channelId: 'elsewhere', payload: alert(`Another headline ${n}`, source) }],
          mentions: [],
        };
        await s.poll.commitPoll(pollCommit('contract-b', [record], at));
      },
      close: s.close,
    };
  };
}

/** The in-memory fake of the sender tests (tests/helpers/memory-outbox.ts). */
export const memoryOutbox: Factory<OutboxSubject> = async () => {
  const store = new MemoryOutbox();
  return {
    outbox: store,
    enqueue: async (channelId, payload, at) => store.enqueue(channelId, payload, { at }).id,
    async alsoReported(id, source) {
      const p = store.row(id).payload as AlertPayload;
      const sources = [p.source, ...p.alsoReportedBy];
      if (!sources.includes(source)) store.update(id, withSources(p, [...sources, source]));
    },
    close: async () => {},
  };
};

/** A new item alerting `channels` for `matches`, mentioning each matched entity. */
export function matchedItem(
  id: string,
  title: string,
  matches: Match[],
  channels = ['desk'],
  source = 'Dawn',
): NewItemRecord {
  const link = `https://news.example.org/${id}`;
  const payload: AlertPayload = { ...alert(title, source), link, matches };
  return {
    id,
    canonicalLink: link,
    title,
    link,
    source,
    alerts: channels.map((channelId) => ({ channelId, payload })),
    mentions: matches.map((m) => ({ watchlist: m.watchlist, entity: m.entity })),
  };
}

export function alert(title: string, source = 'Feed A'): AlertPayload {
  return {
    kind: 'alert',
    feedId: 'contract-a',
    source,
    title,
    link: null,
    published: null,
    summary: [],
    matches: [],
    alsoReportedBy: [],
  };
}

export function pollCommit(feedId: string, items: NewItemRecord[], at: number, silent = false): PollCommit {
  return {
    feedId,
    at,
    etag: `"${at}"`,
    lastModified: null,
    title: `Feed ${feedId}`,
    nextPollAt: at + 600_000,
    presentIds: items.map((i) => i.id),
    newItems: items,
    silent,
    dedup: { windowMs: 2 * DAY, titleSimilarity: 0.8 },
  };
}
