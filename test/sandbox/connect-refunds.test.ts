import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { expectStripeError, sandboxForFile, startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import { expectStripeShape } from '../support/stripe-shapes.ts';

// Connect charges and their refunds through the official SDK: application fees, destination
// charges (transfers and the payments they make), direct charges on connected accounts, and what
// `refund_application_fee` and `reverse_transfer` take back.
let t: TestSandbox;
let stripe: Stripe;
sandboxForFile({}, (s) => {
  t = s;
  stripe = s.stripe;
});

const on = (account: string) => ({ stripeAccount: account });

async function connected(): Promise<Stripe.Account> {
  return stripe.accounts.create({ type: 'express', country: 'US' });
}

/** A destination charge made through a payment intent. */
async function destinationCharge(
  destination: string,
  amount: number,
  extra: Partial<Stripe.PaymentIntentCreateParams> = {},
): Promise<{ pi: Stripe.PaymentIntent; charge: Stripe.Charge }> {
  const pi = await stripe.paymentIntents.create({
    amount,
    currency: 'usd',
    payment_method: 'pm_card_visa',
    confirm: true,
    allowed_payment_method_types: ['card'],
    transfer_data: { destination },
    ...extra,
  });
  expectStripeShape('payment_intent', pi);
  const charge = await stripe.charges.retrieve(pi.latest_charge as string);
  expectStripeShape('charge', charge);
  return { pi, charge };
}

async function balance(account?: string): Promise<number> {
  const b = await stripe.balance.retrieve({}, account ? on(account) : {});
  expectStripeShape('balance', b);
  return b.available.find((x) => x.currency === 'usd')?.amount ?? 0;
}

describe('platform charges', () => {
  it('makes a destination charge: fee, transfer, on_behalf_of, transfer_group, and the payment on the connected account', async () => {
    const shop = await connected();
    const { pi, charge } = await destinationCharge(shop.id, 10_000, {
      application_fee_amount: 1_230,
      on_behalf_of: shop.id,
      transfer_group: 'order_42',
    });
    expect(pi).toMatchObject({
      application: null,
      application_fee_amount: 1_230,
      on_behalf_of: shop.id,
      transfer_data: { destination: shop.id },
      transfer_group: 'order_42',
    });
    expect(charge).toMatchObject({
      application_fee_amount: 1_230,
      on_behalf_of: shop.id,
      transfer_data: { amount: null, destination: shop.id },
      transfer_group: 'order_42',
    });
    expect(charge.application_fee).toMatch(/^fee_/);
    expect(charge.transfer).toMatch(/^tr_/);

    const fee = await stripe.applicationFees.retrieve(charge.application_fee as string);
    expectStripeShape('application_fee', fee);
    const transfer = await stripe.transfers.retrieve(charge.transfer as string);
    expectStripeShape('transfer', transfer);
    // The whole amount goes to the connected account, and the fee comes back from it.
    expect(transfer).toMatchObject({
      amount: 10_000,
      amount_reversed: 0,
      currency: 'usd',
      destination: shop.id,
      source_transaction: charge.id,
      transfer_group: 'order_42',
      reversed: false,
    });
    expect(transfer.destination_payment).toMatch(/^py_/);
    expect(fee).toMatchObject({
      account: shop.id,
      amount: 1_230,
      amount_refunded: 0,
      charge: transfer.destination_payment,
      originating_transaction: charge.id,
      refunded: false,
      refunds: { object: 'list', data: [], has_more: false },
    });
    const payment = await stripe.charges.retrieve(transfer.destination_payment as string, {}, on(shop.id));
    expectStripeShape('charge', payment);
    expect(payment).toMatchObject({
      amount: 10_000,
      source_transfer: transfer.id,
      application_fee: fee.id,
      application_fee_amount: 1_230,
      payment_method: null,
      payment_method_details: { type: 'stripe_account', stripe_account: {} },
    });
    // Fees and transfers are the platform's; the payment is the connected account's.
    await expectStripeError(stripe.charges.retrieve(payment.id), {
      status: 404,
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'id',
    });
    await expectStripeError(stripe.applicationFees.retrieve(fee.id, {}, on(shop.id)), {
      status: 404,
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'id',
      message: `No such application_fee: '${fee.id}'`,
    });
    await expectStripeError(stripe.transfers.retrieve(transfer.id, {}, on(shop.id)), {
      status: 404,
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'id',
    });
    const fees = await stripe.applicationFees.list({ charge: charge.id });
    expectStripeShape('list', fees, 'application_fee');
    expect(fees.data.map((f) => f.id)).toEqual([fee.id]);
    const transfers = await stripe.transfers.list({ destination: shop.id });
    expectStripeShape('list', transfers, 'transfer');
    expect(transfers.data.map((x) => x.id)).toEqual([transfer.id]);

    const types = (await stripe.events.list()).data.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['application_fee.created', 'transfer.created']));
    const shopEvents = await stripe.events.list({}, on(shop.id));
    expect(shopEvents.data.map((e) => [e.type, e.account, (e.data.object as { id: string }).id])).toEqual([
      ['charge.succeeded', shop.id, payment.id],
    ]);
    // Money: the platform keeps the fee, the connected account the rest.
    expect([await balance(), await balance(shop.id)]).toEqual([1_230, 8_770]);
  });

  it('sends transfer_data[amount] on a destination charge (legacy charges too)', async () => {
    const shop = await connected();
    const charge = await stripe.charges.create({
      amount: 5_000,
      currency: 'usd',
      source: 'tok_visa',
      transfer_data: { destination: shop.id, amount: 4_100 },
    });
    expectStripeShape('charge', charge);
    expect([charge.application_fee, charge.transfer_data]).toEqual([
      null,
      { amount: 4_100, destination: shop.id },
    ]);
    const transfer = await stripe.transfers.retrieve(charge.transfer as string);
    expect([transfer.amount, transfer.destination]).toEqual([4_100, shop.id]);
    expect([await balance(), await balance(shop.id)]).toEqual([900, 4_100]);
    // A charge of the platform's own has no Connect fields.
    const own = await stripe.charges.create({ amount: 1_000, currency: 'usd', source: 'tok_visa' });
    expect(own).not.toHaveProperty('transfer');
    expect([own.application, own.application_fee, own.transfer_data, own.on_behalf_of]).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });

  it('makes a direct charge on a connected account, with the fee collected by the platform', async () => {
    const shop = await connected();
    const pi = await stripe.paymentIntents.create(
      {
        amount: 2_000,
        currency: 'usd',
        payment_method: 'pm_card_visa',
        confirm: true,
        allowed_payment_method_types: ['card'],
        application_fee_amount: 200,
      },
      on(shop.id),
    );
    expectStripeShape('payment_intent', pi);
    expect(pi.application).toMatch(/^ca_/);
    const charge = await stripe.charges.retrieve(pi.latest_charge as string, {}, on(shop.id));
    expectStripeShape('charge', charge);
    expect(charge).toMatchObject({
      application: pi.application,
      application_fee_amount: 200,
      transfer_data: null,
    });
    expect(charge).not.toHaveProperty('transfer');
    const fee = await stripe.applicationFees.retrieve(charge.application_fee as string);
    expectStripeShape('application_fee', fee);
    expect(fee).toMatchObject({
      account: shop.id,
      charge: charge.id,
      originating_transaction: null,
      amount: 200,
    });
    expect([await balance(), await balance(shop.id)]).toEqual([200, 1_800]);
  });

  it('validates Connect parameters as Stripe does', async () => {
    const shop = await connected();
    await expectStripeError(
      stripe.paymentIntents.create({ amount: 1_000, currency: 'usd', application_fee_amount: 100 }),
      {
        status: 400,
        type: 'invalid_request_error',
        code: 'parameter_missing',
        param: 'application_fee_amount',
        message:
          'Can only apply an application_fee_amount when the PaymentIntent is attempting a direct payment (using an OAuth key or Stripe-Account header) or destination payment (using `transfer_data[destination]`).',
      },
    );
    await expectStripeError(
      stripe.paymentIntents.create({
        amount: 1_000,
        currency: 'usd',
        transfer_data: { destination: 'acct_nope' },
      }),
      {
        status: 400,
        type: 'invalid_request_error',
        code: 'resource_missing',
        param: 'transfer_data[destination]',
        message: "No such destination: 'acct_nope'",
      },
    );
    await expectStripeError(
      stripe.paymentIntents.create({
        amount: 1_000,
        currency: 'usd',
        application_fee_amount: 100,
        transfer_data: { destination: shop.id, amount: 800 },
      }),
      {
        status: 400,
        type: 'invalid_request_error',
        code: 'parameters_exclusive',
        param: 'application_fee_amount',
      },
    );
    await expectStripeError(
      stripe.charges.create({
        amount: 1_000,
        currency: 'usd',
        source: 'tok_visa',
        transfer_data: { destination: shop.id, amount: 1_001 },
      }),
      {
        status: 400,
        type: 'invalid_request_error',
        code: 'parameter_invalid_integer',
        param: 'transfer_data[amount]',
      },
    );
    await expectStripeError(
      stripe.paymentIntents.create(
        { amount: 1_000, currency: 'usd', application_fee_amount: 1_001 },
        on(shop.id),
      ),
      {
        status: 400,
        type: 'invalid_request_error',
        code: 'parameter_invalid_integer',
        param: 'application_fee_amount',
      },
    );
    await expectStripeError(
      stripe.paymentIntents.create({ amount: 1_000, currency: 'usd', on_behalf_of: 'acct_nope' }),
      { status: 400, type: 'invalid_request_error', code: 'resource_missing', param: 'on_behalf_of' },
    );
    await expectStripeError(
      stripe.paymentIntents.create(
        { amount: 1_000, currency: 'usd', transfer_data: { destination: shop.id } },
        on(shop.id),
      ),
      {
        status: 400,
        type: 'invalid_request_error',
        code: 'transfers_not_allowed',
        param: 'transfer_data[destination]',
      },
    );
    expect(t.sandbox.store.paymentIntents.size + t.sandbox.store.scope(shop.id)!.paymentIntents.size).toBe(0);
  });
});

