/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-time.c — unit tests of core/ep-time: strict calendar dates (leap years included),
 * date-times that must carry a zone, and the one UTC millisecond output form.
 */
#include "unit-suites.h"

#include "ep-time.h"

#define MSG_DATE_FORM "date must have the form YYYY-MM-DD"
#define MSG_DATE_TRAILING "date must be exactly YYYY-MM-DD, with nothing after it"
#define MSG_NO_ZONE "date-time has no time zone: add 'Z' or an offset such as +01:00"
#define MSG_DT_FORM "date-time must begin with a date as YYYY-MM-DD"
#define MSG_FRACTION "date-time must have 1 to 9 digits after the decimal point"
#define MSG_OFFSET "date-time must have its offset as +HH:MM or -HH:MM"
#define MSG_RANGE "date-time is outside the supported range (years 0001 to 9999 in UTC)"

/* ---- dates ---------------------------------------------------------------------------- */

static const struct
{
  const gchar *text;
  guint year, month, day;
} date_valid_cases[] = {
  { "2026-11-24", 2026, 11, 24 }, { "2024-02-29", 2024, 2, 29 }, /* leap year */
  { "2000-02-29", 2000, 2, 29 },                                 /* divisible by 400 */
  { "2023-02-28", 2023, 2, 28 },  { "2023-04-30", 2023, 4, 30 },  { "2023-12-31", 2023, 12, 31 },
  { "0001-01-01", 1, 1, 1 },      { "9999-12-31", 9999, 12, 31 },
};

START_TEST (test_date_parse_valid)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *formatted = NULL;
  GDate date;

  ck_assert_msg (ep_date_parse (date_valid_cases[_i].text, &date, &error), "%s: %s",
                 date_valid_cases[_i].text, error != NULL ? error->message : "");
  ck_assert_ptr_null (error);
  ck_assert (g_date_valid (&date));
  ck_assert_uint_eq (g_date_get_year (&date), date_valid_cases[_i].year);
  ck_assert_uint_eq (g_date_get_month (&date), date_valid_cases[_i].month);
  ck_assert_uint_eq (g_date_get_day (&date), date_valid_cases[_i].day);
  formatted = ep_date_format (&date);
  ck_assert_str_eq (formatted, date_valid_cases[_i].text);
}
END_TEST

static const struct
{
  const gchar *text;
  const gchar *message;
} date_invalid_cases[] = {
  { NULL, "date is missing" },
  { "", MSG_DATE_FORM },
  { "2023-02-29", "date has day 29, but that month has 28 days" }, /* not a leap year */
  { "1900-02-29", "date has day 29, but that month has 28 days" }, /* century, not leap */
  { "2024-02-30", "date has day 30, but that month has 29 days" },
  { "2023-04-31", "date has day 31, but that month has 30 days" },
  { "2023-01-00", "date has day 00, but that month has 31 days" },
  { "2023-01-32", "date has day 32, but that month has 31 days" },
  { "2023-13-01", "date has month 13, but months run from 01 to 12" },
  { "2023-00-10", "date has month 00, but months run from 01 to 12" },
  { "0000-01-01", "date has year 0000, but years run from 0001 to 9999" },
  { "2023-1-01", MSG_DATE_FORM },
  { "2023-01-1", MSG_DATE_FORM },
  { "23-01-01", MSG_DATE_FORM },
  { "2023/01/01", MSG_DATE_FORM },
  { "20230101", MSG_DATE_FORM },
  { "+2023-01-01", MSG_DATE_FORM },
  { " 2023-01-01", MSG_DATE_FORM },
  { "24-11-2026", MSG_DATE_FORM },
  { "2023-01-01 ", MSG_DATE_TRAILING },
  { "2023-01-01x", MSG_DATE_TRAILING },
  { "2023-01-010", MSG_DATE_TRAILING },
  { "2023-01-01T00:00:00Z", MSG_DATE_TRAILING },
};

START_TEST (test_date_parse_invalid)
{
  g_autoptr (GError) error = NULL;
  GDate date;

  g_date_set_dmy (&date, 1, G_DATE_JANUARY, 2000);
  ck_assert_msg (!ep_date_parse (date_invalid_cases[_i].text, &date, &error), "'%s' accepted",
                 date_invalid_cases[_i].text);
  EP_ASSERT_CORE_ERROR (error, EP_CORE_ERROR_INVALID_DATE, date_invalid_cases[_i].message);
  ck_assert (!g_date_valid (&date));
}
END_TEST

