/** One problem in a config file, located as precisely as the YAML allows. */
export interface ConfigIssue {
  file: string;
  line?: number | undefined;
  col?: number | undefined;
  /** Key path such as `watchlists[0].entities[2].aliases`; '' for the whole document. */
  path: string;
  message: string;
}

export function formatIssue(i: ConfigIssue): string {
  const where = i.line !== undefined ? `${i.file}:${i.line}:${i.col ?? 1}` : i.file;
  return `${where}: ${i.path ? `${i.path}: ` : ''}${i.message}`;
}

/** The config could not be used; every issue found is listed, not just the first. */
export class ConfigError extends Error {
  readonly issues: ConfigIssue[];
  constructor(issues: ConfigIssue[]) {
    // In file order, so that a user fixes them top to bottom (the sort is stable).
    issues = [...issues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
    super(`invalid config:\n${issues.map((i) => `  ${formatIssue(i)}`).join('\n')}`);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

/** `['watchlists', 0, 'entities', 2, 'aliases']` → `watchlists[0].entities[2].aliases` */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

/** `watchlists[0].entities[2].aliases` → `['watchlists', 0, 'entities', 2, 'aliases']` */
export function parsePath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g))
    out.push(m[2] !== undefined ? Number(m[2]) : (m[1] as string));
  return out;
}
