// The briefing's queuing: one outbox row per channel and firing, whatever evaluates it
// again (a second call, a restart on the same file), and the outbox row sends it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { BriefingPayload } from '../../src/core/types.js';
import { Store } from '../../src/state/store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const payload: BriefingPayload = {
  kind: 'briefing',
  from: 0,
  to: 86_400_000,
  timezone: 'UTC',
  entities: [],
  stories: [],
  rising: [],
  falling: [],
};

it('queues a firing once per channel, across a reopened state file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nw-briefing-store-'));
  dirs.push(dir);
  const file = join(dir, 'state.db');
  let store = Store.open(file);
  expect(await store.briefing.briefingQueued('desk', 86_400_000)).toBe(false);
  expect(await store.briefing.queueBriefing('desk', 86_400_000, payload, 1)).toBe(true);
  expect(await store.briefing.queueBriefing('desk', 86_400_000, payload, 2)).toBe(false);
  expect(await store.briefing.queueBriefing('other', 86_400_000, payload, 2)).toBe(true);
  expect(await store.briefing.queueBriefing('desk', 2 * 86_400_000, payload, 3)).toBe(true);
  store.close();
  store = Store.open(file);
  try {
    expect(await store.briefing.briefingQueued('desk', 86_400_000)).toBe(true);
    expect(await store.briefing.queueBriefing('desk', 86_400_000, payload, 4)).toBe(false);
    const rows = store.outbox.pending('desk', 10);
    expect(rows.map((r) => [r.payload.kind, r.storyId, r.createdAt])).toEqual([
      ['briefing', null, 1],
      ['briefing', null, 3],
    ]);
    expect(store.outbox.pending('other', 10)).toHaveLength(1);
    // Retention forgets the keys of firings before its cut, with the rest of the old state.
    expect(store.prune(2 * 86_400_000).briefings).toBe(2);
    expect(await store.briefing.briefingQueued('desk', 2 * 86_400_000)).toBe(true);
  } finally {
    store.close();
  }
});
