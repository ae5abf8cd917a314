/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * intake-private.h: what the files of intake/ share and nobody else needs.
 */
#pragma once

#include "ep-db-conn.h"
#include "ep-intake.h"

#include <json-glib/json-glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

/* Sets @error to an EP_INTAKE_ERROR "PATH: rule" and returns FALSE, so that a
 * check reads "return ep_intake_fail_at (…)". */
gboolean ep_intake_fail_at (GError **error, EpIntakeError code, const gchar *path,
                            const gchar *format, ...) G_GNUC_PRINTF (4, 5);

/* ---- json-read.c: typed readers of JSON members ------------------------------------------
 *
 * @path is the JSON path of the object ("" at the top of a document), @name
 * the member. A member that is absent or null counts as absent; when it is
 * @required that fails with EP_INTAKE_ERROR_MISSING_FIELD. Each returns TRUE
 * on success (leaving the out value alone when the member is absent), or
 * FALSE with an error naming "path.name".
 */

/* "household.postcode", or "date" at the top. Returns: (transfer full). */
gchar *ep_intake_member_path (const gchar *path, const gchar *name);

/* @node as an object with only members named in the NULL-terminated
 * @fields; NULL with an error otherwise (at "intake" for the top). */
JsonObject *ep_intake_open_object (JsonNode *node, const gchar *path, const gchar *const *fields,
                                   GError **error);

/* The member's node (borrowed), or NULL when absent. */
gboolean ep_intake_member (JsonObject *object, const gchar *path, const gchar *name,
                           gboolean required, JsonNode **out, GError **error);

/* Text, not blank, at most EP_INTAKE_MAX_TEXT characters (EP_INTAKE_ERROR_TOO_LONG). */
gboolean ep_intake_read_text (JsonObject *object, const gchar *path, const gchar *name,
                              gboolean required, gchar **out, GError **error);
gboolean ep_intake_read_uuid (JsonObject *object, const gchar *path, const gchar *name,
                              gboolean required, gchar **out, GError **error);
/* A date that exists, as YYYY-MM-DD. */
gboolean ep_intake_read_date (JsonObject *object, const gchar *path, const gchar *name,
                              gboolean required, gchar **out, GError **error);
/* An integer in [@min, @max]; *@present tells whether there was one. */
gboolean ep_intake_read_int (JsonObject *object, const gchar *path, const gchar *name,
                             gboolean required, gint min, gint max, gint *out, gboolean *present,
                             GError **error);
gboolean ep_intake_read_bool (JsonObject *object, const gchar *path, const gchar *name,
                              gboolean *out, GError **error);
/* A required code of @vocab, as its enum value. */
gboolean ep_intake_read_code (JsonObject *object, const gchar *path, const gchar *name,
                              const EpVocabulary *vocab, gint *out, GError **error);
/* A list (borrowed) of at most @max_length items, or NULL when absent. */
gboolean ep_intake_read_array (JsonObject *object, const gchar *path, const gchar *name,
                               gboolean required, guint max_length, JsonArray **out,
                               GError **error);
/* "at: onbekende code; kies uit a, b, c". Returns FALSE. */
gboolean ep_intake_fail_unknown_code (GError **error, const gchar *at, const EpVocabulary *vocab);

/* intake-json.c: writes member @name with the text @value; nothing when
 * @value is NULL (absent values are left out of every JSON form). */
void ep_intake_add_text (JsonBuilder *b, const gchar *name, const gchar *value);

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

/* A Dutch postcode as stored: four digits (not starting with 0), two capitals. */
gboolean ep_intake_is_postcode (const gchar *text);

/* intake.c: a consent ends on or after the day it was given; the error
 * names "@path.valid_until". */
gboolean ep_intake_consent_check (const EpIntakeConsent *consent, const gchar *path,
                                  GError **error);

G_END_DECLS
