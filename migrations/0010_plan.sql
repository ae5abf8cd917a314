-- SPDX-License-Identifier: EUPL-1.2
--
-- 0010_plan: the household plan — één gezin, één plan, één regisseur.
--
--  plan              one household's plan: what goes well, what the household and
--                    its network do themselves, where professional support is
--                    needed; actief → afgesloten (with a reason); its version
--  plan_problem      the problems with their priority (1 first)
--  plan_regie        who held regie, from when to when: the warm handovers
--                    (from, to, date, note); exactly one open row per active plan
--  plan_need         a need (intake_need, as recorded) brought into the plan,
--                    with the law the plan puts it under
--  plan_need_law     each change of a need's law in the plan, with its reason
--  plan_goal         a goal (gewenst resultaat): what, by when, status
--  plan_goal_member  for whom (members of the household)
--  plan_goal_need    which needs a goal answers: of any member, under any law,
--                    but only needs of the same plan (the foreign keys say so)
--  plan_action       an afspraak: who does what; a maatwerk action carries the
--                    iStandaarden codes a later toewijzing (301) needs
--  plan_version      every change: who, when, why, and the whole plan as it
--                    then stood (plan_document()); agreed with the resident: when, how
--
-- The codes are the vocabularies of core/ep-vocab.c (tests/db/test-schema.c).
-- The rules that concern more than one row are the database's own, so that no
-- caller can get round them: one active plan per household (a partial unique
-- index), one regisseur at a time (a partial unique index) and at least one
-- (a deferred constraint trigger), a need linked only to goals of its own plan
-- (composite foreign keys). Nothing here is ever deleted: goals lapse
-- (vervallen), actions end (einddatum, reden_einde), plans close.

CREATE TABLE plan (
  gemeente        text NOT NULL DEFAULT current_gemeente() REFERENCES gemeente (gemeente),
  id              uuid NOT NULL DEFAULT gen_random_uuid(),
  household_id    uuid NOT NULL,
  status          text NOT NULL DEFAULT 'actief' CHECK (status IN ('actief', 'afgesloten')),
  aanspreekpunt   text NOT NULL, -- username: the resident's contact person (may be the regisseur)
  goed_gaat       text CHECK (goed_gaat <> ''),
  eigen_kracht    text CHECK (eigen_kracht <> ''),       -- what the household and network do themselves
  professionele_steun text CHECK (professionele_steun <> ''), -- where professional support is needed
  version         integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  created_at      timestamptz NOT NULL DEFAULT now(),
  created_by      text NOT NULL DEFAULT current_actor(),
  closed_at       timestamptz,
  closed_by       text,
  reden_afsluiting text CHECK (length(btrim(reden_afsluiting)) >= 5),
  PRIMARY KEY (gemeente, id),
  FOREIGN KEY (gemeente, household_id) REFERENCES household (gemeente, id),
  FOREIGN KEY (gemeente, aanspreekpunt) REFERENCES app_user (gemeente, username),
  CHECK ((status = 'afgesloten') = (closed_at IS NOT NULL)),
  CHECK ((closed_at IS NULL) = (closed_by IS NULL) AND (closed_at IS NULL) = (reden_afsluiting IS NULL))
);
-- At most one active plan per household.
CREATE UNIQUE INDEX plan_one_active ON plan (gemeente, household_id) WHERE status = 'actief';
CREATE INDEX plan_household ON plan (gemeente, household_id);

CREATE TABLE plan_problem (
  gemeente     text NOT NULL DEFAULT current_gemeente(),
  plan_id      uuid NOT NULL,
  position     integer NOT NULL CHECK (position >= 0),
  omschrijving text NOT NULL CHECK (omschrijving <> ''),
  prioriteit   integer NOT NULL CHECK (prioriteit BETWEEN 1 AND 99),
  PRIMARY KEY (gemeente, plan_id, position),
  FOREIGN KEY (gemeente, plan_id) REFERENCES plan (gemeente, id)
);

