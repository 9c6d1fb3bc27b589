import { openDb } from '../db/db.ts';
import { migrate } from '../db/migrate.ts';
import { loadCliConfig, stderrLogger } from './cli-config.ts';
import type { Command } from './main.ts';

export const migrateCommand: Command = {
  summary: 'Apply pending database migrations.',
  usage: 'refundry migrate   (DATABASE_URL or REFUNDRY_DATA_DIR)',
  async run() {
    const config = loadCliConfig();
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
