/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-signing.c — unit tests of core/ep-signing, the Ed25519 keys of signed audit checkpoints:
 * generate, sign and verify; tampered messages and signatures; PEM round trips of the private
 * and the public key; keys of other algorithms refused; the key id.
 *
 * Fixed values come from outside the code under test: the key and signature of RFC 8032 §7.1
 * TEST 1, a second signature made with `openssl pkeyutl -sign -rawin` and Python's
 * cryptography package, and RSA, EC and X25519 keys written once by `openssl genpkey`.
 */
#include "unit-suites.h"

#include "ep-audit-chain.h"
#include "ep-crypto.h"
#include "ep-signing.h"

#include <string.h>

/* RFC 8032 §7.1 TEST 1: the secret key 9d61b1…7f60 as PKCS#8, its public key d75a98…511a. */
static const gchar rfc_private_pem[]
  = "-----BEGIN PRIVATE KEY-----\n"
    "MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n"
    "-----END PRIVATE KEY-----\n";
static const gchar rfc_public_pem[]
  = "-----BEGIN PUBLIC KEY-----\n"
    "MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n"
    "-----END PUBLIC KEY-----\n";
/* The first 16 hex digits of SHA-256 (d75a98…511a). */
#define RFC_KEY_ID "21fe31dfa154a261"

static const struct
{
  const gchar *name;
  const gchar *message;
  const gchar *signature;
} rfc_signatures[] = {
  { "RFC 8032 TEST 1 (empty message)", "",
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
    "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b" },
  { "openssl pkeyutl", "EPC1-test",
    "c96c2e65c297a6d70439578528e49278d10a23fc2977ee390f02ffda33a8d7a4"
    "c62398d27bc784b533c074d6d90bc6c09b1f7ac92ca234a36df0e38f6d57f80a" },
};

/* The checkpoint message of test-audit-chain.c (GM0164, seq 10, its HASH_TWO) signed with
 * the RFC key by Python's cryptography package. */
#define CHECKPOINT_HEAD "f6983dd241d9c2f5c1ae77dbac50078014d8484c0042106e605046767e595da2"
#define CHECKPOINT_SIGNATURE                                                                       \
  "e9341a7e45f360901ebd3e006838607b6b9bade5f30fa5549f6277567340b563"                               \
  "d4f43052fb40000bf8ccb22ea2e3c71597e9b86db572c48c9b173e878fb10804"

static void
hex_to_bytes (const gchar *hex, guint8 *out, gsize len)
{
  ck_assert_uint_eq (strlen (hex), 2 * len);
  for (gsize i = 0; i < len; i++)
    out[i]
      = (guint8) (g_ascii_xdigit_value (hex[2 * i]) << 4 | g_ascii_xdigit_value (hex[2 * i + 1]));
}

static EpSigningKey *
key_from_pem (const gchar *pem)
{
  g_autoptr (GError) error = NULL;
  EpSigningKey *key = ep_signing_key_from_pem (pem, strlen (pem), &error);

  ck_assert_msg (key != NULL, "cannot read key: %s", error ? error->message : "(no GError)");
  ck_assert_ptr_null (error);
  return key;
}

static EpSigningKey *
generate_key (void)
{
  g_autoptr (GError) error = NULL;
  EpSigningKey *key = ep_signing_key_generate (&error);

  ck_assert_msg (key != NULL, "cannot generate: %s", error ? error->message : "(no GError)");
  return key;
}

static void
sign_or_fail (const EpSigningKey *key, GBytes *message, guint8 signature[EP_SIGNATURE_LEN])
{
  g_autoptr (GError) error = NULL;
  gboolean ok = ep_signing_key_sign (key, message, signature, &error);

  ck_assert_msg (ok, "cannot sign: %s", error ? error->message : "(no GError)");
  ck_assert_ptr_null (error);
}

