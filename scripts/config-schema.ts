// `npm run config:schema`: writes config/newswatch.schema.json and the README's config
// reference table from the zod schema (src/config/schema.ts). A test fails when either is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCHEMA_FILE, schemaFileText, withReferenceTable } from '../src/config/reference.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
writeFileSync(join(ROOT, SCHEMA_FILE), schemaFileText());
const readme = join(ROOT, 'README.md');
writeFileSync(readme, withReferenceTable(readFileSync(readme, 'utf8')));
process.stdout.write(`wrote ${SCHEMA_FILE} and the reference table in README.md\n`);
