-- Failed sign-ins are throttled per (account, client) pair with growing delays, plus a cap per
-- client address (issue #10), instead of locking an account for everyone: whoever knows an
-- address could otherwise keep its owner out. Pair rows: key 'pair:<sha256 of the lowercased
-- address>:<client address>', account = that digest (so a password reset or the users list can
-- find every pair of one account), failures = consecutive failures of the pair, last_failure_at
-- for forgetting them after a quiet day, locked_until = the end of the current delay.
-- Client rows ('ip:<addr>') keep counting failures in a window as before.
DELETE FROM login_throttle WHERE key LIKE 'email:%';
ALTER TABLE login_throttle ADD COLUMN account text;
ALTER TABLE login_throttle ADD COLUMN last_failure_at timestamptz;
CREATE INDEX login_throttle_account ON login_throttle (account) WHERE account IS NOT NULL;
