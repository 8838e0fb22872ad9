// The channels table: each delivery channel's outbox and whether it is stopped.
import type { ChannelStatus } from '../status-source.js';
import { escapeHtml } from './escape.js';
import { timeCell } from './time.js';

export function renderChannelsTable(channels: readonly ChannelStatus[], now: number): string {
  if (channels.length === 0) return '<p class="empty">No channels configured.</p>';
  const rows = [...channels].sort((a, b) => rank(a) - rank(b)).map((c) => channelRow(c, now));
  return `<div class="table-wrap"><table class="channels">
<thead><tr><th>Channel</th><th>State</th><th class="num">Pending</th><th class="num">Failing</th><th class="num">Sent</th><th>Oldest pending</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></div>`;
}

/** Stopped first, then channels with failing deliveries, then the rest (stable). */
function rank(c: ChannelStatus): number {
  return c.stoppedReason ? 0 : c.failing > 0 ? 1 : 2;
}

function channelRow(c: ChannelStatus, now: number): string {
  const state = c.stoppedReason
    ? `<span class="badge badge-failing">stopped</span><div class="error">${escapeHtml(c.stoppedReason)}</div>`
    : c.failing > 0
      ? '<span class="badge badge-retrying">retrying</span>'
      : '<span class="badge badge-ok">active</span>';
  return `<tr>
<td><div class="name">${escapeHtml(c.channelId)}</div><div class="sub">${escapeHtml(c.target)}</div>${mutesLine(c, now)}</td>
<td>${state}</td>
<td class="num${c.pending > 0 ? ' warn' : ''}">${c.pending.toLocaleString('en-US')}</td>
<td class="num${c.failing > 0 ? ' bad' : ''}">${c.failing.toLocaleString('en-US')}</td>
<td class="num">${c.sent.toLocaleString('en-US')}</td>
<td>${timeCell(c.oldestPendingAt, now, 'none')}</td>
</tr>`;
}

function mutesLine(c: ChannelStatus, now: number): string {
  if (!c.mutes?.length) return '';
  const items = c.mutes.map(
    (m) => `${escapeHtml(m.name)} until ${timeCell(m.until, now, '')} by ${escapeHtml(m.setByName)}`,
  );
  return `<div class="sub">muted: ${items.join('; ')}</div>`;
}
