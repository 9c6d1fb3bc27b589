import type { Command } from './main.ts';

export const sandboxCommand: Command = {
  summary: 'Run the Stripe-compatible refunds sandbox.',
  usage: 'refundry sandbox [--host 127.0.0.1] [--port 12111]',
  async run() {
    console.error('refundry sandbox: not built yet');
    return 1;
  },
};
