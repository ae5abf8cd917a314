/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-audit-chain.c — unit tests of core/ep-audit-chain: the canonical byte form of an audit
 * event, the chained SHA-256, and the message a checkpoint signs.
 *
 * The expected bytes and hashes below were not produced by the code under test: they were
 * computed once, independently, with a short Python script that follows the format documented
 * in core/ep-audit-chain.h ("EPA1", then per field a 4-byte big-endian length, 0xFFFFFFFF for
 * NULL, and the UTF-8 bytes; hash = SHA-256 (prev ‖ canonical)). If one of these constants has
 * to change, every chain already sealed in production no longer verifies.
 */
#include "unit-suites.h"

#include "ep-audit-chain.h"
#include "ep-crypto.h"

#include <string.h>

/* ---- fixed events ---------------------------------------------------------------------- */

#define V(text)                                                                                    \
  {                                                                                                \
    (text), (gint) sizeof (text) - 1                                                               \
  }
#define V_NULL                                                                                     \
  {                                                                                                \
    NULL, -1                                                                                       \
  }

/* All 14 fields; on_behalf_of NULL, non-ASCII UTF-8 in purpose, JSON in change. */
static const EpAuditValue event_one[EP_AUDIT_N_FIELDS] = {
  [EP_AUDIT_FIELD_GEMEENTE] = V ("GM0164"),
  [EP_AUDIT_FIELD_SEQ] = V ("1"),
  [EP_AUDIT_FIELD_EVENT_ID] = V ("42"),
  [EP_AUDIT_FIELD_OCCURRED_AT] = V ("1718000000123456"),
  [EP_AUDIT_FIELD_ACTOR_ID] = V ("u-7734"),
  [EP_AUDIT_FIELD_ACTOR_ROLE] = V ("casemanager"),
  [EP_AUDIT_FIELD_ON_BEHALF_OF] = V_NULL,
  [EP_AUDIT_FIELD_ACTION] = V ("update"),
  [EP_AUDIT_FIELD_ENTITY_TYPE] = V ("household"),
  [EP_AUDIT_FIELD_ENTITY_ID] = V ("7c9e6679-7425-40de-944b-e07fc1f90ae7"),
  [EP_AUDIT_FIELD_HOUSEHOLD_ID] = V ("7c9e6679-7425-40de-944b-e07fc1f90ae7"),
  [EP_AUDIT_FIELD_PURPOSE] = V ("wmo-toegang: \xc3\xa9\xc3\xa9n gezin, \xc3\xa9\xc3\xa9n plan "
                                "\xe2\x80\x94 \xc4\xb2ssel \xe2\x9c\x93"),
  [EP_AUDIT_FIELD_OUTCOME] = V ("success"),
  [EP_AUDIT_FIELD_CHANGE] = V ("{\"huisnummer\":{\"old\":12,\"new\":14},\"wijk\":\"Zuid-Oost\"}"),
};

static const gchar event_one_hex[] =
  /* clang-format off */
  "45504131"                                                                 /* EPA1 */
  "00000006474d30313634"                                                     /* gemeente */
  "0000000131"                                                               /* seq */
  "000000023432"                                                             /* event_id */
  "0000001031373138303030303030313233343536"                                 /* occurred_at */
  "00000006752d37373334"                                                     /* actor_id */
  "0000000b636173656d616e61676572"                                           /* actor_role */
  "ffffffff"                                                                 /* on_behalf_of */
  "00000006757064617465"                                                     /* action */
  "00000009686f757365686f6c64"                                               /* entity_type */
  "0000002437633965363637392d373432352d343064652d393434622d6530376663316639" /* entity_id */
  "30616537"
  "0000002437633965363637392d373432352d343064652d393434622d6530376663316639" /* household_id */
  "30616537"
  "00000033776d6f2d746f6567616e673a20c3a9c3a96e2067657a696e2c20c3a9c3a96e20" /* purpose */
  "706c616e20e2809420c4b27373656c20e29c93"
  "0000000773756363657373"                                                   /* outcome */
  "000000357b22687569736e756d6d6572223a7b226f6c64223a31322c226e6577223a3134" /* change */
  "7d2c2277696a6b223a225a7569642d4f6f7374227d";
