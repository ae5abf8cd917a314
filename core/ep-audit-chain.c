/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-audit-chain.c: canonical bytes and chained SHA-256 for the audit trail.
 */
#include "ep-audit-chain.h"

#include "ep-core-error.h"
#include "ep-crypto.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <string.h>

struct _EpAuditHasher
{
  EVP_MD *sha256;
  EVP_MD_CTX *ctx;
};

static void
append_length (GByteArray *out, guint32 len)
{
  guint8 be[4] = { len >> 24, (len >> 16) & 0xff, (len >> 8) & 0xff, len & 0xff };
  g_byte_array_append (out, be, sizeof be);
}

static void
append_field (GByteArray *out, const gchar *data, gint len)
{
  if (len < 0)
    {
      append_length (out, 0xffffffffu);
      return;
    }
  append_length (out, (guint32) len);
  g_byte_array_append (out, (const guint8 *) data, (guint) len);
}

void
ep_audit_canonical (const EpAuditValue values[EP_AUDIT_N_FIELDS], GByteArray *out)
{
  g_return_if_fail (values != NULL && out != NULL);

  g_byte_array_set_size (out, 0);
  g_byte_array_append (out, (const guint8 *) "EPA1", 4);
  for (gsize i = 0; i < EP_AUDIT_N_FIELDS; i++)
    append_field (out, values[i].data, values[i].len);
}

gboolean
ep_audit_canonical_parse (const guint8 *canonical, gsize len,
                          EpAuditValue values[EP_AUDIT_N_FIELDS])
{
  g_return_val_if_fail (canonical != NULL || len == 0, FALSE);
  g_return_val_if_fail (values != NULL, FALSE);

  if (len < 4 || memcmp (canonical, "EPA1", 4) != 0)
    return FALSE;
  gsize at = 4;
  for (gsize i = 0; i < EP_AUDIT_N_FIELDS; i++)
    {
      if (len - at < 4)
        return FALSE;
      guint32 be;
      memcpy (&be, canonical + at, 4);
      guint32 field_len = GUINT32_FROM_BE (be);
      at += 4;
      if (field_len == G_MAXUINT32)
        {
          values[i] = (EpAuditValue){ NULL, -1 };
          continue;
        }
      if (field_len > len - at || field_len > G_MAXINT)
        return FALSE;
      values[i] = (EpAuditValue){ (const gchar *) canonical + at, (gint) field_len };
      at += field_len;
    }
  return at == len;
}

gint64
ep_audit_canonical_seq (const guint8 *canonical, gsize len, EpAuditValue *gemeente)
{
  g_return_val_if_fail (canonical != NULL || len == 0, -1);

  if (len < 8 || memcmp (canonical, "EPA1", 4) != 0)
    return -1;
  guint32 be;
  memcpy (&be, canonical + 4, 4);
  guint32 gemeente_len = GUINT32_FROM_BE (be);
  if (gemeente_len > len - 8 || len - 8 - gemeente_len < 4)
    return -1;
  gsize at = 8 + gemeente_len;
  memcpy (&be, canonical + at, 4);
  guint32 seq_len = GUINT32_FROM_BE (be);
  at += 4;
  /* 1 to 19 digits, no leading zero: at most G_MAXINT64. */
  if (seq_len == 0 || seq_len > 19 || seq_len > len - at || canonical[at] == '0')
    return -1;
  guint64 seq = 0;
  for (guint32 i = 0; i < seq_len; i++)
    {
      guint8 c = canonical[at + i];
      if (c < '0' || c > '9')
        return -1;
      seq = seq * 10 + (guint64) (c - '0');
    }
  if (seq > G_MAXINT64)
    return -1;
  if (gemeente != NULL)
    *gemeente = (EpAuditValue){ (const gchar *) canonical + 8, (gint) gemeente_len };
  return (gint64) seq;
}

EpAuditHasher *
ep_audit_hasher_new (GError **error)
{
  g_autoptr (EpAuditHasher) hasher = g_new0 (EpAuditHasher, 1);
  hasher->sha256 = EVP_MD_fetch (NULL, "SHA256", NULL);
  hasher->ctx = EVP_MD_CTX_new ();
  if (hasher->sha256 == NULL || hasher->ctx == NULL)
    {
      ERR_clear_error ();
      g_set_error_literal (error, EP_CORE_ERROR, EP_CORE_ERROR_CRYPTO,
                           "OpenSSL provides no SHA-256");
      return NULL;
    }
  return g_steal_pointer (&hasher);
}

void
ep_audit_hasher_free (EpAuditHasher *hasher)
{
  if (hasher == NULL)
    return;
  EVP_MD_CTX_free (hasher->ctx);
  EVP_MD_free (hasher->sha256);
  g_free (hasher);
}

gboolean
ep_audit_hasher_link (EpAuditHasher *hasher, const guint8 prev_hash[EP_AUDIT_HASH_LEN],
                      const guint8 *canonical, gsize len, guint8 out[EP_AUDIT_HASH_LEN],
                      GError **error)
{
  unsigned int out_len = 0;
  if (EVP_DigestInit_ex2 (hasher->ctx, hasher->sha256, NULL) != 1
      || EVP_DigestUpdate (hasher->ctx, prev_hash, EP_AUDIT_HASH_LEN) != 1
      || EVP_DigestUpdate (hasher->ctx, canonical, len) != 1
      || EVP_DigestFinal_ex (hasher->ctx, out, &out_len) != 1 || out_len != EP_AUDIT_HASH_LEN)
    {
      ERR_clear_error ();
      g_set_error_literal (error, EP_CORE_ERROR, EP_CORE_ERROR_CRYPTO, "SHA-256 failed");
      return FALSE;
    }
  return TRUE;
}

GBytes *
ep_audit_checkpoint_message (const gchar *gemeente, gint64 seq,
                             const guint8 head_hash[EP_AUDIT_HASH_LEN])
{
  g_return_val_if_fail (gemeente != NULL, NULL);

  g_autoptr (GByteArray) out = g_byte_array_new ();
  g_autofree gchar *seq_text = g_strdup_printf ("%" G_GINT64_FORMAT, seq);
  g_autofree gchar *hash_hex = ep_hex_encode (head_hash, EP_AUDIT_HASH_LEN);

  g_byte_array_append (out, (const guint8 *) "EPC1", 4);
  append_field (out, gemeente, (gint) strlen (gemeente));
  append_field (out, seq_text, (gint) strlen (seq_text));
  append_field (out, hash_hex, (gint) strlen (hash_hex));
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}
