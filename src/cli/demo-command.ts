import { parseArgs } from 'node:util';
import { createApiKey } from '../auth/api-keys.ts';
import { generatePassword } from '../auth/passwords.ts';
import { createUser, findUserByEmail, setPassword, updateUser } from '../auth/users.ts';
import type { Db } from '../db/db.ts';
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
      // A laptop demo delivers merchant webhooks to local receivers (http://localhost:…).
      WEBHOOK_ALLOW_PRIVATE: process.env.WEBHOOK_ALLOW_PRIVATE ?? 'true',
    });
    const logger = createLogger({ level: config.logLevel });
    const service = await runService(config, 'all', logger);
    const payments = await seedDemo(service.db, service.stripe);
    const { key } = await createApiKey(service.db, { name: 'demo admin', scopes: ['admin'] });
    const login = await demoAdmin(service.db);
    console.log(`Refundry demo
  Dashboard: ${service.dashboardUrl}
  Login:     ${login.email} / ${login.password}   (admin; shown once)
  API:       ${service.apiUrl}
  Sandbox:   ${service.sandboxUrl}
  API key:   ${key}   (admin; shown once)
  Emails:    ${config.notifications.mail.kind === 'dir' ? `written to ${config.notifications.mail.dir} (.eml files)` : `sent through ${config.notifications.mail.host}:${config.notifications.mail.port}`}
  Payments:  ${payments.map((p) => `${p.id} (${p.orderId})`).join(', ')}
Try: curl -H 'Authorization: Bearer ${key}' ${service.apiUrl}/payments/${payments[0]!.id}`);
    await untilSignal(service.stop, logger);
    return 0;
  },
};

export const DEMO_ADMIN_EMAIL = 'admin@refundry.example';

/** The demo's admin login: created on first run; later runs (same data) get a fresh password. */
async function demoAdmin(db: Db): Promise<{ email: string; password: string }> {
  const password = generatePassword();
  const existing = await findUserByEmail(db, DEMO_ADMIN_EMAIL);
  if (existing) {
    await db.transaction(async (tx) => {
      await updateUser(tx, existing.id, { role: 'admin', disabled: false });
      await setPassword(tx, existing.id, password);
    });
  } else {
    await createUser(db, { email: DEMO_ADMIN_EMAIL, name: 'Demo admin', role: 'admin', password });
  }
  return { email: DEMO_ADMIN_EMAIL, password };
}
