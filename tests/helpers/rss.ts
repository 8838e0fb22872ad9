// Builds small RSS 2.0 documents for tests.
export interface RssItem {
  guid: string;
  title: string;
  link?: string;
  html?: string;
  pubDate?: string;
  /** An aggregator's <source>: the outlet it took the item from. */
  source?: { name: string; url: string };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function rss(title: string, items: RssItem[], link = 'https://news.example.org/'): string {
  const body = items
    .map(
      (i) =>
        `<item><title>${esc(i.title)}</title><link>${esc(i.link ?? `https://news.example.org/${i.guid}`)}</link><guid isPermaLink="false">${esc(i.guid)}</guid>` +
        `<pubDate>${i.pubDate ?? 'Thu, 26 Nov 2026 09:30:00 GMT'}</pubDate><description>${esc(i.html ?? '')}</description>` +
        `${i.source ? `<source url="${esc(i.source.url)}">${esc(i.source.name)}</source>` : ''}</item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>${esc(title)}</title><link>${link}</link><description>test feed</description>\n${body}\n</channel></rss>\n`;
}
