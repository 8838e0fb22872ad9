// OPML (a feed reader's subscription export) → feed entries.
import { readFileSync } from 'node:fs';
import { Parser } from 'htmlparser2';

export interface OpmlFeed {
  id: string;
  url: string;
  title: string | undefined;
}

/** Reads every `<outline xmlUrl=…>` at any depth. Throws an Error naming the file on failure. */
export function readOpml(file: string): OpmlFeed[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read OPML file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return parseOpml(text, file);
}

export function parseOpml(text: string, file = 'OPML'): OpmlFeed[] {
  const out: OpmlFeed[] = [];
  const ids = new Set<string>();
  /** Next suffix to try for each slug, so that many equal titles cost linear time. */
  const next = new Map<string, number>();
  let sawOpml = false;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'opml') sawOpml = true;
        if (name !== 'outline') return;
        const url = attrs['xmlurl'] ?? attrs['xmlUrl'];
        if (!url) return;
        try {
          const u = new URL(url);
          if (u.protocol !== 'http:' && u.protocol !== 'https:') return;
        } catch {
          return;
        }
        const title = attrs['title'] || attrs['text'] || undefined;
        const base = slug(title ?? new URL(url).hostname);
        let id = base;
        let n = next.get(base) ?? 2;
        for (; ids.has(id); n++) id = `${base}-${n}`;
        next.set(base, n);
        ids.add(id);
        out.push({ id, url, title });
      },
    },
    { xmlMode: true, decodeEntities: true, lowerCaseAttributeNames: true },
  );
  parser.write(text);
  parser.end();
  if (!sawOpml) throw new Error(`${file} is not an OPML document (no <opml> element)`);
  return out;
}

function slug(s: string): string {
  const base = s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') // runs are single '-' after the line above
    .slice(0, 48);
  return base || 'feed';
}
