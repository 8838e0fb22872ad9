// The last alerts: when, what (title, linked only when http(s)), which watched
// entities matched, which sources carried it, and where it was delivered.
import type { RecentAlert } from '../../state/status-store.js';
import { escapeHtml, linkOrText } from './escape.js';
import { timeCell } from './time.js';

export function renderAlertsList(alerts: readonly RecentAlert[], now: number): string {
  if (alerts.length === 0) return '<p class="empty">No alerts yet.</p>';
  return `<div class="table-wrap"><table class="alerts">
<thead><tr><th>When</th><th>Alert</th><th>Matched</th><th>Delivery</th></tr></thead>
<tbody>
${alerts.map((a) => alertRow(a, now)).join('\n')}
</tbody></table></div>`;
}

function alertRow(a: RecentAlert, now: number): string {
  const sources = a.sources.length > 0 ? a.sources.map(escapeHtml).join(', ') : escapeHtml(a.feedId);
  const title = a.title.trim() || '(untitled)';
  return `<tr>
<td class="when">${timeCell(a.createdAt, now)}</td>
<td><div class="title">${linkOrText(a.link, title)}</div><div class="sub">${a.sources.length > 1 ? 'sources' : 'source'}: ${sources}</div></td>
<td>${chips(
    a.entities.map((e) => `<span class="chip">${escapeHtml(e)}</span>`),
    'none',
  )}</td>
<td>${chips(a.channels.map(delivery), 'not routed')}</td>
</tr>`;
}

function delivery(c: RecentAlert['channels'][number]): string {
  return c.sent
    ? `<span class="chip chip-sent" title="delivered">✓ ${escapeHtml(c.channelId)}</span>`
    : `<span class="chip chip-pending" title="not delivered yet">… ${escapeHtml(c.channelId)}</span>`;
}

function chips(items: string[], empty: string): string {
  return items.length > 0 ? `<div class="chips">${items.join('')}</div>` : `<span class="muted">${empty}</span>`;
}
