// Where merchant webhooks may go. Refundry posts to URLs an admin typed in; without this check an
// endpoint could point at the machine itself, the private network or a cloud metadata service,
// and the delivery errors would map which internal ports are open. So a webhook goes only to a
// public address: its host must be, and resolve to, global unicast — checked when the endpoint is
// registered and again at each delivery, on the very addresses the connection then uses (the
// sender's DNS lookup goes through `guardedLookup`), so a name that changes its answer between
// the check and the connection (DNS rebinding) gains nothing. WEBHOOK_ALLOW_PRIVATE=true lifts the
// rule for development (the demo and tests that deliver to loopback receivers).
//
// Address classes come from ipaddr.js, which parses every IPv4 spelling (decimal, octal, hex,
// short forms) and unwraps IPv4-mapped IPv6; only its `unicast` class (global) is public.
import { promises as dns, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** `public`, or ipaddr.js's name of the range (loopback, private, linkLocal, uniqueLocal, …). */
export function addressClass(address: string): string {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.process(bare.replace(/%.*$/, '')); // IPv4-mapped IPv6 becomes IPv4; zone ids dropped
  } catch {
    return 'invalid';
  }
  const range = parsed.range();
  if (range === 'unicast') return 'public';
  // IPv6 forms that carry an IPv4 address: judge the address inside.
  if (parsed.kind() === 'ipv6') {
    const parts = (parsed as ipaddr.IPv6).parts;
    if (range === 'rfc6052' || range === 'rfc6145') {
      return embedded(parts[6]!, parts[7]!);
    }
    if (range === '6to4') return embedded(parts[1]!, parts[2]!);
  }
  return range;
}

function embedded(high: number, low: number): string {
  const v4 = new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  return v4.range() === 'unicast' ? 'public' : v4.range();
}

export const isPublicAddress = (address: string) => addressClass(address) === 'public';

export type Resolve = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

export const systemResolve: Resolve = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

export interface TargetPolicy {
  /** WEBHOOK_ALLOW_PRIVATE: any address (development only). */
  allowPrivate: boolean;
  /** DNS lookup; the system resolver unless a test supplies one. */
  resolve?: Resolve | undefined;
}

export type TargetCheck =
  | { ok: true }
  | { ok: false; reason: string; code: 'address_not_allowed' | 'invalid_url' };

/** The URL's host with IPv6 brackets removed ('[::1]' → '::1'). */
export function hostOf(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

/**
 * Whether a webhook may be registered at `raw`: https (http only with WEBHOOK_ALLOW_PRIVATE), no
 * credentials, and a host that is, and resolves only to, public addresses. A name that does not
 * resolve yet is accepted (DNS may be set up later); each delivery checks again.
 */
export async function checkWebhookUrl(raw: string, policy: TargetPolicy): Promise<TargetCheck> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, code: 'invalid_url', reason: 'must be an absolute https:// URL' };
  }
  if (url.username || url.password) {
    return { ok: false, code: 'invalid_url', reason: 'must not contain a user name or password' };
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowPrivate)) {
    return { ok: false, code: 'invalid_url', reason: 'must be an https:// URL' };
  }
  if (policy.allowPrivate) return { ok: true };
  const host = hostOf(url);
  if (isIP(host)) {
    const kind = addressClass(host);
    return kind === 'public'
      ? { ok: true }
      : { ok: false, code: 'address_not_allowed', reason: `must not point at a ${describe(kind)} address` };
  }
  let addresses: Array<{ address: string }>;
  try {
    addresses = await (policy.resolve ?? systemResolve)(host);
  } catch {
    return { ok: true };
  }
  const refused = addresses.map((a) => addressClass(a.address)).find((k) => k !== 'public');
  return refused === undefined
    ? { ok: true }
    : {
        ok: false,
        code: 'address_not_allowed',
        reason: `must not resolve to a ${describe(refused)} address`,
      };
}

/** Words for an address class in an error message. */
function describe(kind: string): string {
  const words: Record<string, string> = {
    loopback: 'loopback',
    private: 'private network',
    linkLocal: 'link-local (or cloud metadata)',
    uniqueLocal: 'unique-local',
    unspecified: 'unspecified',
    carrierGradeNat: 'shared (carrier-grade NAT)',
    multicast: 'multicast',
    broadcast: 'broadcast',
  };
  return words[kind] ?? `non-public (${kind})`;
}

/** Thrown by guardedLookup; the sender reports it as `address_not_allowed`. */
export class AddressNotAllowedError extends Error {
  readonly code = 'ERR_ADDRESS_NOT_ALLOWED';
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for http(s).request / net.connect that resolves the host and hands the socket only
 * addresses that passed the check — the connection cannot reach anything else, whatever DNS says
 * a moment later.
 */
export function guardedLookup(policy: TargetPolicy) {
  const resolve = policy.resolve ?? systemResolve;
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    resolve(hostname).then(
      (found) => {
        const wanted = options.family === 4 || options.family === 6 ? options.family : undefined;
        const usable = found.filter((a) => wanted === undefined || a.family === wanted);
        const allowed = policy.allowPrivate ? usable : usable.filter((a) => isPublicAddress(a.address));
        if (allowed.length === 0) {
          const err =
            usable.length > 0
              ? new AddressNotAllowedError(`${hostname} resolves to a non-public address`)
              : Object.assign(new Error(`${hostname} did not resolve`), { code: 'ENOTFOUND' });
          callback(err as NodeJS.ErrnoException, options.all ? [] : '', 0);
          return;
        }
        if (options.all) callback(null, allowed as LookupAddress[]);
        else callback(null, allowed[0]!.address, allowed[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, options.all ? [] : '', 0),
    );
  };
}
