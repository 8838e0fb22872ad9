// `newswatch feedback [--since 30d] [--json]`: the "Not relevant" flags from Discord, per
// entity, with suggested exclude/context entries (src/interact/feedback-report.ts).
import { existsSync } from 'node:fs';
import { parseDuration } from '../config/schema.js';
import { feedbackReport, feedbackText } from '../interact/feedback-report.js';
import { Store } from '../state/store.js';
import type { Io } from './main.js';
import { configOrReport, refusePostgres } from './status.js';

export async function feedbackCommand(path: string, sinceOpt: string, json: boolean, io: Io): Promise<number> {
  const ms = parseDuration(sinceOpt);
  if (ms === null || ms <= 0) {
    io.stderr.write(`--since: not a duration: ${JSON.stringify(sinceOpt)} (use e.g. 7d, 30d, 12h)\n`);
    return 2;
  }
  const config = configOrReport(path, io);
  if (!config) return 2;
  if (refusePostgres('feedback', config, io)) return 1;
  const since = Date.now() - ms;
  if (!existsSync(config.state)) {
    io.stdout.write(json ? '[]\n' : `no state yet at ${config.state}: the service has not run with this config\n`);
    return 0;
  }
  const store = Store.openReadonly(config.state);
  try {
    const titles = new Map<string, string[]>();
    const unflagged = (name: string) => {
      let t = titles.get(name);
      if (!t) titles.set(name, (t = store.interact.recentForEntity(name, since, 1000).map((r) => r.title)));
      return t;
    };
    const report = feedbackReport(store.interact.since(since), config.watchlists, unflagged);
    io.stdout.write(json ? `${JSON.stringify(report)}\n` : feedbackText(report, since));
    return 0;
  } finally {
    store.close();
  }
}
