import { type FormEvent, useEffect, useState } from 'react';
import { get, type List, type Payment } from '../api.ts';
import { DateTime, Empty, ErrorNote, Loading, Money, PageHeader } from '../components.tsx';
import { useResource } from '../hooks.ts';
import { Link, navigate, useLocation } from '../router.tsx';

export function PaymentsSearchPage() {
  const { query } = useLocation();
  const q = query.get('q') ?? '';
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);

  const results = useResource(
    (signal) => (q ? get<List<Payment>>('/api/v1/payments', { q }, signal) : Promise.resolve(undefined)),
    [q],
  );

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
            Order id, customer email or Stripe id
          </label>
          <input
            id="payment-q"
            type="search"
            name="q"
            placeholder="Order id, customer email, or Stripe id (pi_…, ch_…, re_…)"
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
          Search by the merchant’s order id (<code>ord_1001</code>), the customer’s email, or any Stripe id of
          the payment or one of its refunds.
        </p>
      ) : results.loading ? (
        <Loading label="Searching…" />
      ) : results.error ? (
        <ErrorNote error={results.error} />
      ) : !results.data || results.data.data.length === 0 ? (
        <Empty>No payment matches “{q}”. Check the spelling, or search by another identifier.</Empty>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>
              {results.data.data.length === 1 ? '1 payment' : `${results.data.data.length} payments`} matching
              “{q}”
            </caption>
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Customer</th>
                <th scope="col" className="num">
                  Captured
                </th>
                <th scope="col" className="num">
                  Refundable
                </th>
                <th scope="col">Date</th>
              </tr>
            </thead>
            <tbody>
              {results.data.data.map((p) => (
                <tr key={p.id}>
                  <td data-label="Order">
                    <Link href={`/payments/${encodeURIComponent(p.id)}`}>{p.order_id ?? p.id}</Link>
                    {p.fraud_flagged ? <span className="badge badge-bad">Fraud flag</span> : null}
                  </td>
                  <td data-label="Customer">{p.customer_email ?? p.customer_id ?? '—'}</td>
                  <td data-label="Captured" className="num">
                    <Money amount={p.amount_captured ?? p.amount} currency={p.currency} />
                  </td>
                  <td data-label="Refundable" className="num">
                    <Money amount={p.amount_refundable} currency={p.currency} />
                  </td>
                  <td data-label="Date">
                    <DateTime iso={p.captured_at} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
