import { ConfigError, loadConfig } from '../config.ts';
import { openDb } from '../db/db.ts';
import { migrate } from '../db/migrate.ts';
import { type Command, UsageError } from './main.ts';

export const migrateCommand: Command = {
  summary: 'Apply pending database migrations.',
  usage: 'refundry migrate   (DATABASE_URL or REFUNDRY_DATA_DIR)',
  async run() {
    let config: ReturnType<typeof loadConfig>;
    try {
      config = loadConfig();
    } catch (error) {
      if (error instanceof ConfigError) throw new UsageError(error.message);
      throw error;
    }
    const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      const applied = await migrate(db);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Nothing to apply.');
    } finally {
      await db.close();
    }
    return 0;
  },
};