/* clang-format on */

/* The next link: an empty entity_id (length 0) next to NULLs (length 0xFFFFFFFF). */
static const EpAuditValue event_two[EP_AUDIT_N_FIELDS] = {
  [EP_AUDIT_FIELD_GEMEENTE] = V ("GM0164"),
  [EP_AUDIT_FIELD_SEQ] = V ("2"),
  [EP_AUDIT_FIELD_EVENT_ID] = V ("43"),
  [EP_AUDIT_FIELD_OCCURRED_AT] = V ("1718000000123457"),
  [EP_AUDIT_FIELD_ACTOR_ID] = V ("system"),
  [EP_AUDIT_FIELD_ACTOR_ROLE] = V ("sealer"),
  [EP_AUDIT_FIELD_ON_BEHALF_OF] = V ("u-7734"),
  [EP_AUDIT_FIELD_ACTION] = V ("escalate"),
  [EP_AUDIT_FIELD_ENTITY_TYPE] = V ("intake"),
  [EP_AUDIT_FIELD_ENTITY_ID] = V (""),
  [EP_AUDIT_FIELD_HOUSEHOLD_ID] = V_NULL,
  [EP_AUDIT_FIELD_PURPOSE] = V ("x"),
  [EP_AUDIT_FIELD_OUTCOME] = V ("denied"),
  [EP_AUDIT_FIELD_CHANGE] = V_NULL,
};

static const gchar event_two_hex[] =
  /* clang-format off */
  "45504131"                                 /* EPA1 */
  "00000006474d30313634"                     /* gemeente */
  "0000000132"                               /* seq */
  "000000023433"                             /* event_id */
  "0000001031373138303030303030313233343537" /* occurred_at */
  "0000000673797374656d"                     /* actor_id */
  "000000067365616c6572"                     /* actor_role */
  "00000006752d37373334"                     /* on_behalf_of */
  "00000008657363616c617465"                 /* action */
  "00000006696e74616b65"                     /* entity_type */
  "00000000"                                 /* entity_id: "" */
  "ffffffff"                                 /* household_id: NULL */
  "0000000178"                               /* purpose */
  "0000000664656e696564"                     /* outcome */
  "ffffffff";                                /* change: NULL */
/* clang-format on */

/* SHA-256 (32 zero bytes ‖ event_one), then SHA-256 (that ‖ event_two). */
#define HASH_ONE "2877cc30b5a1d62ed8b0eb952878ebf0b050c56b9a68fb499c87a725796a3c6d"
#define HASH_TWO "f6983dd241d9c2f5c1ae77dbac50078014d8484c0042106e605046767e595da2"
/* As HASH_TWO with entity_id NULL instead of "". */
#define HASH_TWO_NULL_ENTITY "0fe45a298ed8872cb599dd604b8babb2cbe013565a79daf51575079d72082d5c"

static const guint8 zero_hash[EP_AUDIT_HASH_LEN] = { 0 };

static gchar *
canonical_hex (const EpAuditValue values[EP_AUDIT_N_FIELDS], guint *len)
{
  g_autoptr (GByteArray) out = g_byte_array_new ();

  ep_audit_canonical (values, out);
  *len = out->len;
  return ep_hex_encode (out->data, out->len);
}

/* A hasher; fails the test when OpenSSL cannot make one. */
static EpAuditHasher *
new_hasher (void)
{
  g_autoptr (GError) error = NULL;
  EpAuditHasher *hasher = ep_audit_hasher_new (&error);
  ck_assert_msg (hasher != NULL, "%s", error ? error->message : "");
  return hasher;
}