CREATE TABLE plan_regie (
  gemeente     text NOT NULL DEFAULT current_gemeente(),
  plan_id      uuid NOT NULL,
  position     integer NOT NULL CHECK (position >= 0), -- 0: the first regisseur
  regisseur    text NOT NULL,                          -- username
  van          text,                                   -- who handed over (NULL for the first)
  vanaf        date NOT NULL,
  tot          date,                                   -- NULL: holds regie now
  notitie      text CHECK (notitie <> ''),             -- the warm handover's note
  recorded_by  text NOT NULL DEFAULT current_actor(),
  recorded_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (gemeente, plan_id, position),
  FOREIGN KEY (gemeente, plan_id) REFERENCES plan (gemeente, id),
  FOREIGN KEY (gemeente, regisseur) REFERENCES app_user (gemeente, username),
  FOREIGN KEY (gemeente, van) REFERENCES app_user (gemeente, username),
  CHECK (tot IS NULL OR tot >= vanaf),
  CHECK ((position = 0) = (van IS NULL)),
  CHECK (position = 0 OR notitie IS NOT NULL) -- a handover always says what the next one must know
);
-- One regisseur at a time.
CREATE UNIQUE INDEX plan_regie_current ON plan_regie (gemeente, plan_id) WHERE tot IS NULL;
CREATE INDEX plan_regie_regisseur ON plan_regie (gemeente, regisseur) WHERE tot IS NULL;

CREATE TABLE plan_need (
  gemeente       text NOT NULL DEFAULT current_gemeente(),
  plan_id        uuid NOT NULL,
  id             uuid NOT NULL DEFAULT gen_random_uuid(),
  intake_need_id uuid NOT NULL, -- intake_need.id: the need as the intake recorded it
  wet            text NOT NULL CHECK (wet IN ('JW', 'WMO', 'PW', 'WGS', 'WI', 'WPG', 'GEEN')),
  status         text NOT NULL DEFAULT 'open'
                 CHECK (status IN ('open', 'in_behandeling', 'opgelost', 'vervallen')),
  added_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (gemeente, plan_id, id),
  UNIQUE (gemeente, id),
  UNIQUE (gemeente, plan_id, intake_need_id),
  FOREIGN KEY (gemeente, plan_id) REFERENCES plan (gemeente, id),
  FOREIGN KEY (gemeente, intake_need_id) REFERENCES intake_need (gemeente, id)
);

CREATE TABLE plan_need_law (
  gemeente    text NOT NULL DEFAULT current_gemeente(),
  plan_id     uuid NOT NULL,
  need_id     uuid NOT NULL,
  position    integer NOT NULL CHECK (position >= 0),
  van         text NOT NULL CHECK (van IN ('JW', 'WMO', 'PW', 'WGS', 'WI', 'WPG', 'GEEN')),
  naar        text NOT NULL CHECK (naar IN ('JW', 'WMO', 'PW', 'WGS', 'WI', 'WPG', 'GEEN')),
  reden       text NOT NULL CHECK (length(btrim(reden)) >= 5),
  changed_by  text NOT NULL DEFAULT current_actor(),
  changed_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (gemeente, plan_id, need_id, position),
  FOREIGN KEY (gemeente, plan_id, need_id) REFERENCES plan_need (gemeente, plan_id, id),
  CHECK (van <> naar)
);

CREATE TABLE plan_goal (
  gemeente     text NOT NULL DEFAULT current_gemeente(),
  plan_id      uuid NOT NULL,
  id           uuid NOT NULL DEFAULT gen_random_uuid(),
  position     integer NOT NULL CHECK (position >= 0),
  omschrijving text NOT NULL CHECK (omschrijving <> ''),
  streefdatum  date,
  status       text NOT NULL DEFAULT 'open'
               CHECK (status IN ('open', 'behaald', 'deels_behaald', 'niet_behaald', 'vervallen')),
  PRIMARY KEY (gemeente, plan_id, id),
  UNIQUE (gemeente, plan_id, position),
  FOREIGN KEY (gemeente, plan_id) REFERENCES plan (gemeente, id)
);

