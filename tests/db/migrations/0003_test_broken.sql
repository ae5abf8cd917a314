-- SPDX-License-Identifier: EUPL-1.2
--
-- 0003_test_broken: a migration that fails on purpose, only in the test
-- resource of tests/db. It creates a table first, so the test can check that
-- the failed migration was rolled back as a whole.
CREATE TABLE test_three (id integer PRIMARY KEY);
DO $$
BEGIN
  RAISE EXCEPTION 'test migration 0003 fails on purpose';
END
$$;
