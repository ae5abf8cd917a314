-- SPDX-License-Identifier: EUPL-1.2
--
-- 0011_ladder: the AVE ladder with a supervisor's approval, evaluations on schedule, and teams
-- (issue 18; docs/ladder.md is the contract).
--
--  team                    a municipality's teams; a user belongs to one (app_user.team_id); a
--                          plan belongs to the team of its current regisseur
--  plan.niveau             the plan's AVE level now (1–4; a new plan starts at 2)
--  plan.volgende_evaluatie when the plan's next evaluation is due
--  plan_level_request      a level change asked for: direction, from, to, reason, who, when; and
--                          its decision: aangevraagd (waiting) → goedgekeurd | afgewezen by a
--                          supervisor, or doorgevoerd at once (no approval needed)
--  plan_level_period       the plan's level history, one row per level held, from/to: the time
--                          at each level is the sum of its periods; written only by the plan's
--                          own trigger when plan.niveau changes
--  plan_evaluation         an evaluation: date, the date it was due, decision, next date
--  plan_evaluation_goal    its outcome per goal (the goal's status follows)
--  plan_evaluation_score   its ZRM re-scores per member and domain (only where relevant)
--
-- The ladder's rules are PostgreSQL's own, so that no caller can get round them:
--  - going up to 3 or 4 waits for approval (status aangevraagd), any other change is carried out
--    at once (doorgevoerd): plan_level_needs_approval;
--  - the decision is a supervisor's (plan_level_supervisor), of the team of the plan's regisseur
--    (plan_level_team), never the requester's own (plan_level_four_eyes), and final
--    (plan_level_decided);
--  - at most one request waits per plan (plan_level_one_pending), asked from the plan's level now
--    (plan_level_from); going down names an evaluation of the plan whose decision was to scale
--    down (plan_level_down_evaluated, plan_level_evaluation);
--  - plan.niveau changes only by a request approved or carried out in that change
--    (plan_level_unapproved), and a new plan starts at 1 or 2 (plan_level_start);
--  - no maatwerk action is recorded while the plan is at level 1 (plan_action_level).
-- plan_document() (0010) gains the ladder and the evaluations: the function of 0010 is kept as
-- plan_document_base() and plan_document() adds to what it builds.

-- ---- teams ------------------------------------------------------------------------------------

CREATE TABLE team (
  gemeente   text NOT NULL DEFAULT current_gemeente() REFERENCES gemeente (gemeente),
  id         uuid NOT NULL DEFAULT gen_random_uuid(),
  naam       text NOT NULL CHECK (btrim(naam) <> ''),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (gemeente, id),
  UNIQUE (gemeente, naam)
);
ALTER TABLE team ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON team
  USING (gemeente = current_gemeente()) WITH CHECK (gemeente = current_gemeente());
GRANT SELECT, INSERT, UPDATE ON team TO eenplan_app;

ALTER TABLE app_user ADD COLUMN team_id uuid;
ALTER TABLE app_user ADD CONSTRAINT app_user_team
  FOREIGN KEY (gemeente, team_id) REFERENCES team (gemeente, id);
-- A team's users: the supervisor's views start here.
CREATE INDEX app_user_team ON app_user (gemeente, team_id, username) WHERE team_id IS NOT NULL;

-- ---- the plan's level and next evaluation -----------------------------------------------------

-- Plans made before this migration are at 2, their first evaluation due three months from now.
ALTER TABLE plan
  ADD COLUMN niveau smallint NOT NULL DEFAULT 2 CONSTRAINT plan_niveau CHECK (niveau BETWEEN 1 AND 4),
  ADD COLUMN volgende_evaluatie date
    DEFAULT ((now() AT TIME ZONE 'Europe/Amsterdam')::date + interval '3 months')::date;
-- Overdue evaluations of a regisseur's plans are found through plan_regie_regisseur (0010), then
-- by the plan's key; this index serves a municipality-wide look.
CREATE INDEX plan_volgende_evaluatie ON plan (gemeente, volgende_evaluatie) WHERE status = 'actief';

CREATE TABLE plan_evaluation (
  gemeente     text NOT NULL DEFAULT current_gemeente(),
  plan_id      uuid NOT NULL,
  id           uuid NOT NULL DEFAULT gen_random_uuid(),
  position     integer NOT NULL CHECK (position >= 0),
  datum        date NOT NULL,
  gepland      date, -- plan.volgende_evaluatie when it was recorded: on time when datum <= gepland
  besluit      text NOT NULL
               CHECK (besluit IN ('doorgaan', 'bijstellen', 'afschalen', 'opschalen', 'afsluiten')),
  toelichting  text CHECK (btrim(toelichting) <> ''),
  volgende_evaluatie date,
  recorded_by  text NOT NULL DEFAULT current_actor(),
  recorded_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (gemeente, plan_id, id),
  UNIQUE (gemeente, plan_id, position),
  FOREIGN KEY (gemeente, plan_id) REFERENCES plan (gemeente, id),
  CONSTRAINT plan_evaluation_next CHECK (volgende_evaluatie > datum),
  CONSTRAINT plan_evaluation_next_required
    CHECK (besluit = 'afsluiten' OR volgende_evaluatie IS NOT NULL)
);
-- The evaluations of a plan in a period (regie op regie).
CREATE INDEX plan_evaluation_datum ON plan_evaluation (gemeente, plan_id, datum);

CREATE TABLE plan_evaluation_goal (
  gemeente      text NOT NULL DEFAULT current_gemeente(),
  plan_id       uuid NOT NULL,
  evaluation_id uuid NOT NULL,
  goal_id       uuid NOT NULL,
  status        text NOT NULL
                CHECK (status IN ('open', 'behaald', 'deels_behaald', 'niet_behaald', 'vervallen')),
  uitkomst      text NOT NULL CHECK (btrim(uitkomst) <> ''),
  PRIMARY KEY (gemeente, plan_id, evaluation_id, goal_id),
  FOREIGN KEY (gemeente, plan_id, evaluation_id) REFERENCES plan_evaluation (gemeente, plan_id, id),
  FOREIGN KEY (gemeente, plan_id, goal_id) REFERENCES plan_goal (gemeente, plan_id, id)
);

CREATE TABLE plan_evaluation_score (
  gemeente      text NOT NULL DEFAULT current_gemeente(),
  plan_id       uuid NOT NULL,
  evaluation_id uuid NOT NULL,
  person_id     uuid NOT NULL,
  leefgebied    leefgebied NOT NULL,
  score         integer NOT NULL CHECK (score BETWEEN 1 AND 5),
  PRIMARY KEY (gemeente, plan_id, evaluation_id, person_id, leefgebied),
  FOREIGN KEY (gemeente, plan_id, evaluation_id) REFERENCES plan_evaluation (gemeente, plan_id, id),
  FOREIGN KEY (gemeente, person_id) REFERENCES person (gemeente, id)
);

-- ---- the ladder -------------------------------------------------------------------------------

CREATE TABLE plan_level_request (
  gemeente      text NOT NULL DEFAULT current_gemeente(),
  plan_id       uuid NOT NULL,
  id            uuid NOT NULL DEFAULT gen_random_uuid(),
  richting      text NOT NULL CHECK (richting IN ('op', 'af')),
  van           smallint NOT NULL CHECK (van BETWEEN 1 AND 4),
  naar          smallint NOT NULL CHECK (naar BETWEEN 1 AND 4),
  reden         text NOT NULL CHECK (length(btrim(reden)) >= 5),
  evaluatie_id  uuid, -- going down: the evaluation that justifies it
  requested_by  text NOT NULL DEFAULT current_actor(),
  requested_at  timestamptz NOT NULL DEFAULT now(),
  status        text NOT NULL
                CHECK (status IN ('aangevraagd', 'goedgekeurd', 'afgewezen', 'doorgevoerd')),
  decided_by    text, -- the supervisor who approved or rejected it
  decided_at    timestamptz, -- when it was decided, or carried out (doorgevoerd: requested_at)
  besluit_reden text,
  PRIMARY KEY (gemeente, plan_id, id),
  FOREIGN KEY (gemeente, plan_id) REFERENCES plan (gemeente, id),
  FOREIGN KEY (gemeente, plan_id, evaluatie_id) REFERENCES plan_evaluation (gemeente, plan_id, id),
  FOREIGN KEY (gemeente, requested_by) REFERENCES app_user (gemeente, username),
  FOREIGN KEY (gemeente, decided_by) REFERENCES app_user (gemeente, username),
  CONSTRAINT plan_level_direction CHECK (van <> naar AND (richting = 'op') = (naar > van)),
  CONSTRAINT plan_level_down_evaluated CHECK (richting = 'op' OR evaluatie_id IS NOT NULL),
  -- Only going up to 3 or 4 waits for a supervisor; every other change is carried out at once.
  CONSTRAINT plan_level_needs_approval
    CHECK ((status = 'doorgevoerd') = NOT (richting = 'op' AND naar >= 3)),
  CONSTRAINT plan_level_four_eyes CHECK (decided_by <> requested_by),
  CONSTRAINT plan_level_decision CHECK (
    (status IN ('goedgekeurd', 'afgewezen')) = (decided_by IS NOT NULL)
    AND (status = 'aangevraagd') = (decided_at IS NULL)
    AND (decided_at IS NULL OR decided_at >= requested_at)
    AND (besluit_reden IS NULL OR status IN ('goedgekeurd', 'afgewezen'))
    AND (status <> 'afgewezen' OR length(btrim(besluit_reden)) >= 5))
);
-- At most one request waits per plan; and the supervisor's list of what waits.
CREATE UNIQUE INDEX plan_level_one_pending ON plan_level_request (gemeente, plan_id)
  WHERE status = 'aangevraagd';
-- The changes of a plan in a period (escalations and de-escalations).
CREATE INDEX plan_level_request_at ON plan_level_request (gemeente, plan_id, requested_at);

CREATE TABLE plan_level_period (
  gemeente   text NOT NULL DEFAULT current_gemeente(),
  plan_id    uuid NOT NULL,
  position   integer NOT NULL CHECK (position >= 0),
  niveau     smallint NOT NULL CHECK (niveau BETWEEN 1 AND 4),
  vanaf      timestamptz NOT NULL,
  tot        timestamptz, -- NULL: the plan's level now (a closed plan's last period ends at closing)
  request_id uuid,        -- the request that brought the plan here; NULL for the first
  PRIMARY KEY (gemeente, plan_id, position),
  UNIQUE (gemeente, plan_id, request_id),
  FOREIGN KEY (gemeente, plan_id) REFERENCES plan (gemeente, id),
  FOREIGN KEY (gemeente, plan_id, request_id) REFERENCES plan_level_request (gemeente, plan_id, id),
  CHECK (tot IS NULL OR tot >= vanaf),
  CHECK ((position = 0) = (request_id IS NULL))
);
CREATE UNIQUE INDEX plan_level_period_current ON plan_level_period (gemeente, plan_id)
  WHERE tot IS NULL;

