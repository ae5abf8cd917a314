/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-conn.c: db/ep-db-conn's own paths that the other suites do not reach.
 *
 * ep_db_stream_binary() on its failure and stop paths: the connection is ready for the next
 * statement on each, a query that has ended is not cancelled, and one still running is.
 * ep_db_exec_prepared()'s cache: a statement is found by its text, not only by the name it was
 * given, and statements the server forgot (DISCARD ALL, as pgbouncer runs between clients) are
 * prepared again.
 *
 * libpq cannot be made to refuse single-row mode or to deliver a cancel late on demand, so the
 * test program is linked with --wrap for PQsetSingleRowMode and PQcancel (tests/db/meson.build):
 * the wrappers below pass every call through unless a test asks otherwise, and count cancels.
 */
#include "db-suites.h"

#include "ep-db-pool.h"

#include <string.h>

int __real_PQsetSingleRowMode (PGconn *conn);
int __wrap_PQsetSingleRowMode (PGconn *conn);
int __real_PQcancel (PGcancel *cancel, char *errbuf, int errbufsize);
int __wrap_PQcancel (PGcancel *cancel, char *errbuf, int errbufsize);

/* What the wrappers do; set by a test, reset by fault_reset(). */
static struct
{
  gboolean refuse_single_row_mode;
  gint cancels;         /* calls of PQcancel */
  PGconn *late_conn;    /* when set, a cancel reaches its server only after … */
  guint late_ms;        /* … this long, as through a pooler that forwards it in its own time */
  GThread *late_thread; /* that delivers it */
} fault;

int
__wrap_PQsetSingleRowMode (PGconn *conn)
{
  return fault.refuse_single_row_mode ? 0 : __real_PQsetSingleRowMode (conn);
}

static gpointer
deliver_late (gpointer data)
{
  PGcancel *cancel = data;
  gchar buf[256];
  g_usleep (fault.late_ms * G_TIME_SPAN_MILLISECOND);
  __real_PQcancel (cancel, buf, sizeof buf);
  PQfreeCancel (cancel);
  return NULL;
}

int
__wrap_PQcancel (PGcancel *cancel, char *errbuf, int errbufsize)
{
  fault.cancels++;
  if (fault.late_conn == NULL || fault.late_thread != NULL)
    return __real_PQcancel (cancel, errbuf, errbufsize);
  fault.late_thread = g_thread_new ("late cancel", deliver_late, PQgetCancel (fault.late_conn));
  return 1;
}

static void
fault_reset (void)
{
  if (fault.late_thread != NULL)
    g_thread_join (fault.late_thread);
  memset (&fault, 0, sizeof fault);
}

/* Counts the rows and stops after @stop_after of them; 0: never stops. */
typedef struct
{
  guint stop_after;
  guint seen;
} Reader;

static gboolean
read_row (const PGresult *row, gpointer data)
{
  Reader *reader = data;
  ck_assert_int_eq (PQntuples (row), 1);
  reader->seen++;
  return reader->stop_after == 0 || reader->seen < reader->stop_after;
}

