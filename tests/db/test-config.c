/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-config.c: db/ep-db-config, where the database is: EENPLAN_DATABASE_URL
 * first, then the configuration file (EENPLAN_CONFIG or ./eenplan.conf), then
 * the embedded cluster under EENPLAN_VAR_DIR.
 *
 * The tests change the environment and the working directory; a checked
 * fixture saves both before each test, runs it in a fresh temporary directory
 * and restores them afterwards, so the tests also behave with CK_FORK=no. The
 * directories are removed by an unchecked fixture, in Check's own process.
 */
#include "db-suites.h"

#include "ep-cluster.h"
#include "ep-db-config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

static const gchar *const config_vars[] = { "EENPLAN_DATABASE_URL", "EENPLAN_CONFIG",
                                            "EENPLAN_VAR_DIR", "EENPLAN_AUDIT_CHECKPOINT_FILE" };

static gchar *saved_vars[G_N_ELEMENTS (config_vars)];
static gchar *saved_cwd;
static gchar *base_dir; /* made before the tests (in Check's parent process), removed after */
static gchar *tmp_dir;  /* the current test's own directory below base_dir */

/* Unchecked: runs in the parent process, so the directory goes away even
 * when a failed check ends a forked test before its teardown. */
static void
config_base_setup (void)
{
  base_dir = g_dir_make_tmp ("eenplan-config-XXXXXX", NULL);
  if (base_dir == NULL)
    g_error ("cannot create a temporary directory");
}

static void
config_base_teardown (void)
{
  if (base_dir != NULL)
    {
      const gchar *argv[] = { "rm", "-rf", "--", base_dir, NULL };
      g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL,
                    NULL);
    }
  g_clear_pointer (&base_dir, g_free);
}

static void
config_setup (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (config_vars); i++)
    {
      saved_vars[i] = g_strdup (g_getenv (config_vars[i]));
      g_unsetenv (config_vars[i]);
    }
  saved_cwd = g_get_current_dir ();
  tmp_dir = g_build_filename (base_dir, "test-XXXXXX", NULL);
  ck_assert_ptr_nonnull (g_mkdtemp (tmp_dir));
  ck_assert_int_eq (g_chdir (tmp_dir), 0);
}

static void
config_teardown (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (config_vars); i++)
    {
      if (saved_vars[i] != NULL)
        g_setenv (config_vars[i], saved_vars[i], TRUE);
      else
        g_unsetenv (config_vars[i]);
      g_clear_pointer (&saved_vars[i], g_free);
    }
  if (saved_cwd != NULL && g_chdir (saved_cwd) != 0)
    g_warning ("cannot return to %s", saved_cwd);
  g_clear_pointer (&saved_cwd, g_free);
  g_clear_pointer (&tmp_dir, g_free);
}

/* Writes @contents to @name in the test's directory; returns the full path. */
static gchar *
write_file (const gchar *name, const gchar *contents)
{
  g_autoptr (GError) error = NULL;
  gchar *path = g_build_filename (tmp_dir, name, NULL);

  EP_ASSERT_NO_ERROR (g_file_set_contents (path, contents, -1, &error), error);
  return path;
}

#define APP_URL "host=/from-file dbname=eenplan user=eenplan_app"
#define OWNER_URL "host=/from-file dbname=eenplan user=eenplan_owner"
#define ENV_URL "postgresql://eenplan_app@localhost:5433/from_env"

static const gchar *const full_config = "# eenplan test configuration\n"
                                        "[database]\n"
                                        "url=" APP_URL "\n"
                                        "owner_url=" OWNER_URL "\n";

static void
assert_config (EpDbPurpose purpose, const gchar *conninfo, const gchar *source)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (EpDbConfig) config = ep_db_config_load (purpose, &error);

  EP_ASSERT_NO_ERROR (config != NULL, error);
  ck_assert_str_eq (config->conninfo, conninfo);
  ck_assert_str_eq (config->source, source);
  ck_assert_ptr_nonnull (config->var_dir);
  g_autofree gchar *resolved = ep_db_config_resolve (config, purpose);
  ck_assert_str_eq (resolved, conninfo);
}

START_TEST (test_url_wins)
{
  g_autofree gchar *path = write_file ("eenplan.conf", full_config);

  g_setenv ("EENPLAN_CONFIG", path, TRUE);
  g_setenv ("EENPLAN_DATABASE_URL", ENV_URL, TRUE);
  assert_config (EP_DB_PURPOSE_APP, ENV_URL, "EENPLAN_DATABASE_URL");
  assert_config (EP_DB_PURPOSE_OWNER, ENV_URL, "EENPLAN_DATABASE_URL");
}
END_TEST

