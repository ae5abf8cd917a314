/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-crypto.h — hashing, HMAC, random bytes and tokens, hex encoding.
 *
 * Thin wrappers over OpenSSL 3's EVP interfaces (EVP_Digest, EVP_MAC, RAND_bytes) in GLib
 * conventions. db/ uses ep_sha256_hex() for migration checksums and the SHA-256 audit chain,
 * ep-bsn.c uses ep_hmac_sha256() for BSN pseudonyms, ep-uuid.c uses ep_random_bytes(), and api/
 * uses ep_random_token() for session tokens. No state is kept between calls.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * EP_SHA256_LEN:
 *
 * Length in bytes of a SHA-256 digest and of an HMAC-SHA256 tag.
 */
#define EP_SHA256_LEN 32

/**
 * ep_sha256:
 * @data: (array length=len) (nullable): the bytes to hash; may be NULL only when @len is 0
 * @len: number of bytes in @data
 * @out: (out caller-allocates): receives the 32-byte digest
 *
 * Computes SHA-256 of @data into @out.
 *
 * SHA-256 from OpenSSL's default provider fails only when memory is exhausted; like g_malloc(),
 * this function then aborts the process rather than hand back a digest that is not one.
 */
void ep_sha256 (const guint8 *data, gsize len, guint8 out[32]);

/**
 * ep_sha256_hex:
 * @data: (array length=len) (nullable): the bytes to hash; may be NULL only when @len is 0
 * @len: number of bytes in @data
 *
 * Computes SHA-256 of @data as text.
 *
 * Returns: (transfer full): 64 lowercase hexadecimal characters; free with g_free(). Aborts on
 *   the same condition as ep_sha256().
 */
gchar *ep_sha256_hex (const guint8 *data, gsize len) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_hmac_sha256:
 * @key: (array length=key_len) (nullable): the secret key; may be NULL only when @key_len is 0
 * @key_len: number of bytes in @key
 * @data: (array length=len) (nullable): the message; may be NULL only when @len is 0
 * @len: number of bytes in @data
 * @out: (out caller-allocates): receives the 32-byte tag
 * @error: return location for a GError, or NULL
 *
 * Computes HMAC-SHA256 (RFC 2104) of @data under @key with OpenSSL's EVP_MAC "HMAC" and digest
 * "SHA256". No minimum key length is imposed here; callers that need one check it themselves
 * (see ep_bsn_pseudonym()).
 *
 * Returns: TRUE and fills @out on success; FALSE with EP_CORE_ERROR_CRYPTO (naming OpenSSL's
 *   reason) if OpenSSL fails, in which case @out is zeroed.
 */
gboolean ep_hmac_sha256 (const guint8 *key, gsize key_len, const guint8 *data, gsize len,
                         guint8 out[32], GError **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_random_bytes:
 * @buf: (out caller-allocates) (array length=n_bytes): receives the random bytes
 * @n_bytes: how many bytes to fill; at most G_MAXINT
 * @error: return location for a GError, or NULL
 *
 * Fills @buf from OpenSSL's cryptographically secure generator (RAND_bytes).
 *
 * Returns: TRUE on success; FALSE with EP_CORE_ERROR_CRYPTO if the generator fails (for example
 *   when it cannot be seeded), in which case @buf is zeroed.
 */
gboolean ep_random_bytes (guint8 *buf, gsize n_bytes, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_random_token:
 * @n_bytes: how many random bytes the token carries; 1 to 1024 (32 is a good session token)
 * @error: return location for a GError, or NULL
 *
 * Makes an unguessable token: @n_bytes from ep_random_bytes(), encoded as base64url (RFC 4648 §5,
 * alphabet A–Z a–z 0–9 '-' '_') without '=' padding, so it is safe in URLs, cookies and headers.
 * The token is ceil(4 × @n_bytes / 3) characters long (43 for 32 bytes).
 *
 * Returns: (transfer full): the token, free with g_free(); NULL with EP_CORE_ERROR_CRYPTO if the
 *   generator fails.
 */
gchar *ep_random_token (gsize n_bytes, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_hex_encode:
 * @data: (array length=len) (nullable): the bytes; may be NULL only when @len is 0
 * @len: number of bytes in @data
 *
 * Returns: (transfer full): @data as 2 × @len lowercase hexadecimal characters ("" for no
 *   bytes); free with g_free(). Never fails.
 */
gchar *ep_hex_encode (const guint8 *data, gsize len) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_hex_decode:
 * @hex: exactly 2 × @len hexadecimal characters (either case), NUL-terminated
 * @out: (array length=len): where the bytes go
 *
 * The inverse of ep_hex_encode().
 *
 * Returns: TRUE with @out filled; FALSE (and @out unspecified) when @hex has
 *   another length or a character that is not a hex digit.
 */
gboolean ep_hex_decode (const gchar *hex, guint8 *out, gsize len);

/**
 * ep_crypto_equal:
 * @a: (array length=len): first buffer
 * @b: (array length=len): second buffer
 * @len: number of bytes to compare
 *
 * Compares two secrets (tokens, tags, hashes) in time that depends only on @len, not on where
 * they differ (OpenSSL CRYPTO_memcmp), so comparing does not leak the secret through timing.
 *
 * Returns: TRUE if the @len bytes are equal (always TRUE when @len is 0). Never fails.
 */
gboolean ep_crypto_equal (const guint8 *a, const guint8 *b, gsize len);

G_END_DECLS
