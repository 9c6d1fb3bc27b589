import type { FastifyInstance } from 'fastify';
import { registerControl } from './control.ts';
import { registerEvents } from './events.ts';
import { registerPayments } from './payments.ts';
import { registerRefunds } from './refunds.ts';
import type { Sandbox } from './server.ts';

export function registerResources(app: FastifyInstance, sandbox: Sandbox): void {
  registerControl(app, sandbox);
  registerPayments(app, sandbox);
  registerRefunds(app, sandbox);
  registerEvents(app, sandbox);
}
