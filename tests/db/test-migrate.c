/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-migrate.c: db/ep-migrate against real, empty databases.
 *
 * Each test creates a database of its own in the test cluster (as the
 * superuser, owned by eenplan_owner), runs the migrations there as the owner
 * and drops the database at the end. Besides the real migrations resource the
 * tests use a small one of their own (test-migrations.gresource.xml: the real
 * 0001 plus a good 0002 and a failing 0003) to see a partial run and a refusal
 * that must leave pending migrations unapplied.
 */
#include "db-suites.h"

#include "ep-cluster.h"
#include "ep-crypto.h"
#include "ep-migrate.h"
#include "ep-migrations-resource.h"
#include "test-migrations-resource.h"

#include <string.h>

#define MIGRATIONS_PATH "/org/eenplan/migrations/"
#define TEST_MIGRATIONS_PATH "/org/eenplan/test-migrations/"

/* The advisory lock key of the runner; mirrors MIGRATE_LOCK_KEY in db/ep-migrate.c. */
#define MIGRATE_LOCK_KEY "7213405960176881"

/* The tables of 0001_foundation.sql. */
static const gchar *const foundation_tables[]
  = { "gemeente", "app_user", "vindplaats", "household", "person", "household_member" };

/* ---- helpers ----------------------------------------------------------------------------- */

/* Creates an empty database owned by eenplan_owner; returns its name. */
static gchar *
scratch_db_create (void)
{
  g_autofree gchar *marker = ep_test_marker ();
  gchar *name = g_strconcat ("mig_", marker, NULL);
  g_autoptr (PGconn) super = ep_test_db_super (ep_test_cluster);
  /* CREATE DATABASE takes no parameters: quote the (test-made) name properly. */
  char *ident = PQescapeIdentifier (super, name, strlen (name));
  g_autofree gchar *sql
    = g_strdup_printf ("CREATE DATABASE %s OWNER " EP_CLUSTER_OWNER_ROLE, ident);

  PQfreemem (ident);
  ep_test_db_exec (super, sql);
  return name;
}

static void
scratch_db_drop (const gchar *name)
{
  g_autoptr (PGconn) super = ep_test_db_super (ep_test_cluster);
  char *ident = PQescapeIdentifier (super, name, strlen (name));
  g_autofree gchar *sql = g_strdup_printf ("DROP DATABASE %s WITH (FORCE)", ident);

  PQfreemem (ident);
  ep_test_db_exec (super, sql);
}

static PGconn *
scratch_db_owner (const gchar *name)
{
  return ep_test_connect_db (ep_test_cluster->owner_conninfo, name);
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const gchar *const *) a, *(const gchar *const *) b);
}

/* The .sql files of @path in @resource, in name (= version) order. */
static GPtrArray *
resource_sql_names (GResource *resource, const gchar *path)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) children
    = g_resource_enumerate_children (resource, path, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  ck_assert_msg (children != NULL, "cannot list %s: %s", path, error ? error->message : "");
  for (gsize i = 0; children[i] != NULL; i++)
    if (g_str_has_suffix (children[i], ".sql"))
      g_ptr_array_add (names, g_strdup (children[i]));
  g_ptr_array_sort (names, compare_names);
  return names;
}

static gchar *
resource_checksum (GResource *resource, const gchar *path, const gchar *name)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *full = g_strconcat (path, name, NULL);
  g_autoptr (GBytes) bytes
    = g_resource_lookup_data (resource, full, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  gsize size = 0;

  ck_assert_msg (bytes != NULL, "cannot read %s: %s", full, error ? error->message : "");
  const guint8 *data = g_bytes_get_data (bytes, &size);
  return ep_sha256_hex (data, size);
}

/* Everything schema_migrations holds, to compare before and after a run. */
static gchar *
migrations_snapshot (PGconn *owner)
{
  return ep_test_query_value (owner,
                              "SELECT coalesce(string_agg(version || ' ' || name || ' ' || checksum"
                              "                           || ' ' || applied_at::text,"
                              "                           E'\\n' ORDER BY version), '')"
                              "  FROM schema_migrations",
                              NULL);
}

