// A bare PGlite process, the floor under Refundry's embedded mode: opens a data folder as Refundry
// does (its options; a new folder filled from the cached template), or PGlite as it comes with
// --defaults (initdb in place), runs SELECT 1, prints "ready" and idles until SIGTERM.
// bench/footprint.ts measures it beside `npm start`.
import { PGlite } from '@electric-sql/pglite';
import { pgliteOptions } from '../src/db/pglite-options.ts';
import { copyTemplateInto, isNewDataDir } from '../src/db/pglite-template.ts';

const [dataDir, flag] = process.argv.slice(2) as [string, string | undefined];
if (flag !== '--defaults' && isNewDataDir(dataDir)) await copyTemplateInto(dataDir, () => {});
const pglite = await PGlite.create(flag === '--defaults' ? { dataDir } : { ...pgliteOptions(), dataDir });
await pglite.query('SELECT 1');
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  void pglite.close().then(() => process.exit(0));
});
setInterval(() => {}, 1 << 30);
