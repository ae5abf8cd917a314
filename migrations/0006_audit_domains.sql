-- SPDX-License-Identifier: EUPL-1.2
--
-- 0006_audit_domains: the rules an audit event's and an access log row's
-- fields obey move from table CHECK constraints into domains. The rules are
-- the same; what changes is what PostgreSQL does per INSERT.
--
-- PostgreSQL 15 reads a table's CHECK constraints back from their stored
-- text (stringToNode), plans and compiles them anew at every execution of
-- an INSERT, even of a prepared one; a domain's constraints are read and
-- planned once per connection (the type cache). Every change writes an
-- audit event and every read of client data an access log row, so on the
-- write path this was the largest single cost of the audit trail: counted
-- with bench/server-instructions.sh, an event added 393,000 instructions to a
-- one-row change with the rules as CHECK constraints and 265,000 with them as
-- domains (docs/audit.md, "Figures").
--
-- A bounded repeat in a regular expression ({2,64}) makes PostgreSQL's
-- regex engine about nine times slower than an unbounded one, so the name rules
-- say "two or more of [a-z_]" and bound the length apart. The same names
-- are accepted and refused as before.
--
-- Changing a column to a domain with constraints rewrites the table once;
-- the tenant policies name the gemeente column, so they are dropped and
-- made again around the change, unchanged.

CREATE DOMAIN gemeente_code AS text
  CHECK (VALUE ~ '^GM[0-9]{4}$');
CREATE DOMAIN audit_action AS text
  CHECK (VALUE ~ '^[a-z_]{2,}$' AND length(VALUE) <= 32);
CREATE DOMAIN audit_entity_type AS text
  CHECK (VALUE ~ '^[a-z_]{2,}$' AND length(VALUE) <= 64);
CREATE DOMAIN audit_purpose AS text
  CHECK (VALUE <> '');
CREATE DOMAIN audit_outcome AS text
  CHECK (VALUE IN ('success', 'denied', 'failure'));
CREATE DOMAIN access_action AS text
  CHECK (VALUE IN ('read', 'search', 'export', 'print'));

DROP POLICY tenant_isolation ON audit_event;
ALTER TABLE audit_event
  DROP CONSTRAINT audit_event_gemeente_check,
  DROP CONSTRAINT audit_event_action_check,
  DROP CONSTRAINT audit_event_entity_type_check,
  DROP CONSTRAINT audit_event_purpose_check,
  DROP CONSTRAINT audit_event_outcome_check,
  ALTER COLUMN gemeente TYPE gemeente_code,
  ALTER COLUMN action TYPE audit_action,
  ALTER COLUMN entity_type TYPE audit_entity_type,
  ALTER COLUMN purpose TYPE audit_purpose,
  ALTER COLUMN outcome TYPE audit_outcome;
CREATE POLICY tenant_isolation ON audit_event
  USING (gemeente = current_gemeente()) WITH CHECK (gemeente = current_gemeente());

DROP POLICY tenant_isolation ON access_log;
ALTER TABLE access_log
  DROP CONSTRAINT access_log_gemeente_check,
  DROP CONSTRAINT access_log_action_check,
  DROP CONSTRAINT access_log_entity_type_check,
  DROP CONSTRAINT access_log_purpose_check,
  DROP CONSTRAINT access_log_outcome_check,
  ALTER COLUMN gemeente TYPE gemeente_code,
  ALTER COLUMN action TYPE access_action,
  ALTER COLUMN entity_type TYPE audit_entity_type,
  ALTER COLUMN purpose TYPE audit_purpose,
  ALTER COLUMN outcome TYPE audit_outcome;
CREATE POLICY tenant_isolation ON access_log
  USING (gemeente = current_gemeente()) WITH CHECK (gemeente = current_gemeente());

GRANT USAGE ON DOMAIN gemeente_code, audit_action, audit_entity_type, audit_purpose,
  audit_outcome, access_action TO eenplan_app;
