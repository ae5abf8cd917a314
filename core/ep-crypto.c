/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-crypto.c — SHA-256, HMAC-SHA256, random bytes and tokens over OpenSSL 3 EVP.
 *
 * Only the OpenSSL 3 interfaces are used (EVP_Digest with the default provider's SHA-256,
 * EVP_MAC "HMAC", RAND_bytes); none of the deprecated SHA256_* / HMAC_* calls. OpenSSL keeps an
 * error queue per thread; every failure path here drains it into the GError so no stale entry
 * is left for an unrelated later call to trip over.
 */
#include "ep-crypto.h"

#include "ep-core-error.h"

#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#define MAX_TOKEN_BYTES 1024

/* Sets EP_CORE_ERROR_CRYPTO "<what> failed: <OpenSSL's reason>" and clears the error queue. */
static void
set_openssl_error (GError **error, const gchar *what)
{
  unsigned long code = ERR_peek_last_error ();
  const char *reason = code != 0 ? ERR_reason_error_string (code) : NULL;

  g_set_error (error, EP_CORE_ERROR, EP_CORE_ERROR_CRYPTO, "%s failed: %s", what,
               reason != NULL ? reason : "no reason given by OpenSSL");
  ERR_clear_error ();
}

void
ep_sha256 (const guint8 *data, gsize len, guint8 out[32])
{
  unsigned int out_len = 0;
  static const guint8 empty[1] = { 0 };

  g_return_if_fail (data != NULL || len == 0);
  g_return_if_fail (out != NULL);

  if (EVP_Digest (data != NULL ? data : empty, len, out, &out_len, EVP_sha256 (), NULL) != 1
      || out_len != EP_SHA256_LEN)
    g_error ("SHA-256 failed in OpenSSL (out of memory?)");
}

gchar *
ep_sha256_hex (const guint8 *data, gsize len)
{
  guint8 digest[EP_SHA256_LEN];

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  ep_sha256 (data, len, digest);
  return ep_hex_encode (digest, sizeof digest);
}

gboolean
ep_hmac_sha256 (const guint8 *key, gsize key_len, const guint8 *data, gsize len, guint8 out[32],
                GError **error)
{
  static const guint8 empty[1] = { 0 };
  EVP_MAC *mac = NULL;
  EVP_MAC_CTX *ctx = NULL;
  size_t out_len = 0;
  gboolean ok = FALSE;
  OSSL_PARAM params[] = {
    OSSL_PARAM_construct_utf8_string (OSSL_MAC_PARAM_DIGEST, (char *) "SHA256", 0),
    OSSL_PARAM_construct_end (),
  };

  g_return_val_if_fail (key != NULL || key_len == 0, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  mac = EVP_MAC_fetch (NULL, "HMAC", NULL);
  if (mac == NULL)
    {
      set_openssl_error (error, "fetching HMAC");
      goto out;
    }
  ctx = EVP_MAC_CTX_new (mac);
  if (ctx == NULL)
    {
      set_openssl_error (error, "creating an HMAC context");
      goto out;
    }
  if (EVP_MAC_init (ctx, key != NULL ? key : empty, key_len, params) != 1
      || EVP_MAC_update (ctx, data != NULL ? data : empty, len) != 1
      || EVP_MAC_final (ctx, out, &out_len, EP_SHA256_LEN) != 1)
    {
      set_openssl_error (error, "HMAC-SHA256");
      goto out;
    }
  if (out_len != EP_SHA256_LEN)
    {
      g_set_error (error, EP_CORE_ERROR, EP_CORE_ERROR_CRYPTO,
                   "HMAC-SHA256 returned %zu bytes instead of %d", out_len, EP_SHA256_LEN);
      goto out;
    }
  ok = TRUE;

out:
  if (!ok)
    memset (out, 0, EP_SHA256_LEN);
  EVP_MAC_CTX_free (ctx); /* also cleanses the key schedule */
  EVP_MAC_free (mac);
  return ok;
}

gboolean
ep_random_bytes (guint8 *buf, gsize n_bytes, GError **error)
{
  g_return_val_if_fail (buf != NULL || n_bytes == 0, FALSE);
  g_return_val_if_fail (n_bytes <= G_MAXINT, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_bytes == 0)
    return TRUE;
  if (RAND_bytes (buf, (int) n_bytes) != 1)
    {
      memset (buf, 0, n_bytes);
      set_openssl_error (error, "generating random bytes");
      return FALSE;
    }
  return TRUE;
}

gchar *
ep_random_token (gsize n_bytes, GError **error)
{
  guint8 raw[MAX_TOKEN_BYTES];
  gchar *token = NULL;
  gsize n = 0;

  g_return_val_if_fail (n_bytes >= 1 && n_bytes <= MAX_TOKEN_BYTES, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!ep_random_bytes (raw, n_bytes, error))
    return NULL;

  /* Standard base64, then the URL-safe alphabet of RFC 4648 §5 and no padding. */
  token = g_base64_encode (raw, n_bytes);
  OPENSSL_cleanse (raw, n_bytes);
  for (gchar *p = token; *p != '\0'; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
    }
  n = strlen (token);
  while (n > 0 && token[n - 1] == '=')
    token[--n] = '\0';
  return token;
}

gchar *
ep_hex_encode (const guint8 *data, gsize len)
{
  static const gchar digits[] = "0123456789abcdef";
  gchar *hex = NULL;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (len < G_MAXSIZE / 2, NULL);

  hex = g_malloc (2 * len + 1);
  for (gsize i = 0; i < len; i++)
    {
      hex[2 * i] = digits[data[i] >> 4];
      hex[2 * i + 1] = digits[data[i] & 0x0f];
    }
  hex[2 * len] = '\0';
  return hex;
}

gboolean
ep_hex_decode (const gchar *hex, guint8 *out, gsize len)
{
  g_return_val_if_fail (out != NULL || len == 0, FALSE);

  if (hex == NULL || strlen (hex) != 2 * len)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      gint hi = g_ascii_xdigit_value (hex[2 * i]);
      gint lo = g_ascii_xdigit_value (hex[2 * i + 1]);
      if (hi < 0 || lo < 0)
        return FALSE;
      out[i] = (guint8) (hi << 4 | lo);
    }
  return TRUE;
}

gboolean
ep_crypto_equal (const guint8 *a, const guint8 *b, gsize len)
{
  g_return_val_if_fail (a != NULL || len == 0, FALSE);
  g_return_val_if_fail (b != NULL || len == 0, FALSE);

  if (len == 0)
    return TRUE;
  return CRYPTO_memcmp (a, b, len) == 0;
}
