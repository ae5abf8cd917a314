/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-json.h — reading untrusted JSON documents, and writing JSON.
 *
 * Every document eenplan reads — an intake, a household, a contact or a consent from a file, from
 * standard input or (next) from the network — goes through ep_json_decode(): strict RFC 8259
 * (jansson 2.14 does the grammar), bounded (size, nesting, names of members), with duplicate
 * members and text that PostgreSQL or a person cannot keep as given refused, each naming where.
 * The result is a json-glib tree, which the codecs of intake/ (and plans/) read with their typed,
 * path-aware readers; those add the limits that depend on the field (how many needs, how long a
 * text). Responses are written with ep_json_to_string(). docs/json.md says why two libraries.
 *
 * json-glib already provides g_autoptr() for JsonNode, JsonObject, JsonArray, JsonBuilder,
 * JsonParser and JsonGenerator; nothing is redefined here.
 */
#pragma once

#include "ep-json-error.h"

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * ep_json_decode:
 * @text: (array length=len): the document, UTF-8
 * @len: length of @text in bytes (a NUL byte inside is refused, not taken as the end)
 * @limits: (nullable): the limits; NULL for the defaults
 * @error: return location for a GError, or NULL
 *
 * Reads one untrusted JSON document (RFC 8259: any value at the top, with optional whitespace)
 * into a json-glib tree, refusing what EpJsonError lists. The first problem found, reading from
 * the start, is the one reported. Integers become G_TYPE_INT64 values, other numbers doubles.
 * Member order is kept.
 *
 * Returns: (transfer full): the root node, a mutable tree (g_autoptr(JsonNode)); NULL with an
 *   EP_JSON_ERROR otherwise, "PATH: rule" where the problem has a path ("needs[2].law",
 *   "persons[0]"), "regel L, kolom C: geen geldige JSON: reason" for syntax, "het document …"
 *   for the document as a whole.
 */
JsonNode *ep_json_decode (const gchar *text, gsize len, const EpJsonLimits *limits,
                          GError **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_json_parse:
 * @text: the document; @len its length in bytes, or -1 when @text is NUL-terminated
 *
 * ep_json_decode() with the default limits.
 */
JsonNode *ep_json_parse (const gchar *text, gssize len, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_json_to_string:
 * @node: a JSON node
 * @pretty: TRUE for indented output (two spaces, one member per line), FALSE for compact
 *
 * Serialises @node in JsonGenerator's layout, except that an empty object or array is always "{}"
 * or "[]" and a double with an exponent is written as valid JSON ("1e+22", not JsonGenerator's
 * "1e+22.0"). Strings are written as UTF-8; only control characters are \u-escaped. What it
 * writes, ep_json_decode() reads back to the same tree (unless the tree holds text the decoder
 * refuses: a control character other than tab and newline).
 *
 * Returns: (transfer full): the JSON text without a trailing newline, free with g_free().
 *   Never fails for a non-NULL @node.
 */
gchar *ep_json_to_string (JsonNode *node, gboolean pretty) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
