/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-audit-concurrency.c: the audit trail under concurrent load, against a
 * real PostgreSQL.
 *
 *  - many writers of one municipality, each on its own connection, with two
 *    sealers running at the same time (the background sealer and a loop of
 *    ep_audit_seal() on another connection): one chain, no gaps, no forks;
 *  - writers never wait for each other, in one municipality or two, nor for
 *    a sealer holding its lock (lock_timeout turns a wait into a failure
 *    instead of a hang);
 *  - the background sealer seals (and checkpoints) once more when stopped, and
 *    one municipality that cannot be sealed does not stop it for the others;
 *  - a server process killed with SIGKILL in the middle of the load loses no
 *    event it reported committed, and the trail verifies afterwards.
 *
 * Threads never call Check: they record what went wrong, and the test
 * asserts after joining them. The killed "server" is a forked child that
 * leaves only through _exit() (or SIGKILL), so with CK_FORK=no it never runs
 * Check's code either.
 */
#include "test-audit-common.h"

#include "ep-audit.h"
#include "ep-crypto.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* The sealers' advisory lock class (db/ep-audit.c). */
#define SEAL_LOCK_CLASS "72134059"

/* ---- helpers ----------------------------------------------------------------------------- */

/* Errors reported from other threads: a count and the first message. */
typedef struct
{
  GMutex lock;
  guint count;
  gchar *first;
} ErrorLog;

static void
error_log_add (ErrorLog *log, const gchar *message)
{
  g_mutex_lock (&log->lock);
  if (log->count++ == 0)
    log->first = g_strdup (message);
  g_mutex_unlock (&log->lock);
}

static void
error_log_clear (ErrorLog *log)
{
  g_clear_pointer (&log->first, g_free);
  g_mutex_clear (&log->lock);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ErrorLog, error_log_clear)

static void
on_sealer_error (const GError *error, gpointer user_data)
{
  error_log_add (user_data, error->message);
}

