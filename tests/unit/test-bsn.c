/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-bsn.c — unit tests of core/ep-bsn: parsing and the elfproef, the test range, the keyed
 * pseudonym and the display mask.
 *
 * Expected pseudonyms were computed independently with OpenSSL's command line, e.g.
 *   printf 'bsn:123456782' | openssl dgst -sha256 -hmac 'eenplan-test-key-0123456789'
 * Elfproef sums of the boundary numbers, for the reader:
 *   123456782: 9+16+21+24+25+24+21+16-2 = 154 = 14*11
 *   012345672 (from "12345672"): 0+8+14+18+20+20+18+14-2 = 110 = 10*11
 *   999900006 (first test number): 81+72+63+54+0+0+0+0-6 = 264 = 24*11
 *   999999990 (last test number): 81+72+63+54+45+36+27+18-0 = 396 = 36*11
 *   999899995 (largest valid number below the test range): 385 = 35*11
 * so both ends of the official test range pass the elfproef themselves.
 */
#include "unit-suites.h"

#include "ep-bsn.h"

#include <string.h>

#define KEY_A "eenplan-test-key-0123456789"
#define KEY_B "eenplan-test-key-9876543210"
#define KEY_16 "0123456789abcdef"

#define MSG_LENGTH(n) "BSN must have 9 digits (or 8 without the leading zero), but has " n
#define MSG_CHARACTER(n) "BSN may contain only the digits 0-9, but character " n " is not a digit"
#define MSG_ELFPROEF "BSN fails the elfproef (weighted digit sum is not divisible by 11)"
#define MSG_ZEROS "BSN may not be all zeros"
#define MSG_TEST_RANGE                                                                             \
  "BSN is a test number (range 999900006-999999990), which is not accepted here"

/* ---- ep_bsn_parse: accepted ------------------------------------------------------------- */

static const struct
{
  const gchar *text;
  EpBsnFlags flags;
  const gchar *expected;
} valid_cases[] = {
  { "123456782", EP_BSN_NONE, "123456782" },
  { "12345672", EP_BSN_NONE, "012345672" },  /* 8 digits: leading zero added */
  { "012345672", EP_BSN_NONE, "012345672" }, /* the same number given with its zero */
  { "10000008", EP_BSN_NONE, "010000008" },
  { "  123456782\n", EP_BSN_NONE, "123456782" }, /* surrounding whitespace trimmed */
  { "\t12345672 ", EP_BSN_NONE, "012345672" },
  { "999900006", EP_BSN_NONE, "999900006" }, /* test numbers accepted by default */
  { "999999990", EP_BSN_NONE, "999999990" },
  { "999999989", EP_BSN_NONE, "999999989" },
  { "123456782", EP_BSN_REJECT_TEST_RANGE, "123456782" },
  { "999899995", EP_BSN_REJECT_TEST_RANGE, "999899995" }, /* just below the test range */
  { "111222333", EP_BSN_REJECT_TEST_RANGE, "111222333" },
};

START_TEST (test_bsn_parse_valid)
{
  g_autoptr (GError) error = NULL;
  gchar out[10] = "x";
  gboolean ok = ep_bsn_parse (valid_cases[_i].text, valid_cases[_i].flags, out, &error);

  ck_assert_msg (ok, "'%s' refused: %s", valid_cases[_i].text,
                 error != NULL ? error->message : "(no error)");
  ck_assert_ptr_null (error);
  ck_assert_str_eq (out, valid_cases[_i].expected);
}
END_TEST

/* ---- ep_bsn_parse: refused ------------------------------------------------------------ */

