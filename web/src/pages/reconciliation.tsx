// Reconciliation: the runs that compared Stripe's refunds with Refundry's, what each found, and the
// discrepancies left for a person to resolve (with a note).
import { type FormEvent, useState } from 'react';
import { get, type List, post } from '../api.ts';
import {
  DateTime,
  Dl,
  Empty,
  ErrorNote,
  Field,
  Loading,
  Money,
  NotLoaded,
  PageHeader,
  Person,
  Table,
  useAnnounce,
  useFocusAfterRender,
} from '../components.tsx';
import { formatDateTime, formatNumber, humanize } from '../format.ts';
import { POLL_MS, useResource } from '../hooks.ts';
import { Link, navigate } from '../router.tsx';
import { useSession } from '../session.tsx';

export interface ReconciliationRun {
  id: string;
  status: 'waiting' | 'running' | 'completed' | 'failed' | 'canceled';
  window: { from: string; to: string };
  triggered_by: string;
  triggered_by_name?: string | null;
  triggered_by_email?: string | null;
  stripe_refunds: number;
  counts: Record<string, number>;
  flagged: number;
  healed: number;
  /** Flagged discrepancies not resolved yet. */
  open?: number;
  needs_attention?: boolean;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  discrepancies?: List<Discrepancy>;
}

interface SideValues {
  amount?: number;
  currency?: string;
  status?: string;
  [key: string]: unknown;
}

export interface Discrepancy {
  id: string;
  kind: string;
  refund_id: string | null;
  stripe_refund_id: string | null;
  payment_id: string | null;
  stripe: SideValues | null;
  local: SideValues | null;
  action: 'healed' | 'flagged';
  detail: string;
  resolved_at: string | null;
  resolved_by: string | null;
  resolved_by_name?: string | null;
  resolved_by_email?: string | null;
  resolution_note: string | null;
}

const RUN_TONE: Record<string, string> = {
  waiting: 'info',
  running: 'info',
  completed: 'ok',
  failed: 'bad',
  canceled: 'muted',
};

function RunBadge({ status }: { status: string }) {
  return <span className={`badge badge-${RUN_TONE[status] ?? 'muted'}`}>{humanize(status)}</span>;
}