static gchar *
link_hex (EpAuditHasher *hasher, const guint8 prev[EP_AUDIT_HASH_LEN],
          const EpAuditValue values[EP_AUDIT_N_FIELDS], guint8 out[EP_AUDIT_HASH_LEN])
{
  g_autoptr (GByteArray) canonical = g_byte_array_new ();

  ep_audit_canonical (values, canonical);
  ck_assert (ep_audit_hasher_link (hasher, prev, canonical->data, canonical->len, out, NULL));
  return ep_hex_encode (out, EP_AUDIT_HASH_LEN);
}

static void
hex_to_bytes (const gchar *hex, guint8 *out, gsize len)
{
  ck_assert_uint_eq (strlen (hex), 2 * len);
  for (gsize i = 0; i < len; i++)
    out[i]
      = (guint8) (g_ascii_xdigit_value (hex[2 * i]) << 4 | g_ascii_xdigit_value (hex[2 * i + 1]));
}

/* ---- canonical bytes ------------------------------------------------------------------- */

static const struct
{
  const gchar *name;
  const EpAuditValue *values;
  const gchar *hex;
  guint len;
} canonical_cases[] = {
  { "event one", event_one, event_one_hex, 300 },
  { "event two", event_two, event_two_hex, 124 },
};

START_TEST (test_canonical_bytes)
{
  guint len = 0;
  g_autofree gchar *hex = canonical_hex (canonical_cases[_i].values, &len);

  ck_assert_msg (len == canonical_cases[_i].len, "%s: %u canonical bytes, expected %u",
                 canonical_cases[_i].name, len, canonical_cases[_i].len);
  ck_assert_str_eq (hex, canonical_cases[_i].hex);
}
END_TEST

/* Reading the documented bytes back gives every field as written, NULLs included. */
START_TEST (test_canonical_parse_round_trip)
{
  guint8 bytes[300];
  EpAuditValue values[EP_AUDIT_N_FIELDS];
  hex_to_bytes (canonical_cases[_i].hex, bytes, canonical_cases[_i].len);

  ck_assert (ep_audit_canonical_parse (bytes, canonical_cases[_i].len, values));
  for (gsize f = 0; f < EP_AUDIT_N_FIELDS; f++)
    {
      const EpAuditValue *want = &canonical_cases[_i].values[f];
      ck_assert_int_eq (values[f].len, want->len);
      if (want->len < 0)
        ck_assert_ptr_null (values[f].data);
      else
        ck_assert_mem_eq (values[f].data, want->data, (gsize) want->len);
    }
}
END_TEST

/* What is not in the canonical form is refused: a wrong marker, a field running past the end,
 * bytes left over, too few fields. */
START_TEST (test_canonical_parse_refuses)
{
  guint8 bytes[301];
  EpAuditValue values[EP_AUDIT_N_FIELDS];
  hex_to_bytes (event_one_hex, bytes, 300);

  ck_assert (ep_audit_canonical_parse (bytes, 300, values));
  ck_assert (!ep_audit_canonical_parse (bytes, 299, values)); /* last field cut short */
  bytes[300] = 0;
  ck_assert (!ep_audit_canonical_parse (bytes, 301, values)); /* a byte left over */
  ck_assert (!ep_audit_canonical_parse (bytes, 3, values));
  ck_assert (!ep_audit_canonical_parse (bytes, 4, values)); /* the marker alone */
  bytes[3] = '2';
  ck_assert (!ep_audit_canonical_parse (bytes, 300, values)); /* "EPA2" */
  bytes[3] = '1';
  bytes[4] = 0x7f; /* the first field's length far past the end */
  ck_assert (!ep_audit_canonical_parse (bytes, 300, values));
}
END_TEST

/* The seq alone, read quickly: as written, and -1 for what is not a seq. */
static const struct
{
  const gchar *seq; /* NULL: SQL NULL */
  gint64 want;
} seq_cases[] = {
  { "1", 1 },
  { "9223372036854775807", G_MAXINT64 },
  { "9223372036854775808", -1 },  /* past gint64 */
  { "12345678901234567890", -1 }, /* 20 digits */
  { "", -1 },
  { "0", -1 },
  { "07", -1 },
  { "-1", -1 },
  { "1e3", -1 },
  { NULL, -1 },
};

