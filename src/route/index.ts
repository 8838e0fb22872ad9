// Matches → the channels that receive them. A channel gets the matches of its
// watchlists (all watchlists when it names none), from its feeds (all when it names none).
import type { ChannelConfig } from '../config/schema.js';
import type { Match } from '../core/types.js';

export interface Route {
  channel: ChannelConfig;
  matches: Match[];
}

export function route(channels: readonly ChannelConfig[], feedId: string, matches: readonly Match[]): Route[] {
  const out: Route[] = [];
  for (const channel of channels) {
    if (channel.feeds && !channel.feeds.includes(feedId)) continue;
    const wanted = channel.watchlists;
    const mine = wanted ? matches.filter((m) => wanted.includes(m.watchlist)) : [...matches];
    if (mine.length > 0) out.push({ channel, matches: mine });
  }
  return out;
}

/** Channels that follow a feed at all (for notices about the feed itself). */
export function channelsFollowing(channels: readonly ChannelConfig[], feedId: string): ChannelConfig[] {
  return channels.filter((c) => !c.feeds || c.feeds.includes(feedId));
}

/**
 * Routes without the matches of entities muted in their channel. A route left with no
 * match is dropped (nothing is posted there); the item's mentions are recorded anyway.
 */
export function withoutMuted(
  routes: readonly Route[],
  muted: (channel: ChannelConfig, entity: string) => boolean,
): { routes: Route[]; suppressed: { channelId: string; entity: string }[] } {
  const suppressed: { channelId: string; entity: string }[] = [];
  const kept: Route[] = [];
  for (const r of routes) {
    const matches = r.matches.filter((m) => {
      if (!muted(r.channel, m.entity)) return true;
      if (!suppressed.some((s) => s.channelId === r.channel.id && s.entity === m.entity))
        suppressed.push({ channelId: r.channel.id, entity: m.entity });
      return false;
    });
    if (matches.length > 0) kept.push({ channel: r.channel, matches });
  }
  return { routes: kept, suppressed };
}
