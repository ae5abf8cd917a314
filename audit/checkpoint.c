/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * checkpoint.c: signed checkpoints of a chain head (see ep-audit-seal.h).
 */
#include "ep-audit-seal.h"

#include "audit-private.h"

#include <string.h>

/* ------------------------------------------------------------------------ */
/* Checkpoints                                                              */
/* ------------------------------------------------------------------------ */

typedef struct
{
  const gchar *gemeente;
  const EpSigningKey *key;
  gint64 seq;
} CheckpointJob;

static gboolean
write_checkpoint (PGconn *conn, gpointer user_data, GError **error)
{
  CheckpointJob *job = user_data;
  g_auto (EpAuditPosition) head = { 0 };
  guint8 signature[EP_SIGNATURE_LEN];

  if (!ep_audit_read_position (conn, job->gemeente, &head, error))
    return FALSE;
  job->seq = head.seq;
  g_autoptr (GBytes) message = ep_audit_checkpoint_message (job->gemeente, head.seq, head.hash);
  if (!ep_signing_key_sign (job->key, message, signature, error))
    return FALSE;

  g_autofree gchar *key_id = ep_signing_key_id (job->key);
  g_autofree gchar *head_literal = ep_audit_bytea_literal (head.hash, EP_AUDIT_HASH_LEN);
  g_autofree gchar *sig_literal = ep_audit_bytea_literal (signature, sizeof signature);
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, job->gemeente);
  ep_db_params_add_int64 (params, job->seq);
  ep_db_params_add_text (params, head_literal);
  ep_db_params_add_text (params, key_id);
  ep_db_params_add_text (params, sig_literal);
  return ep_db_exec_command (conn,
                             "INSERT INTO audit_checkpoint (gemeente, seq, hash, key_id, signature)"
                             " VALUES ($1, $2, $3::bytea, $4, $5::bytea)",
                             params, "write checkpoint", error);
}

gboolean
ep_audit_checkpoint (PGconn *conn, const gchar *gemeente, const EpSigningKey *key, gint64 *seq_out,
                     GError **error)
{
  g_return_val_if_fail (conn != NULL && gemeente != NULL && key != NULL, FALSE);

  if (!ep_audit_seal (conn, gemeente, NULL, error))
    return FALSE;

  CheckpointJob job = { gemeente, key, 0 };
  EpDbTxContext ctx = { .gemeente = gemeente, .actor_id = "system", .actor_role = "sealer" };
  if (!ep_db_run_tx (conn, &ctx, write_checkpoint, &job, NULL, error))
    return FALSE;
  if (seq_out != NULL)
    *seq_out = job.seq;
  return TRUE;
}
