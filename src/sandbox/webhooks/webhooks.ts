// Webhook endpoints (`/v1/webhook_endpoints`, Stripe's shape, `secret` only on create) and signed
// deliveries. Every recorded event is matched against the enabled endpoints when it is recorded
// and queued; a small pool of async workers POSTs it off the request path. 2xx = delivered;
// anything else or a timeout is retried with exponential backoff up to a bounded number of
// attempts. Webhook faults (drop, duplicate, delay, reorder) come from the shared FaultController.
import { Agent as HttpAgent, request as httpRequest, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { urlToHttpOptions } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { randomToken } from '../../shared/ids.ts';
import type { Sandbox } from '../context.ts';
import { faultsFor } from '../faults/faults.ts';
import { invalidParam, missingParameter, resourceMissing } from '../http/errors.ts';
import type { Params } from '../http/form.ts';
import { del, get, post } from '../http/http.ts';
import {
  applyMetadata,
  arrayValues,
  limitParam,
  metadataParam,
  optionalBoolean,
  optionalString,
  rejectUnknown,
} from '../http/params.ts';
import { fastId } from '../state/fast-id.ts';
import type { Metadata, SandboxEvent } from '../state/records.ts';
import { stripeSignatureHeader } from './webhook-signature.ts';

export interface WebhookEndpoint {
  id: string;
  object: 'webhook_endpoint';
  api_version: string | null;
  application: null;
  created: number;
  description: string | null;
  enabled_events: string[];
  livemode: false;
  metadata: Metadata;
  status: 'enabled' | 'disabled';
  url: string;
  secret: string;
  /** Not in the API object: the account that made the endpoint (null: the platform)… */
  account?: string | null;
  /** …and whether it is a Connect endpoint (`connect=true`: its connected accounts' events). */
  connect?: boolean;
}

/**
 * Which endpoints hear an event, as at Stripe: an account's own endpoints hear its own events; a
 * platform's Connect endpoints (`connect=true`) hear the events of every connected account, and
 * not the platform's own.
 */
export function endpointHears(endpoint: WebhookEndpoint, event: SandboxEvent): boolean {
  const owner = endpoint.account ?? null;
  if (endpoint.connect) return owner === null && event.account !== undefined;
  return owner === (event.account ?? null);
}

export interface WebhookOptions {
  /** First retry delay; attempt n waits base × 2^(n-1) (default 10 s; tests compress it). */
  webhookRetryBaseMs?: number;
  /** Attempts in all, the first included (default 4: the first and three retries). */
  webhookMaxAttempts?: number;
  /** Per-attempt timeout (default 10 s). */
  webhookTimeoutMs?: number;
  /** Deliveries in flight at once (default 8). */
  webhookConcurrency?: number;
}

export interface DeliveryStats {
  attempts: number;
  delivered: number;
  failedAttempts: number;
  gaveUp: number;
  dropped: number;
}

interface Delivery {
  event: SandboxEvent;
  endpoint: WebhookEndpoint;
  /** Shared by the copies of a duplicated delivery: pending_webhooks drops once. */
  state: { settled: boolean };
  attempt: number;
}

/** Whether `enabled_events` lets `type` through ('*' = all; 'refund.*' style prefixes too). */
export function matchesEvent(enabled: readonly string[], type: string): boolean {
  for (const e of enabled) {
    if (e === '*' || e === type) return true;
    if (e.endsWith('.*') && type.startsWith(e.slice(0, -1))) return true;
  }
  return false;
}

/** Backoff before attempt `attempt + 1` (attempt counts from 1). */
export function retryDelayMs(baseMs: number, attempt: number): number {
  return baseMs * 2 ** (attempt - 1);
}

export class WebhookDispatcher {
  readonly endpoints = new Map<string, WebhookEndpoint>();
  readonly stats: DeliveryStats = { attempts: 0, delivered: 0, failedAttempts: 0, gaveUp: 0, dropped: 0 };
  /** Endpoints made from `--webhook` at start survive a sandbox reset. */
  readonly startEndpoints = new Set<string>();
  /** Called after an API create/update/delete (null = deleted): the journal's seam. */
  readonly changeListeners: Array<(id: string, endpoint: WebhookEndpoint | null) => void> = [];
  private readonly queue: Delivery[] = [];
  private head = 0;
  private active = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly held = new Map<string, { delivery: Delivery; timer: NodeJS.Timeout }>();
  private closed = false;
  private readonly sandbox: Sandbox;
  private readonly retryBaseMs: number;
  private readonly maxAttempts: number;
  private readonly timeoutMs: number;
  private readonly concurrency: number;
  private idleWaiters: Array<() => void> = [];
  private readonly targets = new Map<string, RequestOptions>();
  /** Kept-alive connections to the endpoints (node:http: a fraction of fetch's CPU per delivery). */
  private readonly agents = {
    http: new HttpAgent({ keepAlive: true }),
    https: new HttpsAgent({ keepAlive: true }),
  };

  constructor(sandbox: Sandbox, options: WebhookOptions) {
    this.sandbox = sandbox;
    this.retryBaseMs = options.webhookRetryBaseMs ?? 10_000;
    this.maxAttempts = Math.max(1, options.webhookMaxAttempts ?? 4);
    this.timeoutMs = options.webhookTimeoutMs ?? 10_000;
    this.concurrency = Math.max(1, options.webhookConcurrency ?? 8);
  }

  create(input: {
    url: string;
    enabled_events: string[];
    description?: string | null;
    metadata?: Metadata;
    api_version?: string | null;
    account?: string | null;
    connect?: boolean;
  }): WebhookEndpoint {
    const endpoint: WebhookEndpoint = {
      id: fastId('we'),
      object: 'webhook_endpoint',
      api_version: input.api_version ?? null,
      application: null,
      created: this.sandbox.clock.now(),
      description: input.description ?? null,
      enabled_events: input.enabled_events,
      livemode: false,
      metadata: input.metadata ?? {},
      status: 'enabled',
      url: input.url,
      secret: `whsec_${randomToken(32)}`,
      account: input.account ?? null,
      connect: input.connect ?? false,
    };
    this.endpoints.set(endpoint.id, endpoint);
    return endpoint;
  }

  changed(id: string, endpoint: WebhookEndpoint | null): void {
    for (const fn of this.changeListeners) fn(id, endpoint);
  }

  /** Called synchronously for every recorded event: match endpoints, count, queue. */
  onEvent(event: SandboxEvent): void {
    if (this.closed) return;
    const faults = faultsFor(this.sandbox);
    for (const endpoint of this.endpoints.values()) {
      if (endpoint.status !== 'enabled' || !matchesEvent(endpoint.enabled_events, event.type)) continue;
      if (!endpointHears(endpoint, event)) continue;
      event.pending_webhooks++;
      const state = { settled: false };
      const plan = faults.webhookPlan();
      if (plan.copies === 0) {
        // A lost delivery: the sandbox believes it was delivered (as with a network loss after 2xx).
        this.stats.dropped++;
        this.settle(event, state, true);
        continue;
      }
      for (let copy = 0; copy < plan.copies; copy++) {
        const delivery: Delivery = { event, endpoint, state, attempt: 1 };
        const go = () => (plan.reorder ? this.hold(delivery) : this.enqueue(delivery));
        if (plan.delayMs > 0) this.later(plan.delayMs, go);
        else go();
      }
    }
  }

  /** Resolves once nothing is queued, held, waiting for a retry or in flight (tests). */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Forgets what is queued, held or waiting for a retry (deliveries in flight finish). */
  private dropPending(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const h of this.held.values()) clearTimeout(h.timer);
    this.held.clear();
    this.queue.length = 0;
    this.head = 0;
  }

  close(): void {
    this.closed = true;
    this.dropPending();
    this.agents.http.destroy();
    this.agents.https.destroy();
    this.notifyIdle();
  }

  /** Sandbox reset: forget queued work and the endpoints made through the API. */
  reset(): void {
    this.dropPending();
    for (const id of [...this.endpoints.keys()]) if (!this.startEndpoints.has(id)) this.endpoints.delete(id);
    this.notifyIdle();
  }

  private isIdle(): boolean {
    return (
      this.active === 0 && this.head >= this.queue.length && this.timers.size === 0 && this.held.size === 0
    );
  }

  private notifyIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
      this.notifyIdle();
    }, ms);
    this.timers.add(timer);
  }

  /** Holds a delivery until the next one to the same endpoint has been queued (or 250 ms pass). */
  private hold(delivery: Delivery): void {
    const key = delivery.endpoint.id;
    const previous = this.held.get(key);
    if (previous) {
      clearTimeout(previous.timer);
      this.held.delete(key);
      this.enqueue(delivery);
      this.enqueue(previous.delivery);
      return;
    }
    const timer = setTimeout(() => {
      this.held.delete(key);
      this.enqueue(delivery);
    }, 250);
    this.held.set(key, { delivery, timer });
  }

  private enqueue(delivery: Delivery): void {
    if (this.closed) return;
    this.queue.push(delivery);
    const held = this.held.get(delivery.endpoint.id);
    if (held && held.delivery !== delivery) {
      clearTimeout(held.timer);
      this.held.delete(delivery.endpoint.id);
      this.queue.push(held.delivery);
    }
    this.pump();
  }

  private pump(): void {
    while (this.active < this.concurrency && this.head < this.queue.length) {
      const delivery = this.queue[this.head++]!;
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue.splice(0, this.head);
        this.head = 0;
      }
      this.active++;
      void this.attempt(delivery).finally(() => {
        this.active--;
        this.pump();
        this.notifyIdle();
      });
    }
  }

  private settle(event: SandboxEvent, state: { settled: boolean }, _ok: boolean): void {
    if (state.settled) return;
    state.settled = true;
    if (event.pending_webhooks > 0) event.pending_webhooks--;
  }

  private async attempt(delivery: Delivery): Promise<void> {
    const { endpoint, event } = delivery;
    // A deleted or disabled endpoint stops its retries.
    if (this.endpoints.get(endpoint.id) !== endpoint || endpoint.status !== 'enabled') {
      this.settle(event, delivery.state, false);
      return;
    }
    this.stats.attempts++;
    const body = JSON.stringify(event);
    const timestamp = Math.floor(Date.now() / 1000);
    let ok = false;
    try {
      const status = await this.post(endpoint.url, body, {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        'stripe-signature': stripeSignatureHeader(body, endpoint.secret, timestamp),
      });
      ok = status >= 200 && status < 300;
    } catch {
      ok = false; // refused, reset or timed out
    }
    if (ok) {
      this.stats.delivered++;
      this.settle(event, delivery.state, true);
      return;
    }
    this.stats.failedAttempts++;
    if (delivery.attempt >= this.maxAttempts || this.closed) {
      this.stats.gaveUp++;
      this.settle(event, delivery.state, false);
      return;
    }
    const next: Delivery = { ...delivery, attempt: delivery.attempt + 1 };
    this.later(retryDelayMs(this.retryBaseMs, delivery.attempt), () => this.enqueue(next));
  }

  /** The endpoint's URL as request options, parsed once, not once per delivery. */
  private target(url: string): RequestOptions {
    let target = this.targets.get(url);
    if (!target) {
      if (this.targets.size >= 1000) this.targets.clear();
      target = urlToHttpOptions(new URL(url));
      this.targets.set(url, target);
    }
    return target;
  }

  /** POSTs one delivery; resolves with the status (the answer's body is read and dropped). */
  private post(url: string, body: string, headers: Record<string, string>): Promise<number> {
    return new Promise((resolve, reject) => {
      const target = this.target(url);
      const https = target.protocol === 'https:';
      const req = (https ? httpsRequest : httpRequest)(
        {
          ...target,
          method: 'POST',
          agent: https ? this.agents.https : this.agents.http,
          headers: { ...headers, 'content-length': Buffer.byteLength(body) },
          timeout: this.timeoutMs,
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', reject);
        },
      );
      // No answer within the timeout (idle socket): given up, as Stripe gives up.
      req.on('timeout', () => req.destroy(new Error('webhook delivery timed out')));
      req.on('error', reject);
      req.end(body);
    });
  }
}

