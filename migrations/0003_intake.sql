-- SPDX-License-Identifier: EUPL-1.2
--
-- 0003_intake: the brede uitvraag, recorded from any vindplaats.
--
--  contact             a first contact (hulpvraag as it arrives): vindplaats,
--                      channel, the question in the resident's words, type
--  intake_template     the versioned questionnaire, the same at every
--                      vindplaats (loaded by a later migration, one per version)
--  intake              one conversation with a household: form, date, place,
--                      hoofdprobleem; draft → finalised (then immutable)
--  intake_person       the household's members as the intake knew them
--  intake_participant  who took part: residents, network, cliëntondersteuner,
--                      professionals
--  intake_assessment   ZRM 2017 scores per person and domain (each optional)
--  intake_health       Positieve Gezondheid: the resident's own ratings
--  intake_strength     strengths and network
--  intake_need         needs (hulpvragen): person, life area, law, urgency
--  intake_safety_signal, intake_safety_step
--                      safety signals and the Meldcode steps taken
--  consent             which partner organisation may see what, why, until
--                      when; revocable. Belongs to the household, recorded
--                      in an intake.
--  intake_addendum     corrections to a finalised intake: who, when, why
--
-- Codes are the vocabularies of core/ep-vocab.c (tests/db/test-schema.c
-- asserts that each CHECK list is exactly its vocabulary). Every table
-- carries gemeente in its keys and is under row-level security, like 0001.
-- Items carried forward from an earlier intake point at where they came
-- from (carried_from), so the case worker sees what to confirm.

-- One household at a time (0001): the exclusion constraint's GiST index led
-- with gemeente, the same in every row of a municipality, so each check
-- walked the municipality's whole index. Led by person_id it finds the
-- person's few memberships at once. The current membership also gets a
-- unique btree index: intake looks it up on every write.
ALTER TABLE household_member DROP CONSTRAINT household_member_one_household_at_a_time;
ALTER TABLE household_member ADD CONSTRAINT household_member_one_household_at_a_time
  EXCLUDE USING gist (person_id WITH =, gemeente WITH =,
                      daterange(valid_from, valid_to, '[)') WITH &&);
CREATE UNIQUE INDEX household_member_current ON household_member (gemeente, person_id)
  WHERE valid_to IS NULL;

-- The ZRM 2017 life areas, used by assessments and needs alike.
CREATE DOMAIN leefgebied AS text
  CHECK (VALUE IN ('financien', 'werk_opleiding', 'tijdsbesteding', 'huisvesting',
                   'huiselijke_relaties', 'geestelijke_gezondheid', 'lichamelijke_gezondheid',
                   'middelengebruik', 'basale_adl', 'instrumentele_adl', 'sociaal_netwerk',
                   'maatschappelijke_participatie', 'justitie'));

CREATE TABLE contact (
  gemeente      text NOT NULL REFERENCES gemeente (gemeente),
  id            uuid NOT NULL DEFAULT gen_random_uuid(),
  household_id  uuid,
  vindplaats_id uuid NOT NULL,
  kanaal        text NOT NULL
                CHECK (kanaal IN ('balie', 'telefoon', 'email', 'webformulier', 'huisbezoek',
                                  'verwijzing')),
  type          text NOT NULL
                CHECK (type IN ('informatie_advies', 'hulpvraag', 'zorgsignaal',
                                'veiligheidsmelding')),
  vraag         text NOT NULL CHECK (vraag <> ''),
  datum         date NOT NULL,
  ontvangen_door text NOT NULL DEFAULT current_actor(),
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (gemeente, id),
  FOREIGN KEY (gemeente, household_id) REFERENCES household (gemeente, id),
  FOREIGN KEY (gemeente, vindplaats_id) REFERENCES vindplaats (gemeente, id)
);
CREATE INDEX contact_household ON contact (gemeente, household_id) WHERE household_id IS NOT NULL;
CREATE INDEX contact_datum ON contact (gemeente, datum);

