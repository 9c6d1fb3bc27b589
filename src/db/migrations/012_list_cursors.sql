-- The notifications list pages newest first by (created_at, id) with exact cursors
-- (src/db/keyset.ts), like refunds, batches and reconciliation runs, which have this index already.
CREATE INDEX notifications_created ON notifications (created_at DESC, id DESC);
