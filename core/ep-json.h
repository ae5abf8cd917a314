/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-json.h — parsing and writing JSON documents with json-glib.
 *
 * The codecs in intake/ and plans/ and the handlers in api/ read request bodies with
 * ep_json_parse() and write responses with ep_json_to_string(), so every JSON error has one
 * domain and code and one message format. json-glib already provides g_autoptr() for JsonNode,
 * JsonObject, JsonArray, JsonBuilder, JsonParser and JsonGenerator; nothing is redefined here.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * ep_json_parse:
 * @text: (array length=len): the JSON text, UTF-8
 * @len: length of @text in bytes, or -1 if @text is NUL-terminated
 * @error: return location for a GError, or NULL
 *
 * Parses one JSON document (RFC 8259: any value at the top level, surrounded by optional
 * whitespace). Empty or whitespace-only text is not a document. json-glib 1.6 also lets a few
 * extensions through (comments, single-quoted strings, hexadecimal and ".5" numbers); callers
 * must not rely on them, and validation of the document's content stays with the codec.
 *
 * Returns: (transfer full): the root node, a mutable tree; free with json_node_unref() or
 *   g_autoptr(JsonNode). NULL with EP_CORE_ERROR_INVALID_JSON otherwise, the message
 *   "invalid JSON: " followed by json-glib's "<data>:LINE:COLUMN: Parse error: unexpected …"
 *   text, in which the unexpected token is named only by its kind ("unexpected number", not the
 *   number: it could be personal data such as a BSN; a single unexpected character is kept), or
 *   "invalid JSON: empty document".
 */
JsonNode *ep_json_parse (const gchar *text, gssize len, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_json_to_string:
 * @node: a JSON node
 * @pretty: TRUE for indented output (two spaces, one member per line), FALSE for compact
 *
 * Serialises @node (json-glib's JsonGenerator). Strings are written as UTF-8, not \u-escaped.
 *
 * Returns: (transfer full): the JSON text without a trailing newline, free with g_free().
 *   Never fails for a non-NULL @node.
 */
gchar *ep_json_to_string (JsonNode *node, gboolean pretty) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