describe('refunds of Connect charges', () => {
  it('refunds a share of the fee and reverses a share of the transfer on a partial refund, rounding half up', async () => {
    const shop = await connected();
    const { charge } = await destinationCharge(shop.id, 10_000, { application_fee_amount: 1_230 });
    const refund = await stripe.refunds.create({
      charge: charge.id,
      amount: 5_000,
      refund_application_fee: true,
      reverse_transfer: true,
    });
    expectStripeShape('refund', refund);
    expect(refund.transfer_reversal).toMatch(/^trr_/);
    expect(refund.source_transfer_reversal).toBeNull();

    const fee = await stripe.applicationFees.retrieve(charge.application_fee as string);
    expectStripeShape('application_fee', fee);
    expect([fee.amount_refunded, fee.refunded]).toEqual([615, false]); // 1230 × ½
    expect(fee.refunds.data).toHaveLength(1);
    const feeRefund = fee.refunds.data[0]!;
    expectStripeShape('fee_refund', feeRefund);
    expect(feeRefund).toMatchObject({ amount: 615, fee: fee.id, currency: 'usd' });
    expect(feeRefund.id).toMatch(/^fr_/);

    const transfer = await stripe.transfers.retrieve(charge.transfer as string);
    expect([transfer.amount_reversed, transfer.reversed]).toEqual([5_000, false]);
    const reversal = await stripe.transfers.retrieveReversal(transfer.id, refund.transfer_reversal as string);
    expectStripeShape('transfer_reversal', reversal);
    expect(reversal).toMatchObject({ amount: 5_000, source_refund: refund.id, transfer: transfer.id });
    expect(transfer.reversals.data.map((r) => r.id)).toEqual([reversal.id]);

    // On the connected account: its payment is refunded by the reversal.
    const paymentRefund = await stripe.refunds.retrieve(
      reversal.destination_payment_refund as string,
      {},
      on(shop.id),
    );
    expectStripeShape('refund', paymentRefund);
    expect(paymentRefund).toMatchObject({
      amount: 5_000,
      charge: transfer.destination_payment,
      source_transfer_reversal: reversal.id,
      transfer_reversal: null,
      status: 'succeeded',
    });
    const payment = await stripe.charges.retrieve(transfer.destination_payment as string, {}, on(shop.id));
    expect(payment.amount_refunded).toBe(5_000);

    // The Connect objects expand where Stripe expands them.
    const expanded = await stripe.charges.retrieve(charge.id, { expand: ['application_fee', 'transfer'] });
    expectStripeShape('charge', expanded);
    expect([
      (expanded.application_fee as Stripe.ApplicationFee).amount_refunded,
      (expanded.transfer as Stripe.Transfer).amount_reversed,
    ]).toEqual([615, 5_000]);
    const withReversal = await stripe.refunds.retrieve(refund.id, { expand: ['transfer_reversal'] });
    expectStripeShape('refund', withReversal);
    expect((withReversal.transfer_reversal as Stripe.TransferReversal).id).toBe(reversal.id);
    const onShop = await stripe.refunds.retrieve(
      paymentRefund.id,
      { expand: ['source_transfer_reversal'] },
      on(shop.id),
    );
    expect((onShop.source_transfer_reversal as Stripe.TransferReversal).source_refund).toBe(refund.id);
    const listed = await stripe.refunds.list({ expand: ['data.transfer_reversal'] });
    expectStripeShape('list', listed, 'refund');

    // A second partial refund: 333 of 10 000 → 40.959 → 41 of the fee; the transfer likewise.
    const second = await stripe.refunds.create({
      charge: charge.id,
      amount: 333,
      refund_application_fee: true,
      reverse_transfer: true,
    });
    const afterFee = await stripe.applicationFees.retrieve(fee.id);
    expect(afterFee.amount_refunded).toBe(615 + 41);
    const afterTransfer = await stripe.transfers.retrieve(transfer.id);
    expect(afterTransfer.amount_reversed).toBe(5_333);
    expect(second.transfer_reversal).toBe(afterTransfer.reversals.data[0]!.id);

    const platformTypes = (await stripe.events.list({ limit: 100 })).data.map((e) => e.type);
    expect(platformTypes.filter((x) => x === 'application_fee.refunded')).toHaveLength(2);
    expect(platformTypes.filter((x) => x === 'transfer.reversed')).toHaveLength(2);
    const shopEvents = (await stripe.events.list({ limit: 100 }, on(shop.id))).data;
    expect(
      shopEvents.filter((e) => e.type === 'refund.created').map((e) => (e.data.object as Stripe.Refund).id),
    ).toContain(paymentRefund.id);
    for (const e of shopEvents) {
      expectStripeShape('event', e);
      expect(e.account).toBe(shop.id);
    }
    for (const e of (await stripe.events.list({ limit: 100 })).data) expectStripeShape('event', e);
  });

  it('refunds the whole fee and reverses the whole transfer on a full refund, and only what was asked', async () => {
    const shop = await connected();
    const a = await destinationCharge(shop.id, 7_777, { application_fee_amount: 777 });
    const full = await stripe.refunds.create({
      charge: a.charge.id,
      refund_application_fee: true,
      reverse_transfer: true,
    });
    expect(full.amount).toBe(7_777);
    expect((await stripe.applicationFees.retrieve(a.charge.application_fee as string)).refunded).toBe(true);
    expect((await stripe.transfers.retrieve(a.charge.transfer as string)).reversed).toBe(true);
    expect([await balance(), await balance(shop.id)]).toEqual([0, 0]);

    // Without the flags the platform refunds alone: no fee refund, no reversal.
    const b = await destinationCharge(shop.id, 4_000, { application_fee_amount: 400 });
    const plain = await stripe.refunds.create({ charge: b.charge.id, amount: 1_000 });
    expect([plain.transfer_reversal, plain.source_transfer_reversal]).toEqual([null, null]);
    expect((await stripe.applicationFees.retrieve(b.charge.application_fee as string)).amount_refunded).toBe(
      0,
    );
    expect((await stripe.transfers.retrieve(b.charge.transfer as string)).amount_reversed).toBe(0);
    // reverse_transfer alone: the connected account gives back its share of the transfer and keeps
    // paying the fee.
    const reversed = await stripe.refunds.create({
      charge: b.charge.id,
      amount: 1_000,
      reverse_transfer: true,
    });
    expect(reversed.transfer_reversal).toMatch(/^trr_/);
    expect((await stripe.transfers.retrieve(b.charge.transfer as string)).amount_reversed).toBe(1_000);
    expect((await stripe.applicationFees.retrieve(b.charge.application_fee as string)).amount_refunded).toBe(
      0,
    );
    expect([await balance(), await balance(shop.id)]).toEqual([400 - 1_000, 4_000 - 400 - 1_000]);
  });

  it('gives back exactly the fee and the transfer over any sequence of partial refunds adding up to the whole', async () => {
    const shop = await connected();
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 50, max: 100_000 }).chain((amount) =>
          fc.record({
            amount: fc.constant(amount),
            fee: fc.integer({ min: 1, max: amount }),
            transferAmount: fc.option(fc.integer({ min: 1, max: amount }), { nil: undefined }),
            cuts: fc.array(fc.integer({ min: 1, max: amount }), { minLength: 1, maxLength: 6 }),
          }),
        ),
        async ({ amount, fee, transferAmount, cuts }) => {
          // A fee with a full transfer, or a transfer of a given amount (Stripe allows one of the two).
          const { charge } = await destinationCharge(
            shop.id,
            amount,
            transferAmount === undefined
              ? { application_fee_amount: fee }
              : { transfer_data: { destination: shop.id, amount: transferAmount } },
          );
          let refunded = 0;
          for (const cut of cuts) {
            const part = Math.min(cut, amount - refunded);
            if (part <= 0) break;
            await stripe.refunds.create({
              charge: charge.id,
              amount: part,
              refund_application_fee: transferAmount === undefined,
              reverse_transfer: true,
            });
            refunded += part;
          }
          if (refunded < amount) {
            await stripe.refunds.create({
              charge: charge.id,
              refund_application_fee: transferAmount === undefined,
              reverse_transfer: true,
            });
          }
          const transfer = await stripe.transfers.retrieve(charge.transfer as string);
          expect(transfer.amount_reversed).toBe(transfer.amount);
          expect(transfer.reversals.data.reduce((sum, r) => sum + r.amount, 0)).toBe(transfer.amount);
          if (transferAmount === undefined) {
            const f = await stripe.applicationFees.retrieve(charge.application_fee as string);
            expect([f.amount_refunded, f.refunded]).toEqual([fee, true]);
            expect(f.refunds.data.reduce((sum, r) => sum + r.amount, 0)).toBe(fee);
          }
          const payment = await stripe.charges.retrieve(
            transfer.destination_payment as string,
            {},
            on(shop.id),
          );
          expect([payment.amount_refunded, payment.refunded]).toEqual([payment.amount, true]);
        },
      ),
      { numRuns: 12, seed: 1515 },
    );
    // Every cent came back: nothing is left with the platform or the connected account.
    expect([await balance(), await balance(shop.id)]).toEqual([0, 0]);
  });

  it('refunds a direct charge on the connected account, debiting that account', async () => {
    const shop = await connected();
    const pi = await stripe.paymentIntents.create(
      {
        amount: 3_000,
        currency: 'usd',
        payment_method: 'pm_card_visa',
        confirm: true,
        allowed_payment_method_types: ['card'],
        application_fee_amount: 300,
      },
      on(shop.id),
    );
    const before = [await balance(), await balance(shop.id)];
    expect(before).toEqual([300, 2_700]);
    const refund = await stripe.refunds.create(
      { payment_intent: pi.id, amount: 1_000, refund_application_fee: true },
      on(shop.id),
    );
    expectStripeShape('refund', refund);
    expect([refund.transfer_reversal, refund.source_transfer_reversal]).toEqual([null, null]);
    const charge = await stripe.charges.retrieve(pi.latest_charge as string, {}, on(shop.id));
    const fee = await stripe.applicationFees.retrieve(charge.application_fee as string);
    expect(fee.amount_refunded).toBe(100);
    // The connected account pays the refund; the platform gives back its share of the fee.
    expect([await balance(), await balance(shop.id)]).toEqual([300 - 100, 2_700 - 1_000 + 100]);
    const shopEvents = (await stripe.events.list({}, on(shop.id))).data.map((e) => e.type);
    expect(shopEvents.slice(0, 2)).toEqual(['charge.refunded', 'refund.created']);
    expect((await stripe.events.list({ type: 'application_fee.refunded' })).data).toHaveLength(1);
  });

  it('refuses the flags where there is no fee or transfer, as Stripe does', async () => {
    const shop = await connected();
    const own = await stripe.charges.create({ amount: 1_000, currency: 'usd', source: 'tok_visa' });
    for (const [flag, message] of [
      [
        'refund_application_fee',
        'refund_application_fee can only be used by the Connect application that created the charge.',
      ],
      ['reverse_transfer', 'reverse_transfer can only be used with destination charges.'],
    ] as const) {
      await expectStripeError(stripe.refunds.create({ charge: own.id, [flag]: true }), {
        status: 400,
        type: 'invalid_request_error',
        code: 'charge_invalid_parameter',
        param: flag,
        message,
      });
    }
    // A direct charge has no transfer; a destination charge with transfer_data[amount] has no fee.
    const direct = await stripe.charges.create(
      { amount: 1_000, currency: 'usd', source: 'tok_visa' },
      on(shop.id),
    );
    await expectStripeError(
      stripe.refunds.create({ charge: direct.id, reverse_transfer: true }, on(shop.id)),
      {
        status: 400,
        type: 'invalid_request_error',
        code: 'charge_invalid_parameter',
        param: 'reverse_transfer',
      },
    );
    const dest = await stripe.charges.create({
      amount: 1_000,
      currency: 'usd',
      source: 'tok_visa',
      transfer_data: { destination: shop.id, amount: 900 },
    });
    await expectStripeError(stripe.refunds.create({ charge: dest.id, refund_application_fee: true }), {
      status: 400,
      type: 'invalid_request_error',
      code: 'charge_invalid_parameter',
      param: 'refund_application_fee',
    });
    // The connected account cannot refund the payment a transfer made.
    const transfer = await stripe.transfers.retrieve(dest.transfer as string);
    await expectStripeError(
      stripe.refunds.create({ charge: transfer.destination_payment as string }, on(shop.id)),
      {
        status: 400,
        type: 'invalid_request_error',
        code: 'charge_not_refundable',
        param: 'charge',
      },
    );
    // Nothing was refunded, and the errors are replayed under their idempotency key.
    expect((await stripe.charges.retrieve(own.id)).amount_refunded).toBe(0);
    expect((await stripe.refunds.list()).data).toEqual([]);
  });
});

