import type { FastifyInstance } from 'fastify';
import { formatMoney, minorUnitDigits } from '../../shared/money.ts';
import type { Sandbox } from '../context.ts';
import {
  exclusiveParameters,
  invalidParam,
  missingParameter,
  mustFind,
  StripeError,
} from '../http/errors.ts';
import { expander } from '../http/expand.ts';
import type { Params } from '../http/form.ts';
import { get, post, type RequestContext, unsupported } from '../http/http.ts';
import { listPage, listParams } from '../http/lists.ts';
import {
  applyMetadata,
  arrayValues,
  currencyParam,
  expandParam,
  LIST_PARAMS,
  metadataParam,
  optionalBoolean,
  optionalId,
  optionalInteger,
  optionalString,
  rejectUnknown,
} from '../http/params.ts';
import { positionsWhere } from '../state/collection.ts';
import { fastId } from '../state/fast-id.ts';
import type {
  ChargeRecord,
  Metadata,
  PaymentConnect,
  PaymentCore,
  PaymentIntentRecord,
  TestCard,
} from '../state/records.ts';
import type { AccountScope } from '../state/store.ts';
import {
  CHARGE_CONNECT_EXPAND,
  chargeConnect,
  collectConnect,
  expandChargeConnect,
  paymentConnectParams,
} from './connect.ts';
import { scheduleDispute } from './disputes.ts';
import { chargeJson, chargeRefundsList, paymentIntentJson, paymentMethodJson } from './objects.ts';
import { cardForPaymentMethod, cardForToken } from './test-cards.ts';

// Payments to refund: PaymentIntents (create, retrieve, confirm) and legacy Charges (create,
// retrieve, list). Only card test payment methods exist; they always capture at once.

const MAX_AMOUNT = 99_999_999;

function amountParam(params: Params, currency: string, code: string): number {
  const amount = optionalInteger(params, 'amount');
  if (amount === undefined) throw missingParameter('amount');
  const minimum = minorUnitDigits(currency) === 0 ? 50 : 50;
  if (amount < 1) {
    throw invalidParam(
      'parameter_invalid_integer',
      'This value must be greater than or equal to 1.',
      'amount',
    );
  }
  if (amount < minimum && minorUnitDigits(currency) > 0) {
    throw invalidParam(
      'amount_too_small',
      `Amount must be at least ${formatMoney(minimum, currency)} ${currency}`,
      'amount',
    );
  }
  if (amount > MAX_AMOUNT) {
    throw invalidParam(
      'amount_too_large',
      `Amount must be no more than ${formatMoney(MAX_AMOUNT, currency)}`,
      'amount',
    );
  }
  void code;
  return amount;
}

function newMetadata(params: Params): Metadata {
  return applyMetadata({}, metadataParam(params));
}

function declineError(card: TestCard, charge: ChargeRecord, pi?: PaymentIntentRecord): StripeError {
  const decline = card.decline!;
  const extra: Record<string, unknown> = { decline_code: decline.declineCode, charge: charge.id };
  if (pi) {
    extra.payment_intent = paymentIntentJson(pi);
    extra.payment_method = paymentMethodJson(pi);
  }
  return new StripeError({
    status: 402,
    type: 'card_error',
    code: decline.code,
    message: decline.message,
    extra,
  });
}

/**
 * Attaches a payment method to an intent. A test alias (`pm_card_visa`) becomes a new PaymentMethod
 * with its own `pm_` id, as at Stripe; the intent's own PaymentMethod id is kept.
 */
function attachPaymentMethod(pi: PaymentIntentRecord, pm: string, card: TestCard, now: number): void {
  if (pm === pi.paymentMethod && pi.paymentMethodCard) return;
  pi.paymentMethod = fastId('pm');
  pi.paymentMethodCard = card;
  pi.paymentMethodCreated = now;
}

