// Stripe-shaped API errors. Every 4xx the sandbox sends is a StripeError turned into
// `{ error: { type, code, message, param, doc_url, request_log_url, ... } }`.
import type { Collection, Stored } from '../state/collection.ts';

export type StripeErrorType = 'invalid_request_error' | 'card_error' | 'idempotency_error' | 'api_error';

export interface StripeErrorInit {
  status: number;
  type: StripeErrorType;
  code?: string | undefined;
  message: string;
  param?: string | undefined;
  /** Extra fields for card errors (decline_code, charge, payment_intent). */
  extra?: Record<string, unknown>;
  /**
   * True for errors found while checking the request's parameters, before anything ran: those are
   * not stored under an idempotency key (Stripe lets the client retry them with the same key).
   */
  validation?: boolean;
}

export class StripeError extends Error {
  readonly status: number;
  readonly type: StripeErrorType;
  readonly code: string | undefined;
  readonly param: string | undefined;
  readonly extra: Record<string, unknown> | undefined;
  readonly validation: boolean;

  constructor(init: StripeErrorInit) {
    super(init.message);
    this.status = init.status;
    this.type = init.type;
    this.code = init.code;
    this.param = init.param;
    this.extra = init.extra;
    this.validation = init.validation ?? false;
  }

  body(requestId: string): { error: Record<string, unknown> } {
    const error: Record<string, unknown> = { type: this.type };
    if (this.code) error.code = this.code;
    if (this.code) error.doc_url = `https://stripe.com/docs/error-codes/${this.code.replaceAll('_', '-')}`;
    error.message = this.message;
    if (this.param !== undefined) error.param = this.param;
    error.request_log_url = `https://dashboard.stripe.com/test/logs/${requestId}`;
    if (this.extra) Object.assign(error, this.extra);
    return { error };
  }
}

/** A 400 about the request's parameters (not stored under an idempotency key). */
export function invalidParam(code: string, message: string, param?: string): StripeError {
  return new StripeError({
    status: 400,
    type: 'invalid_request_error',
    code,
    message,
    param,
    validation: true,
  });
}

/** A 400 from a business rule, found after the request started executing. */
export function invalidRequest(code: string, message: string, param?: string): StripeError {
  return new StripeError({ status: 400, type: 'invalid_request_error', code, message, param });
}

export function resourceMissing(kind: string, id: string, param = 'id'): StripeError {
  return new StripeError({
    status: 404,
    type: 'invalid_request_error',
    code: 'resource_missing',
    message: `No such ${kind}: '${id}'`,
    param,
  });
}

/** The object `id` names in `collection`, or Stripe's 404 for it (on `param`, the parameter that named it). */
export function mustFind<T extends Stored>(
  collection: Collection<T>,
  kind: string,
  id: string,
  param = 'id',
): T {
  const found = collection.get(id);
  if (!found) throw resourceMissing(kind, id, param);
  return found;
}

export function unknownParameter(name: string): StripeError {
  return invalidParam('parameter_unknown', `Received unknown parameter: ${name}`, name);
}

export function missingParameter(name: string): StripeError {
  return invalidParam('parameter_missing', `Missing required param: ${name}.`, name);
}

/** Two parameters that exclude each other, both given; `param` is the one Stripe's error names. */
export function exclusiveParameters(first: string, second: string, param: string): StripeError {
  return invalidParam(
    'parameters_exclusive',
    `You may only specify one of these parameters: ${first}, ${second}.`,
    param,
  );
}
