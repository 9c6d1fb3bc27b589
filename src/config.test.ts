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

  it('reads and checks the Stripe sync settings (webhooks, poller, backfill)', () => {
    const c = loadConfig({ POLL_AFTER_S: '120', BACKFILL_INTERVAL_S: '0' });
    expect(c.stripeSync).toMatchObject({
      webhookToleranceSeconds: 300,
      pollAfterSeconds: 120,
      backfillIntervalSeconds: 0,
      backfillLookbackSeconds: 86_400,
    });
    expect(() => loadConfig({ POLL_AFTER_S: '0', BACKFILL_LOOKBACK_S: String(31 * 86_400) })).toThrow(
      /POLL_AFTER_S must be at least 1[\s\S]*BACKFILL_LOOKBACK_S must be at most 30 days/,
    );
  });
});
