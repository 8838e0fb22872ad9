// Posts to a channel with the bot token (REST only, no gateway):
//   POST /channels/:id/messages with nonce + enforce_nonce (a repeated create returns
//   the existing message instead of a second one), PATCH for edits.
import { Routes, type APIMessage, type REST } from 'discord.js';
import type { DeliveryPayload } from '../../core/types.js';
import { classifyError } from '../classify.js';
import { renderDiscord } from '../render/discord.js';
import type { EditOptions, PostOptions, SendOutcome, Sink } from '../types.js';
import { releaseRest } from './discord-rest.js';
import { discordNonce } from './nonce.js';
import { findByRef } from './reconcile.js';

export class DiscordBotSink implements Sink {
  readonly kind = 'discord-bot';

  constructor(
    readonly channelId: string,
    private readonly rest: REST,
    private readonly discordChannelId: string,
    private readonly opts: { secrets: readonly string[]; lookupLimit: number },
  ) {}

  async post(payload: DeliveryPayload, { nonce, uncertain }: PostOptions): Promise<SendOutcome> {
    const ref = discordNonce(nonce);
    const body = renderDiscord(payload, { ref, buttons: true });
    if (uncertain) {
      const found = await findByRef(this.rest, this.discordChannelId, ref, {
        limit: this.opts.lookupLimit,
        secrets: this.opts.secrets,
      });
      if (found.kind === 'found') return { ok: true, messageId: found.messageId };
      if (found.kind === 'retry') return found.outcome;
    }
    try {
      const msg = (await this.rest.post(Routes.channelMessages(this.discordChannelId), {
        body: { ...body, nonce: ref, enforce_nonce: true },
      })) as APIMessage;
      return { ok: true, messageId: msg.id };
    } catch (err) {
      return classifyError(err, this.opts.secrets);
    }
  }

  /** The REST client is shared by the config's bot channels: releasing it twice is harmless. */
  close(): void {
    releaseRest(this.rest);
  }

  async edit(messageId: string, payload: DeliveryPayload, options: EditOptions = {}): Promise<SendOutcome> {
    try {
      await this.rest.patch(Routes.channelMessage(this.discordChannelId, messageId), {
        body: renderDiscord(payload, { ref: options.ref && discordNonce(options.ref), edit: true }),
      });
      return { ok: true, messageId };
    } catch (err) {
      return classifyError(err, this.opts.secrets);
    }
  }
}
