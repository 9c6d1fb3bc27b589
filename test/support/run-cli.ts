// Runs a `refundry …` command in this process and captures what it printed (console.log and
// console.error, in order), so CLI tests can assert on the exit code and the output together.
import { vi } from 'vitest';
import { main } from '../../src/cli/main.ts';

export async function runCli(argv: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((m) => void out.push(String(m)));
  const err = vi.spyOn(console, 'error').mockImplementation((m) => void out.push(String(m)));
  try {
    return { code: await main(argv), out: out.join('\n') };
  } finally {
    log.mockRestore();
    err.mockRestore();
  }
}
