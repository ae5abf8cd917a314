/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-db-conn.c: connections, out-of-line parameters and typed result reads.
 *
 * Parameters are sent as text with server-inferred types, exactly like
 * psql's \bind: the statement's placeholders carry casts where the type is
 * not obvious ($1::uuid). This keeps one code path for every statement.
 */
#include "ep-db-conn.h"

#include <stdlib.h>

struct _EpDbParams
{
  GPtrArray *values; /* gchar*, NULL entries are SQL NULL */
};

/* Which statements are prepared on which connection. libpq has no place for
 * our data on a PGconn, so a table keyed by the connection holds it, with
 * the backend's pid so that a new connection that happens to get the
 * address of a closed one is not mistaken for it.
 *
 * A statement is found by its text, not by the name the caller gives it:
 * two call sites that happen to use one name still run their own SQL. On
 * the server each text gets a name of its own, the caller's name with a
 * number, never used twice on a connection, so a statement prepared again
 * after the server forgot some (see ep_db_exec_prepared()) cannot meet one
 * it kept. */
typedef struct
{
  int backend_pid;
  GHashTable *names_by_sql; /* SQL text → the name it is prepared under */
  guint n_named;            /* names given out on this connection */
} PreparedSet;

static GMutex prepared_lock;
static GHashTable *prepared_by_conn; /* PGconn* → PreparedSet* */

static void
prepared_set_free (PreparedSet *set)
{
  g_hash_table_unref (set->names_by_sql);
  g_free (set);
}

/* @conn's set, made or renewed when needed; call with prepared_lock held. */
static PreparedSet *
prepared_set_of (PGconn *conn)
{
  if (prepared_by_conn == NULL)
    prepared_by_conn = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                              (GDestroyNotify) prepared_set_free);
  PreparedSet *set = g_hash_table_lookup (prepared_by_conn, conn);
  if (set == NULL || set->backend_pid != PQbackendPID (conn))
    {
      set = g_new0 (PreparedSet, 1);
      set->backend_pid = PQbackendPID (conn);
      set->names_by_sql = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_replace (prepared_by_conn, conn, set);
    }
  return set;
}

/* Returns: (transfer full) (nullable): the name @sql is prepared under on
 * @conn, or NULL when it is not. */
static gchar *
prepared_name (PGconn *conn, const gchar *sql)
{
  g_mutex_lock (&prepared_lock);
  gchar *name = g_strdup (g_hash_table_lookup (prepared_set_of (conn)->names_by_sql, sql));
  g_mutex_unlock (&prepared_lock);
  return name;
}

/* Returns: (transfer full): a name not yet used on @conn, made from @name. */
static gchar *
new_prepared_name (PGconn *conn, const gchar *name)
{
  g_mutex_lock (&prepared_lock);
  guint n = ++prepared_set_of (conn)->n_named;
  g_mutex_unlock (&prepared_lock);
  return g_strdup_printf ("%s_%u", name, n);
}

static void
mark_prepared (PGconn *conn, const gchar *sql, const gchar *name)
{
  g_mutex_lock (&prepared_lock);
  g_hash_table_replace (prepared_set_of (conn)->names_by_sql, g_strdup (sql), g_strdup (name));
  g_mutex_unlock (&prepared_lock);
}

/* Forgets every statement prepared on @conn (the names stay used). */
static void
forget_prepared (PGconn *conn)
{
  g_mutex_lock (&prepared_lock);
  g_hash_table_remove_all (prepared_set_of (conn)->names_by_sql);
  g_mutex_unlock (&prepared_lock);
}

void
ep_db_close (PGconn *conn)
{
  if (conn == NULL)
    return;
  g_mutex_lock (&prepared_lock);
  if (prepared_by_conn != NULL)
    g_hash_table_remove (prepared_by_conn, conn);
  g_mutex_unlock (&prepared_lock);
  PQfinish (conn);
}