/** Creates the charge of a payment and records charge.succeeded / charge.failed. */
function createCharge(
  ctx: RequestContext,
  fields: Omit<PaymentCore, 'id' | 'created'> &
    Pick<ChargeRecord, 'paymentIntent' | 'paymentMethod' | 'card'> & {
      receiptEmail: string | null;
      connect: PaymentConnect | undefined;
    },
): ChargeRecord {
  const store = ctx.scope;
  const { clock } = ctx.sandbox;
  const failed = fields.card.decline !== undefined;
  const { connect, ...rest } = fields;
  const charge: ChargeRecord = {
    id: fastId('ch'),
    created: clock.now(),
    ...rest,
    status: failed ? 'failed' : 'succeeded',
    amountRefunded: 0,
    balanceTransaction: failed ? null : fastId('txn'),
    refunds: [],
  };
  const connectFields = chargeConnect(connect);
  if (connectFields) charge.connect = connectFields;
  store.charges.add(charge);
  // The fee and the transfer exist before charge.succeeded is recorded, so that event names them.
  const recordConnect = collectConnect(ctx, charge);
  store.events.record(failed ? 'charge.failed' : 'charge.succeeded', chargeJson(charge), ctx.eventRequest);
  if (!failed && fields.card.dispute) scheduleDispute(ctx.sandbox, charge.id, store.account);
  recordConnect();
  return charge;
}

/** The Connect parameters of payment intents and charges (connect.ts). */
const CONNECT = ['application_fee_amount', 'transfer_data', 'on_behalf_of', 'transfer_group'];

const PI_CREATE = new Set([
  ...CONNECT,
  'amount',
  'currency',
  'payment_method',
  'confirm',
  'metadata',
  'customer',
  'payment_method_types',
  'allowed_payment_method_types',
  'automatic_payment_methods',
  'description',
  'expand',
  'return_url',
  'capture_method',
  'receipt_email',
  'statement_descriptor',
  'statement_descriptor_suffix',
]);
const PI_CONFIRM = new Set(['payment_method', 'return_url', 'expand', 'receipt_email']);
const PI_EXPAND = new Set(['latest_charge']);

function piResponse(
  store: AccountScope,
  pi: PaymentIntentRecord,
  expand: Set<string>,
): Record<string, unknown> {
  const out = paymentIntentJson(pi);
  expander(out, expand)('latest_charge', pi.latestCharge, store.charges, chargeJson);
  return out;
}

function paymentMethodCard(pm: string, pi?: PaymentIntentRecord): TestCard {
  const card =
    pi && pm === pi.paymentMethod
      ? (pi.paymentMethodCard ?? cardForPaymentMethod(pm))
      : cardForPaymentMethod(pm);
  if (!card) throw invalidParam('resource_missing', `No such PaymentMethod: '${pm}'`, 'payment_method');
  return card;
}

function confirmIntent(ctx: RequestContext, pi: PaymentIntentRecord): void {
  const store = ctx.scope;
  if (!pi.paymentMethod) {
    throw invalidParam(
      'payment_intent_unexpected_state',
      "You cannot confirm this PaymentIntent because it's missing a payment method. To confirm the PaymentIntent with a payment method, provide payment_method.",
      'payment_method',
    );
  }
  const card = paymentMethodCard(pi.paymentMethod, pi);
  const charge = createCharge(ctx, {
    amount: pi.amount,
    currency: pi.currency,
    customer: pi.customer,
    description: pi.description,
    metadata: { ...pi.metadata },
    paymentIntent: pi.id,
    paymentMethod: pi.paymentMethod,
    card,
    receiptEmail: pi.receiptEmail ?? null,
    connect: pi.connect,
  });
  pi.latestCharge = charge.id;
  if (card.decline) {
    pi.status = 'requires_payment_method';
    pi.lastPaymentError = {
      type: 'card_error',
      code: card.decline.code,
      decline_code: card.decline.declineCode,
      message: card.decline.message,
      charge: charge.id,
    };
    store.events.record('payment_intent.payment_failed', paymentIntentJson(pi), ctx.eventRequest);
    throw declineError(card, charge, pi);
  }
  pi.status = 'succeeded';
  pi.lastPaymentError = null;
  store.events.record('payment_intent.succeeded', paymentIntentJson(pi), ctx.eventRequest);
}

