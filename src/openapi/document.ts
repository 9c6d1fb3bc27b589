// The OpenAPI 3.1 document of Refundry's HTTP surface, made from the operations each feature
// declares beside its routes (src/http/operation.ts): the request schemas are the zod schemas the
// routes parse with, converted by zod's own z.toJSONSchema (JSON Schema 2020-12, which OpenAPI
// 3.1 uses as it is); named response schemas (`.meta({id})`) become components. Nothing here is
// written twice: a field added to a route's schema is in the document on the next start.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { userAndKeyOperations } from '../auth/admin-operations.ts';
import { sessionOperations } from '../auth/session-operations.ts';
import { SESSION_COOKIE } from '../auth/sessions.ts';
import { batchOperations } from '../bulk/batch-operations.ts';
import { connectOperations } from '../connect/operations.ts';
import { healthOperations } from '../health/operations.ts';
import {
  API_VERSION,
  errorSchema,
  type Operation,
  openApiPath,
  type ResponseSpec,
  sharedErrors,
  VERSION_HEADER,
} from '../http/operation.ts';
import { notificationOperations } from '../notifications/operations.ts';
import { REFUND_EVENT_TYPES } from '../notifications/plan.ts';
import { EVENT_ID_HEADER, SIGNATURE_HEADER } from '../notifications/signature.ts';
import { refundEventObject } from '../notifications/wire.ts';
import { paymentOperations } from '../payments/operations.ts';
import { reconciliationOperations } from '../reconciliation/operations.ts';
import { refundOperations } from '../refunds/operations.ts';
import { settingsOperations } from '../settings/operations.ts';
import { overviewOperations } from '../stats/operations.ts';
import { statusPageOperations } from '../status-page/operations.ts';
import { stripeWebhookOperations } from '../webhooks/operations.ts';
import { openApiOperations } from './operations.ts';

/** Every operation Refundry serves, in the order the reference shows them. */
export const ALL_OPERATIONS: readonly Operation[] = [
  ...paymentOperations,
  ...refundOperations,
  ...overviewOperations,
  ...connectOperations,
  ...batchOperations,
  ...notificationOperations,
  ...reconciliationOperations,
  ...userAndKeyOperations,
  ...settingsOperations,
  ...sessionOperations,
  ...statusPageOperations,
  ...stripeWebhookOperations,
  ...healthOperations,
  ...openApiOperations,
];

type JsonSchema = Record<string, unknown>;

/**
 * Examples recorded from real answers: the contract walk (test/api/contract.test.ts) calls every
 * operation and writes each one's accepted request body and fullest success answer here, with
 * credentials replaced by placeholders, and `webhook:<type>` for the events it caused. The walk
 * fails when an operation has no recorded example, and every example is validated against its
 * schema, so they cannot drift from the code.
 */
type Examples = Record<string, Record<string, unknown> | undefined>;
let examplesCache: Examples | undefined;
const recordedExamples = (): Examples =>
  (examplesCache ??= JSON.parse(
    readFileSync(new URL('./examples.json', import.meta.url), 'utf8'),
  ) as Examples);

/** Converts zod schemas, collecting the named ones (`.meta({id})`) as components. */
class SchemaSet {
  readonly components: Record<string, JsonSchema> = {};

  convert(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const json = z.toJSONSchema(schema, {
      io,
      target: 'draft-2020-12',
      // Refinements (a check across fields) have no JSON Schema; the description says them.
      unrepresentable: 'any',
      // Transforms (a query string read as a number) are described by their input in requests.
      cycles: 'ref',
    }) as JsonSchema;
    delete json.$schema;
    const defs = (json.$defs ?? {}) as Record<string, JsonSchema>;
    delete json.$defs;
    for (const [id, def] of Object.entries(defs)) this.components[id] = relink(def) as JsonSchema;
    const top = relink(json) as JsonSchema;
    // A named schema at the top comes back as its definition plus a $ref to itself.
    return top;
  }
}

