// One JSON request of a chat sink (Slack, Telegram, Matrix) with node's fetch: a timeout,
// no redirects (a token must not follow one), and a network failure already classified
// (./classify.ts) and scrubbed of the sink's secrets. The answer's status and body are the
// sink's to classify, by its service's rules.
import { classifyError } from '../classify.js';
import type { SendOutcome } from '../types.js';

export interface ChatHttpOptions {
  timeoutMs: number;
  userAgent: string;
  /** Values never to appear in an error (tokens, webhook URLs). */
  secrets: readonly string[];
  /** Names the sink in errors: "Slack", "Telegram", "Matrix". */
  what: string;
}

export interface ChatReply {
  status: number;
  headers: Headers;
  /** The parsed JSON body, or null when it is not JSON. */
  json: unknown;
  text: string;
}

export type Failure = Extract<SendOutcome, { ok: false }>;

export async function chatRequest(
  url: string,
  init: { method: 'GET' | 'POST' | 'PUT'; headers?: Record<string, string>; body?: unknown },
  opts: ChatHttpOptions,
): Promise<ChatReply | Failure> {
  try {
    const res = await fetch(url, {
      method: init.method,
      headers: {
        'user-agent': opts.userAgent,
        ...(init.body !== undefined ? { 'content-type': 'application/json; charset=utf-8' } : {}),
        ...init.headers,
      },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      signal: AbortSignal.timeout(opts.timeoutMs),
      redirect: 'error',
    });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    return { status: res.status, headers: res.headers, json, text };
  } catch (err) {
    const outcome = classifyError(err, opts.secrets) as Failure;
    return { ...outcome, error: `${opts.what}: ${outcome.error.replace('Discord', opts.what)}` };
  }
}

export function isFailure(r: ChatReply | Failure): r is Failure {
  return (r as Failure).ok === false;
}

/** A service's own error text, kept short and free of secrets and URLs. */
export function describeError(text: string, secrets: readonly string[]): string {
  let out = text
    .replace(/https?:\/\/\S+/g, '[url]')
    .replace(/\s+/g, ' ')
    .trim();
  for (const s of secrets) if (s.length >= 6) out = out.split(s).join('[redacted]');
  return out.slice(0, 200);
}

/** Retry-After in seconds (or an HTTP date) → milliseconds. */
export function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}
