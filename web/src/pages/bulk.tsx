// Bulk import: upload a CSV, see what a dry run would do row by row, confirm, and watch the batch
// progress. The batch runs on the server; this page only submits it and polls.
import { type ChangeEvent, Fragment, useRef, useState } from 'react';
import { get, type List, newIdempotencyKey, REFUND_REASONS, request, type Violation } from '../api.ts';
import { DateTime, ErrorNote, Loading, Money, PageHeader, Table, useAnnounce } from '../components.tsx';
import { formatNumber, humanize } from '../format.ts';
import { POLL_MS, useResource } from '../hooks.ts';
import { Link, navigate } from '../router.tsx';
import { useSession } from '../session.tsx';
import { ruleTitle, violationText } from '../words.ts';

export interface BatchRow {
  seq: number;
  line: number;
  input: Record<string, unknown>;
  outcome: string | null;
  refund_id: string | null;
  payment_id: string | null;
  amount: number | null;
  currency: string | null;
  refund_status: string | null;
  error_code: string | null;
  message: string | null;
  violations: Violation[] | null;
}

export interface Batch {
  id: string;
  status: 'queued' | 'running' | 'completed' | 'failed';
  dry_run: boolean;
  total: number;
  processed: number;
  counts: Record<string, number>;
  error: string | null;
  created_at: string;
  finished_at: string | null;
}

const OUTCOME_TONE: Record<string, string> = {
  would_accept: 'ok',
  accepted: 'ok',
  would_need_approval: 'warn',
  needs_approval: 'warn',
  already_imported: 'muted',
  would_reject: 'bad',
  rejected: 'bad',
  error: 'bad',
};

const OUTCOME_LABEL: Record<string, string> = {
  would_accept: 'Would refund',
  would_need_approval: 'Would wait for approval',
  would_reject: 'Would be refused',
  accepted: 'Refund accepted',
  needs_approval: 'Waits for approval',
  rejected: 'Refused',
  already_imported: 'Already imported',
  error: 'Error',
};

const outcomeLabel = (o: string) => OUTCOME_LABEL[o] ?? humanize(o);

const isDone = (b: Batch | undefined) => !!b && (b.status === 'completed' || b.status === 'failed');

function submitBatch(csv: string, dryRun: boolean, idempotencyKey: string): Promise<Batch> {
  return request<Batch>('POST', '/api/v1/refund-batches', {
    query: { dry_run: dryRun ? 'true' : 'false' },
    rawBody: { text: csv, contentType: 'text/csv' },
    headers: { 'Idempotency-Key': idempotencyKey },
  });
}

