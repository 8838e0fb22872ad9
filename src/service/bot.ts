// The bot in Discord (src/interact) wired to the service: its state store, its status,
// and the config and matcher in force (read on every use: they change on reload).
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import type { Clock } from '../core/types.js';
import { restOptions } from '../deliver/index.js';
import { Bot, wantsBot, type InteractDeps } from '../interact/index.js';
import type { Matcher } from '../match/index.js';
import type { StateBackend } from '../state/backend.js';

export interface BotContext {
  config(): Config;
  matcher(): Matcher;
  store: StateBackend;
  status: InteractDeps['status'];
  clock: Clock;
  log: Logger;
}

/** The gateway session and slash commands for the current config, or null (no token, or no bot channel). */
export function createBot(ctx: BotContext): Bot | null {
  const config = ctx.config();
  if (!wantsBot(config)) return null;
  const store = ctx.store.interact;
  return new Bot(config.discord.token!.trim(), {
    rest: restOptions(config.discord, 1),
    registry: store,
    feeds: () => ctx.config().feeds.length,
    deps: {
      config: ctx.config,
      status: ctx.status,
      alerts: store,
      mutes: store,
      feedback: store,
      matcher: ctx.matcher,
      now: () => ctx.clock.now(),
      log: ctx.log,
      search: ctx.store.history,
      ...(ctx.store.cluster && { claim: (id: string) => ctx.store.cluster!.claimInteraction(id) }),
    },
  });
}

/**
 * After a reload: keep the session (new guilds get the commands, the presence follows),
 * or close it (token changed, no bot channel left) and open one if the service still runs.
 * Never rejects: a failure is logged, and the service runs on without a bot.
 */
export async function reloadBot(
  bot: Bot | null,
  previous: Config,
  ctx: BotContext,
  running: () => boolean,
): Promise<Bot | null> {
  const next = ctx.config();
  if (bot && wantsBot(next) && next.discord.token === previous.discord.token) {
    bot.reload();
    return bot;
  }
  try {
    await bot?.close();
    if (!running()) return null;
    const fresh = createBot(ctx);
    fresh?.start();
    return fresh;
  } catch (err) {
    ctx.log.error(
      { err: (err as Error).message },
      `the Discord bot could not be restarted after the reload: ${(err as Error).message}`,
    );
    return null;
  }
}
