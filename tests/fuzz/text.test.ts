// The HTML-to-text's fuzz targets (./targets/text.ts), a few hundred inputs each: the
// brief run of `npm test`; `npm run fuzz -- --minutes N` runs them at length.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { targets } from './targets/text.js';

describe('text fuzz targets', () => {
  it.each(targets.map((t) => [t.name, t] as const))(
    '%s holds its oracles',
    (_name, t) => {
      fc.assert(
        fc.property(t.arbitrary, (input) => void t.check(input)),
        { numRuns: 250 },
      );
    },
    60_000,
  );
});
