/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-audit-blocks.c: the sealed chain packed into blocks (audit_block).
 *
 * Each test seals ten events and packs them in blocks of four: seq 1–4 and
 * 5–8 in blocks, 9 and 10 still only in chain rows. Verify must read the
 * blocks (and find what is done to them), go on into the chain rows after
 * them, and hold the event rows behind the blocks to them too (not with --blocks-only).
 */
#include "db-suites.h"
#include "test-audit-common.h"

#include "ep-audit-chain.h"
#include "ep-audit.h"
#include "ep-crypto.h"
#include "ep-db-conn.h"

#include <string.h>

#define BLOCK_EVENTS 4

/* ---- a block, read and written back by the owner ------------------------------------------- */

typedef struct
{
  gint64 first_seq;
  gint64 last_seq;
  GPtrArray *records; /* GByteArray: one event's canonical bytes each */
  GByteArray *hashes;
} TestBlock;

static void
test_block_free (TestBlock *block)
{
  g_ptr_array_unref (block->records);
  g_byte_array_unref (block->hashes);
  g_free (block);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestBlock, test_block_free)

static TestBlock *
read_block (PGconn *owner, const gchar *gemeente, gint64 first_seq)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *first = g_strdup_printf ("%" G_GINT64_FORMAT, first_seq);
  g_autoptr (EpDbParams) params = ep_test_params (gemeente, first, NULL);
  g_autoptr (PGresult) res = ep_db_exec (owner,
                                         "SELECT last_seq, encode(hashes, 'hex') AS hashes,"
                                         "       encode(records, 'hex') AS records"
                                         "  FROM audit_block"
                                         " WHERE gemeente = $1 AND first_seq = $2::bigint",
                                         params, PGRES_TUPLES_OK, "read block", &error);
  EP_ASSERT_NO_ERROR (res != NULL, error);
  ck_assert_int_eq (PQntuples (res), 1);

  TestBlock *block = g_new0 (TestBlock, 1);
  block->first_seq = first_seq;
  block->last_seq = ep_db_get_int64 (res, 0, "last_seq", 0);
  const gchar *hashes_hex = ep_db_get_text (res, 0, "hashes");
  const gchar *records_hex = ep_db_get_text (res, 0, "records");
  block->hashes = g_byte_array_sized_new (strlen (hashes_hex) / 2);
  g_byte_array_set_size (block->hashes, strlen (hashes_hex) / 2);
  ck_assert (ep_hex_decode (hashes_hex, block->hashes->data, block->hashes->len));
  g_autofree guint8 *records = g_malloc (strlen (records_hex) / 2);
  gsize records_len = strlen (records_hex) / 2;
  ck_assert (ep_hex_decode (records_hex, records, records_len));

  block->records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_byte_array_unref);
  for (gsize at = 0; at < records_len;)
    {
      guint32 be;
      memcpy (&be, records + at, 4);
      guint32 len = GUINT32_FROM_BE (be);
      GByteArray *record = g_byte_array_sized_new (len);
      g_byte_array_append (record, records + at + 4, len);
      g_ptr_array_add (block->records, record);
      at += 4 + len;
    }
  ck_assert_int_eq (block->records->len, block->last_seq - block->first_seq + 1);
  return block;
}

static void
write_block (PGconn *owner, const gchar *gemeente, const TestBlock *block)
{
  g_autoptr (GByteArray) records = g_byte_array_new ();
  for (guint i = 0; i < block->records->len; i++)
    {
      const GByteArray *record = g_ptr_array_index (block->records, i);
      guint32 be = GUINT32_TO_BE (record->len);
      g_byte_array_append (records, (const guint8 *) &be, 4);
      g_byte_array_append (records, record->data, record->len);
    }
  g_autofree gchar *first = g_strdup_printf ("%" G_GINT64_FORMAT, block->first_seq);
  g_autofree gchar *last
    = g_strdup_printf ("%" G_GINT64_FORMAT, block->first_seq + block->records->len - 1);
  g_autofree gchar *hashes_hex = ep_hex_encode (block->hashes->data, block->hashes->len);
  g_autofree gchar *records_hex = ep_hex_encode (records->data, records->len);
  g_autoptr (EpDbParams) params
    = ep_test_params (gemeente, first, last, hashes_hex, records_hex, NULL);
  g_autoptr (GError) error = NULL;
  EP_ASSERT_NO_ERROR (ep_db_exec_command (owner,
                                          "UPDATE audit_block SET last_seq = $3::bigint,"
                                          "       hashes = decode($4, 'hex'),"
                                          "       records = decode($5, 'hex')"
                                          " WHERE gemeente = $1 AND first_seq = $2::bigint",
                                          params, "write block", &error),
                      error);
}

