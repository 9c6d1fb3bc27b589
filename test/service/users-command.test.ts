// `refundry users …` against an embedded database, and `refundry demo` printing a login that works.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { verifyPassword } from '../../src/auth/passwords.ts';
import { openDb } from '../../src/db/db.ts';
import { createPostgresDatabase } from '../support/databases.ts';
import { runCli } from '../support/run-cli.ts';

// PostgreSQL when the run has one (opening it is much cheaper than an on-disk PGlite for each
// command); the keys command's test covers the CLI on PGlite.
const databaseEnv = async (dir: string) =>
  inject('postgresUrl')
    ? { DATABASE_URL: await createPostgresDatabase(), REFUNDRY_DATA_DIR: join(dir, 'data') }
    : { DATABASE_URL: '', REFUNDRY_DATA_DIR: join(dir, 'data') };

describe('refundry users', { timeout: 60_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'refundry-users-'));
  const saved = { ...process.env };
  beforeAll(async () => {
    Object.assign(process.env, await databaseEnv(dir));
    delete process.env.REFUNDRY_PASSWORD;
  });
  afterAll(() => {
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  const storedHash = async (email: string) => {
    const db = await openDb({
      databaseUrl: process.env.DATABASE_URL || undefined,
      dataDir: process.env.REFUNDRY_DATA_DIR,
    });
    try {
      const [row] = await db.query<{ password_hash: string }>(
        'SELECT password_hash FROM users WHERE lower(email) = lower($1)',
        [email],
      );
      return row?.password_hash;
    } finally {
      await db.close();
    }
  };

  it('creates an admin with a generated password printed once; the hash is stored, never the password', async () => {
    const created = await runCli([
      'users',
      'create',
      '--email',
      'Ops@Example.com',
      '--role',
      'admin',
      '--name',
      'Ops',
    ]);
    expect(created.code).toBe(0);
    expect(created.out).toMatch(/Created usr_[0-9A-Za-z]+ Ops@Example\.com \(admin\)/);
    const password = /Password \(shown only this once\): ([0-9A-Za-z]{20})/.exec(created.out)![1]!;
    const hash = (await storedHash('ops@example.com'))!;
    expect(hash).toMatch(/^\$scrypt\$ln=15,r=8,p=3\$/);
    expect(hash).not.toContain(password);
    expect(await verifyPassword(password, hash)).toBe(true);

    const listed = await runCli(['users', 'list']);
    expect(listed.out).toContain('Ops@Example.com\tOps\tadmin\tactive\tlast login never');
    expect(listed.out).not.toContain(password);
    // The same address in another case is taken.
    const dup = await runCli(['users', 'create', '--email', 'ops@example.com', '--role', 'viewer']);
    expect(dup.code).toBe(1);
    expect(dup.out).toContain('exists');
  });

  it('takes the password from REFUNDRY_PASSWORD, and refuses a short one', async () => {
    process.env.REFUNDRY_PASSWORD = 'an agreed long password';
    try {
      const created = await runCli(['users', 'create', '--email', 'agent@example.com', '--role', 'agent']);
      expect(created.code).toBe(0);
      expect(created.out).not.toContain('Password');
      expect(await verifyPassword('an agreed long password', (await storedHash('agent@example.com'))!)).toBe(
        true,
      );
      process.env.REFUNDRY_PASSWORD = 'short';
      const short = await runCli(['users', 'create', '--email', 'short@example.com', '--role', 'agent']);
      expect(short.code).toBe(1);
      expect(short.out).toContain('at least 12 characters');
    } finally {
      delete process.env.REFUNDRY_PASSWORD;
    }
  });

  it('set-password, set-role, disable and enable by email; the last admin cannot be disabled', async () => {
    const reset = await runCli(['users', 'set-password', 'AGENT@example.com']);
    expect(reset.code).toBe(0);
    const password = /: ([0-9A-Za-z]{20})$/m.exec(reset.out)![1]!;
    expect(await verifyPassword(password, (await storedHash('agent@example.com'))!)).toBe(true);
    expect((await runCli(['users', 'set-role', 'agent@example.com', '--role', 'approver'])).code).toBe(0);
    expect((await runCli(['users', 'disable', 'agent@example.com'])).code).toBe(0);
    const listed = (await runCli(['users', 'list'])).out;
    expect(listed).toContain('agent@example.com\t\tapprover\tdisabled');
    expect((await runCli(['users', 'enable', 'agent@example.com'])).code).toBe(0);
    expect((await runCli(['users', 'list'])).out).toContain('approver\tactive');
    const last = await runCli(['users', 'disable', 'ops@example.com']);
    expect(last.code).toBe(1);
    expect(last.out).toContain('only enabled admin');
  });

  it('reads the password from standard input with --password-stdin', async () => {
    const child = spawn(
      process.execPath,
      [
        'bin/refundry.js',
        'users',
        'create',
        '--email',
        'piped@example.com',
        '--role',
        'viewer',
        '--password-stdin',
      ],
      { env: { ...process.env, LOG_LEVEL: 'silent' }, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (d) => {
      out += String(d);
    });
    child.stdin.end('a password from a pipe\n');
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    expect(out).toContain('Created');
    expect(out).not.toContain('Password');
    expect(await verifyPassword('a password from a pipe', (await storedHash('piped@example.com'))!)).toBe(
      true,
    );
  });

  it('usage errors: unknown role, missing flags, unknown user', async () => {
    expect((await runCli(['users', 'create', '--email', 'x@example.com', '--role', 'root'])).code).toBe(2);
    expect((await runCli(['users', 'create', '--role', 'admin'])).code).toBe(2);
    expect((await runCli(['users', 'disable'])).code).toBe(2);
    expect((await runCli(['users', 'frobnicate'])).code).toBe(2);
    expect((await runCli(['users', 'disable', 'nobody@example.com'])).code).toBe(1);
  });
});

describe('refundry demo', { timeout: 60_000 }, () => {
  it('prints the dashboard URL and an admin login that signs in', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'refundry-demo-'));
    const child = spawn(process.execPath, ['bin/refundry.js', 'demo', '--port', '0'], {
      env: { ...process.env, ...(await databaseEnv(dir)), LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`demo did not start:\n${out}`)), 50_000);
        child.stdout.on('data', (d) => {
          out += String(d);
          if (out.includes('Payments:')) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.on('exit', (code) => reject(new Error(`demo exited ${code}:\n${out}`)));
      });
      const dashboard = /Dashboard: (http:\/\/\S+\/)\n/.exec(out)![1]!;
      const [, email, password] = /Login: +(\S+) \/ (\S+)/.exec(out)!;
      const login = await fetch(`${dashboard}auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      expect(login.status).toBe(200);
      expect((await login.json()).user.role).toBe('admin');
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const users = await fetch(`${dashboard}api/v1/users`, { headers: { cookie } });
      expect(users.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