static gchar *
applied_versions (PGconn *owner)
{
  return ep_test_query_value (owner,
                              "SELECT coalesce(string_agg(version, ',' ORDER BY version), '')"
                              "  FROM schema_migrations",
                              NULL);
}

static gboolean
table_exists (PGconn *conn, const gchar *table)
{
  g_autoptr (EpDbParams) params = ep_test_params (table, NULL);
  return ep_test_query_int (conn, "SELECT (to_regclass('public.' || $1) IS NOT NULL)::int", params)
         == 1;
}

static void
apply_or_fail (PGconn *owner, GResource *resource, const gchar *path, guint *n_applied)
{
  g_autoptr (GError) error = NULL;
  EP_ASSERT_NO_ERROR (ep_migrate_apply (owner, resource, path, n_applied, &error), error);
}

/* ---- tests ------------------------------------------------------------------------------- */

START_TEST (test_apply_from_empty)
{
  g_autofree gchar *db = scratch_db_create ();
  g_autoptr (PGconn) owner = scratch_db_owner (db);
  GResource *resource = ep_migrations_get_resource ();
  g_autoptr (GPtrArray) names = resource_sql_names (resource, MIGRATIONS_PATH);
  g_autoptr (GError) error = NULL;
  guint n_applied = 999;

  ck_assert_uint_gt (names->len, 0);
  for (gsize i = 0; i < G_N_ELEMENTS (foundation_tables); i++)
    ck_assert_msg (!table_exists (owner, foundation_tables[i]), "%s exists before migrating",
                   foundation_tables[i]);

  EP_ASSERT_NO_ERROR (ep_migrate_apply (owner, resource, MIGRATIONS_PATH, &n_applied, &error),
                      error);
  ck_assert_uint_eq (n_applied, names->len);

  g_autoptr (PGresult) res = ep_db_exec (owner,
                                         "SELECT version, name, checksum FROM schema_migrations"
                                         " ORDER BY version",
                                         NULL, PGRES_TUPLES_OK, "read", &error);
  EP_ASSERT_NO_ERROR (res != NULL, error);
  ck_assert_int_eq (PQntuples (res), (int) names->len);
  for (guint i = 0; i < names->len; i++)
    {
      const gchar *name = names->pdata[i];
      g_autofree gchar *version = g_strndup (name, 4);
      g_autofree gchar *checksum = resource_checksum (resource, MIGRATIONS_PATH, name);

      ck_assert_str_eq (ep_db_get_text (res, (int) i, "version"), version);
      ck_assert_str_eq (ep_db_get_text (res, (int) i, "name"), name);
      ck_assert_str_eq (ep_db_get_text (res, (int) i, "checksum"), checksum);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (foundation_tables); i++)
    ck_assert_msg (table_exists (owner, foundation_tables[i]), "%s missing after migrating",
                   foundation_tables[i]);

  g_clear_pointer (&owner, PQfinish);
  scratch_db_drop (db);
}
END_TEST

START_TEST (test_rerun_is_noop)
{
  g_autofree gchar *db = scratch_db_create ();
  g_autoptr (PGconn) owner = scratch_db_owner (db);
  GResource *resource = ep_migrations_get_resource ();
  g_autoptr (GError) error = NULL;
  guint n_applied = 999;

  apply_or_fail (owner, resource, MIGRATIONS_PATH, NULL);
  g_autofree gchar *before = migrations_snapshot (owner);
  ck_assert_str_ne (before, "");

  EP_ASSERT_NO_ERROR (ep_migrate_apply (owner, resource, MIGRATIONS_PATH, &n_applied, &error),
                      error);
  ck_assert_uint_eq (n_applied, 0);
  g_autofree gchar *after = migrations_snapshot (owner);
  ck_assert_str_eq (after, before);

  g_clear_pointer (&owner, PQfinish);
  scratch_db_drop (db);
}
END_TEST

