/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * main.c — the test-unit runner: every unit suite in one SRunner.
 *
 * Runs all suites by default. Check's own environment variables select a part:
 * CK_RUN_SUITE=bsn runs one suite (meson registers one test per suite this way), CK_RUN_CASE
 * one test case, CK_FORK=no runs in-process (for valgrind and gdb). Exit status 0 only if every
 * check passed.
 */
#include "unit-suites.h"

#include <stdlib.h>

int
main (void)
{
  SRunner *runner = srunner_create (ep_test_bsn_suite ());
  int n_failed = 0;

  srunner_add_suite (runner, ep_test_crypto_suite ());
  srunner_add_suite (runner, ep_test_json_suite ());
  srunner_add_suite (runner, ep_test_json_corpus_suite ());
  srunner_add_suite (runner, ep_test_password_suite ());
  srunner_add_suite (runner, ep_test_time_suite ());
  srunner_add_suite (runner, ep_test_uuid_suite ());
  srunner_add_suite (runner, ep_test_vocab_suite ());
  srunner_add_suite (runner, ep_test_audit_chain_suite ());
  srunner_add_suite (runner, ep_test_signing_suite ());
  srunner_add_suite (runner, ep_test_intake_json_suite ());
  srunner_add_suite (runner, ep_test_carry_suite ());
  srunner_add_suite (runner, ep_test_plan_diff_suite ());

  srunner_run_all (runner, CK_NORMAL);
  n_failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return n_failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
