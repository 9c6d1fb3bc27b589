import type { FastifyInstance } from 'fastify';
import { registerControl } from './control.ts';
import type { Sandbox } from './server.ts';

export function registerResources(app: FastifyInstance, sandbox: Sandbox): void {
  registerControl(app, sandbox);
}