START_TEST (test_config_file)
{
  g_autofree gchar *path = write_file ("elsewhere.conf", full_config);

  g_setenv ("EENPLAN_CONFIG", path, TRUE);
  assert_config (EP_DB_PURPOSE_APP, APP_URL, path);
  assert_config (EP_DB_PURPOSE_OWNER, OWNER_URL, path);

  /* An empty EENPLAN_DATABASE_URL is no URL. */
  g_setenv ("EENPLAN_DATABASE_URL", "", TRUE);
  assert_config (EP_DB_PURPOSE_APP, APP_URL, path);
}
END_TEST

START_TEST (test_config_file_in_working_directory)
{
  g_autofree gchar *path = write_file ("eenplan.conf", full_config);

  assert_config (EP_DB_PURPOSE_APP, APP_URL, "eenplan.conf");
  assert_config (EP_DB_PURPOSE_OWNER, OWNER_URL, "eenplan.conf");
}
END_TEST

START_TEST (test_empty_owner_url)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *path = write_file ("empty-owner.conf", "[database]\n"
                                                           "url=" APP_URL "\n"
                                                           "owner_url=\n");

  /* An empty owner_url is no connection string: `url` has the same rule.
   * Either it counts as absent or it is a configuration error; an empty
   * conninfo (libpq's defaults: whatever PGHOST/PGUSER say) is neither. */
  g_setenv ("EENPLAN_CONFIG", path, TRUE);
  g_autoptr (EpDbConfig) config = ep_db_config_load (EP_DB_PURPOSE_OWNER, &error);
  if (config == NULL)
    {
      EP_ASSERT_DB_ERROR (error, EP_DB_ERROR_CONFIG);
      return;
    }
  gboolean usable = config->conninfo != NULL && *config->conninfo != '\0';
  gchar conninfo[256];
  g_strlcpy (conninfo, config->conninfo ? config->conninfo : "(null)", sizeof conninfo);
  /* Free first: with CK_FORK=no a failed check leaves the function. */
  g_clear_pointer (&config, ep_db_config_free);
  g_clear_pointer (&path, g_free);
  ck_assert_msg (usable, "an empty owner_url gave the conninfo '%s'", conninfo);
}
END_TEST

static const struct
{
  const gchar *name;
  const gchar *contents; /* NULL: the file does not exist */
} bad_configs[] = {
  { "no-url.conf", "[database]\nowner_url=" OWNER_URL "\n" },
  { "empty-url.conf", "[database]\nurl=\n" },
  { "other-group.conf", "[server]\nurl=" APP_URL "\n" },
  { "not-a-keyfile.conf", "url = " APP_URL "\n" },
  { "missing.conf", NULL },
};

START_TEST (test_bad_config_file)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *path = bad_configs[_i].contents != NULL
                             ? write_file (bad_configs[_i].name, bad_configs[_i].contents)
                             : g_build_filename (tmp_dir, bad_configs[_i].name, NULL);

  g_setenv ("EENPLAN_CONFIG", path, TRUE);
  for (EpDbPurpose purpose = EP_DB_PURPOSE_APP; purpose <= EP_DB_PURPOSE_OWNER; purpose++)
    {
      g_autoptr (EpDbConfig) config = ep_db_config_load (purpose, &error);
      ck_assert_ptr_null (config);
      EP_ASSERT_DB_ERROR (error, EP_DB_ERROR_CONFIG);
      ck_assert_msg (strstr (error->message, path) != NULL, "the message does not name %s: %s",
                     path, error->message);
      g_clear_error (&error);
    }
}
END_TEST

START_TEST (test_embedded)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *var_dir = g_build_filename (tmp_dir, "var", NULL);
  g_autofree gchar *socket_dir = g_build_filename (var_dir, "run", NULL);

  g_setenv ("EENPLAN_VAR_DIR", var_dir, TRUE);
  g_autoptr (EpDbConfig) config = ep_db_config_load (EP_DB_PURPOSE_APP, &error);
  EP_ASSERT_NO_ERROR (config != NULL, error);
  ck_assert_ptr_null (config->conninfo);
  ck_assert_str_eq (config->source, "embedded");
  ck_assert_str_eq (config->var_dir, var_dir);

  g_autofree gchar *app = ep_db_config_resolve (config, EP_DB_PURPOSE_APP);
  g_autofree gchar *owner = ep_db_config_resolve (config, EP_DB_PURPOSE_OWNER);
  ck_assert_ptr_nonnull (strstr (app, "user=" EP_CLUSTER_APP_ROLE));
  ck_assert_ptr_nonnull (strstr (app, "dbname=" EP_CLUSTER_DATABASE));
  ck_assert_ptr_nonnull (strstr (app, socket_dir));
  ck_assert_ptr_nonnull (strstr (owner, "user=" EP_CLUSTER_OWNER_ROLE));
  ck_assert_ptr_nonnull (strstr (owner, "dbname=" EP_CLUSTER_DATABASE));
  ck_assert_ptr_nonnull (strstr (owner, socket_dir));

  /* Exactly what the cluster itself gives. */
  g_autoptr (EpCluster) cluster = ep_cluster_new (var_dir);
  g_autofree gchar *cluster_app = ep_cluster_conninfo (cluster, EP_CLUSTER_APP_ROLE);
  ck_assert_str_eq (app, cluster_app);

  /* Nothing was touched on disk. */
  ck_assert (!g_file_test (var_dir, G_FILE_TEST_EXISTS));
}
END_TEST

