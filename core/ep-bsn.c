/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-bsn.c — BSN validation (elfproef), test range, keyed pseudonym and display mask.
 *
 * See ep-bsn.h for the rules. Everything that holds a BSN's digits in a temporary buffer wipes
 * it before returning, and no error message includes them.
 */
#include "ep-bsn.h"

#include "ep-core-error.h"
#include "ep-crypto.h"

#include <string.h>

#include <openssl/crypto.h>

#define BSN_LEN 9
#define PSEUDONYM_PREFIX "bsn:"

/* TRUE if @s is exactly nine ASCII digits. */
static gboolean
is_bsn9 (const gchar *s)
{
  if (s == NULL)
    return FALSE;
  for (gsize i = 0; i < BSN_LEN; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return s[BSN_LEN] == '\0';
}

/* The elfproef on nine digits: weights 9..2 and −1, sum divisible by 11, not all zeros. */
static gboolean
passes_elfproef (const gchar *bsn9)
{
  static const gint weights[BSN_LEN] = { 9, 8, 7, 6, 5, 4, 3, 2, -1 };
  gint sum = 0;

  if (strcmp (bsn9, "000000000") == 0)
    return FALSE;
  for (gsize i = 0; i < BSN_LEN; i++)
    sum += weights[i] * (bsn9[i] - '0');
  return sum % 11 == 0;
}

gboolean
ep_bsn_parse (const gchar *text, EpBsnFlags flags, gchar out[10], GError **error)
{
  const gchar *start = text;
  const gchar *end = NULL;
  gsize n_digits = 0;

  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  out[0] = '\0';
  if (text == NULL)
    {
      g_set_error_literal (error, EP_CORE_ERROR, EP_CORE_ERROR_BSN_LENGTH, "BSN is missing");
      return FALSE;
    }

  while (g_ascii_isspace (*start))
    start++;
  end = start + strlen (start);
  while (end > start && g_ascii_isspace (end[-1]))
    end--;

  for (const gchar *p = start; p < end; p++)
    {
      if (!g_ascii_isdigit (*p))
        {
          g_set_error (error, EP_CORE_ERROR, EP_CORE_ERROR_BSN_CHARACTER,
                       "BSN may contain only the digits 0-9, but character %" G_GSIZE_FORMAT
                       " is not a digit",
                       (gsize) (p - start) + 1);
          return FALSE;
        }
    }

  n_digits = (gsize) (end - start);
  if (n_digits != BSN_LEN && n_digits != BSN_LEN - 1)
    {
      if (n_digits == 0)
        g_set_error_literal (error, EP_CORE_ERROR, EP_CORE_ERROR_BSN_LENGTH, "BSN is empty");
      else
        g_set_error (
          error, EP_CORE_ERROR, EP_CORE_ERROR_BSN_LENGTH,
          "BSN must have 9 digits (or 8 without the leading zero), but has %" G_GSIZE_FORMAT,
          n_digits);
      return FALSE;
    }

  if (n_digits == BSN_LEN - 1)
    {
      out[0] = '0';
      memcpy (out + 1, start, n_digits);
    }
  else
    memcpy (out, start, n_digits);
  out[BSN_LEN] = '\0';

  if (!passes_elfproef (out))
    {
      if (strcmp (out, "000000000") == 0)
        g_set_error_literal (error, EP_CORE_ERROR, EP_CORE_ERROR_BSN_ELFPROEF,
                             "BSN may not be all zeros");
      else
        g_set_error_literal (error, EP_CORE_ERROR, EP_CORE_ERROR_BSN_ELFPROEF,
                             "BSN fails the elfproef (weighted digit sum is not divisible by 11)");
      OPENSSL_cleanse (out, BSN_LEN + 1);
      out[0] = '\0';
      return FALSE;
    }

  if ((flags & EP_BSN_REJECT_TEST_RANGE) != 0 && ep_bsn_is_test_number (out))
    {
      g_set_error_literal (error, EP_CORE_ERROR, EP_CORE_ERROR_BSN_TEST_RANGE,
                           "BSN is a test number (range " EP_BSN_TEST_FIRST "-" EP_BSN_TEST_LAST
                           "), which is not accepted here");
      OPENSSL_cleanse (out, BSN_LEN + 1);
      out[0] = '\0';
      return FALSE;
    }

  return TRUE;
}

gboolean
ep_bsn_is_test_number (const gchar *bsn9)
{
  g_return_val_if_fail (is_bsn9 (bsn9), FALSE);

  /* Nine-digit strings order like the numbers they spell. */
  return strcmp (bsn9, EP_BSN_TEST_FIRST) >= 0 && strcmp (bsn9, EP_BSN_TEST_LAST) <= 0;
}

gchar *
ep_bsn_pseudonym (const gchar *bsn9, const guint8 *key, gsize key_len, GError **error)
{
  guint8 message[sizeof PSEUDONYM_PREFIX - 1 + BSN_LEN];
  guint8 tag[EP_SHA256_LEN];
  gboolean ok = FALSE;
  gchar *hex = NULL;

  g_return_val_if_fail (is_bsn9 (bsn9), NULL);
  g_return_val_if_fail (key != NULL || key_len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (key_len < EP_BSN_PSEUDONYM_MIN_KEY_LEN)
    {
      g_set_error (error, EP_CORE_ERROR, EP_CORE_ERROR_CRYPTO,
                   "BSN pseudonym key must be at least %d bytes, but has %" G_GSIZE_FORMAT,
                   EP_BSN_PSEUDONYM_MIN_KEY_LEN, key_len);
      return NULL;
    }

  memcpy (message, PSEUDONYM_PREFIX, sizeof PSEUDONYM_PREFIX - 1);
  memcpy (message + sizeof PSEUDONYM_PREFIX - 1, bsn9, BSN_LEN);
  ok = ep_hmac_sha256 (key, key_len, message, sizeof message, tag, error);
  OPENSSL_cleanse (message, sizeof message);
  if (!ok)
    return NULL;

  hex = ep_hex_encode (tag, sizeof tag);
  OPENSSL_cleanse (tag, sizeof tag);
  return hex;
}

gchar *
ep_bsn_mask (const gchar *bsn9)
{
  g_return_val_if_fail (is_bsn9 (bsn9), NULL);

  return g_strconcat ("******", bsn9 + BSN_LEN - 3, NULL);
}
