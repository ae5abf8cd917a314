/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-pool.c: db/ep-db-pool, the connection pool: its limit and timeout,
 * reuse of clean connections, discarding of connections that come back inside
 * a transaction or broken, many threads at once, and the errors of a
 * connection string that cannot work.
 */
#include "db-suites.h"

#include "ep-db-pool.h"

#include <string.h>

START_TEST (test_limit_and_timeout)
{
  g_autoptr (EpDbPool) pool = ep_db_pool_new (ep_test_cluster->app_conninfo, 2);
  g_autoptr (GError) error = NULL;

  ck_assert_uint_eq (ep_db_pool_get_max (pool), 2);
  PGconn *a = ep_db_pool_acquire (pool, 100, &error);
  EP_ASSERT_NO_ERROR (a != NULL, error);
  PGconn *b = ep_db_pool_acquire (pool, 100, &error);
  EP_ASSERT_NO_ERROR (b != NULL, error);
  ck_assert_ptr_ne (a, b);
  ck_assert_int_ne (PQbackendPID (a), PQbackendPID (b));

  gint64 start = g_get_monotonic_time ();
  PGconn *c = ep_db_pool_acquire (pool, 100, &error);
  gint64 waited_ms = (g_get_monotonic_time () - start) / 1000;
  ck_assert_ptr_null (c);
  EP_ASSERT_DB_ERROR (error, EP_DB_ERROR_POOL_TIMEOUT);
  ck_assert_msg (waited_ms >= 90 && waited_ms < 2000, "waited %" G_GINT64_FORMAT " ms for 100",
                 waited_ms);

  /* A connection given back is handed out again, as it is. */
  ep_db_pool_release (pool, a);
  g_clear_error (&error);
  PGconn *again = ep_db_pool_acquire (pool, 100, &error);
  EP_ASSERT_NO_ERROR (again != NULL, error);
  ck_assert_ptr_eq (again, a);
  ck_assert_int_eq (PQstatus (again), CONNECTION_OK);

  ep_db_pool_release (pool, again);
  ep_db_pool_release (pool, b);
}
END_TEST

/* Polls until the backend @pid has gone from pg_stat_activity (or 5 s pass). */
static gboolean
backend_gone (PGconn *super, int pid)
{
  g_autofree gchar *text = g_strdup_printf ("%d", pid);
  g_autoptr (EpDbParams) params = ep_test_params (text, NULL);

  for (int i = 0; i < 100; i++)
    {
      if (ep_test_query_int (super, "SELECT count(*) FROM pg_stat_activity WHERE pid = $1::int",
                             params)
          == 0)
        return TRUE;
      g_usleep (50 * G_TIME_SPAN_MILLISECOND);
    }
  return FALSE;
}

START_TEST (test_release_inside_transaction_closes)
{
  g_autoptr (EpDbPool) pool = ep_db_pool_new (ep_test_cluster->app_conninfo, 1);
  g_autoptr (PGconn) super = ep_test_db_super (ep_test_cluster);
  g_autoptr (GError) error = NULL;

  PGconn *conn = ep_db_pool_acquire (pool, 100, &error);
  EP_ASSERT_NO_ERROR (conn != NULL, error);
  int old_pid = PQbackendPID (conn);
  EP_ASSERT_NO_ERROR (ep_db_exec_command (conn, "BEGIN", NULL, "begin", &error), error);
  EP_ASSERT_NO_ERROR (
    ep_db_exec_command (conn, "SET LOCAL eenplan.gemeente = 'GM0153'", NULL, "set", &error), error);
  ck_assert_int_eq (PQtransactionStatus (conn), PQTRANS_INTRANS);
  ep_db_pool_release (pool, conn);

  /* The pool of one has room again: the next borrower gets a new, clean
   * session, not the one left inside a transaction. */
  PGconn *next = ep_db_pool_acquire (pool, 100, &error);
  EP_ASSERT_NO_ERROR (next != NULL, error);
  ck_assert_int_eq (PQtransactionStatus (next), PQTRANS_IDLE);
  ck_assert_int_ne (PQbackendPID (next), old_pid);
  ck_assert (backend_gone (super, old_pid));
  g_autofree gchar *gemeente = ep_test_query_value (
    next, "SELECT coalesce(current_setting('eenplan.gemeente', true), '')", NULL);
  ck_assert_str_eq (gemeente, "");
  ep_db_pool_release (pool, next);
}
END_TEST

