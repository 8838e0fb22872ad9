// GET /search?q=…&since=7d&entity=watchlist/id: the history searched through the StatusSource.
import { parseDuration } from '../../config/schema.js';
import { HistoryQueryError } from '../../state/interfaces.js';
import type { StatusSource } from '../status-source.js';
import { renderSearchForm, renderSearchPage, renderSearchResults, SEARCH_LIMIT, searchRequest } from './search.js';

export async function searchPage(source: StatusSource, params: URLSearchParams): Promise<string> {
  const r = searchRequest(params);
  const form = renderSearchForm(r, source.entities());
  if (!source.search) return renderSearchPage(form, renderSearchResults('Search is not available here.', source.now()));
  if (r.query.trim() === '') return renderSearchPage(form, null);
  const now = source.now();
  const since = now - (parseDuration(r.since) ?? 0);
  let hits: Awaited<ReturnType<NonNullable<StatusSource['search']>>> | string;
  try {
    hits = await source.search(r.query, { since, entity: r.entity || undefined, limit: SEARCH_LIMIT });
  } catch (err) {
    // A query without a word to search for: said on the page. (A state error is the caller's.)
    if (!(err instanceof HistoryQueryError)) throw err;
    hits = err.message;
  }
  return renderSearchPage(form, renderSearchResults(hits, now));
}
