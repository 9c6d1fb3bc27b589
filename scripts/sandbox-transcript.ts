// `node scripts/sandbox-transcript.ts [ROOT] > OUT`: the sandbox's answers to ~320 requests over
// every list (charges, refunds, events, accounts, application fees, transfers), the lists kept on a
// fee or a transfer and the objects around them: filters, cursors, limits, expand (every expandable
// field of a payment intent, a charge and a refund), a connected account, creating refunds (each
// test card's refund behaviour) and the errors of each.
// Ids (numbered by first appearance), times and request ids are normalised, so two checkouts can be
// compared byte for byte: the evidence that a restructuring of the sandbox (issue 11) changed no
// answer. ROOT is the checkout whose sandbox runs (default: this).
import { join } from 'node:path';

const root = process.argv[2] ?? join(import.meta.dirname, '..');
const { startSandbox } = await import(join(root, 'src/sandbox/server.ts'));
const { silentLogger } = await import(join(root, 'src/shared/logger.ts'));
const sandbox = await startSandbox({ logger: silentLogger(), settleDelayMs: 3_600_000, port: 0 });
const out: string[] = [];

// biome-ignore lint/suspicious/noExplicitAny: the answers are read as JSON, whatever their shape
async function call(method: string, path: string, body?: string, account?: string): Promise<any> {
  const headers: Record<string, string> = { authorization: 'Bearer sk_test_123' };
  if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
  if (account) headers['stripe-account'] = account;
  const res = await fetch(`${sandbox.url}${path}`, { method, headers, body });
  const text = await res.text();
  out.push(`${method} ${path} ${account ?? ''} -> ${res.status}\n${text}`);
  return JSON.parse(text);
}