static gboolean
is_lower_hex (const gchar *text)
{
  for (const gchar *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;
  return TRUE;
}

/* ---- sign and verify ------------------------------------------------------------------- */

START_TEST (test_sign_verify)
{
  g_autoptr (EpSigningKey) key = generate_key ();
  g_autoptr (GBytes) message = g_bytes_new_static ("chain head", 10);
  guint8 signature[EP_SIGNATURE_LEN];

  ck_assert (ep_signing_key_can_sign (key));
  sign_or_fail (key, message, signature);
  ck_assert (ep_signing_key_verify (key, message, signature, sizeof signature));
}
END_TEST

/* Each tampered message, each tampered signature: not the key's signature. */
static const struct
{
  const gchar *name;
  const gchar *message; /* NULL: the signed one */
  gint flip_byte;       /* ≥ 0: that signature byte's lowest bit flipped */
  gsize signature_len;  /* 0: EP_SIGNATURE_LEN */
} tampered[] = {
  { "one character changed", "chain heae", -1, 0 },
  { "one byte longer", "chain head.", -1, 0 },
  { "one byte shorter", "chain hea", -1, 0 },
  { "empty message", "", -1, 0 },
  { "signature byte 0", NULL, 0, 0 },
  { "signature byte 31", NULL, 31, 0 },
  { "signature byte 32", NULL, 32, 0 },
  { "signature byte 63", NULL, 63, 0 },
  { "signature truncated", NULL, -1, EP_SIGNATURE_LEN - 1 },
  { "signature without bytes", NULL, -1, 1 },
};

START_TEST (test_verify_tampered)
{
  g_autoptr (EpSigningKey) key = generate_key ();
  g_autoptr (GBytes) signed_message = g_bytes_new_static ("chain head", 10);
  guint8 signature[EP_SIGNATURE_LEN];

  sign_or_fail (key, signed_message, signature);
  ck_assert (ep_signing_key_verify (key, signed_message, signature, sizeof signature));

  const gchar *text = tampered[_i].message;
  g_autoptr (GBytes) message
    = text != NULL ? g_bytes_new (text, strlen (text)) : g_bytes_ref (signed_message);
  if (tampered[_i].flip_byte >= 0)
    signature[tampered[_i].flip_byte] ^= 0x01;
  gsize len = tampered[_i].signature_len != 0 ? tampered[_i].signature_len : EP_SIGNATURE_LEN;
  ck_assert_msg (!ep_signing_key_verify (key, message, signature, len), "%s: accepted",
                 tampered[_i].name);
}
END_TEST

START_TEST (test_verify_other_key)
{
  g_autoptr (EpSigningKey) key = generate_key ();
  g_autoptr (EpSigningKey) other = generate_key ();
  g_autoptr (GBytes) message = g_bytes_new_static ("chain head", 10);
  guint8 signature[EP_SIGNATURE_LEN];

  sign_or_fail (key, message, signature);
  ck_assert (!ep_signing_key_verify (other, message, signature, sizeof signature));
  ck_assert (!ep_signing_key_verify (key, message, NULL, 0));
}
END_TEST

/* Ed25519 is deterministic: the RFC key gives exactly the published signatures. */
START_TEST (test_sign_known_answer)
{
  g_autoptr (EpSigningKey) key = key_from_pem (rfc_private_pem);
  g_autoptr (EpSigningKey) public_key = key_from_pem (rfc_public_pem);
  const gchar *text = rfc_signatures[_i].message;
  g_autoptr (GBytes) message = g_bytes_new (text, strlen (text));
  guint8 signature[EP_SIGNATURE_LEN];
  guint8 expected[EP_SIGNATURE_LEN];

  sign_or_fail (key, message, signature);
  g_autofree gchar *hex = ep_hex_encode (signature, sizeof signature);
  ck_assert_str_eq (hex, rfc_signatures[_i].signature);

  hex_to_bytes (rfc_signatures[_i].signature, expected, sizeof expected);
  ck_assert (ep_signing_key_verify (public_key, message, expected, sizeof expected));
}
END_TEST

START_TEST (test_sign_checkpoint_message)
{
  g_autoptr (EpSigningKey) key = key_from_pem (rfc_private_pem);
  g_autoptr (EpSigningKey) public_key = key_from_pem (rfc_public_pem);
  guint8 head[EP_AUDIT_HASH_LEN];
  guint8 signature[EP_SIGNATURE_LEN];

  hex_to_bytes (CHECKPOINT_HEAD, head, sizeof head);
  g_autoptr (GBytes) message = ep_audit_checkpoint_message ("GM0164", 10, head);
  sign_or_fail (key, message, signature);
  g_autofree gchar *hex = ep_hex_encode (signature, sizeof signature);
  ck_assert_str_eq (hex, CHECKPOINT_SIGNATURE);
  ck_assert (ep_signing_key_verify (public_key, message, signature, sizeof signature));

  /* The same head at another seq is another message. */
  g_autoptr (GBytes) other = ep_audit_checkpoint_message ("GM0164", 11, head);
  ck_assert (!ep_signing_key_verify (public_key, other, signature, sizeof signature));
}
END_TEST

/* ---- PEM ------------------------------------------------------------------------------- */

START_TEST (test_pem_private_round_trip)
{
  g_autoptr (EpSigningKey) key = generate_key ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) message = g_bytes_new_static ("round trip", 10);
  guint8 before[EP_SIGNATURE_LEN];
  guint8 after[EP_SIGNATURE_LEN];

  g_autofree gchar *pem = ep_signing_key_to_pem (key, TRUE, &error);
  ck_assert_msg (pem != NULL, "%s", error ? error->message : "");
  ck_assert (g_str_has_prefix (pem, "-----BEGIN PRIVATE KEY-----\n"));
  ck_assert (g_str_has_suffix (pem, "-----END PRIVATE KEY-----\n"));

  g_autoptr (EpSigningKey) again = key_from_pem (pem);
  ck_assert (ep_signing_key_can_sign (again));
  sign_or_fail (key, message, before);
  sign_or_fail (again, message, after);
  ck_assert_mem_eq (before, after, EP_SIGNATURE_LEN);

  g_autofree gchar *pem_again = ep_signing_key_to_pem (again, TRUE, &error);
  ck_assert_str_eq (pem_again, pem);
  g_autofree gchar *id = ep_signing_key_id (key);
  g_autofree gchar *id_again = ep_signing_key_id (again);
  ck_assert_str_eq (id_again, id);
}
END_TEST

