/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-audit.c: the audit chain's verification and checkpoints over HTTP, for a supervisor of a
 * municipality of the test's own (its chain is tampered with): the checkpoints newest first, a
 * page at a time, exactly as they were signed; a verification asked for and answered exactly as
 * the verifier of audit/ reports the same chain, intact, and after an event was changed as the
 * owner can, with the finding and the first broken seq; every look in the access log.
 */
#include "http-suites.h"

#include "ep-audit.h"

#include <string.h>

#define GM "GM0998"

/* Requests about the verification made by verify_over_http(): each is an access-log row. */
static gint64 verification_looks;

/* @text as a JSON string, quoted and escaped. Returns: (transfer full). */
static gchar *
json_text (const gchar *text)
{
  g_autoptr (JsonNode) node = json_node_new (JSON_NODE_VALUE);
  json_node_set_string (node, text);
  return json_to_string (node, FALSE);
}

/* Waits until every event of GM is sealed (the server's sealer runs every 500 ms), at most
 * 30 s; returns how many there are. */
static gint64
wait_sealed (PGconn *owner)
{
  for (int i = 0; i < 300; i++)
    {
      gint64 events
        = ep_test_db_count (owner, "SELECT count(*) FROM audit_event WHERE gemeente = '" GM "'");
      gint64 chained
        = ep_test_db_count (owner, "SELECT count(*) FROM audit_chain WHERE gemeente = '" GM "'");
      if (events == chained)
        return chained;
      g_usleep (100 * 1000);
    }
  ck_abort_msg ("the sealer did not seal " GM " in 30 s");
  return -1;
}

/* ep_http_verify(), counting its requests: each is an access-log row. */
static JsonNode *
verify_over_http (const EpHttpClient *client)
{
  guint requests = 0;
  JsonNode *answer = ep_http_verify (client, GM, &requests);
  verification_looks += requests;
  return answer;
}

/* What the answer must be: audit/'s own verifier on the same chain, as the server runs it. */
static gchar *
want_verification (gint64 runs, const gchar *outcome)
{
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_auto (EpAuditReport) r = { 0 };
  EpAuditVerifyOptions options = { 0 };
  g_autoptr (GError) error = NULL;
  EP_ASSERT_NO_ERROR (ep_audit_verify_with (app, GM, &options, &r, &error), error);
  gboolean intact = r.finding == EP_AUDIT_INTACT;
  g_autofree gchar *broken
    = intact ? g_strdup ("null") : g_strdup_printf ("%" G_GINT64_FORMAT, r.broken_seq);
  g_autofree gchar *detail = r.detail ? json_text (r.detail) : g_strdup ("null");
  g_autofree gchar *checkpoint = r.checkpoint_seq >= 0
                                   ? g_strdup_printf ("%" G_GINT64_FORMAT, r.checkpoint_seq)
                                   : g_strdup ("null");
  return g_strdup_printf (
    "{\"gemeente\":\"" GM "\",\"queued\":false,\"running\":false,\"runs\":%" G_GINT64_FORMAT
    ",\"last\":{\"outcome\":\"%s\",\"finding\":\"%s\",\"broken_seq\":%s,\"detail\":%s,"
    "\"events\":%" G_GINT64_FORMAT ",\"head_seq\":%" G_GINT64_FORMAT
    ",\"pending\":%" G_GINT64_FORMAT
    ",\"checkpoint_seq\":%s,\"checkpoint_checked\":false,\"checkpoint_file_seq\":null,"
    "\"rows_checked\":%s}}",
    runs, outcome, ep_audit_finding_name (r.finding), broken, detail, r.events, r.head_seq,
    r.pending, checkpoint, r.rows_checked ? "true" : "false");
}

