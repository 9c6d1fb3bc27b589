-- Platforms (Stripe Connect, issue #15). Every fact here is read from Stripe, never from a caller.

-- Where a payment lives and what Connect did with it:
--   stripe_account         the connected account the charge was made on (a direct charge, sent
--                          with Stripe-Account); NULL: the platform's own charge
--   application_fee_*      the platform's fee on the charge (fee_…), its amount and what Stripe
--                          has refunded of it so far
--   transfer_*             a destination charge's transfer (tr_…) to `transfer_destination`, its
--                          amount and what Stripe has reversed of it so far
--   connected_account      the connected account the payment is for: the account of a direct
--                          charge, or the destination of a destination charge (filters, metrics)
--   connect_synced_at      when Stripe last told us these (an event's created, or a fetch), so an
--                          older event never overwrites a newer fact
ALTER TABLE payments ADD COLUMN stripe_account text;
ALTER TABLE payments ADD COLUMN application_fee_id text;
ALTER TABLE payments ADD COLUMN application_fee_amount bigint CHECK (application_fee_amount >= 0);
ALTER TABLE payments ADD COLUMN application_fee_refunded bigint NOT NULL DEFAULT 0 CHECK (application_fee_refunded >= 0);
ALTER TABLE payments ADD COLUMN transfer_id text;
ALTER TABLE payments ADD COLUMN transfer_destination text;
ALTER TABLE payments ADD COLUMN transfer_amount bigint CHECK (transfer_amount >= 0);
ALTER TABLE payments ADD COLUMN transfer_reversed bigint NOT NULL DEFAULT 0 CHECK (transfer_reversed >= 0);
ALTER TABLE payments ADD COLUMN connect_synced_at timestamptz;
ALTER TABLE payments ADD COLUMN connected_account text
  GENERATED ALWAYS AS (COALESCE(stripe_account, transfer_destination)) STORED;
CREATE INDEX payments_connected_account ON payments (connected_account, created_at DESC, id DESC)
  WHERE connected_account IS NOT NULL;
CREATE INDEX payments_application_fee ON payments (application_fee_id) WHERE application_fee_id IS NOT NULL;
CREATE INDEX payments_transfer ON payments (transfer_id) WHERE transfer_id IS NOT NULL;

-- What a refund asked of Connect (decided at acceptance: the request, else the policy's defaults)
-- and what Stripe did: the transfer reversal it made (trr_…) and its amount, the fee refund (fr_…)
-- and its amount.
ALTER TABLE refunds ADD COLUMN reverse_transfer boolean NOT NULL DEFAULT false;
ALTER TABLE refunds ADD COLUMN refund_application_fee boolean NOT NULL DEFAULT false;
ALTER TABLE refunds ADD COLUMN transfer_reversal_id text;
ALTER TABLE refunds ADD COLUMN transfer_reversed bigint CHECK (transfer_reversed >= 0);
ALTER TABLE refunds ADD COLUMN fee_refund_id text UNIQUE;
ALTER TABLE refunds ADD COLUMN fee_refunded bigint CHECK (fee_refunded >= 0);
CREATE INDEX refunds_transfer_reversal ON refunds (transfer_reversal_id) WHERE transfer_reversal_id IS NOT NULL;

-- The connected accounts Refundry knows: every account a payment was made on or for (a trigger
-- keeps this in step with payments, whichever code wrote the payment) and every account a Connect
-- event came from. Names are Stripe's (business_profile.name), for people. last_activity_at drives
-- which accounts the event backfill reads.
CREATE TABLE connect_accounts (
  id text PRIMARY KEY CHECK (id ~ '^acct_[A-Za-z0-9]+$'),
  name text,
  country text,
  default_currency text,
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  last_activity_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION payments_connect_account() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.connected_account IS NOT NULL THEN
    INSERT INTO connect_accounts (id) VALUES (NEW.connected_account)
    ON CONFLICT (id) DO UPDATE SET last_activity_at = now();
  END IF;
  IF NEW.stripe_account IS NOT NULL AND NEW.stripe_account IS DISTINCT FROM NEW.connected_account THEN
    INSERT INTO connect_accounts (id) VALUES (NEW.stripe_account) ON CONFLICT (id) DO NOTHING;
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER payments_connect_account AFTER INSERT OR UPDATE OF stripe_account, transfer_destination ON payments
  FOR EACH ROW EXECUTE FUNCTION payments_connect_account();

-- The account a stored Stripe event came from (Connect events carry `account`; NULL: the platform).
ALTER TABLE stripe_events ADD COLUMN account text;
UPDATE stripe_events SET account = payload->>'account' WHERE payload ? 'account';

-- The platform's Connect defaults in the refund policy (NULL = the configured default):
--   connect_reverse_transfer        reverse a destination charge's transfer with each refund
--   connect_refund_application_fee  refund the platform's application fee with each refund
--   connect_approve_uncovered       a refund whose share of the transfer is more than the transfer
--                                   has left to reverse waits for an approver
ALTER TABLE policy_settings ADD COLUMN connect_reverse_transfer boolean;
ALTER TABLE policy_settings ADD COLUMN connect_refund_application_fee boolean;
ALTER TABLE policy_settings ADD COLUMN connect_approve_uncovered boolean;

-- Reconciliation per account: each discrepancy names the account its Stripe refund lives on, and
-- each run keeps one row of counts per account it listed ('platform' for the platform's own).
ALTER TABLE reconciliation_discrepancies ADD COLUMN account text;
CREATE TABLE reconciliation_run_accounts (
  run_id text NOT NULL REFERENCES reconciliation_runs (id),
  account text NOT NULL,
  stripe_refunds integer NOT NULL DEFAULT 0,
  counts jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (run_id, account)
);