function createPaymentIntent(ctx: RequestContext): unknown {
  const { params } = ctx;
  const store = ctx.scope;
  const { clock } = ctx.sandbox;
  rejectUnknown(params, PI_CREATE);
  const currency = currencyParam(params, 'currency', 'payment_intent_invalid_parameter', true)!;
  const amount = amountParam(params, currency, 'payment_intent_invalid_parameter');
  const expand = expandParam(params, PI_EXPAND);
  const paymentMethod = optionalId(params, 'payment_method');
  const card = paymentMethod === undefined ? undefined : paymentMethodCard(paymentMethod);
  const confirm = optionalBoolean(params, 'confirm') ?? false;
  const customer = optionalId(params, 'customer') ?? null;
  const description = optionalString(params, 'description') ?? null;
  optionalString(params, 'return_url');
  const receiptEmail = optionalId(params, 'receipt_email') ?? null;
  optionalString(params, 'statement_descriptor');
  optionalString(params, 'statement_descriptor_suffix');
  const capture = optionalString(params, 'capture_method');
  if (capture !== undefined && capture !== 'automatic' && capture !== 'automatic_async') {
    throw invalidParam(
      'payment_intent_invalid_parameter',
      'The sandbox only supports capture_method=automatic.',
      'capture_method',
    );
  }
  const metadata = newMetadata(params);
  const connect = paymentConnectParams(ctx, params, amount, 'payment_intent');
  const types = paymentMethodTypes(params);
  const automatic = automaticPaymentMethods(params);
  if (types && automatic?.enabled) {
    throw exclusiveParameters(
      'automatic_payment_methods',
      'payment_method_types',
      'automatic_payment_methods',
    );
  }
  const pi: PaymentIntentRecord = {
    id: fastId('pi'),
    created: clock.now(),
    amount,
    currency,
    customer,
    description,
    metadata,
    paymentMethod: null,
    receiptEmail,
    paymentMethodTypes: types ?? ['card'],
    allowedPaymentMethodTypes: params.allowed_payment_method_types !== undefined ? (types ?? null) : null,
    automaticPaymentMethods: automatic ?? (types ? null : { enabled: true }),
    status: paymentMethod ? 'requires_confirmation' : 'requires_payment_method',
    latestCharge: null,
    lastPaymentError: null,
    clientSecret: '',
    refunds: [],
  };
  if (connect) pi.connect = connect;
  pi.clientSecret = `${pi.id}_secret_${fastId('s').slice(2)}`;
  if (paymentMethod !== undefined) attachPaymentMethod(pi, paymentMethod, card!, pi.created);
  store.paymentIntents.add(pi);
  store.events.record('payment_intent.created', paymentIntentJson(pi), ctx.eventRequest);
  if (confirm) confirmIntent(ctx, pi);
  return piResponse(store, pi, expand);
}

/** `payment_method_types`, or `allowed_payment_method_types` as API 2026-10-28 (the SDK's) names it. */
function paymentMethodTypes(params: Params): string[] | undefined {
  const name =
    params.allowed_payment_method_types !== undefined
      ? 'allowed_payment_method_types'
      : 'payment_method_types';
  if (name === 'allowed_payment_method_types' && params.payment_method_types !== undefined) {
    throw exclusiveParameters('allowed_payment_method_types', 'payment_method_types', 'payment_method_types');
  }
  const value = params[name];
  if (value === undefined || value === '') return undefined;
  const list = arrayValues(value);
  if (!list || list.length === 0)
    throw invalidParam('parameter_invalid_empty', 'Invalid array', 'payment_method_types');
  for (const t of list) {
    if (t !== 'card') {
      throw invalidParam(
        'payment_intent_invalid_parameter',
        `The payment method type ${typeof t === 'string' ? JSON.stringify(t) : 'provided'} is invalid. The sandbox supports: card.`,
        name,
      );
    }
  }
  return list as string[];
}

