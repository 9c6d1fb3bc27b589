import {
  exclusiveParameters,
  invalidParam,
  invalidRequest,
  missingParameter,
  unknownParameter,
} from '../http/errors.ts';
import type { ExpandField } from '../http/expand.ts';
import type { Params } from '../http/form.ts';
import type { RequestContext } from '../http/http.ts';
import { optionalBoolean, optionalId, optionalInteger } from '../http/params.ts';
import { fastId } from '../state/fast-id.ts';
import type {
  ApplicationFeeRecord,
  ChargeConnect,
  ChargeRecord,
  FeeRefundRecord,
  PaymentConnect,
  RefundRecord,
  TransferRecord,
  TransferReversalRecord,
} from '../state/records.ts';
import type { AccountScope, SandboxStore } from '../state/store.ts';
import { applicationFeeJson, PLATFORM_APPLICATION } from './application-fees.ts';
import { chargeJson, refundJson } from './objects.ts';
import { proportionalShare } from './proportional-share.ts';
import { reversalJson, transferJson } from './transfers.ts';

// Connect for payments and refunds: the platform's fee on a charge (`application_fee_amount`),
// destination charges (`transfer_data[destination]`, with `transfer_data[amount]`), direct charges
// (made with Stripe-Account on a connected account), and what a refund takes back of them
// (`refund_application_fee`, `reverse_transfer`). Application fees and transfers are the platform's
// objects; a destination charge's transfer lands on the connected account as a payment (`py_`),
// which a reversal refunds (`pyr_`, carrying `source_transfer_reversal`).

const AUTOMATIC_NONE = undefined;

function hash(params: Params, name: string, allowed: readonly string[]): Params | undefined {
  const value = params[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidParam('parameter_invalid_empty', 'Invalid hash', name);
  }
  for (const key of Object.keys(value)) if (!allowed.includes(key)) throw unknownParameter(`${name}[${key}]`);
  return value as Params;
}

/**
 * The Connect parameters of a new payment (payment intent or charge), checked as Stripe checks
 * them. Undefined for a platform's own payment that asks nothing of Connect.
 */
export function paymentConnectParams(
  ctx: RequestContext,
  params: Params,
  amount: number,
  kind: 'payment_intent' | 'charge',
): PaymentConnect | undefined {
  const store = ctx.sandbox.store;
  const fee = optionalInteger(params, 'application_fee_amount');
  const transferData = hash(params, 'transfer_data', ['destination', 'amount']);
  const onBehalfOf = optionalId(params, 'on_behalf_of') ?? null;
  const transferGroup = optionalId(params, 'transfer_group') ?? null;
  let destination: string | undefined;
  let transferAmount: number | undefined;
  if (transferData) {
    destination = optionalId(
      { 'transfer_data[destination]': transferData.destination },
      'transfer_data[destination]',
    );
    if (destination === undefined) {
      throw missingParameter('transfer_data[destination]');
    }
    transferAmount = optionalInteger(
      { 'transfer_data[amount]': transferData.amount },
      'transfer_data[amount]',
    );
    if (ctx.account) {
      throw invalidParam(
        'transfers_not_allowed',
        'transfer_data can only be used by the platform: make destination charges without Stripe-Account.',
        'transfer_data[destination]',
      );
    }
    if (!store.accounts.get(destination)) {
      throw invalidParam(
        'resource_missing',
        `No such destination: '${destination}'`,
        'transfer_data[destination]',
      );
    }
    if (transferAmount !== undefined && (transferAmount < 1 || transferAmount > amount)) {
      throw invalidParam(
        'parameter_invalid_integer',
        `transfer_data[amount] must be a positive integer no greater than the amount of the ${kind === 'charge' ? 'charge' : 'PaymentIntent'} (${amount}).`,
        'transfer_data[amount]',
      );
    }
    if (transferAmount !== undefined && fee !== undefined) {
      throw exclusiveParameters('application_fee_amount', 'transfer_data[amount]', 'application_fee_amount');
    }
  }
  if (fee !== undefined) {
    if (!ctx.account && !destination) {
      throw invalidParam(
        'parameter_missing',
        kind === 'payment_intent'
          ? 'Can only apply an application_fee_amount when the PaymentIntent is attempting a direct payment (using an OAuth key or Stripe-Account header) or destination payment (using `transfer_data[destination]`).'
          : 'Can only apply an application_fee_amount when the charge is a direct charge (using an OAuth key or Stripe-Account header) or a destination charge (using `transfer_data[destination]`).',
        'application_fee_amount',
      );
    }
    if (fee < 0 || fee > amount) {
      throw invalidParam(
        'parameter_invalid_integer',
        `application_fee_amount must be between 0 and the amount of the ${kind === 'charge' ? 'charge' : 'PaymentIntent'} (${amount}).`,
        'application_fee_amount',
      );
    }
  }
  if (onBehalfOf !== null && !store.accounts.get(onBehalfOf)) {
    throw invalidParam('resource_missing', `No such account: '${onBehalfOf}'`, 'on_behalf_of');
  }
  if (!ctx.account && fee === undefined && !destination && onBehalfOf === null && transferGroup === null) {
    return AUTOMATIC_NONE;
  }
  return {
    application: ctx.account ? PLATFORM_APPLICATION : null,
    applicationFeeAmount: fee ?? null,
    transferData: destination ? { destination, amount: transferAmount ?? null } : null,
    onBehalfOf,
    transferGroup,
  };
}

