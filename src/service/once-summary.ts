// What one `newswatch once` run did, in one line for the user ("3 feeds polled, 1 failed;
// 2 new items; 2 alerts queued, 2 sent"), counted from the polls' outcomes and the
// sender's events.
import type { SenderEvent } from '../deliver/index.js';
import type { PollOutcome } from '../pipeline/poll-feed.js';

export class OnceSummary {
  private polled = 0;
  private failed = 0;
  private fresh = 0;
  private firstPolls = 0;
  private recorded = 0;
  private queued = 0;
  private sent = 0;
  private notices = 0;
  private deliveryFailures = 0;

  poll(outcome: PollOutcome): void {
    this.polled++;
    if (outcome.kind === 'failed') this.failed++;
    if (outcome.kind !== 'updated') return;
    if (outcome.silent) {
      this.firstPolls++;
      this.recorded += outcome.fresh;
      return;
    }
    this.fresh += outcome.fresh;
    this.queued += outcome.queued;
  }

  event(e: SenderEvent): void {
    if (e.type === 'sent' && e.kind === 'notice') this.notices++;
    else if (e.type === 'sent') this.sent += e.count;
    else if (e.type === 'failed') this.deliveryFailures += e.count;
  }

  line(): string {
    const n = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
    const parts = [
      `${n(this.polled, 'feed')} polled${this.failed ? `, ${this.failed} failed` : ''}`,
      n(this.fresh, 'new item') +
        (this.firstPolls
          ? ` (first poll of ${n(this.firstPolls, 'feed')}: ${this.recorded} recorded without alerts)`
          : ''),
      `${n(this.queued, 'alert')} queued, ${this.sent} sent` +
        (this.notices ? `, ${n(this.notices, 'notice')} sent` : ''),
    ];
    if (this.deliveryFailures)
      parts.push(`${n(this.deliveryFailures, 'delivery attempt')} failed (kept, retried next run)`);
    return `newswatch once: ${parts.join('; ')}`;
  }
}
