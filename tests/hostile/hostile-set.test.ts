// The hostile set (issue 10 §1, §5) through the fetch and parse stages as the service runs
// them (fetchFeed, then the ParsePool with its defaults): every case ends in its classified
// outcome, and the process survives them all. The SSRF cases are requested through a name
// the test declares public (tests/fetch/support.ts), since the server is on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchFeed } from '../../src/fetch/index.js';
import type { ParseResult } from '../../src/parse/index.js';
import { BOUNDS } from '../../src/parse/pool/bounds.js';
import { ParsePool } from '../../src/parse/pool/index.js';
import { options, testNetwork } from '../fetch/support.js';
import { startHostileServer, type HostileCase, type HostileServer } from './hostile-server.js';

let hostile: HostileServer;
let pool: ParsePool;
beforeAll(async () => {
  hostile = await startHostileServer();
  pool = new ParsePool();
});
afterAll(async () => {
  await pool?.close();
  await hostile?.close();
});

type Outcome = { kind: string; message?: string; parsed?: Extract<ParseResult, { ok: true }> };

/** One poll's fetch and parse, as pollFeed runs them; the kind is the failure's or 'ok'. */
async function poll(c: HostileCase): Promise<Outcome> {
  const port = new URL(hostile.server.origin).port;
  const url = c.viaPublicName ? `http://feeds.public.test:${port}${c.path}` : hostile.server.url(c.path);
  const fetched = await fetchFeed(
    { feedId: 'hostile', url },
    options({ timeoutMs: 1500, maxBytes: 10 * 1024 * 1024, network: testNetwork }),
  );
  if (fetched.kind === 'failed') return { kind: fetched.error.kind, message: fetched.error.message };
  if (fetched.kind === 'not-modified') return { kind: 'not-modified' };
  const parsed = await pool.parse(fetched.body, { url: fetched.url, contentType: fetched.contentType });
  return parsed.ok ? { kind: 'ok', parsed } : { kind: parsed.error.kind, message: parsed.error.message };
}

const byName = (name: string): HostileCase => {
  const c = hostile.cases.find((x) => x.name === name);
  if (!c) throw new Error(`no hostile case ${name}`);
  return c;
};

async function expectOutcome(name: string): Promise<Outcome> {
  const c = byName(name);
  const r = await poll(c);
  expect(r.kind, `${name}: ${r.message ?? ''}`).toBe(c.expect);
  return r;
}

describe('the hostile set, each case classified', () => {
  it('quadratic entity → too-complex (expansion budget)', async () => {
    expect((await expectOutcome('quadratic entity')).message).toMatch(/entity expansion exceeds its budget/);
  });

  it('one 60,000-character entity → too-complex (entity value length)', async () => {
    expect((await expectOutcome('one 60,000-character entity')).message).toMatch(/&big; is 60000 characters long/);
  });

  it('billion laughs → parsed, nested entities never expanded', async () => {
    const { parsed } = await expectOutcome('billion laughs');
    expect(parsed?.feed.items[0]?.title).toBe('Laughs &lol9;');
  });

  it('XXE → parsed, external entities neither read nor fetched', async () => {
    const { parsed } = await expectOutcome('XXE');
    expect(parsed?.feed.items[0]?.title).not.toContain('root:');
    expect(hostile.xxeProbes()).toBe(0);
  });

  it('deep nesting (100,000 levels) → too-complex, before any parse', async () => {
    expect((await expectOutcome('deep nesting')).message).toBe('elements nest more than 10000 levels deep; refused');
  });

  it('nesting 5,000 levels → parsed in a worker, the items before it kept', async () => {
    const { parsed } = await expectOutcome('nesting 5,000 levels');
    expect(parsed?.feed.items[0]?.title).toBe('Before the abyss');
  });

  it('60 MB body → too-large', async () => {
    await expectOutcome('60 MB body');
  });

  it('gzip bomb → too-large (the decoded size counts)', async () => {
    await expectOutcome('gzip bomb');
  });

  it('trickle → timeout (the deadline covers the body)', async () => {
    await expectOutcome('trickle');
  });

  it('hang → timeout', async () => {
    await expectOutcome('hang');
  });

  it('50,000 items → parsed in a worker, bounded to the first items', async () => {
    const { parsed } = await expectOutcome('50,000 items');
    expect(parsed?.feed.items).toHaveLength(BOUNDS.items);
    expect(parsed?.feed.items[0]?.title).toBe('Story number 0');
    expect(parsed?.warnings).toContain(`the feed has 50000 items; kept the first ${BOUNDS.items}`);
  });

  it('5 MB titles → parsed, titles cut to the bound', async () => {
    const { parsed } = await expectOutcome('5 MB titles');
    expect(parsed?.feed.items.map((i) => i.title.length)).toEqual([BOUNDS.title, BOUNDS.title]);
  });

  it('redirect loop → too-many-redirects', async () => {
    await expectOutcome('redirect loop');
  });

  it('redirect to the metadata address → blocked-address', async () => {
    expect((await expectOutcome('redirect to the metadata address')).message).toMatch(
      /169\.254\.169\.254: a linkLocal address/,
    );
  });

  it('redirect to a loopback address → blocked-address', async () => {
    await expectOutcome('redirect to a loopback address');
  });

  it('discovery to a private address → blocked-address', async () => {
    await expectOutcome('discovery to a private address');
  });
});

