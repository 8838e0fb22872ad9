// A generic JSON webhook: POSTs each alert to a URL. The request carries the outbox
// nonce as `Idempotency-Key`, so a receiver can drop a repeat after an uncertain attempt.
// Body: { type: 'alert'|'notice'|'digest'|'briefing'|'edit', ref, messageId?, text, payload }.
import type { DeliveryPayload } from '../../core/types.js';
import { classifyError, classifyStatus } from '../classify.js';
import { renderConsole } from '../render/console.js';
import type { EditOptions, PostOptions, SendOutcome, Sink } from '../types.js';

export class HttpSink implements Sink {
  readonly kind = 'http';

  constructor(
    readonly channelId: string,
    private readonly url: string,
    private readonly opts: { timeoutMs: number; userAgent: string },
  ) {}

  post(payload: DeliveryPayload, { nonce }: PostOptions): Promise<SendOutcome> {
    return this.send(
      { type: payload.kind, ref: nonce, text: renderConsole(payload, { color: false }), payload },
      nonce,
      nonce,
    );
  }

  edit(messageId: string, payload: DeliveryPayload, options: EditOptions = {}): Promise<SendOutcome> {
    const body = {
      type: 'edit',
      ref: options.ref ?? null,
      messageId,
      text: renderConsole(payload, { color: false, edit: true }),
      payload,
    };
    return this.send(
      body,
      `edit:${messageId}:${payload.kind === 'alert' ? payload.alsoReportedBy.length : 0}`,
      messageId,
    );
  }

  private async send(body: unknown, idempotencyKey: string, fallbackId: string): Promise<SendOutcome> {
    const what = `http sink for channel ${this.channelId}`;
    try {
      const res = await fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': this.opts.userAgent,
          'idempotency-key': idempotencyKey,
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.opts.timeoutMs),
        redirect: 'error',
      });
      const text = await res.text().catch(() => '');
      if (!res.ok) return classifyStatus(res.status, res.headers, what);
      return { ok: true, messageId: idOf(text) ?? fallbackId };
    } catch (err) {
      const outcome = classifyError(err, [this.url]);
      return outcome.ok ? outcome : { ...outcome, error: `${what}: ${outcome.error}` };
    }
  }
}

/** The receiver's own id for the message, when it answers JSON with a string `id`. */
function idOf(text: string): string | null {
  try {
    const json = JSON.parse(text) as { id?: unknown };
    return typeof json.id === 'string' && json.id.length <= 200 ? json.id : null;
  } catch {
    return null;
  }
}
