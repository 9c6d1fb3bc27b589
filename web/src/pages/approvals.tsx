// Refunds above the approval threshold, oldest first, for approvers to approve or reject.
import { useState } from 'react';
import { get, type List, post, type Refund } from '../api.ts';
import { DateTime, Empty, ErrorNote, Loading, Money, PageHeader, useAnnounce } from '../components.tsx';
import { POLL_MS, useResource } from '../hooks.ts';
import { Link } from '../router.tsx';
import { useSession } from '../session.tsx';
import { actorInWords, REASON_LABEL } from '../words.ts';

export function ApprovalsPage() {
  const { can, mayApprove } = useSession();
  const announce = useAnnounce();
  const queue = useResource(
    (s) => get<List<Refund>>('/api/v1/refunds', { status: 'awaiting_approval', limit: 100 }, s),
    [],
    POLL_MS,
  );
  const [busy, setBusy] = useState<string | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const mayDecide = can('refunds:approve');

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
      <ErrorNote error={error ?? queue.error} />
      {queue.loading && !queue.data ? <Loading /> : null}
      {queue.data && rows.length === 0 ? <Empty>Nothing waits for approval.</Empty> : null}
      {rows.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption>
              {rows.length === 1 ? '1 refund waits' : `${rows.length} refunds wait`} for approval, oldest
              first
            </caption>
            <thead>
              <tr>
                <th scope="col">Refund</th>
                <th scope="col" className="num">
                  Amount
                </th>
                <th scope="col">Reason</th>
                <th scope="col">Requested by</th>
                <th scope="col">Requested</th>
                {mayDecide ? <th scope="col">Decision</th> : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-refund={r.id}>
                  <td data-label="Refund">
                    <Link href={`/refunds/${encodeURIComponent(r.id)}`}>{r.id}</Link>
                    {r.note ? <div className="hint">{r.note}</div> : null}
                  </td>
                  <td data-label="Amount" className="num">
                    <Money amount={r.amount} currency={r.currency} />
                  </td>
                  <td data-label="Reason">{REASON_LABEL[r.reason] ?? r.reason}</td>
                  <td data-label="Requested by">{actorInWords(r.requested_by)}</td>
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
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
