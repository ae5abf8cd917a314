/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * seal.c: sealing: committed events get their place in the chain and
 * their hash, a batch at a time, one sealer per municipality (see
 * ep-audit-seal.h and docs/audit.md).
 */
#include "ep-audit-seal.h"

#include "audit-private.h"
#include "ep-db-conn.h"

#include <string.h>

/* ------------------------------------------------------------------------ */
/* Sealing                                                                  */
/* ------------------------------------------------------------------------ */

typedef struct
{
  const gchar *gemeente;
  guint sealed;    /* in this batch */
  gint64 unpacked; /* sealed events after the last block, once the batch is in */
  EpAuditHasher *hasher;
  GByteArray *canonical;
} SealBatch;

void
ep_audit_position_clear (EpAuditPosition *position)
{
  g_clear_pointer (&position->xid, g_free);
  g_clear_pointer (&position->horizon, g_free);
}

gboolean
ep_audit_read_position (PGconn *conn, const gchar *gemeente, EpAuditPosition *position,
                        GError **error)
{
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, gemeente);
  g_autoptr (PGresult) res
    = ep_db_exec (conn,
                  "SELECT h.seq, encode(h.hash, 'hex') AS hash, e.xid::text AS xid, e.id,"
                  "       pg_snapshot_xmin(pg_current_snapshot())::text AS horizon,"
                  "       " PACKED_TO " AS packed_to"
                  "  FROM (SELECT 1) one"
                  "  LEFT JOIN LATERAL (SELECT seq, hash, event_id FROM audit_chain"
                  "                      WHERE gemeente = $1 ORDER BY seq DESC LIMIT 1) h ON true"
                  "  LEFT JOIN audit_event e ON e.gemeente = $1 AND e.id = h.event_id",
                  params, PGRES_TUPLES_OK, "read chain position", error);
  if (res == NULL)
    return FALSE;

  position->horizon = g_strdup (ep_db_get_text (res, 0, "horizon"));
  position->packed_to = ep_db_get_int64 (res, 0, "packed_to", 0);
  if (ep_db_is_null (res, 0, "seq"))
    {
      position->seq = 0;
      memset (position->hash, 0, EP_AUDIT_HASH_LEN);
      position->xid = g_strdup ("0");
      position->id = 0;
      return TRUE;
    }
  if (ep_db_is_null (res, 0, "xid"))
    {
      g_set_error (error, EP_AUDIT_ERROR, EP_AUDIT_ERROR_NO_CHAIN_HEAD,
                   "seal %s: the event of the chain head is missing; run `eenplan audit verify`",
                   gemeente);
      return FALSE;
    }
  position->seq = ep_db_get_int64 (res, 0, "seq", 0);
  if (!ep_hex_decode (ep_db_get_text (res, 0, "hash"), position->hash, EP_AUDIT_HASH_LEN))
    {
      g_set_error (error, EP_AUDIT_ERROR, EP_AUDIT_ERROR_CHAIN_BROKEN,
                   "seal %s: the chain head's hash is malformed", gemeente);
      return FALSE;
    }
  position->xid = g_strdup (ep_db_get_text (res, 0, "xid"));
  position->id = ep_db_get_int64 (res, 0, "id", 0);
  return TRUE;
}

gboolean
ep_audit_lock_sealer (PGconn *conn, const gchar *gemeente, GError **error)
{
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, gemeente);
  g_autoptr (PGresult) locked
    = ep_db_exec (conn, "SELECT pg_advisory_xact_lock(" SEAL_LOCK_CLASS ", hashtext($1))", params,
                  PGRES_TUPLES_OK, "seal lock", error);
  return locked != NULL;
}

