// Atom text constructs (title, subtitle, summary, content…) → FeedText.
//   Atom 1.0: type="text" | "html" | "xhtml" (the XHTML wrapper <div> is dropped),
//             or a MIME type: text/* is text, */xml and *+xml inline XML, anything else base64.
//   Atom 0.3: type is a MIME type (default text/plain) and mode="xml" (default; inline
//             markup kept with its <div>) | "escaped" | "base64".
// Markup written inline under a text type ("naked" markup) is read as XHTML.
import type { FeedText } from './raw.js';
import { sniffed } from './text.js';
import { attr, hasElementChildren, textOf } from './xml/query.js';
import { serializeChildren, serializeXhtmlContent } from './xml/serialize.js';
import type { XmlElement } from './xml/tree.js';

export function atomText(el: XmlElement, atom10: boolean): FeedText {
  const t = readConstruct(el, atom10);
  return t.html ? { ...t, base: el.base } : t;
}

function readConstruct(el: XmlElement, atom10: boolean): FeedText {
  const type = (attr(el, 'type') ?? '').trim().toLowerCase();
  const mode = (attr(el, 'mode') ?? '').trim().toLowerCase();
  const isHtml = type === 'html' || type === 'text/html';
  const isXml = type === 'xhtml' || type.endsWith('/xml') || type.endsWith('+xml');
  const isText = type === '' || type === 'text' || type.startsWith('text/');
  if (mode === 'base64' || (atom10 && !isHtml && !isXml && !isText)) {
    const decoded = Buffer.from(textOf(el).replace(/\s+/g, ''), 'base64').toString('utf8');
    return isHtml || isXml ? { value: decoded, html: true } : sniffed(decoded);
  }
  if (mode === 'escaped') return isHtml || isXml ? { value: textOf(el), html: true } : sniffed(textOf(el));
  if (isXml || hasElementChildren(el))
    return { value: atom10 ? serializeXhtmlContent(el) : serializeChildren(el), html: true };
  if (isHtml) return { value: textOf(el), html: true };
  // An explicit type="text" is plain text, even with brackets; an unstated type is sniffed.
  return type === '' ? sniffed(textOf(el)) : { value: textOf(el), html: false };
}
