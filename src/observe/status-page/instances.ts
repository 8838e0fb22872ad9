// The instances table (several instances on one PostgreSQL database): who runs, with which
// config, which channels each drains, and the leases taken over from instances that died.
import type { ClusterStatus } from '../cluster.js';
import { escapeHtml } from './escape.js';
import { timeCell } from './time.js';

export function renderInstances(c: ClusterStatus, now: number): string {
  const warning = c.configMismatch ? `<p class="error" role="alert">${escapeHtml(c.configMismatch)}</p>\n` : '';
  const rows = c.instances.map((i) => {
    const channels = c.holders.filter((h) => h.holder === i.id).map((h) => h.channelId);
    const state = i.alive
      ? '<span class="badge badge-ok">running</span>'
      : '<span class="badge badge-failing">gone</span>';
    return `<tr>
<td><div class="name">${escapeHtml(i.id)}${i.id === c.self ? ' <span class="muted">(this one)</span>' : ''}</div><div class="sub">${escapeHtml(`${i.command} · v${i.version} · ${i.host} pid ${i.pid}`)}</div></td>
<td>${state}</td>
<td><code>${escapeHtml(i.configHash)}</code></td>
<td>${channels.length ? escapeHtml(channels.join(', ')) : '<span class="muted">none</span>'}</td>
<td>${timeCell(i.heartbeatAt, now, 'never')}</td>
</tr>`;
  });
  const takeovers = c.takeovers.length
    ? `<p class="sub">Leases taken over from instances that stopped answering (latest first):</p><ul>${c.takeovers
        .map((t) => `<li>${timeCell(t.at, now, '')} ${escapeHtml(`${t.kind} ${t.key}: ${t.from} → ${t.to}`)}</li>`)
        .join('')}</ul>`
    : '';
  return `${warning}<div class="table-wrap"><table class="instances">
<thead><tr><th>Instance</th><th>State</th><th>Config</th><th>Channels</th><th>Heartbeat</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></div>${takeovers}`;
}
