// Issue 10 §2: nothing the sender does on a timer throws past it. An outbox that fails
// (the state file damaged, the disk full) is handed to the owner's onError, and the
// sender keeps its timers; today's crash was `channelsWithWork` throwing out of kick()
// on the safety-poll interval.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createSinks, Sender } from '../../src/deliver/index.js';
import { MemoryOutbox } from '../helpers/memory-outbox.js';
import { alert, captureLog, channel, ManualClock } from './fixtures.js';

const notADatabase = () => Object.assign(new Error('file is not a database'), { code: 'SQLITE_NOTADB' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function setup(store: MemoryOutbox, held: () => string | null = () => null) {
  const channels = [channel('log', { console: true })];
  const out = new Writable({ write: (_c, _e, cb) => cb() });
  const errors: string[] = [];
  const { log } = captureLog();
  const sender = new Sender({
    store,
    sinks: createSinks(channels, { discord: {}, out, http: { userAgent: 'newswatch-test', timeoutMs: 1000 } }),
    channels,
    clock: new ManualClock(),
    log,
    pollMs: 10,
    onError: (err, context) => errors.push(`${context}: ${(err as Error).message}`),
    held,
  });
  return { sender, errors };
}

describe('sender background errors', () => {
  it('hands a failing outbox read on its timers to onError and keeps running', async () => {
    const store = new MemoryOutbox();
    let broken = false;
    const channelsWithWork = store.channelsWithWork.bind(store);
    store.channelsWithWork = () => {
      if (broken) throw notADatabase();
      return channelsWithWork();
    };
    const { sender, errors } = setup(store);
    sender.start();
    broken = true;
    await sleep(80); // several safety polls, each reading the broken outbox
    sender.kick(); // and a kick after a poll
    expect(errors.length).toBeGreaterThan(1);
    expect(errors[0]).toBe('reading the outbox: file is not a database');
    // Repaired: the next safety poll delivers.
    broken = false;
    store.enqueue('log', alert(1));
    await sleep(80);
    expect(store.countPending('log')).toBe(0);
    await sender.stop(100);
  });

  it('hands a failure inside a channel drain to onError (drainOnce too), and starts nothing while held', async () => {
    const store = new MemoryOutbox();
    store.enqueue('log', alert(1));
    store.markAttempt = () => {
      throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    };
    let held: string | null = null;
    const { sender, errors } = setup(store, () => held);
    await sender.drainOnce();
    expect(errors).toEqual(['channel log: delivery: database or disk is full']);
    held = 'state file lost';
    errors.length = 0;
    sender.start();
    await sleep(50);
    expect(errors).toEqual([]);
    await sender.stop(100);
  });
});
