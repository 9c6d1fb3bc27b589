// Holds HTTP answers to the OpenAPI document, as a merchant's generated client would take them:
// the status must be one the operation documents, the body must validate against that status's
// schema (unknown fields fail: every object is closed), an error's code must be one the
// operation lists, and the Refundry-Version header must be there. The validator is Ajv (JSON
// Schema 2020-12, as OpenAPI 3.1 uses it), over the very document Refundry serves.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { API_VERSION, type Operation, openApiPath } from '../../src/http/operation.ts';
import { ALL_OPERATIONS, buildOpenApiDocument } from '../../src/openapi/document.ts';

interface DocResponse {
  content?: Record<string, { schema?: unknown }>;
}
interface Doc {
  paths: Record<string, Record<string, { responses: Record<string, DocResponse> } | undefined> | undefined>;
}

export const pointer = (...parts: string[]) =>
  parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

export interface ContractCall {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  /** A raw body with its content type (CSV, a signed Stripe event). */
  raw?: { payload: string; type: string };
  headers?: Record<string, string>;
}

/** Credentials in a recorded answer become plain placeholders: the document shows no real secret. */
const SECRET_FIELDS: Record<string, string> = {
  key: 'rfk_EXAMPLEexampleEXAMPLEexample00',
  secret: 'whsec_EXAMPLEexampleEXAMPLEexampleEXAMPLE000',
  csrf_token: 'EXAMPLEcsrfTokenEXAMPLEcsrfToken',
  password: 'correct horse battery staple',
  customer_token: 'EXAMPLEcustomerTokenEXAMPLE00000',
};
export function scrubbed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrubbed);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      // Random credentials are long; a step's `key` ("requested") is a word and stays.
      typeof v === 'string' && SECRET_FIELDS[k] && (v.length >= 24 || k === 'password')
        ? SECRET_FIELDS[k]
        : scrubbed(v),
    ]),
  );
}

interface RecordedExample {
  status: number;
  example: unknown;
  size: number;
}

export class Contract {
  readonly doc = buildOpenApiDocument() as unknown as Doc;
  readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  /** What `call` found wrong, in order (a walk reports them all at its end). */
  readonly failures: string[] = [];
  /** operationId → statuses seen. */
  readonly seen = new Map<string, Set<number>>();
  readonly byId = new Map<string, Operation>(ALL_OPERATIONS.map((op) => [op.operationId, op]));
  /** operationId → the fullest success answer seen (the document's examples are recorded from these). */
  readonly successes = new Map<string, RecordedExample>();
  /** operationId → the first JSON request body the route accepted. */
  readonly requests = new Map<string, unknown>();

  constructor() {
    (addFormats as unknown as (ajv: Ajv2020) => void)(this.ajv);
    this.ajv.addSchema(this.doc, 'openapi.json');
  }

  /** Throws (with what is wrong) when `res` is not an answer the document allows for `op`. */
  check(op: Operation, res: LightMyRequestResponse): void {
    const path = openApiPath(op.path);
    const documented = this.doc.paths[path]?.[op.method];
    if (!documented) throw new Error(`${op.operationId}: not in the document`);
    const where = `${op.method.toUpperCase()} ${path} → ${res.statusCode}`;
    const spec = documented.responses[String(res.statusCode)];
    if (!spec) throw new Error(`${where}: undocumented status (body ${res.body.slice(0, 300)})`);
    expect(res.headers['refundry-version'], `${where}: Refundry-Version`).toBe(API_VERSION);
    const type = String(res.headers['content-type'] ?? '');
    const json = spec.content?.['application/json'];
    if (json?.schema && !type.startsWith('application/json')) {
      throw new Error(`${where}: documented as JSON, answered ${type}`);
    }
    if (json?.schema) {
      const ref = `openapi.json#/${pointer('paths', path, op.method, 'responses', String(res.statusCode), 'content', 'application/json', 'schema')}`;
      const validate = this.ajv.getSchema(ref);
      if (!validate) throw new Error(`${where}: no schema at ${ref}`);
      const body = res.json();
      if (!validate(body)) {
        throw new Error(
          `${where}: the body does not match the document: ${this.ajv.errorsText(validate.errors, { separator: '; ' })}\n${res.body.slice(0, 600)}`,
        );
      }
    } else if (spec.content) {
      const media = Object.keys(spec.content)[0]!;
      if (!type.startsWith(media)) throw new Error(`${where}: documented as ${media}, answered ${type}`);
    } else if (res.body.length > 0) {
      throw new Error(`${where}: documented without a body, answered ${res.body.length} bytes`);
    }
    if (res.statusCode >= 200 && res.statusCode < 300 && res.body.length > 0)
      this.keep(op, res, Boolean(json?.schema));
    const statuses = this.seen.get(op.operationId) ?? new Set<number>();
    statuses.add(res.statusCode);
    this.seen.set(op.operationId, statuses);
  }

