/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-db-pool.c: the connection pool and the transaction runner.
 *
 * The pool keeps idle connections in a queue and counts every connection
 * that exists, borrowed or idle, both under one mutex, so the maximum holds
 * across threads. A borrower that finds no idle connection and the maximum
 * reached waits on a condition that a release signals — whether it gives a
 * connection back or closes one and so frees a slot.
 */
#include "ep-db-pool.h"

struct _EpDbPool
{
  gchar *conninfo;
  guint max_connections;
  GMutex lock;
  GCond changed; /* a connection was given back or a slot freed */
  GQueue idle;   /* PGconn*, under lock */
  guint open;    /* borrowed + idle, under lock */
  guint waiting; /* threads waiting in ep_db_pool_acquire() for one, under lock */
};

EpDbPool *
ep_db_pool_new (const gchar *conninfo, guint max_connections)
{
  g_return_val_if_fail (conninfo != NULL, NULL);
  g_return_val_if_fail (max_connections >= 1, NULL);

  EpDbPool *pool = g_new0 (EpDbPool, 1);
  pool->conninfo = g_strdup (conninfo);
  pool->max_connections = max_connections;
  g_mutex_init (&pool->lock);
  g_cond_init (&pool->changed);
  g_queue_init (&pool->idle);
  return pool;
}

void
ep_db_pool_free (EpDbPool *pool)
{
  if (pool == NULL)
    return;

  g_queue_clear_full (&pool->idle, (GDestroyNotify) ep_db_close);
  g_cond_clear (&pool->changed);
  g_mutex_clear (&pool->lock);
  g_free (pool->conninfo);
  g_free (pool);
}

guint
ep_db_pool_get_max (EpDbPool *pool)
{
  return pool->max_connections;
}

void
ep_db_pool_counts (EpDbPool *pool, guint *in_use, guint *waiting)
{
  g_return_if_fail (pool != NULL && in_use != NULL && waiting != NULL);

  g_mutex_lock (&pool->lock);
  *in_use = pool->open - pool->idle.length;
  *waiting = pool->waiting;
  g_mutex_unlock (&pool->lock);
}

PGconn *
ep_db_pool_acquire (EpDbPool *pool, guint timeout_ms, GError **error)
{
  g_return_val_if_fail (pool != NULL, NULL);

  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;
  PGconn *conn = NULL;
  gboolean may_open = FALSE;

  g_mutex_lock (&pool->lock);
  for (;;)
    {
      conn = g_queue_pop_head (&pool->idle);
      if (conn != NULL)
        break;
      if (pool->open < pool->max_connections)
        {
          pool->open++;
          may_open = TRUE;
          break;
        }
      pool->waiting++;
      gboolean woken = g_cond_wait_until (&pool->changed, &pool->lock, deadline);
      pool->waiting--;
      if (!woken)
        break;
    }
  g_mutex_unlock (&pool->lock);

  if (conn != NULL)
    return conn;
  if (!may_open)
    {
      g_set_error (error, EP_DB_ERROR, EP_DB_ERROR_POOL_TIMEOUT,
                   "no database connection became free within %u ms", timeout_ms);
      return NULL;
    }

  /* Connect outside the lock: it takes a round trip or more. */
  conn = ep_db_connect (pool->conninfo, error);
  if (conn == NULL)
    {
      g_mutex_lock (&pool->lock);
      pool->open--;
      g_cond_signal (&pool->changed);
      g_mutex_unlock (&pool->lock);
    }
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
      g_mutex_lock (&pool->lock);
      g_queue_push_head (&pool->idle, conn);
      g_cond_signal (&pool->changed);
      g_mutex_unlock (&pool->lock);
      return;
    }

  /* A broken connection most often means the server restarted, and then
   * every idle connection is dead too, though libpq cannot tell until it
   * uses one. Close them now rather than hand each to a borrower to fail on. */
  GQueue dead = G_QUEUE_INIT;
  g_queue_push_tail (&dead, conn);

  g_mutex_lock (&pool->lock);
  if (PQstatus (conn) != CONNECTION_OK)
    while (!g_queue_is_empty (&pool->idle))
      g_queue_push_tail (&dead, g_queue_pop_head (&pool->idle));
  pool->open -= dead.length;
  g_cond_broadcast (&pool->changed);
  g_mutex_unlock (&pool->lock);

  g_queue_clear_full (&dead, (GDestroyNotify) ep_db_close);
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