-- The plans made before this migration: their first period, from their making.
INSERT INTO plan_level_period (gemeente, plan_id, position, niveau, vanaf, tot)
SELECT gemeente, id, 0, niveau, created_at, closed_at FROM plan;

-- The plan's level follows its requests. A new plan starts at 1 or 2 with its first period; a
-- change of plan.niveau needs a request of this plan from the old level to the new one, approved
-- or carried out and not yet applied: its period begins when it was decided. Closing the plan
-- ends its last period.
CREATE FUNCTION plan_level_follow() RETURNS trigger
  LANGUAGE plpgsql AS $$
DECLARE
  req record;
  pos integer;
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.niveau NOT IN (1, 2) THEN
      RAISE EXCEPTION 'een nieuw plan begint op niveau 1 of 2; niveau 3 en 4 vragen goedkeuring'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'plan_level_start';
    END IF;
    RETURN NEW;
  END IF;
  IF NEW.niveau <> OLD.niveau THEN
    SELECT r.id, coalesce(r.decided_at, r.requested_at) AS op INTO req
      FROM plan_level_request r
     WHERE r.gemeente = NEW.gemeente AND r.plan_id = NEW.id AND r.van = OLD.niveau
       AND r.naar = NEW.niveau AND r.status IN ('goedgekeurd', 'doorgevoerd')
       AND NOT EXISTS (SELECT FROM plan_level_period x
                        WHERE x.gemeente = r.gemeente AND x.plan_id = r.plan_id
                          AND x.request_id = r.id)
     ORDER BY r.decided_at DESC LIMIT 1;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'het niveau van een plan verandert alleen met een goedgekeurde of doorgevoerde aanvraag (van % naar %)', OLD.niveau, NEW.niveau
        USING ERRCODE = 'check_violation', CONSTRAINT = 'plan_level_unapproved';
    END IF;
    UPDATE plan_level_period SET tot = req.op
     WHERE gemeente = NEW.gemeente AND plan_id = NEW.id AND tot IS NULL
    RETURNING position INTO pos;
    INSERT INTO plan_level_period (gemeente, plan_id, position, niveau, vanaf, request_id)
    VALUES (NEW.gemeente, NEW.id, pos + 1, NEW.niveau, req.op, req.id);
  END IF;
  IF NEW.status = 'afgesloten' AND OLD.status <> 'afgesloten' THEN
    UPDATE plan_level_period SET tot = NEW.closed_at
     WHERE gemeente = NEW.gemeente AND plan_id = NEW.id AND tot IS NULL;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER plan_level_follow BEFORE INSERT OR UPDATE ON plan
  FOR EACH ROW EXECUTE FUNCTION plan_level_follow();

