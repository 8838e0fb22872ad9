// argv → command → exit code (./exit-codes.ts: 0 ok, 1 runtime failure, 2 invalid config or usage,
// 3 state file unusable, 4 state file in use).
// Each command's modules are imported when it runs, so `--help` or `match` does not load
// discord.js, pino or prom-client (see bench/startup.ts).
import { Command, CommanderError } from 'commander';
import { VERSION } from '../core/version.js';

export const DEFAULT_CONFIG = 'config/newswatch.yaml';

export interface Io {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: Record<string, string | undefined>;
}

const processIo: Io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };

/** The config path: --config, else NEWSWATCH_CONFIG, else the bundled default. */
export function configPath(opt: string | undefined, io: Io): string {
  return opt ?? io.env['NEWSWATCH_CONFIG'] ?? DEFAULT_CONFIG;
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let code = 0;
  const program = new Command()
    .name('newswatch')
    .description('Polls news feeds, matches watchlists of groups and officials, posts alerts to Discord.')
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError('(run `newswatch --help` for the commands and their options)')
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  const withConfig = (c: Command) =>
    c.option('-c, --config <file>', `config file (default: $NEWSWATCH_CONFIG or ${DEFAULT_CONFIG})`);

  withConfig(
    program.command('start').description('run the service: poll on schedule, deliver alerts, until SIGTERM/SIGINT'),
  ).action(async (o: { config?: string }) => {
    const { startCommand } = await import('./start.js');
    code = await startCommand(configPath(o.config, io), io);
  });
  withConfig(program.command('once').description('poll every feed once, deliver, and exit'))
    .option('-q, --quiet', 'print no summary line')
    .action(async (o: { config?: string; quiet?: boolean }) => {
      const { onceCommand } = await import('./once.js');
      code = await onceCommand(configPath(o.config, io), io, { quiet: Boolean(o.quiet) });
    });
  withConfig(program.command('check').description('validate the config and print a summary (exit 2 on errors)')).action(
    async (o: { config?: string }) => {
      const { checkCommand } = await import('./check.js');
      code = await checkCommand(configPath(o.config, io), io);
    },
  );
  withConfig(
    program.command('match').description('match JSON lines {"id","title","content"} from stdin against the watchlists'),
  )
    .option('--explain', 'explain, for each item, every name that almost matched and why it did not count')
    .option(
      '--variants',
      'list the spelling variants each entity generates and those dropped, with why (reads no input)',
    )
    .action(async (o: { config?: string; explain?: boolean; variants?: boolean }) => {
      const { matchCommand } = await import('./match.js');
      code = await matchCommand(configPath(o.config, io), Boolean(o.explain), io, Boolean(o.variants));
    });
  program
    .command('parse')
    .description('parse feed files or URLs; print one JSON line per feed')
    .argument('<sources...>', 'files or http(s) URLs')
    .action(async (sources: string[]) => {
      const { parseCommand } = await import('./parse.js');
      code = await parseCommand(sources, io);
    });
  withConfig(program.command('status').description("print every feed's state and every channel's pending alerts"))
    .option('--json', 'print JSON')
    .action(async (o: { config?: string; json?: boolean }) => {
      const { statusCommand } = await import('./status.js');
      code = await statusCommand(configPath(o.config, io), Boolean(o.json), io);
    });

  withConfig(
    program
      .command('feedback')
      .description('list the "Not relevant" flags from Discord per entity, with suggested exclude/context entries'),
  )
    .option('--since <duration>', 'how far back (e.g. 7d, 30d)', '30d')
    .option('--json', 'print JSON')
    .action(async (o: { config?: string; since: string; json?: boolean }) => {
      const { feedbackCommand } = await import('./feedback.js');
      code = await feedbackCommand(configPath(o.config, io), o.since, Boolean(o.json), io);
    });

  withConfig(program.command('search').description('full-text search of the stored history of seen items, best first'))
    .argument('<query...>', 'words to find (all of them); "quoted words" as a phrase')
    .option('--since <duration>', 'how far back (e.g. 7d, 30d)', '7d')
    .option('--entity <id>', 'only items that matched this entity (id, or watchlist/id)')
    .option('--limit <n>', 'how many results', '20')
    .option('--json', 'print JSON')
    .action(
      async (
        words: string[],
        o: { config?: string; since: string; entity?: string; limit: string; json?: boolean },
      ) => {
        const { searchCommand } = await import('./search.js');
        code = await searchCommand(configPath(o.config, io), words.join(' '), { ...o, json: Boolean(o.json) }, io);
      },
    );
  withConfig(
    program
      .command('backtest')
      .description("match the stored history with a config's watchlists; compare with what alerted"),
  )
    .option('--state <file>', "the state file to read (default: the config's state)")
    .option('--since <duration>', 'how far back (e.g. 7d, 30d)', '30d')
    .option('--examples <n>', 'examples shown per entity and change', '3')
    .option('--json', 'print JSON')
    .action(async (o: { config?: string; state?: string; since: string; examples: string; json?: boolean }) => {
      const { backtestCommand } = await import('./backtest.js');
      code = await backtestCommand(configPath(o.config, io), { ...o, json: Boolean(o.json) }, io);
    });
  const state = program.command('state').description('manage the state database');
  state
    .command('copy')
    .description('copy a state (SQLite file or postgres:// URL) into a new, empty one; stop the service first')
    .requiredOption('--from <state>', 'the state to copy: a SQLite file or a postgres:// URL')
    .requiredOption('--to <state>', 'where to copy it: a new SQLite file or an empty PostgreSQL database')
    .action(async (o: { from: string; to: string }) => {
      const { stateCopyCommand } = await import('./state.js');
      code = await stateCopyCommand(o.from, o.to, io);
    });

  program
    .command('demo')
    .description('offline demo: local sample feeds, console alerts, new items arriving over a minute')
    .option('--seconds <n>', 'how long to run, in demo seconds (new items arrive until 55 s)', '65')
    .option('--speed <n>', 'run the demo this many times faster (1 to 20)', '1')
    .action(async (o: { seconds: string; speed: string }) => {
      const { runDemo } = await import('../demo/run.js');
      const speed = Math.min(20, Math.max(1, Number(o.speed) || 1));
      await runDemo({ seconds: Math.max(1, Number(o.seconds) || 65), speed, out: io.stdout, err: io.stderr });
      code = 0;
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    throw err;
  }
  return code;
}
