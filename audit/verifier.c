/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * verifier.c: the verifier thread a server runs, and the last verification of each
 * municipality it keeps (see ep-audit-verifier.h).
 */
#include "ep-audit-verifier.h"

#include "ep-audit-seal.h"
#include "ep-db-conn.h"

#include <string.h>

struct _EpAuditVerifier
{
  gchar *conninfo;
  gchar *checkpoint_file; /* options.checkpoint_file points here */
  EpAuditVerifierOptions options;
  GThread *thread;
  GMutex lock; /* guards everything below */
  GCond wake;
  gboolean stopping;
  GQueue waiting;     /* municipality codes (owned), in the order they were asked for */
  GHashTable *states; /* municipality code → EpAuditVerification (owned) */
  PGcancel *cancel;   /* while a run is going on: to cancel it when stopping */
};

void
ep_audit_verification_clear (EpAuditVerification *verification)
{
  g_clear_pointer (&verification->started_at, g_free);
  g_clear_pointer (&verification->finished_at, g_free);
  ep_audit_report_clear (&verification->report);
  memset (verification, 0, sizeof *verification);
}

static void
verification_free (gpointer data)
{
  ep_audit_verification_clear (data);
  g_free (data);
}

/* The state of @gemeente, made when there is none yet. Call with the lock held. */
static EpAuditVerification *
state_of (EpAuditVerifier *verifier, const gchar *gemeente)
{
  EpAuditVerification *state = g_hash_table_lookup (verifier->states, gemeente);
  if (state == NULL)
    {
      state = g_new0 (EpAuditVerification, 1);
      g_hash_table_insert (verifier->states, g_strdup (gemeente), state);
    }
  return state;
}

/* Queues a run of @gemeente unless one waits already. Call with the lock held. */
static gboolean
enqueue (EpAuditVerifier *verifier, const gchar *gemeente)
{
  EpAuditVerification *state = state_of (verifier, gemeente);
  if (state->queued)
    return FALSE;
  state->queued = TRUE;
  g_queue_push_tail (&verifier->waiting, g_strdup (gemeente));
  g_cond_signal (&verifier->wake);
  return TRUE;
}

static gchar *
now_utc (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

/* Queues every municipality with a chain (the round at start and at every interval). */
static void
queue_round (EpAuditVerifier *verifier, PGconn *conn)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) chained = ep_audit_gemeenten (conn, EP_AUDIT_GEMEENTEN_CHAINED, &error);
  if (chained == NULL)
    {
      if (verifier->options.on_done != NULL)
        verifier->options.on_done (NULL, NULL, error, verifier->options.user_data);
      return;
    }
  g_mutex_lock (&verifier->lock);
  for (gsize i = 0; chained[i] != NULL; i++)
    enqueue (verifier, chained[i]);
  g_mutex_unlock (&verifier->lock);
}

/* One run of @gemeente on @conn (NULL when no connection could be had, with @error). */
static void
run_one (EpAuditVerifier *verifier, PGconn *conn, const gchar *gemeente, GError *connect_error)
{
  g_autofree gchar *started = now_utc ();
  g_auto (EpAuditReport) report = { 0 };
  g_autoptr (GError) error = connect_error;
  gboolean ran = FALSE;
  if (conn != NULL)
    {
      const gchar *file = verifier->checkpoint_file;
      EpAuditVerifyOptions options = {
        .public_key = verifier->options.key,
        .checkpoint_file = file != NULL && g_file_test (file, G_FILE_TEST_EXISTS) ? file : NULL,
      };
      ran = ep_audit_verify_with (conn, gemeente, &options, &report, &error);
    }

  g_mutex_lock (&verifier->lock);
  g_clear_pointer (&verifier->cancel, PQfreeCancel);
  EpAuditVerification *state = state_of (verifier, gemeente);
  ep_audit_report_clear (&state->report);
  g_free (state->started_at);
  g_free (state->finished_at);
  state->running = FALSE;
  state->runs++;
  state->started_at = g_steal_pointer (&started);
  state->finished_at = now_utc ();
  state->ran = ran;
  if (ran)
    {
      state->report = report;
      state->report.detail = g_strdup (report.detail);
    }
  g_mutex_unlock (&verifier->lock);

  if (verifier->options.on_done != NULL)
    verifier->options.on_done (gemeente, ran ? &report : NULL, error, verifier->options.user_data);
}

