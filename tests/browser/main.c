/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * main.c: the browser suite's harness. Starts a throw-away PostgreSQL cluster (tests/common,
 * migrated) and uses it as `eenplan` uses its embedded cluster — EENPLAN_VAR_DIR pointing at it,
 * no database configured — so that `eenplan demo load` fills it and `eenplan serve` knows it runs
 * on the demo (GET /api/v1/demo answers). Then serves the built web UI (web/dist, `--web`) on a
 * free port, runs `node --test` on the tests of this folder (playwright-core driving Debian's
 * chromium) with the base URL, the owner's connection string and where to keep screenshots in
 * the environment, stops the server and removes the cluster. Fails when any node test fails,
 * or when the server does not stop cleanly.
 *
 * EP_BROWSER_ONLY (a comma-separated list of names: "plan,partner") runs only those files
 * (plan.test.mjs, partner.test.mjs) — for working on one page:
 *
 *   EP_BROWSER_ONLY=plan meson test -C build --suite browser
 */
#include "ep-test-db.h"
#include "ep-test-helpers.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Runs @argv in @dir with @env, its output on ours. Returns: its exit status, or -1. */
static int
run (const gchar *dir, const gchar *const *argv, const gchar *const *env)
{
  g_autoptr (GError) error = NULL;
  gint status = 0;
  if (!g_spawn_sync (dir, (gchar **) argv, (gchar **) env, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL,
                     NULL, NULL, &status, &error))
    {
      fprintf (stderr, "test-browser: cannot run %s: %s\n", argv[0], error->message);
      return -1;
    }
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
print_log (const gchar *what, const gchar *log_path)
{
  g_autofree gchar *log = NULL;
  g_file_get_contents (log_path, &log, NULL, NULL);
  fprintf (stderr, "test-browser: %s; the server's log:\n%s\n", what, log ? log : "");
}

int
main (void)
{
  const gchar *eenplan = g_getenv ("EP_EENPLAN");
  const gchar *web_dist = g_getenv ("EP_WEB_DIST");
  const gchar *tests = g_getenv ("EP_BROWSER_TESTS");
  const gchar *screenshots = g_getenv ("EP_SCREENSHOTS");
  if (eenplan == NULL || web_dist == NULL || tests == NULL || screenshots == NULL)
    {
      fprintf (stderr, "test-browser: EP_EENPLAN, EP_WEB_DIST, EP_BROWSER_TESTS and "
                       "EP_SCREENSHOTS must be set (tests/browser/meson.build sets them)\n");
      return EXIT_FAILURE;
    }
  g_autofree gchar *index = g_build_filename (web_dist, "index.html", NULL);
  g_autofree gchar *node = g_find_program_in_path ("node");
  if (!g_file_test (index, G_FILE_TEST_IS_REGULAR) || node == NULL)
    {
      fprintf (stderr, "test-browser: %s\n",
               node == NULL ? "node is not installed" : "web/dist is not built");
      fprintf (stderr, "test-browser: run ./dev build (or ./dev test), which installs node, npm "
                       "and chromium and builds web/dist\n");
      return EXIT_FAILURE;
    }
  g_mkdir_with_parents (screenshots, 0755);

  EpTestDb *db = ep_test_db_start ();
  g_autoptr (GError) error = NULL;
  g_autofree gchar *work = g_dir_make_tmp ("eenplan-browser-XXXXXX", &error);
  g_assert_no_error (error);
  g_auto (GStrv) env = g_get_environ ();
  env = g_environ_setenv (env, "EENPLAN_VAR_DIR", db->dir, TRUE);
  env = g_environ_unsetenv (env, "EENPLAN_DATABASE_URL");
  env = g_environ_unsetenv (env, "EENPLAN_CONFIG");
  env = g_environ_unsetenv (env, "EENPLAN_PSEUDONYM_KEY");
  env = g_environ_unsetenv (env, "EENPLAN_AUDIT_KEY");
  env = g_environ_unsetenv (env, "EENPLAN_AUDIT_CHECKPOINT_FILE");
  env = g_environ_unsetenv (env, "EENPLAN_WEB_DIR");

  int failed = 0;
  const gchar *bsn[] = { eenplan, "bsn", "keygen", "--if-missing", NULL };
  const gchar *audit[] = { eenplan, "audit", "keygen", "--if-missing", NULL };
  const gchar *demo[] = { eenplan, "demo", "load", NULL };
  if (run (work, bsn, (const gchar *const *) env) != 0
      || run (work, audit, (const gchar *const *) env) != 0
      || run (work, demo, (const gchar *const *) env) != 0)
    {
      fprintf (stderr, "test-browser: the demo database could not be prepared\n");
      ep_test_db_stop (db);
      return EXIT_FAILURE;
    }

  g_autofree gchar *log_path = g_build_filename (work, "serve.log", NULL);
  const gchar *serve[]
    = { eenplan, "serve", "--port", "0", "--workers", "4", "--web", web_dist, NULL };
  int log_fd = g_open (log_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  GPid pid = 0;
  gboolean started = log_fd >= 0
                     && g_spawn_async_with_pipes_and_fds (
                       work, serve, (const gchar *const *) env, G_SPAWN_DO_NOT_REAP_CHILD, NULL,
                       NULL, -1, log_fd, log_fd, NULL, NULL, 0, &pid, NULL, NULL, NULL, &error);
  if (log_fd >= 0)
    close (log_fd);
  guint port = started ? ep_test_wait_for_port (log_path, pid) : 0;
  if (port == 0)
    {
      print_log (error ? error->message : "the server did not start", log_path);
      if (started)
        kill (pid, SIGKILL);
      ep_test_db_stop (db);
      return EXIT_FAILURE;
    }

  g_autofree gchar *base = g_strdup_printf ("http://127.0.0.1:%u", port);
  g_autofree gchar *web_root = g_path_get_dirname (web_dist);
  g_auto (GStrv) node_env = g_strdupv (env);
  node_env = g_environ_setenv (node_env, "EP_BASE_URL", base, TRUE);
  node_env = g_environ_setenv (node_env, "EP_DATABASE_URL", db->owner_conninfo, TRUE);
  node_env = g_environ_setenv (node_env, "EP_WEB_ROOT", web_root, TRUE);
  node_env = g_environ_setenv (node_env, "EP_SCREENSHOTS", screenshots, TRUE);
  /* One file at a time: the files share the database, and the counts one checks are the
   * database's at that moment. */
  g_autoptr (GPtrArray) node_argv = g_ptr_array_new_with_free_func (g_free);
  for (const gchar *const *a = (const gchar *const[]){ node, "--test", "--test-concurrency=1",
                                                       "--test-reporter=spec", NULL };
       *a != NULL; a++)
    g_ptr_array_add (node_argv, g_strdup (*a));
  const gchar *only = g_getenv ("EP_BROWSER_ONLY");
  g_auto (GStrv) names = g_strsplit (only != NULL ? only : "", ",", -1);
  for (gchar **name = names; *name != NULL; name++)
    if (**name != '\0')
      g_ptr_array_add (node_argv, g_strdup_printf ("%s/%s.test.mjs", tests, g_strstrip (*name)));
  if (node_argv->len == 4)
    g_ptr_array_add (node_argv, g_strdup (tests)); /* every file of the folder */
  g_ptr_array_add (node_argv, NULL);
  int status = run (work, (const gchar *const *) node_argv->pdata, (const gchar *const *) node_env);
  if (status != 0)
    {
      fprintf (stderr, "test-browser: node --test exited with %d\n", status);
      failed++;
    }

  kill (pid, SIGTERM);
  int server_status = 0;
  waitpid (pid, &server_status, 0);
  g_spawn_close_pid (pid);
  if (!WIFEXITED (server_status) || WEXITSTATUS (server_status) != 0)
    {
      print_log ("the server did not stop cleanly", log_path);
      failed++;
    }
  else if (failed > 0)
    print_log ("a browser test failed", log_path);
  g_unlink (log_path);
  g_rmdir (work);
  ep_test_db_stop (db);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
