/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-audit.c: the audit trail and the access log (see ep-audit.h and
 * docs/audit.md).
 *
 * The sealer and the verifier read events with the same column list, in
 * libpq's binary result format (integers, times and UUIDs arrive as fixed
 * bytes, text as is), and turn a row into the canonical form with the same
 * function, so the bytes hashed at sealing and at verification cannot
 * drift apart.
 */
#include "ep-audit.h"

#include "ep-audit-chain.h"
#include "ep-crypto.h"
#include "ep-db-conn.h"
#include "ep-db-pool.h"

#include <string.h>

/* The sealer's advisory lock: (class, hashtext(gemeente)). Only sealers take
 * it; writers never do. */
#define SEAL_LOCK_CLASS "72134059"

/* PostgreSQL's binary timestamps count microseconds from 2000-01-01. */
#define PG_EPOCH_OFFSET_US G_GINT64_CONSTANT (946684800000000)

/* The last seq in a block of municipality $1 (0: none), as an expression. */
#define PACKED_TO                                                                                  \
  "coalesce((SELECT last_seq FROM audit_block WHERE gemeente = $1"                                 \
  "          ORDER BY first_seq DESC LIMIT 1), 0)"

/* The event columns, in the order event_values() reads them. */
#define EVENT_COLUMNS                                                                              \
  "e.gemeente, e.id, e.occurred_at, e.actor_id, e.actor_role, e.on_behalf_of, e.action, "          \
  "e.entity_type, e.entity_id, e.household_id, e.purpose, e.outcome, e.change"
#define N_EVENT_COLUMNS 13

/* ------------------------------------------------------------------------ */
/* Recording                                                                */
/* ------------------------------------------------------------------------ */

/* The columns an event is inserted with, in the order add_event_params()
 * adds their values. Municipality, time and actor are not among them: they
 * come from the transaction (column defaults), so a caller cannot forge them. */
#define EVENT_INSERT_COLUMNS                                                                       \
  "action, entity_type, entity_id, household_id, purpose, on_behalf_of, outcome, change"

static void
add_event_params (EpDbParams *params, const EpAuditEvent *event)
{
  g_autofree gchar *change = event->change ? json_to_string (event->change, FALSE) : NULL;
  ep_db_params_add_text (params, event->action);
  ep_db_params_add_text (params, event->entity_type);
  ep_db_params_add_text (params, event->entity_id);
  ep_db_params_add_text (params, event->household_id);
  ep_db_params_add_text (params, event->purpose);
  ep_db_params_add_text (params, event->on_behalf_of);
  ep_db_params_add_text (params, event->outcome ? event->outcome : "success");
  ep_db_params_add_text (params, change);
}

/* The placeholders of the event's values when they follow @first - 1 others. */
static gchar *
event_placeholders (guint first)
{
  return g_strdup_printf ("$%u, $%u, $%u, $%u::uuid, $%u, $%u, $%u, $%u::json", first, first + 1,
                          first + 2, first + 3, first + 4, first + 5, first + 6, first + 7);
}

static gboolean
event_is_valid (const EpAuditEvent *event)
{
  return event->action != NULL && event->entity_type != NULL && event->purpose != NULL;
}

gboolean
ep_audit_record (PGconn *conn, const EpAuditEvent *event, gint64 *event_id, GError **error)
{
  g_return_val_if_fail (conn != NULL && event != NULL && event_is_valid (event), FALSE);

  g_autoptr (EpDbParams) params = ep_db_params_new ();
  add_event_params (params, event);
  /* Prepared: every write path runs this, so it is parsed and planned once
   * per connection. */
  g_autoptr (PGresult) res
    = ep_db_exec_prepared (conn, "ep_audit_record",
                           "INSERT INTO audit_event (" EVENT_INSERT_COLUMNS ")"
                           " VALUES ($1, $2, $3, $4::uuid, $5, $6, $7, $8::json) RETURNING id",
                           params, PGRES_TUPLES_OK, 0, "record audit event", error);
  if (res == NULL)
    return FALSE;
  if (event_id != NULL)
    *event_id = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
  return TRUE;
}

PGresult *
ep_audit_record_change (PGconn *conn, const gchar *statement, const gchar *change_sql,
                        EpDbParams *params, const EpAuditEvent *event, const gchar *what,
                        GError **error)
{
  g_return_val_if_fail (conn != NULL && statement != NULL && change_sql != NULL, NULL);
  g_return_val_if_fail (params != NULL && event != NULL && event_is_valid (event), NULL);

  /* A data-modifying WITH runs to completion whether or not it is read. The
   * event is inserted only if the change touched a row: a change that finds
   * nothing (a stale version, say) leaves no event behind. Both run on the
   * same snapshot, and neither sees the other's rows: none is needed. */
  g_autofree gchar *placeholders = event_placeholders (ep_db_params_count (params) + 1);
  g_autofree gchar *sql
    = g_strdup_printf ("WITH change AS (%s),"
                       " event AS (INSERT INTO audit_event (" EVENT_INSERT_COLUMNS ")"
                       "           SELECT %s WHERE EXISTS (SELECT FROM change))"
                       " SELECT * FROM change",
                       change_sql, placeholders);
  add_event_params (params, event);
  return ep_db_exec_prepared (conn, statement, sql, params, PGRES_TUPLES_OK, 0, what, error);
}

static void
set_member_text (JsonBuilder *b, const gchar *name, const gchar *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

gboolean
ep_audit_record_many (PGconn *conn, const EpAuditEvent *events, guint n_events, GError **error)
{
  g_return_val_if_fail (conn != NULL && (events != NULL || n_events == 0), FALSE);
  if (n_events == 0)
    return TRUE;

  /* The rows travel as one JSON parameter; a change travels as the JSON
   * text it is hashed as, so it is kept byte for byte like a single insert. */
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_array (b);
  for (guint i = 0; i < n_events; i++)
    {
      const EpAuditEvent *e = &events[i];
      g_return_val_if_fail (event_is_valid (e), FALSE);
      g_autofree gchar *change = e->change ? json_to_string (e->change, FALSE) : NULL;
      json_builder_begin_object (b);
      set_member_text (b, "action", e->action);
      set_member_text (b, "entity_type", e->entity_type);
      set_member_text (b, "entity_id", e->entity_id);
      set_member_text (b, "household_id", e->household_id);
      set_member_text (b, "purpose", e->purpose);
      set_member_text (b, "on_behalf_of", e->on_behalf_of);
      set_member_text (b, "outcome", e->outcome ? e->outcome : "success");
      set_member_text (b, "change", change);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  g_autofree gchar *rows = json_to_string (root, FALSE);

  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, rows);
  g_autoptr (PGresult) res = ep_db_exec_prepared (
    conn, "ep_audit_record_many",
    "INSERT INTO audit_event (" EVENT_INSERT_COLUMNS ")"
    " SELECT r.action, r.entity_type, r.entity_id, r.household_id, r.purpose, r.on_behalf_of,"
    "        r.outcome, r.change::json"
    "   FROM ROWS FROM (json_to_recordset($1::json)"
    "          AS (action text, entity_type text, entity_id text, household_id uuid,"
    "              purpose text, on_behalf_of text, outcome text, change text))"
    "        WITH ORDINALITY AS r (action, entity_type, entity_id, household_id, purpose,"
    "                              on_behalf_of, outcome, change, n)"
    "  ORDER BY r.n",
    params, PGRES_COMMAND_OK, 0, "record audit events", error);
  return res != NULL;
}

gboolean
ep_access_log_record (PGconn *conn, const EpAccessEvent *event, GError **error)
{
  g_return_val_if_fail (conn != NULL && event != NULL, FALSE);
  g_return_val_if_fail (event->action != NULL && event->entity_type != NULL, FALSE);
  g_return_val_if_fail (event->purpose != NULL, FALSE);

  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, event->action);
  ep_db_params_add_text (params, event->entity_type);
  ep_db_params_add_text (params, event->entity_id);
  ep_db_params_add_text (params, event->household_id);
  ep_db_params_add_text (params, event->person_id);
  ep_db_params_add_text (params, event->purpose);
  ep_db_params_add_text (params, event->on_behalf_of);
  ep_db_params_add_text (params, event->outcome ? event->outcome : "success");
  ep_db_params_add_bool (params, event->emergency);

  g_autoptr (PGresult) res = ep_db_exec_prepared (
    conn, "ep_access_log_record",
    "INSERT INTO access_log (action, entity_type, entity_id, household_id, person_id, purpose,"
    "                        on_behalf_of, outcome, emergency)"
    " VALUES ($1, $2, $3, $4::uuid, $5::uuid, $6, $7, $8, $9)",
    params, PGRES_COMMAND_OK, 0, "record access", error);
  return res != NULL;
}

/* ------------------------------------------------------------------------ */
/* Rows in binary format                                                    */
/* ------------------------------------------------------------------------ */

