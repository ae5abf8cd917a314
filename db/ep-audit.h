/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-audit.h: the audit trail — recording, sealing, checkpoints,
 * verification and queries — and the access log.
 *
 * Recording: ep_audit_record() appends an event in the caller's transaction,
 * so the change and its event commit together or not at all ("no audit
 * event, no change"). Tenant and actor come from the transaction context
 * (ep_db_run_tx). The insert takes no lock that another writer needs.
 *
 * Sealing: ep_audit_seal() gives committed events of one municipality their
 * place in the chain (seq) and their hash, in batches, one sealer at a time
 * per municipality. The server seals continuously; until then an event is
 * already immutable, only not yet covered. Events are sealed in the order
 * (writing transaction's xid, event id), and only those of transactions
 * older than every transaction still running: so none can turn up behind
 * the chain head later, and each committed event is sealed exactly once.
 *
 * Checkpoints: ep_audit_checkpoint() signs the chain head, so removing the
 * newest events is detected too. ep_audit_verify() checks the whole chain
 * against its hashes and the latest checkpoint, and names the first break.
 *
 * See docs/audit.md for the design and the canonical form.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include <libpq-fe.h>

#include "ep-db-conn.h"
#include "ep-signing.h"

G_BEGIN_DECLS

/* ------------------------------------------------------------------------ */
/* Recording                                                                */
/* ------------------------------------------------------------------------ */

/* One mutation. Strings are borrowed. */
typedef struct
{
  const gchar *action;       /* create, update, delete, finalise, escalate, … ([a-z_]) */
  const gchar *entity_type;  /* household, person, intake, … ([a-z_]) */
  const gchar *entity_id;    /* nullable */
  const gchar *household_id; /* nullable UUID: whose case this is */
  const gchar *purpose;      /* doelbinding: why, e.g. "wmo-toegang" */
  const gchar *on_behalf_of; /* nullable: the user an action is done for */
  const gchar *outcome;      /* NULL: "success"; "denied", "failure" */
  JsonNode *change;          /* nullable: what changed (no need to repeat unchanged data) */
} EpAuditEvent;

/**
 * ep_audit_record:
 * @conn: a connection inside the mutating transaction (see ep_db_run_tx)
 * @event_id: (out) (optional): the new event's id
 *
 * Appends @event to the trail in the current transaction.
 *
 * Returns: TRUE, or FALSE with an EP_DB_ERROR (the transaction must then be
 * rolled back, which ep_db_run_tx does).
 */
gboolean ep_audit_record (PGconn *conn, const EpAuditEvent *event, gint64 *event_id,
                          GError **error);

/**
 * ep_audit_record_many:
 * @events: (array length=n_events): the events, in order
 *
 * As ep_audit_record() for several events at once, in one statement: a
 * write that creates a household, its members and an intake appends all
 * their events as its last statement. The events get ascending ids in the
 * order given.
 *
 * Returns: TRUE, or FALSE with an EP_DB_ERROR.
 */
gboolean ep_audit_record_many (PGconn *conn, const EpAuditEvent *events, guint n_events,
                               GError **error);

/**
 * ep_audit_record_change:
 * @conn: a connection inside the mutating transaction (see ep_db_run_tx)
 * @statement: the name it is prepared under on @conn: one per @change_sql
 * @change_sql: one INSERT, UPDATE or DELETE with a RETURNING clause, its
 *   values as $1…$n; no trailing semicolon, and no data-modifying WITH of
 *   its own (PostgreSQL allows those only at the top level)
 * @params: the n values; the event's values are appended to it
 * @event: the change's event; its ids must be known beforehand (make a new
 *   row's id with ep_uuid_new())
 * @what: what the change does, for an error message
 *
 * Makes the change and records @event in one statement (a data-modifying
 * WITH): for a write that is a single statement, this saves the event's own
 * statement, which costs more than the event's row. If the change touches no
 * row, no event is recorded; if it touches several, one is. @event's fields
 * are checked against their rules (migration 0006) either way: a field that
 * breaks one is refused even when the change finds nothing.
 *
 * Returns: (transfer full): the rows @change_sql returns (none if it touched
 * none), or NULL with an EP_DB_ERROR (the transaction must then be rolled
 * back).
 */
PGresult *ep_audit_record_change (PGconn *conn, const gchar *statement, const gchar *change_sql,
                                  EpDbParams *params, const EpAuditEvent *event, const gchar *what,
                                  GError **error);

/* One access to client data (NEN 7513). Strings are borrowed. */
typedef struct
{
  const gchar *action;       /* read, search, export, print */
  const gchar *entity_type;  /* household, person, intake, … */
  const gchar *entity_id;    /* nullable */
  const gchar *household_id; /* nullable UUID */
  const gchar *person_id;    /* nullable UUID */
  const gchar *purpose;
  const gchar *on_behalf_of; /* nullable */
  const gchar *outcome;      /* NULL: "success" */
  gboolean emergency;        /* break-the-glass access */
} EpAccessEvent;

/**
 * ep_access_log_record:
 *
 * Logs one access in the current transaction. A plain insert: readers never
 * wait for each other.
 *
 * Returns: TRUE, or FALSE with an EP_DB_ERROR.
 */
gboolean ep_access_log_record (PGconn *conn, const EpAccessEvent *event, GError **error);

/* ------------------------------------------------------------------------ */
/* Sealing and checkpoints                                                  */
/* ------------------------------------------------------------------------ */

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
 * Returns: TRUE, or FALSE with an EP_DB_ERROR (batches before the failing one
 * stay sealed).
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
 * Returns: TRUE, or FALSE with an EP_DB_ERROR, also when the chain does not
 * hold where it would be packed (blocks before that stay written).
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

/**
 * ep_audit_checkpoint:
 * @key: a private Ed25519 key
 * @seq_out: (out) (optional): the chain head that was signed (0: empty chain)
 *
 * Seals @gemeente's new events, then records its chain head signed with @key.
 *
 * Returns: TRUE, or FALSE with an EP_DB_ERROR or EP_CORE_ERROR_CRYPTO.
 */
gboolean ep_audit_checkpoint (PGconn *conn, const gchar *gemeente, const EpSigningKey *key,
                              gint64 *seq_out, GError **error);

/**
 * ep_audit_gemeenten:
 * @with_chain_only: only municipalities that have a chain
 *
 * Returns: (transfer full): the municipality codes, visible whatever the
 * caller's tenant (codes are not personal data); NULL with @error set.
 */
GStrv ep_audit_gemeenten (PGconn *conn, gboolean with_chain_only, GError **error);

/* ------------------------------------------------------------------------ */
/* Verification                                                             */
/* ------------------------------------------------------------------------ */

typedef enum
{
  EP_AUDIT_INTACT,
  EP_AUDIT_CHANGED,            /* an event's fields or hash no longer match */
  EP_AUDIT_MISSING,            /* an event was removed from the chain */
  EP_AUDIT_INSERTED,           /* an event was put into the chain afterwards */
  EP_AUDIT_REORDERED,          /* events were swapped */
  EP_AUDIT_TRUNCATED,          /* the chain ends before the signed checkpoint */
  EP_AUDIT_UNCOVERED,          /* an event behind the chain head is not in the chain */
  EP_AUDIT_CHECKPOINT_INVALID, /* the latest checkpoint's signature is not the key's */
} EpAuditFinding;

/* Returns: a stable lowercase name of @finding ("intact", "changed", …). */
const gchar *ep_audit_finding_name (EpAuditFinding finding);

typedef struct
{
  EpAuditFinding finding;
  gint64 broken_seq;           /* the first broken sequence number (0 when intact) */
  gchar *detail;               /* what is wrong, for people; NULL when intact */
  gint64 events;               /* chain events checked */
  gint64 head_seq;             /* the chain's last seq (0: empty) */
  gint64 pending;              /* events waiting to be sealed */
  gint64 checkpoint_seq;       /* the latest checkpoint's seq, -1 when there is none */
  gboolean checkpoint_checked; /* a key was given and the checkpoint's signature was checked */
  guint64 bytes_hashed;        /* canonical bytes hashed (for benchmarks) */
  guint connections;           /* connections that read the blocks at once (1: one stream) */
  guint8 head_hash[32]; /* the hash at head_seq when intact: worth keeping outside the database */
} EpAuditReport;

void ep_audit_report_clear (EpAuditReport *report);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (EpAuditReport, ep_audit_report_clear)

typedef void (*EpAuditProgressFunc) (gint64 done, gint64 total, gpointer user_data);

/**
 * ep_audit_verify:
 * @conn: a connection outside any transaction that can read @gemeente's trail
 * @from_seq: where to start (≤ 1: the beginning); the hash before it is trusted
 * @public_key: (nullable): the checkpoint key; without it checkpoints are not checked
 * @progress: (nullable): called now and then with events done and total
 *
 * Streams @gemeente's chain in seq order in one snapshot, with constant
 * memory: its blocks, then the chain rows sealed after the last block.
 * Where there are many blocks, ranges of them are read on a connection per
 * core at once (opened like @conn, importing its snapshot). It recomputes
 * every hash and link, compares the chain with the latest checkpoint, and
 * checks that every event up to the head is chained.
 *
 * Returns: TRUE when the check ran, with @report saying whether the trail is
 * intact; FALSE with an EP_DB_ERROR when it could not run.
 */
gboolean ep_audit_verify (PGconn *conn, const gchar *gemeente, gint64 from_seq,
                          const EpSigningKey *public_key, EpAuditProgressFunc progress,
                          gpointer user_data, EpAuditReport *report, GError **error);

/* A chain head kept outside the database (a seq and its hash, e.g. printed by
 * an earlier verify or checkpoint), so that cutting off the newest events is
 * found even if the checkpoints were removed with them. */
typedef struct
{
  gint64 seq;
  guint8 hash[32];
} EpAuditHead;

typedef struct
{
  gint64 from_seq;                /* ≤ 1: the beginning; the hash before it is trusted */
  const EpSigningKey *public_key; /* nullable: without it checkpoints are not checked */
  const EpAuditHead *expected;    /* nullable: a head the chain must still reach */
  gboolean deep;                  /* also the event rows behind the blocks (slower) */
  EpAuditProgressFunc progress;   /* nullable */
  gpointer user_data;
} EpAuditVerifyOptions;

/**
 * ep_audit_verify_with:
 *
 * ep_audit_verify() with every option. With @options->expected, a chain
 * shorter than @expected->seq is EP_AUDIT_TRUNCATED, another hash at that seq
 * EP_AUDIT_CHANGED. With @options->deep, the chain rows and events that the
 * blocks were packed from are checked as well, and each must carry its
 * block's hash: what supervisors query (audit_event) is then held to the
 * chain too, at the cost of reading every event row.
 */
gboolean ep_audit_verify_with (PGconn *conn, const gchar *gemeente,
                               const EpAuditVerifyOptions *options, EpAuditReport *report,
                               GError **error);

/* ------------------------------------------------------------------------ */
/* Queries for supervisors                                                  */
/* ------------------------------------------------------------------------ */

typedef struct
{
  const gchar *gemeente;     /* required */
  const gchar *household_id; /* each filter nullable */
  const gchar *actor_id;
  const gchar *action;
  const gchar *entity_type;
  const gchar *entity_id;
  GDateTime *from;     /* inclusive */
  GDateTime *to;       /* exclusive */
  const gchar *cursor; /* from a previous page; NULL for the newest */
  guint limit;         /* 1…1000; 0 means 50 */
} EpAuditFilter;

/* What the chain says of an event ep_audit_query() shows. */
typedef enum
{
  EP_AUDIT_ENTRY_UNSEALED, /* not yet in the chain: immutable, not yet covered by a hash */
  EP_AUDIT_ENTRY_MATCHES,  /* its fields hash to the hash the chain holds at its seq */
  EP_AUDIT_ENTRY_ALTERED,  /* they do not: the row was changed after it was sealed */
  EP_AUDIT_ENTRY_MISSING,  /* sealed (the chain has passed it), but no chain row holds it */
} EpAuditEntryCheck;

typedef struct
{
  gint64 id;
  gint64 seq; /* 0 while not yet sealed */
  EpAuditEntryCheck check;
  gchar *gemeente;
  gchar *occurred_at; /* ISO-8601, UTC */
  gchar *actor_id;
  gchar *actor_role;
  gchar *on_behalf_of;
  gchar *action;
  gchar *entity_type;
  gchar *entity_id;
  gchar *household_id;
  gchar *purpose;
  gchar *outcome;
  gchar *change; /* JSON text */
} EpAuditEntry;

void ep_audit_entry_free (EpAuditEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EpAuditEntry, ep_audit_entry_free)

/**
 * ep_audit_query:
 * @next_cursor: (out) (optional): the cursor of the next page, NULL on the last
 *
 * Each sealed event shown is checked against the chain: its canonical form,
 * hashed onto the hash before it, must give the hash its block (or, not yet
 * packed, its chain row) holds. An event changed after sealing is shown as
 * EP_AUDIT_ENTRY_ALTERED, so a supervisor never reads it as genuine. An event
 * the chain has passed (in the sealer's order, at or before the head's
 * event) but that no chain row names is EP_AUDIT_ENTRY_MISSING: its chain
 * row was removed or pointed elsewhere, perhaps to hide a change. Whether
 * the chain itself holds is for ep_audit_verify().
 *
 * Returns: (transfer full) (element-type EpAuditEntry): matching events,
 * newest first; NULL with EP_DB_ERROR_FAILED for a malformed cursor or
 * limit, or another EP_DB_ERROR.
 */
GPtrArray *ep_audit_query (PGconn *conn, const EpAuditFilter *filter, gchar **next_cursor,
                           GError **error);

G_END_DECLS
