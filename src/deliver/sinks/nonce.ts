import { createHash } from 'node:crypto';
import { DISCORD_LIMITS } from '../limits.js';

/** Discord accepts nonces of at most 25 characters: a longer one is hashed down, deterministically. */
export function discordNonce(nonce: string): string {
  if (nonce.length <= DISCORD_LIMITS.nonce) return nonce;
  return createHash('sha256').update(nonce).digest('base64url').slice(0, DISCORD_LIMITS.nonce);
}