-- A reference table: the same questionnaire for every municipality.
CREATE TABLE intake_template (
  version    text PRIMARY KEY CHECK (version ~ '^[a-z0-9-]+/[0-9]+$'),
  definition jsonb NOT NULL,
  loaded_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE intake (
  gemeente         text NOT NULL REFERENCES gemeente (gemeente),
  id               uuid NOT NULL DEFAULT gen_random_uuid(),
  household_id     uuid NOT NULL,
  contact_id       uuid,
  vindplaats_id    uuid NOT NULL,
  template_version text NOT NULL REFERENCES intake_template (version),
  vorm             text NOT NULL
                   CHECK (vorm IN ('huisbezoek', 'spreekuur', 'telefonisch', 'digitaal')),
  vorm_reden       text CHECK (vorm_reden <> ''),
  datum            date NOT NULL,
  plaats           text CHECK (plaats <> ''),
  hoofdprobleem    text NOT NULL CHECK (hoofdprobleem <> ''),
  status           text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'finalised')),
  version          integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  carried_from     uuid, -- the intake this draft carried items forward from
  created_by       text NOT NULL DEFAULT current_actor(),
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  finalised_by     text,
  finalised_at     timestamptz,
  PRIMARY KEY (gemeente, id),
  FOREIGN KEY (gemeente, household_id) REFERENCES household (gemeente, id),
  FOREIGN KEY (gemeente, contact_id) REFERENCES contact (gemeente, id),
  FOREIGN KEY (gemeente, vindplaats_id) REFERENCES vindplaats (gemeente, id),
  FOREIGN KEY (gemeente, carried_from) REFERENCES intake (gemeente, id),
  CHECK ((status = 'finalised') = (finalised_at IS NOT NULL AND finalised_by IS NOT NULL))
);
CREATE INDEX intake_household ON intake (gemeente, household_id, datum);

CREATE TABLE intake_person (
  gemeente   text NOT NULL,
  intake_id  uuid NOT NULL,
  position   integer NOT NULL CHECK (position >= 0),
  ref        text NOT NULL CHECK (ref ~ '^[A-Za-z0-9_-]{1,40}$'),
  person_id  uuid NOT NULL,
  role       text NOT NULL CHECK (role IN ('ouder_verzorger', 'kind', 'partner', 'overig')),
  carried_from uuid, -- the intake the member was carried forward from
  PRIMARY KEY (gemeente, intake_id, position),
  UNIQUE (gemeente, intake_id, ref),
  UNIQUE (gemeente, intake_id, person_id),
  FOREIGN KEY (gemeente, intake_id) REFERENCES intake (gemeente, id) ON DELETE CASCADE,
  FOREIGN KEY (gemeente, person_id) REFERENCES person (gemeente, id)
);

CREATE TABLE intake_participant (
  gemeente     text NOT NULL,
  intake_id    uuid NOT NULL,
  position     integer NOT NULL CHECK (position >= 0),
  soort        text NOT NULL
               CHECK (soort IN ('bewoner', 'netwerk', 'clientondersteuner', 'professional')),
  person_ref   text,  -- a resident: one of the intake's persons
  naam         text CHECK (naam <> ''),
  organisatie  text CHECK (organisatie <> ''),
  rol          text CHECK (rol <> ''),
  PRIMARY KEY (gemeente, intake_id, position),
  FOREIGN KEY (gemeente, intake_id) REFERENCES intake (gemeente, id) ON DELETE CASCADE,
  FOREIGN KEY (gemeente, intake_id, person_ref) REFERENCES intake_person (gemeente, intake_id, ref),
  CHECK (person_ref IS NOT NULL OR naam IS NOT NULL)
);

CREATE TABLE intake_assessment (
  gemeente   text NOT NULL,
  intake_id  uuid NOT NULL,
  position   integer NOT NULL CHECK (position >= 0),
  person_ref text NOT NULL,
  leefgebied leefgebied NOT NULL,
  score      integer CHECK (score BETWEEN 1 AND 5), -- optional: never force an irrelevant field
  toelichting text CHECK (toelichting <> ''),
  PRIMARY KEY (gemeente, intake_id, position),
  UNIQUE (gemeente, intake_id, person_ref, leefgebied),
  FOREIGN KEY (gemeente, intake_id) REFERENCES intake (gemeente, id) ON DELETE CASCADE,
  FOREIGN KEY (gemeente, intake_id, person_ref) REFERENCES intake_person (gemeente, intake_id, ref)
);

