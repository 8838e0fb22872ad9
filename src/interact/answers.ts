// The text of the answers to slash commands (pure: data in, Discord markdown out). Every
// piece of article or config text is markdown-escaped; answers fit Discord's 2000 chars.
import { escapeMarkdown } from 'discord.js';
import type { EntityConfig, WatchlistConfig } from '../config/schema.js';
import type { AlertPayload, DeliveryPayload, Match, Span } from '../core/types.js';
import type { Mute, StoredAlert } from '../state/interfaces.js';
import type { ExplainView, StatusView } from './deps.js';

export const MAX_CONTENT = 2000;

export interface WatchedEntity {
  watchlist: WatchlistConfig;
  entity: EntityConfig;
}

export function fit(text: string, max = MAX_CONTENT): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

const esc = (s: string) => escapeMarkdown(s.replace(/\s+/g, ' ').trim());
const at = (ms: number, style: 'f' | 'R' | 'd' = 'R') => `<t:${Math.floor(ms / 1000)}:${style}>`;
const link = (title: string, url: string | null) =>
  url && /^https?:\/\//.test(url) ? `[${esc(title).replace(/[[\]]/g, '')}](<${url}>)` : esc(title);

/** Every watched entity, in config order. */
export function watchedEntities(watchlists: readonly WatchlistConfig[]): WatchedEntity[] {
  return watchlists.flatMap((watchlist) => watchlist.entities.map((entity) => ({ watchlist, entity })));
}

/** The entity a user typed or picked: its id, else its name or an alias (any case). */
export function findEntity(watchlists: readonly WatchlistConfig[], input: string): WatchedEntity | undefined {
  const all = watchedEntities(watchlists);
  const key = input.trim().toLowerCase();
  return (
    all.find((e) => e.entity.id === input.trim()) ??
    all.find((e) => e.entity.name.toLowerCase() === key) ??
    all.find((e) => [...e.entity.aliases, ...e.entity.caseSensitive].some((a) => a.toLowerCase() === key))
  );
}

/** Autocomplete: entities whose id, name or alias contains what was typed (at most 25, Discord's limit). */
export function entityChoices(
  watchlists: readonly WatchlistConfig[],
  typed: string,
): { name: string; value: string }[] {
  const key = typed.trim().toLowerCase();
  return watchedEntities(watchlists)
    .filter(
      ({ entity: e }) =>
        !key || [e.id, e.name, ...e.aliases, ...e.caseSensitive].some((n) => n.toLowerCase().includes(key)),
    )
    .slice(0, 25)
    .map(({ watchlist, entity }) => ({
      name: fit(`${entity.name} (${watchlist.name ?? watchlist.id})`, 100),
      value: entity.id,
    }));
}

export function mutesText(mutes: readonly Mute[], nameOf: (entity: string) => string): string {
  return mutes
    .map((m) => `• **${esc(nameOf(m.entity))}** until ${at(m.until, 'f')} (${at(m.until)}), set by ${esc(m.setByName)}`)
    .join('\n');
}

export async function statusAnswer(
  status: StatusView,
  mutesHere: readonly Mute[],
  nameOf: (entity: string) => string,
): Promise<string> {
  const feeds = await status.feeds();
  const failing = feeds.filter((f) => f.state === 'failing' || f.state === 'retrying');
  const channels = await status.channels();
  const stopped = channels.filter((c) => c.stoppedReason);
  const pending = channels.reduce((n, c) => n + c.pending, 0);
  const oldest = Math.min(...channels.map((c) => c.oldestPendingAt ?? Infinity));
  const last = (await status.recentAlerts(1))[0];
  const lines = ['**newswatch status**', `Feeds: ${feeds.length} watched, ${failing.length} failing`];
  for (const f of failing.slice(0, 8)) {
    const since = f.failingSince ? ` since ${at(f.failingSince)}` : '';
    lines.push(
      `• \`${esc(f.id)}\` ${f.state}${since}: ${esc(fit(`${f.lastErrorKind ?? 'error'}: ${f.lastError ?? ''}`, 160))}`,
    );
  }
  if (failing.length > 8) lines.push(`• …and ${failing.length - 8} more`);
  lines.push(`Channels: ${channels.length}, ${stopped.length} stopped`);
  for (const c of stopped) lines.push(`• \`${esc(c.channelId)}\` stopped: ${esc(fit(c.stoppedReason ?? '', 200))}`);
  lines.push(`Pending alerts: ${pending}${Number.isFinite(oldest) ? ` (oldest queued ${at(oldest)})` : ''}`);
  lines.push(last ? `Last alert: ${link(last.title, last.link)} ${at(last.createdAt)}` : 'Last alert: none yet');
  lines.push(
    mutesHere.length ? `Muted in this channel:\n${mutesText(mutesHere, nameOf)}` : 'Muted in this channel: nothing',
  );
  return fit(lines.join('\n'));
}

/** The alerts a stored payload holds (a digest holds several). */
export function alertsOf(payload: DeliveryPayload): AlertPayload[] {
  return payload.kind === 'alert' ? [payload] : payload.kind === 'digest' ? payload.alerts : [];
}

const sentenceText = (s: Span[]) => s.map((p) => p.text).join('');