static guint8 *
hash_at (TestBlock *block, gint64 seq)
{
  return block->hashes->data + (seq - block->first_seq) * EP_AUDIT_HASH_LEN;
}

static GByteArray *
record_at (TestBlock *block, gint64 seq)
{
  return g_ptr_array_index (block->records, seq - block->first_seq);
}

/* A copy of @record with one field replaced. */
static GByteArray *
with_field (const GByteArray *record, EpAuditField field, const gchar *text)
{
  EpAuditValue values[EP_AUDIT_N_FIELDS];
  ck_assert (ep_audit_canonical_parse (record->data, record->len, values));
  values[field] = (EpAuditValue){ text, (gint) strlen (text) };
  GByteArray *changed = g_byte_array_new ();
  ep_audit_canonical (values, changed);
  return changed;
}

/* Swaps the events (canonical bytes and hashes) at @a and @b. */
static void
swap_events (TestBlock *block, gint64 a, gint64 b)
{
  guint8 hash[EP_AUDIT_HASH_LEN];
  memcpy (hash, hash_at (block, a), sizeof hash);
  memcpy (hash_at (block, a), hash_at (block, b), sizeof hash);
  memcpy (hash_at (block, b), hash, sizeof hash);
  gpointer *pdata = block->records->pdata;
  gpointer record = pdata[a - block->first_seq];
  pdata[a - block->first_seq] = pdata[b - block->first_seq];
  pdata[b - block->first_seq] = record;
}

/* ---- tampering ------------------------------------------------------------------------------ */

typedef void (*BlockTamperFunc) (TestBlock *block);

static void
replace_record (TestBlock *block, gint64 seq, GByteArray *record)
{
  g_ptr_array_insert (block->records, (gint) (seq - block->first_seq), record);
  g_ptr_array_remove_index (block->records, (guint) (seq - block->first_seq + 1));
}

static void
purpose_of_6_changed (TestBlock *block)
{
  replace_record (block, 6, with_field (record_at (block, 6), EP_AUDIT_FIELD_PURPOSE, "tampered"));
}

static void
hash_of_6_changed (TestBlock *block)
{
  hash_at (block, 6)[0] ^= 0x01;
}

static void
swap_5_and_6 (TestBlock *block)
{
  swap_events (block, 5, 6);
}

static void
swap_5_and_8 (TestBlock *block)
{
  swap_events (block, 5, 8);
}

static void
remove_6 (TestBlock *block)
{
  g_ptr_array_remove_index (block->records, 6 - block->first_seq);
  g_byte_array_remove_range (block->hashes, (6 - block->first_seq) * EP_AUDIT_HASH_LEN,
                             EP_AUDIT_HASH_LEN);
}

/* Seq 6 given another municipality's code, and the block re-hashed from there on so that it is
 * consistent in itself: only the municipality in the bytes gives it away. */
static void
foreign_6 (TestBlock *block)
{
  replace_record (block, 6, with_field (record_at (block, 6), EP_AUDIT_FIELD_GEMEENTE, "GM0001"));
  g_autoptr (EpAuditHasher) hasher = ep_test_audit_hasher ();
  for (gint64 seq = 6; seq <= block->last_seq; seq++)
    {
      const GByteArray *record = record_at (block, seq);
      guint8 hash[EP_AUDIT_HASH_LEN];
      ck_assert (ep_audit_hasher_link (hasher, hash_at (block, seq - 1), record->data, record->len,
                                       hash, NULL));
      memcpy (hash_at (block, seq), hash, EP_AUDIT_HASH_LEN);
    }
}

