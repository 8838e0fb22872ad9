// "unknown key" help: the keys the schema accepts at a path, and the one nearest a typo.
import type { z } from 'zod';

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The object schema at a key path (array indexes step into elements); its keys, or [] if none. */
export function knownKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let node: z.ZodType | undefined = schema;
  let k = 0;
  while (node) {
    const def = defOf(node);
    if (def.type === 'object') {
      if (k === path.length) return Object.keys(def.shape ?? {});
      node = def.shape?.[String(path[k++])];
    } else if (def.type === 'array') {
      if (typeof path[k] !== 'number') return [];
      k++;
      node = def.element;
    } else node = def.innerType ?? def.in;
  }
  return [];
}

/** Optimal-string-alignment distance (a swap of two neighbours counts one edit). */
function distance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) (rows[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[],
      up = rows[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((up[j] as number) + 1, (row[j - 1] as number) + 1, (up[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      row[j] = d;
    }
  }
  return (rows[a.length] as number[])[b.length] as number;
}

/** The candidate a typo most likely meant: same letters in another case, or within a third of its length in edits. */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  if (word.length > 64) return undefined;
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestD = Math.max(1, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = c.toLowerCase() === lower ? 0 : distance(lower, c.toLowerCase());
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best;
}

/** The message for an unknown key. */
export function unknownKeyMessage(key: string, known: readonly string[]): string {
  const near = nearest(key, known);
  if (near !== undefined) return `unknown key "${key}" (did you mean "${near}"?)`;
  return known.length > 0 ? `unknown key "${key}" (known here: ${known.join(', ')})` : `unknown key "${key}"`;
}