/* SET TRANSACTION SNAPSHOT takes no parameter: the id is quoted as a literal
 * by libpq, and PostgreSQL checks that it names an exported snapshot. */
static gboolean
import_snapshot (PGconn *conn, const gchar *snapshot, GError **error)
{
  char *literal = PQescapeLiteral (conn, snapshot, strlen (snapshot));
  if (literal == NULL)
    {
      g_set_error (error, EP_DB_ERROR, EP_DB_ERROR_FAILED, "import snapshot: %s",
                   PQerrorMessage (conn));
      return FALSE;
    }
  g_autofree gchar *sql = g_strconcat ("SET TRANSACTION SNAPSHOT ", literal, NULL);
  PQfreemem (literal);
  return ep_db_exec_command (conn, sql, NULL, "import snapshot", error);
}

/* One attempt: BEGIN, context, check, body, COMMIT. Rolls back on any failure. */
static gboolean
run_tx_once (PGconn *conn, const EpDbTxContext *ctx, EpDbTxFunc func, gpointer user_data,
             GError **error)
{
  if (!ep_db_exec_command (conn, begin_statement (ctx->isolation), NULL, "begin transaction",
                           error))
    return FALSE;
  if (ctx->snapshot != NULL && !import_snapshot (conn, ctx->snapshot, error))
    {
      g_autoptr (PGresult) rollback = PQexec (conn, "ROLLBACK");
      return FALSE;
    }

  /* set_config(…, is_local => true) is SET LOCAL with a parameter: the
   * values never become part of the SQL text. */
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, ctx->gemeente ? ctx->gemeente : "");
  ep_db_params_add_text (params, ctx->actor_id ? ctx->actor_id : "");
  ep_db_params_add_text (params, ctx->actor_role ? ctx->actor_role : "");
  g_autoptr (PGresult) set
    = ep_db_exec_prepared (conn, "ep_tx_context",
                           "SELECT set_config('eenplan.gemeente', $1, true),"
                           "       set_config('eenplan.actor', $2, true),"
                           "       set_config('eenplan.actor_role', $3, true)",
                           params, PGRES_TUPLES_OK, 0, "set transaction context", error);

  gboolean ok = set != NULL && (ctx->check == NULL || ctx->check (conn, ctx->check_data, error))
                && func (conn, user_data, error)
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
  gboolean ok = FALSE;
  guint attempt;

  for (attempt = 1; attempt <= EP_DB_TX_MAX_ATTEMPTS; attempt++)
    {
      g_clear_error (&last_error);
      ok = run_tx_once (conn, ctx, func, user_data, &last_error);
      if (ok || !ep_db_error_is_retryable (last_error) || attempt == EP_DB_TX_MAX_ATTEMPTS)
        break;
      /* Back off 1, 2, 4, 8 ms plus jitter so the competing transactions
       * do not collide again in lockstep. */
      g_usleep ((1000u << (attempt - 1)) + (gulong) g_random_int_range (0, 1000));
    }

  if (attempts_out != NULL)
    *attempts_out = MIN (attempt, EP_DB_TX_MAX_ATTEMPTS);

  if (ok)
    return TRUE;
  if (last_error == NULL)
    {
      /* A body must say why it failed; still, never report a rollback as a
       * commit. */
      g_critical ("transaction body returned FALSE without setting an error");
      g_set_error_literal (&last_error, EP_DB_ERROR, EP_DB_ERROR_FAILED,
                           "transaction body failed without an error; rolled back");
    }
  g_propagate_error (error, g_steal_pointer (&last_error));
  return FALSE;
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