/* A forged event put in at seq 6 by someone who knows the algorithm: it claims seq 6 and is
 * hashed onto seq 5, so that it links; the events after it keep their bytes and hashes. */
static void
forge_at_6 (TestBlock *block)
{
  GByteArray *forged = with_field (record_at (block, 6), EP_AUDIT_FIELD_ACTOR_ID, "mallory");
  guint8 hash[EP_AUDIT_HASH_LEN];
  g_autoptr (EpAuditHasher) hasher = ep_test_audit_hasher ();
  ck_assert (
    ep_audit_hasher_link (hasher, hash_at (block, 5), forged->data, forged->len, hash, NULL));
  g_ptr_array_insert (block->records, 6 - block->first_seq, forged);
  g_byte_array_set_size (block->hashes, block->hashes->len + EP_AUDIT_HASH_LEN);
  guint8 *at = block->hashes->data + (6 - block->first_seq) * EP_AUDIT_HASH_LEN;
  memmove (at + EP_AUDIT_HASH_LEN, at,
           block->hashes->len - EP_AUDIT_HASH_LEN - (at - block->hashes->data));
  memcpy (at, hash, EP_AUDIT_HASH_LEN);
}

/* The block of seq 5–8 made to claim seq 5–9 with only four hashes, after the owner dropped the
 * check that keeps a block's shape (put back NOT VALID, so that later blocks are held to it). */
static void
reshape_block_5 (PGconn *owner, const gchar *gemeente)
{
  g_autoptr (EpDbParams) params = ep_test_params (gemeente, NULL);
  g_autoptr (GError) error = NULL;
  ep_test_db_exec (owner, "ALTER TABLE audit_block DROP CONSTRAINT audit_block_check1");
  EP_ASSERT_NO_ERROR (ep_db_exec_command (owner,
                                          "UPDATE audit_block SET last_seq = 9"
                                          " WHERE gemeente = $1 AND first_seq = 5",
                                          params, "reshape block", &error),
                      error);
  ep_test_db_exec (owner, "ALTER TABLE audit_block ADD CONSTRAINT audit_block_check1"
                          " CHECK (length(hashes) = 32 * (last_seq - first_seq + 1)) NOT VALID");
}

/* The event row of packed seq 6 changed and the chain rows of its block re-chained from it:
 * the rows hold on their own, and only their blocks tell. */
static void
rechain_rows_from_6 (PGconn *owner, const gchar *gemeente)
{
  g_autoptr (EpDbParams) params = ep_test_params (gemeente, NULL);
  g_autoptr (GError) error = NULL;
  EP_ASSERT_NO_ERROR (
    ep_db_exec_command (owner, "UPDATE audit_event e SET purpose = 'tampered'" EVENT_OF_SEQ (6),
                        params, "change event", &error),
    error);
  ep_test_audit_rechain (owner, gemeente, 6, 8);
}

#define BALANCE_MOVE_SEQ_3 "UPDATE audit_event e SET xid = '4000000000'::xid8" EVENT_OF_SEQ (3)
#define BALANCE_BACK_DATE                                                                          \
  "INSERT INTO audit_event (gemeente, xid, occurred_at, actor_id, actor_role, action,"             \
  "                         entity_type, purpose)"                                                 \
  " VALUES ($1, '3'::xid8, now() - interval '1 year', 'mallory', 'admin', 'create',"               \
  "         'household', 'back-dated')"