static gint64
binary_int64 (const PGresult *res, int row, int col)
{
  guint64 be;
  memcpy (&be, PQgetvalue (res, row, col), sizeof be);
  return (gint64) GUINT64_FROM_BE (be);
}

/* Decimal text of the integers the canonical form holds. */
typedef struct
{
  gchar seq[24];
  gchar id[24];
  gchar occurred_at[24];
  gchar household_id[40];
} EventScratch;

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

/* Fills @values with the canonical fields of the event whose EVENT_COLUMNS
 * start at column @first of a binary-format result; @seq is its place in
 * the chain. Text lives in @res and @scratch. */
static void
event_values (const PGresult *res, int row, int first, gint64 seq, EventScratch *scratch,
              EpAuditValue values[EP_AUDIT_N_FIELDS])
{
  gint64 id = binary_int64 (res, row, first + 1);
  gint64 occurred = binary_int64 (res, row, first + 2) + PG_EPOCH_OFFSET_US;

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

/* A bytea parameter in PostgreSQL's hex input form. */
static gchar *
bytea_literal (const guint8 *data, gsize len)
{
  g_autofree gchar *hex = ep_hex_encode (data, len);
  return g_strconcat ("\\x", hex, NULL);
}

/* ------------------------------------------------------------------------ */
/* Blocks                                                                   */
/* ------------------------------------------------------------------------ */

/* A block being filled: consecutive events' canonical bytes and hashes. */
typedef struct
{
  gint64 first_seq;
  guint n;
  guint8 prev_hash[EP_AUDIT_HASH_LEN];
  GByteArray *records; /* per event: length (4 bytes big-endian), canonical bytes */
  GByteArray *hashes;
} BlockBuilder;

static void
block_builder_start (BlockBuilder *block, gint64 first_seq,
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

static void
block_builder_clear (BlockBuilder *block)
{
  g_clear_pointer (&block->records, g_byte_array_unref);
  g_clear_pointer (&block->hashes, g_byte_array_unref);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BlockBuilder, block_builder_clear)

static void
block_builder_add (BlockBuilder *block, const GByteArray *canonical,
                   const guint8 hash[EP_AUDIT_HASH_LEN])
{
  guint32 be = GUINT32_TO_BE (canonical->len);
  g_byte_array_append (block->records, (const guint8 *) &be, sizeof be);
  g_byte_array_append (block->records, canonical->data, canonical->len);
  g_byte_array_append (block->hashes, hash, EP_AUDIT_HASH_LEN);
  block->n++;
}

static gboolean
block_builder_write (PGconn *conn, const gchar *gemeente, const BlockBuilder *block, GError **error)
{
  g_autofree gchar *prev_literal = bytea_literal (block->prev_hash, EP_AUDIT_HASH_LEN);
  g_autofree gchar *hashes_literal = bytea_literal (block->hashes->data, block->hashes->len);
  g_autofree gchar *records_literal = bytea_literal (block->records->data, block->records->len);
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

/* Where the chain stands, and how far it may grow now: the head (seq, hash),
 * the (xid, id) of the head's event — the order events are sealed in — and
 * the horizon, the oldest transaction still running. Events of transactions
 * below the horizon are final: none can appear before the head any more. */
typedef struct
{
  gint64 seq;
  guint8 hash[EP_AUDIT_HASH_LEN];
  gchar *xid; /* xid8 as text, "0" for an empty chain */
  gint64 id;
  gchar *horizon;
  gint64 packed_to; /* the last seq in a block (0: none) */
} SealPosition;

static void
seal_position_clear (SealPosition *position)
{
  g_clear_pointer (&position->xid, g_free);
  g_clear_pointer (&position->horizon, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SealPosition, seal_position_clear)

static gboolean
read_position (PGconn *conn, const gchar *gemeente, SealPosition *position, GError **error)
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
      g_set_error (error, EP_DB_ERROR, EP_DB_ERROR_FAILED,
                   "seal %s: the event of the chain head is missing; run `eenplan audit verify`",
                   gemeente);
      return FALSE;
    }
  position->seq = ep_db_get_int64 (res, 0, "seq", 0);
  if (!ep_hex_decode (ep_db_get_text (res, 0, "hash"), position->hash, EP_AUDIT_HASH_LEN))
    {
      g_set_error (error, EP_DB_ERROR, EP_DB_ERROR_FAILED,
                   "seal %s: the chain head's hash is malformed", gemeente);
      return FALSE;
    }
  position->xid = g_strdup (ep_db_get_text (res, 0, "xid"));
  position->id = ep_db_get_int64 (res, 0, "id", 0);
  return TRUE;
}

/* Takes the municipality's sealer lock for the rest of the transaction. */
static gboolean
lock_sealer (PGconn *conn, const gchar *gemeente, GError **error)
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

  g_auto (SealPosition) position = { 0 };
  if (!lock_sealer (conn, batch->gemeente, error)
      || !read_position (conn, batch->gemeente, &position, error))
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
  EventScratch scratch;
  EpAuditValue values[EP_AUDIT_N_FIELDS];
  gint64 seq = position.seq;
  guint8 prev[EP_AUDIT_HASH_LEN];
  memcpy (prev, position.hash, EP_AUDIT_HASH_LEN);

  /* Where every sealed event is in a block, this batch's events start the
   * next one: pack them from the bytes just hashed, instead of reading them
   * again later (ep_audit_pack() does that for what is left over). */
  gboolean packing = position.seq == position.packed_to;
  g_auto (BlockBuilder) block = { 0 };
  if (packing)
    block_builder_start (&block, seq + 1, prev);

  for (int row = 0; row < n; row++)
    {
      guint8 hash[EP_AUDIT_HASH_LEN];
      seq++;
      event_values (events, row, 0, seq, &scratch, values);
      ep_audit_canonical (values, batch->canonical);
      ep_audit_hasher_link (batch->hasher, prev, batch->canonical->data, batch->canonical->len,
                            hash);

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
          block_builder_add (&block, batch->canonical, hash);
          if (block.n == EP_AUDIT_BLOCK_EVENTS)
            {
              if (!block_builder_write (conn, batch->gemeente, &block, error))
                return FALSE;
              block_builder_start (&block, seq + 1, hash);
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

  g_autoptr (EpAuditHasher) hasher = ep_audit_hasher_new ();
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
  if (!lock_sealer (conn, job->gemeente, error))
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
  gint64 packed = binary_int64 (where, 0, 0);
  gint64 head = binary_int64 (where, 0, 2);
  if (head - packed < (gint64) job->block_events)
    return TRUE;

  guint8 prev[EP_AUDIT_HASH_LEN] = { 0 };
  if (!PQgetisnull (where, 0, 1))
    memcpy (prev, PQgetvalue (where, 0, 1), EP_AUDIT_HASH_LEN);
  g_auto (BlockBuilder) block = { 0 };
  block_builder_start (&block, packed + 1, prev);

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

  EventScratch scratch;
  EpAuditValue values[EP_AUDIT_N_FIELDS];
  for (int row = 0; row < PQntuples (rows); row++)
    {
      gint64 seq = packed + 1 + row;
      const guint8 *stored = (const guint8 *) PQgetvalue (rows, row, 2);
      guint8 computed[EP_AUDIT_HASH_LEN];
      gboolean holds = binary_int64 (rows, row, 0) == seq && !PQgetisnull (rows, row, 3 + 1)
                       && memcmp (PQgetvalue (rows, row, 1), prev, EP_AUDIT_HASH_LEN) == 0;
      if (holds)
        {
          event_values (rows, row, 3, seq, &scratch, values);
          ep_audit_canonical (values, job->canonical);
          ep_audit_hasher_link (job->hasher, prev, job->canonical->data, job->canonical->len,
                                computed);
          holds = memcmp (computed, stored, EP_AUDIT_HASH_LEN) == 0;
        }
      if (!holds)
        {
          g_set_error (error, EP_DB_ERROR, EP_DB_ERROR_FAILED,
                       "pack %s: the chain does not hold at seq %" G_GINT64_FORMAT
                       "; run `eenplan audit verify --deep`",
                       job->gemeente, seq);
          return FALSE;
        }
      block_builder_add (&block, job->canonical, stored);
      memcpy (prev, stored, EP_AUDIT_HASH_LEN);
    }
  if (PQntuples (rows) != (int) job->block_events)
    {
      g_set_error (error, EP_DB_ERROR, EP_DB_ERROR_FAILED,
                   "pack %s: seq %" G_GINT64_FORMAT " is missing from the chain; run `eenplan "
                   "audit verify --deep`",
                   job->gemeente, packed + 1 + PQntuples (rows));
      return FALSE;
    }

  if (!block_builder_write (conn, job->gemeente, &block, error))
    return FALSE;
  job->packed = TRUE;
  return TRUE;
}

gboolean
ep_audit_pack (PGconn *conn, const gchar *gemeente, guint block_events, guint64 *n_packed,
               GError **error)
{
  g_return_val_if_fail (conn != NULL && gemeente != NULL && block_events > 0, FALSE);

  g_autoptr (EpAuditHasher) hasher = ep_audit_hasher_new ();
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

GStrv
ep_audit_gemeenten (PGconn *conn, gboolean with_chain_only, GError **error)
{
  g_autoptr (PGresult) res
    = ep_db_exec (conn,
                  with_chain_only ? "SELECT audit_chained_gemeenten() AS gemeente"
                                  : "SELECT audit_pending_gemeenten() AS gemeente",
                  NULL, PGRES_TUPLES_OK, "list municipalities", error);
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
  g_auto (GStrv) pending = ep_audit_gemeenten (conn, FALSE, error);
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
  g_auto (SealPosition) head = { 0 };
  guint8 signature[EP_SIGNATURE_LEN];

  if (!read_position (conn, job->gemeente, &head, error))
    return FALSE;
  job->seq = head.seq;
  g_autoptr (GBytes) message = ep_audit_checkpoint_message (job->gemeente, head.seq, head.hash);
  if (!ep_signing_key_sign (job->key, message, signature, error))
    return FALSE;

  g_autofree gchar *key_id = ep_signing_key_id (job->key);
  g_autofree gchar *head_literal = bytea_literal (head.hash, EP_AUDIT_HASH_LEN);
  g_autofree gchar *sig_literal = bytea_literal (signature, sizeof signature);
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

/* ------------------------------------------------------------------------ */
/* Verification                                                             */
/* ------------------------------------------------------------------------ */

const gchar *
ep_audit_finding_name (EpAuditFinding finding)
{
  static const gchar *const names[] = {
    [EP_AUDIT_INTACT] = "intact",       [EP_AUDIT_CHANGED] = "changed",
    [EP_AUDIT_MISSING] = "missing",     [EP_AUDIT_INSERTED] = "inserted",
    [EP_AUDIT_REORDERED] = "reordered", [EP_AUDIT_TRUNCATED] = "truncated",
    [EP_AUDIT_UNCOVERED] = "uncovered", [EP_AUDIT_CHECKPOINT_INVALID] = "checkpoint-invalid",
  };
  g_return_val_if_fail ((gsize) finding < G_N_ELEMENTS (names), "unknown");
  return names[finding];
}

void
ep_audit_report_clear (EpAuditReport *report)
{
  g_clear_pointer (&report->detail, g_free);
  memset (report, 0, sizeof *report);
}

/* One place in the chain, read from a chain row or from a block, while the
 * verifier looks one place ahead. */
typedef struct
{
  gint64 seq;
  gint64 claimed_seq; /* the seq inside the event's canonical bytes */
  gboolean has_event;
  gboolean malformed;                  /* a block whose bytes do not hold this event */
  guint8 prev_hash[EP_AUDIT_HASH_LEN]; /* as stored */
  guint8 hash[EP_AUDIT_HASH_LEN];      /* as stored */
  guint8 computed[EP_AUDIT_HASH_LEN];  /* from the event's fields */
} ChainRow;

typedef struct
{
  EpAuditReport *report;
  gint64 expected_seq;
  guint8 last_hash[EP_AUDIT_HASH_LEN];   /* hash of the last good row */
  guint8 before_last[EP_AUDIT_HASH_LEN]; /* and of the one before it */
  gboolean have_before_last;
  /* Heads the chain must reach and agree with: the latest checkpoint whose
   * signature holds, and a head the auditor kept elsewhere. */
  struct
  {
    gint64 seq;
    guint8 hash[EP_AUDIT_HASH_LEN];
    const gchar *source;
  } trusted[2];
  guint n_trusted;
  /* After a break whose cause may stand further on: the hash of a row's
   * displaced predecessor (two events far apart swapped), or the seq whose
   * event a block holds elsewhere. */
  gboolean predecessor_unknown;
  guint8 predecessor_hash[EP_AUDIT_HASH_LEN];
  gint64 displaced_seq;
} VerifyState;

/* Moves what @from found into @into. */
static void
take_finding (EpAuditReport *into, EpAuditReport *from)
{
  into->finding = from->finding;
  into->broken_seq = from->broken_seq;
  g_free (into->detail);
  into->detail = g_steal_pointer (&from->detail);
}

static gboolean report_break (VerifyState *state, EpAuditFinding finding, gint64 seq,
                              const gchar *format, ...) G_GNUC_PRINTF (4, 5);

static gboolean
report_break (VerifyState *state, EpAuditFinding finding, gint64 seq, const gchar *format, ...)
{
  va_list args;
  va_start (args, format);
  state->report->finding = finding;
  state->report->broken_seq = seq;
  state->report->detail = g_strdup_vprintf (format, args);
  va_end (args);
  return FALSE;
}

/* A block's event that carries another seq than its place: the events of a
 * block were moved about. */
static gboolean
check_claimed_seq (VerifyState *state, const ChainRow *row, const ChainRow *next)
{
  gint64 seq = row->seq;
  if (row->claimed_seq < seq)
    return report_break (state, EP_AUDIT_INSERTED, seq - 1,
                         "seq %" G_GINT64_FORMAT " was inserted: the event of seq %" G_GINT64_FORMAT
                         " follows it",
                         seq - 1, row->claimed_seq);
  if (next != NULL && next->claimed_seq == seq)
    return report_break (state, EP_AUDIT_REORDERED, seq,
                         "seq %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT " are swapped", seq,
                         next->seq);
  state->displaced_seq = seq;
  return report_break (state, EP_AUDIT_MISSING, seq,
                       "the event of seq %" G_GINT64_FORMAT " is missing: seq %" G_GINT64_FORMAT
                       " holds the event of seq %" G_GINT64_FORMAT,
                       seq, seq, row->claimed_seq);
}

/* Checks @row against the chain so far, looking at @next (NULL at the end)
 * to tell what kind of break it is. Returns FALSE at the first break. */
static gboolean
check_row (VerifyState *state, const ChainRow *row, const ChainRow *next)
{
  gint64 seq = row->seq;

  if (seq != state->expected_seq)
    return report_break (state, EP_AUDIT_MISSING, state->expected_seq,
                         "seq %" G_GINT64_FORMAT
                         " is missing: the chain goes on at %" G_GINT64_FORMAT,
                         state->expected_seq, seq);
  if (!row->has_event)
    return report_break (state, EP_AUDIT_MISSING, seq,
                         "the event of seq %" G_GINT64_FORMAT " is missing", seq);
  if (row->malformed)
    return report_break (state, EP_AUDIT_CHANGED, seq,
                         "the block holding seq %" G_GINT64_FORMAT " was changed: its bytes are "
                         "no longer in the canonical form",
                         seq);
  if (row->claimed_seq != seq)
    return check_claimed_seq (state, row, next);

  if (memcmp (row->prev_hash, state->last_hash, EP_AUDIT_HASH_LEN) != 0)
    {
      if (next != NULL && memcmp (next->hash, row->prev_hash, EP_AUDIT_HASH_LEN) == 0)
        return report_break (state, EP_AUDIT_REORDERED, seq,
                             "seq %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT " are swapped", seq,
                             next->seq);
      if (state->have_before_last
          && memcmp (row->prev_hash, state->before_last, EP_AUDIT_HASH_LEN) == 0)
        return report_break (state, EP_AUDIT_INSERTED, seq - 1,
                             "seq %" G_GINT64_FORMAT " was inserted: seq %" G_GINT64_FORMAT
                             " links past it",
                             seq - 1, seq);
      if (next != NULL && memcmp (next->prev_hash, state->last_hash, EP_AUDIT_HASH_LEN) == 0)
        return report_break (state, EP_AUDIT_INSERTED, seq,
                             "seq %" G_GINT64_FORMAT " was inserted: seq %" G_GINT64_FORMAT
                             " links past it",
                             seq, next->seq);
      state->predecessor_unknown = TRUE;
      memcpy (state->predecessor_hash, row->prev_hash, EP_AUDIT_HASH_LEN);
      return report_break (state, EP_AUDIT_MISSING, seq,
                           "seq %" G_GINT64_FORMAT " does not link to its predecessor: "
                           "an event before it is missing",
                           seq);
    }

  if (memcmp (row->computed, row->hash, EP_AUDIT_HASH_LEN) != 0)
    return report_break (
      state, EP_AUDIT_CHANGED, seq,
      "seq %" G_GINT64_FORMAT " was changed: its fields no longer match its hash", seq);

  for (guint i = 0; i < state->n_trusted; i++)
    if (seq == state->trusted[i].seq
        && memcmp (row->hash, state->trusted[i].hash, EP_AUDIT_HASH_LEN) != 0)
      return report_break (state, EP_AUDIT_CHANGED, seq,
                           "the chain up to seq %" G_GINT64_FORMAT
                           " differs from %s: it was rewritten",
                           seq, state->trusted[i].source);

  memcpy (state->before_last, state->last_hash, EP_AUDIT_HASH_LEN);
  state->have_before_last = TRUE;
  memcpy (state->last_hash, row->hash, EP_AUDIT_HASH_LEN);
  memcpy (state->report->head_hash, row->hash, EP_AUDIT_HASH_LEN);
  state->expected_seq++;
  state->report->events++;
  return TRUE;
}

/* Reads the latest checkpoint and checks its signature. Returns FALSE only
 * on a database error; a bad signature is a finding. */
static gboolean
load_checkpoint (PGconn *conn, const gchar *gemeente, const EpSigningKey *key, VerifyState *state,
                 gboolean *intact, GError **error)
{
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, gemeente);
  g_autoptr (PGresult) res = ep_db_exec_binary (conn,
                                                "SELECT seq, hash, signature FROM audit_checkpoint"
                                                " WHERE gemeente = $1 ORDER BY id DESC LIMIT 1",
                                                params, "read checkpoint", error);
  if (res == NULL)
    return FALSE;

  *intact = TRUE;
  state->report->checkpoint_seq = -1;
  if (PQntuples (res) == 0)
    return TRUE;

  state->report->checkpoint_seq = binary_int64 (res, 0, 0);
  if (key == NULL)
    return TRUE; /* cannot check the signature; do not trust the checkpoint */

  gint64 seq = state->report->checkpoint_seq;
  const guint8 *hash = (const guint8 *) PQgetvalue (res, 0, 1);
  g_autoptr (GBytes) message = ep_audit_checkpoint_message (gemeente, seq, hash);
  state->report->checkpoint_checked = TRUE;
  if (!ep_signing_key_verify (key, message, (const guint8 *) PQgetvalue (res, 0, 2),
                              (gsize) PQgetlength (res, 0, 2)))
    {
      *intact = report_break (state, EP_AUDIT_CHECKPOINT_INVALID, seq,
                              "the latest checkpoint (seq %" G_GINT64_FORMAT
                              ") is not signed by the audit key: it was forged",
                              seq);
      return TRUE;
    }
  state->trusted[state->n_trusted].seq = seq;
  memcpy (state->trusted[state->n_trusted].hash, hash, EP_AUDIT_HASH_LEN);
  state->trusted[state->n_trusted].source = "the signed checkpoint";
  state->n_trusted++;
  return TRUE;
}

/* The chain head's event's place in sealing order, as CTE "pos" ($1: the
 * municipality). */
#define HEAD_POSITION                                                                              \
  "WITH head AS (SELECT e.xid, e.id FROM audit_chain c"                                            \
  "                JOIN audit_event e ON e.gemeente = c.gemeente AND e.id = c.event_id"            \
  "               WHERE c.gemeente = $1 ORDER BY c.seq DESC LIMIT 1),"                             \
  "     pos AS (SELECT coalesce ((SELECT xid FROM head), '0'::xid8) AS xid,"                       \
  "                    coalesce ((SELECT id FROM head), 0) AS id) "

/* Looks, event by event, for an event behind the chain head that is not in
 * the chain, and reports the first. @counted: the counts already say there
 * is one, so it is reported even where the search names none. */
static gboolean
find_uncovered (PGconn *conn, const gchar *gemeente, gboolean counted, VerifyState *state,
                GError **error)
{
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, gemeente);
  g_autoptr (PGresult) first = ep_db_exec (
    conn,
    HEAD_POSITION "SELECT min(e.id) AS id FROM audit_event e, pos"
                  " WHERE e.gemeente = $1 AND (e.xid, e.id) <= (pos.xid, pos.id)"
                  "   AND NOT EXISTS (SELECT FROM audit_chain c"
                  "                    WHERE c.gemeente = e.gemeente AND c.event_id = e.id)",
    params, PGRES_TUPLES_OK, "find uncovered event", error);
  if (first == NULL)
    return FALSE;
  const gchar *id = ep_db_get_text (first, 0, "id");
  if (id == NULL && !counted)
    return TRUE;
  report_break (state, EP_AUDIT_UNCOVERED, 0,
                "event %s lies behind the chain head but is not in the chain: "
                "it was added afterwards, or its link was removed",
                id ? id : "?");
  return TRUE;
}

/* Every event up to the chain head's place in sealing order must be in the
 * chain, which holds @head_seq events (seq 1 … @head_seq, as the streams
 * found); the ones after it are waiting for the sealer. Counts first, the
 * first culprit only when they disagree. (--deep also searches event by
 * event: counts can be balanced by removing an event row behind a block.) */
static gboolean
check_coverage (PGconn *conn, const gchar *gemeente, gint64 head_seq, VerifyState *state,
                GError **error)
{
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, gemeente);
  g_autoptr (PGresult) res = ep_db_exec (
    conn,
    HEAD_POSITION
    "SELECT (SELECT count(*) FROM audit_event e WHERE e.gemeente = $1) AS events,"
    "       (SELECT count(*) FROM audit_event e, pos"
    "         WHERE e.gemeente = $1 AND (e.xid, e.id) > (pos.xid, pos.id)) AS pending",
    params, PGRES_TUPLES_OK, "count events", error);
  if (res == NULL)
    return FALSE;

  state->report->pending = ep_db_get_int64 (res, 0, "pending", 0);
  gint64 behind = ep_db_get_int64 (res, 0, "events", 0) - state->report->pending;
  return behind <= head_seq || find_uncovered (conn, gemeente, TRUE, state, error);
}

typedef struct
{
  const gchar *gemeente;
  gsize gemeente_len;
  const EpAuditVerifyOptions *options;
  EpAuditReport *report;
  gint seen; /* places read, for progress; atomic: streams may run in two threads */
  gint64 total;
} VerifyJob;

/* The streaming part of a verification: each place in the chain is hashed as
 * it arrives, and checked once the place after it is known. */
typedef struct
{
  VerifyJob *job;
  VerifyState *state;
  EpAuditHasher *hasher;
  GByteArray *canonical;
  EventScratch scratch;
  EpAuditValue values[EP_AUDIT_N_FIELDS];
  ChainRow rows[2];
  ChainRow *cur; /* the place waiting for its successor; NULL before the first */
  gint64 from;   /* the seqs to check: blocks may begin before and end after */
  gint64 to;
  gint64 read_to; /* the last seq read */
  /* Before its first place, a stream that starts after seq 1 trusts the
   * hash before it (kept in start_prev); one that goes on where another
   * stopped does not. */
  gboolean trust_start;
  guint8 start_prev[EP_AUDIT_HASH_LEN];
  gboolean shows_progress; /* only the calling thread calls the progress function */
  gint uncounted;          /* places read and not yet added to job->seen */
  /* At a break a stream normally cancels the query, which ends the
   * transaction; a stream that drains reads on to the end without checking,
   * so that its transaction can still be used. */
  gboolean drains;
  gboolean stopped;
  gboolean intact;
  guint search_left; /* places still to look through for a displaced event */
} VerifyStream;

/* How far on verify looks for a displaced event, before it settles for
 * "missing". */
#define VERIFY_SEARCH_ROWS 10000

#define VERIFY_PROGRESS_EVERY 50000

/* Streams in other threads count into the same total: a few at a time, so
 * that they do not contend for it at every event. */
#define VERIFY_COUNT_EVERY 1024

static void
count_progress (VerifyStream *stream)
{
  VerifyJob *job = stream->job;
  gint before = g_atomic_int_add (&job->seen, stream->uncounted);
  gint seen = before + stream->uncounted;
  stream->uncounted = 0;
  if (stream->shows_progress && job->options->progress != NULL
      && seen / VERIFY_PROGRESS_EVERY != before / VERIFY_PROGRESS_EVERY)
    job->options->progress (seen, job->total, job->options->user_data);
}

/* The slot the next place is read into: not the one waiting for it. */
static ChainRow *
next_slot (VerifyStream *stream)
{
  return stream->cur == &stream->rows[0] ? &stream->rows[1] : &stream->rows[0];
}

/* After a break: looks for the event the break points at further on. Found,
 * events were swapped; not found within the search, it stays missing.
 * Returns FALSE to stop reading. */
static gboolean
search_displaced (VerifyStream *stream, const ChainRow *row)
{
  VerifyState *state = stream->state;
  gint64 found_at = 0;
  if (state->predecessor_unknown
      && memcmp (row->hash, state->predecessor_hash, EP_AUDIT_HASH_LEN) == 0)
    found_at = row->seq;
  else if (state->displaced_seq > 0 && row->claimed_seq == state->displaced_seq)
    found_at = row->seq;
  if (found_at == 0)
    return --stream->search_left > 0;

  g_free (state->report->detail);
  state->report->finding = EP_AUDIT_REORDERED;
  state->report->detail = g_strdup_printf (
    "seq %" G_GINT64_FORMAT " is out of place: the event %s stands at seq %" G_GINT64_FORMAT
    " (events were swapped)",
    state->report->broken_seq, state->predecessor_unknown ? "it follows" : "of that seq", found_at);
  return FALSE;
}

/* Takes the place just read into next_slot(): checks the place waiting for
 * it. Returns FALSE to stop reading. */
static gboolean
advance (VerifyStream *stream, ChainRow *next)
{
  VerifyState *state = stream->state;
  stream->read_to = next->seq;
  if (!stream->intact)
    return search_displaced (stream, next);

  if (stream->trust_start)
    {
      stream->trust_start = FALSE;
      memcpy (stream->start_prev, next->prev_hash, EP_AUDIT_HASH_LEN);
      if (state->expected_seq > 1)
        memcpy (state->last_hash, next->prev_hash, EP_AUDIT_HASH_LEN);
    }
  if (stream->cur != NULL)
    stream->intact = check_row (state, stream->cur, next);
  stream->cur = next;
  if (!stream->intact && (state->predecessor_unknown || state->displaced_seq > 0))
    {
      stream->search_left = VERIFY_SEARCH_ROWS;
      return TRUE;
    }

  if (++stream->uncounted == VERIFY_COUNT_EVERY)
    count_progress (stream);
  return stream->intact;
}

/* One chain row joined to its event. */
static gboolean
verify_row (const PGresult *res, gpointer user_data)
{
  VerifyStream *stream = user_data;
  ChainRow *next = next_slot (stream);

  next->seq = binary_int64 (res, 0, 0);
  next->claimed_seq = next->seq; /* the canonical bytes are made with it */
  next->malformed = FALSE;
  memcpy (next->prev_hash, PQgetvalue (res, 0, 1), EP_AUDIT_HASH_LEN);
  memcpy (next->hash, PQgetvalue (res, 0, 2), EP_AUDIT_HASH_LEN);
  next->has_event = !PQgetisnull (res, 0, 3 + 1);
  if (next->has_event && stream->intact)
    {
      event_values (res, 0, 3, next->seq, &stream->scratch, stream->values);
      ep_audit_canonical (stream->values, stream->canonical);
      ep_audit_hasher_link (stream->hasher, next->prev_hash, stream->canonical->data,
                            stream->canonical->len, next->computed);
      stream->state->report->bytes_hashed += stream->canonical->len + EP_AUDIT_HASH_LEN;
    }
  return advance (stream, next);
}

/* More events than a block may hold: a block that claims more was changed. */
#define VERIFY_MAX_BLOCK_EVENTS 65536

/* One block: each of its events in turn. */
static gboolean
verify_block (const PGresult *res, gpointer user_data)
{
  VerifyStream *stream = user_data;
  if (stream->stopped)
    return TRUE;
  gint64 first = binary_int64 (res, 0, 0);
  gint64 last = binary_int64 (res, 0, 1);
  const guint8 *block_prev = (const guint8 *) PQgetvalue (res, 0, 2);
  const guint8 *hashes = (const guint8 *) PQgetvalue (res, 0, 3);
  const guint8 *records = (const guint8 *) PQgetvalue (res, 0, 4);
  gsize records_len = (gsize) PQgetlength (res, 0, 4);
  gsize at = 0;

  /* The table's checks keep a block's shape; the owner can drop them. A
   * block whose shape is wrong holds nothing verify can trust. */
  if (PQgetlength (res, 0, 2) != EP_AUDIT_HASH_LEN || last < first
      || last - first >= VERIFY_MAX_BLOCK_EVENTS
      || (gint64) PQgetlength (res, 0, 3) != EP_AUDIT_HASH_LEN * (last - first + 1))
    {
      ChainRow *next = next_slot (stream);
      *next = (ChainRow){ .seq = MAX (first, stream->from), .has_event = TRUE, .malformed = TRUE };
      if (!advance (stream, next))
        {
          stream->stopped = TRUE;
          return stream->drains;
        }
      return TRUE;
    }

  for (gint64 seq = first; seq <= last; seq++)
    {
      gsize i = (gsize) (seq - first);
      ChainRow *next = next_slot (stream);
      next->seq = seq;
      next->has_event = TRUE;
      memcpy (next->prev_hash, i == 0 ? block_prev : hashes + (i - 1) * EP_AUDIT_HASH_LEN,
              EP_AUDIT_HASH_LEN);
      memcpy (next->hash, hashes + i * EP_AUDIT_HASH_LEN, EP_AUDIT_HASH_LEN);

      guint32 len = 0;
      if (records_len - at >= 4)
        {
          guint32 be;
          memcpy (&be, records + at, 4);
          len = GUINT32_FROM_BE (be);
          at += 4;
        }
      const guint8 *record = records + at;
      next->malformed
        = len == 0 || len > records_len - at || (seq == last && at + len != records_len);
      if (!next->malformed)
        at += len;
      if (seq < stream->from)
        continue; /* before where this stream starts */
      if (seq > stream->to)
        return TRUE; /* after where it ends: another stream's */

      /* Its place, and the municipality being verified: no other's events
       * pass for its. */
      EpAuditValue gemeente = { NULL, -1 };
      next->claimed_seq = next->malformed ? -1 : ep_audit_canonical_seq (record, len, &gemeente);
      next->malformed = next->claimed_seq < 0 || (gsize) gemeente.len != stream->job->gemeente_len
                        || memcmp (gemeente.data, stream->job->gemeente, gemeente.len) != 0;
      if (!next->malformed && stream->intact)
        {
          ep_audit_hasher_link (stream->hasher, next->prev_hash, record, len, next->computed);
          stream->state->report->bytes_hashed += len + EP_AUDIT_HASH_LEN;
        }
      if (!advance (stream, next))
        {
          stream->stopped = TRUE;
          return stream->drains;
        }
    }
  return TRUE;
}

/* Streams chain rows with their events, seq @from … @to, into @stream. */
static gboolean
stream_chain_rows (PGconn *conn, VerifyStream *stream, gint64 from, gint64 to, GError **error)
{
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, stream->job->gemeente);
  ep_db_params_add_int64 (params, from);
  ep_db_params_add_int64 (params, to);
  return ep_db_stream_binary (conn,
                              "SELECT c.seq, c.prev_hash, c.hash, " EVENT_COLUMNS
                              "  FROM audit_chain c LEFT JOIN audit_event e"
                              "    ON e.gemeente = c.gemeente AND e.id = c.event_id"
                              " WHERE c.gemeente = $1 AND c.seq BETWEEN $2 AND $3 ORDER BY c.seq",
                              params, verify_row, stream, "read chain", error);
}

/* Streams the blocks that hold seq @stream->from … @stream->to into @stream. */
static gboolean
stream_blocks (PGconn *conn, VerifyStream *stream, GError **error)
{
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, stream->job->gemeente);
  ep_db_params_add_int64 (params, stream->from);
  ep_db_params_add_int64 (params, stream->to);
  return ep_db_stream_binary (conn,
                              "SELECT first_seq, last_seq, prev_hash, hashes, records"
                              "  FROM audit_block"
                              " WHERE gemeente = $1 AND last_seq >= $2 AND first_seq <= $3"
                              " ORDER BY first_seq",
                              params, verify_block, stream, "read blocks", error);
}

