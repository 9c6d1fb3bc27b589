// Settings for admins: people and their roles, API keys (the secret shown once), the refund policy
// and the merchant's webhook endpoints (their signing secret shown once).
import { type ComponentType, type FormEvent, useState } from 'react';
import { SUPPORTED_CURRENCIES } from '../../../src/shared/money.ts';
import { ApiFailure, del, get, type List, post, put, REFUND_REASONS, type Role, type Scope } from '../api.ts';
import {
  DateTime,
  Empty,
  ErrorNote,
  Field,
  Loading,
  PageHeader,
  Person,
  SecretOnce,
  Table,
  useAnnounce,
  useFocusAfterRender,
} from '../components.tsx';
import { useAccounts } from '../connect.tsx';
import { formatMajorInput, formatMoney, minorUnitDigits, parseAmount } from '../format.ts';
import { toggled, useAction, useResource } from '../hooks.ts';
import { Link, useLocation } from '../router.tsx';
import { useSession } from '../session.tsx';
import { REASON_LABEL } from '../words.ts';

const TABS = [
  { key: 'users', label: 'Users' },
  { key: 'api-keys', label: 'API keys' },
  { key: 'policy', label: 'Refund policy' },
  { key: 'merchant', label: 'Customer page' },
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
      ) : tab === 'merchant' ? (
        <Merchant />
      ) : (
        <Webhooks />
      )}
    </section>
  );
}

// ---- What the policy and customer-page sections share ----

interface Changed {
  updated_by?: string | null;
  updated_by_name?: string | null;
  updated_by_email?: string | null;
  updated_at?: string | null;
}

interface SettingFormProps<T> {
  initial: T;
  onSaved: () => void;
}

/**
 * One setting read from `path` and edited in `form`: the form starts again from the saved value
 * (keyed by `updated_at`) after each save.
 */
function SavedSetting<T extends Changed>({
  path,
  form: Form,
}: {
  path: string;
  form: ComponentType<SettingFormProps<T>>;
}) {
  const setting = useResource((s) => get<T>(path, undefined, s), [path]);
  if (setting.loading && !setting.data) return <Loading />;
  if (setting.error) return <ErrorNote error={setting.error} />;
  return (
    <Form
      key={setting.data!.updated_at ?? ''}
      initial={setting.data!}
      onSaved={() => void setting.reload()}
    />
  );
}

