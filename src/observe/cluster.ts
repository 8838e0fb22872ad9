// Several instances on one database, as the status page, `newswatch status` and the logs
// show them: who is there, who drains which channel, which leases were taken over, and a
// loud warning when the live instances do not run the same config.
import type { ChannelHolder, ClusterStore, InstanceInfo, LeaseTakeover } from '../state/interfaces.js';

export interface ClusterStatus {
  /** This process's instance id (null for a reader such as `newswatch status`). */
  self: string | null;
  instances: InstanceInfo[];
  holders: ChannelHolder[];
  takeovers: LeaseTakeover[];
  /** Set when live instances run different configs: they would route alerts differently. */
  configMismatch: string | null;
}

export async function readClusterStatus(
  store: ClusterStore,
  self: string | null,
  takeovers = 20,
): Promise<ClusterStatus> {
  const instances = await store.instances();
  return {
    self,
    instances,
    holders: await store.channelHolders(),
    takeovers: await store.takeovers(takeovers),
    configMismatch: configMismatch(instances),
  };
}

/** A sentence naming the live instances of each config, when there is more than one config; else null. */
export function configMismatch(instances: InstanceInfo[]): string | null {
  const byHash = new Map<string, string[]>();
  for (const i of instances.filter((x) => x.alive))
    byHash.set(i.configHash, [...(byHash.get(i.configHash) ?? []), i.id]);
  if (byHash.size < 2) return null;
  const groups = [...byHash].map(([hash, ids]) => `config ${hash}: ${ids.join(', ')}`);
  return `instances on this database run DIFFERENT configs (${groups.join('; ')}): they would match and route alerts differently; give them all the same config`;
}

const at = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

/** The plain-text section of `newswatch status`. */
export function clusterText(c: ClusterStatus, now: number): string {
  const lines: string[] = [];
  const live = c.instances.filter((i) => i.alive);
  lines.push(
    `instances: ${live.length} running${c.instances.length > live.length ? `, ${c.instances.length - live.length} gone` : ''}`,
  );
  for (const i of c.instances) {
    const held = c.holders.filter((h) => h.holder === i.id).map((h) => h.channelId);
    const state = i.alive
      ? `heartbeat ${Math.max(0, Math.round((now - i.heartbeatAt) / 1000))} s ago`
      : `gone since ${at(i.heartbeatAt)}`;
    lines.push(
      `  ${i.id}${i.id === c.self ? ' (this one)' : ''}: ${i.command}, v${i.version}, config ${i.configHash}, since ${at(i.startedAt)}, ${state}` +
        `${held.length ? `; channels ${held.join(', ')}` : ''}`,
    );
  }
  const free = c.holders.filter((h) => h.expiresAt < now);
  for (const h of free)
    lines.push(`  channel ${h.channelId}: lease of ${h.holder} expired, waiting for another instance`);
  if (c.configMismatch) lines.push(`WARNING: ${c.configMismatch}`);
  if (c.takeovers.length) {
    lines.push(`lease takeovers (latest ${c.takeovers.length}):`);
    for (const t of c.takeovers) lines.push(`  ${at(t.at)} ${t.kind} ${t.key}: ${t.from} → ${t.to}`);
  }
  return `${lines.join('\n')}\n`;
}