/** A charge's Connect fields, before its fee and transfer exist. */
export function chargeConnect(payment: PaymentConnect | undefined): ChargeConnect | undefined {
  if (!payment) return undefined;
  return { ...payment, applicationFee: null, transfer: null, sourceTransfer: null };
}

/**
 * What a succeeded charge does on Connect: collects its application fee and makes its destination
 * transfer (with the payment it lands as). Call once the charge is stored; returns the recording of
 * the events, to run after the charge's own `charge.succeeded`.
 */
export function collectConnect(ctx: RequestContext, charge: ChargeRecord): () => void {
  const c = charge.connect;
  if (!c || charge.status !== 'succeeded') return () => {};
  const store = ctx.sandbox.store;
  const now = ctx.sandbox.clock.now();
  let transfer: TransferRecord | undefined;
  let payment: ChargeRecord | undefined;
  let fee: ApplicationFeeRecord | undefined;
  const destination = c.transferData?.destination;
  if (destination) {
    const transferId = fastId('tr');
    payment = {
      id: fastId('py'),
      created: now,
      amount: c.transferData!.amount ?? charge.amount,
      currency: charge.currency,
      customer: null,
      description: null,
      metadata: {},
      paymentIntent: null,
      paymentMethod: '',
      card: charge.card,
      status: 'succeeded',
      amountRefunded: 0,
      balanceTransaction: fastId('txn'),
      refunds: [],
      connect: {
        application: PLATFORM_APPLICATION,
        applicationFeeAmount: null,
        transferData: null,
        onBehalfOf: null,
        transferGroup: c.transferGroup,
        applicationFee: null,
        transfer: null,
        sourceTransfer: transferId,
      },
    };
    transfer = {
      id: transferId,
      created: now,
      amount: payment.amount,
      currency: charge.currency,
      destination,
      destinationPayment: payment.id,
      sourceTransaction: charge.id,
      transferGroup: c.transferGroup,
      description: null,
      metadata: {},
      amountReversed: 0,
      reversals: [],
      balanceTransaction: fastId('txn'),
    };
    store.scope(destination)!.charges.add(payment);
    store.transfers.add(transfer);
    c.transfer = transfer.id;
  }
  if (c.applicationFeeAmount) {
    fee = {
      id: fastId('fee'),
      created: now,
      amount: c.applicationFeeAmount,
      currency: charge.currency,
      account: destination ?? ctx.account!,
      charge: payment ? payment.id : charge.id,
      originatingTransaction: payment ? charge.id : null,
      amountRefunded: 0,
      refunds: [],
      balanceTransaction: fastId('txn'),
    };
    store.applicationFees.add(fee);
    c.applicationFee = fee.id;
    if (payment) {
      payment.connect!.applicationFee = fee.id;
      payment.connect!.applicationFeeAmount = fee.amount;
    }
  }
  return () => {
    const request = ctx.eventRequest;
    if (fee) store.events.record('application_fee.created', applicationFeeJson(fee), request);
    if (transfer && payment) {
      store.events.record('transfer.created', transferJson(transfer), request);
      store.scope(transfer.destination)!.events.record('charge.succeeded', chargeJson(payment), request);
    }
  };
}

export interface ConnectRefundFlags {
  refundApplicationFee: boolean;
  reverseTransfer: boolean;
}

/** `refund_application_fee` and `reverse_transfer` as sent (false when absent). */
export function connectRefundFlags(params: Params): ConnectRefundFlags {
  return {
    refundApplicationFee: optionalBoolean(params, 'refund_application_fee') ?? false,
    reverseTransfer: optionalBoolean(params, 'reverse_transfer') ?? false,
  };
}

/**
 * Refuses what Stripe refuses for this charge: a fee refund on a charge without an application fee,
 * a reversal on a charge without a transfer, a refund of a destination payment. Business rules:
 * the error is kept under the idempotency key.
 */
export function checkConnectRefund(charge: ChargeRecord, flags: ConnectRefundFlags): void {
  if (charge.connect?.sourceTransfer) {
    throw invalidRequest(
      'charge_not_refundable',
      `Charge ${charge.id} is the payment of a transfer from your platform; refund the platform's charge with reverse_transfer instead.`,
      'charge',
    );
  }
  if (flags.reverseTransfer && !charge.connect?.transfer) {
    throw invalidRequest(
      'charge_invalid_parameter',
      'reverse_transfer can only be used with destination charges.',
      'reverse_transfer',
    );
  }
  if (flags.refundApplicationFee && !charge.connect?.applicationFee) {
    throw invalidRequest(
      'charge_invalid_parameter',
      'refund_application_fee can only be used by the Connect application that created the charge.',
      'refund_application_fee',
    );
  }
}

