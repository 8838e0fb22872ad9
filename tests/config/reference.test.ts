// The JSON Schema and the README's reference table are generated from the zod schema
// (`npm run config:schema`); these fail when a committed copy is stale.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  configJsonSchema,
  README_END,
  README_START,
  referenceTable,
  SCHEMA_FILE,
  schemaFileText,
} from '../../src/config/reference.js';
import { ROOT } from '../helpers/cli.js';

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

describe('config reference', () => {
  it(`${SCHEMA_FILE} is the schema generated from src/config/schema.ts (else: npm run config:schema)`, () => {
    expect(read(SCHEMA_FILE)).toBe(schemaFileText());
  });

  it("README's reference table is the one generated from the schema (else: npm run config:schema)", () => {
    const readme = read('README.md');
    const start = readme.indexOf(README_START),
      end = readme.indexOf(README_END);
    expect(start).toBeGreaterThan(-1);
    expect(end).toBeGreaterThan(start);
    expect(readme.slice(start + README_START.length, end).trim()).toBe(referenceTable());
  });

  it('the bundled config points editors at the schema', () => {
    expect(read('config/newswatch.yaml').split('\n')[0]).toBe(
      '# yaml-language-server: $schema=./newswatch.schema.json',
    );
  });

  it('documents every key, including discord.api, the http channel and delivery', () => {
    const table = referenceTable();
    for (const key of [
      'discord.api',
      'channels[].http.url',
      'delivery.retryBase',
      'delivery.retryMax',
      'fetch.timeout',
    ]) {
      expect(table).toMatch(new RegExp(`^\\| \`${key.replace(/[.[\]]/g, '\\$&')}\` \\|[^|]+\\|[^|]*\\| \\S`, 'm'));
    }
    // Every key of the schema has a description.
    const missing: string[] = [];
    const walk = (s: ReturnType<typeof configJsonSchema>, prefix: string) => {
      for (const [k, p] of Object.entries(s.properties ?? {})) {
        if (!p.description) missing.push(`${prefix}${k}`);
        if (p.properties) walk(p, `${prefix}${k}.`);
        if (p.items?.properties) walk(p.items, `${prefix}${k}[].`);
      }
    };
    walk(configJsonSchema(), '');
    expect(missing).toEqual([]);
  });

  it('durations are strings with a unit, and ${ENV} references pass every pattern', () => {
    const schema = configJsonSchema();
    const timeout = schema.properties?.['fetch']?.properties?.['timeout'];
    expect(timeout).toMatchObject({ type: 'string', default: '20s' });
    const pattern = new RegExp(timeout?.pattern as string);
    expect(['20s', '250ms', '6h', '${FETCH_TIMEOUT}', '${T:-20s}'].every((v) => pattern.test(v))).toBe(true);
    expect(['10', '20 seconds', 'x${T}'].some((v) => pattern.test(v))).toBe(false);
  });
});
