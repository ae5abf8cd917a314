/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-rls.c: row-level security of the foundation schema, as the application
 * role eenplan_app through ep_db_run_tx() and ep_db_pool_run_tx().
 *
 * Each test inserts, as the owner, one row in every tenant table for GM0164
 * and for GM0153 (rows of its own, named by a fresh marker), then checks what
 * a transaction for one municipality, or for none, can read and write. What
 * the application tried to change is checked afterwards as the owner, who is
 * not subject to the policies.
 */
#include "db-suites.h"

#include "ep-db-pool.h"

#include <string.h>

/* ---- the tenant tables ------------------------------------------------------------------- */

enum
{
  T_GEMEENTE,
  T_APP_USER,
  T_VINDPLAATS,
  T_HOUSEHOLD,
  T_PERSON,
  T_HOUSEHOLD_MEMBER,
  N_TABLES
};

#define TENANT_TABLE(table, key_condition)                                                         \
  {                                                                                                \
    table, "SELECT count(*) FROM " table " WHERE " key_condition,                                  \
      "SELECT count(*) FROM " table " WHERE gemeente = $1",                                        \
      "SELECT count(*) FROM " table " WHERE gemeente <> current_gemeente()",                       \
      "SELECT count(*) FROM " table                                                                \
  }

static const struct
{
  const gchar *table;
  const gchar *by_key;      /* $1: the key of one row (TenantRows.keys) */
  const gchar *in_gemeente; /* $1: a CBS code */
  const gchar *not_current; /* rows of another municipality than the transaction's */
  const gchar *all;
} tenant_tables[N_TABLES] = {
  /* One table per line. */
  /* clang-format off */
  TENANT_TABLE ("gemeente", "gemeente = $1"),
  TENANT_TABLE ("app_user", "id = $1::uuid"),
  TENANT_TABLE ("vindplaats", "id = $1::uuid"),
  TENANT_TABLE ("household", "id = $1::uuid"),
  TENANT_TABLE ("person", "id = $1::uuid"),
  TENANT_TABLE ("household_member", "id = $1::uuid"),
  /* clang-format on */
};

/* One row per tenant table of one municipality: keys[T_GEMEENTE] is the CBS
 * code, the others are the rows' ids. */
typedef struct
{
  gchar *marker;
  gchar *keys[N_TABLES];
} TenantRows;