/**
 * Takes back the refund's share of the fee and of the transfer (proportional-share.ts), after the
 * refund was stored and the charge's `amount_refunded` raised. Returns the recording of the events
 * (`application_fee.refunded`, `transfer.reversed`, and on the connected account the refund of the
 * destination payment), to run after the refund's own.
 */
export function refundConnect(
  ctx: RequestContext,
  charge: ChargeRecord,
  refund: RefundRecord,
  flags: ConnectRefundFlags,
): () => void {
  const c = charge.connect;
  if (!c) return () => {};
  const store = ctx.sandbox.store;
  const now = ctx.sandbox.clock.now();
  const completes = charge.amountRefunded >= charge.amount;
  // The refund's share of a fee or transfer of `total`, of which `left` is not yet taken back.
  const shareOf = (total: number, left: number) =>
    proportionalShare(total, refund.amount, charge.amount, left, completes);
  let fee: ApplicationFeeRecord | undefined;
  let transfer: TransferRecord | undefined;
  let payment: ChargeRecord | undefined;
  let paymentRefund: RefundRecord | undefined;
  if (flags.refundApplicationFee && c.applicationFee) {
    fee = store.applicationFees.get(c.applicationFee);
    const share = fee ? shareOf(fee.amount, fee.amount - fee.amountRefunded) : 0;
    if (fee && share > 0) {
      const feeRefund: FeeRefundRecord = {
        id: fastId('fr'),
        created: now,
        amount: share,
        currency: fee.currency,
        fee: fee.id,
        metadata: {},
        balanceTransaction: fastId('txn'),
      };
      fee.refunds.push(feeRefund);
      fee.amountRefunded += share;
      refund.feeRefund = feeRefund.id;
    } else {
      fee = undefined;
    }
  }
  if (flags.reverseTransfer && c.transfer) {
    transfer = store.transfers.get(c.transfer);
    const share = transfer ? shareOf(transfer.amount, transfer.amount - transfer.amountReversed) : 0;
    const destination = transfer ? store.scope(transfer.destination) : undefined;
    payment = transfer ? destination?.charges.get(transfer.destinationPayment) : undefined;
    if (transfer && destination && payment && share > 0) {
      const reversal: TransferReversalRecord = {
        id: fastId('trr'),
        created: now,
        amount: share,
        currency: transfer.currency,
        transfer: transfer.id,
        sourceRefund: refund.id,
        destinationPaymentRefund: null,
        metadata: {},
        balanceTransaction: fastId('txn'),
      };
      paymentRefund = {
        id: fastId('pyr'),
        created: now,
        amount: share,
        currency: payment.currency,
        charge: payment.id,
        paymentIntent: null,
        customer: null,
        paymentMethod: '',
        metadata: {},
        reason: null,
        status: 'succeeded',
        balanceTransaction: fastId('txn'),
        behaviour: 'succeed',
        sourceTransferReversal: reversal.id,
      };
      reversal.destinationPaymentRefund = paymentRefund.id;
      transfer.reversals.push(reversal);
      transfer.amountReversed += share;
      payment.refunds.push(destination.refunds.add(paymentRefund));
      payment.amountRefunded += share;
      refund.transferReversal = reversal.id;
    } else {
      transfer = undefined;
    }
  }
  return () => {
    const request = ctx.eventRequest;
    if (fee) store.events.record('application_fee.refunded', applicationFeeJson(fee), request);
    if (transfer) store.events.record('transfer.reversed', transferJson(transfer), request);
    if (transfer && payment && paymentRefund) {
      const destination = store.scope(transfer.destination)!;
      destination.events.record('refund.created', refundJson(paymentRefund), request);
      destination.events.record('charge.refunded', chargeJson(payment), request);
    }
  };
}

/** `expand[]` of a charge's Connect objects (the platform's). */
export const CHARGE_CONNECT_EXPAND = ['application_fee', 'transfer'] as const;
/** `expand[]` of a refund's transfer reversals. */
export const REFUND_CONNECT_EXPAND = ['transfer_reversal', 'source_transfer_reversal'] as const;

/** Expands a charge's Connect objects (the platform's). */
export function expandChargeConnect(platform: SandboxStore, charge: ChargeRecord, expand: ExpandField): void {
  const c = charge.connect;
  expand('application_fee', c?.applicationFee, platform.applicationFees, applicationFeeJson);
  expand('transfer', c?.transfer, platform.transfers, transferJson);
}

/** Expands a refund's transfer reversals (kept on the platform's transfer of its charge). */
export function expandRefundConnect(
  platform: SandboxStore,
  scope: AccountScope,
  refund: RefundRecord,
  expand: ExpandField,
): void {
  const charge = scope.charges.get(refund.charge);
  const transferId = charge?.connect?.transfer ?? charge?.connect?.sourceTransfer;
  const transfer = transferId ? platform.transfers.get(transferId) : undefined;
  const reversals = { get: (id: string) => transfer?.reversals.find((r) => r.id === id) };
  expand('transfer_reversal', refund.transferReversal, reversals, reversalJson);
  expand('source_transfer_reversal', refund.sourceTransferReversal, reversals, reversalJson);
}
