// A payment: what was captured, refunded, in flight and still refundable, its refunds, and the
// refund form (which shows the policy's answer before anything is sent).
import { type FormEvent, useEffect, useRef, useState } from 'react';
import {
  ApiFailure,
  type ApprovalReason,
  DEFAULT_REFUND_REASON,
  type Eligibility,
  get,
  type List,
  newIdempotencyKey,
  type Payment,
  post,
  REFUND_REASONS,
  type Refund,
  type RefundReason,
  type Violation,
} from '../api.ts';
import {
  DateTime,
  Dl,
  Empty,
  ErrorNote,
  Field,
  Loading,
  Money,
  PageHeader,
  Table,
  useAnnounce,
  useFocusAfterRender,
} from '../components.tsx';
import { type ConnectAsk, ConnectOptions, PaymentConnectCard } from '../connect.tsx';
import { formatMajorInput, formatMoney, minorUnitDigits, parseAmount } from '../format.ts';
import { POLL_MS, useResource } from '../hooks.ts';
import { RefundRow, refundColumns } from '../refund-row.tsx';
import { Link, navigate } from '../router.tsx';
import { useSession } from '../session.tsx';
import { REASON_LABEL, ruleTitle, violationText } from '../words.ts';

export function PaymentPage({ id }: { id: string }) {
  const { can } = useSession();
  const payment = useResource(
    (s) => get<Payment>(`/api/v1/payments/${encodeURIComponent(id)}`, undefined, s),
    [id],
  );
  const refunds = useResource(
    (s) => get<List<Refund>>('/api/v1/refunds', { payment_id: id, limit: 100 }, s),
    [id],
    POLL_MS,
  );
  const inFlight = refunds.data?.data.some(
    (r) => !['succeeded', 'failed', 'canceled', 'rejected'].includes(r.status),
  );
  // Amounts move as refunds are added and settle: reload the payment when their statuses change.
  const statuses = refunds.data?.data.map((r) => `${r.id}:${r.status}`).join(',');
  const { reload } = payment;
  const seen = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (statuses === undefined) return;
    if (seen.current !== undefined && seen.current !== statuses) void reload();
    seen.current = statuses;
  }, [statuses, reload]);

  if (payment.loading && !payment.data) return <Loading />;
  if (payment.error) {
    return (
      <section>
        <PageHeader title="Payment" />
        <ErrorNote error={payment.error} />
        <p>
          <Link href="/payments">Search again</Link>
        </p>
      </section>
    );
  }
  const p = payment.data!;
  const cur = p.currency;

  return (
    <section aria-labelledby="page-title">
      <PageHeader title={`Payment ${p.order_id ?? p.id}`}>
        {p.fraud_flagged ? <span className="badge badge-bad">Flagged as fraud</span> : null}
        {p.disputed ? <span className="badge badge-bad">Disputed at Stripe</span> : null}
      </PageHeader>
      <dl className="amount-cards">
        <AmountCard label="Captured" amount={p.amount_captured ?? p.amount} currency={cur} />
        <AmountCard label="Refunded" amount={p.amount_refunded} currency={cur} />
        <AmountCard label="In flight" amount={p.amount_in_flight} currency={cur} live={!!inFlight} />
        <AmountCard label="Still refundable" amount={p.amount_refundable} currency={cur} strong />
      </dl>
      <div className="grid-2">
        <section className="card" aria-labelledby="payment-details">
          <h2 id="payment-details">Details</h2>
          <Dl
            items={[
              ['Order', p.order_id ?? '—'],
              ['Customer', p.customer_email ?? p.customer_id ?? '—'],
              ['Captured', <DateTime key="c" iso={p.captured_at} />],
              ['Payment intent', <code key="pi">{p.stripe_payment_intent_id ?? '—'}</code>],
              ['Charge', <code key="ch">{p.stripe_charge_id ?? '—'}</code>],
              ['Refundry id', <code key="id">{p.id}</code>],
            ]}
          />
        </section>
        {p.amount_refundable === 0 ? (
          <NothingLeft payment={p} />
        ) : can('refunds:write') ? (
          <RefundForm payment={p} onDone={() => void Promise.all([payment.reload(), refunds.reload()])} />
        ) : (
          <section className="card" aria-labelledby="refund-form-title">
            <h2 id="refund-form-title">Refund</h2>
            <p className="note note-info">Your role can view payments but not refund them.</p>
          </section>
        )}
      </div>
      <PaymentConnectCard payment={p} />
      <section aria-labelledby="refunds-so-far">
        <h2 id="refunds-so-far">Refunds so far</h2>
        {refunds.error ? <ErrorNote error={refunds.error} /> : null}
        {refunds.data && refunds.data.data.length === 0 ? (
          <Empty>No refunds on this payment yet.</Empty>
        ) : null}
        {refunds.data && refunds.data.data.length > 0 ? (
          <Table caption="Refunds of this payment, newest first" hideCaption columns={refundColumns()}>
            {refunds.data.data.map((r) => (
              <RefundRow key={r.id} refund={r} />
            ))}
          </Table>
        ) : null}
      </section>
    </section>
  );
}

