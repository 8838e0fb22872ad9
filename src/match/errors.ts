// The one error the matcher raises: a watchlist that cannot be compiled. It
// names the key path (as the config loader does) so `newswatch check` can point at it.

export class WatchlistCompileError extends Error {
  override readonly name = 'WatchlistCompileError';

  constructor(
    /** Key path in the config, e.g. `watchlists[0].entities[2].aliases[1]`. */
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
  }
}
