/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-bsn.h — the Dutch citizen service number (burgerservicenummer, BSN).
 *
 * A BSN is personal data. It is validated here once (ep_bsn_parse: 8 or 9 digits, elfproef),
 * stored and looked up through a keyed pseudonym (ep_bsn_pseudonym), and shown masked
 * (ep_bsn_mask). No message produced here ever contains a BSN's digits, so errors may reach logs.
 * Throughout, "bsn9" means the canonical form ep_bsn_parse() produces: exactly nine ASCII digits.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * EP_BSN_TEST_FIRST:
 *
 * First number of the official range of test BSNs (inclusive), as a bsn9 string.
 */
#define EP_BSN_TEST_FIRST "999900006"

/**
 * EP_BSN_TEST_LAST:
 *
 * Last number of the official range of test BSNs (inclusive), as a bsn9 string.
 */
#define EP_BSN_TEST_LAST "999999990"

/**
 * EP_BSN_PSEUDONYM_MIN_KEY_LEN:
 *
 * Shortest key, in bytes, that ep_bsn_pseudonym() accepts.
 */
#define EP_BSN_PSEUDONYM_MIN_KEY_LEN 16

/**
 * EpBsnFlags:
 * @EP_BSN_NONE: accept every number that passes the elfproef, test numbers included.
 * @EP_BSN_REJECT_TEST_RANGE: refuse numbers in EP_BSN_TEST_FIRST..EP_BSN_TEST_LAST (a
 *   production setting).
 *
 * Options for ep_bsn_parse().
 */
typedef enum
{
  EP_BSN_NONE = 0,
  EP_BSN_REJECT_TEST_RANGE = 1 << 0,
} EpBsnFlags;

/**
 * ep_bsn_parse:
 * @text: (nullable): the BSN as entered; NULL counts as missing
 * @flags: EpBsnFlags
 * @out: (out caller-allocates): receives the canonical nine digits and a NUL
 * @error: return location for a GError, or NULL
 *
 * Validates a BSN and writes its canonical nine-digit form to @out. ASCII whitespace around the
 * number is ignored; anything else must be 8 or 9 ASCII digits (8 digits get a leading zero).
 * Checks, in this order, each failing with an EP_CORE_ERROR code:
 *
 * - any character inside that is not 0–9 (letters, dots, spaces, dashes, non-ASCII digits):
 *   EP_CORE_ERROR_BSN_CHARACTER;
 * - NULL, empty, or a digit count other than 8 or 9: EP_CORE_ERROR_BSN_LENGTH;
 * - elfproef: with digits d1..d9, 9·d1 + 8·d2 + 7·d3 + 6·d4 + 5·d5 + 4·d6 + 3·d7 + 2·d8 − d9 must
 *   be divisible by 11, and the number must not be 000000000: EP_CORE_ERROR_BSN_ELFPROEF;
 * - with EP_BSN_REJECT_TEST_RANGE, a number in 999900006–999999990: EP_CORE_ERROR_BSN_TEST_RANGE.
 *
 * Messages name the problem but never the digits.
 *
 * Returns: TRUE with @out holding the nine digits; FALSE with @error set and @out set to the
 *   empty string.
 */
gboolean ep_bsn_parse (const gchar *text, EpBsnFlags flags, gchar out[10],
                       GError **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_bsn_is_test_number:
 * @bsn9: a canonical BSN (nine ASCII digits), as from ep_bsn_parse()
 *
 * Returns: TRUE if @bsn9 lies in the official test range 999900006–999999990 (inclusive),
 *   FALSE otherwise. Does not check the elfproef. Passing anything but nine digits is a
 *   programmer error (critical warning, returns FALSE).
 */
gboolean ep_bsn_is_test_number (const gchar *bsn9);

/**
 * ep_bsn_pseudonym:
 * @bsn9: a canonical BSN (nine ASCII digits), as from ep_bsn_parse()
 * @key: (array length=key_len): the installation's secret pseudonym key
 * @key_len: length of @key in bytes; at least EP_BSN_PSEUDONYM_MIN_KEY_LEN (16)
 * @error: return location for a GError, or NULL
 *
 * Computes the pseudonym under which a BSN is stored and looked up:
 *
 *     hex (HMAC-SHA256 (key, "bsn:" ‖ bsn9))
 *
 * that is HMAC-SHA256 keyed with @key over the 13 ASCII bytes "bsn:" followed by the nine digits
 * (no NUL, no newline), written as 64 lowercase hexadecimal characters. For example
 * `printf 'bsn:123456782' | openssl dgst -sha256 -hmac KEY` gives the same value. The same key
 * must be used for the life of the data: changing it makes every stored pseudonym unfindable.
 *
 * Returns: (transfer full): the 64-character pseudonym, free with g_free(); NULL with
 *   EP_CORE_ERROR_CRYPTO if @key_len is below 16 or OpenSSL fails. Passing anything but nine
 *   digits as @bsn9 is a programmer error (critical warning, returns NULL).
 */
gchar *ep_bsn_pseudonym (const gchar *bsn9, const guint8 *key, gsize key_len,
                         GError **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_bsn_mask:
 * @bsn9: a canonical BSN (nine ASCII digits), as from ep_bsn_parse()
 *
 * Makes the display form that shows only the last three digits: "******782" for 123456782
 * (six asterisks and the last three digits).
 *
 * Returns: (transfer full): the nine-character masked form, free with g_free(). Passing anything
 *   but nine digits is a programmer error (critical warning, returns NULL).
 */
gchar *ep_bsn_mask (const gchar *bsn9) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