START_TEST (test_canonical_seq)
{
  EpAuditValue values[EP_AUDIT_N_FIELDS];
  memcpy (values, event_one, sizeof values);
  values[EP_AUDIT_FIELD_SEQ]
    = seq_cases[_i].seq != NULL
        ? (EpAuditValue){ seq_cases[_i].seq, (gint) strlen (seq_cases[_i].seq) }
        : (EpAuditValue){ NULL, -1 };
  g_autoptr (GByteArray) bytes = g_byte_array_new ();
  ep_audit_canonical (values, bytes);

  EpAuditValue gemeente = { NULL, -1 };
  ck_assert_int_eq (ep_audit_canonical_seq (bytes->data, bytes->len, &gemeente),
                    seq_cases[_i].want);
  if (seq_cases[_i].want > 0)
    {
      ck_assert_int_eq (gemeente.len, 6);
      ck_assert_mem_eq (gemeente.data, "GM0164", 6);
    }
  /* Cut off inside the seq, or with another marker, there is no seq to read. */
  ck_assert_int_eq (ep_audit_canonical_seq (bytes->data, 4 + 4 + 6 + 4, NULL), -1);
  bytes->data[0] = 'X';
  ck_assert_int_eq (ep_audit_canonical_seq (bytes->data, bytes->len, NULL), -1);
}
END_TEST

START_TEST (test_canonical_replaces_buffer)
{
  g_autoptr (GByteArray) out = g_byte_array_new ();

  /* Left-overs of a longer event must not survive into a shorter one. */
  g_byte_array_append (out, (const guint8 *) "stale bytes", 11);
  ep_audit_canonical (event_one, out);
  ep_audit_canonical (event_two, out);
  g_autofree gchar *hex = ep_hex_encode (out->data, out->len);
  ck_assert_uint_eq (out->len, 124);
  ck_assert_str_eq (hex, event_two_hex);
}
END_TEST

START_TEST (test_canonical_long_field_length)
{
  /* A length above 0xFFFF, so all four length bytes matter: 70000 = 0x00011170. */
  gsize big_len = 70000;
  g_autofree gchar *big = g_malloc (big_len);
  memset (big, 'a', big_len);
  EpAuditValue values[EP_AUDIT_N_FIELDS];
  memcpy (values, event_two, sizeof values);
  values[EP_AUDIT_FIELD_CHANGE] = (EpAuditValue){ big, (gint) big_len };

  g_autoptr (GByteArray) out = g_byte_array_new ();
  ep_audit_canonical (values, out);
  /* event_two's bytes up to change (minus its 4-byte NULL), then the length and the text. */
  ck_assert_uint_eq (out->len, 124 - 4 + 4 + big_len);
  g_autofree gchar *length_hex = ep_hex_encode (out->data + 120, 4);
  ck_assert_str_eq (length_hex, "00011170");
  ck_assert_int_eq (out->data[124], 'a');
  ck_assert_int_eq (out->data[out->len - 1], 'a');
}
END_TEST

/* ---- the chain ------------------------------------------------------------------------- */

START_TEST (test_chain_fixed_hashes)
{
  g_autoptr (EpAuditHasher) hasher = new_hasher ();
  guint8 one[EP_AUDIT_HASH_LEN];
  guint8 two[EP_AUDIT_HASH_LEN];

  g_autofree gchar *one_hex = link_hex (hasher, zero_hash, event_one, one);
  ck_assert_str_eq (one_hex, HASH_ONE);
  g_autofree gchar *two_hex = link_hex (hasher, one, event_two, two);
  ck_assert_str_eq (two_hex, HASH_TWO);

  /* The hasher keeps no state between links: the same link again, same hash. */
  guint8 again[EP_AUDIT_HASH_LEN];
  g_autofree gchar *again_hex = link_hex (hasher, zero_hash, event_one, again);
  ck_assert_str_eq (again_hex, HASH_ONE);

  /* A fresh hasher agrees. */
  g_autoptr (EpAuditHasher) other = new_hasher ();
  g_autofree gchar *other_hex = link_hex (other, one, event_two, two);
  ck_assert_str_eq (other_hex, HASH_TWO);
}
END_TEST