PGconn *
ep_db_connect (const gchar *conninfo, GError **error)
{
  g_return_val_if_fail (conninfo != NULL, NULL);

  /* Check the string first, so a typo is reported as configuration and not
   * as an unreachable server. */
  char *parse_error = NULL;
  PQconninfoOption *options = PQconninfoParse (conninfo, &parse_error);
  if (options == NULL)
    {
      g_set_error (error, EP_DB_ERROR, EP_DB_ERROR_CONFIG, "invalid database connection string: %s",
                   parse_error ? g_strstrip (parse_error) : "out of memory");
      PQfreemem (parse_error);
      return NULL;
    }
  PQconninfoFree (options);

  const char *const keys[] = { "dbname", "fallback_application_name", "client_encoding", NULL };
  const char *const values[] = { conninfo, "eenplan", "UTF8", NULL };
  g_autoptr (PGconn) conn = PQconnectdbParams (keys, values, /* expand_dbname */ 1);

  if (conn == NULL || PQstatus (conn) != CONNECTION_OK)
    {
      g_autofree gchar *msg
        = g_strstrip (g_strdup (conn ? PQerrorMessage (conn) : "out of memory"));
      g_set_error (error, EP_DB_ERROR, EP_DB_ERROR_UNAVAILABLE,
                   "cannot connect to the database: %s", msg);
      return NULL;
    }

  return g_steal_pointer (&conn);
}

PGconn *
ep_db_connect_like (PGconn *conn, GError **error)
{
  g_return_val_if_fail (conn != NULL, NULL);

  /* The options @conn was opened with (host, port, user, password, …), as
   * keywords and values for a connection of its own. */
  PQconninfoOption *options = PQconninfo (conn);
  if (options == NULL)
    {
      g_set_error_literal (error, EP_DB_ERROR, EP_DB_ERROR_UNAVAILABLE,
                           "cannot connect to the database: out of memory");
      return NULL;
    }
  g_autoptr (GPtrArray) keys = g_ptr_array_new ();
  g_autoptr (GPtrArray) values = g_ptr_array_new ();
  for (PQconninfoOption *option = options; option->keyword != NULL; option++)
    if (option->val != NULL && *option->val != '\0')
      {
        g_ptr_array_add (keys, option->keyword);
        g_ptr_array_add (values, option->val);
      }
  g_ptr_array_add (keys, NULL);
  g_ptr_array_add (values, NULL);
  PGconn *sibling
    = PQconnectdbParams ((const char *const *) keys->pdata, (const char *const *) values->pdata, 0);
  PQconninfoFree (options);

  if (sibling == NULL || PQstatus (sibling) != CONNECTION_OK)
    {
      g_autofree gchar *msg
        = g_strstrip (g_strdup (sibling ? PQerrorMessage (sibling) : "out of memory"));
      g_set_error (error, EP_DB_ERROR, EP_DB_ERROR_UNAVAILABLE,
                   "cannot connect to the database: %s", msg);
      PQfinish (sibling);
      return NULL;
    }
  return sibling;
}

EpDbParams *
ep_db_params_new (void)
{
  EpDbParams *params = g_new0 (EpDbParams, 1);
  params->values = g_ptr_array_new_with_free_func (g_free);
  return params;
}

void
ep_db_params_free (EpDbParams *params)
{
  if (params == NULL)
    return;
  g_ptr_array_unref (params->values);
  g_free (params);
}

void
ep_db_params_add_text (EpDbParams *params, const gchar *value)
{
  g_return_if_fail (params != NULL);
  g_ptr_array_add (params->values, g_strdup (value));
}

void
ep_db_params_add_int64 (EpDbParams *params, gint64 value)
{
  g_return_if_fail (params != NULL);
  g_ptr_array_add (params->values, g_strdup_printf ("%" G_GINT64_FORMAT, value));
}

void
ep_db_params_add_bool (EpDbParams *params, gboolean value)
{
  g_return_if_fail (params != NULL);
  g_ptr_array_add (params->values, g_strdup (value ? "t" : "f"));
}

void
ep_db_params_add_null (EpDbParams *params)
{
  g_return_if_fail (params != NULL);
  g_ptr_array_add (params->values, NULL);
}

guint
ep_db_params_count (const EpDbParams *params)
{
  return params ? params->values->len : 0;
}

