// Who may do what. Anyone in a configured channel may ask (status, explain, recent);
// changing what is posted (mute, unmute, "Not relevant") needs one of the roles in
// `discord.operators` or the Manage Channels permission in that channel. Interactions
// from channels or guilds not in the config are refused.
import type { ChannelConfig } from '../config/schema.js';

/** Discord's MANAGE_CHANNELS permission bit. */
export const MANAGE_CHANNELS = 1n << 4n;

export type Verdict = { ok: true } | { ok: false; reason: string };

export interface Caller {
  guildId: string | null;
  channelId: string | null;
  roles: readonly string[];
  /** The member's permissions in the channel (null outside a guild). */
  permissions: bigint | null;
}

/** The configured channels posting into this Discord channel, or why the interaction is refused. */
export function channelsHere(
  caller: Caller,
  channels: readonly ChannelConfig[],
  guildOf: ReadonlyMap<string, string>,
): { ok: true; channels: ChannelConfig[] } | { ok: false; reason: string } {
  if (!caller.guildId || !caller.channelId)
    return { ok: false, reason: 'newswatch answers only in the channels it posts to, not in direct messages.' };
  const here = channels.filter((c) => c.enabled && c.discord?.channel === caller.channelId);
  if (here.length === 0)
    return { ok: false, reason: 'this channel is not in the newswatch config: ask in a channel newswatch posts to.' };
  const guild = guildOf.get(caller.channelId);
  if (guild !== undefined && guild !== caller.guildId)
    return { ok: false, reason: 'this server is not in the newswatch config.' };
  return { ok: true, channels: here };
}

export function mayOperate(caller: Caller, operators: readonly string[]): Verdict {
  if (caller.permissions !== null && (caller.permissions & MANAGE_CHANNELS) === MANAGE_CHANNELS) return { ok: true };
  if (caller.roles.some((r) => operators.includes(r))) return { ok: true };
  const roles = operators.length ? `one of the roles ${operators.map((r) => `<@&${r}>`).join(', ')} or ` : '';
  return {
    ok: false,
    reason: `muting and flagging change what this channel receives: they need ${roles}the Manage Channels permission.`,
  };
}
