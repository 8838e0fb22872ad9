// The Matrix sink against a fake homeserver over real HTTP, driven by the real sender:
// m.room.message with body and HTML formatted_body, m.replace edits, quiet digests,
// injection (@room, HTML), the event size limit, 429 and 5xx, permanent errors that stop
// one channel, and exactly once for an uncertain send (transaction id, then lookup).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderMatrix } from '../../src/deliver/sinks/matrix.js';
import { matrixFaults as faults, startFakeMatrix, type FakeMatrix } from '../helpers/fake-matrix.js';
import { chatHarness, type ChatHarness } from './chat-harness.js';
import { alert, channel, ManualClock, match } from './fixtures.js';

const ROOM = '!desk:fake.example.org';
const ROOM2 = '!other:fake.example.org';
let fake: FakeMatrix;
let clock: ManualClock;
let h: ChatHarness;

beforeEach(async () => {
  clock = new ManualClock();
  fake = await startFakeMatrix({ now: clock.now });
  fake.join(ROOM);
  fake.join(ROOM2);
});
afterEach(async () => {
  await h?.close();
  await fake.close();
});

const mx = (id: string, room: string, extra = {}, token = fake.token) =>
  channel(id, { matrix: { homeserver: fake.homeserver, token, room } }, extra);
const allowedTags = new Set(['b', 'i', 'a', 'br']);

