// Where a JSON.parse error is. V8 gives "… at position N" for most errors, but not for
// "Unexpected token" (Node 20), so that one is found by bisection: a prefix that ends
// before the bad token fails only for being incomplete; one that includes it fails for
// a real reason. Only run on the error path.

/** Offset of the first syntax error in `text`, given JSON.parse's message for it. */
export function jsonErrorOffset(text: string, message: string): number {
  const at = /at position (\d+)/.exec(message);
  if (at) return Number(at[1]);
  if (/Unexpected end of JSON input/.test(message)) return text.length;
  let lo = 0; // prefix length known to fail only as incomplete (or to parse)
  let hi = text.length; // prefix length known to contain the error
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (failsBeforeEnd(text.slice(0, mid))) hi = mid;
    else lo = mid;
  }
  return hi - 1;
}

function failsBeforeEnd(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return false;
  } catch (err) {
    const m = (err as Error).message;
    if (/Unexpected end of JSON input/.test(m)) return false;
    const at = /at position (\d+)/.exec(m);
    return !at || Number(at[1]) < prefix.length;
  }
}
