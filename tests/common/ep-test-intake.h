/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-test-intake.h: an assertion the intake tests share (unit and db).
 */
#pragma once

#include <check.h>

#include "ep-intake.h"

/*
 * ASSERT_INTAKE_ERROR (error, want_code, want_path): asserts that @error is an
 * EP_INTAKE_ERROR with @want_code that names the JSON path @want_path. A macro,
 * so that Check reports the caller's line.
 */
#define ASSERT_INTAKE_ERROR(error, want_code, want_path)                                           \
  do                                                                                               \
    {                                                                                              \
      const GError *e_ = (error);                                                                  \
      ck_assert_msg (e_ != NULL, "expected an error at %s, got none", (want_path));                \
      ck_assert_msg (g_error_matches (e_, EP_INTAKE_ERROR, (want_code)),                           \
                     "expected EP_INTAKE_ERROR code %d at %s, got %s code %d: %s",                 \
                     (int) (want_code), (want_path), g_quark_to_string (e_->domain), e_->code,     \
                     e_->message);                                                                 \
      g_autofree gchar *path_ = ep_intake_error_path (e_);                                         \
      ck_assert_str_eq (path_, (want_path));                                                       \
    }                                                                                              \
  while (0)
