// Prunes old state on a schedule so the database stays bounded over months.
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import type { StateBackend } from '../state/backend.js';

export class RetentionJob {
  private task: ScheduledTask | null = null;

  constructor(
    private readonly store: Pick<StateBackend, 'prune'>,
    private readonly config: () => Config,
    private readonly log: Logger,
    /** Where a failure goes (the service classifies and logs it with the state file). */
    private readonly onError: (err: unknown, context: string) => void,
  ) {}

  start(schedule: string, timezone: string): void {
    this.task = cron.schedule(schedule, () => void this.run(), { name: 'retention', timezone, noOverlap: true });
  }

  /** Never rejects: a failure goes to onError. */
  async run(now = Date.now()): Promise<void> {
    const before = now - this.config().retention.maxAge;
    try {
      const r = await this.store.prune(before);
      this.log.info({ ...r, before: new Date(before).toISOString() }, 'retention: pruned old state');
    } catch (err) {
      this.onError(err, 'retention');
    }
  }

  stop(): void {
    void this.task?.stop();
    this.task = null;
  }
}
