/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-password.c — unit tests of core/ep-password: the stored form, verification against a
 * known answer (RFC 7914's PBKDF2-HMAC-SHA256 vector), refusals, and when to hash again.
 */
#include "unit-suites.h"

#include "ep-password.h"

#include <string.h>

/* RFC 7914, section 11: PBKDF2-HMAC-SHA256 (P = "Password", S = "NaCl", c = 80000), the first 32
 * bytes, in our stored form. */
#define RFC7914 "pbkdf2-sha256$80000$TmFDbA==$TdzY9guYviGDDO5e8icB+WQaRBjQTAQUrv8Ih2s0q1Y="

START_TEST (test_password_known_answer)
{
  ck_assert (ep_password_verify ("Password", RFC7914));
  ck_assert (!ep_password_verify ("password", RFC7914));
  ck_assert (!ep_password_verify ("Password ", RFC7914));
  /* Old parameters: worth hashing again after a sign-in. */
  ck_assert (ep_password_needs_rehash (RFC7914));
}
END_TEST

START_TEST (test_password_hash_and_verify)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *a = ep_password_hash ("correct horse battery", &error);
  ck_assert_msg (a != NULL, "%s", error ? error->message : "");
  g_autofree gchar *b = ep_password_hash ("correct horse battery", &error);
  ck_assert_ptr_nonnull (b);

  ck_assert (g_regex_match_simple ("^pbkdf2-sha256\\$600000\\$[A-Za-z0-9+/]{22}==\\$"
                                   "[A-Za-z0-9+/]{43}=$",
                                   a, 0, 0));
  ck_assert_str_ne (a, b); /* a salt of its own */
  ck_assert (strstr (a, "correct") == NULL);
  ck_assert (ep_password_verify ("correct horse battery", a));
  ck_assert (!ep_password_verify ("correct horse batterY", a));
  ck_assert (!ep_password_needs_rehash (a));
}
END_TEST

/* What matches nothing: no user, a stored form that is not ours or is damaged. */
START_TEST (test_password_refused)
{
  static const gchar *const stored[] = {
    NULL,
    "",
    "plain-text-password",
    "pbkdf2-sha256$80000$TmFDbA==",
    "pbkdf2-sha256$999$TmFDbA==$TdzY9guYviGDDO5e8icB+WQaRBjQTAQUrv8Ih2s0q1Y=",
    "pbkdf2-sha256$80000$TmFDbA==$TdzY9guYviGDDO5e8icB+WQaRBjQTAQUrv8Ih2s0q1Y=$x",
    "pbkdf2-sha256$80000$TmFDbA==$AAAA",
    "pbkdf2-sha1$80000$TmFDbA==$TdzY9guYviGDDO5e8icB+WQaRBjQTAQUrv8Ih2s0q1Y=",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (stored); i++)
    {
      ck_assert_msg (!ep_password_verify ("Password", stored[i]), "case %zu", i);
      ck_assert (ep_password_needs_rehash (stored[i]));
    }
}
END_TEST

Suite *
ep_test_password_suite (void)
{
  Suite *suite = suite_create ("password");
  TCase *tc = tcase_create ("password");
  tcase_set_timeout (tc, 120); /* 600,000 iterations a hash, also under valgrind */
  tcase_add_test (tc, test_password_known_answer);
  tcase_add_test (tc, test_password_hash_and_verify);
  tcase_add_test (tc, test_password_refused);
  suite_add_tcase (suite, tc);
  return suite;
}
