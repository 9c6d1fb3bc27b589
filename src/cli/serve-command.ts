import { type Role, runService, untilSignal } from '../service/run-service.ts';
import { createLogger } from '../shared/logger.ts';
import { loadCliConfig } from './cli-config.ts';
import { type Command, parseFlags, UsageError } from './command.ts';
import { refuseWhileServing } from './running-service.ts';

export const serveCommand: Command = {
  summary: 'Run the refund service: the API and/or the workers.',
  usage: 'refundry serve [--role api|worker|all]   (config from the environment: PORT, DATABASE_URL, …)',
  async run(argv) {
    const { values } = parseFlags({ args: argv, options: { role: { type: 'string', default: 'all' } } });
    const role = values.role as Role;
    if (!['api', 'worker', 'all'].includes(role)) throw new UsageError(`--role must be api, worker or all`);
    const config = loadCliConfig();
    refuseWhileServing(
      config,
      'it is already serving: stop it before starting another (PostgreSQL, DATABASE_URL, runs several)',
    );
    const logger = createLogger({ level: config.logLevel });
    const service = await runService(config, role, logger);
    if (service.apiUrl) console.log(`Refundry API: ${service.apiUrl}\nDashboard:    ${service.dashboardUrl}`);
    await untilSignal(service.stop, logger);
    return 0;
  },
};
