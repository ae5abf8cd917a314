/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-password.h — password hashes: PBKDF2-HMAC-SHA256 with 600,000 iterations and a 16-byte
 * random salt (OpenSSL 3), stored as one self-describing text so that the cost can be raised
 * later without losing the users who signed up before:
 *
 *   pbkdf2-sha256$600000$<salt, base64>$<hash, base64>
 *
 * PBKDF2 rather than scrypt: with the same protection per guess it needs no 128 MiB per hash,
 * so a burst of sign-ins cannot push the server's memory up (docs/security.md). Hashing takes
 * about a third of a second of CPU by design; callers run it off the main loop.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define EP_PASSWORD_ITERATIONS 600000
/* The shortest password accepted (characters), as NIST SP 800-63B asks of passwords a user
 * chooses; and the longest, so that hashing cannot be made to take arbitrarily long. */
#define EP_PASSWORD_MIN_LENGTH 12
#define EP_PASSWORD_MAX_LENGTH 256

/**
 * ep_password_hash:
 * @password: the password, UTF-8
 *
 * Returns: (transfer full): the stored form of @password with a new salt; NULL with
 *   EP_CORE_ERROR_CRYPTO when no random salt can be had.
 */
gchar *ep_password_hash (const gchar *password, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_password_verify:
 * @password: the password given
 * @stored: (nullable): a stored form from ep_password_hash(); NULL when there is no such user,
 *   in which case the same work is done against a fixed hash, so that the answer takes as long
 *   as for a real user
 *
 * Returns: TRUE only when @stored is non-NULL and @password matches it (compared in constant
 *   time). A malformed @stored never matches.
 */
gboolean ep_password_verify (const gchar *password, const gchar *stored);

/**
 * ep_password_needs_rehash:
 *
 * Returns: TRUE when @stored was made with other parameters than today's, so that it is worth
 *   hashing the password again after a successful sign-in.
 */
gboolean ep_password_needs_rehash (const gchar *stored);

G_END_DECLS
