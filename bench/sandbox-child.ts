// The sandbox under benchmark, in its own process so its RSS is measured alone. Preloads
// `--preload N` refunds straight into the store (10 per charge, recording their events so a
// `--data` journal holds them too) and `--charges N` charges with nothing refunded yet, then prints
// `{"url", "port", "charges", "refunds"}` on stdout (a sample of the preloaded ids, every bare charge).
import { parseArgs } from 'node:util';
import { chargeJson, refundJson } from '../src/sandbox/resources/objects.ts';
import { startSandbox } from '../src/sandbox/server.ts';
import { fastId } from '../src/sandbox/state/fast-id.ts';
import type { RefundRecord } from '../src/sandbox/state/records.ts';
import { silentLogger } from '../src/shared/logger.ts';
import { benchCharge } from './seed-charge.ts';

const { values } = parseArgs({
  options: {
    preload: { type: 'string', default: '0' },
    charges: { type: 'string', default: '0' },
    data: { type: 'string' },
  },
});
const preload = Number(values.preload);
const sandbox = await startSandbox({
  port: 0,
  logger: silentLogger(),
  dataDir: values.data,
  quiet: true,
  webhookConcurrency: 16,
});
const { store, clock } = sandbox;
const request = { id: null, idempotency_key: null };
const charges: string[] = [];
const refunds: string[] = [];
const PER_CHARGE = 10;
for (let i = 0; i < preload / PER_CHARGE; i++) {
  const charge = benchCharge(clock.now(), 100_000_000);
  store.charges.add(charge);
  store.events.record('charge.succeeded', chargeJson(charge), request);
  charges.push(charge.id);
  for (let j = 0; j < PER_CHARGE; j++) {
    const refund: RefundRecord = {
      id: fastId('re'),
      created: clock.now(),
      amount: 1,
      currency: 'usd',
      charge: charge.id,
      paymentIntent: null,
      customer: null,
      paymentMethod: 'pm_card_visa',
      metadata: { order: String(i) },
      reason: null,
      status: 'succeeded',
      balanceTransaction: fastId('txn'),
      behaviour: 'succeed',
    };
    charge.refunds.push(store.refunds.add(refund));
    charge.amountRefunded += 1;
    store.events.record('refund.created', refundJson(refund), request);
    store.events.record('charge.refunded', chargeJson(charge), request);
    refunds.push(refund.id);
  }
}
// Refundable charges with no refunds and no events (benches register them as payments).
const bare: string[] = [];
for (let i = 0; i < Number(values.charges); i++) {
  const charge = benchCharge(clock.now(), 100_000_000);
  store.charges.add(charge);
  bare.push(charge.id);
}
// The journal writes what the preload recorded at the end of this turn (with --data, 200k refunds
// are about 900 MB): ready only after that, so the first measurement does not wait for the write.
await new Promise((resolve) => setImmediate(resolve));
// A sample of ids is enough for the clients to pick from.
const sample = (ids: string[]) => ids.filter((_, i) => i % Math.max(1, Math.floor(ids.length / 2000)) === 0);
process.stdout.write(
  `${JSON.stringify({ url: sandbox.url, port: sandbox.port, charges: [...sample(charges), ...bare], refunds: sample(refunds) })}\n`,
);
process.on('SIGTERM', () => {
  void sandbox.close().then(() => process.exit(0));
});
