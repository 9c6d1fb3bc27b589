-- Room on each page for a row's next version (issue #14). A refund is written four times on its
-- way (accepted, claimed, stored as sent, its webhook observed), a notification three (queued,
-- claimed, sent), a payment once per refund of it (committed_amount). When the new version of a row
-- fits on its page and changes no indexed column (claims, leases, observation times, the committed
-- amount), PostgreSQL writes it as a heap-only tuple: no entry in any of the table's indexes
-- (refunds has twelve), and the old version is pruned from the page without a VACUUM — which
-- matters most in embedded mode, where PGlite never vacuums. With every page filled to the brim at
-- insert, no update found room, so each one added an entry to every index. The settings apply to
-- pages written from now on; pages already full stay as they are.
ALTER TABLE refunds SET (fillfactor = 70);
ALTER TABLE notifications SET (fillfactor = 80);
ALTER TABLE payments SET (fillfactor = 80);
