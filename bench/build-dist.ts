// Benchmarks that measure the service as users run it start plain-JavaScript children on
// the compiled dist/: build it first (incremental, so cheap when nothing changed).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export function buildDist(bench: string): void {
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (r.status !== 0)
    process.stderr.write(
      `${bench}: tsc reported errors while building dist/ (running what it emitted):\n${(r.stdout + r.stderr).split('\n').slice(0, 10).join('\n')}\n`,
    );
}
