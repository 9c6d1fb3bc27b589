import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStripeError, startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import { expectStripeShape } from '../support/stripe-shapes.ts';

// The lists kept on a parent object (an application fee's refunds, a transfer's reversals) through
// the official SDK: GET …/refunds and …/reversals give the newest first, as the parent embeds them;
// GET …/:id gives one; a missing parent or child is `resource_missing` naming the right param.
let t: TestSandbox;
let stripe: Stripe;
let fee: Stripe.ApplicationFee;
let transfer: Stripe.Transfer;

beforeAll(async () => {
  t = await startTestSandbox();
  stripe = t.stripe;
  const shop = await stripe.accounts.create({ type: 'express', country: 'US' });
  const pi = await stripe.paymentIntents.create({
    amount: 10_000,
    currency: 'usd',
    payment_method: 'pm_card_visa',
    confirm: true,
    allowed_payment_method_types: ['card'],
    transfer_data: { destination: shop.id },
    application_fee_amount: 1_000,
  });
  const charge = pi.latest_charge as string;
  for (const amount of [1_000, 2_000, 3_000]) {
    await stripe.refunds.create({ charge, amount, refund_application_fee: true, reverse_transfer: true });
  }
  const expanded = await stripe.charges.retrieve(charge, { expand: ['application_fee', 'transfer'] });
  fee = expanded.application_fee as Stripe.ApplicationFee;
  transfer = expanded.transfer as Stripe.Transfer;
});
afterAll(() => t.close());

describe('lists kept on their parent', () => {
  it("lists an application fee's refunds newest first, as the fee embeds them, and retrieves one", async () => {
    const all = await stripe.applicationFees.listRefunds(fee.id);
    expect(all.data.map((r) => r.amount)).toEqual([300, 200, 100]);
    expect({ has_more: all.has_more, url: all.url }).toEqual({
      has_more: false,
      url: `/v1/application_fees/${fee.id}/refunds`,
    });
    expect(all.data).toEqual(fee.refunds.data);
    const first = await stripe.applicationFees.listRefunds(fee.id, { limit: 2 });
    expect([first.data.map((r) => r.amount), first.has_more]).toEqual([[300, 200], true]);
    const one = await stripe.applicationFees.retrieveRefund(fee.id, all.data[1]!.id);
    expectStripeShape('fee_refund', one);
    expect(one).toEqual(all.data[1]);
  });

  it("lists a transfer's reversals newest first, as the transfer embeds them, and retrieves one", async () => {
    const all = await stripe.transfers.listReversals(transfer.id, { limit: 1 });
    expect(all.data.map((r) => r.amount)).toEqual([3_000]);
    expect({ has_more: all.has_more, url: all.url }).toEqual({
      has_more: true,
      url: `/v1/transfers/${transfer.id}/reversals`,
    });
    expect(all.data[0]).toEqual(transfer.reversals.data[0]);
    const id = transfer.reversals.data[2]!.id;
    expect(await stripe.transfers.retrieveReversal(transfer.id, id)).toEqual(transfer.reversals.data[2]);
  });

  it('names the missing parent or child, and refuses what these lists do not take', async () => {
    const missing = { status: 404, type: 'invalid_request_error', code: 'resource_missing' };
    await expectStripeError(stripe.applicationFees.listRefunds('fee_nope'), {
      ...missing,
      param: 'id',
      message: "No such application_fee: 'fee_nope'",
    });
    await expectStripeError(stripe.applicationFees.retrieveRefund('fee_nope', 'fr_nope'), {
      ...missing,
      param: 'fee',
    });
    await expectStripeError(stripe.applicationFees.retrieveRefund(fee.id, 'fr_nope'), {
      ...missing,
      param: 'id',
      message: "No such fee_refund: 'fr_nope'",
    });
    await expectStripeError(stripe.transfers.listReversals('tr_nope'), { ...missing, param: 'id' });
    await expectStripeError(stripe.transfers.retrieveReversal('tr_nope', 'trr_nope'), {
      ...missing,
      param: 'transfer',
    });
    await expectStripeError(stripe.transfers.retrieveReversal(transfer.id, 'trr_nope'), {
      ...missing,
      param: 'id',
      message: "No such transfer_reversal: 'trr_nope'",
    });
    await expectStripeError(stripe.transfers.listReversals(transfer.id, { limit: 0 }), {
      status: 400,
      type: 'invalid_request_error',
      code: 'parameter_invalid_integer',
      param: 'limit',
    });
    await expectStripeError(stripe.applicationFees.listRefunds(fee.id, { expand: ['data.fee'] }), {
      status: 400,
      type: 'invalid_request_error',
      code: 'parameter_unknown',
      param: 'expand',
    });
  });
});