static void
tenant_rows_clear (TenantRows *rows)
{
  g_clear_pointer (&rows->marker, g_free);
  for (int t = 0; t < N_TABLES; t++)
    g_clear_pointer (&rows->keys[t], g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TenantRows, tenant_rows_clear)

/* Inserts, as @owner, a user, a vindplaats, a household, a person and their
 * membership for @gemeente. */
static void
tenant_rows_insert (PGconn *owner, const gchar *gemeente, TenantRows *rows)
{
  g_autoptr (GError) error = NULL;

  rows->marker = ep_test_marker ();
  g_autoptr (EpDbParams) params = ep_test_params (gemeente, rows->marker, NULL);
  g_autoptr (PGresult) res = ep_db_exec (
    owner,
    "WITH u AS (INSERT INTO app_user (gemeente, username, display_name, role)"
    "           VALUES ($1, $2, 'Test Gebruiker', 'casemanager') RETURNING id),"
    "     v AS (INSERT INTO vindplaats (gemeente, type, naam)"
    "           VALUES ($1, 'school', $2) RETURNING id),"
    "     h AS (INSERT INTO household (gemeente, postcode, huisnummer, wijk)"
    "           VALUES ($1, '7550AA', 1, $2) RETURNING id),"
    "     p AS (INSERT INTO person (gemeente, achternaam)"
    "           VALUES ($1, $2) RETURNING id),"
    "     m AS (INSERT INTO household_member (gemeente, household_id, person_id, role, valid_from)"
    "           SELECT $1::text, h.id, p.id, 'kind', date '2020-01-01' FROM h, p RETURNING id)"
    " SELECT u.id AS app_user, v.id AS vindplaats, h.id AS household, p.id AS person,"
    "        m.id AS household_member"
    "   FROM u, v, h, p, m",
    params, PGRES_TUPLES_OK, "insert tenant rows", &error);

  ck_assert_msg (res != NULL, "cannot insert tenant rows: %s", error ? error->message : "");
  ck_assert_int_eq (PQntuples (res), 1);
  rows->keys[T_GEMEENTE] = g_strdup (gemeente);
  for (int t = T_APP_USER; t < N_TABLES; t++)
    rows->keys[t] = g_strdup (ep_db_get_text (res, 0, tenant_tables[t].table));
}

/* Runs a count query with one text parameter inside a transaction body. */
static gboolean
count_rows (PGconn *conn, const gchar *sql, const gchar *param, gint64 *out, GError **error)
{
  g_autoptr (EpDbParams) params = param != NULL ? ep_test_params (param, NULL) : NULL;
  g_autoptr (PGresult) res = ep_db_exec (conn, sql, params, PGRES_TUPLES_OK, "count", error);

  if (res == NULL)
    return FALSE;
  *out = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
  return TRUE;
}

static gint64
owner_count (PGconn *owner, const gchar *sql, const gchar *param)
{
  g_autoptr (EpDbParams) params = param != NULL ? ep_test_params (param, NULL) : NULL;
  return ep_test_query_int (owner, sql, params);
}

/* ---- reading ----------------------------------------------------------------------------- */

typedef struct
{
  const TenantRows *mine;
  const TenantRows *theirs;
  gint64 own_row[N_TABLES];     /* my row, by key */
  gint64 their_row[N_TABLES];   /* their row, by key */
  gint64 their_named[N_TABLES]; /* WHERE gemeente = their code */
  gint64 not_current[N_TABLES]; /* WHERE gemeente <> current_gemeente() */
  gint64 all[N_TABLES];
} VisibilityJob;

static gboolean
read_visibility (PGconn *conn, gpointer data, GError **error)
{
  VisibilityJob *job = data;

  for (int t = 0; t < N_TABLES; t++)
    {
      if ((job->mine != NULL
           && !count_rows (conn, tenant_tables[t].by_key, job->mine->keys[t], &job->own_row[t],
                           error))
          || !count_rows (conn, tenant_tables[t].by_key, job->theirs->keys[t], &job->their_row[t],
                          error)
          || !count_rows (conn, tenant_tables[t].in_gemeente, job->theirs->keys[T_GEMEENTE],
                          &job->their_named[t], error)
          || !count_rows (conn, tenant_tables[t].not_current, NULL, &job->not_current[t], error)
          || !count_rows (conn, tenant_tables[t].all, NULL, &job->all[t], error))
        return FALSE;
    }
  return TRUE;
}

static void
assert_sees_only_own (const VisibilityJob *job)
{
  for (int t = 0; t < N_TABLES; t++)
    {
      const gchar *table = tenant_tables[t].table;
      ck_assert_msg (job->own_row[t] == 1, "%s: own row seen %" G_GINT64_FORMAT " times", table,
                     job->own_row[t]);
      ck_assert_msg (job->their_row[t] == 0, "%s: the other municipality's row is visible", table);
      ck_assert_msg (job->their_named[t] == 0,
                     "%s: WHERE gemeente = '%s' returns %" G_GINT64_FORMAT " rows", table,
                     job->theirs->keys[T_GEMEENTE], job->their_named[t]);
      ck_assert_msg (job->not_current[t] == 0,
                     "%s: %" G_GINT64_FORMAT " rows of other municipalities visible", table,
                     job->not_current[t]);
    }
  /* The only municipality a tenant sees is itself. */
  ck_assert_int_eq (job->all[T_GEMEENTE], 1);
}

START_TEST (test_tenant_reads_only_own_rows)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_auto (TenantRows) mine = { 0 };
  g_auto (TenantRows) theirs = { 0 };
  g_autoptr (GError) error = NULL;

  tenant_rows_insert (owner, EP_TEST_GM_A, &mine);
  tenant_rows_insert (owner, EP_TEST_GM_B, &theirs);
  /* The rows that must stay invisible are there. */
  for (int t = 0; t < N_TABLES; t++)
    ck_assert_int_eq (owner_count (owner, tenant_tables[t].by_key, theirs.keys[t]), 1);

  VisibilityJob job = { .mine = &mine, .theirs = &theirs };
  EpDbTxContext ctx = { .gemeente = EP_TEST_GM_A, .actor_role = "casemanager" };
  EP_ASSERT_NO_ERROR (ep_db_run_tx (app, &ctx, read_visibility, &job, NULL, &error), error);
  assert_sees_only_own (&job);
}
END_TEST