static const struct
{
  const gchar *name;
  BlockTamperFunc block_5; /* applied to the block of seq 5–8 */
  const gchar *sql[2];
  gboolean checkpoint;  /* a signed checkpoint at 10 first, verified with the key */
  gboolean blocks_only; /* verified --blocks-only: the blocks, not the rows behind them */
  EpAuditFinding finding;
  gint64 broken_seq;
  void (*owner_tamper) (PGconn *owner, const gchar *gemeente); /* inside the tamper transaction */
} block_cases[] = {
  /* clang-format off */
  { "purpose in the bytes of seq 6 changed", purpose_of_6_changed, { NULL }, FALSE, FALSE,
    EP_AUDIT_CHANGED, 6 },
  { "hash of seq 6 in its block changed", hash_of_6_changed, { NULL }, FALSE, FALSE,
    EP_AUDIT_CHANGED, 6 },
  { "seq 5 and 6 swapped in their block", swap_5_and_6, { NULL }, FALSE, FALSE,
    EP_AUDIT_REORDERED, 5 },
  { "seq 5 and 8 swapped in their block", swap_5_and_8, { NULL }, FALSE, FALSE,
    EP_AUDIT_REORDERED, 5 },
  { "seq 6 removed from its block", remove_6, { NULL }, FALSE, FALSE, EP_AUDIT_MISSING, 6 },
  { "a forged event inserted at seq 6", forge_at_6, { NULL }, FALSE, FALSE,
    EP_AUDIT_INSERTED, 6 },
  { "seq 6 given another municipality, its block re-hashed", foreign_6, { NULL }, FALSE, FALSE,
    EP_AUDIT_CHANGED, 6 },
  { "the block of seq 5-8 claiming seq 9 too, with four hashes", NULL, { NULL }, FALSE, FALSE,
    EP_AUDIT_CHANGED, 5, reshape_block_5 },
  { "the block of seq 1-4 deleted", NULL,
    { "DELETE FROM audit_block WHERE gemeente = $1 AND first_seq = 1" }, FALSE, FALSE,
    EP_AUDIT_MISSING, 1 },
  { "seq 5-10 cut off after a checkpoint at 10", NULL,
    { "DELETE FROM audit_block WHERE gemeente = $1 AND first_seq = 5",
      "DELETE FROM audit_chain WHERE gemeente = $1 AND seq >= 5" }, TRUE, FALSE,
    EP_AUDIT_TRUNCATED, 5 },
  { "the event of seq 9, after the blocks, changed", NULL,
    { "UPDATE audit_event e SET purpose = 'tampered'" EVENT_OF_SEQ (9) }, FALSE, FALSE,
    EP_AUDIT_CHANGED, 9 },
  /* What supervisors query (the event rows) behind a block: the plain verify reads it too;
   * --blocks-only does not, and says so. */
  { "the event row of packed seq 6 changed, verified", NULL,
    { "UPDATE audit_event e SET purpose = 'tampered'" EVENT_OF_SEQ (6) }, FALSE, FALSE,
    EP_AUDIT_CHANGED, 6 },
  { "the event row of packed seq 6 changed, verified --blocks-only", NULL,
    { "UPDATE audit_event e SET purpose = 'tampered'" EVENT_OF_SEQ (6) }, FALSE, TRUE,
    EP_AUDIT_INTACT, 0 },
  { "the chain row of packed seq 6 deleted, verified", NULL,
    { "DELETE FROM audit_chain WHERE gemeente = $1 AND seq = 6" }, FALSE, FALSE,
    EP_AUDIT_MISSING, 6 },
  { "the chain row hash of packed seq 6 changed with its event's, verified", NULL,
    { "UPDATE audit_event e SET purpose = 'tampered'" EVENT_OF_SEQ (6),
      "UPDATE audit_chain SET hash = sha256(hash) WHERE gemeente = $1 AND seq = 6" },
    FALSE, FALSE, EP_AUDIT_CHANGED, 6 },
  { "the event row of packed seq 6 changed, the chain rows re-chained from it, verified",
    NULL, { NULL }, FALSE, FALSE, EP_AUDIT_CHANGED, 6, rechain_rows_from_6 },
  /* The counts balanced: an event moved after the head (its xid is not hashed) and a forged
   * one back-dated behind it. The search event by event names it; --blocks-only compares
   * counts only. */
  { "an event back-dated behind the head, the counts balanced, verified", NULL,
    { BALANCE_MOVE_SEQ_3, BALANCE_BACK_DATE }, FALSE, FALSE, EP_AUDIT_UNCOVERED, 0 },
  { "an event back-dated behind the head, the counts balanced, verified --blocks-only", NULL,
    { BALANCE_MOVE_SEQ_3, BALANCE_BACK_DATE }, FALSE, TRUE, EP_AUDIT_INTACT, 0 },
  /* clang-format on */
};