static PGresult *
exec_params (PGconn *conn, const gchar *sql, const EpDbParams *params, ExecStatusType expected,
             int result_format, const gchar *what, GError **error)
{
  g_return_val_if_fail (conn != NULL, NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  int n = (int) ep_db_params_count (params);
  const char *const *values = n > 0 ? (const char *const *) params->values->pdata : NULL;
  g_autoptr (PGresult) res = PQexecParams (conn, sql, n, NULL, values, NULL, NULL, result_format);

  if (res == NULL || PQresultStatus (res) != expected)
    {
      ep_db_set_error_from_result (error, conn, res, what);
      return NULL;
    }
  return g_steal_pointer (&res);
}

PGresult *
ep_db_exec (PGconn *conn, const gchar *sql, const EpDbParams *params, ExecStatusType expected,
            const gchar *what, GError **error)
{
  return exec_params (conn, sql, params, expected, 0, what, error);
}

PGresult *
ep_db_exec_binary (PGconn *conn, const gchar *sql, const EpDbParams *params, const gchar *what,
                   GError **error)
{
  return exec_params (conn, sql, params, PGRES_TUPLES_OK, 1, what, error);
}

/* TRUE if @res says the prepared statement it named does not exist. */
static gboolean
is_statement_gone (const PGresult *res)
{
  const gchar *sqlstate = res ? PQresultErrorField (res, PG_DIAG_SQLSTATE) : NULL;
  return g_strcmp0 (sqlstate, "26000") == 0;
}

PGresult *
ep_db_exec_prepared (PGconn *conn, const gchar *name, const gchar *sql, const EpDbParams *params,
                     ExecStatusType expected, int result_format, const gchar *what, GError **error)
{
  g_return_val_if_fail (conn != NULL && name != NULL && sql != NULL, NULL);

  int n = (int) ep_db_params_count (params);
  const char *const *values = n > 0 ? (const char *const *) params->values->pdata : NULL;
  for (guint round = 1;; round++)
    {
      g_autofree gchar *prepared_as = prepared_name (conn, sql);
      if (prepared_as == NULL)
        {
          prepared_as = new_prepared_name (conn, name);
          g_autoptr (PGresult) prepared = PQprepare (conn, prepared_as, sql, n, NULL);
          if (prepared == NULL || PQresultStatus (prepared) != PGRES_COMMAND_OK)
            {
              ep_db_set_error_from_result (error, conn, prepared, what);
              return NULL;
            }
          mark_prepared (conn, sql, prepared_as);
        }

      g_autoptr (PGresult) res
        = PQexecPrepared (conn, prepared_as, n, values, NULL, NULL, result_format);
      if (res != NULL && PQresultStatus (res) == expected)
        return g_steal_pointer (&res);
      if (is_statement_gone (res))
        {
          /* DISCARD ALL (pgbouncer's reset between clients) or DEALLOCATE
           * ALL ran on this connection: whatever was prepared is gone. Outside
           * a transaction block nothing was aborted, so prepare and run once
           * more; inside one, the error (EP_DB_ERROR_STATEMENT_GONE) makes
           * ep_db_run_tx() run the transaction again, which prepares anew. */
          forget_prepared (conn);
          if (round == 1 && PQtransactionStatus (conn) == PQTRANS_IDLE)
            continue;
        }
      ep_db_set_error_from_result (error, conn, res, what);
      return NULL;
    }
}

/* Reads and drops every result still due for the statement sent last, so
 * that @conn can take the next one. */
static void
drain_results (PGconn *conn)
{
  PGresult *res;
  while ((res = PQgetResult (conn)) != NULL)
    PQclear (res);
}

/* The row handler stopped the stream. What the server has sent already is
 * read without waiting: if the statement's end is among it, the statement
 * has finished and is not cancelled, so no cancel request is left to reach
 * whatever runs next. Only a statement still running is cancelled.
 * PQcancel() returns once the server has signalled the backend, and a
 * backend that is waiting for its next command ignores a cancel; so one sent
 * here stops this statement or nothing, never the caller's next one (a
 * COMMIT, say). What is still due is drained by the caller. */
static void
stop_stream (PGconn *conn)
{
  if (!PQconsumeInput (conn))
    return; /* the connection is gone: nothing to cancel */
  while (!PQisBusy (conn))
    {
      PGresult *res = PQgetResult (conn);
      if (res == NULL)
        return; /* finished: every result read */
      ExecStatusType status = PQresultStatus (res);
      PQclear (res);
      if (status != PGRES_SINGLE_TUPLE)
        return; /* the statement's last result: it has ended */
    }

  PGcancel *cancel = PQgetCancel (conn);
  gchar buf[256];
  if (cancel != NULL)
    PQcancel (cancel, buf, sizeof buf);
  PQfreeCancel (cancel);
}

gboolean
ep_db_stream_binary (PGconn *conn, const gchar *sql, const EpDbParams *params, EpDbRowFunc func,
                     gpointer user_data, const gchar *what, GError **error)
{
  g_return_val_if_fail (conn != NULL && sql != NULL && func != NULL, FALSE);

  int n = (int) ep_db_params_count (params);
  const char *const *values = n > 0 ? (const char *const *) params->values->pdata : NULL;
  if (!PQsendQueryParams (conn, sql, n, NULL, values, NULL, NULL, 1))
    {
      ep_db_set_error_from_result (error, conn, NULL, what);
      return FALSE;
    }
  if (!PQsetSingleRowMode (conn))
    {
      /* The statement was sent: its results are due whatever happens, and
       * the connection takes nothing else until they are read. */
      g_set_error (error, EP_DB_ERROR, EP_DB_ERROR_FAILED, "%s: cannot read the rows one by one",
                   what);
      drain_results (conn);
      return FALSE;
    }

  gboolean going = TRUE, ok = TRUE;
  PGresult *res;
  while (going && (res = PQgetResult (conn)) != NULL)
    {
      ExecStatusType status = PQresultStatus (res);
      if (status == PGRES_SINGLE_TUPLE)
        going = func (res, user_data);
      else if (status != PGRES_TUPLES_OK && ok)
        {
          ep_db_set_error_from_result (error, conn, res, what);
          ok = FALSE;
        }
      PQclear (res);
    }
  if (!going)
    {
      /* Stopped: the cancellation's own error, if it came to that, is
       * expected and not reported. */
      stop_stream (conn);
      drain_results (conn);
    }
  return ok;
}

gboolean
ep_db_exec_command (PGconn *conn, const gchar *sql, const EpDbParams *params, const gchar *what,
                    GError **error)
{
  g_autoptr (PGresult) res = ep_db_exec (conn, sql, params, PGRES_COMMAND_OK, what, error);
  return res != NULL;
}

gboolean
ep_db_exec_script (PGconn *conn, const gchar *sql, const gchar *what, GError **error)
{
  g_return_val_if_fail (conn != NULL, FALSE);

  /* PQexec returns the last statement's result; an error stops the script
   * there, so checking that one result is enough. */
  g_autoptr (PGresult) res = PQexec (conn, sql);
  ExecStatusType status = res ? PQresultStatus (res) : PGRES_FATAL_ERROR;

  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_EMPTY_QUERY)
    {
      ep_db_set_error_from_result (error, conn, res, what);
      return FALSE;
    }
  return TRUE;
}

