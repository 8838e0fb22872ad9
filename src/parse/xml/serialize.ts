// Element children → markup, for content written inline as XHTML (Atom type="xhtml",
// Atom 0.3 mode="xml", `<xhtml:body>`, naked HTML inside an RSS description).
// Text is re-escaped; XHTML elements lose their namespace prefix and declaration,
// which mean nothing once the markup is read as HTML; other vocabularies (MathML,
// SVG) keep theirs.
import { NS } from './namespaces.js';
import type { XmlElement, XmlNode } from './tree.js';

const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);

export function serializeChildren(el: XmlElement): string {
  let out = '';
  for (const c of el.children) out += serializeNode(c);
  return out;
}

/** The children of an Atom xhtml construct: inside its wrapper `<div>` when there is one. */
export function serializeXhtmlContent(el: XmlElement): string {
  let wrapper: XmlElement | undefined;
  for (const c of el.children) {
    if (typeof c === 'string') {
      if (c.trim()) return serializeChildren(el);
    } else if (wrapper || localName(c.name) !== 'div') return serializeChildren(el);
    else wrapper = c;
  }
  return wrapper ? serializeChildren(wrapper) : serializeChildren(el);
}

function serializeNode(node: XmlNode): string {
  if (typeof node === 'string') return escapeText(node);
  const name = node.ns === NS.xhtml ? localName(node.name) : node.name;
  let out = `<${name}`;
  for (const a in node.attrs) {
    const value = node.attrs[a] as string;
    if ((a === 'xmlns' || a.startsWith('xmlns:')) && value === NS.xhtml) continue;
    out += ` ${a}="${escapeAttr(value)}"`;
  }
  if (node.children.length === 0) return VOID.has(name.toLowerCase()) ? `${out} />` : `${out}></${name}>`;
  return `${out}>${serializeChildren(node)}</${name}>`;
}

function localName(qname: string): string {
  const colon = qname.indexOf(':');
  return colon < 0 ? qname : qname.slice(colon + 1);
}

export function escapeText(s: string): string {
  return s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

function escapeAttr(s: string): string {
  return s.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}