/* "{1,2,3}": a bigint[] parameter. */
static gchar *
id_array (const gint64 *ids, gsize n)
{
  GString *out = g_string_new ("{");
  for (gsize i = 0; i < n; i++)
    g_string_append_printf (out, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", ids[i]);
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

/* Runs @sql with $1 = @gemeente, $2 = @arg (if given) and returns its one value as text. */
static gchar *
query_text (PGconn *conn, const gchar *sql, const gchar *gemeente, const gchar *arg)
{
  g_autoptr (EpDbParams) params = ep_test_params (gemeente, arg, NULL);
  return ep_test_query_value (conn, sql, params);
}

static gint64
query_int (PGconn *conn, const gchar *sql, const gchar *gemeente, const gchar *arg)
{
  g_autoptr (EpDbParams) params = ep_test_params (gemeente, arg, NULL);
  return ep_test_query_int (conn, sql, params);
}

/* The chain's shape: "count|min|max|distinct events". */
static gchar *
chain_shape (PGconn *owner, const gchar *gemeente)
{
  return query_text (owner,
                     "SELECT count(*) || '|' || coalesce(min(seq), 0) || '|'"
                     "       || coalesce(max(seq), 0) || '|' || count(DISTINCT event_id)"
                     "  FROM audit_chain WHERE gemeente = $1",
                     gemeente, NULL);
}

/* ---- many writers, two sealers, one chain ------------------------------------------------ */

enum
{
  N_WRITERS = 16,
  N_WRITES = 50
};

typedef struct
{
  const gchar *gemeente;
  guint index;
  gint64 ids[N_WRITES];
  guint committed;
  gchar *error;
  /* The start line: every writer connects first, then all begin at once. Halfway, each
   * waits until both sealers have done a round, so that sealing certainly happens in the
   * middle of the load (a fixed point, not a matter of timing). */
  GMutex *lock;
  GCond *cond;
  gboolean *go;
  gboolean *halfway_open;
} Writer;

static gpointer
writer_thread (gpointer data)
{
  Writer *writer = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (PGconn) conn = ep_db_connect (ep_test_cluster->app_conninfo, &error);
  g_autofree gchar *actor = g_strdup_printf ("writer-%u", writer->index);

  g_mutex_lock (writer->lock);
  while (!*writer->go)
    g_cond_wait (writer->cond, writer->lock);
  g_mutex_unlock (writer->lock);

  if (conn == NULL)
    {
      writer->error = g_strdup (error->message);
      return NULL;
    }
  for (guint i = 0; i < N_WRITES; i++)
    {
      if (i == N_WRITES / 2)
        {
          g_mutex_lock (writer->lock);
          while (!*writer->halfway_open)
            g_cond_wait (writer->cond, writer->lock);
          g_mutex_unlock (writer->lock);
        }
      if (!ep_test_audit_write (conn, writer->gemeente, actor, writer->index * 1000 + i,
                                &writer->ids[i], &error))
        {
          writer->error = g_strdup_printf ("write %u: %s", i, error->message);
          return NULL;
        }
      writer->committed++;
    }
  return NULL;
}

typedef struct
{
  const gchar *gemeente;
  gint stop; /* atomic */
  guint64 sealed;
  gint rounds; /* atomic */
  ErrorLog *errors;
} SealLoop;

static gpointer
seal_loop_thread (gpointer data)
{
  SealLoop *loop = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (PGconn) conn = ep_db_connect (ep_test_cluster->app_conninfo, &error);

  if (conn == NULL)
    {
      error_log_add (loop->errors, error->message);
      return NULL;
    }
  while (!g_atomic_int_get (&loop->stop))
    {
      guint64 n = 0;
      if (ep_audit_seal (conn, loop->gemeente, &n, &error))
        g_atomic_int_inc (&loop->rounds);
      else
        {
          error_log_add (loop->errors, error->message);
          g_clear_error (&error);
        }
      loop->sealed += n;
      g_usleep (1000);
    }
  return NULL;
}

START_TEST (test_concurrent_writers_one_chain)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autofree gchar *gemeente = ep_test_audit_gemeente (owner);
  g_auto (ErrorLog) sealer_errors = { 0 };
  g_auto (ErrorLog) loop_errors = { 0 };
  GMutex lock;
  GCond cond;
  gboolean go = FALSE, halfway_open = FALSE;
  Writer writers[N_WRITERS];
  GThread *threads[N_WRITERS];

  g_mutex_init (&lock);
  g_cond_init (&cond);
  g_mutex_init (&sealer_errors.lock);
  g_mutex_init (&loop_errors.lock);

  EpAuditSealer *sealer = ep_audit_sealer_start (
    ep_test_cluster->app_conninfo, &(EpAuditSealerOptions){ .interval_ms = 20,
                                                            .on_error = on_sealer_error,
                                                            .user_data = &sealer_errors });
  SealLoop loop = { .gemeente = gemeente, .errors = &loop_errors };
  GThread *loop_thread = g_thread_new ("seal-loop", seal_loop_thread, &loop);

  for (guint w = 0; w < N_WRITERS; w++)
    {
      writers[w] = (Writer){ .gemeente = gemeente,
                             .index = w,
                             .lock = &lock,
                             .cond = &cond,
                             .go = &go,
                             .halfway_open = &halfway_open };
      threads[w] = g_thread_new ("writer", writer_thread, &writers[w]);
    }
  g_mutex_lock (&lock);
  go = TRUE;
  g_cond_broadcast (&cond);
  g_mutex_unlock (&lock);

  /* Open the halfway gate once both sealers have finished a round (or after a generous
   * bound, which the assertions below then catch). */
  gint64 deadline = g_get_monotonic_time () + 30 * G_TIME_SPAN_SECOND;
  while ((ep_audit_sealer_rounds (sealer) == 0 || g_atomic_int_get (&loop.rounds) == 0)
         && g_get_monotonic_time () < deadline)
    g_usleep (5000);
  guint sealer_rounds = ep_audit_sealer_rounds (sealer);
  g_mutex_lock (&lock);
  halfway_open = TRUE;
  g_cond_broadcast (&cond);
  g_mutex_unlock (&lock);
  for (guint w = 0; w < N_WRITERS; w++)
    g_thread_join (threads[w]);

  g_atomic_int_set (&loop.stop, 1);
  g_thread_join (loop_thread);
  ep_audit_sealer_stop (sealer);
  g_mutex_clear (&lock);
  g_cond_clear (&cond);

  /* Threads are done: now assert. */
  g_autoptr (GArray) ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), N_WRITERS * N_WRITES);
  for (guint w = 0; w < N_WRITERS; w++)
    {
      g_autofree gchar *message = g_steal_pointer (&writers[w].error);
      ck_assert_msg (message == NULL, "writer %u: %s", w, message);
      ck_assert_uint_eq (writers[w].committed, N_WRITES);
      g_array_append_vals (ids, writers[w].ids, N_WRITES);
    }
  ck_assert_msg (loop_errors.count == 0, "the seal loop failed %u times: %s", loop_errors.count,
                 loop_errors.first);
  ck_assert_msg (sealer_errors.count == 0, "the sealer failed %u times: %s", sealer_errors.count,
                 sealer_errors.first);
  /* Both sealers were at work while the writers wrote. */
  ck_assert_uint_gt (sealer_rounds, 0);
  ck_assert_int_gt (loop.rounds, 0);
  ck_assert_msg (loop.sealed > 0, "the seal loop never sealed anything");

  /* Seal what is left, then: seq 1…800, every event once. */
  ep_test_audit_seal (app, gemeente);

  g_autofree gchar *shape = chain_shape (owner, gemeente);
  ck_assert_str_eq (shape, "800|1|800|800");
  g_autofree gchar *written = id_array ((const gint64 *) ids->data, ids->len);
  ck_assert_int_eq (query_int (owner,
                               "SELECT count(*) FROM audit_chain"
                               " WHERE gemeente = $1 AND event_id = ANY ($2::bigint[])",
                               gemeente, written),
                    N_WRITERS * N_WRITES);
  ck_assert_int_eq (
    query_int (owner, "SELECT count(*) FROM audit_event WHERE gemeente = $1", gemeente, NULL),
    N_WRITERS * N_WRITES);
  /* In the order ep-audit-seal.h promises: the writing transaction's id, then the event's. */
  ck_assert_int_eq (query_int (owner,
                               "SELECT count(*) FROM ("
                               "  SELECT c.seq, row_number() OVER (ORDER BY e.xid, e.id) AS rn"
                               "    FROM audit_chain c JOIN audit_event e"
                               "      ON e.gemeente = c.gemeente AND e.id = c.event_id"
                               "   WHERE c.gemeente = $1) t"
                               " WHERE t.seq <> t.rn",
                               gemeente, NULL),
                    0);

  g_auto (EpAuditReport) report = { 0 };
  ep_test_audit_verify (app, gemeente, 0, NULL, &report);
  EP_ASSERT_FINDING (&report, EP_AUDIT_INTACT, 0);
  ck_assert_int_eq (report.events, N_WRITERS * N_WRITES);
  ck_assert_int_eq (report.head_seq, N_WRITERS * N_WRITES);
  ck_assert_int_eq (report.pending, 0);
}
END_TEST

