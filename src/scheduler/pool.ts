// A work pool with an overall concurrency cap and a per-host cap, so one slow or
// rate-limiting site never takes all the slots and never gets more than `perHost`
// requests at once. Tasks run in FIFO order among those whose host has room.

interface Task {
  host: string;
  run: () => Promise<void>;
  done: () => void;
}

export class Pool {
  private readonly queue: Task[] = [];
  private readonly perHostActive = new Map<string, number>();
  private active = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly perHost: number,
  ) {}

  /** Resolves when the task has run (its own errors are the task's business: it must not throw). */
  run(host: string, fn: () => Promise<void>): Promise<void> {
    return new Promise((resolve) => {
      this.queue.push({ host, run: fn, done: resolve });
      this.pump();
    });
  }

  get size(): { active: number; queued: number } {
    return { active: this.active, queued: this.queue.length };
  }

  /** Resolves when nothing is running or queued. */
  idle(): Promise<void> {
    if (this.active === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Drop queued tasks that have not started (on shutdown); running ones finish. */
  clear(): void {
    for (const t of this.queue.splice(0)) t.done();
    this.checkIdle();
  }

  private pump(): void {
    for (let i = 0; i < this.queue.length && this.active < this.concurrency;) {
      const t = this.queue[i] as Task;
      const n = this.perHostActive.get(t.host) ?? 0;
      if (n >= this.perHost) {
        i++;
        continue;
      }
      this.queue.splice(i, 1);
      this.active++;
      this.perHostActive.set(t.host, n + 1);
      void t
        .run()
        .catch(() => {})
        .finally(() => {
          this.active--;
          const left = (this.perHostActive.get(t.host) ?? 1) - 1;
          if (left === 0) this.perHostActive.delete(t.host);
          else this.perHostActive.set(t.host, left);
          t.done();
          this.pump();
          this.checkIdle();
        });
    }
  }

  private checkIdle(): void {
    if (this.active === 0 && this.queue.length === 0) for (const w of this.idleWaiters.splice(0)) w();
  }
}