CREATE FUNCTION plan_level_first() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO plan_level_period (gemeente, plan_id, position, niveau, vanaf)
  VALUES (NEW.gemeente, NEW.id, 0, NEW.niveau, NEW.created_at);
  RETURN NULL;
END
$$;
CREATE TRIGGER plan_level_first AFTER INSERT ON plan
  FOR EACH ROW EXECUTE FUNCTION plan_level_first();

-- The level history is the plan's triggers' to write, no one else's.
CREATE FUNCTION plan_level_period_derived() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF pg_trigger_depth() < 2 THEN
    RAISE EXCEPTION 'de niveauhistorie volgt het niveau van het plan en wordt niet los geschreven'
      USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'plan_level_period_derived';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER plan_level_period_derived BEFORE INSERT OR UPDATE OR DELETE ON plan_level_period
  FOR EACH ROW EXECUTE FUNCTION plan_level_period_derived();

-- A request is asked from the plan's level now, while no other waits; going down names an
-- evaluation whose decision was to scale down. Its decision is a supervisor's of the team of the
-- plan's current regisseur (the four eyes are a CHECK), taken once, changing nothing else. Who
-- asks and who decides is the acting user, at the time it happens: no role but the table's owner
-- (who migrates, and writes history as it was) puts another's name or another time on it.
CREATE FUNCTION plan_level_request_check() RETURNS trigger
  LANGUAGE plpgsql AS $$
