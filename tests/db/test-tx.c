/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-tx.c: ep_db_run_tx(), the transaction runner: retries after a real
 * serialization failure (provoked with a second connection), gives up after
 * EP_DB_TX_MAX_ATTEMPTS, runs a non-retryable failure once and rolls it back,
 * and sets the transaction context (tenant, actor, isolation) with SET LOCAL
 * semantics.
 *
 * The retry tests count in a scratch table tx_counter (created by the owner,
 * one row per test).
 */
#include "db-suites.h"

#include "ep-db-pool.h"

#include <string.h>

/* ---- the counter ------------------------------------------------------------------------- */

/* Creates tx_counter if needed and a fresh row with n = 0; returns its id. */
static gchar *
counter_new (PGconn *owner)
{
  ep_test_db_exec (owner, "SET client_min_messages = warning;"
                          "CREATE TABLE IF NOT EXISTS tx_counter (id int PRIMARY KEY, n int);"
                          "RESET client_min_messages");
  return ep_test_query_value (owner,
                              "INSERT INTO tx_counter (id, n)"
                              " SELECT coalesce(max(id), 0) + 1, 0 FROM tx_counter"
                              " RETURNING id::text",
                              NULL);
}

static gint64
counter_value (PGconn *owner, const gchar *id)
{
  g_autoptr (EpDbParams) params = ep_test_params (id, NULL);
  return ep_test_query_int (owner, "SELECT n FROM tx_counter WHERE id = $1::int", params);
}

typedef struct
{
  const gchar *id;
  PGconn *other;       /* commits a competing increment */
  guint interfere_for; /* on the first this many calls */
  guint calls;
} CounterJob;

/* Reads the counter (the transaction's snapshot already exists: the context
 * was set by the first statement), lets the other connection commit an
 * increment of the same row, then increments it itself: under REPEATABLE
 * READ or SERIALIZABLE that is a serialization failure (40001). */
static gboolean
increment_counter (PGconn *conn, gpointer data, GError **error)
{
  CounterJob *job = data;
  g_autoptr (EpDbParams) params = ep_test_params (job->id, NULL);

  job->calls++;
  g_autoptr (PGresult) read = ep_db_exec (conn, "SELECT n FROM tx_counter WHERE id = $1::int",
                                          params, PGRES_TUPLES_OK, "read counter", error);
  if (read == NULL)
    return FALSE;

  if (job->calls <= job->interfere_for
      && !ep_db_exec_command (job->other, "UPDATE tx_counter SET n = n + 1 WHERE id = $1::int",
                              params, "competing increment", error))
    {
      g_prefix_error (error, "test set-up: ");
      return FALSE;
    }

  return ep_db_exec_command (conn, "UPDATE tx_counter SET n = n + 1 WHERE id = $1::int", params,
                             "increment counter", error);
}

static const EpDbIsolation retry_isolations[] = { EP_DB_SERIALIZABLE, EP_DB_REPEATABLE_READ };

START_TEST (test_serialization_failure_retried)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) other = ep_test_db_owner (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *id = counter_new (owner);
  CounterJob job = { .id = id, .other = other, .interfere_for = 1 };
  EpDbTxContext ctx = { .gemeente = EP_TEST_GM_A, .isolation = retry_isolations[_i] };
  guint attempts = 0;

  EP_ASSERT_NO_ERROR (ep_db_run_tx (owner, &ctx, increment_counter, &job, &attempts, &error),
                      error);
  ck_assert_uint_eq (attempts, 2);
  ck_assert_uint_eq (job.calls, 2);
  /* The competitor's increment and ours, each once. */
  ck_assert_int_eq (counter_value (owner, id), 2);
  ck_assert_int_eq (PQtransactionStatus (owner), PQTRANS_IDLE);
}
END_TEST

START_TEST (test_serialization_failure_gives_up)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) other = ep_test_db_owner (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *id = counter_new (owner);
  CounterJob job = { .id = id, .other = other, .interfere_for = G_MAXUINT };
  EpDbTxContext ctx = { .isolation = EP_DB_SERIALIZABLE };
  guint attempts = 0;

  ck_assert (!ep_db_run_tx (owner, &ctx, increment_counter, &job, &attempts, &error));
  EP_ASSERT_DB_ERROR (error, EP_DB_ERROR_SERIALIZATION_FAILURE);
  ck_assert_uint_eq (attempts, EP_DB_TX_MAX_ATTEMPTS);
  ck_assert_uint_eq (job.calls, EP_DB_TX_MAX_ATTEMPTS);
  /* Only the competitor's increments were committed. */
  ck_assert_int_eq (counter_value (owner, id), EP_DB_TX_MAX_ATTEMPTS);
  ck_assert_int_eq (PQtransactionStatus (owner), PQTRANS_IDLE);
}
END_TEST