static gpointer
verifier_thread (gpointer data)
{
  EpAuditVerifier *verifier = data;
  PGconn *conn = NULL;
  gint64 interval = (gint64) verifier->options.interval_s * G_TIME_SPAN_SECOND;
  gint64 next_round = g_get_monotonic_time (); /* at once: every chain once at start */

  for (;;)
    {
      g_mutex_lock (&verifier->lock);
      while (!verifier->stopping && g_queue_is_empty (&verifier->waiting)
             && g_get_monotonic_time () < next_round)
        g_cond_wait_until (&verifier->wake, &verifier->lock, next_round);
      if (verifier->stopping)
        {
          g_mutex_unlock (&verifier->lock);
          break;
        }
      g_autofree gchar *gemeente = g_queue_pop_head (&verifier->waiting);
      if (gemeente != NULL)
        {
          EpAuditVerification *state = state_of (verifier, gemeente);
          state->queued = FALSE;
          state->running = TRUE;
        }
      g_mutex_unlock (&verifier->lock);

      g_autoptr (GError) connect_error = NULL;
      if (conn == NULL)
        conn = ep_db_connect (verifier->conninfo, &connect_error);
      if (gemeente == NULL)
        {
          /* The round is due: every chain again. */
          next_round = g_get_monotonic_time () + interval;
          if (conn != NULL)
            queue_round (verifier, conn);
          else if (verifier->options.on_done != NULL)
            verifier->options.on_done (NULL, NULL, connect_error, verifier->options.user_data);
          continue;
        }
      if (conn != NULL)
        {
          g_mutex_lock (&verifier->lock);
          verifier->cancel = PQgetCancel (conn);
          g_mutex_unlock (&verifier->lock);
        }
      run_one (verifier, conn, gemeente, g_steal_pointer (&connect_error));
      if (conn != NULL && PQstatus (conn) != CONNECTION_OK)
        g_clear_pointer (&conn, ep_db_close);
    }

  g_clear_pointer (&conn, ep_db_close);
  return NULL;
}

EpAuditVerifier *
ep_audit_verifier_start (const gchar *conninfo, const EpAuditVerifierOptions *options)
{
  g_return_val_if_fail (conninfo != NULL && options != NULL, NULL);

  EpAuditVerifier *verifier = g_new0 (EpAuditVerifier, 1);
  verifier->conninfo = g_strdup (conninfo);
  verifier->options = *options;
  verifier->checkpoint_file = g_strdup (options->checkpoint_file);
  verifier->options.checkpoint_file = verifier->checkpoint_file;
  if (verifier->options.interval_s == 0)
    verifier->options.interval_s = 24 * 60 * 60;
  g_mutex_init (&verifier->lock);
  g_cond_init (&verifier->wake);
  g_queue_init (&verifier->waiting);
  verifier->states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, verification_free);
  verifier->thread = g_thread_new ("audit-verifier", verifier_thread, verifier);
  return verifier;
}

gboolean
ep_audit_verifier_request (EpAuditVerifier *verifier, const gchar *gemeente)
{
  g_return_val_if_fail (verifier != NULL && gemeente != NULL, FALSE);
  g_mutex_lock (&verifier->lock);
  gboolean queued = enqueue (verifier, gemeente);
  g_mutex_unlock (&verifier->lock);
  return queued;
}

void
ep_audit_verifier_get (EpAuditVerifier *verifier, const gchar *gemeente, EpAuditVerification *out)
{
  g_return_if_fail (verifier != NULL && gemeente != NULL && out != NULL);
  memset (out, 0, sizeof *out);
  g_mutex_lock (&verifier->lock);
  const EpAuditVerification *state = g_hash_table_lookup (verifier->states, gemeente);
  if (state != NULL)
    {
      *out = *state;
      out->started_at = g_strdup (state->started_at);
      out->finished_at = g_strdup (state->finished_at);
      out->report.detail = g_strdup (state->report.detail);
    }
  g_mutex_unlock (&verifier->lock);
}

void
ep_audit_verifier_stop (EpAuditVerifier *verifier)
{
  if (verifier == NULL)
    return;

  g_mutex_lock (&verifier->lock);
  verifier->stopping = TRUE;
  if (verifier->cancel != NULL)
    {
      gchar why[256];
      /* (a failure to cancel only means waiting for the run to end) */
      (void) PQcancel (verifier->cancel, why, sizeof why);
    }
  g_cond_signal (&verifier->wake);
  g_mutex_unlock (&verifier->lock);
  g_thread_join (verifier->thread);

  g_clear_pointer (&verifier->cancel, PQfreeCancel);
  g_queue_clear_full (&verifier->waiting, g_free);
  g_hash_table_unref (verifier->states);
  g_cond_clear (&verifier->wake);
  g_mutex_clear (&verifier->lock);
  g_free (verifier->conninfo);
  g_free (verifier->checkpoint_file);
  g_free (verifier);
}
