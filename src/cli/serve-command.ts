import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.ts';
import { type Role, runService, untilSignal } from '../service/run-service.ts';
import { createLogger } from '../shared/logger.ts';
import { type Command, UsageError } from './main.ts';

export const serveCommand: Command = {
  summary: 'Run the refund service: the API and/or the workers.',
  usage: 'refundry serve [--role api|worker|all]   (config from the environment: PORT, DATABASE_URL, …)',
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: { role: { type: 'string', default: 'all' } } });
    const role = values.role as Role;
    if (!['api', 'worker', 'all'].includes(role)) throw new UsageError(`--role must be api, worker or all`);
    let config: ReturnType<typeof loadConfig>;
    try {
      config = loadConfig();
    } catch (error) {
      if (error instanceof ConfigError) throw new UsageError(error.message);
      throw error;
    }
    const logger = createLogger({ level: config.logLevel });
    const service = await runService(config, role, logger);
    if (service.apiUrl) console.log(`Refundry API: ${service.apiUrl}`);
    await untilSignal(service.stop, logger);
    return 0;
  },
};