/* ---- nobody waits ------------------------------------------------------------------------ */

/* Makes a write that waits for a lock fail after two seconds instead of hanging. */
static PGconn *
impatient_app (void)
{
  PGconn *conn = ep_test_db_app (ep_test_cluster);
  ep_test_db_exec (conn, "SET lock_timeout = '2s'; SET statement_timeout = '5s'");
  return conn;
}

/* One audited write on @conn that must commit without waiting. Returns: the event's id. */
static gint64
write_promptly (PGconn *conn, const gchar *gemeente, const gchar *what)
{
  g_autoptr (GError) error = NULL;
  gint64 id = 0;
  gint64 start = g_get_monotonic_time ();
  gboolean ok = ep_test_audit_write (conn, gemeente, "u-b", 1, &id, &error);
  gint64 took_ms = (g_get_monotonic_time () - start) / 1000;

  ck_assert_msg (ok, "%s: %s", what, error ? error->message : "(no GError)");
  ck_assert_msg (took_ms < 1500, "%s took %" G_GINT64_FORMAT " ms", what, took_ms);
  return id;
}

/* Opens a transaction for @gemeente on @conn that writes a household and records its event,
 * and leaves it open. Returns: the event's id. */
static gint64
begin_open_write (PGconn *conn, const gchar *gemeente)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (EpDbParams) params = ep_test_params (gemeente, "u-a", "casemanager", NULL);
  gint64 id = 0;

  ep_test_db_exec (conn, "BEGIN");
  g_autoptr (PGresult) set = ep_db_exec (conn,
                                         "SELECT set_config('eenplan.gemeente', $1, true),"
                                         "       set_config('eenplan.actor', $2, true),"
                                         "       set_config('eenplan.actor_role', $3, true)",
                                         params, PGRES_TUPLES_OK, "open context", &error);
  ck_assert_msg (set != NULL, "%s", error ? error->message : "");
  ep_test_db_exec (conn, "INSERT INTO household (gemeente, postcode, huisnummer)"
                         " VALUES (current_gemeente(), '7550AA', 7)");
  EpAuditEvent event = { .action = "create", .entity_type = "household", .purpose = "wmo" };
  EP_ASSERT_NO_ERROR (ep_audit_record (conn, &event, &id, &error), error);
  ck_assert_int_eq (PQtransactionStatus (conn), PQTRANS_INTRANS);
  return id;
}

