-- stripe_events: the id of the object each event is about (re_… for refund events), so the
-- applier claims a refund's events together (refund.updated and charge.refund.updated of one
-- change land in one batch and are applied once), and a refund's events can be found by it.
ALTER TABLE stripe_events ADD COLUMN object_id text;
UPDATE stripe_events SET object_id = payload->'data'->'object'->>'id';
DROP INDEX stripe_events_unapplied;
CREATE INDEX stripe_events_unapplied ON stripe_events (created, object_id, id) WHERE applied_at IS NULL;
CREATE INDEX stripe_events_object ON stripe_events (object_id);