START_TEST (test_date_format)
{
  GDate *date = g_date_new_dmy (5, G_DATE_MARCH, 7);
  g_autofree gchar *early = ep_date_format (date);
  g_autofree gchar *late = NULL;

  ck_assert_str_eq (early, "0007-03-05");
  g_date_set_dmy (date, 24, G_DATE_NOVEMBER, 2026);
  late = ep_date_format (date);
  ck_assert_str_eq (late, "2026-11-24");
  g_date_free (date);
}
END_TEST

/* ---- date-times ----------------------------------------------------------------------- */

static const struct
{
  const gchar *text;
  const gchar *utc;
  gint64 utc_offset_seconds;
  gint microsecond;
} datetime_valid_cases[] = {
  { "2026-11-24T10:15:30.123Z", "2026-11-24T10:15:30.123Z", 0, 123000 },
  { "2026-11-24T10:15:30Z", "2026-11-24T10:15:30.000Z", 0, 0 },
  { "2026-11-24T11:15:30.123+01:00", "2026-11-24T10:15:30.123Z", 3600, 123000 },
  { "2026-11-24T05:45:30.5-04:30", "2026-11-24T10:15:30.500Z", -16200, 500000 },
  { "2026-11-24T10:15:30-00:00", "2026-11-24T10:15:30.000Z", 0, 0 },
  { "2026-11-24t10:15:30.123456z", "2026-11-24T10:15:30.123Z", 0, 123456 },
  { "2026-11-24T10:15:30.123456789Z", "2026-11-24T10:15:30.123Z", 0, 123456 }, /* truncated */
  { "2026-11-24T10:15:30.9999Z", "2026-11-24T10:15:30.999Z", 0, 999900 },      /* not rounded */
  { "2026-11-24T10:15:30.000001Z", "2026-11-24T10:15:30.000Z", 0, 1 },
  { "2024-02-29T23:59:59.999-01:00", "2024-03-01T00:59:59.999Z", -3600, 999000 },
  { "2026-01-01T00:30:00+01:00", "2025-12-31T23:30:00.000Z", 3600, 0 },
  { "2026-03-29T02:30:00+23:59", "2026-03-28T02:31:00.000Z", 86340, 0 },
  { "0001-01-01T00:00:00Z", "0001-01-01T00:00:00.000Z", 0, 0 },
  { "9999-12-31T23:59:59.999999Z", "9999-12-31T23:59:59.999Z", 0, 999999 },
};

START_TEST (test_datetime_parse_valid)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) dt = ep_datetime_parse (datetime_valid_cases[_i].text, &error);
  g_autofree gchar *formatted = NULL;

  ck_assert_msg (dt != NULL, "'%s' refused: %s", datetime_valid_cases[_i].text,
                 error != NULL ? error->message : "");
  ck_assert_ptr_null (error);
  ck_assert_int_eq (g_date_time_get_utc_offset (dt) / G_TIME_SPAN_SECOND,
                    datetime_valid_cases[_i].utc_offset_seconds);
  ck_assert_int_eq (g_date_time_get_microsecond (dt), datetime_valid_cases[_i].microsecond);
  formatted = ep_datetime_format (dt);
  ck_assert_str_eq (formatted, datetime_valid_cases[_i].utc);
}
END_TEST

