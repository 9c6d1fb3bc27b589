// The refund policy's settings as currently in force: what an admin stored in policy_settings,
// each unset field falling back to the configured default. Every caller of the policy reads
// them through loadPolicySettings, so a change in the dashboard applies to the API, bulk import
// and the dashboard at once.
import {
  type ConnectSettings,
  DEFAULT_CONNECT_SETTINGS,
  type FraudFlaggedRefunds,
  type PolicySettings,
} from '../config.ts';
import type { Queryable } from '../db/db.ts';
import { saveSettingsRow } from '../db/settings-row.ts';
import { ttlCache } from '../shared/ttl-cache.ts';

interface Row {
  refund_window_days: number | null;
  approval_threshold: number | string | null;
  approval_thresholds: Record<string, number | string> | null;
  blocked_reasons: string[] | null;
  connect_reverse_transfer: boolean | null;
  connect_refund_application_fee: boolean | null;
  connect_approve_uncovered: boolean | null;
  allow_self_approval: boolean | null;
  fraud_flagged_refunds: FraudFlaggedRefunds | null;
  updated_by: string | null;
  updated_at: Date;
}

export interface StoredPolicySettings {
  settings: Required<PolicySettings>;
  /** Which fields come from the database (the rest are config defaults). */
  overridden: {
    refundWindowDays: boolean;
    approvalThreshold: boolean;
    approvalThresholds: boolean;
    blockedReasons: boolean;
    connect: { reverseTransfer: boolean; refundApplicationFee: boolean; approveUncovered: boolean };
    allowSelfApproval: boolean;
    fraudFlaggedRefunds: boolean;
  };
  updatedBy: string | null;
  updatedAt: Date | null;
}

export async function readPolicySettings(
  db: Queryable,
  defaults: PolicySettings,
): Promise<StoredPolicySettings> {
  const [row] = await db.query<Row>(
    `SELECT refund_window_days, approval_threshold, approval_thresholds, blocked_reasons, allow_self_approval,
       fraud_flagged_refunds, connect_reverse_transfer, connect_refund_application_fee, connect_approve_uncovered,
       updated_by, updated_at
     FROM policy_settings`,
  );
  const connectDefaults = defaults.connect ?? DEFAULT_CONNECT_SETTINGS;
  const perCurrency = row?.approval_thresholds
    ? Object.fromEntries(Object.entries(row.approval_thresholds).map(([c, v]) => [c, Number(v)]))
    : { ...(defaults.approvalThresholds ?? {}) };
  return {
    settings: {
      refundWindowDays: row?.refund_window_days ?? defaults.refundWindowDays,
      approvalThreshold:
        row?.approval_threshold != null ? Number(row.approval_threshold) : defaults.approvalThreshold,
      approvalThresholds: perCurrency,
      blockedReasons: row?.blocked_reasons ?? [...(defaults.blockedReasons ?? [])],
      connect: {
        reverseTransfer: row?.connect_reverse_transfer ?? connectDefaults.reverseTransfer,
        refundApplicationFee: row?.connect_refund_application_fee ?? connectDefaults.refundApplicationFee,
        approveUncovered: row?.connect_approve_uncovered ?? connectDefaults.approveUncovered,
      },
      allowSelfApproval: row?.allow_self_approval ?? defaults.allowSelfApproval ?? false,
      fraudFlaggedRefunds: row?.fraud_flagged_refunds ?? defaults.fraudFlaggedRefunds ?? 'refuse',
    },
    overridden: {
      refundWindowDays: row?.refund_window_days != null,
      approvalThreshold: row?.approval_threshold != null,
      approvalThresholds: row?.approval_thresholds != null,
      blockedReasons: row?.blocked_reasons != null,
      connect: {
        reverseTransfer: row?.connect_reverse_transfer != null,
        refundApplicationFee: row?.connect_refund_application_fee != null,
        approveUncovered: row?.connect_approve_uncovered != null,
      },
      allowSelfApproval: row?.allow_self_approval != null,
      fraudFlaggedRefunds: row?.fraud_flagged_refunds != null,
    },
    updatedBy: row?.updated_by ?? null,
    updatedAt: row?.updated_at ?? null,
  };
}

/**
 * The settings in force are read at most every POLICY_CACHE_MS per process (they are read by every
 * refund request). Saving them empties the cache of the process that saved them at once; other
 * processes apply a change within POLICY_CACHE_MS.
 */
export const POLICY_CACHE_MS = 1_000;
const inForce = ttlCache<StoredPolicySettings>(POLICY_CACHE_MS);

/** The settings in force: stored values over the configured defaults (cached, see POLICY_CACHE_MS). */
export async function loadPolicySettings(
  db: Queryable,
  defaults: PolicySettings,
): Promise<Required<PolicySettings>> {
  return (await inForce.get(db, defaultsKey(defaults), () => readPolicySettings(db, defaults))).settings;
}

/**
 * The cache's key for a set of defaults: equal defaults share entries. Written once per defaults
 * object (the process's config is one), not on every request; a copy with the same values gets the
 * same key.
 */
const keys = new WeakMap<PolicySettings, string>();
function defaultsKey(defaults: PolicySettings): string {
  let key = keys.get(defaults);
  if (key === undefined) {
    key = JSON.stringify(defaults);
    keys.set(defaults, key);
  }
  return key;
}

export interface PolicySettingsChange {
  /** A number sets it; null returns to the configured default; undefined leaves it. */
  refundWindowDays?: number | null | undefined;
  approvalThreshold?: number | null | undefined;
  /** Lowercase currency code → minor units; replaces the whole set. */
  approvalThresholds?: Readonly<Record<string, number>> | null | undefined;
  blockedReasons?: readonly string[] | null | undefined;
  /** Each Connect default: a boolean sets it, null returns it to the configured default. */
  connect?: { [K in keyof ConnectSettings]?: boolean | null | undefined } | undefined;
  allowSelfApproval?: boolean | null | undefined;
  fraudFlaggedRefunds?: FraudFlaggedRefunds | null | undefined;
}

export async function savePolicySettings(
  db: Queryable,
  change: PolicySettingsChange,
  actor: string,
): Promise<void> {
  await saveSettingsRow(
    db,
    'policy_settings',
    {
      refund_window_days: change.refundWindowDays,
      approval_threshold: change.approvalThreshold,
      approval_thresholds: change.approvalThresholds && JSON.stringify(change.approvalThresholds),
      blocked_reasons: change.blockedReasons && [...new Set(change.blockedReasons)],
      allow_self_approval: change.allowSelfApproval,
      fraud_flagged_refunds: change.fraudFlaggedRefunds,
      connect_reverse_transfer: change.connect?.reverseTransfer,
      connect_refund_application_fee: change.connect?.refundApplicationFee,
      connect_approve_uncovered: change.connect?.approveUncovered,
    },
    actor,
  );
  inForce.invalidate();
}
