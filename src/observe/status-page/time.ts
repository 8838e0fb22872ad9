// Times on the status page: UTC ISO for precision, relative ("5 min ago") for a
// glance, both computed here from the source's clock (the page needs no script).
import { escapeHtml } from './escape.js';

/** 2025-03-04T05:06:07Z (seconds precision, UTC). */
export function utcIso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** "just now", "5 min ago", "in 3 h", "2 d ago"… (hours up to two days, then days). */
export function relativeTime(ms: number, now: number): string {
  const diff = ms - now;
  const abs = Math.abs(diff);
  if (abs < 45_000) return 'just now';
  const minutes = Math.round(abs / 60_000);
  const hours = Math.round(abs / 3_600_000);
  const text = minutes < 60 ? `${minutes} min` : hours < 48 ? `${hours} h` : `${Math.round(abs / 86_400_000)} d`;
  return diff > 0 ? `in ${text}` : `${text} ago`;
}

/** Relative time with the UTC time under it, in a <time> element; a dash when unknown. */
export function timeCell(ms: number | null, now: number, empty = '—'): string {
  if (ms == null) return `<span class="muted">${escapeHtml(empty)}</span>`;
  const iso = utcIso(ms);
  return `<time datetime="${iso}" title="${iso}">${escapeHtml(relativeTime(ms, now))}</time><span class="abs">${iso}</span>`;
}