/* Finishes a stream: checks the place still waiting. */
static gboolean
finish_stream (VerifyStream *stream)
{
  count_progress (stream);
  if (stream->intact && stream->cur != NULL)
    stream->intact = check_row (stream->state, stream->cur, NULL);
  return stream->intact;
}

/* --deep: the chain rows and events that the blocks up to @packed_to stand
 * for must hold on their own, and carry the very hashes of the blocks. They
 * are the same events again: what they find goes into @rows, and only a
 * break into the caller's report. */
static gboolean
check_rows_behind_blocks (PGconn *conn, VerifyJob *job, const VerifyState *checked,
                          gint64 packed_to, EpAuditHasher *hasher, GByteArray *canonical,
                          EpAuditReport *rows, GError **error)
{
  gint64 from = MAX (job->options->from_seq, 1);
  VerifyState state = { .report = rows, .expected_seq = from };
  memcpy (state.trusted, checked->trusted, sizeof state.trusted);
  state.n_trusted = checked->n_trusted;
  VerifyStream stream = { .job = job,
                          .state = &state,
                          .hasher = hasher,
                          .canonical = canonical,
                          .from = from,
                          .to = packed_to,
                          .trust_start = TRUE,
                          .shows_progress = TRUE,
                          .intact = TRUE };

  if (!stream_chain_rows (conn, &stream, from, packed_to, error))
    return FALSE;
  if (!finish_stream (&stream))
    return TRUE;
  if (state.expected_seq != packed_to + 1)
    {
      report_break (&state, EP_AUDIT_MISSING, state.expected_seq,
                    "the chain row of seq %" G_GINT64_FORMAT " is missing", state.expected_seq);
      return TRUE;
    }

  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, job->gemeente);
  ep_db_params_add_int64 (params, from);
  g_autoptr (PGresult) differs = ep_db_exec_binary (
    conn,
    "SELECT c.seq FROM audit_block b"
    "  JOIN audit_chain c ON c.gemeente = b.gemeente AND c.seq BETWEEN b.first_seq AND b.last_seq"
    " WHERE b.gemeente = $1 AND c.seq >= $2"
    "   AND c.hash <> substring(b.hashes FROM (32 * (c.seq - b.first_seq) + 1)::int FOR 32)"
    " ORDER BY c.seq LIMIT 1",
    params, "compare chain rows with blocks", error);
  if (differs == NULL)
    return FALSE;
  if (PQntuples (differs) > 0)
    {
      gint64 seq = binary_int64 (differs, 0, 0);
      report_break (&state, EP_AUDIT_CHANGED, seq,
                    "seq %" G_GINT64_FORMAT " was changed: its chain row and event no longer "
                    "match its block",
                    seq);
      return TRUE;
    }
  return find_uncovered (conn, job->gemeente, FALSE, &state, error);
}

