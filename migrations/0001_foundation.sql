-- SPDX-License-Identifier: EUPL-1.2
--
-- 0001_foundation: tenancy, users, the vindplaats catalogue, households,
-- persons and their membership of a household.
--
-- Rules that hold for every table (ARCHITECTURE.md, "Data rules"):
--  * `gemeente` (CBS code) is part of every primary and foreign key, so a
--    row can only ever point at rows of its own municipality, and the schema
--    can be distributed by gemeente (Citus) later.
--  * Row-level security: the application role sees and writes only rows of
--    the municipality its transaction set with
--    set_config('eenplan.gemeente', …, true). With no tenant set it sees none.
--  * The migrating role owns the tables (and so is not subject to the
--    policies); the application role `eenplan_app` gets only the grants below.

-- The application role must exist before it can be granted anything. A DBA
-- may create it up front (with LOGIN, or as a group role for the real login);
-- the embedded cluster creates it when it is provisioned.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'eenplan_app') THEN
    CREATE ROLE eenplan_app NOLOGIN;
  END IF;
END
$$;

-- Exclusion constraints over (gemeente, person, period) need gist support for
-- plain equality; btree_gist is a trusted extension.
CREATE EXTENSION IF NOT EXISTS btree_gist;

GRANT USAGE ON SCHEMA public TO eenplan_app;

-- The tenant of the current transaction, '' when none was set.
CREATE FUNCTION current_gemeente() RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT coalesce(current_setting('eenplan.gemeente', true), '') $$;

-- Municipalities (CBS gemeentecode, e.g. GM0164 Hengelo).
CREATE TABLE gemeente (
  gemeente   text PRIMARY KEY CHECK (gemeente ~ '^GM[0-9]{4}$'),
  naam       text NOT NULL CHECK (naam <> ''),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- People who use eenplan, each working for one municipality in one role.
CREATE TABLE app_user (
  gemeente     text NOT NULL REFERENCES gemeente (gemeente),
  id           uuid NOT NULL DEFAULT gen_random_uuid(),
  username     text NOT NULL CHECK (username ~ '^[a-z0-9._-]{2,64}$'),
  display_name text NOT NULL CHECK (display_name <> ''),
  role         text NOT NULL
               CHECK (role IN ('casemanager', 'regisseur', 'supervisor', 'partner', 'admin')),
  active       boolean NOT NULL DEFAULT true,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (gemeente, id),
  UNIQUE (gemeente, username)
);

-- Places where residents ask for help (GP practice, school, wijkteam, …).
CREATE TABLE vindplaats (
  gemeente   text NOT NULL REFERENCES gemeente (gemeente),
  id         uuid NOT NULL DEFAULT gen_random_uuid(),
  type       text NOT NULL
             CHECK (type IN ('huisarts', 'school', 'wijkteam', 'zorgloket', 'jgz', 'werkplein',
                             'bibliotheek', 'sportvereniging', 'woningcorporatie', 'politie',
                             'veilig_thuis', 'schuldhulp', 'telefoon', 'webformulier', 'overig')),
  naam       text NOT NULL CHECK (naam <> ''),
  wijk       text,
  active     boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (gemeente, id),
  UNIQUE (gemeente, naam)
);

-- A household at an address (postcode + huisnummer), in a wijk.
CREATE TABLE household (
  gemeente              text NOT NULL REFERENCES gemeente (gemeente),
  id                    uuid NOT NULL DEFAULT gen_random_uuid(),
  postcode              text NOT NULL CHECK (postcode ~ '^[1-9][0-9]{3}[A-Z]{2}$'),
  huisnummer            integer NOT NULL CHECK (huisnummer BETWEEN 1 AND 99999),
  huisnummer_toevoeging text CHECK (huisnummer_toevoeging ~ '^[A-Za-z0-9]{1,4}$'),
  wijk                  text,
  created_at            timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (gemeente, id)
);
CREATE INDEX household_address ON household (gemeente, postcode, huisnummer);

-- A person. The BSN itself is never stored: only its HMAC pseudonym, which
-- finds the person again without revealing the number.
CREATE TABLE person (
  gemeente      text NOT NULL REFERENCES gemeente (gemeente),
  id            uuid NOT NULL DEFAULT gen_random_uuid(),
  bsn_pseudonym text CHECK (bsn_pseudonym ~ '^[0-9a-f]{64}$'),
  voornamen     text,
  tussenvoegsel text,
  achternaam    text NOT NULL CHECK (achternaam <> ''),
  geboortedatum date,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (gemeente, id),
  UNIQUE (gemeente, bsn_pseudonym)
);

-- Membership of a person in a household, with role and period. History is
-- kept (rows are closed with valid_to, not deleted); a person is in at most
-- one household at any time.
CREATE TABLE household_member (
  gemeente     text NOT NULL REFERENCES gemeente (gemeente),
  id           uuid NOT NULL DEFAULT gen_random_uuid(),
  household_id uuid NOT NULL,
  person_id    uuid NOT NULL,
  role         text NOT NULL CHECK (role IN ('ouder_verzorger', 'kind', 'partner', 'overig')),
  valid_from   date NOT NULL,
  valid_to     date,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (gemeente, id),
  FOREIGN KEY (gemeente, household_id) REFERENCES household (gemeente, id),
  FOREIGN KEY (gemeente, person_id) REFERENCES person (gemeente, id),
  CHECK (valid_to IS NULL OR valid_to > valid_from),
  CONSTRAINT household_member_one_household_at_a_time
    EXCLUDE USING gist (gemeente WITH =, person_id WITH =,
                        daterange(valid_from, valid_to, '[)') WITH &&)
);
CREATE INDEX household_member_household ON household_member (gemeente, household_id);

-- Tenant isolation on every table.
ALTER TABLE gemeente ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON gemeente
  USING (gemeente = current_gemeente()) WITH CHECK (gemeente = current_gemeente());

ALTER TABLE app_user ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON app_user
  USING (gemeente = current_gemeente()) WITH CHECK (gemeente = current_gemeente());

ALTER TABLE vindplaats ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON vindplaats
  USING (gemeente = current_gemeente()) WITH CHECK (gemeente = current_gemeente());

ALTER TABLE household ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON household
  USING (gemeente = current_gemeente()) WITH CHECK (gemeente = current_gemeente());

ALTER TABLE person ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON person
  USING (gemeente = current_gemeente()) WITH CHECK (gemeente = current_gemeente());

ALTER TABLE household_member ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON household_member
  USING (gemeente = current_gemeente()) WITH CHECK (gemeente = current_gemeente());

-- What the application may do. Municipalities are set up by the owner (a
-- migration or `eenplan demo`), not by the server.
GRANT SELECT ON gemeente TO eenplan_app;
GRANT SELECT, INSERT, UPDATE ON app_user, vindplaats TO eenplan_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON household, person, household_member TO eenplan_app;
GRANT EXECUTE ON FUNCTION current_gemeente() TO eenplan_app;
