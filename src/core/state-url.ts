// The config's `state` names either a SQLite file (a path) or a PostgreSQL database (a
// postgres:// or postgresql:// URL). A URL's password is a secret: never shown.

/** Does `state` name a PostgreSQL database (rather than a SQLite file)? */
export function isPostgresUrl(state: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(state);
}

/** The password in a PostgreSQL URL (decoded and as written), for the log redactor; [] when there is none. */
export function urlSecrets(state: string): string[] {
  if (!isPostgresUrl(state)) return [];
  const raw = /^[a-z]+:\/\/[^:/@]*:([^@]*)@/i.exec(state)?.[1];
  if (!raw) return [];
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // kept as written
  }
  return [...new Set([raw, decoded])];
}
