/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-db-pool.h: a thread-safe pool of PostgreSQL connections, and the
 * transaction helper that every write path uses.
 *
 * A thread borrows a connection, uses it alone, and gives it back. The server
 * sizes its worker pool to the connection pool, so each worker in effect owns
 * one PGconn while it runs a request; libpq is never called from the main loop.
 *
 * ep_db_pool_run_tx() is the one way to run a transaction: it begins it with
 * the requested isolation, sets the tenant (eenplan.gemeente, read by the
 * row-level security policies) and the actor with SET LOCAL semantics, runs
 * the caller's function, commits, and runs the whole again when PostgreSQL
 * reports a serialization failure or deadlock.
 */
#pragma once

#include <glib.h>
#include <libpq-fe.h>

#include "ep-db-conn.h"

G_BEGIN_DECLS

typedef struct _EpDbPool EpDbPool;

/**
 * ep_db_pool_new:
 * @conninfo: libpq connection string for every connection of the pool
 * @max_connections: how many connections may be open at once (≥ 1)
 *
 * Connections are opened lazily, on first demand.
 *
 * Returns: (transfer full): the pool; free with ep_db_pool_free() once no
 * connection is borrowed.
 */
EpDbPool *ep_db_pool_new (const gchar *conninfo, guint max_connections);
void ep_db_pool_free (EpDbPool *pool);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EpDbPool, ep_db_pool_free)

guint ep_db_pool_get_max (EpDbPool *pool);

/**
 * ep_db_pool_counts:
 * @in_use: (out): connections borrowed now (being opened included)
 * @waiting: (out): threads waiting in ep_db_pool_acquire() for one to be given back
 *
 * A snapshot for monitoring, taken under the pool's lock (no I/O).
 */
void ep_db_pool_counts (EpDbPool *pool, guint *in_use, guint *waiting);

/**
 * ep_db_pool_acquire:
 * @timeout_ms: how long to wait for a free connection
 *
 * Borrows a connection: an idle one, a new one while fewer than the maximum
 * are open, or the first one given back within @timeout_ms.
 *
 * Returns: (transfer none): a connection to hand back with
 * ep_db_pool_release(), or NULL with EP_DB_ERROR_POOL_TIMEOUT or
 * EP_DB_ERROR_UNAVAILABLE (a new connection could not be opened).
 */
PGconn *ep_db_pool_acquire (EpDbPool *pool, guint timeout_ms, GError **error);

/**
 * ep_db_pool_release:
 *
 * Gives @conn back. A connection that is broken or still inside a
 * transaction is closed instead of reused, so the next borrower always gets a
 * clean session.
 */
void ep_db_pool_release (EpDbPool *pool, PGconn *conn);

typedef enum
{
  EP_DB_READ_COMMITTED,
  EP_DB_REPEATABLE_READ,
  EP_DB_SERIALIZABLE,
} EpDbIsolation;

/**
 * EpDbTxFunc:
 * @conn: the connection, inside the open transaction
 *
 * The body of a transaction. It may be called more than once (after a
 * serialization failure or deadlock), so it must not keep side effects outside
 * the database from an earlier call. Return FALSE with @error set to roll back.
 */
typedef gboolean (*EpDbTxFunc) (PGconn *conn, gpointer user_data, GError **error);

/* Who is acting, and for which municipality. Strings are borrowed. */
typedef struct
{
  const gchar *gemeente;   /* CBS code, e.g. "GM0164"; NULL: no tenant (sees no tenant rows) */
  const gchar *actor_id;   /* user id, NULL for system work */
  const gchar *actor_role; /* casemanager, regisseur, … */
  EpDbIsolation isolation;
  /* An exported snapshot (pg_export_snapshot()) to see the database by, for
   * work split over connections; needs EP_DB_REPEATABLE_READ or stricter. */
  const gchar *snapshot;
  /* Runs first in every attempt, once the context is set, with @check_data:
   * e.g. org/'s check that the actor is still an active user in this role
   * (ep_actor_context()). FALSE with an error rolls the transaction back. */
  EpDbTxFunc check;
  gpointer check_data;
} EpDbTxContext;

/* How often a transaction is attempted before a retryable error is returned. */
#define EP_DB_TX_MAX_ATTEMPTS 5

/**
 * ep_db_run_tx:
 * @conn: a connection outside any transaction
 * @attempts_out: (out) (optional): how many times @func ran
 *
 * Runs @func in a transaction as described above, retrying serialization
 * failures and deadlocks up to EP_DB_TX_MAX_ATTEMPTS times with a short,
 * growing, jittered pause.
 *
 * Returns: TRUE when the transaction committed; FALSE with @error set when
 * it was rolled back (the error of @func, of COMMIT, or of the last attempt).
 */
gboolean ep_db_run_tx (PGconn *conn, const EpDbTxContext *ctx, EpDbTxFunc func, gpointer user_data,
                       guint *attempts_out, GError **error);

/**
 * ep_db_pool_run_tx:
 *
 * Borrows a connection, runs ep_db_run_tx() on it, gives it back.
 *
 * Returns: as ep_db_run_tx(); also FALSE for the errors of ep_db_pool_acquire().
 */
gboolean ep_db_pool_run_tx (EpDbPool *pool, const EpDbTxContext *ctx, EpDbTxFunc func,
                            gpointer user_data, GError **error);

G_END_DECLS
