// Every refund, filtered and searchable, refreshed in the background so statuses change in place.
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { get, type List, REFUND_REASONS, REFUND_STATUSES, type Refund, withQuery } from '../api.ts';
import { Empty, ErrorNote, Loading, PageHeader, Table, useAnnounce } from '../components.tsx';
import { AccountFilter } from '../connect.tsx';
import { POLL_MS, useResource } from '../hooks.ts';
import { RefundRow, refundColumns } from '../refund-row.tsx';
import { navigate, useLocation } from '../router.tsx';
import { REASON_LABEL, STATUS_LABEL } from '../words.ts';

const PAGE = 25;
const FILTER_KEYS = ['q', 'status', 'reason', 'account', 'from', 'to', 'needs_approval', 'failed'] as const;
type Filters = Record<(typeof FILTER_KEYS)[number], string>;

/** A local calendar day (yyyy-mm-dd) as the instant it starts or ends, for the API's ISO bounds. */
export function dayBound(day: string, end: boolean): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = end ? new Date(y, m - 1, d, 23, 59, 59, 999) : new Date(y, m - 1, d, 0, 0, 0, 0);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The API's query for the filters in the page's URL. */
export function apiQuery(f: Filters) {
  return {
    q: f.q || undefined,
    status: f.status || undefined,
    reason: f.reason || undefined,
    account: f.account || undefined,
    created_gte: f.from ? dayBound(f.from, false) : undefined,
    created_lte: f.to ? dayBound(f.to, true) : undefined,
    needs_approval: f.needs_approval === 'true' ? 'true' : undefined,
    failed: f.failed === 'true' ? 'true' : undefined,
  };
}

export function RefundsListPage() {
  const { query } = useLocation();
  const filters = Object.fromEntries(FILTER_KEYS.map((k) => [k, query.get(k) ?? ''])) as Filters;
  const after = query.get('after') ?? '';
  const key = JSON.stringify([filters, after]);
  const announce = useAnnounce();

  const list = useResource(
    (s) =>
      get<List<Refund>>(
        '/api/v1/refunds',
        { ...apiQuery(filters), limit: PAGE, starting_after: after || undefined, expand: 'payment' },
        s,
      ),
    [key],
    POLL_MS,
  );

  // Announce status changes seen by the background refresh.
  const previous = useRef<Map<string, string>>(new Map());
  useEffect(() => {
    if (!list.data) return;
    const changed = list.data.data.filter((r) => {
      const before = previous.current.get(r.id);
      return before !== undefined && before !== r.status;
    });
    previous.current = new Map(list.data.data.map((r) => [r.id, r.status]));
    if (changed.length === 1)
      announce(`Refund ${changed[0]!.id} is now ${STATUS_LABEL[changed[0]!.status]}.`);
    else if (changed.length > 1) announce(`${changed.length} refunds changed status.`);
  }, [list.data, announce]);

  const exportHref = withQuery('/api/v1/refunds/export.csv', apiQuery(filters));
  const last = list.data?.data.at(-1)?.id;

  return (
    <section aria-labelledby="page-title">
      <PageHeader title="Refunds">
        <a className="button secondary" href={exportHref} download>
          Export CSV
        </a>
      </PageHeader>
      <FilterForm filters={filters} />
      {list.error ? <ErrorNote error={list.error} /> : null}
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && list.data.data.length === 0 ? <Empty>No refund matches these filters.</Empty> : null}
      {list.data && list.data.data.length > 0 ? (
        <Table
          caption={<>Refunds, newest first{after ? ' (older page)' : ''}; updates every few seconds</>}
          className="refunds-table"
          columns={refundColumns(true)}
        >
          {list.data.data.map((r) => (
            <RefundRow key={r.id} refund={r} withOrder />
          ))}
        </Table>
      ) : null}
      <nav className="pager" aria-label="Pages">
        {after ? (
          <button
            type="button"
            className="secondary"
            onClick={() => navigate(withQuery('/refunds', { ...filters }))}
          >
            Newest
          </button>
        ) : null}
        {list.data?.has_more && last ? (
          <button
            type="button"
            className="secondary"
            onClick={() => navigate(withQuery('/refunds', { ...filters, after: last }))}
          >
            Older
          </button>
        ) : null}
      </nav>
    </section>
  );
}

function FilterForm({ filters }: { filters: Filters }) {
  const [f, setF] = useState(filters);
  const key = JSON.stringify(filters);
  // biome-ignore lint/correctness/useExhaustiveDependencies: follow the URL when it changes
  useEffect(() => setF(filters), [key]);
  const set = (k: keyof Filters, v: string) => setF((old) => ({ ...old, [k]: v }));
  const apply = (e: FormEvent) => {
    e.preventDefault();
    navigate(withQuery('/refunds', f));
  };
  return (
    <form className="filters" onSubmit={apply} aria-label="Filter refunds">
      <div className="field grow">
        <label htmlFor="f-q">Search</label>
        <input
          id="f-q"
          type="search"
          placeholder="Refund id, order id, email, Stripe id"
          value={f.q}
          onChange={(e) => set('q', e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="f-status">Status</label>
        <select id="f-status" value={f.status} onChange={(e) => set('status', e.target.value)}>
          <option value="">Any</option>
          {REFUND_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABEL[s]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-reason">Reason</label>
        <select id="f-reason" value={f.reason} onChange={(e) => set('reason', e.target.value)}>
          <option value="">Any</option>
          {REFUND_REASONS.map((r) => (
            <option key={r} value={r}>
              {REASON_LABEL[r]}
            </option>
          ))}
        </select>
      </div>
      <AccountFilter value={f.account} onChange={(v) => set('account', v)} />
      <div className="field">
        <label htmlFor="f-from">From</label>
        <input id="f-from" type="date" value={f.from} onChange={(e) => set('from', e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="f-to">To</label>
        <input id="f-to" type="date" value={f.to} onChange={(e) => set('to', e.target.value)} />
      </div>
      <div className="checks">
        <label>
          <input
            type="checkbox"
            checked={f.needs_approval === 'true'}
            onChange={(e) => set('needs_approval', e.target.checked ? 'true' : '')}
          />{' '}
          Needs approval
        </label>
        <label>
          <input
            type="checkbox"
            checked={f.failed === 'true'}
            onChange={(e) => set('failed', e.target.checked ? 'true' : '')}
          />{' '}
          Failed
        </label>
      </div>
      <div className="filter-actions">
        <button type="submit" className="primary">
          Apply
        </button>
        <button type="button" className="secondary" onClick={() => navigate('/refunds')}>
          Clear
        </button>
      </div>
    </form>
  );
}
