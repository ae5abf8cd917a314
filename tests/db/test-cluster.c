/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-cluster.c: db/ep-cluster, the embedded cluster. Starting the running
 * test cluster again changes nothing; a second cluster, made in a nested
 * directory below 0700 parents (which the cluster's user could not traverse
 * on its own), is created, used, stopped, restarted with its data intact,
 * stopped and removed.
 */
#include "db-suites.h"

#include "ep-cluster.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

START_TEST (test_start_running_is_idempotent)
{
  EpCluster *cluster = ep_test_cluster->cluster;
  g_autoptr (GError) error = NULL;
  gint64 pid_before = 0, pid_after = 0;

  ck_assert (ep_cluster_is_initialised (cluster));
  ck_assert (ep_cluster_is_running (cluster, &pid_before));
  ck_assert_int_gt (pid_before, 0);

  EP_ASSERT_NO_ERROR (ep_cluster_start (cluster, &error), error);
  ck_assert (ep_cluster_is_running (cluster, &pid_after));
  ck_assert_int_eq (pid_after, pid_before);

  /* The server we talk to is that cluster's. */
  g_autoptr (PGconn) super = ep_test_db_super (ep_test_cluster);
  g_autofree gchar *data_dir = ep_test_query_value (super, "SHOW data_directory", NULL);
  ck_assert_str_eq (data_dir, ep_cluster_get_data_dir (cluster));
}
END_TEST

START_TEST (test_conninfo)
{
  EpCluster *cluster = ep_test_cluster->cluster;
  g_autofree gchar *super = ep_cluster_conninfo (cluster, EP_CLUSTER_SUPERUSER);
  g_autofree gchar *owner = ep_cluster_conninfo (cluster, EP_CLUSTER_OWNER_ROLE);
  g_autofree gchar *app = ep_cluster_conninfo (cluster, EP_CLUSTER_APP_ROLE);
  g_autofree gchar *dir = g_path_get_dirname (ep_cluster_get_data_dir (cluster));

  ck_assert_ptr_nonnull (strstr (super, "dbname=postgres"));
  ck_assert_ptr_nonnull (strstr (super, "user=postgres"));
  ck_assert_ptr_nonnull (strstr (owner, "dbname=eenplan"));
  ck_assert_ptr_nonnull (strstr (owner, "user=eenplan_owner"));
  ck_assert_ptr_nonnull (strstr (app, "dbname=eenplan"));
  ck_assert_ptr_nonnull (strstr (app, "user=eenplan_app"));
  ck_assert_ptr_nonnull (strstr (app, ep_cluster_get_socket_dir (cluster)));

  /* Each names what it says, on the real server. */
  g_autoptr (PGconn) conn = ep_test_connect_db (super, NULL);
  g_autofree gchar *who
    = ep_test_query_value (conn, "SELECT current_user || '@' || current_database()", NULL);
  ck_assert_str_eq (who, "postgres@postgres");
  g_autoptr (PGconn) owner_conn = ep_test_connect_db (owner, NULL);
  g_autofree gchar *owner_who
    = ep_test_query_value (owner_conn, "SELECT current_user || '@' || current_database()", NULL);
  ck_assert_str_eq (owner_who, "eenplan_owner@eenplan");

  /* The layout of ep-cluster.h: everything below var_dir. */
  g_autofree gchar *canonical = g_canonicalize_filename (ep_test_cluster->dir, NULL);
  g_autofree gchar *pgdata = g_build_filename (canonical, "pgdata", NULL);
  ck_assert_str_eq (ep_cluster_get_data_dir (cluster), pgdata);
  ck_assert_str_eq (dir, canonical);
  ck_assert (g_file_test (ep_cluster_get_log_file (cluster), G_FILE_TEST_IS_REGULAR));
}
END_TEST

/* Creates a table in the cluster's database as the owner; runs a query as the app role. */
static void
use_cluster (EpCluster *cluster, gboolean create_table)
{
  g_autofree gchar *owner_info = ep_cluster_conninfo (cluster, EP_CLUSTER_OWNER_ROLE);
  g_autofree gchar *app_info = ep_cluster_conninfo (cluster, EP_CLUSTER_APP_ROLE);
  g_autoptr (PGconn) owner = ep_test_connect_db (owner_info, NULL);
  g_autoptr (PGconn) app = ep_test_connect_db (app_info, NULL);

  g_autofree gchar *owner_user = ep_test_query_value (owner, "SELECT current_user::text", NULL);
  ck_assert_str_eq (owner_user, "eenplan_owner");
  g_autofree gchar *app_user = ep_test_query_value (app, "SELECT current_user::text", NULL);
  ck_assert_str_eq (app_user, "eenplan_app");
  if (create_table)
    ep_test_db_exec (owner, "CREATE TABLE survives_restart (id int);"
                            "INSERT INTO survives_restart VALUES (42)");
}

static void
remove_tree (const gchar *path)
{
  const gchar *argv[] = { "rm", "-rf", "--", path, NULL };
  gint status = 0;

  ck_assert (g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                           &status, NULL));
  ck_assert (g_spawn_check_wait_status (status, NULL));
}

