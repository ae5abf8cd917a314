/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * intake-json-private.h: what the JSON codec of the intake lends the other
 * codecs of intake/ (household-json.c, contact.c); owner: intake-json.c.
 */
#pragma once

#include "ep-intake.h"

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Writes member @name with the text @value; nothing when
 * @value is NULL (absent values are left out of every JSON form). */
void ep_intake_add_text (JsonBuilder *b, const gchar *name, const gchar *value);

/* Writes member @name with the integer @value. */
void ep_intake_add_int (JsonBuilder *b, const gchar *name, gint64 value);

/* Writes member @name with the code of @value in @vocab. */
void ep_intake_add_code (JsonBuilder *b, const gchar *name, const EpVocabulary *vocab, gint value);

/* Sets member @name to a new array; the caller ends it (json_builder_end_array). */
void ep_intake_begin_list (JsonBuilder *b, const gchar *name);

/* Reads the object "household" of an intake (or of `household create`)
 * into @household: an id, or a new household's address. Returns FALSE with
 * an error at its path. */
gboolean ep_intake_json_read_household (JsonNode *node, EpIntakeHousehold *household,
                                        GError **error);

/* Reads the list "persons" of @object at @path (at most EP_INTAKE_MAX_PERSONS)
 * into @persons (EpIntakePerson), which owns what was read also on failure. */
gboolean ep_intake_json_read_persons (JsonObject *object, const gchar *path, GPtrArray *persons,
                                      GError **error);

G_END_DECLS
