import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, REDACTED, redactText, redactUrl, redactValue } from './logger.ts';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'trace', destination: stream }) };
}

describe('log redaction', () => {
  it('scrubs secrets recognisable by shape from any string', () => {
    const hash = 'ab'.repeat(32);
    const text = redactText(
      `sk_live_abc123 rk_test_XYZ whsec_a1b2+c/3= rfk_Q1w2E3 $scrypt$ln=15,r=8,p=3$c2FsdA$a2V5 ${hash} ` +
        'Bearer abc.def Basic dXNlcjpw refundry_session=tok123; /r/AbCdEfGhIjKlMnOpQrStUvWxYz012345/status.json',
    );
    expect(text).toBe(
      `sk_live_${REDACTED} rk_test_${REDACTED} whsec_${REDACTED} rfk_${REDACTED} $scrypt$${REDACTED} ${REDACTED} ` +
        `Bearer ${REDACTED} Basic ${REDACTED} refundry_session=${REDACTED}; /r/${REDACTED}/status.json`,
    );
    // Ids and ordinary words stay.
    expect(redactText('rf_1a2b3c refund re_123 for pi_456 (ord_9)')).toBe(
      'rf_1a2b3c refund re_123 for pi_456 (ord_9)',
    );
  });

  it('passes short plain words through untouched, and still scrubs what is just past them', () => {
    for (const plain of ['req-1', 'info', '2026-12-02', 'abc.def', 'a'.repeat(63), 'f'.repeat(63)])
      expect(redactText(plain)).toBe(plain);
    // A 64-character digest is no longer "short": scrubbed as before.
    expect(redactText('ab'.repeat(32))).toBe(REDACTED);
    // Each shape needs a character the fast path does not take ('_', '$', '/', a space).
    expect(redactText('rfk_Q1w2E3')).toBe(`rfk_${REDACTED}`);
    expect(redactText('/r/AbCd')).toBe(`/r/${REDACTED}`);
    expect(redactText('Bearer x')).toBe(`Bearer ${REDACTED}`);
    expect(redactText('$scrypt$ln=1')).toBe(`$scrypt$${REDACTED}`);
  });

  it('redacts secret query values and the status-page token in URLs', () => {
    expect(redactUrl('/r/AbCdEfGhIjKlMnOpQrStUvWxYz012345')).toBe(`/r/${REDACTED}`);
    expect(redactUrl('/api/v1/refunds?q=ann@example.com&token=abc&api_key=k&limit=5')).toBe(
      `/api/v1/refunds?q=ann@example.com&token=${REDACTED}&api_key=${REDACTED}&limit=5`,
    );
  });

  it('redacts fields named for secrets at any depth, and survives cycles', () => {
    const value: Record<string, unknown> = {
      user: { email: 'a@example.com', passwordHash: 'x', password_hash: 'y' },
      headers: { Authorization: 'Bearer z', cookie: 'c', 'x-csrf-token': 't', accept: 'json' },
      refund: { id: 'rf_1', customer_token: 'tok' },
      list: [{ secret: 's' }],
    };
    value.self = value;
    expect(redactValue(value)).toEqual({
      user: { email: 'a@example.com', passwordHash: REDACTED, password_hash: REDACTED },
      headers: { Authorization: REDACTED, cookie: REDACTED, 'x-csrf-token': REDACTED, accept: 'json' },
      refund: { id: 'rf_1', customer_token: REDACTED },
      list: [{ secret: REDACTED }],
      self: '[circular]',
    });
  });

  it('errors keep message, code and stack but lose the query parameters', () => {
    const { lines, logger } = capture();
    const err = Object.assign(new Error('duplicate key value: whsec_abc'), {
      code: '23505',
      query: 'INSERT INTO webhook_endpoints VALUES ($1, $2)',
      params: ['we_1', 'whsec_abc'],
      detail: 'Key (key_hash)=(' + 'cd'.repeat(32) + ') already exists.',
    });
    logger.error({ err }, 'insert failed');
    logger.error(err);
    const [first, second] = lines;
    expect(first).toMatchObject({
      msg: 'insert failed',
      err: {
        type: 'Error',
        message: `duplicate key value: whsec_${REDACTED}`,
        code: '23505',
        query: 'INSERT INTO webhook_endpoints VALUES ($1, $2)',
        detail: `Key (key_hash)=(${REDACTED}) already exists.`,
      },
    });
    expect((first!.err as Record<string, unknown>).params).toBeUndefined();
    expect(String((first!.err as Record<string, unknown>).stack)).not.toContain('whsec_abc');
    expect(second).toMatchObject({ msg: `duplicate key value: whsec_${REDACTED}` });
    expect(JSON.stringify(lines)).not.toContain('whsec_abc');
  });

  it('messages, interpolation and child bindings are scrubbed too', () => {
    const { lines, logger } = capture();
    logger.child({ apiKey: 'rfk_abc', part: 'x' }).info('key %s for %s', 'rfk_abc', 'sk_test_123');
    expect(lines[0]).toMatchObject({
      apiKey: REDACTED,
      part: 'x',
      msg: `key rfk_${REDACTED} for sk_test_${REDACTED}`,
    });
  });

  it('a request is logged as method, URL without secrets, host and address: never its headers', () => {
    const { lines, logger } = capture();
    const req = {
      method: 'GET',
      url: '/r/AbCdEfGhIjKlMnOpQrStUvWxYz012345',
      ip: '10.0.0.1',
      host: 'refunds.example',
      headers: { cookie: 'refundry_session=abc' },
      socket: { remotePort: 4242 },
    };
    logger.info({ req }, 'incoming request');
    expect(lines[0]!.req).toEqual({
      method: 'GET',
      url: `/r/${REDACTED}`,
      host: 'refunds.example',
      remoteAddress: '10.0.0.1',
      remotePort: 4242,
    });
  });
});
