/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * unit-suites.h — the Check suites of the unit tests (no database), one per core/ unit.
 *
 * Each test-*.c file exports one suite constructor; main.c runs them all in one SRunner.
 */
#pragma once

#include <check.h>
#include <glib.h>

#include "ep-core-error.h"

/*
 * EP_ASSERT_CORE_ERROR (error, want_code, want_message): asserts that @error is set, in
 * EP_CORE_ERROR with @want_code, and (unless @want_message is NULL) has exactly that message.
 * A macro, so that Check reports the caller's line.
 */
#define EP_ASSERT_CORE_ERROR(error, want_code, want_message)                                       \
  do                                                                                               \
    {                                                                                              \
      const GError *e_ = (error);                                                                  \
      const gchar *m_ = (want_message);                                                            \
      ck_assert_msg (e_ != NULL, "expected an error with code %d, got none", (int) (want_code));   \
      ck_assert_msg (g_error_matches (e_, EP_CORE_ERROR, (want_code)),                             \
                     "expected EP_CORE_ERROR code %d, got %s code %d: %s", (int) (want_code),      \
                     g_quark_to_string (e_->domain), e_->code, e_->message);                       \
      if (m_ != NULL)                                                                              \
        ck_assert_str_eq (e_->message, m_);                                                        \
    }                                                                                              \
  while (0)

Suite *ep_test_bsn_suite (void);
Suite *ep_test_crypto_suite (void);
Suite *ep_test_json_suite (void);
Suite *ep_test_json_corpus_suite (void);
Suite *ep_test_password_suite (void);
Suite *ep_test_time_suite (void);
Suite *ep_test_uuid_suite (void);
Suite *ep_test_vocab_suite (void);
Suite *ep_test_audit_chain_suite (void);
Suite *ep_test_signing_suite (void);
Suite *ep_test_intake_json_suite (void);
Suite *ep_test_carry_suite (void);
Suite *ep_test_plan_diff_suite (void);
