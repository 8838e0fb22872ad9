// SQLite side of the Discord interactions: mutes (kept in memory too: routing asks for
// every alert), "Not relevant" flags, alert look-ups by ref or message id, and the hash
// of the slash commands registered per guild. Expired mutes are ignored on read and
// deleted on the next write: they end by themselves, with or without a restart.
import type { DeliveryPayload } from '../core/types.js';
import type { Db } from './db.js';
import type {
  AlertLookup,
  CommandRegistry,
  Feedback,
  FeedbackStore,
  Mute,
  MuteStore,
  StoredAlert,
} from './interfaces.js';
import { feedbackFromRow, muteFromRow, type FeedbackRow, type MuteRow } from './interact-rows.js';
import { nonceFor } from './outbox-store.js';

interface OutboxRow {
  id: number;
  channel_id: string;
  payload: string;
  created_at: number;
  status: string;
  message_id: string | null;
}

export class SqliteInteractStore implements MuteStore, FeedbackStore, AlertLookup, CommandRegistry {
  private readonly q;
  private readonly tag: string;
  /** Every stored mute (expired ones included until the next write), or null to re-read. */
  private mutes: Mute[] | null = null;

  constructor(db: Db) {
    this.tag =
      (db.prepare("SELECT value FROM meta WHERE key = 'nonce_tag'").get() as { value: string } | undefined)?.value ??
      'x';
    this.q = {
      mutes: db.prepare<[], MuteRow>('SELECT * FROM mutes ORDER BY until, discord_channel_id, entity'),
      setMute: db.prepare(`INSERT INTO mutes (discord_channel_id, entity, until, set_by, set_by_name, set_at)
        VALUES (@discordChannelId, @entity, @until, @setBy, @setByName, @setAt)
        ON CONFLICT (discord_channel_id, entity) DO UPDATE SET until = excluded.until, set_by = excluded.set_by,
          set_by_name = excluded.set_by_name, set_at = excluded.set_at`),
      removeMute: db.prepare<[string, string, number]>(
        'DELETE FROM mutes WHERE discord_channel_id = ? AND entity = ? AND until > ?',
      ),
      expire: db.prepare<[number]>('DELETE FROM mutes WHERE until <= ?'),
      addFeedback:
        db.prepare(`INSERT OR IGNORE INTO feedback (outbox_id, ref, discord_channel_id, watchlist, entity, alias, field, phrase,
          title, link, user_id, user_name, created_at)
        VALUES (@outboxId, @ref, @discordChannelId, @watchlist, @entity, @alias, @field, @phrase, @title, @link, @userId, @userName, @createdAt)`),
      feedbackSince: db.prepare<[number], FeedbackRow>(
        'SELECT * FROM feedback WHERE created_at >= ? ORDER BY entity, created_at, id',
      ),
      byId: db.prepare<[number], OutboxRow>(
        'SELECT id, channel_id, payload, created_at, status, message_id FROM outbox WHERE id = ?',
      ),
      byMessage: db.prepare<[string], OutboxRow>(
        'SELECT id, channel_id, payload, created_at, status, message_id FROM outbox WHERE message_id = ? ORDER BY id LIMIT 1',
      ),
      recent: db.prepare<
        [number, string, number],
        { title: string; link: string | null; sources: string; created_at: number }
      >(
        `SELECT title, link, sources, created_at FROM stories WHERE created_at >= ?
          AND EXISTS (SELECT 1 FROM json_each(stories.entities) j WHERE j.value = ?) ORDER BY id DESC LIMIT ?`,
      ),
      mentions: db.prepare<[string, string, string], { n: number | null }>(
        'SELECT SUM(count) AS n FROM mentions WHERE watchlist = ? AND entity = ? AND day >= ?',
      ),
      registered: db.prepare<[string], { hash: string }>('SELECT hash FROM command_registrations WHERE guild_id = ?'),
      register: db.prepare<
        [string, string, number]
      >(`INSERT INTO command_registrations (guild_id, hash, registered_at) VALUES (?, ?, ?)
        ON CONFLICT (guild_id) DO UPDATE SET hash = excluded.hash, registered_at = excluded.registered_at`),
    };
  }

  // ---- mutes ----

  private all(): Mute[] {
    return (this.mutes ??= this.q.mutes.all().map(muteFromRow));
  }

  isMuted(discordChannelId: string, entity: string, now: number): boolean {
    return this.all().some((m) => m.until > now && m.entity === entity && m.discordChannelId === discordChannelId);
  }

  active(now: number): Mute[] {
    return this.all().filter((m) => m.until > now);
  }

  set(mute: Mute): void {
    this.q.expire.run(mute.setAt);
    this.q.setMute.run(mute);
    this.mutes = null;
  }

  remove(discordChannelId: string, entity: string, now: number): boolean {
    const removed = this.q.removeMute.run(discordChannelId, entity, now).changes > 0;
    this.q.expire.run(now);
    this.mutes = null;
    return removed;
  }

  // ---- feedback ----

  add(f: Feedback): boolean {
    return this.q.addFeedback.run(f).changes > 0;
  }

  since(at: number): Feedback[] {
    return this.q.feedbackSince.all(at).map(feedbackFromRow);
  }

  // ---- alerts ----

  private toAlert(r: OutboxRow | undefined): StoredAlert | null {
    if (!r) return null;
    return {
      outboxId: r.id,
      channelId: r.channel_id,
      nonce: nonceFor(this.tag, r.id),
      messageId: r.message_id,
      payload: JSON.parse(r.payload) as DeliveryPayload,
      createdAt: r.created_at,
      sent: r.status === 'sent',
    };
  }

  byRef(ref: string): StoredAlert | null {
    const m = /^nw-([0-9a-f]+)-([0-9a-z]+)$/.exec(ref.trim());
    if (!m || m[1] !== this.tag) return null;
    return this.toAlert(this.q.byId.get(parseInt(m[2] as string, 36)));
  }

  byMessageId(messageId: string): StoredAlert | null {
    return this.toAlert(this.q.byMessage.get(messageId));
  }

  recentForEntity(entityName: string, since: number, limit: number) {
    return this.q.recent.all(since, entityName, limit).map((r) => ({
      title: r.title,
      link: r.link,
      sources: JSON.parse(r.sources) as string[],
      createdAt: r.created_at,
    }));
  }

  mentionCount(watchlist: string, entity: string, sinceDay: string): number {
    return this.q.mentions.get(watchlist, entity, sinceDay)?.n ?? 0;
  }

  // ---- command registrations ----

  registeredHash(guildId: string): string | null {
    return this.q.registered.get(guildId)?.hash ?? null;
  }

  recordRegistration(guildId: string, hash: string, at: number): void {
    this.q.register.run(guildId, hash, at);
  }
}