describe('journal', () => {
  it('restores accounts, fees, transfers, reversals and account-scoped objects after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'refundry-connect-journal-'));
    try {
      const first = await startTestSandbox({ dataDir: dir });
      const s = first.stripe;
      const shop = await s.accounts.create({ type: 'custom', country: 'FR' });
      const pi = await s.paymentIntents.create({
        amount: 9_000,
        currency: 'eur',
        payment_method: 'pm_card_visa',
        confirm: true,
        allowed_payment_method_types: ['card'],
        transfer_data: { destination: shop.id },
        application_fee_amount: 900,
      });
      const refund = await s.refunds.create({
        payment_intent: pi.id,
        amount: 3_000,
        refund_application_fee: true,
        reverse_transfer: true,
      });
      const direct = await s.charges.create(
        { amount: 2_000, currency: 'eur', source: 'tok_visa', application_fee_amount: 50 },
        on(shop.id),
      );
      await s.refunds.create({ charge: direct.id, amount: 500, refund_application_fee: true }, on(shop.id));
      const charge = await s.charges.retrieve(pi.latest_charge as string);
      const snapshot = async (c: Stripe) => ({
        account: await c.accounts.retrieve(shop.id),
        charge: await c.charges.retrieve(charge.id),
        fee: await c.applicationFees.retrieve(charge.application_fee as string),
        transfer: await c.transfers.retrieve(charge.transfer as string),
        refund: await c.refunds.retrieve(refund.id),
        shopCharges: (await c.charges.list({}, on(shop.id))).data,
        shopRefunds: (await c.refunds.list({}, on(shop.id))).data,
        shopEvents: (await c.events.list({ limit: 100 }, on(shop.id))).data.map((e) => [
          e.id,
          e.type,
          e.account,
        ]),
        fees: (await c.applicationFees.list()).data,
        balances: [
          (await c.balance.retrieve()).available,
          (await c.balance.retrieve({}, on(shop.id))).available,
        ],
      });
      const strip = (x: Awaited<ReturnType<typeof snapshot>>) =>
        JSON.parse(JSON.stringify(x, (k, v) => (k === 'lastResponse' ? undefined : v))) as unknown;
      const before = strip(await snapshot(s));
      await first.close();

      const second = await startTestSandbox({ dataDir: dir });
      try {
        expect(strip(await snapshot(second.stripe))).toEqual(before);
        // And it keeps working: the rest of the charge refunds the rest of the fee and transfer.
        await second.stripe.refunds.create({
          charge: charge.id,
          refund_application_fee: true,
          reverse_transfer: true,
        });
        expect((await second.stripe.transfers.retrieve(charge.transfer as string)).reversed).toBe(true);
        expect(
          (await second.stripe.applicationFees.retrieve(charge.application_fee as string)).refunded,
        ).toBe(true);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
