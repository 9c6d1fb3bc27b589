// The Connect API under /api/v1 (registered inside the authenticated scope): the connected
// accounts Refundry knows, for the dashboard's account filter and names. Read-only.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireScope } from '../auth/principal.ts';
import type { Db } from '../db/db.ts';
import { ApiError } from '../http/http-error.ts';
import { limit, parse, stripeAccountId } from '../http/validate.ts';
import { getAccount, listAccounts, serializeAccount } from './accounts.ts';

export function registerConnectRoutes(app: FastifyInstance, deps: { db: Db }): void {
  const { db } = deps;
  const read = { preHandler: requireScope('payments:read') };

  app.get('/connect/accounts', read, async (request) => {
    const q = parse(z.strictObject({ limit: limit(1000, 1000) }), request.query, 'query');
    const accounts = await listAccounts(db, q.limit + 1);
    return {
      object: 'list',
      data: accounts.slice(0, q.limit).map(serializeAccount),
      has_more: accounts.length > q.limit,
    };
  });

  app.get('/connect/accounts/:id', read, async (request) => {
    const { id } = parse(z.object({ id: stripeAccountId }), request.params, 'path');
    const account = await getAccount(db, id);
    if (!account) throw new ApiError(404, 'not_found', `No connected account '${id}' is known here.`, 'id');
    return serializeAccount(account);
  });
}