/* Ten events sealed, packed in blocks of four. */
static void
seal_and_pack (PGconn *app, const gchar *gemeente)
{
  g_autoptr (GError) error = NULL;
  guint64 packed = 0;
  ep_test_audit_write_n (app, gemeente, 10, NULL);
  ck_assert_uint_eq (ep_test_audit_seal (app, gemeente), 10);
  EP_ASSERT_NO_ERROR (ep_audit_pack (app, gemeente, BLOCK_EVENTS, &packed, &error), error);
  ck_assert_uint_eq (packed, 8);
}

static void
run_tamper (PGconn *owner, const gchar *gemeente, gsize i)
{
  ep_test_audit_tamper_begin (owner);
  if (block_cases[i].block_5 != NULL)
    {
      g_autoptr (TestBlock) block = read_block (owner, gemeente, 5);
      block_cases[i].block_5 (block);
      write_block (owner, gemeente, block);
    }
  if (block_cases[i].owner_tamper != NULL)
    block_cases[i].owner_tamper (owner, gemeente);
  for (gsize s = 0; s < G_N_ELEMENTS (block_cases[i].sql) && block_cases[i].sql[s]; s++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (EpDbParams) params = ep_test_params (gemeente, NULL);
      g_autoptr (PGresult) res
        = ep_db_exec (owner, block_cases[i].sql[s], params, PGRES_COMMAND_OK, "tamper", &error);
      EP_ASSERT_NO_ERROR (res != NULL, error);
      ck_assert_msg (g_ascii_strtoll (PQcmdTuples (res), NULL, 10) > 0,
                     "%s: statement %zu touched no row", block_cases[i].name, s);
    }
  ep_test_audit_tamper_end (owner);
}

START_TEST (test_block_tampering_detected)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *gemeente = ep_test_audit_gemeente (owner);
  g_autoptr (EpSigningKey) key = ep_test_audit_key ();
  g_autoptr (EpSigningKey) public_key = ep_test_audit_public_key (key);
  EpAuditVerifyOptions options = { .blocks_only = block_cases[_i].blocks_only };
  EpAuditReport report = { 0 };

  seal_and_pack (app, gemeente);
  if (block_cases[_i].checkpoint)
    {
      EP_ASSERT_NO_ERROR (ep_audit_checkpoint (app, gemeente, key, NULL, &error), error);
      options.public_key = public_key;
    }
  EP_ASSERT_NO_ERROR (ep_audit_verify_with (app, gemeente, &options, &report, &error), error);
  EP_ASSERT_FINDING (&report, EP_AUDIT_INTACT, 0);
  ep_audit_report_clear (&report);

  run_tamper (owner, gemeente, _i);
  gboolean ran = ep_audit_verify_with (app, gemeente, &options, &report, &error);
  ep_test_audit_remove_trail (owner, gemeente);
  EP_ASSERT_NO_ERROR (ran, error);
  EP_ASSERT_CASE_FINDING (block_cases[_i].name, &report, block_cases[_i].finding,
                          block_cases[_i].broken_seq);
  ep_audit_report_clear (&report);
}
END_TEST

/* ---- packing -------------------------------------------------------------------------------- */

