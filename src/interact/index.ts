// The bot in Discord, put together: a gateway session (./gateway.ts), slash commands
// registered in the guilds of the configured channels (./register.ts) and the answers to
// interactions (./handlers.ts). Built only when the config has a bot token and at least
// one enabled bot channel: a webhook-only config never opens a gateway connection.
import { REST, type RESTOptions } from 'discord.js';
import type { Config } from '../config/schema.js';
import type { CommandRegistry } from '../state/interfaces.js';
import type { InteractDeps } from './deps.js';
import { Gateway } from './gateway.js';
import { interactionHandler } from './handlers.js';
import { registerCommands, type RegisterResult } from './register.js';

export type { HistorySearch, InteractDeps } from './deps.js';

export interface BotOptions {
  rest: Partial<RESTOptions>;
  registry: CommandRegistry;
  deps: Omit<InteractDeps, 'guildOf'>;
  /** How many feeds are watched (the presence). */
  feeds(): number;
  loginRetryMs?: number;
}

/** The Discord channel ids the bot posts to (enabled bot channels). */
export function botChannels(config: Pick<Config, 'channels'>): string[] {
  return [...new Set(config.channels.filter((c) => c.enabled && c.discord).map((c) => c.discord!.channel))];
}

/** A bot session is wanted: a token, and a channel posted to with it. */
export function wantsBot(config: Pick<Config, 'channels' | 'discord'>): boolean {
  return Boolean(config.discord.token?.trim()) && botChannels(config).length > 0;
}

export class Bot {
  private readonly gateway: Gateway;
  /** Registration's own REST client: it works whatever the state of the gateway session. */
  private readonly rest: REST;
  private readonly guildOf = new Map<string, string>();
  private registering: Promise<RegisterResult> | null = null;
  private closed = false;

  constructor(
    token: string,
    private readonly opts: BotOptions,
  ) {
    const deps: InteractDeps = { ...opts.deps, guildOf: this.guildOf };
    this.rest = new REST(opts.rest).setToken(token);
    this.gateway = new Gateway({
      token,
      rest: opts.rest,
      log: opts.deps.log,
      feeds: opts.feeds(),
      onInteraction: interactionHandler(deps),
      ...(opts.loginRetryMs !== undefined && { loginRetryMs: opts.loginRetryMs }),
    });
  }

  /** Connect and register commands, both in the background: nothing here delays delivery. */
  start(): void {
    this.gateway.start();
    void this.register();
  }

  /** After a config reload: commands for new guilds (unchanged ones are skipped by hash), the presence. */
  reload(): void {
    this.gateway.setFeeds(this.opts.feeds());
    void this.register();
  }

  /** Registration in progress or done (tests wait on it). */
  register(): Promise<RegisterResult> {
    const previous = this.registering ?? Promise.resolve(null);
    const none: RegisterResult = { applicationId: null, guilds: [], written: [] };
    this.registering = previous.then(() =>
      this.closed
        ? none
        : registerCommands(botChannels(this.opts.deps.config()), {
            rest: this.rest,
            registry: this.opts.registry,
            log: this.opts.deps.log,
            now: this.opts.deps.now,
            guildOf: this.guildOf,
          }),
    );
    return this.registering;
  }

  get connected(): boolean {
    return this.gateway.ready;
  }

  /** Close the gateway session. A registration still in flight is not waited for (Discord may be slow or down). */
  async close(): Promise<void> {
    this.closed = true;
    this.rest.clearHashSweeper();
    this.rest.clearHandlerSweeper();
    await this.gateway.close();
  }
}