CREATE TABLE plan_goal_member (
  gemeente   text NOT NULL DEFAULT current_gemeente(),
  plan_id    uuid NOT NULL,
  goal_id    uuid NOT NULL,
  person_id  uuid NOT NULL,
  PRIMARY KEY (gemeente, plan_id, goal_id, person_id),
  FOREIGN KEY (gemeente, plan_id, goal_id) REFERENCES plan_goal (gemeente, plan_id, id)
    ON DELETE CASCADE,
  FOREIGN KEY (gemeente, person_id) REFERENCES person (gemeente, id)
);

-- Both keys lead with the plan: a goal and a need of different plans cannot meet here.
CREATE TABLE plan_goal_need (
  gemeente   text NOT NULL DEFAULT current_gemeente(),
  plan_id    uuid NOT NULL,
  goal_id    uuid NOT NULL,
  need_id    uuid NOT NULL,
  PRIMARY KEY (gemeente, plan_id, goal_id, need_id),
  FOREIGN KEY (gemeente, plan_id, goal_id) REFERENCES plan_goal (gemeente, plan_id, id)
    ON DELETE CASCADE,
  FOREIGN KEY (gemeente, plan_id, need_id) REFERENCES plan_need (gemeente, plan_id, id)
);
CREATE INDEX plan_goal_need_need ON plan_goal_need (gemeente, plan_id, need_id);

