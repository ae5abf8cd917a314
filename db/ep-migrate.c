/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-migrate.c: apply and list the numbered SQL migrations.
 */
#include "ep-migrate.h"

#include "ep-crypto.h"
#include "ep-db-conn.h"
#include "ep-db-error.h"

#include <string.h>

/* pg_advisory_lock key: "eenplan migrate" as an arbitrary, fixed number. */
#define MIGRATE_LOCK_KEY "7213405960176881"

typedef struct
{
  gchar *version;
  gchar *name;
  gchar *checksum;
  GBytes *sql;
} MigrationFile;

static void
migration_file_free (MigrationFile *file)
{
  g_free (file->version);
  g_free (file->name);
  g_free (file->checksum);
  g_bytes_unref (file->sql);
  g_free (file);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MigrationFile, migration_file_free)

void
ep_migration_free (EpMigration *migration)
{
  if (migration == NULL)
    return;
  g_free (migration->version);
  g_free (migration->name);
  g_free (migration->checksum);
  g_free (migration->applied_at);
  g_free (migration);
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  const MigrationFile *fa = *(MigrationFile *const *) a;
  const MigrationFile *fb = *(MigrationFile *const *) b;
  return strcmp (fa->name, fb->name);
}

/* A migration file name: four digits, an underscore, a description of
 * lowercase letters, digits and underscores, ".sql". */
static gboolean
is_migration_name (const gchar *name)
{
  gsize len = strlen (name);
  if (len < strlen ("0000_x.sql") || !g_str_has_suffix (name, ".sql") || name[4] != '_')
    return FALSE;
  for (gsize i = 0; i < 4; i++)
    if (!g_ascii_isdigit (name[i]))
      return FALSE;
  for (gsize i = 5; i < len - 4; i++)
    if (!g_ascii_islower (name[i]) && !g_ascii_isdigit (name[i]) && name[i] != '_')
      return FALSE;
  return TRUE;
}

