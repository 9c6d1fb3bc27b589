import { demoCredentials } from '../demo/demo-credentials.ts';
import { seedDemo } from '../demo/seed-demo.ts';
import { runService, untilSignal } from '../service/run-service.ts';
import { createLogger } from '../shared/logger.ts';
import { loadCliConfig } from './cli-config.ts';
import { type Command, parseFlags, UsageError } from './command.ts';
import { refuseWhileServing } from './running-service.ts';

export const demoCommand: Command = {
  summary: 'Run the service with the in-process sandbox, seeded with demo payments.',
  usage: [
    'refundry demo [--port 3000] [--settle-delay-ms 2000]',
    '  Everything is kept in REFUNDRY_DATA_DIR (default ./.refundry): stop and start it again and',
    '  the payments, refunds, the sandbox and the printed login and API key are the same.',
    '  --settle-delay-ms   real delay before asynchronous test refunds settle (default 2000)',
  ].join('\n'),
  async run(argv) {
    const { values } = parseFlags({
      args: argv,
      options: { port: { type: 'string' }, 'settle-delay-ms': { type: 'string' } },
    });
    const settle = values['settle-delay-ms'];
    if (settle !== undefined && (!/^\d+$/.test(settle) || Number(settle) > 86_400_000)) {
      throw new UsageError('--settle-delay-ms must be an integer from 0 to 86400000.');
    }
    const config = loadCliConfig({
      ...process.env,
      // The demo always uses the sandbox, never a real Stripe account.
      STRIPE_SECRET_KEY: undefined,
      ...(values.port !== undefined ? { PORT: values.port } : {}),
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      // A laptop demo delivers merchant webhooks to local receivers (http://localhost:…).
      WEBHOOK_ALLOW_PRIVATE: process.env.WEBHOOK_ALLOW_PRIVATE ?? 'true',
    });
    refuseWhileServing(
      config,
      (api) =>
        `it is already running (dashboard ${api.replace(/api\/v1$/, '')}): stop it before starting another`,
    );
    const logger = createLogger({ level: config.logLevel });
    const service = await runService(
      config,
      'all',
      logger,
      settle !== undefined ? { sandboxSettleDelayMs: Number(settle) } : {},
    );
    // Side by side: seeding is requests to the sandbox and the database, on this thread; the login
    // mostly waits for scrypt (hashing or checking the demo admin's password), on libuv's.
    const [payments, login] = await Promise.all([
      seedDemo(service.db, service.stripe, { sandboxUrl: service.sandboxUrl }),
      demoCredentials(service.db, config.dataDir),
    ]);
    const kept = `kept in ${login.path}`;
    console.log(`Refundry demo
  Dashboard: ${service.dashboardUrl}
  Login:     ${
    login.password
      ? `${login.email} / ${login.password}   (admin; ${kept})`
      : `${login.email}   (admin; its password was changed since the demo set it)`
  }
  API:       ${service.apiUrl}
  Sandbox:   ${service.sandboxUrl}
  API key:   ${login.apiKey}   (admin; ${kept})
  Emails:    ${config.notifications.mail.kind === 'dir' ? `written to ${config.notifications.mail.dir} (.eml files)` : `sent through ${config.notifications.mail.host}:${config.notifications.mail.port}`}
  Data:      ${config.dataDir}${config.databaseUrl ? ' (the sandbox, this login) and PostgreSQL (DATABASE_URL)' : ''}; kept across restarts
  Payments:  ${payments.map((p) => `${p.id} (${p.orderId})`).join(', ')}
Try: curl -H 'Authorization: Bearer ${login.apiKey}' ${service.apiUrl}/payments/${payments[0]!.id}`);
    await untilSignal(service.stop, logger);
    return 0;
  },
};