/** `#/$defs/X` → `#/components/schemas/X`, everywhere in a schema. */
function relink(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(relink);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] =
      k === '$ref' && typeof v === 'string' ? v.replace('#/$defs/', '#/components/schemas/') : relink(v);
  }
  return out;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'The request is invalid: `param` names the field.',
  401: 'Not authenticated.',
  403: 'Not allowed.',
  404: 'Not found.',
  409: 'Conflicts with the current state.',
  413: 'The body is too large.',
  414: 'A part of the URL is too long.',
  415: 'The body is not of a type this operation takes.',
  422: 'Understood, but refused.',
  429: 'Too many attempts; wait Retry-After seconds.',
  503: 'Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key.',
};

const SECURITY: Record<Operation['access']['kind'], Array<Record<string, string[]>>> = {
  api: [{ apiKey: [] }, { session: [] }],
  public: [],
  session: [{ session: [] }],
  'stripe-signature': [{ stripeSignature: [] }],
  'customer-token': [],
};

function parameters(set: SchemaSet, op: Operation): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const [where, schema] of [
    ['path', op.params],
    ['query', op.query],
  ] as const) {
    if (!schema) continue;
    const json = set.convert(schema, 'input');
    const props = (json.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((json.required ?? []) as string[]);
    for (const [name, prop] of Object.entries(props)) {
      const { description, ...rest } = prop;
      out.push({
        name,
        in: where,
        required: where === 'path' || required.has(name),
        ...(description ? { description } : {}),
        schema: rest,
      });
    }
  }
  if (op.idempotencyKey) {
    out.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description:
        'Any unique string (a UUID) per logical request, 1-255 printable characters. Retrying with the same key and body returns the first answer instead of acting twice.',
      schema: { type: 'string', minLength: 1, maxLength: 255 },
    });
  }
  return out;
}

function response(set: SchemaSet, spec: ResponseSpec, recorded: unknown): JsonSchema {
  const example = spec.example ?? recorded;
  const headers: Record<string, unknown> = {
    [VERSION_HEADER]: { $ref: '#/components/headers/RefundryVersion' },
  };
  for (const [name, description] of Object.entries(spec.headers ?? {})) {
    headers[name] = { description, schema: { type: 'string' } };
  }
  const content = spec.schema
    ? {
        'application/json': {
          schema: set.convert(spec.schema, 'output'),
          ...(example !== undefined ? { example } : {}),
        },
      }
    : spec.mediaType
      ? {
          [spec.mediaType]: {
            schema: spec.mediaType === 'application/json' ? { type: 'object' } : { type: 'string' },
            ...(example !== undefined ? { example } : {}),
          },
        }
      : undefined;
  return { description: spec.description, headers, ...(content ? { content } : {}) };
}

function operation(set: SchemaSet, op: Operation): JsonSchema {
  const responses: Record<string, unknown> = {};
  const recorded = recordedExamples()[op.operationId] ?? {};
  for (const [status, spec] of Object.entries(op.responses)) {
    responses[status] = response(set, spec, recorded[status]);
  }
  for (const [status, codes] of Object.entries(sharedErrors(op))) {
    if (codes.length === 0) continue;
    const retry = status === '503' || status === '429';
    responses[status] = {
      description: `${STATUS_TEXT[Number(status)] ?? 'Refused.'} Codes: ${codes.map((c) => `\`${c}\``).join(', ')}.`,
      headers: {
        [VERSION_HEADER]: { $ref: '#/components/headers/RefundryVersion' },
        ...(retry ? { 'Retry-After': { description: 'Seconds to wait.', schema: { type: 'string' } } } : {}),
      },
      content: { 'application/json': { schema: set.convert(errorSchema(codes), 'output') } },
    };
  }
  const access =
    op.access.kind === 'api'
      ? `Needs the \`${op.access.scope}\` scope (an API key with it, or a signed-in user whose role has it).`
      : undefined;
  const description = [op.description, access].filter(Boolean).join('\n\n');
  const content: Record<string, unknown> = {};
  if (op.body) {
    content['application/json'] = {
      schema: set.convert(op.body, 'input'),
      ...((op.example ?? recorded.request) !== undefined ? { example: op.example ?? recorded.request } : {}),
    };
  }
  for (const [type, description] of Object.entries(op.otherBodies ?? {})) {
    const example = type === 'application/json' ? recorded.request : undefined;
    content[type] = {
      schema: { type: type === 'application/json' ? 'object' : 'string', description },
      ...(example !== undefined ? { example } : {}),
    };
  }
  return {
    operationId: op.operationId,
    summary: op.summary,
    ...(description ? { description } : {}),
    tags: [op.tag],
    security: SECURITY[op.access.kind],
    ...(op.access.kind === 'api' ? { 'x-refundry-scope': op.access.scope } : {}),
    ...(parameters(set, op).length ? { parameters: parameters(set, op) } : {}),
    ...(Object.keys(content).length ? { requestBody: { required: !op.bodyOptional, content } } : {}),
    responses,
  };
}

