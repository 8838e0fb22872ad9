// Character and entity references in XML text. One decoder covers the five XML
// entities, numeric references and, for recovery, every HTML named entity
// (`&hellip;`, `&nbsp;` used without a DTD, as real feeds do). Decoding is strict
// about the `;`, so a bare `&` in a URL (`?a=1&copy=2`) stays as written.
// Entities declared in the document's internal DTD subset are expanded too, but
// only those whose value holds no `&` or `<`: nothing can expand into more
// entities, so there is no "billion laughs" blow-up.
import { decodeHTMLStrict } from 'entities';

export type Decode = (raw: string) => string;

/** An `&` that does not start one of the five XML entities or a numeric reference. */
const IRREGULAR = /&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-f]+);)/i;
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
    const at = s.search(IRREGULAR);
    if (at >= 0) onIrregular(s.slice(at, at + 12));
    return decodeHTMLStrict(s);
  };
}

/** Simple general entities of the internal DTD subset: `<!ENTITY name "value">`, values without `&` or `<`. */
export function dtdEntities(text: string): Map<string, string> | null {
  // A DOCTYPE sits in the prolog, so a look at the first few KB decides (most feeds have none).
  if (!/<!DOCTYPE[^[>]*\[/i.test(text.slice(0, 4096))) return null;
  const doctype = /<!DOCTYPE[^[>]*\[([\s\S]*?)\]\s*>/i.exec(text.slice(0, 65536));
  if (!doctype?.[1]) return null;
  const found = new Map<string, string>();
  for (const m of doctype[1].matchAll(/<!ENTITY\s+([A-Za-z_][\w.-]*)\s+(?:"([^"&<]*)"|'([^'&<]*)')\s*>/g)) {
    if (found.size >= MAX_DTD_ENTITIES) break;
    found.set(m[1] as string, m[2] ?? m[3] ?? '');
  }
  return found.size ? found : null;
}
