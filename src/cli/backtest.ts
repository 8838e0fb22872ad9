// `newswatch backtest [--config NEW.yaml] [--state FILE] [--since 30d] [--json]`: the stored
// history matched with the watchlists and channels of NEW (src/history/backtest.ts), compared
// with what alerted. Read-only on the state file: it works while the service runs.
import { ConfigError, formatIssue } from '../config/errors.js';
import { loadConfig, type LoadedConfig } from '../config/load.js';
import { backtest } from '../history/backtest.js';
import { backtestText } from '../history/format.js';
import { EXIT } from './exit-codes.js';
import { sinceOption, withHistory } from './history.js';
import type { Io } from './main.js';

export interface BacktestOptions {
  since: string;
  state?: string | undefined;
  examples: string;
  json: boolean;
}

export async function backtestCommand(path: string, o: BacktestOptions, io: Io): Promise<number> {
  const since = sinceOption(o.since, io);
  if (since === null) return EXIT.config;
  const examples = Number(o.examples);
  if (!Number.isInteger(examples) || examples < 0 || examples > 100) {
    io.stderr.write(`--examples: expected a whole number from 0 to 100, got ${JSON.stringify(o.examples)}\n`);
    return EXIT.config;
  }
  let loaded: LoadedConfig;
  try {
    loaded = loadConfig(path, io.env);
  } catch (err) {
    io.stderr.write(
      err instanceof ConfigError ? `${err.issues.map(formatIssue).join('\n')}\n` : `${(err as Error).message}\n`,
    );
    return EXIT.config;
  }
  // A channel disabled here (its credentials unset in this shell) routes nothing: say so.
  for (const w of loaded.warnings) io.stderr.write(`${path}: ${w}\n`);
  const { config, matcher } = loaded;
  const file = o.state ?? config.state;
  const empty = () =>
    io.stdout.write(o.json ? 'null\n' : `no state yet at ${file}: the service has not run with this config\n`);
  return withHistory(file, io, empty, async (store) => {
    const started = performance.now();
    const report = await backtest({
      history: store.history,
      matcher,
      watchlists: config.watchlists,
      channels: config.channels,
      since,
      examples,
    });
    const ms = performance.now() - started;
    io.stdout.write(
      o.json
        ? `${JSON.stringify({ ...report, since: new Date(since).toISOString(), ms: Math.round(ms) })}\n`
        : backtestText(report, path, ms),
    );
    return EXIT.ok;
  });
}