START_TEST (test_refused_single_row_mode_leaves_connection_ready)
{
  g_autoptr (PGconn) conn = ep_test_db_owner (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  Reader reader = { 0 };

  fault.refuse_single_row_mode = TRUE;
  gboolean ok = ep_db_stream_binary (conn, "SELECT g FROM generate_series(1, 3) g", NULL, read_row,
                                     &reader, "stream", &error);
  fault_reset ();
  ck_assert (!ok);
  ck_assert_uint_eq (reader.seen, 0);
  EP_ASSERT_DB_ERROR (error, EP_DB_ERROR_FAILED);
  ck_assert_str_eq (error->message, "stream: cannot read the rows one by one");
  g_clear_error (&error);

  /* The statement's results were read: the connection is idle (a pool keeps it) and takes the
   * next statement, even one sent without PQexec's own clean-up of what was left. */
  ck_assert_int_eq (PQtransactionStatus (conn), PQTRANS_IDLE);
  Reader again = { 0 };
  EP_ASSERT_NO_ERROR (ep_db_stream_binary (conn, "SELECT g FROM generate_series(1, 3) g", NULL,
                                           read_row, &again, "stream again", &error),
                      error);
  ck_assert_uint_eq (again.seen, 3);
}
END_TEST

START_TEST (test_stop_after_the_end_cancels_nothing)
{
  g_autoptr (PGconn) conn = ep_test_db_owner (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  Reader reader = { .stop_after = 1 };

  /* Three small rows arrive together with the statement's end. Stopping at the first must not
   * leave a cancel on its way: it would reach the server while the next statement runs, and
   * abort the transaction that COMMIT is then meant to commit. */
  ep_test_db_exec (conn, "BEGIN");
  fault.late_conn = conn;
  fault.late_ms = 100;
  gboolean ok = ep_db_stream_binary (conn, "SELECT g FROM generate_series(1, 3) g", NULL, read_row,
                                     &reader, "stream", &error);
  EP_ASSERT_NO_ERROR (ok, error);
  ck_assert_uint_eq (reader.seen, 1);
  ck_assert_int_eq (PQtransactionStatus (conn), PQTRANS_INTRANS);
  g_autoptr (PGresult) next
    = ep_db_exec (conn, "SELECT pg_sleep(0.3)", NULL, PGRES_TUPLES_OK, "next", &error);
  gint cancels = fault.cancels;
  fault_reset ();
  EP_ASSERT_NO_ERROR (next != NULL, error);
  ck_assert_int_eq (cancels, 0);
  EP_ASSERT_NO_ERROR (ep_db_exec_command (conn, "COMMIT", NULL, "commit", &error), error);
  ck_assert_int_eq (PQtransactionStatus (conn), PQTRANS_IDLE);
}
END_TEST

START_TEST (test_stop_while_running_cancels)
{
  g_autoptr (PGconn) conn = ep_test_db_owner (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  Reader reader = { .stop_after = 1 };

  /* Rows larger than the server's send buffer go out at once; then the query sleeps. Stopping
   * at the first row cancels it: the call returns long before the sleep would end, and the
   * transaction is aborted, as ep-db-conn.h says. */
  ep_test_db_exec (conn, "BEGIN");
  gint64 start = g_get_monotonic_time ();
  gboolean ok = ep_db_stream_binary (conn,
                                     "SELECT repeat('x', 20000) FROM generate_series(1, 2)"
                                     " UNION ALL SELECT NULL FROM pg_sleep(30) WHERE random() < 0",
                                     NULL, read_row, &reader, "stream", &error);
  gint64 took_ms = (g_get_monotonic_time () - start) / 1000;
  gint cancels = fault.cancels;
  fault_reset ();
  EP_ASSERT_NO_ERROR (ok, error);
  ck_assert_uint_eq (reader.seen, 1);
  ck_assert_int_eq (cancels, 1);
  ck_assert_msg (took_ms < 10000, "the stopped query ran on for %" G_GINT64_FORMAT " ms", took_ms);
  ck_assert_int_eq (PQtransactionStatus (conn), PQTRANS_INERROR);
  ep_test_db_exec (conn, "ROLLBACK");
  ck_assert_int_eq (ep_test_query_int (conn, "SELECT 42", NULL), 42);
}
END_TEST

/* ---- prepared statements ----------------------------------------------------------------- */

/* The one value @sql returns, run as a prepared statement named @name; fails the test on error. */
static gchar *
prepared_value (PGconn *conn, const gchar *name, const gchar *sql)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (PGresult) res
    = ep_db_exec_prepared (conn, name, sql, NULL, PGRES_TUPLES_OK, 0, "prepared", &error);
  ck_assert_msg (res != NULL, "%s: %s", sql, error ? error->message : "");
  ck_assert_int_eq (PQntuples (res), 1);
  return g_strdup (PQgetvalue (res, 0, 0));
}

START_TEST (test_reused_name_runs_its_own_sql)
{
  g_autoptr (PGconn) conn = ep_test_db_owner (ep_test_cluster);
  static const gchar *const cases[][2] = {
    { "SELECT 1 AS n", "1" },
    { "SELECT 2 AS n", "2" },
    { "SELECT 1 AS n", "1" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree gchar *value = prepared_value (conn, "test_reused", cases[i][0]);
      ck_assert_msg (g_strcmp0 (value, cases[i][1]) == 0, "%s under a reused name gave %s",
                     cases[i][0], value);
    }
}
END_TEST

START_TEST (test_discarded_statement_outside_transaction)
{
  g_autoptr (PGconn) conn = ep_test_db_owner (ep_test_cluster);
  g_autofree gchar *before = prepared_value (conn, "test_discarded", "SELECT 3 AS n");
  ck_assert_str_eq (before, "3");
  ep_test_db_exec (conn, "DISCARD ALL");
  g_autofree gchar *after = prepared_value (conn, "test_discarded", "SELECT 3 AS n");
  ck_assert_str_eq (after, "3");
}
END_TEST

static gboolean
select_prepared (PGconn *conn, gpointer data, GError **error)
{
  g_autoptr (PGresult) res = ep_db_exec_prepared (conn, "test_in_tx", "SELECT 4 AS n", NULL,
                                                  PGRES_TUPLES_OK, 0, "prepared", error);
  return res != NULL;
}

START_TEST (test_discarded_statement_between_transactions)
{
  g_autoptr (PGconn) conn = ep_test_db_owner (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  const EpDbTxContext ctx = { .gemeente = EP_TEST_GM_A };
  guint attempts = 0;

  EP_ASSERT_NO_ERROR (ep_db_run_tx (conn, &ctx, select_prepared, NULL, &attempts, &error), error);
  ck_assert_uint_eq (attempts, 1);
  ep_test_db_exec (conn, "DISCARD ALL");

  /* The first statement that finds its statement gone aborts the transaction; the runner runs
   * it again, and the statements are prepared anew. */
  EP_ASSERT_NO_ERROR (ep_db_run_tx (conn, &ctx, select_prepared, NULL, &attempts, &error), error);
  ck_assert_uint_eq (attempts, 2);
  EP_ASSERT_NO_ERROR (ep_db_run_tx (conn, &ctx, select_prepared, NULL, &attempts, &error), error);
  ck_assert_uint_eq (attempts, 1);
}
END_TEST

Suite *
ep_test_conn_suite (void)
{
  Suite *suite = suite_create ("conn");
  TCase *stream = tcase_create ("stream");
  tcase_set_timeout (stream, 60);
  tcase_add_test (stream, test_refused_single_row_mode_leaves_connection_ready);
  tcase_add_test (stream, test_stop_after_the_end_cancels_nothing);
  tcase_add_test (stream, test_stop_while_running_cancels);
  suite_add_tcase (suite, stream);
  TCase *prepared = tcase_create ("prepared");
  tcase_add_test (prepared, test_reused_name_runs_its_own_sql);
  tcase_add_test (prepared, test_discarded_statement_outside_transaction);
  tcase_add_test (prepared, test_discarded_statement_between_transactions);
  suite_add_tcase (suite, prepared);
  return suite;
}
