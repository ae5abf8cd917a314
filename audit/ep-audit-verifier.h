/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-audit-verifier.h: the verifier thread a server runs, and the last verification of each
 * municipality's chain it keeps.
 *
 * A full verification (ep_audit_verify_with(), every row behind the blocks included) takes
 * seconds per million events and connections of its own: no request should wait for one. So a
 * server verifies in a thread of its own, one municipality at a time, every municipality with a
 * chain when it starts and again every interval, and any one sooner when asked
 * (ep_audit_verifier_request(), coalesced: one waiting run per municipality at most). What a
 * request reads (ep_audit_verifier_get()) is the last finished run, kept in memory with when it
 * ran, and whether another is waiting or running: answered at once, under a lock held for a copy.
 *
 * The results live in this server's memory: they start empty with it, and behind a load
 * balancer each instance verifies and answers for itself.
 */
#pragma once

#include <glib.h>

#include "ep-audit-verify.h"
#include "ep-signing.h"

G_BEGIN_DECLS

typedef struct _EpAuditVerifier EpAuditVerifier;

/* What a verifier knows of one municipality's chain. */
typedef struct
{
  gboolean queued;      /* a run is asked for and has not started */
  gboolean running;     /* a run is going on now */
  guint64 runs;         /* runs finished since the verifier started; 0: no result yet */
  gchar *started_at;    /* the last finished run: when it started (RFC 3339, UTC), or NULL */
  gchar *finished_at;   /* when it finished, or NULL */
  gboolean ran;         /* it ran; FALSE: it could not (the database, the checkpoint file) */
  EpAuditReport report; /* when it ran: what it found (report.detail owned here) */
} EpAuditVerification;

void ep_audit_verification_clear (EpAuditVerification *verification);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (EpAuditVerification, ep_audit_verification_clear)

/* Called from the verifier's thread after each run of @gemeente: @report is what it found, or
 * NULL when it could not run, with @error saying why. @gemeente is NULL (and @report too) when
 * a round could not even list the municipalities. */
typedef void (*EpAuditVerifierDoneFunc) (const gchar *gemeente, const EpAuditReport *report,
                                         const GError *error, gpointer user_data);

typedef struct
{
  guint interval_s;                /* every municipality again after this long; 0: 86400 (a day) */
  const EpSigningKey *key;         /* nullable: the audit key (its public half checks the
                                   checkpoints); must outlive the verifier */
  const gchar *checkpoint_file;    /* nullable: held to, once it exists */
  EpAuditVerifierDoneFunc on_done; /* nullable */
  gpointer user_data;
} EpAuditVerifierOptions;

/**
 * ep_audit_verifier_start:
 * @conninfo: the connection for the verifier's thread (the application role will do); a long
 *   chain is read on one more connection per core, opened like it
 *
 * Returns: (transfer full): the running verifier, which starts by verifying every municipality
 *   with a chain; stop it with ep_audit_verifier_stop().
 */
EpAuditVerifier *ep_audit_verifier_start (const gchar *conninfo,
                                          const EpAuditVerifierOptions *options);

/**
 * ep_audit_verifier_request:
 * @gemeente: a municipality (CBS code)
 *
 * Asks for a run of @gemeente that starts after this call: queued behind the runs already
 * waiting, unless one of @gemeente is waiting already (which then serves). Thread-safe; never
 * waits for a run.
 *
 * Returns: TRUE when a run was queued, FALSE when one was waiting already.
 */
gboolean ep_audit_verifier_request (EpAuditVerifier *verifier, const gchar *gemeente);

/**
 * ep_audit_verifier_get:
 * @out: (out caller-allocates): what the verifier knows of @gemeente (all zero: nothing yet);
 *   clear it with ep_audit_verification_clear()
 *
 * A copy, taken under a lock held for nothing else. Thread-safe.
 */
void ep_audit_verifier_get (EpAuditVerifier *verifier, const gchar *gemeente,
                            EpAuditVerification *out);

/**
 * ep_audit_verifier_stop:
 *
 * Cancels a run going on (its statements on the verifier's connection), joins the thread and
 * frees @verifier.
 */
void ep_audit_verifier_stop (EpAuditVerifier *verifier);

G_END_DECLS
