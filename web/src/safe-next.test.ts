import { describe, expect, it } from 'vitest';
import { sameOriginPath } from './safe-next.ts';

const ORIGIN = 'https://refunds.shop.example';

describe('sameOriginPath', () => {
  it('follows paths of this dashboard, with their query and hash', () => {
    expect(sameOriginPath('/refunds', ORIGIN)).toBe('/refunds');
    expect(sameOriginPath('/refunds/rf_1?tab=history#top', ORIGIN)).toBe('/refunds/rf_1?tab=history#top');
    expect(sameOriginPath('/a/../payments', ORIGIN)).toBe('/payments');
  });

  it('ignores anything that leaves the origin or is not a path', () => {
    for (const next of [
      '/\\evil.example',
      '/\\/evil.example',
      '//evil.example',
      '//evil.example/refunds',
      '/\t/evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      'refunds',
      '',
      null,
      undefined,
    ]) {
      expect(sameOriginPath(next, ORIGIN), String(next)).toBeUndefined();
    }
  });
});