static gboolean
seal_batch (PGconn *conn, gpointer user_data, GError **error)
{
  SealBatch *batch = user_data;
  batch->sealed = 0;

  g_auto (EpAuditPosition) position = { 0 };
  if (!ep_audit_lock_sealer (conn, batch->gemeente, error)
      || !ep_audit_read_position (conn, batch->gemeente, &position, error))
    return FALSE;

  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, batch->gemeente);
  ep_db_params_add_text (params, position.xid);
  ep_db_params_add_int64 (params, position.id);
  ep_db_params_add_text (params, position.horizon);
  ep_db_params_add_int64 (params, EP_AUDIT_SEAL_BATCH);
  g_autoptr (PGresult) events
    = ep_db_exec_binary (conn,
                         "SELECT " EVENT_COLUMNS " FROM audit_event e"
                         " WHERE e.gemeente = $1 AND (e.xid, e.id) > ($2::xid8, $3::bigint)"
                         "   AND e.xid < $4::xid8"
                         " ORDER BY e.xid, e.id LIMIT $5",
                         params, "read events to seal", error);
  if (events == NULL)
    return FALSE;
  int n = PQntuples (events);
  batch->unpacked = position.seq - position.packed_to;
  if (n == 0)
    return TRUE;

  /* Arrays for one INSERT … SELECT unnest(…): one round trip per batch. */
  g_autoptr (GString) seqs = g_string_new ("{");
  g_autoptr (GString) ids = g_string_new ("{");
  g_autoptr (GString) prevs = g_string_new ("{");
  g_autoptr (GString) hashes = g_string_new ("{");
  EpAuditScratch scratch;
  EpAuditValue values[EP_AUDIT_N_FIELDS];
  gint64 seq = position.seq;
  guint8 prev[EP_AUDIT_HASH_LEN];
  memcpy (prev, position.hash, EP_AUDIT_HASH_LEN);

  /* Where every sealed event is in a block, this batch's events start the
   * next one: pack them from the bytes just hashed, instead of reading them
   * again later (ep_audit_pack() does that for what is left over). */
  gboolean packing = position.seq == position.packed_to;
  g_auto (EpAuditBlockBuilder) block = { 0 };
  if (packing)
    ep_audit_block_start (&block, seq + 1, prev);

  for (int row = 0; row < n; row++)
    {
      guint8 hash[EP_AUDIT_HASH_LEN];
      seq++;
      ep_audit_event_values (events, row, 0, seq, &scratch, values);
      ep_audit_canonical (values, batch->canonical);
      if (!ep_audit_hasher_link (batch->hasher, prev, batch->canonical->data, batch->canonical->len,
                                 hash, error))
        return FALSE;

      g_autofree gchar *prev_hex = ep_hex_encode (prev, EP_AUDIT_HASH_LEN);
      g_autofree gchar *hash_hex = ep_hex_encode (hash, EP_AUDIT_HASH_LEN);
      const gchar *sep = row > 0 ? "," : "";
      g_string_append_printf (seqs, "%s%" G_GINT64_FORMAT, sep, seq);
      g_string_append_printf (ids, "%s%s", sep, scratch.id);
      g_string_append_printf (prevs, "%s\"\\\\x%s\"", sep, prev_hex);
      g_string_append_printf (hashes, "%s\"\\\\x%s\"", sep, hash_hex);
      memcpy (prev, hash, EP_AUDIT_HASH_LEN);

      if (packing)
        {
          ep_audit_block_add (&block, batch->canonical, hash);
          if (block.n == EP_AUDIT_BLOCK_EVENTS)
            {
              if (!ep_audit_block_write (conn, batch->gemeente, &block, error))
                return FALSE;
              ep_audit_block_start (&block, seq + 1, hash);
            }
        }
    }
  g_string_append_c (seqs, '}');
  g_string_append_c (ids, '}');
  g_string_append_c (prevs, '}');
  g_string_append_c (hashes, '}');

  g_autoptr (EpDbParams) chain = ep_db_params_new ();
  ep_db_params_add_text (chain, batch->gemeente);
  ep_db_params_add_text (chain, seqs->str);
  ep_db_params_add_text (chain, ids->str);
  ep_db_params_add_text (chain, prevs->str);
  ep_db_params_add_text (chain, hashes->str);
  if (!ep_db_exec_command (conn,
                           "INSERT INTO audit_chain (gemeente, seq, event_id, prev_hash, hash)"
                           " SELECT $1, s, e, p, h"
                           "   FROM unnest($2::bigint[], $3::bigint[], $4::bytea[], $5::bytea[])"
                           "     AS t (s, e, p, h)",
                           chain, "append to chain", error))
    return FALSE;

  batch->sealed = (guint) n;
  batch->unpacked = packing ? block.n : seq - position.packed_to;
  return TRUE;
}

