/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * intake-private.h: what the stores of intake/ share (owner: intake-store.c), and
 * the members household-store.c reads for intake-store.c.
 */
#pragma once

#include "ep-db-conn.h"
#include "ep-intake.h"
#include "intake-error-private.h"

#include <json-glib/json-glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

/* ---- intake-store.c: what every store of the module shares ---------------------------------- */

/* Makes a single-statement change (@sql: INSERT, UPDATE or DELETE … RETURNING,
 * prepared as @statement; @what names it in an error) and records its audit
 * event (purpose EP_INTAKE_PURPOSE) in the same statement: see
 * ep_audit_record_change(). The event's ids must be known beforehand.
 * Returns: (transfer full): the rows @sql returns, or NULL with an error. */
PGresult *ep_intake_audited_change (PGconn *conn, const gchar *statement, const gchar *what,
                                    const gchar *sql, EpDbParams *params, const gchar *action,
                                    const gchar *entity_type, const gchar *entity_id,
                                    const gchar *household_id, JsonNode *change, GError **error);

/* An audit change of one member, {"@name": "@value"}. Returns: (transfer full). */
JsonNode *ep_intake_change_of (const gchar *name, const gchar *value);

/* NEN 7513: one access to client data (purpose EP_INTAKE_PURPOSE), in the
 * reading transaction. */
gboolean ep_intake_log_access (PGconn *conn, const gchar *action, const gchar *entity_type,
                               const gchar *entity_id, const gchar *household_id, GError **error);

/* household-store.c: appends a household's memberships (EpHouseholdMember;
 * only the current ones with @current_only) to @into, oldest first. */
gboolean ep_intake_read_members (PGconn *conn, const gchar *household_id, gboolean current_only,
                                 GPtrArray *into, GError **error);

G_END_DECLS
