// Sign-in through HTTP: cookie attributes, /auth/me, logout, CSRF, idle and absolute expiry (with
// an injected clock), and what is stored. Both engines. Throttling failed sign-ins: login-throttle.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../src/auth/users.ts';
import { setPassword, updateUser } from '../../src/auth/users.ts';
import type { Db } from '../../src/db/db.ts';
import { createTestDb, engines } from '../support/databases.ts';
import { asBrowser, authApp, FAST_SCRYPT, makeUser, PASSWORD, signIn, type TestApp } from './helpers.ts';

const MINUTE = 60_000;

describe.each(engines())('sessions on %s', (engine) => {
  let db: Db;
  let t: TestApp;
  let agent: User;

  beforeAll(async () => {
    db = await createTestDb(engine);
    t = await authApp(db, { auth: { sessionIdleMinutes: 30, sessionAbsoluteHours: 8 } });
    agent = await makeUser(db, 'agent', `Agent.${engine}@Example.com`);
  });
  afterAll(async () => {
    await t?.app.close();
    await db?.close();
  });

  it('login sets an HttpOnly, SameSite=Strict, Path=/ cookie (not Secure over http) and returns me', async () => {
    const b = await signIn(t.app, `agent.${engine}@example.com`); // any case
    const cookie = b.login.cookies.find((c) => c.name === 'refundry_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie.secure).toBeFalsy();
    expect(cookie.value).toMatch(/^[0-9A-Za-z]{43}$/);
    expect(new Date(cookie.expires!).getTime()).toBe(t.clock.now.getTime() + 8 * 3_600_000);
    const body = b.login.json();
    expect(body.user).toEqual({ id: agent.id, email: agent.email, name: 'agent person', role: 'agent' });
    expect(body.scopes).toEqual(['payments:read', 'refunds:read', 'refunds:write']);
    expect(body.csrf_token).toMatch(/^[0-9A-Za-z]{32}$/);
    const me = await asBrowser(t.app, b, 'GET', '/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { id: agent.id }, csrf_token: b.csrf });
    expect(me.headers['cache-control']).toBe('no-store');
    // Only the token's SHA-256 is stored.
    const rows = await db.query<{ token_hash: string }>('SELECT token_hash FROM sessions');
    expect(rows.some((r) => r.token_hash === cookie.value)).toBe(false);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
  });

  it('the cookie is Secure when PUBLIC_URL is https', async () => {
    const secure = await authApp(db, { auth: { publicUrl: 'https://refunds.example.com' } });
    try {
      const b = await signIn(secure.app, agent.email);
      expect(b.login.cookies.find((c) => c.name === 'refundry_session')!.secure).toBe(true);
    } finally {
      await secure.app.close();
    }
  });

  it('wrong password and unknown email get the same 401, and set no cookie', async () => {
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: agent.email, password: 'not the password' },
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: `nobody.${engine}@example.com`, password: 'not the password' },
    });
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401);
      expect(res.json().error).toEqual({
        code: 'invalid_credentials',
        message: 'The email or password is wrong.',
        param: 'email',
      });
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    const bad = await t.app.inject({ method: 'POST', url: '/auth/login', payload: { email: agent.email } });
    expect(bad.statusCode).toBe(400);
  });

  it('the session cookie works on /api/v1 reads; the CSRF token is needed on writes', async () => {
    const b = await signIn(t.app, agent.email);
    expect((await asBrowser(t.app, b, 'GET', '/api/v1/refunds')).statusCode).toBe(200);
    const body = { payment_id: 'pay_missing', reason: 'duplicate' };
    const missing = await t.app.inject({
      method: 'POST',
      url: '/api/v1/refunds',
      headers: { cookie: b.cookie },
      payload: body,
    });
    expect(missing.statusCode).toBe(403);
    expect(missing.json().error.code).toBe('csrf_token_missing');
    const wrong = await asBrowser(t.app, b, 'POST', '/api/v1/refunds', body, {
      'x-csrf-token': 'x'.repeat(32),
    });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().error.code).toBe('csrf_token_invalid');
    // Another session's token is wrong for this one.
    const other = await signIn(t.app, agent.email);
    const crossed = await asBrowser(t.app, b, 'POST', '/api/v1/refunds', body, {
      'x-csrf-token': other.csrf,
    });
    expect(crossed.json().error.code).toBe('csrf_token_invalid');
    // With the right token the request reaches the route (the payment does not exist: 404).
    const right = await asBrowser(t.app, b, 'POST', '/api/v1/refunds', body);
    expect(right.statusCode).toBe(404);
    expect(right.json().error.param).toBe('payment_id');
    // A foreign Origin is refused even with the token; this service's own origin passes.
    const foreign = await asBrowser(t.app, b, 'POST', '/api/v1/refunds', body, {
      origin: 'https://evil.example',
    });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().error.code).toBe('cross_origin');
    const referer = await asBrowser(t.app, b, 'POST', '/api/v1/refunds', body, {
      referer: 'https://evil.example/page',
    });
    expect(referer.json().error.code).toBe('cross_origin');
    const own = await asBrowser(t.app, b, 'POST', '/api/v1/refunds', body, {
      origin: 'http://localhost',
      host: 'localhost:80',
    });
    expect(own.statusCode).toBe(404);
    // Logout needs the token too.
    const logoutNoToken = await t.app.inject({
      method: 'POST',
      url: '/auth/logout',
      headers: { cookie: b.cookie },
    });
    expect(logoutNoToken.statusCode).toBe(403);
  });

  it('a login from another site is refused', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/auth/login',
      headers: { origin: 'https://evil.example' },
      payload: { email: agent.email, password: PASSWORD },
    });
    expect(res.statusCode).toBe(403);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('API-key requests need no CSRF token', async () => {
    const { createApiKey } = await import('../../src/auth/api-keys.ts');
    const { key } = await createApiKey(db, { name: 'k', scopes: ['refunds:write'] });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/refunds',
      headers: { authorization: `Bearer ${key}` },
      payload: { payment_id: 'pay_missing', reason: 'duplicate' },
    });
    expect(res.statusCode).toBe(404);
  });

  it('logout ends the session and clears the cookie', async () => {
    const b = await signIn(t.app, agent.email);
    const out = await asBrowser(t.app, b, 'POST', '/auth/logout');
    expect(out.statusCode).toBe(204);
    const cleared = out.cookies.find((c) => c.name === 'refundry_session')!;
    expect(cleared.value).toBe('');
    expect(new Date(cleared.expires!).getTime()).toBeLessThan(Date.now());
    expect((await asBrowser(t.app, b, 'GET', '/auth/me')).statusCode).toBe(401);
    const api = await asBrowser(t.app, b, 'GET', '/api/v1/refunds');
    expect(api.statusCode).toBe(401);
    expect(api.json().error.code).toBe('unauthenticated');
  });

  it('idle expiry: activity keeps the session alive; 30 idle minutes end it', async () => {
    const b = await signIn(t.app, agent.email);
    t.advance(29 * MINUTE);
    expect((await asBrowser(t.app, b, 'GET', '/auth/me')).statusCode).toBe(200);
    t.advance(29 * MINUTE); // 58 minutes after login, 29 after the last request
    expect((await asBrowser(t.app, b, 'GET', '/api/v1/refunds')).statusCode).toBe(200);
    t.advance(30 * MINUTE);
    const res = await asBrowser(t.app, b, 'GET', '/api/v1/refunds');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.message).toContain('session has ended');
    expect((await asBrowser(t.app, b, 'GET', '/auth/me')).statusCode).toBe(401);
  });

  it('absolute expiry: 8 hours after login even when active', async () => {
    const b = await signIn(t.app, agent.email);
    for (let i = 0; i < 16; i++) {
      t.advance(29 * MINUTE);
      expect((await asBrowser(t.app, b, 'GET', '/auth/me')).statusCode).toBe(200);
    } // 7 h 44 min
    t.advance(16 * MINUTE);
    expect((await asBrowser(t.app, b, 'GET', '/auth/me')).statusCode).toBe(401);
  });

  it('disabling a user or resetting the password ends their sessions', async () => {
    const viewer = await makeUser(db, 'viewer');
    const b1 = await signIn(t.app, viewer.email);
    await db.transaction((tx) => setPassword(tx, viewer.id, 'another long password', FAST_SCRYPT));
    expect((await asBrowser(t.app, b1, 'GET', '/auth/me')).statusCode).toBe(401);
    const b2 = await signIn(t.app, viewer.email, 'another long password');
    await db.transaction((tx) => updateUser(tx, viewer.id, { disabled: true }));
    expect((await asBrowser(t.app, b2, 'GET', '/auth/me')).statusCode).toBe(401);
    const again = await t.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email: viewer.email, password: 'another long password' },
    });
    expect(again.statusCode).toBe(401);
    expect(again.json().error.code).toBe('invalid_credentials');
  });

  it('a role change applies to live sessions at once', async () => {
    const person = await makeUser(db, 'viewer');
    const b = await signIn(t.app, person.email);
    expect((await asBrowser(t.app, b, 'GET', '/api/v1/users')).statusCode).toBe(403);
    await db.transaction((tx) => updateUser(tx, person.id, { role: 'admin' }));
    expect((await asBrowser(t.app, b, 'GET', '/api/v1/users')).statusCode).toBe(200);
    expect((await asBrowser(t.app, b, 'GET', '/auth/me')).json().scopes).toEqual(['admin']);
  });
});
