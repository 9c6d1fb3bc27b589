// A bare PGlite process, the floor under Refundry's embedded mode: opens (creating if new) a data
// folder with the options Refundry uses (or PGlite's defaults with --defaults), runs SELECT 1,
// prints "ready" and idles until SIGTERM. bench/footprint.ts measures it beside `npm start`.
import { PGlite } from '@electric-sql/pglite';
import { pgliteOptions } from '../src/db/pglite.ts';

const [dataDir, flag] = process.argv.slice(2);
const pglite = await PGlite.create(flag === '--defaults' ? { dataDir } : { ...pgliteOptions(), dataDir });
await pglite.query('SELECT 1');
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  void pglite.close().then(() => process.exit(0));
});
setInterval(() => {}, 1 << 30);
