import { randomBytes, randomFillSync } from 'node:crypto';
import { hostname } from 'node:os';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * Random bytes from the CSPRNG, drawn from a pool refilled 4 KB at a time (one call into the system
 * per ~80 ids instead of one per id), each byte handed out once. Tokens read the pool in place: an
 * accepted refund draws four (its id, its customer token, its notifications' ids), and a copy of the
 * bytes for each cost more than drawing them.
 */
const POOL_SIZE = 4096;
const pool = Buffer.alloc(POOL_SIZE);
let poolOffset = POOL_SIZE;

/** The next unused byte of the pool (refilled when all are used). */
function nextRandomByte(): number {
  if (poolOffset === POOL_SIZE) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  return pool[poolOffset++]!;
}

/** A random base62 string of the given length (≈5.95 bits per character, from the CSPRNG). */
export function randomToken(length: number): string {
  let out = '';
  while (out.length < length) {
    const b = nextRandomByte();
    if (b < 248) out += ALPHABET[b % 62]; // 248 = 4 × 62: no modulo bias
  }
  return out;
}

/** `prefix_` + 24 random base62 characters, like Stripe's ids (`re_…`) and Refundry's (`rf_…`). */
export function newId(prefix: string, length = 24): string {
  return `${prefix}_${randomToken(length)}`;
}

/**
 * A worker's name as lease owner (refund, notification and batch workers, the Stripe sync): the
 * host and process, so an operator can tell whose a lease is, and 6 random hex digits, so two
 * starts in one process never share leases.
 */
export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}
