// Stable item ids: guid (RSS guid, Atom id, rdf:about, JSON Feed id) → link → a hash
// of title and date.
//
// A value that repeats within the feed is not used (as MonitoRSS's article-id resolver
// does): two items sharing a guid fall back to their links, two sharing a link to their
// hashes, so different stories never share an id. Unlike MonitoRSS this is decided per
// value, not per id type for the whole feed: one duplicated guid must not re-key every
// other item of the feed, which the state stage would then see as new and alert again.
// A feed whose guids are all the same (a CMS that puts the home page in every guid)
// still falls back to links for every item.
import { createHash } from 'node:crypto';

export interface IdSource {
  guid: string | null;
  link: string | null;
  title: string;
  published: Date | null;
  /** The item, whose body text is hashed only when it has neither title nor date. */
  item: { readonly text: string };
}

export function assignIds(items: readonly IdSource[]): string[] {
  const guids = counts(items.map((i) => i.guid));
  const links = counts(items.map((i) => i.link));
  /** id → the story that holds it. */
  const used = new Map<string, string>();
  return items.map((i) => {
    const story = storyKey(i);
    let id =
      i.guid !== null && guids.get(i.guid) === 1
        ? i.guid
        : i.link !== null && links.get(i.link) === 1
          ? i.link
          : hashId(i);
    // A guid of one item equal to the link of another: the second one takes its hash.
    if (used.has(id) && used.get(id) !== story) id = hashId(i);
    // Two different items with the same hash (e.g. untitled and undated, one with a repeated link, one
    // without): the second one's hash includes its link. The same story repeated keeps one id.
    if (used.has(id) && used.get(id) !== story)
      id = `sha256:${createHash('sha256').update(story).digest('hex').slice(0, 32)}`;
    used.set(id, story);
    return id;
  });
}

/** What makes two items one story: title, date, link (and the text when there is neither title nor date). */
function storyKey(i: IdSource): string {
  return JSON.stringify([
    i.title,
    i.published?.toISOString() ?? null,
    i.link,
    i.title || i.published ? '' : i.item.text,
  ]);
}

function counts(values: (string | null)[]): Map<string, number> {
  const n = new Map<string, number>();
  for (const v of values) if (v !== null) n.set(v, (n.get(v) ?? 0) + 1);
  return n;
}

/** `sha256:` and 32 hex digits of SHA-256(title + "\n" + ISO date), or of the text when both are missing. */
export function hashId(i: Pick<IdSource, 'title' | 'published' | 'item'>): string {
  const key =
    i.title || i.published ? `${i.title}\n${i.published ? i.published.toISOString() : ''}` : `\n\n${i.item.text}`;
  return `sha256:${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
}
