import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';

describe('refundry keys', () => {
  const dir = mkdtempSync(join(tmpdir(), 'refundry-keys-'));
  const saved = { ...process.env };
  process.env.REFUNDRY_DATA_DIR = join(dir, 'data');
  delete process.env.DATABASE_URL;
  afterAll(() => {
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates (printing the key once), lists without the key, revokes; bad flags are usage errors', async () => {
    const created = await runCli([
      'keys',
      'create',
      '--name',
      'backend',
      '--scope',
      'refunds:write',
      '--scope',
      'refunds:read',
    ]);
    expect(created.code).toBe(0);
    const key = /rfk_[0-9A-Za-z]{32}/.exec(created.out)![0];
    const id = /key_[0-9A-Za-z]+/.exec(created.out)![0];
    const listed = await runCli(['keys', 'list']);
    expect(listed.out).toContain(id);
    expect(listed.out).toContain('refunds:write,refunds:read');
    expect(listed.out).not.toContain(key);
    expect(listed.out).toContain('active');
    expect((await runCli(['keys', 'revoke', id])).code).toBe(0);
    expect((await runCli(['keys', 'list'])).out).toContain('revoked');
    expect((await runCli(['keys', 'revoke', 'key_nope'])).code).toBe(1);
    expect((await runCli(['keys', 'create', '--name', 'x', '--scope', 'everything'])).code).toBe(2);
    expect((await runCli(['keys', 'create', '--scope', 'admin'])).code).toBe(2);
  });
});
