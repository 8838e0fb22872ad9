// Prints alerts on a stream (standard output by default), readable; ANSI styling only on a TTY.
import type { DeliveryPayload } from '../../core/types.js';
import { renderConsole } from '../render/console.js';
import type { EditOptions, PostOptions, SendOutcome, Sink } from '../types.js';

export class ConsoleSink implements Sink {
  readonly kind = 'console';

  constructor(
    readonly channelId: string,
    private readonly out: NodeJS.WritableStream,
  ) {}

  private get color(): boolean {
    return (this.out as { isTTY?: boolean }).isTTY === true && !process.env.NO_COLOR;
  }

  async post(payload: DeliveryPayload, { nonce }: PostOptions): Promise<SendOutcome> {
    return this.write(renderConsole(payload, { color: this.color, ref: nonce }), `console:${nonce}`);
  }

  async edit(messageId: string, payload: DeliveryPayload, options: EditOptions = {}): Promise<SendOutcome> {
    return this.write(renderConsole(payload, { color: this.color, ref: options.ref, edit: true }), messageId);
  }

  /** Confirmed once the stream accepted the text (flushed, or buffered under backpressure). */
  private write(text: string, messageId: string): Promise<SendOutcome> {
    return new Promise((resolve) => {
      try {
        this.out.write(text, (err?: Error | null) =>
          resolve(
            err ? { ok: false, retry: true, error: `console write failed: ${err.message}` } : { ok: true, messageId },
          ),
        );
      } catch (err) {
        resolve({ ok: false, retry: true, error: `console write failed: ${(err as Error).message}` });
      }
    });
  }
}