/* The second cluster's directory, made by an unchecked fixture in Check's own
 * process: when a failed check ends the (forked) test early, the fixture's
 * teardown still stops that cluster and removes the directory. */
static gchar *lifecycle_dir;

static gchar *
lifecycle_var_dir (void)
{
  return g_build_filename (lifecycle_dir, "nested", "var", NULL);
}

static void
lifecycle_setup (void)
{
  lifecycle_dir = g_dir_make_tmp ("eenplan-cluster-XXXXXX", NULL);
  if (lifecycle_dir == NULL)
    g_error ("cannot create a temporary directory");
}

static void
lifecycle_teardown (void)
{
  g_autofree gchar *var_dir = lifecycle_var_dir ();

  if (g_file_test (var_dir, G_FILE_TEST_IS_DIR))
    {
      g_autoptr (EpCluster) cluster = ep_cluster_new (var_dir);
      g_autoptr (GError) error = NULL;
      if (!ep_cluster_stop (cluster, &error))
        g_warning ("cannot stop the second test cluster: %s", error->message);
    }
  const gchar *argv[] = { "rm", "-rf", "--", lifecycle_dir, NULL };
  g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL,
                NULL);
  g_clear_pointer (&lifecycle_dir, g_free);
}

START_TEST (test_second_cluster_lifecycle)
{
  g_autoptr (GError) error = NULL;
  const gchar *tmp = lifecycle_dir;
  g_autofree gchar *parent = g_build_filename (tmp, "nested", NULL);
  g_autofree gchar *var_dir = lifecycle_var_dir ();
  gint64 pid = 0, first_pid = 0;
  GStatBuf st;

  ck_assert_int_eq (g_mkdir (parent, 0700), 0);
  ck_assert_int_eq (g_chmod (parent, 0700), 0);
  ck_assert_int_eq (g_stat (tmp, &st), 0);
  ck_assert_int_eq (st.st_mode & 0777, 0700);

  g_autoptr (EpCluster) cluster = ep_cluster_new (var_dir);
  ck_assert (!ep_cluster_is_initialised (cluster));
  ck_assert (!ep_cluster_is_running (cluster, NULL));

  EP_ASSERT_NO_ERROR (ep_cluster_start (cluster, &error), error);
  ck_assert (ep_cluster_is_initialised (cluster));
  ck_assert (ep_cluster_is_running (cluster, &first_pid));
  ck_assert_int_gt (first_pid, 0);
  use_cluster (cluster, TRUE);

  /* The test cluster is another server. */
  gint64 test_pid = 0;
  ck_assert (ep_cluster_is_running (ep_test_cluster->cluster, &test_pid));
  ck_assert_int_ne (test_pid, first_pid);

  EP_ASSERT_NO_ERROR (ep_cluster_stop (cluster, &error), error);
  ck_assert (!ep_cluster_is_running (cluster, NULL));
  EP_ASSERT_NO_ERROR (ep_cluster_stop (cluster, &error), error); /* stopping again succeeds */
  ck_assert (ep_cluster_is_initialised (cluster));
  g_autofree gchar *owner_info = ep_cluster_conninfo (cluster, EP_CLUSTER_OWNER_ROLE);
  g_autoptr (PGconn) refused = ep_db_connect (owner_info, &error);
  ck_assert_ptr_null (refused);
  EP_ASSERT_DB_ERROR (error, EP_DB_ERROR_UNAVAILABLE);
  g_clear_error (&error);

  EP_ASSERT_NO_ERROR (ep_cluster_start (cluster, &error), error);
  ck_assert (ep_cluster_is_running (cluster, &pid));
  use_cluster (cluster, FALSE);
  g_autoptr (PGconn) owner = ep_test_connect_db (owner_info, NULL);
  ck_assert_int_eq (ep_test_query_int (owner, "SELECT id FROM survives_restart", NULL), 42);
  g_clear_pointer (&owner, PQfinish);

  EP_ASSERT_NO_ERROR (ep_cluster_stop (cluster, &error), error);
  ck_assert (!ep_cluster_is_running (cluster, NULL));
  remove_tree (tmp);
  ck_assert (!g_file_test (tmp, G_FILE_TEST_EXISTS));
}
END_TEST

Suite *
ep_test_cluster_suite (void)
{
  Suite *suite = suite_create ("cluster");
  TCase *running = tcase_create ("running");
  TCase *lifecycle = tcase_create ("lifecycle");

  tcase_set_timeout (running, 30);
  tcase_add_test (running, test_start_running_is_idempotent);
  tcase_add_test (running, test_conninfo);
  suite_add_tcase (suite, running);

  tcase_set_timeout (lifecycle, 120);
  tcase_add_unchecked_fixture (lifecycle, lifecycle_setup, lifecycle_teardown);
  tcase_add_test (lifecycle, test_second_cluster_lifecycle);
  suite_add_tcase (suite, lifecycle);
  return suite;
}
