// The page shell: head (inline CSS, auto-refresh), a header with the overall health,
// summary cards, then the sections.
import { overallHealth } from '../health.js';
import type { StatusPageData } from './page.js';
import { escapeHtml } from './escape.js';
import { STYLE } from './style.js';
import { relativeTime, utcIso } from './time.js';

export interface Section {
  id: string;
  title: string;
  count: number | null;
  body: string;
}

export const REFRESH_SECONDS = 60;

export function renderLayout(d: StatusPageData, sections: readonly Section[]): string {
  const problems = problemsOf(d);
  const { level, reasons } = overallHealth(d.health, d.feeds);
  const title =
    level === 'unavailable'
      ? 'UNHEALTHY'
      : level === 'degraded'
        ? `DEGRADED: ${reasons.join(', ')}`
        : problems.length === 0
          ? 'all good'
          : problems.join(', ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${REFRESH_SECONDS}">
<meta name="referrer" content="no-referrer">
<title>newswatch · ${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${renderHeader(d, problems)}
<main>
${renderSummary(d)}
${sections.map(renderSection).join('\n')}
</main>
<footer>Generated ${utcIso(d.now)} · refreshes every ${REFRESH_SECONDS} s · times in UTC · <a href="/healthz">/healthz</a> · <a href="/metrics">/metrics</a></footer>
</body>
</html>
`;
}

/** Short phrases for what needs a person's attention, besides the service health. */
export function problemsOf(d: Pick<StatusPageData, 'feeds' | 'channels' | 'cluster'>): string[] {
  const failing = d.feeds.filter((f) => f.state === 'failing').length;
  const stopped = d.channels.filter((c) => c.stoppedReason).length;
  const out: string[] = [];
  if (failing > 0) out.push(`${failing} feed${failing === 1 ? '' : 's'} failing`);
  if (stopped > 0) out.push(`${stopped} channel${stopped === 1 ? '' : 's'} stopped`);
  if (d.cluster?.configMismatch) out.push('instances run different configs');
  return out;
}

function renderHeader(d: StatusPageData, problems: string[]): string {
  const h = d.health;
  const { level, reasons } = overallHealth(h, d.feeds);
  const [cls, text] =
    level === 'unavailable'
      ? ['bad', `Unhealthy: ${reasons.join(', ')}`]
      : level === 'degraded'
        ? ['bad', `Degraded: ${[...reasons, ...problems.filter((p) => !p.includes('feed'))].join(', ')}`]
        : problems.length > 0
          ? ['warn', `Running, needs attention: ${problems.join(', ')}`]
          : ['ok', 'Healthy'];
  return `<header class="top">
<div class="brand"><span class="logo" aria-hidden="true"></span>newswatch <span class="muted">status</span></div>
<div class="health health-${cls}" role="status"><span class="dot"></span>${escapeHtml(text)}</div>
<div class="meta">up ${relativeTime(h.startedAt, d.now).replace(/ ago$/, '')} · last poll ${h.lastPollAt == null ? 'never' : relativeTime(h.lastPollAt, d.now)}</div>
</header>`;
}

function renderSummary(d: StatusPageData): string {
  const n = (state: string) => d.feeds.filter((f) => f.state === state).length;
  const pending = d.channels.reduce((a, c) => a + c.pending, 0);
  const stopped = d.channels.filter((c) => c.stoppedReason).length;
  const last = d.alerts[0]?.createdAt ?? null;
  const card = (label: string, value: string, detail: string, cls = '') =>
    `<div class="card${cls ? ` card-${cls}` : ''}"><div class="label">${label}</div><div class="value">${value}</div><div class="detail">${detail}</div></div>`;
  return `<section class="cards">
${card('Feeds', String(d.feeds.length), `${n('ok')} ok · ${n('retrying')} retrying · ${n('failing')} failing · ${n('new')} new`, n('failing') > 0 ? 'bad' : n('retrying') > 0 ? 'warn' : '')}
${card('Channels', String(d.channels.length), `${stopped} stopped · ${pending.toLocaleString('en-US')} pending`, stopped > 0 ? 'bad' : pending > 0 ? 'warn' : '')}
${card('Last alert', last == null ? '—' : relativeTime(last, d.now), last == null ? 'none yet' : utcIso(last))}
${card('Last poll', d.health.lastPollAt == null ? '—' : relativeTime(d.health.lastPollAt, d.now), `started ${utcIso(d.health.startedAt)}`)}
</section>`;
}

function renderSection(s: Section): string {
  const count = s.count == null ? '' : ` <span class="count">${s.count}</span>`;
  return `<section id="${s.id}" class="block">
<h2>${escapeHtml(s.title)}${count}</h2>
${s.body}
</section>`;
}