static gboolean
terminate_self (PGconn *conn, gpointer data, GError **error)
{
  int *pid = data;
  *pid = PQbackendPID (conn);
  g_autoptr (PGresult) res = ep_db_exec (conn, "SELECT pg_terminate_backend(pg_backend_pid())",
                                         NULL, PGRES_TUPLES_OK, "terminate", error);
  return res != NULL;
}

static gboolean
note_pid (PGconn *conn, gpointer data, GError **error)
{
  int *pid = data;
  *pid = PQbackendPID (conn);
  return TRUE;
}

START_TEST (test_broken_connection_replaced)
{
  g_autoptr (EpDbPool) pool = ep_db_pool_new (ep_test_cluster->app_conninfo, 1);
  g_autoptr (GError) error = NULL;
  EpDbTxContext ctx = { .gemeente = EP_TEST_GM_A };
  int broken_pid = 0, next_pid = 0;

  /* The session dies inside the transaction. */
  ck_assert (!ep_db_pool_run_tx (pool, &ctx, terminate_self, &broken_pid, &error));
  EP_ASSERT_DB_ERROR (error, EP_DB_ERROR_UNAVAILABLE);
  ck_assert_int_ne (broken_pid, 0);

  /* The pool of one did not keep the dead connection, nor lose its slot. */
  g_clear_error (&error);
  EP_ASSERT_NO_ERROR (ep_db_pool_run_tx (pool, &ctx, note_pid, &next_pid, &error), error);
  ck_assert_int_ne (next_pid, 0);
  ck_assert_int_ne (next_pid, broken_pid);
}
END_TEST

typedef struct
{
  EpDbPool *pool;
  guint timeout_ms;
  PGconn *conn;
  GError *error;
  gint asking;     /* atomic: set once asked_at is */
  gint64 asked_at; /* when the thread asked for a connection (monotonic µs) */
  gint64 got_at;   /* when it had one, or gave up */
} AcquireJob;

static gpointer
acquire_thread (gpointer data)
{
  AcquireJob *job = data;
  job->asked_at = g_get_monotonic_time ();
  g_atomic_int_set (&job->asking, 1);
  job->conn = ep_db_pool_acquire (job->pool, job->timeout_ms, &job->error);
  job->got_at = g_get_monotonic_time ();
  return NULL;
}

#define WAITER_HEAD_START_MS 200

/* Starts a thread that asks @job->pool for a connection; once it has asked, and
 * WAITER_HEAD_START_MS more, gives @conn back and joins the thread. A thread that was slow to
 * start cannot pass for one that waited: the caller holds the times to each other.
 *
 * Returns: when @conn was given back (monotonic µs). */
static gint64
release_to_waiter (AcquireJob *job, PGconn *conn)
{
  GThread *thread = g_thread_new ("waiter", acquire_thread, job);
  while (!g_atomic_int_get (&job->asking))
    g_usleep (G_TIME_SPAN_MILLISECOND);
  g_usleep (WAITER_HEAD_START_MS * G_TIME_SPAN_MILLISECOND);
  gint64 released_at = g_get_monotonic_time ();
  ep_db_pool_release (job->pool, conn);
  g_thread_join (thread);
  return released_at;
}

/* ASSERT_WAITED (asked_at, got_at, released_at, max_ms): the waiter asked at least
 * WAITER_HEAD_START_MS before the connection was given back, got one only after that, and
 * within @max_ms of asking. A macro, so that Check reports the caller's line. */
