import { parseArgs } from 'node:util';
import { createApiKey, isScope, listApiKeys, revokeApiKey, SCOPES, type Scope } from '../auth/api-keys.ts';
import { openDb } from '../db/db.ts';
import { migrate } from '../db/migrate.ts';
import { loadCliConfig, stderrLogger } from './cli-config.ts';
import { type Command, UsageError } from './main.ts';

export const keysCommand: Command = {
  summary: 'Create, list and revoke API keys.',
  usage: [
    'refundry keys create --name NAME --scope SCOPE [--scope SCOPE …]',
    'refundry keys list',
    'refundry keys revoke KEY_ID',
    `Scopes: ${SCOPES.join(', ')}`,
  ].join('\n'),
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { name: { type: 'string' }, scope: { type: 'string', multiple: true } },
    });
    const [action, ...rest] = positionals;
    if (action === 'create') {
      if (!values.name?.trim()) throw new UsageError('--name is required');
      const scopes = values.scope ?? [];
      if (scopes.length === 0) throw new UsageError('at least one --scope is required');
      const bad = scopes.filter((s) => !isScope(s));
      if (bad.length) throw new UsageError(`unknown scope ${bad.join(', ')}`);
      return withDb(async (db) => {
        const { key, apiKey } = await createApiKey(db, {
          name: values.name!.trim(),
          scopes: scopes as Scope[],
        });
        console.log(
          `Created ${apiKey.id} (${apiKey.scopes.join(', ')}). The key is shown only this once:\n${key}`,
        );
        return 0;
      });
    }
    if (action === 'list') {
      return withDb(async (db) => {
        for (const k of await listApiKeys(db)) {
          const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'active';
          console.log(`${k.id}\t${k.prefix}…\t${k.name}\t${k.scopes.join(',')}\t${state}`);
        }
        return 0;
      });
    }
    if (action === 'revoke') {
      const id = rest[0];
      if (!id) throw new UsageError('name the key id to revoke');
      return withDb(async (db) => {
        if (!(await revokeApiKey(db, id))) {
          console.error(`No API key ${id}.`);
          return 1;
        }
        console.log(`Revoked ${id}.`);
        return 0;
      });
    }
    throw new UsageError('expected create, list or revoke');
  },
};

async function withDb(fn: (db: Awaited<ReturnType<typeof openDb>>) => Promise<number>): Promise<number> {
  const config = loadCliConfig();
  const db = await openDb({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    logger: stderrLogger(),
  });
  try {
    await migrate(db);
    return await fn(db);
  } finally {
    await db.close();
  }
}