const dispatchers = new WeakMap<object, WebhookDispatcher>();

/** The sandbox's dispatcher (tests use `idle()` and `stats`). */
export function webhooksFor(sandbox: Sandbox): WebhookDispatcher {
  const d = dispatchers.get(sandbox);
  if (!d) throw new Error('registerWebhooks was not called for this sandbox');
  return d;
}

const CREATE = new Set([
  'url',
  'enabled_events',
  'description',
  'metadata',
  'api_version',
  'connect',
  'expand',
]);
const UPDATE = new Set(['url', 'enabled_events', 'description', 'metadata', 'disabled', 'expand']);
const LIST = new Set(['limit', 'starting_after', 'ending_before', 'expand']);

function urlParam(params: Params, required: boolean): string | undefined {
  const url = optionalString(params, 'url');
  if (url === undefined || url === '') {
    if (required) throw missingParameter('url');
    return undefined;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidParam('url_invalid', `Invalid URL: ${url.slice(0, 200)}`, 'url');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw invalidParam('url_invalid', `Invalid URL: ${url.slice(0, 200)}: must be http or https`, 'url');
  }
  return url;
}

function eventsParam(params: Params, required: boolean): string[] | undefined {
  const value = params.enabled_events;
  if (value === undefined) {
    if (required) throw missingParameter('enabled_events');
    return undefined;
  }
  const list = arrayValues(value);
  if (!list || list.length === 0 || list.some((v) => typeof v !== 'string' || v === '' || v.length > 100)) {
    throw invalidParam(
      'parameter_invalid_empty',
      'Invalid array: enabled_events must be a non-empty list of event types.',
      'enabled_events',
    );
  }
  return list as string[];
}

