// DeliveryPayload → a Discord message body (raw API JSON), safe and within every limit.
// Invariants kept here, whatever the article says:
//  - allowed_mentions is always present and parses nothing; only a configured role id is
//    allowed, and only that role's mention ever appears in `content`;
//  - all article text is cleaned and markdown-escaped (./text.ts); links are http(s) only;
//  - every length limit in ../limits.ts holds, with truncation at word boundaries.
import type { APIActionRowComponent, APIComponentInMessageActionRow, APIEmbed, APIEmbedField } from 'discord.js';
import { alertButtonId, MUTE_BUTTON_HOURS } from '../../core/alert-buttons.js';
import type { AlertPayload, DeliveryPayload, NoticePayload } from '../../core/types.js';
import { DISCORD_LIMITS as L } from '../limits.js';
import { briefingEmbed } from './briefing.js';
import { renderDigestEmbed } from './digest.js';
import { joinWithin, matchedEntries, publishedMs, summaryUnits } from './fields.js';
import { cleanText, fitEscaped, fitUnits, safeLink } from './text.js';

export interface DiscordMessageBody {
  content?: string;
  embeds: APIEmbed[];
  allowed_mentions: { parse: []; roles?: string[] };
  components?: APIActionRowComponent<APIComponentInMessageActionRow>[];
}

export interface RenderOptions {
  /** Shown in the footer (the outbox nonce); lets a lost reply be found again among recent messages. */
  ref?: string | undefined;
  /** An edit of a sent message: nothing may ping, not even the configured role. */
  edit?: boolean;
  /** Add "Mute 24 h" and "Not relevant" buttons under an alert (bot messages only: the gateway answers them). */
  buttons?: boolean;
}

export const COLORS = { alert: 0xc0392b, warning: 0xe67e22, info: 0x3498db, digest: 0x7f8c8d } as const;

const ROLE_ID = /^\d{15,25}$/;

export function renderDiscord(payload: DeliveryPayload, options: RenderOptions = {}): DiscordMessageBody {
  const footer = footerText(options.ref);
  const embed =
    payload.kind === 'alert'
      ? alertEmbed(payload, footer)
      : payload.kind === 'notice'
        ? noticeEmbed(payload, footer)
        : payload.kind === 'briefing'
          ? briefingEmbed(payload, footer)
          : renderDigestEmbed(payload, footer);
  const role =
    payload.kind === 'alert'
      ? payload.mentionRole
      : payload.kind === 'digest'
        ? payload.alerts[0]?.mentionRole
        : undefined;
  const body: DiscordMessageBody = { embeds: [embed], allowed_mentions: { parse: [] } };
  if (role && ROLE_ID.test(role)) {
    body.content = `<@&${role}>`;
    if (!options.edit) body.allowed_mentions = { parse: [], roles: [role] };
  }
  const entity = payload.kind === 'alert' ? payload.matches[0]?.entity : undefined;
  if (options.buttons && options.ref && entity) body.components = [alertButtons(options.ref, entity)];
  return body;
}

/** Buttons 2 (secondary) and 4 (danger) in one action row (type 1), naming the alert's first entity. */
function alertButtons(ref: string, entity: string): APIActionRowComponent<APIComponentInMessageActionRow> {
  return {
    type: 1,
    components: [
      {
        type: 2,
        style: 2,
        label: `Mute this entity ${MUTE_BUTTON_HOURS} h`,
        custom_id: alertButtonId('mute', ref, entity),
      },
      { type: 2, style: 4, label: 'Not relevant', custom_id: alertButtonId('not-relevant', ref, entity) },
    ],
  };
}

/** The footer marker that identifies a message as ours, for one ref. */
export function footerText(ref: string | undefined): string | null {
  const safe = ref?.replace(/[^\w.-]/g, '').slice(0, L.nonce);
  return safe ? `newswatch · ref ${safe}` : null;
}

function alertEmbed(p: AlertPayload, footer: string | null): APIEmbed {
  const embed: APIEmbed = { color: COLORS.alert, title: fitEscaped(cleanText(p.title) || '(untitled)', L.title).text };
  if (footer) embed.footer = { text: footer };
  const url = safeLink(p.link);
  if (url) embed.url = url;
  const fields: APIEmbedField[] = [];
  const source = fitEscaped(cleanText(p.source), 200).text;
  if (source) fields.push({ name: 'Source', value: source, inline: true });
  const ms = publishedMs(p.published);
  if (ms !== null) fields.push({ name: 'Published', value: `<t:${Math.floor(ms / 1000)}:f>`, inline: true });
  const matched = listValue(matchedEntries(p.matches));
  if (matched) fields.push({ name: 'Matched', value: matched });
  const also = listValue(p.alsoReportedBy);
  if (also) fields.push({ name: 'Also reported by', value: also });
  embed.fields = fields.slice(0, L.fields);
  const description = fitUnits(summaryUnits(p.summary), descriptionRoom(embed)).text;
  if (description) embed.description = description;
  return embed;
}

function noticeEmbed(p: NoticePayload, footer: string | null): APIEmbed {
  const embed: APIEmbed = {
    color: p.level === 'warning' ? COLORS.warning : COLORS.info,
    title: fitEscaped(cleanText(p.title) || 'newswatch notice', L.title).text,
  };
  if (footer) embed.footer = { text: footer };
  if (p.feedId)
    embed.fields = [{ name: 'Feed', value: fitEscaped(cleanText(p.feedId), 200).text || '-', inline: true }];
  const description = fitEscaped(cleanText(p.text), descriptionRoom(embed)).text;
  if (description) embed.description = description;
  return embed;
}

/** Names escaped and capped one by one, then joined within a field value. */
function listValue(names: string[]): string {
  const entries = names.map((n) => fitEscaped(cleanText(n), 200).text).filter((n) => n !== '');
  return joinWithin(entries, L.fieldValue);
}

/** Room left for the description: its own limit, and the 6000 shared by every text part of the embed. */
export function descriptionRoom(embed: APIEmbed): number {
  const others =
    (embed.title?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
  return Math.max(0, Math.min(L.description, L.embedTotal - others));
}
