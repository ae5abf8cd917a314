-- SPDX-License-Identifier: EUPL-1.2
--
-- 0008_shield: shielded households (afgeschermd dossier), break-the-glass (noodtoegang), and a
-- version on the household for If-Match.
--
--  household_shield       a household that only the users it names may open: a household at a
--                         confidential address (a shelter), or with a member who works for the
--                         municipality. Set and lifted by a supervisor, each with a reason;
--                         lifted ones are kept.
--  household_shield_user  who keeps normal access to a shielded household (at least one)
--  emergency_access       a regisseur or supervisor who opened a shielded household without
--                         being named, with the reason they gave, for EP_EMERGENCY_HOURS; a
--                         supervisor (another one) reviews it afterwards
--
-- The rule of who may open a household lives here once, as household_access(): every store that
-- reads household data asks it in the reading transaction, every list leaves out what it
-- refuses, and a trigger refuses every change to a shielded household's data by anyone it does
-- not let in. Reads under an emergency access go to the access log with emergency = true and
-- the reason (access_log.emergency_reason, new here), so each row stands on its own for review.
--
-- household.version counts changes of the household's membership (a trigger on
-- household_member): GET /api/v1/households/{id} answers it as the ETag, and ending a membership
-- over HTTP needs it as If-Match.

ALTER TABLE household ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1);

CREATE FUNCTION household_member_bump_version() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  UPDATE household SET version = version + 1
   WHERE gemeente = coalesce(NEW.gemeente, OLD.gemeente)
     AND id = coalesce(NEW.household_id, OLD.household_id);
  RETURN NULL;
END
$$;
CREATE TRIGGER household_member_version AFTER INSERT OR UPDATE OR DELETE ON household_member
  FOR EACH ROW EXECUTE FUNCTION household_member_bump_version();

CREATE TABLE household_shield (
  gemeente      text NOT NULL DEFAULT current_gemeente() REFERENCES gemeente (gemeente),
  id            uuid NOT NULL DEFAULT gen_random_uuid(),
  household_id  uuid NOT NULL,
  reason        text NOT NULL CHECK (length(btrim(reason)) >= 10),
  shielded_by   text NOT NULL DEFAULT current_actor(),
  shielded_role text NOT NULL DEFAULT current_actor_role() CHECK (shielded_role = 'supervisor'),
  shielded_at   timestamptz NOT NULL DEFAULT now(),
  lifted_at     timestamptz,
  lifted_by     text,
  lift_reason   text CHECK (length(btrim(lift_reason)) >= 10),
  PRIMARY KEY (gemeente, id),
  FOREIGN KEY (gemeente, household_id) REFERENCES household (gemeente, id),
  CHECK ((lifted_at IS NULL) = (lifted_by IS NULL) AND (lifted_at IS NULL) = (lift_reason IS NULL))
);
-- At most one shield in force per household; the lifted ones are history.
CREATE UNIQUE INDEX household_shield_current ON household_shield (gemeente, household_id)
  WHERE lifted_at IS NULL;

CREATE TABLE household_shield_user (
  gemeente  text NOT NULL DEFAULT current_gemeente(),
  shield_id uuid NOT NULL,
  username  text NOT NULL,
  PRIMARY KEY (gemeente, shield_id, username),
  FOREIGN KEY (gemeente, shield_id) REFERENCES household_shield (gemeente, id),
  FOREIGN KEY (gemeente, username) REFERENCES app_user (gemeente, username)
);

CREATE TABLE emergency_access (
  gemeente     text NOT NULL DEFAULT current_gemeente() REFERENCES gemeente (gemeente),
  id           uuid NOT NULL DEFAULT gen_random_uuid(),
  household_id uuid NOT NULL,
  shield_id    uuid NOT NULL,
  actor_id     text NOT NULL DEFAULT current_actor(),
  actor_role   text NOT NULL DEFAULT current_actor_role()
               CHECK (actor_role IN ('regisseur', 'supervisor')),
  reason       text NOT NULL CHECK (length(btrim(reason)) >= 20),
  opened_at    timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  reviewed_by  text,
  reviewed_at  timestamptz,
  review_note  text CHECK (review_note <> ''),
  PRIMARY KEY (gemeente, id),
  FOREIGN KEY (gemeente, household_id) REFERENCES household (gemeente, id),
  FOREIGN KEY (gemeente, shield_id) REFERENCES household_shield (gemeente, id),
  CHECK (expires_at > opened_at),
  CHECK ((reviewed_by IS NULL) = (reviewed_at IS NULL)),
  CHECK (review_note IS NULL OR reviewed_by IS NOT NULL),
  -- Four eyes: nobody reviews their own emergency access.
  CHECK (reviewed_by IS NULL OR reviewed_by <> actor_id)
);
CREATE INDEX emergency_access_open ON emergency_access (gemeente, shield_id, actor_id, expires_at);
CREATE INDEX emergency_access_review ON emergency_access (gemeente, opened_at, id);

