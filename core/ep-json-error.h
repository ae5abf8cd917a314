/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-json-error.h — why ep_json_decode() (ep-json.h) refused a document, as a code, a Dutch
 * message and the facts beside it; and the limits it reads with. Kept apart from ep-json.h,
 * which includes json-glib, because jansson's header and json-glib's cannot meet in one file.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * EP_JSON_ERROR:
 *
 * The error domain of a document that ep_json_decode() refuses: `ep-json-error-quark`. The
 * messages are Dutch, for the person who has to fix the document, and never quote a value from
 * it (it could be a BSN). The same facts are data beside the message: ep_json_error_path(),
 * ep_json_error_line(), ep_json_error_column(), ep_json_error_limit().
 */
#define EP_JSON_ERROR (ep_json_error_quark ())

/**
 * EpJsonError:
 * @EP_JSON_ERROR_SYNTAX: not one JSON document (RFC 8259): comments, single quotes, hexadecimal
 *   numbers or leading zeros, invalid escapes, control characters unescaped in text, trailing
 *   data, text that is not UTF-8, an empty document. Line and column say where.
 * @EP_JSON_ERROR_TOO_LARGE: the document is longer than its limit (bytes).
 * @EP_JSON_ERROR_TOO_DEEP: arrays and objects nested deeper than the limit; the path is the
 *   first one too deep.
 * @EP_JSON_ERROR_DUPLICATE_MEMBER: an object names a member twice; the path is the second.
 * @EP_JSON_ERROR_INVALID_TEXT: text (a value or a member's name) that PostgreSQL or a person
 *   cannot keep as given: NUL (\u0000), a C0 control character other than tab and newline, or a
 *   lone surrogate (\uD800 without its pair).
 * @EP_JSON_ERROR_NUMBER_RANGE: a number no 64-bit integer or double holds; refused, not rounded.
 * @EP_JSON_ERROR_NAME_TOO_LONG: a member's name longer than EP_JSON_MAX_NAME characters.
 *
 * The codes of EP_JSON_ERROR. Values are stable (the API's problem types follow them).
 */
typedef enum
{
  EP_JSON_ERROR_SYNTAX = 1,
  EP_JSON_ERROR_TOO_LARGE = 2,
  EP_JSON_ERROR_TOO_DEEP = 3,
  EP_JSON_ERROR_DUPLICATE_MEMBER = 4,
  EP_JSON_ERROR_INVALID_TEXT = 5,
  EP_JSON_ERROR_NUMBER_RANGE = 6,
  EP_JSON_ERROR_NAME_TOO_LONG = 7,
} EpJsonError;

/* Defaults of EpJsonLimits, and the one fixed limit. */
#define EP_JSON_DEFAULT_MAX_BYTES (1024 * 1024)
#define EP_JSON_DEFAULT_MAX_DEPTH 32
#define EP_JSON_MAX_NAME 64

/**
 * EpJsonLimits:
 * @max_bytes: the longest document accepted, in bytes (0: EP_JSON_DEFAULT_MAX_BYTES)
 * @max_depth: the deepest nesting of arrays and objects accepted; a document that is one object
 *   has depth 1 (0: EP_JSON_DEFAULT_MAX_DEPTH; at most 1,000)
 */
typedef struct
{
  gsize max_bytes;
  guint max_depth;
} EpJsonLimits;

/**
 * ep_json_error_path:
 * @error: an EP_JSON_ERROR
 *
 * Returns: (transfer none): the JSON path the error names ("needs[2].description"), "" for the
 *   document as a whole or a syntax error; NULL for an error of another domain.
 */
const gchar *ep_json_error_path (const GError *error);

/**
 * ep_json_error_line:
 * ep_json_error_column:
 *
 * Returns: where a syntax error (or a problem found while reading: a duplicate, a number out of
 *   range, a lone surrogate, nesting too deep) was found: line and column counted from 1, in
 *   characters; 0 when the error has no position.
 */
guint ep_json_error_line (const GError *error);
guint ep_json_error_column (const GError *error);

/**
 * ep_json_error_limit:
 *
 * Returns: the limit a TOO_LARGE, TOO_DEEP or NAME_TOO_LONG error broke; 0 for other errors.
 */
gsize ep_json_error_limit (const GError *error);

GQuark ep_json_error_quark (void);

G_END_DECLS
