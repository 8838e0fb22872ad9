// argv → command → exit code. Exit codes: 0 ok, 1 runtime failure, 2 invalid config or usage.
import { Command, CommanderError } from 'commander';
import { VERSION } from '../service/runtime.js';
import { checkCommand } from './check.js';
import { matchCommand } from './match.js';
import { onceCommand } from './once.js';
import { parseCommand } from './parse.js';
import { startCommand } from './start.js';
import { statusCommand } from './status.js';
import { runDemo } from '../demo/run.js';

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
  const withConfig = (c: Command) => c.option('-c, --config <file>', `config file (default: $NEWSWATCH_CONFIG or ${DEFAULT_CONFIG})`);

  withConfig(program.command('start').description('run the service: poll on schedule, deliver alerts, until SIGTERM/SIGINT'))
    .action(async (o: { config?: string }) => { code = await startCommand(configPath(o.config, io), io); });
  withConfig(program.command('once').description('poll every feed once, deliver, and exit'))
    .action(async (o: { config?: string }) => { code = await onceCommand(configPath(o.config, io), io); });
  withConfig(program.command('check').description('validate the config and print a summary (exit 2 on errors)'))
    .action(async (o: { config?: string }) => { code = await checkCommand(configPath(o.config, io), io); });
  withConfig(program.command('match').description('match JSON lines {"id","title","content"} from stdin against the watchlists'))
    .option('--explain', 'explain, for each item, every name that almost matched and why it did not count')
    .option('--variants', 'list the spelling variants each entity generates and those dropped, with why (reads no input)')
    .action(async (o: { config?: string; explain?: boolean; variants?: boolean }) => {
      code = await matchCommand(configPath(o.config, io), Boolean(o.explain), io, Boolean(o.variants));
    });
  program.command('parse').description('parse feed files or URLs; print one JSON line per feed').argument('<sources...>', 'files or http(s) URLs')
    .action(async (sources: string[]) => { code = await parseCommand(sources, io); });
  withConfig(program.command('status').description("print every feed's state and every channel's pending alerts"))
    .option('--json', 'print JSON')
    .action(async (o: { config?: string; json?: boolean }) => { code = await statusCommand(configPath(o.config, io), Boolean(o.json), io); });

  program.command('demo').description('offline demo: local sample feeds, console alerts, new items arriving over a minute')
    .option('--seconds <n>', 'how long to run, in demo seconds (new items arrive until 55 s)', '65')
    .option('--speed <n>', 'run the demo this many times faster (1 to 20)', '1')
    .action(async (o: { seconds: string; speed: string }) => {
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
