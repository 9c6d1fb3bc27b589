// Overview: refunds per day by outcome, time from request to final, failure reasons, webhook
// health and queue depth over a chosen range. Every chart has its numbers as a table too, for
// screen readers and for people who prefer numbers.
import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { get } from '../api.ts';
import { ErrorNote, Loading, PageHeader } from '../components.tsx';
import { AccountFilter } from '../connect.tsx';
import { formatDate, formatDuration, formatNumber, humanize } from '../format.ts';
import { useResource } from '../hooks.ts';
import { Link, navigate, useLocation, withQueryPath } from '../router.tsx';
import { failureInWords } from '../words.ts';
import { dayBound } from './refunds-list.tsx';

/** What GET /api/v1/stats/overview returns. */
export interface Overview {
  from: string;
  to: string;
  /** One entry per UTC day, zeros included. */
  refunds_per_day: Array<{ day: string } & Record<string, number | string>>;
  time_to_final: {
    count: number;
    p50_seconds: number | null;
    p90_seconds: number | null;
    p99_seconds: number | null;
  };
  failure_reasons: Array<{ code: string; count: number; text?: string }>;
  queue: { depth: number; oldest_age_seconds: number | null; sent_awaiting_stripe: number };
  approvals?: { waiting: number; oldest_age_seconds: number | null };
  webhooks: {
    available: boolean;
    received: number;
    applied: number;
    failed: number;
    unapplied: number;
    bad_signatures: number | null;
  };
  /** Platforms: the account the overview is of (acct_… or 'platform'), or null for all. */
  account?: string | null;
  /** Platforms, without an account chosen: refunds per account ('platform', the busiest, 'other'). */
  accounts?: Array<{
    account: string;
    name: string | null;
    total: number;
    succeeded: number;
    failed: number;
  }>;
}

const OUTCOMES: Array<{ key: string; label: string; color: string }> = [
  { key: 'succeeded', label: 'Succeeded', color: '#1a7f37' },
  { key: 'failed', label: 'Failed', color: '#c62828' },
  { key: 'in_flight', label: 'In flight', color: '#1f4fd1' },
  { key: 'canceled', label: 'Canceled', color: '#8a8f98' },
  { key: 'rejected', label: 'Rejected by an approver', color: '#6e40c9' },
  { key: 'blocked', label: 'Blocked by the policy', color: '#b26a00' },
];

const isoDay = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

function daysAgo(n: number): string {
  const d = new Date();
  d.setDate(d.getDate() - n);
  return isoDay(d);
}

export function OverviewPage() {
  const { query } = useLocation();
  const from = query.get('from') ?? daysAgo(13);
  const to = query.get('to') ?? isoDay(new Date());
  const account = query.get('account') ?? '';
  const stats = useResource(
    (s) =>
      get<Overview>(
        '/api/v1/stats/overview',
        { from: dayBound(from, false), to: dayBound(to, true), account: account || undefined },
        s,
      ),
    [from, to, account],
    10_000,
  );

  return (
    <section aria-labelledby="page-title">
      <PageHeader title="Overview" />
      <RangeForm from={from} to={to} account={account} />
      <ErrorNote error={stats.error} />
      {stats.loading && !stats.data ? <Loading /> : null}
      {stats.data ? <Charts o={stats.data} /> : null}
    </section>
  );
}

function RangeForm({ from, to, account }: { from: string; to: string; account: string }) {
  const [f, setF] = useState(from);
  const [t, setT] = useState(to);
  const [acct, setAcct] = useState(account);
  useEffect(() => {
    setF(from);
    setT(to);
    setAcct(account);
  }, [from, to, account]);
  const go = (a: string, b: string) =>
    navigate(withQueryPath('/overview', { from: a, to: b, account: acct || undefined }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!f || !t) return;
    const [a, b] = [f, t].sort();
    go(a!, b!);
  };
  return (
    <form className="filters" onSubmit={submit} aria-label="Date range">
      <div className="field">
        <label htmlFor="ov-from">From</label>
        <input id="ov-from" type="date" value={f} max={t} onChange={(e) => setF(e.target.value)} required />
      </div>
      <div className="field">
        <label htmlFor="ov-to">To</label>
        <input id="ov-to" type="date" value={t} min={f} onChange={(e) => setT(e.target.value)} required />
      </div>
      <AccountFilter value={acct} onChange={setAcct} />
      <div className="filter-actions">
        <button type="submit" className="primary">
          Show
        </button>
        {[7, 30, 90].map((n) => (
          <button
            key={n}
            type="button"
            className="secondary"
            onClick={() => go(daysAgo(n - 1), isoDay(new Date()))}
          >
            Last {n} days
          </button>
        ))}
      </div>
    </form>
  );
}

function ChartCard({
  title,
  id,
  children,
  table,
}: {
  title: string;
  id: string;
  children: ReactNode;
  table: ReactNode;
}) {
  return (
    <figure className="card chart-card" aria-labelledby={id}>
      <figcaption id={id}>
        <h2>{title}</h2>
      </figcaption>
      {/* The numbers are in the table below; the chart is a picture of them, hidden from assistive
          technology, with recharts' keyboard layer off so nothing focusable hides in it. */}
      <div aria-hidden="true">{children}</div>
      <details>
        <summary>Numbers</summary>
        {table}
      </details>
    </figure>
  );
}

