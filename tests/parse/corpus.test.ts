// The feedparser corpus (../shared/corpora/feedparser, 2,106 files with expected values):
// no file may crash or hang the parser, every ill-formed file is recovered or reported
// with a clear error, and at least 95% of the checks outside the `sanitize` group
// match (loose: as visible text; the strict figure is printed beside it). Skipped, with
// the reason printed, where the corpus is absent (a user's clone).
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatErrors, formatScore } from './corpus-report.js';
import { findCorpus, loadCases, runCorpus, score, type Score } from './corpus-score.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = findCorpus(root);
if (!dir)
  console.log(
    'feedparser corpus test skipped: no corpus at <repo>/../shared/corpora/feedparser (it is not part of the repository)',
  );

describe.skipIf(!dir)('feedparser corpus', () => {
  let s: Score;

  beforeAll(async () => {
    const cases = loadCases(dir as string);
    s = score(cases, await runCorpus(dir as string, cases));
    console.log(`${formatScore(s)}\n\n${formatErrors(s, 5)}`);
  }, 300_000);

  it('parses every file without a crash or a hang', () => {
    expect(s.files).toBeGreaterThan(2000);
    expect(s.crashes.map((c) => c.file)).toEqual([]);
    expect(s.hangs.map((c) => c.file)).toEqual([]);
  });

  it('recovers every ill-formed file or reports it with a clear error', () => {
    expect(s.illformedRecovered + s.illformedErrors.length).toBe(s.illformed);
    for (const { file, error } of s.illformedErrors) {
      expect(['not-a-feed', 'malformed', 'empty'], file).toContain(error.kind);
      expect(error.message.length, file).toBeGreaterThan(15);
    }
  });

  it('accepts every well-formed file', () => {
    expect(s.wellformedRejected).toEqual([]);
  });

  it('matches at least 95% of the checks outside the sanitize group', () => {
    expect(s.nonSanitize.checks).toBeGreaterThan(600);
    expect(s.nonSanitize.loose / s.nonSanitize.checks).toBeGreaterThanOrEqual(0.95);
  });
});
