// The demo's time: seconds since the demo started, running `speed` times faster than the
// wall clock. It stands at 0 until start(): the first poll records the items already in
// the feeds (silently) before any new one may appear.
export class DemoClock {
  private origin: number | null = null;

  constructor(
    readonly speed: number,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    this.origin ??= this.now();
  }

  /** Wall-clock start (now, until started). */
  get startedAt(): number {
    return this.origin ?? this.now();
  }

  /** Demo seconds since start. */
  elapsed(): number {
    return this.origin === null ? 0 : ((this.now() - this.origin) / 1000) * this.speed;
  }

  /** The wall-clock time of demo second `at`. */
  wallTime(at: number): number {
    return this.startedAt + (at * 1000) / this.speed;
  }

  /** Real seconds for `demoSeconds` of demo time. */
  real(demoSeconds: number): number {
    return demoSeconds / this.speed;
  }
}