typedef struct
{
  const gchar *id;
  guint calls;
  EpDbError fail_with; /* on the first call; EP_DB_ERROR_FAILED: by a real unique violation */
} InsertJob;

/* Inserts tx_counter row @id; on the first call fails afterwards: with a real
 * duplicate insert, or with a made-up error of code @fail_with. */
static gboolean
insert_then_fail (PGconn *conn, gpointer data, GError **error)
{
  InsertJob *job = data;
  g_autoptr (EpDbParams) params = ep_test_params (job->id, NULL);
  const gchar *insert = "INSERT INTO tx_counter (id, n) VALUES ($1::int, 1)";

  job->calls++;
  if (!ep_db_exec_command (conn, insert, params, "insert row", error))
    return FALSE;
  if (job->calls > 1)
    return TRUE;
  if (job->fail_with == EP_DB_ERROR_FAILED)
    return ep_db_exec_command (conn, insert, params, "insert row again", error);
  g_set_error (error, EP_DB_ERROR, job->fail_with, "made-up failure %d", job->fail_with);
  return FALSE;
}

/* An id no row has yet: the next one after the counter made for this test. */
static gchar *
unused_id (PGconn *owner)
{
  g_autofree gchar *counter = counter_new (owner);
  return g_strdup_printf ("%" G_GINT64_FORMAT, g_ascii_strtoll (counter, NULL, 10) + 1000000);
}

START_TEST (test_non_retryable_runs_once)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *id = unused_id (owner);
  InsertJob job = { .id = id, .fail_with = EP_DB_ERROR_FAILED };
  EpDbTxContext ctx = { .isolation = EP_DB_SERIALIZABLE };
  guint attempts = 0;

  ck_assert (!ep_db_run_tx (owner, &ctx, insert_then_fail, &job, &attempts, &error));
  EP_ASSERT_DB_ERROR (error, EP_DB_ERROR_UNIQUE_VIOLATION);
  ck_assert_ptr_nonnull (strstr (error->message, "tx_counter_pkey"));
  ck_assert_uint_eq (attempts, 1);
  ck_assert_uint_eq (job.calls, 1);
  ck_assert_int_eq (PQtransactionStatus (owner), PQTRANS_IDLE);

  /* The first insert of the body was rolled back with the rest. */
  g_autoptr (EpDbParams) params = ep_test_params (id, NULL);
  ck_assert_int_eq (
    ep_test_query_int (owner, "SELECT count(*) FROM tx_counter WHERE id = $1::int", params), 0);
}
END_TEST

START_TEST (test_deadlock_retried_after_rollback)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *id = unused_id (owner);
  InsertJob job = { .id = id, .fail_with = EP_DB_ERROR_DEADLOCK };
  EpDbTxContext ctx = { .isolation = EP_DB_READ_COMMITTED };
  guint attempts = 0;

  /* The second attempt inserts the same row again: it succeeds only if the
   * first attempt's insert was rolled back. */
  EP_ASSERT_NO_ERROR (ep_db_run_tx (owner, &ctx, insert_then_fail, &job, &attempts, &error), error);
  ck_assert_uint_eq (attempts, 2);
  ck_assert_uint_eq (job.calls, 2);

  g_autoptr (EpDbParams) params = ep_test_params (id, NULL);
  ck_assert_int_eq (
    ep_test_query_int (owner, "SELECT count(*) FROM tx_counter WHERE id = $1::int", params), 1);
}
END_TEST

static gboolean
insert_then_return_false (PGconn *conn, gpointer data, GError **error)
{
  InsertJob *job = data;
  g_autoptr (EpDbParams) params = ep_test_params (job->id, NULL);

  job->calls++;
  if (!ep_db_exec_command (conn, "INSERT INTO tx_counter (id, n) VALUES ($1::int, 1)", params,
                           "insert row", error))
    return FALSE;
  return FALSE; /* a body that forgets to set @error */
}

