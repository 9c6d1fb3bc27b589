import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError } from './http-error.ts';
import {
  dateTime,
  findUnsafeInput,
  idempotencyKeyHeader,
  longText,
  metadata,
  minorAmount,
  parse,
  queryInt,
  text,
  unsafeText,
} from './validate.ts';

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    const e = error as ApiError;
    return { status: e.status, code: e.code, param: e.param, message: e.message };
  }
  throw new Error('expected a refusal');
};

describe('unsafe text', () => {
  it('finds NUL bytes and lone surrogates, in values and in keys, at any depth', () => {
    expect(unsafeText('fine ✓ 😀')).toBeUndefined();
    expect(unsafeText('a\u0000b')).toMatch(/NUL/);
    expect(unsafeText('\ud800')).toMatch(/surrogate/);
    expect(unsafeText('\udfffx')).toMatch(/surrogate/);
    expect(findUnsafeInput({ a: [{ b: 'ok' }, { c: 'x\u0000' }] })).toEqual({
      path: 'a.1.c',
      message: 'must not contain a NUL byte',
    });
    expect(findUnsafeInput({ meta: { '\ud800': 'v' } })?.path).toBe('meta.key');
    expect(findUnsafeInput(Buffer.from([0]))).toBeUndefined();
  });

  it('reports what it always reported: the same finding as a walk keeping whole paths, on random inputs', () => {
    // The walk as it was written before (each value carrying its whole path): same order, same finding.
    const reference = (value: unknown) => {
      const stack: Array<{ value: unknown; path: string[] }> = [{ value, path: [] }];
      while (stack.length > 0) {
        const item = stack.pop()!;
        const v = item.value;
        if (typeof v === 'string') {
          const reason = unsafeText(v);
          if (reason) return { path: item.path.join('.'), message: reason };
          continue;
        }
        if (typeof v !== 'object' || v === null || Buffer.isBuffer(v)) continue;
        if (item.path.length >= 32)
          return { path: item.path.join('.'), message: 'nests deeper than 32 levels' };
        for (const [key, child] of Object.entries(v)) {
          const reason = unsafeText(key);
          if (reason) return { path: [...item.path, 'key'].join('.'), message: `a field name ${reason}` };
          stack.push({ value: child, path: [...item.path, key] });
        }
      }
      return undefined;
    };
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const texts = ['ok', 'a\u0000b', '\ud800', 'é ✓', '', '1'];
    const make = (depth: number): unknown => {
      const r = random();
      if (depth > 36 || r < 0.3) return random() < 0.5 ? texts[Math.floor(random() * texts.length)] : 42;
      if (r < 0.5) return Array.from({ length: Math.floor(random() * 4) }, () => make(depth + 1));
      if (r < 0.55 && depth < 3) {
        // Nesting about as deep as allowed: refused or not by a level or two.
        let deep = make(40);
        for (let k = 30 + Math.floor(random() * 5); k > 0; k--) deep = [deep];
        return deep;
      }
      const o: Record<string, unknown> = {};
      for (let i = Math.floor(random() * 4); i > 0; i--)
        o[texts[Math.floor(random() * texts.length)]!] = make(depth + 1);
      return o;
    };
    let found = 0;
    for (let i = 0; i < 3_000; i++) {
      const input = make(0);
      const expected = reference(input);
      if (expected) found++;
      expect(findUnsafeInput(input)).toEqual(expected);
    }
    // Both outcomes were tried, many times.
    expect(found).toBeGreaterThan(300);
    expect(found).toBeLessThan(2_700);
  });

  it('refuses nesting deeper than any request needs, without recursion', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findUnsafeInput(deep)?.message).toMatch(/deeper than 32/);
  });
});

describe('parse', () => {
  const schema = z.strictObject({
    name: text(10),
    meta: metadata.optional(),
    amount: minorAmount.optional(),
  });

  it('names the field at fault in param: nested paths, unknown fields, the source itself', () => {
    expect(refusal(() => parse(schema, { name: 'a', meta: { k: 1 } }, 'body'))).toMatchObject({
      status: 400,
      code: 'invalid_request',
      param: 'meta.k',
    });
    expect(refusal(() => parse(schema, { name: 'a', extra: 1 }, 'body'))).toMatchObject({
      param: 'extra',
      message: 'extra: is not a known field',
    });
    expect(refusal(() => parse(schema, 'text', 'body')).param).toBe('body');
    expect(refusal(() => parse(schema, { name: 'a\u0000' }, 'body'))).toMatchObject({
      param: 'name',
      message: 'name: must not contain a NUL byte',
    });
    expect(parse(schema, { name: '  padded  ' }, 'body')).toEqual({ name: 'padded' });
  });

  it('numbers JSON cannot carry exactly are refused: 1e309 (Infinity), -0, fractions, beyond 2^53', () => {
    for (const amount of [Number.POSITIVE_INFINITY, -0, 0, 1.5, 2 ** 53 + 2, Number.NaN]) {
      expect(refusal(() => parse(schema, { name: 'a', amount }, 'body')).param).toBe('amount');
    }
  });

  it('text is one line without control characters; long text may span lines', () => {
    expect(text().safeParse('a\nb').success).toBe(false);
    expect(text().safeParse('a\u0007b').success).toBe(false);
    expect(longText().safeParse('line one\r\nline two\ttabbed').success).toBe(true);
    expect(longText().safeParse('bell\u0007').success).toBe(false);
  });

  it('dates are ISO 8601 with an offset, between 1970 and 9999', () => {
    expect(dateTime.safeParse('2026-05-20T12:00:00Z').success).toBe(true);
    expect(dateTime.safeParse('2026-05-20T12:00:00+02:00').success).toBe(true);
    for (const bad of [
      '0000-01-01T00:00:00Z',
      '1969-12-31T23:59:59Z',
      '10000-01-01T00:00:00Z',
      '2026-05-20',
      'yesterday',
    ]) {
      expect(dateTime.safeParse(bad).success, bad).toBe(false);
    }
  });

  it('query integers are plain digits: no 1e3, 0x10, -0, spaces or empty', () => {
    const n = queryInt(1, 100);
    expect(n.parse('42')).toBe(42);
    for (const bad of ['1e3', '0x10', '-0', ' 5', '', '101', '0', '1.0', '9'.repeat(40)]) {
      expect(n.safeParse(bad).success, bad).toBe(false);
    }
  });

  it('Idempotency-Key: printable, 1–255 characters, sent once', () => {
    expect(idempotencyKeyHeader({})).toBeUndefined();
    expect(idempotencyKeyHeader({ 'idempotency-key': 'k-1' })).toBe('k-1');
    for (const bad of ['', 'a b', 'é', 'x'.repeat(256)]) {
      expect(refusal(() => idempotencyKeyHeader({ 'idempotency-key': bad })).param).toBe('Idempotency-Key');
    }
    expect(refusal(() => idempotencyKeyHeader({ 'idempotency-key': ['a', 'b'] })).param).toBe(
      'Idempotency-Key',
    );
  });
});
