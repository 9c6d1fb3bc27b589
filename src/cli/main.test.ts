import { describe, expect, it, vi } from 'vitest';
import { helpText, main } from './main.ts';

describe('refundry CLI', () => {
  it('lists the sandbox command in its help', () => {
    expect(helpText()).toContain('sandbox');
  });

  it('exits 2 on an unknown command and names it', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(await main(['frobnicate'])).toBe(2);
    expect(error.mock.calls[0]?.[0]).toContain("unknown command 'frobnicate'");
    error.mockRestore();
  });

  // Every command reads its flags through parseFlags: an unknown flag is a usage error (exit 2,
  // the flag named, the command's usage shown), never a stack trace, and nothing is run.
  it.each(['sandbox', 'serve', 'migrate', 'keys', 'users', 'demo', 'reconcile', 'refunds', 'openapi'])(
    "'%s --bogus' exits 2 naming the flag",
    async (name) => {
      const error = vi.spyOn(console, 'error').mockImplementation(() => {});
      const log = vi.spyOn(console, 'log').mockImplementation(() => {});
      try {
        const args = ['keys', 'users', 'refunds'].includes(name)
          ? [name, 'list', '--bogus']
          : [name, '--bogus'];
        expect(await main(args)).toBe(2);
        expect(error).toHaveBeenCalledTimes(1);
        expect(error.mock.calls[0]?.[0]).toContain(`refundry ${name}: Unknown option '--bogus'`);
        expect(log).not.toHaveBeenCalled();
      } finally {
        error.mockRestore();
        log.mockRestore();
      }
    },
  );
});
