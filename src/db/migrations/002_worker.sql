-- Worker: when the shared Stripe budget was last cut after a 429, so that a burst of 429s from
-- many workers cuts the rate once, not once per response.
ALTER TABLE rate_buckets ADD COLUMN cut_at timestamptz;
