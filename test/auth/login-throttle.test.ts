// Failed sign-ins slow the attacker, not the people they target: a (account, client) pair waits
// longer after each failure beyond the free ones, a client failing on many accounts is capped, and
// the account's owner at another address signs in meanwhile. Behind a proxy, TRUST_PROXY makes the
// client address the one in X-Forwarded-For (and only the named proxy may say so). Both engines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setPassword } from '../../src/auth/users.ts';
import type { Db } from '../../src/db/db.ts';
import { createTestDb, engines } from '../support/databases.ts';
import { authApp, FAST_SCRYPT, makeUser, PASSWORD, signIn, type TestApp } from './helpers.ts';

const SECOND = 1_000;
const MINUTE = 60_000;
const AUTH = { loginMaxFailures: 5, loginLockMinutes: 15, loginMaxFailuresPerClient: 30 };

describe.each(engines())('sign-in throttle on %s', (engine) => {
  let db: Db;
  let t: TestApp;
  let proxied: TestApp;

  beforeAll(async () => {
    db = await createTestDb(engine);
    t = await authApp(db, { auth: AUTH });
    // The same service behind a reverse proxy on 127.0.0.1.
    proxied = await authApp(db, { auth: AUTH, trustProxy: ['127.0.0.1'] });
  });
  afterAll(async () => {
    await t?.app.close();
    await proxied?.app.close();
    await db?.close();
  });

  const attempt = (email: string, password: string, ip: string, app = t) =>
    app.app.inject({ method: 'POST', url: '/auth/login', payload: { email, password }, remoteAddress: ip });
  const viaProxy = (email: string, password: string, forwardedFor: string, app = proxied) =>
    app.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email, password },
      remoteAddress: '127.0.0.1',
      headers: { 'x-forwarded-for': forwardedFor },
    });

  it('an attacker failing on the admin from one address does not keep the admin (another address) out', async () => {
    const admin = await makeUser(db, 'admin');
    let delayed = 0;
    for (let i = 0; i < 12; i++) {
      const res = await attempt(admin.email, `guess ${i}`, '10.6.6.6');
      if (res.statusCode === 429) delayed++;
      else expect(res.statusCode).toBe(401);
      t.advance(SECOND);
    }
    expect(delayed).toBeGreaterThan(0);
    // The attacker waits; the admin, at their own address, signs in at once.
    const ok = await attempt(admin.email, PASSWORD, '10.0.0.1');
    expect(ok.statusCode).toBe(200);
    // The admin sees that someone is being slowed on their account.
    const b = await signIn(t.app, admin.email).catch(() => undefined);
    expect(b).toBeDefined();
    const users = await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: { cookie: b!.cookie } });
    const me = users.json().data.find((u: { email: string }) => u.email === admin.email);
    expect(new Date(me.sign_in_delayed_until).getTime()).toBeGreaterThan(t.clock.now.getTime());
    // …and the attacker, with the right password now, still waits out its delay.
    expect((await attempt(admin.email, PASSWORD, '10.6.6.6')).statusCode).toBe(429);
  });

  it('a pair gets four free failures, then waits 30 s, 60 s, 120 s…; a success starts it again', async () => {
    const user = await makeUser(db, 'agent');
    const ip = '10.0.1.1';
    for (let i = 1; i <= 4; i++) expect((await attempt(user.email, `wrong ${i}`, ip)).statusCode).toBe(401);
    const waits: number[] = [];
    for (let i = 5; i <= 8; i++) {
      const res = await attempt(user.email, `wrong ${i}`, ip);
      expect(res.statusCode).toBe(429);
      expect(res.json().error).toMatchObject({ code: 'sign_in_delayed', param: 'email' });
      expect(Number(res.headers['retry-after'])).toBe(res.json().error.retry_after_seconds);
      waits.push(res.json().error.retry_after_seconds);
      // During the delay even the right password is refused, before it is checked.
      t.advance(waits.at(-1)! * SECOND - SECOND);
      const early = await attempt(user.email, PASSWORD, ip);
      expect(early.statusCode).toBe(429);
      expect(early.json().error.retry_after_seconds).toBe(1);
      t.advance(SECOND);
    }
    expect(waits).toEqual([30, 60, 120, 240]);
    expect((await attempt(user.email, PASSWORD, ip)).statusCode).toBe(200);
    for (let i = 1; i <= 4; i++) expect((await attempt(user.email, `again ${i}`, ip)).statusCode).toBe(401);
    expect((await attempt(user.email, PASSWORD, ip)).statusCode).toBe(200);
  });

  it('the delay stops growing at LOGIN_LOCK_MINUTES', async () => {
    const user = await makeUser(db, 'viewer');
    const ip = '10.0.1.2';
    let last = 0;
    for (let i = 1; i <= 12; i++) {
      const res = await attempt(user.email, `wrong ${i}`, ip);
      if (res.statusCode === 429) {
        last = res.json().error.retry_after_seconds;
        t.advance(last * SECOND);
      }
    }
    expect(last).toBe(15 * 60);
  });

  it('parallel guesses cannot slip through one gap: each attempt is counted before the password is checked', async () => {
    const user = await makeUser(db, 'viewer');
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => attempt(user.email, `parallel ${i}`, '10.0.1.3')),
    );
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 401)).toHaveLength(4);
    expect(codes.filter((c) => c === 429)).toHaveLength(6);
  });

  it('unknown addresses are slowed the same way, so a delay reveals nothing', async () => {
    for (let i = 1; i <= 4; i++) {
      expect((await attempt(`ghost.${engine}@example.com`, 'x', '10.0.1.4')).statusCode).toBe(401);
    }
    const fifth = await attempt(`GHOST.${engine}@example.com`, 'x', '10.0.1.4');
    expect(fifth.statusCode).toBe(429);
    expect(fifth.json().error.code).toBe('sign_in_delayed');
  });

  it('one client failing on many accounts hits the per-client cap (429), others still sign in', async () => {
    t.advance(60 * MINUTE);
    const user = await makeUser(db, 'viewer');
    for (let i = 1; i < 30; i++) {
      expect((await attempt(`spray${i}.${engine}@example.com`, 'x', '10.9.9.9')).statusCode).toBe(401);
    }
    const capped = await attempt(`spray30.${engine}@example.com`, 'x', '10.9.9.9');
    expect(capped.statusCode).toBe(429);
    expect(capped.json().error).toMatchObject({ code: 'too_many_attempts', retry_after_seconds: 900 });
    expect((await attempt(user.email, PASSWORD, '10.9.9.9')).statusCode).toBe(429);
    expect((await attempt(user.email, PASSWORD, '10.9.9.10')).statusCode).toBe(200);
    t.advance(15 * MINUTE);
    expect((await attempt(user.email, PASSWORD, '10.9.9.9')).statusCode).toBe(200);
  });

  it('a password reset lifts every delay on the account', async () => {
    const user = await makeUser(db, 'agent');
    for (let i = 0; i < 6; i++) await attempt(user.email, 'wrong', '10.0.3.1');
    expect((await attempt(user.email, PASSWORD, '10.0.3.1')).statusCode).toBe(429);
    await db.transaction((tx) => setPassword(tx, user.id, 'a brand new password', FAST_SCRYPT));
    expect((await attempt(user.email, 'a brand new password', '10.0.3.1')).statusCode).toBe(200);
  });

  it('TRUST_PROXY: behind a proxy each client is told apart by X-Forwarded-For', async () => {
    t.advance(60 * MINUTE);
    const admin = await makeUser(db, 'admin');
    for (let i = 0; i < 8; i++) await viaProxy(admin.email, `guess ${i}`, '203.0.113.9');
    expect((await viaProxy(admin.email, PASSWORD, '203.0.113.9')).statusCode).toBe(429);
    // The admin, another client behind the same proxy, is not slowed by the attacker.
    expect((await viaProxy(admin.email, PASSWORD, '198.51.100.7')).statusCode).toBe(200);
  });

  it('without TRUST_PROXY every client of the proxy is one address, and X-Forwarded-For cannot be forged', async () => {
    t.advance(60 * MINUTE);
    const admin = await makeUser(db, 'admin');
    // Not trusted: rotating forged X-Forwarded-For values does not give the attacker fresh pairs.
    for (let i = 0; i < 8; i++) await viaProxy(admin.email, `guess ${i}`, `203.0.113.${i}`, t);
    expect((await viaProxy(admin.email, PASSWORD, '198.51.100.7', t)).statusCode).toBe(429);
    // With TRUST_PROXY naming the proxy, a peer that is not the proxy cannot forge it either.
    for (let i = 0; i < 8; i++) {
      await proxied.app.inject({
        method: 'POST',
        url: '/auth/login',
        payload: { email: admin.email, password: `guess ${i}` },
        remoteAddress: '10.7.7.7',
        headers: { 'x-forwarded-for': `203.0.113.${50 + i}` },
      });
    }
    const forged = await proxied.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: admin.email, password: PASSWORD },
      remoteAddress: '10.7.7.7',
      headers: { 'x-forwarded-for': '198.51.100.99' },
    });
    expect(forged.statusCode).toBe(429);
  });
});