DECLARE
  level smallint;
  decider record;
  regisseur_team uuid;
  acting boolean := NOT pg_has_role(current_user,
                                    (SELECT c.relowner FROM pg_class c WHERE c.oid = TG_RELID),
                                    'USAGE');
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF acting THEN
      IF NEW.requested_by IS DISTINCT FROM current_actor() THEN
        RAISE EXCEPTION 'een aanvraag wordt gedaan door wie haar doet (%), niet namens %',
                        current_actor(), NEW.requested_by
          USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'plan_level_requester';
      END IF;
      NEW.requested_at := now();
      IF NEW.status = 'doorgevoerd' THEN
        NEW.decided_at := now();
      END IF;
    END IF;
    IF NEW.status NOT IN ('aangevraagd', 'doorgevoerd') OR NEW.decided_by IS NOT NULL THEN
      RAISE EXCEPTION 'een aanvraag wordt eerst aangevraagd en daarna beslist'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'plan_level_decided';
    END IF;
    SELECT p.niveau INTO level FROM plan p WHERE p.gemeente = NEW.gemeente AND p.id = NEW.plan_id;
    IF level IS DISTINCT FROM NEW.van THEN
      RAISE EXCEPTION 'het plan staat op niveau %, niet op %', level, NEW.van
        USING ERRCODE = 'check_violation', CONSTRAINT = 'plan_level_from';
    END IF;
    IF EXISTS (SELECT FROM plan_level_request r WHERE r.gemeente = NEW.gemeente
                  AND r.plan_id = NEW.plan_id AND r.status = 'aangevraagd') THEN
      RAISE EXCEPTION 'er wacht al een aanvraag op een besluit'
        USING ERRCODE = 'unique_violation', CONSTRAINT = 'plan_level_one_pending';
    END IF;
    IF NEW.richting = 'af' AND NOT EXISTS (
         SELECT FROM plan_evaluation e WHERE e.gemeente = NEW.gemeente
            AND e.plan_id = NEW.plan_id AND e.id = NEW.evaluatie_id AND e.besluit = 'afschalen') THEN
      RAISE EXCEPTION 'afschalen vraagt een evaluatie van dit plan met het besluit afschalen'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'plan_level_evaluation';
    END IF;
    RETURN NEW;
  END IF;
  IF OLD.status <> 'aangevraagd'
     OR (NEW.plan_id, NEW.richting, NEW.van, NEW.naar, NEW.reden, NEW.evaluatie_id,
         NEW.requested_by, NEW.requested_at)
        IS DISTINCT FROM (OLD.plan_id, OLD.richting, OLD.van, OLD.naar, OLD.reden,
                          OLD.evaluatie_id, OLD.requested_by, OLD.requested_at) THEN
    RAISE EXCEPTION 'over een aanvraag wordt één keer beslist; de aanvraag zelf verandert niet'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'plan_level_decided';
  END IF;
  IF acting THEN
    IF NEW.decided_by IS DISTINCT FROM current_actor() THEN
      RAISE EXCEPTION 'over een aanvraag beslist wie het besluit neemt (%), niet namens %',
                      current_actor(), NEW.decided_by
        USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'plan_level_decider';
    END IF;
    NEW.decided_at := now();
  END IF;
  SELECT u.role, u.active, u.team_id INTO decider FROM app_user u
   WHERE u.gemeente = NEW.gemeente AND u.username = NEW.decided_by;
  IF decider.role IS DISTINCT FROM 'supervisor' OR NOT decider.active THEN
    RAISE EXCEPTION 'alleen een supervisor beslist over een niveau-aanvraag (niet %)', NEW.decided_by
      USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'plan_level_supervisor';
  END IF;
  SELECT u.team_id INTO regisseur_team
    FROM plan_regie r JOIN app_user u ON u.gemeente = r.gemeente AND u.username = r.regisseur
   WHERE r.gemeente = NEW.gemeente AND r.plan_id = NEW.plan_id AND r.tot IS NULL;
  IF decider.team_id IS NULL OR regisseur_team IS DISTINCT FROM decider.team_id THEN
    RAISE EXCEPTION 'alleen een supervisor van het team van de regisseur beslist over deze aanvraag'
      USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'plan_level_team';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER plan_level_request_check BEFORE INSERT OR UPDATE ON plan_level_request
  FOR EACH ROW EXECUTE FUNCTION plan_level_request_check();

