/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-emergency.h: break-the-glass (noodtoegang) to a shielded household (ep-shield.h).
 *
 * A regisseur or supervisor whom a household's shield does not name may open it anyway, stating
 * why: for EP_EMERGENCY_HOURS from then on the household's data is open to them, and every read
 * of it goes to the access log with emergency = true and the reason. Opening it is itself an
 * access-log row (emergency, the reason) and an audit event. Every emergency access is listed for
 * supervisors, who review each one afterwards — never their own (four eyes, also a constraint in
 * the database).
 */
#pragma once

#include "ep-db-pool.h"

#include <json-glib/json-glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

/* How long an emergency access lasts. */
#define EP_EMERGENCY_HOURS 8

/* The shortest reason accepted, in characters (without surrounding spaces): a sentence, not a
 * word. */
#define EP_EMERGENCY_MIN_REASON 20

/* The longest reason or review note accepted, in characters. */
#define EP_EMERGENCY_MAX_TEXT 2000

/* The purpose (doelbinding) of its access-log row and of its audit events. */
#define EP_EMERGENCY_PURPOSE "noodtoegang"

typedef struct
{
  gchar *id;
  gchar *household_id;
  gchar *actor_id;   /* who opened it */
  gchar *actor_role; /* regisseur or supervisor */
  gchar *reason;
  gchar *opened_at;   /* UTC, ISO 8601 */
  gchar *expires_at;  /* UTC, ISO 8601 */
  gchar *reviewed_by; /* NULL until reviewed */
  gchar *reviewed_at;
  gchar *review_note;
} EpEmergencyAccess;

void ep_emergency_access_free (EpEmergencyAccess *access);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EpEmergencyAccess, ep_emergency_access_free)

/**
 * ep_emergency_open:
 * @household_id: a shielded household whose shield does not name the acting user
 * @reason: why it must be opened now (EP_EMERGENCY_MIN_REASON–EP_EMERGENCY_MAX_TEXT characters)
 *
 * Records an emergency access of the acting user (a regisseur or supervisor) to the household for
 * EP_EMERGENCY_HOURS, with an access-log row (read of the household, purpose
 * EP_EMERGENCY_PURPOSE, emergency = true, the reason) and an audit event (action "open", entity
 * emergency_access), in one transaction.
 *
 * Returns: (transfer full): the emergency access; NULL with EP_DB_ERROR_PERMISSION_DENIED (the
 *   acting user is no regisseur or supervisor), EP_INTAKE_ERROR_NOT_FOUND (id),
 *   EP_INTAKE_ERROR_RULE (id: the household is not shielded, or its shield names the user: they
 *   have access already), _INVALID_VALUE / _TOO_LONG (reason), or another EP_DB_ERROR.
 */
EpEmergencyAccess *ep_emergency_open (PGconn *conn, const EpDbTxContext *ctx,
                                      const gchar *household_id, const gchar *reason,
                                      GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Which emergency accesses to list. */
typedef struct
{
  gboolean unreviewed; /* only those not reviewed yet */
  guint limit;         /* 1–EP_LIST_MAX_LIMIT (ep-intake-lists.h); 0: EP_LIST_DEFAULT_LIMIT */
  const gchar *cursor; /* a next_cursor given before; NULL: from the newest */
} EpEmergencyFilter;

/**
 * ep_emergency_list:
 * @next_cursor: (out) (transfer full) (optional): where the next page starts, or NULL on the last
 *
 * The municipality's emergency accesses, newest first, for supervisors to review. The list is
 * itself access-logged (a search of emergency_access, purpose "toezicht").
 *
 * Returns: (transfer full) (element-type EpEmergencyAccess): the page; NULL with
 *   EP_INTAKE_ERROR_INVALID_VALUE (limit, cursor) or an EP_DB_ERROR.
 */
GPtrArray *ep_emergency_list (PGconn *conn, const EpDbTxContext *ctx,
                              const EpEmergencyFilter *filter, gchar **next_cursor,
                              GError **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_emergency_review:
 * @id: an emergency access
 * @note: (nullable): what the reviewer found (at most EP_EMERGENCY_MAX_TEXT characters)
 *
 * Marks it reviewed by the acting user (a supervisor other than the one who opened it), with an
 * audit event (action "review").
 *
 * Returns: (transfer full): the emergency access as reviewed; NULL with
 *   EP_DB_ERROR_PERMISSION_DENIED (no supervisor), EP_INTAKE_ERROR_NOT_FOUND (id), _RULE (id:
 *   already reviewed, or it is the reviewer's own), _INVALID_VALUE / _TOO_LONG (note), or another
 *   EP_DB_ERROR.
 */
EpEmergencyAccess *ep_emergency_review (PGconn *conn, const EpDbTxContext *ctx, const gchar *id,
                                        const gchar *note,
                                        GError **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_emergency_to_json:
 *
 * Returns: (transfer full): {"id", "household_id", "actor_id", "actor_role", "reason",
 *   "opened_at", "expires_at", "reviewed" (boolean), "reviewed_by", "reviewed_at", "review_note"};
 *   absent values left out.
 */
JsonNode *ep_emergency_to_json (const EpEmergencyAccess *access);

G_END_DECLS
