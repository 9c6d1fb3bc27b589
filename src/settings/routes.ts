// The shop's settings under /api/v1 (scope admin): the refund policy (over its configured
// defaults) and the merchant as customers see them. Both name who changed them last.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorFields, describeActors } from '../auth/actor-names.ts';
import { actorOf, requireScope } from '../auth/principal.ts';
import type { Config } from '../config.ts';
import { DEFAULT_CONNECT_SETTINGS, FRAUD_FLAGGED_REFUNDS } from '../config.ts';
import type { Db } from '../db/db.ts';
import { parse, text } from '../http/validate.ts';
import { readPolicySettings, savePolicySettings } from '../policy/policy-settings.ts';
import { REFUND_REASONS } from '../refunds/reasons.ts';
import { isoOrNull } from '../shared/iso-time.ts';
import { isSupportedCurrency } from '../shared/money.ts';
import { readMerchantProfile, saveMerchantProfile } from './merchant-profile.ts';

export interface SettingsRouteDeps {
  db: Db;
  config: Pick<Config, 'policy'>;
}

const thresholdAmount = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
export const policyBody = z
  .strictObject({
    refund_window_days: z.number().int().min(0).max(3650).nullable().optional(),
    approval_threshold: thresholdAmount.nullable().optional(),
    // One threshold per currency, in its minor unit: {"usd": 50000, "jpy": 70000}.
    approval_thresholds: z
      .record(
        z.string().refine((c) => /^[a-z]{3}$/.test(c) && isSupportedCurrency(c), {
          message: 'must be a supported 3-letter currency code in lowercase',
        }),
        thresholdAmount,
      )
      .refine((m) => Object.keys(m).length <= 50, { message: 'at most 50 currencies' })
      .nullable()
      .optional(),
    blocked_reasons: z.array(z.enum(REFUND_REASONS)).max(REFUND_REASONS.length).nullable().optional(),
    allow_self_approval: z.boolean().nullable().optional(),
    fraud_flagged_refunds: z.enum(FRAUD_FLAGGED_REFUNDS).nullable().optional(),
    // A platform's Connect defaults (docs/connect.md); null returns one to its configured default.
    connect: z
      .strictObject({
        reverse_transfer: z.boolean().nullable().optional(),
        refund_application_fee: z.boolean().nullable().optional(),
        approve_uncovered: z.boolean().nullable().optional(),
      })
      .refine((c) => Object.keys(c).length > 0, {
        message: 'reverse_transfer, refund_application_fee or approve_uncovered is required',
      })
      .optional(),
  })
  .refine((b) => Object.keys(b).length > 0, {
    message:
      'refund_window_days, approval_threshold, approval_thresholds, blocked_reasons, allow_self_approval, fraud_flagged_refunds or connect is required',
  });

// The merchant as customers see them. Empty strings clear a field, like null.
const cleared = (schema: z.ZodType<string>) =>
  z.union([z.literal('').transform(() => null), schema, z.null()]).optional();
export const merchantBody = z
  .strictObject({
    name: cleared(text(200)),
    support_email: cleared(text(254).pipe(z.email())),
    support_url: cleared(z.url({ protocol: /^https?$/ }).max(500)),
    support_phone: cleared(
      z
        .string()
        .trim()
        .regex(/^\+?[\d\s().-]{3,40}$/, 'must be a phone number (digits, spaces, + ( ) . -)'),
    ),
  })
  .refine((b) => Object.keys(b).length > 0, {
    message: 'name, support_email, support_url or support_phone is required',
  });

const connectJson = (c: {
  reverseTransfer: unknown;
  refundApplicationFee: unknown;
  approveUncovered: unknown;
}) => ({
  reverse_transfer: c.reverseTransfer,
  refund_application_fee: c.refundApplicationFee,
  approve_uncovered: c.approveUncovered,
});

