-- Issue #13. Approval thresholds per currency: {"usd": 50000, "jpy": 70000}, each in its
-- currency's minor unit; a currency without an entry falls back to approval_threshold (or the
-- configured default). NULL = the configured per-currency defaults (none).
ALTER TABLE policy_settings ADD COLUMN approval_thresholds jsonb;

-- The merchant as customers see them on the status page and in emails: a name and how to reach
-- support. One row, edited by admins; NULL columns are simply not shown.
CREATE TABLE merchant_profile (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  name text,
  support_email text,
  support_url text,
  support_phone text,
  updated_by text,
  updated_at timestamptz NOT NULL DEFAULT now()
);
