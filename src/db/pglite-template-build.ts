// Builds the embedded database template (see pglite-template.ts) in the folder given: a new
// cluster with every migration applied, without the template databases, shut down cleanly. Run as
// a child process.
import { PGlite } from '@electric-sql/pglite';
import { migrate } from './migrate.ts';
import { OwnerOnlyNodeFS } from './owner-only-nodefs.ts';
import { wrapPglite } from './pglite.ts';
import { pgliteOptions } from './pglite-options.ts';
import { dropTemplateDatabases } from './pglite-template.ts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: pglite-template-build.ts DIR');
const db = wrapPglite(await PGlite.create({ ...pgliteOptions(), fs: new OwnerOnlyNodeFS(dataDir) }));
await migrate(db);
await dropTemplateDatabases(db);
await db.close();
process.stdout.write(`${JSON.stringify({ maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
