// A succeeded card charge built straight into the sandbox's store record, so benches can seed
// thousands of refundable payments without spending the API's rate budget.

import { TEST_CARDS } from '../src/sandbox/resources/test-cards.ts';
import { fastId } from '../src/sandbox/state/fast-id.ts';
import type { ChargeRecord } from '../src/sandbox/state/records.ts';

/** The test card whose refunds succeed at once. */
const CARD = Object.values(TEST_CARDS).find((c) => c.refund === 'succeed' && !c.decline)!;

export function benchCharge(created: number, amount: number): ChargeRecord {
  return {
    id: fastId('ch'),
    created,
    amount,
    currency: 'usd',
    customer: null,
    description: null,
    metadata: {},
    paymentIntent: null,
    paymentMethod: 'pm_card_visa',
    card: CARD,
    status: 'succeeded',
    amountRefunded: 0,
    balanceTransaction: fastId('txn'),
    refunds: [],
  };
}
