-- SPDX-License-Identifier: EUPL-1.2
--
-- 0002_audit: the tamper-evident audit trail (mutations), checkpoints, and
-- the NEN 7513 access log (reads). See docs/audit.md for the design and the
-- canonical byte form an outside auditor can re-implement.
--
--  audit_event       every mutation, written in the mutating transaction
--                    (no audit event, no change); never updated or deleted
--  audit_chain       per municipality: seq, event, prev_hash, hash — added
--                    by the sealer shortly after commit, never changed
--  audit_checkpoint  signed chain heads (Ed25519), so that cutting off the
--                    newest events is detected as well
--  access_log        reads, searches, exports and prints of client data
--
-- Writers only INSERT an event: they take no lock shared with other
-- writers, so concurrent transactions of one municipality do not queue
-- behind a chain head. The sealer, one at a time per municipality (an
-- advisory lock only sealers take), sequences and hashes committed events
-- in the order (xid, id) of the writing transaction's id and the event's:
-- it only takes events whose transaction id lies below the oldest running
-- transaction, so no event can later appear before the chain head, and
-- where the chain head's event stands is where the next round begins.

-- Actor and tenant come from the transaction context that ep_db_run_tx sets,
-- so a writer cannot put someone else's name on an event by mistake.
CREATE FUNCTION current_actor() RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT coalesce(nullif(current_setting('eenplan.actor', true), ''), 'system') $$;

CREATE FUNCTION current_actor_role() RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT coalesce(nullif(current_setting('eenplan.actor_role', true), ''), 'system') $$;

CREATE TABLE audit_event (
  gemeente     text NOT NULL DEFAULT current_gemeente() CHECK (gemeente ~ '^GM[0-9]{4}$'),
  id           bigint GENERATED ALWAYS AS IDENTITY,
  xid          xid8 NOT NULL DEFAULT pg_current_xact_id(), -- the writing transaction
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
-- No foreign key to gemeente: row-level security already ties each event to
-- the transaction's municipality, and a key check would share-lock that one
-- row from every writer of the municipality.
CREATE INDEX audit_event_seal ON audit_event (gemeente, xid, id);
CREATE INDEX audit_event_household ON audit_event (gemeente, household_id, id)
  WHERE household_id IS NOT NULL;
CREATE INDEX audit_event_actor ON audit_event (gemeente, actor_id, id);
CREATE INDEX audit_event_entity ON audit_event (gemeente, entity_type, entity_id, id);

-- No foreign key to audit_event either: the key check would lock every
-- event row as it is sealed. verify reports a chain row without its event.
CREATE TABLE audit_chain (
  gemeente  text NOT NULL,
  seq       bigint NOT NULL CHECK (seq >= 1),
  event_id  bigint NOT NULL,
  prev_hash bytea NOT NULL CHECK (length(prev_hash) = 32),
  hash      bytea NOT NULL CHECK (length(hash) = 32),
  sealed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (gemeente, seq),
  UNIQUE (gemeente, event_id)
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
  gemeente     text NOT NULL DEFAULT current_gemeente() CHECK (gemeente ~ '^GM[0-9]{4}$'),
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
-- it learns which municipalities have events beyond their chain head,
-- without seeing their rows.
CREATE FUNCTION audit_pending_gemeenten() RETURNS SETOF text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT g.gemeente
      FROM gemeente g
      LEFT JOIN LATERAL (SELECT e.xid, e.id
                           FROM audit_chain c
                           JOIN audit_event e ON e.gemeente = c.gemeente AND e.id = c.event_id
                          WHERE c.gemeente = g.gemeente
                          ORDER BY c.seq DESC LIMIT 1) head ON true
     WHERE EXISTS (SELECT FROM audit_event e
                    WHERE e.gemeente = g.gemeente
                      AND (e.xid, e.id) > (coalesce(head.xid, '0'::xid8), coalesce(head.id, 0)))
     ORDER BY 1
  $$;

-- The same for the scheduled checkpoint: municipalities with a chain.
CREATE FUNCTION audit_chained_gemeenten() RETURNS SETOF text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT gemeente FROM gemeente g
          WHERE EXISTS (SELECT FROM audit_chain c WHERE c.gemeente = g.gemeente) ORDER BY 1 $$;

ALTER TABLE audit_event ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_event
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

-- The application may add events, but not choose their tenant, transaction,
-- time or actor: those columns are left to their defaults (column grants).
GRANT SELECT ON audit_event TO eenplan_app;
GRANT INSERT (on_behalf_of, action, entity_type, entity_id, household_id, purpose, outcome, change)
  ON audit_event TO eenplan_app;
GRANT SELECT, INSERT ON audit_chain, audit_checkpoint TO eenplan_app;
GRANT SELECT ON access_log TO eenplan_app;
GRANT INSERT (on_behalf_of, action, household_id, person_id, entity_type, entity_id, purpose,
              outcome, emergency)
  ON access_log TO eenplan_app;
GRANT EXECUTE ON FUNCTION current_actor(), current_actor_role() TO eenplan_app;
REVOKE EXECUTE ON FUNCTION audit_pending_gemeenten(), audit_chained_gemeenten() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_pending_gemeenten(), audit_chained_gemeenten() TO eenplan_app;
