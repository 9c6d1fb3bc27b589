// DNS for tests, so that checking a merchant's webhook host never asks a real resolver: names in
// the table resolve as it says (a function may change its answer between calls, as a rebinding
// attacker's DNS would); other names under .example resolve to one public address; the rest fail
// like an unknown name.
import type { Resolve } from '../../src/notifications/webhook-target.ts';

/** example.com's address: global unicast, never contacted (tests deliver only to loopback). */
export const PUBLIC_ADDRESS = '93.184.215.14';

export function fakeResolver(
  table: Record<string, string[] | (() => string[])> = {},
): Resolve & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (hostname: string) => {
    calls.push(hostname);
    const entry = table[hostname.toLowerCase()];
    const addresses =
      typeof entry === 'function'
        ? entry()
        : (entry ?? (hostname.endsWith('.example') ? [PUBLIC_ADDRESS] : undefined));
    if (!addresses)
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(resolve, { calls });
}
