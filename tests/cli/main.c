/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * main.c: the test-cli runner. Starts two throw-away PostgreSQL clusters (the tests' own, and an
 * empty one for `eenplan demo load`, which only loads into a database without municipalities),
 * makes the directory the tests make theirs in, runs every cli suite in one SRunner, and removes
 * it all at the end.
 *
 * Check's environment variables select a part: CK_RUN_SUITE=audit, CK_RUN_CASE, CK_FORK=no to
 * run in-process. Exit status 0 only if every check passed.
 */
#include "cli-suites.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>

/* Removes @path and everything below it (what the tests made: plain files and directories). */
static void
remove_tree (const gchar *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  for (const gchar *name; dir != NULL && (name = g_dir_read_name (dir)) != NULL;)
    {
      g_autofree gchar *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else if (g_unlink (child) != 0)
        fprintf (stderr, "test-cli: cannot remove %s\n", child);
    }
  if (g_rmdir (path) != 0)
    fprintf (stderr, "test-cli: cannot remove %s\n", path);
}

int
main (void)
{
  g_autoptr (GError) error = NULL;

  ep_test_cluster = ep_test_db_start ();
  ep_cli_demo_cluster = ep_test_db_start ();
  ep_cli_base_dir = g_dir_make_tmp ("eenplan-cli-XXXXXX", &error);
  if (ep_cli_base_dir == NULL)
    {
      fprintf (stderr, "test-cli: cannot make a temporary directory: %s\n", error->message);
      ep_test_db_stop (ep_cli_demo_cluster);
      ep_test_db_stop (ep_test_cluster);
      return EXIT_FAILURE;
    }

  SRunner *runner = srunner_create (ep_cli_usage_suite ());
  srunner_add_suite (runner, ep_cli_household_suite ());
  srunner_add_suite (runner, ep_cli_intake_suite ());
  srunner_add_suite (runner, ep_cli_audit_suite ());
  srunner_add_suite (runner, ep_cli_user_suite ());
  srunner_add_suite (runner, ep_cli_plan_suite ());
  srunner_add_suite (runner, ep_cli_demo_suite ());

  srunner_run_all (runner, CK_NORMAL);
  int n_failed = srunner_ntests_failed (runner);
  srunner_free (runner);

  remove_tree (ep_cli_base_dir);
  g_clear_pointer (&ep_cli_base_dir, g_free);
  ep_test_db_stop (ep_cli_demo_cluster);
  ep_test_db_stop (ep_test_cluster);
  ep_cli_demo_cluster = ep_test_cluster = NULL;
  return n_failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