CREATE TABLE intake_health (
  gemeente   text NOT NULL,
  intake_id  uuid NOT NULL,
  position   integer NOT NULL CHECK (position >= 0),
  person_ref text NOT NULL,
  dimensie   text NOT NULL
             CHECK (dimensie IN ('lichaamsfuncties', 'mentaal_welbevinden', 'zingeving',
                                 'kwaliteit_van_leven', 'meedoen', 'dagelijks_functioneren')),
  cijfer     integer NOT NULL CHECK (cijfer BETWEEN 0 AND 10),
  PRIMARY KEY (gemeente, intake_id, position),
  UNIQUE (gemeente, intake_id, person_ref, dimensie),
  FOREIGN KEY (gemeente, intake_id) REFERENCES intake (gemeente, id) ON DELETE CASCADE,
  FOREIGN KEY (gemeente, intake_id, person_ref) REFERENCES intake_person (gemeente, intake_id, ref)
);

CREATE TABLE intake_strength (
  gemeente     text NOT NULL,
  intake_id    uuid NOT NULL,
  position     integer NOT NULL CHECK (position >= 0),
  person_ref   text, -- NULL: the household as a whole
  soort        text NOT NULL CHECK (soort IN ('eigen_kracht', 'netwerk')),
  omschrijving text NOT NULL CHECK (omschrijving <> ''),
  carried_from uuid,
  PRIMARY KEY (gemeente, intake_id, position),
  FOREIGN KEY (gemeente, intake_id) REFERENCES intake (gemeente, id) ON DELETE CASCADE,
  FOREIGN KEY (gemeente, intake_id, person_ref) REFERENCES intake_person (gemeente, intake_id, ref)
);

CREATE TABLE intake_need (
  gemeente     text NOT NULL,
  intake_id    uuid NOT NULL,
  position     integer NOT NULL CHECK (position >= 0),
  id           uuid NOT NULL DEFAULT gen_random_uuid(),
  person_ref   text NOT NULL,
  leefgebied   leefgebied NOT NULL,
  omschrijving text NOT NULL CHECK (omschrijving <> ''),
  wet          text NOT NULL CHECK (wet IN ('JW', 'WMO', 'PW', 'WGS', 'WI', 'WPG', 'GEEN')),
  urgentie     text NOT NULL CHECK (urgentie IN ('laag', 'normaal', 'hoog', 'acuut')),
  status       text NOT NULL
               CHECK (status IN ('open', 'in_behandeling', 'opgelost', 'vervallen')),
  carried_from uuid, -- the need (intake_need.id) this one carries forward
  PRIMARY KEY (gemeente, intake_id, position),
  UNIQUE (gemeente, id),
  FOREIGN KEY (gemeente, intake_id) REFERENCES intake (gemeente, id) ON DELETE CASCADE,
  FOREIGN KEY (gemeente, intake_id, person_ref) REFERENCES intake_person (gemeente, intake_id, ref)
);

CREATE TABLE intake_safety_signal (
  gemeente     text NOT NULL,
  intake_id    uuid NOT NULL,
  position     integer NOT NULL CHECK (position >= 0),
  omschrijving text NOT NULL CHECK (omschrijving <> ''),
  ernst        text NOT NULL CHECK (ernst IN ('zorg', 'acuut', 'structureel')),
  gesloten     boolean NOT NULL DEFAULT false,
  besluit      text CHECK (besluit <> ''),
  PRIMARY KEY (gemeente, intake_id, position),
  FOREIGN KEY (gemeente, intake_id) REFERENCES intake (gemeente, id) ON DELETE CASCADE,
  -- Acute or structural unsafety cannot be closed without a recorded
  -- decision (Meldcode step 5); intake/ checks the step too.
  CHECK (NOT gesloten OR ernst = 'zorg' OR besluit IS NOT NULL)
);

CREATE TABLE intake_safety_step (
  gemeente        text NOT NULL,
  intake_id       uuid NOT NULL,
  signal_position integer NOT NULL,
  position        integer NOT NULL CHECK (position >= 0),
  stap            text NOT NULL
                  CHECK (stap IN ('signaleren', 'consulteren', 'gesprek', 'afwegen',
                                  'beslissen')),
  datum           date NOT NULL,
  door            text NOT NULL CHECK (door <> ''),
  toelichting     text CHECK (toelichting <> ''),
  PRIMARY KEY (gemeente, intake_id, signal_position, position),
  FOREIGN KEY (gemeente, intake_id, signal_position)
    REFERENCES intake_safety_signal (gemeente, intake_id, position) ON DELETE CASCADE
);

