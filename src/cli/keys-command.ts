import type { z } from 'zod';
import {
  type ApiKey,
  createApiKey,
  isScope,
  listApiKeys,
  revokeApiKey,
  SCOPES,
  type Scope,
} from '../auth/api-keys.ts';
import type { apiKeyObject, newApiKey } from '../auth/wire.ts';
import type { Db } from '../db/db.ts';
import { ApiError } from '../http/http-error.ts';
import { loadCliConfig } from './cli-config.ts';
import { type Command, parseFlags, UsageError } from './command.ts';
import { adminBackendUsage, withAdminBackend } from './running-service.ts';
import type { ServiceApi } from './service-api.ts';

export const keysCommand: Command = {
  summary: 'Create, list and revoke API keys.',
  usage: [
    'refundry keys create --name NAME --scope SCOPE [--scope SCOPE …]',
    'refundry keys list',
    'refundry keys revoke KEY_ID',
    `Scopes: ${SCOPES.join(', ')}`,
    ...adminBackendUsage('/api-keys'),
  ].join('\n'),
  async run(argv) {
    const { values, positionals } = parseFlags({
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
      return withKeys(async (keys) => {
        const { key, id, scopes: granted } = await keys.create(values.name!.trim(), scopes as Scope[]);
        console.log(`Created ${id} (${granted.join(', ')}). The key is shown only this once:\n${key}`);
        return 0;
      });
    }
    if (action === 'list') {
      return withKeys(async (keys) => {
        for (const k of await keys.list()) {
          const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'active';
          console.log(`${k.id}\t${k.prefix}…\t${k.name}\t${k.scopes.join(',')}\t${state}`);
        }
        return 0;
      });
    }
    if (action === 'revoke') {
      const id = rest[0];
      if (!id) throw new UsageError('name the key id to revoke');
      return withKeys(async (keys) => {
        if (!(await keys.revoke(id))) {
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

/** A key as the command lists it: the stored key's fields it prints (auth/api-keys.ts). */
type KeyView = Pick<ApiKey, 'id' | 'prefix' | 'name' | 'scopes' | 'revokedAt'>;

/** What the command does to keys: the same through the database or the running service's API. */
interface KeyAdmin {
  create(name: string, scopes: Scope[]): Promise<{ key: string; id: string; scopes: string[] }>;
  list(): Promise<KeyView[]>;
  /** false: no such key. */
  revoke(id: string): Promise<boolean>;
}

function keysInDb(db: Db): KeyAdmin {
  return {
    async create(name, scopes) {
      const { key, apiKey } = await createApiKey(db, { name, scopes });
      return { key, id: apiKey.id, scopes: apiKey.scopes };
    },
    list: () => listApiKeys(db),
    revoke: (id) => revokeApiKey(db, id),
  };
}

function keysThroughApi(api: ServiceApi): KeyAdmin {
  // The API's own answers (auth/wire.ts): a key as listed, and as created with the key itself.
  return {
    async create(name, scopes) {
      const created = await api.request<z.infer<typeof newApiKey>>('POST', '/api-keys', { name, scopes });
      return { key: created.key, id: created.id, scopes: created.scopes };
    },
    async list() {
      const { data } = await api.request<{ data: z.infer<typeof apiKeyObject>[] }>('GET', '/api-keys');
      return data.map((k) => ({ ...k, revokedAt: k.revoked_at ? new Date(k.revoked_at) : null }));
    },
    async revoke(id) {
      try {
        await api.request('DELETE', `/api-keys/${encodeURIComponent(id)}`);
        return true;
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return false;
        throw error;
      }
    },
  };
}

function withKeys(fn: (keys: KeyAdmin) => Promise<number>): Promise<number> {
  return withAdminBackend(loadCliConfig(), { db: keysInDb, api: keysThroughApi }, '/api-keys', fn);
}
