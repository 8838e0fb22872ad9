// How newswatch configures discord.js's REST client. Its own retries are short and
// immediate (no backoff), so they are kept few and the real retrying — with backoff,
// across polls and restarts — is the sender's. A rate-limit wait longer than
// `maxRateLimitWaitMs` is not waited out inside discord.js (it would hold the channel's
// queue): it is thrown as a RateLimitError and becomes a retry with that delay.
import { REST, type RESTOptions } from 'discord.js';

export interface DiscordDeps {
  /** Bot token, for channel routes (and for reconciling webhook posts). */
  token?: string | undefined;
  /** Base URL without version (default https://discord.com/api); tests point it at a fake. */
  api?: string | undefined;
  /** Per-request timeout. */
  timeoutMs?: number | undefined;
  /** Longest rate-limit wait accepted inside discord.js. */
  maxRateLimitWaitMs?: number | undefined;
  /** How many recent channel messages to search when reconciling an uncertain post. */
  lookupLimit?: number | undefined;
}

export const DISCORD_DEFAULTS = {
  api: 'https://discord.com/api',
  timeoutMs: 15_000,
  maxRateLimitWaitMs: 10_000,
  lookupLimit: 50,
  /**
   * Immediate retries inside discord.js (5xx, timeout, ECONNRESET). Bot posts carry a
   * nonce with enforce_nonce, so a retried create cannot double; webhook posts cannot
   * carry one, so discord.js never retries them: the sender reconciles first.
   */
  botRetries: 1,
  webhookRetries: 0,
} as const satisfies Required<Omit<DiscordDeps, 'token'>> & Record<string, unknown>;

export function restOptions(deps: DiscordDeps, retries: number): Partial<RESTOptions> {
  const maxWait = deps.maxRateLimitWaitMs ?? DISCORD_DEFAULTS.maxRateLimitWaitMs;
  return {
    api: deps.api ?? DISCORD_DEFAULTS.api,
    version: '10',
    timeout: deps.timeoutMs ?? DISCORD_DEFAULTS.timeoutMs,
    retries,
    rejectOnRateLimit: (limit) => limit.retryAfter > maxWait,
  };
}

/** Stop a REST client's periodic sweepers: without this, a client replaced on reload lives on. */
export function releaseRest(rest: REST): void {
  rest.clearHashSweeper();
  rest.clearHandlerSweeper();
}

export function createBotRest(deps: DiscordDeps & { token: string }): REST {
  return new REST(restOptions(deps, DISCORD_DEFAULTS.botRetries)).setToken(deps.token);
}
