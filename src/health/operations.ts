// Liveness, readiness and the Prometheus scrape (health.ts, service/app.ts), declared for the
// OpenAPI document.
import { z } from 'zod';
import { operations } from '../http/operation.ts';

export const healthOperations = operations([
  {
    method: 'get',
    path: '/healthz',
    operationId: 'liveness',
    tag: 'Health',
    summary: 'Liveness',
    access: { kind: 'public' },
    responses: {
      200: { description: 'The process answers.', schema: z.strictObject({ status: z.literal('ok') }) },
    },
  },
  {
    method: 'get',
    path: '/readyz',
    operationId: 'readiness',
    tag: 'Health',
    summary: 'Readiness (database, migrations, Stripe credentials)',
    access: { kind: 'public' },
    responses: {
      200: { description: 'Ready.', schema: z.strictObject({ status: z.literal('ok') }) },
      503: {
        description: 'Not ready: which checks failed (details are in the log).',
        schema: z.strictObject({
          status: z.literal('unavailable'),
          failed: z.array(
            z.strictObject({ check: z.enum(['database', 'migrations', 'stripe']), message: z.string() }),
          ),
        }),
      },
    },
  },
  {
    method: 'get',
    path: '/metrics',
    operationId: 'metrics',
    tag: 'Health',
    summary: 'Prometheus metrics',
    description: 'Served when metrics are on (the default for `refundry serve`).',
    access: { kind: 'public' },
    responses: { 200: { description: 'The text exposition format.', mediaType: 'text/plain' } },
  },
]);