function publicJson(endpoint: WebhookEndpoint, withSecret: boolean): Record<string, unknown> {
  const { secret, account: _account, connect: _connect, ...rest } = endpoint;
  return withSecret ? { ...rest, secret } : rest;
}

/** An endpoint of the request's account (another account's endpoints are not found). */
function find(
  dispatcher: WebhookDispatcher,
  id: string | undefined,
  account: string | null,
): WebhookEndpoint {
  const endpoint = id === undefined ? undefined : dispatcher.endpoints.get(id);
  if (!endpoint || (endpoint.account ?? null) !== account) {
    throw resourceMissing('webhook endpoint', id ?? '', 'id');
  }
  return endpoint;
}

export function registerWebhooks(app: FastifyInstance, sandbox: Sandbox): WebhookDispatcher {
  const dispatcher = new WebhookDispatcher(sandbox, sandbox.options as WebhookOptions);
  dispatchers.set(sandbox, dispatcher);
  sandbox.store.events.subscribe((event) => dispatcher.onEvent(event));
  sandbox.hooks.onReset.push(() => dispatcher.reset());
  app.addHook('onClose', async () => dispatcher.close());

  for (const url of sandbox.options.webhookUrls ?? []) {
    const endpoint = dispatcher.create({ url, enabled_events: ['*'], description: 'from --webhook' });
    dispatcher.startEndpoints.add(endpoint.id);
    const log = sandbox.options.logger;
    if (log) log.info({ endpoint: endpoint.id, url }, 'webhook endpoint registered');
    // The secret is what the receiver needs to verify signatures; print it where the user looks.
    if (!sandbox.options.quiet)
      process.stderr.write(`webhook ${endpoint.id} → ${url}  secret: ${endpoint.secret}\n`);
  }

  post(app, sandbox, '/v1/webhook_endpoints', (ctx) => {
    rejectUnknown(ctx.params, CREATE);
    const url = urlParam(ctx.params, true)!;
    const enabled = eventsParam(ctx.params, true)!;
    const description = optionalString(ctx.params, 'description');
    const apiVersion = optionalString(ctx.params, 'api_version');
    const metadata = applyMetadata({}, metadataParam(ctx.params));
    const connect = optionalBoolean(ctx.params, 'connect') ?? false;
    const endpoint = dispatcher.create({
      url,
      enabled_events: enabled,
      description: description || null,
      metadata,
      api_version: apiVersion || null,
      account: ctx.account,
      connect,
    });
    dispatcher.changed(endpoint.id, endpoint);
    return publicJson(endpoint, true);
  });

  post(app, sandbox, '/v1/webhook_endpoints/:id', (ctx) => {
    rejectUnknown(ctx.params, UPDATE);
    const endpoint = find(dispatcher, ctx.path.id, ctx.account);
    const url = urlParam(ctx.params, false);
    const enabled = eventsParam(ctx.params, false);
    const description = optionalString(ctx.params, 'description');
    const disabled = optionalBoolean(ctx.params, 'disabled');
    const metadata = applyMetadata(endpoint.metadata, metadataParam(ctx.params));
    if (url !== undefined) endpoint.url = url;
    if (enabled !== undefined) endpoint.enabled_events = enabled;
    if (description !== undefined) endpoint.description = description || null;
    if (disabled !== undefined) endpoint.status = disabled ? 'disabled' : 'enabled';
    endpoint.metadata = metadata;
    dispatcher.changed(endpoint.id, endpoint);
    return publicJson(endpoint, false);
  });

  get(app, sandbox, '/v1/webhook_endpoints/:id', (ctx) =>
    publicJson(find(dispatcher, ctx.path.id, ctx.account), false),
  );

  get(app, sandbox, '/v1/webhook_endpoints', (ctx) => {
    rejectUnknown(ctx.params, LIST);
    const limit = limitParam(ctx.params);
    const all = [...dispatcher.endpoints.values()]
      .filter((e) => (e.account ?? null) === ctx.account)
      .reverse(); // newest first
    let start = 0;
    let end = all.length;
    const after = optionalString(ctx.params, 'starting_after');
    const before = optionalString(ctx.params, 'ending_before');
    let data: WebhookEndpoint[];
    let hasMore: boolean;
    if (before) {
      end = all.findIndex((e) => e.id === before);
      if (end < 0) throw resourceMissing('webhook endpoint', before, 'ending_before');
      start = Math.max(0, end - limit);
      data = all.slice(start, end);
      hasMore = start > 0;
    } else {
      if (after) {
        const i = all.findIndex((e) => e.id === after);
        if (i < 0) throw resourceMissing('webhook endpoint', after, 'starting_after');
        start = i + 1;
      }
      data = all.slice(start, start + limit);
      hasMore = start + limit < all.length;
    }
    return {
      object: 'list',
      data: data.map((e) => publicJson(e, false)),
      has_more: hasMore,
      url: '/v1/webhook_endpoints',
    };
  });

  del(app, sandbox, '/v1/webhook_endpoints/:id', (ctx) => {
    const endpoint = find(dispatcher, ctx.path.id, ctx.account);
    dispatcher.endpoints.delete(endpoint.id);
    dispatcher.startEndpoints.delete(endpoint.id);
    dispatcher.changed(endpoint.id, null);
    return { id: endpoint.id, object: 'webhook_endpoint', deleted: true };
  });

  return dispatcher;
}
