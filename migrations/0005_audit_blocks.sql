-- SPDX-License-Identifier: EUPL-1.2
--
-- 0005_audit_blocks: the sealed chain packed into blocks, so that verifying
-- it costs hashing rather than one database row per event.
--
--  audit_block  per municipality: a run of consecutive seqs first_seq …
--               last_seq, with the hash before it (prev_hash), every event's
--               canonical bytes (records) and every event's hash (hashes);
--               written by the sealer once a block's worth of events is
--               sealed, never changed
--
-- The hash chain itself is unchanged (docs/audit.md): a block holds the same
-- canonical bytes and hashes as the chain rows and events it packs, and the
-- sealer checks them before it packs them. `eenplan audit verify` reads the
-- blocks, and the chain rows only after the last block; `--deep` also
-- compares every event row and chain row with its block.
--
-- records: for each event in seq order, its length as 4 bytes big-endian,
--          then its canonical bytes
-- hashes:  for each event in seq order, its 32-byte hash

CREATE TABLE audit_block (
  gemeente  text NOT NULL,
  first_seq bigint NOT NULL CHECK (first_seq >= 1),
  last_seq  bigint NOT NULL,
  prev_hash bytea NOT NULL CHECK (length(prev_hash) = 32),
  hashes    bytea NOT NULL,
  records   bytea NOT NULL,
  sealed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (gemeente, first_seq),
  CHECK (last_seq >= first_seq),
  CHECK (length(hashes) = 32 * (last_seq - first_seq + 1))
);
-- Hashes and canonical bytes do not compress; stored as they are, verify
-- reads them without decompressing and --deep can slice single hashes.
ALTER TABLE audit_block ALTER COLUMN hashes SET STORAGE EXTERNAL;
ALTER TABLE audit_block ALTER COLUMN records SET STORAGE EXTERNAL;

CREATE TRIGGER audit_block_append_only BEFORE UPDATE OR DELETE ON audit_block
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_block_no_truncate BEFORE TRUNCATE ON audit_block
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

ALTER TABLE audit_block ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_block
  USING (gemeente = current_gemeente()) WITH CHECK (gemeente = current_gemeente());

GRANT SELECT, INSERT ON audit_block TO eenplan_app;
