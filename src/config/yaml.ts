// YAML text → plain data for the schema, and key paths → file positions.
//
// The yaml library parses; this module converts its syntax tree itself instead of calling
// `toJS()`, because the library's conversion resolves each alias by rescanning the document
// (quadratic in aliases), stringifies collection keys (exponential in flow nesting) and
// throws bare ReferenceErrors. Here every step is linear in the document plus what aliases
// add (bounded), and every failure is a ConfigError with a line and column.
import { Composer, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, Parser } from 'yaml';
import type { CST, Document, Node, Pair } from 'yaml';
import { ConfigError, type ConfigIssue } from './errors.js';

/** Deepest nesting of mappings and lists a config may have (real ones need about 6). */
export const MAX_DEPTH = 64;
/** Most values that aliases may add to the document when expanded (stops an alias bomb). */
export const MAX_ALIAS_EXPANSION = 100_000;

export interface Position {
  line?: number;
  col?: number;
}

export interface YamlSource {
  /** The document as plain data (aliases share one object); null for an empty document. */
  value: unknown;
  /** Position of the value at a key path, or of its nearest ancestor written in the file. */
  locate(path: readonly PropertyKey[]): Position;
  /** Position of the key that ends a path (for unknown keys), if it is written in the file. */
  locateKey(path: readonly PropertyKey[]): Position | undefined;
  /** Position of a character offset. */
  at(offset: number | undefined): Position;
}

class Located extends Error {
  constructor(
    readonly offset: number | undefined,
    readonly reason: string,
  ) {
    super(reason);
  }
}

export function readYaml(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  const at = (offset: number | undefined): Position => {
    if (offset === undefined) return {};
    const { line, col } = lineCounter.linePos(offset);
    return { line, col };
  };
  const fail = (offset: number | undefined, message: string): never => {
    throw new ConfigError([{ file, ...(offset === undefined ? { line: 1, col: 1 } : at(offset)), path: '', message }]);
  };

  // Parse to the concrete syntax tree (iterative, linear), then refuse deep nesting before
  // the composer, which recurses once per level: at a few thousand levels (`- - - - …` on
  // one line, or `[[[[…`) it exhausts the stack, and V8 can die of that outright.
  const tokens = [...new Parser(lineCounter.addNewLine).parse(text)];
  const tooDeep = deepestCollection(tokens);
  if (tooDeep !== null) fail(tooDeep, `nested more than ${MAX_DEPTH} levels deep`);

  // uniqueKeys off: the library checks each key against every earlier one (quadratic); the
  // converter below checks with a map.
  const docs = [...new Composer({ uniqueKeys: false, prettyErrors: false }).compose(tokens, true, text.length)];
  const doc = docs[0] as Document;
  if (docs.length > 1) fail(docs[1]?.range[0], 'a config file holds one YAML document; this starts a second one');
  if (doc.errors.length > 0) {
    const issues: ConfigIssue[] = doc.errors.map((e) => ({
      file,
      ...at(e.pos[0]),
      path: '',
      message: e.message.split('\n')[0] ?? e.message,
    }));
    throw new ConfigError(issues);
  }

  const index = new WeakMap<object, Map<string, Pair>>();
  let value: unknown;
  const converter = new Converter(index);
  try {
    value = converter.convert(doc.contents, 0);
  } catch (err) {
    if (err instanceof Located) fail(err.offset, err.reason);
    throw err;
  }
  if (converter.duplicates.length > 0)
    throw new ConfigError(converter.duplicates.map((d) => ({ file, ...at(d.offset), path: '', message: d.reason })));

  const nodeAt = (path: readonly PropertyKey[]): Node | undefined => {
    let node: unknown = doc.contents;
    let found = node as Node | undefined;
    for (const key of path) {
      if (isMap(node)) {
        const pair = index.get(node)?.get(String(key));
        if (!pair) return found;
        node = pair.value ?? pair.key;
      } else if (isSeq(node) && typeof key === 'number') {
        node = node.items[key];
      } else return found;
      if (node && typeof node === 'object' && 'range' in node) found = node as Node;
    }
    return found;
  };
  return {
    value,
    at,
    locate: (path) => at(nodeAt(path)?.range?.[0]),
    locateKey: (path) => {
      const parent = nodeAt(path.slice(0, -1));
      const pair = isMap(parent) ? index.get(parent)?.get(String(path[path.length - 1])) : undefined;
      return isScalar(pair?.key) && pair.key.range ? at(pair.key.range[0]) : undefined;
    },
  };
}