CREATE TABLE consent (
  gemeente     text NOT NULL REFERENCES gemeente (gemeente),
  id           uuid NOT NULL DEFAULT gen_random_uuid(),
  household_id uuid NOT NULL,
  intake_id    uuid, -- the intake it was recorded in, if any
  intake_position integer CHECK (intake_position >= 0), -- its place in that intake
  organisatie  text NOT NULL CHECK (organisatie <> ''),
  gegevens     text[] NOT NULL
               CHECK (cardinality(gegevens) >= 1
                      AND gegevens <@ ARRAY['basisgegevens', 'intake', 'hulpvragen', 'plan',
                                            'veiligheid']),
  doel         text NOT NULL CHECK (doel <> ''),
  geldig_tot   date NOT NULL,
  verleend_op  date NOT NULL,
  verleend_door text NOT NULL DEFAULT current_actor(),
  ingetrokken_op timestamptz,
  ingetrokken_door text,
  carried_from uuid, -- the consent an intake carried forward
  superseded_by uuid, -- the intake whose confirmed copy ended this consent
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (gemeente, id),
  FOREIGN KEY (gemeente, household_id) REFERENCES household (gemeente, id),
  FOREIGN KEY (gemeente, intake_id) REFERENCES intake (gemeente, id),
  CHECK (geldig_tot >= verleend_op),
  CHECK ((ingetrokken_op IS NULL) = (ingetrokken_door IS NULL)),
  CHECK ((intake_id IS NULL) = (intake_position IS NULL))
);
CREATE INDEX consent_household ON consent (gemeente, household_id);
CREATE INDEX consent_intake ON consent (gemeente, intake_id) WHERE intake_id IS NOT NULL;

CREATE TABLE intake_addendum (
  gemeente   text NOT NULL,
  id         uuid NOT NULL DEFAULT gen_random_uuid(),
  intake_id  uuid NOT NULL,
  reden      text NOT NULL CHECK (reden <> ''),
  tekst      text NOT NULL CHECK (tekst <> ''),
  created_by text NOT NULL DEFAULT current_actor(),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (gemeente, id),
  FOREIGN KEY (gemeente, intake_id) REFERENCES intake (gemeente, id)
);
CREATE INDEX intake_addendum_intake ON intake_addendum (gemeente, intake_id, created_at);

-- A finalised intake is immutable, for every role: its row and every row
-- that belongs to it. Corrections are addenda.
CREATE FUNCTION intake_refuse_finalised() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'finalised' THEN
    RAISE EXCEPTION 'intake % is finalised: % refused; record an addendum', OLD.id, TG_OP
      USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER intake_finalised BEFORE UPDATE OR DELETE ON intake
  FOR EACH ROW EXECUTE FUNCTION intake_refuse_finalised();

-- The parts are checked once per statement, over the statement's rows
-- (transition tables): an intake is written with one statement per table,
-- and a check per row would cost more than the row itself.
CREATE FUNCTION intake_parts_refuse_finalised() RETURNS trigger
  LANGUAGE plpgsql AS $$
DECLARE
  finalised uuid;
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    SELECT i.id INTO finalised FROM new_rows r
      JOIN intake i ON i.gemeente = r.gemeente AND i.id = r.intake_id
     WHERE i.status = 'finalised' LIMIT 1;
  END IF;
  IF finalised IS NULL AND TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT i.id INTO finalised FROM old_rows r
      JOIN intake i ON i.gemeente = r.gemeente AND i.id = r.intake_id
     WHERE i.status = 'finalised' LIMIT 1;
  END IF;
  IF finalised IS NOT NULL THEN
    RAISE EXCEPTION 'intake % is finalised: % on % refused; record an addendum',
      finalised, TG_OP, TG_TABLE_NAME
      USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  RETURN NULL;
