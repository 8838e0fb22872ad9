// `newswatch status`: every feed's state and every channel's outbox, from the state file,
// then the service (who holds the state file), the state file's own health and the
// overall health. Read-only: it works while the service runs, and never creates the file.
import { existsSync } from 'node:fs';
import { ConfigError, formatIssue } from '../config/errors.js';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { clusterText, readClusterStatus, type ClusterStatus } from '../observe/cluster.js';
import { feedHealthList, overallHealth } from '../observe/health.js';
import { toStateError, type StateError } from '../state/errors.js';
import type { FeedState, Mute, OutboxCounts } from '../state/interfaces.js';
import { currentHolder, describeHolder } from '../state/lock.js';
import { inspectStateFile } from '../state/monitor.js';
import { Store } from '../state/store.js';
import { redactUrl } from '../core/redact.js';
import { isPostgresUrl } from '../core/state-url.js';
import { EXIT } from './exit-codes.js';
import type { Io } from './main.js';
import { statusText } from './status-text.js';

/** The config for a command that reads the state file, or null after printing every error. */
export function configOrReport(path: string, io: Io): Config | null {
  try {
    return loadConfig(path, io.env).config;
  } catch (err) {
    io.stderr.write(
      err instanceof ConfigError ? `${err.issues.map(formatIssue).join('\n')}\n` : `${(err as Error).message}\n`,
    );
    return null;
  }
}

export async function statusCommand(path: string, json: boolean, io: Io): Promise<number> {
  const config = configOrReport(path, io);
  if (!config) return EXIT.config;
  const now = Date.now();
  if (isPostgresUrl(config.state)) return postgresStatus(config, json, io, now);
  if (!existsSync(config.state)) {
    // Never create the state file from here: only the service does.
    if (json)
      io.stdout.write(`${JSON.stringify({ state: null, feeds: feedHealthList(config, [], now), channels: [] })}\n`);
    else io.stdout.write(`no state yet at ${config.state}: the service has not run with this config\n`);
    return EXIT.ok;
  }
  let read: ReturnType<typeof readState>;
  try {
    read = readState(config.state, now);
  } catch (err) {
    const e = toStateError(err, config.state);
    if (!e) throw err;
    io.stderr.write(`newswatch: ${e.message}\n`);
    return EXIT.state;
  }
  return report(config, config.state, read, currentHolder(config.state), inspectStateFile(config.state), json, io, now);
}

/** `status` on a PostgreSQL state: read beside the running service (no lock, no migration). */
async function postgresStatus(config: Config, json: boolean, io: Io, now: number): Promise<number> {
  const { PgStore } = await import('../state/postgres/store.js');
  const label = redactUrl(config.state);
  let store: Awaited<ReturnType<typeof PgStore.openReader>>;
  try {
    store = await PgStore.openReader(config.state, { leaseTtlMs: config.cluster.leaseTime });
  } catch (err) {
    io.stderr.write(`newswatch: ${(err as Error).message}\n`);
    return EXIT.state;
  }
  if (!store) {
    if (json)
      io.stdout.write(`${JSON.stringify({ state: null, feeds: feedHealthList(config, [], now), channels: [] })}\n`);
    else io.stdout.write(`no state yet in ${label}: the service has not run with this config\n`);
    return EXIT.ok;
  }
  try {
    const read = {
      states: await store.status.feeds(),
      channels: await store.outbox.counts(),
      mutes: store.interact.active(now),
    };
    const cluster = await readClusterStatus(store.cluster, null);
    const live = cluster.instances.filter((i) => i.alive);
    const holder = live[0]
      ? { pid: live[0].pid, host: live[0].host, since: live[0].startedAt, command: live[0].command }
      : null;
    return report(config, label, read, holder, null, json, io, now, cluster);
  } catch (err) {
    io.stderr.write(`newswatch: ${(err as Error).message}\n`);
    return EXIT.state;
  } finally {
    await store.close();
  }
}

function report(
  config: Config,
  label: string,
  read: { states: FeedState[]; channels: OutboxCounts[]; mutes: Mute[] },
  holder: ReturnType<typeof currentHolder>,
  problem: StateError | null,
  json: boolean,
  io: Io,
  now: number,
  cluster?: ClusterStatus,
): number {
  const feeds = feedHealthList(config, read.states, now);
  const health = overallHealth(
    { ok: true, schedulerRunning: true, databaseOk: !problem, stateProblem: problem?.message ?? null },
    feeds,
  );
  if (json) {
    io.stdout.write(
      `${JSON.stringify({ state: label, service: holder, stateProblem: problem?.message ?? null, health, feeds, channels: read.channels, mutes: read.mutes, ...(cluster && { cluster }) })}\n`,
    );
  } else {
    const channelOf = (m: Mute) =>
      config.channels
        .filter((c) => c.discord?.channel === m.discordChannelId)
        .map((c) => c.id)
        .join(', ') || m.discordChannelId;
    io.stdout.write(
      `${statusText(feeds, read.channels)}${mutesText(read.mutes, channelOf)}\n${serviceText(label, holder, problem, health)}${cluster ? clusterText(cluster, now) : ''}`,
    );
  }
  return EXIT.ok;
}

function serviceText(
  file: string,
  holder: ReturnType<typeof currentHolder>,
  problem: StateError | null,
  health: ReturnType<typeof overallHealth>,
): string {
  const what = isPostgresUrl(file) ? 'state database' : 'state file';
  const lines = [
    `service: ${holder ? `running (${describeHolder(holder)})` : `not running (nobody holds the ${what})`}`,
    `${what}: ${problem ? problem.message : `${file}, ok`}`,
    `health: ${health.level}${health.reasons.length ? `: ${health.reasons.join('; ')}` : ''}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** Mutes set from Discord (/newswatch mute), one line each. */
function mutesText(mutes: Mute[], channelOf: (m: Mute) => string): string {
  if (mutes.length === 0) return '';
  const at = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;
  return `\n${mutes.map((m) => `muted: ${m.entity} in ${channelOf(m)} until ${at(m.until)} (set by ${m.setByName} at ${at(m.setAt)})`).join('\n')}\n`;
}

function readState(file: string, now: number): { states: FeedState[]; channels: OutboxCounts[]; mutes: Mute[] } {
  const store = Store.openReadonly(file);
  try {
    return { states: store.status.feeds(), channels: store.outbox.counts(), mutes: store.interact.active(now) };
  } finally {
    store.close();
  }
}
