/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * main.c: the test-db runner. Starts a throw-away PostgreSQL cluster, migrates
 * it, creates the two test municipalities and runs every database suite in one
 * SRunner; stops and removes the cluster at the end.
 *
 * Check's environment variables select a part: CK_RUN_SUITE=pool, CK_RUN_CASE,
 * CK_FORK=no to run in-process (valgrind, gdb). Exit status 0 only if every
 * check passed.
 */
#include "db-suites.h"

#include <stdio.h>
#include <stdlib.h>

/* The municipalities of the tenant tests. Run as the owner (not subject to
 * row-level security), idempotently. */
static gboolean
insert_test_gemeenten (GError **error)
{
  g_autoptr (PGconn) owner = ep_db_connect (ep_test_cluster->owner_conninfo, error);
  g_autoptr (EpDbParams) params = ep_db_params_new ();

  ep_db_params_add_text (params, EP_TEST_GM_A);
  ep_db_params_add_text (params, EP_TEST_GM_B);
  return owner != NULL
         && ep_db_exec_command (owner,
                                "INSERT INTO gemeente (gemeente, naam)"
                                " VALUES ($1, 'Hengelo'), ($2, 'Enschede')"
                                " ON CONFLICT (gemeente) DO NOTHING",
                                params, "insert test municipalities", error);
}

int
main (void)
{
  g_autoptr (GError) error = NULL;
  int n_failed;

  ep_test_cluster = ep_test_db_start ();
  if (!insert_test_gemeenten (&error))
    {
      fprintf (stderr, "test-db: cannot create the test municipalities: %s\n", error->message);
      ep_test_db_stop (ep_test_cluster);
      return EXIT_FAILURE;
    }

  SRunner *runner = srunner_create (ep_test_errors_suite ());
  srunner_add_suite (runner, ep_test_migrate_suite ());
  srunner_add_suite (runner, ep_test_rls_suite ());
  srunner_add_suite (runner, ep_test_tx_suite ());
  srunner_add_suite (runner, ep_test_pool_suite ());
  srunner_add_suite (runner, ep_test_cluster_suite ());
  srunner_add_suite (runner, ep_test_config_suite ());
  srunner_add_suite (runner, ep_test_schema_suite ());
  srunner_add_suite (runner, ep_test_audit_suite ());
  srunner_add_suite (runner, ep_test_audit_concurrency_suite ());
  srunner_add_suite (runner, ep_test_audit_blocks_suite ());
  srunner_add_suite (runner, ep_test_intake_suite ());
  srunner_add_suite (runner, ep_test_lists_suite ());
  srunner_add_suite (runner, ep_test_plan_suite ());
  srunner_add_suite (runner, ep_test_ladder_suite ());
  srunner_add_suite (runner, ep_test_org_suite ());
  srunner_add_suite (runner, ep_test_conn_suite ());

  srunner_run_all (runner, CK_NORMAL);
  n_failed = srunner_ntests_failed (runner);
  srunner_free (runner);

  ep_test_db_stop (ep_test_cluster);
  ep_test_cluster = NULL;
  return n_failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
