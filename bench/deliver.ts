// Deliver benchmark, each figure against a baseline measured in the same run:
//  1. rendering an alert (escape, truncate, enforce limits) vs what a peer would write with
//     discord.js's own helpers (escapeMarkdown + EmbedBuilder + slice), typical and huge alerts;
//  2. draining the outbox through the Sender (attempt/sent bookkeeping, pacing checks, the
//     real discord.js REST client) vs bare rest.post calls of the same bodies, both against
//     the fake Discord API in this process.
// Standalone: node --import tsx bench/deliver.ts
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { EmbedBuilder, escapeMarkdown, REST, Routes } from 'discord.js';
import pino from 'pino';
import type { AlertPayload } from '../src/core/types.js';
import { createSinks, renderDiscord, Sender } from '../src/deliver/index.js';
import { startFakeDiscord } from '../tests/helpers/fake-discord.js';
import { MemoryOutbox } from '../tests/helpers/memory-outbox.js';
import { alert, channel, ManualClock } from '../tests/deliver/fixtures.js';

function typical(i: number): AlertPayload {
  return alert(i, {
    summary: [
      [
        { text: 'Security officials in Nangarhar said ', highlight: false },
        { text: 'ISKP', highlight: true },
        { text: ` fighters attacked a checkpoint on the Torkham road, item ${i}.`, highlight: false },
      ],
      [
        {
          text: 'A spokesman for the provincial governor, who asked not to be named, said two guards were wounded and the attackers fled towards the hills.',
          highlight: false,
        },
      ],
    ],
  });
}

function huge(i: number): AlertPayload {
  const sentence = (k: number) => [
    { text: `Paragraph ${k} of a very long report mentions `, highlight: false },
    { text: 'Tehrik-i-Taliban Pakistan', highlight: true },
    {
      text: ' and continues with *details*, _asides_ and [links](https://example.org) for a while. '.repeat(3),
      highlight: false,
    },
  ];
  return alert(i, { title: 'Long headline '.repeat(80), summary: Array.from({ length: 150 }, (_, k) => sentence(k)) });
}

/** What one would write with discord.js's helpers: escape everything, slice to the limits. */
function baselineRender(p: AlertPayload): unknown {
  const esc = (s: string) =>
    escapeMarkdown(s, { heading: true, bulletedList: true, numberedList: true, maskedLink: true });
  const description = p.summary
    .map((s) => s.map((sp) => (sp.highlight ? `**${esc(sp.text)}**` : esc(sp.text))).join(''))
    .join(' ');
  const embed = new EmbedBuilder()
    .setTitle(esc(p.title).slice(0, 256))
    .setDescription(description.slice(0, 4096))
    .addFields(
      { name: 'Source', value: esc(p.source).slice(0, 1024), inline: true },
      {
        name: 'Matched',
        value: p.matches
          .map((m) => esc(m.alias))
          .join(', ')
          .slice(0, 1024),
      },
    );
  if (p.link) embed.setURL(p.link);
  return { embeds: [embed.toJSON()], allowed_mentions: { parse: [] } };
}

function perSecond(fn: (i: number) => unknown, ms: number): number {
  let n = 0;
  const t0 = performance.now();
  do fn(n++);
  while (performance.now() - t0 < ms);
  return n / ((performance.now() - t0) / 1000);
}

async function benchRender(lines: string[]): Promise<void> {
  lines.push(`${'alert'.padEnd(9)} ${'newswatch/s'.padStart(12)} ${'baseline/s'.padStart(11)} ${'ratio'.padStart(7)}`);
  for (const [name, make] of [
    ['typical', typical],
    ['huge', huge],
  ] as const) {
    const payloads = Array.from({ length: 50 }, (_, i) => make(i));
    perSecond((i) => renderDiscord(payloads[i % 50]!, { ref: 'nw-1' }), 300);
    perSecond((i) => baselineRender(payloads[i % 50]!), 300);
    const ours = perSecond((i) => renderDiscord(payloads[i % 50]!, { ref: 'nw-1' }), 1000);
    const base = perSecond((i) => baselineRender(payloads[i % 50]!), 1000);
    lines.push(
      `${name.padEnd(9)} ${ours.toFixed(0).padStart(12)} ${base.toFixed(0).padStart(11)} ${(ours / base).toFixed(2).padStart(6)}x`,
    );
  }
}

async function benchSender(lines: string[], perChannel: number): Promise<void> {
  const ids = ['100000000000000001', '100000000000000002', '100000000000000003'];
  const fake = await startFakeDiscord();
  try {
    const out = new Writable({ write: (_c, _e, cb) => cb() });
    const chans = ids.map((id, k) => channel(`c${k}`, { discord: { channel: id } }, { perMinute: 120 }));
    const store = new MemoryOutbox();
    for (let i = 0; i < perChannel; i++) for (const c of chans) store.enqueue(c.id, typical(i));
    const sinks = createSinks(chans, {
      discord: { token: fake.token, api: fake.api },
      http: { userAgent: 'bench', timeoutMs: 15_000 },
      out,
    });
    const clock = new ManualClock();
    const sender = new Sender({ store, sinks, channels: chans, clock, log: pino({ level: 'silent' }) });
    let t0 = performance.now();
    while (store.rows().some((r) => r.status === 'pending')) {
      await sender.drainOnce();
      clock.advance(60_000); // pacing is not what is measured
    }
    const senderMs = performance.now() - t0;

    const rest = new REST({ api: fake.api, version: '10' }).setToken(fake.token);
    const bodies = Array.from({ length: perChannel }, (_, i) => renderDiscord(typical(i), { ref: `b-${i}` }));
    t0 = performance.now();
    await Promise.all(
      ids.map(async (id) => {
        for (const [i, body] of bodies.entries())
          await rest.post(Routes.channelMessages(id), { body: { ...body, nonce: `b-${i}`, enforce_nonce: true } });
      }),
    );
    const bareMs = performance.now() - t0;
    const n = perChannel * ids.length;
    lines.push(
      `sender: ${(n / (senderMs / 1000)).toFixed(0)} msg/s; bare rest.post: ${(n / (bareMs / 1000)).toFixed(0)} msg/s; ratio ${(bareMs / senderMs).toFixed(2)}x (${n} messages, 3 channels, fake API in-process)`,
    );
  } finally {
    await fake.close();
  }
}

export async function benchDeliver(): Promise<string> {
  const lines = [
    'deliver: render (vs escapeMarkdown + EmbedBuilder + slice), and outbox drain (vs bare rest.post), same run',
  ];
  await benchRender(lines);
  await benchSender(lines, 120);
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(await benchDeliver());
}