export function BulkImportPage() {
  const { can } = useSession();
  const announce = useAnnounce();
  const [csv, setCsv] = useState<{ name: string; text: string } | undefined>(undefined);
  const [dryRunId, setDryRunId] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const keys = useRef<Record<string, string>>({});
  const [error, setError] = useState<unknown>(undefined);
  const dry = useResource(
    (s) =>
      dryRunId
        ? get<Batch>(`/api/v1/refund-batches/${encodeURIComponent(dryRunId)}`, undefined, s)
        : Promise.resolve(undefined),
    [dryRunId],
    POLL_MS / 2,
  );

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    setDryRunId(undefined);
    setError(undefined);
    if (!file) return setCsv(undefined);
    if (file.size > 5_000_000) {
      setError(new Error('This file is larger than 5 MB; split it into smaller files.'));
      return setCsv(undefined);
    }
    keys.current = {};
    setCsv({ name: file.name, text: await file.text() });
  };

  const run = async (dryRun: boolean) => {
    if (!csv || busy) return;
    setBusy(true);
    setError(undefined);
    try {
      // The real run keeps one key per file, so confirming twice makes one batch; a dry run is
      // always fresh.
      if (!dryRun) keys.current.confirm ??= newIdempotencyKey();
      const key = dryRun ? newIdempotencyKey() : keys.current.confirm!;
      const batch = await submitBatch(csv.text, dryRun, key);
      if (dryRun) {
        setDryRunId(batch.id);
        announce('Dry run started.');
      } else {
        announce('Bulk refund started.');
        navigate(`/bulk/${encodeURIComponent(batch.id)}`);
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (!can('refunds:write')) {
    return (
      <section aria-labelledby="page-title">
        <PageHeader title="Bulk import" />
        <p className="note note-info">Your role cannot request refunds.</p>
      </section>
    );
  }
  const dryDone = isDone(dry.data);
  return (
    <section aria-labelledby="page-title">
      <PageHeader title="Bulk import" />
      <ol className="steps">
        <li className={csv ? 'done' : 'current'}>Choose a CSV file</li>
        <li className={dryDone ? 'done' : csv ? 'current' : ''}>Check it with a dry run</li>
        <li className={dryDone ? 'current' : ''}>Confirm and watch the refunds</li>
      </ol>
      <section className="card" aria-labelledby="upload-title">
        <h2 id="upload-title">1. Choose a CSV file</h2>
        <p className="hint">
          One refund per row, with a header row. Columns: <code>payment_id</code>, <code>order_id</code> or{' '}
          <code>stripe_id</code> to find the payment; <code>amount</code> as written in the currency (e.g.{' '}
          <code>12.50</code>), or <code>all</code> for all that remains; <code>reason</code> (
          {REFUND_REASONS.map((r, i) => (
            <Fragment key={r}>
              {i === 0 ? '' : i === REFUND_REASONS.length - 1 ? ' or ' : ', '}
              <code>{r}</code>
            </Fragment>
          ))}
          ); optional <code>currency</code> and <code>note</code>.
        </p>
        <div className="field">
          <label htmlFor="bulk-file">CSV file</label>
          <input id="bulk-file" type="file" accept=".csv,text/csv" onChange={(e) => void onFile(e)} />
        </div>
        {csv ? (
          <p>
            <strong>{csv.name}</strong>:{' '}
            {formatNumber(Math.max(0, csv.text.trim().split(/\r?\n/).length - 1))} rows
          </p>
        ) : null}
        <div className="row">
          <button type="button" className="primary" disabled={!csv || busy} onClick={() => void run(true)}>
            {busy && !dryRunId ? 'Checking…' : 'Dry run'}
          </button>
        </div>
      </section>
      <ErrorNote error={error} />
      {dryRunId ? (
        <section className="card" aria-labelledby="dry-title">
          <h2 id="dry-title">2. What would happen</h2>
          {dry.error ? <ErrorNote error={dry.error} /> : null}
          {dry.data ? <BatchView batch={dry.data} /> : <Loading />}
          {dryDone && dry.data?.status === 'completed' ? (
            <div className="row">
              <button type="button" className="primary" disabled={busy} onClick={() => void run(false)}>
                {busy ? 'Starting…' : `Confirm: refund ${formatNumber(refundableRows(dry.data))} rows`}
              </button>
              <span className="hint">
                Rows the dry run refused are skipped again; nothing is refunded twice.
              </span>
            </div>
          ) : null}
        </section>
      ) : null}
    </section>
  );
}

function refundableRows(b: Batch): number {
  return (b.counts?.would_accept ?? 0) + (b.counts?.would_need_approval ?? 0);
}

export function BulkBatchPage({ id }: { id: string }) {
  const batch = useResource(
    (s) => get<Batch>(`/api/v1/refund-batches/${encodeURIComponent(id)}`, undefined, s),
    [id],
    POLL_MS / 2,
  );
  return (
    <section aria-labelledby="page-title">
      <PageHeader title={`Bulk refund ${id}`} />
      <p>
        <Link href="/bulk">New import</Link>
      </p>
      {batch.error ? <ErrorNote error={batch.error} /> : null}
      {batch.data ? <BatchView batch={batch.data} /> : batch.loading ? <Loading /> : null}
    </section>
  );
}

function BatchView({ batch }: { batch: Batch }) {
  const done = isDone(batch);
  // Row outcomes fill in as the batch runs; the first 1000 rows are shown, the CSV has them all.
  const rowsPage = useResource(
    (s) =>
      get<List<BatchRow>>(`/api/v1/refund-batches/${encodeURIComponent(batch.id)}/rows`, { limit: 1000 }, s),
    [batch.id, batch.processed, batch.status],
  );
  const rows = rowsPage.data?.data ?? [];
  return (
    <div className="batch" data-testid="batch" data-status={batch.status}>
      <div className="progress-line">
        <label htmlFor={`progress-${batch.id}`}>
          {batch.dry_run ? 'Dry run' : 'Progress'}: {formatNumber(batch.processed)} of{' '}
          {formatNumber(batch.total)} rows
          {done ? ` — ${humanize(batch.status)}` : '…'}
        </label>
        <progress id={`progress-${batch.id}`} max={Math.max(1, batch.total)} value={batch.processed} />
      </div>
      <div aria-live="polite" className="counts">
        {Object.entries(batch.counts ?? {}).map(([k, v]) => (
          <span key={k} className={`badge badge-${OUTCOME_TONE[k] ?? 'muted'}`}>
            {outcomeLabel(k)}: {formatNumber(v)}
          </span>
        ))}
      </div>
      {batch.error ? <ErrorNote error={new Error(batch.error)} /> : null}
      {done ? (
        <p>
          <a href={`/api/v1/refund-batches/${encodeURIComponent(batch.id)}/rows.csv`} download>
            Download every row’s {batch.dry_run ? 'dry-run outcome' : 'outcome'} (CSV)
          </a>
        </p>
      ) : null}
      {rowsPage.data?.has_more ? (
        <p className="hint">Showing the first {formatNumber(rows.length)} rows.</p>
      ) : null}
      {rows.length > 0 ? (
        <Table
          caption={batch.dry_run ? 'What each row would do' : 'What each row did'}
          testId="batch-rows"
          columns={[
            { label: 'Line', num: true },
            'Payment',
            { label: 'Amount', num: true },
            'Outcome',
            'Details',
          ]}
        >
          {rows.map((r) => (
            <tr key={r.seq} data-outcome={r.outcome ?? 'todo'}>
              <td data-label="Line" className="num">
                {r.line}
              </td>
              <td data-label="Payment">
                {r.payment_id ? (
                  <Link href={`/payments/${encodeURIComponent(r.payment_id)}`}>
                    {String(r.input.order_id ?? r.input.payment_id ?? r.payment_id)}
                  </Link>
                ) : (
                  String(r.input.order_id ?? r.input.payment_id ?? r.input.stripe_id ?? '—')
                )}
              </td>
              <td data-label="Amount" className="num">
                {r.amount !== null && r.currency ? (
                  <Money amount={r.amount} currency={r.currency} />
                ) : (
                  String(r.input.amount ?? '—')
                )}
              </td>
              <td data-label="Outcome">
                {r.outcome ? (
                  <span className={`badge badge-${OUTCOME_TONE[r.outcome] ?? 'muted'}`}>
                    {outcomeLabel(r.outcome)}
                  </span>
                ) : (
                  <span className="badge badge-muted">To do</span>
                )}
              </td>
              <td data-label="Details">
                {r.refund_id ? (
                  <Link href={`/refunds/${encodeURIComponent(r.refund_id)}`}>{r.refund_id}</Link>
                ) : null}
                {r.violations?.length ? (
                  r.violations.map((v) => (
                    <div key={v.code} data-rule={v.code}>
                      <strong>{ruleTitle(v.code)}:</strong> {violationText(v)}
                    </div>
                  ))
                ) : r.message ? (
                  <div>{r.message}</div>
                ) : null}
              </td>
            </tr>
          ))}
        </Table>
      ) : null}
      <p className="hint">
        Submitted <DateTime iso={batch.created_at} />
        {batch.finished_at ? (
          <>
            , finished <DateTime iso={batch.finished_at} />
          </>
        ) : null}
        .
      </p>
    </div>
  );
}
