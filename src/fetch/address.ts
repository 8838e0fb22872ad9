// SSRF policy: which addresses a feed's requests may connect to. A feed URL from the
// config is the operator's choice, but a redirect or a page's feed link is the remote
// server's: without a check, a public feed could make newswatch fetch (and post to
// Discord) http://127.0.0.1:…/admin or the cloud metadata service at 169.254.169.254.
//
// Policy (README "Private addresses (SSRF)"): a connection to a loopback, private,
// link-local, unique-local, CGNAT, unspecified, multicast or reserved address — anything
// ipaddr.js does not call plain `unicast` — is refused (`blocked-address`), unless
//   - the feed's configured URL itself names a private host (an IP literal in those
//     ranges, `localhost`, a single-label name such as a Docker service `rsshub`, or a
//     name under .local, .internal, .lan, .localdomain, .home.arpa): the operator means
//     it, so the feed's redirects and feed links may stay private too; or
//   - `fetch.allowPrivateAddresses: true`.
// The check is on the address the socket connects to: every name is resolved through
// guardedLookup (Node's `lookup` hook of net.connect), so a name that resolves — or
// re-resolves (DNS rebinding) — to a private address is refused before connecting; an
// IP literal, which Node connects to without a lookup, is checked by checkLiteral.
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOneOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Is `address` (as resolved for `hostname`) one that guarded requests must not reach? */
export type AddressClassifier = (address: string, hostname: string) => boolean;

/** The error a guarded lookup or literal check fails with; errors.ts classifies it as blocked-address. */
export class BlockedAddressError extends Error {
  override readonly name = 'BlockedAddressError';
  readonly code = 'ERR_BLOCKED_ADDRESS';
}

/** True for every address that is not globally routable unicast. Unparseable → true (refused). */
export function isPrivateAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return true;
  return ipaddr.process(address).range() !== 'unicast';
}

const PRIVATE_SUFFIX = /\.(?:localhost|local|internal|lan|localdomain|home\.arpa)$/;

/** Does this URL, as written, name a private host (see the policy above)? */
export function namesPrivateHost(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname
      .toLowerCase()
      .replace(/^\[|\]$/g, '')
      .replace(/\.$/, '');
  } catch {
    return false;
  }
  if (ipaddr.isValid(host)) return isPrivateAddress(host);
  return host === 'localhost' || !host.includes('.') || PRIVATE_SUFFIX.test(host);
}

function rangeOf(address: string): string {
  return ipaddr.isValid(address) ? ipaddr.process(address).range() : 'invalid';
}

function blocked(hostname: string, address: string): BlockedAddressError {
  const what = hostname === address ? address : `${hostname} (${address})`;
  return new BlockedAddressError(
    `refused to connect to ${what}: a ${rangeOf(address)} address, and the feed's configured URL names a public host ` +
      '(set fetch.allowPrivateAddresses: true to allow it)',
  );
}

/** Throws a BlockedAddressError when `url`'s host is an IP literal the classifier refuses. */
export function checkLiteral(url: string, isPrivate: AddressClassifier): void {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (ipaddr.isValid(host) && isPrivate(host, host)) throw blocked(host, host);
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for net.connect that resolves with `base` and fails when any address found
 * is refused by the classifier (all of them are checked: happy eyeballs may try any).
 */
export function guardedLookup(
  isPrivate: AddressClassifier,
  base: LookupFunction = dnsLookup as LookupFunction,
): LookupFunction {
  return ((hostname: string, options: LookupOneOptions | LookupAllOptions, callback: LookupCallback) => {
    base(hostname, options, ((
      err: NodeJS.ErrnoException | null,
      address: string | LookupAddress[],
      family?: number,
    ) => {
      if (err) return callback(err, address, family);
      const list = Array.isArray(address) ? address : [{ address, family: family ?? 4 }];
      const refused = list.find((a) => isPrivate(a.address, hostname));
      if (refused) return callback(blocked(hostname, refused.address), address, family);
      callback(null, address, family);
    }) as LookupCallback);
  }) as LookupFunction;
}

export const defaultClassifier: AddressClassifier = (address) => isPrivateAddress(address);