static gboolean
verify_rows_behind_blocks (PGconn *conn, VerifyJob *job, const VerifyState *checked,
                           gint64 packed_to, EpAuditHasher *hasher, GByteArray *canonical,
                           GError **error)
{
  g_auto (EpAuditReport) rows = { 0 };
  if (!check_rows_behind_blocks (conn, job, checked, packed_to, hasher, canonical, &rows, error))
    return FALSE;
  if (rows.finding != EP_AUDIT_INTACT)
    take_finding (job->report, &rows);
  return TRUE;
}

/* ---- the blocks on more connections at once ---- */

/* One stream is bound by PostgreSQL reading and sending the blocks, not by
 * hashing. So where there are enough blocks, verify cuts them into ranges
 * that this connection and others, each with a thread of its own, take in
 * turn; the others import this transaction's snapshot (as pg_dump -j does),
 * so all see the same chain. Each range is checked on its own, trusting the
 * hash before it; afterwards each range must start where the one before it
 * ended. The coverage check is one more piece of work among them. */

/* Fewer blocks than this are read in one stream. */
#define VERIFY_SPLIT_MIN_BLOCKS 8
/* Ranges per connection: small enough that a connection that is done takes
 * another while the slowest still works. */
#define VERIFY_RANGES_PER_CONNECTION 4

