/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-audit-common.c: helpers of the audit suites (see test-audit-common.h).
 */
#include "test-audit-common.h"

#include "ep-crypto.h"

#include <string.h>

gchar *
ep_test_audit_gemeente (PGconn *owner)
{
  g_autofree gchar *marker = ep_test_marker ();
  g_autofree gchar *naam = g_strconcat ("Auditgemeente ", marker, NULL);
  g_autoptr (EpDbParams) params = ep_test_params (naam, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (PGresult) res
    = ep_db_exec (owner,
                  "INSERT INTO gemeente (gemeente, naam)"
                  " SELECT 'GM' || n, $1 FROM generate_series(9000, 9999) AS n"
                  "  WHERE NOT EXISTS (SELECT FROM gemeente g WHERE g.gemeente = 'GM' || n)"
                  "  ORDER BY n LIMIT 1"
                  " RETURNING gemeente",
                  params, PGRES_TUPLES_OK, "add a test municipality", &error);

  ck_assert_msg (res != NULL, "%s", error ? error->message : "");
  ck_assert_msg (PQntuples (res) == 1, "no unused code GM9000…GM9999 left");
  return g_strdup (PQgetvalue (res, 0, 0));
}

typedef struct
{
  guint n;
  gint64 event_id;
} WriteJob;

static gboolean
write_household (PGconn *conn, gpointer data, GError **error)
{
  WriteJob *job = data;
  g_autofree gchar *huisnummer = g_strdup_printf ("%u", job->n % 99999 + 1);
  g_autoptr (EpDbParams) params = ep_test_params (huisnummer, NULL);
  g_autoptr (PGresult) res
    = ep_db_exec (conn,
                  "INSERT INTO household (gemeente, postcode, huisnummer, wijk)"
                  " VALUES (current_gemeente(), '7550AA', $1::int, 'audit') RETURNING id::text",
                  params, PGRES_TUPLES_OK, "insert household", error);
  if (res == NULL)
    return FALSE;
  const gchar *household = PQgetvalue (res, 0, 0);

  g_autoptr (JsonBuilder) builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "postcode");
  json_builder_add_string_value (builder, "7550AA");
  json_builder_set_member_name (builder, "huisnummer");
  json_builder_add_int_value (builder, job->n % 99999 + 1);
  json_builder_end_object (builder);
  g_autoptr (JsonNode) change = json_builder_get_root (builder);

  return ep_audit_record (conn,
                          &(EpAuditEvent){ .action = "create",
                                           .entity_type = "household",
                                           .entity_id = household,
                                           .household_id = household,
                                           .purpose = "wmo-toegang",
                                           .change = change },
                          &job->event_id, error);
}

gboolean
ep_test_audit_write (PGconn *conn, const gchar *gemeente, const gchar *actor, guint n,
                     gint64 *event_id, GError **error)
{
  WriteJob job = { .n = n };
  EpDbTxContext ctx = { .gemeente = gemeente, .actor_id = actor, .actor_role = "casemanager" };

  if (!ep_db_run_tx (conn, &ctx, write_household, &job, NULL, error))
    return FALSE;
  if (event_id != NULL)
    *event_id = job.event_id;
  return TRUE;
}

void
ep_test_audit_write_n (PGconn *app, const gchar *gemeente, guint n, gint64 *ids)
{
  static const gchar *const actors[] = { "u0", "u1", "u2" };

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GError) error = NULL;
      gint64 id = 0;
      gboolean ok
        = ep_test_audit_write (app, gemeente, actors[i % G_N_ELEMENTS (actors)], i, &id, &error);
      ck_assert_msg (ok, "audited write %u: %s", i, error ? error->message : "(no GError)");
      if (ids != NULL)
        ids[i] = id;
    }
}

guint64
ep_test_audit_seal (PGconn *conn, const gchar *gemeente)
{
  g_autoptr (GError) error = NULL;
  guint64 n = 0;
  gboolean ok = ep_audit_seal (conn, gemeente, &n, &error);

  ck_assert_msg (ok, "seal %s: %s", gemeente, error ? error->message : "(no GError)");
  return n;
}

void
ep_test_audit_verify (PGconn *conn, const gchar *gemeente, gint64 from_seq,
                      const EpSigningKey *public_key, EpAuditReport *report)
{
  EpAuditVerifyOptions options = { .from_seq = from_seq, .public_key = public_key };
  ep_test_audit_verify_with (conn, gemeente, &options, report);
}

