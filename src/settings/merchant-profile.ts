// The merchant as their customers see them: a name and how to reach support, shown on the
// customer status page (every state) and in customer emails. Admins edit it in the dashboard
// (PUT /api/v1/settings/merchant); unset fields are simply not shown.
import type { Queryable } from '../db/db.ts';
import { saveSettingsRow } from '../db/settings-row.ts';

export interface MerchantProfile {
  name: string | null;
  supportEmail: string | null;
  supportUrl: string | null;
  supportPhone: string | null;
  updatedBy: string | null;
  updatedAt: Date | null;
}

export const EMPTY_PROFILE: MerchantProfile = {
  name: null,
  supportEmail: null,
  supportUrl: null,
  supportPhone: null,
  updatedBy: null,
  updatedAt: null,
};

interface Row {
  name: string | null;
  support_email: string | null;
  support_url: string | null;
  support_phone: string | null;
  updated_by: string | null;
  updated_at: Date;
}

export async function readMerchantProfile(db: Queryable): Promise<MerchantProfile> {
  const [row] = await db.query<Row>(
    'SELECT name, support_email, support_url, support_phone, updated_by, updated_at FROM merchant_profile',
  );
  if (!row) return EMPTY_PROFILE;
  return {
    name: row.name,
    supportEmail: row.support_email,
    supportUrl: row.support_url,
    supportPhone: row.support_phone,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
  };
}

export interface MerchantProfileChange {
  /** A string sets it, null clears it, undefined leaves it. */
  name?: string | null | undefined;
  supportEmail?: string | null | undefined;
  supportUrl?: string | null | undefined;
  supportPhone?: string | null | undefined;
}

export async function saveMerchantProfile(
  db: Queryable,
  change: MerchantProfileChange,
  actor: string,
): Promise<void> {
  await saveSettingsRow(
    db,
    'merchant_profile',
    {
      name: change.name,
      support_email: change.supportEmail,
      support_url: change.supportUrl,
      support_phone: change.supportPhone,
    },
    actor,
  );
}