gint
ep_db_column (const PGresult *res, const gchar *name)
{
  gint col = PQfnumber (res, name);
  if (col < 0)
    g_critical ("result has no column '%s'", name);
  return col;
}

const gchar *
ep_db_get_text (const PGresult *res, gint row, const gchar *name)
{
  gint col = ep_db_column (res, name);
  if (col < 0 || PQgetisnull (res, row, col))
    return NULL;
  return PQgetvalue (res, row, col);
}

gint64
ep_db_get_int64 (const PGresult *res, gint row, const gchar *name, gint64 fallback)
{
  const gchar *text = ep_db_get_text (res, row, name);
  return text ? g_ascii_strtoll (text, NULL, 10) : fallback;
}

gboolean
ep_db_get_bool (const PGresult *res, gint row, const gchar *name)
{
  const gchar *text = ep_db_get_text (res, row, name);
  return text != NULL && text[0] == 't';
}

gboolean
ep_db_is_null (const PGresult *res, gint row, const gchar *name)
{
  gint col = ep_db_column (res, name);
  return col < 0 || PQgetisnull (res, row, col);
}

gchar *
ep_db_dup_text (const PGresult *res, gint row, const gchar *name)
{
  return g_strdup (ep_db_get_text (res, row, name));
}

gint
ep_db_get_code (const EpVocabulary *vocab, const PGresult *res, gint row, const gchar *name)
{
  gint value = 0;
  if (!ep_vocab_parse (vocab, ep_db_get_text (res, row, name), &value, NULL))
    g_warn_if_reached ();
  return value;
}