void
ep_test_audit_verify_with (PGconn *conn, const gchar *gemeente, const EpAuditVerifyOptions *options,
                           EpAuditReport *report)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = ep_audit_verify_with (conn, gemeente, options, report, &error);

  ck_assert_msg (ok, "verify %s could not run: %s", gemeente,
                 error ? error->message : "(no GError)");
}

void
ep_test_audit_tamper_begin (PGconn *owner)
{
  ep_test_db_exec (owner,
                   "BEGIN;"
                   "ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only;"
                   "ALTER TABLE audit_chain DISABLE TRIGGER audit_chain_append_only;"
                   "ALTER TABLE audit_block DISABLE TRIGGER audit_block_append_only;"
                   "ALTER TABLE audit_checkpoint DISABLE TRIGGER audit_checkpoint_append_only");
}

void
ep_test_audit_tamper_end (PGconn *owner)
{
  ep_test_db_exec (owner,
                   "ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only;"
                   "ALTER TABLE audit_chain ENABLE TRIGGER audit_chain_append_only;"
                   "ALTER TABLE audit_block ENABLE TRIGGER audit_block_append_only;"
                   "ALTER TABLE audit_checkpoint ENABLE TRIGGER audit_checkpoint_append_only;"
                   "COMMIT");
}

void
ep_test_audit_remove_trail (PGconn *owner, const gchar *gemeente)
{
  static const gchar *const statements[] = {
    "DELETE FROM audit_chain WHERE gemeente = $1",
    "DELETE FROM audit_block WHERE gemeente = $1",
    "DELETE FROM audit_event WHERE gemeente = $1",
    "DELETE FROM audit_checkpoint WHERE gemeente = $1",
  };
  g_autoptr (EpDbParams) params = ep_test_params (gemeente, NULL);

  ep_test_audit_tamper_begin (owner);
  for (gsize i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      g_autoptr (GError) error = NULL;
      gboolean ok = ep_db_exec_command (owner, statements[i], params, "remove trail", &error);
      ck_assert_msg (ok, "%s: %s", statements[i], error ? error->message : "");
    }
  ep_test_audit_tamper_end (owner);
}

EpSigningKey *
ep_test_audit_key (void)
{
  g_autoptr (GError) error = NULL;
  EpSigningKey *key = ep_signing_key_generate (&error);

  ck_assert_msg (key != NULL, "%s", error ? error->message : "");
  return key;
}

EpSigningKey *
ep_test_audit_public_key (const EpSigningKey *key)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *pem = ep_signing_key_to_pem (key, FALSE, &error);

  ck_assert_msg (pem != NULL, "%s", error ? error->message : "");
  EpSigningKey *public_key = ep_signing_key_from_pem (pem, strlen (pem), &error);
  ck_assert_msg (public_key != NULL, "%s", error ? error->message : "");
  ck_assert (!ep_signing_key_can_sign (public_key));
  return public_key;
}

EpAuditHasher *
ep_test_audit_hasher (void)
{
  g_autoptr (GError) error = NULL;
  EpAuditHasher *hasher = ep_audit_hasher_new (&error);
  ck_assert_msg (hasher != NULL, "%s", error ? error->message : "");
  return hasher;
}

/* ---- tampering as someone who knows the algorithm ---- */

static void
hex_to_hash (const gchar *hex, guint8 out[EP_AUDIT_HASH_LEN])
{
  ck_assert_msg (hex != NULL && strlen (hex) == 2 * EP_AUDIT_HASH_LEN, "not a hash: %s",
                 hex ? hex : "NULL");
  for (gsize i = 0; i < EP_AUDIT_HASH_LEN; i++)
    out[i]
      = (guint8) (g_ascii_xdigit_value (hex[2 * i]) << 4 | g_ascii_xdigit_value (hex[2 * i + 1]));
}

/* The stored hash of @seq (32 zero bytes for seq 0). */
void
ep_test_audit_stored_hash (PGconn *owner, const gchar *gemeente, gint64 seq,
                           guint8 out[EP_AUDIT_HASH_LEN])
{
  memset (out, 0, EP_AUDIT_HASH_LEN);
  if (seq == 0)
    return;
  g_autofree gchar *seq_text = g_strdup_printf ("%" G_GINT64_FORMAT, seq);
  g_autoptr (EpDbParams) params = ep_test_params (gemeente, seq_text, NULL);
  g_autofree gchar *hex = ep_test_query_value (owner,
                                               "SELECT encode(hash, 'hex') FROM audit_chain"
                                               " WHERE gemeente = $1 AND seq = $2::bigint",
                                               params);
  hex_to_hash (hex, out);
}

