import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import { shapeProblems } from '../support/stripe-shapes.ts';

// Malformed input of every kind at the two write endpoints through raw HTTP: always a
// Stripe-shaped 4xx, never a 500, and nothing written.
let t: TestSandbox;
let chargeId: string;
let piId: string;

beforeAll(async () => {
  t = await startTestSandbox();
  const ch = await t.stripe.charges.create({ amount: 100, currency: 'usd', source: 'tok_visa' });
  chargeId = ch.id;
  // Fully refund it so no random request can legally create a refund on it.
  await t.stripe.refunds.create({ charge: ch.id });
  const pi = await t.stripe.paymentIntents.create({
    amount: 100,
    currency: 'usd',
    payment_method: 'pm_card_visa',
    confirm: true,
  });
  piId = pi.id;
  await t.stripe.refunds.create({ payment_intent: pi.id });
});
afterAll(() => t.close());

function counts() {
  const s = t.sandbox.store;
  return {
    refunds: s.refunds.size,
    charges: s.charges.size,
    intents: s.paymentIntents.size,
    events: s.events.all.size,
  };
}

const weirdString = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom(
    '',
    '-1',
    '0',
    '1e3',
    '99999999999999999999999',
    '12.5',
    'NaN',
    'null',
    'true',
    '__proto__',
    'ch_nope',
    'tok_nope',
    'pm_nope',
    'usd',
    'USD',
    'xx',
  ),
);
const keyName = fc.oneof(
  fc.constantFrom(
    'amount',
    'currency',
    'charge',
    'payment_intent',
    'reason',
    'metadata',
    'expand',
    'customer',
    'origin',
    'payment_method',
    'confirm',
    'instructions_email',
    'automatic_payment_methods',
    'payment_method_types',
    'reverse_transfer',
    'constructor',
    '__proto__',
  ),
  fc.string({ minLength: 1, maxLength: 12 }),
);
const bracketSuffix = fc.constantFrom(
  '',
  '[]',
  '[0]',
  '[a]',
  '[a][b][c][d][e][f][g]',
  '[',
  ']',
  '[[x]]',
  '[0][1]',
  '[200]',
  '[]]',
);
const pair = fc.tuple(keyName, bracketSuffix, weirdString);

/** A body that never creates anything: every random form is aimed at already refunded payments. */
const formBody = fc
  .array(pair, { maxLength: 12 })
  .map((pairs) =>
    pairs.map(([k, s, v]) => `${encodeURIComponent(k)}${s}=${encodeURIComponent(v)}`).join('&'),
  );

type Body = { contentType: string; body: string };
const body: fc.Arbitrary<Body> = fc.oneof(
  formBody.map((b) => ({ contentType: 'application/x-www-form-urlencoded', body: b })),
  fc.jsonValue().map((v) => ({ contentType: 'application/json', body: JSON.stringify(v) })),
  fc.string().map((s) => ({ contentType: 'text/plain', body: s })),
  fc.integer({ min: 6, max: 40 }).map((d) => ({
    contentType: 'application/x-www-form-urlencoded',
    body: `metadata${'[a]'.repeat(d)}=1`,
  })),
  fc.constant({ contentType: 'application/x-www-form-urlencoded', body: `amount=${'9'.repeat(400)}` }),
  fc.constant({
    contentType: 'application/x-www-form-urlencoded',
    body: Array.from({ length: 1500 }, (_, i) => `p${i}=1`).join('&'),
  }),
  fc.constant({
    contentType: 'application/x-www-form-urlencoded',
    body: `metadata[k]=${'x'.repeat(1_100_000)}`,
  }),
  fc.constant({ contentType: 'application/x-www-form-urlencoded', body: '%%%&&&==[[[' }),
);

async function send(path: string, b: Body) {
  const res = await fetch(`${t.url}${path}`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk_test_prop', 'content-type': b.contentType },
    body: b.body,
  });
  return { status: res.status, json: (await res.json()) as unknown };
}

describe('malformed input', () => {
  for (const [path, label, fixed] of [
    ['/v1/refunds', 'refunded charge', () => `charge=${chargeId}`],
    ['/v1/refunds', 'refunded payment intent', () => `payment_intent=${piId}`],
    ['/v1/payment_intents', 'negative amount', () => 'amount=-5&currency=usd'],
  ] as const) {
    it(`${path} (${label}): always a Stripe-shaped 4xx, never a 500, nothing written`, async () => {
      const before = counts();
      await fc.assert(
        fc.asyncProperty(body, fc.boolean(), async (b, withTarget) => {
          // Half the time anchor the body on a fully refunded payment / an invalid amount, so the
          // request can get past parameter checks and still must not write.
          const anchored =
            withTarget && b.contentType.startsWith('application/x-www')
              ? { ...b, body: `${b.body}&${fixed()}` }
              : b;
          const { status, json } = await send(path, anchored);
          if (status === 200) {
            // Only possible for a body that happened to be a complete valid request: not expected.
            throw new Error(`unexpected success for ${anchored.body.slice(0, 200)}`);
          }
          expect(status, anchored.body.slice(0, 200)).toBeGreaterThanOrEqual(400);
          expect(status, anchored.body.slice(0, 200)).toBeLessThan(500);
          expect(shapeProblems('error', json)).toEqual([]);
          expect(typeof (json as { error: { code?: string } }).error.code).toBe('string');
        }),
        { numRuns: 150, seed: 4242 },
      );
      expect(counts()).toEqual(before);
    });
  }
});
