// Text → a small namespace-aware element tree, tolerant of what real feeds get wrong.
//
// Why not xml2js (rss-parser's engine): it is strict — a bare `&`, an HTML entity
// without a DTD, a truncated body or a stray close tag fails the whole document — and
// its object model drops what the adapters need: the order of mixed content (XHTML
// `<b>` inside text), namespace URIs (a feed that binds RSS or Atom to another
// prefix), and which of several duplicate elements came first. htmlparser2 in
// xmlMode tokenizes anything in one pass and never throws (its tokenizer, driven by
// ../../text/html-parser.ts, whose open-element stack stays linear on unclosed tags); this file adds the XML
// parts it leaves out: namespace resolution, xml:base, entity decoding (./entities.ts),
// and warnings for what it had to recover from.
//
// Invariants: text nodes are decoded strings, adjacent text (including CDATA)
// merged into one; `key` is the lookup name (see ./namespaces.ts); `base` is absolute
// or null; nesting is capped at MAX_DEPTH (deeper elements' text goes to the deepest kept one).
import { LinearParser } from '../../text/html-parser.js';
import { resolveUrl } from '../links.js';
import { dtdEntities, makeDecoder, type Decode } from './entities.js';
import { canonicalPrefix, declareNamespaces, elementKey, lookupPrefix, ROOT_SCOPE, type Scope } from './namespaces.js';

export interface XmlElement {
  /** Qualified name as written. */
  name: string;
  /** Lookup key: `canonicalPrefix:local`, or the bare local name for a feed format's own elements; local part lower-cased. */
  key: string;
  /** Namespace URI: '' for none, null for an undeclared prefix. */
  ns: string | null;
  /** Attributes by qualified name (prefixes of known namespaces canonical), values decoded. */
  attrs: Record<string, string>;
  children: XmlNode[];
  /** Base URI in effect for this element (xml:base resolved against the parent's), or null. */
  base: string | null;
  /** Set when the document ended before this element's end tag (a truncated body). */
  truncated?: true;
}

export type XmlNode = XmlElement | string;

export interface Position {
  line: number;
  column: number;
}

export interface XmlDoc {
  root: XmlElement | null;
  rootAt: Position | null;
  /** The first non-space text found before the root element (a server's error message, a PHP warning…). */
  strayText: string | null;
  /** The document ended inside an element. */
  truncated: boolean;
  warnings: string[];
}

const MAX_DEPTH = 200;

/**
 * Read a document. `base` is the document's URL (or Content-Location) for relative
 * links; `isFeedRoot` decides whether to read past the root start tag (an HTML page
 * is not worth building a tree for).
 */
export function readXml(text: string, base: string | null, isFeedRoot: (key: string) => boolean): XmlDoc {
  const doc: XmlDoc = { root: null, rootAt: null, strayText: null, truncated: false, warnings: [] };
  const stack: XmlElement[] = [];
  const scopes: Scope[] = [ROOT_SCOPE];
  let rootNs: string | null = null;
  let skippedDepth = 0;
  let inCdata = false;
  let ending = false;
  let inDtdSubset = false;
  let mismatchSeen = false;
  let entityWarned = false;
  // `parser` is declared below; these closures run only from its callbacks, after it exists.
  const where = () => positionAt(text, parser.startIndex);
  const decode: Decode = makeDecoder(dtdEntities(text), (sample) => {
    if (entityWarned) return;
    entityWarned = true;
    const p = where();
    doc.warnings.push(
      `recovered a bare '&' or an undeclared entity near "${sample}" at line ${p.line}, column ${p.column}`,
    );
  });

  const parser: LinearParser = new LinearParser(
    {
      onopentag(name, rawAttrs) {
        if (doc.root && stack.length === 0) return void skippedDepth++; // content after the root element
        if (stack.length >= MAX_DEPTH || skippedDepth > 0) return void skippedDepth++;
        const parentScope = scopes[scopes.length - 1] as Scope;
        const scope = declareNamespaces(parentScope, rawAttrs);
        scopes.push(scope);
        const colon = name.indexOf(':');
        const prefix = colon < 0 ? '' : name.slice(0, colon);
        const local = colon < 0 ? name : name.slice(colon + 1);
        const ns = prefix ? lookupPrefix(scope, prefix) : scope.defaultNs;
        if (rootNs === null) rootNs = ns ?? '';
        const parent = stack[stack.length - 1];
        const attrs = decodeAttrs(rawAttrs, scope, decode);
        const xmlBase = attrs['xml:base'];
        const inherited = parent ? parent.base : base;
        const el: XmlElement = {
          name,
          key: elementKey(ns, prefix, local, rootNs),
          ns,
          attrs,
          children: [],
          base: xmlBase === undefined ? inherited : (resolveUrl(xmlBase, inherited) ?? inherited),
        };
        if (parent) parent.children.push(el);
        else {
          doc.root = el;
          doc.rootAt = where();
          if (!isFeedRoot(el.key)) parser.pause();
        }
        stack.push(el);
      },
      onclosetag(_name, implied) {
        if (skippedDepth > 0) return void skippedDepth--;
        const el = stack.pop();
        scopes.pop();
        if (!el) return;
        if (ending) {
          el.truncated = true;
          if (!doc.truncated)
            doc.warnings.push(`the document ends inside <${el.name}> (truncated?); kept the complete items before it`);
          doc.truncated = true;
        } else if (
          implied &&
          text.charCodeAt(parser.endIndex - 1) !== 47 /* '/' of a self-closing tag */ &&
          !mismatchSeen
        ) {
          mismatchSeen = true;
          const p = positionAt(text, parser.endIndex);
          doc.warnings.push(`<${el.name}> was never closed; closed it at line ${p.line}, column ${p.column}`);
        }
      },
      onprocessinginstruction(name, data) {
        // htmlparser2 ends a <!DOCTYPE …> at its first '>', inside an internal subset; the rest comes as text.
        if (name.toLowerCase() === '!doctype' && data.includes('[')) inDtdSubset = true;
      },
      oncdatastart() {
        inCdata = true;
      },
      oncdataend() {
        inCdata = false;
      },
      ontext(data) {
        const top = stack[stack.length - 1];
        if (!top) {
          if (inDtdSubset) inDtdSubset = !data.includes(']');
          else if (!doc.root && doc.strayText === null && /\S/.test(data)) doc.strayText = data.trim().slice(0, 60);
          return;
        }
        const value = inCdata ? data : decode(data);
        const last = top.children.length - 1;
        if (last >= 0 && typeof top.children[last] === 'string') top.children[last] += value;
        else top.children.push(value);
      },
    },
    { xmlMode: true, decodeEntities: false, recognizeCDATA: true, recognizeSelfClosing: true },
  );
  parser.write(text);
  ending = true;
  parser.end();
  return doc;
}

function decodeAttrs(raw: Record<string, string>, scope: Scope, decode: Decode): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in raw) {
    const value = decode(raw[name] as string);
    const colon = name.indexOf(':');
    if (colon > 0 && !name.startsWith('xmlns')) {
      const uri = lookupPrefix(scope, name.slice(0, colon));
      const canonical = uri === null ? undefined : canonicalPrefix(uri);
      if (canonical) {
        out[`${canonical}:${name.slice(colon + 1)}`] = value;
        continue;
      }
    }
    out[name] = value;
  }
  return out;
}

/** 1-based line and column of a UTF-16 offset. */
export function positionAt(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
