// The shape every fuzz target has. A target generates inputs for one stage and
// checks that stage's oracles on each (it throws when an oracle fails). The same
// target serves a brief property test in `npm test` (tests/fuzz/*.test.ts) and the
// long campaign of `npm run fuzz -- --minutes N`, which times every input and
// reports the slowest by time per KB. Targets live in tests/fuzz/targets/, one file
// per stage, each exporting `targets: FuzzTarget<any>[]`.
import type { Arbitrary } from 'fast-check';

export interface FuzzTarget<T> {
  /** Stage and input kind, e.g. "parse/rss-mutated". */
  name: string;
  /** Generates inputs. */
  arbitrary: Arbitrary<T>;
  /** Runs the stage on one input; throws when an oracle fails. */
  check(input: T): void | Promise<void>;
  /** Size of the input in bytes, for the time-per-KB report. */
  size(input: T): number;
}
