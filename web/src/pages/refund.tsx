// One refund: where it stands, why it failed (Stripe's own code and message, and in plain words),
// what can be done next about a failure (try again, or record that it was refunded another way),
// every transition and customer email with who did it and when, and the Stripe ids and webhook
// events behind them; approve, reject or cancel where allowed.
import { type FormEvent, useState } from 'react';
import {
  ApiFailure,
  type CustomerEmail,
  FINAL_STATUSES,
  get,
  type HistoryEntry,
  post,
  type Refund,
  type Violation,
} from '../api.ts';
import {
  DateTime,
  Dl,
  ErrorNote,
  Field,
  Money,
  NotLoaded,
  PageHeader,
  Person,
  StatusBadge,
  useAnnounce,
  useFocusAfterRender,
} from '../components.tsx';
import { refundConnectItems, useAccounts } from '../connect.tsx';
import { POLL_MS, useResource } from '../hooks.ts';
import { Link, navigate } from '../router.tsx';
import { useSession } from '../session.tsx';
import {
  approvalReasonText,
  failureInWords,
  REASON_LABEL,
  ruleTitle,
  STATUS_LABEL,
  violationText,
} from '../words.ts';

export function RefundPage({ id }: { id: string }) {
  const accounts = useAccounts();
  const refund = useResource(
    (s) => get<Refund>(`/api/v1/refunds/${encodeURIComponent(id)}`, undefined, s),
    [id],
    POLL_MS,
  );
  if (!refund.data) return <NotLoaded title="Refund" resource={refund} />;
  const r = refund.data!;
  const payment = r.payment ?? undefined;

  return (
    <section aria-labelledby="page-title">
      <PageHeader title={`Refund ${r.id}`}>
        <span aria-live="polite" data-testid="refund-status">
          <StatusBadge status={r.status} />
        </span>
      </PageHeader>
      {r.status === 'failed' || (r.status === 'refunded_another_way' && r.failure_code) ? (
        <FailureNote refund={r} />
      ) : null}
      {r.status === 'awaiting_approval' && (r.approval_reasons ?? []).length > 0 ? (
        <div className="note note-warn" data-testid="approval-reasons">
          This refund waits for an approver:{' '}
          {r
            .approval_reasons!.map((reason) => approvalReasonText(reason, payment?.connected_account))
            .join(' ')}
        </div>
      ) : r.status === 'awaiting_approval' ? (
        <p className="note note-warn">
          This refund waits for an approver
          {payment?.fraud_flagged
            ? ' (the payment is flagged as fraudulent)'
            : ' (it is above the approval threshold)'}
          .
        </p>
      ) : null}
      {r.retry_of ? (
        <p className="note note-info" data-testid="retry-of">
          This refund tries again a refund that failed:{' '}
          <Link href={`/refunds/${encodeURIComponent(r.retry_of)}`}>{r.retry_of}</Link>.
        </p>
      ) : null}
      {r.retried_as ? (
        <p className="note note-info" data-testid="retried-as">
          Tried again as <Link href={`/refunds/${encodeURIComponent(r.retried_as)}`}>{r.retried_as}</Link>.
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
              [
                'Requested by',
                <span key="rb" data-testid="requested-by">
                  <Person actor={r.requested_by} name={r.requested_by_name} email={r.requested_by_email} />
                </span>,
              ],
              ['Requested', <DateTime key="c" iso={r.created_at} />],
              [
                'Approved by',
                r.approved_by ? (
                  <span key="ab" data-testid="approved-by">
                    <Person actor={r.approved_by} name={r.approved_by_name} email={r.approved_by_email} />
                  </span>
                ) : r.status === 'awaiting_approval' ? (
                  'waiting for an approver'
                ) : (
                  '—'
                ),
              ],
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
        <div className="stack">
          <NextSteps refund={r} onChange={() => void refund.reload()} />
          <Actions refund={r} onChange={() => void refund.reload()} />
        </div>
      </div>
      <Timeline refund={r} />
    </section>
  );
}

/** Why it failed: Stripe's own code and message for staff, and what it means in plain words. */
function FailureNote({ refund: r }: { refund: Refund }) {
  const words = r.failure_text ?? failureInWords(r.failure_code, r.failure_message);
  return (
    <div className="note note-bad" role="alert" data-testid="failure-reason">
      <p>
        <strong>Why it failed:</strong> {words}
      </p>
      {r.failure_code || r.failure_message ? (
        <p className="stripe-error" data-testid="stripe-error">
          Stripe said: {r.failure_code ? <code>{r.failure_code}</code> : null}
          {r.failure_code && r.failure_message ? ' — ' : null}
          {r.failure_message ? <q>{r.failure_message}</q> : null}
        </p>
      ) : null}
    </div>
  );
}

const NEXT_ERROR_ID = 'next-steps-error';
const ANOTHER_WAY_NOTE_ID = 'another-way-note';

/** On a failed refund: try again through the policy, or record that it was refunded another way. */
function NextSteps({ refund: r, onChange }: { refund: Refund; onChange: () => void }) {
  const { can } = useSession();
  const announce = useAnnounce();
  const focusOn = useFocusAfterRender();
  const [note, setNote] = useState('');
  const [noteTouched, setNoteTouched] = useState(false);
  const [busy, setBusy] = useState<'retry' | 'another' | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [violations, setViolations] = useState<Violation[] | undefined>(undefined);
  if (r.status !== 'failed' || r.retried_as || !can('refunds:write')) return null;

  const fail = (e: unknown) => {
    setError(e);
    focusOn(e instanceof ApiFailure && e.param === 'note' ? ANOTHER_WAY_NOTE_ID : NEXT_ERROR_ID);
  };
  const retry = async () => {
    if (busy) return;
    setBusy('retry');
    setError(undefined);
    setViolations(undefined);
    try {
      // One retry per failed refund (the service's rule): a second click is answered with the
      // first retry, which this page then opens.
      const created = await post<Refund>(`/api/v1/refunds/${encodeURIComponent(r.id)}/retry`, {});
      announce(`Refund ${created.id} was requested to try again.`);
      navigate(`/refunds/${encodeURIComponent(created.id)}`);
    } catch (e) {
      if (e instanceof ApiFailure && e.code === 'already_retried' && typeof e.body.retried_as === 'string') {
        navigate(`/refunds/${encodeURIComponent(e.body.retried_as)}`);
      } else if (e instanceof ApiFailure && e.code === 'policy_violation' && e.body.violations) {
        setViolations(e.body.violations);
        focusOn(NEXT_ERROR_ID);
      } else {
        fail(e);
      }
    } finally {
      setBusy(undefined);
    }
  };
  const another = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (!note.trim()) {
      setNoteTouched(true);
      focusOn(ANOTHER_WAY_NOTE_ID);
      return;
    }
    setBusy('another');
    setError(undefined);
    setViolations(undefined);
    try {
      await post(`/api/v1/refunds/${encodeURIComponent(r.id)}/refunded-another-way`, { note: note.trim() });
      announce('Recorded as refunded another way.');
      setNote('');
      onChange();
    } catch (err) {
      fail(err);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <section className="card" aria-labelledby="next-steps-title" data-testid="next-steps">
      <h2 id="next-steps-title">What next</h2>
      {violations ? (
        <div className="note note-bad" id={NEXT_ERROR_ID} tabIndex={-1} role="alert">
          <strong>The refund policy does not allow trying again.</strong>
          <ul className="rules">
            {violations.map((v) => (
              <li key={v.code} data-rule={v.code}>
                <strong>{ruleTitle(v.code)}:</strong> {violationText(v)}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <ErrorNote
          error={error instanceof ApiFailure && error.param === 'note' ? undefined : error}
          id={NEXT_ERROR_ID}
        />
      )}
      <div className="next-step">
        <h3>Try again</h3>
        <p className="hint">
          A new refund of <Money amount={r.amount} currency={r.currency} /> for the same reason, checked by
          the refund policy again and linked to this one.
        </p>
        <button type="button" className="primary" disabled={!!busy} onClick={() => void retry()}>
          {busy === 'retry' ? 'Trying again…' : 'Try again'}
        </button>
      </div>
      <form className="next-step" onSubmit={another} noValidate>
        <h3>Refunded another way</h3>
        <p className="hint">
          The customer got the money another way (bank transfer, store credit, cash): it then counts as
          refunded, and reconciliation expects Stripe to show this refund as failed.
        </p>
        <Field
          id={ANOTHER_WAY_NOTE_ID}
          label="How the customer was refunded"
          required
          hint="Kept in the timeline, e.g. “Bank transfer, reference 8812”."
          error={
            noteTouched && !note.trim()
              ? 'Say how the customer was refunded.'
              : error instanceof ApiFailure && error.param === 'note'
                ? error.message
                : undefined
          }
        >
          {(p) => (
            <input
              {...p}
              required
              maxLength={1000}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              onBlur={() => setNoteTouched(true)}
            />
          )}
        </Field>
        <button type="submit" className="secondary" disabled={!!busy}>
          {busy === 'another' ? 'Recording…' : 'Record as refunded another way'}
        </button>
      </form>
    </section>
  );
}

const EMAIL_SUBJECT: Record<string, string> = {
  refund_succeeded: '“Your refund is on its way”',
  refund_failed: '“Your refund could not be completed”',
};

type TimelineItem =
  | { at: string; kind: 'history'; h: HistoryEntry }
  | { at: string; kind: 'email'; e: CustomerEmail };

/** Status changes and customer emails, oldest first. */
function Timeline({ refund: r }: { refund: Refund }) {
  const items: TimelineItem[] = [
    ...(r.history ?? []).map((h) => ({ at: h.at, kind: 'history' as const, h })),
    ...(r.emails ?? []).map((e) => ({ at: e.queued_at, kind: 'email' as const, e })),
  ];
  // Stable: a history row and the email it queued share a time; the change comes first.
  items.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.kind === 'history' ? -1 : 1));
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      {!FINAL_STATUSES.has(r.status) ? <p className="hint">Updates by itself every few seconds.</p> : null}
      <ol className="timeline" data-testid="timeline">
        {items.map((item, i) =>
          item.kind === 'history' ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: history is append-only; order is identity
            <HistoryItem key={i} h={item.h} />
          ) : (
            <EmailItem key={item.e.id} e={item.e} />
          ),
        )}
      </ol>
    </section>
  );
}

function HistoryItem({ h }: { h: HistoryEntry }) {
  return (
    <li className={`tl-${h.to}`} data-to={h.to}>
      <div className="tl-head">
        <StatusBadge status={h.to} />
        <span className="tl-from">{h.from ? `from ${STATUS_LABEL[h.from] ?? h.from}` : 'requested'}</span>
        <DateTime iso={h.at} />
      </div>
      <div className="tl-body">
        <span>
          by{' '}
          <strong>
            <Person actor={h.actor} name={h.actor_name} email={h.actor_email} />
          </strong>
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
  );
}

const EMAIL_STATE: Record<CustomerEmail['status'], { label: string; tone: string }> = {
  pending: { label: 'Email queued', tone: 'info' },
  sent: { label: 'Email sent', tone: 'ok' },
  failed: { label: 'Email failed', tone: 'bad' },
  skipped: { label: 'Email skipped', tone: 'muted' },
};

function EmailItem({ e }: { e: CustomerEmail }) {
  const state = EMAIL_STATE[e.status] ?? { label: e.status, tone: 'muted' };
  return (
    <li className="tl-email" data-email={e.status}>
      <div className="tl-head">
        <span className={`badge badge-${state.tone}`}>{state.label}</span>
        <span className="tl-from">to the customer</span>
        <DateTime iso={e.sent_at ?? e.last_attempt_at ?? e.queued_at} />
      </div>
      <div className="tl-body">
        <span>
          {EMAIL_SUBJECT[e.kind] ?? e.kind} to <strong>{e.to}</strong>
        </span>
        {e.status === 'pending' ? (
          <span className="tl-meta">
            {e.attempts === 0 ? 'waiting to be sent' : `attempt ${e.attempts} failed; trying again`}
            {e.next_attempt_at ? (
              <>
                {' '}
                at <DateTime iso={e.next_attempt_at} />
              </>
            ) : null}
          </span>
        ) : null}
        {e.status === 'failed' ? (
          <span className="tl-meta">
            gave up after {e.attempts} attempts{e.last_error ? `: ${e.last_error}` : ''}
          </span>
        ) : null}
      </div>
    </li>
  );
}

function Actions({ refund, onChange }: { refund: Refund; onChange: () => void }) {
  const { can, mayApprove } = useSession();
  const announce = useAnnounce();
  const focusOn = useFocusAfterRender();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState<string | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const waiting = refund.status === 'awaiting_approval' && can('refunds:approve');
  const canApprove = waiting && mayApprove(refund.requested_by);
  // Four eyes: the person who asked may still reject (withdraw) it, not approve it.
  const ownRequest = waiting && !canApprove;
  const canCancel =
    can('refunds:write') &&
    refund.attempts === 0 &&
    (refund.status === 'awaiting_approval' || refund.status === 'queued');
  if (!waiting && !canCancel) return null;

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
      focusOn('actions-error');
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <section className="card" aria-labelledby="actions-title">
      <h2 id="actions-title">Actions</h2>
      <ErrorNote error={error} id="actions-error" />
      <Field label="Reason (optional)" hint="Recorded in the timeline.">
        {(p) => <input {...p} value={reason} maxLength={1000} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      {ownRequest ? (
        <p className="note note-info" data-testid="own-request">
          You requested this refund, so someone else must approve it.
        </p>
      ) : null}
      <div className="row">
        {canApprove ? (
          <button type="button" className="primary" disabled={!!busy} onClick={() => void act('approve')}>
            {busy === 'approve' ? 'Approving…' : 'Approve'}
          </button>
        ) : null}
        {waiting ? (
          <button type="button" className="danger" disabled={!!busy} onClick={() => void act('reject')}>
            {busy === 'reject' ? 'Rejecting…' : 'Reject'}
          </button>
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
