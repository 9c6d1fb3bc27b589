// The security documentation stays in step with the code: SECURITY.md exists, the README links it,
// it covers each actor, the throttles and the outbound rule; every environment variable is in the
// configuration table.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../../src/config.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

describe('security documentation', () => {
  it('SECURITY.md names the actors, what is stored, the throttles, outbound rules and how to report; the README links it', () => {
    const security = read('SECURITY.md');
    for (const needle of [
      '`payments:read`',
      '`payments:write`',
      '`refunds:read`',
      '`refunds:write`',
      '`refunds:approve`',
      '`admin`',
      'staff (dashboard)',
      'customer',
      'Stripe',
      'merchant webhook endpoints',
      'scrypt',
      'SHA-256',
      '0700',
      '0600',
      'LOGIN_MAX_FAILURES',
      'LOGIN_MAX_FAILURES_PER_CLIENT',
      'TRUST_PROXY',
      'WEBHOOK_ALLOW_PRIVATE',
      'address_not_allowed',
      '## Reporting a problem',
    ]) {
      expect(security, needle).toContain(needle);
    }
    expect(read('README.md')).toContain('[SECURITY.md](SECURITY.md)');
  });

  it('docs/configuration.md has a row for every environment variable, and no row for one loadConfig does not know', () => {
    const table = read('docs/configuration.md');
    const missing = CONFIG_VARIABLES.filter((name) => !table.includes(`\`${name}\``));
    expect(missing).toEqual([]);
    // The first cell of each table row names one or more variables (`A`, `B`).
    const rows = table.split('\n').filter((line) => /^\|\s*`[A-Z]/.test(line));
    const named = rows.flatMap((line) =>
      [...line.split('|')[1]!.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1]!),
    );
    expect(named.length).toBeGreaterThanOrEqual(CONFIG_VARIABLES.length);
    expect(named.filter((name) => !CONFIG_VARIABLES.includes(name))).toEqual([]);
  });
});
