// POST /webhooks/stripe: Stripe's webhook deliveries. The signature is checked on the RAW body
// with the SDK's constructEvent (endpoint secret, 300 s timestamp tolerance), the event is stored
// once by id and the answer is a fast 2xx; applying it is the event applier's job (it is woken
// when it runs in this process). Refusals are 400s with a stable code, and every outcome is
// counted in refundry_webhook_events_total{type,result}.
import type { FastifyInstance, FastifyReply } from 'fastify';
import Stripe from 'stripe';
import { DatabaseUnavailableError, type Queryable } from '../db/db.ts';
import { DATABASE_RETRY_AFTER_SECONDS, databaseUnavailable } from '../http/http-error.ts';
import { findUnsafeInput } from '../http/validate.ts';
import type { Metrics, WebhookEventResult } from '../metrics/metrics.ts';
import type { Logger } from '../shared/logger.ts';
import { EventInbox, type StoreResult } from '../stripe-sync/event-store.ts';

export const STRIPE_WEBHOOK_PATH = '/webhooks/stripe';
/**
 * Stripe Connect: the platform's Connect endpoint (`connect=true`, events of its connected
 * accounts, each carrying `account`) is a second endpoint with its own signing secret.
 */
export const STRIPE_CONNECT_WEBHOOK_PATH = '/webhooks/stripe/connect';

export interface StripeWebhookDeps {
  db: Queryable;
  /** The endpoint secret (whsec_…); a getter, because in embedded mode it is known only after listen. */
  secret: () => string | undefined;
  metrics?: Metrics | undefined;
  logger: Logger;
  /** Timestamp tolerance in seconds (default 300, as Stripe's libraries). */
  toleranceSeconds?: number;
  now?: () => Date;
  /** Called after an event to apply was stored (wakes an applier in this process). */
  onStored?: () => void;
  /** Where Stripe delivers (default STRIPE_WEBHOOK_PATH; the Connect endpoint's is another). */
  path?: string;
}

type Refusal = { status: number; code: string; message: string; result: WebhookEventResult };

/** The part of the request at fault: the signature header, or the body it signs. */
const paramOf = (r: Refusal) => (r.result === 'bad_signature' ? 'Stripe-Signature' : 'body');

/** Maps constructEvent's failures onto stable codes (the SDK only gives messages). */
function signatureRefusal(error: unknown): Refusal {
  const message = error instanceof Error ? error.message : String(error);
  const refuse = (code: string, text: string): Refusal => ({
    status: 400,
    code,
    message: text,
    result: 'bad_signature',
  });
  if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
    if (/No stripe-signature header/i.test(message))
      return refuse('missing_signature', 'The Stripe-Signature header is missing.');
    if (/tolerance zone/i.test(message))
      return refuse(
        'stale_signature',
        'The signature timestamp is outside the tolerance; replays are refused.',
      );
    if (/No webhook payload/i.test(message))
      return { status: 400, code: 'malformed_event', message: 'The body is empty.', result: 'malformed' };
    if (/Unable to extract|expected scheme/i.test(message))
      return refuse('invalid_signature_header', 'The Stripe-Signature header is not t=…,v1=….');
    return refuse('invalid_signature', 'No signature matches the body with the endpoint secret.');
  }
  // A valid signature on a body that is not JSON: constructEvent's JSON.parse threw.
  return {
    status: 400,
    code: 'malformed_event',
    message: 'The body is not a JSON event.',
    result: 'malformed',
  };
}

function isEvent(value: unknown): value is { id: string; type: string; created: number; data: object } {
  const e = value as Record<string, unknown> | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.id === 'string' &&
    /^evt_[A-Za-z0-9_]+$/.test(e.id) &&
    typeof e.type === 'string' &&
    e.type.length > 0 &&
    e.type.length <= 100 &&
    Number.isSafeInteger(e.created) &&
    // A time the database can store (1970 to 9999), as any real event's is.
    (e.created as number) >= 0 &&
    (e.created as number) <= 253_402_300_799 &&
    typeof e.data === 'object' &&
    e.data !== null
  );
}

export async function registerStripeWebhookRoute(
  app: FastifyInstance,
  deps: StripeWebhookDeps,
): Promise<void> {
  const now = deps.now ?? (() => new Date());
  const tolerance = deps.toleranceSeconds ?? 300;
  const count = (type: string, result: WebhookEventResult) =>
    deps.metrics?.webhookEvents.inc({ type, result });
  const inbox = new EventInbox(deps.db);
  const refuse = (reply: FastifyReply, r: Refusal, type = 'unknown') => {
    count(type, r.result);
    return reply.code(r.status).send({ error: { code: r.code, message: r.message, param: paramOf(r) } });
  };

  await app.register(async (scope) => {
    // The signature covers the exact bytes Stripe sent: take every body raw, whatever its type.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

    const path = deps.path ?? STRIPE_WEBHOOK_PATH;
    scope.post(path, { bodyLimit: 1_000_000 }, async (request, reply) => {
      const secret = deps.secret();
      if (!secret) {
        count('unknown', 'error');
        return reply.code(503).send({
          error: {
            code: 'webhooks_not_configured',
            message:
              path === STRIPE_WEBHOOK_PATH
                ? 'No Stripe webhook secret is configured.'
                : 'No Stripe Connect webhook secret is configured (STRIPE_CONNECT_WEBHOOK_SECRET).',
          },
        });
      }
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const header = request.headers['stripe-signature'];
      let event: unknown;
      try {
        event = Stripe.webhooks.constructEvent(
          raw,
          typeof header === 'string' ? header : '',
          secret,
          tolerance,
          undefined,
          now().getTime(),
        );
      } catch (error) {
        const refusal = signatureRefusal(error);
        request.log.warn({ code: refusal.code }, 'Stripe webhook refused');
        return refuse(reply, refusal);
      }
      if (!isEvent(event)) {
        return refuse(reply, {
          status: 400,
          code: 'malformed_event',
          message: 'The body is not a Stripe event (id, type, created, data).',
          result: 'malformed',
        });
      }
      // Signed, but text the database cannot store (a NUL, a lone surrogate): refused, not a 500.
      const unsafe = findUnsafeInput(event);
      if (unsafe) {
        return refuse(
          reply,
          {
            status: 400,
            code: 'malformed_event',
            message: `The event's ${unsafe.path || 'body'} ${unsafe.message}.`,
            result: 'malformed',
          },
          event.type,
        );
      }
      const lagSeconds = now().getTime() / 1000 - event.created;
      deps.metrics?.webhookLag.observe(Math.max(0, lagSeconds));
      let stored: StoreResult;
      try {
        stored = await inbox.store(event, raw.toString('utf8'));
      } catch (error) {
        count(event.type, 'error');
        request.log.error({ err: error, eventId: event.id }, 'could not store a Stripe event');
        // Not stored: Stripe retries the delivery.
        if (error instanceof DatabaseUnavailableError) {
          return reply
            .code(503)
            .header('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS))
            .send(databaseUnavailable().body());
        }
        return reply
          .code(503)
          .send({ error: { code: 'unavailable', message: 'The event could not be stored; retry later.' } });
      }
      if (stored === 'duplicate') count(event.type, 'duplicate');
      else if (stored === 'ignored') count(event.type, 'ignored');
      else deps.onStored?.();
      return reply.code(200).send({ received: true, ...(stored === 'duplicate' ? { duplicate: true } : {}) });
    });
  });
}
