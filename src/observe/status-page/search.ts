// The status page's search of the stored history: a plain GET form (no script) and its
// results on /search. Everything shown is article text: escaped, links only when http(s).
import { HIT_END, HIT_START, type HistoryHit } from '../../state/interfaces.js';
import { escapeHtml, linkOrText } from './escape.js';
import { STYLE } from './style.js';
import { timeCell } from './time.js';

export const SEARCH_SINCE = ['1d', '7d', '30d', '90d'] as const;
export const SEARCH_LIMIT = 50;

export interface SearchRequest {
  query: string;
  since: (typeof SEARCH_SINCE)[number];
  /** "watchlist/entity", or '' for any. */
  entity: string;
}

/** The request from the page's query string; unknown values fall back to the defaults. */
export function searchRequest(params: URLSearchParams): SearchRequest {
  const since = params.get('since') ?? '';
  return {
    query: (params.get('q') ?? '').slice(0, 500),
    since: (SEARCH_SINCE as readonly string[]).includes(since) ? (since as SearchRequest['since']) : '7d',
    entity: (params.get('entity') ?? '').slice(0, 200),
  };
}

export function renderSearchForm(
  r: SearchRequest,
  entities: readonly { watchlist: string; entity: string; name: string }[],
): string {
  const option = (value: string, label: string, selected: boolean) =>
    `<option value="${escapeHtml(value)}"${selected ? ' selected' : ''}>${escapeHtml(label)}</option>`;
  return `<form class="search" method="get" action="/search" role="search">
<input type="search" name="q" value="${escapeHtml(r.query)}" placeholder="Search seen items" aria-label="Search seen items" maxlength="500">
<select name="since" aria-label="Since">${SEARCH_SINCE.map((s) => option(s, `last ${s}`, s === r.since)).join('')}</select>
<select name="entity" aria-label="Entity">${option('', 'any entity', r.entity === '')}${entities
    .map((e) => option(`${e.watchlist}/${e.entity}`, e.name, `${e.watchlist}/${e.entity}` === r.entity))
    .join('')}</select>
<button type="submit">Search</button>
</form>`;
}

/** A snippet with its hits in <mark>: the text escaped first, the markers (never in escaped text) replaced after. */
export function snippetHtml(snippet: string): string {
  return escapeHtml(snippet).replaceAll(HIT_START, '<mark>').replaceAll(HIT_END, '</mark>');
}

export function renderSearchResults(hits: readonly HistoryHit[] | string, now: number): string {
  if (typeof hits === 'string') return `<p class="empty">${escapeHtml(hits)}</p>`;
  if (hits.length === 0) return '<p class="empty">No seen item matches.</p>';
  return `<ol class="results">
${hits
  .map(
    (h) => `<li><div class="title">${linkOrText(h.link, h.title.trim() || '(untitled)')}</div>
<div class="sub">${escapeHtml(h.source)} · ${timeCell(h.seenAt, now)}${h.matched.length ? ` · ${h.matched.map((m) => `<span class="chip">${escapeHtml(m)}</span>`).join('')}` : ''}</div>
<p class="snippet">${snippetHtml(h.snippet)}</p></li>`,
  )
  .join('\n')}
</ol>`;
}

/** The whole /search page: the form, then the results (or what was wrong with the query). */
export function renderSearchPage(form: string, results: string | null): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>newswatch · search</title>
<style>${STYLE}.search{display:flex;gap:8px;flex-wrap:wrap;margin:12px 0}.search input{flex:1;min-width:200px}
.results li{margin:0 0 14px}.snippet{margin:4px 0 0}mark{font-weight:600}</style>
</head>
<body>
<header class="top"><div class="brand"><span class="logo" aria-hidden="true"></span>newswatch <span class="muted">search</span></div>
<div class="meta"><a href="/">status</a></div></header>
<main>
<section class="block">
${form}
${results ?? ''}
</section>
</main>
</body>
</html>
`;
}
