-- SPDX-License-Identifier: EUPL-1.2
--
-- 0002_audit: the tamper-evident audit trail (mutations), checkpoints, and
-- the NEN 7513 access log (reads). See docs/audit.md for the design and the
-- canonical byte form an outside auditor can re-implement.
--
--  audit_event       every mutation, written in the mutating transaction
--                    (no audit event, no change); never updated or deleted
--  audit_unsealed    the events not yet covered by the chain: a work queue
--                    for the sealer, filled by a trigger on audit_event
--  audit_chain       per municipality: seq, event, prev_hash, hash — added
--                    by the sealer shortly after commit, never changed
--  audit_checkpoint  signed chain heads (Ed25519), so that cutting off the
--                    newest events is detected as well
--  access_log        reads, searches, exports and prints of client data
--
-- Writers only INSERT an event: they take no lock shared with other
-- writers, so concurrent transactions of one municipality do not queue
-- behind a chain head. The sealer, one at a time per municipality (an
-- advisory lock only sealers take), sequences and hashes committed events.

-- Actor and tenant come from the transaction context that ep_db_run_tx sets,
-- so a writer cannot put someone else's name on an event by mistake.
CREATE FUNCTION current_actor() RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT coalesce(nullif(current_setting('eenplan.actor', true), ''), 'system') $$;

CREATE FUNCTION current_actor_role() RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT coalesce(nullif(current_setting('eenplan.actor_role', true), ''), 'system') $$;

CREATE TABLE audit_event (
  gemeente     text NOT NULL DEFAULT current_gemeente() REFERENCES gemeente (gemeente),
  id           bigint GENERATED ALWAYS AS IDENTITY,
  occurred_at  timestamptz NOT NULL DEFAULT now(),
  actor_id     text NOT NULL DEFAULT current_actor(),
  actor_role   text NOT NULL DEFAULT current_actor_role(),
  on_behalf_of text,
  action       text NOT NULL CHECK (action ~ '^[a-z_]{2,32}$'),
  entity_type  text NOT NULL CHECK (entity_type ~ '^[a-z_]{2,64}$'),
  entity_id    text,
  household_id uuid,
  purpose      text NOT NULL CHECK (purpose <> ''),
  outcome      text NOT NULL DEFAULT 'success' CHECK (outcome IN ('success', 'denied', 'failure')),
  change       json, -- json, not jsonb: the text is kept exactly as hashed
  PRIMARY KEY (gemeente, id)
);
CREATE INDEX audit_event_household ON audit_event (gemeente, household_id, id)
  WHERE household_id IS NOT NULL;
CREATE INDEX audit_event_actor ON audit_event (gemeente, actor_id, id);
CREATE INDEX audit_event_entity ON audit_event (gemeente, entity_type, entity_id, id);
CREATE INDEX audit_event_time ON audit_event (gemeente, occurred_at);

CREATE TABLE audit_unsealed (
  gemeente text NOT NULL,
  event_id bigint NOT NULL,
  PRIMARY KEY (gemeente, event_id),
  FOREIGN KEY (gemeente, event_id) REFERENCES audit_event (gemeente, id)
);

CREATE TABLE audit_chain (
  gemeente  text NOT NULL REFERENCES gemeente (gemeente),
  seq       bigint NOT NULL CHECK (seq >= 1),
  event_id  bigint NOT NULL,
  prev_hash bytea NOT NULL CHECK (length(prev_hash) = 32),
  hash      bytea NOT NULL CHECK (length(hash) = 32),
  sealed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (gemeente, seq),
  UNIQUE (gemeente, event_id),
  FOREIGN KEY (gemeente, event_id) REFERENCES audit_event (gemeente, id)
);

CREATE TABLE audit_checkpoint (
  gemeente   text NOT NULL REFERENCES gemeente (gemeente),
  id         bigint GENERATED ALWAYS AS IDENTITY,
  seq        bigint NOT NULL CHECK (seq >= 0),
  hash       bytea NOT NULL CHECK (length(hash) = 32),
  created_at timestamptz NOT NULL DEFAULT now(),
  key_id     text NOT NULL,
  signature  bytea NOT NULL CHECK (length(signature) = 64),
  PRIMARY KEY (gemeente, id)
);