START_TEST (test_pack_blocks)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *gemeente = ep_test_audit_gemeente (owner);
  g_autoptr (EpDbParams) params = ep_test_params (gemeente, NULL);

  /* The sealer packs only whole blocks of EP_AUDIT_BLOCK_EVENTS: ten events make none. */
  ep_test_audit_write_n (app, gemeente, 10, NULL);
  ck_assert_uint_eq (ep_test_audit_seal (app, gemeente), 10);
  ck_assert_int_eq (
    ep_test_query_int (owner, "SELECT count(*) FROM audit_block WHERE gemeente = $1", params), 0);

  guint64 packed = 0;
  EP_ASSERT_NO_ERROR (ep_audit_pack (app, gemeente, BLOCK_EVENTS, &packed, &error), error);
  ck_assert_uint_eq (packed, 8);
  g_autofree gchar *blocks
    = ep_test_query_value (owner,
                           "SELECT string_agg(first_seq || '-' || last_seq, ',' ORDER BY first_seq)"
                           "  FROM audit_block WHERE gemeente = $1",
                           params);
  ck_assert_str_eq (blocks, "1-4,5-8");
  /* Packing again adds nothing: 9 and 10 wait for two more. */
  EP_ASSERT_NO_ERROR (ep_audit_pack (app, gemeente, BLOCK_EVENTS, &packed, &error), error);
  ck_assert_uint_eq (packed, 0);

  /* Checked in SQL alone, as an auditor could: each block links to the one before, each
   * event's bytes hash (sha256 of the hash before ‖ the bytes) to its hash, and that is the
   * hash of its chain row. */
  ck_assert_int_eq (
    ep_test_query_int (
      owner,
      "WITH RECURSIVE ev (first_seq, seq, at, prev, n) AS ("
      "  SELECT b.first_seq, b.first_seq, 1, b.prev_hash, 0 FROM audit_block b"
      "   WHERE b.gemeente = $1"
      "  UNION ALL"
      "  SELECT ev.first_seq, ev.seq + 1,"
      "         ev.at + 4 + ('x' || encode(substring(b.records FROM ev.at FOR 4), "
      "'hex'))::bit(32)::int,"
      "         substring(b.hashes FROM (32 * (ev.seq - b.first_seq) + 1)::int FOR 32), ev.n + 1"
      "    FROM ev JOIN audit_block b ON b.gemeente = $1 AND b.first_seq = ev.first_seq"
      "   WHERE ev.seq <= b.last_seq)"
      "SELECT count(*) FROM ev JOIN audit_block b ON b.gemeente = $1 AND b.first_seq = ev.first_seq"
      "  JOIN audit_chain c ON c.gemeente = $1 AND c.seq = ev.seq"
      " WHERE ev.seq <= b.last_seq"
      "   AND c.prev_hash = ev.prev"
      "   AND c.hash = sha256(ev.prev || substring(b.records FROM ev.at + 4"
      "         FOR ('x' || encode(substring(b.records FROM ev.at FOR 4), 'hex'))::bit(32)::int))"
      "   AND c.hash = substring(b.hashes FROM (32 * (ev.seq - b.first_seq) + 1)::int FOR 32)",
      params),
    8);

  /* Verify reads the blocks and the chain rows after them; from inside a block too. */
  EpAuditReport report = { 0 };
  ep_test_audit_verify (app, gemeente, 0, NULL, &report);
  EP_ASSERT_FINDING (&report, EP_AUDIT_INTACT, 0);
  ck_assert_int_eq (report.events, 10);
  ck_assert_int_eq (report.head_seq, 10);
  g_autofree gchar *head_hex = ep_hex_encode (report.head_hash, sizeof report.head_hash);
  g_autofree gchar *stored = ep_test_query_value (
    owner, "SELECT encode(hash, 'hex') FROM audit_chain WHERE gemeente = $1 AND seq = 10", params);
  ck_assert_str_eq (head_hex, stored);
  ep_audit_report_clear (&report);

  ep_test_audit_verify (app, gemeente, 6, NULL, &report);
  EP_ASSERT_FINDING (&report, EP_AUDIT_INTACT, 0);
  ck_assert_int_eq (report.events, 5);
  ep_audit_report_clear (&report);

  /* --blocks-only leaves the rows behind the blocks unread, yet reports the same events and
   * head. */
  EpAuditVerifyOptions blocks_only = { .blocks_only = TRUE };
  EP_ASSERT_NO_ERROR (ep_audit_verify_with (app, gemeente, &blocks_only, &report, &error), error);
  EP_ASSERT_FINDING (&report, EP_AUDIT_INTACT, 0);
  ck_assert_int_eq (report.events, 10);
  ck_assert (!report.rows_checked);
  g_autofree gchar *blocks_head_hex = ep_hex_encode (report.head_hash, sizeof report.head_hash);
  ck_assert_str_eq (blocks_head_hex, stored);
  ep_audit_report_clear (&report);
}
END_TEST