START_TEST (test_changed_checksum_refused)
{
  g_autofree gchar *db = scratch_db_create ();
  g_autoptr (PGconn) owner = scratch_db_owner (db);
  GResource *resource = ep_migrations_get_resource ();
  g_autoptr (GPtrArray) names = resource_sql_names (resource, MIGRATIONS_PATH);
  g_autoptr (GError) error = NULL;
  guint n_applied = 999;

  apply_or_fail (owner, resource, MIGRATIONS_PATH, NULL);
  ep_test_db_exec (owner, "UPDATE schema_migrations SET checksum = repeat('0', 64)");
  g_autofree gchar *before = migrations_snapshot (owner);

  ck_assert (!ep_migrate_apply (owner, resource, MIGRATIONS_PATH, &n_applied, &error));
  EP_ASSERT_DB_ERROR (error, EP_DB_ERROR_MIGRATION_CHECKSUM);
  ck_assert_msg (strstr (error->message, names->pdata[0]) != NULL,
                 "the message does not name %s: %s", (const gchar *) names->pdata[0],
                 error->message);
  ck_assert_uint_eq (n_applied, 0);
  g_autofree gchar *after = migrations_snapshot (owner);
  ck_assert_str_eq (after, before);

  /* With migrations pending (the test resource has 0002 and 0003), the
   * refusal still comes before anything is applied. */
  g_clear_error (&error);
  n_applied = 999;
  ck_assert (!ep_migrate_apply (owner, ep_test_migrations_get_resource (), TEST_MIGRATIONS_PATH,
                                &n_applied, &error));
  EP_ASSERT_DB_ERROR (error, EP_DB_ERROR_MIGRATION_CHECKSUM);
  ck_assert_ptr_nonnull (strstr (error->message, "0001_foundation.sql"));
  ck_assert_uint_eq (n_applied, 0);
  ck_assert (!table_exists (owner, "test_two"));
  g_autofree gchar *still = migrations_snapshot (owner);
  ck_assert_str_eq (still, before);

  g_clear_pointer (&owner, PQfinish);
  scratch_db_drop (db);
}
END_TEST

START_TEST (test_unknown_migration_refused)
{
  g_autofree gchar *db = scratch_db_create ();
  g_autoptr (PGconn) owner = scratch_db_owner (db);
  GResource *resource = ep_migrations_get_resource ();
  g_autoptr (GPtrArray) names = resource_sql_names (resource, MIGRATIONS_PATH);
  g_autoptr (GError) error = NULL;
  guint n_applied = 999;

  apply_or_fail (owner, resource, MIGRATIONS_PATH, NULL);
  ep_test_db_exec (owner, "INSERT INTO schema_migrations (version, name, checksum)"
                          " VALUES ('9999', '9999_future.sql', repeat('a', 64))");
  g_autofree gchar *before = migrations_snapshot (owner);

  ck_assert (!ep_migrate_apply (owner, resource, MIGRATIONS_PATH, &n_applied, &error));
  EP_ASSERT_DB_ERROR (error, EP_DB_ERROR_MIGRATION_UNKNOWN);
  ck_assert_ptr_nonnull (strstr (error->message, "9999_future.sql"));
  ck_assert_uint_eq (n_applied, 0);
  g_autofree gchar *after = migrations_snapshot (owner);
  ck_assert_str_eq (after, before);

  /* The status lists the stranger last, applied, with no checksum of ours. */
  g_clear_error (&error);
  g_autoptr (GPtrArray) status = ep_migrate_status (owner, resource, MIGRATIONS_PATH, &error);
  EP_ASSERT_NO_ERROR (status != NULL, error);
  ck_assert_uint_eq (status->len, names->len + 1);
  const EpMigration *last = status->pdata[status->len - 1];
  ck_assert_str_eq (last->version, "9999");
  ck_assert_str_eq (last->name, "9999_future.sql");
  ck_assert_ptr_null (last->checksum);
  ck_assert_ptr_nonnull (last->applied_at);

  g_clear_pointer (&owner, PQfinish);
  scratch_db_drop (db);
}
END_TEST