function automaticPaymentMethods(params: Params): { enabled: boolean; allow_redirects?: string } | undefined {
  const value = params.automatic_payment_methods;
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidParam('parameter_invalid_empty', 'Invalid hash', 'automatic_payment_methods');
  }
  const v = value as Params;
  for (const key of Object.keys(v)) {
    if (key !== 'enabled' && key !== 'allow_redirects') {
      throw invalidParam(
        'parameter_unknown',
        `Received unknown parameter: automatic_payment_methods[${key}]`,
        `automatic_payment_methods[${key}]`,
      );
    }
  }
  const enabled = optionalBoolean(
    { 'automatic_payment_methods[enabled]': v.enabled },
    'automatic_payment_methods[enabled]',
  );
  if (enabled === undefined) {
    throw missingParameter('automatic_payment_methods[enabled]');
  }
  const redirects = v.allow_redirects;
  if (redirects !== undefined && redirects !== 'always' && redirects !== 'never') {
    throw invalidParam(
      'parameter_invalid_empty',
      'Invalid automatic_payment_methods[allow_redirects]: must be one of always, never',
      'automatic_payment_methods[allow_redirects]',
    );
  }
  return redirects ? { enabled, allow_redirects: redirects } : { enabled };
}

function findIntent(store: AccountScope, id: string): PaymentIntentRecord {
  return mustFind(store.paymentIntents, 'payment_intent', id);
}

const CHARGE_CREATE = new Set([
  ...CONNECT,
  'amount',
  'currency',
  'source',
  'customer',
  'description',
  'metadata',
  'expand',
  'capture',
  'receipt_email',
  'statement_descriptor',
]);
const CHARGE_EXPAND = new Set(['refunds', 'payment_intent', ...CHARGE_CONNECT_EXPAND]);
const CHARGE_LIST = new Set([...LIST_PARAMS, 'customer', 'payment_intent']);
const CHARGE_LIST_EXPAND = new Set([...CHARGE_EXPAND].map((e) => `data.${e}`));

/** A charge as answered, with the fields `expand` names (under `prefix`, 'data.' in a list) expanded. */
export function chargeResponse(ctx: RequestContext, charge: ChargeRecord, expand: Set<string>, prefix = '') {
  const out = chargeJson(charge);
  const expandField = expander(out, expand, prefix);
  expandChargeConnect(ctx.sandbox.store, charge, expandField);
  // The refunds are a list kept on the charge, not an id.
  if (expand.has(`${prefix}refunds`)) out.refunds = chargeRefundsList(ctx.scope, charge);
  expandField('payment_intent', charge.paymentIntent, ctx.scope.paymentIntents, paymentIntentJson);
  return out;
}

function createChargeRoute(ctx: RequestContext): unknown {
  const { params } = ctx;
  rejectUnknown(params, CHARGE_CREATE);
  const currency = currencyParam(params, 'currency', 'charge_invalid_parameter', true)!;
  const amount = amountParam(params, currency, 'charge_invalid_parameter');
  const expand = expandParam(params, CHARGE_EXPAND);
  const source = optionalId(params, 'source');
  if (source === undefined) {
    throw invalidParam('parameter_missing', 'Must provide source or customer.', 'source');
  }
  const capture = optionalBoolean(params, 'capture');
  if (capture === false) {
    throw invalidParam('charge_invalid_parameter', 'The sandbox only supports captured charges.', 'capture');
  }
  const receiptEmail = optionalId(params, 'receipt_email') ?? null;
  optionalString(params, 'statement_descriptor');
  const customer = optionalId(params, 'customer') ?? null;
  const description = optionalString(params, 'description') ?? null;
  const metadata = newMetadata(params);
  const connect = paymentConnectParams(ctx, params, amount, 'charge');
  const card = cardForToken(source);
  if (!card) throw invalidParam('resource_missing', `No such token: '${source}'`, 'source');
  const charge = createCharge(ctx, {
    amount,
    currency,
    customer,
    description,
    metadata,
    paymentIntent: null,
    paymentMethod: fastId('card'),
    card,
    receiptEmail,
    connect,
  });
  if (card.decline) throw declineError(card, charge);
  return chargeResponse(ctx, charge, expand);
}