/** Offset of the first collection nested deeper than MAX_DEPTH, or null; an explicit stack, no recursion. */
function deepestCollection(tokens: readonly CST.Token[]): number | null {
  const stack: [CST.Token, number][] = tokens.map((t) => [t, 0]);
  let first: number | null = null;
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [token, depth] = next;
    if (token.type === 'document') {
      if (token.value) stack.push([token.value, depth]);
    } else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      if (depth >= MAX_DEPTH) {
        if (first === null || token.offset < first) first = token.offset;
        continue; // nothing below it needs a look
      }
      for (const item of token.items) {
        if ('key' in item && item.key) stack.push([item.key, depth + 1]);
        if (item.value) stack.push([item.value, depth + 1]);
      }
    }
  }
  return first;
}

/** Sets a key as data: a key named "__proto__" never becomes the object's prototype. */
export function setKey(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** One pass over the syntax tree: anchors resolved by a map, alias expansion counted. */
class Converter {
  private readonly anchors = new Map<string, Node>();
  /** Converted value and expanded size of each anchored node, once it is complete. */
  private readonly done = new Map<Node, { value: unknown; size: number }>();
  /** Anchored nodes being converted (an alias to one of them is a cycle). */
  private readonly open = new Set<Node>();
  /** Values converted so far, aliases counted at their expanded size. */
  private count = 0;
  private aliasAdded = 0;
  /** Repeated keys: all reported at once, the first value kept meanwhile. */
  readonly duplicates: Located[] = [];

  constructor(private readonly index: WeakMap<object, Map<string, Pair>>) {}

  convert(node: unknown, depth: number): unknown {
    if (node === null || node === undefined) return null;
    const start = (node as Node).range?.[0];
    if (depth > MAX_DEPTH) throw new Located(start, `nested more than ${MAX_DEPTH} levels deep`);
    if (isAlias(node)) return this.alias(node.source, start);
    const anchored = (node as Node & { anchor?: string }).anchor;
    const before = this.count++;
    if (anchored) {
      this.anchors.set(anchored, node as Node);
      this.open.add(node as Node);
    }
    let value: unknown;
    if (isScalar(node)) value = node.value;
    else if (isMap(node)) value = this.map(node.items, node, depth);
    else if (isSeq(node)) {
      value = node.items.map((item) =>
        isPair(item) ? this.map([item], item, depth + 1) : this.convert(item, depth + 1),
      );
    } else throw new Located(start, 'unsupported YAML node');
    if (anchored) {
      this.open.delete(node as Node);
      this.done.set(node as Node, { value, size: this.count - before });
    }
    return value;
  }

  private map(pairs: readonly Pair[], owner: object, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const keys = new Map<string, Pair>();
    this.index.set(owner, keys);
    for (const pair of pairs) {
      const key = pair.key as Node | null;
      if (key !== null && !isScalar(key)) {
        const kind = isAlias(key) ? 'an alias' : isSeq(key) ? 'a list' : 'a mapping';
        throw new Located(key.range?.[0], `a key must be a plain value, not ${kind}`);
      }
      const name = key === null || key.value === null ? '' : String(key.value);
      if (keys.has(name)) {
        this.duplicates.push(
          new Located(key?.range?.[0], `duplicate key "${name}" (a key may appear once in a mapping)`),
        );
        continue;
      }
      keys.set(name, pair);
      setKey(out, name, this.convert(pair.value, depth + 1));
    }
    return out;
  }

  private alias(source: string, offset: number | undefined): unknown {
    const target = this.anchors.get(source);
    if (!target)
      throw new Located(offset, `alias *${source} refers to no anchor (write &${source} on a value above it)`);
    if (this.open.has(target))
      throw new Located(
        offset,
        `alias *${source} is inside the value it refers to (&${source}); a value cannot contain itself`,
      );
    const { value, size } = this.done.get(target) as { value: unknown; size: number };
    this.count += size;
    this.aliasAdded += size;
    if (this.aliasAdded > MAX_ALIAS_EXPANSION) {
      throw new Located(
        offset,
        `aliases expand the document by more than ${MAX_ALIAS_EXPANSION} values (an alias bomb?); ` +
          'write the values out or use fewer aliases',
      );
    }
    return value;
  }
}