/* The id of the event at @seq. */
gchar *
ep_test_audit_event_at (PGconn *owner, const gchar *gemeente, gint64 seq)
{
  g_autofree gchar *seq_text = g_strdup_printf ("%" G_GINT64_FORMAT, seq);
  g_autoptr (EpDbParams) params = ep_test_params (gemeente, seq_text, NULL);
  return ep_test_query_value (
    owner, "SELECT event_id::text FROM audit_chain WHERE gemeente = $1 AND seq = $2::bigint",
    params);
}

/*
 * The hash of event @event_id at @seq after @prev, computed the way an outside auditor
 * would, from docs/audit.md and core/ep-audit-chain.h: every field read as text with plain
 * SQL (not the binary rows ep-audit.c decodes), occurred_at as microseconds since the Unix
 * epoch, the household as a lowercase UUID, change as the JSON text stored.
 */
void
ep_test_audit_recompute_hash (PGconn *owner, const gchar *gemeente, const gchar *event_id,
                              gint64 seq, const guint8 prev[EP_AUDIT_HASH_LEN],
                              guint8 out[EP_AUDIT_HASH_LEN])
{
  g_autoptr (GError) error = NULL;
  g_autoptr (EpDbParams) params = ep_test_params (gemeente, event_id, NULL);
  g_autoptr (PGresult) res = ep_db_exec (
    owner,
    "SELECT gemeente, id::text, (extract(epoch FROM occurred_at) * 1000000)::bigint::text,"
    "       actor_id, actor_role, on_behalf_of, action, entity_type, entity_id,"
    "       household_id::text, purpose, outcome, change::text"
    "  FROM audit_event WHERE gemeente = $1 AND id = $2::bigint",
    params, PGRES_TUPLES_OK, "read event as text", &error);
  ck_assert_msg (res != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (PQntuples (res), 1);

  g_autofree gchar *seq_text = g_strdup_printf ("%" G_GINT64_FORMAT, seq);
  EpAuditValue values[EP_AUDIT_N_FIELDS];
  for (int col = 0; col < 13; col++)
    {
      /* Column 0 is the gemeente; columns 1… are the fields after seq. */
      int field = col == 0 ? EP_AUDIT_FIELD_GEMEENTE : col + 1;
      values[field] = PQgetisnull (res, 0, col)
                        ? (EpAuditValue){ NULL, -1 }
                        : (EpAuditValue){ PQgetvalue (res, 0, col), PQgetlength (res, 0, col) };
    }
  values[EP_AUDIT_FIELD_SEQ] = (EpAuditValue){ seq_text, (gint) strlen (seq_text) };

  g_autoptr (GByteArray) canonical = g_byte_array_new ();
  g_autoptr (EpAuditHasher) hasher = ep_test_audit_hasher ();
  ep_audit_canonical (values, canonical);
  ck_assert (ep_audit_hasher_link (hasher, prev, canonical->data, canonical->len, out, NULL));
}

/* Recomputes prev_hash and hash of seq @from…@to from the events they point at, as someone
 * who knows the algorithm would after changing the chain: it is consistent again. */
void
ep_test_audit_rechain (PGconn *owner, const gchar *gemeente, gint64 from, gint64 to)
{
  guint8 prev[EP_AUDIT_HASH_LEN];
  ep_test_audit_stored_hash (owner, gemeente, from - 1, prev);
  for (gint64 seq = from; seq <= to; seq++)
    {
      guint8 hash[EP_AUDIT_HASH_LEN];
      g_autofree gchar *event = ep_test_audit_event_at (owner, gemeente, seq);
      ep_test_audit_recompute_hash (owner, gemeente, event, seq, prev, hash);
      g_autofree gchar *seq_text = g_strdup_printf ("%" G_GINT64_FORMAT, seq);
      g_autofree gchar *prev_hex = ep_hex_encode (prev, sizeof prev);
      g_autofree gchar *hash_hex = ep_hex_encode (hash, sizeof hash);
      g_autoptr (EpDbParams) params = ep_test_params (gemeente, seq_text, prev_hex, hash_hex, NULL);
      g_autoptr (GError) error = NULL;
      EP_ASSERT_NO_ERROR (
        ep_db_exec_command (owner,
                            "UPDATE audit_chain SET prev_hash = decode($3, 'hex'),"
                            "                       hash = decode($4, 'hex')"
                            " WHERE gemeente = $1 AND seq = $2::bigint",
                            params, "rewrite chain row", &error),
        error);
      memcpy (prev, hash, sizeof prev);
    }
}