static const struct
{
  const gchar *text;
  const gchar *message;
} datetime_invalid_cases[] = {
  { NULL, "date-time is missing" },
  { "", MSG_DT_FORM },
  { "2026-11-24T10:15:30", MSG_NO_ZONE }, /* local time: names no moment */
  { "2026-11-24T10:15:30.123", MSG_NO_ZONE },
  { "2026-11-24", "date-time has no time: expected 'T' and HH:MM:SS and a zone after the date" },
  { "2026-11-24 10:15:30Z", "date-time must separate date and time with 'T'" },
  { "2026-11-24T10:15Z", "date-time must have its time as HH:MM:SS" },
  { "2026-11-24T1:15:30Z", "date-time must have its time as HH:MM:SS" },
  { "2026-11-24T24:00:00Z", "date-time has hour 24, but hours run from 00 to 23" },
  { "2026-11-24T10:60:00Z", "date-time has minute 60, but minutes run from 00 to 59" },
  { "2016-12-31T23:59:60Z",
    "date-time has second 60, but seconds run from 00 to 59 (no leap seconds)" },
  { "2026-11-24T10:15:30.Z", MSG_FRACTION },
  { "2026-11-24T10:15:30.1234567890Z", MSG_FRACTION },
  { "2026-11-24T10:15:30,123Z", "date-time must end in 'Z' or an offset such as +01:00" },
  { "2026-11-24T10:15:30 Z", "date-time must end in 'Z' or an offset such as +01:00" },
  { "2026-11-24T10:15:30+0100", MSG_OFFSET },
  { "2026-11-24T10:15:30+01", MSG_OFFSET },
  { "2026-11-24T10:15:30+1:00", MSG_OFFSET },
  { "2026-11-24T10:15:30+24:00", "date-time has an offset beyond 23:59" },
  { "2026-11-24T10:15:30+01:60", "date-time has an offset beyond 23:59" },
  { "2026-11-24T10:15:30ZZ", "date-time has characters after the time zone" },
  { "2026-11-24T10:15:30+01:00 ", "date-time has characters after the time zone" },
  { "2026-02-30T10:15:30Z", "date-time has day 30, but that month has 28 days" },
  { "2026-13-01T10:15:30Z", "date-time has month 13, but months run from 01 to 12" },
  { "2026-W48-2", MSG_DT_FORM },
  { "20261124T101530Z", MSG_DT_FORM },
  { "0001-01-01T00:30:00+01:00", MSG_RANGE },
  { "9999-12-31T23:30:00-01:00", MSG_RANGE },
};

START_TEST (test_datetime_parse_invalid)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) dt = ep_datetime_parse (datetime_invalid_cases[_i].text, &error);

  ck_assert_msg (dt == NULL, "'%s' accepted", datetime_invalid_cases[_i].text);
  EP_ASSERT_CORE_ERROR (error, EP_CORE_ERROR_INVALID_DATE, datetime_invalid_cases[_i].message);
}
END_TEST

START_TEST (test_datetime_format)
{
  g_autoptr (GTimeZone) amsterdam_winter = g_time_zone_new_offset (3600);
  g_autoptr (GDateTime) local = g_date_time_new (amsterdam_winter, 2026, 11, 24, 11, 15, 30.0);
  g_autoptr (GDateTime) precise = g_date_time_add (local, 123999);
  g_autoptr (GDateTime) epoch = g_date_time_new_from_unix_utc (0);
  g_autofree gchar *a = ep_datetime_format (precise);
  g_autofree gchar *b = ep_datetime_format (epoch);

  ck_assert_str_eq (a, "2026-11-24T10:15:30.123Z");
  ck_assert_str_eq (b, "1970-01-01T00:00:00.000Z");
}
END_TEST

/* What ep_datetime_format writes, ep_datetime_parse reads back to the same instant. */
START_TEST (test_datetime_round_trip)
{
  g_autoptr (GDateTime) now_full = g_date_time_new_now_utc ();
  g_autoptr (GDateTime) now = g_date_time_add (
    now_full, -(g_date_time_get_microsecond (now_full) % 1000)); /* to whole milliseconds */
  g_autofree gchar *text = ep_datetime_format (now);
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) back = ep_datetime_parse (text, &error);
  g_autofree gchar *again = NULL;

  ck_assert_ptr_null (error);
  ck_assert_ptr_nonnull (back);
  ck_assert (g_date_time_equal (now, back));
  again = ep_datetime_format (back);
  ck_assert_str_eq (again, text);
}
END_TEST

Suite *
ep_test_time_suite (void)
{
  Suite *suite = suite_create ("time");
  TCase *date = tcase_create ("date");
  TCase *datetime = tcase_create ("datetime");

  tcase_add_loop_test (date, test_date_parse_valid, 0, G_N_ELEMENTS (date_valid_cases));
  tcase_add_loop_test (date, test_date_parse_invalid, 0, G_N_ELEMENTS (date_invalid_cases));
  tcase_add_test (date, test_date_format);
  tcase_add_loop_test (datetime, test_datetime_parse_valid, 0, G_N_ELEMENTS (datetime_valid_cases));
  tcase_add_loop_test (datetime, test_datetime_parse_invalid, 0,
                       G_N_ELEMENTS (datetime_invalid_cases));
  tcase_add_test (datetime, test_datetime_format);
  tcase_add_test (datetime, test_datetime_round_trip);

  suite_add_tcase (suite, date);
  suite_add_tcase (suite, datetime);
  return suite;
}
