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