describe('the parse pool limits', () => {
  it('refuses a document over the worker heap as too-complex, and the pool keeps working', async () => {
    const small = new ParsePool({ heapMb: 24, inProcessBelow: 0 });
    try {
      const body = Buffer.from((await (await fetch(hostile.server.url('/50k-items.xml'))).text()).repeat(2));
      const r = await small.parse(body, {});
      expect(r).toMatchObject({
        ok: false,
        error: { kind: 'too-complex', message: expect.stringMatching(/needed more than 24 MB/) },
      });
      const next = await small.parse(Buffer.from('<rss><channel><title>Fine</title></channel></rss>'), {});
      expect(next).toMatchObject({ ok: true, feed: { title: 'Fine' } });
    } finally {
      await small.close();
    }
  });

  it('refuses a document over the time limit as too-complex', async () => {
    const slow = new ParsePool({ timeoutMs: 20, inProcessBelow: 0 });
    try {
      const body = Buffer.from(await (await fetch(hostile.server.url('/50k-items.xml'))).text());
      expect(await slow.parse(body, {})).toMatchObject({
        ok: false,
        error: { kind: 'too-complex', message: expect.stringMatching(/longer than 20 ms/) },
      });
    } finally {
      await slow.close();
    }
  });

  it('does not parse the same big body from the same URL twice, but does once it changes', async () => {
    const pool = new ParsePool({ inProcessBelow: 0 });
    try {
      const doc = (title: string) =>
        Buffer.from(
          `<rss><channel><title>${title}</title>${'<item><title>t</title></item>'.repeat(50)}</channel></rss>`,
        );
      const ctx = { url: 'http://feeds.example/big.xml' };
      const first = await pool.parse(doc('One'), ctx);
      expect(await pool.parse(doc('One'), ctx)).toEqual(first);
      expect(pool.workerRuns).toBe(1);
      expect(await pool.parse(doc('One'), { url: 'http://feeds.example/other.xml' })).toEqual(first);
      expect(pool.workerRuns).toBe(2);
      expect(await pool.parse(doc('Two'), ctx)).toMatchObject({ ok: true, feed: { title: 'Two' } });
      expect(pool.workerRuns).toBe(3);
    } finally {
      await pool.close();
    }
  });

  it('parses again a body that timed out (a timeout may be the machine, not the body)', async () => {
    const slow = new ParsePool({ timeoutMs: 20, inProcessBelow: 0 });
    try {
      const text = await (await fetch(hostile.server.url('/50k-items.xml'))).text();
      const ctx = { url: hostile.server.url('/50k-items.xml') };
      expect(await slow.parse(Buffer.from(text), ctx)).toMatchObject({ ok: false, error: { kind: 'too-complex' } });
      await slow.parse(Buffer.from(text), ctx);
      expect(slow.workerRuns).toBe(2);
    } finally {
      await slow.close();
    }
  });
});
