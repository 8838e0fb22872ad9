// The status page: read everything once from the StatusSource, then render with pure
// functions (data in, HTML string out). No script, no external asset: the page works
// offline and refreshes itself every minute.
import type { RecentAlert, MentionCount } from '../../state/status-store.js';
import type { FeedHealth } from '../health.js';
import type { ChannelStatus, HealthReport, StatusSource } from '../status-source.js';
import { renderAlertsList } from './alerts.js';
import { renderChannelsTable } from './channels.js';
import { renderMentionsChart } from './chart.js';
import { renderFeedsTable } from './feeds.js';
import { renderInstances } from './instances.js';
import type { ClusterStatus } from '../cluster.js';
import { renderLayout } from './layout.js';
import { renderSearchForm, searchRequest } from './search.js';
import { type WatchedEntity, lastDays } from './series.js';

export const CHART_DAYS = 30;
export const RECENT_ALERTS = 50;

export interface StatusPageData {
  now: number;
  health: HealthReport;
  feeds: FeedHealth[];
  channels: ChannelStatus[];
  alerts: RecentAlert[];
  /** The chart's window, oldest first (YYYY-MM-DD, UTC). */
  days: string[];
  mentions: MentionCount[];
  entities: WatchedEntity[];
  /** Whether the history can be searched (the page then shows a search box). */
  searchable?: boolean;
  /** Several instances on one database (PostgreSQL): who runs and holds what. */
  cluster?: ClusterStatus | null;
}

export async function collectStatusPage(source: StatusSource): Promise<StatusPageData> {
  const now = source.now();
  const days = lastDays(now, CHART_DAYS);
  return {
    now,
    health: await source.health(),
    feeds: await source.feeds(),
    channels: await source.channels(),
    alerts: await source.recentAlerts(RECENT_ALERTS),
    days,
    mentions: await source.mentions(days[0] ?? ''),
    entities: source.entities(),
    searchable: source.search !== undefined,
    cluster: (await source.cluster?.()) ?? null,
  };
}

export function renderStatusPage(d: StatusPageData): string {
  const search = renderSearchForm(searchRequest(new URLSearchParams()), d.entities);
  return renderLayout(d, [
    ...(d.searchable ? [{ id: 'search', title: 'Search seen items', count: null, body: search }] : []),
    { id: 'feeds', title: 'Feeds', count: d.feeds.length, body: renderFeedsTable(d.feeds, d.now) },
    { id: 'channels', title: 'Channels', count: d.channels.length, body: renderChannelsTable(d.channels, d.now) },
    ...(d.cluster
      ? [
          {
            id: 'instances',
            title: 'Instances',
            count: d.cluster.instances.filter((i) => i.alive).length,
            body: renderInstances(d.cluster, d.now),
          },
        ]
      : []),
    {
      id: 'mentions',
      title: `Mentions per day, last ${d.days.length} days`,
      count: null,
      body: renderMentionsChart(d.mentions, d.entities, d.days),
    },
    { id: 'alerts', title: 'Recent alerts', count: d.alerts.length, body: renderAlertsList(d.alerts, d.now) },
  ]);
}
