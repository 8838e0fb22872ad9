// The bot's gateway session: discord.js's Client with the Guilds intent only (no
// privileged intent), a presence ("Watching 18 feeds"), and reconnect/resume exactly as
// discord.js does them. Nothing in delivery waits on it: alerts go through REST whatever
// the state of this connection. Interactions are handed to `onInteraction`; an error there
// is logged, never thrown past this module.
import { ActivityType, Client, Events, GatewayIntentBits, type Interaction, type RESTOptions } from 'discord.js';
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
  /** First wait before retrying a failed login (doubles up to 5 minutes). */
  loginRetryMs?: number;
}

const MAX_LOGIN_RETRY_MS = 5 * 60_000;

export function presenceText(feeds: number): string {
  return `${feeds} ${feeds === 1 ? 'feed' : 'feeds'}`;
}

export class Gateway {
  private client: Client;
  private closed = false;
  private loginFailures = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  /** Set while discord.js is reconnecting: only the first "disconnected" of an outage is a warning. */
  private reconnecting = false;

  constructor(private readonly opts: GatewayOptions) {
    this.client = this.createClient();
  }

  /** A new discord.js Client: one per login attempt (a Client destroyed by a failed login ignores its next session). */
  private createClient(): Client {
    const { opts } = this;
    const client = new Client({
      intents: [GatewayIntentBits.Guilds],
      rest: opts.rest,
      presence: { status: 'online', activities: [{ name: presenceText(opts.feeds), type: ActivityType.Watching }] },
      // Mentions in replies never ping: a reply may quote article text.
      allowedMentions: { parse: [] },
    });
    const log = opts.log;
    client.on(Events.ClientReady, (c) => {
      log.info({ user: c.user.tag, guilds: c.guilds.cache.size }, `Discord gateway connected as ${c.user.tag}`);
      this.reconnecting = false;
      opts.onReady?.(c.application.id);
    });
    client.on(Events.ShardReady, () => void (this.reconnecting = false));
    client.on(Events.ShardResume, (_id, replayed) => {
      this.reconnecting = false;
      log.info({ replayed }, 'Discord gateway session resumed');
    });
    client.on(Events.ShardReconnecting, () => {
      if (this.reconnecting) return void log.debug('Discord gateway still reconnecting');
      this.reconnecting = true;
      log.warn('Discord gateway disconnected; reconnecting (alerts keep going through REST)');
    });
    client.on(Events.ShardDisconnect, (e) =>
      log.error({ code: e.code }, `Discord gateway closed for good (code ${e.code}); slash commands are unavailable`),
    );
    client.on(Events.Error, (err) => log.warn({ err: err.message }, `Discord gateway error: ${err.message}`));
    client.on(Events.InteractionCreate, (interaction) => {
      opts.onInteraction(interaction).catch((err: unknown) => {
        log.error(
          { err: err instanceof Error ? err.message : String(err), interaction: interaction.id },
          'answering an interaction failed',
        );
      });
    });
    return client;
  }

  /**
   * Connect in the background. discord.js reconnects and resumes an established session by
   * itself; a failed login (Discord unreachable at start) is retried here with backoff,
   * except a rejected token, which no retry can fix.
   */
  start(): void {
    this.retryTimer = null;
    if (this.closed) return;
    this.client.login(this.opts.token).then(
      () => void (this.loginFailures = 0),
      (err: unknown) => {
        if (this.closed) return;
        const msg = err instanceof Error ? err.message : String(err);
        if ((err as { code?: unknown }).code === 'TokenInvalid') {
          return void this.opts.log.error(
            { err: msg },
            `Discord rejected the bot token: no gateway session, no slash commands (${msg}); alerts still go through REST`,
          );
        }
        const wait = Math.min(MAX_LOGIN_RETRY_MS, (this.opts.loginRetryMs ?? 5000) * 2 ** this.loginFailures++);
        this.opts.log.error(
          { err: msg, retryInMs: wait },
          `Discord gateway login failed: ${msg}; retrying in ${Math.round(wait / 1000)} s (alerts still go through REST)`,
        );
        this.retryTimer = setTimeout(() => {
          this.client = this.createClient();
          this.start();
        }, wait);
        this.retryTimer.unref();
      },
    );
  }

  get ready(): boolean {
    return this.client.isReady();
  }

  /** Show the number of feeds watched (after a config reload). */
  setFeeds(feeds: number): void {
    if (!this.client.isReady()) return;
    this.client.user.setPresence({
      status: 'online',
      activities: [{ name: presenceText(feeds), type: ActivityType.Watching }],
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.client.destroy();
  }
}