/**
 * Nothing remains to refund: the whole amount is refunded, or the rest is on its way. Said as a
 * fact with the amounts, instead of a form that could only answer with an error.
 */
function NothingLeft({ payment: p }: { payment: Payment }) {
  const full = p.amount_in_flight === 0;
  return (
    <section className="card" aria-labelledby="refund-form-title" data-testid="nothing-left">
      <h2 id="refund-form-title">{full ? 'Fully refunded' : 'Nothing left to refund'}</h2>
      <p className={`note ${full ? 'note-ok' : 'note-info'}`}>
        {full ? (
          <>
            All of <Money amount={p.amount_captured ?? p.amount} currency={p.currency} /> has been refunded.
            The refunds are listed below.
          </>
        ) : (
          <>
            <Money amount={p.amount_in_flight} currency={p.currency} /> is being refunded and{' '}
            <Money amount={p.amount_refunded} currency={p.currency} /> already was: nothing remains. If a
            refund in flight fails, what it was for can be refunded again.
          </>
        )}
      </p>
    </section>
  );
}

function AmountCard({
  label,
  amount,
  currency,
  strong,
  live,
}: {
  label: string;
  amount: number;
  currency: string;
  strong?: boolean;
  live?: boolean;
}) {
  return (
    <div
      className={`amount-card${strong ? ' strong' : ''}`}
      data-testid={`amount-${label.toLowerCase().replace(/ /g, '-')}`}
    >
      <dt className="amount-label">{label}</dt>
      <dd className="amount-value" aria-live={live ? 'polite' : undefined}>
        <Money amount={amount} currency={currency} />
      </dd>
    </div>
  );
}

type Mode = 'full' | 'partial';

interface Verdict {
  kind: 'allowed' | 'approval' | 'blocked';
  violations: Violation[];
  amount: number;
  /** Why an approver must agree. */
  reasons?: ApprovalReason[];
}

/** The policy's answer for what is typed now, from the service's eligibility for that amount and reason. */
export function verdictFor(e: Eligibility): Verdict {
  const amount = e.amount ?? e.refundable_amount;
  if (!e.eligible || e.violations.length > 0) return { kind: 'blocked', violations: e.violations, amount };
  return {
    kind: e.needs_approval ? 'approval' : 'allowed',
    violations: [],
    amount,
    reasons: e.approval_reasons ?? ['above_threshold'],
  };
}

/** Waits until typing pauses before asking the server again. */
function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = window.setTimeout(() => setV(value), ms);
    return () => window.clearTimeout(t);
  }, [value, ms]);
  return v;
}

const NOTE_ID = 'refund-note';
const AMOUNT_ID = 'refund-amount';
const VERDICT_ID = 'policy-verdict-message';
const ERROR_ID = 'refund-error';

