import type { FastifyInstance } from 'fastify';
import type { Sandbox } from '../context.ts';
import { invalidParam, resourceMissing } from '../http/errors.ts';
import type { Params } from '../http/form.ts';
import { sendError, sendJson } from '../http/http.ts';

// The sandbox's own control API (loopback by default; the pinned --api-key when one is set, see
// server.ts): tests drive time and state here.
export function registerControl(app: FastifyInstance, sandbox: Sandbox): void {
  app.get('/_sandbox/clock', (_req, reply) => sendJson(reply, 200, JSON.stringify(clockState(sandbox))));
  app.post('/_sandbox/clock/advance', (req, reply) => {
    const body = (req.body ?? {}) as Params;
    const query = (req.query ?? {}) as Params;
    const raw = body.seconds ?? query.seconds;
    const seconds = typeof raw === 'string' && /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isFinite(seconds) || seconds > 10 * 365 * 86400) {
      return sendError(
        reply,
        req.id,
        invalidParam(
          'parameter_invalid_integer',
          'seconds must be a non-negative number of seconds.',
          'seconds',
        ),
      );
    }
    sandbox.clock.advance(seconds);
    return sendJson(reply, 200, JSON.stringify(clockState(sandbox)));
  });
  // Moves a payment back in time (sandbox only: Stripe has no such thing), so a test or the demo
  // can have a payment captured long ago: the intent and its charge, by either id.
  app.post<{ Params: { id: string } }>('/_sandbox/payments/:id/backdate', (req, reply) => {
    const body = (req.body ?? {}) as Params;
    const query = (req.query ?? {}) as Params;
    const raw = body.seconds ?? query.seconds;
    const seconds = typeof raw === 'string' && /^\d{1,10}$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isFinite(seconds)) {
      return sendError(
        reply,
        req.id,
        invalidParam('parameter_invalid_integer', 'seconds must be a whole number of seconds.', 'seconds'),
      );
    }
    const { store } = sandbox;
    const id = req.params.id;
    const pi = store.paymentIntents.get(id);
    const charge = pi
      ? pi.latestCharge
        ? store.charges.get(pi.latestCharge)
        : undefined
      : store.charges.get(id);
    const intent = pi ?? (charge?.paymentIntent ? store.paymentIntents.get(charge.paymentIntent) : undefined);
    if (!intent && !charge) return sendError(reply, req.id, resourceMissing('payment', id, 'id'));
    const earliest = Math.min(
      intent?.created ?? Number.POSITIVE_INFINITY,
      charge?.created ?? Number.POSITIVE_INFINITY,
    );
    if (earliest - seconds < 0) {
      return sendError(
        reply,
        req.id,
        invalidParam('parameter_invalid_integer', 'That would be before 1970.', 'seconds'),
      );
    }
    if (intent) intent.created -= seconds;
    if (charge) charge.created -= seconds;
    store.recordsChanged({ charges: charge ? [charge] : [], paymentIntents: intent ? [intent] : [] });
    return sendJson(
      reply,
      200,
      JSON.stringify({ object: 'sandbox_backdate', id, created: (pi ? intent : charge)!.created }),
    );
  });
  app.post('/_sandbox/reset', (_req, reply) => {
    sandbox.reset();
    return sendJson(reply, 200, JSON.stringify({ object: 'sandbox_reset', ok: true }));
  });
}

function clockState(sandbox: Sandbox) {
  return {
    object: 'sandbox_clock',
    now: sandbox.clock.now(),
    offset_seconds: sandbox.clock.offsetMs() / 1000,
    pending_settlements: sandbox.settlement.pending,
  };
}
