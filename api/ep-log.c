/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-log.c: the structured log writer (logfmt on stderr).
 */
#include "ep-log.h"

#include <stdio.h>
#include <string.h>

#define EP_LOG_DOMAIN "eenplan"

static gboolean log_debug;

void
ep_log (GLogLevelFlags level, const gchar *message, ...)
{
  GLogField fields[24];
  gsize n = 0;

  fields[n++] = (GLogField){ "GLIB_DOMAIN", EP_LOG_DOMAIN, -1 };
  fields[n++] = (GLogField){ "MESSAGE", message, -1 };

  va_list args;
  va_start (args, message);
  const gchar *key;
  while ((key = va_arg (args, const gchar *)) != NULL && n < G_N_ELEMENTS (fields))
    {
      const gchar *value = va_arg (args, const gchar *);
      if (value != NULL)
        fields[n++] = (GLogField){ key, value, -1 };
    }
  va_end (args);

  g_log_structured_array (level, fields, n);
}

static const gchar *
level_name (GLogLevelFlags level)
{
  if (level & G_LOG_LEVEL_ERROR)
    return "error";
  if (level & G_LOG_LEVEL_CRITICAL)
    return "critical";
  if (level & G_LOG_LEVEL_WARNING)
    return "warning";
  if (level & G_LOG_LEVEL_MESSAGE)
    return "notice";
  if (level & G_LOG_LEVEL_INFO)
    return "info";
  return "debug";
}

/* Appends key=value, quoting values that hold spaces, quotes or '='. */
static void
append_pair (GString *line, const gchar *key, const gchar *value, gssize length)
{
  gsize len = length < 0 ? strlen (value) : (gsize) length;
  gboolean quote = len == 0;
  for (gsize i = 0; i < len && !quote; i++)
    quote = value[i] == ' ' || value[i] == '"' || value[i] == '=' || (guchar) value[i] < 0x20;

  g_string_append_printf (line, " %s=", key);
  if (!quote)
    {
      g_string_append_len (line, value, (gssize) len);
      return;
    }
  g_string_append_c (line, '"');
  for (gsize i = 0; i < len; i++)
    {
      if (value[i] == '"' || value[i] == '\\')
        g_string_append_c (line, '\\');
      g_string_append_c (line, (guchar) value[i] < 0x20 ? ' ' : value[i]);
    }
  g_string_append_c (line, '"');
}

static GLogWriterOutput
logfmt_writer (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer user_data)
{
  if ((level & G_LOG_LEVEL_DEBUG) && !log_debug)
    return G_LOG_WRITER_HANDLED;

  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GString) line = g_string_new (NULL);
  g_autofree gchar *ts = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S");
  g_string_append_printf (line, "ts=%s.%03dZ level=%s", ts,
                          g_date_time_get_microsecond (now) / 1000, level_name (level));

  for (gsize i = 0; i < n_fields; i++)
    if (strcmp (fields[i].key, "MESSAGE") == 0)
      append_pair (line, "msg", fields[i].value, fields[i].length);

  for (gsize i = 0; i < n_fields; i++)
    {
      const gchar *key = fields[i].key;
      if (strcmp (key, "MESSAGE") == 0 || strcmp (key, "PRIORITY") == 0
          || g_str_has_prefix (key, "CODE_") || strcmp (key, "GLIB_OLD_LOG_API") == 0)
        continue;
      if (strcmp (key, "GLIB_DOMAIN") == 0)
        {
          if (g_strcmp0 (fields[i].value, EP_LOG_DOMAIN) != 0)
            append_pair (line, "domain", fields[i].value, fields[i].length);
          continue;
        }
      if (fields[i].length < 0)
        append_pair (line, key, fields[i].value, -1);
    }
  g_string_append_c (line, '\n');

  fputs (line->str, stderr);
  fflush (stderr);
  return G_LOG_WRITER_HANDLED;
}

void
ep_log_install (gboolean debug)
{
  log_debug = debug || g_getenv ("EENPLAN_DEBUG") != NULL;
  g_log_set_writer_func (logfmt_writer, NULL, NULL);
}
