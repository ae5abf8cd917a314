/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-uuid.h — identifiers: new UUIDs (version 7) and validation of UUID text.
 *
 * Every entity gets a UUIDv7 (RFC 9562): its first 48 bits are the creation time in Unix
 * milliseconds, so ids made later sort later and new rows land at the end of a B-tree index
 * instead of all over it. The rest is random, from OpenSSL's generator.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * EP_UUID_STRING_LEN:
 *
 * Length of a UUID in canonical text form, without the NUL (36).
 */
#define EP_UUID_STRING_LEN 36

/**
 * ep_uuid_new:
 * @error: return location for a GError, or NULL
 *
 * Makes a new UUID version 7 (RFC 9562 §5.7): bits 0–47 the current Unix time in milliseconds
 * (big-endian), version nibble 0111, 12 random bits, variant bits 10, 62 random bits; random bits
 * from RAND_bytes. Ids made in the same millisecond share the prefix and are ordered randomly
 * among themselves.
 *
 * Returns: (transfer full): the UUID in canonical lowercase form (36 characters, 8-4-4-4-12),
 *   free with g_free(); or NULL with EP_CORE_ERROR_CRYPTO when OpenSSL's generator fails: an
 *   id built from a failed generator is never issued, and the caller's operation fails instead
 *   of the process.
 */
gchar *ep_uuid_new (GError **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_uuid_validate:
 * @text: (nullable): text that should be a UUID; NULL counts as missing
 * @error: return location for a GError, or NULL
 *
 * Checks that @text is a UUID in the canonical text form: 36 characters, hexadecimal digits in
 * groups 8-4-4-4-12 separated by '-', in lower or upper case. Any version and variant is
 * accepted (ids imported from elsewhere are often v4). No braces, "urn:uuid:", or whitespace.
 *
 * Returns: TRUE if valid; FALSE with EP_CORE_ERROR_INVALID_UUID naming the problem (length, or
 *   the 1-based position of the offending character) otherwise. Messages do not repeat @text.
 */
gboolean ep_uuid_validate (const gchar *text, GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