/* A chain that does not hold is not packed: a block holds only what the chain vouches for. */
START_TEST (test_pack_refuses_broken_chain)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *gemeente = ep_test_audit_gemeente (owner);
  g_autoptr (EpDbParams) params = ep_test_params (gemeente, NULL);

  ep_test_audit_write_n (app, gemeente, 10, NULL);
  ck_assert_uint_eq (ep_test_audit_seal (app, gemeente), 10);
  ep_test_audit_tamper_begin (owner);
  g_autoptr (PGresult) changed
    = ep_db_exec (owner, "UPDATE audit_event e SET purpose = 'tampered'" EVENT_OF_SEQ (6), params,
                  PGRES_COMMAND_OK, "tamper", &error);
  EP_ASSERT_NO_ERROR (changed != NULL, error);
  ep_test_audit_tamper_end (owner);

  guint64 packed = 99;
  gboolean ok = ep_audit_pack (app, gemeente, BLOCK_EVENTS, &packed, &error);
  gint64 blocks
    = ep_test_query_int (owner, "SELECT count(*) FROM audit_block WHERE gemeente = $1", params);
  ep_test_audit_remove_trail (owner, gemeente);
  ck_assert (!ok);
  ck_assert_ptr_nonnull (error);
  ck_assert_msg (strstr (error->message, "does not hold at seq 6") != NULL, "%s", error->message);
  EP_ASSERT_AUDIT_ERROR (error, EP_AUDIT_ERROR_CHAIN_BROKEN);
  ck_assert_uint_eq (packed, 4); /* seq 1–4 held and were packed */
  ck_assert_int_eq (blocks, 1);
}
END_TEST

/* ---- two halves at once --------------------------------------------------------------------- */

/* 40 events in ten blocks of four: verify reads them in ranges on a connection per core at once
 * (this needs two cores or more), and falls back to one stream to name a break exactly. */
static void
purpose_of_6_in_first_block (PGconn *owner, const gchar *gemeente)
{
  g_autoptr (TestBlock) block = read_block (owner, gemeente, 5);
  purpose_of_6_changed (block);
  write_block (owner, gemeente, block);
}

static void
purpose_of_30_changed (PGconn *owner, const gchar *gemeente)
{
  g_autoptr (TestBlock) block = read_block (owner, gemeente, 29);
  replace_record (block, 30,
                  with_field (record_at (block, 30), EP_AUDIT_FIELD_PURPOSE, "tampered"));
  write_block (owner, gemeente, block);
}

static void
swap_21_and_22 (PGconn *owner, const gchar *gemeente)
{
  g_autoptr (TestBlock) block = read_block (owner, gemeente, 21);
  swap_events (block, 21, 22);
  write_block (owner, gemeente, block);
}

/* The second half's first block no longer links to the first half's last. */
static void
unlink_21 (PGconn *owner, const gchar *gemeente)
{
  g_autoptr (EpDbParams) params = ep_test_params (gemeente, NULL);
  g_autoptr (GError) error = NULL;
  EP_ASSERT_NO_ERROR (ep_db_exec_command (owner,
                                          "UPDATE audit_block SET prev_hash = sha256(prev_hash)"
                                          " WHERE gemeente = $1 AND first_seq = 21",
                                          params, "unlink block", &error),
                      error);
}

