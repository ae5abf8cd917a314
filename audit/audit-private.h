/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * audit-private.h: what the files of audit/ share and nothing else sees.
 *
 * The row and block codec (codec.c) is its one owner: the sealer, the
 * packer, the verifier and the query read events with the same column list,
 * in libpq's binary result format (integers, times and UUIDs arrive as
 * fixed bytes, text as is), and turn a row into the canonical form with the
 * same function, so the bytes hashed at sealing and at verification cannot
 * drift apart. The sealer's position and lock (seal.c) are shared by the
 * sealer, the packer and checkpoints.
 */
#pragma once

#include <glib.h>
#include <libpq-fe.h>

#include "ep-audit-chain.h"
#include "ep-audit-seal.h"
#include "ep-audit-error.h"
#include "ep-crypto.h"
#include "ep-db-conn.h"
#include "ep-db-pool.h"

G_BEGIN_DECLS

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

/* The chain head's event's place in sealing order, as CTE "pos" ($1: the
 * municipality). */
#define HEAD_POSITION                                                                              \
  "WITH head AS (SELECT e.xid, e.id FROM audit_chain c"                                            \
  "                JOIN audit_event e ON e.gemeente = c.gemeente AND e.id = c.event_id"            \
  "               WHERE c.gemeente = $1 ORDER BY c.seq DESC LIMIT 1),"                             \
  "     pos AS (SELECT coalesce ((SELECT xid FROM head), '0'::xid8) AS xid,"                       \
  "                    coalesce ((SELECT id FROM head), 0) AS id) "

/* ------------------------------------------------------------------------ */
/* Rows in binary format (codec.c)                                          */
/* ------------------------------------------------------------------------ */

/* The big-endian 64-bit integer at (@row, @col) of a binary-format result. */
gint64 ep_audit_binary_int64 (const PGresult *res, int row, int col);

/* Decimal text of the integers the canonical form holds. */
typedef struct
{
  gchar seq[24];
  gchar id[24];
  gchar occurred_at[24];
  gchar household_id[40];
} EpAuditScratch;

/* Fills @values with the canonical fields of the event whose EVENT_COLUMNS
 * start at column @first of a binary-format result; @seq is its place in
 * the chain. Text lives in @res and @scratch. */
void ep_audit_event_values (const PGresult *res, int row, int first, gint64 seq,
                            EpAuditScratch *scratch, EpAuditValue values[EP_AUDIT_N_FIELDS]);

/* Returns: (transfer full): a bytea parameter in PostgreSQL's hex input form. */
gchar *ep_audit_bytea_literal (const guint8 *data, gsize len);

/* ------------------------------------------------------------------------ */
/* Blocks (codec.c)                                                         */
/* ------------------------------------------------------------------------ */

/* A block being filled: consecutive events' canonical bytes and hashes. */
typedef struct
{
  gint64 first_seq;
  guint n;
  guint8 prev_hash[EP_AUDIT_HASH_LEN];
  GByteArray *records; /* per event: length (4 bytes big-endian), canonical bytes */
  GByteArray *hashes;
} EpAuditBlockBuilder;

/* Starts (or restarts) @block at @first_seq, after the hash @prev_hash. */
void ep_audit_block_start (EpAuditBlockBuilder *block, gint64 first_seq,
                           const guint8 prev_hash[EP_AUDIT_HASH_LEN]);
void ep_audit_block_clear (EpAuditBlockBuilder *block);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (EpAuditBlockBuilder, ep_audit_block_clear)

/* Adds the next event's canonical bytes and hash to @block. */
void ep_audit_block_add (EpAuditBlockBuilder *block, const GByteArray *canonical,
                         const guint8 hash[EP_AUDIT_HASH_LEN]);

/* Inserts @block as an audit_block row. Returns: TRUE, or FALSE with an EP_DB_ERROR. */
gboolean ep_audit_block_write (PGconn *conn, const gchar *gemeente,
                               const EpAuditBlockBuilder *block, GError **error);

/* ------------------------------------------------------------------------ */
/* The sealer's position and lock (seal.c)                                  */
/* ------------------------------------------------------------------------ */

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
} EpAuditPosition;

void ep_audit_position_clear (EpAuditPosition *position);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (EpAuditPosition, ep_audit_position_clear)

/* Reads where @gemeente's chain stands. Returns: TRUE, or FALSE with an
 * EP_DB_ERROR, EP_AUDIT_ERROR_NO_CHAIN_HEAD (the head's event is gone) or
 * EP_AUDIT_ERROR_CHAIN_BROKEN (the head's hash is malformed). */
gboolean ep_audit_read_position (PGconn *conn, const gchar *gemeente, EpAuditPosition *position,
                                 GError **error);

/* Takes the municipality's sealer lock for the rest of the transaction.
 * Returns: TRUE, or FALSE with an EP_DB_ERROR. */
gboolean ep_audit_lock_sealer (PGconn *conn, const gchar *gemeente, GError **error);

/* ------------------------------------------------------------------------ */
/* The checkpoint file (checkpoint.c)                                       */
/* ------------------------------------------------------------------------ */

/* Reads @path and leaves in @newest (cleared first) the last line of
 * @gemeente, or nothing (gemeente NULL) when it has none. Returns: TRUE, or
 * FALSE with EP_AUDIT_ERROR_CHECKPOINT_FILE when the file cannot be read or
 * a line is not a checkpoint. */
gboolean ep_audit_checkpoint_file_newest (const gchar *path, const gchar *gemeente,
                                          EpAuditCheckpoint *newest, GError **error);

G_END_DECLS