CREATE TABLE plan_action (
  gemeente     text NOT NULL DEFAULT current_gemeente(),
  plan_id      uuid NOT NULL,
  id           uuid NOT NULL DEFAULT gen_random_uuid(),
  position     integer NOT NULL CHECK (position >= 0),
  goal_id      uuid, -- the goal it serves, if one
  soort        text NOT NULL CHECK (soort IN ('bewoner', 'netwerk', 'algemene_voorziening',
                                              'maatwerkvoorziening', 'partner')),
  omschrijving text NOT NULL CHECK (omschrijving <> ''),
  uitvoerder   text NOT NULL CHECK (uitvoerder <> ''), -- who does it, as the plan names them
  -- maatwerk only (the GGM's BESCHIKTE_VOORZIENING):
  wet          text CHECK (wet IN ('JW', 'WMO', 'PW', 'WGS', 'WI', 'WPG')),
  productcategorie text CHECK (productcategorie IN (
                 '01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13',
                 '14', '15', '16', '17', '18', '40', '41', '42', '43', '44', '45', '46', '47',
                 '48', '49', '50', '51', '52', '53', '54', '55')),
  aanbieder    text CHECK (aanbieder <> ''),
  volume       integer CHECK (volume BETWEEN 1 AND 99999999), -- iStandaarden: a whole number
  eenheid      text CHECK (eenheid IN ('01', '04', '14', '16', '82', '83', '84')),
  frequentie   text CHECK (frequentie IN ('1', '2', '4', '6')),
  begindatum   date,
  einddatum    date,
  reden_einde  text CHECK (reden_einde IN ('02', '19', '20', '21', '22', '23', '31', '36', '37',
                                           '38', '39')),
  PRIMARY KEY (gemeente, plan_id, id),
  UNIQUE (gemeente, plan_id, position),
  FOREIGN KEY (gemeente, plan_id) REFERENCES plan (gemeente, id),
  FOREIGN KEY (gemeente, plan_id, goal_id) REFERENCES plan_goal (gemeente, plan_id, id),
  -- A maatwerkvoorziening, and only one, is under a law, by a provider, from a date.
  CHECK ((soort = 'maatwerkvoorziening')
         = (wet IS NOT NULL AND aanbieder IS NOT NULL AND begindatum IS NOT NULL)),
  -- Wmo and Jeugdwet maatwerk name the iStandaarden product category of their own law.
  CHECK (CASE wet
           WHEN 'WMO' THEN productcategorie IS NOT NULL AND productcategorie < '40'
           WHEN 'JW' THEN productcategorie IS NOT NULL AND productcategorie >= '40'
           ELSE productcategorie IS NULL
         END),
  -- Volume, unit and frequency together or not at all; required for Wmo and Jeugdwet.
  CHECK ((volume IS NULL) = (eenheid IS NULL) AND (volume IS NULL) = (frequentie IS NULL)),
  CHECK (wet IS NULL OR wet NOT IN ('WMO', 'JW') OR volume IS NOT NULL),
  CHECK (einddatum IS NULL OR begindatum IS NULL OR einddatum >= begindatum),
  CHECK (reden_einde IS NULL OR einddatum IS NOT NULL)
);

CREATE TABLE plan_version (
  gemeente     text NOT NULL DEFAULT current_gemeente(),
  plan_id      uuid NOT NULL,
  version      integer NOT NULL CHECK (version >= 1),
  made_at      timestamptz NOT NULL DEFAULT now(),
  made_by      text NOT NULL DEFAULT current_actor(),
  reden        text NOT NULL CHECK (btrim(reden) <> ''),
  document     jsonb NOT NULL, -- the whole plan as it stood at this version
  akkoord_datum date,          -- agreed with the resident on
  akkoord_wijze text CHECK (akkoord_wijze IN ('mondeling', 'schriftelijk', 'digitaal')),
  akkoord_door text,           -- who recorded the agreement
  akkoord_op   timestamptz,
  PRIMARY KEY (gemeente, plan_id, version),
  FOREIGN KEY (gemeente, plan_id) REFERENCES plan (gemeente, id),
  CHECK ((akkoord_datum IS NULL) = (akkoord_wijze IS NULL)
         AND (akkoord_datum IS NULL) = (akkoord_door IS NULL)
         AND (akkoord_datum IS NULL) = (akkoord_op IS NULL))
);

-- Exactly one regisseur for an active plan, checked at commit so that a
-- handover (close the old row, add the new) may pass through none.
CREATE FUNCTION plan_check_regie() RETURNS trigger
  LANGUAGE plpgsql AS $$
DECLARE
  p record;
  n integer;
  target uuid;
BEGIN
  -- NEW.plan_id cannot even be named for a row of plan (PL/pgSQL resolves it on every call).
  IF TG_TABLE_NAME = 'plan' THEN
    target := NEW.id;
  ELSE
    target := NEW.plan_id;
  END IF;
  SELECT pl.gemeente, pl.id, pl.status INTO p FROM plan pl
   WHERE pl.gemeente = NEW.gemeente AND pl.id = target;
  IF p.status = 'actief' THEN
    SELECT count(*) INTO n FROM plan_regie r
     WHERE r.gemeente = p.gemeente AND r.plan_id = p.id AND r.tot IS NULL;
    IF n <> 1 THEN
      RAISE EXCEPTION 'een actief plan heeft precies één regisseur (plan %, nu %)', p.id, n
        USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'plan_one_regisseur';
    END IF;
  END IF;
  RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER plan_one_regisseur AFTER INSERT OR UPDATE ON plan
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION plan_check_regie();
CREATE CONSTRAINT TRIGGER plan_regie_one_regisseur AFTER INSERT OR UPDATE ON plan_regie
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION plan_check_regie();

-- A closed plan does not change (its versions may still be marked agreed): no row of its parts
-- is added, changed or removed.
CREATE FUNCTION plan_refuse_closed() RETURNS trigger
  LANGUAGE plpgsql AS $$
DECLARE
  s text;
  r record;
BEGIN
  IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
  SELECT status INTO s FROM plan WHERE gemeente = r.gemeente AND id = r.plan_id;
  IF s = 'afgesloten' THEN
    RAISE EXCEPTION 'dit plan is afgesloten en verandert niet meer'
      USING ERRCODE = 'object_not_in_prerequisite_state', CONSTRAINT = 'plan_closed';
  END IF;
  RETURN r;
END
$$;

-- The shield (0008) guards the plan as it guards the intake.
CREATE FUNCTION plan_shield_guard() RETURNS trigger
  LANGUAGE plpgsql AS $$
DECLARE
  h uuid;
  r record;
BEGIN
  IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
  IF TG_TABLE_NAME = 'plan' THEN
    h := r.household_id;
  ELSE
    SELECT p.household_id INTO h FROM plan p WHERE p.gemeente = r.gemeente AND p.id = r.plan_id;
  END IF;
  PERFORM household_assert_open(h);
  RETURN r;
END
$$;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['plan', 'plan_problem', 'plan_regie', 'plan_need', 'plan_need_law',
                           'plan_goal', 'plan_goal_member', 'plan_goal_need', 'plan_action',
                           'plan_version']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (gemeente = current_gemeente())'
                   ' WITH CHECK (gemeente = current_gemeente())', t);
    EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE OR DELETE ON %I'
                   ' FOR EACH ROW EXECUTE FUNCTION plan_shield_guard()', t || '_shield', t);
    IF t NOT IN ('plan', 'plan_version') THEN
      EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE OR DELETE ON %I'
                     ' FOR EACH ROW EXECUTE FUNCTION plan_refuse_closed()', t || '_open', t);
    END IF;
  END LOOP;
