import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashKey } from '../auth/api-keys.ts';
import { answersParam, type IdempotencyClaim, idempotencyClaim, serializedResponse } from './idempotency.ts';

describe('idempotencyClaim', () => {
  it("is the SHA-256 (hex) of the body's JSON, as keys stored before were hashed", () => {
    const body = { payment_id: 'pay_1', amount: 100, reason: 'other', note: 'Café ☕' };
    const claim = idempotencyClaim('refunds:key_1', 'k-1', body);
    expect(claim).toEqual({
      scope: 'refunds:key_1',
      key: 'k-1',
      hash: 'be10aa88fe58a2c74230f6300aeef3854a96e9bc6abaf76f4ef9d1a5baed2783',
    });
    expect(claim.hash).toBe(createHash('sha256').update(JSON.stringify(body)).digest('hex'));
    // No body: the hash of `null`.
    expect(idempotencyClaim('s', 'k', undefined).hash).toBe(
      '74234e98afe7498fb5daf1f36ac2d78acc339464f950703b8c019892f982b90b',
    );
  });

  it('API keys are looked up by the SHA-256 (hex) of the secret, as they were stored', () => {
    expect(hashKey(`rfk_${'a'.repeat(32)}`)).toBe(
      '0fcf11ffdb527e1da8c593ee672f91d6dbd26c09fbe64a8324411dec5e35d7a9',
    );
  });
});

describe('answersParam', () => {
  const claim = (key: string): IdempotencyClaim => ({ scope: 'refunds:key_"1"', key, hash: 'ab'.repeat(32) });

  it('writes what JSON.stringify writes of the rows, each body spliced from its one serialization', () => {
    const responses = [
      {
        claim: claim('k-1'),
        response: serializedResponse({
          status: 201,
          body: { id: 'rf_1', note: 'a "b" \\ é\u2028 ☕', metadata: { x: '1' }, n: null },
        }),
      },
      {
        claim: claim('clé\u0000\n'),
        response: serializedResponse({
          status: 422,
          body: { error: { code: 'policy_violation', violations: [{ amount: 5 }] } },
        }),
      },
      { claim: claim('k-3'), response: serializedResponse({ status: 201, body: undefined }) },
      { claim: claim('k-4'), response: serializedResponse({ status: 400, body: 'text' }) },
    ];
    const asBefore = JSON.stringify(
      responses.map(({ claim: c, response: r }) => ({
        scope: c.scope,
        key: c.key,
        hash: c.hash,
        status: r.status,
        body: r.body,
      })),
    );
    expect(answersParam(responses)).toBe(asBefore);
    expect(JSON.parse(answersParam(responses))).toEqual(JSON.parse(asBefore));
    expect(answersParam([])).toBe('[]');
  });

  it('stores the very bytes that are sent', () => {
    const response = serializedResponse({ status: 201, body: { id: 'rf_1', amount: 100 } });
    expect(response.json).toBe('{"id":"rf_1","amount":100}');
    expect(answersParam([{ claim: claim('k'), response }])).toContain(`"body":${response.json}}`);
  });
});
