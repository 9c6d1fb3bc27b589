import { describe, expect, it } from 'vitest';
import { createTokenBucket } from './token-bucket.ts';

describe('createTokenBucket', () => {
  it('allows a burst of `rate` then refills at `rate` per second', () => {
    let t = 0;
    const bucket = createTokenBucket(25, { now: () => t });
    let allowed = 0;
    for (let i = 0; i < 100; i++) if (bucket.take()) allowed++;
    expect(allowed).toBe(25);
    t += 200; // 0.2 s → 5 tokens
    allowed = 0;
    for (let i = 0; i < 100; i++) if (bucket.take()) allowed++;
    expect(allowed).toBe(5);
  });

  it('never holds more than the burst', () => {
    let t = 0;
    const bucket = createTokenBucket(10, { burst: 3, now: () => t });
    t += 60_000;
    let allowed = 0;
    for (let i = 0; i < 10; i++) if (bucket.take()) allowed++;
    expect(allowed).toBe(3);
  });
});
