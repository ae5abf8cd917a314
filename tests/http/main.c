/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * main.c: the test-http runner. Starts a throw-away PostgreSQL cluster (tests/common), then
 * `eenplan serve --port 0` against it as a configured database (EENPLAN_DATABASE_URL, the
 * application role), its log in a file where the port it listens on is read; runs every HTTP
 * suite; stops the server with SIGTERM (it drains) and the cluster.
 */
#include "http-suites.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int
main (void)
{
  const gchar *eenplan = g_getenv ("EP_EENPLAN");
  if (eenplan == NULL)
    {
      fprintf (stderr, "test-http: EP_EENPLAN is not set (tests/http/meson.build sets it)\n");
      return EXIT_FAILURE;
    }
  ep_test_cluster = ep_test_db_start ();
  {
    /* (Not ep_test_db_exec: outside a test, a Check assertion cannot report.) */
    PGconn *owner = PQconnectdb (ep_test_cluster->owner_conninfo);
    /* Each with its first administrator, made as the README makes one (ep_http_new_user()
     * acts as them). */
    PGresult *res = PQexec (owner, "INSERT INTO gemeente (gemeente, naam)"
                                   " VALUES ('GM0164', 'Hengelo'), ('GM0153', 'Enschede')"
                                   " ON CONFLICT DO NOTHING;"
                                   "INSERT INTO app_user (gemeente, username, display_name, role)"
                                   " VALUES ('GM0164', 'beheer.test', 'Beheer Test', 'admin'),"
                                   "        ('GM0153', 'beheer.test', 'Beheer Test', 'admin')"
                                   " ON CONFLICT DO NOTHING");
    gboolean ok = PQresultStatus (res) == PGRES_COMMAND_OK;
    if (!ok)
      fprintf (stderr, "test-http: cannot add the municipalities: %s", PQerrorMessage (owner));
    PQclear (res);
    PQfinish (owner);
    if (!ok)
      {
        ep_test_db_stop (ep_test_cluster);
        return EXIT_FAILURE;
      }
  }
  g_autoptr (GError) error = NULL;
  g_autofree gchar *dir = g_dir_make_tmp ("eenplan-http-XXXXXX", &error);
  g_assert_no_error (error);
  g_autofree gchar *log_path = g_build_filename (dir, "serve.log", NULL);
  g_auto (GStrv) env = g_get_environ ();
  env = g_environ_setenv (env, "EENPLAN_DATABASE_URL", ep_test_cluster->app_conninfo, TRUE);
  env = g_environ_setenv (env, "EENPLAN_VAR_DIR", dir, TRUE);
  env = g_environ_unsetenv (env, "EENPLAN_CONFIG");
  /* A BSN key of its own, so the server takes intakes with a BSN. */
  g_autofree gchar *key_path = g_build_filename (dir, "bsn-pseudonym.key", NULL);
  g_file_set_contents (
    key_path, "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n", -1, NULL);
  env = g_environ_setenv (env, "EENPLAN_PSEUDONYM_KEY", key_path, TRUE);
  /* The web UI's files: a fixture of a few (test-static.c), not web/dist, which needs npm. The
   * tests reach the server from 127.0.0.1, as a reverse proxy on the same machine would. */
  g_autofree gchar *web_dir = ep_http_static_fixture (dir);
  const gchar *argv[] = { eenplan, "serve", "--port",          "0",         "--workers", "4",
                          "--web", web_dir, "--trusted-proxy", "127.0.0.1", NULL };
  int log_fd = g_open (log_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  GPid pid = 0;
  gboolean started = log_fd >= 0
                     && g_spawn_async_with_pipes_and_fds (
                       dir, argv, (const gchar *const *) env, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                       -1, log_fd, log_fd, NULL, NULL, 0, &pid, NULL, NULL, NULL, &error);
  if (log_fd >= 0)
    close (log_fd);
  guint port = started ? ep_test_wait_for_port (log_path, pid) : 0;
  if (port == 0)
    {
      g_autofree gchar *log = NULL;
      g_file_get_contents (log_path, &log, NULL, NULL);
      fprintf (stderr, "test-http: the server did not start: %s\n%s\n", error ? error->message : "",
               log ? log : "");
      if (started)
        kill (pid, SIGKILL);
      ep_test_db_stop (ep_test_cluster);
      return EXIT_FAILURE;
    }
  ep_http_base = g_strdup_printf ("http://127.0.0.1:%u", port);

  SRunner *runner = srunner_create (ep_http_session_suite ());
  srunner_add_suite (runner, ep_http_authz_suite ());
  srunner_add_suite (runner, ep_http_intake_suite ());
  srunner_add_suite (runner, ep_http_plan_suite ());
  srunner_add_suite (runner, ep_http_ladder_suite ());
  srunner_add_suite (runner, ep_http_metrics_suite ());
  srunner_add_suite (runner, ep_http_shield_suite ());
  srunner_add_suite (runner, ep_http_partner_suite ());
  srunner_add_suite (runner, ep_http_users_suite ());
  srunner_add_suite (runner, ep_http_audit_suite ());
  srunner_add_suite (runner, ep_http_static_suite ());
  srunner_run_all (runner, CK_NORMAL);
  int n_failed = srunner_ntests_failed (runner);
  srunner_free (runner);

  kill (pid, SIGTERM);
  int status = 0;
  waitpid (pid, &status, 0);
  g_spawn_close_pid (pid);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      g_autofree gchar *log = NULL;
      g_file_get_contents (log_path, &log, NULL, NULL);
      fprintf (stderr, "test-http: the server did not stop cleanly (status %d); its log:\n%s\n",
               status, log ? log : "");
      n_failed++;
    }
  ep_http_static_fixture_remove (dir);
  g_unlink (log_path);
  g_unlink (key_path);
  g_rmdir (dir);
  g_free (ep_http_base);
  ep_test_db_stop (ep_test_cluster);
  return n_failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
