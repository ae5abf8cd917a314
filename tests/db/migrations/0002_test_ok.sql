-- SPDX-License-Identifier: EUPL-1.2
--
-- 0002_test_ok: a harmless second migration, only in the test resource of
-- tests/db (test-migrations.gresource.xml). It lets the migration tests see a
-- run that applies some files and stops at a failing one.
CREATE TABLE test_two (id integer PRIMARY KEY);
