/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * codec.c: the row and block codec of audit/ (see audit-private.h): an
 * event row of a binary-format result into its canonical fields, and runs
 * of canonical bytes and hashes into audit_block rows.
 */
#include "audit-private.h"

#include <string.h>

/* ------------------------------------------------------------------------ */
/* Rows in binary format                                                    */
/* ------------------------------------------------------------------------ */

gint64
ep_audit_binary_int64 (const PGresult *res, int row, int col)
{
  guint64 be;
  memcpy (&be, PQgetvalue (res, row, col), sizeof be);
  return (gint64) GUINT64_FROM_BE (be);
}

static EpAuditValue
text_value (const PGresult *res, int row, int col)
{
  if (PQgetisnull (res, row, col))
    return (EpAuditValue){ NULL, -1 };
  return (EpAuditValue){ PQgetvalue (res, row, col), PQgetlength (res, row, col) };
}

static void
format_uuid (const guint8 *raw, gchar out[37])
{
  static const gchar hex[] = "0123456789abcdef";
  gsize j = 0;
  for (gsize i = 0; i < 16; i++)
    {
      if (i == 4 || i == 6 || i == 8 || i == 10)
        out[j++] = '-';
      out[j++] = hex[raw[i] >> 4];
      out[j++] = hex[raw[i] & 0xf];
    }
  out[j] = '\0';
}

void
ep_audit_event_values (const PGresult *res, int row, int first, gint64 seq, EpAuditScratch *scratch,
                       EpAuditValue values[EP_AUDIT_N_FIELDS])
{
  gint64 id = ep_audit_binary_int64 (res, row, first + 1);
  gint64 occurred = ep_audit_binary_int64 (res, row, first + 2) + PG_EPOCH_OFFSET_US;

  values[EP_AUDIT_FIELD_GEMEENTE] = text_value (res, row, first + 0);
  values[EP_AUDIT_FIELD_SEQ].len
    = g_snprintf (scratch->seq, sizeof scratch->seq, "%" G_GINT64_FORMAT, seq);
  values[EP_AUDIT_FIELD_SEQ].data = scratch->seq;
  values[EP_AUDIT_FIELD_EVENT_ID].len
    = g_snprintf (scratch->id, sizeof scratch->id, "%" G_GINT64_FORMAT, id);
  values[EP_AUDIT_FIELD_EVENT_ID].data = scratch->id;
  values[EP_AUDIT_FIELD_OCCURRED_AT].len
    = g_snprintf (scratch->occurred_at, sizeof scratch->occurred_at, "%" G_GINT64_FORMAT, occurred);
  values[EP_AUDIT_FIELD_OCCURRED_AT].data = scratch->occurred_at;
  values[EP_AUDIT_FIELD_ACTOR_ID] = text_value (res, row, first + 3);
  values[EP_AUDIT_FIELD_ACTOR_ROLE] = text_value (res, row, first + 4);
  values[EP_AUDIT_FIELD_ON_BEHALF_OF] = text_value (res, row, first + 5);
  values[EP_AUDIT_FIELD_ACTION] = text_value (res, row, first + 6);
  values[EP_AUDIT_FIELD_ENTITY_TYPE] = text_value (res, row, first + 7);
  values[EP_AUDIT_FIELD_ENTITY_ID] = text_value (res, row, first + 8);
  if (PQgetisnull (res, row, first + 9))
    values[EP_AUDIT_FIELD_HOUSEHOLD_ID] = (EpAuditValue){ NULL, -1 };
  else
    {
      format_uuid ((const guint8 *) PQgetvalue (res, row, first + 9), scratch->household_id);
      values[EP_AUDIT_FIELD_HOUSEHOLD_ID] = (EpAuditValue){ scratch->household_id, 36 };
    }
  values[EP_AUDIT_FIELD_PURPOSE] = text_value (res, row, first + 10);
  values[EP_AUDIT_FIELD_OUTCOME] = text_value (res, row, first + 11);
  values[EP_AUDIT_FIELD_CHANGE] = text_value (res, row, first + 12);
}

gchar *
ep_audit_bytea_literal (const guint8 *data, gsize len)
{
  g_autofree gchar *hex = ep_hex_encode (data, len);
  return g_strconcat ("\\x", hex, NULL);
}

/* ------------------------------------------------------------------------ */
/* Blocks                                                                   */
/* ------------------------------------------------------------------------ */

void
ep_audit_block_start (EpAuditBlockBuilder *block, gint64 first_seq,
                      const guint8 prev_hash[EP_AUDIT_HASH_LEN])
{
  block->first_seq = first_seq;
  block->n = 0;
  memcpy (block->prev_hash, prev_hash, EP_AUDIT_HASH_LEN);
  if (block->records == NULL)
    {
      block->records = g_byte_array_sized_new (EP_AUDIT_BLOCK_EVENTS * 400);
      block->hashes = g_byte_array_sized_new (EP_AUDIT_BLOCK_EVENTS * EP_AUDIT_HASH_LEN);
    }
  g_byte_array_set_size (block->records, 0);
  g_byte_array_set_size (block->hashes, 0);
}

void
ep_audit_block_clear (EpAuditBlockBuilder *block)
{
  g_clear_pointer (&block->records, g_byte_array_unref);
  g_clear_pointer (&block->hashes, g_byte_array_unref);
}

void
ep_audit_block_add (EpAuditBlockBuilder *block, const GByteArray *canonical,
                    const guint8 hash[EP_AUDIT_HASH_LEN])
{
  guint32 be = GUINT32_TO_BE (canonical->len);
  g_byte_array_append (block->records, (const guint8 *) &be, sizeof be);
  g_byte_array_append (block->records, canonical->data, canonical->len);
  g_byte_array_append (block->hashes, hash, EP_AUDIT_HASH_LEN);
  block->n++;
}

gboolean
ep_audit_block_write (PGconn *conn, const gchar *gemeente, const EpAuditBlockBuilder *block,
                      GError **error)
{
  g_autofree gchar *prev_literal = ep_audit_bytea_literal (block->prev_hash, EP_AUDIT_HASH_LEN);
  g_autofree gchar *hashes_literal
    = ep_audit_bytea_literal (block->hashes->data, block->hashes->len);
  g_autofree gchar *records_literal
    = ep_audit_bytea_literal (block->records->data, block->records->len);
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, gemeente);
  ep_db_params_add_int64 (params, block->first_seq);
  ep_db_params_add_int64 (params, block->first_seq + block->n - 1);
  ep_db_params_add_text (params, prev_literal);
  ep_db_params_add_text (params, hashes_literal);
  ep_db_params_add_text (params, records_literal);
  return ep_db_exec_command (conn,
                             "INSERT INTO audit_block (gemeente, first_seq, last_seq, prev_hash,"
                             "                         hashes, records)"
                             " VALUES ($1, $2, $3, $4::bytea, $5::bytea, $6::bytea)",
                             params, "write block", error);
}