#define ASSERT_WAITED(asked_at, got_at, released_at, max_ms)                                       \
  do                                                                                               \
    {                                                                                              \
      gint64 asked_ms_ = ((released_at) - (asked_at)) / 1000;                                      \
      gint64 waited_ms_ = ((got_at) - (asked_at)) / 1000;                                          \
      ck_assert_msg (asked_ms_ >= WAITER_HEAD_START_MS,                                            \
                     "the waiter asked only %" G_GINT64_FORMAT " ms before the release",           \
                     asked_ms_);                                                                   \
      ck_assert_msg ((got_at) >= (released_at),                                                    \
                     "the waiter had a connection %" G_GINT64_FORMAT " µs before the release",     \
                     (released_at) - (got_at));                                                    \
      ck_assert_msg (waited_ms_ < (max_ms), "the waiter waited %" G_GINT64_FORMAT " ms",           \
                     waited_ms_);                                                                  \
    }                                                                                              \
  while (0)

START_TEST (test_waiter_gets_connection_given_back)
{
  g_autoptr (EpDbPool) pool = ep_db_pool_new (ep_test_cluster->app_conninfo, 1);
  g_autoptr (GError) error = NULL;
  PGconn *conn = ep_db_pool_acquire (pool, 100, &error);
  EP_ASSERT_NO_ERROR (conn != NULL, error);
  AcquireJob job = { .pool = pool, .timeout_ms = 5000 };

  gint64 released_at = release_to_waiter (&job, conn);

  ck_assert_msg (job.conn != NULL, "waiter got no connection: %s",
                 job.error ? job.error->message : "");
  ck_assert_ptr_eq (job.conn, conn);
  ASSERT_WAITED (job.asked_at, job.got_at, released_at, 4000);
  ep_db_pool_release (pool, job.conn);
}
END_TEST

START_TEST (test_waiter_gets_slot_of_closed_connection)
{
  g_autoptr (EpDbPool) pool = ep_db_pool_new (ep_test_cluster->app_conninfo, 1);
  g_autoptr (GError) error = NULL;
  PGconn *conn = ep_db_pool_acquire (pool, 100, &error);
  EP_ASSERT_NO_ERROR (conn != NULL, error);
  EP_ASSERT_NO_ERROR (ep_db_exec_command (conn, "BEGIN", NULL, "begin", &error), error);
  AcquireJob job = { .pool = pool, .timeout_ms = 3000 };

  /* A thread waits for the only connection; it comes back inside a
   * transaction and is closed. That frees the slot: "a new one while fewer
   * than the maximum are open" (ep-db-pool.h), so the waiter must get a
   * fresh connection now, not time out. */
  gint64 released_at = release_to_waiter (&job, conn);

  /* Free everything before checking: with CK_FORK=no a failed check leaves
   * the function. */
  gboolean got = job.conn != NULL;
  PGTransactionStatusType status = got ? PQtransactionStatus (job.conn) : PQTRANS_UNKNOWN;
  gchar message[256];
  g_strlcpy (message, job.error ? job.error->message : "", sizeof message);
  if (job.conn != NULL)
    ep_db_pool_release (pool, job.conn);
  g_clear_error (&job.error);
  g_clear_pointer (&pool, ep_db_pool_free);

  ck_assert_msg (got, "the waiter got no connection after %" G_GINT64_FORMAT " ms: %s",
                 (job.got_at - job.asked_at) / 1000, message);
  ck_assert_int_eq (status, PQTRANS_IDLE);
  ASSERT_WAITED (job.asked_at, job.got_at, released_at, 2000);
}
END_TEST

/* ---- many threads ------------------------------------------------------------------------ */

#define N_THREADS 8
#define N_TX_PER_THREAD 50

typedef struct
{
  EpDbPool *pool;
  const gchar *marker;
  GMutex lock;
  GHashTable *backends; /* backend pids seen, as GINT_TO_POINTER */
  gint n_ok;
  gint n_failed;
  gchar *first_error;
} Concurrency;

typedef struct
{
  Concurrency *shared;
  gint thread_no;
  gint tx_no;
} ConcurrencyTx;

