// `newswatch match` and the service share one matcher: the CLI, run as a child process
// over the whole labeled set, must give exactly the matches the in-process matcher gives
// to the pipeline (same entities, fields and offsets).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { compileWatchlists } from '../../src/match/index.js';
import { runCli, ROOT } from '../helpers/cli.js';
import { inputOf, loadItems, loadWatchlists } from '../match/labeled-set.js';

it('gives the same answers as the pipeline on every labeled item', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nw-same-'));
  try {
    const config = join(dir, 'watchlists.yaml');
    writeFileSync(config, readFileSync(join(ROOT, 'tests/match/fixtures/watchlists.yaml')));
    const items = loadItems();
    const stdin = items.map((i) => JSON.stringify({ id: i.id, title: i.title, content: i.content })).join('\n');
    const r = await runCli(['match', '--config', config], { stdin });
    expect(r.code).toBe(0);
    const cli = r.stdout
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            id: string;
            matches: { watchlist: string; entity: string; alias: string; field: string; start: number; end: number }[];
          },
      );
    const matcher = compileWatchlists(loadWatchlists());
    expect(cli.map((c) => c.id)).toEqual(items.map((i) => i.id));
    items.forEach((item, k) => {
      const inProcess = matcher.match(inputOf(item)).map((m) => ({
        watchlist: m.watchlist,
        entity: m.entity,
        alias: m.alias,
        field: m.field,
        start: m.start,
        end: m.end,
      }));
      const fromCli = cli[k]!.matches.map(({ watchlist, entity, alias, field, start, end }) => ({
        watchlist,
        entity,
        alias,
        field,
        start,
        end,
      }));
      expect(fromCli, item.id).toEqual(inProcess);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
