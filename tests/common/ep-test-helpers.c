/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-test-helpers.c: small helpers the suites against a throw-away cluster share (see
 * ep-test-helpers.h): unique markers, parameter lists, one-value queries that fail the test on
 * any error.
 */
#include "ep-test-helpers.h"

#include <stdarg.h>
#include <string.h>
#include <sys/wait.h>

EpTestDb *ep_test_cluster = NULL;

gchar *
ep_test_marker (void)
{
  g_autofree gchar *uuid = g_uuid_string_random ();
  GString *marker = g_string_sized_new (32);

  for (const gchar *p = uuid; *p != '\0'; p++)
    if (*p != '-')
      g_string_append_c (marker, *p);
  return g_string_free (marker, FALSE);
}

EpDbParams *
ep_test_params (const gchar *first, ...)
{
  EpDbParams *params = ep_db_params_new ();
  va_list ap;

  va_start (ap, first);
  for (const gchar *value = first; value != NULL; value = va_arg (ap, const gchar *))
    ep_db_params_add_text (params, value);
  va_end (ap);
  return params;
}

gchar *
ep_test_query_value (PGconn *conn, const gchar *sql, const EpDbParams *params)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PGresult) res = ep_db_exec (conn, sql, params, PGRES_TUPLES_OK, "test query", &error);

  ck_assert_msg (res != NULL, "query failed: %s\n  %s", error ? error->message : "", sql);
  ck_assert_msg (PQntuples (res) == 1 && PQnfields (res) == 1,
                 "expected one row of one column, got %d × %d from %s", PQntuples (res),
                 PQnfields (res), sql);
  return PQgetisnull (res, 0, 0) ? NULL : g_strdup (PQgetvalue (res, 0, 0));
}

gint64
ep_test_query_int (PGconn *conn, const gchar *sql, const EpDbParams *params)
{
  g_autofree gchar *value = ep_test_query_value (conn, sql, params);
  gchar *end = NULL;

  ck_assert_msg (value != NULL, "expected an integer, got NULL from %s", sql);
  gint64 n = g_ascii_strtoll (value, &end, 10);
  ck_assert_msg (end != value && *end == '\0', "expected an integer, got '%s' from %s", value, sql);
  return n;
}

PGconn *
ep_test_connect_db (const gchar *conninfo, const gchar *dbname)
{
  g_autoptr (GError) error = NULL;
  /* libpq uses the last value of a repeated keyword. */
  g_autofree gchar *full
    = dbname != NULL ? g_strconcat (conninfo, " dbname=", dbname, NULL) : g_strdup (conninfo);
  PGconn *conn = ep_db_connect (full, &error);

  ck_assert_msg (conn != NULL, "cannot connect (%s): %s", full, error ? error->message : "");
  return conn;
}

guint
ep_test_wait_for_port (const gchar *log_path, GPid pid)
{
  for (int waited = 0; waited < 600; waited++)
    {
      g_autofree gchar *log = NULL;
      if (g_file_get_contents (log_path, &log, NULL, NULL))
        {
          const gchar *line = strstr (log, "msg=listening port=");
          if (line != NULL)
            return (guint) g_ascii_strtoull (line + strlen ("msg=listening port="), NULL, 10);
        }
      if (waitpid (pid, NULL, WNOHANG) == pid)
        break;
      g_usleep (50 * 1000);
    }
  return 0;
}

gchar *
ep_test_random_bsn (void)
{
  for (;;)
    {
      gint sum = 0;
      gchar digits[10] = { 0 };
      for (int i = 0; i < 8; i++)
        {
          gint d = g_random_int_range (0, 10);
          digits[i] = (gchar) ('0' + d);
          sum += (9 - i) * d;
        }
      gint check = sum % 11;
      if (check == 10 || sum == 0)
        continue;
      digits[8] = (gchar) ('0' + check);
      return g_strdup (digits);
    }
}
