// The feeds table: one row per configured feed, the ones needing attention first.
import type { FeedHealth, FeedHealthState } from '../health.js';
import { displayUrl, escapeHtml, linkOrText } from './escape.js';
import { timeCell } from './time.js';

const ORDER: Record<FeedHealthState, number> = { failing: 0, retrying: 1, new: 2, ok: 3 };
const MAX_ERROR = 300;

export function renderFeedsTable(feeds: readonly FeedHealth[], now: number): string {
  if (feeds.length === 0) return '<p class="empty">No feeds configured.</p>';
  // Array.prototype.sort is stable: within a state, feeds keep the config's order.
  const rows = [...feeds].sort((a, b) => ORDER[a.state] - ORDER[b.state]).map((f) => feedRow(f, now));
  return `<div class="table-wrap"><table class="feeds">
<thead><tr><th>Feed</th><th>State</th><th>Last success</th><th>Last error</th><th class="num">Items seen</th><th>Next poll</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></div>`;
}

function feedRow(f: FeedHealth, now: number): string {
  const url = displayUrl(f.fetchUrl ?? f.url);
  const moved =
    f.fetchUrl && f.fetchUrl !== f.url
      ? ' <span class="tag" title="fetched from a different URL than the config">moved</span>'
      : '';
  return `<tr class="state-${f.state}">
<td><div class="name">${escapeHtml(f.name)}</div><div class="sub">${escapeHtml(f.id)} · ${linkOrText(url, url, 'url')}${moved}</div></td>
<td>${stateBadge(f)}</td>
<td>${timeCell(f.lastSuccessAt, now, 'never')}</td>
<td>${errorCell(f, now)}</td>
<td class="num">${f.itemsSeen.toLocaleString('en-US')}</td>
<td>${timeCell(f.nextPollAt, now)}</td>
</tr>`;
}

function stateBadge(f: FeedHealth): string {
  const badge = `<span class="badge badge-${f.state}">${f.state}</span>`;
  if (f.consecutiveFailures === 0) return badge;
  const n = f.consecutiveFailures;
  return `${badge}<div class="sub">${n} failure${n === 1 ? '' : 's'} in a row</div>`;
}

function errorCell(f: FeedHealth, now: number): string {
  if (!f.lastError) return '<span class="muted">—</span>';
  const full = f.lastError;
  const shown = full.length > MAX_ERROR ? `${full.slice(0, MAX_ERROR)}…` : full;
  const kind = f.lastErrorKind ? `<span class="tag tag-error">${escapeHtml(f.lastErrorKind)}</span> ` : '';
  const since =
    f.failingSince != null && f.consecutiveFailures > 0
      ? `<div class="sub">failing since ${timeCell(f.failingSince, now)}</div>`
      : '';
  return `<div class="error" title="${escapeHtml(full)}">${kind}${escapeHtml(shown)}</div>${since}`;
}