function RefundForm({ payment, onDone }: { payment: Payment; onDone: () => void }) {
  const announce = useAnnounce();
  const focusOn = useFocusAfterRender();
  const cur = payment.currency;
  const [mode, setMode] = useState<Mode>('full');
  const [amountText, setAmountText] = useState('');
  const [reason, setReason] = useState<RefundReason>(DEFAULT_REFUND_REASON);
  const [note, setNote] = useState('');
  // Connect: the transfer and fee to take back (unset: the policy's defaults).
  const [connectAsk, setConnectAsk] = useState<ConnectAsk>({});
  const connectKey = `${connectAsk.reverse_transfer ?? ''}|${connectAsk.refund_application_fee ?? ''}`;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [serverViolations, setServerViolations] = useState<Violation[] | undefined>(undefined);
  // Shown once a submit was tried (or the field left empty after typing): "Other" needs a note.
  const [noteTouched, setNoteTouched] = useState(false);
  const noteRequired = reason === 'other';
  const noteError =
    noteRequired && noteTouched && !note.trim()
      ? 'Say why: a note is required when the reason is Other.'
      : serverNoteError(error);
  // One key per submission of this content: a double click, or a retry after a lost answer,
  // sends the same key and the service refunds once. Editing the form starts a new submission.
  const idempotencyKey = useRef<string | undefined>(undefined);
  const submitting = useRef(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: any edit is a new submission
  useEffect(() => {
    idempotencyKey.current = undefined;
    setServerViolations(undefined);
  }, [mode, amountText, reason, note, connectKey]);

  const amount = mode === 'partial' ? parseAmount(amountText, cur) : undefined;
  const amountError =
    mode === 'partial' && amountText.trim() !== '' && amount === undefined
      ? `Type the amount as you would write it in ${cur.toUpperCase()}, e.g. ${formatMajorInput(1250 * 10 ** Math.max(0, minorUnitDigits(cur) - 2), cur)}.`
      : mode === 'partial' && amount === 0
        ? 'The amount must be more than zero.'
        : undefined;
  const ask = useDebounced(
    mode === 'partial'
      ? amount !== undefined && amount > 0
        ? `${amount}|${reason}|${connectKey}`
        : undefined
      : `full|${reason}|${connectKey}`,
    250,
  );
  const current =
    mode === 'partial'
      ? amount !== undefined && amount > 0
        ? `${amount}|${reason}|${connectKey}`
        : undefined
      : `full|${reason}|${connectKey}`;
  const eligibility = useResource(
    async (s) => {
      if (!ask) return undefined;
      const [a, r, rt, fee] = ask.split('|') as [string, string, string, string];
      const e = await get<Eligibility>(
        `/api/v1/payments/${encodeURIComponent(payment.id)}/eligibility`,
        {
          amount: a === 'full' ? undefined : a,
          reason: r,
          reverse_transfer: rt || undefined,
          refund_application_fee: fee || undefined,
        },
        s,
      );
      return { key: ask, e };
    },
    [payment.id, ask, payment.amount_refundable, payment.amount_in_flight],
  );
  // Only an answer for exactly what is on screen may enable the button.
  const fresh = eligibility.data && eligibility.data.key === current ? eligibility.data.e : undefined;
  const verdict = fresh ? verdictFor(fresh) : undefined;
  const violations = serverViolations ?? verdict?.violations ?? [];
  const blocked = (serverViolations?.length ?? 0) > 0 || verdict?.kind === 'blocked';
  const canSubmit = !busy && !!verdict && !blocked && verdict.amount > 0;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (noteRequired && !note.trim()) {
      // Said before anything is sent: the field is marked required and takes focus.
      setNoteTouched(true);
      focusOn(NOTE_ID);
      return;
    }
    if (submitting.current || !canSubmit || !verdict) return;
    submitting.current = true;
    setBusy(true);
    setError(undefined);
    idempotencyKey.current ??= newIdempotencyKey();
    try {
      const refund = await post<Refund>(
        '/api/v1/refunds',
        {
          payment_id: payment.id,
          ...(mode === 'partial' ? { amount: verdict.amount } : {}),
          reason,
          ...(note.trim() ? { note: note.trim() } : {}),
          ...connectAsk,
        },
        { 'Idempotency-Key': idempotencyKey.current },
      );
      announce(
        refund.status === 'awaiting_approval'
          ? `Refund ${refund.id} is waiting for approval.`
          : `Refund ${refund.id} was accepted.`,
      );
      onDone();
      navigate(`/refunds/${encodeURIComponent(refund.id)}`);
    } catch (err) {
      if (err instanceof ApiFailure && err.code === 'policy_violation' && err.body.violations) {
        setServerViolations(err.body.violations);
        focusOn(VERDICT_ID);
      } else {
        setError(err);
        // The field at fault when the service names one, else the message.
        const param = err instanceof ApiFailure ? err.param : undefined;
        focusOn(param === 'note' ? NOTE_ID : param === 'amount' && mode === 'partial' ? AMOUNT_ID : ERROR_ID);
      }
      void eligibility.reload();
    } finally {
      submitting.current = false;
      setBusy(false);
    }
  };

  const fullLabel = formatMoney(payment.amount_refundable, cur);
  return (
    <section className="card" aria-labelledby="refund-form-title">
      <h2 id="refund-form-title">Refund</h2>
      <form onSubmit={submit} noValidate aria-describedby="policy-verdict">
        <fieldset className="choice">
          <legend>How much</legend>
          <label>
            <input
              type="radio"
              name="mode"
              value="full"
              checked={mode === 'full'}
              onChange={() => setMode('full')}
            />{' '}
            Full refund of what remains ({fullLabel})
          </label>
          <label>
            <input
              type="radio"
              name="mode"
              value="partial"
              checked={mode === 'partial'}
              onChange={() => setMode('partial')}
            />{' '}
            Partial refund
          </label>
        </fieldset>
        {mode === 'partial' ? (
          <Field
            id={AMOUNT_ID}
            label={`Amount (${cur.toUpperCase()})`}
            hint={
              amount !== undefined
                ? `Refunds ${formatMoney(amount, cur)}`
                : `In ${cur.toUpperCase()}, as you would write it.`
            }
            error={amountError}
          >
            {(p) => (
              <input
                {...p}
                name="amount"
                inputMode={minorUnitDigits(cur) > 0 ? 'decimal' : 'numeric'}
                autoComplete="off"
                value={amountText}
                onChange={(e) => setAmountText(e.target.value)}
              />
            )}
          </Field>
        ) : null}
        <Field label="Reason">
          {(p) => (
            <select
              {...p}
              name="reason"
              value={reason}
              onChange={(e) => setReason(e.target.value as RefundReason)}
            >
              {REFUND_REASONS.map((r) => (
                <option key={r} value={r}>
                  {REASON_LABEL[r]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <ConnectOptions
          payment={payment}
          value={connectAsk}
          verdict={fresh?.connect}
          onChange={setConnectAsk}
        />
        <Field
          id={NOTE_ID}
          label="Note"
          required={noteRequired}
          hint={
            noteRequired
              ? 'Required when the reason is Other: say why. Kept with the refund for your team; the customer does not see it.'
              : 'Optional. Kept with the refund for your team; the customer does not see it.'
          }
          error={noteError}
        >
          {(p) => (
            <textarea
              {...p}
              name="note"
              rows={2}
              maxLength={1000}
              required={noteRequired}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              onBlur={() => setNoteTouched(true)}
            />
          )}
        </Field>
        <div id="policy-verdict" className="policy" aria-live="polite" data-testid="policy-verdict">
          {!verdict && !eligibility.error && current ? (
            <span className="hint">Checking the refund policy…</span>
          ) : null}
          {eligibility.error ? (
            <ErrorNote error={eligibility.error} title="The policy could not be checked." />
          ) : null}
          {blocked ? (
            <div className="note note-bad" data-verdict="blocked" id={VERDICT_ID} tabIndex={-1}>
              <strong>The refund policy does not allow this refund.</strong>
              <ul className="rules">
                {violations.map((v) => (
                  <li key={v.code} data-rule={v.code}>
                    <strong>{ruleTitle(v.code)}:</strong> {violationText(v)}
                  </li>
                ))}
              </ul>
            </div>
          ) : verdict?.kind === 'approval' ? (
            <div className="note note-warn" data-verdict="approval">
              <strong>Allowed, after approval.</strong>{' '}
              {verdict.reasons?.includes('fraud_flagged')
                ? 'The payment is flagged as fraudulent: the policy refunds it only after an approver agrees.'
                : null}{' '}
              {verdict.reasons?.includes('above_threshold') ? (
                <>
                  {formatMoney(verdict.amount, cur)} is above the{' '}
                  {formatMoney(fresh!.needs_approval_above, cur)} approval threshold; an approver must approve
                  it before it is sent to Stripe.
                </>
              ) : null}
              {verdict.reasons?.includes('transfer_uncovered') ? (
                <>
                  The connected account’s transfer cannot cover this refund’s share: an approver must approve
                  it before it is sent to Stripe.
                </>
              ) : null}
            </div>
          ) : verdict?.kind === 'allowed' ? (
            <div className="note note-ok" data-verdict="allowed">
              <strong>The policy allows this refund.</strong> It will be sent to Stripe right away.
            </div>
          ) : null}
        </div>
        {serverNoteError(error) ? null : <ErrorNote error={error} id={ERROR_ID} />}
        <button type="submit" className="primary" disabled={!canSubmit} aria-disabled={!canSubmit}>
          {busy ? 'Refunding…' : verdict?.amount ? `Refund ${formatMoney(verdict.amount, cur)}` : 'Refund'}
        </button>
      </form>
    </section>
  );
}

/** The service's answer about the note field (e.g. a 400 with param 'note'), shown on the field. */
function serverNoteError(error: unknown): string | undefined {
  return error instanceof ApiFailure && error.param === 'note' ? error.message : undefined;
}
