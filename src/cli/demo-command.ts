// The service's modules (run-service.ts and what it imports: the API, the Stripe SDK, the
// workers…) are loaded once the embedded data folder is taken and its database's opening begun,
// so the template's copy and PGlite's compilation run on other threads while they load.
import { beginEmbeddedStart } from '../db/db.ts';
import type { DemoCredentials } from '../demo/demo-credentials.ts';
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
    const embeddedStart = config.databaseUrl ? undefined : await beginEmbeddedStart(config.dataDir, logger);
    const [{ runService, untilSignal }, { seedDemo }, { demoCredentials }] = await Promise.all([
      import('../service/run-service.ts'),
      import('../demo/seed-demo.ts'),
      import('../demo/demo-credentials.ts'),
    ]);
    // The login is made or checked as soon as the database is open: its scrypt runs on libuv's
    // threads while the sandbox, the API and the workers start, and the demo payments are seeded.
    let login: Promise<DemoCredentials> | undefined;
    const service = await runService(config, 'all', logger, {
      ...(settle !== undefined ? { sandboxSettleDelayMs: Number(settle) } : {}),
      ...(embeddedStart ? { embeddedStart } : {}),
      onDatabaseOpen: (db) => {
        login = demoCredentials(db, config.dataDir);
        // Awaited below; if the service fails to start meanwhile, that failure is the one reported.
        login.catch(() => {});
      },
    });
    const [payments, credentials] = await Promise.all([
      seedDemo(service.db, service.stripe, { sandboxUrl: service.sandboxUrl }),
      login ?? demoCredentials(service.db, config.dataDir),
    ]);
    const kept = `kept in ${credentials.path}`;
    console.log(`Refundry demo
  Dashboard: ${service.dashboardUrl}
  Login:     ${
    credentials.password
      ? `${credentials.email} / ${credentials.password}   (admin; ${kept})`
      : `${credentials.email}   (admin; its password was changed since the demo set it)`
  }
  API:       ${service.apiUrl}
  Sandbox:   ${service.sandboxUrl}
  API key:   ${credentials.apiKey}   (admin; ${kept})
  Emails:    ${config.notifications.mail.kind === 'dir' ? `written to ${config.notifications.mail.dir} (.eml files)` : `sent through ${config.notifications.mail.host}:${config.notifications.mail.port}`}
  Data:      ${config.dataDir}${config.databaseUrl ? ' (the sandbox, this login) and PostgreSQL (DATABASE_URL)' : ''}; kept across restarts
  Payments:  ${payments.map((p) => `${p.id} (${p.orderId})`).join(', ')}
Try: curl -H 'Authorization: Bearer ${credentials.apiKey}' ${service.apiUrl}/payments/${payments[0]!.id}`);
    await untilSignal(service.stop, logger);
    return 0;
  },
};
