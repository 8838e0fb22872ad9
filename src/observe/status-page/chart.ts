// Mentions per watched entity per day as small multiples: one inline-SVG bar chart per
// entity, each on its own scale (labelled), spikes in a warning colour and the panels
// with a recent spike first, so a surge stands out without reading numbers.
import { escapeHtml } from './escape.js';
import { type EntitySeries, type WatchedEntity, SPIKE_FACTOR, SPIKE_MIN, buildSeries } from './series.js';
import type { MentionCount } from '../../state/status-store.js';

const W = 320;
const H = 96;
const PAD = { left: 30, right: 6, top: 8, bottom: 18 };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MAX_QUIET = 40;

export function renderMentionsChart(
  mentions: readonly MentionCount[],
  entities: readonly WatchedEntity[],
  days: readonly string[],
): string {
  const { series, quiet } = buildSeries(mentions, entities, days);
  const quietLine =
    quiet.length > 0
      ? `<p class="quiet"><strong>No mentions in ${days.length} days:</strong> ${quietNames(quiet)}</p>`
      : '';
  if (series.length === 0) {
    const watched =
      entities.length === 0
        ? 'No entities are watched.'
        : `No mentions of the ${entities.length} watched entities in the last ${days.length} days.`;
    return `<p class="empty">${watched}</p>`;
  }
  const legend = `<p class="legend"><span class="swatch"></span> mentions per day (UTC) <span class="swatch swatch-spike"></span> spike: at least ${SPIKE_FACTOR}× the entity's daily median and ${SPIKE_MIN} or more · each panel has its own scale · ${escapeHtml(dayLabel(days[0] ?? ''))} – today</p>`;
  return `${legend}<div class="multiples">${series.map((s) => panel(s, days)).join('\n')}</div>${quietLine}`;
}

function quietNames(names: string[]): string {
  const shown = names.slice(0, MAX_QUIET).map(escapeHtml).join(', ');
  return names.length > MAX_QUIET ? `${shown} and ${names.length - MAX_QUIET} more` : shown;
}

function panel(s: EntitySeries, days: readonly string[]): string {
  const today = s.counts[s.counts.length - 1] ?? 0;
  const spikeBadge = s.recentSpike ? ' <span class="badge badge-spike">spike</span>' : '';
  return `<figure class="panel${s.recentSpike ? ' panel-spike' : ''}">
<figcaption><div class="ename">${escapeHtml(s.name)}${spikeBadge}</div><div class="sub">${escapeHtml(s.watchlist)} · ${s.total.toLocaleString('en-US')} in ${days.length} d · today ${today}</div></figcaption>
${barsSvg(s, days)}
</figure>`;
}

/** The bar chart of one series; pure geometry, numbers rounded to keep the markup small. */
export function barsSvg(s: EntitySeries, days: readonly string[]): string {
  const top = niceMax(s.max);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const step = plotW / Math.max(1, days.length);
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  const bars = s.counts.map((c, i) => {
    const x = PAD.left + i * step + step * 0.12;
    const h = Math.max(c > 0 ? 1.5 : 0, (c / top) * plotH);
    const day = days[i] ?? '';
    return `<rect class="bar${s.spikes[i] ? ' spike' : ''}" x="${r(x)}" y="${r(PAD.top + plotH - h)}" width="${r(step * 0.76)}" height="${r(h)}"><title>${escapeHtml(`${day}: ${c} mention${c === 1 ? '' : 's'}`)}</title></rect>`;
  });
  const grid = [top, top / 2]
    .filter((v) => Number.isInteger(v))
    .map(
      (v) =>
        `<line class="grid" x1="${PAD.left}" x2="${W - PAD.right}" y1="${r(y(v))}" y2="${r(y(v))}"/><text class="axis" x="${PAD.left - 4}" y="${r(y(v) + 3.5)}" text-anchor="end">${v}</text>`,
    );
  const xLabels = [
    `<text class="axis" x="${PAD.left}" y="${H - 4}">${escapeHtml(dayLabel(days[0] ?? ''))}</text>`,
    `<text class="axis" x="${r(PAD.left + plotW / 2)}" y="${H - 4}" text-anchor="middle">${escapeHtml(dayLabel(days[Math.floor(days.length / 2)] ?? ''))}</text>`,
    `<text class="axis" x="${W - PAD.right}" y="${H - 4}" text-anchor="end">today</text>`,
  ];
  const label = `${s.name}: mentions per day over the last ${days.length} days, ${s.total} in total, at most ${s.max} a day`;
  return `<svg class="bars" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeHtml(label)}">
${grid.join('')}<line class="baseline" x1="${PAD.left}" x2="${W - PAD.right}" y1="${PAD.top + plotH}" y2="${PAD.top + plotH}"/><text class="axis" x="${PAD.left - 4}" y="${PAD.top + plotH + 3.5}" text-anchor="end">0</text>
${bars.join('')}
${xLabels.join('')}
</svg>`;
}

/** A round upper bound for the axis: 1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30… never below `max`. */
export function niceMax(max: number): number {
  if (max <= 1) return 1;
  const decade = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 1.5, 2, 3, 4, 5, 6, 8, 10]) {
    const v = m * decade;
    if (v >= max && Number.isInteger(v)) return v;
  }
  return 10 * decade;
}

/** "Mar 4" from "2025-03-04". */
function dayLabel(day: string): string {
  const [, m, d] = day.split('-');
  return m && d ? `${MONTHS[Number(m) - 1] ?? m} ${Number(d)}` : day;
}

function r(n: number): string {
  return String(Math.round(n * 10) / 10);
}