START_TEST (test_unknown_migration_changes_nothing)
{
  g_autofree gchar *db = scratch_db_create ();
  g_autoptr (PGconn) owner = scratch_db_owner (db);
  GResource *resource = ep_migrations_get_resource ();
  g_autoptr (GError) error = NULL;
  guint n_applied = 999;

  /* A database whose only recorded migration is one this binary lacks:
   * 0001 is pending but must not be applied. */
  ep_test_db_exec (owner,
                   "CREATE TABLE schema_migrations ("
                   "  version text PRIMARY KEY, name text NOT NULL,"
                   "  checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());"
                   "INSERT INTO schema_migrations (version, name, checksum)"
                   " VALUES ('9999', '9999_future.sql', repeat('a', 64))");

  ck_assert (!ep_migrate_apply (owner, resource, MIGRATIONS_PATH, &n_applied, &error));
  EP_ASSERT_DB_ERROR (error, EP_DB_ERROR_MIGRATION_UNKNOWN);
  ck_assert_uint_eq (n_applied, 0);
  ck_assert (!table_exists (owner, "gemeente"));
  g_autofree gchar *versions = applied_versions (owner);
  ck_assert_str_eq (versions, "9999");

  g_clear_pointer (&owner, PQfinish);
  scratch_db_drop (db);
}
END_TEST

START_TEST (test_status_before_and_after)
{
  g_autofree gchar *db = scratch_db_create ();
  g_autoptr (PGconn) owner = scratch_db_owner (db);
  GResource *resource = ep_migrations_get_resource ();
  g_autoptr (GPtrArray) names = resource_sql_names (resource, MIGRATIONS_PATH);
  g_autoptr (GError) error = NULL;

  g_autoptr (GPtrArray) before = ep_migrate_status (owner, resource, MIGRATIONS_PATH, &error);
  EP_ASSERT_NO_ERROR (before != NULL, error);
  ck_assert_uint_eq (before->len, names->len);
  for (guint i = 0; i < names->len; i++)
    {
      const EpMigration *m = before->pdata[i];
      g_autofree gchar *version = g_strndup (names->pdata[i], 4);
      g_autofree gchar *checksum = resource_checksum (resource, MIGRATIONS_PATH, names->pdata[i]);

      ck_assert_str_eq (m->version, version);
      ck_assert_str_eq (m->name, names->pdata[i]);
      ck_assert_str_eq (m->checksum, checksum);
      ck_assert_ptr_null (m->applied_at);
    }

  apply_or_fail (owner, resource, MIGRATIONS_PATH, NULL);

  g_autoptr (GPtrArray) after = ep_migrate_status (owner, resource, MIGRATIONS_PATH, &error);
  EP_ASSERT_NO_ERROR (after != NULL, error);
  ck_assert_uint_eq (after->len, names->len);
  for (guint i = 0; i < names->len; i++)
    {
      const EpMigration *m = after->pdata[i];
      g_autofree gchar *version = g_strndup (names->pdata[i], 4);
      g_autoptr (EpDbParams) params = ep_test_params (version, NULL);
      gint64 applied_epoch
        = ep_test_query_int (owner,
                             "SELECT floor(extract(epoch FROM applied_at))::bigint"
                             "  FROM schema_migrations WHERE version = $1",
                             params);

      ck_assert_str_eq (m->version, version);
      ck_assert_str_eq (m->name, names->pdata[i]);
      ck_assert_ptr_nonnull (m->applied_at);
      /* ISO 8601 in UTC, naming the second the row was written. */
      g_autoptr (GDateTime) when = g_date_time_new_from_iso8601 (m->applied_at, NULL);
      ck_assert_msg (when != NULL, "applied_at '%s' is not ISO 8601", m->applied_at);
      ck_assert_int_eq (g_date_time_to_unix (when), applied_epoch);
    }

  g_clear_pointer (&owner, PQfinish);
  scratch_db_drop (db);
}
END_TEST