START_TEST (test_chain_empty_is_not_null)
{
  g_autoptr (EpAuditHasher) hasher = new_hasher ();
  guint8 one[EP_AUDIT_HASH_LEN];
  guint8 two[EP_AUDIT_HASH_LEN];
  EpAuditValue values[EP_AUDIT_N_FIELDS];

  hex_to_bytes (HASH_ONE, one, sizeof one);
  memcpy (values, event_two, sizeof values);
  values[EP_AUDIT_FIELD_ENTITY_ID] = (EpAuditValue) V_NULL;
  g_autofree gchar *hex = link_hex (hasher, one, values, two);
  ck_assert_str_eq (hex, HASH_TWO_NULL_ENTITY);
}
END_TEST

/* Any one field changed, or made NULL, or the previous hash changed by one bit: another hash. */
START_TEST (test_chain_every_field_counts)
{
  g_autoptr (EpAuditHasher) hasher = new_hasher ();
  EpAuditField field = (EpAuditField) _i;
  guint8 base[EP_AUDIT_HASH_LEN];
  guint8 changed[EP_AUDIT_HASH_LEN];
  guint8 nulled[EP_AUDIT_HASH_LEN];
  EpAuditValue values[EP_AUDIT_N_FIELDS];

  g_autofree gchar *base_hex = link_hex (hasher, zero_hash, event_one, base);

  /* The same text with its last byte changed (one bit). */
  memcpy (values, event_one, sizeof values);
  if (event_one[field].len > 0)
    {
      g_autofree gchar *text = g_strndup (event_one[field].data, (gsize) event_one[field].len);
      text[event_one[field].len - 1] ^= 0x01;
      values[field] = (EpAuditValue){ text, event_one[field].len };
      g_autofree gchar *changed_hex = link_hex (hasher, zero_hash, values, changed);
      ck_assert_str_ne (changed_hex, base_hex);
    }
  else
    {
      values[field] = (EpAuditValue) V ("");
      g_autofree gchar *changed_hex = link_hex (hasher, zero_hash, values, changed);
      ck_assert_str_ne (changed_hex, base_hex);
    }

  /* NULL instead of the value (or "" instead of NULL). */
  memcpy (values, event_one, sizeof values);
  values[field] = event_one[field].len < 0 ? (EpAuditValue) V ("") : (EpAuditValue) V_NULL;
  g_autofree gchar *nulled_hex = link_hex (hasher, zero_hash, values, nulled);
  ck_assert_str_ne (nulled_hex, base_hex);
}
END_TEST

START_TEST (test_chain_prev_hash_counts)
{
  g_autoptr (EpAuditHasher) hasher = new_hasher ();
  guint8 prev[EP_AUDIT_HASH_LEN] = { 0 };
  guint8 out[EP_AUDIT_HASH_LEN];

  prev[EP_AUDIT_HASH_LEN - 1] = 0x01;
  g_autofree gchar *hex = link_hex (hasher, prev, event_one, out);
  ck_assert_str_ne (hex, HASH_ONE);
}
END_TEST

