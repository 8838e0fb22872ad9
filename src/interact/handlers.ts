// Interactions → answers: the `/newswatch` subcommands, entity autocomplete, and the two
// buttons under bot alerts. Questions are answered only to the asker (ephemeral); a mute
// or unmute is announced in the channel (who, what, until when). Refusals are ephemeral
// and say why.
import {
  MessageFlags,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
} from 'discord.js';
import { MUTE_BUTTON_HOURS, parseAlertButtonId } from '../core/alert-buttons.js';
import { parseDuration } from '../config/schema.js';
import { HistoryQueryError, type StoredAlert } from '../state/interfaces.js';
import {
  alertsOf,
  entityChoices,
  explainAnswer,
  findEntity,
  phraseAround,
  recentAnswer,
  sentenceOf,
  statusAnswer,
  type WatchedEntity,
} from './answers.js';
import { SEARCH_RESULTS, searchAnswer } from './search-answer.js';
import { COMMAND, MAX_MUTE_MS, MAX_RECENT_MS } from './commands.js';
import type { InteractDeps } from './deps.js';
import { channelsHere, mayOperate, type Caller } from './permissions.js';

type Answerable = ChatInputCommandInteraction | ButtonInteraction;

const NO_PINGS = { parse: [] as [] };

function callerOf(i: Interaction): Caller {
  const m = i.member;
  const roles = !m ? [] : Array.isArray(m.roles) ? (m.roles as string[]) : [...m.roles.cache.keys()];
  return { guildId: i.guildId, channelId: i.channelId, roles, permissions: i.memberPermissions?.bitfield ?? null };
}

const privately = (i: Answerable, content: string) =>
  i.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
const publicly = (i: Answerable, content: string) => i.reply({ content, allowedMentions: NO_PINGS });

/** A message link (https://discord.com/channels/guild/channel/message) → its message id. */
function messageIdOf(ref: string): string | null {
  const m = /^https:\/\/(?:(?:ptb|canary)\.)?discord(?:app)?\.com\/channels\/\d+\/\d+\/(\d+)\/?$/.exec(ref.trim());
  return m ? (m[1] as string) : null;
}

