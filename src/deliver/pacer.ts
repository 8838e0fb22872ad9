// Per-channel pacing: at most `perMinute` messages in any 60 s window (a sliding window
// over the times of the last `perMinute` attempts). An attempt is recorded when its
// request has finished, so however long a request took, the next one cannot reach the
// server within the window of an earlier one.
// Limit: the window lives in memory; right after a restart a channel may send up to
// `perMinute` more at once.
export class Pacer {
  private times: number[] = [];

  constructor(
    private perMinute: number,
    private readonly windowMs = 60_000,
  ) {}

  /** Earliest time the next message may start (≤ now: it may start now). */
  nextAt(): number {
    if (this.times.length < this.perMinute) return Number.NEGATIVE_INFINITY;
    return (this.times[this.times.length - this.perMinute] as number) + this.windowMs;
  }

  record(at: number): void {
    this.times.push(at);
    if (this.times.length > this.perMinute) this.times.splice(0, this.times.length - this.perMinute);
  }

  setRate(perMinute: number): void {
    this.perMinute = Math.max(1, perMinute);
  }
}