END
$$;

GRANT SELECT, INSERT, UPDATE ON plan, plan_need, plan_goal, plan_action TO eenplan_app;
-- The history is not rewritten: of a version only its agreement is recorded, of a regie only its
-- end (plans/plan-write.c: agree_change, handover_change); the rest stays as it was written.
GRANT SELECT, INSERT ON plan_regie, plan_version TO eenplan_app;
GRANT UPDATE (akkoord_datum, akkoord_wijze, akkoord_door, akkoord_op) ON plan_version
  TO eenplan_app;
GRANT UPDATE (tot) ON plan_regie TO eenplan_app;

-- An agreement, once recorded, is not changed; a regie, once ended, stays ended.
CREATE FUNCTION plan_history_fixed() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'plan_version' THEN
    IF OLD.akkoord_datum IS NOT NULL AND (NEW.akkoord_datum, NEW.akkoord_wijze, NEW.akkoord_door,
        NEW.akkoord_op) IS DISTINCT FROM (OLD.akkoord_datum, OLD.akkoord_wijze, OLD.akkoord_door,
        OLD.akkoord_op) THEN
      RAISE EXCEPTION 'versie % is al akkoord bevonden; dat akkoord verandert niet', OLD.version
        USING ERRCODE = 'object_not_in_prerequisite_state', CONSTRAINT = 'plan_agreement_fixed';
    END IF;
  ELSIF OLD.tot IS NOT NULL AND NEW.tot IS DISTINCT FROM OLD.tot THEN
    RAISE EXCEPTION 'deze regie is al beëindigd'
      USING ERRCODE = 'object_not_in_prerequisite_state', CONSTRAINT = 'plan_regie_ended';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER plan_version_fixed BEFORE UPDATE ON plan_version
  FOR EACH ROW EXECUTE FUNCTION plan_history_fixed();
CREATE TRIGGER plan_regie_fixed BEFORE UPDATE ON plan_regie
  FOR EACH ROW EXECUTE FUNCTION plan_history_fixed();
GRANT SELECT, INSERT ON plan_need_law TO eenplan_app;
GRANT SELECT, INSERT, DELETE ON plan_problem, plan_goal_member, plan_goal_need TO eenplan_app;

-- The latest version agreed with the resident, found without reading the others.
CREATE INDEX plan_version_agreed ON plan_version (gemeente, plan_id, version)
  WHERE akkoord_datum IS NOT NULL;
-- The werkbak: plans whose aanspreekpunt a user is.
CREATE INDEX plan_aanspreekpunt ON plan (gemeente, aanspreekpunt) WHERE status = 'actief';

-- @t as the JSON's timestamps write it: UTC, ISO 8601, milliseconds.
CREATE FUNCTION plan_utc(t timestamptz) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$;

-- The plan @p of the current municipality as docs/plan.md "The plan's JSON" writes it, in one
-- statement: what GET …/plan answers, `eenplan plan show --json` prints and every version keeps
-- (plan_version.document). Each part is reached by its (gemeente, plan_id …) key. NULL when there
-- is no such plan. Row-level security applies (SECURITY INVOKER).
-- plpgsql, not sql: PostgreSQL plans an sql function's body afresh on every call (8 ms of planning
-- against 2.3 ms of work on the benchmark's dataset); plpgsql keeps the plan per session, and
-- force_generic_plan keeps it from being re-planned for each plan id (docs/plan.md, Benchmarks).
CREATE FUNCTION plan_document(p uuid) RETURNS jsonb
  LANGUAGE plpgsql STABLE PARALLEL SAFE
  SET plan_cache_mode = force_generic_plan
  AS $$