START_TEST (test_pem_public_round_trip)
{
  g_autoptr (EpSigningKey) key = generate_key ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) message = g_bytes_new_static ("round trip", 10);
  guint8 signature[EP_SIGNATURE_LEN];

  g_autofree gchar *pem = ep_signing_key_to_pem (key, FALSE, &error);
  ck_assert_msg (pem != NULL, "%s", error ? error->message : "");
  ck_assert (g_str_has_prefix (pem, "-----BEGIN PUBLIC KEY-----\n"));
  ck_assert (g_str_has_suffix (pem, "-----END PUBLIC KEY-----\n"));

  g_autoptr (EpSigningKey) public_key = key_from_pem (pem);
  ck_assert (!ep_signing_key_can_sign (public_key));

  /* The public key checks the private key's signatures… */
  sign_or_fail (key, message, signature);
  ck_assert (ep_signing_key_verify (public_key, message, signature, sizeof signature));

  /* …but cannot sign, nor hand out a private part it does not have. */
  guint8 forged[EP_SIGNATURE_LEN];
  ck_assert (!ep_signing_key_sign (public_key, message, forged, &error));
  EP_ASSERT_CORE_ERROR (error, EP_CORE_ERROR_CRYPTO, NULL);
  g_clear_error (&error);
  g_autofree gchar *no_private = ep_signing_key_to_pem (public_key, TRUE, &error);
  ck_assert_ptr_null (no_private);
  EP_ASSERT_CORE_ERROR (error, EP_CORE_ERROR_CRYPTO, NULL);
  g_clear_error (&error);

  g_autofree gchar *pem_again = ep_signing_key_to_pem (public_key, FALSE, &error);
  ck_assert_str_eq (pem_again, pem);
}
END_TEST