describe('Matrix sink', () => {
  it('sends an alert as m.text: plain body, HTML formatted_body, no mentions, its ref in the content', async () => {
    h = chatHarness([mx('mx', ROOM)], clock);
    const row = h.store.enqueue('mx', alert(1));
    await h.sender.drainOnce();
    const [e] = fake.messages(ROOM);
    expect(h.store.row(row.id)).toMatchObject({ status: 'sent', messageId: e!.event_id });
    expect(e!.txnId).toBe(`nw.${row.nonce}`);
    expect(e!.content).toMatchObject({
      msgtype: 'm.text',
      format: 'org.matrix.custom.html',
      'm.mentions': {},
      'org.newswatch.ref': row.nonce,
    });
    expect(String(e!.content.formatted_body).split('<br>')).toEqual([
      '<b><a href="https://news.example.org/2024/jalalabad-1">Blast near Jalalabad checkpoint, report 1</a></b>',
      'Officials in Jalalabad said on Tuesday that <b>ISKP</b> claimed the roadside blast (report 1).',
      'Frontier Wire · 2024-05-14 06:30 UTC',
      '<b>Matched:</b> Islamic State Khorasan Province (title, body)',
      `<i>newswatch · ref ${row.nonce}</i>`,
    ]);
    expect(String(e!.content.body)).toContain(
      'Blast near Jalalabad checkpoint, report 1\nhttps://news.example.org/2024/jalalabad-1',
    );
  });

  it('edits with m.replace (m.new_content), once even when the edit is retried', async () => {
    h = chatHarness([mx('mx', ROOM)], clock);
    const r1 = h.store.enqueue('mx', alert(1));
    await h.sender.drainOnce();
    h.store.update(r1.id, alert(1, { alsoReportedBy: ['Kabul Ledger', 'Peshawar <Post>'] }));
    fake.fail('send', faults.hang({ afterCreate: true }));
    await h.cycle();
    expect(h.store.row(r1.id).editPending).toBe(true);
    clock.advance(60_000);
    await h.sender.drainOnce();
    expect(h.store.row(r1.id).editPending).toBe(false);
    const [e] = fake.messages(ROOM);
    expect(fake.edits(ROOM)).toHaveLength(1); // the retried edit was the same transaction
    expect(e!.edits).toBe(1);
    const edit = fake.edits(ROOM)[0]!.content;
    expect(edit['m.relates_to']).toEqual({ rel_type: 'm.replace', event_id: e!.event_id });
    expect(edit['m.mentions']).toEqual({});
    expect(String(edit.body)).toMatch(/^\* ━━ UPDATE/);
    expect(e!.current.formatted_body).toContain('<b>Also reported by:</b> Kabul Ledger, Peshawar &lt;Post&gt;');
    expect(e!.current.formatted_body).toContain(`ref ${r1.nonce}`);
  });

  it('sends digests and notices as m.notice, one line per alert', async () => {
    h = chatHarness([mx('mx', ROOM, { digestAfter: 2 })], clock);
    for (let i = 1; i <= 12; i++) h.store.enqueue('mx', alert(i));
    h.store.enqueue('mx', {
      kind: 'notice',
      level: 'warning',
      title: 'Feed wire failing',
      text: 'HTTP 403 since 06:00',
      feedId: 'wire',
    });
    await h.sender.drainOnce();
    const msgs = fake.messages(ROOM);
    expect(msgs.map((e) => e.content.msgtype)).toEqual(['m.text', 'm.text', 'm.notice', 'm.notice']);
    const lines = String(msgs[2]!.content.formatted_body).split('<br>');
    expect(lines[0]).toBe('<b>10 more alerts</b>');
    expect(lines.slice(1, -1)).toHaveLength(10);
    expect(String(msgs[3]!.content.formatted_body)).toContain('<b>Feed:</b> wire');
  });

  it('article text cannot ping the room or anyone, nor add HTML', async () => {
    h = chatHarness([mx('mx', ROOM)], clock);
    const inject =
      '@room @alice:example.org <b>x</b> <img src="mxc://evil/1"> ' +
      '<a href="https://evil.example">click</a> <mx-reply>r</mx-reply> & "q"';
    const evil = alert(1, {
      title: `Claim ${inject}`,
      source: inject,
      summary: [[{ text: `Text ${inject}`, highlight: false }]],
      alsoReportedBy: [inject],
      matches: [match(inject, 'title')],
      link: 'javascript:alert(1)',
    });
    const row = h.store.enqueue('mx', evil);
    await h.sender.drainOnce();
    h.store.update(row.id, { ...evil, alsoReportedBy: [inject, inject] });
    await h.sender.drainOnce();
    const [e] = fake.messages(ROOM);
    expect(e!.pings).toEqual([]);
    expect(e!.edits).toBe(1);
    for (const content of [e!.content, e!.current, fake.edits(ROOM)[0]!.content]) {
      expect(String(content.body)).not.toMatch(/@room|@alice/);
      expect(String(content.body)).toContain('@\u200broom');
    }
    expect(e!.tags.every((t) => allowedTags.has(t))).toBe(true);
    expect(e!.tags).not.toContain('a');
    expect(String(e!.content.formatted_body)).toContain('&lt;img src=&quot;mxc://evil/1&quot;&gt;');
    // A link in the plain body stays whole, even one with '@' in it (on its own line).
    const body = renderMatrix(alert(2, { link: 'https://social.example.org/@reporter/1' }), 'nw-2').body;
    expect(body).toContain('\nhttps://social.example.org/@reporter/1\n');
  });

  it('keeps every event under 65,536 bytes, edits included', async () => {
    h = chatHarness([mx('mx', ROOM)], clock);
    const long = '<ه> کابل '.repeat(6000);
    const names = Array.from({ length: 300 }, (_, i) => `Outlet <${i}> & sons`);
    const big = alert(1, {
      title: long,
      source: long,
      summary: [
        [
          { text: long, highlight: false },
          { text: 'ISKP', highlight: true },
          { text: long, highlight: false },
        ],
      ],
      alsoReportedBy: names,
      matches: names.map((x) => match(x, 'content')),
    });
    const row = h.store.enqueue('mx', big);
    await h.sender.drainOnce();
    h.store.update(row.id, { ...big, alsoReportedBy: [...names, 'One more'] });
    await h.sender.drainOnce();
    expect(h.events.filter((e) => e.type === 'sent' || e.type === 'edited')).toHaveLength(2);
    expect(Buffer.byteLength(JSON.stringify(renderMatrix(big, 'nw-1')))).toBeLessThan(65_536);
  });

  it('honours 429 retry_after_ms and retries 5xx, delivering once', async () => {
    h = chatHarness([mx('mx', ROOM)], clock);
    fake.fail('send', faults.rateLimited(9_000));
    h.store.enqueue('mx', alert(1));
    const t0 = clock.t;
    await h.sender.drainOnce();
    expect(h.store.pending('mx', 1)[0]!.nextAttemptAt).toBeGreaterThanOrEqual(t0 + 9_000);
    expect(h.events.find((e) => e.type === 'failed')).toMatchObject({ retry: true, delayMs: 9_000 });
    fake.fail('send', faults.serverError(500), faults.serverError(502), faults.drop());
    expect(await h.untilDelivered()).toBe(5);
    expect(fake.messages(ROOM)).toHaveLength(1);
    // Each retry (the row's attempt started) looks the ref up first.
    const seen = fake.requests().map((r) => `${r.route} ${r.outcome}`);
    expect(seen.filter((r) => r !== 'whoami 200')).toEqual(
      ['send 429', 'send 500', 'send 502', 'send dropped', 'send 200'].flatMap((s, i) =>
        i === 0 ? [s] : ['messages 200', s],
      ),
    );
  });

  it('a permanent error (kicked, unknown room, bad token) stops that channel only; the token never shows', async () => {
    const chans = [
      mx('a', ROOM),
      mx('b', ROOM2),
      mx('gone', '!nowhere:fake.example.org'),
      mx('bad', ROOM2, {}, 'syt_wrong_token_value'),
    ];
    h = chatHarness(chans, clock);
    fake.kick(ROOM);
    for (let i = 1; i <= 3; i++) for (const ch of ['a', 'b', 'gone', 'bad']) h.store.enqueue(ch, alert(i));
    await h.sender.drainOnce();
    clock.advance(3_600_000);
    await h.sender.drainOnce();
    expect(fake.messages(ROOM2)).toHaveLength(3);
    for (const ch of ['a', 'gone', 'bad']) expect(h.store.countPending(ch)).toBe(3);
    expect(h.events.filter((e) => e.type === 'stopped')).toEqual([
      expect.objectContaining({
        channelId: 'a',
        status: 403,
        error: `Matrix send: 403 M_FORBIDDEN User @newswatch:fake.example.org not in room ${ROOM}`,
      }),
      expect.objectContaining({ channelId: 'gone', status: 404, error: 'Matrix send: 404 M_NOT_FOUND Unknown room' }),
      expect.objectContaining({
        channelId: 'bad',
        status: 401,
        error: 'Matrix send: 401 M_UNKNOWN_TOKEN Invalid access token passed.',
      }),
    ]);
    expect(h.logLines.join('\n')).not.toMatch(/syt_/);
  });

  it('an uncertain send is exactly once: same transaction id, or the ref found once the server forgot it', async () => {
    h = chatHarness([mx('mx', ROOM)], clock);
    const sink = h.sinks.get('mx')!;
    fake.fail('send', faults.hang({ afterCreate: true }));
    expect(await sink.post(alert(1), { nonce: 'nw-1', uncertain: false })).toMatchObject({
      ok: false,
      retry: true,
      error: 'Matrix: timed out waiting for Matrix',
    });
    // The lookup is down too: the same transaction id still returns the event already created.
    fake.fail('messages', faults.serverError(502), faults.serverError(502));
    expect(await sink.post(alert(1), { nonce: 'nw-1', uncertain: true })).toMatchObject({ ok: false, retry: true });
    fake.clearFaults();
    expect(await sink.post(alert(1), { nonce: 'nw-1', uncertain: false })).toEqual({
      ok: true,
      messageId: fake.messages(ROOM)[0]!.event_id,
    });
    expect(fake.messages(ROOM)).toHaveLength(1);

    // A homeserver that forgot the transaction (a long outage after a crash): the lookup finds the ref.
    await fake.close();
    fake = await startFakeMatrix({ now: clock.now, txnWindowMs: 0 });
    fake.join(ROOM);
    h = chatHarness([channel('mx', { matrix: { homeserver: fake.homeserver, token: fake.token, room: ROOM } })], clock);
    const fresh = h.sinks.get('mx')!;
    // Another member copies the ref of the next message: it does not count as ours.
    fake.postAs(ROOM, '@mallory:example.org', { msgtype: 'm.text', body: 'fake', 'org.newswatch.ref': 'nw-3' });
    expect(await fresh.post(alert(3), { nonce: 'nw-3', uncertain: true })).toEqual({
      ok: true,
      messageId: fake.messages(ROOM)[1]!.event_id,
    });
    expect(fake.messages(ROOM).map((e) => e.sender)).toEqual(['@mallory:example.org', fake.userId]);
    fake.fail('send', faults.drop({ afterCreate: true }));
    expect(await fresh.post(alert(2), { nonce: 'nw-2', uncertain: false })).toMatchObject({ ok: false, retry: true });
    expect(await fresh.post(alert(2), { nonce: 'nw-2', uncertain: true })).toEqual({
      ok: true,
      messageId: fake.messages(ROOM)[2]!.event_id,
    });
    expect(fake.messages(ROOM)).toHaveLength(3);
    expect(fake.requests({ route: 'whoami' })).toHaveLength(1);
  });
});