typedef struct
{
  gint64 from, to;
  EpAuditReport report;
  VerifyState state;
  guint8 start_prev[EP_AUDIT_HASH_LEN];
  gboolean intact;
} BlockRange;

typedef struct
{
  VerifyJob *job;
  const VerifyState *start; /* the trusted heads every range holds the chain to */
  BlockRange *ranges;
  guint n_ranges;
  gint next_task; /* atomic; task 0 is the coverage check, task i > 0 range i − 1 */
  gint failed;    /* atomic: a range found something, or a connection failed */
  gint64 head_seq;
  EpAuditReport *coverage;
} SplitWork;

static gboolean
verify_range (PGconn *conn, SplitWork *work, BlockRange *range, gboolean main_thread,
              GError **error)
{
  range->state = (VerifyState){ .report = &range->report, .expected_seq = range->from };
  memcpy (range->state.trusted, work->start->trusted, sizeof range->state.trusted);
  range->state.n_trusted = work->start->n_trusted;
  g_autoptr (EpAuditHasher) hasher = ep_audit_hasher_new ();
  VerifyStream stream = { .job = work->job,
                          .state = &range->state,
                          .hasher = hasher,
                          .from = range->from,
                          .to = range->to,
                          .trust_start = TRUE,
                          .shows_progress = main_thread,
                          .drains = TRUE,
                          .intact = TRUE };
  if (!stream_blocks (conn, &stream, error))
    return FALSE;
  range->intact = !stream.stopped && finish_stream (&stream);
  memcpy (range->start_prev, stream.start_prev, EP_AUDIT_HASH_LEN);
  return TRUE;
}

