// Each configured channel as the status page and /metrics show it: outbox counts, why it
// is stopped (if it is), where it posts, and the entities muted in it from Discord.
import type { Config } from '../config/schema.js';
import { channelTarget } from '../core/channel-target.js';
import type { ChannelStatus } from '../observe/status-source.js';
import type { Mute, OutboxCounts } from '../state/interfaces.js';

export function channelStatuses(
  config: Config,
  counts: OutboxCounts[],
  mutes: Mute[],
  stopped: ReadonlyMap<string, string>,
  entities: { entity: string; name: string }[],
): ChannelStatus[] {
  const byChannel = new Map(counts.map((c) => [c.channelId, c]));
  const nameOf = new Map(entities.map((e) => [e.entity, e.name]));
  return config.channels.map((c) => ({
    channelId: c.id,
    pending: 0,
    failing: 0,
    sent: 0,
    oldestPendingAt: null,
    ...byChannel.get(c.id),
    stoppedReason: stopped.get(c.id) ?? null,
    target: channelTarget(c),
    mutes: mutes
      .filter((m) => m.discordChannelId === c.discord?.channel)
      .map((m) => ({
        entity: m.entity,
        name: nameOf.get(m.entity) ?? m.entity,
        until: m.until,
        setByName: m.setByName,
      })),
  }));
}