START_TEST (test_writers_do_not_wait)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) open_conn = ep_test_db_app (ep_test_cluster);
  g_autoptr (PGconn) writer = impatient_app ();
  g_autoptr (PGconn) sealer = impatient_app ();
  g_autoptr (GError) error = NULL;
  g_autofree gchar *here = ep_test_audit_gemeente (owner);
  g_autofree gchar *there = ep_test_audit_gemeente (owner);
  guint64 n = 0;

  /* A has written in `here` and not committed. */
  gint64 id_a = begin_open_write (open_conn, here);

  /* B writes and commits meanwhile, in the same municipality and in another. */
  gint64 id_b = write_promptly (writer, here, "a write in the same municipality");
  write_promptly (writer, there, "a write in another municipality");

  /* The sealer does not wait for A either; it seals nothing of `here` past A's open
   * transaction, or A's event would end up behind the chain head. */
  EP_ASSERT_NO_ERROR (ep_audit_seal (sealer, here, &n, &error), error);
  ck_assert_uint_eq (n, 0);

  ep_test_db_exec (open_conn, "COMMIT");
  ck_assert_uint_eq (ep_test_audit_seal (sealer, here), 2);
  g_autofree gchar *first = query_text (owner,
                                        "SELECT string_agg(event_id::text, ',' ORDER BY seq)"
                                        "  FROM audit_chain WHERE gemeente = $1",
                                        here, NULL);
  g_autofree gchar *want = g_strdup_printf ("%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT, id_a, id_b);
  ck_assert_str_eq (first, want);

  g_auto (EpAuditReport) report = { 0 };
  ep_test_audit_verify (sealer, here, 0, NULL, &report);
  EP_ASSERT_FINDING (&report, EP_AUDIT_INTACT, 0);
  ck_assert_int_eq (report.events, 2);
}
END_TEST

START_TEST (test_writers_do_not_wait_for_sealer)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) holder = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) writer = impatient_app ();
  g_autoptr (PGconn) sealer = impatient_app ();
  g_autoptr (GError) error = NULL;
  g_autofree gchar *here = ep_test_audit_gemeente (owner);
  g_autofree gchar *there = ep_test_audit_gemeente (owner);

  write_promptly (writer, here, "a write before");
  write_promptly (writer, there, "a write in another municipality");

  /* A sealer of `here` holds its lock. */
  ep_test_db_exec (holder, "BEGIN");
  g_autoptr (EpDbParams) params = ep_test_params (here, NULL);
  g_autoptr (PGresult) locked
    = ep_db_exec (holder, "SELECT pg_advisory_xact_lock(" SEAL_LOCK_CLASS ", hashtext($1))", params,
                  PGRES_TUPLES_OK, "take the seal lock", &error);
  ck_assert_msg (locked != NULL, "%s", error ? error->message : "");

  /* Writers of `here` go on. */
  write_promptly (writer, here, "a write while a sealer holds the lock");

  /* It is the sealers' lock: another sealer of `here` waits for it (and gives up)… */
  ep_test_db_exec (sealer, "SET lock_timeout = '300ms'");
  ck_assert (!ep_audit_seal (sealer, here, NULL, &error));
  EP_ASSERT_DB_ERROR (error, EP_DB_ERROR_FAILED);
  ck_assert_msg (strstr (error->message, "lock timeout") != NULL, "%s", error->message);
  g_clear_error (&error);

  /* …while `there` is sealed meanwhile. */
  ep_test_db_exec (sealer, "SET lock_timeout = '2s'");
  ck_assert_uint_eq (ep_test_audit_seal (sealer, there), 1);

  ep_test_db_exec (holder, "ROLLBACK");
  ck_assert_uint_eq (ep_test_audit_seal (sealer, here), 2);
  g_auto (EpAuditReport) report = { 0 };
  ep_test_audit_verify (sealer, here, 0, NULL, &report);
  EP_ASSERT_FINDING (&report, EP_AUDIT_INTACT, 0);
  ck_assert_int_eq (report.events, 2);
}
END_TEST

/* ---- the background sealer ------------------------------------------------------------- */

