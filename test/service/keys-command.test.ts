import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';

describe('refundry keys', () => {
  const dir = mkdtempSync(join(tmpdir(), 'refundry-keys-'));
  const saved = { ...process.env };
  process.env.REFUNDRY_DATA_DIR = join(dir, 'data');
  delete process.env.DATABASE_URL;
  afterAll(() => {
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  const run = async (argv: string[]) => {
    const out: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((m) => void out.push(String(m)));
    const err = vi.spyOn(console, 'error').mockImplementation((m) => void out.push(String(m)));
    try {
      return { code: await main(argv), out: out.join('\n') };
    } finally {
      log.mockRestore();
      err.mockRestore();
    }
  };

  it('creates (printing the key once), lists without the key, revokes; bad flags are usage errors', async () => {
    const created = await run([
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
    const listed = await run(['keys', 'list']);
    expect(listed.out).toContain(id);
    expect(listed.out).toContain('refunds:write,refunds:read');
    expect(listed.out).not.toContain(key);
    expect(listed.out).toContain('active');
    expect((await run(['keys', 'revoke', id])).code).toBe(0);
    expect((await run(['keys', 'list'])).out).toContain('revoked');
    expect((await run(['keys', 'revoke', 'key_nope'])).code).toBe(1);
    expect((await run(['keys', 'create', '--name', 'x', '--scope', 'everything'])).code).toBe(2);
    expect((await run(['keys', 'create', '--scope', 'admin'])).code).toBe(2);
  });
});
