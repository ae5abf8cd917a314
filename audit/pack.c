/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * pack.c: packing: sealed events after the last block into blocks of
 * EP_AUDIT_BLOCK_EVENTS, each checked against its chain row first (see
 * ep-audit-seal.h).
 */
#include "ep-audit-seal.h"

#include "audit-private.h"

#include <string.h>

/* ------------------------------------------------------------------------ */
/* Packing sealed events into blocks                                        */
/* ------------------------------------------------------------------------ */

typedef struct
{
  const gchar *gemeente;
  guint block_events;
  EpAuditHasher *hasher;
  GByteArray *canonical;
  gboolean packed; /* a block was written in this transaction */
} PackJob;

/* Packs the next block_events sealed events after the last block into one
 * block, if that many are sealed. Every event is checked against its chain
 * row first: a block holds only what the chain vouches for. */
static gboolean
pack_block (PGconn *conn, gpointer user_data, GError **error)
{
  PackJob *job = user_data;
  job->packed = FALSE;
  if (!ep_audit_lock_sealer (conn, job->gemeente, error))
    return FALSE;

  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, job->gemeente);
  g_autoptr (PGresult) where = ep_db_exec_binary (
    conn,
    "SELECT coalesce(b.last_seq, 0), b.last_hash,"
    "       coalesce((SELECT max(seq) FROM audit_chain WHERE gemeente = $1), 0)"
    "  FROM (SELECT 1) one"
    "  LEFT JOIN LATERAL (SELECT last_seq, substring(hashes FROM length(hashes) - 31) AS last_hash"
    "                       FROM audit_block WHERE gemeente = $1"
    "                      ORDER BY first_seq DESC LIMIT 1) b ON true",
    params, "read packing position", error);
  if (where == NULL)
    return FALSE;
  gint64 packed = ep_audit_binary_int64 (where, 0, 0);
  gint64 head = ep_audit_binary_int64 (where, 0, 2);
  if (head - packed < (gint64) job->block_events)
    return TRUE;

  guint8 prev[EP_AUDIT_HASH_LEN] = { 0 };
  if (!PQgetisnull (where, 0, 1))
    memcpy (prev, PQgetvalue (where, 0, 1), EP_AUDIT_HASH_LEN);
  g_auto (EpAuditBlockBuilder) block = { 0 };
  ep_audit_block_start (&block, packed + 1, prev);

  ep_db_params_add_int64 (params, packed);
  ep_db_params_add_int64 (params, job->block_events);
  g_autoptr (PGresult) rows
    = ep_db_exec_binary (conn,
                         "SELECT c.seq, c.prev_hash, c.hash, " EVENT_COLUMNS
                         "  FROM audit_chain c LEFT JOIN audit_event e"
                         "    ON e.gemeente = c.gemeente AND e.id = c.event_id"
                         " WHERE c.gemeente = $1 AND c.seq > $2 ORDER BY c.seq LIMIT $3",
                         params, "read events to pack", error);
  if (rows == NULL)
    return FALSE;

  EpAuditScratch scratch;
  EpAuditValue values[EP_AUDIT_N_FIELDS];
  for (int row = 0; row < PQntuples (rows); row++)
    {
      gint64 seq = packed + 1 + row;
      const guint8 *stored = (const guint8 *) PQgetvalue (rows, row, 2);
      guint8 computed[EP_AUDIT_HASH_LEN];
      gboolean holds = ep_audit_binary_int64 (rows, row, 0) == seq
                       && !PQgetisnull (rows, row, 3 + 1)
                       && memcmp (PQgetvalue (rows, row, 1), prev, EP_AUDIT_HASH_LEN) == 0;
      if (holds)
        {
          ep_audit_event_values (rows, row, 3, seq, &scratch, values);
          ep_audit_canonical (values, job->canonical);
          if (!ep_audit_hasher_link (job->hasher, prev, job->canonical->data, job->canonical->len,
                                     computed, error))
            return FALSE;
          holds = memcmp (computed, stored, EP_AUDIT_HASH_LEN) == 0;
        }
      if (!holds)
        {
          g_set_error (error, EP_AUDIT_ERROR, EP_AUDIT_ERROR_CHAIN_BROKEN,
                       "pack %s: the chain does not hold at seq %" G_GINT64_FORMAT
                       "; run `eenplan audit verify`",
                       job->gemeente, seq);
          return FALSE;
        }
      ep_audit_block_add (&block, job->canonical, stored);
      memcpy (prev, stored, EP_AUDIT_HASH_LEN);
    }
  if (PQntuples (rows) != (int) job->block_events)
    {
      g_set_error (error, EP_AUDIT_ERROR, EP_AUDIT_ERROR_CHAIN_BROKEN,
                   "pack %s: seq %" G_GINT64_FORMAT " is missing from the chain; run `eenplan "
                   "audit verify`",
                   job->gemeente, packed + 1 + PQntuples (rows));
      return FALSE;
    }

  if (!ep_audit_block_write (conn, job->gemeente, &block, error))
    return FALSE;
  job->packed = TRUE;
  return TRUE;
}

gboolean
ep_audit_pack (PGconn *conn, const gchar *gemeente, guint block_events, guint64 *n_packed,
               GError **error)
{
  g_return_val_if_fail (conn != NULL && gemeente != NULL && block_events > 0, FALSE);

  g_autoptr (EpAuditHasher) hasher = ep_audit_hasher_new (error);
  if (hasher == NULL)
    {
      if (n_packed != NULL)
        *n_packed = 0;
      return FALSE;
    }
  g_autoptr (GByteArray) canonical = g_byte_array_sized_new (512);
  PackJob job = { gemeente, block_events, hasher, canonical, FALSE };
  EpDbTxContext ctx = { .gemeente = gemeente, .actor_id = "system", .actor_role = "sealer" };
  guint64 total = 0;
  gboolean ok;
  while ((ok = ep_db_run_tx (conn, &ctx, pack_block, &job, NULL, error)) && job.packed)
    total += block_events;
  if (n_packed != NULL)
    *n_packed = total;
  return ok;
}
