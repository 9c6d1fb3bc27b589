// Liveness, readiness and the Prometheus scrape (health.ts, service/app.ts), declared for the
// OpenAPI document.
import { z } from 'zod';
import { operations } from '../http/operation.ts';
import { anyone, get } from '../http/operation-kinds.ts';

/** The answer of a check that passes. */
const ok = z.strictObject({ status: z.literal('ok') });

export const healthOperations = operations('Health', [
  get({
    path: '/healthz',
    operationId: 'liveness',
    summary: 'Liveness',
    access: anyone,
    found: { description: 'The process answers.', schema: ok },
  }),
  {
    method: 'get',
    path: '/readyz',
    operationId: 'readiness',
    summary: 'Readiness (database, migrations, Stripe credentials)',
    access: anyone,
    responses: {
      200: { description: 'Ready.', schema: ok },
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
  get({
    path: '/metrics',
    operationId: 'metrics',
    summary: 'Prometheus metrics',
    description: 'Served when metrics are on (the default for `refundry serve`).',
    access: anyone,
    found: { description: 'The text exposition format.', mediaType: 'text/plain' },
  }),
]);