static const struct
{
  const gchar *text;
  EpBsnFlags flags;
  EpCoreError code;
  const gchar *message;
} invalid_cases[] = {
  { NULL, EP_BSN_NONE, EP_CORE_ERROR_BSN_LENGTH, "BSN is missing" },
  { "", EP_BSN_NONE, EP_CORE_ERROR_BSN_LENGTH, "BSN is empty" },
  { " \t\n", EP_BSN_NONE, EP_CORE_ERROR_BSN_LENGTH, "BSN is empty" },
  { "1234567", EP_BSN_NONE, EP_CORE_ERROR_BSN_LENGTH, MSG_LENGTH ("7") },
  { "1234567820", EP_BSN_NONE, EP_CORE_ERROR_BSN_LENGTH, MSG_LENGTH ("10") },
  { "0123456782", EP_BSN_NONE, EP_CORE_ERROR_BSN_LENGTH, MSG_LENGTH ("10") },
  { "12345678a", EP_BSN_NONE, EP_CORE_ERROR_BSN_CHARACTER, MSG_CHARACTER ("9") },
  { "abcdefghi", EP_BSN_NONE, EP_CORE_ERROR_BSN_CHARACTER, MSG_CHARACTER ("1") },
  { "1234.56.782", EP_BSN_NONE, EP_CORE_ERROR_BSN_CHARACTER, MSG_CHARACTER ("5") },
  { "123 456 782", EP_BSN_NONE, EP_CORE_ERROR_BSN_CHARACTER, MSG_CHARACTER ("4") },
  { " 123 456 782 ", EP_BSN_NONE, EP_CORE_ERROR_BSN_CHARACTER, MSG_CHARACTER ("4") },
  { "123-45-6782", EP_BSN_NONE, EP_CORE_ERROR_BSN_CHARACTER, MSG_CHARACTER ("4") },
  { "+123456782", EP_BSN_NONE, EP_CORE_ERROR_BSN_CHARACTER, MSG_CHARACTER ("1") },
  { "12345678\xc2\xa0", EP_BSN_NONE, EP_CORE_ERROR_BSN_CHARACTER, MSG_CHARACTER ("9") },
  { "\xef\xbc\x91"
    "23456782",
    EP_BSN_NONE, EP_CORE_ERROR_BSN_CHARACTER, MSG_CHARACTER ("1") },
  { "123456789", EP_BSN_NONE, EP_CORE_ERROR_BSN_ELFPROEF, MSG_ELFPROEF },
  { "123456783", EP_BSN_NONE, EP_CORE_ERROR_BSN_ELFPROEF, MSG_ELFPROEF },
  { "12345678", EP_BSN_NONE, EP_CORE_ERROR_BSN_ELFPROEF, MSG_ELFPROEF },
  { "999999991", EP_BSN_REJECT_TEST_RANGE, EP_CORE_ERROR_BSN_ELFPROEF, MSG_ELFPROEF },
  { "000000000", EP_BSN_NONE, EP_CORE_ERROR_BSN_ELFPROEF, MSG_ZEROS },
  { "00000000", EP_BSN_NONE, EP_CORE_ERROR_BSN_ELFPROEF, MSG_ZEROS },
  { "999900006", EP_BSN_REJECT_TEST_RANGE, EP_CORE_ERROR_BSN_TEST_RANGE, MSG_TEST_RANGE },
  { "999999990", EP_BSN_REJECT_TEST_RANGE, EP_CORE_ERROR_BSN_TEST_RANGE, MSG_TEST_RANGE },
  { "999999989", EP_BSN_REJECT_TEST_RANGE, EP_CORE_ERROR_BSN_TEST_RANGE, MSG_TEST_RANGE },
};

START_TEST (test_bsn_parse_invalid)
{
  g_autoptr (GError) error = NULL;
  gchar out[10] = "123456782";
  gboolean ok = ep_bsn_parse (invalid_cases[_i].text, invalid_cases[_i].flags, out, &error);

  ck_assert_msg (!ok, "'%s' accepted", invalid_cases[_i].text);
  EP_ASSERT_CORE_ERROR (error, invalid_cases[_i].code, invalid_cases[_i].message);
  ck_assert_str_eq (out, "");
}
END_TEST

