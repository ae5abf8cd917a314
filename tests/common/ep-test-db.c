/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-test-db.c: the throw-away cluster of the database test suites.
 */
#include "ep-test-db.h"

#include "ep-db-conn.h"
#include "ep-migrate.h"
#include "ep-migrations-resource.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>

static G_NORETURN void
setup_failed (const gchar *what, const GError *error)
{
  fprintf (stderr, "test cluster: cannot %s: %s\n", what, error ? error->message : "unknown error");
  exit (EXIT_FAILURE);
}

EpTestDb *
ep_test_db_start (void)
{
  g_autoptr (GError) error = NULL;
  EpTestDb *db = g_new0 (EpTestDb, 1);

  db->dir = g_dir_make_tmp ("eenplan-test-XXXXXX", &error);
  if (db->dir == NULL)
    setup_failed ("create a temporary directory", error);

  db->cluster = ep_cluster_new (db->dir);
  if (!ep_cluster_start (db->cluster, &error))
    setup_failed ("start", error);

  db->owner_conninfo = ep_cluster_conninfo (db->cluster, EP_CLUSTER_OWNER_ROLE);
  db->app_conninfo = ep_cluster_conninfo (db->cluster, EP_CLUSTER_APP_ROLE);
  db->super_conninfo = ep_cluster_conninfo (db->cluster, EP_CLUSTER_SUPERUSER);

  g_autoptr (PGconn) owner = ep_db_connect (db->owner_conninfo, &error);
  if (owner == NULL)
    setup_failed ("connect as the owner", error);
  if (!ep_migrate_apply (owner, ep_migrations_get_resource (), "/org/eenplan/migrations/", NULL,
                         &error))
    setup_failed ("migrate", error);
  return db;
}

void
ep_test_db_stop (EpTestDb *db)
{
  if (db == NULL)
    return;
  g_autoptr (GError) error = NULL;
  if (!ep_cluster_destroy (db->cluster, &error))
    fprintf (stderr, "test cluster: %s\n", error->message);
  ep_cluster_free (db->cluster);
  g_free (db->dir);
  g_free (db->owner_conninfo);
  g_free (db->app_conninfo);
  g_free (db->super_conninfo);
  g_free (db);
}

static PGconn *
connect_or_fail (const gchar *conninfo)
{
  g_autoptr (GError) error = NULL;
  PGconn *conn = ep_db_connect (conninfo, &error);
  ck_assert_msg (conn != NULL, "connect: %s", error ? error->message : "");
  return conn;
}

PGconn *
ep_test_db_owner (EpTestDb *db)
{
  return connect_or_fail (db->owner_conninfo);
}

PGconn *
ep_test_db_app (EpTestDb *db)
{
  return connect_or_fail (db->app_conninfo);
}

PGconn *
ep_test_db_super (EpTestDb *db)
{
  return connect_or_fail (db->super_conninfo);
}

void
ep_test_db_exec (PGconn *conn, const gchar *sql)
{
  g_autoptr (GError) error = NULL;
  ck_assert_msg (ep_db_exec_script (conn, sql, "fixture", &error), "fixture SQL failed: %s",
                 error ? error->message : "");
}

gint64
ep_test_db_count (PGconn *conn, const gchar *sql)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PGresult) res = ep_db_exec (conn, sql, NULL, PGRES_TUPLES_OK, "count", &error);
  ck_assert_msg (res != NULL, "count query failed: %s", error ? error->message : "");
  ck_assert_int_eq (PQntuples (res), 1);
  return g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
}
