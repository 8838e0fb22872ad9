// Lookups on the element tree (./tree.ts). Keys are the canonical names built there:
// 'title', 'dc:creator', 'content:encoded', 'atom:link'.
import type { XmlElement } from './tree.js';

/** First direct child with one of `keys`, in the order of `keys` (an earlier key wins over a later one). */
export function child(el: XmlElement, ...keys: string[]): XmlElement | undefined {
  for (const key of keys) {
    for (const c of el.children) if (typeof c !== 'string' && c.key === key) return c;
  }
  return undefined;
}

/** Whether the element's end tag was read (the document was not cut off inside it). */
export function isComplete(el: XmlElement): boolean {
  return el.truncated !== true;
}

/** Every direct child with `key`, in document order. */
export function children(el: XmlElement, key: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of el.children) if (typeof c !== 'string' && c.key === key) out.push(c);
  return out;
}

/** Concatenated text of the element and its descendants. */
export function textOf(el: XmlElement): string {
  const only = el.children.length === 1 ? el.children[0] : undefined;
  if (typeof only === 'string') return only;
  let out = '';
  for (const c of el.children) out += typeof c === 'string' ? c : textOf(c);
  return out;
}

/** Trimmed text of the first child with one of `keys`, or null when absent or blank. */
export function childText(el: XmlElement, ...keys: string[]): string | null {
  const c = child(el, ...keys);
  if (!c) return null;
  const t = textOf(c).trim();
  return t || null;
}

/** True when the element has element children (markup written inline, not escaped). */
export function hasElementChildren(el: XmlElement): boolean {
  for (const c of el.children) if (typeof c !== 'string') return true;
  return false;
}

/** An attribute by name; names are matched case-insensitively when there is no exact match (CDF writes `HREF`). */
export function attr(el: XmlElement, name: string): string | undefined {
  const exact = el.attrs[name];
  if (exact !== undefined) return exact;
  for (const k in el.attrs) if (k.toLowerCase() === name) return el.attrs[k];
  return undefined;
}
