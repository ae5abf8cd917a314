/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-crypto.c — unit tests of core/ep-crypto against published vectors: SHA-256 (FIPS 180-2
 * examples), HMAC-SHA256 (RFC 4231), plus random tokens, hex encoding and constant-time equality.
 */
#include "unit-suites.h"

#include "ep-crypto.h"

#include <string.h>

/* ---- SHA-256 -------------------------------------------------------------------------- */

static const struct
{
  const gchar *message;
  const gchar *digest;
} sha256_cases[] = {
  { "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
  { "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
  { "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
};

START_TEST (test_sha256_hex)
{
  const gchar *message = sha256_cases[_i].message;
  g_autofree gchar *hex = ep_sha256_hex ((const guint8 *) message, strlen (message));

  ck_assert_str_eq (hex, sha256_cases[_i].digest);
}
END_TEST

START_TEST (test_sha256_raw)
{
  const gchar *message = sha256_cases[_i].message;
  guint8 digest[EP_SHA256_LEN];
  g_autofree gchar *hex = NULL;

  memset (digest, 0xee, sizeof digest);
  ep_sha256 ((const guint8 *) message, strlen (message), digest);
  hex = ep_hex_encode (digest, sizeof digest);
  ck_assert_str_eq (hex, sha256_cases[_i].digest);
}
END_TEST

START_TEST (test_sha256_null_empty)
{
  g_autofree gchar *hex = ep_sha256_hex (NULL, 0);

  ck_assert_str_eq (hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}
END_TEST

/* ---- HMAC-SHA256, RFC 4231 §4 --------------------------------------------------------- */

static const struct
{
  const gchar *name;
  guint8 key_byte; /* 0: the key is key_text */
  gsize key_len;
  const gchar *key_text;
  const gchar *data;
  const gchar *tag;
} hmac_cases[] = {
  { "test case 1", 0x0b, 20, NULL, "Hi There",
    "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7" },
  { "test case 2", 0, 4, "Jefe", "what do ya want for nothing?",
    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" },
  { "test case 6", 0xaa, 131, NULL, "Test Using Larger Than Block-Size Key - Hash Key First",
    "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54" },
};

START_TEST (test_hmac_rfc4231)
{
  g_autoptr (GError) error = NULL;
  g_autofree guint8 *key = g_malloc (hmac_cases[_i].key_len);
  g_autofree gchar *hex = NULL;
  guint8 tag[EP_SHA256_LEN];

  if (hmac_cases[_i].key_text != NULL)
    memcpy (key, hmac_cases[_i].key_text, hmac_cases[_i].key_len);
  else
    memset (key, hmac_cases[_i].key_byte, hmac_cases[_i].key_len);

  ck_assert_msg (ep_hmac_sha256 (key, hmac_cases[_i].key_len, (const guint8 *) hmac_cases[_i].data,
                                 strlen (hmac_cases[_i].data), tag, &error),
                 "%s failed", hmac_cases[_i].name);
  ck_assert_ptr_null (error);
  hex = ep_hex_encode (tag, sizeof tag);
  ck_assert_str_eq (hex, hmac_cases[_i].tag);
}
END_TEST

/* ---- random bytes and tokens ---------------------------------------------------------- */

static const struct
{
  gsize n_bytes;
  gsize length;
} token_cases[] = {
  { 1, 2 }, { 2, 3 }, { 3, 4 }, { 16, 22 }, { 32, 43 }, { 33, 44 }, { 1024, 1366 },
};

START_TEST (test_random_token_shape)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *token = ep_random_token (token_cases[_i].n_bytes, &error);
  g_autofree guchar *decoded = NULL;
  g_autofree gchar *padded = NULL;
  gsize decoded_len = 0;

  ck_assert_ptr_null (error);
  ck_assert_ptr_nonnull (token);
  ck_assert_uint_eq (strlen (token), token_cases[_i].length);
  ck_assert_msg (strspn (token, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
                   == strlen (token),
                 "token has a character outside base64url: %s", token);

  /* It decodes back to n_bytes bytes: translate to standard base64 and re-pad. */
  padded = g_strdup_printf ("%s%.*s", token, (int) ((4 - strlen (token) % 4) % 4), "==");
  g_strdelimit (padded, "-", '+');
  g_strdelimit (padded, "_", '/');
  decoded = g_base64_decode (padded, &decoded_len);
  ck_assert_uint_eq (decoded_len, token_cases[_i].n_bytes);
}
END_TEST

START_TEST (test_random_token_unique)
{
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (gint i = 0; i < 1000; i++)
    {
      g_autoptr (GError) error = NULL;
      gchar *token = ep_random_token (16, &error);

      ck_assert_ptr_null (error);
      ck_assert_msg (g_hash_table_add (seen, token), "token repeated after %d draws", i);
    }
}
END_TEST

START_TEST (test_random_bytes)
{
  g_autoptr (GError) error = NULL;
  guint8 a[32], b[32];

  ck_assert (ep_random_bytes (a, sizeof a, &error));
  ck_assert (ep_random_bytes (b, sizeof b, &error));
  ck_assert_ptr_null (error);
  ck_assert (memcmp (a, b, sizeof a) != 0);
  ck_assert (ep_random_bytes (NULL, 0, &error));
  ck_assert_ptr_null (error);
}
END_TEST

/* ---- hex and equality ----------------------------------------------------------------- */

static const struct
{
  const gchar *bytes;
  gsize len;
  const gchar *hex;
} hex_cases[] = {
  { "", 0, "" },
  { "\x00", 1, "00" },
  { "\x00\xff\x10\xab", 4, "00ff10ab" },
  { "\x01\x23\x45\x67\x89\xab\xcd\xef", 8, "0123456789abcdef" },
};

START_TEST (test_hex_encode)
{
  g_autofree gchar *hex = ep_hex_encode ((const guint8 *) hex_cases[_i].bytes, hex_cases[_i].len);

  ck_assert_str_eq (hex, hex_cases[_i].hex);
}
END_TEST

/* Decoding is the inverse, for either case. */
START_TEST (test_hex_decode)
{
  guint8 out[8] = { 0 };
  g_autofree gchar *upper = g_ascii_strup (hex_cases[_i].hex, -1);

  ck_assert (ep_hex_decode (hex_cases[_i].hex, out, hex_cases[_i].len));
  ck_assert_mem_eq (out, hex_cases[_i].bytes, hex_cases[_i].len);
  memset (out, 0, sizeof out);
  ck_assert (ep_hex_decode (upper, out, hex_cases[_i].len));
  ck_assert_mem_eq (out, hex_cases[_i].bytes, hex_cases[_i].len);
}
END_TEST

static const struct
{
  const gchar *hex;
  gsize len;
} bad_hex_cases[] = {
  { "00ff", 3 },   /* too short */
  { "00ff10", 2 }, /* too long */
  { "0g", 1 },     /* not a hex digit */
  { " 0", 1 },     /* no spaces */
  { NULL, 1 },
};

START_TEST (test_hex_decode_refuses)
{
  guint8 out[4];

  ck_assert (!ep_hex_decode (bad_hex_cases[_i].hex, out, bad_hex_cases[_i].len));
}
END_TEST

START_TEST (test_hex_encode_null_empty)
{
  g_autofree gchar *hex = ep_hex_encode (NULL, 0);

  ck_assert_str_eq (hex, "");
}
END_TEST

static const struct
{
  const gchar *a;
  const gchar *b;
  gsize len;
  gboolean equal;
} equal_cases[] = {
  { "", "", 0, TRUE },
  { "token", "token", 5, TRUE },
  { "token", "tokem", 5, FALSE },
  { "Xoken", "token", 5, FALSE },
  { "abc", "abd", 2, TRUE }, /* only len bytes count */
};

START_TEST (test_crypto_equal)
{
  ck_assert_int_eq (ep_crypto_equal ((const guint8 *) equal_cases[_i].a,
                                     (const guint8 *) equal_cases[_i].b, equal_cases[_i].len),
                    equal_cases[_i].equal);
}
END_TEST

Suite *
ep_test_crypto_suite (void)
{
  Suite *suite = suite_create ("crypto");
  TCase *sha = tcase_create ("sha256");
  TCase *hmac = tcase_create ("hmac");
  TCase *random = tcase_create ("random");
  TCase *encode = tcase_create ("encode");

  tcase_add_loop_test (sha, test_sha256_hex, 0, G_N_ELEMENTS (sha256_cases));
  tcase_add_loop_test (sha, test_sha256_raw, 0, G_N_ELEMENTS (sha256_cases));
  tcase_add_test (sha, test_sha256_null_empty);
  tcase_add_loop_test (hmac, test_hmac_rfc4231, 0, G_N_ELEMENTS (hmac_cases));
  tcase_add_loop_test (random, test_random_token_shape, 0, G_N_ELEMENTS (token_cases));
  tcase_add_test (random, test_random_token_unique);
  tcase_add_test (random, test_random_bytes);
  tcase_add_loop_test (encode, test_hex_encode, 0, G_N_ELEMENTS (hex_cases));
  tcase_add_test (encode, test_hex_encode_null_empty);
  tcase_add_loop_test (encode, test_hex_decode, 0, G_N_ELEMENTS (hex_cases));
  tcase_add_loop_test (encode, test_hex_decode_refuses, 0, G_N_ELEMENTS (bad_hex_cases));
  tcase_add_loop_test (encode, test_crypto_equal, 0, G_N_ELEMENTS (equal_cases));

  suite_add_tcase (suite, sha);
  suite_add_tcase (suite, hmac);
  suite_add_tcase (suite, random);
  suite_add_tcase (suite, encode);
  return suite;
}
