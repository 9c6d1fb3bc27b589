// Settings for admins: people and their roles, API keys (the secret shown once), the refund policy
// and the merchant's webhook endpoints (their signing secret shown once).
import { type FormEvent, useState } from 'react';
import { del, get, type List, post, put, REFUND_REASONS, type Role, type Scope } from '../api.ts';
import {
  DateTime,
  Empty,
  ErrorNote,
  Field,
  Loading,
  PageHeader,
  SecretOnce,
  useAnnounce,
} from '../components.tsx';
import { formatMoney } from '../format.ts';
import { useResource } from '../hooks.ts';
import { Link, useLocation } from '../router.tsx';
import { useSession } from '../session.tsx';
import { actorInWords, REASON_LABEL } from '../words.ts';

const TABS = [
  { key: 'users', label: 'Users' },
  { key: 'api-keys', label: 'API keys' },
  { key: 'policy', label: 'Refund policy' },
  { key: 'webhooks', label: 'Webhook endpoints' },
] as const;

export function SettingsPage() {
  const { can } = useSession();
  const { query } = useLocation();
  const tab = TABS.find((t) => t.key === query.get('tab'))?.key ?? 'users';
  if (!can('admin')) {
    return (
      <section aria-labelledby="page-title">
        <PageHeader title="Settings" />
        <p className="note note-info">Only administrators can change settings.</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="page-title">
      <PageHeader title="Settings" />
      <nav aria-label="Settings sections" className="subnav">
        <ul>
          {TABS.map((t) => (
            <li key={t.key}>
              <Link href={`/settings?tab=${t.key}`} aria-current={tab === t.key ? 'page' : undefined}>
                {t.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {tab === 'users' ? (
        <Users />
      ) : tab === 'api-keys' ? (
        <ApiKeys />
      ) : tab === 'policy' ? (
        <Policy />
      ) : (
        <Webhooks />
      )}
    </section>
  );
}

// ---- Users ----

interface UserRow {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  disabled: boolean;
  sign_in_delayed_until?: string | null;
  created_at: string;
  last_login_at?: string | null;
}

const ROLES: Array<{ role: Role; says: string }> = [
  { role: 'viewer', says: 'sees payments and refunds' },
  { role: 'agent', says: 'also requests refunds (large ones wait for approval)' },
  { role: 'approver', says: 'also approves or rejects large refunds' },
  { role: 'admin', says: 'everything, including users, keys and policy' },
];

function Users() {
  const { session } = useSession();
  const announce = useAnnounce();
  const users = useResource((s) => get<List<UserRow>>('/api/v1/users', undefined, s), []);
  const [form, setForm] = useState({ email: '', name: '', role: 'agent' as Role, password: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [generated, setGenerated] = useState<{ email: string; password: string } | undefined>(undefined);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const created = await post<UserRow & { password?: string }>('/api/v1/users', {
        email: form.email,
        role: form.role,
        ...(form.name ? { name: form.name } : {}),
        ...(form.password ? { password: form.password } : {}),
      });
      if (created.password) setGenerated({ email: created.email, password: created.password });
      announce(`User ${form.email} created.`);
      setForm({ email: '', name: '', role: 'agent', password: '' });
      await users.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const update = async (u: UserRow, change: Partial<{ role: Role; disabled: boolean }>) => {
    setError(undefined);
    try {
      await post(`/api/v1/users/${encodeURIComponent(u.id)}`, change);
      announce(`User ${u.email} updated.`);
      await users.reload();
    } catch (err) {
      setError(err);
    }
  };
  const resetPassword = async (u: UserRow) => {
    if (!window.confirm(`Give ${u.email} a new password? Their current one stops working.`)) return;
    setError(undefined);
    try {
      const r = await post<{ password?: string }>(`/api/v1/users/${encodeURIComponent(u.id)}/password`, {});
      if (r.password) setGenerated({ email: u.email, password: r.password });
    } catch (err) {
      setError(err);
    }
  };

  return (
    <div className="grid-2">
      <section aria-labelledby="users-title">
        <h2 id="users-title">People</h2>
        <ErrorNote error={error ?? users.error} />
        {generated ? (
          <SecretOnce
            label={`Password for ${generated.email}.`}
            value={generated.password}
            onDone={() => setGenerated(undefined)}
          />
        ) : null}
        {users.loading && !users.data ? <Loading /> : null}
        {users.data ? (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">People who can sign in</caption>
              <thead>
                <tr>
                  <th scope="col">Person</th>
                  <th scope="col">Role</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {users.data.data.map((u) => (
                  <tr key={u.id}>
                    <td data-label="Person">
                      {u.name ? <strong>{u.name}</strong> : null}
                      <div>{u.email}</div>
                    </td>
                    <td data-label="Role">
                      <label className="visually-hidden" htmlFor={`role-${u.id}`}>
                        Role of {u.email}
                      </label>
                      <select
                        id={`role-${u.id}`}
                        value={u.role}
                        disabled={u.id === session?.user.id}
                        onChange={(e) => void update(u, { role: e.target.value as Role })}
                      >
                        {ROLES.map((r) => (
                          <option key={r.role} value={r.role}>
                            {r.role}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td data-label="Status">
                      {u.id === session?.user.id ? (
                        'You'
                      ) : (
                        <div className="row">
                          {u.disabled ? <span className="badge badge-muted">Disabled</span> : null}
                          {u.sign_in_delayed_until && new Date(u.sign_in_delayed_until) > new Date() ? (
                            <span className="badge badge-warn" title="Failed sign-ins from some address">
                              Sign-ins delayed
                            </span>
                          ) : null}
                          <button
                            type="button"
                            className="secondary small"
                            onClick={() => void update(u, { disabled: !u.disabled })}
                          >
                            {u.disabled ? 'Enable' : 'Disable'}{' '}
                            <span className="visually-hidden">{u.email}</span>
                          </button>
                          <button
                            type="button"
                            className="secondary small"
                            onClick={() => void resetPassword(u)}
                          >
                            New password <span className="visually-hidden">for {u.email}</span>
                          </button>
                        </div>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
      <form className="card" onSubmit={create} aria-labelledby="new-user-title">
        <h2 id="new-user-title">Add a person</h2>
        <Field label="Email">
          {(p) => (
            <input
              {...p}
              type="email"
              required
              value={form.email}
              onChange={(e) => setForm({ ...form, email: e.target.value })}
            />
          )}
        </Field>
        <Field label="Name (optional)">
          {(p) => (
            <input {...p} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
          )}
        </Field>
        <fieldset className="choice">
          <legend>Role</legend>
          {ROLES.map((r) => (
            <label key={r.role}>
              <input
                type="radio"
                name="new-role"
                value={r.role}
                checked={form.role === r.role}
                onChange={() => setForm({ ...form, role: r.role })}
              />{' '}
              <strong>{r.role}</strong> — {r.says}
            </label>
          ))}
        </fieldset>
        <Field
          label="Initial password (optional)"
          hint="At least 12 characters. Leave empty and Refundry makes one up and shows it once."
        >
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="new-password"
              minLength={12}
              value={form.password}
              onChange={(e) => setForm({ ...form, password: e.target.value })}
            />
          )}
        </Field>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Adding…' : 'Add person'}
        </button>
      </form>
    </div>
  );
}

// ---- API keys ----

interface KeyRow {
  id: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  created_at: string;
  last_used_at?: string | null;
  revoked_at: string | null;
}

const SCOPES: Scope[] = [
  'payments:read',
  'payments:write',
  'refunds:read',
  'refunds:write',
  'refunds:approve',
  'admin',
];

function ApiKeys() {
  const announce = useAnnounce();
  const keys = useResource((s) => get<List<KeyRow>>('/api/v1/api-keys', undefined, s), []);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>(['payments:write', 'refunds:write', 'refunds:read']);
  const [secret, setSecret] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const created = await post<{ key?: string; secret?: string }>('/api/v1/api-keys', { name, scopes });
      setSecret(created.key ?? created.secret);
      setName('');
      announce('API key created. Copy it now; it is shown only once.');
      await keys.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (k: KeyRow) => {
    if (!window.confirm(`Revoke the key “${k.name}”? Programs using it stop working at once.`)) return;
    setError(undefined);
    try {
      await del(`/api/v1/api-keys/${encodeURIComponent(k.id)}`);
      announce(`Key ${k.name} revoked.`);
      await keys.reload();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <div className="grid-2">
      <section aria-labelledby="keys-title">
        <h2 id="keys-title">API keys</h2>
        <ErrorNote error={error ?? keys.error} />
        {secret ? (
          <SecretOnce label="Your new API key." value={secret} onDone={() => setSecret(undefined)} />
        ) : null}
        {keys.loading && !keys.data ? <Loading /> : null}
        {keys.data && keys.data.data.length === 0 ? <Empty>No API keys yet.</Empty> : null}
        {keys.data && keys.data.data.length > 0 ? (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">API keys</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Scopes</th>
                  <th scope="col">Created</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {keys.data.data.map((k) => (
                  <tr key={k.id} className={k.revoked_at ? 'muted' : ''}>
                    <td data-label="Name">
                      <strong>{k.name}</strong>
                      <div>
                        <code>{k.prefix}…</code>
                      </div>
                    </td>
                    <td data-label="Scopes">{k.scopes.join(', ')}</td>
                    <td data-label="Created">
                      <DateTime iso={k.created_at} />
                    </td>
                    <td data-label="">
                      {k.revoked_at ? (
                        <span className="badge badge-muted">Revoked</span>
                      ) : (
                        <button type="button" className="danger small" onClick={() => void revoke(k)}>
                          Revoke <span className="visually-hidden">{k.name}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
      <form className="card" onSubmit={create} aria-labelledby="new-key-title">
        <h2 id="new-key-title">Create a key</h2>
        <Field label="Name" hint="Who uses it, e.g. “shop backend”.">
          {(p) => (
            <input {...p} required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
          )}
        </Field>
        <fieldset className="choice">
          <legend>Scopes</legend>
          {SCOPES.map((s) => (
            <label key={s}>
              <input
                type="checkbox"
                checked={scopes.includes(s)}
                onChange={(e) => setScopes(e.target.checked ? [...scopes, s] : scopes.filter((x) => x !== s))}
              />{' '}
              <code>{s}</code>
            </label>
          ))}
        </fieldset>
        <button type="submit" className="primary" disabled={busy || scopes.length === 0 || !name.trim()}>
          {busy ? 'Creating…' : 'Create key'}
        </button>
      </form>
    </div>
  );
}

// ---- Policy ----

interface PolicyView {
  refund_window_days: number;
  approval_threshold: number;
  blocked_reasons: string[];
  defaults?: { refund_window_days: number; approval_threshold: number; blocked_reasons: string[] };
  updated_by?: string | null;
  updated_at?: string | null;
}

function Policy() {
  const policy = useResource((s) => get<PolicyView>('/api/v1/settings/policy', undefined, s), []);
  if (policy.loading && !policy.data) return <Loading />;
  if (policy.error) return <ErrorNote error={policy.error} />;
  return (
    <PolicyForm
      key={policy.data!.updated_at ?? ''}
      initial={policy.data!}
      onSaved={() => void policy.reload()}
    />
  );
}

function PolicyForm({ initial, onSaved }: { initial: PolicyView; onSaved: () => void }) {
  const announce = useAnnounce();
  const [days, setDays] = useState(String(initial.refund_window_days));
  // The threshold applies to every currency in its minor unit (cents, yen…), as the policy does.
  const [threshold, setThreshold] = useState(String(initial.approval_threshold));
  const [blocked, setBlocked] = useState<string[]>(initial.blocked_reasons ?? []);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const thresholdMinor =
    /^\d+$/.test(threshold.trim()) && Number(threshold) >= 1 ? Number(threshold) : undefined;
  const daysValue = /^\d+$/.test(days.trim()) ? Number(days) : undefined;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (thresholdMinor === undefined || daysValue === undefined) return;
    setBusy(true);
    setError(undefined);
    try {
      await put('/api/v1/settings/policy', {
        refund_window_days: daysValue,
        approval_threshold: thresholdMinor,
        blocked_reasons: blocked,
      });
      announce('Refund policy saved.');
      onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card narrow" onSubmit={save} aria-labelledby="policy-title">
      <h2 id="policy-title">Refund policy</h2>
      <p className="hint">Applies at once to the dashboard, the API and bulk imports.</p>
      <ErrorNote error={error} />
      <Field
        label="Refund window (days after capture)"
        error={daysValue === undefined ? 'A whole number of days.' : undefined}
        hint={initial.defaults ? `Default: ${initial.defaults.refund_window_days} days.` : undefined}
      >
        {(p) => (
          <input {...p} inputMode="numeric" required value={days} onChange={(e) => setDays(e.target.value)} />
        )}
      </Field>
      <Field
        label="Approval needed above (minor units)"
        hint={
          thresholdMinor !== undefined
            ? `Refunds above ${formatMoney(thresholdMinor, 'usd')}, ${formatMoney(thresholdMinor, 'eur')} or ${formatMoney(thresholdMinor, 'jpy')} wait for an approver.`
            : undefined
        }
        error={
          thresholdMinor === undefined ? 'A whole number of minor units (cents), at least 1.' : undefined
        }
      >
        {(p) => (
          <input
            {...p}
            inputMode="numeric"
            required
            value={threshold}
            onChange={(e) => setThreshold(e.target.value)}
          />
        )}
      </Field>
      <fieldset className="choice">
        <legend>Blocked reasons</legend>
        {REFUND_REASONS.map((r) => (
          <label key={r}>
            <input
              type="checkbox"
              checked={blocked.includes(r)}
              onChange={(e) =>
                setBlocked(e.target.checked ? [...blocked, r] : blocked.filter((x) => x !== r))
              }
            />{' '}
            {REASON_LABEL[r]}
          </label>
        ))}
      </fieldset>
      {initial.updated_at ? (
        <p className="hint">
          Last changed by {actorInWords(initial.updated_by ?? '')} on <DateTime iso={initial.updated_at} />.
        </p>
      ) : null}
      <button
        type="submit"
        className="primary"
        disabled={busy || thresholdMinor === undefined || daysValue === undefined}
      >
        {busy ? 'Saving…' : 'Save policy'}
      </button>
    </form>
  );
}

// ---- Webhook endpoints ----

interface Endpoint {
  id: string;
  url: string;
  description: string | null;
  enabled_events: string[];
  status: 'enabled' | 'disabled';
  created_at: string;
}

const EVENTS = [
  'refund.created',
  'refund.awaiting_approval',
  'refund.approved',
  'refund.pending',
  'refund.requires_action',
  'refund.succeeded',
  'refund.failed',
  'refund.canceled',
  'refund.rejected',
];

function Webhooks() {
  const announce = useAnnounce();
  const endpoints = useResource((s) => get<List<Endpoint>>('/api/v1/webhook-endpoints', undefined, s), []);
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<string[]>(['*']);
  const [secret, setSecret] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const created = await post<{ secret: string }>('/api/v1/webhook-endpoints', {
        url,
        ...(description ? { description } : {}),
        enabled_events: events,
      });
      setSecret(created.secret);
      setUrl('');
      setDescription('');
      announce('Webhook endpoint added. Copy its signing secret now; it is shown only once.');
      await endpoints.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const remove = async (ep: Endpoint) => {
    if (!window.confirm(`Stop sending refund events to ${ep.url}?`)) return;
    setError(undefined);
    try {
      await del(`/api/v1/webhook-endpoints/${encodeURIComponent(ep.id)}`);
      announce('Webhook endpoint removed.');
      await endpoints.reload();
    } catch (err) {
      setError(err);
    }
  };
  const all = events.includes('*');

  return (
    <div className="grid-2">
      <section aria-labelledby="endpoints-title">
        <h2 id="endpoints-title">Webhook endpoints</h2>
        <p className="hint">Refundry sends signed refund events to these URLs of your own systems.</p>
        <ErrorNote error={error ?? endpoints.error} />
        {secret ? (
          <SecretOnce
            label="The endpoint’s signing secret."
            value={secret}
            onDone={() => setSecret(undefined)}
          />
        ) : null}
        {endpoints.data && endpoints.data.data.length === 0 ? <Empty>No endpoints yet.</Empty> : null}
        {endpoints.data && endpoints.data.data.length > 0 ? (
          <ul className="plain-list">
            {endpoints.data.data.map((ep) => (
              <li key={ep.id} className="card">
                <div className="row spread">
                  <code className="break">{ep.url}</code>
                  <span className={`badge badge-${ep.status === 'enabled' ? 'ok' : 'muted'}`}>
                    {ep.status}
                  </span>
                </div>
                {ep.description ? <p>{ep.description}</p> : null}
                <p className="hint">Events: {ep.enabled_events.join(', ')}</p>
                {ep.status === 'enabled' ? (
                  <button type="button" className="danger small" onClick={() => void remove(ep)}>
                    Remove <span className="visually-hidden">{ep.url}</span>
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        ) : null}
      </section>
      <form className="card" onSubmit={create} aria-labelledby="new-endpoint-title">
        <h2 id="new-endpoint-title">Add an endpoint</h2>
        <Field label="URL" hint="HTTPS, reachable from this server.">
          {(p) => (
            <input
              {...p}
              type="url"
              required
              placeholder="https://shop.example/refundry-events"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
            />
          )}
        </Field>
        <Field label="Description (optional)">
          {(p) => <input {...p} value={description} onChange={(e) => setDescription(e.target.value)} />}
        </Field>
        <fieldset className="choice">
          <legend>Events</legend>
          <label>
            <input type="checkbox" checked={all} onChange={(e) => setEvents(e.target.checked ? ['*'] : [])} />{' '}
            Every refund event
          </label>
          {!all
            ? EVENTS.map((ev) => (
                <label key={ev}>
                  <input
                    type="checkbox"
                    checked={events.includes(ev)}
                    onChange={(e) =>
                      setEvents(e.target.checked ? [...events, ev] : events.filter((x) => x !== ev))
                    }
                  />{' '}
                  <code>{ev}</code>
                </label>
              ))
            : null}
        </fieldset>
        <button type="submit" className="primary" disabled={busy || !url || events.length === 0}>
          {busy ? 'Adding…' : 'Add endpoint'}
        </button>
      </form>
    </div>
  );
}
