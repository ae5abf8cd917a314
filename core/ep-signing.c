/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-signing.c: Ed25519 through OpenSSL 3's EVP_PKEY and EVP_DigestSign
 * (Ed25519 signs the message itself, so no digest is named).
 */
#include "ep-signing.h"

#include "ep-core-error.h"
#include "ep-crypto.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

struct _EpSigningKey
{
  EVP_PKEY *pkey;
  gboolean has_private;
};

static void
set_crypto_error (GError **error, const gchar *what)
{
  unsigned long code = ERR_get_error ();
  gchar reason[256] = "";
  if (code != 0)
    ERR_error_string_n (code, reason, sizeof reason);
  ERR_clear_error ();
  g_set_error (error, EP_CORE_ERROR, EP_CORE_ERROR_CRYPTO, "%s%s%s", what, *reason ? ": " : "",
               reason);
}

static EpSigningKey *
wrap (EVP_PKEY *pkey, gboolean has_private)
{
  EpSigningKey *key = g_new0 (EpSigningKey, 1);
  key->pkey = pkey;
  key->has_private = has_private;
  return key;
}

EpSigningKey *
ep_signing_key_generate (GError **error)
{
  EVP_PKEY *pkey = EVP_PKEY_Q_keygen (NULL, NULL, "ED25519");
  if (pkey == NULL)
    {
      set_crypto_error (error, "cannot generate an Ed25519 key");
      return NULL;
    }
  return wrap (pkey, TRUE);
}

EpSigningKey *
ep_signing_key_from_pem (const gchar *pem, gsize len, GError **error)
{
  g_return_val_if_fail (pem != NULL, NULL);

  gboolean has_private = TRUE;
  BIO *bio = BIO_new_mem_buf (pem, (int) len);
  EVP_PKEY *pkey = PEM_read_bio_PrivateKey (bio, NULL, NULL, NULL);
  if (pkey == NULL)
    {
      ERR_clear_error ();
      BIO_free (bio);
      bio = BIO_new_mem_buf (pem, (int) len);
      pkey = PEM_read_bio_PUBKEY (bio, NULL, NULL, NULL);
      has_private = FALSE;
    }
  BIO_free (bio);

  if (pkey == NULL)
    {
      set_crypto_error (error, "not a PEM key");
      return NULL;
    }
  if (!EVP_PKEY_is_a (pkey, "ED25519"))
    {
      EVP_PKEY_free (pkey);
      g_set_error_literal (error, EP_CORE_ERROR, EP_CORE_ERROR_CRYPTO, "the key is not Ed25519");
      return NULL;
    }
  return wrap (pkey, has_private);
}

void
ep_signing_key_free (EpSigningKey *key)
{
  if (key == NULL)
    return;
  EVP_PKEY_free (key->pkey);
  g_free (key);
}

gboolean
ep_signing_key_can_sign (const EpSigningKey *key)
{
  return key != NULL && key->has_private;
}

gchar *
ep_signing_key_id (const EpSigningKey *key)
{
  g_return_val_if_fail (key != NULL, NULL);

  guint8 raw[32];
  size_t raw_len = sizeof raw;
  if (EVP_PKEY_get_raw_public_key (key->pkey, raw, &raw_len) != 1)
    g_error ("an Ed25519 key without a public key");
  guint8 digest[32];
  ep_sha256 (raw, raw_len, digest);
  g_autofree gchar *hex = ep_hex_encode (digest, sizeof digest);
  return g_strndup (hex, 16);
}

gchar *
ep_signing_key_to_pem (const EpSigningKey *key, gboolean private_part, GError **error)
{
  g_return_val_if_fail (key != NULL, NULL);

  if (private_part && !key->has_private)
    {
      g_set_error_literal (error, EP_CORE_ERROR, EP_CORE_ERROR_CRYPTO,
                           "this is a public key: it has no private part");
      return NULL;
    }

  BIO *bio = BIO_new (BIO_s_mem ());
  int ok = private_part ? PEM_write_bio_PrivateKey (bio, key->pkey, NULL, NULL, 0, NULL, NULL)
                        : PEM_write_bio_PUBKEY (bio, key->pkey);
  if (ok != 1)
    {
      BIO_free (bio);
      set_crypto_error (error, "cannot write the key as PEM");
      return NULL;
    }
  char *data = NULL;
  long len = BIO_get_mem_data (bio, &data);
  gchar *pem = g_strndup (data, (gsize) len);
  BIO_free (bio);
  return pem;
}

gboolean
ep_signing_key_sign (const EpSigningKey *key, GBytes *message, guint8 signature[EP_SIGNATURE_LEN],
                     GError **error)
{
  g_return_val_if_fail (key != NULL && message != NULL, FALSE);

  if (!key->has_private)
    {
      g_set_error_literal (error, EP_CORE_ERROR, EP_CORE_ERROR_CRYPTO, "a public key cannot sign");
      return FALSE;
    }

  gsize len = 0;
  const guint8 *data = g_bytes_get_data (message, &len);
  size_t sig_len = EP_SIGNATURE_LEN;
  EVP_MD_CTX *ctx = EVP_MD_CTX_new ();
  gboolean ok
    = ctx != NULL && EVP_DigestSignInit_ex (ctx, NULL, NULL, NULL, NULL, key->pkey, NULL) == 1
      && EVP_DigestSign (ctx, signature, &sig_len, data, len) == 1 && sig_len == EP_SIGNATURE_LEN;
  EVP_MD_CTX_free (ctx);
  if (!ok)
    set_crypto_error (error, "cannot sign");
  return ok;
}

gboolean
ep_signing_key_verify (const EpSigningKey *key, GBytes *message, const guint8 *signature,
                       gsize signature_len)
{
  g_return_val_if_fail (key != NULL && message != NULL, FALSE);

  if (signature == NULL || signature_len != EP_SIGNATURE_LEN)
    return FALSE;

  gsize len = 0;
  const guint8 *data = g_bytes_get_data (message, &len);
  EVP_MD_CTX *ctx = EVP_MD_CTX_new ();
  gboolean ok = ctx != NULL
                && EVP_DigestVerifyInit_ex (ctx, NULL, NULL, NULL, NULL, key->pkey, NULL) == 1
                && EVP_DigestVerify (ctx, signature, signature_len, data, len) == 1;
  EVP_MD_CTX_free (ctx);
  ERR_clear_error ();
  return ok;
}