START_TEST (test_tenant_reads_only_own_rows_pool)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (EpDbPool) pool = ep_db_pool_new (ep_test_cluster->app_conninfo, 1);
  g_auto (TenantRows) mine = { 0 };
  g_auto (TenantRows) theirs = { 0 };
  g_autoptr (GError) error = NULL;

  /* The other way round: GM0153 must not see GM0164. */
  tenant_rows_insert (owner, EP_TEST_GM_B, &mine);
  tenant_rows_insert (owner, EP_TEST_GM_A, &theirs);

  VisibilityJob job = { .mine = &mine, .theirs = &theirs };
  EpDbTxContext ctx = { .gemeente = EP_TEST_GM_B, .isolation = EP_DB_REPEATABLE_READ };
  EP_ASSERT_NO_ERROR (ep_db_pool_run_tx (pool, &ctx, read_visibility, &job, &error), error);
  assert_sees_only_own (&job);
}
END_TEST

START_TEST (test_no_tenant_sees_nothing)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_auto (TenantRows) a = { 0 };
  g_auto (TenantRows) b = { 0 };
  g_autoptr (GError) error = NULL;

  tenant_rows_insert (owner, EP_TEST_GM_A, &a);
  tenant_rows_insert (owner, EP_TEST_GM_B, &b);

  VisibilityJob job = { .theirs = &b };
  EpDbTxContext ctx = { .gemeente = NULL };
  EP_ASSERT_NO_ERROR (ep_db_run_tx (app, &ctx, read_visibility, &job, NULL, &error), error);
  for (int t = 0; t < N_TABLES; t++)
    {
      ck_assert_msg (owner_count (owner, tenant_tables[t].all, NULL) >= 2, "%s: fixture missing",
                     tenant_tables[t].table);
      ck_assert_msg (job.all[t] == 0,
                     "%s: a transaction without tenant sees %" G_GINT64_FORMAT " rows",
                     tenant_tables[t].table, job.all[t]);
      ck_assert_int_eq (job.their_row[t], 0);
    }
}
END_TEST

/* ---- writing ----------------------------------------------------------------------------- */

/* One statement in a transaction; how many rows it touched. */
typedef struct
{
  const gchar *sql;
  const EpDbParams *params;
  ExecStatusType expected;
  gint64 affected;
} StatementJob;

static gboolean
run_statement (PGconn *conn, gpointer data, GError **error)
{
  StatementJob *job = data;
  g_autoptr (PGresult) res
    = ep_db_exec (conn, job->sql, job->params, job->expected ? job->expected : PGRES_COMMAND_OK,
                  "test statement", error);

  job->affected = -1;
  if (res == NULL)
    return FALSE;
  job->affected = g_ascii_strtoll (PQcmdTuples (res), NULL, 10);
  return TRUE;
}

/* Inserts that would be valid for GM0153 as the owner; as a GM0164
 * transaction each must be refused by the WITH CHECK policy. */
