// Keep-alive connection pools shared by every fetch, one for http: and one for https:
// (TLS sessions are cached in the https one). Reusing a connection saves a TCP (and TLS)
// handshake per poll when several feeds live on one host, or one feed is polled often.
//
// Sizing: the scheduler's Pool already caps requests overall and per host, so the agent
// must never queue a request behind it (the wait would eat the request's deadline):
// maxSockets stays unlimited, which is "as many as the Pool lets through". Idle sockets are
// unref'd by Node (they never keep the process alive) and closed after IDLE_MS, or sooner
// when the server's `Keep-Alive: timeout=N` says so, to avoid reusing a socket the server
// is closing.
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

/** Below the common server idle timeouts (Node 5 s, nginx 75 s), like undici's 4 s default. */
const IDLE_MS = 4_000;

const options = { keepAlive: true, scheduling: 'lifo', timeout: IDLE_MS } as const;
const httpAgent = new HttpAgent(options);
const httpsAgent = new HttpsAgent(options);
// Requests under the SSRF guard (address.ts) get pools of their own: every socket in these was
// opened through the guarded lookup, so a kept-alive socket to a private address that a
// private feed opened can never be handed to a public feed's redirect.
const guardedHttpAgent = new HttpAgent(options);
const guardedHttpsAgent = new HttpsAgent(options);

export function agentFor(protocol: 'http:' | 'https:', guarded = false): HttpAgent {
  if (guarded) return protocol === 'https:' ? guardedHttpsAgent : guardedHttpAgent;
  return protocol === 'https:' ? httpsAgent : httpAgent;
}
