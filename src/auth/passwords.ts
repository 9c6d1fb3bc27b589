// Password hashing with scrypt (memory-hard, in Node's crypto: no dependency). The stored string
// carries its parameters and salt — `$scrypt$ln=15,r=8,p=3$<salt>$<key>` (PHC style, base64 without
// padding) — so the parameters can be raised later and old hashes still verify (and are upgraded at
// the next login, see needsRehash). Comparison is constant-time.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { randomToken } from '../shared/ids.ts';

export interface ScryptParams {
  /** log2 of the CPU/memory cost N. */
  ln: number;
  /** Block size. */
  r: number;
  /** Parallelisation. */
  p: number;
}

/**
 * OWASP's scrypt setting N=2^15, r=8, p=3: 32 MiB of memory per hash, ~0.2 s on one core. Memory
 * stays modest so that a burst of logins on the libuv pool (4 threads) cannot exhaust the host.
 */
export const DEFAULT_SCRYPT: ScryptParams = { ln: 15, r: 8, p: 3 };

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
// Upper bounds for parameters read back from the database: a tampered row must not make one
// verification allocate gigabytes.
const MAX = { ln: 20, r: 16, p: 16 };

function derive(password: string, salt: Buffer, params: ScryptParams, length = KEY_LENGTH): Promise<Buffer> {
  const N = 2 ** params.ln;
  return new Promise((resolve, reject) =>
    scrypt(
      password.normalize('NFC'),
      salt,
      length,
      { N, r: params.r, p: params.p, maxmem: 256 * N * params.r + 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(key)),
    ),
  );
}

const b64 = (b: Buffer) => b.toString('base64').replace(/=+$/, '');

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, params);
  return `$scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${b64(salt)}$${b64(key)}`;
}

interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

export function parseHash(stored: string): ParsedHash | undefined {
  const m = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(
    stored,
  );
  if (!m) return undefined;
  const params = { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  if (
    params.ln < 1 ||
    params.ln > MAX.ln ||
    params.r < 1 ||
    params.r > MAX.r ||
    params.p < 1 ||
    params.p > MAX.p
  )
    return undefined;
  const salt = Buffer.from(m[4]!, 'base64');
  const key = Buffer.from(m[5]!, 'base64');
  if (salt.length < 8 || key.length < 16 || key.length > 64) return undefined;
  return { params, salt, key };
}

/** True when the password matches; a malformed stored hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.params, parsed.key.length);
  return timingSafeEqual(key, parsed.key);
}

/** True when the hash was made with weaker parameters than `current` (upgrade it at login). */
export function needsRehash(stored: string, current: ScryptParams = DEFAULT_SCRYPT): boolean {
  const parsed = parseHash(stored);
  if (!parsed) return true;
  const cost = (q: ScryptParams) => 2 ** q.ln * q.r * q.p;
  return cost(parsed.params) < cost(current) || parsed.params.ln < current.ln;
}

const dummies = new Map<string, Promise<string>>();

/**
 * Spends the same time as checking a real password, for logins naming no account (or a disabled
 * one), so the response time does not tell an attacker which addresses have accounts.
 */
export async function verifyDummy(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<false> {
  const key = `${params.ln},${params.r},${params.p}`;
  let dummy = dummies.get(key);
  if (!dummy) {
    dummy = hashPassword(randomToken(24), params);
    dummies.set(key, dummy);
  }
  await verifyPassword(password, await dummy);
  return false;
}

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

/** A problem with a chosen password, in plain words, or undefined when it is acceptable. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters`;
  return undefined;
}

/** A random password for new accounts and resets: 20 base62 characters (~119 bits). */
export function generatePassword(): string {
  return randomToken(20);
}