-- No maatwerk is recorded while the plan is at level 1 (a maatwerk action there may still be
-- changed or ended).
CREATE FUNCTION plan_action_level() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.soort = 'maatwerkvoorziening'
     AND (TG_OP = 'INSERT' OR OLD.soort <> 'maatwerkvoorziening')
     AND EXISTS (SELECT FROM plan p WHERE p.gemeente = NEW.gemeente AND p.id = NEW.plan_id
                    AND p.niveau = 1) THEN
    RAISE EXCEPTION 'op niveau 1 worden geen maatwerkvoorzieningen afgesproken'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'plan_action_level';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER plan_action_level BEFORE INSERT OR UPDATE ON plan_action
  FOR EACH ROW EXECUTE FUNCTION plan_action_level();

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['plan_level_request', 'plan_level_period', 'plan_evaluation',
                           'plan_evaluation_goal', 'plan_evaluation_score']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (gemeente = current_gemeente())'
                   ' WITH CHECK (gemeente = current_gemeente())', t);
    EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE OR DELETE ON %I'
                   ' FOR EACH ROW EXECUTE FUNCTION plan_shield_guard()', t || '_shield', t);
    EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE OR DELETE ON %I'
                   ' FOR EACH ROW EXECUTE FUNCTION plan_refuse_closed()', t || '_open', t);
  END LOOP;
END
$$;

GRANT SELECT, INSERT, UPDATE ON plan_level_request, plan_level_period TO eenplan_app;
GRANT SELECT, INSERT ON plan_evaluation, plan_evaluation_goal, plan_evaluation_score
  TO eenplan_app;

-- ---- the plan's document ----------------------------------------------------------------------

-- The ZRM change per member and domain between the intake and evaluation @e of plan @p: each
-- score the evaluation gave, beside the household's first finalised intake that scored that
-- member on that domain (NULL scores there when none did).
CREATE FUNCTION plan_zrm_change(p uuid, e uuid) RETURNS jsonb
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$
SELECT coalesce(jsonb_agg(jsonb_build_object(
         'lid', s.person_id, 'leefgebied', s.leefgebied, 'score', s.score,
         'intake_id', b.intake_id, 'intake_datum', b.datum, 'intake_score', b.score,
         'verschil', s.score - b.score) ORDER BY s.person_id, s.leefgebied), '[]'::jsonb)
  FROM plan_evaluation_score s
  JOIN plan pl ON pl.gemeente = s.gemeente AND pl.id = s.plan_id
  LEFT JOIN LATERAL (
    SELECT i.id AS intake_id, i.datum, a.score
      FROM intake i
      JOIN intake_person ip ON ip.gemeente = i.gemeente AND ip.intake_id = i.id
                           AND ip.person_id = s.person_id
      JOIN intake_assessment a ON a.gemeente = i.gemeente AND a.intake_id = i.id
                              AND a.person_ref = ip.ref AND a.leefgebied = s.leefgebied
     WHERE i.gemeente = pl.gemeente AND i.household_id = pl.household_id
       AND i.status = 'finalised' AND a.score IS NOT NULL
     ORDER BY i.datum, i.created_at, i.id LIMIT 1) b ON true
 WHERE s.gemeente = current_gemeente() AND s.plan_id = p AND s.evaluation_id = e
