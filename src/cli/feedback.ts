// `newswatch feedback [--since 30d] [--json]`: the "Not relevant" flags from Discord, per
// entity, with suggested exclude/context entries (src/interact/feedback-report.ts).
import { existsSync } from 'node:fs';
import { feedbackReport, feedbackText } from '../interact/feedback-report.js';
import { Store } from '../state/store.js';
import { sinceOption } from './history.js';
import type { Io } from './main.js';
import { configOrReport } from './status.js';
import { redactUrl } from '../core/redact.js';
import { isPostgresUrl } from '../core/state-url.js';
import type { AlertLookup, FeedbackStore } from '../state/interfaces.js';

export async function feedbackCommand(path: string, sinceOpt: string, json: boolean, io: Io): Promise<number> {
  const since = sinceOption(sinceOpt, io);
  if (since === null) return 2;
  const config = configOrReport(path, io);
  if (!config) return 2;
  const empty = (where: string) => {
    io.stdout.write(json ? '[]\n' : `no state yet ${where}: the service has not run with this config\n`);
    return 0;
  };
  let store: { interact: FeedbackStore & AlertLookup; close(): unknown } | null;
  if (isPostgresUrl(config.state)) {
    const { PgStore } = await import('../state/postgres/store.js');
    try {
      store = await PgStore.openReader(config.state);
    } catch (err) {
      io.stderr.write(`newswatch: ${(err as Error).message}\n`);
      return 3;
    }
    if (!store) return empty(`in ${redactUrl(config.state)}`);
  } else {
    if (!existsSync(config.state)) return empty(`at ${config.state}`);
    store = Store.openReadonly(config.state);
  }
  try {
    const flags = await store.interact.since(since);
    // The report asks for the unflagged titles of the entities it lists: read them first.
    const names = new Set<string>();
    feedbackReport(flags, config.watchlists, (name) => (names.add(name), []));
    const titles = new Map<string, string[]>();
    for (const name of names)
      titles.set(
        name,
        (await store.interact.recentForEntity(name, since, 1000)).map((r) => r.title),
      );
    const report = feedbackReport(flags, config.watchlists, (name) => titles.get(name) ?? []);
    io.stdout.write(json ? `${JSON.stringify(report)}\n` : feedbackText(report, since));
    return 0;
  } finally {
    await store.close();
  }
}