START_TEST (test_audit_verification_and_checkpoints)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  ep_test_db_exec (owner, "INSERT INTO gemeente (gemeente, naam) VALUES ('" GM "', 'Verificatie')"
                          " ON CONFLICT DO NOTHING;"
                          "INSERT INTO app_user (gemeente, username, display_name, role)"
                          " VALUES ('" GM "', '" EP_HTTP_ADMIN "', 'Beheer Test', 'admin')"
                          " ON CONFLICT DO NOTHING");
  g_autofree gchar *supervisor = ep_http_new_user (GM, "supervisor", NULL);
  g_autofree gchar *casemanager = ep_http_new_user (GM, "casemanager", NULL);
  g_auto (EpHttpClient) s = { 0 };
  ep_http_sign_in (&s, GM, supervisor, FALSE);
  gint64 events = wait_sealed (owner);
  ck_assert_int_eq (events, 3); /* two users made, one sign-in */

  /* Three checkpoints, signed as the server would with a key of the test's own. */
  g_autoptr (GError) error = NULL;
  g_autoptr (EpSigningKey) key = ep_signing_key_generate (&error);
  EP_ASSERT_NO_ERROR (key != NULL, error);
  gchar *written[3];
  for (int i = 0; i < 3; i++)
    {
      g_auto (EpAuditCheckpoint) checkpoint = { 0 };
      EP_ASSERT_NO_ERROR (ep_audit_checkpoint_with (app, GM, key, NULL, &checkpoint, &error),
                          error);
      ck_assert_int_eq (checkpoint.seq, events);
      g_autoptr (JsonNode) json = ep_audit_checkpoint_to_json (&checkpoint);
      written[i] = json_to_string (json, FALSE);
    }
  g_autoptr (EpHttpReply) first
    = ep_http (&s, "GET", "/api/v1/audit/checkpoints?limit=2", NULL, NULL);
  EP_ASSERT_STATUS (first, 200);
  JsonObject *page = json_node_get_object (first->json);
  const gchar *cursor = json_object_get_string_member (page, "next_cursor");
  ck_assert_ptr_nonnull (cursor);
  g_autofree gchar *want_first = g_strdup_printf ("{\"items\":[%s,%s],\"next_cursor\":\"%s\"}",
                                                  written[2], written[1], cursor);
  ck_assert_str_eq (first->body, want_first);
  g_autofree gchar *next_path
    = g_strdup_printf ("/api/v1/audit/checkpoints?limit=2&cursor=%s", cursor);
  g_autoptr (EpHttpReply) second = ep_http (&s, "GET", next_path, NULL, NULL);
  EP_ASSERT_STATUS (second, 200);
  g_autofree gchar *want_second
    = g_strdup_printf ("{\"items\":[%s],\"next_cursor\":null}", written[0]);
  ck_assert_str_eq (second->body, want_second);
  for (int i = 0; i < 3; i++)
    g_free (written[i]);
  g_autoptr (EpHttpReply) bad_cursor
    = ep_http (&s, "GET", "/api/v1/audit/checkpoints?cursor=nope", NULL, NULL);
  EP_ASSERT_STATUS (bad_cursor, 400);

  /* Intact: exactly what audit/'s verifier reports, the three events and the checkpoint. */
  g_autoptr (JsonNode) intact = verify_over_http (&s);
  g_autofree gchar *intact_text = json_to_string (intact, FALSE);
  g_autofree gchar *want_intact = want_verification (
    json_object_get_int_member (json_node_get_object (intact), "runs"), "intact");
  ck_assert_str_eq (intact_text, want_intact);
  ck_assert_ptr_nonnull (strstr (intact_text, "\"finding\":\"intact\",\"broken_seq\":null,"
                                              "\"detail\":null,\"events\":3,\"head_seq\":3,"
                                              "\"pending\":0,\"checkpoint_seq\":3,"));
  ck_assert_ptr_nonnull (strstr (intact_text, "\"rows_checked\":true}"));

  /* The second event changed behind the chain's back, as the owner can with the trigger off. */
  ep_test_db_exec (owner, "BEGIN;"
                          "ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only;"
                          "UPDATE audit_event SET purpose = 'vervalst'"
                          " WHERE (gemeente, id) = (SELECT gemeente, event_id FROM audit_chain"
                          "                          WHERE gemeente = '" GM "' AND seq = 2);"
                          "ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only;"
                          "COMMIT");
  g_autoptr (JsonNode) tampered = verify_over_http (&s);
  g_autofree gchar *tampered_text = json_to_string (tampered, FALSE);
  g_autofree gchar *want_tampered = want_verification (
    json_object_get_int_member (json_node_get_object (tampered), "runs"), "not_intact");
  ck_assert_str_eq (tampered_text, want_tampered);
  ck_assert_ptr_nonnull (strstr (tampered_text,
                                 "\"outcome\":\"not_intact\",\"finding\":\"changed\","
                                 "\"broken_seq\":2,\"detail\":\"seq 2 was changed: its fields no "
                                 "longer match its hash\","));

  /* Every look is in the access log: the two pages of checkpoints (the refused cursor read
   * nothing: its transaction, the row with it, rolled back), and every POST and GET of the
   * verification. */
  g_autoptr (EpDbParams) params = ep_test_params (supervisor, NULL);
  ck_assert_int_eq (ep_test_query_int (owner,
                                       "SELECT count(*) FROM access_log WHERE actor_id = $1"
                                       "   AND entity_type = 'audit_checkpoint'"
                                       "   AND action = 'read' AND purpose = 'toezicht'",
                                       params),
                    2);
  ck_assert_int_eq (ep_test_query_int (owner,
                                       "SELECT count(*) FROM access_log WHERE actor_id = $1"
                                       "   AND entity_type = 'audit_verification'"
                                       "   AND action = 'read' AND purpose = 'toezicht'",
                                       params),
                    verification_looks);

  /* A casemanager of the municipality sees none of it. */
  g_auto (EpHttpClient) c = { 0 };
  ep_http_sign_in (&c, GM, casemanager, TRUE);
  g_autoptr (EpHttpReply) refused = ep_http (&c, "GET", "/api/v1/audit/verification", NULL, NULL);
  EP_ASSERT_STATUS (refused, 403);
}
END_TEST

Suite *
ep_http_audit_suite (void)
{
  Suite *suite = suite_create ("audit");
  TCase *tc = tcase_create ("audit");
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_audit_verification_and_checkpoints);
  suite_add_tcase (suite, tc);
  return suite;
}