/* A clean shutdown leaves nothing waiting: stopping seals, and checkpoints, once more. */
START_TEST (test_sealer_seals_on_stop)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autoptr (EpSigningKey) key = ep_test_audit_key ();
  g_autoptr (EpSigningKey) public_key = ep_test_audit_public_key (key);
  g_autofree gchar *gemeente = ep_test_audit_gemeente (owner);
  g_auto (ErrorLog) errors = { 0 };

  g_mutex_init (&errors.lock);
  /* An interval far longer than the test: only stopping can seal. */
  EpAuditSealer *sealer = ep_audit_sealer_start (
    ep_test_cluster->app_conninfo,
    &(EpAuditSealerOptions){
      .interval_ms = 600000, .key = key, .on_error = on_sealer_error, .user_data = &errors });
  ep_test_audit_write_n (app, gemeente, 3, NULL);
  guint rounds_before = ep_audit_sealer_rounds (sealer);
  ep_audit_sealer_stop (sealer);

  ck_assert_msg (errors.count == 0, "%s", errors.first);
  ck_assert_uint_eq (rounds_before, 0);
  g_autofree gchar *shape = chain_shape (owner, gemeente);
  ck_assert_str_eq (shape, "3|1|3|3");
  g_auto (EpAuditReport) report = { 0 };
  ep_test_audit_verify (app, gemeente, 0, public_key, &report);
  EP_ASSERT_FINDING (&report, EP_AUDIT_INTACT, 0);
  ck_assert (report.checkpoint_checked);
  ck_assert_int_eq (report.checkpoint_seq, 3);
  ck_assert_int_eq (report.pending, 0);
}
END_TEST

/* The checkpoints the sealer writes, as it hands them over (from its own thread), and its
 * errors (first, so that on_sealer_error() takes the same user_data). */
typedef struct
{
  ErrorLog errors;
  GMutex lock;
  const gchar *gemeente; /* only this municipality's */
  GString *seen;         /* "seq:hash " for each */
} CheckpointLog;

static void
on_sealer_checkpoint (const EpAuditCheckpoint *checkpoint, gpointer user_data)
{
  CheckpointLog *log = user_data;
  if (strcmp (checkpoint->gemeente, log->gemeente) != 0)
    return;
  g_autofree gchar *hash = ep_hex_encode (checkpoint->hash, sizeof checkpoint->hash);
  g_mutex_lock (&log->lock);
  g_string_append_printf (log->seen, "%" G_GINT64_FORMAT ":%s ", checkpoint->seq, hash);
  g_mutex_unlock (&log->lock);
}

/* A stopping sealer's checkpoint goes to the checkpoint file and to its caller too, and the
 * file holds the chain to that head. */
START_TEST (test_sealer_writes_checkpoint_file)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autoptr (EpSigningKey) key = ep_test_audit_key ();
  g_autoptr (EpSigningKey) public_key = ep_test_audit_public_key (key);
  g_autofree gchar *gemeente = ep_test_audit_gemeente (owner);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *dir = g_dir_make_tmp ("ep-sealer-XXXXXX", &error);
  EP_ASSERT_NO_ERROR (dir != NULL, error);
  g_autofree gchar *file = g_build_filename (dir, "audit-checkpoints.log", NULL);
  CheckpointLog log = { .gemeente = gemeente, .seen = g_string_new (NULL) };

  g_mutex_init (&log.errors.lock);
  g_mutex_init (&log.lock);
  EpAuditSealer *sealer = ep_audit_sealer_start (
    ep_test_cluster->app_conninfo, &(EpAuditSealerOptions){ .interval_ms = 600000,
                                                            .key = key,
                                                            .checkpoint_file = file,
                                                            .on_error = on_sealer_error,
                                                            .on_checkpoint = on_sealer_checkpoint,
                                                            .user_data = &log });
  ep_test_audit_write_n (app, gemeente, 3, NULL);
  ep_audit_sealer_stop (sealer);
  guint n_errors = log.errors.count;
  g_autofree gchar *first_error = g_strdup (log.errors.first);

  g_autofree gchar *stored = query_text (
    owner, "SELECT encode(hash, 'hex') FROM audit_chain WHERE gemeente = $1 AND seq = 3", gemeente,
    NULL);
  g_autofree gchar *want = g_strdup_printf ("3:%s ", stored);
  g_autofree gchar *seen = g_strdup (log.seen->str);
  g_autofree gchar *contents = NULL;
  EP_ASSERT_NO_ERROR (g_file_get_contents (file, &contents, NULL, &error), error);
  g_autofree gchar *line_start
    = g_strdup_printf ("{\"gemeente\":\"%s\",\"seq\":3,\"hash\":\"%s\",", gemeente, stored);
  ck_assert_msg (strstr (contents, line_start) != NULL, "%s", contents);

  g_auto (EpAuditReport) report = { 0 };
  EpAuditVerifyOptions options = { .public_key = public_key, .checkpoint_file = file };
  ep_test_audit_verify_with (app, gemeente, &options, &report);
  g_remove (file);
  g_rmdir (dir);
  g_mutex_clear (&log.lock);
  g_string_free (log.seen, TRUE);
  error_log_clear (&log.errors);
  ck_assert_msg (n_errors == 0, "%s", first_error);
  EP_ASSERT_FINDING (&report, EP_AUDIT_INTACT, 0);
  ck_assert_int_eq (report.checkpoint_file_seq, 3);
  ck_assert_str_eq (seen, want);
}
END_TEST