/* Takes the next piece of work until none is left. */
static gboolean
split_work (PGconn *conn, SplitWork *work, gboolean main_thread, GError **error)
{
  guint n_tasks = work->n_ranges + 1;
  guint task;
  while (!g_atomic_int_get (&work->failed)
         && (task = (guint) g_atomic_int_add (&work->next_task, 1)) < n_tasks)
    {
      gboolean ok;
      if (task == 0)
        {
          VerifyState coverage = { .report = work->coverage };
          ok = check_coverage (conn, work->job->gemeente, work->head_seq, &coverage, error);
        }
      else
        {
          BlockRange *range = &work->ranges[task - 1];
          ok = verify_range (conn, work, range, main_thread, error);
          if (ok && !range->intact)
            g_atomic_int_set (&work->failed, TRUE);
        }
      if (!ok)
        {
          g_atomic_int_set (&work->failed, TRUE);
          return FALSE;
        }
    }
  return TRUE;
}

typedef struct
{
  SplitWork *work;
  PGconn *conn;
  const gchar *snapshot;
  gboolean ok;
  GError *error;
} SplitHelper;

static gboolean
helper_in_snapshot (PGconn *conn, gpointer user_data, GError **error)
{
  SplitHelper *helper = user_data;
  return split_work (conn, helper->work, FALSE, error);
}

static gpointer
helper_thread (gpointer user_data)
{
  SplitHelper *helper = user_data;
  EpDbTxContext ctx = { .gemeente = helper->work->job->gemeente,
                        .actor_id = "system",
                        .actor_role = "auditor",
                        .isolation = EP_DB_REPEATABLE_READ,
                        .snapshot = helper->snapshot };
  /* A helper that cannot start (its snapshot import fails, say) leaves its
   * share to the others; one that fails in a piece of work has set
   * work->failed there, and verify reads the blocks again as one stream. */
  helper->ok = ep_db_run_tx (helper->conn, &ctx, helper_in_snapshot, helper, NULL, &helper->error);
  return NULL;
}

/* Verifies the blocks of seq @from … @packed_to, and checks the coverage,
 * on more connections at once. Sets *@split when every range is intact and
 * each starts where the one before it ended: @state then stands after
 * @packed_to as if one stream had read it all, and @coverage holds the
 * coverage check. Otherwise (too few blocks, no other connection, or a
 * finding) leaves @state as it was, for one stream to read the blocks again
 * and name the first break exactly. */
static gboolean
verify_blocks_split (PGconn *conn, VerifyJob *job, VerifyState *state, gint64 from,
                     gint64 packed_to, gboolean *split, EpAuditReport *coverage, GError **error)
{
  *split = FALSE;
  guint n_connections = CLAMP (g_get_num_processors (), 1, 8);
  if (n_connections < 2)
    return TRUE;

  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, job->gemeente);
  ep_db_params_add_int64 (params, from);
  g_autoptr (PGresult) blocks = ep_db_exec (
    conn,
    "SELECT first_seq FROM audit_block WHERE gemeente = $1 AND last_seq >= $2 ORDER BY first_seq",
    params, PGRES_TUPLES_OK, "list blocks", error);
  if (blocks == NULL)
    return FALSE;
  guint n_blocks = (guint) PQntuples (blocks);
  if (n_blocks < VERIFY_SPLIT_MIN_BLOCKS)
    return TRUE;
  g_autoptr (PGresult) exported = ep_db_exec (conn, "SELECT pg_export_snapshot()", NULL,
                                              PGRES_TUPLES_OK, "export snapshot", error);
  if (exported == NULL)
    return FALSE;

  /* Ranges of about equal numbers of blocks; the first starts at @from. */
  guint n_ranges = MIN (n_connections * VERIFY_RANGES_PER_CONNECTION, n_blocks);
  g_autofree BlockRange *ranges = g_new0 (BlockRange, n_ranges);
  for (guint i = 0; i < n_ranges; i++)
    {
      ranges[i].from
        = i == 0
            ? from
            : g_ascii_strtoll (PQgetvalue (blocks, (int) (i * n_blocks / n_ranges), 0), NULL, 10);
      if (i > 0)
        ranges[i - 1].to = ranges[i].from - 1;
    }
  ranges[n_ranges - 1].to = packed_to;

  SplitWork work = { .job = job,
                     .start = state,
                     .ranges = ranges,
                     .n_ranges = n_ranges,
                     .head_seq = state->report->head_seq,
                     .coverage = coverage };
  g_autofree SplitHelper *helpers = g_new0 (SplitHelper, n_connections - 1);
  g_autofree GThread **threads = g_new0 (GThread *, n_connections - 1);
  for (guint i = 0; i < n_connections - 1; i++)
    {
      helpers[i] = (SplitHelper){ .work = &work, .snapshot = PQgetvalue (exported, 0, 0) };
      helpers[i].conn = ep_db_connect_like (conn, NULL);
      if (helpers[i].conn != NULL)
        threads[i] = g_thread_new ("ep-audit-verify", helper_thread, &helpers[i]);
    }
  gboolean ran = split_work (conn, &work, TRUE, error);
  guint used = 1;
  for (guint i = 0; i < n_connections - 1; i++)
    {
      if (threads[i] != NULL)
        {
          g_thread_join (threads[i]);
          used += helpers[i].ok ? 1 : 0;
        }
      ep_db_close (helpers[i].conn);
      g_clear_error (&helpers[i].error);
    }

  /* Every range intact, and each one's start the end of the one before. A
   * helper that could not connect leaves its share to the others. */
  *split = ran && !g_atomic_int_get (&work.failed)
           && g_atomic_int_get (&work.next_task) >= (gint) n_ranges + 1;
  for (guint i = 0; *split && i < n_ranges; i++)
    *split = ranges[i].intact && ranges[i].state.expected_seq == ranges[i].to + 1
             && (i == 0
                 || memcmp (ranges[i].start_prev, ranges[i - 1].state.last_hash, EP_AUDIT_HASH_LEN)
                      == 0);

  EpAuditReport *report = state->report;
  if (*split)
    {
      const BlockRange *last = &ranges[n_ranges - 1];
      for (guint i = 0; i < n_ranges; i++)
        {
          report->events += ranges[i].report.events;
          report->bytes_hashed += ranges[i].report.bytes_hashed;
        }
      memcpy (report->head_hash, last->report.head_hash, EP_AUDIT_HASH_LEN);
      state->expected_seq = last->state.expected_seq;
      memcpy (state->last_hash, last->state.last_hash, EP_AUDIT_HASH_LEN);
      memcpy (state->before_last, last->state.before_last, EP_AUDIT_HASH_LEN);
      state->have_before_last = last->state.have_before_last;
      report->connections = used;
    }
  else
    {
      g_atomic_int_set (&job->seen, 0);
      ep_audit_report_clear (coverage);
    }
  for (guint i = 0; i < n_ranges; i++)
    ep_audit_report_clear (&ranges[i].report);
  return ran;
}

