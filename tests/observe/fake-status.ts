// A StatusSource for the observe tests: a fixed clock and a small, realistic state
// (feeds in every state, one stopped channel, alerts, 30 days of mentions with a
// spike). Each part can be replaced to build edge cases.
import { Metrics } from '../../src/observe/metrics.js';
import type { FeedHealth } from '../../src/observe/health.js';
import type { ChannelStatus, HealthReport, StatusSource } from '../../src/observe/status-source.js';
import type { MentionCount, RecentAlert } from '../../src/state/status-store.js';

export const NOW = Date.parse('2025-06-14T15:30:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export interface FakeState {
  now: number;
  health: HealthReport;
  feeds: FeedHealth[];
  channels: ChannelStatus[];
  alerts: RecentAlert[];
  mentions: MentionCount[];
  entities: { watchlist: string; entity: string; name: string }[];
}

export function feed(over: Partial<FeedHealth> & { id: string }): FeedHealth {
  return {
    name: over.id,
    url: `https://news.example.org/${over.id}.xml`,
    fetchUrl: null,
    state: 'ok',
    lastSuccessAt: NOW - 4 * MIN,
    lastPollAt: NOW - 4 * MIN,
    lastError: null,
    lastErrorKind: null,
    failingSince: null,
    consecutiveFailures: 0,
    nextPollAt: NOW + 11 * MIN,
    itemsSeen: 120,
    ...over,
  };
}

export function alert(over: Partial<RecentAlert> & { storyId: number }): RecentAlert {
  return {
    feedId: 'frontier-wire',
    title: `Story ${over.storyId}`,
    link: `https://news.example.org/story/${over.storyId}`,
    sources: ['Frontier Wire'],
    entities: ['ISKP'],
    createdAt: NOW - over.storyId * 37 * MIN,
    channels: [{ channelId: 'ops-room', sent: true }],
    ...over,
  };
}

export const ENTITIES = [
  { watchlist: 'groups', entity: 'iskp', name: 'ISKP' },
  { watchlist: 'groups', entity: 'ttp', name: 'Tehrik-i-Taliban Pakistan' },
  { watchlist: 'groups', entity: 'aq', name: 'al-Qaeda' },
  { watchlist: 'groups', entity: 'taliban', name: 'Afghan Taliban' },
  { watchlist: 'officials', entity: 'us-envoy', name: 'US special envoy' },
  { watchlist: 'officials', entity: 'un-rep', name: 'UN special representative' },
];

/** 30 days of mentions ending on NOW's day: steady background, and ISKP spiking two days ago. */
export function mentionsWithSpike(): MentionCount[] {
  const out: MentionCount[] = [];
  const base: Record<string, number> = { iskp: 3, ttp: 5, aq: 1, taliban: 8, 'us-envoy': 2 };
  for (let i = 29; i >= 0; i--) {
    const day = new Date(NOW - i * DAY).toISOString().slice(0, 10);
    for (const [entity, b] of Object.entries(base)) {
      // A deterministic wobble around the baseline; some quiet days.
      const count = i === 2 && entity === 'iskp' ? 41 : Math.max(0, b + ((i * 7 + entity.length * 3) % 5) - 2);
      if (count > 0)
        out.push({ day, watchlist: ENTITIES.find((e) => e.entity === entity)?.watchlist ?? 'groups', entity, count });
    }
  }
  return out;
}

export function defaultState(): FakeState {
  return {
    now: NOW,
    health: {
      ok: true,
      schedulerRunning: true,
      databaseOk: true,
      lastPollAt: NOW - 40_000,
      startedAt: NOW - 3 * DAY - 5 * HOUR,
    },
    feeds: [
      feed({ id: 'frontier-wire', name: 'Frontier Wire', itemsSeen: 1843 }),
      feed({
        id: 'kabul-daily',
        name: 'Kabul Daily (English)',
        url: 'https://kabul-daily.example.net/rss?lang=en&api_key=s3cr3tvalue',
        itemsSeen: 977,
      }),
      feed({
        id: 'region-monitor',
        name: 'Region Monitor',
        state: 'failing',
        lastSuccessAt: NOW - 2 * DAY - 3 * HOUR,
        lastError: 'HTTP 503 Service Unavailable from https://monitor.example.com/feed.atom',
        lastErrorKind: 'http-5xx',
        failingSince: NOW - 2 * DAY - 2 * HOUR,
        consecutiveFailures: 14,
        itemsSeen: 402,
      }),
      feed({
        id: 'border-notes',
        name: 'Border Notes',
        state: 'retrying',
        lastError: 'timed out after 20 s',
        lastErrorKind: 'timeout',
        consecutiveFailures: 2,
        failingSince: NOW - 30 * MIN,
        itemsSeen: 66,
      }),
      feed({
        id: 'press-releases',
        name: 'Ministry press releases',
        state: 'new',
        lastSuccessAt: null,
        lastPollAt: null,
        itemsSeen: 0,
        nextPollAt: NOW + 2 * MIN,
      }),
    ],
    channels: [
      {
        channelId: 'ops-room',
        target: 'discord channel 1122334455',
        pending: 0,
        failing: 0,
        sent: 312,
        oldestPendingAt: null,
        stoppedReason: null,
      },
      {
        channelId: 'analysts',
        target: 'discord webhook',
        pending: 7,
        failing: 7,
        sent: 88,
        oldestPendingAt: NOW - 5 * HOUR,
        stoppedReason: 'Discord 403 Missing Permissions (code 50013): the bot cannot post in this channel',
      },
      {
        channelId: 'console',
        target: 'console',
        pending: 1,
        failing: 0,
        sent: 402,
        oldestPendingAt: NOW - 20_000,
        stoppedReason: null,
      },
    ],
    alerts: [
      alert({
        storyId: 1,
        title: 'Provincial officials report attack on checkpoint near Jalalabad',
        entities: ['ISKP'],
        sources: ['Frontier Wire', 'Kabul Daily (English)'],
        channels: [
          { channelId: 'ops-room', sent: true },
          { channelId: 'analysts', sent: false },
        ],
      }),
      alert({
        storyId: 2,
        title: 'Envoy meets regional foreign ministers ahead of talks',
        entities: ['US special envoy'],
        feedId: 'kabul-daily',
        sources: ['Kabul Daily (English)'],
      }),
      alert({
        storyId: 3,
        title: 'Militant group claims responsibility for market blast',
        entities: ['ISKP', 'Afghan Taliban'],
        channels: [
          { channelId: 'ops-room', sent: true },
          { channelId: 'console', sent: false },
        ],
      }),
      alert({
        storyId: 4,
        title: 'Security forces detain suspects in northwest raid',
        entities: ['Tehrik-i-Taliban Pakistan'],
        link: null,
      }),
      alert({
        storyId: 5,
        title: 'Statement attributed to al-Qaeda affiliate circulates online',
        entities: ['al-Qaeda'],
      }),
    ],
    mentions: mentionsWithSpike(),
    entities: ENTITIES,
  };
}

/** A StatusSource over `state` (mutable, so a test can flip health between requests). */
export function fakeStatus(
  state: FakeState = defaultState(),
  metrics = new Metrics(),
): StatusSource & { state: FakeState } {
  return {
    state,
    health: () => state.health,
    feeds: () => state.feeds,
    channels: () => state.channels,
    recentAlerts: (limit) => state.alerts.slice(0, limit),
    mentions: (sinceDay) => state.mentions.filter((m) => m.day >= sinceDay),
    entities: () => state.entities,
    metrics: async () => ({ contentType: metrics.registry.contentType, body: await metrics.registry.metrics() }),
    now: () => state.now,
  };
}