/* ---- one broken municipality does not stop the sealer for the others --------------------- */

/* Three sealed events in @gemeente, then the chain head's event removed (as the owner, the
 * triggers off) and a fourth event written: sealing @gemeente fails from now on. */
static void
break_municipality (PGconn *owner, PGconn *app, const gchar *gemeente)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (EpDbParams) params = ep_test_params (gemeente, NULL);

  ep_test_audit_write_n (app, gemeente, 3, NULL);
  ck_assert_uint_eq (ep_test_audit_seal (app, gemeente), 3);
  ep_test_audit_tamper_begin (owner);
  gboolean ok = ep_db_exec_command (owner,
                                    "DELETE FROM audit_event e USING audit_chain c"
                                    " WHERE c.gemeente = $1 AND c.seq = 3"
                                    "   AND e.gemeente = c.gemeente AND e.id = c.event_id",
                                    params, "remove the head's event", &error);
  ck_assert_msg (ok, "%s", error ? error->message : "");
  ep_test_audit_tamper_end (owner);
  ep_test_audit_write_n (app, gemeente, 1, NULL);
}

static gint64
chained (PGconn *owner, const gchar *gemeente)
{
  return query_int (owner, "SELECT count(*) FROM audit_chain WHERE gemeente = $1", gemeente, NULL);
}

START_TEST (test_seal_all_goes_on_after_a_failure)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autoptr (GError) broken_error = NULL;
  g_autoptr (GError) error = NULL;
  /* Codes are handed out in order: `broken` sorts before `healthy`. */
  g_autofree gchar *broken = ep_test_audit_gemeente (owner);
  g_autofree gchar *healthy = ep_test_audit_gemeente (owner);
  guint64 n = 0;

  break_municipality (owner, app, broken);
  ep_test_audit_write_n (app, healthy, 2, NULL);

  gboolean broken_sealed = ep_audit_seal (app, broken, NULL, &broken_error);
  gboolean all_sealed = ep_audit_seal_all (app, &n, &error);
  gint64 healthy_chained = chained (owner, healthy);
  ep_test_audit_remove_trail (owner, broken);

  ck_assert_msg (!broken_sealed, "the broken municipality was sealed");
  EP_ASSERT_AUDIT_ERROR (broken_error, EP_AUDIT_ERROR_NO_CHAIN_HEAD);
  g_autofree gchar *want = g_strdup_printf (
    "seal %s: the event of the chain head is missing; run `eenplan audit verify`", broken);
  ck_assert_str_eq (broken_error->message, want);
  /* The failure is reported… */
  ck_assert_msg (!all_sealed && error != NULL, "ep_audit_seal_all hid a failure");
  /* …and every other municipality is sealed all the same. */
  ck_assert_msg (healthy_chained == 2,
                 "%s was not sealed (%" G_GINT64_FORMAT " of 2 events chained) because sealing"
                 " %s failed before it: %s",
                 healthy, healthy_chained, broken, error ? error->message : "");
}
END_TEST

START_TEST (test_sealer_goes_on_after_a_failure)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autoptr (EpSigningKey) key = ep_test_audit_key ();
  g_auto (ErrorLog) errors = { 0 };
  g_autofree gchar *broken = ep_test_audit_gemeente (owner);
  g_autofree gchar *healthy = ep_test_audit_gemeente (owner);

  g_mutex_init (&errors.lock);
  break_municipality (owner, app, broken);
  ep_test_audit_write_n (app, healthy, 2, NULL);

  EpAuditSealer *sealer = ep_audit_sealer_start (
    ep_test_cluster->app_conninfo,
    &(EpAuditSealerOptions){
      .interval_ms = 20, .key = key, .on_error = on_sealer_error, .user_data = &errors });
  for (guint waited = 0; waited < 100 && chained (owner, healthy) < 2; waited++)
    g_usleep (20000);
  /* Stopping seals and checkpoints once more. */
  ep_audit_sealer_stop (sealer);

  gint64 healthy_chained = chained (owner, healthy);
  gint64 healthy_checkpoints
    = query_int (owner, "SELECT count(*) FROM audit_checkpoint WHERE gemeente = $1", healthy, NULL);
  ep_test_audit_remove_trail (owner, broken);

  ck_assert_msg (errors.count > 0, "the sealer did not report the broken municipality");
  ck_assert_msg (healthy_chained == 2,
                 "the sealer did not seal %s (%" G_GINT64_FORMAT " of 2 events chained) while"
                 " %s failed: %s",
                 healthy, healthy_chained, broken, errors.first);
  ck_assert_msg (healthy_checkpoints >= 1,
                 "the sealer did not checkpoint %s on stopping while %s failed: %s", healthy,
                 broken, errors.first);
}
END_TEST