-- Under an emergency access, every access row carries its reason.
ALTER TABLE access_log ADD COLUMN emergency_reason text;

-- The reason of the acting user's emergency access to @h's shield in force that is still
-- running; NULL when there is none.
CREATE FUNCTION household_emergency_reason(h uuid) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$
    SELECT e.reason
      FROM household_shield s
      JOIN emergency_access e ON e.gemeente = s.gemeente AND e.shield_id = s.id
     WHERE s.household_id = h AND s.lifted_at IS NULL
       AND e.actor_id = current_actor() AND e.actor_role = current_actor_role()
       AND e.expires_at > now()
     ORDER BY e.opened_at DESC
     LIMIT 1
  $$;

-- Whether the acting user may open household @h: 'open' (no shield in force), 'named' (the
-- shield names them), 'emergency' (their emergency access is running) or 'refused'. A NULL
-- household (a contact without one) is 'open'.
CREATE FUNCTION household_access(h uuid) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$
    SELECT CASE
             WHEN s.id IS NULL THEN 'open'
             WHEN EXISTS (SELECT FROM household_shield_user u
                           WHERE u.gemeente = s.gemeente AND u.shield_id = s.id
                             AND u.username = current_actor()) THEN 'named'
             WHEN household_emergency_reason(h) IS NOT NULL THEN 'emergency'
             ELSE 'refused'
           END
      FROM (SELECT 1) AS one
      LEFT JOIN household_shield s ON s.household_id = h AND s.lifted_at IS NULL
  $$;

-- Refuses (insufficient_privilege, constraint household_shielded) when household_access() refuses
-- @h; TRUE otherwise. The constraint name lets the API tell this refusal from others. A store
-- calls it before it reads what it is about to change (so that a refused change says nothing of
-- the household either); the trigger below calls it on every change.
CREATE FUNCTION household_assert_open(h uuid) RETURNS boolean
  LANGUAGE plpgsql AS $$
BEGIN
  IF h IS NOT NULL AND household_access(h) = 'refused' THEN
    RAISE EXCEPTION 'dit huishouden is afgeschermd: alleen wie de afscherming noemt (of noodtoegang heeft) mag het wijzigen'
      USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'household_shielded';
  END IF;
  RETURN true;
END
$$;

-- No change to a shielded household's data by anyone household_access() refuses: its members,
-- intakes (and so their parts: every save and finalise changes the intake row), addenda,
-- consents and contacts.
CREATE FUNCTION household_shield_guard() RETURNS trigger
  LANGUAGE plpgsql AS $$
DECLARE
  h uuid;
BEGIN
  IF TG_TABLE_NAME = 'intake_addendum' THEN
    SELECT i.household_id INTO h FROM intake i WHERE i.gemeente = NEW.gemeente AND i.id = NEW.intake_id;
  ELSE
    h := NEW.household_id;
  END IF;
  PERFORM household_assert_open(h);
  RETURN NEW;
END
$$;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['household_member', 'intake', 'intake_addendum', 'consent', 'contact']
  LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE ON %I'
                   ' FOR EACH ROW EXECUTE FUNCTION household_shield_guard()',
                   t || '_shield', t);
  END LOOP;
END
$$;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['household_shield', 'household_shield_user', 'emergency_access']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (gemeente = current_gemeente())'
                   ' WITH CHECK (gemeente = current_gemeente())', t);
  END LOOP;
END
$$;

-- Who set, lifted, opened and reviewed is the transaction's actor, never a value the
-- application chooses (column grants, as for the audit trail).
GRANT SELECT ON household_shield, household_shield_user, emergency_access TO eenplan_app;
GRANT INSERT (id, household_id, reason) ON household_shield TO eenplan_app;
GRANT UPDATE (lifted_at, lifted_by, lift_reason) ON household_shield TO eenplan_app;
GRANT INSERT (shield_id, username) ON household_shield_user TO eenplan_app;
GRANT INSERT (id, household_id, shield_id, reason, expires_at) ON emergency_access TO eenplan_app;
GRANT UPDATE (reviewed_by, reviewed_at, review_note) ON emergency_access TO eenplan_app;
GRANT INSERT (emergency_reason) ON access_log TO eenplan_app;
GRANT EXECUTE ON FUNCTION household_access(uuid), household_emergency_reason(uuid),
  household_assert_open(uuid) TO eenplan_app;
