/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-signing.h: Ed25519 keys for signed audit checkpoints (OpenSSL 3).
 *
 * The server holds the private key (from configuration) and signs chain
 * heads; an auditor needs only the public key to check them. Keys travel as
 * PEM text (PKCS#8 for the private key, SubjectPublicKeyInfo for the public
 * one), the forms `openssl genpkey -algorithm ed25519` and `openssl pkey
 * -pubout` read and write. No I/O here: callers read and write the files.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define EP_SIGNATURE_LEN 64

typedef struct _EpSigningKey EpSigningKey;

/**
 * ep_signing_key_generate:
 * Returns: (transfer full): a new private key, or NULL with EP_CORE_ERROR_CRYPTO.
 */
EpSigningKey *ep_signing_key_generate (GError **error);

/**
 * ep_signing_key_from_pem:
 * @pem: an Ed25519 private or public key in PEM form
 *
 * Returns: (transfer full): the key, or NULL with EP_CORE_ERROR_CRYPTO when
 * @pem is not an Ed25519 key.
 */
EpSigningKey *ep_signing_key_from_pem (const gchar *pem, gsize len, GError **error);

void ep_signing_key_free (EpSigningKey *key);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EpSigningKey, ep_signing_key_free)

/* Returns: TRUE when @key can sign (holds the private half). */
gboolean ep_signing_key_can_sign (const EpSigningKey *key);

/**
 * ep_signing_key_id:
 * Returns: (transfer full): a short name of the public key: the first 16 hex
 * digits of the SHA-256 of its 32 raw bytes.
 */
gchar *ep_signing_key_id (const EpSigningKey *key);

/**
 * ep_signing_key_to_pem:
 * @private_part: TRUE for the private key (PKCS#8), FALSE for the public key
 * Returns: (transfer full): PEM text, or NULL with EP_CORE_ERROR_CRYPTO (also
 * when the private part is asked of a public key).
 */
gchar *ep_signing_key_to_pem (const EpSigningKey *key, gboolean private_part, GError **error);

/**
 * ep_signing_key_sign:
 * Returns: TRUE with the signature in @signature, or FALSE with
 * EP_CORE_ERROR_CRYPTO (a public key cannot sign).
 */
gboolean ep_signing_key_sign (const EpSigningKey *key, GBytes *message,
                              guint8 signature[EP_SIGNATURE_LEN], GError **error);

/**
 * ep_signing_key_verify:
 * Returns: TRUE when @signature is @key's signature of @message.
 */
gboolean ep_signing_key_verify (const EpSigningKey *key, GBytes *message, const guint8 *signature,
                                gsize signature_len);

G_END_DECLS
