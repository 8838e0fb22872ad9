// Finding a message we may already have posted. After a crash or a timeout mid-send the
// outbox cannot tell whether Discord created the message. Every message carries its
// outbox ref in the footer, so the channel's recent messages are searched for it before
// posting again. Limit: only the last `limit` messages (≤ 100) are searched; in a busy
// channel an older original is not found and the post is repeated (for bot posts the
// nonce still deduplicates within Discord's nonce window of a few minutes).
import { Routes, type APIMessage, type REST } from 'discord.js';
import { classifyError } from '../classify.js';
import { footerText } from '../render/discord.js';
import type { SendOutcome } from '../types.js';

export type Lookup =
  | { kind: 'found'; messageId: string }
  | { kind: 'absent' }
  /** Could not look (e.g. no permission to read history): post with the nonce and hope. */
  | { kind: 'unavailable'; error: string }
  /** A transient failure: try the whole row again later. */
  | { kind: 'retry'; outcome: SendOutcome };

export async function findByRef(
  rest: REST,
  discordChannelId: string,
  ref: string,
  opts: { webhookId?: string | undefined; limit: number; secrets: readonly string[] },
): Promise<Lookup> {
  const marker = footerText(ref);
  if (!marker) return { kind: 'absent' };
  try {
    const query = new URLSearchParams({ limit: String(Math.min(100, Math.max(1, opts.limit))) });
    const recent = (await rest.get(Routes.channelMessages(discordChannelId), { query })) as APIMessage[];
    const hit = recent.find(
      (m) =>
        (opts.webhookId === undefined || m.webhook_id === opts.webhookId) &&
        m.embeds.some((e) => e.footer?.text === marker),
    );
    return hit ? { kind: 'found', messageId: hit.id } : { kind: 'absent' };
  } catch (err) {
    const outcome = classifyError(err, opts.secrets);
    if (outcome.ok) return { kind: 'absent' };
    return outcome.retry ? { kind: 'retry', outcome } : { kind: 'unavailable', error: outcome.error };
  }
}
