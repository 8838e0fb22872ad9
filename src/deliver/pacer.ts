// Per-channel pacing: at most `perMinute` messages in any 60 s window (a sliding window
// over the times of the last `perMinute` attempts). An attempt is recorded when its
// request has finished, so however long a request took, the next one cannot reach the
// server within the window of an earlier one.
// The window lives in memory; a channel worker seeds it at start from the outbox's record
// of recent sends, so a restart (or a crash loop) does not reset a channel's pace.
export class Pacer {
  private times: number[] = [];

  constructor(
    private perMinute: number,
    readonly windowMs = 60_000,
  ) {}

  /** Earliest time the next message may start (≤ now: it may start now). */
  nextAt(): number {
    if (this.times.length < this.perMinute) return Number.NEGATIVE_INFINITY;
    return (this.times[this.times.length - this.perMinute] as number) + this.windowMs;
  }

  /** Times of requests made before this pacer existed (any order). */
  seed(times: readonly number[]): void {
    for (const t of [...times].sort((a, b) => a - b)) this.record(t);
  }

  record(at: number): void {
    this.times.push(at);
    if (this.times.length > this.perMinute) this.times.splice(0, this.times.length - this.perMinute);
  }

  setRate(perMinute: number): void {
    this.perMinute = Math.max(1, perMinute);
  }
}
