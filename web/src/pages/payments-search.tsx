// Finding a payment as in Stripe's dashboard: by any of its ids (Refundry, pi_, ch_), a refund's
// (rf_, re_), the order or customer id or the email, whole or by its first three characters or
// more, in any case. One match opens the payment; several are listed with where each stands.
import { type FormEvent, useEffect, useState } from 'react';
import { get, type List, type Payment } from '../api.ts';
import { DateTime, Empty, ErrorNote, Loading, Money, PageHeader, Table } from '../components.tsx';
import { useResource } from '../hooks.ts';
import { Link, navigate, useLocation } from '../router.tsx';

/** Where a payment stands, in a word, with the badge tone. */
export function paymentStatus(p: Payment): { label: string; tone: 'ok' | 'info' | 'warn' | 'muted' } {
  const captured = p.amount_captured ?? p.amount;
  if (p.amount_refunded >= captured) return { label: 'Refunded', tone: 'ok' };
  if (p.amount_in_flight > 0) return { label: 'Refund in progress', tone: 'info' };
  if (p.amount_refunded > 0) return { label: 'Partially refunded', tone: 'warn' };
  return { label: 'Paid', tone: 'muted' };
}

export function PaymentsSearchPage() {
  const { query } = useLocation();
  const q = query.get('q') ?? '';
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);

  const results = useResource(
    (signal) => (q ? get<List<Payment>>('/api/v1/payments', { q }, signal) : Promise.resolve(undefined)),
    [q],
  );
  // Exactly one match: open it, as Stripe's search does (replacing the search in the history, so
  // Back returns to where the search started).
  const only = results.data?.data.length === 1 ? results.data.data[0] : undefined;
  useEffect(() => {
    if (only) navigate(`/payments/${encodeURIComponent(only.id)}`, { replace: true });
  }, [only]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const value = text.trim();
    navigate(value ? `/payments?q=${encodeURIComponent(value)}` : '/payments');
  };

  return (
    <section aria-labelledby="page-title">
      <PageHeader title="Find a payment" />
      <search>
        <form className="search-bar" onSubmit={submit}>
          <label htmlFor="payment-q" className="visually-hidden">
            Order, customer, email, or a payment or refund id
          </label>
          <input
            id="payment-q"
            type="search"
            name="q"
            placeholder="Order, customer, email, or an id (pi_, ch_, re_, rf_, pay_)"
            value={text}
            onChange={(e) => setText(e.target.value)}
            autoComplete="off"
          />
          <button type="submit" className="primary">
            Search
          </button>
        </form>
      </search>
      {!q ? (
        <p className="hint">
          Search by the order id (<code>ord_1001</code>), the customer’s id or email, or any id of the payment
          or of one of its refunds, at Stripe (<code>pi_…</code>, <code>ch_…</code>, <code>re_…</code>) or in
          Refundry (<code>pay_…</code>, <code>rf_…</code>). The first three characters or more are enough;
          capitals do not matter.
        </p>
      ) : results.loading || only ? (
        <Loading label="Searching…" />
      ) : results.error ? (
        <ErrorNote error={results.error} />
      ) : !results.data || results.data.data.length === 0 ? (
        <Empty>
          No payment matches “{q}”.{' '}
          {q.trim().length < 3
            ? 'Type at least three characters to search by the start of an id, order or email.'
            : 'Check the spelling, or search by another identifier.'}
        </Empty>
      ) : (
        <Table
          caption={
            <>
              {results.data.data.length === 1 ? '1 payment' : `${results.data.data.length} payments`} matching
              “{q}”{results.data.has_more ? ' (the newest; type more to narrow it down)' : ''}
            </>
          }
          testId="search-results"
          columns={[
            'Order',
            'Customer',
            'Status',
            { label: 'Paid', num: true },
            { label: 'Refunded', num: true },
            'Date',
          ]}
        >
          {results.data.data.map((p) => {
            const status = paymentStatus(p);
            return (
              <tr key={p.id} data-payment={p.id}>
                <td data-label="Order">
                  <Link href={`/payments/${encodeURIComponent(p.id)}`}>{p.order_id ?? p.id}</Link>
                  {p.fraud_flagged ? (
                    <>
                      {' '}
                      <span className="badge badge-bad" data-testid="fraud-badge">
                        Flagged as fraud
                      </span>
                    </>
                  ) : null}
                </td>
                <td data-label="Customer">{p.customer_email ?? p.customer_id ?? '—'}</td>
                <td data-label="Status">
                  <span className={`badge badge-${status.tone}`}>{status.label}</span>
                </td>
                <td data-label="Paid" className="num">
                  <Money amount={p.amount_captured ?? p.amount} currency={p.currency} />
                </td>
                <td data-label="Refunded" className="num">
                  <Money amount={p.amount_refunded} currency={p.currency} />
                  {p.amount_in_flight > 0 ? (
                    <div className="hint">
                      + <Money amount={p.amount_in_flight} currency={p.currency} /> in progress
                    </div>
                  ) : null}
                </td>
                <td data-label="Date">
                  <DateTime iso={p.captured_at} />
                </td>
              </tr>
            );
          })}
        </Table>
      )}
    </section>
  );
}