static const struct
{
  const gchar *table;
  gboolean member; /* params: gemeente, household id, person id; else gemeente, marker */
  const gchar *insert;
  const gchar *count; /* as owner: rows the insert would have added; $1 marker or household id */
  gint64 count_before;
} foreign_inserts[] = {
  { "app_user", FALSE,
    "INSERT INTO app_user (gemeente, username, display_name, role)"
    " VALUES ($1, $2, 'Indringer', 'admin')",
    "SELECT count(*) FROM app_user WHERE username = $1", 0 },
  { "vindplaats", FALSE,
    "INSERT INTO vindplaats (gemeente, type, naam) VALUES ($1, 'huisarts', $2)",
    "SELECT count(*) FROM vindplaats WHERE naam = $1", 0 },
  { "household", FALSE,
    "INSERT INTO household (gemeente, postcode, huisnummer, wijk) VALUES ($1, '7511AA', 2, $2)",
    "SELECT count(*) FROM household WHERE wijk = $1", 0 },
  { "person", FALSE, "INSERT INTO person (gemeente, achternaam) VALUES ($1, $2)",
    "SELECT count(*) FROM person WHERE achternaam = $1", 0 },
  { "household_member", TRUE,
    "INSERT INTO household_member"
    " (gemeente, household_id, person_id, role, valid_from, valid_to)"
    " VALUES ($1, $2::uuid, $3::uuid, 'partner', date '2010-01-01', date '2015-01-01')",
    "SELECT count(*) FROM household_member WHERE household_id = $1::uuid", 1 },
};

START_TEST (test_cannot_insert_other_tenant)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_auto (TenantRows) theirs = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree gchar *marker = ep_test_marker ();

  tenant_rows_insert (owner, EP_TEST_GM_B, &theirs);

  g_autoptr (EpDbParams) params
    = foreign_inserts[_i].member
        ? ep_test_params (EP_TEST_GM_B, theirs.keys[T_HOUSEHOLD], theirs.keys[T_PERSON], NULL)
        : ep_test_params (EP_TEST_GM_B, marker, NULL);
  const gchar *count_key = foreign_inserts[_i].member ? theirs.keys[T_HOUSEHOLD] : marker;
  StatementJob job = { .sql = foreign_inserts[_i].insert, .params = params };
  EpDbTxContext ctx = { .gemeente = EP_TEST_GM_A };

  ck_assert (!ep_db_run_tx (app, &ctx, run_statement, &job, NULL, &error));
  EP_ASSERT_DB_ERROR (error, EP_DB_ERROR_PERMISSION_DENIED);
  ck_assert_msg (strstr (error->message, "row-level security") != NULL, "%s: %s",
                 foreign_inserts[_i].table, error->message);
  ck_assert_int_eq (owner_count (owner, foreign_inserts[_i].count, count_key),
                    foreign_inserts[_i].count_before);

  /* The same insert for the transaction's own municipality is accepted,
   * so the refusal above was the policy's. */
  g_clear_error (&error);
  EpDbTxContext own = { .gemeente = EP_TEST_GM_B };
  EP_ASSERT_NO_ERROR (ep_db_run_tx (app, &own, run_statement, &job, NULL, &error), error);
  ck_assert_int_eq (job.affected, 1);
  ck_assert_int_eq (owner_count (owner, foreign_inserts[_i].count, count_key),
                    foreign_inserts[_i].count_before + 1);
}
END_TEST

static const struct
{
  const gchar *table;
  const gchar *change;  /* $1: the row's id */
  const gchar *changed; /* as owner: 1 if the row with id $1 was changed */
  int key;
} foreign_updates[] = {
  { "app_user", "UPDATE app_user SET display_name = 'Gewijzigd' WHERE id = $1::uuid",
    "SELECT count(*) FROM app_user WHERE id = $1::uuid AND display_name = 'Gewijzigd'",
    T_APP_USER },
  { "vindplaats", "UPDATE vindplaats SET wijk = 'gewijzigd' WHERE id = $1::uuid",
    "SELECT count(*) FROM vindplaats WHERE id = $1::uuid AND wijk = 'gewijzigd'", T_VINDPLAATS },
  { "household", "UPDATE household SET huisnummer = 99 WHERE id = $1::uuid",
    "SELECT count(*) FROM household WHERE id = $1::uuid AND huisnummer = 99", T_HOUSEHOLD },
  { "person", "UPDATE person SET voornamen = 'Gewijzigd' WHERE id = $1::uuid",
    "SELECT count(*) FROM person WHERE id = $1::uuid AND voornamen = 'Gewijzigd'", T_PERSON },
  { "household_member", "UPDATE household_member SET role = 'overig' WHERE id = $1::uuid",
    "SELECT count(*) FROM household_member WHERE id = $1::uuid AND role = 'overig'",
    T_HOUSEHOLD_MEMBER },
  { "household_member (delete)", "DELETE FROM household_member WHERE id = $1::uuid",
    "SELECT 1 - count(*) FROM household_member WHERE id = $1::uuid", T_HOUSEHOLD_MEMBER },
};

