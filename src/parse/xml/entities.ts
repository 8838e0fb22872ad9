// Character and entity references in XML text. One decoder covers the five XML
// entities, numeric references and, for recovery, every HTML named entity
// (`&hellip;`, `&nbsp;` used without a DTD, as real feeds do). Decoding is strict
// about the `;`, so a bare `&` in a URL (`?a=1&copy=2`) stays as written.
// Entities declared in the document's internal DTD subset are expanded too, but
// only those whose value holds no `&` or `<`: nothing can expand into more
// entities, so there is no "billion laughs" blow-up.
import { decodeHTMLStrict } from 'entities';

export type Decode = (raw: string) => string;

/** What may follow an `&` in well-formed XML: one of the five XML entities or a numeric reference (sticky: tested at one place). */
const REGULAR_REF = /(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-f]+);/iy;
const MAX_DTD_ENTITIES = 200;

/**
 * A text decoder. `onIrregular` is called with the first irregular reference of a
 * string (a bare `&`, an HTML entity): well-formed XML has none of those.
 */
export function makeDecoder(dtd: ReadonlyMap<string, string> | null, onIrregular: (sample: string) => void): Decode {
  return (raw) => {
    if (raw.indexOf('&') < 0) return raw;
    let s = raw;
    if (dtd) s = s.replace(/&([A-Za-z_][\w.-]*);/g, (m, name: string) => dtd.get(name) ?? m);
    const at = irregularAmpersand(s);
    if (at >= 0) onIrregular(s.slice(at, at + 12));
    return decodeHTMLStrict(s);
  };
}

/** The index of the first `&` that starts no XML entity or numeric reference, or -1. */
function irregularAmpersand(s: string): number {
  for (let at = s.indexOf('&'); at >= 0; at = s.indexOf('&', at + 1)) {
    REGULAR_REF.lastIndex = at + 1;
    if (!REGULAR_REF.test(s)) return at;
  }
  return -1;
}

/** `<!DOCTYPE name … [`: the start of an internal subset (sticky: tested where a `<!` is). */
const SUBSET_START = /<!DOCTYPE[^[>]*\[/iy;

function hasInternalSubset(head: string): boolean {
  for (let at = head.indexOf('<!'); at >= 0; at = head.indexOf('<!', at + 2)) {
    SUBSET_START.lastIndex = at;
    if (SUBSET_START.test(head)) return true;
  }
  return false;
}

/** Simple general entities of the internal DTD subset: `<!ENTITY name "value">`, values without `&` or `<`. */
export function dtdEntities(text: string): Map<string, string> | null {
  // A DOCTYPE sits in the prolog, so a look at the first few KB decides (most feeds have none).
  if (!hasInternalSubset(text.slice(0, 4096))) return null;
  const doctype = /<!DOCTYPE[^[>]*\[([\s\S]*?)\]\s*>/i.exec(text.slice(0, 65536));
  if (!doctype?.[1]) return null;
  const found = new Map<string, string>();
  for (const m of doctype[1].matchAll(/<!ENTITY\s+([A-Za-z_][\w.-]*)\s+(?:"([^"&<]*)"|'([^'&<]*)')\s*>/g)) {
    if (found.size >= MAX_DTD_ENTITIES) break;
    found.set(m[1] as string, m[2] ?? m[3] ?? '');
  }
  return found.size ? found : null;
}