static gboolean
verify_in_snapshot (PGconn *conn, gpointer user_data, GError **error)
{
  VerifyJob *job = user_data;
  const EpAuditVerifyOptions *options = job->options;
  EpAuditReport *report = job->report;
  g_clear_pointer (&report->detail, g_free);
  memset (report, 0, sizeof *report);
  g_atomic_int_set (&job->seen, 0);

  gint64 from = MAX (options->from_seq, 1);
  VerifyState state = { .report = report, .expected_seq = from };
  gboolean intact = TRUE;

  if (!load_checkpoint (conn, job->gemeente, options->public_key, &state, &intact, error))
    return FALSE;
  if (!intact)
    return TRUE;
  if (options->expected != NULL)
    {
      state.trusted[state.n_trusted].seq = options->expected->seq;
      memcpy (state.trusted[state.n_trusted].hash, options->expected->hash, EP_AUDIT_HASH_LEN);
      state.trusted[state.n_trusted].source = "the expected head";
      state.n_trusted++;
    }

  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, job->gemeente);
  g_autoptr (PGresult) head = ep_db_exec_binary (
    conn,
    "SELECT coalesce((SELECT max(seq) FROM audit_chain WHERE gemeente = $1), 0),"
    "       " PACKED_TO,
    params, "read chain head", error);
  if (head == NULL)
    return FALSE;
  gint64 packed_to = binary_int64 (head, 0, 1);
  report->head_seq = MAX (binary_int64 (head, 0, 0), packed_to);
  job->total = MAX (report->head_seq - from + 1, 0);
  if (options->deep)
    job->total += MAX (packed_to - from + 1, 0);

  /* Joining the chain rows after the last block (and all of them for
   * --deep) to their events is a hash join sorted by seq: give it the memory
   * to do that without spilling to disk. JIT would compile expressions
   * these queries hardly have. */
  if (!ep_db_exec_script (conn, "SET LOCAL work_mem = '256MB'; SET LOCAL jit = off", "tune verify",
                          error))
    return FALSE;

  g_autoptr (EpAuditHasher) hasher = ep_audit_hasher_new ();
  g_autoptr (GByteArray) canonical = g_byte_array_sized_new (1024);
  /* The blocks (in two halves at once where there are enough), then the
   * chain rows sealed since the last block. */
  gboolean split = FALSE;
  g_auto (EpAuditReport) coverage = { 0 };
  if (packed_to >= from
      && !verify_blocks_split (conn, job, &state, from, packed_to, &split, &coverage, error))
    return FALSE;
  if (!split)
    report->connections = 1;
  VerifyStream stream = { .job = job,
                          .state = &state,
                          .hasher = hasher,
                          .canonical = canonical,
                          .from = from,
                          .to = G_MAXINT64,
                          .trust_start = !split,
                          .shows_progress = TRUE,
                          .intact = TRUE };
  if (!split && !stream_blocks (conn, &stream, error))
    return FALSE;
  if (!stream.intact)
    return TRUE; /* the stream was cancelled: nothing more can run here */
  gint64 tail_from = split ? packed_to + 1 : MAX (from, stream.read_to + 1);
  if (!stream_chain_rows (conn, &stream, tail_from, G_MAXINT64, error))
    return FALSE;
  if (!finish_stream (&stream))
    return TRUE;
  if (options->progress != NULL)
    options->progress (g_atomic_int_get (&job->seen), job->total, options->user_data);

  for (guint i = 0; i < state.n_trusted; i++)
    if (report->head_seq < state.trusted[i].seq)
      {
        report_break (&state, EP_AUDIT_TRUNCATED, report->head_seq + 1,
                      "the chain ends at seq %" G_GINT64_FORMAT
                      " but %s covers up to %" G_GINT64_FORMAT ": the newest events were cut off",
                      report->head_seq, state.trusted[i].source, state.trusted[i].seq);
        return TRUE;
      }
  if (split)
    {
      /* Checked as one piece of the split work, in the same snapshot. */
      report->pending = coverage.pending;
      if (coverage.finding != EP_AUDIT_INTACT)
        take_finding (report, &coverage);
    }
  else if (!check_coverage (conn, job->gemeente, report->head_seq, &state, error))
    return FALSE;
  if (report->finding != EP_AUDIT_INTACT || !options->deep || packed_to < from)
    return TRUE;
  return verify_rows_behind_blocks (conn, job, &state, packed_to, hasher, canonical, error);
}

gboolean
ep_audit_verify (PGconn *conn, const gchar *gemeente, gint64 from_seq,
                 const EpSigningKey *public_key, EpAuditProgressFunc progress, gpointer user_data,
                 EpAuditReport *report, GError **error)
{
  EpAuditVerifyOptions options = {
    .from_seq = from_seq, .public_key = public_key, .progress = progress, .user_data = user_data
  };
  return ep_audit_verify_with (conn, gemeente, &options, report, error);
}

gboolean
ep_audit_verify_with (PGconn *conn, const gchar *gemeente, const EpAuditVerifyOptions *options,
                      EpAuditReport *report, GError **error)
{
  g_return_val_if_fail (conn != NULL && gemeente != NULL && options != NULL && report != NULL,
                        FALSE);

  VerifyJob job = {
    .gemeente = gemeente, .gemeente_len = strlen (gemeente), .options = options, .report = report
  };
  /* One snapshot for the checkpoint, the counts and the streams. */
  EpDbTxContext ctx = { .gemeente = gemeente,
                        .actor_id = "system",
                        .actor_role = "auditor",
                        .isolation = EP_DB_REPEATABLE_READ };
  return ep_db_run_tx (conn, &ctx, verify_in_snapshot, &job, NULL, error);
}

/* ------------------------------------------------------------------------ */
/* Queries                                                                  */
/* ------------------------------------------------------------------------ */

void
ep_audit_entry_free (EpAuditEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->gemeente);
  g_free (entry->occurred_at);
  g_free (entry->actor_id);
  g_free (entry->actor_role);
  g_free (entry->on_behalf_of);
  g_free (entry->action);
  g_free (entry->entity_type);
  g_free (entry->entity_id);
  g_free (entry->household_id);
  g_free (entry->purpose);
  g_free (entry->outcome);
  g_free (entry->change);
  g_free (entry);
}

static gchar *
format_time_param (GDateTime *time)
{
  return time ? g_date_time_format_iso8601 (time) : NULL;
}

static gchar *
value_dup (EpAuditValue value)
{
  return value.len < 0 ? NULL : g_strndup (value.data, value.len);
}

/* Microseconds since the Unix epoch as ISO 8601 in UTC, to the microsecond,
 * as PostgreSQL's to_char(… 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') writes it;
 * "?" outside the years 1 … 9999, which only a changed row can hold. */
