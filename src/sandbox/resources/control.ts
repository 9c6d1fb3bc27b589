import type { FastifyInstance } from 'fastify';
import type { Sandbox } from '../context.ts';
import { invalidParam } from '../http/errors.ts';
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
