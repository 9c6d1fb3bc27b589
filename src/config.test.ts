import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('applies defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.host).toBe('127.0.0.1');
    expect(c.dataDir).toBe('./.refundry');
    expect(c.policy).toEqual({ refundWindowDays: 90, approvalThreshold: 50_000 });
    expect(c.stripeSecretKey).toBeUndefined();
    expect(c.databaseUrl).toBeUndefined();
  });

  it('reads values', () => {
    const c = loadConfig({ PORT: '8080', REFUND_WINDOW_DAYS: '30', DATABASE_URL: 'postgres://x/y' });
    expect(c.port).toBe(8080);
    expect(c.policy.refundWindowDays).toBe(30);
    expect(c.databaseUrl).toBe('postgres://x/y');
  });

  it('names every bad variable', () => {
    expect(() => loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', APPROVAL_THRESHOLD: '0' })).toThrow(
      ConfigError,
    );
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', APPROVAL_THRESHOLD: '0' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('PORT');
      expect(message).toContain('DATABASE_URL');
      expect(message).toContain('APPROVAL_THRESHOLD');
    }
  });
});
