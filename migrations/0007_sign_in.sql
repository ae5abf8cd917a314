-- SPDX-License-Identifier: EUPL-1.2
--
-- Signing in (the HTTP API): a password for each user, the partner organisation a partner
-- user works for (the name consents give), which users are demo users, and the sessions.
--
-- A session is found by the SHA-256 of its token, never by the token itself; the token starts
-- with the municipality ("GM0164.…"), so the server can set the tenant before it looks.

ALTER TABLE app_user
  ADD COLUMN password_hash text CHECK (password_hash ~ '^pbkdf2-sha256\$[0-9]+\$'),
  ADD COLUMN partner_organisation text CHECK (partner_organisation <> ''),
  ADD COLUMN demo boolean NOT NULL DEFAULT false,
  ADD COLUMN password_changed_at timestamptz;

-- A partner user works for one partner organisation; no one else does.
UPDATE app_user SET partner_organisation = display_name WHERE role = 'partner';
ALTER TABLE app_user
  ADD CONSTRAINT app_user_partner_organisation
  CHECK ((role = 'partner') = (partner_organisation IS NOT NULL));

CREATE TABLE user_session (
  gemeente     text NOT NULL REFERENCES gemeente (gemeente),
  id           uuid NOT NULL DEFAULT gen_random_uuid(),
  user_id      uuid NOT NULL,
  token_hash   bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  ended_at     timestamptz,
  ended_why    text CHECK (ended_why IN ('sign_out', 'ended_by_user', 'password_changed',
                                         'user_disabled')),
  client       text CHECK (length(client) <= 64),
  user_agent   text CHECK (length(user_agent) <= 256),
  PRIMARY KEY (gemeente, id),
  FOREIGN KEY (gemeente, user_id) REFERENCES app_user (gemeente, id),
  CHECK ((ended_at IS NULL) = (ended_why IS NULL)),
  CHECK (expires_at > created_at)
);
CREATE INDEX user_session_user ON user_session (gemeente, user_id) WHERE ended_at IS NULL;

ALTER TABLE user_session ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON user_session
  USING (gemeente = current_gemeente()) WITH CHECK (gemeente = current_gemeente());

GRANT SELECT, INSERT, UPDATE ON user_session TO eenplan_app;

-- Whether any municipality still has an active demo user with its known password: a server
-- pointed at a configured database refuses to start then. The application role sees one
-- municipality at a time, so it asks the owner through this function (it tells no more).
CREATE FUNCTION demo_users_exist() RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT EXISTS (SELECT FROM app_user WHERE demo AND active) $$;
REVOKE ALL ON FUNCTION demo_users_exist() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION demo_users_exist() TO eenplan_app;
