/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * json-read-private.h: typed, path-aware readers of JSON members, shared by
 * the decoders of intake/ (intake-json.c, household-json.c, contact.c);
 * owner: json-read.c.
 */
#pragma once

#include "ep-intake.h"

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* @path is the JSON path of the object ("" at the top of a document), @name
 * the member. A member that is absent or null counts as absent; when it is
 * @required that fails with EP_INTAKE_ERROR_MISSING_FIELD. Each returns TRUE
 * on success (leaving the out value alone when the member is absent), or
 * FALSE with an error naming "path.name".
 */

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

/* A Dutch postcode as stored: four digits (not starting with 0), two capitals. */
gboolean ep_intake_is_postcode (const gchar *text);

G_END_DECLS