START_TEST (test_failed_migration_rolled_back)
{
  g_autofree gchar *db = scratch_db_create ();
  g_autoptr (PGconn) owner = scratch_db_owner (db);
  GResource *resource = ep_test_migrations_get_resource ();
  g_autoptr (GError) error = NULL;
  guint n_applied = 999;

  ck_assert (!ep_migrate_apply (owner, resource, TEST_MIGRATIONS_PATH, &n_applied, &error));
  EP_ASSERT_DB_ERROR (error, EP_DB_ERROR_MIGRATION_FAILED);
  ck_assert_ptr_nonnull (strstr (error->message, "0003_test_broken.sql"));
  ck_assert_uint_eq (n_applied, 2);
  g_autofree gchar *versions = applied_versions (owner);
  ck_assert_str_eq (versions, "0001,0002");
  ck_assert (table_exists (owner, "gemeente"));
  ck_assert (table_exists (owner, "test_two"));
  ck_assert (!table_exists (owner, "test_three")); /* created by 0003 before it failed */
  ck_assert_int_eq (PQtransactionStatus (owner), PQTRANS_IDLE);

  /* Again: 0001 and 0002 are not applied twice, 0003 fails again. */
  g_clear_error (&error);
  n_applied = 999;
  ck_assert (!ep_migrate_apply (owner, resource, TEST_MIGRATIONS_PATH, &n_applied, &error));
  EP_ASSERT_DB_ERROR (error, EP_DB_ERROR_MIGRATION_FAILED);
  ck_assert_uint_eq (n_applied, 0);
  g_autofree gchar *again = applied_versions (owner);
  ck_assert_str_eq (again, "0001,0002");

  g_clear_pointer (&owner, PQfinish);
  scratch_db_drop (db);
}
END_TEST

typedef struct
{
  PGconn *conn;
  gboolean ok;
  guint n_applied;
  GError *error;
} ApplyJob;

static gpointer
apply_thread (gpointer data)
{
  ApplyJob *job = data;
  job->ok = ep_migrate_apply (job->conn, ep_migrations_get_resource (), MIGRATIONS_PATH,
                              &job->n_applied, &job->error);
  return NULL;
}

START_TEST (test_runners_kept_apart)
{
  g_autofree gchar *db = scratch_db_create ();
  g_autoptr (PGconn) holder = scratch_db_owner (db);
  g_autoptr (PGconn) runner = scratch_db_owner (db);
  g_autoptr (GPtrArray) names = resource_sql_names (ep_migrations_get_resource (), MIGRATIONS_PATH);
  ApplyJob job = { .conn = runner, .n_applied = 999 };
  gboolean runner_waited = FALSE;
  gboolean applied_while_locked = TRUE;

  /* Another runner holds the migration lock. */
  ep_test_db_exec (holder, "SELECT pg_advisory_lock(" MIGRATE_LOCK_KEY ")");
  GThread *thread = g_thread_new ("migrate", apply_thread, &job);

  for (int i = 0; i < 100 && !runner_waited; i++)
    {
      runner_waited = ep_test_query_int (holder,
                                         "SELECT count(*) FROM pg_locks"
                                         " WHERE locktype = 'advisory' AND NOT granted"
                                         "   AND database = (SELECT oid FROM pg_database"
                                         "                    WHERE datname = current_database())",
                                         NULL)
                      == 1;
      if (!runner_waited)
        g_usleep (50 * G_TIME_SPAN_MILLISECOND);
    }
  applied_while_locked = table_exists (holder, "gemeente");

  g_autofree gchar *unlocked
    = ep_test_query_value (holder, "SELECT pg_advisory_unlock(" MIGRATE_LOCK_KEY ")::text", NULL);
  g_thread_join (thread);

  ck_assert_str_eq (unlocked, "true");
  ck_assert_msg (runner_waited, "the runner did not wait for the migration lock");
  ck_assert (!applied_while_locked);
  ck_assert_msg (job.ok, "apply failed: %s", job.error ? job.error->message : "");
  ck_assert_uint_eq (job.n_applied, names->len);
  ck_assert (table_exists (holder, "gemeente"));
  /* The runner let go of its lock. */
  ck_assert_int_eq (ep_test_query_int (holder,
                                       "SELECT count(*) FROM pg_locks"
                                       " WHERE locktype = 'advisory'"
                                       "   AND database = (SELECT oid FROM pg_database"
                                       "                    WHERE datname = current_database())",
                                       NULL),
                    0);

  g_clear_error (&job.error);
  g_clear_pointer (&holder, PQfinish);
  g_clear_pointer (&runner, PQfinish);
  scratch_db_drop (db);
}
END_TEST

