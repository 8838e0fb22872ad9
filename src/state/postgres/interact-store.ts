// PostgreSQL side of the Discord interactions (see ../interact-store.ts): mutes, kept in
// memory too since routing asks for every alert (loaded at open, re-read after each
// write), "Not relevant" flags, alert look-ups by ref or message id, and the hash of the
// slash commands registered per guild.
import type pg from 'pg';
import type { DeliveryPayload } from '../../core/types.js';
import type {
  AlertLookup,
  CommandRegistry,
  Feedback,
  FeedbackStore,
  Mute,
  MuteStore,
  StoredAlert,
} from '../interfaces.js';
import { feedbackFromRow, muteFromRow, type FeedbackRow, type MuteRow } from '../interact-rows.js';
import { nonceFor } from '../outbox-store.js';

interface AlertRow {
  id: number;
  channel_id: string;
  payload: DeliveryPayload;
  created_at: number;
  status: string;
  message_id: string | null;
}

export class PgInteractStore implements MuteStore, FeedbackStore, AlertLookup, CommandRegistry {
  private mutes: Mute[] = [];

  constructor(
    private readonly pool: pg.Pool,
    private readonly tag: string,
  ) {}

  /** Read the mutes into memory (at open, and after every write). */
  async load(): Promise<void> {
    const { rows } = await this.pool.query<MuteRow>(
      'SELECT * FROM mutes ORDER BY until, discord_channel_id COLLATE "C", entity COLLATE "C"',
    );
    this.mutes = rows.map(muteFromRow);
  }

  isMuted(discordChannelId: string, entity: string, now: number): boolean {
    return this.mutes.some((m) => m.until > now && m.entity === entity && m.discordChannelId === discordChannelId);
  }

  active(now: number): Mute[] {
    return this.mutes.filter((m) => m.until > now);
  }

  async set(m: Mute): Promise<void> {
    await this.pool.query('DELETE FROM mutes WHERE until <= $1', [m.setAt]);
    await this.pool.query(
      `INSERT INTO mutes (discord_channel_id, entity, until, set_by, set_by_name, set_at) VALUES ($1, $2, $3, $4, $5, $6)
        ON CONFLICT (discord_channel_id, entity) DO UPDATE SET until = excluded.until, set_by = excluded.set_by,
          set_by_name = excluded.set_by_name, set_at = excluded.set_at`,
      [m.discordChannelId, m.entity, m.until, m.setBy, m.setByName, m.setAt],
    );
    await this.load();
  }

  async remove(discordChannelId: string, entity: string, now: number): Promise<boolean> {
    const r = await this.pool.query('DELETE FROM mutes WHERE discord_channel_id = $1 AND entity = $2 AND until > $3', [
      discordChannelId,
      entity,
      now,
    ]);
    await this.pool.query('DELETE FROM mutes WHERE until <= $1', [now]);
    await this.load();
    return (r.rowCount ?? 0) > 0;
  }

  async add(f: Feedback): Promise<boolean> {
    const r = await this.pool.query(
      `INSERT INTO feedback (outbox_id, ref, discord_channel_id, watchlist, entity, alias, field, phrase, title, link,
          user_id, user_name, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
        ON CONFLICT DO NOTHING`,
      [
        f.outboxId,
        f.ref,
        f.discordChannelId,
        f.watchlist,
        f.entity,
        f.alias,
        f.field,
        f.phrase,
        f.title,
        f.link,
        f.userId,
        f.userName,
        f.createdAt,
      ],
    );
    return (r.rowCount ?? 0) > 0;
  }

  async since(at: number): Promise<Feedback[]> {
    const { rows } = await this.pool.query<FeedbackRow>(
      'SELECT * FROM feedback WHERE created_at >= $1 ORDER BY entity COLLATE "C", created_at, id',
      [at],
    );
    return rows.map(feedbackFromRow);
  }

  private toAlert(r: AlertRow | undefined): StoredAlert | null {
    if (!r) return null;
    return {
      outboxId: r.id,
      channelId: r.channel_id,
      nonce: nonceFor(this.tag, r.id),
      messageId: r.message_id,
      payload: r.payload,
      createdAt: r.created_at,
      sent: r.status === 'sent',
    };
  }

  async byRef(ref: string): Promise<StoredAlert | null> {
    const m = /^nw-([0-9a-f]+)-([0-9a-z]+)$/.exec(ref.trim());
    if (!m || m[1] !== this.tag) return null;
    const { rows } = await this.pool.query<AlertRow>(
      'SELECT id, channel_id, payload, created_at, status, message_id FROM outbox WHERE id = $1',
      [parseInt(m[2] as string, 36)],
    );
    return this.toAlert(rows[0]);
  }

  async byMessageId(messageId: string): Promise<StoredAlert | null> {
    const { rows } = await this.pool.query<AlertRow>(
      'SELECT id, channel_id, payload, created_at, status, message_id FROM outbox WHERE message_id = $1 ORDER BY id LIMIT 1',
      [messageId],
    );
    return this.toAlert(rows[0]);
  }

  async recentForEntity(entityName: string, since: number, limit: number) {
    const { rows } = await this.pool.query<{
      title: string;
      link: string | null;
      sources: string[];
      created_at: number;
    }>(
      'SELECT title, link, sources, created_at FROM stories WHERE created_at >= $1 AND entities ? $2 ORDER BY id DESC LIMIT $3',
      [since, entityName, limit],
    );
    return rows.map((r) => ({ title: r.title, link: r.link, sources: r.sources, createdAt: r.created_at }));
  }

  async mentionCount(watchlist: string, entity: string, sinceDay: string): Promise<number> {
    const { rows } = await this.pool.query<{ n: number | null }>(
      'SELECT SUM(count)::bigint AS n FROM mentions WHERE watchlist = $1 AND entity = $2 AND day >= $3',
      [watchlist, entity, sinceDay],
    );
    return rows[0]?.n ?? 0;
  }

  async registeredHash(guildId: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ hash: string }>(
      'SELECT hash FROM command_registrations WHERE guild_id = $1',
      [guildId],
    );
    return rows[0]?.hash ?? null;
  }

  async recordRegistration(guildId: string, hash: string, at: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO command_registrations (guild_id, hash, registered_at) VALUES ($1, $2, $3)
        ON CONFLICT (guild_id) DO UPDATE SET hash = excluded.hash, registered_at = excluded.registered_at`,
      [guildId, hash, at],
    );
  }
}