START_TEST (test_false_without_error_is_not_a_commit)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *id = unused_id (owner);
  InsertJob job = { .id = id };
  EpDbTxContext ctx = { .isolation = EP_DB_READ_COMMITTED };
  guint attempts = 0;

  gboolean ok = ep_db_run_tx (owner, &ctx, insert_then_return_false, &job, &attempts, &error);
  gboolean error_set = error != NULL;

  g_autoptr (EpDbParams) params = ep_test_params (id, NULL);
  gint64 committed
    = ep_test_query_int (owner, "SELECT count(*) FROM tx_counter WHERE id = $1::int", params);
  /* Free everything first: with CK_FORK=no a failed check leaves the
   * function, and this test is expected to fail until the bug is fixed. */
  g_clear_pointer (&params, ep_db_params_free);
  g_clear_pointer (&owner, PQfinish);
  g_clear_pointer (&id, g_free);
  g_clear_error (&error);

  ck_assert_uint_eq (job.calls, 1);
  ck_assert_int_eq (committed, 0); /* the body said FALSE: rolled back */
  /* "Returns: TRUE when the transaction committed; FALSE with @error set when
   * it was rolled back." */
  ck_assert_msg (!ok, "ep_db_run_tx returned TRUE for a transaction it rolled back");
  ck_assert_msg (error_set, "ep_db_run_tx returned FALSE without setting an error");
}
END_TEST

/* ---- the transaction context ------------------------------------------------------------- */

typedef struct
{
  gchar *gemeente;
  gchar *actor;
  gchar *actor_role;
  gchar *current_gemeente;
  gchar *isolation;
  gboolean fail;
} ContextJob;

