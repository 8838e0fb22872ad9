// Several newswatch instances on one PostgreSQL database: who is there (instances and
// their heartbeats), who polls a feed now (a lease on its row, one claim per schedule
// window), who drains a channel (a lease row per channel). Every lease time is the
// database's clock (NOW_MS), so instances on hosts with skewed clocks agree; an instance
// that dies keeps nothing for longer than the lease time.
import type pg from 'pg';
import type { ChannelHolder, ClusterStore, FeedClaim, InstanceInfo, LeaseTakeover } from '../interfaces.js';
import { StateError } from '../errors.js';
import { OUTBOX_CHANNEL } from './db.js';
import { toFeedState, type FeedRow } from '../poll-store.js';

/** The database's time in ms: lease expiries are compared with it, never with an instance's clock. */
const NOW_MS = '(extract(epoch from clock_timestamp()) * 1000)::bigint';
/** Rows of instances gone for this long are forgotten (status shows the dead ones until then). */
const FORGET_INSTANCES_MS = 86_400_000;
const KEEP_TAKEOVERS = 1_000;

interface InstanceRow {
  id: string;
  host: string;
  pid: number;
  version: string;
  config_hash: string;
  command: string;
  started_at: number;
  heartbeat_at: number;
  alive: boolean;
}

export class PgClusterStore implements ClusterStore {
  private announced: Omit<InstanceInfo, 'id' | 'startedAt' | 'heartbeatAt' | 'alive'> | null = null;
  /**
   * Feeds whose row is known to exist (feed rows are never deleted): a claim another instance
   * won is then one round trip, not two. With N instances every feed is offered N times a window.
   */
  private readonly feedRows = new Set<string>();
  private listener: pg.Client | null = null;
  private onRows: (() => void) | null = null;
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    readonly instanceId: string,
    /** How long a lease lasts without a heartbeat (ms). */
    private readonly ttlMs: number,
    private readonly hooks: {
      /** A claimed feed's fresh state goes to the poll store's cache. */
      onFeedRow?: (row: FeedRow) => void;
      /** True when the poll's last write of the feed row already ended its lease (no release needed). */
      releasedByWrite?: (feedId: string) => boolean;
      /** The schema version this newswatch knows, and the database's label (see heartbeat). */
      schema?: { version: number; label: string };
      /** A connection of its own for LISTEN (see watchOutbox). */
      listener?: () => pg.Client;
      /**
       * A pool of its own (one connection) for the heartbeat and the channel leases, ended
       * by close(): a renewal never waits behind the polls, claims and sends queued on the
       * main pool, which under load could hold it past the lease time.
       */
      leases?: pg.Pool;
    } = {},
  ) {}

  /** Where heartbeats and channel leases go (see hooks.leases). */
  private get leasePool(): pg.Pool {
    return this.hooks.leases ?? this.pool;
  }

  async announce(info: Omit<InstanceInfo, 'id' | 'startedAt' | 'heartbeatAt' | 'alive'>): Promise<void> {
    this.announced = info; // before the query: a heartbeat retries it if this one fails
    await this.leasePool.query(
      `INSERT INTO instances (id, host, pid, version, config_hash, command, started_at, heartbeat_at)
        VALUES ($1, $2, $3, $4, $5, $6, ${NOW_MS}, ${NOW_MS})
        ON CONFLICT (id) DO UPDATE SET config_hash = excluded.config_hash, heartbeat_at = excluded.heartbeat_at,
          stopped_at = NULL`,
      [this.instanceId, info.host, info.pid, info.version, info.configHash, info.command],
    );
    await this.leasePool.query(`DELETE FROM instances WHERE heartbeat_at < ${NOW_MS} - $1`, [FORGET_INSTANCES_MS]);
    await this.leasePool.query('DELETE FROM lease_takeovers WHERE id <= (SELECT MAX(id) FROM lease_takeovers) - $1', [
      KEEP_TAKEOVERS,
    ]);
  }

  /**
   * Call `onRows` when any instance commits new outbox rows (NOTIFY at its commit), so the
   * holder of their channel sends them at once. On a connection of its own, reconnected by
   * the heartbeat if it drops; meanwhile the sender's heartbeat-paced look at the outbox
   * still finds the rows. Rejects if the first connection fails (the caller says so).
   */
  async watchOutbox(onRows: () => void): Promise<void> {
    this.onRows = onRows;
    await this.listen();
  }

  private async listen(): Promise<void> {
    if (!this.hooks.listener || !this.onRows || this.listener || this.closed) return;
    const client = this.hooks.listener();
    const dropped = () => {
      if (this.listener === client) this.listener = null;
    };
    client.on('error', () => {
      dropped();
      void client.end().catch(() => {});
    });
    client.on('end', dropped);
    try {
      await client.connect();
      const { rows } = await client.query<{ s: string }>('SELECT current_schema() AS s');
      const schema = rows[0]?.s;
      client.on('notification', (n) => {
        if (n.channel === OUTBOX_CHANNEL && n.payload === schema) this.onRows?.();
      });
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
    } catch (err) {
      await client.end().catch(() => {});
      throw err;
    }
    if (this.closed) await client.end().catch(() => {});
    else this.listener = client;
  }

  /** Stop listening (the store closes). */
  async close(): Promise<void> {
    this.closed = true;
    const l = this.listener;
    this.listener = null;
    await l?.end().catch(() => {});
    await this.hooks.leases?.end().catch(() => {});
  }

  async heartbeat(): Promise<string[]> {
    if (this.onRows && !this.listener) await this.listen().catch(() => {}); // dropped: try again
    // The same round trip reads the schema version: a newer newswatch that migrated the
    // database while this one runs stops this one (a blocking state fault) within a heartbeat.
    const { rows: beat } = await this.leasePool.query<{ beat: number; schema: number | null }>(
      `WITH b AS (UPDATE instances SET heartbeat_at = ${NOW_MS} WHERE id = $1 RETURNING 1)
        SELECT (SELECT COUNT(*) FROM b)::int AS beat, (SELECT MAX(version) FROM schema_migrations) AS schema`,
      [this.instanceId],
    );
    const schema = beat[0]?.schema ?? 0;
    const known = this.hooks.schema;
    if (known && schema > known.version)
      throw new StateError(
        'newer-schema',
        known.label,
        `schema version ${schema}, migrated by a newer newswatch while this one ran; this newswatch knows up to ${known.version}: upgrade it`,
      );
    // Not announced yet (the database was away at start) or forgotten after a day-long stall: say who it is.
    if (beat[0]?.beat === 0 && this.announced) await this.announce(this.announced);
    const { rows } = await this.leasePool.query<{ channel_id: string }>(
      `UPDATE channel_leases SET expires_at = ${NOW_MS} + $2 WHERE holder = $1 RETURNING channel_id`,
      [this.instanceId, this.ttlMs],
    );
    // The polls in progress (a slow fetch). A row locked now is being written by this
    // instance's own poll commit, which ends its lease: not waited for.
    await this.leasePool.query(
      `UPDATE feeds SET lease_until = ${NOW_MS} + $2 WHERE id IN (
        SELECT id FROM feeds WHERE lease_holder = $1 AND lease_until IS NOT NULL FOR UPDATE SKIP LOCKED)`,
      [this.instanceId, this.ttlMs],
    );
    return rows.map((r) => r.channel_id);
  }

  async claimFeed(feedId: string, url: string, window: number, now: number, force: boolean): Promise<FeedClaim> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const { rows } = await this.pool.query<
        FeedRow & { old_holder: string | null; old_until: number | null; db_now: number }
      >(
        `WITH old AS (SELECT id, lease_holder, lease_until FROM feeds WHERE id = $1 FOR UPDATE)
        UPDATE feeds f SET lease_holder = $2, lease_until = ${NOW_MS} + $3,
          poll_window = GREATEST(COALESCE(f.poll_window, 0), $4)
        FROM old WHERE f.id = old.id
          AND (old.lease_until IS NULL OR old.lease_until < ${NOW_MS} OR old.lease_holder = $2)
          AND ($6 OR f.poll_window IS NULL OR f.poll_window < $4)
          AND ($6 OR f.next_poll_at IS NULL OR f.next_poll_at <= $5)
        RETURNING f.*, old.lease_holder AS old_holder, old.lease_until AS old_until, ${NOW_MS} AS db_now`,
        [feedId, this.instanceId, this.ttlMs, window, now, force],
      );
      const row = rows[0];
      if (row) {
        this.feedRows.add(feedId);
        this.hooks.onFeedRow?.(row);
        const dead =
          row.old_holder !== null &&
          row.old_holder !== this.instanceId &&
          row.old_until !== null &&
          row.old_until < row.db_now;
        const takeover = dead ? await this.recordTakeover('feed', feedId, row.old_holder as string) : null;
        return { claimed: true, state: toFeedState(row), takeover };
      }
      if (attempt > 0 || this.feedRows.has(feedId)) break;
      // Never polled by anyone: its row is created here (as ensureFeed would), then claimed.
      const created = await this.pool.query('INSERT INTO feeds (id, url) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [
        feedId,
        url,
      ]);
      this.feedRows.add(feedId);
      if (created.rowCount === 0) break;
    }
    return { claimed: false };
  }

  async releaseFeed(feedId: string): Promise<void> {
    if (this.hooks.releasedByWrite?.(feedId)) return;
    await this.pool.query('UPDATE feeds SET lease_until = NULL WHERE id = $1 AND lease_holder = $2', [
      feedId,
      this.instanceId,
    ]);
  }

  async acquireChannels(
    channelIds: string[],
    max: number,
  ): Promise<{ acquired: string[]; takeovers: LeaseTakeover[] }> {
    const acquired: string[] = [];
    const takeovers: LeaseTakeover[] = [];
    if (channelIds.length === 0 || max <= 0) return { acquired, takeovers };
    const { rows } = await this.leasePool.query<{ channel_id: string; holder: string; expired: boolean }>(
      `SELECT channel_id, holder, expires_at < ${NOW_MS} AS expired FROM channel_leases WHERE channel_id = ANY($1::text[])`,
      [channelIds],
    );
    const leases = new Map(rows.map((r) => [r.channel_id, r]));
    for (const id of channelIds) {
      if (acquired.length >= max) break;
      const lease = leases.get(id);
      if (!lease) {
        const r = await this.leasePool.query(
          `INSERT INTO channel_leases (channel_id, holder, expires_at, acquired_at)
            VALUES ($1, $2, ${NOW_MS} + $3, ${NOW_MS}) ON CONFLICT (channel_id) DO NOTHING`,
          [id, this.instanceId, this.ttlMs],
        );
        if (r.rowCount === 1) acquired.push(id);
      } else if (lease.expired && lease.holder !== this.instanceId) {
        // Only if it is still the dead holder's: two instances taking over at once, one wins.
        const r = await this.leasePool.query(
          `UPDATE channel_leases SET holder = $2, expires_at = ${NOW_MS} + $3, acquired_at = ${NOW_MS}
            WHERE channel_id = $1 AND holder = $4 AND expires_at < ${NOW_MS}`,
          [id, this.instanceId, this.ttlMs, lease.holder],
        );
        if (r.rowCount === 1) {
          acquired.push(id);
          takeovers.push(await this.recordTakeover('channel', id, lease.holder));
        }
      }
    }
    return { acquired, takeovers };
  }

  async releaseChannel(channelId: string): Promise<void> {
    await this.leasePool.query('DELETE FROM channel_leases WHERE channel_id = $1 AND holder = $2', [
      channelId,
      this.instanceId,
    ]);
  }

  async leave(): Promise<void> {
    await this.leasePool.query('DELETE FROM channel_leases WHERE holder = $1', [this.instanceId]);
    await this.leasePool.query('UPDATE feeds SET lease_until = NULL WHERE lease_holder = $1', [this.instanceId]);
    // Gone cleanly: not listed any more (an instance that died stays listed as gone for a day).
    await this.leasePool.query('DELETE FROM instances WHERE id = $1', [this.instanceId]);
  }

  async claimInteraction(interactionId: string): Promise<boolean> {
    // Discord wants an answer within 3 s and a token lasts 15 min: an hour-old claim is forgotten.
    const { rowCount } = await this.leasePool.query(
      `WITH gone AS (DELETE FROM interaction_claims WHERE at < ${NOW_MS} - 3600000)
        INSERT INTO interaction_claims (id, holder, at) VALUES ($1, $2, ${NOW_MS}) ON CONFLICT (id) DO NOTHING`,
      [interactionId, this.instanceId],
    );
    return rowCount === 1;
  }

  async instances(): Promise<InstanceInfo[]> {
    const { rows } = await this.leasePool.query<InstanceRow>(
      `SELECT *, (stopped_at IS NULL AND heartbeat_at >= ${NOW_MS} - $1) AS alive FROM instances ORDER BY started_at, id`,
      [this.ttlMs],
    );
    return rows.map((r) => ({
      id: r.id,
      host: r.host,
      pid: r.pid,
      version: r.version,
      configHash: r.config_hash,
      command: r.command,
      startedAt: r.started_at,
      heartbeatAt: r.heartbeat_at,
      alive: r.alive,
    }));
  }

  async channelHolders(): Promise<ChannelHolder[]> {
    const { rows } = await this.pool.query<{
      channel_id: string;
      holder: string;
      expires_at: number;
      acquired_at: number;
    }>('SELECT * FROM channel_leases ORDER BY channel_id');
    return rows.map((r) => ({
      channelId: r.channel_id,
      holder: r.holder,
      expiresAt: r.expires_at,
      acquiredAt: r.acquired_at,
    }));
  }

  async takeovers(limit: number): Promise<LeaseTakeover[]> {
    const { rows } = await this.pool.query<{
      at: number;
      kind: 'feed' | 'channel';
      key: string;
      from_holder: string;
      to_holder: string;
    }>('SELECT * FROM lease_takeovers ORDER BY id DESC LIMIT $1', [limit]);
    return rows.map((r) => ({ at: r.at, kind: r.kind, key: r.key, from: r.from_holder, to: r.to_holder }));
  }

  private async recordTakeover(kind: 'feed' | 'channel', key: string, from: string): Promise<LeaseTakeover> {
    const { rows } = await this.leasePool.query<{ at: number }>(
      `INSERT INTO lease_takeovers (at, kind, key, from_holder, to_holder) VALUES (${NOW_MS}, $1, $2, $3, $4) RETURNING at`,
      [kind, key, from, this.instanceId],
    );
    return { at: rows[0]?.at ?? Date.now(), kind, key, from, to: this.instanceId };
  }
}