CREATE TABLE access_log (
  gemeente     text NOT NULL DEFAULT current_gemeente() REFERENCES gemeente (gemeente),
  id           bigint GENERATED ALWAYS AS IDENTITY,
  occurred_at  timestamptz NOT NULL DEFAULT now(),
  actor_id     text NOT NULL DEFAULT current_actor(),
  actor_role   text NOT NULL DEFAULT current_actor_role(),
  on_behalf_of text,
  action       text NOT NULL CHECK (action IN ('read', 'search', 'export', 'print')),
  household_id uuid,
  person_id    uuid,
  entity_type  text NOT NULL CHECK (entity_type ~ '^[a-z_]{2,64}$'),
  entity_id    text,
  purpose      text NOT NULL CHECK (purpose <> ''),
  outcome      text NOT NULL DEFAULT 'success' CHECK (outcome IN ('success', 'denied', 'failure')),
  emergency    boolean NOT NULL DEFAULT false, -- break-the-glass access
  PRIMARY KEY (gemeente, id)
);
CREATE INDEX access_log_household ON access_log (gemeente, household_id, id)
  WHERE household_id IS NOT NULL;
CREATE INDEX access_log_person ON access_log (gemeente, person_id, id)
  WHERE person_id IS NOT NULL;
CREATE INDEX access_log_time ON access_log (gemeente, occurred_at);

-- Queue every new event for the sealer.
CREATE FUNCTION audit_event_queue() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit_unsealed (gemeente, event_id) VALUES (NEW.gemeente, NEW.id);
  RETURN NULL;
END
$$;
CREATE TRIGGER audit_event_queue AFTER INSERT ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_queue();

-- The trail is append-only for every role: grants keep the application role
-- out, and these triggers refuse even a misconfigured grant. (Only the
-- table's owner can switch a trigger off, and verify detects what it does
-- then.)
CREATE FUNCTION audit_refuse_change() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_chain_append_only BEFORE UPDATE OR DELETE ON audit_chain
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoint_append_only BEFORE UPDATE OR DELETE ON audit_checkpoint
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON audit_checkpoint
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- Access logs are kept at least five years (NEN 7513): rows may be deleted
-- only once they are older than that, and never by the application role
-- (it has no DELETE grant). Updates are refused outright.
CREATE FUNCTION access_log_retention() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND OLD.occurred_at < now() - interval '5 years' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'access log rows are kept five years: % on access_log refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER access_log_retention BEFORE UPDATE OR DELETE ON access_log
  FOR EACH ROW EXECUTE FUNCTION access_log_retention();
CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- The sealer works per municipality, under row-level security; this is how
-- it learns which municipalities have work, without seeing their rows.
CREATE FUNCTION audit_pending_gemeenten() RETURNS SETOF text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT DISTINCT gemeente FROM audit_unsealed ORDER BY 1 $$;

-- The same for the scheduled checkpoint: municipalities with a chain.
CREATE FUNCTION audit_chained_gemeenten() RETURNS SETOF text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT gemeente FROM gemeente g
          WHERE EXISTS (SELECT FROM audit_chain c WHERE c.gemeente = g.gemeente) ORDER BY 1 $$;

ALTER TABLE audit_event ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_event
  USING (gemeente = current_gemeente()) WITH CHECK (gemeente = current_gemeente());
ALTER TABLE audit_unsealed ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_unsealed
  USING (gemeente = current_gemeente()) WITH CHECK (gemeente = current_gemeente());
ALTER TABLE audit_chain ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_chain
  USING (gemeente = current_gemeente()) WITH CHECK (gemeente = current_gemeente());
ALTER TABLE audit_checkpoint ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_checkpoint
  USING (gemeente = current_gemeente()) WITH CHECK (gemeente = current_gemeente());
ALTER TABLE access_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON access_log
  USING (gemeente = current_gemeente()) WITH CHECK (gemeente = current_gemeente());

GRANT SELECT, INSERT ON audit_event, audit_chain, audit_checkpoint, access_log TO eenplan_app;
GRANT SELECT, INSERT, DELETE ON audit_unsealed TO eenplan_app;
GRANT EXECUTE ON FUNCTION current_actor(), current_actor_role() TO eenplan_app;
REVOKE EXECUTE ON FUNCTION audit_pending_gemeenten(), audit_chained_gemeenten() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_pending_gemeenten(), audit_chained_gemeenten() TO eenplan_app;
