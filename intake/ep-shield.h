/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-shield.h: shielded households (afgeschermd dossier).
 *
 * A supervisor shields a household whose data must not be open to every case worker of the
 * municipality — a household at a confidential address (a shelter), or one with a member who
 * works for the municipality — naming the users who keep normal access. From then on everyone
 * else is refused the household's data, read or changed: its members, intakes, consents and
 * contacts; a search shows it only as withheld (ep_household_find()). A regisseur or supervisor
 * may still open it by break-the-glass, with a stated reason (ep-emergency.h). A supervisor
 * lifts the shield with a reason; lifted shields are kept.
 *
 * The rule of who may open a household is the database's household_access() (migration 0008),
 * asked by every store of intake/ in its reading transaction and by a trigger on every change;
 * shielding and lifting are audit events in the transaction that makes them.
 */
#pragma once

#include "ep-db-pool.h"

#include <libpq-fe.h>

G_BEGIN_DECLS

/* The purpose (doelbinding) of the audit events of shielding and lifting. */
#define EP_SHIELD_PURPOSE "afscherming: vertrouwelijk dossier"

/* The shortest reason accepted for shielding or lifting, in characters (without surrounding
 * spaces). */
#define EP_SHIELD_MIN_REASON 10

/* The most users one shield names. */
#define EP_SHIELD_MAX_USERS 50

/**
 * ep_shield_household:
 * @household_id: a household of the municipality that is not shielded yet
 * @reason: why (at least EP_SHIELD_MIN_REASON characters; no names, it is kept in the trail)
 * @users: (array zero-terminated=1): the usernames who keep normal access: at least one, each an
 *   active user of the municipality who reads case data or is a partner
 * @shield_id: (out) (transfer full) (optional): the new shield's id
 *
 * Only a supervisor shields. In one transaction: the shield, the users it names, and its audit
 * event (action "shield", the reason and the users as the change).
 *
 * Returns: TRUE; FALSE with EP_DB_ERROR_PERMISSION_DENIED (the acting user is no supervisor),
 *   EP_INTAKE_ERROR_NOT_FOUND (id), _RULE (id: already shielded), _INVALID_VALUE (reason; a
 *   user that is not one: users[i]), _MISSING_FIELD (users), _DUPLICATE (users[i]), _TOO_MANY
 *   (users), or another EP_DB_ERROR; nothing written.
 */
gboolean ep_shield_household (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                              const gchar *reason, const gchar *const *users, gchar **shield_id,
                              GError **error);

/**
 * ep_shield_lift:
 * @reason: why (at least EP_SHIELD_MIN_REASON characters)
 *
 * Lifts the household's shield (only a supervisor), with its audit event (action "lift"). The
 * shield and who it named are kept; emergency accesses to it end with it.
 *
 * Returns: TRUE; FALSE with EP_DB_ERROR_PERMISSION_DENIED (no supervisor),
 *   EP_INTAKE_ERROR_NOT_FOUND (id), _RULE (id: not shielded), _INVALID_VALUE (reason), or another
 *   EP_DB_ERROR; nothing written.
 */
gboolean ep_shield_lift (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                         const gchar *reason, GError **error);

G_END_DECLS