export function interactionHandler(deps: InteractDeps): (i: Interaction) => Promise<void> {
  /** Did this instance take the interaction? A database that cannot say: answer (a second answer is refused by Discord). */
  const taken = async (id: string): Promise<boolean> => {
    try {
      return await deps.claim!(id);
    } catch (err) {
      deps.log.warn(
        { interaction: id, err: (err as Error).message },
        `cannot tell whether another instance answers interaction ${id}; answering: ${(err as Error).message}`,
      );
      return true;
    }
  };

  const nameOf = (entity: string) => findEntity(deps.config().watchlists, entity)?.entity.name ?? entity;

  const lookUp = async (ref: string): Promise<StoredAlert | null> => {
    const messageId = messageIdOf(ref);
    return messageId ? await deps.alerts.byMessageId(messageId) : await deps.alerts.byRef(ref);
  };

  async function mute(i: Answerable, found: WatchedEntity, ms: number): Promise<void> {
    const now = deps.now();
    const until = now + ms;
    await deps.mutes.set({
      discordChannelId: i.channelId as string,
      entity: found.entity.id,
      until,
      setBy: i.user.id,
      setByName: i.user.username,
      setAt: now,
    });
    deps.log.info(
      { channel: i.channelId, entity: found.entity.id, until, by: i.user.id },
      `muted ${found.entity.id} in Discord channel ${i.channelId}`,
    );
    const s = Math.floor(until / 1000);
    await publicly(
      i,
      `🔇 **${found.entity.name}** is muted in this channel until <t:${s}:f> (<t:${s}:R>), by <@${i.user.id}>. ` +
        'Its matches are still recorded, not posted here; `/newswatch unmute` lifts it.',
    );
  }

  async function search(i: ChatInputCommandInteraction): Promise<void> {
    if (!deps.search) return void (await privately(i, 'Search is not available: this newswatch keeps no history.'));
    const ms = parseDuration(i.options.getString('since') ?? '7d');
    if (ms === null || ms <= 0 || ms > MAX_RECENT_MS)
      return void (await privately(i, '`since` is a duration like 24h or 7d, at most 90d.'));
    const typed = i.options.getString('entity');
    const found = typed === null ? undefined : findEntity(deps.config().watchlists, typed);
    if (typed !== null && !found)
      return void (await privately(i, 'That entity is not in the watchlists: pick one from the list.'));
    const query = i.options.getString('query', true);
    const since = deps.now() - ms;
    const entity = found && `${found.watchlist.id}/${found.entity.id}`;
    let hits;
    try {
      hits = await deps.search.search(query, { since, entity, limit: SEARCH_RESULTS });
    } catch (err) {
      if (!(err instanceof HistoryQueryError)) throw err;
      return void (await privately(i, 'Nothing to search for: the query needs at least one word.'));
    }
    await privately(i, searchAnswer(query, since, found?.entity.name ?? null, hits));
  }

  async function command(i: ChatInputCommandInteraction): Promise<void> {
    const cfg = deps.config();
    const sub = i.options.getSubcommand();
    if (sub === 'status') {
      const here = (await deps.mutes.active(deps.now())).filter((m) => m.discordChannelId === i.channelId);
      return void (await privately(i, await statusAnswer(deps.status, here, nameOf)));
    }
    if (sub === 'explain') {
      const ref = i.options.getString('ref', true);
      const alert = await lookUp(ref);
      if (!alert)
        return void (await privately(
          i,
          `No alert with ref \`${ref.replace(/`/g, '')}\` in the state file: use the ref in the footer (\`newswatch · ref nw-…\`) or a link to the message.`,
        ));
      return void (await privately(i, explainAnswer(alert, cfg.watchlists, deps.matcher())));
    }
    if (sub === 'search') return search(i);
    const found = findEntity(cfg.watchlists, i.options.getString('entity', true));
    if (!found) return void (await privately(i, 'That entity is not in the watchlists: pick one from the list.'));
    if (sub === 'recent') {
      const ms = parseDuration(i.options.getString('since') ?? '7d');
      if (ms === null || ms <= 0 || ms > MAX_RECENT_MS)
        return void (await privately(i, '`since` is a duration like 24h or 7d, at most 90d.'));
      const since = deps.now() - ms;
      const rows = await deps.alerts.recentForEntity(found.entity.name, since, 10);
      const mentions = await deps.alerts.mentionCount(
        found.watchlist.id,
        found.entity.id,
        new Date(since).toISOString().slice(0, 10),
      );
      return void (await privately(i, recentAnswer(found.entity.name, since, mentions, rows)));
    }
    const may = mayOperate(callerOf(i), cfg.discord.operators);
    if (!may.ok) return void (await privately(i, `Refused: ${may.reason}`));
    if (sub === 'mute') {
      const ms = parseDuration(i.options.getString('for', true));
      if (ms === null || ms < 60_000 || ms > MAX_MUTE_MS)
        return void (await privately(i, 'Refused: `for` is a duration like 6h or 3d, from 1m to at most 7d.'));
      return mute(i, found, ms);
    }
    if (sub === 'unmute') {
      if (!(await deps.mutes.remove(i.channelId, found.entity.id, deps.now())))
        return void (await privately(i, `**${found.entity.name}** is not muted in this channel.`));
      deps.log.info(
        { channel: i.channelId, entity: found.entity.id, by: i.user.id },
        `unmuted ${found.entity.id} in Discord channel ${i.channelId}`,
      );
      return void (await publicly(
        i,
        `🔔 **${found.entity.name}** is no longer muted in this channel (by <@${i.user.id}>).`,
      ));
    }
    await privately(i, `Unknown command ${sub}.`);
  }

  async function button(i: ButtonInteraction): Promise<void> {
    const parsed = parseAlertButtonId(i.customId);
    if (!parsed) return void (await privately(i, "This button is not one of newswatch's."));
    const cfg = deps.config();
    const may = mayOperate(callerOf(i), cfg.discord.operators);
    if (!may.ok) return void (await privately(i, `Refused: ${may.reason}`));
    const found = findEntity(cfg.watchlists, parsed.entity);
    if (!found) return void (await privately(i, `\`${parsed.entity}\` is no longer in the watchlists.`));
    if (parsed.action === 'mute') return mute(i, found, MUTE_BUTTON_HOURS * 3_600_000);
    const alert = await deps.alerts.byRef(parsed.ref);
    const p = alert && alertsOf(alert.payload).find((a) => a.matches.some((m) => m.entity === parsed.entity));
    const m = p?.matches.find((x) => x.entity === parsed.entity);
    if (!alert || !p || !m)
      return void (await privately(
        i,
        'This alert is no longer in the state file (pruned by retention): nothing recorded.',
      ));
    const fresh = await deps.feedback.add({
      outboxId: alert.outboxId,
      ref: alert.nonce,
      discordChannelId: i.channelId,
      watchlist: m.watchlist,
      entity: m.entity,
      alias: m.alias,
      field: m.field,
      phrase: phraseAround(sentenceOf(p, m), m.alias),
      title: p.title,
      link: p.link,
      userId: i.user.id,
      userName: i.user.username,
      createdAt: deps.now(),
    });
    deps.log.info(
      { ref: alert.nonce, entity: m.entity, by: i.user.id },
      `alert ${alert.nonce} flagged not relevant for ${m.entity}`,
    );
    await privately(
      i,
      fresh
        ? `Recorded: this alert is not relevant for **${found.entity.name}**. \`newswatch feedback\` lists the flags and suggests exclude/context entries.`
        : 'You already flagged this alert.',
    );
  }

  async function autocomplete(i: AutocompleteInteraction): Promise<void> {
    const focused = i.options.getFocused(true);
    await i.respond(focused.name === 'entity' ? entityChoices(deps.config().watchlists, String(focused.value)) : []);
  }

  return async (i: Interaction) => {
    if (deps.claim && !(await taken(i.id))) return;
    const cfg = deps.config();
    const place = channelsHere(callerOf(i), cfg.channels, deps.guildOf);
    if (i.isAutocomplete()) return place.ok && i.commandName === COMMAND ? autocomplete(i) : void (await i.respond([]));
    if (!i.isChatInputCommand() && !i.isButton()) return;
    if (!place.ok) return void (await privately(i, `Refused: ${place.reason}`));
    if (i.isChatInputCommand())
      return i.commandName === COMMAND ? command(i) : void (await privately(i, 'Unknown command.'));
    return button(i);
  };
}