export function registerSettingsRoutes(app: FastifyInstance, deps: SettingsRouteDeps): void {
  const { db } = deps;
  const admin = { preHandler: requireScope('admin') };

  /** Who changed a settings row last (their id, name and email) and when. */
  const lastChange = async (row: { updatedBy: string | null; updatedAt: Date | null }) => {
    const names = await describeActors(db, [row.updatedBy]);
    return {
      updated_by: row.updatedBy,
      ...actorFields('updated_by', row.updatedBy, names),
      updated_at: isoOrNull(row.updatedAt),
    };
  };

  const policyView = async () => {
    const stored = await readPolicySettings(db, deps.config.policy);
    const d = deps.config.policy;
    const dc = d.connect ?? DEFAULT_CONNECT_SETTINGS;
    return {
      object: 'policy_settings',
      refund_window_days: stored.settings.refundWindowDays,
      approval_threshold: stored.settings.approvalThreshold,
      approval_thresholds: stored.settings.approvalThresholds,
      blocked_reasons: stored.settings.blockedReasons,
      allow_self_approval: stored.settings.allowSelfApproval,
      fraud_flagged_refunds: stored.settings.fraudFlaggedRefunds,
      defaults: {
        refund_window_days: d.refundWindowDays,
        approval_threshold: d.approvalThreshold,
        approval_thresholds: { ...(d.approvalThresholds ?? {}) },
        blocked_reasons: [...(d.blockedReasons ?? [])],
        allow_self_approval: d.allowSelfApproval ?? false,
        fraud_flagged_refunds: d.fraudFlaggedRefunds ?? 'refuse',
      },
      overridden: {
        refund_window_days: stored.overridden.refundWindowDays,
        approval_threshold: stored.overridden.approvalThreshold,
        approval_thresholds: stored.overridden.approvalThresholds,
        blocked_reasons: stored.overridden.blockedReasons,
        allow_self_approval: stored.overridden.allowSelfApproval,
        fraud_flagged_refunds: stored.overridden.fraudFlaggedRefunds,
        connect: connectJson(stored.overridden.connect),
      },
      connect: { ...connectJson(stored.settings.connect), defaults: connectJson(dc) },
      ...(await lastChange(stored)),
    };
  };

  app.get('/settings/policy', admin, policyView);

  const merchantView = async () => {
    const m = await readMerchantProfile(db);
    return {
      object: 'merchant_profile',
      name: m.name,
      support_email: m.supportEmail,
      support_url: m.supportUrl,
      support_phone: m.supportPhone,
      ...(await lastChange(m)),
    };
  };

  app.get('/settings/merchant', admin, merchantView);

  app.put('/settings/merchant', admin, async (request) => {
    const body = parse(merchantBody, request.body, 'body');
    await saveMerchantProfile(
      db,
      {
        name: body.name,
        supportEmail: body.support_email,
        supportUrl: body.support_url,
        supportPhone: body.support_phone,
      },
      actorOf(request),
    );
    request.log.info({ by: actorOf(request) }, 'merchant profile changed');
    return merchantView();
  });

  app.put('/settings/policy', admin, async (request) => {
    const body = parse(policyBody, request.body, 'body');
    await db.transaction((tx) =>
      savePolicySettings(
        tx,
        {
          refundWindowDays: body.refund_window_days,
          approvalThreshold: body.approval_threshold,
          approvalThresholds: body.approval_thresholds,
          blockedReasons: body.blocked_reasons,
          allowSelfApproval: body.allow_self_approval,
          fraudFlaggedRefunds: body.fraud_flagged_refunds,
          connect: body.connect && {
            reverseTransfer: body.connect.reverse_transfer,
            refundApplicationFee: body.connect.refund_application_fee,
            approveUncovered: body.connect.approve_uncovered,
          },
        },
        actorOf(request),
      ),
    );
    request.log.info({ changes: body, by: actorOf(request) }, 'policy settings changed');
    return policyView();
  });
}
