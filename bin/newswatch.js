#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run by `prepare` on `npm ci`).
import { main } from '../dist/cli/main.js';

const exit = (code) => {
  // Let buffered output reach a pipe before exiting.
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
};
main(process.argv.slice(2)).then(
  (code) => exit(typeof code === 'number' ? code : 0),
  (err) => {
    process.stderr.write(`newswatch: ${err instanceof Error ? err.message : String(err)}\n`);
    exit(1);
  },
);