try {
  const acct = await call('POST', '/v1/accounts', 'type=express&country=US');
  const other = await call('POST', '/v1/accounts', 'type=express&country=US');
  const intents = [];
  for (let i = 0; i < 3; i++) {
    intents.push(
      await call(
        'POST',
        '/v1/payment_intents',
        `amount=${10_000 + i}&currency=usd&payment_method=pm_card_visa&confirm=true&allowed_payment_method_types[]=card&transfer_data[destination]=${acct.id}&application_fee_amount=1230`,
      ),
    );
  }
  const ch = intents[0].latest_charge;
  for (let i = 0; i < 3; i++) {
    await call(
      'POST',
      '/v1/refunds',
      `charge=${ch}&amount=${1000 + i}&refund_application_fee=true&reverse_transfer=true`,
    );
  }
  const charge = await call('GET', `/v1/charges/${ch}?expand[]=application_fee&expand[]=transfer`);
  await call('POST', '/v1/charges', 'amount=500&currency=usd&source=tok_visa&customer=cus_x');

  const lists = [
    '/v1/application_fees',
    '/v1/transfers',
    '/v1/accounts',
    '/v1/charges',
    '/v1/refunds',
    '/v1/events',
  ];
  const queries = [
    ...['', '?limit=1', '?limit=2', '?limit=0', '?limit=101', '?limit=x', '?bogus=1'],
    ...['?expand[]=data.charge', '?expand[]=x', '?created[gte]=0', '?created[gt]=99999999999'],
    ...['?created=abc', '?created[foo]=1', '?starting_after=nope_1', '?ending_before=nope_2'],
    ...[`?charge=${ch}`, '?charge=ch_nope', `?destination=${acct.id}`, '?transfer_group=x'],
    ...[`?payment_intent=${intents[1].id}`, '?payment_intent=pi_nope', '?customer=cus_x'],
    ...[`?charge=${ch}&payment_intent=${intents[0].id}`, '?type=refund.*', '?type=charge.succeeded'],
    ...['?types[]=refund.created', '?limit=1&bogus=2', '?limit=0&created=abc', '?created=abc&expand[]=x'],
    '?charge=ch_nope&starting_after=nope',
  ];
  for (const list of lists) for (const q of queries) await call('GET', list + q);
  for (const list of lists)
    for (const q of ['', '?starting_after=nope']) await call('GET', list + q, undefined, acct.id);
  // Cursors that exist, both ways, with and without a limit.
  for (const list of lists) {
    const ids: string[] = (await call('GET', `${list}?limit=100`)).data.map((o: { id: string }) => o.id);
    if (ids.length === 0) continue;
    const mid = ids[Math.floor(ids.length / 2)];
    for (const q of [
      `?starting_after=${mid}`,
      `?ending_before=${mid}`,
      `?limit=1&starting_after=${mid}`,
      `?limit=1&ending_before=${mid}`,
      `?starting_after=${ids[0]}&ending_before=${mid}`,
    ])
      await call('GET', list + q);
  }
  // The lists kept on a fee and on a transfer, and the objects themselves.
  for (const [parent, children] of [
    [`/v1/application_fees/${charge.application_fee.id}`, 'refunds'],
    [`/v1/transfers/${charge.transfer.id}`, 'reversals'],
  ] as const) {
    const sub = await call('GET', `${parent}/${children}`);
    const child = sub.data[1].id;
    for (const q of [
      '?limit=1',
      '?limit=2',
      '?limit=0',
      '?bogus=1',
      '?expand[]=x',
      '?starting_after=x',
      '?limit=1&bogus=1',
    ])
      await call('GET', `${parent}/${children}${q}`);
    for (const path of [
      `${children}/${child}`,
      `${children}/${child}?expand[]=x`,
      `${children}/${child}?bogus=1`,
    ])
      await call('GET', `${parent}/${path}`);
    await call('GET', `${parent}/${children}/nope_1`);
    await call('GET', `${parent}_nope/${children}`);
    await call('GET', `${parent}_nope/${children}/${child}`);
    await call('GET', `${parent}_nope/${children}?limit=0`);
    await call('GET', `${parent}/${children}`, undefined, acct.id);
    for (const path of [parent, `${parent}?expand[]=x`, `${parent}_nope`]) await call('GET', path);
  }
  await call('GET', `/v1/charges/${ch}?expand[]=refunds`);
  await call('GET', `/v1/accounts/${other.id}`);
  await call('GET', `/v1/accounts/${other.id}`, undefined, acct.id);
  // Every expandable field, on one object and on the items of a list, the platform's and the
  // connected account's (its payment's refunds point at the platform's transfer reversals).
  const refund = (await call('GET', `/v1/refunds?charge=${ch}&limit=1`)).data[0].id;
  const onCharge = ['payment_intent', 'refunds', 'application_fee', 'transfer'];
  const onRefund = ['charge', 'payment_intent', 'transfer_reversal', 'source_transfer_reversal'];
  const asked = (fields: string[], prefix = '') => fields.map((f) => `expand[]=${prefix}${f}`).join('&');
  await call('GET', `/v1/payment_intents/${intents[0].id}?expand[]=latest_charge`);
  await call('GET', `/v1/charges/${ch}?${asked(onCharge)}`);
  await call('GET', `/v1/refunds/${refund}?${asked(onRefund)}`);
  for (const account of [undefined, acct.id]) {
    await call('GET', `/v1/charges?${asked(onCharge, 'data.')}`, undefined, account);
    await call('GET', `/v1/refunds?${asked(onRefund, 'data.')}`, undefined, account);
  }
  // Creating refunds: each test card's refund behaviour, the parameters, and every refusal.
  const paid: Record<string, { id: string; latest_charge: string }> = {};
  for (const card of ['visa', 'pendingRefund', 'refundRequiresAction', 'refundFail']) {
    const body = `amount=5000&currency=usd&payment_method=pm_card_${card}&confirm=true`;
    paid[card] = await call('POST', '/v1/payment_intents', body);
  }
  const unpaid = await call('POST', '/v1/payment_intents', 'amount=500&currency=usd');
  const visa = paid.visa!.latest_charge;
  for (const body of [
    '',
    `charge=${visa}&payment_intent=${paid.visa!.id}`,
    `charge=${visa}&amount=0`,
    `charge=${visa}&reason=nope`,
    `charge=${visa}&origin=customer_balance`,
    `charge=${visa}&bogus=1`,
    `charge=${visa}&expand[]=nope`,
    `charge=${visa}&currency=eur`,
    `charge=${visa}&customer=cus_other`,
    `charge=${visa}&reverse_transfer=true`,
    `charge=${visa}&amount=5001`,
    'charge=ch_nope',
    'payment_intent=pi_nope',
    `payment_intent=${unpaid.id}`,
    `charge=${visa}&amount=1000&currency=usd&reason=requested_by_customer&metadata[order]=42&expand[]=charge`,
    `charge=${visa}&amount=4001`,
    `payment_intent=${paid.visa!.id}&expand[]=payment_intent`,
    `charge=${visa}`,
  ])
    await call('POST', '/v1/refunds', body);
  for (const card of ['pendingRefund', 'refundRequiresAction', 'refundFail']) {
    const body = `payment_intent=${paid[card]!.id}&amount=700&instructions_email=c%40example.com`;
    await call('POST', '/v1/refunds', body);
  }
} finally {
  await sandbox.close();
}

const names = new Map<string, string>();
const text = out
  .join('\n')
  // Random parts of ids inside other strings (client secrets, receipt URLs).
  .replace(/_[A-Za-z0-9]{12}(?=0000)/g, '_ID')
  .replace(/\b([a-z]{2,5})_[A-Za-z0-9]{8,}\b/g, (id, prefix: string) => {
    if (!names.has(id)) names.set(id, `${prefix}_#${names.size}`);
    return names.get(id)!;
  })
  .replace(/"(created|available_on|expires_at|date|arrival_date|email_sent_at)":\d+/g, '"$1":T')
  .replace(/req_[A-Za-z0-9]+/g, 'req_X');
process.stdout.write(`${text}\n`);
process.stderr.write(`${out.length} requests\n`);
