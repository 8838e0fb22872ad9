// Prints newswatch's score on the feedparser corpus (../shared/corpora/feedparser):
// crashes, hangs, ill-formed recovery, and the share of expected values matched, by
// format and by field, strict and loose, outside and with the `sanitize` group.
//   npx tsx bench/feedparser-score.ts [--failures N] [--errors N]
import { fileURLToPath } from 'node:url';
import { formatErrors, formatFailures, formatScore } from '../tests/parse/corpus-report.js';
import { findCorpus, loadCases, runCorpus, score } from '../tests/parse/corpus-score.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = findCorpus(root);
if (!dir) {
  console.log('feedparser corpus not found at <repo>/../shared/corpora/feedparser; nothing to score');
  process.exit(0);
}
const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1] ?? 20) : 0;
};
const cases = loadCases(dir);
const s = score(cases, await runCorpus(dir, cases));
console.log(formatScore(s));
if (arg('--errors')) console.log(`\n${formatErrors(s, arg('--errors'))}`);
if (arg('--failures')) console.log(`\nnon-sanitize checks failing:\n${formatFailures(s, arg('--failures'))}`);
