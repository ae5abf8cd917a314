/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * shield-private.h: how the stores of intake/ hold a read of household data to a household's
 * shield (owner: shield-check.c). The rule itself is the database's household_access() (migration
 * 0008): a store asks it in its reading transaction, before it reads, and logs its read with what
 * the answer says (an emergency access marks the row and carries its reason).
 */
#pragma once

#include "ep-access-log.h"
#include "ep-db-pool.h"

#include <libpq-fe.h>

G_BEGIN_DECLS

/* What a household's shield says of a read by the acting user. */
typedef struct
{
  gboolean shielded;  /* a shield is in force */
  gboolean refused;   /* ... and it does not let the acting user in */
  gboolean emergency; /* ... it lets them in by their running emergency access */
  gchar *reason;      /* that access's reason (owned), or NULL */
} EpShieldRead;

void ep_shield_read_clear (EpShieldRead *read);

/* Asks the shield of @household_id (or of @intake_id's household) about a read of @entity_type
 * @entity_id by the acting user, filling @read. A refusal is written to the access log at once
 * (outcome denied): the store then reads nothing, commits, and fails with
 * EP_INTAKE_ERROR_SHIELDED (ep_shield_run_read() does both). A household or intake that does not
 * exist is not shielded.
 * Returns FALSE with an EP_DB_ERROR. */
gboolean ep_shield_check_read (PGconn *conn, const gchar *household_id, const gchar *intake_id,
                               const gchar *entity_type, const gchar *entity_id, EpShieldRead *read,
                               GError **error);

/* Runs @body (a reading transaction that asks ep_shield_check_read() into @shield) on @job, in
 * one snapshot (repeatable read). Returns: TRUE; FALSE with the transaction's error, or with
 * EP_INTAKE_ERROR_SHIELDED when the shield refused (the refusal logged and committed). @shield is
 * cleared either way. */
gboolean ep_shield_run_read (PGconn *conn, const EpDbTxContext *ctx, EpDbTxFunc body, gpointer job,
                             EpShieldRead *shield, GError **error);

/* TRUE when @ctx acts in one of @roles (NULL-terminated); else FALSE with
 * EP_DB_ERROR_PERMISSION_DENIED "alleen … mag @what" (for shielding, lifting, breaking the glass
 * and reviewing, whoever calls: the API and the command line alike). */
gboolean ep_shield_need_role (const EpDbTxContext *ctx, const gchar *const *roles,
                              const gchar *what, GError **error);

/* TRUE when @text, without surrounding spaces, has @min–@max characters; else FALSE with
 * EP_INTAKE_ERROR_MISSING_FIELD, _INVALID_VALUE or _TOO_LONG at @path. */
gboolean ep_shield_check_text (const gchar *text, const gchar *path, glong min, glong max,
                               GError **error);

/* The store's access row of a read that @read let through: "read" of @entity_type @entity_id of
 * @household_id, purpose EP_INTAKE_PURPOSE, marked as emergency access with its reason where
 * that is what let it through. Returns FALSE with an EP_DB_ERROR. */
gboolean ep_shield_log_read (PGconn *conn, const EpShieldRead *read, const gchar *entity_type,
                             const gchar *entity_id, const gchar *household_id, GError **error);

G_END_DECLS