/* ---- a server killed mid-load ------------------------------------------------------------ */

enum
{
  N_CRASH_WRITERS = 4
};

typedef struct
{
  const gchar *conninfo;
  const gchar *gemeente;
  guint index;
  int fd;
} CrashWriter;

/* Writes audited transactions until killed; after each commit, the event's id to @fd. */
static gpointer
crash_writer_thread (gpointer data)
{
  CrashWriter *writer = data;
  PGconn *conn = ep_db_connect (writer->conninfo, NULL);

  if (conn == NULL)
    return NULL;
  for (guint i = 0;; i++)
    {
      gint64 id = 0;
      if (!ep_test_audit_write (conn, writer->gemeente, "u-crash", writer->index * 100000 + i, &id,
                                NULL))
        {
          if (PQstatus (conn) != CONNECTION_OK)
            return NULL;
          continue;
        }
      /* Committed: report it. 8 bytes are written at once (below PIPE_BUF). */
      ssize_t written;
      do
        written = write (writer->fd, &id, sizeof id);
      while (written < 0 && errno == EINTR);
      if (written != (ssize_t) sizeof id)
        return NULL;
    }
}

/* The "server": a sealer and writers, until SIGKILL. Never returns. */
static G_NORETURN void
crash_child (const gchar *conninfo, const gchar *gemeente, int fd)
{
  EpAuditSealer *sealer
    = ep_audit_sealer_start (conninfo, &(EpAuditSealerOptions){ .interval_ms = 20 });
  CrashWriter writers[N_CRASH_WRITERS];
  GThread *threads[N_CRASH_WRITERS];

  for (guint w = 0; w < N_CRASH_WRITERS; w++)
    {
      writers[w] = (CrashWriter){ conninfo, gemeente, w, fd };
      threads[w] = g_thread_new ("crash-writer", crash_writer_thread, &writers[w]);
    }
  /* Only if every writer gave up: the parent sees an exit, not a kill. */
  for (guint w = 0; w < N_CRASH_WRITERS; w++)
    g_thread_join (threads[w]);
  (void) sealer;
  _exit (3);
}

/* Reads whole ids from @fd into @ids until EOF, or until @deadline (monotonic µs; 0: none). */
static void
read_ids (int fd, GByteArray *buffer, gint64 deadline)
{
  for (;;)
    {
      int timeout_ms = -1;
      if (deadline > 0)
        {
          gint64 left = deadline - g_get_monotonic_time ();
          if (left <= 0)
            return;
          timeout_ms = (int) MAX (left / 1000, 1);
        }
      struct pollfd pfd = { .fd = fd, .events = POLLIN };
      int ready = poll (&pfd, 1, timeout_ms);
      if (ready < 0 && errno == EINTR)
        continue;
      ck_assert_msg (ready >= 0, "poll: %s", g_strerror (errno));
      if (ready == 0)
        continue;
      guint8 chunk[4096];
      ssize_t got = read (fd, chunk, sizeof chunk);
      if (got < 0 && errno == EINTR)
        continue;
      ck_assert_msg (got >= 0, "read: %s", g_strerror (errno));
      if (got == 0)
        return; /* EOF: every writer is gone */
      g_byte_array_append (buffer, chunk, (guint) got);
    }
}