$$;

ALTER FUNCTION plan_document(uuid) RENAME TO plan_document_base;

-- The plan @p as docs/plan.md and docs/ladder.md write it: plan_document_base() (0010) with the
-- level, its history and requests, the next evaluation and the evaluations with their ZRM
-- changes. Each part is reached by its (gemeente, plan_id …) key. NULL when there is no such plan.
-- plpgsql with a generic plan, as plan_document_base(): see 0010.
CREATE FUNCTION plan_document(p uuid) RETURNS jsonb
  LANGUAGE plpgsql STABLE PARALLEL SAFE
  SET plan_cache_mode = force_generic_plan
  AS $$
BEGIN
  RETURN (
WITH pl AS (
  SELECT * FROM plan WHERE gemeente = current_gemeente() AND id = p
), requests AS (
  SELECT r.*, jsonb_build_object(
           'id', r.id, 'richting', r.richting, 'van', r.van, 'naar', r.naar, 'reden', r.reden,
           'evaluatie_id', r.evaluatie_id, 'status', r.status,
           'aangevraagd_door', r.requested_by, 'aangevraagd_op', plan_utc(r.requested_at),
           'besloten_door', r.decided_by,
           'besloten_op', CASE WHEN r.decided_by IS NOT NULL THEN plan_utc(r.decided_at) END,
           'besluit_reden', r.besluit_reden) AS doc
    FROM pl JOIN plan_level_request r ON r.gemeente = pl.gemeente AND r.plan_id = pl.id
)
SELECT plan_document_base(p) || jsonb_build_object(
  'niveau', pl.niveau,
  'volgende_evaluatie', pl.volgende_evaluatie,
  'niveau_historie', coalesce((SELECT jsonb_agg(jsonb_build_object(
                       'niveau', lp.niveau, 'vanaf', plan_utc(lp.vanaf), 'tot', plan_utc(lp.tot),
                       'aanvraag_id', lp.request_id) ORDER BY lp.position)
                       FROM plan_level_period lp
                      WHERE lp.gemeente = pl.gemeente AND lp.plan_id = pl.id), '[]'::jsonb),
  'niveau_aanvraag', (SELECT r.doc FROM requests r WHERE r.status = 'aangevraagd'),
  'niveau_aanvragen', coalesce((SELECT jsonb_agg(r.doc ORDER BY r.requested_at, r.id)
                                  FROM requests r), '[]'::jsonb),
  'evaluaties', coalesce((SELECT jsonb_agg(jsonb_build_object(
                  'id', e.id, 'datum', e.datum, 'gepland', e.gepland,
                  'op_tijd', e.gepland IS NULL OR e.datum <= e.gepland,
                  'besluit', e.besluit, 'toelichting', e.toelichting,
                  'volgende_evaluatie', e.volgende_evaluatie,
                  'door', e.recorded_by, 'op', plan_utc(e.recorded_at),
                  'doelen', coalesce((SELECT jsonb_agg(jsonb_build_object(
                              'doel_id', eg.goal_id, 'status', eg.status, 'uitkomst', eg.uitkomst)
                              ORDER BY g.position)
                              FROM plan_evaluation_goal eg
                              JOIN plan_goal g ON g.gemeente = eg.gemeente
                                              AND g.plan_id = eg.plan_id AND g.id = eg.goal_id
                             WHERE eg.gemeente = e.gemeente AND eg.plan_id = e.plan_id
                               AND eg.evaluation_id = e.id), '[]'::jsonb),
                  'zrm', plan_zrm_change(pl.id, e.id)) ORDER BY e.position)
                  FROM plan_evaluation e
                 WHERE e.gemeente = pl.gemeente AND e.plan_id = pl.id), '[]'::jsonb))
  FROM pl);
END
$$;

GRANT EXECUTE ON FUNCTION plan_document(uuid), plan_document_base(uuid), plan_zrm_change(uuid, uuid)
  TO eenplan_app;