/* Moving text from one field to the next is another event: lengths separate the fields. */
START_TEST (test_chain_field_boundaries)
{
  g_autoptr (EpAuditHasher) hasher = new_hasher ();
  guint8 a[EP_AUDIT_HASH_LEN];
  guint8 b[EP_AUDIT_HASH_LEN];
  EpAuditValue values[EP_AUDIT_N_FIELDS];

  memcpy (values, event_two, sizeof values);
  values[EP_AUDIT_FIELD_ACTOR_ID] = (EpAuditValue) V ("ab");
  values[EP_AUDIT_FIELD_ACTOR_ROLE] = (EpAuditValue) V ("c");
  g_autofree gchar *a_hex = link_hex (hasher, zero_hash, values, a);
  values[EP_AUDIT_FIELD_ACTOR_ID] = (EpAuditValue) V ("a");
  values[EP_AUDIT_FIELD_ACTOR_ROLE] = (EpAuditValue) V ("bc");
  g_autofree gchar *b_hex = link_hex (hasher, zero_hash, values, b);
  ck_assert_str_ne (a_hex, b_hex);
}
END_TEST

/* ---- checkpoint messages --------------------------------------------------------------- */

static const struct
{
  const gchar *gemeente;
  gint64 seq;
  const gchar *head_hex; /* NULL: 32 zero bytes */
  const gchar *message_hex;
  gsize len;
} checkpoint_cases[] = {
  { "GM0164", 10, HASH_TWO,
    /* clang-format off */
    "45504331"                                         /* EPC1 */
    "00000006474d30313634"                             /* gemeente */
    "000000023130"                                     /* seq "10" */
    "00000040"                                         /* head hash: 64 hex digits */
    "66363938336464323431643963326635633161653737646261633530303738303134"
    "643834383463303034323130366536303530343637363765353935646132",
    /* clang-format on */
    88 },
  { "GM9001", 0, NULL,
    /* clang-format off */
    "45504331"
    "00000006474d39303031"
    "0000000130"
    "00000040"
    "30303030303030303030303030303030303030303030303030303030303030303030"
    "303030303030303030303030303030303030303030303030303030303030",
    /* clang-format on */
    87 },
};

START_TEST (test_checkpoint_message)
{
  guint8 head[EP_AUDIT_HASH_LEN] = { 0 };

  if (checkpoint_cases[_i].head_hex != NULL)
    hex_to_bytes (checkpoint_cases[_i].head_hex, head, sizeof head);
  g_autoptr (GBytes) message
    = ep_audit_checkpoint_message (checkpoint_cases[_i].gemeente, checkpoint_cases[_i].seq, head);
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (message, &len);
  g_autofree gchar *hex = ep_hex_encode (data, len);

  ck_assert_uint_eq (len, checkpoint_cases[_i].len);
  ck_assert_str_eq (hex, checkpoint_cases[_i].message_hex);
}
END_TEST

Suite *
ep_test_audit_chain_suite (void)
{
  Suite *suite = suite_create ("audit-chain");
  TCase *canonical = tcase_create ("canonical");
  TCase *chain = tcase_create ("chain");
  TCase *checkpoint = tcase_create ("checkpoint");

  tcase_add_loop_test (canonical, test_canonical_bytes, 0, G_N_ELEMENTS (canonical_cases));
  tcase_add_loop_test (canonical, test_canonical_parse_round_trip, 0,
                       G_N_ELEMENTS (canonical_cases));
  tcase_add_test (canonical, test_canonical_parse_refuses);
  tcase_add_loop_test (canonical, test_canonical_seq, 0, G_N_ELEMENTS (seq_cases));
  tcase_add_test (canonical, test_canonical_replaces_buffer);
  tcase_add_test (canonical, test_canonical_long_field_length);
  suite_add_tcase (suite, canonical);

  tcase_add_test (chain, test_chain_fixed_hashes);
  tcase_add_test (chain, test_chain_empty_is_not_null);
  tcase_add_loop_test (chain, test_chain_every_field_counts, 0, EP_AUDIT_N_FIELDS);
  tcase_add_test (chain, test_chain_prev_hash_counts);
  tcase_add_test (chain, test_chain_field_boundaries);
  suite_add_tcase (suite, chain);

  tcase_add_loop_test (checkpoint, test_checkpoint_message, 0, G_N_ELEMENTS (checkpoint_cases));
  suite_add_tcase (suite, checkpoint);
  return suite;
}
