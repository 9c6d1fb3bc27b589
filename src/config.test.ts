import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('applies defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.host).toBe('127.0.0.1');
    expect(c.dataDir).toBe('./.refundry');
    expect(c.policy).toEqual({
      refundWindowDays: 14,
      approvalThreshold: 50_000,
      blockedReasons: [],
      connect: { reverseTransfer: false, refundApplicationFee: false, approveUncovered: true },
      // Four eyes, and fraud-flagged payments refused: the safe defaults.
      allowSelfApproval: false,
      fraudFlaggedRefunds: 'refuse',
    });
    expect(c.stripeConnectWebhookSecret).toBeUndefined();
    expect(c.metricsAccounts).toEqual([]);
    expect(c.stripeNotFoundTtlSeconds).toBe(60);
    expect(c.auth).toEqual({
      publicUrl: undefined,
      sessionIdleMinutes: 30,
      sessionAbsoluteHours: 12,
      loginMaxFailures: 5,
      loginLockMinutes: 15,
      loginMaxFailuresPerClient: 100,
    });
    expect(c.stripeSecretKey).toBeUndefined();
    expect(c.databaseUrl).toBeUndefined();
  });

  it('reads values', () => {
    const c = loadConfig({ PORT: '8080', REFUND_WINDOW_DAYS: '30', DATABASE_URL: 'postgres://x/y' });
    expect(c.port).toBe(8080);
    expect(c.policy.refundWindowDays).toBe(30);
    expect(c.databaseUrl).toBe('postgres://x/y');
  });

  it('reads the dashboard settings and refuses unknown blocked reasons', () => {
    const c = loadConfig({
      BLOCKED_REFUND_REASONS: 'other, duplicate',
      PUBLIC_URL: 'https://refunds.example.com',
    });
    expect(c.policy.blockedReasons).toEqual(['other', 'duplicate']);
    expect(c.auth.publicUrl).toBe('https://refunds.example.com');
    expect(() => loadConfig({ BLOCKED_REFUND_REASONS: 'because' })).toThrow(/BLOCKED_REFUND_REASONS/);
    expect(() => loadConfig({ PUBLIC_URL: 'refunds.example.com' })).toThrow(/PUBLIC_URL/);
  });

  it('reads the Connect settings: second webhook secret, platform defaults, metric accounts', () => {
    const c = loadConfig({
      STRIPE_CONNECT_WEBHOOK_SECRET: 'whsec_connect',
      CONNECT_REVERSE_TRANSFER: 'true',
      CONNECT_REFUND_APPLICATION_FEE: 'yes',
      CONNECT_APPROVE_UNCOVERED: 'false',
      METRICS_ACCOUNTS: 'acct_1, acct_2',
    });
    expect(c.stripeConnectWebhookSecret).toBe('whsec_connect');
    expect(c.policy.connect).toEqual({
      reverseTransfer: true,
      refundApplicationFee: true,
      approveUncovered: false,
    });
    expect(c.metricsAccounts).toEqual(['acct_1', 'acct_2']);
    expect(() => loadConfig({ STRIPE_CONNECT_WEBHOOK_SECRET: 'connect' })).toThrow(
      /STRIPE_CONNECT_WEBHOOK_SECRET/,
    );
    expect(() => loadConfig({ CONNECT_REVERSE_TRANSFER: 'maybe' })).toThrow(
      /CONNECT_REVERSE_TRANSFER must be true or false/,
    );
    expect(() => loadConfig({ METRICS_ACCOUNTS: 'shop_1' })).toThrow(/METRICS_ACCOUNTS/);
    const many = Array.from({ length: 51 }, (_, i) => `acct_${i}`).join(',');
    expect(() => loadConfig({ METRICS_ACCOUNTS: many })).toThrow(/at most 50/);
  });

  it('reads the four-eyes and fraud settings and the negative cache; refuses anything else', () => {
    const c = loadConfig({
      ALLOW_SELF_APPROVAL: 'true',
      FRAUD_FLAGGED_REFUNDS: 'with_approval',
      STRIPE_NOT_FOUND_TTL_S: '0',
    });
    expect(c.policy.allowSelfApproval).toBe(true);
    expect(c.policy.fraudFlaggedRefunds).toBe('with_approval');
    expect(c.stripeNotFoundTtlSeconds).toBe(0);
    expect(() => loadConfig({ ALLOW_SELF_APPROVAL: 'yes' })).toThrow(/ALLOW_SELF_APPROVAL/);
    expect(() => loadConfig({ FRAUD_FLAGGED_REFUNDS: 'allow' })).toThrow(/FRAUD_FLAGGED_REFUNDS/);
    expect(() => loadConfig({ STRIPE_NOT_FOUND_TTL_S: '86401' })).toThrow(/STRIPE_NOT_FOUND_TTL_S/);
  });

  it('reads TRUST_PROXY: off by default, true, a hop count, or proxy addresses and ranges', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1, 192.168.0.0/16,loopback,fd00::/8' }).trustProxy).toEqual([
      '10.0.0.1',
      '192.168.0.0/16',
      'loopback',
      'fd00::/8',
    ]);
    for (const bad of ['yes', '0', '10.0.0.0/33', 'proxy.example', '10.0.0.1,,10.0.0.2']) {
      expect(() => loadConfig({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY must be false, true/);
    }
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

  it('writes mail to a folder by default, and uses SMTP when host and port are set', () => {
    const c = loadConfig({ REFUNDRY_DATA_DIR: '/var/lib/refundry' });
    expect(c.notifications.mail).toEqual({
      kind: 'dir',
      dir: '/var/lib/refundry/mail',
      from: 'Refunds <refunds@localhost>',
    });
    expect(c.notifications.publicUrl).toBeUndefined();
    const smtp = loadConfig({
      SMTP_HOST: 'smtp.example.com',
      SMTP_PORT: '587',
      SMTP_USER: 'u',
      SMTP_PASSWORD: 'p',
      MAIL_FROM: 'Shop <refunds@shop.example>',
      PUBLIC_URL: 'https://refunds.shop.example/',
    });
    expect(smtp.notifications.mail).toEqual({
      kind: 'smtp',
      host: 'smtp.example.com',
      port: 587,
      user: 'u',
      password: 'p',
      from: 'Shop <refunds@shop.example>',
    });
    expect(smtp.notifications.publicUrl).toBe('https://refunds.shop.example');
  });

  it('refuses half an SMTP configuration and bad notification values', () => {
    expect(() => loadConfig({ SMTP_HOST: 'smtp.example.com' })).toThrow(/SMTP_HOST and SMTP_PORT/);
    expect(() => loadConfig({ SMTP_PORT: '25' })).toThrow(/SMTP_HOST and SMTP_PORT/);
    expect(() => loadConfig({ SMTP_HOST: 'h', SMTP_PORT: '70000' })).toThrow(/SMTP_PORT/);
    expect(() => loadConfig({ SMTP_HOST: 'h', SMTP_PORT: '25', SMTP_PASSWORD: 'x' })).toThrow(/SMTP_USER/);
    expect(() => loadConfig({ PUBLIC_URL: 'refunds.example.com' })).toThrow(/PUBLIC_URL/);
    expect(() => loadConfig({ NOTIFY_MAX_ATTEMPTS: '0' })).toThrow(/NOTIFY_MAX_ATTEMPTS/);
  });
});
