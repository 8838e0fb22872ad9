import { ConfigError, formatIssue } from '../config/errors.js';
import { loadConfig } from '../config/load.js';
import { channelTarget } from '../core/channel-target.js';
import { redactUrl } from '../core/redact.js';
import { planSinks } from '../deliver/plan.js';
import { configSummary } from '../service/config-summary.js';
import { schemaStatus, type SchemaStatus } from '../state/backend.js';
import type { Io } from './main.js';

/**
 * Validate the config and what it implies (the watchlists compiled, every channel's sink
 * checked) without building clients or touching the network, then read the state's
 * schema version (read only: the migrations it lacks are applied by `start`, not here).
 */
export async function checkCommand(path: string, io: Io): Promise<number> {
  try {
    const runtime = loadConfig(path, io.env);
    const { config } = runtime;
    planSinks(config.channels, config.discord);
    const lines = [
      `${config.source}: OK — ${configSummary(config)}`,
      `schedule ${config.schedule} (${config.timezone}); state ${redactUrl(config.state)}`,
      'feeds:',
      ...config.feeds.map(
        (f) => `  ${f.id}  ${redactUrl(f.url)}${f.schedule !== config.schedule ? `  [${f.schedule}]` : ''}`,
      ),
      'watchlists:',
      ...config.watchlists.map(
        (w) => `  ${w.id}${w.name ? ` (${w.name})` : ''}: ${w.entities.map((e) => e.name).join('; ')}`,
      ),
      `  ${runtime.matcher.names} names compiled`,
      'channels:',
      ...config.channels.map(
        (c) =>
          `  ${c.id}: ${channelTarget(c)} ← ${c.watchlists?.join(', ') ?? 'all watchlists'}${c.feeds ? ` from ${c.feeds.join(', ')}` : ''}`,
      ),
      ...runtime.warnings.map((w) => `warning: ${w}`),
    ];
    io.stdout.write(`${lines.join('\n')}\n`);
    // After the config's summary, so that a state that cannot be used still shows the rest.
    io.stdout.write(`${schemaLine(await schemaStatus(config.state))}\n`);
    return 0;
  } catch (err) {
    if (err instanceof ConfigError) {
      io.stderr.write(
        `${err.issues.map(formatIssue).join('\n')}\n${err.issues.length} error${err.issues.length > 1 ? 's' : ''} in the config\n`,
      );
      return 2;
    }
    io.stderr.write(`newswatch check: ${(err as Error).message}\n`);
    return 2;
  }
}

function schemaLine(s: SchemaStatus): string {
  if (s.version === null)
    return `state ${s.label}: not created yet; this newswatch creates it at start (schema version ${s.latest})`;
  const pending = s.latest - s.version;
  if (pending === 0) return `state ${s.label}: schema version ${s.version}, up to date`;
  return `state ${s.label}: schema version ${s.version}, this newswatch applies ${pending} pending migration${pending === 1 ? '' : 's'} at start`;
}