/* No message ever carries the digits of the number it is about. */
START_TEST (test_bsn_messages_hide_digits)
{
  static const struct
  {
    const gchar *text;
    const gchar *digits;
  } inputs[] = {
    { "123456789", "123456789" }, { "999950010", "999950010" }, { "12345678a", "12345678" },
    { "1234567", "1234567" },     { "1234.56.782", "1234" },    { "12345678", "12345678" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr (GError) error = NULL;
      gchar out[10];

      ck_assert (!ep_bsn_parse (inputs[i].text, EP_BSN_REJECT_TEST_RANGE, out, &error));
      ck_assert_ptr_nonnull (error);
      ck_assert_msg (strstr (error->message, inputs[i].digits) == NULL,
                     "message repeats the input: %s", error->message);
    }
}
END_TEST

/* ---- ep_bsn_is_test_number ------------------------------------------------------------ */

static const struct
{
  const gchar *bsn9;
  gboolean expected;
} test_number_cases[] = {
  { "999900006", TRUE },  { "999999990", TRUE },  { "999950010", TRUE },
  { "999900005", FALSE }, { "999899995", FALSE }, { "999999991", FALSE },
  { "999999999", FALSE }, { "123456782", FALSE }, { "012345672", FALSE },
};

START_TEST (test_bsn_is_test_number)
{
  ck_assert_int_eq (ep_bsn_is_test_number (test_number_cases[_i].bsn9),
                    test_number_cases[_i].expected);
}
END_TEST

/* ---- ep_bsn_pseudonym ----------------------------------------------------------------- */

static const struct
{
  const gchar *bsn9;
  const gchar *key;
  const gchar *expected;
} pseudonym_cases[] = {
  { "123456782", KEY_A, "16990029ff5113d4b3781fe0e13e9a797316c4da74d4be0ad170b707013d30b6" },
  { "123456782", KEY_B, "d09a6388fd9571ebcada89062cd8cc5f52a7764bb50ed6f19c9600f026e3e501" },
  { "012345672", KEY_A, "9218331d09ac3b90bbf60eeef4f8fea871f7e1b6d1b0af92af384b5330f257fb" },
  { "999900006", KEY_A, "6703ad186edb48a42329542ad72c30c8688abe56d0e4ddc0ff265fcfae491bbd" },
  { "123456782", KEY_16, "d3eb076505f39d66bb5926049d54284b0073abf58f4f7aff1f8125d33fe60705" },
};

START_TEST (test_bsn_pseudonym_value)
{
  g_autoptr (GError) error = NULL;
  const gchar *key = pseudonym_cases[_i].key;
  g_autofree gchar *pseudonym
    = ep_bsn_pseudonym (pseudonym_cases[_i].bsn9, (const guint8 *) key, strlen (key), &error);

  ck_assert_ptr_null (error);
  ck_assert_ptr_nonnull (pseudonym);
  ck_assert_str_eq (pseudonym, pseudonym_cases[_i].expected);
}
END_TEST

START_TEST (test_bsn_pseudonym_keys_differ)
{
  g_autoptr (GError) error_a = NULL;
  g_autoptr (GError) error_b = NULL;
  g_autofree gchar *a
    = ep_bsn_pseudonym ("123456782", (const guint8 *) KEY_A, strlen (KEY_A), &error_a);
  g_autofree gchar *b
    = ep_bsn_pseudonym ("123456782", (const guint8 *) KEY_B, strlen (KEY_B), &error_b);

  ck_assert_ptr_null (error_a);
  ck_assert_ptr_null (error_b);
  ck_assert_uint_eq (strlen (a), 64);
  ck_assert_uint_eq (strlen (b), 64);
  ck_assert_str_ne (a, b);
}
END_TEST

START_TEST (test_bsn_pseudonym_short_key)
{
  static const gsize lengths[] = { 0, 1, 15 };

  for (gsize i = 0; i < G_N_ELEMENTS (lengths); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree gchar *expected = g_strdup_printf (
        "BSN pseudonym key must be at least 16 bytes, but has %" G_GSIZE_FORMAT, lengths[i]);
      g_autofree gchar *pseudonym
        = ep_bsn_pseudonym ("123456782", (const guint8 *) KEY_16, lengths[i], &error);

      ck_assert_ptr_null (pseudonym);
      EP_ASSERT_CORE_ERROR (error, EP_CORE_ERROR_CRYPTO, expected);
    }
}
END_TEST

/* ---- ep_bsn_mask ---------------------------------------------------------------------- */

static const struct
{
  const gchar *bsn9;
  const gchar *expected;
} mask_cases[] = {
  { "123456782", "******782" },
  { "012345672", "******672" },
  { "999900006", "******006" },
};

START_TEST (test_bsn_mask)
{
  g_autofree gchar *masked = ep_bsn_mask (mask_cases[_i].bsn9);

  ck_assert_str_eq (masked, mask_cases[_i].expected);
}
END_TEST

Suite *
ep_test_bsn_suite (void)
{
  Suite *suite = suite_create ("bsn");
  TCase *parse = tcase_create ("parse");
  TCase *test_range = tcase_create ("test_range");
  TCase *pseudonym = tcase_create ("pseudonym");
  TCase *mask = tcase_create ("mask");

  tcase_add_loop_test (parse, test_bsn_parse_valid, 0, G_N_ELEMENTS (valid_cases));
  tcase_add_loop_test (parse, test_bsn_parse_invalid, 0, G_N_ELEMENTS (invalid_cases));
  tcase_add_test (parse, test_bsn_messages_hide_digits);
  tcase_add_loop_test (test_range, test_bsn_is_test_number, 0, G_N_ELEMENTS (test_number_cases));
  tcase_add_loop_test (pseudonym, test_bsn_pseudonym_value, 0, G_N_ELEMENTS (pseudonym_cases));
  tcase_add_test (pseudonym, test_bsn_pseudonym_keys_differ);
  tcase_add_test (pseudonym, test_bsn_pseudonym_short_key);
  tcase_add_loop_test (mask, test_bsn_mask, 0, G_N_ELEMENTS (mask_cases));

  suite_add_tcase (suite, parse);
  suite_add_tcase (suite, test_range);
  suite_add_tcase (suite, pseudonym);
  suite_add_tcase (suite, mask);
  return suite;
}