START_TEST (test_every_source_file_in_resource)
{
  const gchar *srcdir = g_getenv ("EP_MIGRATIONS_SRCDIR");
  g_autoptr (GError) error = NULL;
  GResource *resource = ep_migrations_get_resource ();
  guint n_files = 0;

  ck_assert_msg (srcdir != NULL && *srcdir != '\0',
                 "EP_MIGRATIONS_SRCDIR is not set (tests/db/meson.build sets it)");
  g_autoptr (GDir) dir = g_dir_open (srcdir, 0, &error);
  EP_ASSERT_NO_ERROR (dir != NULL, error);

  for (const gchar *name = g_dir_read_name (dir); name != NULL; name = g_dir_read_name (dir))
    {
      if (g_str_has_suffix (name, ".sql.in"))
        {
          /* Generated at build time (a questionnaire template): it must be
           * compiled in, with its placeholder filled. */
          n_files++;
          g_autofree gchar *generated = g_strndup (name, strlen (name) - strlen (".in"));
          g_autofree gchar *full = g_strconcat (MIGRATIONS_PATH, generated, NULL);
          g_autoptr (GBytes) compiled
            = g_resource_lookup_data (resource, full, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
          ck_assert_msg (compiled != NULL, "%s (from %s/%s) is not in migrations.gresource.xml",
                         generated, srcdir, name);
          g_autofree gchar *text
            = g_strndup (g_bytes_get_data (compiled, NULL), g_bytes_get_size (compiled));
          ck_assert_msg (strstr (text, "@TEMPLATE_JSON@") == NULL, "%s has an unfilled placeholder",
                         generated);
          continue;
        }
      if (!g_str_has_suffix (name, ".sql"))
        continue;
      n_files++;

      g_autofree gchar *full = g_strconcat (MIGRATIONS_PATH, name, NULL);
      g_autoptr (GBytes) compiled
        = g_resource_lookup_data (resource, full, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
      ck_assert_msg (compiled != NULL, "%s/%s is not listed in migrations.gresource.xml", srcdir,
                     name);

      g_autofree gchar *path = g_build_filename (srcdir, name, NULL);
      g_autofree gchar *contents = NULL;
      gsize length = 0;
      EP_ASSERT_NO_ERROR (g_file_get_contents (path, &contents, &length, &error), error);
      ck_assert_msg (g_bytes_get_size (compiled) == length
                       && memcmp (g_bytes_get_data (compiled, NULL), contents, length) == 0,
                     "the compiled %s differs from the source file", name);
    }
  ck_assert_uint_gt (n_files, 0);

  /* And the other way round: the resource holds no file the folder lacks. */
  g_autoptr (GPtrArray) names = resource_sql_names (resource, MIGRATIONS_PATH);
  ck_assert_uint_eq (names->len, n_files);
}
END_TEST

Suite *
ep_test_migrate_suite (void)
{
  Suite *suite = suite_create ("migrate");
  TCase *apply = tcase_create ("apply");
  TCase *files = tcase_create ("files");

  tcase_set_timeout (apply, 60);
  tcase_add_test (apply, test_apply_from_empty);
  tcase_add_test (apply, test_rerun_is_noop);
  tcase_add_test (apply, test_changed_checksum_refused);
  tcase_add_test (apply, test_unknown_migration_refused);
  tcase_add_test (apply, test_unknown_migration_changes_nothing);
  tcase_add_test (apply, test_status_before_and_after);
  tcase_add_test (apply, test_failed_migration_rolled_back);
  tcase_add_test (apply, test_runners_kept_apart);
  suite_add_tcase (suite, apply);

  tcase_add_test (files, test_every_source_file_in_resource);
  suite_add_tcase (suite, files);
  return suite;
}
