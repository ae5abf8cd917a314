/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-time.h — strict ISO 8601 dates and date-times for the API and the database.
 *
 * Calendar dates (a birth date, a plan's end date) are plain GDates in YYYY-MM-DD form.
 * Moments (when an event happened) are GDateTimes that always carry their zone on input and
 * are always written in UTC with millisecond precision, so stored and exchanged text sorts and
 * compares as time does. Input is RFC 3339: anything looser (week dates, basic format, local
 * times without a zone) is refused rather than guessed at.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * ep_date_parse:
 * @text: (nullable): a calendar date; NULL counts as missing
 * @out: (out caller-allocates): receives the date
 * @error: return location for a GError, or NULL
 *
 * Parses exactly "YYYY-MM-DD": four-digit year 0001–9999, two-digit month 01–12, two-digit day
 * that exists in that month (2024-02-29 yes, 2023-02-29 no). Nothing before or after, no
 * whitespace, no time part.
 *
 * Returns: TRUE with @out set; FALSE with EP_CORE_ERROR_INVALID_DATE naming the problem and @out
 *   cleared (g_date_valid() is FALSE). Messages do not repeat the whole date.
 */
gboolean ep_date_parse (const gchar *text, GDate *out, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_date_format:
 * @date: a valid date
 *
 * Returns: (transfer full): @date as "YYYY-MM-DD" (year zero-padded to four digits), free with
 *   g_free(). An invalid @date is a programmer error (critical warning, returns NULL).
 */
gchar *ep_date_format (const GDate *date) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_datetime_parse:
 * @text: (nullable): a date-time; NULL counts as missing
 * @error: return location for a GError, or NULL
 *
 * Parses an RFC 3339 date-time "YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)". The zone is
 * required: text without one is refused, as it names no moment. 'T' and 'Z' may be lower case.
 * The fraction has 1–9 digits and is truncated to microseconds (GDateTime's precision).
 * Leap seconds (:60) are refused, and so are moments whose UTC form falls outside the years
 * 0001–9999 (so ep_datetime_format() can always write them).
 *
 * Returns: (transfer full): the moment, in the zone given by @text; free with
 *   g_date_time_unref(). NULL with EP_CORE_ERROR_INVALID_DATE naming the problem otherwise.
 */
GDateTime *ep_datetime_parse (const gchar *text, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_datetime_format:
 * @dt: a date-time
 *
 * Formats @dt in UTC with exactly three fraction digits, e.g. "2026-11-24T10:15:30.123Z".
 * Microseconds beyond the millisecond are truncated, not rounded (so the text never moves into
 * the next second).
 *
 * Returns: (transfer full) (nullable): the text, free with g_free(). NULL (with a critical
 *   warning) only if @dt in UTC falls outside the years 0001–9999, which a GDateTime from
 *   ep_datetime_parse() or the clock never does.
 */
gchar *ep_datetime_format (GDateTime *dt) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
