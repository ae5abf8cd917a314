/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-time.c — strict RFC 3339 / ISO 8601 parsing and formatting (see ep-time.h).
 *
 * A small hand-written scanner rather than g_date_time_new_from_iso8601(), which accepts many
 * more forms (week and ordinal dates, basic format, missing zone with a default) than the API
 * should. Fields are read with a cursor; each check sets one precise error.
 */
#include "ep-time.h"

#include "ep-core-error.h"

#define USEC_PER_SEC G_GINT64_CONSTANT (1000000)

/* Reads exactly @n ASCII digits at *@p into @out and advances *@p. FALSE if they are not there. */
static gboolean
read_digits (const gchar **p, gint n, gint *out)
{
  gint value = 0;

  for (gint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      value = value * 10 + ((*p)[i] - '0');
    }
  *p += n;
  *out = value;
  return TRUE;
}

/* Reads "YYYY-MM-DD" at *@p, checks that the day exists, advances *@p. @in_datetime says
 * whether the date begins a date-time, for the messages. */
static gboolean
read_date (const gchar **p, gboolean in_datetime, gint *year, gint *month, gint *day,
           GError **error)
{
  const gchar *what = in_datetime ? "date-time" : "date";
  const gchar *q = *p;
  gint days_in_month = 0;

  if (!read_digits (&q, 4, year) || *q++ != '-' || !read_digits (&q, 2, month) || *q++ != '-'
      || !read_digits (&q, 2, day))
    {
      g_set_error (error, EP_CORE_ERROR, EP_CORE_ERROR_INVALID_DATE, "%s must %s YYYY-MM-DD", what,
                   in_datetime ? "begin with a date as" : "have the form");
      return FALSE;
    }
  if (*year < 1)
    {
      g_set_error (error, EP_CORE_ERROR, EP_CORE_ERROR_INVALID_DATE,
                   "%s has year 0000, but years run from 0001 to 9999", what);
      return FALSE;
    }
  if (*month < 1 || *month > 12)
    {
      g_set_error (error, EP_CORE_ERROR, EP_CORE_ERROR_INVALID_DATE,
                   "%s has month %02d, but months run from 01 to 12", what, *month);
      return FALSE;
    }
  days_in_month = g_date_get_days_in_month ((GDateMonth) *month, (GDateYear) *year);
  if (*day < 1 || *day > days_in_month)
    {
      g_set_error (error, EP_CORE_ERROR, EP_CORE_ERROR_INVALID_DATE,
                   "%s has day %02d, but that month has %d days", what, *day, days_in_month);
      return FALSE;
    }
  *p = q;
  return TRUE;
}

