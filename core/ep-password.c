/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-password.c — PBKDF2-HMAC-SHA256 password hashes (see ep-password.h).
 */
#include "ep-password.h"

#include "ep-core-error.h"
#include "ep-crypto.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

#define SALT_BYTES 16
#define HASH_BYTES 32
#define SCHEME "pbkdf2-sha256"

static gboolean
derive (const gchar *password, const guint8 *salt, gsize salt_len, guint iterations,
        guint8 out[HASH_BYTES])
{
  return PKCS5_PBKDF2_HMAC (password, (int) strlen (password), salt, (int) salt_len,
                            (int) iterations, EVP_sha256 (), HASH_BYTES, out)
         == 1;
}

gchar *
ep_password_hash (const gchar *password, GError **error)
{
  guint8 salt[SALT_BYTES], hash[HASH_BYTES];
  g_return_val_if_fail (password != NULL, NULL);
  if (!ep_random_bytes (salt, sizeof salt, error))
    return NULL;
  if (!derive (password, salt, sizeof salt, EP_PASSWORD_ITERATIONS, hash))
    {
      g_set_error_literal (error, EP_CORE_ERROR, EP_CORE_ERROR_CRYPTO, "PBKDF2 failed");
      return NULL;
    }
  g_autofree gchar *salt_text = g_base64_encode (salt, sizeof salt);
  g_autofree gchar *hash_text = g_base64_encode (hash, sizeof hash);
  memset (hash, 0, sizeof hash);
  return g_strdup_printf (SCHEME "$%u$%s$%s", EP_PASSWORD_ITERATIONS, salt_text, hash_text);
}

/* The parts of @stored: its iterations, salt and hash; FALSE when it is not ours. */
static gboolean
parse (const gchar *stored, guint *iterations, GBytes **salt, GBytes **hash)
{
  g_auto (GStrv) parts = g_strsplit (stored, "$", -1);
  guint64 n = 0;
  if (g_strv_length (parts) != 4 || strcmp (parts[0], SCHEME) != 0
      || !g_ascii_string_to_unsigned (parts[1], 10, 1000, 100000000, &n, NULL))
    return FALSE;
  gsize salt_len = 0, hash_len = 0;
  guchar *salt_data = g_base64_decode (parts[2], &salt_len);
  guchar *hash_data = g_base64_decode (parts[3], &hash_len);
  if (salt_len < 4 || hash_len != HASH_BYTES)
    {
      g_free (salt_data);
      g_free (hash_data);
      return FALSE;
    }
  *iterations = (guint) n;
  *salt = g_bytes_new_take (salt_data, salt_len);
  *hash = g_bytes_new_take (hash_data, hash_len);
  return TRUE;
}

gboolean
ep_password_verify (const gchar *password, const gchar *stored)
{
  /* A user who does not exist costs the same: this hash matches no password we issue. */
  static const gchar absent[]
    = SCHEME "$600000$ZWVucGxhbi1uby11c2Vy$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
  g_return_val_if_fail (password != NULL, FALSE);

  guint iterations = 0;
  g_autoptr (GBytes) salt = NULL, hash = NULL;
  gboolean known = stored != NULL && parse (stored, &iterations, &salt, &hash);
  if (!known && !parse (absent, &iterations, &salt, &hash))
    return FALSE;
  guint8 derived[HASH_BYTES];
  gsize salt_len = 0;
  const guint8 *salt_data = g_bytes_get_data (salt, &salt_len);
  gboolean ok = derive (password, salt_data, salt_len, iterations, derived)
                && ep_crypto_equal (derived, g_bytes_get_data (hash, NULL), HASH_BYTES);
  memset (derived, 0, sizeof derived);
  return ok && known;
}

gboolean
ep_password_needs_rehash (const gchar *stored)
{
  guint iterations = 0;
  g_autoptr (GBytes) salt = NULL, hash = NULL;
  return stored == NULL || !parse (stored, &iterations, &salt, &hash)
         || iterations != EP_PASSWORD_ITERATIONS;
}