const seconds = (v: number | null | undefined) => (v === null || v === undefined ? null : v * 1000);

function Charts({ o }: { o: Overview }) {
  const perDay = o.refunds_per_day ?? [];
  const dayData: Array<Record<string, number | string> & { day: string; label: string }> = perDay.map(
    (d) => ({
      ...d,
      label: formatDate(`${d.day}T12:00:00Z`),
    }),
  );
  const total = perDay.reduce((sum, d) => sum + OUTCOMES.reduce((s, x) => s + (Number(d[x.key]) || 0), 0), 0);
  const failures = (o.failure_reasons ?? []).map((f) => ({ ...f, label: humanize(f.code) }));
  const ttf = o.time_to_final;
  const ttfData = [
    { label: 'Median', ms: seconds(ttf.p50_seconds) },
    { label: '90th percentile', ms: seconds(ttf.p90_seconds) },
    { label: '99th percentile', ms: seconds(ttf.p99_seconds) },
  ];
  const queue = [
    { label: 'Queued to send', count: o.queue.depth },
    { label: 'Sent, awaiting Stripe', count: o.queue.sent_awaiting_stripe },
    { label: 'Awaiting approval', count: o.approvals?.waiting ?? 0 },
  ];
  const wh = o.webhooks;

  return (
    <>
      <div className="stat-tiles">
        <Tile label="Refunds requested in range" value={formatNumber(total)} />
        <Tile label="Median time to final" value={formatDuration(seconds(ttf.p50_seconds))} />
        <Tile label="Failed" value={formatNumber(failures.reduce((s, f) => s + f.count, 0))} />
        <Tile label="Waiting now" value={formatNumber(queue.reduce((s, q) => s + q.count, 0))} />
      </div>
      <div className="charts">
        <ChartCard
          id="chart-per-day"
          title="Refunds per day by outcome"
          table={
            <table>
              <caption className="visually-hidden">Refunds per day by outcome</caption>
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  {OUTCOMES.map((s) => (
                    <th scope="col" key={s.key} className="num">
                      {s.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {dayData.map((d) => (
                  <tr key={d.day}>
                    <th scope="row">{d.label}</th>
                    {OUTCOMES.map((s) => (
                      <td key={s.key} className="num">
                        {formatNumber(Number(d[s.key]) || 0)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          }
        >
          <ResponsiveContainer width="100%" height={260}>
            <BarChart
              accessibilityLayer={false}
              data={dayData}
              margin={{ top: 8, right: 8, bottom: 0, left: -16 }}
            >
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="label" tick={{ fontSize: 12 }} />
              <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
              <Tooltip />
              <Legend />
              {OUTCOMES.map((s) => (
                <Bar
                  key={s.key}
                  dataKey={s.key}
                  name={s.label}
                  stackId="day"
                  fill={s.color}
                  isAnimationActive={false}
                />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </ChartCard>

        <ChartCard
          id="chart-ttf"
          title="Time from request to final"
          table={
            <table>
              <caption className="visually-hidden">Time from request to a final status</caption>
              <tbody>
                {ttfData.map((d) => (
                  <tr key={d.label}>
                    <th scope="row">{d.label}</th>
                    <td className="num">{formatDuration(d.ms)}</td>
                  </tr>
                ))}
                <tr>
                  <th scope="row">Refunds measured</th>
                  <td className="num">{formatNumber(ttf.count)}</td>
                </tr>
              </tbody>
            </table>
          }
        >
          <ResponsiveContainer width="100%" height={200}>
            <BarChart
              accessibilityLayer={false}
              data={ttfData.map((d) => ({ ...d, seconds: d.ms === null ? 0 : d.ms / 1000 }))}
              layout="vertical"
              margin={{ top: 8, right: 16, bottom: 0, left: 8 }}
            >
              <CartesianGrid strokeDasharray="3 3" horizontal={false} />
              <XAxis type="number" unit=" s" tick={{ fontSize: 12 }} />
              <YAxis type="category" dataKey="label" tick={{ fontSize: 12 }} width={110} />
              <Tooltip formatter={(v) => formatDuration(Number(v) * 1000)} />
              <Bar dataKey="seconds" name="Time to final" fill="#1f4fd1" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </ChartCard>

        <ChartCard
          id="chart-failures"
          title="Failure reasons"
          table={
            failures.length === 0 ? (
              <p>No failures in this range.</p>
            ) : (
              <table>
                <caption className="visually-hidden">Failure reasons</caption>
                <tbody>
                  {failures.map((f) => (
                    <tr key={f.code}>
                      <th scope="row">
                        {f.label}
                        <div className="hint">{f.text ?? failureInWords(f.code, null)}</div>
                      </th>
                      <td className="num">{formatNumber(f.count)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          }
        >
          {failures.length === 0 ? (
            <p className="empty">No failures in this range.</p>
          ) : (
            <ResponsiveContainer width="100%" height={Math.max(120, failures.length * 40)}>
              <BarChart
                accessibilityLayer={false}
                data={failures}
                layout="vertical"
                margin={{ top: 8, right: 16, bottom: 0, left: 8 }}
              >
                <XAxis type="number" allowDecimals={false} tick={{ fontSize: 12 }} />
                <YAxis type="category" dataKey="label" tick={{ fontSize: 12 }} width={150} />
                <Tooltip />
                <Bar dataKey="count" name="Failed refunds" fill="#c62828" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          )}
        </ChartCard>

        <ChartCard
          id="chart-queue"
          title="Queue depth now"
          table={
            <table>
              <caption className="visually-hidden">Refunds waiting now</caption>
              <tbody>
                {queue.map((q) => (
                  <tr key={q.label}>
                    <th scope="row">{q.label}</th>
                    <td className="num">{formatNumber(q.count)}</td>
                  </tr>
                ))}
                <tr>
                  <th scope="row">Oldest queued for</th>
                  <td className="num">{formatDuration(seconds(o.queue.oldest_age_seconds))}</td>
                </tr>
                <tr>
                  <th scope="row">Oldest awaiting approval for</th>
                  <td className="num">{formatDuration(seconds(o.approvals?.oldest_age_seconds))}</td>
                </tr>
              </tbody>
            </table>
          }
        >
          <ResponsiveContainer width="100%" height={200}>
            <BarChart
              accessibilityLayer={false}
              data={queue}
              margin={{ top: 8, right: 8, bottom: 0, left: -16 }}
            >
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="label" tick={{ fontSize: 12 }} />
              <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
              <Tooltip />
              <Bar dataKey="count" name="Refunds" fill="#b26a00" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </ChartCard>

        {o.accounts && o.accounts.length > 0 ? <ByAccount o={o} /> : null}

        <section className="card" aria-labelledby="webhook-health">
          <h2 id="webhook-health">Stripe webhook health</h2>
          {!wh.available ? (
            <p className="note note-info">The webhook receiver is not set up on this database yet.</p>
          ) : (
            <>
              <p>
                {wh.failed + wh.unapplied === 0 ? (
                  <span className="badge badge-ok">Healthy</span>
                ) : (
                  <span className="badge badge-warn">Needs a look</span>
                )}
              </p>
              <table>
                <caption className="visually-hidden">Stripe webhook events in this range</caption>
                <tbody>
                  <tr>
                    <th scope="row">Events received</th>
                    <td className="num">{formatNumber(wh.received)}</td>
                  </tr>
                  <tr>
                    <th scope="row">Applied</th>
                    <td className="num">{formatNumber(wh.applied)}</td>
                  </tr>
                  <tr>
                    <th scope="row">Failed to apply</th>
                    <td className="num">{formatNumber(wh.failed)}</td>
                  </tr>
                  <tr>
                    <th scope="row">Not applied yet</th>
                    <td className="num">{formatNumber(wh.unapplied)}</td>
                  </tr>
                  {wh.bad_signatures !== null ? (
                    <tr>
                      <th scope="row">Refused: bad signature</th>
                      <td className="num">{formatNumber(wh.bad_signatures)}</td>
                    </tr>
                  ) : null}
                </tbody>
              </table>
            </>
          )}
        </section>
      </div>
    </>
  );
}

function Tile({ label, value }: { label: string; value: string }) {
  return (
    <div className="tile">
      <div className="tile-value">{value}</div>
      <div className="tile-label">{label}</div>
    </div>
  );
}

/** Platforms: refunds requested in the range per account, each a link to that account's overview. */
function ByAccount({ o }: { o: Overview }) {
  const { query } = useLocation();
  const link = (account: string) =>
    withQueryPath('/overview', {
      from: query.get('from') ?? undefined,
      to: query.get('to') ?? undefined,
      account,
    });
  return (
    <section className="card" aria-labelledby="by-account" data-testid="overview-accounts">
      <h2 id="by-account">Refunds by account</h2>
      <table>
        <caption className="visually-hidden">Refunds requested in this range, by account</caption>
        <thead>
          <tr>
            <th scope="col">Account</th>
            <th scope="col" className="num">
              Requested
            </th>
            <th scope="col" className="num">
              Succeeded
            </th>
            <th scope="col" className="num">
              Failed
            </th>
          </tr>
        </thead>
        <tbody>
          {o.accounts!.map((a) => (
            <tr key={a.account} data-account={a.account}>
              <th scope="row">
                {a.account === 'other' ? (
                  'Every other account'
                ) : (
                  <Link href={link(a.account)}>
                    {a.account === 'platform'
                      ? 'The platform’s own'
                      : a.name
                        ? `${a.name} (${a.account})`
                        : a.account}
                  </Link>
                )}
              </th>
              <td className="num">{formatNumber(a.total)}</td>
              <td className="num">{formatNumber(a.succeeded)}</td>
              <td className="num">{formatNumber(a.failed)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
