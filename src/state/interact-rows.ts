// Rows of the interaction tables (mutes, "Not relevant" flags) as both state backends
// store them, and the records the stages see: one mapping, so the two stores cannot drift.
import type { Feedback, Mute } from './interfaces.js';

export interface MuteRow {
  discord_channel_id: string;
  entity: string;
  until: number;
  set_by: string;
  set_by_name: string;
  set_at: number;
}

export const muteFromRow = (r: MuteRow): Mute => ({
  discordChannelId: r.discord_channel_id,
  entity: r.entity,
  until: r.until,
  setBy: r.set_by,
  setByName: r.set_by_name,
  setAt: r.set_at,
});

export interface FeedbackRow {
  outbox_id: number;
  ref: string;
  discord_channel_id: string;
  watchlist: string;
  entity: string;
  alias: string;
  field: string;
  phrase: string;
  title: string;
  link: string | null;
  user_id: string;
  user_name: string;
  created_at: number;
}

export function feedbackFromRow(r: FeedbackRow): Feedback {
  return {
    outboxId: r.outbox_id,
    ref: r.ref,
    discordChannelId: r.discord_channel_id,
    watchlist: r.watchlist,
    entity: r.entity,
    alias: r.alias,
    field: r.field,
    phrase: r.phrase,
    title: r.title,
    link: r.link,
    userId: r.user_id,
    userName: r.user_name,
    createdAt: r.created_at,
  };
}
