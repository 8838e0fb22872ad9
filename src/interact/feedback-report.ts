// `newswatch feedback`: the "Not relevant" flags per entity, with the phrase around each
// matched name, and the watchlist entries that would have prevented them:
//  - exclude: the name with the word before or after it, as the flagged phrases show it,
//    unless that phrase also appears in an alert nobody flagged (it would lose a good one);
//  - context: words that the entity's unflagged alerts share and no flagged one has
//    (with `context`, a name counts only when one of them is in the item).
// Suggestions are candidates for an analyst to judge, ranked by how many flags they cover.
import type { WatchlistConfig } from '../config/schema.js';
import type { Feedback } from '../state/interfaces.js';
import { findEntity } from './answers.js';

export interface Suggestion {
  phrase: string;
  /** Flags of this entity it would have prevented (exclude) or that lack it (context). */
  covers: number;
  /** For context: unflagged alerts that have it. */
  kept?: number;
}

export interface EntityFeedback {
  watchlist: string;
  entity: string;
  name: string;
  flags: Feedback[];
  /** Alerts of this entity in the same time that nobody flagged. */
  unflaggedAlerts: number;
  exclude: Suggestion[];
  context: Suggestion[];
}

const STOP = new Set(
  (
    'a an and are as at be by for from has have he her his in is it its of on or said says that the their they this to was were which who ' +
    'will with after over new more than into about also been not but one two three says'
  ).split(' '),
);

const words = (s: string) => s.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}'-]*/gu) ?? [];

/** "the ISKP fan club" with name ISKP → ["ISKP fan", "the ISKP"] (without stop words as neighbours). */
function neighbourPhrases(phrase: string, alias: string): string[] {
  const i = phrase.toLowerCase().indexOf(alias.toLowerCase());
  if (i < 0) return [];
  const name = phrase.slice(i, i + alias.length);
  const before = phrase
    .slice(0, i)
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .at(-1)
    ?.replace(/[^\p{L}\p{N}'-]/gu, '');
  const after = phrase
    .slice(i + alias.length)
    .trim()
    .split(/\s+/)
    .filter(Boolean)[0]
    ?.replace(/[^\p{L}\p{N}'-]/gu, '');
  const out: string[] = [];
  if (after && !STOP.has(after.toLowerCase())) out.push(`${name} ${after}`);
  if (before && !STOP.has(before.toLowerCase())) out.push(`${before} ${name}`);
  return out;
}

export function feedbackReport(
  flags: readonly Feedback[],
  watchlists: readonly WatchlistConfig[],
  unflaggedTitles: (name: string) => string[],
): EntityFeedback[] {
  const groups = new Map<string, Feedback[]>();
  for (const f of flags) {
    const key = `${f.watchlist}\u0000${f.entity}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  return [...groups.values()].map((mine) => {
    const first = mine[0] as Feedback;
    const name = findEntity(watchlists, first.entity)?.entity.name ?? first.entity;
    const flaggedTitles = new Set(mine.map((f) => f.title));
    const good = unflaggedTitles(name).filter((t) => !flaggedTitles.has(t));
    const goodText = good.map((t) => ` ${words(t).join(' ')} `);

    const excludes = new Map<string, number>();
    for (const f of mine)
      for (const p of new Set(neighbourPhrases(f.phrase, f.alias))) excludes.set(p, (excludes.get(p) ?? 0) + 1);
    const exclude = [...excludes]
      .filter(([p]) => !goodText.some((t) => t.includes(` ${words(p).join(' ')} `)))
      .map(([phrase, covers]) => ({ phrase, covers }))
      .sort((a, b) => b.covers - a.covers || a.phrase.localeCompare(b.phrase))
      .slice(0, 5);

    const flaggedWords = new Set(mine.flatMap((f) => words(`${f.phrase} ${f.title}`)));
    const nameWords = new Set(words(`${name} ${first.alias}`));
    const counts = new Map<string, number>();
    for (const t of good) for (const w of new Set(words(t))) counts.set(w, (counts.get(w) ?? 0) + 1);
    const context = [...counts]
      .filter(
        ([w, n]) =>
          n >= 2 && w.length > 2 && !STOP.has(w) && !nameWords.has(w) && !flaggedWords.has(w) && !/^\d+$/.test(w),
      )
      .map(([phrase, kept]) => ({ phrase, covers: mine.length, kept }))
      .sort((a, b) => (b.kept ?? 0) - (a.kept ?? 0) || a.phrase.localeCompare(b.phrase))
      .slice(0, 5);
    return {
      watchlist: first.watchlist,
      entity: first.entity,
      name,
      flags: mine,
      unflaggedAlerts: good.length,
      exclude,
      context,
    };
  });
}

const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')}Z`;

export function feedbackText(report: readonly EntityFeedback[], since: number): string {
  if (report.length === 0) return `no "Not relevant" flags since ${iso(since)}\n`;
  const out: string[] = [];
  for (const e of report) {
    out.push(
      `${e.entity}: ${e.name} (watchlist ${e.watchlist}): ${e.flags.length} flag${e.flags.length === 1 ? '' : 's'}`,
    );
    for (const f of e.flags)
      out.push(
        `  ${iso(f.createdAt)} by ${f.userName}: "…${f.phrase}…" (${f.field}; ref ${f.ref}) ${f.title}${f.link ? ` <${f.link}>` : ''}`,
      );
    if (e.exclude.length) {
      out.push(
        `  suggest exclude: ${e.exclude.map((s) => `"${s.phrase}" (${s.covers} of ${e.flags.length} flags)`).join(', ')}`,
      );
    }
    if (e.context.length) {
      const n = e.unflaggedAlerts;
      out.push(
        `  suggest context: ${e.context.map((s) => `"${s.phrase}" (in ${s.kept} of ${n} unflagged alerts, in no flagged one)`).join(', ')}`,
      );
    }
    if (!e.exclude.length && !e.context.length)
      out.push('  no exclude or context entry would separate these flags from the alerts nobody flagged');
    out.push('');
  }
  return `${out.join('\n')}`;
}
