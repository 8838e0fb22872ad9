// Shared by the CLI tests: a scratch folder per test file, config files written into it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Scratch {
  dir: string;
  /** Writes `text` to `name` in the scratch folder; returns the absolute path. */
  write(name: string, text: string | Buffer): string;
  remove(): void;
}

export function scratch(prefix: string): Scratch {
  const dir = mkdtempSync(join(tmpdir(), `nw-${prefix}-`));
  return {
    dir,
    write(name, text) {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A small, valid watchlist block (YAML) that the CLI tests share. */
export const WATCHLISTS_YAML = `watchlists:
  - id: groups
    name: Militant groups
    entities:
      - id: iskp
        name: Islamic State Khorasan Province
        aliases: [Islamic State Khorasan, ISIS-K]
        caseSensitive: [ISKP]
      - id: ttp
        name: Tehrik-i-Taliban Pakistan
        aliases: [Pakistani Taliban]
        caseSensitive: [TTP]
  - id: officials
    name: Officials
    entities:
      - id: envoy
        name: Thomas West
        context: [Afghanistan, Taliban, envoy]
`;

/** Parses stdout of a JSON-lines command. */
export function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