static const struct
{
  const gchar *name;
  void (*tamper) (PGconn *owner, const gchar *gemeente);
  EpAuditFinding finding;
  gint64 broken_seq;
} split_cases[] = {
  { "intact", NULL, EP_AUDIT_INTACT, 0 },
  { "seq 6 changed, in the first range", purpose_of_6_in_first_block, EP_AUDIT_CHANGED, 6 },
  { "seq 30 changed, in a later range", purpose_of_30_changed, EP_AUDIT_CHANGED, 30 },
  { "seq 21 and 22 swapped", swap_21_and_22, EP_AUDIT_REORDERED, 21 },
  { "the block of seq 21 unlinked from seq 20", unlink_21, EP_AUDIT_MISSING, 21 },
};

START_TEST (test_split_verify)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *gemeente = ep_test_audit_gemeente (owner);
  g_autoptr (EpDbParams) params = ep_test_params (gemeente, NULL);
  guint64 packed = 0;

  ep_test_audit_write_n (app, gemeente, 42, NULL);
  ck_assert_uint_eq (ep_test_audit_seal (app, gemeente), 42);
  EP_ASSERT_NO_ERROR (ep_audit_pack (app, gemeente, BLOCK_EVENTS, &packed, &error), error);
  ck_assert_uint_eq (packed, 40);
  if (split_cases[_i].tamper != NULL)
    {
      ep_test_audit_tamper_begin (owner);
      split_cases[_i].tamper (owner, gemeente);
      ep_test_audit_tamper_end (owner);
    }

  EpAuditReport report = { 0 };
  ep_test_audit_verify (app, gemeente, 0, NULL, &report);
  g_autofree gchar *head_hex = ep_hex_encode (report.head_hash, sizeof report.head_hash);
  g_autofree gchar *stored = ep_test_query_value (
    owner, "SELECT encode(hash, 'hex') FROM audit_chain WHERE gemeente = $1 AND seq = 42", params);
  /* Every byte hashed once, whichever thread hashed it: the blocks' bytes, and the two chain
   * rows after them (as verify from seq 41 counts them, in one stream). */
  gint64 block_bytes
    = ep_test_query_int (owner,
                         "SELECT sum(length(records) - 4 * (last_seq - first_seq + 1)"
                         "           + 32 * (last_seq - first_seq + 1))"
                         "  FROM audit_block WHERE gemeente = $1",
                         params);
  EpAuditReport tail = { 0 };
  ep_test_audit_verify (app, gemeente, 41, NULL, &tail);
  ep_test_audit_remove_trail (owner, gemeente);

  EP_ASSERT_CASE_FINDING (split_cases[_i].name, &report, split_cases[_i].finding,
                          split_cases[_i].broken_seq);
  if (split_cases[_i].finding == EP_AUDIT_INTACT)
    {
      ck_assert_uint_eq (report.connections, MIN (g_get_num_processors (), 8));
      /* Both halves and the two chain rows after them, each once. */
      ck_assert_int_eq (report.events, 42);
      ck_assert_int_eq (report.head_seq, 42);
      ck_assert_int_eq (report.pending, 0);
      ck_assert_str_eq (head_hex, stored);
      ck_assert_int_eq (tail.events, 2);
      ck_assert_uint_eq (report.bytes_hashed, (guint64) block_bytes + tail.bytes_hashed);
    }
  else
    ck_assert_uint_eq (report.connections, 1); /* read again as one stream */
  ep_audit_report_clear (&report);
  ep_audit_report_clear (&tail);
}
END_TEST

Suite *
ep_test_audit_blocks_suite (void)
{
  Suite *suite = suite_create ("audit-blocks");

  TCase *pack = tcase_create ("pack");
  tcase_add_test (pack, test_pack_blocks);
  tcase_add_test (pack, test_pack_refuses_broken_chain);
  suite_add_tcase (suite, pack);

  TCase *tamper = tcase_create ("tamper");
  tcase_add_loop_test (tamper, test_block_tampering_detected, 0, G_N_ELEMENTS (block_cases));
  suite_add_tcase (suite, tamper);

  TCase *split = tcase_create ("split");
  tcase_add_loop_test (split, test_split_verify, 0, G_N_ELEMENTS (split_cases));
  suite_add_tcase (suite, split);
  return suite;
}
