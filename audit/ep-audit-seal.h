/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-audit-seal.h: sealing, packing and checkpoints, and the sealer thread a
 * server runs.
 *
 * Sealing: ep_audit_seal() gives committed events of one municipality their
 * place in the chain (seq) and their hash, in batches, one sealer at a time
 * per municipality. The server seals continuously; until then an event is
 * already immutable, only not yet covered. Events are sealed in the order
 * (writing transaction's xid, event id), and only those of transactions
 * older than every transaction still running: so none can turn up behind
 * the chain head later, and each committed event is sealed exactly once.
 *
 * Packing: runs of sealed events go into blocks (audit_block), which is
 * what ep_audit_verify() reads.
 *
 * Checkpoints: ep_audit_checkpoint() signs the chain head, so removing the
 * newest events is detected too; each checkpoint is also appended to a
 * checkpoint file outside PostgreSQL when one is given, as transparency
 * logs hand their heads to witnesses. See docs/audit.md.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include <libpq-fe.h>

#include "ep-audit-chain.h"
#include "ep-signing.h"

G_BEGIN_DECLS

/* Events per block: enough that reading a block costs far less than hashing
 * its events, small enough to be read in one piece. */
#define EP_AUDIT_BLOCK_EVENTS 1024

/* Events sealed per transaction: whole blocks, so that a long run of events
 * is packed from the bytes the sealer has just hashed. */
#define EP_AUDIT_SEAL_BATCH (5 * EP_AUDIT_BLOCK_EVENTS)

/**
 * ep_audit_seal:
 * @conn: a connection outside any transaction (owner, or the application role)
 * @gemeente: the municipality whose new events to seal
 * @n_sealed: (out) (optional): how many events were chained
 *
 * Chains every event of @gemeente that is committed and not yet chained, in
 * batches of EP_AUDIT_SEAL_BATCH, each batch in its own transaction; then
 * packs full blocks (ep_audit_pack()).
 *
 * Returns: TRUE, or FALSE with an EP_DB_ERROR, EP_CORE_ERROR_CRYPTO (no
 * SHA-256), or EP_AUDIT_ERROR_NO_CHAIN_HEAD
 * when the event of the chain head is gone, EP_AUDIT_ERROR_CHAIN_BROKEN when
 * the chain does not hold where it would be packed (batches before the
 * failing one stay sealed).
 */
gboolean ep_audit_seal (PGconn *conn, const gchar *gemeente, guint64 *n_sealed, GError **error);

/**
 * ep_audit_pack:
 * @conn: a connection outside any transaction
 * @block_events: events per block (the sealer uses EP_AUDIT_BLOCK_EVENTS)
 * @n_packed: (out) (optional): how many events were packed
 *
 * Packs @gemeente's sealed events after its last block into blocks of
 * @block_events (audit_block: their canonical bytes and hashes in one row),
 * as long as that many are sealed; fewer stay in the chain rows until more
 * follow. Each event is checked against its chain row before it is packed.
 * ep_audit_seal() calls this after sealing.
 *
 * Returns: TRUE, or FALSE with an EP_DB_ERROR, EP_CORE_ERROR_CRYPTO (no
 * SHA-256), or EP_AUDIT_ERROR_CHAIN_BROKEN
 * when the chain does not hold where it would be packed (blocks before that
 * stay written).
 */
gboolean ep_audit_pack (PGconn *conn, const gchar *gemeente, guint block_events, guint64 *n_packed,
                        GError **error);

/**
 * ep_audit_seal_all:
 *
 * ep_audit_seal() for every municipality with events waiting. A failure in
 * one municipality does not stop the others.
 *
 * Returns: TRUE, or FALSE with the first failure's error.
 */
gboolean ep_audit_seal_all (PGconn *conn, guint64 *n_sealed, GError **error);

/* A checkpoint as written: the signed head, and where it was signed. */
typedef struct
{
  gchar *gemeente;
  gint64 seq;                         /* the chain head that was signed (0: empty chain) */
  guint8 hash[EP_AUDIT_HASH_LEN];     /* its hash (zeros for an empty chain) */
  gchar *signed_at;                   /* when, as RFC 3339 UTC to the microsecond */
  gchar *key_id;                      /* ep_signing_key_id() of the key */
  guint8 signature[EP_SIGNATURE_LEN]; /* Ed25519 over ep_audit_checkpoint_message() */
} EpAuditCheckpoint;

void ep_audit_checkpoint_clear (EpAuditCheckpoint *checkpoint);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (EpAuditCheckpoint, ep_audit_checkpoint_clear)

/* Frees a checkpoint made on the heap (as ep_audit_checkpoints() lists them). */
void ep_audit_checkpoint_free (EpAuditCheckpoint *checkpoint);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EpAuditCheckpoint, ep_audit_checkpoint_free)