BEGIN
  RETURN (
WITH pl AS (
  SELECT * FROM plan WHERE gemeente = current_gemeente() AND id = p
), needs AS (
  SELECT pn.id, pn.intake_need_id, n.intake_id, ip.person_id, n.leefgebied::text AS leefgebied,
         n.omschrijving, n.urgentie, pn.status, pn.wet, n.wet AS wet_intake,
         row_number() OVER (ORDER BY i.datum, i.created_at, i.id, n.position) AS ord
    FROM pl
    JOIN plan_need pn ON pn.gemeente = pl.gemeente AND pn.plan_id = pl.id
    JOIN intake_need n ON n.gemeente = pn.gemeente AND n.id = pn.intake_need_id
    JOIN intake i ON i.gemeente = n.gemeente AND i.id = n.intake_id
    JOIN intake_person ip ON ip.gemeente = n.gemeente AND ip.intake_id = n.intake_id
                         AND ip.ref = n.person_ref
), goals AS (
  SELECT g.* FROM pl JOIN plan_goal g ON g.gemeente = pl.gemeente AND g.plan_id = pl.id
), links AS (
  SELECT gn.goal_id, gn.need_id, ne.ord, ne.wet, ne.status AS need_status
    FROM pl
    JOIN plan_goal_need gn ON gn.gemeente = pl.gemeente AND gn.plan_id = pl.id
    JOIN needs ne ON ne.id = gn.need_id
), regie AS (
  SELECT r.*, u.display_name AS naam, v.display_name AS van_naam
    FROM pl
    JOIN plan_regie r ON r.gemeente = pl.gemeente AND r.plan_id = pl.id
    JOIN app_user u ON u.gemeente = r.gemeente AND u.username = r.regisseur
    LEFT JOIN app_user v ON v.gemeente = r.gemeente AND v.username = r.van
)
SELECT jsonb_build_object(
  'id', pl.id,
  'household_id', pl.household_id,
  'status', pl.status,
  'reden_afsluiting', pl.reden_afsluiting,
  'version', pl.version,
  'created_at', plan_utc(pl.created_at),
  'created_by', pl.created_by,
  'regisseur', (SELECT jsonb_build_object('username', r.regisseur, 'naam', r.naam, 'sinds', r.vanaf)
                  FROM regie r ORDER BY (r.tot IS NULL) DESC, r.position DESC LIMIT 1),
  'aanspreekpunt', (SELECT jsonb_build_object('username', u.username, 'naam', u.display_name)
                      FROM app_user u
                     WHERE u.gemeente = pl.gemeente AND u.username = pl.aanspreekpunt),
  'regie', coalesce((SELECT jsonb_agg(jsonb_build_object(
                       'regisseur', r.regisseur, 'naam', r.naam, 'van', r.van,
                       'van_naam', r.van_naam, 'vanaf', r.vanaf, 'tot', r.tot,
                       'notitie', r.notitie, 'vastgelegd_door', r.recorded_by,
                       'vastgelegd_op', plan_utc(r.recorded_at)) ORDER BY r.position)
                       FROM regie r), '[]'::jsonb),
  'goed_gaat', pl.goed_gaat,
  'eigen_kracht', pl.eigen_kracht,
  'professionele_steun', pl.professionele_steun,
  'problemen', coalesce((SELECT jsonb_agg(jsonb_build_object('omschrijving', pp.omschrijving,
                                                             'prioriteit', pp.prioriteit)
                                          ORDER BY pp.position)
                           FROM plan_problem pp
                          WHERE pp.gemeente = pl.gemeente AND pp.plan_id = pl.id), '[]'::jsonb),
  'leden', coalesce((SELECT jsonb_agg(jsonb_build_object(
                       'id', pe.id, 'voornaam', pe.voornamen,
                       'achternaam', concat_ws(' ', pe.tussenvoegsel, pe.achternaam),
                       'rol', hm.role) ORDER BY hm.valid_from, hm.created_at, hm.id)
                       FROM household_member hm
                       JOIN person pe ON pe.gemeente = hm.gemeente AND pe.id = hm.person_id
                      WHERE hm.gemeente = pl.gemeente AND hm.household_id = pl.household_id
                        AND hm.valid_to IS NULL), '[]'::jsonb),
  'hulpvragen', coalesce((SELECT jsonb_agg(jsonb_build_object(
                       'id', ne.id, 'intake_need_id', ne.intake_need_id,
                       'intake_id', ne.intake_id, 'lid', ne.person_id,
                       'leefgebied', ne.leefgebied, 'omschrijving', ne.omschrijving,
                       'urgentie', ne.urgentie, 'status', ne.status, 'wet', ne.wet,
                       'wet_intake', ne.wet_intake,
                       'wet_historie', coalesce((SELECT jsonb_agg(jsonb_build_object(
                           'van', l.van, 'naar', l.naar, 'reden', l.reden, 'door', l.changed_by,
                           'op', plan_utc(l.changed_at)) ORDER BY l.position)
                           FROM plan_need_law l
                          WHERE l.gemeente = pl.gemeente AND l.plan_id = pl.id
                            AND l.need_id = ne.id), '[]'::jsonb),
                       'doelen', coalesce((SELECT jsonb_agg(g.id ORDER BY g.position)
                                             FROM links k JOIN goals g ON g.id = k.goal_id
                                            WHERE k.need_id = ne.id), '[]'::jsonb))
                       ORDER BY ne.ord) FROM needs ne), '[]'::jsonb),
  'doelen', coalesce((SELECT jsonb_agg(jsonb_build_object(
                       'id', g.id, 'omschrijving', g.omschrijving,
                       'leden', coalesce((SELECT jsonb_agg(gm.person_id ORDER BY gm.person_id)
                                            FROM plan_goal_member gm
                                           WHERE gm.gemeente = g.gemeente
                                             AND gm.plan_id = g.plan_id
                                             AND gm.goal_id = g.id), '[]'::jsonb),
                       'streefdatum', g.streefdatum, 'status', g.status,
                       'hulpvragen', coalesce((SELECT jsonb_agg(k.need_id ORDER BY k.ord)
                                                 FROM links k WHERE k.goal_id = g.id), '[]'::jsonb),
                       'wetten', coalesce((SELECT jsonb_agg(DISTINCT k.wet ORDER BY k.wet)
                                             FROM links k WHERE k.goal_id = g.id), '[]'::jsonb))
                       ORDER BY g.position) FROM goals g), '[]'::jsonb),
  'afspraken', coalesce((SELECT jsonb_agg(jsonb_build_object(
                       'id', a.id, 'doel_id', a.goal_id, 'soort', a.soort,
                       'omschrijving', a.omschrijving, 'uitvoerder', a.uitvoerder, 'wet', a.wet,
                       'productcategorie', a.productcategorie, 'aanbieder', a.aanbieder,
                       'omvang', CASE WHEN a.volume IS NOT NULL THEN
                                   jsonb_build_object('volume', a.volume, 'eenheid', a.eenheid,
                                                      'frequentie', a.frequentie) END,
                       'begindatum', a.begindatum, 'einddatum', a.einddatum,
                       'reden_einde', a.reden_einde) ORDER BY a.position)
                       FROM plan_action a
                      WHERE a.gemeente = pl.gemeente AND a.plan_id = pl.id), '[]'::jsonb),
  'open_hulpvragen', coalesce((SELECT jsonb_agg(ne.id ORDER BY ne.ord)
                       FROM needs ne
                      WHERE ne.status IN ('open', 'in_behandeling')
                        AND NOT EXISTS (SELECT FROM links k JOIN goals g ON g.id = k.goal_id
                                         WHERE k.need_id = ne.id AND g.status = 'open')),
                       '[]'::jsonb),
  'akkoord', (SELECT jsonb_build_object('versie', v.version, 'datum', v.akkoord_datum,
                                        'wijze', v.akkoord_wijze)
                FROM plan_version v
               WHERE v.gemeente = pl.gemeente AND v.plan_id = pl.id
                 AND v.akkoord_datum IS NOT NULL
               ORDER BY v.version DESC LIMIT 1))
  FROM pl);
END
$$;

GRANT EXECUTE ON FUNCTION plan_document(uuid), plan_utc(timestamptz) TO eenplan_app;