static gchar *
format_unix_us (gint64 us)
{
  gint64 seconds = us / G_USEC_PER_SEC, micro = us % G_USEC_PER_SEC;
  if (micro < 0)
    {
      seconds -= 1;
      micro += G_USEC_PER_SEC;
    }
  g_autoptr (GDateTime) t = g_date_time_new_from_unix_utc (seconds);
  if (t == NULL)
    return g_strdup ("?");
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", g_date_time_get_year (t),
                          g_date_time_get_month (t), g_date_time_get_day_of_month (t),
                          g_date_time_get_hour (t), g_date_time_get_minute (t),
                          g_date_time_get_second (t), (gint) micro);
}

/* An entry of row @row of the query below; its event's fields are checked
 * against the hashes the chain vouches for. */
static EpAuditEntry *
query_entry (const PGresult *res, int row, EpAuditHasher *hasher, GByteArray *canonical)
{
  enum
  {
    SEQ = N_EVENT_COLUMNS,
    PREV,
    HASH,
    PASSED
  };
  gint64 seq = PQgetisnull (res, row, SEQ) ? 0 : binary_int64 (res, row, SEQ);
  EventScratch scratch;
  EpAuditValue values[EP_AUDIT_N_FIELDS];
  event_values (res, row, 0, seq, &scratch, values);

  EpAuditEntry *entry = g_new0 (EpAuditEntry, 1);
  entry->id = binary_int64 (res, row, 1);
  entry->seq = seq;
  /* A bool in binary is one byte. */
  gboolean passed = !PQgetisnull (res, row, PASSED) && PQgetvalue (res, row, PASSED)[0] != 0;
  entry->check = passed ? EP_AUDIT_ENTRY_MISSING : EP_AUDIT_ENTRY_UNSEALED;
  if (seq > 0)
    {
      guint8 computed[EP_AUDIT_HASH_LEN];
      gboolean vouched = PQgetlength (res, row, PREV) == EP_AUDIT_HASH_LEN
                         && PQgetlength (res, row, HASH) == EP_AUDIT_HASH_LEN;
      if (vouched)
        {
          ep_audit_canonical (values, canonical);
          ep_audit_hasher_link (hasher, (const guint8 *) PQgetvalue (res, row, PREV),
                                canonical->data, canonical->len, computed);
        }
      entry->check
        = vouched && memcmp (computed, PQgetvalue (res, row, HASH), EP_AUDIT_HASH_LEN) == 0
            ? EP_AUDIT_ENTRY_MATCHES
            : EP_AUDIT_ENTRY_ALTERED;
    }
  entry->gemeente = value_dup (values[EP_AUDIT_FIELD_GEMEENTE]);
  entry->occurred_at = format_unix_us (g_ascii_strtoll (scratch.occurred_at, NULL, 10));
  entry->actor_id = value_dup (values[EP_AUDIT_FIELD_ACTOR_ID]);
  entry->actor_role = value_dup (values[EP_AUDIT_FIELD_ACTOR_ROLE]);
  entry->on_behalf_of = value_dup (values[EP_AUDIT_FIELD_ON_BEHALF_OF]);
  entry->action = value_dup (values[EP_AUDIT_FIELD_ACTION]);
  entry->entity_type = value_dup (values[EP_AUDIT_FIELD_ENTITY_TYPE]);
  entry->entity_id = value_dup (values[EP_AUDIT_FIELD_ENTITY_ID]);
  entry->household_id = value_dup (values[EP_AUDIT_FIELD_HOUSEHOLD_ID]);
  entry->purpose = value_dup (values[EP_AUDIT_FIELD_PURPOSE]);
  entry->outcome = value_dup (values[EP_AUDIT_FIELD_OUTCOME]);
  entry->change = value_dup (values[EP_AUDIT_FIELD_CHANGE]);
  return entry;
}

GPtrArray *
ep_audit_query (PGconn *conn, const EpAuditFilter *filter, gchar **next_cursor, GError **error)
{
  g_return_val_if_fail (conn != NULL && filter != NULL && filter->gemeente != NULL, NULL);

  if (next_cursor != NULL)
    *next_cursor = NULL;

  guint limit = filter->limit == 0 ? 50 : filter->limit;
  if (limit > 1000)
    {
      g_set_error (error, EP_DB_ERROR, EP_DB_ERROR_FAILED, "limit must be 1–1000, not %u", limit);
      return NULL;
    }
  /* The cursor is the id of the last event shown: the next page holds the
   * older ones. */
  gint64 before = 0;
  if (filter->cursor != NULL)
    {
      gchar *end = NULL;
      before = g_ascii_strtoll (filter->cursor, &end, 10);
      if (end == filter->cursor || *end != '\0' || before <= 0)
        {
          g_set_error_literal (error, EP_DB_ERROR, EP_DB_ERROR_FAILED,
                               "cursor is not one this query handed out");
          return NULL;
        }
    }

  g_autofree gchar *from = format_time_param (filter->from);
  g_autofree gchar *to = format_time_param (filter->to);
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, filter->gemeente);
  ep_db_params_add_text (params, filter->household_id);
  ep_db_params_add_text (params, filter->actor_id);
  ep_db_params_add_text (params, filter->action);
  ep_db_params_add_text (params, filter->entity_type);
  ep_db_params_add_text (params, filter->entity_id);
  ep_db_params_add_text (params, from);
  ep_db_params_add_text (params, to);
  if (before > 0)
    ep_db_params_add_int64 (params, before);
  else
    ep_db_params_add_null (params);
  ep_db_params_add_int64 (params, limit + 1); /* one more tells whether a next page exists */

  /* The rows in binary, as the sealer reads them, so that an event is
   * hashed here exactly as it was sealed. Beside each sealed event, the
   * hash before it and its own hash as the chain holds them: from its block
   * once it is packed (what verify checks), else from its chain row. Beside
   * one without a chain row, whether the sealer has passed it: it seals in
   * (xid, id) order, so everything up to the head's event is sealed.
   * Unnamed statements are planned with the actual values, so the
   * "$n IS NULL OR …" of an absent filter folds away. */
  g_autoptr (PGresult) res = ep_db_exec_binary (
    conn,
    HEAD_POSITION
    "SELECT " EVENT_COLUMNS ", c.seq,"
    "       coalesce(CASE WHEN c.seq = b.first_seq THEN b.prev_hash"
    "                     ELSE substring(b.hashes FROM (32 * (c.seq - b.first_seq - 1))::int + 1"
    "                                    FOR 32) END, c.prev_hash),"
    "       coalesce(substring(b.hashes FROM (32 * (c.seq - b.first_seq))::int + 1 FOR 32),"
    "                c.hash),"
    "       c.seq IS NULL AND (e.xid, e.id) <= (pos.xid, pos.id)"
    "  FROM audit_event e CROSS JOIN pos"
    "  LEFT JOIN audit_chain c ON c.gemeente = e.gemeente AND c.event_id = e.id"
    "  LEFT JOIN LATERAL (SELECT first_seq, prev_hash, hashes FROM audit_block"
    "                      WHERE gemeente = e.gemeente AND first_seq <= c.seq"
    "                      ORDER BY first_seq DESC LIMIT 1) b ON b.first_seq IS NOT NULL"
    "        AND c.seq <= b.first_seq + length(b.hashes) / 32 - 1"
    " WHERE e.gemeente = $1"
    "   AND ($2::uuid IS NULL OR e.household_id = $2::uuid)"
    "   AND ($3::text IS NULL OR e.actor_id = $3)"
    "   AND ($4::text IS NULL OR e.action = $4)"
    "   AND ($5::text IS NULL OR e.entity_type = $5)"
    "   AND ($6::text IS NULL OR e.entity_id = $6)"
    "   AND ($7::timestamptz IS NULL OR e.occurred_at >= $7::timestamptz)"
    "   AND ($8::timestamptz IS NULL OR e.occurred_at < $8::timestamptz)"
    "   AND ($9::bigint IS NULL OR e.id < $9::bigint)"
    " ORDER BY e.id DESC LIMIT $10",
    params, "query audit trail", error);
  if (res == NULL)
    return NULL;

  g_autoptr (GPtrArray) entries
    = g_ptr_array_new_with_free_func ((GDestroyNotify) ep_audit_entry_free);
  g_autoptr (EpAuditHasher) hasher = ep_audit_hasher_new ();
  g_autoptr (GByteArray) canonical = g_byte_array_sized_new (512);
  int n = MIN (PQntuples (res), (int) limit);
  for (int row = 0; row < n; row++)
    g_ptr_array_add (entries, query_entry (res, row, hasher, canonical));
  if (next_cursor != NULL && PQntuples (res) > (int) limit && n > 0)
    *next_cursor
      = g_strdup_printf ("%" G_GINT64_FORMAT, ((EpAuditEntry *) entries->pdata[n - 1])->id);
  return g_steal_pointer (&entries);
}