/**
 * ep_audit_checkpoint_to_json:
 *
 * Returns: (transfer full): @checkpoint as a JSON object with gemeente, seq, hash (hex),
 * signed_at, key_id and signature (hex), in that order: a line of the checkpoint file, and what
 * the API answers.
 */
JsonNode *ep_audit_checkpoint_to_json (const EpAuditCheckpoint *checkpoint);

/**
 * ep_audit_checkpoints:
 * @conn: a connection inside a transaction of the municipality (ep_db_run_tx() with its tenant)
 * @limit: 1…1000; 0 means 50
 * @cursor: (nullable): a next_cursor given before; NULL for the newest
 * @next_cursor: (out) (transfer full) (optional): the cursor of the next page, NULL on the last
 *
 * The municipality's checkpoints as they are in the database, newest first: the chain heads the
 * server (or `eenplan audit checkpoint`) signed, with the key's id. Whether they still hold is
 * for ep_audit_verify().
 *
 * Returns: (transfer full) (element-type EpAuditCheckpoint): a page; NULL with
 * EP_AUDIT_ERROR_BAD_LIMIT, EP_AUDIT_ERROR_BAD_CURSOR or an EP_DB_ERROR.
 */
GPtrArray *ep_audit_checkpoints (PGconn *conn, guint limit, const gchar *cursor,
                                 gchar **next_cursor, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_audit_checkpoint_line:
 *
 * Returns: (transfer full): @checkpoint as one line of the checkpoint file,
 * with its newline: a JSON object with gemeente, seq, hash (hex), signed_at,
 * key_id and signature (hex), in that order.
 */
gchar *ep_audit_checkpoint_line (const EpAuditCheckpoint *checkpoint);

/**
 * ep_audit_checkpoint_with:
 * @key: a private Ed25519 key
 * @checkpoint_file: (nullable): a file outside the database to append the
 *   checkpoint to as well (ep_audit_checkpoint_line()), created if need be
 * @written: (out caller-allocates) (optional): the checkpoint written, set
 *   once it is in the database (also when appending to the file then fails);
 *   clear it with ep_audit_checkpoint_clear()
 *
 * Seals @gemeente's new events, then records its chain head signed with
 * @key, and once that is committed appends it to @checkpoint_file and
 * flushes it to disk (fsync): a witness that whoever can change the
 * database cannot change, as transparency logs hand their heads to
 * witnesses.
 *
 * Returns: TRUE, or FALSE with an error of ep_audit_seal(), an EP_DB_ERROR,
 * EP_CORE_ERROR_CRYPTO, or EP_AUDIT_ERROR_CHECKPOINT_FILE when the file
 * cannot be written (the checkpoint is then in the database only).
 */
gboolean ep_audit_checkpoint_with (PGconn *conn, const gchar *gemeente, const EpSigningKey *key,
                                   const gchar *checkpoint_file, EpAuditCheckpoint *written,
                                   GError **error);

/**
 * ep_audit_checkpoint:
 * @key: a private Ed25519 key
 * @seq_out: (out) (optional): the chain head that was signed (0: empty chain)
 *
 * ep_audit_checkpoint_with() without a checkpoint file.
 */
gboolean ep_audit_checkpoint (PGconn *conn, const gchar *gemeente, const EpSigningKey *key,
                              gint64 *seq_out, GError **error);

/* Which municipalities ep_audit_gemeenten() lists. */
typedef enum
{
  EP_AUDIT_GEMEENTEN_PENDING, /* with events waiting to be sealed */
  EP_AUDIT_GEMEENTEN_CHAINED, /* with a chain */
  EP_AUDIT_GEMEENTEN_ALL,     /* every one, chain or not (for verify and checkpoint) */
} EpAuditGemeenten;

/**
 * ep_audit_gemeenten:
 * @which: which municipalities
 *
 * Returns: (transfer full): the municipality codes, in order, visible
 * whatever the caller's tenant (codes are not personal data); NULL with an
 * EP_DB_ERROR.
 */
GStrv ep_audit_gemeenten (PGconn *conn, EpAuditGemeenten which, GError **error);

/**
 * ep_audit_unsealed:
 * @conn: a connection outside any transaction (the application role will do)
 * @events: (out): committed events, of every municipality, not yet in their chain
 * @oldest_age_s: (out): how long the oldest of them has waited, in seconds since the transaction
 *   that wrote it began (its occurred_at); 0 when there is none
 *
 * The sealer's lag, as the sealer itself would find it (the events after each chain head in
 * sealing order), for monitoring: a count and an age, never a row (a SECURITY DEFINER function
 * of migration 0009, since the application role sees one municipality at a time). Events of
 * transactions still running are not counted: they are not committed.
 *
 * Returns: TRUE, or FALSE with an EP_DB_ERROR.
 */
gboolean ep_audit_unsealed (PGconn *conn, gint64 *events, gdouble *oldest_age_s, GError **error);

/* ------------------------------------------------------------------------ */
/* The sealer thread                                                        */
/* ------------------------------------------------------------------------ */

/* A thread with its own connection that, every interval, chains the events
 * committed since its last round (ep_audit_seal_all) and, when a signing key
 * is given, writes a signed checkpoint of every chain at the checkpoint
 * interval. The interval bounds how long an event waits before the chain
 * covers it. Stopping seals once more, so a clean shutdown leaves nothing
 * waiting; after a crash the next sealer (or `eenplan audit seal`) picks up
 * the unsealed events, which are in the database. */
typedef struct _EpAuditSealer EpAuditSealer;

/* Called from the sealer's thread when a round fails; the sealer retries at
 * the next interval. */
typedef void (*EpAuditSealerErrorFunc) (const GError *error, gpointer user_data);

/* Called from the sealer's thread with each checkpoint it wrote. */
typedef void (*EpAuditSealerCheckpointFunc) (const EpAuditCheckpoint *checkpoint,
                                             gpointer user_data);

typedef struct
{
  guint interval_ms;                         /* 0: 500 */
  guint checkpoint_interval_s;               /* 0: 900 (15 minutes) */
  const EpSigningKey *key;                   /* nullable: no checkpoints; must outlive the sealer */
  const gchar *checkpoint_file;              /* nullable: each checkpoint is appended to it too */
  EpAuditSealerErrorFunc on_error;           /* nullable */
  EpAuditSealerCheckpointFunc on_checkpoint; /* nullable */
  gpointer user_data;
} EpAuditSealerOptions;

/**
 * ep_audit_sealer_start:
 * @conninfo: the connection for the sealer's thread (the application role will do)
 *
 * Returns: (transfer full): the running sealer; stop it with ep_audit_sealer_stop().
 */
EpAuditSealer *ep_audit_sealer_start (const gchar *conninfo, const EpAuditSealerOptions *options);

/**
 * ep_audit_sealer_stop:
 *
 * Wakes the thread, lets it seal a last time, joins it and frees @sealer.
 */
void ep_audit_sealer_stop (EpAuditSealer *sealer);

/**
 * ep_audit_sealer_rounds:
 * Returns: how many rounds completed without error (for tests and health).
 */
guint ep_audit_sealer_rounds (EpAuditSealer *sealer);

G_END_DECLS
