/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * sealer.c: the sealer thread a server runs (see ep-audit-seal.h).
 */
#include "ep-audit-seal.h"

#include "audit-private.h"
#include "ep-db-conn.h"

struct _EpAuditSealer
{
  gchar *conninfo;
  gchar *checkpoint_file; /* options.checkpoint_file points here */
  EpAuditSealerOptions options;
  GThread *thread;
  GMutex lock;
  GCond wake;
  gboolean stopping; /* under lock */
  gint rounds;       /* atomic */
};

static void
report (EpAuditSealer *sealer, const GError *error)
{
  if (sealer->options.on_error != NULL)
    sealer->options.on_error (error, sealer->options.user_data);
}

/* One round: seal every municipality, and checkpoint when it is time. A
 * failure is reported and the round goes on with the rest. Returns FALSE
 * when the connection is broken and should be made anew. */
static gboolean
seal_round (EpAuditSealer *sealer, PGconn *conn, gboolean checkpoint)
{
  g_autoptr (GError) error = NULL;
  gboolean clean = TRUE;

  if (!ep_audit_seal_all (conn, NULL, &error))
    {
      report (sealer, error);
      g_clear_error (&error);
      clean = FALSE;
    }

  if (checkpoint && sealer->options.key != NULL && PQstatus (conn) == CONNECTION_OK)
    {
      g_auto (GStrv) chains = ep_audit_gemeenten (conn, EP_AUDIT_GEMEENTEN_CHAINED, &error);
      if (chains == NULL)
        {
          report (sealer, error);
          g_clear_error (&error);
          clean = FALSE;
        }
      for (gsize i = 0; chains != NULL && chains[i] != NULL; i++)
        {
          g_auto (EpAuditCheckpoint) written = { 0 };
          if (!ep_audit_checkpoint_with (conn, chains[i], sealer->options.key,
                                         sealer->options.checkpoint_file, &written, &error))
            {
              report (sealer, error);
              g_clear_error (&error);
              clean = FALSE;
            }
          /* Written to the database; to the file too unless that failed. */
          if (written.gemeente != NULL && sealer->options.on_checkpoint != NULL)
            sealer->options.on_checkpoint (&written, sealer->options.user_data);
        }
    }

  if (clean)
    g_atomic_int_inc (&sealer->rounds);
  return PQstatus (conn) == CONNECTION_OK;
}

static gpointer
sealer_thread (gpointer data)
{
  EpAuditSealer *sealer = data;
  PGconn *conn = NULL;
  gint64 checkpoint_interval = (gint64) sealer->options.checkpoint_interval_s * G_TIME_SPAN_SECOND;
  gint64 next_checkpoint = g_get_monotonic_time () + checkpoint_interval;
  gboolean stopping = FALSE;

  while (!stopping)
    {
      g_mutex_lock (&sealer->lock);
      gint64 until
        = g_get_monotonic_time () + (gint64) sealer->options.interval_ms * G_TIME_SPAN_MILLISECOND;
      while (!sealer->stopping && g_cond_wait_until (&sealer->wake, &sealer->lock, until))
        ;
      stopping = sealer->stopping;
      g_mutex_unlock (&sealer->lock);

      if (conn == NULL)
        {
          g_autoptr (GError) error = NULL;
          conn = ep_db_connect (sealer->conninfo, &error);
          if (conn == NULL)
            {
              report (sealer, error);
              continue;
            }
        }

      gboolean checkpoint = stopping || g_get_monotonic_time () >= next_checkpoint;
      if (checkpoint)
        next_checkpoint = g_get_monotonic_time () + checkpoint_interval;
      if (!seal_round (sealer, conn, checkpoint))
        g_clear_pointer (&conn, ep_db_close);
    }

  g_clear_pointer (&conn, ep_db_close);
  return NULL;
}

EpAuditSealer *
ep_audit_sealer_start (const gchar *conninfo, const EpAuditSealerOptions *options)
{
  g_return_val_if_fail (conninfo != NULL && options != NULL, NULL);

  EpAuditSealer *sealer = g_new0 (EpAuditSealer, 1);
  sealer->conninfo = g_strdup (conninfo);
  sealer->options = *options;
  sealer->checkpoint_file = g_strdup (options->checkpoint_file);
  sealer->options.checkpoint_file = sealer->checkpoint_file;
  if (sealer->options.interval_ms == 0)
    sealer->options.interval_ms = 500;
  if (sealer->options.checkpoint_interval_s == 0)
    sealer->options.checkpoint_interval_s = 900;
  g_mutex_init (&sealer->lock);
  g_cond_init (&sealer->wake);
  sealer->thread = g_thread_new ("audit-sealer", sealer_thread, sealer);
  return sealer;
}

void
ep_audit_sealer_stop (EpAuditSealer *sealer)
{
  if (sealer == NULL)
    return;

  g_mutex_lock (&sealer->lock);
  sealer->stopping = TRUE;
  g_cond_signal (&sealer->wake);
  g_mutex_unlock (&sealer->lock);
  g_thread_join (sealer->thread);

  g_cond_clear (&sealer->wake);
  g_mutex_clear (&sealer->lock);
  g_free (sealer->conninfo);
  g_free (sealer->checkpoint_file);
  g_free (sealer);
}

guint
ep_audit_sealer_rounds (EpAuditSealer *sealer)
{
  return (guint) g_atomic_int_get (&sealer->rounds);
}
