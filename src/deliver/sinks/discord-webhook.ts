// Posts through a channel webhook with discord.js's WebhookClient (POST ?wait=true, so
// Discord returns the message and its id; editMessage for edits).
//
// Webhook executes take no nonce, so a repeated post after an uncertain attempt could
// double. When a bot token is configured, an uncertain row is reconciled first: GET the
// webhook (→ its channel), then search that channel's recent messages for our footer ref.
// Without a bot token the row is simply posted again: a crash or timeout in the moment
// after Discord created the message but before we recorded it can then show it twice.
import { Routes, type APIWebhook, type REST, type WebhookClient } from 'discord.js';
import type { DeliveryPayload } from '../../core/types.js';
import { classifyError } from '../classify.js';
import { renderDiscord, type DiscordMessageBody } from '../render/discord.js';
import type { EditOptions, PostOptions, SendOutcome, Sink } from '../types.js';
import { releaseRest } from './discord-rest.js';
import { discordNonce } from './nonce.js';
import { findByRef } from './reconcile.js';

export class DiscordWebhookSink implements Sink {
  readonly kind = 'discord-webhook';
  private discordChannelId: string | null = null;

  constructor(
    readonly channelId: string,
    private readonly client: WebhookClient,
    /** The bot's REST client, when a token is configured: used to reconcile. */
    private readonly botRest: REST | null,
    private readonly opts: { secrets: readonly string[]; lookupLimit: number },
  ) {}

  async post(payload: DeliveryPayload, { nonce, uncertain }: PostOptions): Promise<SendOutcome> {
    const ref = discordNonce(nonce);
    if (uncertain && this.botRest) {
      const found = await this.lookup(this.botRest, ref);
      if (found) return found;
    }
    try {
      const msg = await this.client.send(toOptions(renderDiscord(payload, { ref })));
      return { ok: true, messageId: msg.id };
    } catch (err) {
      return classifyError(err, this.opts.secrets);
    }
  }

  close(): void {
    this.client.destroy();
    if (this.botRest) releaseRest(this.botRest);
  }

  async edit(messageId: string, payload: DeliveryPayload, options: EditOptions = {}): Promise<SendOutcome> {
    try {
      await this.client.editMessage(
        messageId,
        toOptions(renderDiscord(payload, { ref: options.ref && discordNonce(options.ref), edit: true })),
      );
      return { ok: true, messageId };
    } catch (err) {
      return classifyError(err, this.opts.secrets);
    }
  }

  /** An outcome when the message was found or the lookup must be retried; null: post. */
  private async lookup(botRest: REST, ref: string): Promise<SendOutcome | null> {
    let discordChannelId: string;
    try {
      discordChannelId = await this.webhookChannel();
    } catch (err) {
      const outcome = classifyError(err, this.opts.secrets);
      // A webhook that cannot be read cannot be posted to either: let the post report it.
      return !outcome.ok && outcome.retry ? outcome : null;
    }
    const found = await findByRef(botRest, discordChannelId, ref, {
      webhookId: this.client.id,
      limit: this.opts.lookupLimit,
      secrets: this.opts.secrets,
    });
    if (found.kind === 'found') return { ok: true, messageId: found.messageId };
    if (found.kind === 'retry') return found.outcome;
    return null;
  }

  /** The channel the webhook posts into (GET /webhooks/:id/:token, no bot auth), cached. */
  private async webhookChannel(): Promise<string> {
    if (this.discordChannelId !== null) return this.discordChannelId;
    const hook = (await this.client.rest.get(Routes.webhook(this.client.id, this.client.token), {
      auth: false,
    })) as APIWebhook;
    if (!hook.channel_id) throw new Error(`webhook ${this.client.id} has no channel`);
    this.discordChannelId = hook.channel_id;
    return hook.channel_id;
  }
}

/** The rendered API body in WebhookClient's option shape. */
function toOptions(body: DiscordMessageBody) {
  return {
    ...(body.content !== undefined ? { content: body.content } : {}),
    embeds: body.embeds,
    allowedMentions: {
      parse: [] as [],
      ...(body.allowed_mentions.roles ? { roles: body.allowed_mentions.roles } : {}),
    },
  };
}
