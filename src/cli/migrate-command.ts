import { openDb } from '../db/db.ts';
import { migrate } from '../db/migrate.ts';
import { loadCliConfig, stderrLogger } from './cli-config.ts';
import { type Command, parseFlags } from './command.ts';
import { refuseWhileServing } from './running-service.ts';

export const migrateCommand: Command = {
  summary: 'Apply pending database migrations.',
  usage: 'refundry migrate   (DATABASE_URL or REFUNDRY_DATA_DIR)',
  async run(argv) {
    parseFlags({ args: argv, options: {} }); // no flags: an unknown one is a usage error, not ignored
    const config = loadCliConfig();
    refuseWhileServing(config, 'it applied the migrations when it started (restart it to apply new ones)');
    const db = await openDb({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      logger: stderrLogger(),
    });
    try {
      const applied = await migrate(db);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Nothing to apply.');
    } finally {
      await db.close();
    }
    return 0;
  },
};
