// Payloads and channel configs for the deliver tests, written for these tests.
import type { Logger } from 'pino';
import pino from 'pino';
import { Writable } from 'node:stream';
import type { ChannelConfig } from '../../src/config/schema.js';
import type { AlertPayload, Match, Summary } from '../../src/core/types.js';

export const CHANNEL_A = '100000000000000001';
export const CHANNEL_B = '100000000000000002';
export const CHANNEL_C = '100000000000000003';
export const ROLE = '300000000000000007';
/** The http sink's settings in tests. */
export const HTTP = { userAgent: 'newswatch-test', timeoutMs: 2000 };

export function match(
  name: string,
  field: Match['field'],
  alias = name,
  entity = name.toLowerCase().replace(/\W+/g, '-'),
): Match {
  return { watchlist: 'groups', entity, name, alias, field, start: 0, end: alias.length };
}

/** A plain alert numbered `n`, its title unique so messages can be checked by title. */
export function alert(n: number | string, extra: Partial<AlertPayload> = {}): AlertPayload {
  const summary: Summary = [
    [
      { text: `Officials in Jalalabad said on Tuesday that `, highlight: false },
      { text: 'ISKP', highlight: true },
      { text: ` claimed the roadside blast (report ${n}).`, highlight: false },
    ],
  ];
  return {
    kind: 'alert',
    feedId: 'frontier-wire',
    source: 'Frontier Wire',
    title: `Blast near Jalalabad checkpoint, report ${n}`,
    link: `https://news.example.org/2024/jalalabad-${n}`,
    published: '2024-05-14T06:30:00Z',
    summary,
    matches: [
      match('Islamic State Khorasan Province', 'title', 'ISKP', 'iskp'),
      match('Islamic State Khorasan Province', 'content', 'Islamic State Khorasan', 'iskp'),
    ],
    alsoReportedBy: [],
    ...extra,
  };
}

export function channel(id: string, target: Partial<ChannelConfig>, extra: Partial<ChannelConfig> = {}): ChannelConfig {
  return { id, enabled: true, perMinute: 120, digestAfter: 0, ...target, ...extra } as ChannelConfig;
}

/** A clock the test moves by hand. */
export class ManualClock {
  constructor(public t = Date.UTC(2024, 4, 14, 7, 0, 0)) {}
  now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

/** A pino logger writing JSON lines into `lines` (to check what is logged, and what never is). */
export function captureLog(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      cb();
    },
  });
  return { log: pino({ level: 'debug' }, stream), lines };
}

export function titles(messages: Array<{ embeds: Array<{ title?: string }> }>): string[] {
  return messages.map((m) => m.embeds[0]?.title ?? '');
}

/** The title as rendered (escaped) for alert(n). */
export function renderedTitle(n: number | string): string {
  return `Blast near Jalalabad checkpoint, report ${n}`;
}
