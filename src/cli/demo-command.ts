import { parseArgs } from 'node:util';
import { createApiKey } from '../auth/api-keys.ts';
import { seedDemo } from '../demo/seed-demo.ts';
import { runService, untilSignal } from '../service/run-service.ts';
import { createLogger } from '../shared/logger.ts';
import { loadCliConfig } from './cli-config.ts';
import type { Command } from './main.ts';

export const demoCommand: Command = {
  summary: 'Run the service with the in-process sandbox, seeded with demo payments.',
  usage: 'refundry demo [--port 3000]',
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: { port: { type: 'string' } } });
    const config = loadCliConfig({
      ...process.env,
      // The demo always uses the sandbox, never a real Stripe account.
      STRIPE_SECRET_KEY: undefined,
      ...(values.port !== undefined ? { PORT: values.port } : {}),
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    });
    const logger = createLogger({ level: config.logLevel });
    const service = await runService(config, 'all', logger);
    const payments = await seedDemo(service.db, service.stripe);
    const { key } = await createApiKey(service.db, { name: 'demo admin', scopes: ['admin'] });
    console.log(`Refundry demo
  Dashboard: ${service.dashboardUrl}
  API:      ${service.apiUrl}
  Sandbox:  ${service.sandboxUrl}
  API key:  ${key}   (admin; shown once)
  Payments: ${payments.map((p) => `${p.id} (${p.orderId})`).join(', ')}
Try: curl -H 'Authorization: Bearer ${key}' ${service.apiUrl}/payments/${payments[0]!.id}`);
    await untilSignal(service.stop, logger);
    return 0;
  },
};
