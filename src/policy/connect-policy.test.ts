import { describe, expect, it } from 'vitest';
import { type ConnectPayment, type ConnectSettings, evaluateConnect } from './connect-policy.ts';

const defaults: ConnectSettings = {
  reverseTransfer: false,
  refundApplicationFee: false,
  approveUncovered: true,
};
const none = { reversalsRecorded: 0, reversalsPending: 0 };
const destination: ConnectPayment = {
  amount: 10_000,
  applicationFee: { amount: 1_230, refunded: 0 },
  transfer: { amount: 10_000, reversed: 0 },
};
const platform: ConnectPayment = { amount: 10_000, applicationFee: null, transfer: null };
const direct: ConnectPayment = {
  amount: 10_000,
  applicationFee: { amount: 500, refunded: 0 },
  transfer: null,
};

describe('evaluateConnect', () => {
  it("uses the request's choice, else the platform's defaults where the payment has a transfer or a fee", () => {
    expect(evaluateConnect({}, destination, 5_000, none, defaults)).toMatchObject({
      reverseTransfer: false,
      refundApplicationFee: false,
      violations: [],
    });
    const on = { ...defaults, reverseTransfer: true, refundApplicationFee: true };
    expect(evaluateConnect({}, destination, 5_000, none, on)).toMatchObject({
      reverseTransfer: true,
      refundApplicationFee: true,
      transferShare: 5_000,
      feeShare: 615,
    });
    expect(evaluateConnect({ reverseTransfer: false }, destination, 5_000, none, on)).toMatchObject({
      reverseTransfer: false,
      refundApplicationFee: true,
    });
    // Defaults never apply where there is nothing to take back.
    expect(evaluateConnect({}, platform, 5_000, none, on)).toMatchObject({
      reverseTransfer: false,
      refundApplicationFee: false,
      violations: [],
    });
    expect(evaluateConnect({}, direct, 5_000, none, on)).toMatchObject({
      reverseTransfer: false,
      refundApplicationFee: true,
      feeShare: 250,
    });
  });

  it('refuses an explicit ask the payment cannot do, naming the field', () => {
    const d = evaluateConnect(
      { reverseTransfer: true, refundApplicationFee: true },
      platform,
      100,
      none,
      defaults,
    );
    expect(d.violations.map((v) => [v.code, v.param])).toEqual([
      ['no_transfer_to_reverse', 'reverse_transfer'],
      ['no_application_fee', 'refund_application_fee'],
    ]);
    expect(d.needsApproval).toBe(false);
    expect(evaluateConnect({ reverseTransfer: true }, direct, 100, none, defaults).violations[0]?.code).toBe(
      'no_transfer_to_reverse',
    );
  });

  it('asks for approval when the share of the transfer is more than the transfer has left', () => {
    // 9,000 of the transfer was reversed outside this refund: a half refund's share (5,000) exceeds 1,000.
    const drained: ConnectPayment = { ...destination, transfer: { amount: 10_000, reversed: 9_000 } };
    const d = evaluateConnect({ reverseTransfer: true }, drained, 5_000, none, defaults);
    expect(d).toMatchObject({
      transferShare: 5_000,
      transferLeft: 1_000,
      uncovered: 4_000,
      needsApproval: true,
    });
    expect(
      evaluateConnect({ reverseTransfer: true }, drained, 5_000, none, {
        ...defaults,
        approveUncovered: false,
      }),
    ).toMatchObject({ uncovered: 4_000, needsApproval: false });
    // Without reversing, the rule does not apply (the platform chose to bear the refund).
    expect(evaluateConnect({ reverseTransfer: false }, drained, 5_000, none, defaults).needsApproval).toBe(
      false,
    );
    // A share the transfer covers needs nothing.
    expect(evaluateConnect({ reverseTransfer: true }, destination, 5_000, none, defaults).needsApproval).toBe(
      false,
    );
  });

  it('counts reversals recorded here and refunds accepted but not sent', () => {
    const d = evaluateConnect(
      { reverseTransfer: true },
      destination,
      4_000,
      { reversalsRecorded: 3_000, reversalsPending: 4_000 },
      defaults,
    );
    expect(d).toMatchObject({
      transferShare: 4_000,
      transferLeft: 3_000,
      uncovered: 1_000,
      needsApproval: true,
    });
    // Stripe's total wins when it is larger than what was recorded here.
    const e = evaluateConnect(
      { reverseTransfer: true },
      { ...destination, transfer: { amount: 10_000, reversed: 5_000 } },
      5_000,
      { reversalsRecorded: 3_000, reversalsPending: 0 },
      defaults,
    );
    expect(e).toMatchObject({ transferLeft: 5_000, uncovered: 0, needsApproval: false });
  });

  it('takes a partial transfer (transfer_data[amount]) proportionally', () => {
    const partial: ConnectPayment = {
      amount: 10_000,
      applicationFee: null,
      transfer: { amount: 8_000, reversed: 0 },
    };
    expect(evaluateConnect({ reverseTransfer: true }, partial, 10_000, none, defaults)).toMatchObject({
      transferShare: 8_000,
      uncovered: 0,
    });
  });
});
