// `newswatch search QUERY [--since 7d] [--entity ID] [--limit 20] [--json]`: full-text
// search over the stored history, best first, with the text around the match.
import { plainSnippet, searchText } from '../history/format.js';
import { HistoryQueryError } from '../state/interfaces.js';
import { EXIT } from './exit-codes.js';
import { sinceOption, withHistory } from './history.js';
import type { Io } from './main.js';
import { configOrReport } from './status.js';

export interface SearchOptions {
  since: string;
  entity?: string | undefined;
  limit: string;
  json: boolean;
}

export async function searchCommand(path: string, query: string, o: SearchOptions, io: Io): Promise<number> {
  const since = sinceOption(o.since, io);
  const limit = Number(o.limit);
  if (since === null) return EXIT.config;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    io.stderr.write(`--limit: expected a whole number from 1 to 1000, got ${JSON.stringify(o.limit)}\n`);
    return EXIT.config;
  }
  const config = configOrReport(path, io);
  if (!config) return EXIT.config;
  const known = config.watchlists.flatMap((w) => w.entities.flatMap((e) => [e.id, `${w.id}/${e.id}`]));
  // Still searched: the history may hold matches of an entity since removed from the config.
  if (o.entity !== undefined && !known.includes(o.entity))
    io.stderr.write(`--entity: ${JSON.stringify(o.entity)} is not an entity of ${path}\n`);
  const empty = () =>
    io.stdout.write(o.json ? '[]\n' : `no state yet at ${config.state}: the service has not run with this config\n`);
  return withHistory(config.state, io, empty, async (store) => {
    let hits;
    try {
      hits = await store.history.search(query, { since, entity: o.entity, limit });
    } catch (err) {
      if (!(err instanceof HistoryQueryError)) throw err;
      io.stderr.write(`${err.message}\n`);
      return EXIT.config;
    }
    if (o.json) {
      const out = hits.map((h) => ({
        ...h,
        published: h.published && new Date(h.published).toISOString(),
        seenAt: new Date(h.seenAt).toISOString(),
        snippet: plainSnippet(h.snippet),
      }));
      io.stdout.write(`${JSON.stringify(out)}\n`);
    } else io.stdout.write(searchText(query, hits, since));
    return EXIT.ok;
  });
}