function webhooks(set: SchemaSet): JsonSchema {
  const out: Record<string, unknown> = {};
  for (const type of REFUND_EVENT_TYPES) {
    out[type] = {
      post: {
        operationId: `webhook_${type.replace('.', '_')}`,
        summary: `The ${type} event`,
        description: `POSTed to each enabled endpoint subscribed to ${type} (or \`*\`). Verify ${SIGNATURE_HEADER} on the raw body with verifyRefundrySignature (refundry/client) and your endpoint's secret; answer 2xx quickly. Deliveries are retried with backoff until a 2xx, and may arrive more than once or out of order: dedupe on the event id, order by \`created\`.`,
        tags: ['Webhook events'],
        parameters: [
          {
            name: SIGNATURE_HEADER,
            in: 'header',
            required: true,
            description:
              '`t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the endpoint secret>`.',
            schema: { type: 'string' },
          },
          {
            name: EVENT_ID_HEADER,
            in: 'header',
            required: true,
            description: 'The event id (the same as the body’s `id`).',
            schema: { type: 'string' },
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: set.convert(refundEventObject(type), 'output'),
              ...(recordedExamples()[`webhook:${type}`]
                ? { example: recordedExamples()[`webhook:${type}`] }
                : {}),
            },
          },
        },
        responses: { '2XX': { description: 'Received; anything else is retried.' } },
      },
    };
  }
  return out;
}

/** Builds the document (pure; the served copy is built once per process). */
export function buildOpenApiDocument(): JsonSchema {
  const set = new SchemaSet();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of ALL_OPERATIONS) {
    const path = openApiPath(op.path);
    paths[path] ??= {};
    paths[path][op.method] = operation(set, op);
  }
  const hooks = webhooks(set);
  const tags = [...new Set(ALL_OPERATIONS.map((o) => o.tag)), 'Webhook events'].map((name) => ({ name }));
  return {
    openapi: '3.1.1',
    info: {
      title: 'Refundry API',
      version: API_VERSION,
      summary: 'Refunds for merchants on Stripe: policy-checked, sent exactly once, followed to the end.',
      description: [
        'Amounts are integers in the currency’s minor unit (1250 = $12.50 in usd, 1250 = ¥1250 in jpy), with the currency beside them.',
        `Errors are \`{"error": {"code", "message", "param"}}\`: match on \`code\`; \`param\` names the field at fault. Every response carries \`${VERSION_HEADER}: ${API_VERSION}\`; see docs/api.md for what changes are compatible.`,
        'Authenticate with an API key as `Authorization: Bearer rfk_…` (an admin creates it with the scopes it needs).',
      ].join('\n\n'),
      license: { name: 'MIT', identifier: 'MIT' },
    },
    tags,
    paths,
    webhooks: hooks,
    components: {
      schemas: Object.fromEntries(Object.entries(set.components).sort(([a], [b]) => a.localeCompare(b))),
      headers: {
        RefundryVersion: {
          description: 'The API version that answered.',
          schema: { type: 'string', const: API_VERSION },
        },
      },
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'An API key: `Authorization: Bearer rfk_…`.' },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: SESSION_COOKIE,
          description:
            'The dashboard’s session (POST /auth/login); requests that change something also send X-CSRF-Token.',
        },
        stripeSignature: {
          type: 'apiKey',
          in: 'header',
          name: 'Stripe-Signature',
          description: "Stripe's signature of the raw body with the endpoint secret.",
        },
      },
    },
  };
}

let cached: string | undefined;

/** The document as served (JSON text, built on first use). */
export function openApiJson(): string {
  cached ??= JSON.stringify(buildOpenApiDocument(), null, 2);
  return cached;
}
