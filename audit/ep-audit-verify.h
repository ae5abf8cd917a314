/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-audit-verify.h: the verifier: holds a municipality's chain to its hashes,
 * its links, the latest signed checkpoint and heads kept outside the
 * database, and names the first break. See docs/audit.md.
 */
#pragma once

#include <glib.h>
#include <libpq-fe.h>

#include "ep-signing.h"

G_BEGIN_DECLS

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
  gboolean rows_checked;       /* the chain rows and event rows behind the blocks were held to
                                  them (the default; not with blocks_only) */
  gint64 checkpoint_file_seq;  /* the newest head of the municipality in the checkpoint file,
                                  -1 when it holds none or none was given */
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
 * checks that every event up to the head is chained. Then it holds the
 * chain rows and event rows behind the blocks to them (what supervisors
 * query): each must hash to its block's hash, and an event behind the head
 * that is not in the chain is searched for event by event.
 *
 * Returns: TRUE when the check ran, with @report saying whether the trail is
 * intact; FALSE with an EP_DB_ERROR (or EP_CORE_ERROR_CRYPTO: no SHA-256)
 * when it could not run.
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
  gboolean blocks_only;           /* only the blocks and the chain rows after them, not the rows
                                     behind the blocks (faster; what it leaves out is in
                                     docs/audit.md) */
  const gchar *checkpoint_file;   /* nullable: the checkpoint file (ep_audit_checkpoint_with()) */
  EpAuditProgressFunc progress;   /* nullable */
  gpointer user_data;
} EpAuditVerifyOptions;

/**
 * ep_audit_verify_with:
 *
 * ep_audit_verify() with every option. With @options->expected, a chain
 * shorter than @expected->seq is EP_AUDIT_TRUNCATED, another hash at that seq
 * EP_AUDIT_CHANGED. With @options->checkpoint_file, the newest line of
 * @gemeente in that file is held to in the same way, once its signature is
 * found to be @options->public_key's (without a key it is not used; a line
 * not signed by the key is EP_AUDIT_CHECKPOINT_INVALID at its seq). With
 * @options->blocks_only, the chain rows and event rows behind the blocks are
 * not read: faster, but an event row changed behind a block is then not
 * found, nor an event hidden behind the head whose count was balanced.
 *
 * Returns: as ep_audit_verify(), or FALSE with EP_AUDIT_ERROR_CHECKPOINT_FILE
 * when the checkpoint file cannot be read or holds a line that is not a
 * checkpoint.
 */
gboolean ep_audit_verify_with (PGconn *conn, const gchar *gemeente,
                               const EpAuditVerifyOptions *options, EpAuditReport *report,
                               GError **error);

G_END_DECLS