/* Returns the migration files of @resource in version order. */
static GPtrArray *
load_files (GResource *resource, const gchar *path, GError **error)
{
  g_auto (GStrv) names
    = g_resource_enumerate_children (resource, path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (names == NULL)
    return NULL;

  g_autoptr (GPtrArray) files
    = g_ptr_array_new_with_free_func ((GDestroyNotify) migration_file_free);
  for (gsize i = 0; names[i] != NULL; i++)
    {
      if (!g_str_has_suffix (names[i], ".sql"))
        continue;
      if (!is_migration_name (names[i]))
        {
          g_set_error (error, EP_DB_ERROR, EP_DB_ERROR_MIGRATION_FAILED,
                       "migration file name '%s' is not of the form NNNN_description.sql",
                       names[i]);
          return NULL;
        }
      g_autofree gchar *full = g_strconcat (path, names[i], NULL);
      GBytes *sql = g_resource_lookup_data (resource, full, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
      if (sql == NULL)
        return NULL;

      MigrationFile *file = g_new0 (MigrationFile, 1);
      file->name = g_strdup (names[i]);
      file->version = g_strndup (names[i], 4);
      file->sql = sql;
      gsize size = 0;
      const guint8 *data = g_bytes_get_data (sql, &size);
      file->checksum = ep_sha256_hex (data, size);
      g_ptr_array_add (files, file);
    }
  g_ptr_array_sort (files, compare_names);

  for (guint i = 1; i < files->len; i++)
    {
      const MigrationFile *prev = files->pdata[i - 1], *cur = files->pdata[i];
      if (strcmp (prev->version, cur->version) == 0)
        {
          g_set_error (error, EP_DB_ERROR, EP_DB_ERROR_MIGRATION_FAILED,
                       "migrations %s and %s share version %s", prev->name, cur->name,
                       cur->version);
          return NULL;
        }
    }
  return g_steal_pointer (&files);
}

static const MigrationFile *
find_file (GPtrArray *files, const gchar *version)
{
  for (guint i = 0; i < files->len; i++)
    {
      const MigrationFile *file = files->pdata[i];
      if (strcmp (file->version, version) == 0)
        return file;
    }
  return NULL;
}

static gboolean
ensure_table (PGconn *conn, GError **error)
{
  return ep_db_exec_script (conn,
                            "SET client_min_messages = warning;"
                            "CREATE TABLE IF NOT EXISTS schema_migrations ("
                            "  version    text PRIMARY KEY,"
                            "  name       text NOT NULL,"
                            "  checksum   text NOT NULL,"
                            "  applied_at timestamptz NOT NULL DEFAULT now());"
                            "RESET client_min_messages;",
                            "create schema_migrations", error);
}

static PGresult *
read_applied (PGconn *conn, GError **error)
{
  return ep_db_exec (conn,
                     "SELECT version, name, checksum,"
                     "       to_char(applied_at AT TIME ZONE 'UTC',"
                     "               'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS applied_at"
                     "  FROM schema_migrations ORDER BY version",
                     NULL, PGRES_TUPLES_OK, "read schema_migrations", error);
}

/* Refuses a database whose history disagrees with this binary's files. */
static gboolean
check_applied (GPtrArray *files, const PGresult *applied, GError **error)
{
  for (gint row = 0; row < PQntuples (applied); row++)
    {
      const gchar *version = ep_db_get_text (applied, row, "version");
      const gchar *name = ep_db_get_text (applied, row, "name");
      const MigrationFile *file = find_file (files, version);

      if (file == NULL)
        {
          g_set_error (error, EP_DB_ERROR, EP_DB_ERROR_MIGRATION_UNKNOWN,
                       "the database has migration %s, which this eenplan does not know: "
                       "it is older than the database",
                       name);
          return FALSE;
        }
      if (strcmp (file->checksum, ep_db_get_text (applied, row, "checksum")) != 0)
        {
          g_set_error (error, EP_DB_ERROR, EP_DB_ERROR_MIGRATION_CHECKSUM,
                       "migration %s was changed after it was applied; "
                       "write a new migration instead of editing an applied one",
                       file->name);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
apply_one (PGconn *conn, const MigrationFile *file, GError **error)
{
  g_autofree gchar *what = g_strdup_printf ("migration %s", file->name);
  g_autofree gchar *sql
    = g_strndup (g_bytes_get_data (file->sql, NULL), g_bytes_get_size (file->sql));
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, file->version);
  ep_db_params_add_text (params, file->name);
  ep_db_params_add_text (params, file->checksum);
  g_autoptr (GError) local_error = NULL;

  if (ep_db_exec_command (conn, "BEGIN", NULL, what, &local_error)
      && ep_db_exec_script (conn, sql, what, &local_error)
      && ep_db_exec_command (conn,
                             "INSERT INTO schema_migrations (version, name, checksum)"
                             " VALUES ($1, $2, $3)",
                             params, what, &local_error)
      && ep_db_exec_command (conn, "COMMIT", NULL, what, &local_error))
    return TRUE;

  if (PQtransactionStatus (conn) != PQTRANS_IDLE)
    {
      g_autoptr (PGresult) rollback = PQexec (conn, "ROLLBACK");
    }
  g_set_error (error, EP_DB_ERROR, EP_DB_ERROR_MIGRATION_FAILED, "%s (rolled back)",
               local_error->message);
  return FALSE;
}

static gboolean
advisory_lock (PGconn *conn, gboolean lock, GError **error)
{
  g_autoptr (PGresult) res = ep_db_exec (conn,
                                         lock ? "SELECT pg_advisory_lock(" MIGRATE_LOCK_KEY ")"
                                              : "SELECT pg_advisory_unlock(" MIGRATE_LOCK_KEY ")",
                                         NULL, PGRES_TUPLES_OK, "migration lock", error);
  return res != NULL;
}

gboolean
ep_migrate_apply (PGconn *conn, GResource *resource, const gchar *path, guint *n_applied,
                  GError **error)
{
  g_return_val_if_fail (conn != NULL && resource != NULL && path != NULL, FALSE);

  if (n_applied != NULL)
    *n_applied = 0;

  g_autoptr (GPtrArray) files = load_files (resource, path, error);
  if (files == NULL || !advisory_lock (conn, TRUE, error))
    return FALSE;

  gboolean ok = FALSE;
  g_autoptr (PGresult) applied = NULL;
  if (ensure_table (conn, error) && (applied = read_applied (conn, error)) != NULL
      && check_applied (files, applied, error))
    {
      ok = TRUE;
      for (guint i = 0; ok && i < files->len; i++)
        {
          const MigrationFile *file = files->pdata[i];
          gboolean done = FALSE;
          for (gint row = 0; row < PQntuples (applied) && !done; row++)
            done = strcmp (ep_db_get_text (applied, row, "version"), file->version) == 0;
          if (done)
            continue;
          ok = apply_one (conn, file, error);
          if (ok && n_applied != NULL)
            (*n_applied)++;
        }
    }

  /* Unlock even after a failure; a lost connection releases it anyway. */
  if (PQstatus (conn) == CONNECTION_OK)
    advisory_lock (conn, FALSE, NULL);
  return ok;
}

GPtrArray *
ep_migrate_status (PGconn *conn, GResource *resource, const gchar *path, GError **error)
{
  g_return_val_if_fail (conn != NULL && resource != NULL && path != NULL, NULL);

  g_autoptr (GPtrArray) files = load_files (resource, path, error);
  if (files == NULL || !ensure_table (conn, error))
    return NULL;
  g_autoptr (PGresult) applied = read_applied (conn, error);
  if (applied == NULL)
    return NULL;

  g_autoptr (GPtrArray) status
    = g_ptr_array_new_with_free_func ((GDestroyNotify) ep_migration_free);
  for (guint i = 0; i < files->len; i++)
    {
      const MigrationFile *file = files->pdata[i];
      EpMigration *m = g_new0 (EpMigration, 1);
      m->version = g_strdup (file->version);
      m->name = g_strdup (file->name);
      m->checksum = g_strdup (file->checksum);
      for (gint row = 0; row < PQntuples (applied); row++)
        if (strcmp (ep_db_get_text (applied, row, "version"), file->version) == 0)
          m->applied_at = g_strdup (ep_db_get_text (applied, row, "applied_at"));
      g_ptr_array_add (status, m);
    }
  for (gint row = 0; row < PQntuples (applied); row++)
    {
      const gchar *version = ep_db_get_text (applied, row, "version");
      if (find_file (files, version) != NULL)
        continue;
      EpMigration *m = g_new0 (EpMigration, 1);
      m->version = g_strdup (version);
      m->name = g_strdup (ep_db_get_text (applied, row, "name"));
      m->applied_at = g_strdup (ep_db_get_text (applied, row, "applied_at"));
      g_ptr_array_add (status, m);
    }
  return g_steal_pointer (&status);
}
