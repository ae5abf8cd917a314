/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-db-pool.c: the connection pool and the transaction runner.
 *
 * The pool keeps idle connections in a GAsyncQueue; `open` counts every
 * connection that exists, borrowed or idle, under the mutex, so the maximum
 * holds across threads. A borrower that finds the queue empty and the maximum
 * reached waits on the queue.
 */
#include "ep-db-pool.h"

struct _EpDbPool
{
  gchar *conninfo;
  guint max_connections;
  GAsyncQueue *idle; /* PGconn* */
  GMutex lock;       /* guards `open` */
  guint open;
};

EpDbPool *
ep_db_pool_new (const gchar *conninfo, guint max_connections)
{
  g_return_val_if_fail (conninfo != NULL, NULL);
  g_return_val_if_fail (max_connections >= 1, NULL);

  EpDbPool *pool = g_new0 (EpDbPool, 1);
  pool->conninfo = g_strdup (conninfo);
  pool->max_connections = max_connections;
  pool->idle = g_async_queue_new ();
  g_mutex_init (&pool->lock);
  return pool;
}

void
ep_db_pool_free (EpDbPool *pool)
{
  if (pool == NULL)
    return;

  PGconn *conn;
  while ((conn = g_async_queue_try_pop (pool->idle)) != NULL)
    PQfinish (conn);

  g_async_queue_unref (pool->idle);
  g_mutex_clear (&pool->lock);
  g_free (pool->conninfo);
  g_free (pool);
}

guint
ep_db_pool_get_max (EpDbPool *pool)
{
  return pool->max_connections;
}

PGconn *
ep_db_pool_acquire (EpDbPool *pool, guint timeout_ms, GError **error)
{
  g_return_val_if_fail (pool != NULL, NULL);

  PGconn *conn = g_async_queue_try_pop (pool->idle);
  if (conn != NULL)
    return conn;

  gboolean may_open = FALSE;
  g_mutex_lock (&pool->lock);
  if (pool->open < pool->max_connections)
    {
      pool->open++;
      may_open = TRUE;
    }
  g_mutex_unlock (&pool->lock);

  if (may_open)
    {
      conn = ep_db_connect (pool->conninfo, error);
      if (conn == NULL)
        {
          g_mutex_lock (&pool->lock);
          pool->open--;
          g_mutex_unlock (&pool->lock);
        }
      return conn;
    }

  conn = g_async_queue_timeout_pop (pool->idle, (guint64) timeout_ms * 1000);
  if (conn == NULL)
    g_set_error (error, EP_DB_ERROR, EP_DB_ERROR_POOL_TIMEOUT,
                 "no database connection became free within %u ms", timeout_ms);
  return conn;
}

void
ep_db_pool_release (EpDbPool *pool, PGconn *conn)
{
  g_return_if_fail (pool != NULL);
  if (conn == NULL)
    return;

  if (PQstatus (conn) == CONNECTION_OK && PQtransactionStatus (conn) == PQTRANS_IDLE)
    {
      g_async_queue_push (pool->idle, conn);
      return;
    }

  gboolean broken = PQstatus (conn) != CONNECTION_OK;
  guint closed = 1;
  PQfinish (conn);

  /* A broken connection most often means the server restarted, and then
   * every idle connection is dead too, though libpq cannot tell until it
   * uses one. Close them now rather than hand each to a borrower to fail on. */
  if (broken)
    {
      PGconn *idle;
      while ((idle = g_async_queue_try_pop (pool->idle)) != NULL)
        {
          PQfinish (idle);
          closed++;
        }
    }

  g_mutex_lock (&pool->lock);
  pool->open -= closed;
  g_mutex_unlock (&pool->lock);
}

static const gchar *
begin_statement (EpDbIsolation isolation)
{
  switch (isolation)
    {
      case EP_DB_SERIALIZABLE:
        return "BEGIN ISOLATION LEVEL SERIALIZABLE";
      case EP_DB_REPEATABLE_READ:
        return "BEGIN ISOLATION LEVEL REPEATABLE READ";
      case EP_DB_READ_COMMITTED:
      default:
        return "BEGIN ISOLATION LEVEL READ COMMITTED";
    }
}

/* One attempt: BEGIN, context, body, COMMIT. Rolls back on any failure. */
static gboolean
run_tx_once (PGconn *conn, const EpDbTxContext *ctx, EpDbTxFunc func, gpointer user_data,
             GError **error)
{
  if (!ep_db_exec_command (conn, begin_statement (ctx->isolation), NULL, "begin transaction",
                           error))
    return FALSE;

  /* set_config(…, is_local => true) is SET LOCAL with a parameter: the
   * values never become part of the SQL text. */
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, ctx->gemeente ? ctx->gemeente : "");
  ep_db_params_add_text (params, ctx->actor_id ? ctx->actor_id : "");
  ep_db_params_add_text (params, ctx->actor_role ? ctx->actor_role : "");
  g_autoptr (PGresult) set = ep_db_exec (conn,
                                         "SELECT set_config('eenplan.gemeente', $1, true),"
                                         "       set_config('eenplan.actor', $2, true),"
                                         "       set_config('eenplan.actor_role', $3, true)",
                                         params, PGRES_TUPLES_OK, "set transaction context", error);

  gboolean ok = set != NULL && func (conn, user_data, error)
                && ep_db_exec_command (conn, "COMMIT", NULL, "commit", error);

  if (!ok && PQstatus (conn) == CONNECTION_OK && PQtransactionStatus (conn) != PQTRANS_IDLE)
    {
      /* The error that made us roll back is the one to report. */
      g_autoptr (PGresult) rollback = PQexec (conn, "ROLLBACK");
    }
  return ok;
}

gboolean
ep_db_run_tx (PGconn *conn, const EpDbTxContext *ctx, EpDbTxFunc func, gpointer user_data,
              guint *attempts_out, GError **error)
{
  g_return_val_if_fail (conn != NULL, FALSE);
  g_return_val_if_fail (ctx != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  g_autoptr (GError) last_error = NULL;
  guint attempt;

  for (attempt = 1; attempt <= EP_DB_TX_MAX_ATTEMPTS; attempt++)
    {
      g_clear_error (&last_error);
      if (run_tx_once (conn, ctx, func, user_data, &last_error))
        break;
      if (!ep_db_error_is_retryable (last_error) || attempt == EP_DB_TX_MAX_ATTEMPTS)
        break;
      /* Back off 1, 2, 4, 8 ms plus jitter so the competing transactions
       * do not collide again in lockstep. */
      g_usleep ((1000u << (attempt - 1)) + (gulong) g_random_int_range (0, 1000));
    }

  if (attempts_out != NULL)
    *attempts_out = MIN (attempt, EP_DB_TX_MAX_ATTEMPTS);

  if (last_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&last_error));
      return FALSE;
    }
  return TRUE;
}

gboolean
ep_db_pool_run_tx (EpDbPool *pool, const EpDbTxContext *ctx, EpDbTxFunc func, gpointer user_data,
                   GError **error)
{
  PGconn *conn = ep_db_pool_acquire (pool, 10000, error);
  if (conn == NULL)
    return FALSE;

  gboolean ok = ep_db_run_tx (conn, ctx, func, user_data, NULL, error);
  ep_db_pool_release (pool, conn);
  return ok;
}
