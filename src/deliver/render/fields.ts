// Pieces of an alert shared by the Discord and console renderers: the matched-names
// line, the summary as layout units, list joining within a budget, the published time.
import { entityKey } from '../../core/entity-key.js';
import type { Match, Summary } from '../../core/types.js';
import { cleanText, type Unit } from './text.js';

const FIELD_LABEL: Record<Match['field'], string> = { title: 'title', content: 'body' };

/** One entry per entity: its display name and where it was found. "Islamic State Khorasan Province (title, body)". */
export function matchedEntries(matches: Match[]): string[] {
  return matchedGroups(matches).map((e) => `${e.name} (${e.fields.join(', ')})`);
}

/** The display names of the matched entities, once each. */
export function matchedNames(matches: Match[]): string[] {
  return matchedGroups(matches).map((e) => e.name);
}

function matchedGroups(matches: Match[]): Array<{ name: string; fields: string[] }> {
  const byEntity = new Map<string, { name: string; fields: string[] }>();
  for (const m of matches) {
    let entry = byEntity.get(entityKey(m));
    if (!entry) byEntity.set(entityKey(m), (entry = { name: cleanText(m.name || m.alias), fields: [] }));
    const field = FIELD_LABEL[m.field] ?? m.field;
    if (!entry.fields.includes(field)) entry.fields.push(field);
  }
  return [...byEntity.values()];
}

/**
 * Joins already-rendered entries with `sep` within `budget`; entries that do not fit are
 * counted in a closing "+N more". Entries are expected to be short (callers cap them).
 */
export function joinWithin(entries: string[], budget: number, sep = ', '): string {
  let out = '';
  for (let i = 0; i < entries.length; i++) {
    const next = out === '' ? (entries[i] as string) : `${out}${sep}${entries[i]}`;
    const left = entries.length - i - 1;
    const tail = left > 0 ? `${sep}+${left} more` : '';
    if (next.length + tail.length <= budget) {
      out = next;
      continue;
    }
    const more = `+${entries.length - i} more`;
    return out === '' ? more.slice(0, budget) : `${out}${sep}${more}`;
  }
  return out;
}

/** The summary's sentences as layout units; highlighted names become bold units. */
export function summaryUnits(summary: Summary): Unit[] {
  const units: Unit[] = [];
  let space = false;
  for (const sentence of summary) {
    if (units.length > 0) space = true;
    for (const span of sentence) {
      const text = cleanSpan(span.text);
      if (span.highlight) {
        const name = text.trim();
        if (name === '') {
          if (text !== '') space = true;
          continue;
        }
        if (text.startsWith(' ')) space = true;
        const prev = units[units.length - 1];
        // Two highlighted names with nothing between them are one bold run ("****" would not parse).
        if (prev?.bold && !space) prev.text += name;
        else units.push({ text: name, bold: true, spaceBefore: space });
        space = text.endsWith(' ');
        continue;
      }
      text.split(' ').forEach((word, i) => {
        if (i > 0) space = true;
        if (word === '') return;
        units.push({ text: word, bold: false, spaceBefore: space });
        space = false;
      });
    }
  }
  return units;
}

/** Like cleanText but keeps one leading/trailing space: spans are joined to their neighbours. */
export function cleanSpan(text: string): string {
  const cleaned = cleanText(text);
  if (cleaned === '') return /\s/.test(text) ? ' ' : '';
  return `${/^\s/.test(text) ? ' ' : ''}${cleaned}${/\s$/.test(text) ? ' ' : ''}`;
}

/** Milliseconds since the epoch of an ISO date, or null. */
export function publishedMs(published: string | null): number | null {
  if (!published) return null;
  const ms = Date.parse(published);
  return Number.isFinite(ms) ? ms : null;
}