/** "Last changed by … on …", once a setting has been saved. */
function LastChanged({ by }: { by: Changed }) {
  if (!by.updated_at) return null;
  return (
    <p className="hint">
      Last changed by <Person actor={by.updated_by} name={by.updated_by_name} email={by.updated_by_email} />{' '}
      on <DateTime iso={by.updated_at} />.
    </p>
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
  const { busy, error, run, attempt } = useAction();
  const [generated, setGenerated] = useState<{ email: string; password: string } | undefined>(undefined);

  const create = (e: FormEvent) => {
    e.preventDefault();
    return run(async () => {
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
    });
  };
  const update = (u: UserRow, change: Partial<{ role: Role; disabled: boolean }>) =>
    attempt(async () => {
      await post(`/api/v1/users/${encodeURIComponent(u.id)}`, change);
      announce(`User ${u.email} updated.`);
      await users.reload();
    });
  const resetPassword = async (u: UserRow) => {
    if (!window.confirm(`Give ${u.email} a new password? Their current one stops working.`)) return;
    await attempt(async () => {
      const r = await post<{ password?: string }>(`/api/v1/users/${encodeURIComponent(u.id)}/password`, {});
      if (r.password) setGenerated({ email: u.email, password: r.password });
    });
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
          <Table caption="People who can sign in" hideCaption columns={['Person', 'Role', 'Status']}>
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
                        {u.disabled ? 'Enable' : 'Disable'} <span className="visually-hidden">{u.email}</span>
                      </button>
                      <button type="button" className="secondary small" onClick={() => void resetPassword(u)}>
                        New password <span className="visually-hidden">for {u.email}</span>
                      </button>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </Table>
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
  const { busy, error, run, attempt } = useAction();

  const create = (e: FormEvent) => {
    e.preventDefault();
    return run(async () => {
      const created = await post<{ key?: string; secret?: string }>('/api/v1/api-keys', { name, scopes });
      setSecret(created.key ?? created.secret);
      setName('');
      announce('API key created. Copy it now; it is shown only once.');
      await keys.reload();
    });
  };
  const revoke = async (k: KeyRow) => {
    if (!window.confirm(`Revoke the key “${k.name}”? Programs using it stop working at once.`)) return;
    await attempt(async () => {
      await del(`/api/v1/api-keys/${encodeURIComponent(k.id)}`);
      announce(`Key ${k.name} revoked.`);
      await keys.reload();
    });
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
          <Table
            caption="API keys"
            hideCaption
            columns={[
              'Name',
              'Scopes',
              'Created',
              <span key="actions" className="visually-hidden">
                Actions
              </span>,
            ]}
          >
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
          </Table>
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
                onChange={(e) => setScopes(toggled(scopes, s, e.target.checked))}
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

interface PolicyView extends Changed {
  refund_window_days: number;
  /** The default for currencies without their own value, in the payment currency's minor unit. */
  approval_threshold: number;
  /** Lowercase currency → minor units. */
  approval_thresholds?: Record<string, number>;
  blocked_reasons: string[];
  allow_self_approval?: boolean;
  fraud_flagged_refunds?: 'refuse' | 'with_approval';
  defaults?: { refund_window_days: number; approval_threshold: number; blocked_reasons: string[] };
  /** Platforms (Stripe Connect): what a refund takes back unless it says otherwise. */
  connect?: ConnectPolicy & { defaults: ConnectPolicy };
}

interface ConnectPolicy {
  reverse_transfer: boolean;
  refund_application_fee: boolean;
  approve_uncovered: boolean;
}

const CONNECT_CHOICES: Array<[keyof ConnectPolicy, string, string]> = [
  [
    'reverse_transfer',
    'Reverse the transfer',
    'Destination charges: the connected account gives back its share of each refund.',
  ],
  ['refund_application_fee', 'Refund the application fee', 'The platform gives back its fee’s share.'],
  [
    'approve_uncovered',
    'Ask an approver when the transfer cannot cover a refund',
    'When less is left to reverse than the refund’s share, the platform would pay the difference.',
  ],
];

const Policy = () => <SavedSetting<PolicyView> path="/api/v1/settings/policy" form={PolicyForm} />;

/** Currencies an admin can give a threshold of their own, most common first. */
const CURRENCY_CHOICES = [
  'usd',
  'eur',
  'gbp',
  'jpy',
  ...[...SUPPORTED_CURRENCIES].filter((c) => !['usd', 'eur', 'gbp', 'jpy'].includes(c)).sort(),
];

interface ThresholdRow {
  key: number;
  currency: string;
  text: string;
}

/** The default threshold is read in each currency's minor unit; shown as an amount with cents. */
const DEFAULT_UNIT = 'usd';

function PolicyForm({ initial, onSaved }: SettingFormProps<PolicyView>) {
  const announce = useAnnounce();
  const focusOn = useFocusAfterRender();
  const [days, setDays] = useState(String(initial.refund_window_days));
  const [defaultText, setDefaultText] = useState(formatMajorInput(initial.approval_threshold, DEFAULT_UNIT));
  const [rows, setRows] = useState<ThresholdRow[]>(
    Object.entries(initial.approval_thresholds ?? {}).map(([currency, minor], i) => ({
      key: i,
      currency,
      text: formatMajorInput(minor, currency),
    })),
  );
  const [nextKey, setNextKey] = useState(rows.length);
  const [blocked, setBlocked] = useState<string[]>(initial.blocked_reasons ?? []);
  const [selfApproval, setSelfApproval] = useState(initial.allow_self_approval === true);
  const [fraud, setFraud] = useState(initial.fraud_flagged_refunds ?? 'refuse');
  const [connect, setConnect] = useState<ConnectPolicy | undefined>(
    initial.connect && {
      reverse_transfer: initial.connect.reverse_transfer,
      refund_application_fee: initial.connect.refund_application_fee,
      approve_uncovered: initial.connect.approve_uncovered,
    },
  );
  // Platforms only: shown once a connected account is known (or a Connect default was changed).
  const accounts = useAccounts();
  const showConnect =
    !!connect &&
    ((accounts.data?.data.length ?? 0) > 0 ||
      CONNECT_CHOICES.some(([k]) => initial.connect![k] !== initial.connect!.defaults[k]));
  const [tried, setTried] = useState(false);
  const { busy, error, run } = useAction();

  const daysValue = /^\d+$/.test(days.trim()) ? Number(days) : undefined;
  const defaultMinor = parseAmount(defaultText, DEFAULT_UNIT);
  const defaultOk = defaultMinor !== undefined && defaultMinor >= 1;
  const rowMinor = (r: ThresholdRow) => parseAmount(r.text, r.currency);
  const rowError = (r: ThresholdRow) => {
    const minor = rowMinor(r);
    if (minor === undefined || minor < 1) {
      return `Type an amount in ${r.currency.toUpperCase()} as you would write it, e.g. ${formatMajorInput(50_000 * 10 ** Math.max(0, minorUnitDigits(r.currency) - 2), r.currency)}.`;
    }
    if (rows.some((o) => o.key !== r.key && o.currency === r.currency && o.key < r.key)) {
      return `${r.currency.toUpperCase()} is already listed above.`;
    }
    return undefined;
  };
  const invalid = daysValue === undefined || !defaultOk || rows.some((r) => rowError(r) !== undefined);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (invalid) {
      const bad =
        daysValue === undefined
          ? 'policy-days'
          : !defaultOk
            ? 'policy-default-threshold'
            : `threshold-${rows.find((r) => rowError(r))!.key}`;
      focusOn(bad);
      return;
    }
    await run(
      async () => {
        await put('/api/v1/settings/policy', {
          refund_window_days: daysValue,
          approval_threshold: defaultMinor,
          approval_thresholds: Object.fromEntries(rows.map((r) => [r.currency, rowMinor(r)!])),
          blocked_reasons: blocked,
          allow_self_approval: selfApproval,
          fraud_flagged_refunds: fraud,
          ...(showConnect ? { connect } : {}),
        });
        announce('Refund policy saved.');
        onSaved();
      },
      () => focusOn('policy-error'),
    );
  };
  const add = () => {
    const used = new Set(rows.map((r) => r.currency));
    const currency = CURRENCY_CHOICES.find((c) => !used.has(c)) ?? 'usd';
    setRows([...rows, { key: nextKey, currency, text: formatMajorInput(defaultMinor ?? 50_000, currency) }]);
    setNextKey(nextKey + 1);
    focusOn(`threshold-${nextKey}`);
  };
  const show = (message: string | undefined) => (tried ? message : undefined);

  return (
    <form className="card narrow" onSubmit={save} aria-labelledby="policy-title" noValidate>
      <h2 id="policy-title">Refund policy</h2>
      <p className="hint">Applies at once to the dashboard, the API and bulk imports.</p>
      <ErrorNote error={error} id="policy-error" />
      <Field
        id="policy-days"
        label="Refund window (days after capture)"
        error={daysValue === undefined ? 'A whole number of days.' : undefined}
        hint={initial.defaults ? `Default: ${initial.defaults.refund_window_days} days.` : undefined}
      >
        {(p) => (
          <input {...p} inputMode="numeric" required value={days} onChange={(e) => setDays(e.target.value)} />
        )}
      </Field>
      <fieldset className="thresholds" data-testid="thresholds">
        <legend>Approval needed above</legend>
        <p className="hint">
          Refunds above these amounts wait for an approver. Give each currency you take payments in its own
          amount.
        </p>
        {rows.map((r) => (
          <div className="threshold-row" key={r.key} data-currency={r.currency}>
            <div className="field">
              <label htmlFor={`threshold-currency-${r.key}`}>Currency</label>
              <select
                id={`threshold-currency-${r.key}`}
                value={r.currency}
                onChange={(e) =>
                  setRows(rows.map((o) => (o.key === r.key ? { ...o, currency: e.target.value } : o)))
                }
              >
                {CURRENCY_CHOICES.map((c) => (
                  <option key={c} value={c}>
                    {c.toUpperCase()}
                  </option>
                ))}
              </select>
            </div>
            <Field
              id={`threshold-${r.key}`}
              label={`Amount (${r.currency.toUpperCase()})`}
              error={show(rowError(r))}
              hint={
                rowMinor(r) !== undefined && !rowError(r)
                  ? `Above ${formatMoney(rowMinor(r)!, r.currency)}`
                  : undefined
              }
            >
              {(p) => (
                <input
                  {...p}
                  inputMode={minorUnitDigits(r.currency) > 0 ? 'decimal' : 'numeric'}
                  value={r.text}
                  onChange={(e) =>
                    setRows(rows.map((o) => (o.key === r.key ? { ...o, text: e.target.value } : o)))
                  }
                />
              )}
            </Field>
            <button
              type="button"
              className="secondary small"
              onClick={() => setRows(rows.filter((o) => o.key !== r.key))}
            >
              Remove <span className="visually-hidden">the {r.currency.toUpperCase()} threshold</span>
            </button>
          </div>
        ))}
        <button type="button" className="secondary small" onClick={add}>
          Add a currency
        </button>
        <Field
          id="policy-default-threshold"
          label={rows.length > 0 ? 'Any other currency' : 'Any currency'}
          error={show(defaultOk ? undefined : 'An amount such as 500.00, more than zero.')}
          hint={
            defaultOk
              ? `${formatMoney(defaultMinor!, 'usd')}, ${formatMoney(defaultMinor!, 'eur')}… in currencies with cents; ${formatMoney(defaultMinor!, 'jpy')} in currencies without (set those above to be exact).`
              : undefined
          }
        >
          {(p) => (
            <input
              {...p}
              inputMode="decimal"
              required
              value={defaultText}
              onChange={(e) => setDefaultText(e.target.value)}
            />
          )}
        </Field>
      </fieldset>
      <fieldset className="choice">
        <legend>Blocked reasons</legend>
        {REFUND_REASONS.map((r) => (
          <label key={r}>
            <input
              type="checkbox"
              checked={blocked.includes(r)}
              onChange={(e) => setBlocked(toggled(blocked, r, e.target.checked))}
            />{' '}
            {REASON_LABEL[r]}
          </label>
        ))}
      </fieldset>
      <fieldset className="choice">
        <legend>Fraud-flagged payments</legend>
        <label>
          <input
            type="radio"
            name="fraud-flagged-refunds"
            checked={fraud === 'refuse'}
            onChange={() => setFraud('refuse')}
          />{' '}
          Refuse their refunds
        </label>
        <label>
          <input
            type="radio"
            name="fraud-flagged-refunds"
            checked={fraud === 'with_approval'}
            onChange={() => setFraud('with_approval')}
          />{' '}
          Refund them after an approver agrees (Stripe advises refunding fraud rather than waiting for the
          dispute)
        </label>
      </fieldset>
      <fieldset className="choice">
        <legend>Approvals</legend>
        <label>
          <input type="checkbox" checked={selfApproval} onChange={(e) => setSelfApproval(e.target.checked)} />{' '}
          Allow people to approve refunds they requested themselves (one-person shops; otherwise a second
          person must approve)
        </label>
      </fieldset>
      {showConnect ? (
        <fieldset className="choice" data-testid="policy-connect">
          <legend>Connected accounts (platforms)</legend>
          <p className="hint">What a refund takes back unless the person or the request says otherwise.</p>
          {CONNECT_CHOICES.map(([k, label, hint]) => (
            <label key={k}>
              <input
                type="checkbox"
                name={`connect-${k}`}
                checked={connect![k]}
                onChange={(e) => setConnect({ ...connect!, [k]: e.target.checked })}
              />{' '}
              {label}
              <span className="hint"> {hint}</span>
            </label>
          ))}
        </fieldset>
      ) : null}
      <LastChanged by={initial} />
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Saving…' : 'Save policy'}
      </button>
    </form>
  );
}

// ---- Customer page (the merchant as customers see them) ----

interface MerchantView extends Changed {
  name: string | null;
  support_email: string | null;
  support_url: string | null;
  support_phone: string | null;
}

const Merchant = () => <SavedSetting<MerchantView> path="/api/v1/settings/merchant" form={MerchantForm} />;

const MERCHANT_FIELDS = [
  {
    key: 'name',
    label: 'Shop name',
    type: 'text',
    hint: 'Shown at the top of the page, e.g. “Acme Outfitters”.',
  },
  { key: 'support_email', label: 'Support email', type: 'email', hint: undefined },
  { key: 'support_phone', label: 'Support phone', type: 'tel', hint: undefined },
  { key: 'support_url', label: 'Help page', type: 'url', hint: 'https://…' },
] as const;

function MerchantForm({ initial, onSaved }: SettingFormProps<MerchantView>) {
  const announce = useAnnounce();
  const focusOn = useFocusAfterRender();
  const [form, setForm] = useState({
    name: initial.name ?? '',
    support_email: initial.support_email ?? '',
    support_phone: initial.support_phone ?? '',
    support_url: initial.support_url ?? '',
  });
  const { busy, error, run } = useAction();
  const save = (e: FormEvent) => {
    e.preventDefault();
    return run(
      async () => {
        await put(
          '/api/v1/settings/merchant',
          Object.fromEntries(Object.entries(form).map(([k, v]) => [k, v.trim()])),
        );
        announce('Saved. Customers see it on their refund status page.');
        onSaved();
      },
      (err) => {
        const param = err instanceof ApiFailure ? err.param : undefined;
        focusOn(param && param in form ? `merchant-${param}` : 'merchant-error');
      },
    );
  };
  const fieldError = (key: string) =>
    error instanceof ApiFailure && error.param === key ? error.message : undefined;
  return (
    <form className="card narrow" onSubmit={save} aria-labelledby="merchant-title" noValidate>
      <h2 id="merchant-title">What customers see</h2>
      <p className="hint">
        Your customers’ refund status page shows your shop’s name and how to reach your support, whatever
        state their refund is in. Leave a field empty to hide it.
      </p>
      {fieldError('name') ||
      fieldError('support_email') ||
      fieldError('support_phone') ||
      fieldError('support_url') ? null : (
        <ErrorNote error={error} id="merchant-error" />
      )}
      {MERCHANT_FIELDS.map((f) => (
        <Field key={f.key} id={`merchant-${f.key}`} label={f.label} hint={f.hint} error={fieldError(f.key)}>
          {(p) => (
            <input
              {...p}
              type={f.type}
              value={form[f.key]}
              maxLength={f.key === 'support_url' ? 500 : 254}
              onChange={(e) => setForm({ ...form, [f.key]: e.target.value })}
            />
          )}
        </Field>
      ))}
      <LastChanged by={initial} />
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Saving…' : 'Save'}
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
  const { busy, error, run, attempt } = useAction();

  const create = (e: FormEvent) => {
    e.preventDefault();
    return run(async () => {
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
    });
  };
  const remove = async (ep: Endpoint) => {
    if (!window.confirm(`Stop sending refund events to ${ep.url}?`)) return;
    await attempt(async () => {
      await del(`/api/v1/webhook-endpoints/${encodeURIComponent(ep.id)}`);
      announce('Webhook endpoint removed.');
      await endpoints.reload();
    });
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
                    onChange={(e) => setEvents(toggled(events, ev, e.target.checked))}
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