/** The positions of the charges a list's filters keep (undefined: all of them). */
function chargesMatching(store: AccountScope, params: Params): number[] | undefined {
  const customer = optionalId(params, 'customer');
  const piId = optionalId(params, 'payment_intent');
  if (customer !== undefined) {
    // Customers are not indexed (charges by customer are rare in refund tests): filter a scan.
    return positionsWhere(
      store.charges.items,
      (c) => c.customer === customer && (piId === undefined || c.paymentIntent === piId),
    );
  }
  if (piId === undefined) return undefined;
  const latest = store.paymentIntents.get(piId)?.latestCharge;
  return latest ? [store.charges.position(latest)!] : [];
}

function listCharges(ctx: RequestContext): unknown {
  const list = listParams(ctx.params, CHARGE_LIST, CHARGE_LIST_EXPAND);
  const positions = chargesMatching(ctx.scope, ctx.params);
  const source = { kind: 'charge', collection: ctx.scope.charges, positions };
  return listPage(ctx.params, list, source, '/v1/charges', (c) =>
    chargeResponse(ctx, c, list.expand, 'data.'),
  );
}

export function registerPayments(app: FastifyInstance, sandbox: Sandbox): void {
  unsupported(app, 'GET', '/v1/payment_intents/search');
  unsupported(app, 'GET', '/v1/charges/search');
  post(app, sandbox, '/v1/payment_intents', createPaymentIntent);
  get(app, sandbox, '/v1/payment_intents/:intent', (ctx) => {
    rejectUnknown(ctx.params, new Set(['expand', 'client_secret']));
    const expand = expandParam(ctx.params, PI_EXPAND);
    return piResponse(ctx.scope, findIntent(ctx.scope, ctx.path.intent!), expand);
  });
  post(app, sandbox, '/v1/payment_intents/:intent/confirm', (ctx) => {
    const { params } = ctx;
    rejectUnknown(params, PI_CONFIRM);
    const expand = expandParam(params, PI_EXPAND);
    const pm = optionalId(params, 'payment_method');
    const receiptEmail = optionalId(params, 'receipt_email');
    const pi = findIntent(ctx.scope, ctx.path.intent!);
    const card = pm === undefined ? undefined : paymentMethodCard(pm, pi);
    if (pi.status !== 'requires_confirmation' && pi.status !== 'requires_payment_method') {
      throw new StripeError({
        status: 400,
        type: 'invalid_request_error',
        code: 'payment_intent_unexpected_state',
        message: `You cannot confirm this PaymentIntent because it has a status of ${pi.status}.`,
        extra: { payment_intent: paymentIntentJson(pi) },
      });
    }
    if (pm !== undefined) attachPaymentMethod(pi, pm, card!, ctx.sandbox.clock.now());
    if (receiptEmail !== undefined) pi.receiptEmail = receiptEmail;
    confirmIntent(ctx, pi);
    return piResponse(ctx.scope, pi, expand);
  });
  post(app, sandbox, '/v1/charges', createChargeRoute);
  get(app, sandbox, '/v1/charges', listCharges);
  get(app, sandbox, '/v1/charges/:charge', (ctx) => {
    rejectUnknown(ctx.params, new Set(['expand']));
    const expand = expandParam(ctx.params, CHARGE_EXPAND);
    const charge = mustFind(ctx.scope.charges, 'charge', ctx.path.charge!);
    return chargeResponse(ctx, charge, expand);
  });
}
