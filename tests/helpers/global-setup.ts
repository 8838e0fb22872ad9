// Builds dist/ once before the suite, so tests that start the real CLI as a child process
// (bin/newswatch.js → dist/) run the code under test, not a stale build. A type error
// stops the suite here: the CLI tests would otherwise run whatever tsc emitted anyway.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const r = spawnSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', 'tsconfig.build.json'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    const output = `${r.stdout}${r.stderr}${r.error ? String(r.error) : ''}`.split('\n').slice(0, 30).join('\n');
    throw new Error(`tsc reported errors while building dist/; fix them before running the tests:\n${output}`);
  }
}