START_TEST (test_cannot_update_other_tenant)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (EpDbPool) pool = ep_db_pool_new (ep_test_cluster->app_conninfo, 1);
  g_auto (TenantRows) mine = { 0 };
  g_auto (TenantRows) theirs = { 0 };
  g_autoptr (GError) error = NULL;
  int key = foreign_updates[_i].key;

  tenant_rows_insert (owner, EP_TEST_GM_A, &mine);
  tenant_rows_insert (owner, EP_TEST_GM_B, &theirs);

  EpDbTxContext ctx = { .gemeente = EP_TEST_GM_A };
  g_autoptr (EpDbParams) their_id = ep_test_params (theirs.keys[key], NULL);
  StatementJob job = { .sql = foreign_updates[_i].change, .params = their_id };
  EP_ASSERT_NO_ERROR (ep_db_pool_run_tx (pool, &ctx, run_statement, &job, &error), error);
  ck_assert_msg (job.affected == 0, "%s: %" G_GINT64_FORMAT " rows of GM0153 changed from GM0164",
                 foreign_updates[_i].table, job.affected);
  ck_assert_int_eq (owner_count (owner, foreign_updates[_i].changed, theirs.keys[key]), 0);

  /* The statement itself works on the tenant's own row. */
  g_autoptr (EpDbParams) my_id = ep_test_params (mine.keys[key], NULL);
  StatementJob own = { .sql = foreign_updates[_i].change, .params = my_id };
  EP_ASSERT_NO_ERROR (ep_db_pool_run_tx (pool, &ctx, run_statement, &own, &error), error);
  ck_assert_int_eq (own.affected, 1);
  ck_assert_int_eq (owner_count (owner, foreign_updates[_i].changed, mine.keys[key]), 1);
}
END_TEST

START_TEST (test_cannot_move_row_to_other_tenant)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_auto (TenantRows) mine = { 0 };
  g_autoptr (GError) error = NULL;

  tenant_rows_insert (owner, EP_TEST_GM_A, &mine);

  g_autoptr (EpDbParams) params = ep_test_params (mine.keys[T_VINDPLAATS], EP_TEST_GM_B, NULL);
  StatementJob job
    = { .sql = "UPDATE vindplaats SET gemeente = $2 WHERE id = $1::uuid", .params = params };
  EpDbTxContext ctx = { .gemeente = EP_TEST_GM_A };
  ck_assert (!ep_db_run_tx (app, &ctx, run_statement, &job, NULL, &error));
  EP_ASSERT_DB_ERROR (error, EP_DB_ERROR_PERMISSION_DENIED);

  g_autoptr (EpDbParams) id = ep_test_params (mine.keys[T_VINDPLAATS], NULL);
  g_autofree gchar *gemeente
    = ep_test_query_value (owner, "SELECT gemeente FROM vindplaats WHERE id = $1::uuid", id);
  ck_assert_str_eq (gemeente, EP_TEST_GM_A);
}
END_TEST

/* What the application role may not do at all, tenant or not. */
static const struct
{
  const gchar *sql;
  ExecStatusType expected;
} forbidden[] = {
  { "INSERT INTO gemeente (gemeente, naam) VALUES ('GM0999', 'Nergenshuizen')", PGRES_COMMAND_OK },
  { "INSERT INTO gemeente (gemeente, naam) VALUES ('GM0164', 'Hengelo') ON CONFLICT DO NOTHING",
    PGRES_COMMAND_OK },
  { "UPDATE gemeente SET naam = 'Overgenomen' WHERE gemeente = 'GM0164'", PGRES_COMMAND_OK },
  { "DELETE FROM gemeente WHERE gemeente = 'GM0164'", PGRES_COMMAND_OK },
  { "SELECT version, checksum FROM schema_migrations", PGRES_TUPLES_OK },
  { "DELETE FROM schema_migrations", PGRES_COMMAND_OK },
  { "DELETE FROM app_user WHERE gemeente = 'GM0164'", PGRES_COMMAND_OK },
};