static void
context_job_clear (ContextJob *job)
{
  g_clear_pointer (&job->gemeente, g_free);
  g_clear_pointer (&job->actor, g_free);
  g_clear_pointer (&job->actor_role, g_free);
  g_clear_pointer (&job->current_gemeente, g_free);
  g_clear_pointer (&job->isolation, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ContextJob, context_job_clear)

static gboolean
read_context (PGconn *conn, gpointer data, GError **error)
{
  ContextJob *job = data;
  g_autoptr (PGresult) res
    = ep_db_exec (conn,
                  "SELECT current_setting('eenplan.gemeente') AS gemeente,"
                  "       current_setting('eenplan.actor') AS actor,"
                  "       current_setting('eenplan.actor_role') AS actor_role,"
                  "       current_gemeente() AS current_gemeente,"
                  "       current_setting('transaction_isolation') AS isolation",
                  NULL, PGRES_TUPLES_OK, "read context", error);

  if (res == NULL)
    return FALSE;
  context_job_clear (job);
  job->gemeente = g_strdup (ep_db_get_text (res, 0, "gemeente"));
  job->actor = g_strdup (ep_db_get_text (res, 0, "actor"));
  job->actor_role = g_strdup (ep_db_get_text (res, 0, "actor_role"));
  job->current_gemeente = g_strdup (ep_db_get_text (res, 0, "current_gemeente"));
  job->isolation = g_strdup (ep_db_get_text (res, 0, "isolation"));
  if (job->fail)
    {
      g_set_error_literal (error, EP_DB_ERROR, EP_DB_ERROR_FAILED, "body fails on purpose");
      return FALSE;
    }
  return TRUE;
}

/* The session's values after the transaction: '' or NULL both read as ''. */
static gchar *
session_settings (PGconn *conn)
{
  return ep_test_query_value (
    conn,
    "SELECT coalesce(current_setting('eenplan.gemeente', true), '')"
    "       || '|' || coalesce(current_setting('eenplan.actor', true), '')"
    "       || '|' || coalesce(current_setting('eenplan.actor_role', true),"
    "                          '')",
    NULL);
}

static const struct
{
  EpDbIsolation isolation;
  const gchar *name;
} isolation_cases[] = {
  { EP_DB_READ_COMMITTED, "read committed" },
  { EP_DB_REPEATABLE_READ, "repeatable read" },
  { EP_DB_SERIALIZABLE, "serializable" },
};

START_TEST (test_context_set_local)
{
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *actor = g_uuid_string_random ();
  g_auto (ContextJob) job = { 0 };
  EpDbTxContext ctx = { .gemeente = EP_TEST_GM_A,
                        .actor_id = actor,
                        .actor_role = "regisseur",
                        .isolation = isolation_cases[_i].isolation };

  EP_ASSERT_NO_ERROR (ep_db_run_tx (app, &ctx, read_context, &job, NULL, &error), error);
  ck_assert_str_eq (job.gemeente, EP_TEST_GM_A);
  ck_assert_str_eq (job.actor, actor);
  ck_assert_str_eq (job.actor_role, "regisseur");
  ck_assert_str_eq (job.current_gemeente, EP_TEST_GM_A);
  ck_assert_str_eq (job.isolation, isolation_cases[_i].name);

  /* After COMMIT, on the same connection, nothing is left. */
  g_autofree gchar *after = session_settings (app);
  ck_assert_str_eq (after, "||");
  g_autofree gchar *isolation
    = ep_test_query_value (app, "SELECT current_setting('transaction_isolation')", NULL);
  ck_assert_str_eq (isolation, "read committed");
}
END_TEST

START_TEST (test_context_reset_after_rollback)
{
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  g_auto (ContextJob) job = { .fail = TRUE };
  EpDbTxContext ctx = { .gemeente = EP_TEST_GM_B, .actor_id = "someone", .actor_role = "admin" };

  ck_assert (!ep_db_run_tx (app, &ctx, read_context, &job, NULL, &error));
  EP_ASSERT_DB_ERROR (error, EP_DB_ERROR_FAILED);
  ck_assert_str_eq (error->message, "body fails on purpose");
  ck_assert_str_eq (job.gemeente, EP_TEST_GM_B);
  ck_assert_int_eq (PQtransactionStatus (app), PQTRANS_IDLE);
  g_autofree gchar *after = session_settings (app);
  ck_assert_str_eq (after, "||");
}
END_TEST

START_TEST (test_context_overrides_session)
{
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  g_auto (ContextJob) job = { 0 };
  EpDbTxContext ctx = { .gemeente = NULL };

  /* A session-level tenant (left by careless code) does not leak into a
   * transaction without one, and comes back after it. */
  ep_test_db_exec (app, "SET eenplan.gemeente = 'GM0153'; SET eenplan.actor = 'stale'");
  EP_ASSERT_NO_ERROR (ep_db_run_tx (app, &ctx, read_context, &job, NULL, &error), error);
  ck_assert_str_eq (job.gemeente, "");
  ck_assert_str_eq (job.current_gemeente, "");
  ck_assert_str_eq (job.actor, "");
  ck_assert_str_eq (job.actor_role, "");
  g_autofree gchar *after = session_settings (app);
  ck_assert_str_eq (after, "GM0153|stale|");
}
END_TEST

START_TEST (test_context_values_verbatim)
{
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  g_auto (ContextJob) job = { 0 };
  const gchar *tricky = "GM0164'; SET ROLE eenplan_owner; --";
  EpDbTxContext ctx = { .gemeente = tricky, .actor_id = "o'brien \"x\" \\", .actor_role = "ä ö" };

  /* Values travel as parameters: quotes arrive as they are. */
  EP_ASSERT_NO_ERROR (ep_db_run_tx (app, &ctx, read_context, &job, NULL, &error), error);
  ck_assert_str_eq (job.gemeente, tricky);
  ck_assert_str_eq (job.current_gemeente, tricky);
  ck_assert_str_eq (job.actor, "o'brien \"x\" \\");
  ck_assert_str_eq (job.actor_role, "ä ö");
  g_autofree gchar *user = ep_test_query_value (app, "SELECT current_user::text", NULL);
  ck_assert_str_eq (user, "eenplan_app");
}
END_TEST

/* ---- an exported snapshot, on another connection ------------------------------------------ */

typedef struct
{
  const gchar *id;
  gint64 seen;
} CounterRead;

typedef struct
{
  const gchar *id;
  PGconn *writer;   /* commits an increment once the snapshot is exported */
  gchar *snapshot;  /* exported by the first transaction */
  PGconn *importer; /* a connection like the first, reading in its snapshot */
  const gchar *bad_snapshot;
  CounterRead first, imported;
  GError *import_error;
} SnapshotJob;

static gboolean
read_in_snapshot (PGconn *conn, gpointer data, GError **error)
{
  CounterRead *counter = data;
  g_autoptr (EpDbParams) params = ep_test_params (counter->id, NULL);
  g_autoptr (PGresult) read = ep_db_exec (conn, "SELECT n FROM tx_counter WHERE id = $1::int",
                                          params, PGRES_TUPLES_OK, "read counter", error);
  if (read == NULL)
    return FALSE;
  counter->seen = g_ascii_strtoll (PQgetvalue (read, 0, 0), NULL, 10);
  return TRUE;
}

/* Exports the snapshot, lets the writer commit, then has the importer read in the snapshot
 * while this transaction is still open. */
static gboolean
export_and_import (PGconn *conn, gpointer data, GError **error)
{
  SnapshotJob *job = data;
  g_autoptr (PGresult) exported = ep_db_exec (conn, "SELECT pg_export_snapshot()", NULL,
                                              PGRES_TUPLES_OK, "export snapshot", error);
  g_autoptr (EpDbParams) params = ep_test_params (job->id, NULL);
  if (exported == NULL
      || !ep_db_exec_command (job->writer, "UPDATE tx_counter SET n = n + 1 WHERE id = $1::int",
                              params, "increment", error)
      || !read_in_snapshot (conn, &job->first, error))
    return FALSE;

  EpDbTxContext ctx
    = { .isolation = EP_DB_REPEATABLE_READ,
        .snapshot = job->bad_snapshot ? job->bad_snapshot : PQgetvalue (exported, 0, 0) };
  ep_db_run_tx (job->importer, &ctx, read_in_snapshot, &job->imported, NULL, &job->import_error);
  return TRUE;
}

static const gchar *const snapshot_cases[]
  = { NULL, "00000003-0000001B-1", "x'; DROP TABLE x; --" };

START_TEST (test_snapshot_imported)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) writer = ep_test_db_owner (ep_test_cluster);
  g_autofree gchar *id = counter_new (owner);
  g_autoptr (GError) error = NULL;

  /* A connection like the first: same database and role. */
  g_autoptr (PGconn) importer = ep_db_connect_like (owner, &error);
  EP_ASSERT_NO_ERROR (importer != NULL, error);
  g_autofree gchar *user = ep_test_query_value (importer, "SELECT current_user::text", NULL);
  g_autofree gchar *owner_user = ep_test_query_value (owner, "SELECT current_user::text", NULL);
  ck_assert_str_eq (user, owner_user);

  SnapshotJob job = { .id = id,
                      .writer = writer,
                      .importer = importer,
                      .bad_snapshot = snapshot_cases[_i],
                      .first = { id, -1 },
                      .imported = { id, -1 } };
  EpDbTxContext ctx = { .isolation = EP_DB_REPEATABLE_READ };
  EP_ASSERT_NO_ERROR (ep_db_run_tx (owner, &ctx, export_and_import, &job, NULL, &error), error);

  ck_assert_int_eq (job.first.seen, 0); /* the increment came after the snapshot */
  if (snapshot_cases[_i] == NULL)
    {
      EP_ASSERT_NO_ERROR (job.import_error == NULL, job.import_error);
      ck_assert_int_eq (job.imported.seen, 0); /* committed, yet not in the snapshot */
    }
  else
    {
      /* An id that names no exported snapshot is refused, quoted as a literal. */
      ck_assert_ptr_nonnull (job.import_error);
      ck_assert_int_eq (job.imported.seen, -1);
      ck_assert_int_eq (PQtransactionStatus (importer), PQTRANS_IDLE);
      g_clear_error (&job.import_error);
    }
  ck_assert_int_eq (counter_value (owner, id), 1);
}
END_TEST

Suite *
ep_test_tx_suite (void)
{
  Suite *suite = suite_create ("tx");
  TCase *retry = tcase_create ("retry");
  TCase *context = tcase_create ("context");

  tcase_set_timeout (retry, 30);
  tcase_add_loop_test (retry, test_serialization_failure_retried, 0,
                       G_N_ELEMENTS (retry_isolations));
  tcase_add_test (retry, test_serialization_failure_gives_up);
  tcase_add_test (retry, test_non_retryable_runs_once);
  tcase_add_test (retry, test_deadlock_retried_after_rollback);
  tcase_add_test (retry, test_false_without_error_is_not_a_commit);
  suite_add_tcase (suite, retry);

  tcase_set_timeout (context, 30);
  tcase_add_loop_test (context, test_context_set_local, 0, G_N_ELEMENTS (isolation_cases));
  tcase_add_test (context, test_context_reset_after_rollback);
  tcase_add_test (context, test_context_overrides_session);
  tcase_add_test (context, test_context_values_verbatim);
  tcase_add_loop_test (context, test_snapshot_imported, 0, G_N_ELEMENTS (snapshot_cases));
  suite_add_tcase (suite, context);
  return suite;
}