  /** Calls an operation on `app` and checks the answer against the document. */
  async call(app: FastifyInstance, operationId: string, call: ContractCall = {}) {
    const op = this.byId.get(operationId);
    if (!op) throw new Error(`no operation ${operationId}`);
    let url = op.path.replace(/:([A-Za-z_]+)/g, (_, name: string) => {
      const value = call.params?.[name];
      if (value === undefined) throw new Error(`${operationId}: path parameter ${name} missing`);
      return encodeURIComponent(value);
    });
    if (call.query) url += `?${new URLSearchParams(call.query)}`;
    const headers: Record<string, string> = { ...call.headers };
    if (call.raw) headers['content-type'] = call.raw.type;
    const res = await app.inject({
      method: op.method.toUpperCase() as 'GET',
      url,
      headers,
      ...(call.raw
        ? { payload: call.raw.payload }
        : call.body !== undefined
          ? { payload: call.body as object }
          : {}),
    });
    try {
      this.check(op, res);
      const ok = res.statusCode >= 200 && res.statusCode < 300;
      const body = call.raw?.type === 'application/json' ? JSON.parse(call.raw.payload) : call.body;
      if (ok && (op.body || op.otherBodies) && body !== undefined && !this.requests.has(operationId)) {
        this.requests.set(operationId, scrubbed(body));
      }
    } catch (error) {
      this.failures.push(error instanceof Error ? error.message : String(error));
    }
    return res;
  }

  /** Keeps the fullest answer of an operation (a list's first two items; a text's first lines). */
  private keep(op: Operation, res: LightMyRequestResponse, isJson: boolean): void {
    let example: unknown;
    if (isJson) {
      const body = res.json() as Record<string, unknown>;
      example =
        body.object === 'list' && Array.isArray(body.data) ? { ...body, data: body.data.slice(0, 2) } : body;
      // A very large answer (the document itself) is shown by its small top-level fields only.
      if (JSON.stringify(example).length > 8000) {
        example = Object.fromEntries(Object.entries(body).filter(([, v]) => JSON.stringify(v).length < 1000));
      }
    } else {
      example = res.body.split('\n').slice(0, 12).join('\n');
    }
    example = scrubbed(example);
    const size = JSON.stringify(example).length;
    const kept = this.successes.get(`${op.operationId} ${res.statusCode}`);
    if (kept && kept.size >= size) return;
    this.successes.set(`${op.operationId} ${res.statusCode}`, { status: res.statusCode, example, size });
  }

  /**
   * The recorded examples as src/openapi/examples.json holds them: operationId → `request` (the
   * JSON body) and the success status → its answer.
   */
  examples(): Record<string, Record<string, unknown>> {
    const out: Record<string, Record<string, unknown>> = {};
    for (const [id, request] of this.requests) out[id] = { request };
    for (const [key, { status, example }] of this.successes) {
      const id = key.split(' ')[0]!;
      out[id] = { ...out[id], [status]: example };
    }
    return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
  }

  /** Operations never answered with a success (2xx) so far. */
  unwalked(): string[] {
    return ALL_OPERATIONS.filter(
      (op) => ![...(this.seen.get(op.operationId) ?? [])].some((s) => s >= 200 && s < 300),
    ).map((op) => `${op.method.toUpperCase()} ${op.path}`);
  }
}
