-- The audit log becomes tamper-evident: every event carries the SHA-256 of its canonical content
-- chained to the previous event's hash, computed here in the database, so that every writer (the API,
-- the ledger import, the seed, the CLIs) is covered. All the hand-written SQL of the chain is in this
-- one file; the columns and the head table come from the schema (0007).

-- The canonical content of an event, hashed with the previous event's hash in front of it. The JSON is
-- PostgreSQL's jsonb text (keys in jsonb order, one space after ":" and ","); `at` is UTC to the
-- microsecond whatever the session's time zone, so PGlite and PostgreSQL, a backup and its restore all
-- compute the same hash.
CREATE OR REPLACE FUNCTION audit_event_hash(prev_hash text, e audit_events) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT encode(sha256(convert_to(prev_hash || jsonb_build_object(
    'id', e.id,
    'at', to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'user', e.user_id,
    'role', e.role,
    'entity', e.entity,
    'entity_id', e.entity_id,
    'project_id', e.project_id,
    'action', e.action,
    'before', e.before,
    'after', e.after,
    'client_ip', e.client_ip,
    'correlation_id', e.correlation_id
  )::text, 'UTF8')), 'hex')
$$;
--> statement-breakpoint
-- Chains each new event to the head. Locking the head row serializes writers: of two concurrent
-- inserts the second waits for the first to commit and then chains to it (under READ COMMITTED the
-- lock re-reads the committed head; under REPEATABLE READ the second fails with a serialization error
-- rather than fork the chain). The id is taken under the lock when the default's was taken before a
-- writer that committed first, so that id order is chain order. SECURITY DEFINER: the application
-- role needs no rights on the head table (see the README's role set-up).
CREATE OR REPLACE FUNCTION audit_events_chain() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  head audit_chain_head%ROWTYPE;
BEGIN
  INSERT INTO audit_chain_head (id) VALUES (1) ON CONFLICT (id) DO NOTHING;
  SELECT * INTO head FROM audit_chain_head WHERE id = 1 FOR UPDATE;
  IF NEW.id IS NULL OR NEW.id <= head.last_id THEN
    NEW.id := nextval(pg_get_serial_sequence('audit_events', 'id'));
  END IF;
  NEW.prev_hash := head.last_hash;
  NEW.hash := audit_event_hash(NEW.prev_hash, NEW);
  UPDATE audit_chain_head SET last_id = NEW.id, last_hash = NEW.hash WHERE id = 1;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_events_no_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log cannot be truncated' USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
-- Existing events join the chain in id order; the append-only trigger is paused for this back-fill.
ALTER TABLE "audit_events" DISABLE TRIGGER "audit_events_no_update_or_delete";
--> statement-breakpoint
DO $$
DECLARE
  e audit_events;
  prev text := repeat('0', 64);
  last bigint := 0;
BEGIN
  FOR e IN SELECT * FROM audit_events ORDER BY id LOOP
    UPDATE audit_events SET prev_hash = prev, hash = audit_event_hash(prev, e) WHERE id = e.id;
    prev := audit_event_hash(prev, e);
    last := e.id;
  END LOOP;
  IF last > 0 THEN
    INSERT INTO audit_chain_head (id, last_id, last_hash) VALUES (1, last, prev);
  END IF;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_chain
  BEFORE INSERT ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_chain();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate
  BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_no_truncate();
--> statement-breakpoint
-- ALWAYS: the triggers fire under session_replication_role = replica too, which otherwise skips them.
ALTER TABLE "audit_events" ENABLE ALWAYS TRIGGER "audit_events_no_update_or_delete";
--> statement-breakpoint
ALTER TABLE "audit_events" ENABLE ALWAYS TRIGGER "audit_events_chain";
--> statement-breakpoint
ALTER TABLE "audit_events" ENABLE ALWAYS TRIGGER "audit_events_no_truncate";
