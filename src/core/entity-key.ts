// One watched entity across the code: an entity id is unique within its watchlist only.

export interface EntityRef {
  watchlist: string;
  entity: string;
}

/** The key of (watchlist, entity) for maps and sets: NUL cannot occur in either id. */
export function entityKey(ref: EntityRef): string {
  return `${ref.watchlist}\u0000${ref.entity}`;
}

/** "watchlist/entity": how the history stores and users name an entity (`/` cannot occur in either id). */
export function entityPath(ref: EntityRef): string {
  return `${ref.watchlist}/${ref.entity}`;
}
