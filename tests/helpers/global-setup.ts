// Builds dist/ once before the suite, so tests that start the real CLI as a
// child process (bin/newswatch.js → dist/) run the code under test, not a stale build.
// Type errors do not stop the suite here (tsc still emits; `npm run typecheck` reports them).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const r = spawnSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) {
    process.stderr.write(`\n[global-setup] tsc reported errors while building dist/ (tests of the CLI may fail):\n${(r.stdout + r.stderr).split('\n').slice(0, 15).join('\n')}\n`);
  }
}