static gboolean
insert_household (PGconn *conn, gpointer data, GError **error)
{
  ConcurrencyTx *tx = data;
  Concurrency *shared = tx->shared;
  g_autoptr (EpDbParams) params = ep_db_params_new ();

  g_mutex_lock (&shared->lock);
  g_hash_table_add (shared->backends, GINT_TO_POINTER (PQbackendPID (conn)));
  g_mutex_unlock (&shared->lock);

  ep_db_params_add_text (params, EP_TEST_GM_A);
  ep_db_params_add_int64 (params, tx->thread_no * 100 + tx->tx_no + 1);
  ep_db_params_add_text (params, shared->marker);
  return ep_db_exec_command (conn,
                             "INSERT INTO household (gemeente, postcode, huisnummer, wijk)"
                             " VALUES ($1, '7555XY', $2::int, $3)",
                             params, "insert household", error);
}

static gpointer
concurrency_thread (gpointer data)
{
  ConcurrencyTx tx = *(ConcurrencyTx *) data;
  EpDbTxContext ctx = { .gemeente = EP_TEST_GM_A, .actor_role = "casemanager" };

  for (tx.tx_no = 0; tx.tx_no < N_TX_PER_THREAD; tx.tx_no++)
    {
      g_autoptr (GError) error = NULL;
      if (ep_db_pool_run_tx (tx.shared->pool, &ctx, insert_household, &tx, &error))
        g_atomic_int_inc (&tx.shared->n_ok);
      else
        {
          g_atomic_int_inc (&tx.shared->n_failed);
          g_mutex_lock (&tx.shared->lock);
          if (tx.shared->first_error == NULL)
            tx.shared->first_error = g_strdup (error ? error->message : "(no error)");
          g_mutex_unlock (&tx.shared->lock);
        }
    }
  return NULL;
}

START_TEST (test_concurrent_transactions)
{
  g_autoptr (EpDbPool) pool = ep_db_pool_new (ep_test_cluster->app_conninfo, 3);
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autofree gchar *marker = ep_test_marker ();
  Concurrency shared = { .pool = pool, .marker = marker };
  ConcurrencyTx starts[N_THREADS];
  GThread *threads[N_THREADS];

  g_mutex_init (&shared.lock);
  shared.backends = g_hash_table_new (g_direct_hash, g_direct_equal);
  for (gint i = 0; i < N_THREADS; i++)
    {
      starts[i] = (ConcurrencyTx){ .shared = &shared, .thread_no = i };
      threads[i] = g_thread_new ("pool-user", concurrency_thread, &starts[i]);
    }
  for (gint i = 0; i < N_THREADS; i++)
    g_thread_join (threads[i]);

  guint n_backends = g_hash_table_size (shared.backends);
  g_hash_table_unref (shared.backends);
  g_mutex_clear (&shared.lock);
  g_autofree gchar *first_error = shared.first_error;

  ck_assert_msg (shared.n_failed == 0, "%d transactions failed, the first with: %s",
                 shared.n_failed, first_error);
  ck_assert_int_eq (shared.n_ok, N_THREADS * N_TX_PER_THREAD);
  ck_assert_msg (n_backends >= 1 && n_backends <= 3, "the pool of 3 used %u connections",
                 n_backends);

  g_autoptr (EpDbParams) params = ep_test_params (marker, NULL);
  ck_assert_int_eq (
    ep_test_query_int (owner, "SELECT count(*) FROM household WHERE wijk = $1", params),
    N_THREADS * N_TX_PER_THREAD);
  ck_assert_int_eq (ep_test_query_int (owner,
                                       "SELECT count(DISTINCT huisnummer) FROM household"
                                       " WHERE wijk = $1 AND gemeente = 'GM0164'",
                                       params),
                    N_THREADS * N_TX_PER_THREAD);
}
END_TEST

/* ---- connection strings that cannot work ------------------------------------------------- */

static gboolean
never_called (PGconn *conn, gpointer data, GError **error)
{
  (*(int *) data)++;
  return TRUE;
}

