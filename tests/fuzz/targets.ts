// Loads every fuzz target (tests/fuzz/targets/*.ts, each exporting `targets`), and shows an input briefly.
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FuzzTarget } from './target.js';

const DIR = fileURLToPath(new URL('./targets/', import.meta.url));

export async function loadTargets(): Promise<FuzzTarget<unknown>[]> {
  const out: FuzzTarget<unknown>[] = [];
  for (const file of readdirSync(DIR)
    .filter((f) => f.endsWith('.ts'))
    .sort()) {
    const mod = (await import(pathToFileURL(DIR + file).href)) as { targets?: FuzzTarget<unknown>[] };
    if (!Array.isArray(mod.targets)) throw new Error(`tests/fuzz/targets/${file} exports no \`targets\` array`);
    out.push(...mod.targets);
  }
  return out;
}

/** An input as JSON, cut to `max` characters (with its length when cut). */
export function preview(input: unknown, max = 160): string {
  if (typeof input === 'string') {
    const shown = JSON.stringify(input.slice(0, max));
    return input.length <= max ? shown : `${shown}… (${input.length} chars)`;
  }
  let s: string;
  try {
    s = JSON.stringify(input) ?? String(input);
  } catch {
    s = String(input);
  }
  return s.length <= max ? s : `${s.slice(0, max)}… (${s.length} chars)`;
}
