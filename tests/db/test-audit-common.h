/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-audit-common.h: what the audit suites (test-audit.c, test-audit-concurrency.c) share:
 * a fresh municipality per test, so no test sees another's chain; one audited write (a
 * household row and its event, as the application role in one transaction); sealing and
 * verifying that fail the test when they cannot run; and an assertion on a verify report.
 */
#pragma once

#include "db-suites.h"

#include "ep-audit-chain.h"
#include "ep-audit.h"
#include "ep-db-pool.h"

G_BEGIN_DECLS

/* EP_ASSERT_FINDING for one case of a table: the message names the case. */
#define EP_ASSERT_CASE_FINDING(case_name, report, want_finding, want_seq)                          \
  do                                                                                               \
    {                                                                                              \
      const EpAuditReport *r_ = (report);                                                          \
      ck_assert_msg (r_->finding == (want_finding) && r_->broken_seq == (gint64) (want_seq),       \
                     "%s: expected %s at seq %" G_GINT64_FORMAT                                    \
                     ", verify found %s at seq %" G_GINT64_FORMAT ": %s",                          \
                     (case_name), ep_audit_finding_name (want_finding), (gint64) (want_seq),       \
                     ep_audit_finding_name (r_->finding), r_->broken_seq,                          \
                     r_->detail != NULL ? r_->detail : "(no detail)");                             \
    }                                                                                              \
  while (0)

/*
 * EP_ASSERT_FINDING (report, want_finding, want_seq): asserts what verify found and where.
 * A macro so that Check reports the caller's line.
 */
#define EP_ASSERT_FINDING(report, want_finding, want_seq)                                          \
  EP_ASSERT_CASE_FINDING ("verify", report, want_finding, want_seq)

/*
 * EP_ASSERT_AUDIT_ERROR (error, want_code): asserts that @error is set and in EP_AUDIT_ERROR
 * with @want_code. A macro so that Check reports the caller's line.
 */
#define EP_ASSERT_AUDIT_ERROR(error, want_code)                                                    \
  do                                                                                               \
    {                                                                                              \
      const GError *e_ = (error);                                                                  \
      ck_assert_msg (e_ != NULL, "expected EP_AUDIT_ERROR code %d (%s), got no error",             \
                     (int) (want_code), #want_code);                                               \
      ck_assert_msg (g_error_matches (e_, EP_AUDIT_ERROR, (want_code)),                            \
                     "expected EP_AUDIT_ERROR code %d (%s), got %s code %d: %s",                   \
                     (int) (want_code), #want_code, g_quark_to_string (e_->domain), e_->code,      \
                     e_->message);                                                                 \
    }                                                                                              \
  while (0)

/* The end of an UPDATE or DELETE of audit_event `e` that picks the event of chain seq @seq
 * ($1: the municipality), for tampering in tests. */
#define EVENT_OF_SEQ(seq)                                                                          \
  " FROM audit_chain c WHERE c.gemeente = $1 AND c.seq = " #seq                                    \
  "   AND e.gemeente = c.gemeente AND e.id = c.event_id"

/**
 * ep_test_audit_gemeente:
 * @owner: a connection as the owner
 *
 * Adds an unused municipality GM9000…GM9999 (fails the test when none is left).
 *
 * Returns: (transfer full): its code.
 */
gchar *ep_test_audit_gemeente (PGconn *owner);

/**
 * ep_test_audit_write:
 * @conn: a connection as the application role, outside a transaction
 * @n: a number for the household's huisnummer and the event's change
 * @event_id: (out) (optional): the event's id
 *
 * In one transaction for @gemeente and @actor: inserts a household and records its "create"
 * event (purpose "wmo-toegang"). Safe to call from any thread: it never asserts.
 *
 * Returns: TRUE when the transaction committed, else FALSE with @error set.
 */
gboolean ep_test_audit_write (PGconn *conn, const gchar *gemeente, const gchar *actor, guint n,
                              gint64 *event_id, GError **error);

/**
 * ep_test_audit_write_n:
 * @ids: (out caller-allocates) (array length=n) (optional): the events' ids, in order
 *
 * @n audited writes, each its own transaction, actors u0, u1, u2 in turn; fails the test on
 * any error.
 */
void ep_test_audit_write_n (PGconn *app, const gchar *gemeente, guint n, gint64 *ids);

/* ep_audit_seal(); fails the test on error. Returns: how many events were chained. */
guint64 ep_test_audit_seal (PGconn *conn, const gchar *gemeente);

/* ep_audit_verify() into @report (which must be zeroed or cleared); fails the test when
 * verify could not run. */
void ep_test_audit_verify (PGconn *conn, const gchar *gemeente, gint64 from_seq,
                           const EpSigningKey *public_key, EpAuditReport *report);

/* ep_audit_verify_with() into @report (which must be zeroed or cleared); fails the test when
 * verify could not run. */
void ep_test_audit_verify_with (PGconn *conn, const gchar *gemeente,
                                const EpAuditVerifyOptions *options, EpAuditReport *report);

/* As the owner: opens a transaction with the append-only triggers of audit_event, audit_chain,
 * audit_block and audit_checkpoint switched off (for tampering), and switches them on and commits. */
void ep_test_audit_tamper_begin (PGconn *owner);
void ep_test_audit_tamper_end (PGconn *owner);

/* As the owner: removes @gemeente's whole trail (events, chain, blocks, checkpoints), so that a
 * municipality a test broke on purpose does not trouble the sealers of later tests. */
void ep_test_audit_remove_trail (PGconn *owner, const gchar *gemeente);

/* Returns: (transfer full): a hasher; fails the test when OpenSSL cannot make one. */
EpAuditHasher *ep_test_audit_hasher (void);

/* Returns: (transfer full): a new private signing key; fails the test on error. */
EpSigningKey *ep_test_audit_key (void);

/* Returns: (transfer full): @key's public half, read back from its public PEM, as an auditor
 * would hold it. */
EpSigningKey *ep_test_audit_public_key (const EpSigningKey *key);

/* As the owner: the stored hash of @seq (32 zero bytes for seq 0). */
void ep_test_audit_stored_hash (PGconn *owner, const gchar *gemeente, gint64 seq,
                                guint8 out[EP_AUDIT_HASH_LEN]);

/* As the owner: Returns: (transfer full): the id of the event at @seq. */
gchar *ep_test_audit_event_at (PGconn *owner, const gchar *gemeente, gint64 seq);

/* The hash of event @event_id at @seq after @prev, computed as an outside auditor would from
 * docs/audit.md: every field read as text with plain SQL. */
void ep_test_audit_recompute_hash (PGconn *owner, const gchar *gemeente, const gchar *event_id,
                                   gint64 seq, const guint8 prev[EP_AUDIT_HASH_LEN],
                                   guint8 out[EP_AUDIT_HASH_LEN]);

/* As the owner, inside ep_test_audit_tamper_begin(): recomputes prev_hash and hash of the chain
 * rows of seq @from…@to from the events they point at, so that the chain is consistent again. */
void ep_test_audit_rechain (PGconn *owner, const gchar *gemeente, gint64 from, gint64 to);

G_END_DECLS
