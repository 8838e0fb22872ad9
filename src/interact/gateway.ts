// The bot's gateway session: discord.js's Client with the Guilds intent only (no
// privileged intent), a presence ("Watching 18 feeds"), and reconnect/resume exactly as
// discord.js does them. Nothing in delivery waits on it: alerts go through REST whatever
// the state of this connection. Interactions are handed to `onInteraction`; an error there
// is logged, never thrown past this module.
import { ActivityType, Client, Events, GatewayIntentBits, type Interaction, type REST, type RESTOptions } from 'discord.js';
import type { Logger } from 'pino';

export interface GatewayOptions {
  token: string;
  /** discord.js REST options (api base, timeout…), shared with the sinks' settings. */
  rest: Partial<RESTOptions>;
  log: Logger;
  feeds: number;
  onInteraction(interaction: Interaction): Promise<void>;
  /** Called once per READY (first connect and every new session), not on RESUMED. */
  onReady?(applicationId: string): void;
}

export function presenceText(feeds: number): string {
  return `${feeds} ${feeds === 1 ? 'feed' : 'feeds'}`;
}

export class Gateway {
  private readonly client: Client;
  private closed = false;

  constructor(private readonly opts: GatewayOptions) {
    this.client = new Client({
      intents: [GatewayIntentBits.Guilds],
      rest: opts.rest,
      presence: { status: 'online', activities: [{ name: presenceText(opts.feeds), type: ActivityType.Watching }] },
      // Mentions in replies never ping: a reply may quote article text.
      allowedMentions: { parse: [] },
    });
    // Set now, not at login: command registration goes through REST while the gateway connects.
    this.client.rest.setToken(opts.token);
    const log = opts.log;
    this.client.on(Events.ClientReady, (c) => {
      log.info({ user: c.user.tag, guilds: c.guilds.cache.size }, `Discord gateway connected as ${c.user.tag}`);
      opts.onReady?.(c.application.id);
    });
    this.client.on(Events.ShardResume, (_id, replayed) => log.info({ replayed }, 'Discord gateway session resumed'));
    this.client.on(Events.ShardReconnecting, () => log.warn('Discord gateway disconnected; reconnecting (alerts keep going through REST)'));
    this.client.on(Events.ShardDisconnect, (e) => log.error({ code: e.code }, `Discord gateway closed for good (code ${e.code}); slash commands are unavailable`));
    this.client.on(Events.Error, (err) => log.warn({ err: err.message }, `Discord gateway error: ${err.message}`));
    this.client.on(Events.InteractionCreate, (interaction) => {
      opts.onInteraction(interaction).catch((err: unknown) => {
        log.error({ err: err instanceof Error ? err.message : String(err), interaction: interaction.id }, 'answering an interaction failed');
      });
    });
  }

  /** Connect in the background: resolves at once; a failure to log in is logged, not thrown. */
  start(): void {
    this.client.login(this.opts.token).catch((err: unknown) => {
      if (this.closed) return;
      this.opts.log.error({ err: err instanceof Error ? err.message : String(err) }, `Discord gateway login failed: ${err instanceof Error ? err.message : String(err)}; alerts still go through REST`);
    });
  }

  /** The client's REST (bot token set): for command registration. */
  get rest(): REST {
    return this.client.rest;
  }

  get ready(): boolean {
    return this.client.isReady();
  }

  /** Show the number of feeds watched (after a config reload). */
  setFeeds(feeds: number): void {
    if (!this.client.isReady()) return;
    this.client.user.setPresence({ status: 'online', activities: [{ name: presenceText(feeds), type: ActivityType.Watching }] });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.client.destroy();
  }
}
