// The exit codes of every command (README "Exit codes"; deploy/newswatch.service keeps
// systemd from restarting on those a restart cannot fix).
export const EXIT = {
  ok: 0,
  /** A runtime failure: a restart may help. */
  failure: 1,
  /** Invalid config or usage. */
  config: 2,
  /** The state file cannot be used (damaged, not writable, newer schema, disk full at start). */
  state: 3,
  /** Another newswatch holds the state file. */
  locked: 4,
} as const;
