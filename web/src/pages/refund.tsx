// One refund: where it stands, why it failed (in plain words), every transition with who did it,
// when, and the Stripe ids and webhook events behind it; approve, reject or cancel where allowed.
import { useState } from 'react';
import { get, post, type Refund } from '../api.ts';
import {
  DateTime,
  Dl,
  ErrorNote,
  Field,
  Loading,
  Money,
  PageHeader,
  StatusBadge,
  useAnnounce,
} from '../components.tsx';
import { refundConnectItems, useAccounts } from '../connect.tsx';
import { POLL_MS, useResource } from '../hooks.ts';
import { Link } from '../router.tsx';
import { useSession } from '../session.tsx';
import { actorInWords, failureInWords, REASON_LABEL, STATUS_LABEL } from '../words.ts';

const FINAL = new Set(['succeeded', 'failed', 'canceled', 'rejected']);

export function RefundPage({ id }: { id: string }) {
  const accounts = useAccounts();
  const refund = useResource(
    (s) => get<Refund>(`/api/v1/refunds/${encodeURIComponent(id)}`, undefined, s),
    [id],
    POLL_MS,
  );
  if (refund.loading && !refund.data) return <Loading />;
  if (refund.error && !refund.data) {
    return (
      <section>
        <PageHeader title="Refund" />
        <ErrorNote error={refund.error} />
      </section>
    );
  }
  const r = refund.data!;
  const failure = r.failure_text ?? failureInWords(r.failure_code, r.failure_message);
  const payment = r.payment ?? undefined;
  const history = r.history ?? [];

  return (
    <section aria-labelledby="page-title">
      <PageHeader title={`Refund ${r.id}`}>
        <span aria-live="polite" data-testid="refund-status">
          <StatusBadge status={r.status} />
        </span>
      </PageHeader>
      {r.status === 'failed' && failure ? (
        <div className="note note-bad" role="alert" data-testid="failure-reason">
          <strong>Why it failed:</strong> {failure}
        </div>
      ) : null}
      {r.status === 'awaiting_approval' ? (
        <p className="note note-warn">
          This refund is above the approval threshold and waits for an approver.
        </p>
      ) : null}
      <div className="grid-2">
        <section className="card" aria-labelledby="refund-details">
          <h2 id="refund-details">Details</h2>
          <Dl
            items={[
              ['Amount', <Money key="a" amount={r.amount} currency={r.currency} />],
              ['Status', STATUS_LABEL[r.status]],
              ['Reason', REASON_LABEL[r.reason] ?? r.reason],
              ['Note', r.note ?? '—'],
              [
                'Payment',
                <Link key="p" href={`/payments/${encodeURIComponent(r.payment_id)}`}>
                  {payment?.order_id ?? r.payment_id}
                </Link>,
              ],
              ['Customer', payment?.customer_email ?? '—'],
              ...refundConnectItems(r, accounts.data?.data),
              ['Requested by', actorInWords(r.requested_by, r.requested_by_name)],
              ['Requested', <DateTime key="c" iso={r.created_at} />],
              ['Approved by', r.approved_by ? actorInWords(r.approved_by) : '—'],
              ['Stripe refund', <code key="s">{r.stripe_refund_id ?? 'not sent yet'}</code>],
              ['Attempts', String(r.attempts)],
              ['Final', <DateTime key="f" iso={r.final_at} />],
              [
                'Customer status page',
                r.customer_token ? (
                  <a
                    key="t"
                    href={`/r/${encodeURIComponent(r.customer_token)}`}
                    target="_blank"
                    rel="noopener"
                  >
                    Open the customer’s view
                  </a>
                ) : (
                  '—'
                ),
              ],
            ]}
          />
        </section>
        <Actions refund={r} onChange={() => void refund.reload()} />
      </div>
      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">Timeline</h2>
        {!FINAL.has(r.status) ? <p className="hint">Updates by itself every few seconds.</p> : null}
        <ol className="timeline" data-testid="timeline">
          {history.map((h, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: history is append-only; order is identity
            <li key={i} className={`tl-${h.to}`} data-to={h.to}>
              <div className="tl-head">
                <StatusBadge status={h.to} />
                <span className="tl-from">
                  {h.from ? `from ${STATUS_LABEL[h.from] ?? h.from}` : 'requested'}
                </span>
                <DateTime iso={h.at} />
              </div>
              <div className="tl-body">
                <span>
                  by <strong>{actorInWords(h.actor, h.actor_name)}</strong>
                </span>
                {h.reason ? <span> — {h.reason}</span> : null}
                {h.stripe_refund_id ? (
                  <span className="tl-meta">
                    Stripe refund <code>{h.stripe_refund_id}</code>
                  </span>
                ) : null}
                {h.stripe_event_id ? (
                  <span className="tl-meta">
                    webhook event <code>{h.stripe_event_id}</code>
                  </span>
                ) : null}
              </div>
            </li>
          ))}
        </ol>
      </section>
    </section>
  );
}

function Actions({ refund, onChange }: { refund: Refund; onChange: () => void }) {
  const { can } = useSession();
  const announce = useAnnounce();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState<string | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const canApprove = refund.status === 'awaiting_approval' && can('refunds:approve');
  const canCancel =
    can('refunds:write') &&
    refund.attempts === 0 &&
    (refund.status === 'awaiting_approval' || refund.status === 'queued');
  if (!canApprove && !canCancel) return null;

  const act = async (action: 'approve' | 'reject' | 'cancel') => {
    if (busy) return;
    setBusy(action);
    setError(undefined);
    try {
      await post(
        `/api/v1/refunds/${encodeURIComponent(refund.id)}/${action}`,
        reason.trim() ? { reason: reason.trim() } : {},
      );
      announce(
        action === 'approve'
          ? 'Refund approved.'
          : action === 'reject'
            ? 'Refund rejected.'
            : 'Refund canceled.',
      );
      setReason('');
      onChange();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <section className="card" aria-labelledby="actions-title">
      <h2 id="actions-title">Actions</h2>
      <ErrorNote error={error} />
      <Field label="Reason (optional)" hint="Recorded in the timeline.">
        {(p) => <input {...p} value={reason} maxLength={1000} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <div className="row">
        {canApprove ? (
          <>
            <button type="button" className="primary" disabled={!!busy} onClick={() => void act('approve')}>
              {busy === 'approve' ? 'Approving…' : 'Approve'}
            </button>
            <button type="button" className="danger" disabled={!!busy} onClick={() => void act('reject')}>
              {busy === 'reject' ? 'Rejecting…' : 'Reject'}
            </button>
          </>
        ) : null}
        {canCancel ? (
          <button type="button" className="secondary" disabled={!!busy} onClick={() => void act('cancel')}>
            {busy === 'cancel' ? 'Canceling…' : 'Cancel refund'}
          </button>
        ) : null}
      </div>
    </section>
  );
}
