-- Accepting refunds (the API's groups) reads its payments without locking them, decides, then
-- writes in ONE statement that locks the payments and checks that each is still the row version it
-- read (its xmin): anything that changed a payment since — a refund accepted by another process,
-- a Stripe fact, a dispute — fails that statement with serialization_failure (40001) through this
-- function, nothing of it is written, and the group is read and decided again. Plain SQL has no
-- way to raise an error of its own.
CREATE FUNCTION payment_changed_since_read(payment_id text) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'payment % changed since it was read', payment_id USING ERRCODE = 'serialization_failure';
END;
$$;