gboolean
ep_audit_seal (PGconn *conn, const gchar *gemeente, guint64 *n_sealed, GError **error)
{
  g_return_val_if_fail (conn != NULL && gemeente != NULL, FALSE);

  if (n_sealed != NULL)
    *n_sealed = 0;
  g_autoptr (EpAuditHasher) hasher = ep_audit_hasher_new (error);
  if (hasher == NULL)
    return FALSE;
  g_autoptr (GByteArray) canonical = g_byte_array_sized_new (512);
  SealBatch batch = { gemeente, 0, 0, hasher, canonical };
  EpDbTxContext ctx = { .gemeente = gemeente, .actor_id = "system", .actor_role = "sealer" };
  guint64 total = 0;

  do
    {
      if (!ep_db_run_tx (conn, &ctx, seal_batch, &batch, NULL, error))
        {
          if (n_sealed != NULL)
            *n_sealed = total;
          return FALSE;
        }
      total += batch.sealed;
    }
  while (batch.sealed == EP_AUDIT_SEAL_BATCH);

  if (n_sealed != NULL)
    *n_sealed = total;
  /* What the batches could not pack, a block's worth at a time; a round
   * that leaves less than that costs no further transaction. */
  return batch.unpacked < EP_AUDIT_BLOCK_EVENTS
         || ep_audit_pack (conn, gemeente, EP_AUDIT_BLOCK_EVENTS, NULL, error);
}

GStrv
ep_audit_gemeenten (PGconn *conn, EpAuditGemeenten which, GError **error)
{
  static const gchar *const sql[] = {
    [EP_AUDIT_GEMEENTEN_PENDING] = "SELECT audit_pending_gemeenten() AS gemeente",
    [EP_AUDIT_GEMEENTEN_CHAINED] = "SELECT audit_chained_gemeenten() AS gemeente",
    [EP_AUDIT_GEMEENTEN_ALL] = "SELECT gemeente FROM gemeente ORDER BY gemeente",
  };
  g_return_val_if_fail ((gsize) which < G_N_ELEMENTS (sql), NULL);

  g_autoptr (PGresult) res
    = ep_db_exec (conn, sql[which], NULL, PGRES_TUPLES_OK, "list municipalities", error);
  if (res == NULL)
    return NULL;
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  for (int row = 0; row < PQntuples (res); row++)
    g_strv_builder_add (builder, PQgetvalue (res, row, 0));
  return g_strv_builder_end (builder);
}

gboolean
ep_audit_seal_all (PGconn *conn, guint64 *n_sealed, GError **error)
{
  g_auto (GStrv) pending = ep_audit_gemeenten (conn, EP_AUDIT_GEMEENTEN_PENDING, error);
  g_autoptr (GError) first_error = NULL;
  guint64 total = 0;

  /* One municipality that cannot be sealed (a tampered chain, say) must not
   * keep the others from being sealed: try each, report the first failure. */
  for (gsize i = 0; pending != NULL && pending[i] != NULL; i++)
    {
      guint64 n = 0;
      g_autoptr (GError) local_error = NULL;
      if (!ep_audit_seal (conn, pending[i], &n, &local_error) && first_error == NULL)
        first_error = g_steal_pointer (&local_error);
      total += n;
    }
  if (n_sealed != NULL)
    *n_sealed = total;
  if (pending == NULL)
    return FALSE;
  if (first_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&first_error));
      return FALSE;
    }
  return TRUE;
}

gboolean
ep_audit_unsealed (PGconn *conn, gint64 *events, gdouble *oldest_age_s, GError **error)
{
  g_return_val_if_fail (conn != NULL && events != NULL && oldest_age_s != NULL, FALSE);
  g_autoptr (PGresult) res
    = ep_db_exec (conn, "SELECT events, oldest_age_seconds::text AS age FROM audit_unsealed ()",
                  NULL, PGRES_TUPLES_OK, "count unsealed events", error);
  if (res == NULL)
    return FALSE;
  *events = ep_db_get_int64 (res, 0, "events", 0);
  *oldest_age_s = g_ascii_strtod (ep_db_get_text (res, 0, "age"), NULL);
  return TRUE;
}
