// Namespace resolution for xml/tree.ts: prefixes → URIs (a chain of scopes), and URIs →
// the canonical prefixes the adapters look elements up by, so that
// `<dc:creator>`, `<foo:creator xmlns:foo="http://purl.org/dc/elements/1.1/">` and an
// undeclared `dc:` prefix all read as `dc:creator`.
//
// The feed formats' own namespaces (RSS 0.90/1.0, the Userland/Harvard RSS 2.0 URIs)
// map to '' — their elements are looked up by bare local name, like unprefixed RSS 2.0.
// The document root's namespace is core too (so Atom elements are bare in an Atom
// feed but `atom:link` in an RSS one), as is an unknown default namespace
// (`<feed xmlns="http://example.com/newformat#">`). Keys lower-case the local name
// (feeds write `<TiTlE>`, CDF writes `<CHANNEL>`).

export const NS = {
  atom10: 'http://www.w3.org/2005/Atom',
  atom03: 'http://purl.org/atom/ns#',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  xhtml: 'http://www.w3.org/1999/xhtml',
  xml: 'http://www.w3.org/XML/1998/namespace',
} as const;

const CANONICAL: Record<string, string> = {
  'http://purl.org/rss/1.0/': '',
  'http://my.netscape.com/rdf/simple/0.9/': '',
  'http://backend.userland.com/rss': '',
  'http://backend.userland.com/rss2': '',
  'http://blogs.law.harvard.edu/tech/rss': '',
  'http://purl.org/net/rss1.1#': '',
  [NS.atom10]: 'atom',
  [NS.atom03]: 'atom03',
  [NS.rdf]: 'rdf',
  [NS.xhtml]: 'xhtml',
  [NS.xml]: 'xml',
  'http://purl.org/rss/1.0/modules/content/': 'content',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://purl.org/dc/terms/': 'dcterms',
  'http://www.itunes.com/dtds/podcast-1.0.dtd': 'itunes',
  'http://search.yahoo.com/mrss/': 'media',
  'http://search.yahoo.com/mrss': 'media',
  'http://www.w3.org/1999/xlink': 'xlink',
  'http://www.w3.org/1998/math/mathml': 'mathml',
  'http://www.w3.org/2000/svg': 'svg',
};

/** Canonical prefix of a namespace URI: '' for a feed format's own namespace, undefined when unknown. */
export function canonicalPrefix(uri: string): string | undefined {
  return CANONICAL[uri] ?? CANONICAL[uri.toLowerCase()];
}

/** Namespace declarations in effect: a chain of scopes, one per element that declares any. */
export interface Scope {
  parent: Scope | null;
  defaultNs: string;
  prefixes: Record<string, string> | null;
}

export const ROOT_SCOPE: Scope = { parent: null, defaultNs: '', prefixes: null };

/** The scope of an element: its parent's, plus the xmlns declarations among its attributes. */
export function declareNamespaces(parent: Scope, attrs: Record<string, string>): Scope {
  let scope: Scope | null = null;
  for (const name in attrs) {
    if (name !== 'xmlns' && !name.startsWith('xmlns:')) continue;
    scope ??= { parent, defaultNs: parent.defaultNs, prefixes: null };
    const uri = (attrs[name] as string).trim();
    if (name === 'xmlns') scope.defaultNs = uri;
    else (scope.prefixes ??= {})[name.slice(6)] = uri;
  }
  return scope ?? parent;
}

/** The URI bound to a prefix, or null when it is not declared. */
export function lookupPrefix(scope: Scope | null, prefix: string): string | null {
  if (prefix === 'xml') return NS.xml;
  for (let s = scope; s; s = s.parent) {
    const uri = s.prefixes?.[prefix];
    if (uri !== undefined) return uri;
  }
  return null;
}

/** Lookup key of an element (see the top of this file); `ns` null for an undeclared prefix. */
export function elementKey(ns: string | null, prefix: string, local: string, rootNs: string): string {
  const lower = local.toLowerCase();
  if (ns === '' || ns === rootNs) return lower;
  if (ns === null) return `${prefix.toLowerCase()}:${lower}`;
  const canonical = canonicalPrefix(ns);
  if (canonical === '') return lower;
  if (canonical !== undefined) return `${canonical}:${lower}`;
  return prefix ? `${prefix.toLowerCase()}:${lower}` : lower;
}