export function ReconciliationPage() {
  const { can } = useSession();
  const announce = useAnnounce();
  const runs = useResource(
    (s) => get<List<ReconciliationRun>>('/api/v1/reconciliation/runs', { limit: 50 }, s),
    [],
    POLL_MS,
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  const start = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const run = await post<ReconciliationRun>('/api/v1/reconciliation/runs', {});
      announce('Reconciliation run started.');
      navigate(`/reconciliation/${encodeURIComponent(run.id)}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="page-title">
      <PageHeader title="Reconciliation">
        {can('admin') ? (
          <button type="button" className="primary" disabled={busy} onClick={() => void start()}>
            {busy ? 'Starting…' : 'Run reconciliation now'}
          </button>
        ) : null}
      </PageHeader>
      <p className="hint">
        Each run compares every refund Stripe made in its window with Refundry’s records. Differences Refundry
        can fix safely are healed; the rest are flagged here for a person.
      </p>
      <ErrorNote error={error ?? runs.error} />
      {runs.loading && !runs.data ? <Loading /> : null}
      {runs.data && runs.data.data.length === 0 ? <Empty>No reconciliation has run yet.</Empty> : null}
      {runs.data && runs.data.data.length > 0 ? (
        <Table
          caption="Reconciliation runs, newest first"
          columns={[
            'Run',
            'Status',
            'Window',
            { label: 'Stripe refunds', num: true },
            { label: 'Healed', num: true },
            { label: 'Flagged', num: true },
            'Started by',
          ]}
        >
          {runs.data.data.map((r) => (
            <tr key={r.id}>
              <td data-label="Run">
                <Link href={`/reconciliation/${encodeURIComponent(r.id)}`}>{r.id}</Link>
              </td>
              <td data-label="Status">
                <RunBadge status={r.status} />
              </td>
              <td data-label="Window">
                <DateTime iso={r.window.from} /> – <DateTime iso={r.window.to} />
              </td>
              <td data-label="Stripe refunds" className="num">
                {formatNumber(r.stripe_refunds)}
              </td>
              <td data-label="Healed" className="num">
                {formatNumber(r.healed)}
              </td>
              <td data-label="Flagged" className="num">
                {formatNumber(r.flagged)}{' '}
                {r.open ? <span className="badge badge-warn">{formatNumber(r.open)} open</span> : null}
              </td>
              <td data-label="Started by">
                <Person actor={r.triggered_by} name={r.triggered_by_name} email={r.triggered_by_email} />
              </td>
            </tr>
          ))}
        </Table>
      ) : null}
    </section>
  );
}

export function ReconciliationRunPage({ id }: { id: string }) {
  const run = useResource(
    (s) => get<ReconciliationRun>(`/api/v1/reconciliation/runs/${encodeURIComponent(id)}`, undefined, s),
    [id],
    POLL_MS,
  );
  if (!run.data) return <NotLoaded title="Reconciliation run" resource={run} />;
  const r = run.data!;
  const discrepancies = r.discrepancies?.data ?? [];
  const open = discrepancies.filter((d) => d.action === 'flagged' && !d.resolved_at);
  return (
    <section aria-labelledby="page-title">
      <PageHeader title={`Reconciliation run ${r.id}`}>
        <span aria-live="polite" data-testid="run-status">
          <RunBadge status={r.status} />
        </span>
      </PageHeader>
      <p>
        <Link href="/reconciliation">All runs</Link>
      </p>
      {r.error ? <ErrorNote error={new Error(r.error)} title="The run failed." /> : null}
      <section className="card" aria-labelledby="run-summary">
        <h2 id="run-summary">Summary</h2>
        <Dl
          items={[
            ['Window', `${formatDateTime(r.window.from)} – ${formatDateTime(r.window.to)}`],
            [
              'Started by',
              <Person
                key="by"
                actor={r.triggered_by}
                name={r.triggered_by_name}
                email={r.triggered_by_email}
              />,
            ],
            ['Started', <DateTime key="s" iso={r.started_at ?? r.created_at} />],
            ['Finished', <DateTime key="f" iso={r.finished_at} />],
            ['Stripe refunds compared', formatNumber(r.stripe_refunds)],
            ...Object.entries(r.counts ?? {}).map(
              ([k, v]) => [humanize(k), formatNumber(v)] as [string, string],
            ),
            ['Healed', formatNumber(r.healed)],
            ['Flagged for a person', formatNumber(r.flagged)],
          ]}
        />
      </section>
      <section aria-labelledby="discrepancies-title">
        <h2 id="discrepancies-title">Discrepancies</h2>
        {discrepancies.length === 0 ? (
          <Empty>No discrepancy: Stripe and Refundry agree on every refund in this window.</Empty>
        ) : (
          <>
            <p className="hint">
              {open.length === 0 ? 'Nothing left to resolve.' : `${open.length} left to resolve.`}
            </p>
            <ul className="discrepancies">
              {discrepancies.map((d) => (
                <DiscrepancyItem key={d.id} d={d} onResolved={() => void run.reload()} />
              ))}
            </ul>
          </>
        )}
      </section>
    </section>
  );
}

function Side({ label, v }: { label: string; v: SideValues | null }) {
  if (!v) return <div className="side">{label}: none</div>;
  return (
    <div className="side">
      <strong>{label}:</strong>{' '}
      {typeof v.amount === 'number' && v.currency ? <Money amount={v.amount} currency={v.currency} /> : null}{' '}
      {v.status ? humanize(String(v.status)) : null}
    </div>
  );
}

function DiscrepancyItem({ d, onResolved }: { d: Discrepancy; onResolved: () => void }) {
  const { can } = useSession();
  const announce = useAnnounce();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const focusOn = useFocusAfterRender();
  const resolve = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || !note.trim()) return;
    setBusy(true);
    setError(undefined);
    try {
      await post(`/api/v1/reconciliation/discrepancies/${encodeURIComponent(d.id)}/resolve`, {
        note: note.trim(),
      });
      announce('Discrepancy resolved.');
      onResolved();
    } catch (err) {
      setError(err);
      focusOn(`resolve-error-${d.id}`);
    } finally {
      setBusy(false);
    }
  };
  const state =
    d.action === 'healed' ? 'Healed automatically' : d.resolved_at ? 'Resolved' : 'Needs a person';
  return (
    <li className={`card discrepancy ${d.action === 'flagged' && !d.resolved_at ? 'open' : ''}`}>
      <div className="row spread">
        <strong>{humanize(d.kind)}</strong>
        <span className={`badge badge-${d.action === 'healed' || d.resolved_at ? 'ok' : 'warn'}`}>
          {state}
        </span>
      </div>
      <p>{d.detail}</p>
      <div className="sides">
        <Side label="Stripe" v={d.stripe} />
        <Side label="Refundry" v={d.local} />
      </div>
      <p className="hint">
        {d.refund_id ? (
          <>
            Refund <Link href={`/refunds/${encodeURIComponent(d.refund_id)}`}>{d.refund_id}</Link>{' '}
          </>
        ) : null}
        {d.stripe_refund_id ? (
          <>
            Stripe <code>{d.stripe_refund_id}</code>
          </>
        ) : null}
      </p>
      {d.resolved_at ? (
        <p className="hint">
          Resolved by <Person actor={d.resolved_by} name={d.resolved_by_name} email={d.resolved_by_email} />{' '}
          on <DateTime iso={d.resolved_at} />: {d.resolution_note}
        </p>
      ) : d.action === 'flagged' && can('admin') ? (
        <form onSubmit={resolve} className="resolve-form">
          <ErrorNote error={error} id={`resolve-error-${d.id}`} />
          <Field label="Resolution note" hint="What you checked or did; kept with the discrepancy.">
            {(p) => (
              <input
                {...p}
                required
                value={note}
                maxLength={1000}
                onChange={(e) => setNote(e.target.value)}
              />
            )}
          </Field>
          <button type="submit" className="primary small" disabled={busy || !note.trim()}>
            {busy ? 'Resolving…' : 'Mark resolved'}
          </button>
        </form>
      ) : null}
    </li>
  );
}
