// Slash commands are guild commands of the guilds of the configured Discord channels
// (guild commands appear at once; global ones take up to an hour). They are written
// only when what is registered differs from what would be: the hash of the definitions
// and the application id is kept per guild in the state file, so a restart with the
// same commands sends no PUT. Failures are logged and retried at the next start or
// reload; they never stop the service.
import { Routes, type REST } from 'discord.js';
import type { Logger } from 'pino';
import type { CommandRegistry } from '../state/interfaces.js';
import { commandDefinitions, commandsHash } from './commands.js';

export interface RegisterDeps {
  rest: REST;
  registry: CommandRegistry;
  log: Logger;
  now(): number;
  /** Channel id → guild id, filled from GET /channels/:id (kept across calls). */
  guildOf: Map<string, string>;
}

export interface RegisterResult {
  applicationId: string | null;
  guilds: string[];
  /** Guilds whose commands were written now. */
  written: string[];
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export async function registerCommands(
  discordChannels: readonly string[],
  deps: RegisterDeps,
): Promise<RegisterResult> {
  const { rest, log } = deps;
  let applicationId: string;
  try {
    applicationId = ((await rest.get(Routes.currentApplication())) as { id: string }).id;
  } catch (err) {
    log.error(
      { err: message(err) },
      `slash commands not registered: cannot read the bot's application (${message(err)})`,
    );
    return { applicationId: null, guilds: [], written: [] };
  }
  for (const channel of discordChannels) {
    if (deps.guildOf.has(channel)) continue;
    try {
      const info = (await rest.get(Routes.channel(channel))) as { guild_id?: string };
      if (info.guild_id) deps.guildOf.set(channel, info.guild_id);
      else log.warn({ channel }, `Discord channel ${channel} is in no guild: no slash commands there`);
    } catch (err) {
      log.warn(
        { channel, err: message(err) },
        `cannot look up the guild of Discord channel ${channel}: ${message(err)}`,
      );
    }
  }
  const guilds = [
    ...new Set(discordChannels.map((c) => deps.guildOf.get(c)).filter((g): g is string => g !== undefined)),
  ];
  const defs = commandDefinitions();
  const hash = commandsHash(applicationId, defs);
  const written: string[] = [];
  for (const guild of guilds) {
    if ((await deps.registry.registeredHash(guild)) === hash) continue;
    try {
      await rest.put(Routes.applicationGuildCommands(applicationId, guild), { body: defs });
      await deps.registry.recordRegistration(guild, hash, deps.now());
      written.push(guild);
      log.info({ guild }, `slash commands registered in guild ${guild}`);
    } catch (err) {
      log.error({ guild, err: message(err) }, `cannot register slash commands in guild ${guild}: ${message(err)}`);
    }
  }
  return { applicationId, guilds, written };
}
