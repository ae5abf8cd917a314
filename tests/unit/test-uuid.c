/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-uuid.c — unit tests of core/ep-uuid: the layout of new UUIDv7s (version and variant
 * bits, timestamp prefix, ordering, uniqueness) and the validation table.
 */
#include "unit-suites.h"

#include "ep-uuid.h"

#include <string.h>

/* The 48-bit millisecond timestamp in the first 12 hex digits of a UUIDv7. */
static guint64
uuid_timestamp_ms (const gchar *uuid)
{
  gchar hex[13];

  memcpy (hex, uuid, 8);
  memcpy (hex + 8, uuid + 9, 4);
  hex[12] = '\0';
  return g_ascii_strtoull (hex, NULL, 16);
}

START_TEST (test_uuid_new_layout)
{
  for (gint n = 0; n < 200; n++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree gchar *uuid = ep_uuid_new (NULL);

      ck_assert_uint_eq (strlen (uuid), EP_UUID_STRING_LEN);
      ck_assert_msg (ep_uuid_validate (uuid, &error), "%s: %s", uuid,
                     error != NULL ? error->message : "");
      for (gsize i = 0; i < EP_UUID_STRING_LEN; i++)
        if (uuid[i] != '-')
          ck_assert_msg (g_ascii_isdigit (uuid[i]) || (uuid[i] >= 'a' && uuid[i] <= 'f'),
                         "not lowercase hex: %s", uuid);
      ck_assert_msg (uuid[14] == '7', "version nibble is not 7: %s", uuid);
      ck_assert_msg (strchr ("89ab", uuid[19]) != NULL, "variant bits are not 10: %s", uuid);
    }
}
END_TEST

START_TEST (test_uuid_new_timestamp)
{
  guint64 before = (guint64) g_get_real_time () / 1000;
  g_autofree gchar *uuid = ep_uuid_new (NULL);
  guint64 after = (guint64) g_get_real_time () / 1000;
  guint64 stamp = uuid_timestamp_ms (uuid);

  ck_assert_uint_ge (stamp, before);
  ck_assert_uint_le (stamp, after);
}
END_TEST

/* Ids made one after another never go back in time (as long as the clock does not), and the
 * text form sorts like the timestamp. */
START_TEST (test_uuid_new_ordered_prefix)
{
  g_autofree gchar *previous = ep_uuid_new (NULL);

  for (gint n = 0; n < 2000; n++)
    {
      g_autofree gchar *next = ep_uuid_new (NULL);

      ck_assert_uint_ge (uuid_timestamp_ms (next), uuid_timestamp_ms (previous));
      ck_assert_int_ge (strncmp (next, previous, 13), 0);
      g_free (previous);
      previous = g_steal_pointer (&next);
    }
}
END_TEST

START_TEST (test_uuid_new_unique)
{
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (gint n = 0; n < 10000; n++)
    ck_assert_msg (g_hash_table_add (seen, ep_uuid_new (NULL)), "repeated after %d", n);
}
END_TEST

static const struct
{
  const gchar *text;
  const gchar *message; /* NULL: valid */
} validate_cases[] = {
  { "0190b3c3-d5e6-7f01-8a2b-3c4d5e6f7a8b", NULL },
  { "0190B3C3-D5E6-7F01-8A2B-3C4D5E6F7A8B", NULL },
  { "f47ac10b-58cc-4372-a567-0e02b2c3d479", NULL }, /* v4 */
  { "00000000-0000-0000-0000-000000000000", NULL }, /* nil */
  { "ffffffff-ffff-ffff-ffff-ffffffffffff", NULL }, /* max */
  { "F47ac10b-58CC-4372-a567-0e02b2c3d479", NULL }, /* mixed case */
  { NULL, "UUID is missing" },
  { "", "UUID must be 36 characters (8-4-4-4-12 hexadecimal digits), but has 0" },
  { "0190b3c3d5e67f018a2b3c4d5e6f7a8b",
    "UUID must be 36 characters (8-4-4-4-12 hexadecimal digits), but has 32" },
  { "{0190b3c3-d5e6-7f01-8a2b-3c4d5e6f7a8b}",
    "UUID must be 36 characters (8-4-4-4-12 hexadecimal digits), but has 38" },
  { "urn:uuid:0190b3c3-d5e6-7f01-8a2b-3c4d5e6f7a8b",
    "UUID must be 36 characters (8-4-4-4-12 hexadecimal digits), but has 45" },
  { "0190b3c3-d5e6-7f01-8a2b-3c4d5e6f7a8b ",
    "UUID must be 36 characters (8-4-4-4-12 hexadecimal digits), but has 37" },
  { "g190b3c3-d5e6-7f01-8a2b-3c4d5e6f7a8b", "UUID must have a hexadecimal digit at character 1" },
  { "0190b3c3-d5e6-7f01-8a2b-3c4d5e6f7a8z", "UUID must have a hexadecimal digit at character 36" },
  { "0190b3c3_d5e6-7f01-8a2b-3c4d5e6f7a8b", "UUID must have '-' at character 9" },
  { "0190b3c3-d5e6-7f01-8a2b3-c4d5e6f7a8b", "UUID must have '-' at character 24" },
  { "0190b3c-3d5e6-7f01-8a2b-3c4d5e6f7a8b", "UUID must have a hexadecimal digit at character 8" },
  { "0190b3c3-d5e6-7f01-8a2b-3c4d5e6f7a\xc3\xa9",
    "UUID must have a hexadecimal digit at character 35" },
};

START_TEST (test_uuid_validate)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = ep_uuid_validate (validate_cases[_i].text, &error);

  if (validate_cases[_i].message == NULL)
    {
      ck_assert_msg (ok, "'%s' refused: %s", validate_cases[_i].text,
                     error != NULL ? error->message : "");
      ck_assert_ptr_null (error);
    }
  else
    {
      ck_assert_msg (!ok, "'%s' accepted", validate_cases[_i].text);
      EP_ASSERT_CORE_ERROR (error, EP_CORE_ERROR_INVALID_UUID, validate_cases[_i].message);
    }
}
END_TEST

Suite *
ep_test_uuid_suite (void)
{
  Suite *suite = suite_create ("uuid");
  TCase *generate = tcase_create ("new");
  TCase *validate = tcase_create ("validate");

  tcase_add_test (generate, test_uuid_new_layout);
  tcase_add_test (generate, test_uuid_new_timestamp);
  tcase_add_test (generate, test_uuid_new_ordered_prefix);
  tcase_add_test (generate, test_uuid_new_unique);
  tcase_add_loop_test (validate, test_uuid_validate, 0, G_N_ELEMENTS (validate_cases));

  suite_add_tcase (suite, generate);
  suite_add_tcase (suite, validate);
  return suite;
}
