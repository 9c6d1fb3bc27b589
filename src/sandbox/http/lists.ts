import type { FastifyInstance } from 'fastify';
import type { Sandbox } from '../context.ts';
import type { Collection, CreatedFilter, Page, PageQuery, Stored } from '../state/collection.ts';
import { pageOf } from '../state/collection.ts';
import { resourceMissing } from './errors.ts';
import type { Params } from './form.ts';
import { get, type RequestContext } from './http.ts';
import { createdParam, cursorParam, expandParam, limitParam, rejectUnknown } from './params.ts';

// Stripe's list objects, built one way: a page of a collection (GET /v1/charges, /v1/refunds,
// /v1/transfers, …), and the newest few children embedded in an object (a charge's refunds, a fee's
// refunds, a transfer's reversals) with their own GET …/children and …/children/:id routes; and
// the GET of one object that has nothing to expand.
// Parameters are read in Stripe's order (unknown names, limit, created, expand; then the list's own
// filters; then the cursors), so the first error a request meets is the one Stripe would name.

const NOTHING: ReadonlySet<string> = new Set();
const EXPAND_ONLY: ReadonlySet<string> = new Set(['expand']);

export interface ListParams {
  limit: number;
  created: CreatedFilter | undefined;
  expand: Set<string>;
}

/** The parameters every list takes; `allowed` names all the list accepts, `expandable` its expand[]. */
export function listParams(
  params: Params,
  allowed: ReadonlySet<string>,
  expandable: ReadonlySet<string> = NOTHING,
): ListParams {
  rejectUnknown(params, allowed);
  const limit = limitParam(params);
  const created = createdParam(params);
  const expand = expandParam(params, expandable);
  return { limit, created, expand };
}

/** The page query of a list: its limit and created filter, and the cursors as positions in `collection`. */
export function pageQuery<T extends Stored>(
  params: Params,
  list: Pick<ListParams, 'limit' | 'created'>,
  kind: string,
  collection: Collection<T>,
): PageQuery {
  return {
    limit: list.limit,
    startingAfter: cursorParam(params, 'starting_after', kind, (id) => collection.position(id)),
    endingBefore: cursorParam(params, 'ending_before', kind, (id) => collection.position(id)),
    created: list.created,
  };
}

export function listJson<T>(url: string, page: Page<T>, toJson: (item: T) => unknown) {
  return { object: 'list', data: page.data.map(toJson), has_more: page.hasMore, url };
}

/**
 * One page of `collection`, or of its subset at ascending `positions` (undefined: all of it), newest
 * first, as a list object. `kind` names the object a missing cursor is reported as.
 */
export function listPage<T extends Stored>(
  params: Params,
  list: Pick<ListParams, 'limit' | 'created'>,
  source: { kind: string; collection: Collection<T>; positions?: readonly number[] | undefined },
  url: string,
  toJson: (item: T) => unknown,
) {
  const { kind, collection, positions } = source;
  const query = pageQuery(params, list, kind, collection);
  return listJson(url, pageOf({ items: collection.items, positions }, query), toJson);
}

/** The newest `limit` of an object's children (oldest first in `items`), as embedded in it. */
export function newestList<T>(items: readonly T[], url: string, toJson: (item: T) => unknown, limit = 10) {
  const data: unknown[] = [];
  for (let i = items.length - 1; i >= 0 && data.length < limit; i--) data.push(toJson(items[i]!));
  return { object: 'list', data, has_more: items.length > limit, url };
}

/**
 * GET `path` (the newest `limit` children, as `list` embeds them in the parent) and GET `path/:id`
 * (one child; `kind` names it when missing) for children kept on their parent, such as a fee's
 * refunds. `parent` finds the parent from the path; a missing one is reported under `param`
 * ('id' on the list, `parentParam` on GET …/:id).
 */
export function registerChildren<P, C extends { id: string }>(
  app: FastifyInstance,
  sandbox: Sandbox,
  spec: {
    path: string;
    kind: string;
    parent: (ctx: RequestContext, param: string) => P;
    parentParam: string;
    children: (parent: P) => readonly C[];
    list: (parent: P, limit: number) => unknown;
    toJson: (child: C) => unknown;
  },
): void {
  get(app, sandbox, spec.path, (ctx) => {
    rejectUnknown(ctx.params, new Set(['limit', 'expand']));
    expandParam(ctx.params, NOTHING);
    return spec.list(spec.parent(ctx, 'id'), limitParam(ctx.params));
  });
  registerRetrieve(app, sandbox, `${spec.path}/:id`, (ctx) => {
    const child = spec.children(spec.parent(ctx, spec.parentParam)).find((c) => c.id === ctx.path.id);
    if (!child) throw resourceMissing(spec.kind, ctx.path.id!, 'id');
    return spec.toJson(child);
  });
}

/** GET `path`: one object, which takes `expand[]` but has nothing to expand. */
export function registerRetrieve(
  app: FastifyInstance,
  sandbox: Sandbox,
  path: string,
  find: (ctx: RequestContext) => unknown,
): void {
  get(app, sandbox, path, (ctx) => {
    rejectUnknown(ctx.params, EXPAND_ONLY);
    expandParam(ctx.params, NOTHING);
    return find(ctx);
  });
}
