// Refunds waiting for an approver, oldest first, for approvers to approve or reject: each with its
// order, customer, amount, what would remain refundable, why it waits (above the threshold, a
// fraud-flagged payment, a transfer that cannot cover a Connect refund's share) and who asked, so
// an approver decides without opening each refund.
import { useState } from 'react';
import { get, type List, post, type Refund } from '../api.ts';
import {
  DateTime,
  Empty,
  ErrorNote,
  Loading,
  Money,
  PageHeader,
  Person,
  Table,
  useAnnounce,
  useFocusAfterRender,
} from '../components.tsx';
import { POLL_MS, useResource } from '../hooks.ts';
import { Link } from '../router.tsx';
import { useSession } from '../session.tsx';
import { approvalReasonText, REASON_LABEL } from '../words.ts';

export function ApprovalsPage() {
  const { can, mayApprove } = useSession();
  const announce = useAnnounce();
  const queue = useResource(
    (s) =>
      get<List<Refund>>('/api/v1/refunds', { status: 'awaiting_approval', limit: 100, expand: 'payment' }, s),
    [],
    POLL_MS,
  );
  const [busy, setBusy] = useState<string | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const mayDecide = can('refunds:approve');
  const focusOn = useFocusAfterRender();

  const decide = async (r: Refund, approve: boolean) => {
    if (busy) return;
    setBusy(r.id);
    setError(undefined);
    try {
      await post(`/api/v1/refunds/${encodeURIComponent(r.id)}/${approve ? 'approve' : 'reject'}`, {});
      announce(`Refund ${r.id} ${approve ? 'approved' : 'rejected'}.`);
      await queue.reload();
    } catch (e) {
      setError(e);
      focusOn('approvals-error');
    } finally {
      setBusy(undefined);
    }
  };

  const rows = [...(queue.data?.data ?? [])].reverse();
  return (
    <section aria-labelledby="page-title">
      <PageHeader title="Approvals" />
      {!mayDecide ? (
        <p className="note note-info">Your role can see this queue but not approve refunds.</p>
      ) : null}
      <ErrorNote error={error ?? queue.error} id="approvals-error" />
      {queue.loading && !queue.data ? <Loading /> : null}
      {queue.data && rows.length === 0 ? <Empty>Nothing waits for approval.</Empty> : null}
      {rows.length > 0 ? (
        <Table
          caption={
            <>
              {rows.length === 1 ? '1 refund waits' : `${rows.length} refunds wait`} for approval, oldest
              first
            </>
          }
          columns={[
            'Refund',
            'Order',
            'Customer',
            { label: 'Amount', num: true },
            { label: 'Left after it', num: true },
            'Reason',
            'Why it waits',
            'Requested by',
            'Requested',
            mayDecide && 'Decision',
          ]}
        >
          {rows.map((r) => (
            <tr key={r.id} data-refund={r.id}>
              <td data-label="Refund">
                <Link href={`/refunds/${encodeURIComponent(r.id)}`}>{r.id}</Link>
              </td>
              <td data-label="Order">
                <Link href={`/payments/${encodeURIComponent(r.payment_id)}`}>
                  {r.payment?.order_id ?? r.payment_id}
                </Link>
                {r.payment?.fraud_flagged ? <span className="badge badge-bad">Fraud flag</span> : null}
              </td>
              <td data-label="Customer">{r.payment?.customer_email ?? r.payment?.customer_id ?? '—'}</td>
              <td data-label="Amount" className="num">
                <Money amount={r.amount} currency={r.currency} />
              </td>
              <td data-label="Left after it" className="num" data-testid="left-after">
                {r.payment ? (
                  <>
                    <Money amount={r.payment.amount_refundable} currency={r.payment.currency} />
                    <div className="hint">
                      of <Money amount={r.payment.amount_captured} currency={r.payment.currency} /> paid
                    </div>
                  </>
                ) : (
                  '—'
                )}
              </td>
              <td data-label="Reason">
                {REASON_LABEL[r.reason] ?? r.reason}
                {r.note ? <div className="hint">{r.note}</div> : null}
              </td>
              <td data-label="Why it waits" data-testid="approval-reasons">
                {(r.approval_reasons ?? []).length > 0 ? (
                  <ul className="plain-list">
                    {r.approval_reasons!.map((reason) => (
                      <li key={reason} data-approval-reason={reason}>
                        {approvalReasonText(reason, r.payment?.connected_account)}
                      </li>
                    ))}
                  </ul>
                ) : (
                  '—'
                )}
              </td>
              <td data-label="Requested by">
                <Person actor={r.requested_by} name={r.requested_by_name} email={r.requested_by_email} />
              </td>
              <td data-label="Requested">
                <DateTime iso={r.created_at} />
              </td>
              {mayDecide ? (
                <td data-label="Decision">
                  <div className="row">
                    {mayApprove(r.requested_by) ? (
                      <button
                        type="button"
                        className="primary small"
                        disabled={!!busy}
                        onClick={() => void decide(r, true)}
                        aria-label={`Approve refund ${r.id}`}
                      >
                        Approve
                      </button>
                    ) : (
                      <span className="hint">Your request: another approver decides</span>
                    )}
                    <button
                      type="button"
                      className="danger small"
                      disabled={!!busy}
                      onClick={() => void decide(r, false)}
                      aria-label={`Reject refund ${r.id}`}
                    >
                      Reject
                    </button>
                  </div>
                </td>
              ) : null}
            </tr>
          ))}
        </Table>
      ) : null}
    </section>
  );
}
