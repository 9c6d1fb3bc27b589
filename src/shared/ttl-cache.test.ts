import { describe, expect, it } from 'vitest';
import { ttlCache } from './ttl-cache.ts';

describe('ttlCache', () => {
  it('serves a value for ttlMs, then loads it again', async () => {
    let t = 0;
    let loads = 0;
    const cache = ttlCache<number>(1_000, () => t);
    const owner = {};
    const load = async () => ++loads;
    expect(await cache.get(owner, 'k', load)).toBe(1);
    t = 999;
    expect(await cache.get(owner, 'k', load)).toBe(1);
    t = 1_000;
    expect(await cache.get(owner, 'k', load)).toBe(2);
  });

  it('shares one load between concurrent misses, keeps owners apart, forgets on invalidate', async () => {
    let loads = 0;
    const cache = ttlCache<number>(60_000);
    const a = {};
    const b = {};
    const load = async () => ++loads;
    const [x, y] = await Promise.all([cache.get(a, 'k', load), cache.get(a, 'k', load)]);
    expect([x, y, loads]).toEqual([1, 1, 1]);
    expect(await cache.get(b, 'k', load)).toBe(2);
    cache.invalidate();
    expect(await cache.get(a, 'k', load)).toBe(3);
    cache.invalidateKey(a, 'k');
    expect(await cache.get(a, 'k', load)).toBe(4);
  });

  it('does not keep a failed load', async () => {
    const cache = ttlCache<number>(60_000);
    const owner = {};
    await expect(cache.get(owner, 'k', async () => Promise.reject(new Error('down')))).rejects.toThrow(
      'down',
    );
    expect(await cache.get(owner, 'k', async () => 7)).toBe(7);
  });
});