/** The summary sentence showing this match (a highlighted span equal to the name), or the title. */
export function sentenceOf(p: AlertPayload, m: Match): string {
  if (m.field === 'title') return p.title;
  const alias = m.alias.toLowerCase();
  const hit = p.summary.find((s) => s.some((span) => span.highlight && span.text.toLowerCase() === alias));
  return hit ? sentenceText(hit) : (p.summary.map(sentenceText).find((t) => t.toLowerCase().includes(alias)) ?? '');
}

/** The matched name with up to `words` words either side, from its sentence (the phrase a flag records). */
export function phraseAround(sentence: string, name: string, words = 5): string {
  const i = sentence.toLowerCase().indexOf(name.toLowerCase());
  if (i < 0) return name;
  const before = sentence.slice(0, i).split(/\s+/).filter(Boolean).slice(-words);
  const after = sentence
    .slice(i + name.length)
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, words);
  return [...before, sentence.slice(i, i + name.length), ...after].join(' ').replace(/(?<!\s)\s+([,.;:!?])/g, '$1');
}

function rulesLine(found: WatchedEntity | undefined, termsSeen: Set<string>): string {
  if (!found) return 'rules: this entity is no longer in the watchlists';
  const { entity: e, watchlist: w } = found;
  const parts: string[] = [];
  const seen = (terms: readonly string[]) => terms.filter((t) => termsSeen.has(t.toLowerCase()));
  const list = (terms: readonly string[]) => terms.map((t) => `"${esc(t)}"`).join(', ');
  if (e.exclude.length) parts.push(`exclude ✓ (the name was not inside ${list(e.exclude)})`);
  if (e.context.length)
    parts.push(
      `context ✓ (${seen(e.context).length ? `found ${list(seen(e.context))}` : `one of ${list(e.context)} was in the item`})`,
    );
  for (const [label, r] of [
    ['entity', e],
    ['watchlist', w],
  ] as const) {
    if (r.all?.length) parts.push(`${label} all ✓ (${list(r.all)})`);
    if (r.any?.length)
      parts.push(`${label} any ✓ (${seen(r.any).length ? `found ${list(seen(r.any))}` : `one of ${list(r.any)}`})`);
    if (r.none?.length) parts.push(`${label} none ✓ (no ${list(r.none)})`);
    if (r.near) parts.push(`${label} near ✓ (${list(r.near.terms)} within ${r.near.within} words)`);
  }
  return parts.length ? `rules passed: ${parts.join('; ')}` : 'rules: none configured (a name is enough)';
}

/** `/newswatch explain`: which entity, which names in which field, the sentence, which rules passed. */
export function explainAnswer(
  alert: StoredAlert,
  watchlists: readonly WatchlistConfig[],
  matcher: ExplainView,
): string {
  const alerts = alertsOf(alert.payload);
  if (alerts.length === 0) return `\`${alert.nonce}\` is a notice about the service, not an alert.`;
  const lines: string[] = [];
  for (const p of alerts) {
    const text = p.summary.map(sentenceText).join('\n');
    const again = matcher.explain({ title: p.title, text });
    const termsSeen = new Set(again.terms.map((t) => t.term.toLowerCase()));
    lines.push(
      `**${link(p.title, p.link)}** (${esc(p.source)}; ref \`${alert.nonce}\`, queued ${at(alert.createdAt, 'f')})`,
    );
    const entities = [...new Set(p.matches.map((m) => `${m.watchlist}\u0000${m.entity}`))];
    for (const key of entities) {
      const [watchlist, entity] = key.split('\u0000') as [string, string];
      const mine = p.matches.filter((m) => m.watchlist === watchlist && m.entity === entity);
      const first = mine[0] as Match;
      const found = findEntity(watchlists, entity);
      lines.push(`__${esc(first.name)}__ (\`${esc(entity)}\`, watchlist \`${esc(watchlist)}\`)`);
      lines.push(
        `• names: ${mine.map((m) => `"${esc(m.alias)}" in the ${m.field === 'title' ? 'title' : 'body'}`).join(', ')}`,
      );
      const sentence = sentenceOf(p, first);
      if (sentence) lines.push(`• sentence: > ${esc(fit(sentence, 300))}`);
      lines.push(`• ${rulesLine(found && found.watchlist.id === watchlist ? found : undefined, termsSeen)}`);
      if (!again.matches.some((m) => m.entity === entity && m.watchlist === watchlist)) {
        lines.push(
          "• today's watchlists do not match the stored excerpt (the rules changed, or what they need is outside the excerpt)",
        );
      }
    }
  }
  return fit(lines.join('\n'));
}

export function recentAnswer(
  name: string,
  since: number,
  mentions: number,
  rows: { title: string; link: string | null; sources: string[]; createdAt: number }[],
): string {
  const lines = [
    `**${esc(name)}** since ${at(since, 'f')}: ${rows.length} alert${rows.length === 1 ? '' : 's'} shown, ${mentions} mention${mentions === 1 ? '' : 's'} counted`,
  ];
  for (const r of rows) lines.push(`• ${at(r.createdAt, 'd')} ${link(r.title, r.link)} (${esc(r.sources.join(', '))})`);
  if (rows.length === 0) lines.push('No alert in that time.');
  return fit(lines.join('\n'));
}
