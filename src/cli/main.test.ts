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
});
