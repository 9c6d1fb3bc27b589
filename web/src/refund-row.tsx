// One refund as a table row, shared by the refunds list and a payment's refunds so that both show
// the same cells, labels (for the stacked phone layout) and links. The list adds the order column.
import type { Refund } from './api.ts';
import { type Column, DateTime, Money, Person, StatusBadge } from './components.tsx';
import { Link } from './router.tsx';
import { REASON_LABEL } from './words.ts';

export function RefundRow({ refund: r, withOrder = false }: { refund: Refund; withOrder?: boolean }) {
  return (
    <tr data-refund={r.id}>
      <td data-label="Refund">
        <Link href={`/refunds/${encodeURIComponent(r.id)}`}>{r.id}</Link>
      </td>
      {withOrder ? (
        <td data-label="Order">
          <Link href={`/payments/${encodeURIComponent(r.payment_id)}`}>
            {r.payment?.order_id ?? r.payment_id}
          </Link>
        </td>
      ) : null}
      <td data-label="Amount" className="num">
        <Money amount={r.amount} currency={r.currency} />
      </td>
      <td data-label="Status">
        <StatusBadge status={r.status} />
      </td>
      <td data-label="Reason">{REASON_LABEL[r.reason] ?? r.reason}</td>
      <td data-label="Requested by">
        <Person actor={r.requested_by} name={r.requested_by_name} email={r.requested_by_email} />
      </td>
      <td data-label="Requested">
        <DateTime iso={r.created_at} />
      </td>
    </tr>
  );
}

/** The column headings over `RefundRow`s. */
export function refundColumns(withOrder = false): Column[] {
  return [
    'Refund',
    ...(withOrder ? ['Order'] : []),
    { label: 'Amount', num: true },
    'Status',
    'Reason',
    'Requested by',
    'Requested',
  ];
}
