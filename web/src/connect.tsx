// Stripe Connect on the dashboard (platforms): which account a payment is for, its application fee
// and transfer with what is refunded and reversed of them, what a refund took back, the options a
// refund form offers, and the account filter. Every amount is Stripe's, as the service read it.
import type { ReactNode } from 'react';
import {
  type ConnectedAccount,
  type ConnectVerdict,
  get,
  type List,
  type Payment,
  type Refund,
} from './api.ts';
import { Dl, Money } from './components.tsx';
import { formatMoney } from './format.ts';
import { useResource } from './hooks.ts';

const CHARGE_TYPE: Record<string, string> = {
  destination: 'Destination charge (the platform’s, transferred to the account)',
  direct: 'Direct charge (made on the connected account)',
};

/** Whether a payment involves Connect at all (the platform’s own payments show nothing of it). */
export const isConnect = (p: Payment | null | undefined): p is Payment =>
  !!p && (!!p.connected_account || !!p.application_fee || !!p.transfer);

/** The connected accounts known to the service (for names and the filter); cached by the hook. */
export function useAccounts() {
  return useResource((s) => get<List<ConnectedAccount>>('/api/v1/connect/accounts', undefined, s), []);
}

export function accountLabel(id: string, accounts?: ConnectedAccount[]): string {
  const name = accounts?.find((a) => a.id === id)?.name;
  return name ? `${name} (${id})` : id;
}

/** The Connect card of a payment page. */
export function PaymentConnectCard({ payment: p }: { payment: Payment }) {
  const accounts = useAccounts();
  if (!isConnect(p)) return null;
  const cur = p.currency;
  const items: Array<[string, ReactNode]> = [
    [
      'Account',
      <span key="a" data-testid="connect-account">
        {accountLabel(p.connected_account ?? '—', accounts.data?.data)}
      </span>,
    ],
    ['Charge', CHARGE_TYPE[p.charge_type ?? ''] ?? 'Platform charge'],
  ];
  if (p.application_fee) {
    items.push([
      'Application fee',
      <span key="f" data-testid="connect-fee">
        <Money amount={p.application_fee.amount} currency={cur} />, refunded{' '}
        <Money amount={p.application_fee.amount_refunded} currency={cur} />
      </span>,
    ]);
  }
  if (p.transfer) {
    items.push([
      'Transfer',
      <span key="t" data-testid="connect-transfer">
        <Money amount={p.transfer.amount} currency={cur} /> to <code>{p.transfer.destination}</code>, reversed{' '}
        <Money amount={p.transfer.amount_reversed} currency={cur} />
      </span>,
    ]);
  }
  return (
    <section className="card" aria-labelledby="connect-title" data-testid="connect-card">
      <h2 id="connect-title">Connected account</h2>
      <Dl items={items} />
    </section>
  );
}

/** The Connect lines of a refund page’s details: account, transfer reversed, fee refunded. */
export function refundConnectItems(r: Refund, accounts?: ConnectedAccount[]): Array<[string, ReactNode]> {
  const p = r.payment;
  if (!isConnect(p)) return [];
  const items: Array<[string, ReactNode]> = [
    [
      'Account',
      <span key="ca" data-testid="refund-account">
        {accountLabel(p.connected_account ?? '—', accounts)}
      </span>,
    ],
  ];
  if (p.transfer) {
    items.push([
      'Transfer reversed',
      <span key="tr" data-testid="refund-transfer-reversed">
        {r.transfer_reversal ? (
          <>
            {r.transfer_reversal.amount !== null ? (
              <Money amount={r.transfer_reversal.amount} currency={r.currency} />
            ) : (
              'yes'
            )}{' '}
            <code>{r.transfer_reversal.id}</code>
          </>
        ) : r.reverse_transfer ? (
          'asked; not made yet'
        ) : (
          'no (the platform bears the refund)'
        )}
      </span>,
    ]);
  }
  if (p.application_fee) {
    items.push([
      'Application fee refunded',
      <span key="fr" data-testid="refund-fee-refunded">
        {r.fee_refund ? (
          <>
            {r.fee_refund.amount !== null ? (
              <Money amount={r.fee_refund.amount} currency={r.currency} />
            ) : (
              'yes'
            )}{' '}
            <code>{r.fee_refund.id}</code>
          </>
        ) : r.refund_application_fee ? (
          'asked; not made yet'
        ) : (
          'no'
        )}
      </span>,
    ]);
  }
  return items;
}

export interface ConnectAsk {
  reverse_transfer?: boolean;
  refund_application_fee?: boolean;
}

/** The refund form’s Connect options: defaults from the policy (via the eligibility answer). */
export function ConnectOptions({
  payment,
  value,
  verdict,
  onChange,
}: {
  payment: Payment;
  value: ConnectAsk;
  verdict: ConnectVerdict | null | undefined;
  onChange: (v: ConnectAsk) => void;
}) {
  if (!payment.transfer && !payment.application_fee) return null;
  const cur = payment.currency;
  const reverse = value.reverse_transfer ?? verdict?.reverse_transfer ?? false;
  const fee = value.refund_application_fee ?? verdict?.refund_application_fee ?? false;
  return (
    <fieldset className="choice" data-testid="connect-options">
      <legend>Connected account</legend>
      {payment.transfer ? (
        <label>
          <input
            type="checkbox"
            name="reverse_transfer"
            checked={reverse}
            onChange={(e) => onChange({ ...value, reverse_transfer: e.target.checked })}
          />{' '}
          Reverse the transfer
          {reverse && verdict?.transfer_share ? ` (about ${formatMoney(verdict.transfer_share, cur)})` : ''}
        </label>
      ) : null}
      {payment.application_fee ? (
        <label>
          <input
            type="checkbox"
            name="refund_application_fee"
            checked={fee}
            onChange={(e) => onChange({ ...value, refund_application_fee: e.target.checked })}
          />{' '}
          Refund the application fee
          {fee && verdict?.fee_share ? ` (about ${formatMoney(verdict.fee_share, cur)})` : ''}
        </label>
      ) : null}
      {verdict && verdict.uncovered > 0 ? (
        <p className="hint" data-testid="connect-uncovered">
          The transfer has {formatMoney(verdict.transfer_left ?? 0, cur)} left to reverse:{' '}
          {formatMoney(verdict.uncovered, cur)} of this refund’s share would fall on the platform.
        </p>
      ) : null}
    </fieldset>
  );
}

/** The account filter of the refunds list (shown only when the service knows connected accounts). */
export function AccountFilter({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const accounts = useAccounts();
  const list = accounts.data?.data ?? [];
  if (list.length === 0 && !value) return null;
  return (
    <div className="field">
      <label htmlFor="f-account">Account</label>
      <select id="f-account" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">Any</option>
        <option value="platform">The platform’s own</option>
        {list.map((a) => (
          <option key={a.id} value={a.id}>
            {accountLabel(a.id, list)}
          </option>
        ))}
      </select>
    </div>
  );
}
