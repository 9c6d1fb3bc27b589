import type { FastifyInstance } from 'fastify';
import type { Sandbox } from '../context.ts';
import { exclusiveParameters, invalidParam, mustFind } from '../http/errors.ts';
import type { Params } from '../http/form.ts';
import { get, type RequestContext } from '../http/http.ts';
import { listJson, pageQuery } from '../http/lists.ts';
import {
  arrayValues,
  createdParam,
  LIST_PARAMS,
  limitParam,
  optionalId,
  rejectUnknown,
} from '../http/params.ts';
import { pageOf, pageWhere } from '../state/collection.ts';

// GET /v1/events (type with `*` wildcard, types[], created, pagination) and GET /v1/events/:id.
const LIST = new Set([...LIST_PARAMS, 'type', 'types', 'delivery_success']);

function typeMatcher(params: Params): ((type: string) => boolean) | string | undefined {
  const type = optionalId(params, 'type');
  const types = params.types;
  if (type !== undefined && types !== undefined) {
    throw exclusiveParameters('type', 'types', 'types');
  }
  if (type !== undefined) {
    if (!type.includes('*')) return type;
    const escaped = type.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*');
    const re = new RegExp(`^${escaped}$`);
    return (t) => re.test(t);
  }
  if (types === undefined || types === '') return undefined;
  const list = arrayValues(types);
  if (!list || list.length > 20 || list.some((t) => typeof t !== 'string')) {
    throw invalidParam(
      'parameter_invalid_empty',
      'Invalid array: types takes up to 20 event types.',
      'types',
    );
  }
  const set = new Set(list as string[]);
  return (t) => set.has(t);
}

function listEvents(ctx: RequestContext): unknown {
  const { params } = ctx;
  const store = ctx.scope;
  rejectUnknown(params, LIST);
  const limit = limitParam(params);
  const created = createdParam(params);
  if (params.expand !== undefined && params.expand !== '') {
    throw invalidParam('parameter_unknown', 'Events cannot be expanded.', 'expand');
  }
  const matcher = typeMatcher(params);
  const query = pageQuery(params, { limit, created }, 'event', store.events.all);
  const items = store.events.all.items;
  // An exact type has its own index; wildcards and type sets scan from the cursor.
  const page =
    typeof matcher === 'string'
      ? pageOf({ items, positions: store.events.byType.get(matcher) ?? [] }, query)
      : matcher
        ? pageWhere(items, query, (e) => matcher(e.type))
        : pageOf({ items }, query);
  return listJson('/v1/events', page, (e) => e);
}

export function registerEvents(app: FastifyInstance, sandbox: Sandbox): void {
  get(app, sandbox, '/v1/events', listEvents);
  get(app, sandbox, '/v1/events/:event', (ctx) => {
    rejectUnknown(ctx.params, new Set(['expand']));
    return mustFind(ctx.scope.events.all, 'event', ctx.path.event!);
  });
}
