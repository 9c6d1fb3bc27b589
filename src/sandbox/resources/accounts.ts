import type { FastifyInstance } from 'fastify';
import type { Sandbox } from '../context.ts';
import { invalidParam, resourceMissing, unknownParameter } from '../http/errors.ts';
import type { Params } from '../http/form.ts';
import { get, post, type RequestContext } from '../http/http.ts';
import { listJson, listPage, listParams, registerRetrieve } from '../http/lists.ts';
import {
  applyMetadata,
  currencyParam,
  expandParam,
  LIST_PARAMS,
  metadataParam,
  optionalBoolean,
  optionalEnum,
  optionalId,
  optionalString,
  rejectUnknown,
} from '../http/params.ts';
import { fastId } from '../state/fast-id.ts';
import type { AccountRecord } from '../state/records.ts';

// Connected accounts (`acct_`): what a platform needs to make Connect payments in tests. Created
// ready to take charges and receive transfers (details submitted, charges and payouts enabled, the
// card_payments and transfers capabilities active); `Stripe-Account: acct_…` then acts on one.

const CREATE = new Set([
  'type',
  'country',
  'email',
  'default_currency',
  'business_type',
  'business_profile',
  'capabilities',
  'metadata',
  'expand',
]);
const LIST = new Set([...LIST_PARAMS]);
const TYPES = ['standard', 'express', 'custom'] as const;
const BUSINESS_TYPES = ['company', 'government_entity', 'individual', 'non_profit'] as const;

/** The currency a new account settles in when none is given (its country's). */
const COUNTRY_CURRENCY: Record<string, string> = {
  US: 'usd',
  GB: 'gbp',
  CA: 'cad',
  AU: 'aud',
  NZ: 'nzd',
  JP: 'jpy',
  CH: 'chf',
  SE: 'sek',
  NO: 'nok',
  DK: 'dkk',
  PL: 'pln',
  SG: 'sgd',
  HK: 'hkd',
  MX: 'mxn',
  BR: 'brl',
  IN: 'inr',
};
const EURO = new Set([
  'AT',
  'BE',
  'CY',
  'DE',
  'EE',
  'ES',
  'FI',
  'FR',
  'GR',
  'HR',
  'IE',
  'IT',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'PT',
  'SI',
  'SK',
]);

function countryCurrency(country: string): string | undefined {
  return COUNTRY_CURRENCY[country] ?? (EURO.has(country) ? 'eur' : undefined);
}

const NO_REQUIREMENTS = Object.freeze({
  alternatives: [],
  current_deadline: null,
  currently_due: [],
  disabled_reason: null,
  errors: [],
  eventually_due: [],
  past_due: [],
  pending_verification: [],
});

export function accountJson(a: AccountRecord): Record<string, unknown> {
  const dashboard = a.type === 'standard' ? 'full' : a.type === 'express' ? 'express' : 'none';
  return {
    id: a.id,
    object: 'account',
    business_profile: {
      mcc: null,
      minority_owned_business_designation: null,
      name: a.businessName,
      specified_commercial_transactions_act_url: null,
      support_address: null,
      support_email: null,
      support_phone: null,
      support_url: null,
      url: null,
    },
    business_type: a.businessType,
    capabilities: { card_payments: 'active', transfers: 'active' },
    charges_enabled: true,
    controller: {
      fees: { payer: a.type === 'standard' ? 'account' : 'application' },
      is_controller: true,
      losses: { payments: a.type === 'standard' ? 'stripe' : 'application' },
      requirement_collection: a.type === 'custom' ? 'application' : 'stripe',
      stripe_dashboard: { type: dashboard },
      type: 'application',
    },
    country: a.country,
    created: a.created,
    default_currency: a.defaultCurrency,
    details_submitted: true,
    email: a.email,
    external_accounts: {
      object: 'list',
      data: [],
      has_more: false,
      url: `/v1/accounts/${a.id}/external_accounts`,
    },
    future_requirements: { ...NO_REQUIREMENTS },
    metadata: { ...a.metadata },
    payouts_enabled: true,
    requirements: { ...NO_REQUIREMENTS },
    tos_acceptance: { date: a.created, ip: '127.0.0.1', user_agent: null },
    type: a.type,
  };
}

function hashParam(params: Params, name: string, allowed: readonly string[]): Params | undefined {
  const value = params[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidParam('parameter_invalid_empty', 'Invalid hash', name);
  }
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) throw unknownParameter(`${name}[${key}]`);
  }
  return value as Params;
}

function createAccount(ctx: RequestContext): unknown {
  const { params } = ctx;
  if (ctx.account) {
    throw invalidParam(
      'platform_account_required',
      'Only Stripe Connect platforms can create connected accounts: send this request without Stripe-Account.',
    );
  }
  rejectUnknown(params, CREATE);
  expandParam(params, new Set());
  const type = optionalEnum(params, 'type', TYPES) ?? 'standard';
  const countryRaw = optionalId(params, 'country') ?? 'US';
  const country = countryRaw.toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) {
    throw invalidParam('country_code_invalid', `Country '${countryRaw.slice(0, 20)}' is unknown.`, 'country');
  }
  const defaultCurrency =
    currencyParam(params, 'default_currency', 'parameter_invalid_empty', false) ?? countryCurrency(country);
  if (!defaultCurrency) {
    throw invalidParam(
      'parameter_missing',
      `The sandbox does not know the currency of ${country}: send default_currency.`,
      'default_currency',
    );
  }
  const email = optionalId(params, 'email') ?? null;
  const businessType = optionalEnum(params, 'business_type', BUSINESS_TYPES) ?? null;
  const profile = hashParam(params, 'business_profile', ['name', 'url', 'mcc', 'product_description']);
  const businessName = profile ? (optionalString(profile, 'name') ?? null) : null;
  const capabilities = hashParam(params, 'capabilities', ['card_payments', 'transfers']);
  for (const [name, value] of Object.entries(capabilities ?? {})) {
    const c = hashParam({ [name]: value }, name, ['requested']);
    if (c) optionalBoolean(c, 'requested');
  }
  const metadata = applyMetadata({}, metadataParam(params));
  const account: AccountRecord = {
    id: fastId('acct'),
    created: ctx.sandbox.clock.now(),
    type,
    country,
    defaultCurrency,
    email,
    businessType,
    businessName,
    metadata,
  };
  ctx.sandbox.store.addAccount(account);
  return accountJson(account);
}

function findAccount(ctx: RequestContext, id: string): AccountRecord {
  const account = ctx.sandbox.store.accounts.get(id);
  // A connected account sees itself only.
  if (!account || (ctx.account && ctx.account !== id)) throw resourceMissing('account', id, 'account');
  return account;
}

export function registerAccounts(app: FastifyInstance, sandbox: Sandbox): void {
  post(app, sandbox, '/v1/accounts', createAccount);
  registerRetrieve(app, sandbox, '/v1/accounts/:account', (ctx) =>
    accountJson(findAccount(ctx, ctx.path.account!)),
  );
  get(app, sandbox, '/v1/accounts', (ctx) => {
    const { params } = ctx;
    const list = listParams(params, LIST);
    // A connected account has no connected accounts of its own.
    if (ctx.account) return listJson('/v1/accounts', { data: [], hasMore: false }, accountJson);
    const source = { kind: 'account', collection: ctx.sandbox.store.accounts };
    return listPage(params, list, source, '/v1/accounts', accountJson);
  });
}