START_TEST (test_pem_known_key)
{
  g_autoptr (EpSigningKey) key = key_from_pem (rfc_private_pem);
  g_autoptr (GError) error = NULL;

  g_autofree gchar *private_pem = ep_signing_key_to_pem (key, TRUE, &error);
  ck_assert_str_eq (private_pem, rfc_private_pem);
  g_autofree gchar *public_pem = ep_signing_key_to_pem (key, FALSE, &error);
  ck_assert_str_eq (public_pem, rfc_public_pem);
}
END_TEST

/* Keys that are not Ed25519, and text that is no key. */
static const struct
{
  const gchar *name;
  const gchar *pem;
  const gchar *message; /* exact, or NULL: only the prefix "not a PEM key" */
} not_ed25519[] = {
  { "RSA private key",
    "-----BEGIN PRIVATE KEY-----\n"
    "MIICdgIBADANBgkqhkiG9w0BAQEFAASCAmAwggJcAgEAAoGBAMNqinShBT9QG/4S\n"
    "4hm1I3c+M0FlS5MrNd33f3vj7igx3N3GdqeU2OCViW9Vb9zWcjiVdkxb++k4EVnE\n"
    "MVFVE3DU4+7s3UA3Z4V+xtopoSO4M3gnKsB+plSuFTg66mrueLRfbkWXMhTbR0cY\n"
    "tYEgGFCQ9TLto88UF1ufS5oQzahLAgMBAAECgYA4h0NSBZpM/FF8p9277gg6YEXX\n"
    "bwPzqJZGhWfdYMvt2K65gMWmKIqsPNWq3R4k1evormOwJxOyHUP3oadaja+3fI3U\n"
    "/u5a4OJlGh8o4MShiJSfb6DDf+yN3nTvsdev3CRehQpgZ3daMtiX37SPQTGiLM96\n"
    "OBzMV7/EhL3nLSoNYQJBAOT856pGWK0fMU3TkLNJlE9+2j73RxeKq4oMb66xoVPr\n"
    "KpgoyzMvmxpX5BBtD1WsEySJ1p2NLR8CgaIrBC63Z6kCQQDad9G/seoCEZXySlgg\n"
    "yk8kkIkAC612jixokT+A3DYX6qZOS21ZLuE3DabskWCr63qPv9MmRIncEkhAc0FW\n"
    "LHjTAkEA3PczcjtpzL1h7XDvnCKvjDqjzcj+gDgfKhqwFspwHDO9KZGL6/vPVw9j\n"
    "E3q6JnjjDAo64FPgK6FWiK+r3Iy86QJAUarm8uUcWEegqSFXjnJyYXXScPzsjFwb\n"
    "h798YLxxUEF8h9o0d1lKAZ2N3/N8kugFOgV4dl66tlTzQ3ySWRdo1wJAaiDHhHwd\n"
    "cdha5yMFI0LJhTIK8qOiNP03U/rfyPkdSrQ1ooioZagfM6FDsaIuhSKsPlcqV4NC\n"
    "I7lq0vyTXf3Dvw==\n"
    "-----END PRIVATE KEY-----\n",
    "the key is not Ed25519" },
  { "EC P-256 private key",
    "-----BEGIN PRIVATE KEY-----\n"
    "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgFER36URB+j9a//rP\n"
    "1VobqW9xeKqC0YWJxnXOtwQj/DmhRANCAARe5Fn1kv7xwO2IVNRGrpkB/agh71XK\n"
    "owlon0gpf4D3o9Tdlu/gCUfKpFjSYvM3O6NV3ck9uuW1jXAnqn1S4+Wk\n"
    "-----END PRIVATE KEY-----\n",
    "the key is not Ed25519" },
  { "EC P-256 public key",
    "-----BEGIN PUBLIC KEY-----\n"
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEXuRZ9ZL+8cDtiFTURq6ZAf2oIe9V\n"
    "yqMJaJ9IKX+A96PU3Zbv4AlHyqRY0mLzNzujVd3JPbrltY1wJ6p9UuPlpA==\n"
    "-----END PUBLIC KEY-----\n",
    "the key is not Ed25519" },
  { "X25519 private key (same curve, not a signing key)",
    "-----BEGIN PRIVATE KEY-----\n"
    "MC4CAQAwBQYDK2VuBCIEIJA6OJLTGt6/jqHlAVN4zcYSJ33c7S+AcKW8v1m4Yqti\n"
    "-----END PRIVATE KEY-----\n",
    "the key is not Ed25519" },
  { "Ed25519 key cut short",
    "-----BEGIN PRIVATE KEY-----\n"
    "MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7\n"
    "-----END PRIVATE KEY-----\n",
    NULL },
  { "not PEM", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINdamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea",
    NULL },
  { "empty", "", NULL },
};

