// The buttons under a bot alert and their custom ids: written by the Discord renderer
// (deliver), read back by the interaction handlers (interact). A custom id carries the
// alert's ref (the outbox nonce, ≤ 25 chars) and the entity id (≤ 64): ≤ 100 chars.

export type AlertAction = 'mute' | 'not-relevant';

const PREFIX: Record<AlertAction, string> = { mute: 'nw:mute', 'not-relevant': 'nw:nr' };

export const MUTE_BUTTON_HOURS = 24;

export function alertButtonId(action: AlertAction, ref: string, entity: string): string {
  return `${PREFIX[action]}:${ref}:${entity}`.slice(0, 100);
}

export function parseAlertButtonId(customId: string): { action: AlertAction; ref: string; entity: string } | null {
  const m = /^nw:(mute|nr):([\w.-]{1,25}):([A-Za-z0-9][\w.-]{0,63})$/.exec(customId);
  if (!m) return null;
  return { action: m[1] === 'mute' ? 'mute' : 'not-relevant', ref: m[2] as string, entity: m[3] as string };
}