START_TEST (test_embedded_default_var_dir)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (EpDbConfig) config = ep_db_config_load (EP_DB_PURPOSE_OWNER, &error);

  EP_ASSERT_NO_ERROR (config != NULL, error);
  ck_assert_ptr_null (config->conninfo);
  ck_assert_str_eq (config->source, "embedded");
  g_autoptr (EpCluster) expected = ep_cluster_new ("var");
  g_autofree gchar *expected_owner = ep_cluster_conninfo (expected, EP_CLUSTER_OWNER_ROLE);
  g_autofree gchar *owner = ep_db_config_resolve (config, EP_DB_PURPOSE_OWNER);
  ck_assert_str_eq (owner, expected_owner);
  ck_assert_ptr_nonnull (strstr (owner, "user=" EP_CLUSTER_OWNER_ROLE));
}
END_TEST

/* The audit checkpoint file's path, as loaded now. */
static gchar *
checkpoint_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (EpDbConfig) config = ep_db_config_load (EP_DB_PURPOSE_APP, &error);
  EP_ASSERT_NO_ERROR (config != NULL, error);
  return g_strdup (config->audit_checkpoint_file);
}

/* The checkpoint file: the environment, else [audit] checkpoint_file, else the var directory
 * on the embedded cluster only; a configured database without one has none. */
START_TEST (test_checkpoint_file)
{
  g_autofree gchar *var_dir = g_build_filename (tmp_dir, "var", NULL);
  g_autofree gchar *in_var = g_build_filename (var_dir, "audit-checkpoints.log", NULL);
  g_setenv ("EENPLAN_VAR_DIR", var_dir, TRUE);
  g_autofree gchar *embedded = checkpoint_file ();
  ck_assert_str_eq (embedded, in_var);

  g_autofree gchar *plain = write_file ("plain.conf", full_config);
  g_setenv ("EENPLAN_CONFIG", plain, TRUE);
  g_autofree gchar *none = checkpoint_file ();
  ck_assert_ptr_null (none);

  g_autofree gchar *named_conf
    = g_strconcat (full_config, "[audit]\n", "checkpoint_file=/srv/getuige/eenplan.log\n", NULL);
  g_autofree gchar *named = write_file ("named.conf", named_conf);
  g_setenv ("EENPLAN_CONFIG", named, TRUE);
  g_autofree gchar *from_file = checkpoint_file ();
  ck_assert_str_eq (from_file, "/srv/getuige/eenplan.log");

  g_setenv ("EENPLAN_AUDIT_CHECKPOINT_FILE", "/var/log/eenplan/checkpoints.log", TRUE);
  g_autofree gchar *from_env = checkpoint_file ();
  ck_assert_str_eq (from_env, "/var/log/eenplan/checkpoints.log");

  g_unsetenv ("EENPLAN_AUDIT_CHECKPOINT_FILE");
  g_unsetenv ("EENPLAN_CONFIG");
  g_setenv ("EENPLAN_DATABASE_URL", ENV_URL, TRUE);
  g_autofree gchar *with_url = checkpoint_file ();
  ck_assert_ptr_null (with_url);
}
END_TEST

Suite *
ep_test_config_suite (void)
{
  Suite *suite = suite_create ("config");
  TCase *load = tcase_create ("load");

  tcase_add_unchecked_fixture (load, config_base_setup, config_base_teardown);
  tcase_add_checked_fixture (load, config_setup, config_teardown);
  tcase_add_test (load, test_url_wins);
  tcase_add_test (load, test_config_file);
  tcase_add_test (load, test_config_file_in_working_directory);
  tcase_add_test (load, test_empty_owner_url);
  tcase_add_loop_test (load, test_bad_config_file, 0, G_N_ELEMENTS (bad_configs));
  tcase_add_test (load, test_embedded);
  tcase_add_test (load, test_embedded_default_var_dir);
  tcase_add_test (load, test_checkpoint_file);
  suite_add_tcase (suite, load);
  return suite;
}