END
$$;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['intake_person', 'intake_participant', 'intake_assessment',
                           'intake_health', 'intake_strength', 'intake_need',
                           'intake_safety_signal', 'intake_safety_step']
  LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows'
                   ' FOR EACH STATEMENT EXECUTE FUNCTION intake_parts_refuse_finalised()',
                   t || '_finalised_insert', t);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I'
                   ' REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows'
                   ' FOR EACH STATEMENT EXECUTE FUNCTION intake_parts_refuse_finalised()',
                   t || '_finalised_update', t);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows'
                   ' FOR EACH STATEMENT EXECUTE FUNCTION intake_parts_refuse_finalised()',
                   t || '_finalised_delete', t);
  END LOOP;
END
$$;

-- Consent is evidence: it is revoked, never removed, except while the
-- draft intake that records it is being edited.
CREATE FUNCTION consent_refuse_delete() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.intake_id IS NOT NULL AND EXISTS (SELECT FROM intake i
                                             WHERE i.gemeente = OLD.gemeente
                                               AND i.id = OLD.intake_id AND i.status = 'draft') THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'consent % is kept: revoke it instead of deleting it', OLD.id
    USING ERRCODE = 'object_not_in_prerequisite_state';
END
$$;
CREATE TRIGGER consent_kept BEFORE DELETE ON consent
  FOR EACH ROW EXECUTE FUNCTION consent_refuse_delete();

-- What was consented to never changes: only the revocation may be written,
-- once. The one way back is for a replacement (superseded_by) that the
-- draft recording it no longer carries: the store lifts it and replaces
-- again in the same transaction.
CREATE FUNCTION consent_refuse_change() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.gemeente, NEW.id, NEW.household_id, NEW.intake_id, NEW.intake_position,
      NEW.organisatie, NEW.gegevens, NEW.doel, NEW.geldig_tot, NEW.verleend_op,
      NEW.verleend_door, NEW.carried_from, NEW.created_at)
     IS DISTINCT FROM
     (OLD.gemeente, OLD.id, OLD.household_id, OLD.intake_id, OLD.intake_position,
      OLD.organisatie, OLD.gegevens, OLD.doel, OLD.geldig_tot, OLD.verleend_op,
      OLD.verleend_door, OLD.carried_from, OLD.created_at) THEN
    RAISE EXCEPTION 'consent % is kept as given: only its revocation can be recorded', OLD.id
      USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  IF (NEW.ingetrokken_op, NEW.ingetrokken_door, NEW.superseded_by)
     IS NOT DISTINCT FROM (OLD.ingetrokken_op, OLD.ingetrokken_door, OLD.superseded_by) THEN
    RETURN NEW;
  END IF;
  -- Revoked now (and, for a replacement, by which intake) …
  IF OLD.ingetrokken_op IS NULL AND NEW.ingetrokken_op IS NOT NULL THEN
    RETURN NEW;
  END IF;
  -- … or a replacement lifted again, completely.
  IF OLD.superseded_by IS NOT NULL AND NEW.superseded_by IS NULL
     AND NEW.ingetrokken_op IS NULL AND NEW.ingetrokken_door IS NULL THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'consent % was revoked: that cannot be undone or changed', OLD.id
    USING ERRCODE = 'object_not_in_prerequisite_state';
END
$$;
CREATE TRIGGER consent_as_given BEFORE UPDATE ON consent
  FOR EACH ROW EXECUTE FUNCTION consent_refuse_change();

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['contact', 'intake', 'intake_person', 'intake_participant',
                           'intake_assessment', 'intake_health', 'intake_strength', 'intake_need',
                           'intake_safety_signal', 'intake_safety_step', 'consent',
                           'intake_addendum']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (gemeente = current_gemeente())'
                   ' WITH CHECK (gemeente = current_gemeente())', t);
  END LOOP;
END
$$;

GRANT SELECT ON intake_template TO eenplan_app;
GRANT SELECT, INSERT ON contact, intake_addendum TO eenplan_app;
GRANT SELECT, INSERT, UPDATE ON intake TO eenplan_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON consent TO eenplan_app;
GRANT SELECT, INSERT, UPDATE, DELETE
  ON intake_person, intake_participant, intake_assessment, intake_health, intake_strength,
     intake_need, intake_safety_signal, intake_safety_step
  TO eenplan_app;
