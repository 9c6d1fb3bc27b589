// The kinds of operation that recur, one builder each, and the access values they share, so a
// declaration says only what is its own (path, id, summary, access, input schemas, answer, its own
// refusals) and what a kind shares (its method, its 404) has one home. A leaf module, like
// operation.ts.
import type { z } from 'zod';
import type { Access, Declaration, ResponseSpec } from './operation.ts';

/** `access` of an /api/v1 operation: an API key, or a signed-in user whose role has, `scope`. */
export const needsScope = (scope: string): Access => ({ kind: 'api', scope });
/** `access` of an operation anyone may call (health checks, this document, signing in). */
export const anyone: Access = { kind: 'public' };
/** `access` of a dashboard operation: the session cookie of a signed-in user. */
export const signedIn: Access = { kind: 'session' };
/** `access` of the customer's status page: the unguessable token in its path. */
export const customerToken: Access = { kind: 'customer-token' };

/** An operation's own refusals, and 404 `not_found` for a name (an id, a cursor) that names nothing. */
const withNotFound = (errors: Declaration['errors']) => ({
  ...errors,
  404: ['not_found', ...(errors?.[404] ?? [])],
});

/** What a GET declares itself; `found` is its 200 answer. */
export type GetDeclaration = Pick<Declaration, 'path' | 'operationId' | 'summary' | 'access'> &
  Pick<Declaration, 'description' | 'params' | 'query' | 'errors'> & { found: ResponseSpec };

/** A GET answering 200 with `found`. */
export const get = ({ found, ...op }: GetDeclaration): Declaration => ({
  method: 'get',
  ...op,
  responses: { 200: found },
});

/** A GET of the one object its path names (`params`): 404 `not_found` when nothing has that name. */
export const getOne = (op: GetDeclaration & { params: z.ZodType }): Declaration =>
  get({ ...op, errors: withNotFound(op.errors) });

/** A GET of a page of a list (`query` with its cursor): 404 `not_found` when the cursor names nothing. */
export const getPage = (op: GetDeclaration & { query: z.ZodType }): Declaration =>
  get({ ...op, errors: withNotFound(op.errors) });

/** What a POST or DELETE on one object declares itself (its method is the builder's). */
export type ChangeDeclaration = Omit<Declaration, 'method'> & { params: z.ZodType };

/** A POST to the one object its path names (`params`): 404 `not_found` when nothing has that name. */
export const postOne = (op: ChangeDeclaration): Declaration => ({
  method: 'post',
  ...op,
  errors: withNotFound(op.errors),
});

/** A DELETE of the one object its path names (`params`): 404 `not_found` when nothing has that name. */
export const deleteOne = (op: ChangeDeclaration): Declaration => ({
  method: 'delete',
  ...op,
  errors: withNotFound(op.errors),
});