START_TEST (test_app_role_forbidden)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *before = ep_test_query_value (owner,
                                                  "SELECT string_agg(gemeente || naam, ','"
                                                  "                  ORDER BY gemeente)"
                                                  "  FROM gemeente",
                                                  NULL);
  gint64 users_before = owner_count (owner, "SELECT count(*) FROM app_user", NULL);
  gint64 migrations_before = owner_count (owner, "SELECT count(*) FROM schema_migrations", NULL);

  StatementJob job = { .sql = forbidden[_i].sql, .expected = forbidden[_i].expected };
  EpDbTxContext ctx = { .gemeente = EP_TEST_GM_A, .actor_role = "admin" };
  ck_assert (!ep_db_run_tx (app, &ctx, run_statement, &job, NULL, &error));
  EP_ASSERT_DB_ERROR (error, EP_DB_ERROR_PERMISSION_DENIED);
  ck_assert_ptr_nonnull (strstr (error->message, "permission denied"));

  g_autofree gchar *after = ep_test_query_value (owner,
                                                 "SELECT string_agg(gemeente || naam, ','"
                                                 "                  ORDER BY gemeente)"
                                                 "  FROM gemeente",
                                                 NULL);
  ck_assert_str_eq (after, before);
  ck_assert_int_eq (owner_count (owner, "SELECT count(*) FROM app_user", NULL), users_before);
  ck_assert_int_eq (owner_count (owner, "SELECT count(*) FROM schema_migrations", NULL),
                    migrations_before);
}
END_TEST

/* Every table that holds a municipality's rows (a gemeente column) is under row-level security
 * with the tenant policy, the tables of later migrations (shields, emergency accesses) included:
 * a new table cannot be added without it unnoticed. */
START_TEST (test_every_tenant_table_has_policy)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autofree gchar *missing = ep_test_query_value (
    owner,
    "SELECT coalesce (string_agg (c.relname, ', ' ORDER BY c.relname), '')"
    "  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
    "  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'gemeente' AND NOT a.attisdropped"
    " WHERE n.nspname = 'public' AND c.relkind = 'r'"
    "   AND (NOT c.relrowsecurity"
    "        OR NOT EXISTS (SELECT FROM pg_policy p WHERE p.polrelid = c.oid"
    "                         AND p.polname = 'tenant_isolation'))",
    NULL);
  ck_assert_msg (*missing == '\0', "tables without the tenant policy: %s", missing);
  g_autofree gchar *shielded = ep_test_query_value (
    owner,
    "SELECT string_agg (relname, ', ' ORDER BY relname) FROM pg_class"
    " WHERE relname IN ('household_shield', 'household_shield_user', 'emergency_access')"
    "   AND relrowsecurity",
    NULL);
  ck_assert_str_eq (shielded, "emergency_access, household_shield, household_shield_user");
}
END_TEST

Suite *
ep_test_rls_suite (void)
{
  Suite *suite = suite_create ("rls");
  TCase *read = tcase_create ("read");
  TCase *write = tcase_create ("write");

  tcase_set_timeout (read, 30);
  tcase_add_test (read, test_tenant_reads_only_own_rows);
  tcase_add_test (read, test_tenant_reads_only_own_rows_pool);
  tcase_add_test (read, test_no_tenant_sees_nothing);
  tcase_add_test (read, test_every_tenant_table_has_policy);
  suite_add_tcase (suite, read);

  tcase_set_timeout (write, 30);
  tcase_add_loop_test (write, test_cannot_insert_other_tenant, 0, G_N_ELEMENTS (foreign_inserts));
  tcase_add_loop_test (write, test_cannot_update_other_tenant, 0, G_N_ELEMENTS (foreign_updates));
  tcase_add_test (write, test_cannot_move_row_to_other_tenant);
  tcase_add_loop_test (write, test_app_role_forbidden, 0, G_N_ELEMENTS (forbidden));
  suite_add_tcase (suite, write);
  return suite;
}
