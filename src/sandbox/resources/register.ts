import type { FastifyInstance } from 'fastify';
import type { Sandbox } from '../context.ts';
import { registerAccounts } from './accounts.ts';
import { registerApplicationFees } from './application-fees.ts';
import { registerBalance } from './balance.ts';
import { registerControl } from './control.ts';
import { registerEvents } from './events.ts';
import { registerPayments } from './payments.ts';
import { registerRefunds } from './refunds.ts';
import { registerTransfers } from './transfers.ts';

export function registerResources(app: FastifyInstance, sandbox: Sandbox): void {
  registerControl(app, sandbox);
  registerAccounts(app, sandbox);
  registerPayments(app, sandbox);
  registerRefunds(app, sandbox);
  registerEvents(app, sandbox);
  registerApplicationFees(app, sandbox);
  registerTransfers(app, sandbox);
  registerBalance(app, sandbox);
}