gboolean
ep_date_parse (const gchar *text, GDate *out, GError **error)
{
  const gchar *p = text;
  gint year = 0, month = 0, day = 0;

  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_date_clear (out, 1);
  if (text == NULL)
    {
      g_set_error_literal (error, EP_CORE_ERROR, EP_CORE_ERROR_INVALID_DATE, "date is missing");
      return FALSE;
    }
  if (!read_date (&p, FALSE, &year, &month, &day, error))
    return FALSE;
  if (*p != '\0')
    {
      g_set_error_literal (error, EP_CORE_ERROR, EP_CORE_ERROR_INVALID_DATE,
                           "date must be exactly YYYY-MM-DD, with nothing after it");
      return FALSE;
    }

  g_date_set_dmy (out, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

gchar *
ep_date_format (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  return g_strdup_printf ("%04u-%02u-%02u", (guint) g_date_get_year (date),
                          (guint) g_date_get_month (date), (guint) g_date_get_day (date));
}

/* Sets the error for a malformed time of day and returns FALSE. */
static gboolean
bad_time (GError **error, const gchar *problem)
{
  g_set_error (error, EP_CORE_ERROR, EP_CORE_ERROR_INVALID_DATE, "date-time %s", problem);
  return FALSE;
}

/* Reads "Z" or "±HH:MM" at *@p into @offset_seconds and advances *@p. */
static gboolean
read_zone (const gchar **p, gint *offset_seconds, GError **error)
{
  const gchar *q = *p;
  gint sign = 0, hours = 0, minutes = 0;

  if (*q == '\0')
    return bad_time (error, "has no time zone: add 'Z' or an offset such as +01:00");
  if (*q == 'Z' || *q == 'z')
    {
      *offset_seconds = 0;
      *p = q + 1;
      return TRUE;
    }
  if (*q == '+')
    sign = 1;
  else if (*q == '-')
    sign = -1;
  else
    return bad_time (error, "must end in 'Z' or an offset such as +01:00");
  q++;
  if (!read_digits (&q, 2, &hours) || *q++ != ':' || !read_digits (&q, 2, &minutes))
    return bad_time (error, "must have its offset as +HH:MM or -HH:MM");
  if (hours > 23 || minutes > 59)
    return bad_time (error, "has an offset beyond 23:59");
  *offset_seconds = sign * (hours * 3600 + minutes * 60);
  *p = q;
  return TRUE;
}

GDateTime *
ep_datetime_parse (const gchar *text, GError **error)
{
  const gchar *p = text;
  gint year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, offset = 0;
  gint64 usec = 0;
  gint n_fraction = 0;
  g_autoptr (GTimeZone) tz = NULL;
  g_autoptr (GDateTime) whole = NULL;
  g_autoptr (GDateTime) dt = NULL;
  g_autoptr (GDateTime) utc = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (text == NULL)
    {
      g_set_error_literal (error, EP_CORE_ERROR, EP_CORE_ERROR_INVALID_DATE,
                           "date-time is missing");
      return NULL;
    }
  if (!read_date (&p, TRUE, &year, &month, &day, error))
    return NULL;

  if (*p == '\0')
    {
      bad_time (error, "has no time: expected 'T' and HH:MM:SS and a zone after the date");
      return NULL;
    }
  if (*p != 'T' && *p != 't')
    {
      bad_time (error, "must separate date and time with 'T'");
      return NULL;
    }
  p++;
  if (!read_digits (&p, 2, &hour) || *p++ != ':' || !read_digits (&p, 2, &minute) || *p++ != ':'
      || !read_digits (&p, 2, &second))
    {
      bad_time (error, "must have its time as HH:MM:SS");
      return NULL;
    }
  if (hour > 23)
    {
      g_set_error (error, EP_CORE_ERROR, EP_CORE_ERROR_INVALID_DATE,
                   "date-time has hour %02d, but hours run from 00 to 23", hour);
      return NULL;
    }
  if (minute > 59)
    {
      g_set_error (error, EP_CORE_ERROR, EP_CORE_ERROR_INVALID_DATE,
                   "date-time has minute %02d, but minutes run from 00 to 59", minute);
      return NULL;
    }
  if (second > 59)
    {
      g_set_error (error, EP_CORE_ERROR, EP_CORE_ERROR_INVALID_DATE,
                   "date-time has second %02d, but seconds run from 00 to 59 (no leap seconds)",
                   second);
      return NULL;
    }

  if (*p == '.')
    {
      gint64 scale = USEC_PER_SEC;

      for (p++; g_ascii_isdigit (*p); p++, n_fraction++)
        {
          if (n_fraction < 6)
            {
              scale /= 10;
              usec += (*p - '0') * scale;
            }
        }
      if (n_fraction < 1 || n_fraction > 9)
        {
          bad_time (error, "must have 1 to 9 digits after the decimal point");
          return NULL;
        }
    }

  if (!read_zone (&p, &offset, error))
    return NULL;
  if (*p != '\0')
    {
      bad_time (error, "has characters after the time zone");
      return NULL;
    }

  tz = g_time_zone_new_offset (offset);
  whole = g_date_time_new (tz, year, month, day, hour, minute, (gdouble) second);
  if (whole != NULL)
    dt = g_date_time_add (whole, usec);
  if (dt != NULL)
    utc = g_date_time_to_utc (dt);
  if (utc == NULL)
    {
      bad_time (error, "is outside the supported range (years 0001 to 9999 in UTC)");
      return NULL;
    }
  return g_steal_pointer (&dt);
}

gchar *
ep_datetime_format (GDateTime *dt)
{
  g_autoptr (GDateTime) utc = NULL;
  gint year = 0, month = 0, day = 0;

  g_return_val_if_fail (dt != NULL, NULL);

  utc = g_date_time_to_utc (dt);
  g_return_val_if_fail (utc != NULL, NULL);

  g_date_time_get_ymd (utc, &year, &month, &day);
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", year, month, day,
                          g_date_time_get_hour (utc), g_date_time_get_minute (utc),
                          g_date_time_get_second (utc), g_date_time_get_microsecond (utc) / 1000);
}
