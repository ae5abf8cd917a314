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

G_END_DECLS