START_TEST (test_killed_server_loses_nothing)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *marker = ep_test_marker ();
  g_autofree gchar *app_name = g_strconcat ("eenplan-crash-", marker, NULL);
  g_autofree gchar *conninfo
    = g_strconcat (ep_test_cluster->app_conninfo, " application_name=", app_name, NULL);
  g_autofree gchar *gemeente = NULL;
  {
    g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
    gemeente = ep_test_audit_gemeente (owner);
  }

  /* No connection of ours is open across the fork. */
  int fds[2];
  ck_assert_int_eq (pipe (fds), 0);
  pid_t child = fork ();
  ck_assert_msg (child >= 0, "fork: %s", g_strerror (errno));
  if (child == 0)
    {
      close (fds[0]);
      crash_child (conninfo, gemeente, fds[1]);
    }
  close (fds[1]);

  /* Load for a second, then kill the server in the middle of it. */
  g_autoptr (GByteArray) buffer = g_byte_array_new ();
  read_ids (fds[0], buffer, g_get_monotonic_time () + G_TIME_SPAN_SECOND);
  ck_assert_int_eq (kill (child, SIGKILL), 0);
  int status = 0;
  ck_assert_int_eq (waitpid (child, &status, 0), child);
  read_ids (fds[0], buffer, 0);
  close (fds[0]);
  ck_assert_msg (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL,
                 "the server ended by itself (status %d): it could not write", status);

  ck_assert_uint_eq (buffer->len % sizeof (gint64), 0);
  gsize n_reported = buffer->len / sizeof (gint64);
  ck_assert_msg (n_reported >= 10, "only %zu transactions committed in a second", n_reported);
  g_autofree gchar *reported = id_array ((const gint64 *) buffer->data, n_reported);

  /* The dead server's sessions end as PostgreSQL notices; their open transactions roll back. */
  g_autoptr (PGconn) super = ep_test_db_super (ep_test_cluster);
  gint64 waited = 0;
  while (query_int (super, "SELECT count(*) FROM pg_stat_activity WHERE application_name = $1",
                    app_name, NULL)
           > 0
         && waited < 10 * G_TIME_SPAN_SECOND)
    {
      g_usleep (10000);
      waited += 10000;
    }

  /* Restart: the owner seals what the dead sealer left, and verifies. */
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  ep_test_audit_seal (owner, gemeente);
  g_auto (EpAuditReport) report = { 0 };
  ep_test_audit_verify (owner, gemeente, 0, NULL, &report);
  EP_ASSERT_FINDING (&report, EP_AUDIT_INTACT, 0);
  ck_assert_int_eq (report.pending, 0);

  /* Every event reported committed is there, and chained, exactly once. */
  g_autoptr (EpDbParams) reported_param = ep_test_params (reported, NULL);
  ck_assert_int_eq (ep_test_query_int (owner,
                                       "SELECT count(DISTINCT r) FROM unnest($1::bigint[]) AS r",
                                       reported_param),
                    (gint64) n_reported);
  ck_assert_int_eq (query_int (owner,
                               "SELECT count(*) FROM unnest($2::bigint[]) AS r (id)"
                               " WHERE (SELECT count(*) FROM audit_event e"
                               "         WHERE e.gemeente = $1 AND e.id = r.id) = 1"
                               "   AND (SELECT count(*) FROM audit_chain c"
                               "         WHERE c.gemeente = $1 AND c.event_id = r.id) = 1",
                               gemeente, reported),
                    (gint64) n_reported);
  /* And nothing committed is left out of the chain. */
  gint64 events
    = query_int (owner, "SELECT count(*) FROM audit_event WHERE gemeente = $1", gemeente, NULL);
  ck_assert_int_ge (events, (gint64) n_reported);
  ck_assert_int_eq (report.events, events);
}
END_TEST

Suite *
ep_test_audit_concurrency_suite (void)
{
  Suite *suite = suite_create ("audit-concurrency");
  TCase *load = tcase_create ("load");
  TCase *waiting = tcase_create ("waiting");
  TCase *crash = tcase_create ("crash");
  TCase *sealing = tcase_create ("sealer");

  tcase_set_timeout (load, 60);
  tcase_add_test (load, test_concurrent_writers_one_chain);
  suite_add_tcase (suite, load);

  tcase_set_timeout (waiting, 30);
  tcase_add_test (waiting, test_writers_do_not_wait);
  tcase_add_test (waiting, test_writers_do_not_wait_for_sealer);
  suite_add_tcase (suite, waiting);

  tcase_set_timeout (sealing, 30);
  tcase_add_test (sealing, test_sealer_seals_on_stop);
  tcase_add_test (sealing, test_sealer_writes_checkpoint_file);
  tcase_add_test (sealing, test_seal_all_goes_on_after_a_failure);
  tcase_add_test (sealing, test_sealer_goes_on_after_a_failure);
  suite_add_tcase (suite, sealing);

  tcase_set_timeout (crash, 60);
  tcase_add_test (crash, test_killed_server_loses_nothing);
  suite_add_tcase (suite, crash);
  return suite;
}
