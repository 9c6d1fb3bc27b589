import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCRYPT,
  generatePassword,
  hashPassword,
  needsRehash,
  parseHash,
  passwordProblem,
  verifyDummy,
  verifyPassword,
} from './passwords.ts';

const FAST = { ln: 10, r: 8, p: 1 };

describe('password hashing', () => {
  it('stores scrypt with its parameters and salt, never the password; verifies only the right one', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^\$scrypt\$ln=15,r=8,p=3\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(stored).not.toContain('correct horse');
    expect(parseHash(stored)!.params).toEqual(DEFAULT_SCRYPT);
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery staplE', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts: the same password hashes differently each time', async () => {
    const a = await hashPassword('same password here', FAST);
    const b = await hashPassword('same password here', FAST);
    expect(a).not.toBe(b);
    expect(await verifyPassword('same password here', a)).toBe(true);
    expect(await verifyPassword('same password here', b)).toBe(true);
  });

  it('normalises Unicode, so the same word typed differently still matches', async () => {
    const stored = await hashPassword('caf\u00e9 au lait please', FAST);
    expect(await verifyPassword('cafe\u0301 au lait please', stored)).toBe(true);
  });

  it('verifies hashes made with other parameters (they travel in the string) and flags weaker ones', async () => {
    const weak = await hashPassword('upgrade me later', FAST);
    expect(await verifyPassword('upgrade me later', weak)).toBe(true);
    expect(needsRehash(weak)).toBe(true);
    expect(needsRehash(await hashPassword('x', DEFAULT_SCRYPT))).toBe(false);
    expect(needsRehash('plain text')).toBe(true);
  });

  it('refuses malformed or absurd stored hashes instead of computing them', async () => {
    const good = await hashPassword('p', FAST);
    for (const bad of [
      'p',
      '',
      good.replace('ln=10', 'ln=30'), // 2^30 would allocate gigabytes
      good.replace('$scrypt$', '$argon2id$'),
      good.replace(/\$[^$]+$/, '$AAAA'),
    ]) {
      expect(await verifyPassword('p', bad)).toBe(false);
    }
  });

  it('the dummy check takes about as long as a real one and never matches', async () => {
    const stored = await hashPassword('real password!', FAST);
    await verifyDummy('warm up', FAST);
    const time = async (fn: () => Promise<unknown>) => {
      const start = performance.now();
      for (let i = 0; i < 5; i++) await fn();
      return performance.now() - start;
    };
    const real = await time(() => verifyPassword('wrong password', stored));
    const dummy = await time(() => verifyDummy('wrong password', FAST));
    expect(await verifyDummy('real password!', FAST)).toBe(false);
    expect(dummy / real).toBeGreaterThan(0.2);
    expect(dummy / real).toBeLessThan(5);
  });

  it('password rules and generated passwords', () => {
    expect(passwordProblem('short')).toContain('at least 12');
    expect(passwordProblem('x'.repeat(257))).toContain('at most 256');
    expect(passwordProblem('twelve chars')).toBeUndefined();
    const g = generatePassword();
    expect(g).toMatch(/^[0-9A-Za-z]{20}$/);
    expect(passwordProblem(g)).toBeUndefined();
    expect(generatePassword()).not.toBe(g);
  });
});
