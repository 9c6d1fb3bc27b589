// The Connect API under /api/v1 (registered inside the authenticated scope): the connected
// accounts Refundry knows, for the dashboard's account filter and names. Read-only.
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireScope } from '../auth/principal.ts';
import type { Db } from '../db/db.ts';
import { ApiError } from '../http/http-error.ts';
import { limit, parse, stripeAccountId } from '../http/validate.ts';
import type { StripeGateway } from '../stripe/gateway.ts';
import {
  accountsWithoutDetails,
  getAccount,
  listAccounts,
  saveAccountDetails,
  serializeAccount,
} from './accounts.ts';

export const accountsQuery = z.strictObject({ limit: limit(1000, 1000) });
export const accountParams = z.object({ id: stripeAccountId });

/** Accounts whose details (name, country) are fetched from Stripe per request, at most. */
const DETAILS_PER_REQUEST = 10;

export function registerConnectRoutes(app: FastifyInstance, deps: { db: Db; gateway: StripeGateway }): void {
  const { db } = deps;
  const read = { preHandler: requireScope('payments:read') };

  /** Stripe's name and country of accounts seen but not described yet (a few per request). */
  async function describeNewAccounts(log: FastifyBaseLogger) {
    const { gateway } = deps;
    if (!gateway.retrieveAccount) return;
    for (const id of await accountsWithoutDetails(db, DETAILS_PER_REQUEST)) {
      try {
        const account = await gateway.retrieveAccount(id);
        if (account) await saveAccountDetails(db, account);
      } catch (err) {
        // The list still answers, with ids; the next request tries again.
        log.warn({ err, account: id }, 'could not read a connected account from Stripe');
        return;
      }
    }
  }

  app.get('/connect/accounts', read, async (request) => {
    const q = parse(accountsQuery, request.query, 'query');
    await describeNewAccounts(request.log);
    const accounts = await listAccounts(db, q.limit + 1);
    return {
      object: 'list',
      data: accounts.slice(0, q.limit).map(serializeAccount),
      has_more: accounts.length > q.limit,
    };
  });

  app.get('/connect/accounts/:id', read, async (request) => {
    const { id } = parse(accountParams, request.params, 'path');
    await describeNewAccounts(request.log);
    const account = await getAccount(db, id);
    if (!account) throw new ApiError(404, 'not_found', `No connected account '${id}' is known here.`, 'id');
    return serializeAccount(account);
  });
}