START_TEST (test_unreachable_server)
{
  g_autoptr (EpDbPool) pool
    = ep_db_pool_new ("host=/nonexistent dbname=eenplan user=eenplan_app", 1);
  g_autoptr (GError) error = NULL;
  EpDbTxContext ctx = { .gemeente = EP_TEST_GM_A };
  int calls = 0;

  PGconn *conn = ep_db_pool_acquire (pool, 100, &error);
  ck_assert_ptr_null (conn);
  EP_ASSERT_DB_ERROR (error, EP_DB_ERROR_UNAVAILABLE);

  /* The failed attempt does not use up the pool's only slot. */
  g_clear_error (&error);
  conn = ep_db_pool_acquire (pool, 100, &error);
  ck_assert_ptr_null (conn);
  EP_ASSERT_DB_ERROR (error, EP_DB_ERROR_UNAVAILABLE);

  g_clear_error (&error);
  ck_assert (!ep_db_pool_run_tx (pool, &ctx, never_called, &calls, &error));
  EP_ASSERT_DB_ERROR (error, EP_DB_ERROR_UNAVAILABLE);
  ck_assert_int_eq (calls, 0);

  g_clear_error (&error);
  g_autoptr (PGconn) direct = ep_db_connect ("host=/nonexistent dbname=eenplan", &error);
  ck_assert_ptr_null (direct);
  EP_ASSERT_DB_ERROR (error, EP_DB_ERROR_UNAVAILABLE);
}
END_TEST

static const gchar *const malformed_conninfos[] = {
  "host",
  "host=/tmp dbname='unterminated",
  "nosuchkeyword=1",
  "postgresql://[::1",
};

START_TEST (test_malformed_conninfo)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PGconn) conn = ep_db_connect (malformed_conninfos[_i], &error);

  ck_assert_ptr_null (conn);
  EP_ASSERT_DB_ERROR (error, EP_DB_ERROR_CONFIG);
}
END_TEST

START_TEST (test_connect_sets_session)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PGconn) conn = ep_db_connect (ep_test_cluster->app_conninfo, &error);
  g_autofree gchar *named
    = g_strconcat (ep_test_cluster->app_conninfo, " application_name=pool-test", NULL);
  g_autoptr (PGconn) other = ep_db_connect (named, &error);

  EP_ASSERT_NO_ERROR (conn != NULL && other != NULL, error);
  ck_assert_str_eq (PQparameterStatus (conn, "client_encoding"), "UTF8");
  ck_assert_str_eq (PQparameterStatus (conn, "application_name"), "eenplan");
  ck_assert_str_eq (PQparameterStatus (other, "application_name"), "pool-test");
  ck_assert_str_eq (PQuser (conn), "eenplan_app");
}
END_TEST

Suite *
ep_test_pool_suite (void)
{
  Suite *suite = suite_create ("pool");
  TCase *pool = tcase_create ("pool");
  TCase *threads = tcase_create ("threads");
  TCase *conninfo = tcase_create ("conninfo");

  tcase_set_timeout (pool, 30);
  tcase_add_test (pool, test_limit_and_timeout);
  tcase_add_test (pool, test_release_inside_transaction_closes);
  tcase_add_test (pool, test_broken_connection_replaced);
  tcase_add_test (pool, test_waiter_gets_connection_given_back);
  tcase_add_test (pool, test_waiter_gets_slot_of_closed_connection);
  suite_add_tcase (suite, pool);

  tcase_set_timeout (threads, 60);
  tcase_add_test (threads, test_concurrent_transactions);
  suite_add_tcase (suite, threads);

  tcase_set_timeout (conninfo, 30);
  tcase_add_test (conninfo, test_unreachable_server);
  tcase_add_loop_test (conninfo, test_malformed_conninfo, 0, G_N_ELEMENTS (malformed_conninfos));
  tcase_add_test (conninfo, test_connect_sets_session);
  suite_add_tcase (suite, conninfo);
  return suite;
}