START_TEST (test_pem_not_ed25519)
{
  g_autoptr (GError) error = NULL;
  const gchar *pem = not_ed25519[_i].pem;
  g_autoptr (EpSigningKey) key = ep_signing_key_from_pem (pem, strlen (pem), &error);

  ck_assert_msg (key == NULL, "%s: accepted", not_ed25519[_i].name);
  EP_ASSERT_CORE_ERROR (error, EP_CORE_ERROR_CRYPTO, not_ed25519[_i].message);
  if (not_ed25519[_i].message == NULL)
    ck_assert_msg (g_str_has_prefix (error->message, "not a PEM key"), "%s: %s",
                   not_ed25519[_i].name, error->message);
}
END_TEST

/* ---- key ids --------------------------------------------------------------------------- */

START_TEST (test_key_id)
{
  g_autoptr (EpSigningKey) key = generate_key ();
  g_autoptr (GError) error = NULL;

  g_autofree gchar *id = ep_signing_key_id (key);
  ck_assert_uint_eq (strlen (id), 16);
  ck_assert_msg (is_lower_hex (id), "key id '%s' is not lowercase hex", id);

  g_autofree gchar *pem = ep_signing_key_to_pem (key, FALSE, &error);
  ck_assert_ptr_nonnull (pem);
  g_autoptr (EpSigningKey) public_key = key_from_pem (pem);
  g_autofree gchar *public_id = ep_signing_key_id (public_key);
  ck_assert_str_eq (public_id, id);

  /* Another key, another id. */
  g_autoptr (EpSigningKey) other = generate_key ();
  g_autofree gchar *other_id = ep_signing_key_id (other);
  ck_assert_str_ne (other_id, id);
}
END_TEST

START_TEST (test_key_id_known)
{
  g_autoptr (EpSigningKey) key = key_from_pem (rfc_private_pem);
  g_autoptr (EpSigningKey) public_key = key_from_pem (rfc_public_pem);

  g_autofree gchar *id = ep_signing_key_id (key);
  ck_assert_str_eq (id, RFC_KEY_ID);
  g_autofree gchar *public_id = ep_signing_key_id (public_key);
  ck_assert_str_eq (public_id, RFC_KEY_ID);
}
END_TEST

Suite *
ep_test_signing_suite (void)
{
  Suite *suite = suite_create ("signing");
  TCase *sign = tcase_create ("sign");
  TCase *pem = tcase_create ("pem");
  TCase *id = tcase_create ("key-id");

  tcase_add_test (sign, test_sign_verify);
  tcase_add_loop_test (sign, test_verify_tampered, 0, G_N_ELEMENTS (tampered));
  tcase_add_test (sign, test_verify_other_key);
  tcase_add_loop_test (sign, test_sign_known_answer, 0, G_N_ELEMENTS (rfc_signatures));
  tcase_add_test (sign, test_sign_checkpoint_message);
  suite_add_tcase (suite, sign);

  tcase_add_test (pem, test_pem_private_round_trip);
  tcase_add_test (pem, test_pem_public_round_trip);
  tcase_add_test (pem, test_pem_known_key);
  tcase_add_loop_test (pem, test_pem_not_ed25519, 0, G_N_ELEMENTS (not_ed25519));
  suite_add_tcase (suite, pem);

  tcase_add_test (id, test_key_id);
  tcase_add_test (id, test_key_id_known);
  suite_add_tcase (suite, id);
  return suite;
}
