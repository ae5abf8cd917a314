/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-audit.c: the audit trail against a real PostgreSQL (audit/,
 * migrations/0002_audit.sql): recording in the caller's transaction, sealing,
 * signed checkpoints, verification of every kind of tampering, the
 * append-only guarantees for the application role and the owner, the access
 * log and its retention, and the supervisors' query.
 *
 * Every test that looks at a chain works in a municipality of its own
 * (GM9000…, see test-audit-common.h), so no test sees another's chain, and a
 * test that breaks a chain on purpose removes it again. The application
 * role writes, as the server does; tampering is done as the owner, who owns
 * the tables and may switch their append-only triggers off — the one attack
 * the database cannot refuse, and the one verify must detect, naming the
 * sequence number where the chain breaks.
 */
#include "test-audit-common.h"

#include "ep-audit-chain.h"
#include "ep-core-error.h"
#include "ep-crypto.h"
#include "ep-uuid.h"

#include <glib/gstdio.h>
#include <stdio.h>

#include <string.h>

/* ---- helpers ----------------------------------------------------------------------------- */

/* Runs @sql as @owner with $1 = @gemeente and, if given, $2 = @arg; fails the test on error.
 * Returns: the rows it touched. */
static gint64
owner_exec (PGconn *owner, const gchar *sql, const gchar *gemeente, const gchar *arg)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (EpDbParams) params = ep_test_params (gemeente, arg, NULL);
  g_autoptr (PGresult) res = ep_db_exec (owner, sql, params, PGRES_COMMAND_OK, "tamper", &error);

  ck_assert_msg (res != NULL, "%s\n  %s", error ? error->message : "", sql);
  return g_ascii_strtoll (PQcmdTuples (res), NULL, 10);
}

static gint64
owner_int (PGconn *owner, const gchar *sql, const gchar *gemeente, const gchar *arg)
{
  g_autoptr (EpDbParams) params = ep_test_params (gemeente, arg, NULL);
  return ep_test_query_int (owner, sql, params);
}

static gchar *
owner_text (PGconn *owner, const gchar *sql, const gchar *gemeente, const gchar *arg)
{
  g_autoptr (EpDbParams) params = ep_test_params (gemeente, arg, NULL);
  return ep_test_query_value (owner, sql, params);
}

typedef struct
{
  const gchar *actor;
  const EpAuditEvent *event;
  gint64 id;
} RecordJob;

static gboolean
record_event (PGconn *conn, gpointer data, GError **error)
{
  RecordJob *job = data;
  return ep_audit_record (conn, job->event, &job->id, error);
}

/* Records @event in its own transaction as the application role; returns its id. */
static gint64
record_one (PGconn *app, const gchar *gemeente, const gchar *actor, const EpAuditEvent *event)
{
  g_autoptr (GError) error = NULL;
  RecordJob job = { actor, event, 0 };
  EpDbTxContext ctx = { .gemeente = gemeente, .actor_id = actor, .actor_role = "regisseur" };

  EP_ASSERT_NO_ERROR (ep_db_run_tx (app, &ctx, record_event, &job, NULL, &error), error);
  ck_assert_int_gt (job.id, 0);
  return job.id;
}

static JsonNode *
json_or_fail (const gchar *text)
{
  g_autoptr (GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  ck_assert_msg (node != NULL, "%s", error ? error->message : "");
  return node;
}

/* ---- recording --------------------------------------------------------------------------- */

START_TEST (test_record_uses_context)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autofree gchar *gemeente = ep_test_audit_gemeente (owner);
  g_autofree gchar *marker = ep_test_marker ();
  g_autofree gchar *household = g_uuid_string_random ();
  g_autoptr (JsonNode) change = json_or_fail ("{\"naam\":\"Zo\xc3\xab\",\"leeftijd\":[1,2]}");

  EpAuditEvent event = { .action = "update",
                         .entity_type = "person",
                         .entity_id = marker,
                         .household_id = household,
                         .purpose = "jeugdhulp",
                         .on_behalf_of = "u-boss",
                         .change = change };
  gint64 id = record_one (app, gemeente, "u-7734", &event);
  g_autofree gchar *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  /* The row, as the owner sees it: tenant and actor from the transaction. */
  g_autoptr (EpDbParams) params = ep_test_params (gemeente, marker, id_text, NULL);
  g_autofree gchar *got = ep_test_query_value (
    owner,
    "SELECT concat_ws('|', gemeente, actor_id, actor_role, on_behalf_of, action, entity_type,"
    "                 (entity_id = $2)::text, household_id::text, purpose, outcome,"
    "                 change::text)"
    "  FROM audit_event WHERE gemeente = $1 AND id = $3::bigint",
    params);
  g_autofree gchar *want
    = g_strdup_printf ("%s|u-7734|regisseur|u-boss|update|person|true|%s|jeugdhulp|success|"
                       "{\"naam\":\"Zo\xc3\xab\",\"leeftijd\":[1,2]}",
                       gemeente, household);
  ck_assert_str_eq (got, want);

  /* The writing transaction's id, for the sealer's order; not yet chained. */
  ck_assert_int_eq (owner_int (owner,
                               "SELECT count(*) FROM audit_event"
                               " WHERE gemeente = $1 AND id = $2::bigint"
                               "   AND xid < pg_current_xact_id()",
                               gemeente, id_text),
                    1);
  ck_assert_int_eq (
    owner_int (owner, "SELECT count(*) FROM audit_chain WHERE gemeente = $1", gemeente, NULL), 0);
  g_auto (EpAuditReport) report = { 0 };
  ep_test_audit_verify (app, gemeente, 0, NULL, &report);
  EP_ASSERT_FINDING (&report, EP_AUDIT_INTACT, 0);
  ck_assert_int_eq (report.pending, 1);
}
END_TEST

/* A transaction without a municipality cannot record an event or an access: there is no
 * trail it would belong to (no chain is ever sealed for the municipality ''). */
START_TEST (test_record_without_tenant)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *marker = ep_test_marker ();
  EpAuditEvent event
    = { .action = "create", .entity_type = "household", .entity_id = marker, .purpose = "wmo" };
  RecordJob job = { "u1", &event, 0 };
  EpDbTxContext ctx = { .gemeente = NULL, .actor_id = "u1" };

  gboolean recorded = ep_db_run_tx (app, &ctx, record_event, &job, NULL, &error);
  g_autofree gchar *stored = owner_text (owner,
                                         "SELECT coalesce(string_agg(quote_literal(gemeente), ','),"
                                         "                'none')"
                                         "  FROM audit_event WHERE entity_id = $1",
                                         marker, NULL);
  ck_assert_msg (!recorded && strcmp (stored, "none") == 0,
                 "an audit event without a municipality was committed, in gemeente %s", stored);
  EP_ASSERT_DB_ERROR (error, EP_DB_ERROR_CHECK_VIOLATION);
}
END_TEST

/* The rules of an event's fields (migrations/0006_audit_domains.sql), at their edges: the
 * library passes the fields as given, so what is refused here the database refuses, naming the
 * domain whose rule the value breaks. */
#define NAME_32 "abcdefghijklmnopqrstuvwxyz_abcde"
#define NAME_64 NAME_32 NAME_32

static const struct
{
  const gchar *gemeente;
  const gchar *action;
  const gchar *entity_type;
  const gchar *purpose;
  const gchar *outcome;
  const gchar *refused_by; /* NULL: stored */
} field_rule_cases[] = {
  { EP_TEST_GM_A, "ab", "household", "wmo", "denied", NULL },
  { EP_TEST_GM_A, NAME_32, NAME_64, "wmo", "failure", NULL },
  { EP_TEST_GM_A, "hand_over", "hh", "p", "success", NULL },
  { EP_TEST_GM_A, "a", "household", "wmo", "success", "audit_action" },
  { EP_TEST_GM_A, NAME_32 "f", "household", "wmo", "success", "audit_action" },
  { EP_TEST_GM_A, "Create", "household", "wmo", "success", "audit_action" },
  { EP_TEST_GM_A, "de-escalate", "household", "wmo", "success", "audit_action" },
  { EP_TEST_GM_A, "créer", "household", "wmo", "success", "audit_action" },
  { EP_TEST_GM_A, "create\n", "household", "wmo", "success", "audit_action" },
  { EP_TEST_GM_A, "create", "h", "wmo", "success", "audit_entity_type" },
  { EP_TEST_GM_A, "create", NAME_64 "f", "wmo", "success", "audit_entity_type" },
  { EP_TEST_GM_A, "create", "household\n", "wmo", "success", "audit_entity_type" },
  { EP_TEST_GM_A, "create", "household", "", "success", "audit_purpose" },
  { EP_TEST_GM_A, "create", "household", "wmo", "Success", "audit_outcome" },
  { "GM015", "create", "household", "wmo", "success", "gemeente_code" },
  { "gm0164", "create", "household", "wmo", "success", "gemeente_code" },
  { "GM01640", "create", "household", "wmo", "success", "gemeente_code" },
  { "GM0164\n", "create", "household", "wmo", "success", "gemeente_code" },
};

START_TEST (test_event_field_rules)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *marker = ep_test_marker ();
  EpAuditEvent event = { .action = field_rule_cases[_i].action,
                         .entity_type = field_rule_cases[_i].entity_type,
                         .entity_id = marker,
                         .purpose = field_rule_cases[_i].purpose,
                         .outcome = field_rule_cases[_i].outcome };
  RecordJob job = { "u1", &event, 0 };
  EpDbTxContext ctx = { .gemeente = field_rule_cases[_i].gemeente, .actor_id = "u1" };

  gboolean recorded = ep_db_run_tx (app, &ctx, record_event, &job, NULL, &error);
  g_autofree gchar *stored = owner_text (
    owner,
    "SELECT coalesce(string_agg(concat_ws('|', gemeente, action, entity_type, purpose, outcome),"
    "                           ','), 'none')"
    "  FROM audit_event WHERE entity_id = $1",
    marker, NULL);

  if (field_rule_cases[_i].refused_by == NULL)
    {
      EP_ASSERT_NO_ERROR (recorded, error);
      g_autofree gchar *want
        = g_strdup_printf ("%s|%s|%s|%s|%s", field_rule_cases[_i].gemeente,
                           field_rule_cases[_i].action, field_rule_cases[_i].entity_type,
                           field_rule_cases[_i].purpose, field_rule_cases[_i].outcome);
      ck_assert_str_eq (stored, want);
      return;
    }
  ck_assert_msg (!recorded, "committed: %s", stored);
  ck_assert_str_eq (stored, "none");
  EP_ASSERT_DB_ERROR (error, EP_DB_ERROR_CHECK_VIOLATION);
  g_autofree gchar *domain = g_strdup_printf ("domain %s ", field_rule_cases[_i].refused_by);
  ck_assert_msg (strstr (error->message, domain) != NULL, "not refused by %s: %s",
                 field_rule_cases[_i].refused_by, error->message);
}
END_TEST

/* ---- a rolled-back transaction leaves no event ------------------------------------------- */

typedef struct
{
  const gchar *marker;
  gboolean sql_error; /* fail by a real SQL error, else by the body's own error */
  gint64 id;
} FailingJob;

static gboolean
record_then_fail (PGconn *conn, gpointer data, GError **error)
{
  FailingJob *job = data;

  g_autoptr (EpDbParams) params = ep_test_params (job->marker, NULL);
  if (!ep_db_exec_command (conn,
                           "INSERT INTO household (gemeente, postcode, huisnummer, wijk)"
                           " VALUES (current_gemeente(), '7550AA', 1, $1)",
                           params, "insert household", error))
    return FALSE;
  EpAuditEvent event = {
    .action = "create", .entity_type = "household", .entity_id = job->marker, .purpose = "wmo"
  };
  if (!ep_audit_record (conn, &event, &job->id, error))
    return FALSE;

  if (job->sql_error)
    {
      /* A second event the schema refuses (action must be [a-z_]). */
      EpAuditEvent bad = { .action = "Create!", .entity_type = "household", .purpose = "wmo" };
      return ep_audit_record (conn, &bad, NULL, error);
    }
  g_set_error_literal (error, EP_DB_ERROR, EP_DB_ERROR_FAILED, "body fails on purpose");
  return FALSE;
}

static const struct
{
  const gchar *name;
  gboolean sql_error;
  EpDbError code;
} rollback_cases[] = {
  { "the body fails", FALSE, EP_DB_ERROR_FAILED },
  { "a later statement fails", TRUE, EP_DB_ERROR_CHECK_VIOLATION },
};

START_TEST (test_rollback_leaves_no_event)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *gemeente = ep_test_audit_gemeente (owner);
  g_autofree gchar *marker = ep_test_marker ();
  FailingJob job = { marker, rollback_cases[_i].sql_error, 0 };
  EpDbTxContext ctx = { .gemeente = gemeente, .actor_id = "u1", .actor_role = "casemanager" };

  ck_assert (!ep_db_run_tx (app, &ctx, record_then_fail, &job, NULL, &error));
  EP_ASSERT_DB_ERROR (error, rollback_cases[_i].code);
  ck_assert_msg (job.id > 0, "%s: the event was never recorded", rollback_cases[_i].name);

  g_autofree gchar *id = g_strdup_printf ("%" G_GINT64_FORMAT, job.id);
  ck_assert_int_eq (
    owner_int (owner, "SELECT count(*) FROM audit_event WHERE entity_id = $1", marker, NULL), 0);
  ck_assert_int_eq (owner_int (owner,
                               "SELECT count(*) FROM audit_event"
                               " WHERE gemeente = $1 AND id = $2::bigint",
                               gemeente, id),
                    0);
  ck_assert_int_eq (
    owner_int (owner, "SELECT count(*) FROM household WHERE wijk = $1", marker, NULL), 0);

  /* Nothing to seal, and the (empty) trail verifies. */
  ck_assert_uint_eq (ep_test_audit_seal (app, gemeente), 0);
  g_auto (EpAuditReport) report = { 0 };
  ep_test_audit_verify (app, gemeente, 0, NULL, &report);
  EP_ASSERT_FINDING (&report, EP_AUDIT_INTACT, 0);
  ck_assert_int_eq (report.events, 0);
}
END_TEST

/* ---- a change and its event in one statement --------------------------------------------- */

#define CHANGE_INSERT_HOUSEHOLD                                                                    \
  "INSERT INTO household (id, gemeente, postcode, huisnummer, wijk)"                               \
  " VALUES ($1::uuid, current_gemeente(), $2, 12, $3) RETURNING id, wijk"

typedef struct
{
  const gchar *statement;
  const gchar *sql;
  const gchar *id;
  const gchar *postcode;
  const gchar *marker;
  const EpAuditEvent *event;
  gint rows; /* what the change returned */
  gchar *returned_wijk;
} ChangeJob;

static gboolean
change_body (PGconn *conn, gpointer data, GError **error)
{
  ChangeJob *job = data;
  g_autoptr (EpDbParams) params = ep_test_params (job->id, job->postcode, job->marker, NULL);
  g_autoptr (PGresult) res = ep_audit_record_change (conn, job->statement, job->sql, params,
                                                     job->event, "test change", error);
  if (res == NULL)
    return FALSE;
  job->rows = PQntuples (res);
  g_clear_pointer (&job->returned_wijk, g_free);
  if (job->rows > 0)
    job->returned_wijk = g_strdup (PQgetvalue (res, 0, 1));
  return TRUE;
}

static gint64
count_of_marker (PGconn *owner, const gchar *gemeente, const gchar *marker)
{
  return owner_int (owner,
                    "SELECT (SELECT count(*) FROM household WHERE wijk = $2)"
                    "     + (SELECT count(*) FROM audit_event"
                    "         WHERE gemeente = $1 AND change->>'wijk' = $2)",
                    gemeente, marker);
}

/* The change and its event commit together: the event's values follow the change's own
 * parameters, and the rows the change returns come back to the caller. */
START_TEST (test_record_change_with_event)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *gemeente = ep_test_audit_gemeente (owner);
  g_autofree gchar *marker = ep_test_marker ();
  g_autofree gchar *id = ep_uuid_new (NULL);
  g_autofree gchar *change_text = g_strdup_printf ("{\"wijk\":\"%s\"}", marker);
  g_autoptr (JsonNode) change = json_or_fail (change_text);
  EpAuditEvent event = { .action = "create",
                         .entity_type = "household",
                         .entity_id = id,
                         .household_id = id,
                         .purpose = "wmo-toegang",
                         .on_behalf_of = "u-boss",
                         .change = change };
  ChangeJob job = { "test_change_insert", CHANGE_INSERT_HOUSEHOLD, id, "7551AB", marker, &event };
  EpDbTxContext ctx = { .gemeente = gemeente, .actor_id = "u-41", .actor_role = "casemanager" };

  EP_ASSERT_NO_ERROR (ep_db_run_tx (app, &ctx, change_body, &job, NULL, &error), error);
  ck_assert_int_eq (job.rows, 1);
  ck_assert_str_eq (job.returned_wijk, marker);
  g_free (job.returned_wijk);

  g_autoptr (EpDbParams) params = ep_test_params (gemeente, marker, NULL);
  g_autoptr (EpDbParams) event_params = ep_test_params (gemeente, id, NULL);
  g_autofree gchar *household
    = ep_test_query_value (owner,
                           "SELECT concat_ws('|', id, postcode, huisnummer) FROM household"
                           " WHERE gemeente = $1 AND wijk = $2",
                           params);
  g_autofree gchar *want_household = g_strdup_printf ("%s|7551AB|12", id);
  ck_assert_str_eq (household, want_household);
  g_autofree gchar *got = ep_test_query_value (
    owner,
    "SELECT concat_ws('|', count(*), min(actor_id), min(actor_role), min(on_behalf_of),"
    "                 min(action), min(entity_type), min(entity_id), min(household_id::text),"
    "                 min(purpose), min(outcome), min(change::text))"
    "  FROM audit_event WHERE gemeente = $1 AND entity_id = $2",
    event_params);
  g_autofree gchar *want = g_strdup_printf (
    "1|u-41|casemanager|u-boss|create|household|%s|%s|wmo-toegang|success|%s", id, id, change_text);
  ck_assert_str_eq (got, want);

  /* The event is chained like any other. */
  ck_assert_uint_eq (ep_test_audit_seal (app, gemeente), 1);
  g_auto (EpAuditReport) report = { 0 };
  ep_test_audit_verify (app, gemeente, 0, NULL, &report);
  EP_ASSERT_FINDING (&report, EP_AUDIT_INTACT, 0);
  ck_assert_int_eq (report.events, 1);
}
END_TEST

/* A change that touches no row (a stale version, an id that is not there) records no event.
 * The event's fields are still checked, when the statement's values are bound: one that breaks
 * its rule is refused although no event would have been written. */
static const struct
{
  const gchar *action;
  const gchar *refused_by; /* NULL: no event, no error */
} without_rows_cases[] = { { "update", NULL }, { "Update", "audit_action" } };

START_TEST (test_record_change_without_rows)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *gemeente = ep_test_audit_gemeente (owner);
  g_autofree gchar *marker = ep_test_marker ();
  g_autofree gchar *id = ep_uuid_new (NULL);
  EpAuditEvent event = { .action = without_rows_cases[_i].action,
                         .entity_type = "household",
                         .entity_id = id,
                         .purpose = "wmo-toegang" };
  ChangeJob job = { "test_change_update_nothing",
                    "UPDATE household SET wijk = $3 WHERE id = $1::uuid AND postcode = $2"
                    " RETURNING id, wijk",
                    id,
                    "7551AB",
                    marker,
                    &event,
                    -1 };
  EpDbTxContext ctx = { .gemeente = gemeente, .actor_id = "u-41", .actor_role = "casemanager" };

  gboolean ran = ep_db_run_tx (app, &ctx, change_body, &job, NULL, &error);
  ck_assert_int_eq (
    owner_int (owner, "SELECT count(*) FROM audit_event WHERE gemeente = $1", gemeente, NULL), 0);
  if (without_rows_cases[_i].refused_by == NULL)
    {
      EP_ASSERT_NO_ERROR (ran, error);
      ck_assert_int_eq (job.rows, 0);
      return;
    }
  ck_assert (!ran);
  EP_ASSERT_DB_ERROR (error, EP_DB_ERROR_CHECK_VIOLATION);
  g_autofree gchar *domain = g_strdup_printf ("domain %s ", without_rows_cases[_i].refused_by);
  ck_assert_msg (strstr (error->message, domain) != NULL, "%s", error->message);
}
END_TEST

/* If either half is refused, neither is written. */
static const struct
{
  const gchar *name;
  const gchar *postcode;
  const gchar *action;
} refused_change_cases[] = {
  { "the change is refused", "75AB", "create" },
  { "the event is refused", "7551AB", "Create!" },
};

START_TEST (test_record_change_refused)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *gemeente = ep_test_audit_gemeente (owner);
  g_autofree gchar *marker = ep_test_marker ();
  g_autofree gchar *id = ep_uuid_new (NULL);
  g_autofree gchar *change_text = g_strdup_printf ("{\"wijk\":\"%s\"}", marker);
  g_autoptr (JsonNode) change = json_or_fail (change_text);
  EpAuditEvent event = { .action = refused_change_cases[_i].action,
                         .entity_type = "household",
                         .entity_id = id,
                         .purpose = "wmo-toegang",
                         .change = change };
  ChangeJob job = { "test_change_insert",
                    CHANGE_INSERT_HOUSEHOLD,
                    id,
                    refused_change_cases[_i].postcode,
                    marker,
                    &event };
  EpDbTxContext ctx = { .gemeente = gemeente, .actor_id = "u-41", .actor_role = "casemanager" };

  ck_assert_msg (!ep_db_run_tx (app, &ctx, change_body, &job, NULL, &error), "%s: committed",
                 refused_change_cases[_i].name);
  EP_ASSERT_DB_ERROR (error, EP_DB_ERROR_CHECK_VIOLATION);
  ck_assert_int_eq (count_of_marker (owner, gemeente, marker), 0);
}
END_TEST

/* ---- sealing and verifying an intact trail ----------------------------------------------- */

START_TEST (test_verify_intact)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autofree gchar *gemeente = ep_test_audit_gemeente (owner);
  gint64 ids[10];

  ep_test_audit_write_n (app, gemeente, 10, ids);
  ck_assert_uint_eq (ep_test_audit_seal (app, gemeente), 10);
  ck_assert_uint_eq (ep_test_audit_seal (app, gemeente), 0);

  /* Chained in commit order here, which is id order: seq i+1 is ids[i]. */
  for (gint64 seq = 1; seq <= 10; seq++)
    {
      g_autofree gchar *event = ep_test_audit_event_at (owner, gemeente, seq);
      ck_assert_int_eq (g_ascii_strtoll (event, NULL, 10), ids[seq - 1]);
    }

  g_auto (EpAuditReport) report = { 0 };
  ep_test_audit_verify (app, gemeente, 0, NULL, &report);
  EP_ASSERT_FINDING (&report, EP_AUDIT_INTACT, 0);
  ck_assert_ptr_null (report.detail);
  ck_assert_int_eq (report.events, 10);
  ck_assert_int_eq (report.head_seq, 10);
  ck_assert_int_eq (report.pending, 0);
  ck_assert_int_eq (report.checkpoint_seq, -1);
  ck_assert (!report.checkpoint_checked);
  ck_assert_uint_gt (report.bytes_hashed, 0);

  /* From seq 6: five events, trusting the hash of seq 5. */
  ep_audit_report_clear (&report);
  ep_test_audit_verify (app, gemeente, 6, NULL, &report);
  EP_ASSERT_FINDING (&report, EP_AUDIT_INTACT, 0);
  ck_assert_int_eq (report.events, 5);
  ck_assert_int_eq (report.head_seq, 10);

  /* Two more events, not yet sealed: still intact, and waiting. */
  ep_test_audit_write_n (app, gemeente, 2, NULL);
  ep_audit_report_clear (&report);
  ep_test_audit_verify (app, gemeente, 0, NULL, &report);
  EP_ASSERT_FINDING (&report, EP_AUDIT_INTACT, 0);
  ck_assert_int_eq (report.events, 10);
  ck_assert_int_eq (report.pending, 2);
  ck_assert_uint_eq (ep_test_audit_seal (app, gemeente), 2);
  ep_audit_report_clear (&report);
  ep_test_audit_verify (app, gemeente, 0, NULL, &report);
  EP_ASSERT_FINDING (&report, EP_AUDIT_INTACT, 0);
  ck_assert_int_eq (report.events, 12);
  ck_assert_int_eq (report.pending, 0);

  /* The owner (no row-level security) verifies the same. */
  ep_audit_report_clear (&report);
  ep_test_audit_verify (owner, gemeente, 0, NULL, &report);
  EP_ASSERT_FINDING (&report, EP_AUDIT_INTACT, 0);
  ck_assert_int_eq (report.events, 12);
}
END_TEST

typedef struct
{
  guint n;
} ManyJob;

/* @n events in one transaction: one writing transaction id for all of them. */
static gboolean
record_many (PGconn *conn, gpointer data, GError **error)
{
  ManyJob *job = data;
  for (guint i = 0; i < job->n; i++)
    {
      EpAuditEvent event = { .action = "read", .entity_type = "report", .purpose = "toezicht" };
      if (!ep_audit_record (conn, &event, NULL, error))
        return FALSE;
    }
  return TRUE;
}

typedef struct
{
  guint calls;
  gint64 last_done;
  gint64 last_total;
  gboolean backwards;
} Progress;

static void
count_progress (gint64 done, gint64 total, gpointer user_data)
{
  Progress *progress = user_data;
  if (done < progress->last_done)
    progress->backwards = TRUE;
  progress->calls++;
  progress->last_done = done;
  progress->last_total = total;
}

/* More events than one seal batch, all of one transaction: the second batch goes on exactly
 * where the first stopped. */
START_TEST (test_seal_in_batches)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *gemeente = ep_test_audit_gemeente (owner);
  ManyJob job = { EP_AUDIT_SEAL_BATCH + 3 };
  EpDbTxContext ctx = { .gemeente = gemeente, .actor_id = "u1", .actor_role = "auditor" };

  ep_test_audit_write_n (app, gemeente, 2, NULL);
  EP_ASSERT_NO_ERROR (ep_db_run_tx (app, &ctx, record_many, &job, NULL, &error), error);
  ep_test_audit_write_n (app, gemeente, 2, NULL);
  ck_assert_uint_eq (ep_test_audit_seal (app, gemeente), EP_AUDIT_SEAL_BATCH + 7);

  g_autofree gchar *shape = owner_text (owner,
                                        "SELECT count(*) || '|' || min(seq) || '|' || max(seq)"
                                        "       || '|' || count(DISTINCT event_id)"
                                        "  FROM audit_chain WHERE gemeente = $1",
                                        gemeente, NULL);
  g_autofree gchar *want = g_strdup_printf ("%d|1|%d|%d", EP_AUDIT_SEAL_BATCH + 7,
                                            EP_AUDIT_SEAL_BATCH + 7, EP_AUDIT_SEAL_BATCH + 7);
  ck_assert_str_eq (shape, want);

  Progress progress = { 0 };
  g_auto (EpAuditReport) report = { 0 };
  EP_ASSERT_NO_ERROR (
    ep_audit_verify (app, gemeente, 0, NULL, count_progress, &progress, &report, &error), error);
  EP_ASSERT_FINDING (&report, EP_AUDIT_INTACT, 0);
  ck_assert_int_eq (report.events, EP_AUDIT_SEAL_BATCH + 7);
  ck_assert_int_eq (report.pending, 0);
  ck_assert_uint_gt (progress.calls, 0);
  ck_assert (!progress.backwards);
  /* Every place read counts: the blocks and the chain rows after them, then the rows behind
   * the blocks again (a batch's worth). */
  ck_assert_int_eq (progress.last_done, 2 * EP_AUDIT_SEAL_BATCH + 7);
  ck_assert_int_eq (progress.last_total, 2 * EP_AUDIT_SEAL_BATCH + 7);

  /* A batch is whole blocks, packed from the bytes the sealer hashed; verify finds each
   * event row and chain row behind them carrying its block's hash, and --blocks-only reads
   * each place once. */
  g_autofree gchar *blocks = owner_text (owner,
                                         "SELECT count(*) || '|' || max(last_seq)"
                                         "  FROM audit_block WHERE gemeente = $1",
                                         gemeente, NULL);
  g_autofree gchar *want_blocks
    = g_strdup_printf ("%d|%d", EP_AUDIT_SEAL_BATCH / EP_AUDIT_BLOCK_EVENTS, EP_AUDIT_SEAL_BATCH);
  ck_assert_str_eq (blocks, want_blocks);
  ck_assert (report.rows_checked);
  g_auto (EpAuditReport) blocks_only = { 0 };
  Progress blocks_progress = { 0 };
  EpAuditVerifyOptions options
    = { .blocks_only = TRUE, .progress = count_progress, .user_data = &blocks_progress };
  EP_ASSERT_NO_ERROR (ep_audit_verify_with (app, gemeente, &options, &blocks_only, &error), error);
  EP_ASSERT_FINDING (&blocks_only, EP_AUDIT_INTACT, 0);
  ck_assert_int_eq (blocks_only.events, EP_AUDIT_SEAL_BATCH + 7);
  ck_assert (!blocks_only.rows_checked);
  ck_assert_int_eq (blocks_progress.last_done, EP_AUDIT_SEAL_BATCH + 7);
  ck_assert_int_eq (blocks_progress.last_total, EP_AUDIT_SEAL_BATCH + 7);

  /* The 7 left over are packed by a later round, once a block's worth is sealed after the
   * last block; fewer than that wait. */
  job.n = EP_AUDIT_BLOCK_EVENTS - 4;
  EP_ASSERT_NO_ERROR (ep_db_run_tx (app, &ctx, record_many, &job, NULL, &error), error);
  ck_assert_uint_eq (ep_test_audit_seal (app, gemeente), EP_AUDIT_BLOCK_EVENTS - 4);
  g_autofree gchar *later = owner_text (owner,
                                        "SELECT count(*) || '|' || max(last_seq)"
                                        "  FROM audit_block WHERE gemeente = $1",
                                        gemeente, NULL);
  g_autofree gchar *want_later
    = g_strdup_printf ("%d|%d", EP_AUDIT_SEAL_BATCH / EP_AUDIT_BLOCK_EVENTS + 1,
                       EP_AUDIT_SEAL_BATCH + EP_AUDIT_BLOCK_EVENTS);
  ck_assert_str_eq (later, want_later);
  g_auto (EpAuditReport) after = { 0 };
  ep_test_audit_verify (app, gemeente, 0, NULL, &after);
  EP_ASSERT_FINDING (&after, EP_AUDIT_INTACT, 0);
  ck_assert_int_eq (after.events, EP_AUDIT_SEAL_BATCH + EP_AUDIT_BLOCK_EVENTS + 3);
}
END_TEST

/* Every stored hash equals the hash an outside auditor computes from the documented form. */
START_TEST (test_hash_matches_documented_form)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autofree gchar *gemeente = ep_test_audit_gemeente (owner);
  g_autofree gchar *household = g_uuid_string_random ();
  g_autoptr (JsonNode) change = json_or_fail ("{\"toelichting\":\"\xe2\x80\x98"
                                              "als \\\"nodig\\\"\xe2\x80\x99 \xf0\x9f\x98\x80\","
                                              "\"bedrag\":12.50,\"lijst\":[null,true]}");
  EpAuditEvent rich = { .action = "escalate",
                        .entity_type = "intake",
                        .entity_id = "INT-1",
                        .household_id = household,
                        .purpose = "schuldhulp \xe2\x80\x94 \xc3\xa9\xc3\xa9n plan",
                        .on_behalf_of = "u-boss",
                        .outcome = "denied",
                        .change = change };
  EpAuditEvent bare = { .action = "read", .entity_type = "report", .purpose = "toezicht" };

  ep_test_audit_write_n (app, gemeente, 2, NULL);
  record_one (app, gemeente, "u-7734", &rich);
  record_one (app, gemeente, "", &bare); /* no actor: the column default, "system" */
  ep_test_audit_write_n (app, gemeente, 1, NULL);
  ck_assert_uint_eq (ep_test_audit_seal (app, gemeente), 5);

  guint8 prev[EP_AUDIT_HASH_LEN] = { 0 };
  for (gint64 seq = 1; seq <= 5; seq++)
    {
      guint8 computed[EP_AUDIT_HASH_LEN];
      guint8 stored[EP_AUDIT_HASH_LEN];
      g_autofree gchar *event = ep_test_audit_event_at (owner, gemeente, seq);
      g_autofree gchar *seq_text = g_strdup_printf ("%" G_GINT64_FORMAT, seq);
      g_autofree gchar *prev_hex = owner_text (owner,
                                               "SELECT encode(prev_hash, 'hex') FROM audit_chain"
                                               " WHERE gemeente = $1 AND seq = $2::bigint",
                                               gemeente, seq_text);
      g_autofree gchar *want_prev = ep_hex_encode (prev, sizeof prev);
      ck_assert_str_eq (prev_hex, want_prev);

      ep_test_audit_recompute_hash (owner, gemeente, event, seq, prev, computed);
      ep_test_audit_stored_hash (owner, gemeente, seq, stored);
      g_autofree gchar *computed_hex = ep_hex_encode (computed, sizeof computed);
      g_autofree gchar *stored_hex = ep_hex_encode (stored, sizeof stored);
      ck_assert_msg (strcmp (computed_hex, stored_hex) == 0,
                     "seq %" G_GINT64_FORMAT ": stored %s, documented form gives %s", seq,
                     stored_hex, computed_hex);
      memcpy (prev, stored, sizeof prev);
    }

  g_autofree gchar *actor = owner_text (
    owner,
    "SELECT actor_id || '/' || actor_role FROM audit_event WHERE gemeente = $1 AND action = $2",
    gemeente, "read");
  ck_assert_str_eq (actor, "system/regisseur");
}
END_TEST

/* ---- checkpoints ------------------------------------------------------------------------- */

START_TEST (test_checkpoint_verified)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *gemeente = ep_test_audit_gemeente (owner);
  g_autoptr (EpSigningKey) key = ep_test_audit_key ();
  g_autoptr (EpSigningKey) public_key = ep_test_audit_public_key (key);
  g_autoptr (EpSigningKey) other = ep_test_audit_key ();
  g_autoptr (EpSigningKey) other_public = ep_test_audit_public_key (other);
  g_auto (EpAuditReport) report = { 0 };
  gint64 seq = -1;

  /* An empty chain can be checkpointed: seq 0. */
  EP_ASSERT_NO_ERROR (ep_audit_checkpoint (app, gemeente, key, &seq, &error), error);
  ck_assert_int_eq (seq, 0);
  ep_test_audit_verify (app, gemeente, 0, public_key, &report);
  EP_ASSERT_FINDING (&report, EP_AUDIT_INTACT, 0);
  ck_assert (report.checkpoint_checked);
  ck_assert_int_eq (report.checkpoint_seq, 0);

  /* Checkpointing seals first: ten events waiting, head 10. */
  ep_test_audit_write_n (app, gemeente, 10, NULL);
  EP_ASSERT_NO_ERROR (ep_audit_checkpoint (app, gemeente, key, &seq, &error), error);
  ck_assert_int_eq (seq, 10);
  ck_assert_int_eq (
    owner_int (owner, "SELECT count(*) FROM audit_chain WHERE gemeente = $1", gemeente, NULL), 10);

  g_autofree gchar *key_id = ep_signing_key_id (key);
  g_autofree gchar *stored = owner_text (owner,
                                         "SELECT seq || '/' || key_id || '/' || length(signature)"
                                         "  FROM audit_checkpoint WHERE gemeente = $1"
                                         " ORDER BY id DESC LIMIT 1",
                                         gemeente, NULL);
  g_autofree gchar *want = g_strdup_printf ("10/%s/64", key_id);
  ck_assert_str_eq (stored, want);

  ep_audit_report_clear (&report);
  ep_test_audit_verify (app, gemeente, 0, public_key, &report);
  EP_ASSERT_FINDING (&report, EP_AUDIT_INTACT, 0);
  ck_assert (report.checkpoint_checked);
  ck_assert_int_eq (report.checkpoint_seq, 10);
  ck_assert_int_eq (report.events, 10);

  /* The private key verifies too; without a key the checkpoint is only reported. */
  ep_audit_report_clear (&report);
  ep_test_audit_verify (app, gemeente, 0, key, &report);
  EP_ASSERT_FINDING (&report, EP_AUDIT_INTACT, 0);
  ep_audit_report_clear (&report);
  ep_test_audit_verify (app, gemeente, 0, NULL, &report);
  EP_ASSERT_FINDING (&report, EP_AUDIT_INTACT, 0);
  ck_assert (!report.checkpoint_checked);
  ck_assert_int_eq (report.checkpoint_seq, 10);

  /* Another key's public half does not accept this municipality's checkpoint. */
  ep_audit_report_clear (&report);
  ep_test_audit_verify (app, gemeente, 0, other_public, &report);
  EP_ASSERT_FINDING (&report, EP_AUDIT_CHECKPOINT_INVALID, 10);
}
END_TEST

/* A head kept outside the database catches what checkpoints cannot once they are removed with
 * the newest events: the owner cuts seq 9–10 off and deletes every checkpoint. */
START_TEST (test_expected_head)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *gemeente = ep_test_audit_gemeente (owner);
  g_autoptr (EpSigningKey) key = ep_test_audit_key ();
  g_auto (EpAuditReport) report = { 0 };

  ep_test_audit_write_n (app, gemeente, 10, NULL);
  EP_ASSERT_NO_ERROR (ep_audit_checkpoint (app, gemeente, key, NULL, &error), error);
  ep_test_audit_verify (app, gemeente, 0, key, &report);
  EP_ASSERT_FINDING (&report, EP_AUDIT_INTACT, 0);
  ck_assert_int_eq (report.head_seq, 10);

  /* The head verify reports is the stored hash of seq 10. */
  EpAuditHead head = { .seq = report.head_seq };
  memcpy (head.hash, report.head_hash, sizeof head.hash);
  g_autofree gchar *head_hex = ep_hex_encode (head.hash, sizeof head.hash);
  g_autofree gchar *stored = owner_text (
    owner, "SELECT encode(hash, 'hex') FROM audit_chain WHERE gemeente = $1 AND seq = 10", gemeente,
    NULL);
  ck_assert_str_eq (head_hex, stored);

  EpAuditReport expecting = { 0 };
  EP_ASSERT_NO_ERROR (
    ep_audit_verify_with (app, gemeente,
                          &(EpAuditVerifyOptions){ .public_key = key, .expected = &head },
                          &expecting, &error),
    error);
  EP_ASSERT_FINDING (&expecting, EP_AUDIT_INTACT, 0);
  ep_audit_report_clear (&expecting);

  /* Another hash at seq 10 is a rewritten chain. */
  EpAuditHead wrong = head;
  wrong.hash[0] ^= 0xff;
  EP_ASSERT_NO_ERROR (
    ep_audit_verify_with (app, gemeente,
                          &(EpAuditVerifyOptions){ .public_key = key, .expected = &wrong },
                          &expecting, &error),
    error);
  EP_ASSERT_FINDING (&expecting, EP_AUDIT_CHANGED, 10);
  ep_audit_report_clear (&expecting);

  ep_test_audit_tamper_begin (owner);
  owner_exec (owner, "DELETE FROM audit_checkpoint WHERE gemeente = $1", gemeente, NULL);
  owner_exec (owner, "DELETE FROM audit_chain WHERE gemeente = $1 AND seq > 8", gemeente, NULL);
  ep_test_audit_tamper_end (owner);

  /* Without the kept head the shorter chain looks whole; with it, it is cut off at 9. */
  ep_audit_report_clear (&report);
  ep_test_audit_verify (app, gemeente, 0, key, &report);
  EP_ASSERT_FINDING (&report, EP_AUDIT_INTACT, 0);
  EP_ASSERT_NO_ERROR (
    ep_audit_verify_with (app, gemeente,
                          &(EpAuditVerifyOptions){ .public_key = key, .expected = &head },
                          &expecting, &error),
    error);
  EP_ASSERT_FINDING (&expecting, EP_AUDIT_TRUNCATED, 9);
  ep_audit_report_clear (&expecting);
  ep_test_audit_remove_trail (owner, gemeente);
}
END_TEST

START_TEST (test_checkpoint_needs_private_key)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *gemeente = ep_test_audit_gemeente (owner);
  g_autoptr (EpSigningKey) key = ep_test_audit_key ();
  g_autoptr (EpSigningKey) public_key = ep_test_audit_public_key (key);

  ep_test_audit_write_n (app, gemeente, 2, NULL);
  ck_assert (!ep_audit_checkpoint (app, gemeente, public_key, NULL, &error));
  ck_assert_msg (g_error_matches (error, EP_CORE_ERROR, EP_CORE_ERROR_CRYPTO), "got %s %d: %s",
                 g_quark_to_string (error->domain), error->code, error->message);
  ck_assert_int_eq (
    owner_int (owner, "SELECT count(*) FROM audit_checkpoint WHERE gemeente = $1", gemeente, NULL),
    0);
}
END_TEST

/* ---- tampering, as the owner, directly in the database ----------------------------------- */

/* Deletes the chain rows of @cond and their events in one statement. */
#define DELETE_CHAIN_AND_EVENTS(cond)                                                              \
  "WITH c AS (DELETE FROM audit_chain WHERE gemeente = $1 AND " cond                               \
  "           RETURNING gemeente, event_id)"                                                       \
  " DELETE FROM audit_event e USING c WHERE e.gemeente = c.gemeente AND e.id = c.event_id"

typedef void (*TamperFunc) (PGconn *owner, const gchar *gemeente, const EpSigningKey *key);

/* A forged event put into the chain at @at (the later ones moved up by one) by someone who
 * knows the algorithm: it links to the event before it and its own hash is right. */
static void
forge_insert (PGconn *owner, const gchar *gemeente, gint64 at)
{
  g_autofree gchar *id = owner_text (
    owner,
    "INSERT INTO audit_event (gemeente, actor_id, actor_role, action, entity_type, entity_id,"
    "                         purpose, change)"
    " VALUES ($1, 'mallory', 'admin', 'delete', 'household', 'forged', 'cover-up',"
    "         '{\"forged\": true}') RETURNING id::text",
    gemeente, NULL);
  guint8 prev[EP_AUDIT_HASH_LEN];
  guint8 hash[EP_AUDIT_HASH_LEN];
  ep_test_audit_stored_hash (owner, gemeente, at - 1, prev);
  ep_test_audit_recompute_hash (owner, gemeente, id, at, prev, hash);

  g_autofree gchar *at_text = g_strdup_printf ("%" G_GINT64_FORMAT, at);
  owner_exec (
    owner, "UPDATE audit_chain SET seq = seq + 1000000 WHERE gemeente = $1 AND seq >= $2::bigint",
    gemeente, at_text);
  owner_exec (owner,
              "UPDATE audit_chain SET seq = seq - 999999 WHERE gemeente = $1 AND seq > 1000000",
              gemeente, NULL);

  g_autofree gchar *prev_hex = ep_hex_encode (prev, sizeof prev);
  g_autofree gchar *hash_hex = ep_hex_encode (hash, sizeof hash);
  g_autoptr (EpDbParams) params = ep_test_params (gemeente, at_text, id, prev_hex, hash_hex, NULL);
  g_autoptr (GError) error = NULL;
  EP_ASSERT_NO_ERROR (ep_db_exec_command (owner,
                                          "INSERT INTO audit_chain (gemeente, seq, event_id,"
                                          "                         prev_hash, hash)"
                                          " VALUES ($1, $2::bigint, $3::bigint,"
                                          "         decode($4, 'hex'), decode($5, 'hex'))",
                                          params, "forge chain row", &error),
                      error);
}

static void
forge_insert_at_5 (PGconn *owner, const gchar *gemeente, const EpSigningKey *key)
{
  forge_insert (owner, gemeente, 5);
}

static void
forge_insert_at_1 (PGconn *owner, const gchar *gemeente, const EpSigningKey *key)
{
  forge_insert (owner, gemeente, 1);
}

/* Changes the purpose of seq 5 and recomputes every hash from there to the head, so the chain
 * is consistent again — only the signed checkpoint still knows the old head. */
static void
rewrite_from_5 (PGconn *owner, const gchar *gemeente, const EpSigningKey *key)
{
  owner_exec (owner, "UPDATE audit_event e SET purpose = 'rewritten'" EVENT_OF_SEQ (5), gemeente,
              NULL);
  ep_test_audit_rechain (owner, gemeente, 5, 10);
}

/* A newer checkpoint of the real head, claiming the real key's id, signed otherwise. */
static void
forge_checkpoint (PGconn *owner, const gchar *gemeente, const EpSigningKey *key,
                  gboolean random_signature)
{
  guint8 head[EP_AUDIT_HASH_LEN];
  guint8 signature[EP_SIGNATURE_LEN];
  g_autoptr (GError) error = NULL;

  ep_test_audit_stored_hash (owner, gemeente, 10, head);
  if (random_signature)
    EP_ASSERT_NO_ERROR (ep_random_bytes (signature, sizeof signature, &error), error);
  else
    {
      g_autoptr (EpSigningKey) forger = ep_test_audit_key ();
      g_autoptr (GBytes) message = ep_audit_checkpoint_message (gemeente, 10, head);
      EP_ASSERT_NO_ERROR (ep_signing_key_sign (forger, message, signature, &error), error);
    }

  g_autofree gchar *key_id = ep_signing_key_id (key);
  g_autofree gchar *head_hex = ep_hex_encode (head, sizeof head);
  g_autofree gchar *sig_hex = ep_hex_encode (signature, sizeof signature);
  g_autoptr (EpDbParams) params = ep_test_params (gemeente, head_hex, key_id, sig_hex, NULL);
  EP_ASSERT_NO_ERROR (ep_db_exec_command (owner,
                                          "INSERT INTO audit_checkpoint"
                                          " (gemeente, seq, hash, key_id, signature)"
                                          " VALUES ($1, 10, decode($2, 'hex'), $3,"
                                          "         decode($4, 'hex'))",
                                          params, "forge checkpoint", &error),
                      error);
}

static void
forge_checkpoint_other_key (PGconn *owner, const gchar *gemeente, const EpSigningKey *key)
{
  forge_checkpoint (owner, gemeente, key, FALSE);
}

static void
forge_checkpoint_random (PGconn *owner, const gchar *gemeente, const EpSigningKey *key)
{
  forge_checkpoint (owner, gemeente, key, TRUE);
}

/* Ten events, seq 1…10, sealed (and checkpointed at 10 where `checkpoint`); then the
 * statements of `sql` ($1: the municipality) and `func`, run as the owner in one transaction
 * with the append-only triggers off; then verify, with the public key where `with_key`. */
static const struct
{
  const gchar *name;
  gboolean checkpoint;
  const gchar *sql[4];
  TamperFunc func;
  gboolean with_key;
  EpAuditFinding finding;
  gint64 broken_seq;
} tamper_cases[] = {
  /* clang-format off */
  { "purpose of seq 5 changed", FALSE,
    { "UPDATE audit_event e SET purpose = 'tampered'" EVENT_OF_SEQ (5) },
    NULL, FALSE, EP_AUDIT_CHANGED, 5 },
  { "actor of seq 5 changed", FALSE,
    { "UPDATE audit_event e SET actor_id = 'someone-else'" EVENT_OF_SEQ (5) },
    NULL, FALSE, EP_AUDIT_CHANGED, 5 },
  { "time of seq 5 moved by one microsecond", FALSE,
    { "UPDATE audit_event e SET occurred_at = e.occurred_at + interval '1 microsecond'"
      EVENT_OF_SEQ (5) },
    NULL, FALSE, EP_AUDIT_CHANGED, 5 },
  { "change of seq 5 re-spaced (the same JSON value)", FALSE,
    { "UPDATE audit_event e SET change = replace(e.change::text, ':', ': ')::json"
      EVENT_OF_SEQ (5) },
    NULL, FALSE, EP_AUDIT_CHANGED, 5 },
  { "household of seq 5 removed", FALSE,
    { "UPDATE audit_event e SET household_id = NULL" EVENT_OF_SEQ (5) },
    NULL, FALSE, EP_AUDIT_CHANGED, 5 },
  { "stored hash of seq 5 changed", FALSE,
    { "UPDATE audit_chain SET hash = sha256(hash) WHERE gemeente = $1 AND seq = 5" },
    NULL, FALSE, EP_AUDIT_CHANGED, 5 },
  { "stored hash of seq 5 changed, and seq 6 linked to it", FALSE,
    { "UPDATE audit_chain SET hash = sha256(hash) WHERE gemeente = $1 AND seq = 5",
      "UPDATE audit_chain c SET prev_hash = p.hash FROM audit_chain p"
      " WHERE c.gemeente = $1 AND c.seq = 6 AND p.gemeente = c.gemeente AND p.seq = 5" },
    NULL, FALSE, EP_AUDIT_CHANGED, 5 },
  { "seq 5 deleted (chain row and event)", FALSE,
    { DELETE_CHAIN_AND_EVENTS ("seq = 5") },
    NULL, FALSE, EP_AUDIT_MISSING, 5 },
  { "event of seq 5 deleted, chain row kept", FALSE,
    { "DELETE FROM audit_event e" " USING audit_chain c WHERE c.gemeente = $1 AND c.seq = 5"
      "   AND e.gemeente = c.gemeente AND e.id = c.event_id" },
    NULL, FALSE, EP_AUDIT_MISSING, 5 },
  { "chain row of seq 5 deleted, event kept", FALSE,
    { "DELETE FROM audit_chain WHERE gemeente = $1 AND seq = 5" },
    NULL, FALSE, EP_AUDIT_MISSING, 5 },
  { "seq 5 deleted, later seqs renumbered down", FALSE,
    { DELETE_CHAIN_AND_EVENTS ("seq = 5"),
      "UPDATE audit_chain SET seq = seq + 1000000 WHERE gemeente = $1 AND seq > 5",
      "UPDATE audit_chain SET seq = seq - 1000001 WHERE gemeente = $1 AND seq > 1000000" },
    NULL, FALSE, EP_AUDIT_MISSING, 5 },
  { "seq 1 deleted, later seqs renumbered down", FALSE,
    { DELETE_CHAIN_AND_EVENTS ("seq = 1"),
      "UPDATE audit_chain SET seq = seq + 1000000 WHERE gemeente = $1",
      "UPDATE audit_chain SET seq = seq - 1000001 WHERE gemeente = $1" },
    NULL, FALSE, EP_AUDIT_MISSING, 1 },
  { "seq 4 and 5 swapped", FALSE,
    { "UPDATE audit_chain SET seq = seq + 1000000 WHERE gemeente = $1 AND seq IN (4, 5)",
      "UPDATE audit_chain SET seq = 9 - (seq - 1000000) WHERE gemeente = $1 AND seq > 1000000" },
    NULL, FALSE, EP_AUDIT_REORDERED, 4 },
  { "seq 1 and 2 swapped", FALSE,
    { "UPDATE audit_chain SET seq = seq + 1000000 WHERE gemeente = $1 AND seq IN (1, 2)",
      "UPDATE audit_chain SET seq = 3 - (seq - 1000000) WHERE gemeente = $1 AND seq > 1000000" },
    NULL, FALSE, EP_AUDIT_REORDERED, 1 },
  { "seq 4 and 7 swapped", FALSE,
    { "UPDATE audit_chain SET seq = seq + 1000000 WHERE gemeente = $1 AND seq IN (4, 7)",
      "UPDATE audit_chain SET seq = 11 - (seq - 1000000) WHERE gemeente = $1 AND seq > 1000000" },
    NULL, FALSE, EP_AUDIT_REORDERED, 4 },
  { "seq 9 and 10 swapped", FALSE,
    { "UPDATE audit_chain SET seq = seq + 1000000 WHERE gemeente = $1 AND seq IN (9, 10)",
      "UPDATE audit_chain SET seq = 19 - (seq - 1000000) WHERE gemeente = $1 AND seq > 1000000" },
    NULL, FALSE, EP_AUDIT_REORDERED, 9 },
  { "forged event inserted at seq 5", FALSE, { NULL }, forge_insert_at_5, FALSE,
    EP_AUDIT_INSERTED, 5 },
  { "forged event inserted at seq 1", FALSE, { NULL }, forge_insert_at_1, FALSE,
    EP_AUDIT_INSERTED, 1 },
  { "seq 8-10 cut off after a checkpoint at 10", TRUE,
    { DELETE_CHAIN_AND_EVENTS ("seq >= 8") },
    NULL, TRUE, EP_AUDIT_TRUNCATED, 8 },
  { "seq 8-10 cut off after a checkpoint at 10, verified without the key", TRUE,
    { DELETE_CHAIN_AND_EVENTS ("seq >= 8") },
    NULL, FALSE, EP_AUDIT_INTACT, 0 },
  { "chain rewritten consistently from seq 5", TRUE, { NULL }, rewrite_from_5, TRUE,
    EP_AUDIT_CHANGED, 10 },
  { "chain rewritten consistently from seq 5, verified without the key", TRUE, { NULL },
    rewrite_from_5, FALSE, EP_AUDIT_INTACT, 0 },
  { "checkpoint forged with another key", TRUE, { NULL }, forge_checkpoint_other_key, TRUE,
    EP_AUDIT_CHECKPOINT_INVALID, 10 },
  { "checkpoint forged with random bytes", TRUE, { NULL }, forge_checkpoint_random, TRUE,
    EP_AUDIT_CHECKPOINT_INVALID, 10 },
  /* clang-format on */
};

START_TEST (test_tampering_detected)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *gemeente = ep_test_audit_gemeente (owner);
  g_autoptr (EpSigningKey) key = ep_test_audit_key ();
  g_autoptr (EpSigningKey) public_key = ep_test_audit_public_key (key);
  g_auto (EpAuditReport) report = { 0 };

  ep_test_audit_write_n (app, gemeente, 10, NULL);
  ck_assert_uint_eq (ep_test_audit_seal (app, gemeente), 10);
  if (tamper_cases[_i].checkpoint)
    {
      gint64 seq = 0;
      EP_ASSERT_NO_ERROR (ep_audit_checkpoint (app, gemeente, key, &seq, &error), error);
      ck_assert_int_eq (seq, 10);
    }
  /* Intact before. */
  ep_test_audit_verify (app, gemeente, 0, public_key, &report);
  EP_ASSERT_FINDING (&report, EP_AUDIT_INTACT, 0);

  ep_test_audit_tamper_begin (owner);
  for (gsize s = 0; s < G_N_ELEMENTS (tamper_cases[_i].sql) && tamper_cases[_i].sql[s]; s++)
    ck_assert_msg (owner_exec (owner, tamper_cases[_i].sql[s], gemeente, NULL) > 0,
                   "%s: statement %zu touched no row", tamper_cases[_i].name, s);
  if (tamper_cases[_i].func != NULL)
    tamper_cases[_i].func (owner, gemeente, key);
  ep_test_audit_tamper_end (owner);

  ep_audit_report_clear (&report);
  ep_test_audit_verify (app, gemeente, 0, tamper_cases[_i].with_key ? public_key : NULL, &report);
  /* A broken trail left behind would fail every later sealer: remove it before asserting. */
  ep_test_audit_remove_trail (owner, gemeente);
  EP_ASSERT_CASE_FINDING (tamper_cases[_i].name, &report, tamper_cases[_i].finding,
                          tamper_cases[_i].broken_seq);
  if (tamper_cases[_i].finding == EP_AUDIT_INTACT)
    ck_assert_ptr_null (report.detail);
  else
    ck_assert_msg (report.detail != NULL && *report.detail != '\0', "%s: no detail",
                   tamper_cases[_i].name);
  ck_assert_int_eq (report.checkpoint_seq, tamper_cases[_i].checkpoint ? 10 : -1);
  ck_assert_int_eq (report.checkpoint_checked,
                    tamper_cases[_i].checkpoint && tamper_cases[_i].with_key);
}
END_TEST

/* ---- the checkpoint file: heads kept outside the database ------------------------------ */

/* A checkpoint file in a directory of its own (removed with ep_test_remove_checkpoint_file). */
static gchar *
new_checkpoint_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *dir = g_dir_make_tmp ("ep-audit-XXXXXX", &error);
  EP_ASSERT_NO_ERROR (dir != NULL, error);
  return g_build_filename (dir, "audit-checkpoints.log", NULL);
}

static void
remove_checkpoint_file (const gchar *path)
{
  g_autofree gchar *dir = g_path_get_dirname (path);
  g_remove (path);
  g_rmdir (dir);
}

#define DELETE_CHECKPOINTS "DELETE FROM audit_checkpoint WHERE gemeente = $1"

/* Ten events, a checkpoint at 10 written to the database and to the checkpoint file; then the
 * owner removes the checkpoints and tampers (`sql`, `func`); then the plain verify, with the
 * public key and the file. */
static const struct
{
  const gchar *name;
  const gchar *sql[2];
  TamperFunc func;
  EpAuditFinding finding;
  gint64 broken_seq;
  const gchar *detail;
} checkpoint_file_cases[] = {
  /* clang-format off */
  { "the checkpoints deleted, seq 8-10 cut off",
    { DELETE_CHECKPOINTS, DELETE_CHAIN_AND_EVENTS ("seq >= 8") }, NULL,
    EP_AUDIT_TRUNCATED, 8,
    "the chain ends at seq 7 but the checkpoint file covers up to 10: the newest events were "
    "cut off" },
  { "the checkpoints deleted, the chain rewritten consistently from seq 5",
    { DELETE_CHECKPOINTS }, rewrite_from_5,
    EP_AUDIT_CHANGED, 10, "the chain up to seq 10 differs from the checkpoint file: it was "
    "rewritten" },
  { "the checkpoints deleted, the chain kept", { DELETE_CHECKPOINTS }, NULL,
    EP_AUDIT_INTACT, 0, NULL },
  /* clang-format on */
};

START_TEST (test_checkpoint_file_detects)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *gemeente = ep_test_audit_gemeente (owner);
  g_autoptr (EpSigningKey) key = ep_test_audit_key ();
  g_autoptr (EpSigningKey) public_key = ep_test_audit_public_key (key);
  g_autofree gchar *file = new_checkpoint_file ();
  g_auto (EpAuditCheckpoint) written = { 0 };
  g_auto (EpAuditReport) report = { 0 };
  EpAuditVerifyOptions options = { .public_key = public_key, .checkpoint_file = file };

  ep_test_audit_write_n (app, gemeente, 10, NULL);
  EP_ASSERT_NO_ERROR (ep_audit_checkpoint_with (app, gemeente, key, file, &written, &error), error);
  ck_assert_int_eq (written.seq, 10);

  /* One line, as the database holds the checkpoint. */
  g_autofree gchar *contents = NULL;
  EP_ASSERT_NO_ERROR (g_file_get_contents (file, &contents, NULL, &error), error);
  g_autofree gchar *want = owner_text (
    owner,
    "SELECT format('{\"gemeente\":\"%s\",\"seq\":%s,\"hash\":\"%s\",\"signed_at\":\"%s\","
    "\"key_id\":\"%s\",\"signature\":\"%s\"}', gemeente, seq, encode(hash, 'hex'),"
    "              to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'),"
    "              key_id, encode(signature, 'hex')) || E'\\n'"
    "  FROM audit_checkpoint WHERE gemeente = $1",
    gemeente, NULL);
  ck_assert_str_eq (contents, want);

  ep_test_audit_verify_with (app, gemeente, &options, &report);
  EP_ASSERT_FINDING (&report, EP_AUDIT_INTACT, 0);
  ck_assert_int_eq (report.checkpoint_file_seq, 10);

  ep_test_audit_tamper_begin (owner);
  for (gsize s = 0;
       s < G_N_ELEMENTS (checkpoint_file_cases[_i].sql) && checkpoint_file_cases[_i].sql[s]; s++)
    ck_assert_msg (owner_exec (owner, checkpoint_file_cases[_i].sql[s], gemeente, NULL) > 0,
                   "%s: statement %zu touched no row", checkpoint_file_cases[_i].name, s);
  if (checkpoint_file_cases[_i].func != NULL)
    checkpoint_file_cases[_i].func (owner, gemeente, key);
  ep_test_audit_tamper_end (owner);

  ep_audit_report_clear (&report);
  ep_test_audit_verify_with (app, gemeente, &options, &report);
  ep_test_audit_remove_trail (owner, gemeente);
  remove_checkpoint_file (file);
  EP_ASSERT_CASE_FINDING (checkpoint_file_cases[_i].name, &report,
                          checkpoint_file_cases[_i].finding, checkpoint_file_cases[_i].broken_seq);
  if (checkpoint_file_cases[_i].detail == NULL)
    ck_assert_ptr_null (report.detail);
  else
    ck_assert_str_eq (report.detail, checkpoint_file_cases[_i].detail);
  ck_assert_int_eq (report.checkpoint_seq, -1);
  ck_assert_int_eq (report.checkpoint_file_seq, 10);
}
END_TEST

/* What the file holds is checked too: the newest line of the municipality counts, a line not
 * signed by the audit key is a forgery, and a line that is not a checkpoint stops verify. */
START_TEST (test_checkpoint_file_lines)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *gemeente = ep_test_audit_gemeente (owner);
  g_autoptr (EpSigningKey) key = ep_test_audit_key ();
  g_autoptr (EpSigningKey) public_key = ep_test_audit_public_key (key);
  g_autoptr (EpSigningKey) other = ep_test_audit_key ();
  g_autofree gchar *file = new_checkpoint_file ();
  g_auto (EpAuditReport) report = { 0 };
  EpAuditVerifyOptions options = { .public_key = public_key, .checkpoint_file = file };

  /* Two lines of this municipality: the newer one (seq 5) counts. */
  ep_test_audit_write_n (app, gemeente, 3, NULL);
  EP_ASSERT_NO_ERROR (ep_audit_checkpoint_with (app, gemeente, key, file, NULL, &error), error);
  ep_test_audit_write_n (app, gemeente, 2, NULL);
  EP_ASSERT_NO_ERROR (ep_audit_checkpoint_with (app, gemeente, key, file, NULL, &error), error);
  ep_test_audit_verify_with (app, gemeente, &options, &report);
  EP_ASSERT_FINDING (&report, EP_AUDIT_INTACT, 0);
  ck_assert_int_eq (report.checkpoint_file_seq, 5);

  /* Another municipality has no line in the file: nothing to hold its chain to. */
  ep_audit_report_clear (&report);
  EpAuditVerifyOptions elsewhere = options;
  g_autofree gchar *other_gemeente = ep_test_audit_gemeente (owner);
  ep_test_audit_verify_with (app, other_gemeente, &elsewhere, &report);
  EP_ASSERT_FINDING (&report, EP_AUDIT_INTACT, 0);
  ck_assert_int_eq (report.checkpoint_file_seq, -1);

  /* A line signed with another key, appended as if by the server: forged. (Its twin in the
   * database is removed, so that the file is what verify finds it in.) */
  ep_test_audit_write_n (app, gemeente, 1, NULL);
  EP_ASSERT_NO_ERROR (ep_audit_checkpoint_with (app, gemeente, other, file, NULL, &error), error);
  ep_test_audit_tamper_begin (owner);
  owner_exec (owner, DELETE_CHECKPOINTS, gemeente, NULL);
  ep_test_audit_tamper_end (owner);
  ep_audit_report_clear (&report);
  ep_test_audit_verify_with (app, gemeente, &options, &report);
  EP_ASSERT_FINDING (&report, EP_AUDIT_CHECKPOINT_INVALID, 6);
  ck_assert_str_eq (report.detail, "the newest checkpoint in the checkpoint file (seq 6) is not "
                                   "signed by the audit key: it was forged");

  /* A line that is not a checkpoint: verify cannot run, and says which line. */
  FILE *out = fopen (file, "a");
  ck_assert_ptr_nonnull (out);
  fputs ("{\"gemeente\": \"", out);
  fputs (gemeente, out);
  fputs ("\", \"seq\": \"zes\"}\n", out);
  fclose (out);
  ep_audit_report_clear (&report);
  gboolean ran = ep_audit_verify_with (app, gemeente, &options, &report, &error);
  ep_test_audit_remove_trail (owner, gemeente);
  remove_checkpoint_file (file);
  ck_assert (!ran);
  EP_ASSERT_AUDIT_ERROR (error, EP_AUDIT_ERROR_CHECKPOINT_FILE);
  g_autofree gchar *want = g_strdup_printf ("%s, line 4: not a checkpoint", file);
  ck_assert_str_eq (error->message, want);
}
END_TEST

/* An event behind the chain head that is not in the chain. Returns: its id. */
typedef gchar *(*UncoverFunc) (PGconn *owner, const gchar *gemeente);

/* A forged event added afterwards with a transaction id from long ago, so that it sorts
 * behind the chain head (where the sealer will never look again). */
static gchar *
back_date_event (PGconn *owner, const gchar *gemeente)
{
  return owner_text (
    owner,
    "INSERT INTO audit_event (gemeente, xid, occurred_at, actor_id, actor_role, action,"
    "                         entity_type, purpose)"
    " VALUES ($1, '3'::xid8, now() - interval '1 year', 'mallory', 'admin', 'create',"
    "         'household', 'back-dated') RETURNING id::text",
    gemeente, NULL);
}

/* The chain row of seq 5 removed, seq 6…10 moved down and re-linked: a consistent chain of
 * nine that silently leaves one event out. */
static gchar *
unlink_seq_5 (PGconn *owner, const gchar *gemeente)
{
  gchar *id = ep_test_audit_event_at (owner, gemeente, 5);

  ep_test_audit_tamper_begin (owner);
  owner_exec (owner, "DELETE FROM audit_chain WHERE gemeente = $1 AND seq = 5", gemeente, NULL);
  owner_exec (owner, "UPDATE audit_chain SET seq = seq + 1000000 WHERE gemeente = $1 AND seq > 5",
              gemeente, NULL);
  owner_exec (owner,
              "UPDATE audit_chain SET seq = seq - 1000001 WHERE gemeente = $1 AND seq > 1000000",
              gemeente, NULL);
  ep_test_audit_rechain (owner, gemeente, 5, 9);
  ep_test_audit_tamper_end (owner);
  return id;
}

static const struct
{
  const gchar *name;
  UncoverFunc func;
  gint64 events; /* chain events verify checked */
} uncovered_cases[] = {
  { "an event back-dated behind the head", back_date_event, 10 },
  { "the link of seq 5 removed, the rest re-chained", unlink_seq_5, 9 },
};

START_TEST (test_uncovered_detected)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autofree gchar *gemeente = ep_test_audit_gemeente (owner);
  g_auto (EpAuditReport) report = { 0 };

  ep_test_audit_write_n (app, gemeente, 10, NULL);
  ck_assert_uint_eq (ep_test_audit_seal (app, gemeente), 10);
  g_autofree gchar *hidden = uncovered_cases[_i].func (owner, gemeente);

  /* The sealer does not pick the event up, and verify names it. */
  guint64 sealed = ep_test_audit_seal (app, gemeente);
  ep_test_audit_verify (app, gemeente, 0, NULL, &report);
  ep_test_audit_remove_trail (owner, gemeente);
  ck_assert_uint_eq (sealed, 0);
  ck_assert_msg (report.finding == EP_AUDIT_UNCOVERED,
                 "%s: expected uncovered, found %s at %" G_GINT64_FORMAT ": %s",
                 uncovered_cases[_i].name, ep_audit_finding_name (report.finding),
                 report.broken_seq, report.detail ? report.detail : "");
  ck_assert_int_eq (report.events, uncovered_cases[_i].events);
  ck_assert_int_eq (report.head_seq, uncovered_cases[_i].events);
  g_autofree gchar *named = g_strdup_printf ("event %s ", hidden);
  ck_assert_msg (report.detail != NULL && strstr (report.detail, named) != NULL,
                 "detail does not name event %s: %s", hidden, report.detail ? report.detail : "");
}
END_TEST

/* ---- append-only: the application role ------------------------------------------------- */

/* A municipality with three sealed events, a checkpoint and an access-log row. */
static gchar *
trail_fixture (PGconn *owner, PGconn *app, const EpSigningKey *key)
{
  g_autoptr (GError) error = NULL;
  gchar *gemeente = ep_test_audit_gemeente (owner);

  ep_test_audit_write_n (app, gemeente, 3, NULL);
  EP_ASSERT_NO_ERROR (ep_audit_checkpoint (app, gemeente, key, NULL, &error), error);
  g_autoptr (EpDbParams) params = ep_test_params (gemeente, NULL);
  EP_ASSERT_NO_ERROR (ep_db_exec_command (owner,
                                          "INSERT INTO access_log (gemeente, action, entity_type,"
                                          "                        purpose)"
                                          " VALUES ($1, 'read', 'household', 'wmo')",
                                          params, "access log row", &error),
                      error);
  return gemeente;
}

/* What the fixture holds, as one line, to compare before and after. */
static gchar *
trail_state (PGconn *owner, const gchar *gemeente)
{
  return owner_text (owner,
                     "SELECT (SELECT count(*) || ':' || string_agg(purpose, ',' ORDER BY id)"
                     "          FROM audit_event WHERE gemeente = $1)"
                     "    || '|' || (SELECT count(*) || ':' || string_agg(encode(hash, 'hex'), ','"
                     "                                                  ORDER BY seq)"
                     "                 FROM audit_chain WHERE gemeente = $1)"
                     "    || '|' || (SELECT count(*) || ':' || max(seq)"
                     "                 FROM audit_checkpoint WHERE gemeente = $1)"
                     "    || '|' || (SELECT count(*) || ':' || string_agg(purpose, ',')"
                     "                 FROM access_log WHERE gemeente = $1)",
                     gemeente, NULL);
}

typedef struct
{
  const gchar *sql;
  const gchar *param; /* $1, if the statement has one */
} RefusedJob;

/* Runs the statement; if it was not refused, fails anyway, so nothing it did is committed. */
static gboolean
run_refused (PGconn *conn, gpointer data, GError **error)
{
  RefusedJob *job = data;
  g_autoptr (EpDbParams) params
    = strstr (job->sql, "$1") != NULL ? ep_test_params (job->param, NULL) : NULL;
  g_autoptr (PGresult) res
    = ep_db_exec (conn, job->sql, params, PGRES_COMMAND_OK, "statement to refuse", error);

  if (res == NULL)
    return FALSE;
  g_set_error (error, EP_DB_ERROR, EP_DB_ERROR_FAILED, "not refused: %s (%s rows)",
               PQcmdStatus (res), PQcmdTuples (res));
  return FALSE;
}

static const struct
{
  const gchar *sql;
  const gchar *message; /* a part of the error message */
} app_refused[] = {
  /* clang-format off */
  { "UPDATE audit_event SET purpose = 'x' WHERE gemeente = $1", "permission denied" },
  { "DELETE FROM audit_event WHERE gemeente = $1", "permission denied" },
  { "TRUNCATE audit_event", "permission denied" },
  { "UPDATE audit_chain SET hash = sha256(hash) WHERE gemeente = $1", "permission denied" },
  { "DELETE FROM audit_chain WHERE gemeente = $1", "permission denied" },
  { "TRUNCATE audit_chain", "permission denied" },
  { "UPDATE audit_checkpoint SET seq = 0 WHERE gemeente = $1", "permission denied" },
  { "DELETE FROM audit_checkpoint WHERE gemeente = $1", "permission denied" },
  { "TRUNCATE audit_checkpoint", "permission denied" },
  { "UPDATE access_log SET purpose = 'x' WHERE gemeente = $1", "permission denied" },
  { "DELETE FROM access_log WHERE gemeente = $1", "permission denied" },
  { "TRUNCATE access_log", "permission denied" },
  /* Events and accesses are added, but tenant, transaction, time and actor are not the
   * application's to choose. */
  { "INSERT INTO audit_event (gemeente, action, entity_type, purpose)"
    " VALUES ($1, 'create', 'household', 'wmo')", "permission denied" },
  { "INSERT INTO audit_event (actor_id, action, entity_type, purpose)"
    " VALUES ('someone-else', 'create', 'household', 'wmo')", "permission denied" },
  { "INSERT INTO audit_event (actor_role, action, entity_type, purpose)"
    " VALUES ('admin', 'create', 'household', 'wmo')", "permission denied" },
  { "INSERT INTO audit_event (occurred_at, action, entity_type, purpose)"
    " VALUES (now() - interval '1 year', 'create', 'household', 'wmo')", "permission denied" },
  { "INSERT INTO audit_event (xid, action, entity_type, purpose)"
    " VALUES ('3', 'create', 'household', 'wmo')", "permission denied" },
  { "INSERT INTO access_log (actor_id, action, entity_type, purpose)"
    " VALUES ('someone-else', 'read', 'household', 'wmo')", "permission denied" },
  { "INSERT INTO access_log (occurred_at, action, entity_type, purpose)"
    " VALUES (now() - interval '6 years', 'read', 'household', 'wmo')", "permission denied" },
  /* clang-format on */
};

START_TEST (test_app_role_cannot_change_trail)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  g_autoptr (EpSigningKey) key = ep_test_audit_key ();
  g_autoptr (EpSigningKey) public_key = ep_test_audit_public_key (key);
  g_autofree gchar *gemeente = trail_fixture (owner, app, key);
  g_autofree gchar *before = trail_state (owner, gemeente);
  RefusedJob job = { app_refused[_i].sql, gemeente };
  EpDbTxContext ctx = { .gemeente = gemeente, .actor_id = "u1", .actor_role = "admin" };

  ck_assert (!ep_db_run_tx (app, &ctx, run_refused, &job, NULL, &error));
  EP_ASSERT_DB_ERROR (error, EP_DB_ERROR_PERMISSION_DENIED);
  ck_assert_msg (strstr (error->message, app_refused[_i].message) != NULL, "%s: %s",
                 app_refused[_i].sql, error->message);

  g_autofree gchar *after = trail_state (owner, gemeente);
  ck_assert_str_eq (after, before);
  g_auto (EpAuditReport) report = { 0 };
  ep_test_audit_verify (app, gemeente, 0, public_key, &report);
  EP_ASSERT_FINDING (&report, EP_AUDIT_INTACT, 0);
}
END_TEST

/* ---- append-only: the owner, with the triggers on ---------------------------------------- */

static const struct
{
  const gchar *sql;
  const gchar *message;
} owner_refused[] = {
  /* clang-format off */
  { "UPDATE audit_event SET purpose = 'x' WHERE gemeente = $1",
    "the audit trail is append-only: UPDATE on audit_event refused" },
  { "DELETE FROM audit_event WHERE gemeente = $1",
    "the audit trail is append-only: DELETE on audit_event refused" },
  { "TRUNCATE audit_event CASCADE",
    "the audit trail is append-only: TRUNCATE on audit_event refused" },
  { "TRUNCATE audit_event",
    "the audit trail is append-only: TRUNCATE on audit_event refused" },
  { "UPDATE audit_chain SET hash = sha256(hash) WHERE gemeente = $1",
    "the audit trail is append-only: UPDATE on audit_chain refused" },
  { "DELETE FROM audit_chain WHERE gemeente = $1",
    "the audit trail is append-only: DELETE on audit_chain refused" },
  { "TRUNCATE audit_chain",
    "the audit trail is append-only: TRUNCATE on audit_chain refused" },
  { "UPDATE audit_checkpoint SET seq = 0 WHERE gemeente = $1",
    "the audit trail is append-only: UPDATE on audit_checkpoint refused" },
  { "DELETE FROM audit_checkpoint WHERE gemeente = $1",
    "the audit trail is append-only: DELETE on audit_checkpoint refused" },
  { "TRUNCATE audit_checkpoint",
    "the audit trail is append-only: TRUNCATE on audit_checkpoint refused" },
  { "UPDATE access_log SET purpose = 'x' WHERE gemeente = $1",
    "access log rows are kept five years: UPDATE on access_log refused" },
  { "DELETE FROM access_log WHERE gemeente = $1",
    "access log rows are kept five years: DELETE on access_log refused" },
  { "TRUNCATE access_log",
    "the audit trail is append-only: TRUNCATE on access_log refused" },
  /* clang-format on */
};

START_TEST (test_owner_refused_by_triggers)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  g_autoptr (EpSigningKey) key = ep_test_audit_key ();
  g_autoptr (EpSigningKey) public_key = ep_test_audit_public_key (key);
  g_autofree gchar *gemeente = trail_fixture (owner, app, key);
  g_autofree gchar *before = trail_state (owner, gemeente);
  RefusedJob job = { owner_refused[_i].sql, gemeente };
  EpDbTxContext ctx = { .gemeente = gemeente };

  /* The owner has every privilege on its tables; only the triggers stand in the way. */
  ck_assert (!ep_db_run_tx (owner, &ctx, run_refused, &job, NULL, &error));
  EP_ASSERT_DB_ERROR (error, EP_DB_ERROR_PERMISSION_DENIED);
  ck_assert_msg (strstr (error->message, owner_refused[_i].message) != NULL, "%s: %s",
                 owner_refused[_i].sql, error->message);

  g_autofree gchar *after = trail_state (owner, gemeente);
  ck_assert_str_eq (after, before);
  g_auto (EpAuditReport) report = { 0 };
  ep_test_audit_verify (app, gemeente, 0, public_key, &report);
  EP_ASSERT_FINDING (&report, EP_AUDIT_INTACT, 0);
}
END_TEST

/* Access-log rows older than five years may go, younger ones may not — and never by the app. */
START_TEST (test_access_log_retention)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *gemeente = ep_test_audit_gemeente (owner);
  g_autofree gchar *old = ep_test_marker ();
  g_autofree gchar *young = ep_test_marker ();
  g_autoptr (EpDbParams) params = ep_test_params (gemeente, old, young, NULL);

  EP_ASSERT_NO_ERROR (ep_db_exec_command (owner,
                                          "INSERT INTO access_log (gemeente, occurred_at, action,"
                                          "                        entity_type, entity_id, purpose)"
                                          " VALUES ($1, now() - interval '6 years', 'read',"
                                          "         'household', $2, 'wmo'),"
                                          "        ($1, now() - interval '4 years 11 months',"
                                          "         'read', 'household', $3, 'wmo')",
                                          params, "old access log rows", &error),
                      error);

  /* The application role has no DELETE at all, not even for old rows. */
  RefusedJob job = { "DELETE FROM access_log WHERE entity_id = $1", old };
  EpDbTxContext ctx = { .gemeente = gemeente };
  ck_assert (!ep_db_run_tx (app, &ctx, run_refused, &job, NULL, &error));
  EP_ASSERT_DB_ERROR (error, EP_DB_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);

  /* The owner cannot delete the younger row… */
  job = (RefusedJob){ "DELETE FROM access_log WHERE entity_id = $1", young };
  ck_assert (!ep_db_run_tx (owner, &ctx, run_refused, &job, NULL, &error));
  EP_ASSERT_DB_ERROR (error, EP_DB_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  ck_assert_int_eq (
    owner_int (owner, "SELECT count(*) FROM access_log WHERE entity_id = $1", young, NULL), 1);

  /* …but may delete the one older than five years. */
  ck_assert_int_eq (owner_exec (owner,
                                "DELETE FROM access_log WHERE gemeente = $1 AND entity_id = $2",
                                gemeente, old),
                    1);
  ck_assert_int_eq (
    owner_int (owner, "SELECT count(*) FROM access_log WHERE gemeente = $1", gemeente, NULL), 1);
}
END_TEST

/* ---- the access log ---------------------------------------------------------------------- */

typedef struct
{
  const EpAccessEvent *event;
} AccessJob;

static gboolean
log_access (PGconn *conn, gpointer data, GError **error)
{
  AccessJob *job = data;
  return ep_access_log_record (conn, job->event, error);
}

static const struct
{
  const gchar *action;
  const gchar *outcome; /* NULL: success */
  gboolean emergency;
  const gchar *on_behalf_of;
} access_cases[] = {
  { "read", NULL, FALSE, NULL },       { "search", NULL, FALSE, "u-boss" },
  { "export", "denied", FALSE, NULL }, { "print", "failure", TRUE, NULL },
  { "read", NULL, TRUE, "u-boss" },
};

START_TEST (test_access_log_record)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *marker = ep_test_marker ();
  g_autofree gchar *household = g_uuid_string_random ();
  g_autofree gchar *person = g_uuid_string_random ();
  EpAccessEvent event = { .action = access_cases[_i].action,
                          .entity_type = "person",
                          .entity_id = marker,
                          .household_id = household,
                          .person_id = person,
                          .purpose = "wmo-toegang",
                          .on_behalf_of = access_cases[_i].on_behalf_of,
                          .outcome = access_cases[_i].outcome,
                          .emergency = access_cases[_i].emergency };
  AccessJob job = { &event };
  EpDbTxContext ctx = { .gemeente = EP_TEST_GM_A, .actor_id = "u-4411", .actor_role = "regisseur" };

  EP_ASSERT_NO_ERROR (ep_db_run_tx (app, &ctx, log_access, &job, NULL, &error), error);

  g_autofree gchar *got = owner_text (
    owner,
    "SELECT concat_ws('|', gemeente, actor_id, actor_role, coalesce(on_behalf_of, '-'), action,"
    "                 entity_type, household_id::text, person_id::text, purpose, outcome,"
    "                 emergency::text, (occurred_at > now() - interval '1 minute')::text)"
    "  FROM access_log WHERE entity_id = $1",
    marker, NULL);
  g_autofree gchar *want = g_strdup_printf (
    "%s|u-4411|regisseur|%s|%s|person|%s|%s|wmo-toegang|%s|%s|true", EP_TEST_GM_A,
    access_cases[_i].on_behalf_of ? access_cases[_i].on_behalf_of : "-", access_cases[_i].action,
    household, person, access_cases[_i].outcome ? access_cases[_i].outcome : "success",
    access_cases[_i].emergency ? "true" : "false");
  ck_assert_str_eq (got, want);
}
END_TEST

START_TEST (test_access_log_without_tenant)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *marker = ep_test_marker ();
  EpAccessEvent event
    = { .action = "read", .entity_type = "household", .entity_id = marker, .purpose = "wmo" };
  AccessJob job = { &event };
  EpDbTxContext ctx = { .gemeente = NULL, .actor_id = "u1" };

  gboolean logged = ep_db_run_tx (app, &ctx, log_access, &job, NULL, &error);
  g_autofree gchar *stored = owner_text (owner,
                                         "SELECT coalesce(string_agg(quote_literal(gemeente), ','),"
                                         "                'none')"
                                         "  FROM access_log WHERE entity_id = $1",
                                         marker, NULL);
  ck_assert_msg (!logged && strcmp (stored, "none") == 0,
                 "an access without a municipality was logged, in gemeente %s", stored);
  EP_ASSERT_DB_ERROR (error, EP_DB_ERROR_CHECK_VIOLATION);
}
END_TEST

START_TEST (test_access_log_bad_action)
{
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  EpAccessEvent event = { .action = "update", .entity_type = "person", .purpose = "wmo" };
  AccessJob job = { &event };
  EpDbTxContext ctx = { .gemeente = EP_TEST_GM_A, .actor_id = "u1" };

  /* Mutations belong in the audit trail, not the access log. */
  ck_assert (!ep_db_run_tx (app, &ctx, log_access, &job, NULL, &error));
  EP_ASSERT_DB_ERROR (error, EP_DB_ERROR_CHECK_VIOLATION);
  ck_assert_msg (strstr (error->message, "domain access_action ") != NULL, "%s", error->message);
}
END_TEST

typedef struct
{
  const gchar *marker;
  gint64 by_marker;
  gint64 not_current;
} AccessCountJob;

static gboolean
count_access (PGconn *conn, gpointer data, GError **error)
{
  AccessCountJob *job = data;
  g_autoptr (EpDbParams) params = ep_test_params (job->marker, NULL);
  g_autoptr (PGresult) res
    = ep_db_exec (conn,
                  "SELECT (SELECT count(*) FROM access_log WHERE entity_id = $1) AS by_marker,"
                  "       (SELECT count(*) FROM access_log"
                  "         WHERE gemeente <> current_gemeente()) AS not_current",
                  params, PGRES_TUPLES_OK, "count access log", error);
  if (res == NULL)
    return FALSE;
  job->by_marker = ep_db_get_int64 (res, 0, "by_marker", -1);
  job->not_current = ep_db_get_int64 (res, 0, "not_current", -1);
  return TRUE;
}

START_TEST (test_access_log_tenant_isolation)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *marker = ep_test_marker ();
  EpAccessEvent event
    = { .action = "read", .entity_type = "household", .entity_id = marker, .purpose = "wmo" };
  AccessJob job = { &event };
  EpDbTxContext enschede = { .gemeente = EP_TEST_GM_B, .actor_id = "u-b" };
  EpDbTxContext hengelo = { .gemeente = EP_TEST_GM_A, .actor_id = "u-a" };

  EP_ASSERT_NO_ERROR (ep_db_run_tx (app, &enschede, log_access, &job, NULL, &error), error);
  ck_assert_int_eq (owner_int (owner,
                               "SELECT count(*) FROM access_log WHERE gemeente = $1"
                               " AND entity_id = $2",
                               EP_TEST_GM_B, marker),
                    1);

  AccessCountJob count = { marker, -1, -1 };
  EP_ASSERT_NO_ERROR (ep_db_run_tx (app, &hengelo, count_access, &count, NULL, &error), error);
  ck_assert_int_eq (count.by_marker, 0);
  ck_assert_int_eq (count.not_current, 0);

  count = (AccessCountJob){ marker, -1, -1 };
  EP_ASSERT_NO_ERROR (ep_db_run_tx (app, &enschede, count_access, &count, NULL, &error), error);
  ck_assert_int_eq (count.by_marker, 1);
  ck_assert_int_eq (count.not_current, 0);

  /* Nor can a GM0164 transaction write into GM0153's log. */
  RefusedJob insert = { "INSERT INTO access_log (gemeente, action, entity_type, purpose)"
                        " VALUES ($1, 'read', 'household', 'wmo')",
                        EP_TEST_GM_B };
  ck_assert (!ep_db_run_tx (app, &hengelo, run_refused, &insert, NULL, &error));
  EP_ASSERT_DB_ERROR (error, EP_DB_ERROR_PERMISSION_DENIED);
}
END_TEST

/* ---- the supervisors' query -------------------------------------------------------------- */

/* Seven events; the first four sealed (seq 1…4), the last three waiting. */
enum
{
  N_QUERY_EVENTS = 7,
  N_QUERY_SEALED = 4
};

typedef struct
{
  gchar *gemeente;
  gchar *household[2];
  gchar *entity[3];
  gint64 ids[N_QUERY_EVENTS];
  gchar *occurred_at[N_QUERY_EVENTS];
} QueryFixture;

static void
query_fixture_clear (QueryFixture *fx)
{
  g_free (fx->gemeente);
  for (gsize i = 0; i < G_N_ELEMENTS (fx->household); i++)
    g_free (fx->household[i]);
  for (gsize i = 0; i < G_N_ELEMENTS (fx->entity); i++)
    g_free (fx->entity[i]);
  for (gsize i = 0; i < N_QUERY_EVENTS; i++)
    g_free (fx->occurred_at[i]);
  memset (fx, 0, sizeof *fx);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (QueryFixture, query_fixture_clear)

static const struct
{
  const gchar *actor;
  const gchar *action;
  const gchar *entity_type;
  int entity;    /* index into QueryFixture.entity */
  int household; /* index into QueryFixture.household */
} query_events[N_QUERY_EVENTS] = {
  { "alice", "create", "household", 0, 0 }, /* 0 */
  { "bob", "update", "household", 0, 0 },   /* 1 */
  { "alice", "create", "person", 1, 0 },    /* 2 */
  { "carol", "update", "person", 1, 0 },    /* 3 */
  { "bob", "create", "household", 2, 1 },   /* 4 */
  { "alice", "delete", "person", 1, 0 },    /* 5 */
  { "bob", "update", "household", 2, 1 },   /* 6 */
};

typedef struct
{
  EpAuditFilter filter;
  GPtrArray *entries;
  gchar *next_cursor;
} QueryJob;

static gboolean
run_query (PGconn *conn, gpointer data, GError **error)
{
  QueryJob *job = data;
  g_clear_pointer (&job->entries, g_ptr_array_unref);
  g_clear_pointer (&job->next_cursor, g_free);
  job->entries = ep_audit_query (conn, &job->filter, &job->next_cursor, error);
  return job->entries != NULL;
}

static void
query_job_clear (QueryJob *job)
{
  g_clear_pointer (&job->entries, g_ptr_array_unref);
  g_clear_pointer (&job->next_cursor, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (QueryJob, query_job_clear)

/* Runs the query in a transaction for @tenant as the application role; fails the test on error. */
static void
query_or_fail (PGconn *app, const gchar *tenant, QueryJob *job)
{
  g_autoptr (GError) error = NULL;
  EpDbTxContext ctx = { .gemeente = tenant, .actor_id = "toezicht", .actor_role = "auditor" };

  EP_ASSERT_NO_ERROR (ep_db_run_tx (app, &ctx, run_query, job, NULL, &error), error);
}

static void
query_fixture_make (PGconn *owner, PGconn *app, QueryFixture *fx)
{
  fx->gemeente = ep_test_audit_gemeente (owner);
  for (gsize i = 0; i < G_N_ELEMENTS (fx->household); i++)
    fx->household[i] = g_uuid_string_random ();
  for (gsize i = 0; i < G_N_ELEMENTS (fx->entity); i++)
    fx->entity[i] = g_uuid_string_random ();

  for (int i = 0; i < N_QUERY_EVENTS; i++)
    {
      g_autofree gchar *change = g_strdup_printf ("{\"n\":%d}", i);
      g_autoptr (JsonNode) node = json_or_fail (change);
      EpAuditEvent event = { .action = query_events[i].action,
                             .entity_type = query_events[i].entity_type,
                             .entity_id = fx->entity[query_events[i].entity],
                             .household_id = fx->household[query_events[i].household],
                             .purpose = "wmo-toegang",
                             .change = node };
      fx->ids[i] = record_one (app, fx->gemeente, query_events[i].actor, &event);
      if (i + 1 == N_QUERY_SEALED)
        ck_assert_uint_eq (ep_test_audit_seal (app, fx->gemeente), N_QUERY_SEALED);
      g_usleep (2000); /* distinct times for the period filter */
    }

  /* The times, as the query reports them. */
  g_auto (QueryJob) all = { .filter = { .gemeente = fx->gemeente } };
  query_or_fail (app, fx->gemeente, &all);
  ck_assert_uint_eq (all.entries->len, N_QUERY_EVENTS);
  for (guint k = 0; k < all.entries->len; k++)
    {
      const EpAuditEntry *entry = all.entries->pdata[k];
      fx->occurred_at[N_QUERY_EVENTS - 1 - k] = g_strdup (entry->occurred_at);
    }
}

/* The indices of the events a result holds, newest first, as "6,5,4". */
static gchar *
result_indices (const QueryFixture *fx, const GPtrArray *entries)
{
  g_autoptr (GString) out = g_string_new ("");
  for (guint k = 0; k < entries->len; k++)
    {
      const EpAuditEntry *entry = entries->pdata[k];
      int index = -1;
      for (int i = 0; i < N_QUERY_EVENTS; i++)
        if (fx->ids[i] == entry->id)
          index = i;
      g_string_append_printf (out, "%s%d", k > 0 ? "," : "", index);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Each sealed event shown is checked against the hash the chain holds for it: its block's once
 * packed (even when its chain row says otherwise), else its chain row's. Events 0…6 of the
 * fixture are seqs 1…4 and three unsealed ones. */
typedef enum
{
  ALTER_IN_BLOCK,  /* blocks 1–2, 3–4; every chain row's hashes zeroed; seq 2 changed */
  ALTER_IN_CHAIN,  /* block 1–3, seq 4 in its chain row only; seq 4 changed */
  ALTER_UNLINKED,  /* seq 2 changed and its chain row removed: the chain has passed it */
  ALTER_RECHAINED, /* seq 2 changed and its chain row's hash made to fit: its block still holds */
} QueryTamper;

static const struct
{
  const gchar *name;
  guint block_events;
  QueryTamper tamper;
  EpAuditEntryCheck want[N_QUERY_EVENTS];
} altered_cases[] = {
  { "changed behind a block, chain rows zeroed",
    2,
    ALTER_IN_BLOCK,
    { EP_AUDIT_ENTRY_MATCHES, EP_AUDIT_ENTRY_ALTERED, EP_AUDIT_ENTRY_MATCHES,
      EP_AUDIT_ENTRY_MATCHES, EP_AUDIT_ENTRY_UNSEALED, EP_AUDIT_ENTRY_UNSEALED,
      EP_AUDIT_ENTRY_UNSEALED } },
  { "changed with its hash only in its chain row",
    3,
    ALTER_IN_CHAIN,
    { EP_AUDIT_ENTRY_MATCHES, EP_AUDIT_ENTRY_MATCHES, EP_AUDIT_ENTRY_MATCHES,
      EP_AUDIT_ENTRY_ALTERED, EP_AUDIT_ENTRY_UNSEALED, EP_AUDIT_ENTRY_UNSEALED,
      EP_AUDIT_ENTRY_UNSEALED } },
  { "changed, and its chain row removed",
    3,
    ALTER_UNLINKED,
    { EP_AUDIT_ENTRY_MATCHES, EP_AUDIT_ENTRY_MISSING, EP_AUDIT_ENTRY_MATCHES,
      EP_AUDIT_ENTRY_MATCHES, EP_AUDIT_ENTRY_UNSEALED, EP_AUDIT_ENTRY_UNSEALED,
      EP_AUDIT_ENTRY_UNSEALED } },
  { "changed, and its chain row's hash made to fit",
    3,
    ALTER_RECHAINED,
    { EP_AUDIT_ENTRY_MATCHES, EP_AUDIT_ENTRY_ALTERED, EP_AUDIT_ENTRY_MATCHES,
      EP_AUDIT_ENTRY_MATCHES, EP_AUDIT_ENTRY_UNSEALED, EP_AUDIT_ENTRY_UNSEALED,
      EP_AUDIT_ENTRY_UNSEALED } },
};

START_TEST (test_query_shows_altered)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  g_auto (QueryFixture) fx = { 0 };

  query_fixture_make (owner, app, &fx);
  const gchar *gemeente = fx.gemeente;
  guint block_events = altered_cases[_i].block_events;
  guint64 packed = 0;
  EP_ASSERT_NO_ERROR (ep_audit_pack (owner, gemeente, block_events, &packed, &error), error);
  ck_assert_uint_eq (packed, N_QUERY_SEALED / block_events * block_events);

  /* A sealed event's actor changed; and an unsealed one's, which is no business of the chain. */
  QueryTamper tamper = altered_cases[_i].tamper;
  g_autofree gchar *changed
    = ep_test_audit_event_at (owner, gemeente, tamper == ALTER_IN_CHAIN ? 4 : 2);
  g_autofree gchar *unsealed = g_strdup_printf ("%" G_GINT64_FORMAT, fx.ids[5]);
  ep_test_audit_tamper_begin (owner);
  const gchar *alter = "UPDATE audit_event SET actor_id = 'u-someone-else'"
                       " WHERE gemeente = $1 AND id = $2::bigint";
  ck_assert_int_eq (owner_exec (owner, alter, gemeente, changed), 1);
  ck_assert_int_eq (owner_exec (owner, alter, gemeente, unsealed), 1);
  if (tamper == ALTER_IN_BLOCK)
    ck_assert_int_eq (
      owner_exec (owner,
                  "UPDATE audit_chain SET prev_hash = decode(repeat('00', 32), 'hex'),"
                  "       hash = decode(repeat('00', 32), 'hex')"
                  " WHERE gemeente = $1",
                  gemeente, NULL),
      N_QUERY_SEALED);
  if (tamper == ALTER_UNLINKED)
    ck_assert_int_eq (
      owner_exec (owner, "DELETE FROM audit_chain WHERE gemeente = $1 AND seq = 2", gemeente, NULL),
      1);
  if (tamper == ALTER_RECHAINED)
    {
      guint8 prev[EP_AUDIT_HASH_LEN], forged[EP_AUDIT_HASH_LEN];
      ep_test_audit_stored_hash (owner, gemeente, 1, prev);
      ep_test_audit_recompute_hash (owner, gemeente, changed, 2, prev, forged);
      g_autofree gchar *hex = ep_hex_encode (forged, EP_AUDIT_HASH_LEN);
      ck_assert_int_eq (owner_exec (owner,
                                    "UPDATE audit_chain SET hash = decode($2, 'hex')"
                                    " WHERE gemeente = $1 AND seq = 2",
                                    gemeente, hex),
                        1);
    }
  ep_test_audit_tamper_end (owner);

  g_auto (QueryJob) job = { .filter = { .gemeente = gemeente } };
  query_or_fail (app, gemeente, &job);
  ck_assert_uint_eq (job.entries->len, N_QUERY_EVENTS);
  for (guint k = 0; k < job.entries->len; k++)
    {
      const EpAuditEntry *entry = job.entries->pdata[k];
      int i = N_QUERY_EVENTS - 1 - (int) k;
      ck_assert_msg (entry->check == altered_cases[_i].want[i], "%s: event %d: check %d, want %d",
                     altered_cases[_i].name, i, entry->check, altered_cases[_i].want[i]);
    }
  ep_test_audit_remove_trail (owner, gemeente);
}
END_TEST

/* Times are shown as PostgreSQL's to_char writes them, also where a changed row holds one
 * before 1970, with no microseconds, or before the year 1000. */
START_TEST (test_query_times)
{
  static const gchar *const times[] = {
    "2026-11-24 10:00:00.123456+00", "2026-11-24 10:00:00+00",        "1969-12-31 23:59:59.5+00",
    "1969-12-31 23:59:59.999999+00", "0999-03-04 05:06:07.000008+00", "2000-02-29 12:00:00+00",
  };
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autofree gchar *gemeente = ep_test_audit_gemeente (owner);
  gint64 ids[1];
  ep_test_audit_write_n (app, gemeente, 1, ids);
  g_autofree gchar *id = g_strdup_printf ("%" G_GINT64_FORMAT, ids[0]);

  for (gsize i = 0; i < G_N_ELEMENTS (times); i++)
    {
      ep_test_audit_tamper_begin (owner);
      g_autoptr (EpDbParams) params = ep_test_params (gemeente, id, times[i], NULL);
      g_autoptr (GError) error = NULL;
      g_autoptr (PGresult) set = ep_db_exec (owner,
                                             "UPDATE audit_event SET occurred_at = $3::timestamptz"
                                             " WHERE gemeente = $1 AND id = $2::bigint",
                                             params, PGRES_COMMAND_OK, "set time", &error);
      ck_assert_msg (set != NULL, "%s", error ? error->message : "");
      ep_test_audit_tamper_end (owner);
      g_autofree gchar *want
        = owner_text (owner,
                      "SELECT to_char(occurred_at AT TIME ZONE 'UTC',"
                      "               'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
                      "  FROM audit_event WHERE gemeente = $1 AND id = $2::bigint",
                      gemeente, id);

      g_auto (QueryJob) job = { .filter = { .gemeente = gemeente } };
      query_or_fail (app, gemeente, &job);
      ck_assert_uint_eq (job.entries->len, 1);
      ck_assert_str_eq (((const EpAuditEntry *) job.entries->pdata[0])->occurred_at, want);
    }
  ep_test_audit_remove_trail (owner, gemeente);
}
END_TEST

static const struct
{
  const gchar *name;
  int household; /* -1: no filter */
  const gchar *actor;
  const gchar *action;
  const gchar *entity_type;
  int entity; /* -1: no filter */
  int from;   /* event index whose time starts the period, -1: none */
  int to;     /* event index whose time ends it (exclusive), -1: none */
  const gchar *want;
} query_cases[] = {
  /* clang-format off */
  { "no filter",            -1, NULL,     NULL,     NULL,        -1, -1, -1, "6,5,4,3,2,1,0" },
  { "household",             0, NULL,     NULL,     NULL,        -1, -1, -1, "5,3,2,1,0" },
  { "other household",       1, NULL,     NULL,     NULL,        -1, -1, -1, "6,4" },
  { "actor",                -1, "alice",  NULL,     NULL,        -1, -1, -1, "5,2,0" },
  { "action",               -1, NULL,     "update", NULL,        -1, -1, -1, "6,3,1" },
  { "entity type",          -1, NULL,     NULL,     "person",    -1, -1, -1, "5,3,2" },
  { "entity",               -1, NULL,     NULL,     "household",  2, -1, -1, "6,4" },
  { "household and action",  1, NULL,     "create", NULL,        -1, -1, -1, "4" },
  { "actor and entity type",-1, "bob",    NULL,     "household", -1, -1, -1, "6,4,1" },
  { "period",               -1, NULL,     NULL,     NULL,        -1,  2,  5, "4,3,2" },
  { "from only",            -1, NULL,     NULL,     NULL,        -1,  5, -1, "6,5" },
  { "to only",              -1, NULL,     NULL,     NULL,        -1, -1,  1, "0" },
  { "period and actor",     -1, "alice",  NULL,     NULL,        -1,  1,  6, "5,2" },
  { "nobody",               -1, "nobody", NULL,     NULL,        -1, -1, -1, "" },
  /* clang-format on */
};

START_TEST (test_query_filters)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_auto (QueryFixture) fx = { 0 };

  query_fixture_make (owner, app, &fx);

  g_autoptr (GDateTime) from
    = query_cases[_i].from >= 0
        ? g_date_time_new_from_iso8601 (fx.occurred_at[query_cases[_i].from], NULL)
        : NULL;
  g_autoptr (GDateTime) to
    = query_cases[_i].to >= 0
        ? g_date_time_new_from_iso8601 (fx.occurred_at[query_cases[_i].to], NULL)
        : NULL;
  ck_assert (query_cases[_i].from < 0 || from != NULL);
  ck_assert (query_cases[_i].to < 0 || to != NULL);

  g_auto (QueryJob) job
    = { .filter
        = { .gemeente = fx.gemeente,
            .household_id
            = query_cases[_i].household >= 0 ? fx.household[query_cases[_i].household] : NULL,
            .actor_id = query_cases[_i].actor,
            .action = query_cases[_i].action,
            .entity_type = query_cases[_i].entity_type,
            .entity_id = query_cases[_i].entity >= 0 ? fx.entity[query_cases[_i].entity] : NULL,
            .from = from,
            .to = to } };
  query_or_fail (app, fx.gemeente, &job);
  g_autofree gchar *got = result_indices (&fx, job.entries);
  ck_assert_msg (strcmp (got, query_cases[_i].want) == 0, "%s: got [%s], expected [%s]",
                 query_cases[_i].name, got, query_cases[_i].want);
  ck_assert_ptr_null (job.next_cursor);
}
END_TEST

START_TEST (test_query_entries)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_auto (QueryFixture) fx = { 0 };
  g_autoptr (GRegex) iso
    = g_regex_new ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z$", 0, 0, NULL);

  query_fixture_make (owner, app, &fx);
  g_auto (QueryJob) job = { .filter = { .gemeente = fx.gemeente } };
  query_or_fail (app, fx.gemeente, &job);
  ck_assert_uint_eq (job.entries->len, N_QUERY_EVENTS);

  for (guint k = 0; k < job.entries->len; k++)
    {
      const EpAuditEntry *entry = job.entries->pdata[k];
      int i = N_QUERY_EVENTS - 1 - (int) k;
      g_autofree gchar *change = g_strdup_printf ("{\"n\":%d}", i);

      ck_assert_int_eq (entry->id, fx.ids[i]);
      /* Sealed ones carry their place in the chain (in commit order: 1…4), the others 0. */
      ck_assert_int_eq (entry->seq, i < N_QUERY_SEALED ? i + 1 : 0);
      ck_assert_int_eq (entry->check,
                        i < N_QUERY_SEALED ? EP_AUDIT_ENTRY_MATCHES : EP_AUDIT_ENTRY_UNSEALED);
      ck_assert_str_eq (entry->gemeente, fx.gemeente);
      ck_assert_msg (g_regex_match (iso, entry->occurred_at, 0, NULL), "occurred_at '%s'",
                     entry->occurred_at);
      ck_assert_str_eq (entry->actor_id, query_events[i].actor);
      ck_assert_str_eq (entry->actor_role, "regisseur");
      ck_assert_ptr_null (entry->on_behalf_of);
      ck_assert_str_eq (entry->action, query_events[i].action);
      ck_assert_str_eq (entry->entity_type, query_events[i].entity_type);
      ck_assert_str_eq (entry->entity_id, fx.entity[query_events[i].entity]);
      ck_assert_str_eq (entry->household_id, fx.household[query_events[i].household]);
      ck_assert_str_eq (entry->purpose, "wmo-toegang");
      ck_assert_str_eq (entry->outcome, "success");
      ck_assert_str_eq (entry->change, change);
      if (k > 0)
        ck_assert_msg (strcmp (entry->occurred_at,
                               ((const EpAuditEntry *) job.entries->pdata[k - 1])->occurred_at)
                         < 0,
                       "not newest first at %u", k);
    }

  /* Another municipality's trail, asked for from this tenant: nothing (row-level security). */
  g_auto (QueryJob) foreign = { .filter = { .gemeente = fx.gemeente } };
  query_or_fail (app, EP_TEST_GM_A, &foreign);
  ck_assert_uint_eq (foreign.entries->len, 0);
  ck_assert_ptr_null (foreign.next_cursor);
}
END_TEST

static const struct
{
  const gchar *name;
  int household; /* -1: no filter */
  guint limit;
  const gchar *pages[4]; /* what each page holds; NULL after the last */
} pagination_cases[] = {
  { "seven by three", -1, 3, { "6,5,4", "3,2,1", "0", NULL } },
  { "one household by two", 0, 2, { "5,3", "2,1", "0", NULL } },
  { "exactly full pages", 1, 1, { "6", "4", NULL } },
  { "one page", -1, 7, { "6,5,4,3,2,1,0", NULL } },
};

START_TEST (test_query_pagination)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_auto (QueryFixture) fx = { 0 };
  g_autofree gchar *cursor = NULL;
  g_autoptr (GArray) seen = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint n_pages = 0;

  query_fixture_make (owner, app, &fx);
  for (guint p = 0; pagination_cases[_i].pages[p] != NULL; p++)
    {
      int household = pagination_cases[_i].household;
      g_auto (QueryJob) job
        = { .filter = { .gemeente = fx.gemeente,
                        .household_id = household >= 0 ? fx.household[household] : NULL,
                        .cursor = cursor,
                        .limit = pagination_cases[_i].limit } };
      query_or_fail (app, fx.gemeente, &job);
      g_autofree gchar *got = result_indices (&fx, job.entries);
      ck_assert_msg (strcmp (got, pagination_cases[_i].pages[p]) == 0,
                     "%s, page %u: got [%s], expected [%s]", pagination_cases[_i].name, p + 1, got,
                     pagination_cases[_i].pages[p]);
      for (guint k = 0; k < job.entries->len; k++)
        {
          const EpAuditEntry *entry = job.entries->pdata[k];
          for (guint j = 0; j < seen->len; j++)
            ck_assert_msg (g_array_index (seen, gint64, j) != entry->id,
                           "event %" G_GINT64_FORMAT " on two pages", entry->id);
          g_array_append_val (seen, entry->id);
        }
      n_pages++;

      gboolean last = pagination_cases[_i].pages[p + 1] == NULL;
      if (last)
        ck_assert_msg (job.next_cursor == NULL, "%s: a cursor after the last page (%s)",
                       pagination_cases[_i].name, job.next_cursor);
      else
        ck_assert_msg (job.next_cursor != NULL, "%s: no cursor after page %u",
                       pagination_cases[_i].name, p + 1);
      g_free (cursor);
      cursor = g_steal_pointer (&job.next_cursor);
    }
  ck_assert_uint_gt (n_pages, 0);
  if (pagination_cases[_i].household < 0)
    ck_assert_uint_eq (seen->len, N_QUERY_EVENTS);
}
END_TEST

static const struct
{
  const gchar *cursor;
  guint limit;
  EpAuditError code;
  const gchar *message;
} bad_queries[] = {
  /* clang-format off */
  { "", 0, EP_AUDIT_ERROR_BAD_CURSOR, "cursor is not one this query handed out" },
  { "abc", 0, EP_AUDIT_ERROR_BAD_CURSOR, "cursor is not one this query handed out" },
  { "12abc", 0, EP_AUDIT_ERROR_BAD_CURSOR, "cursor is not one this query handed out" },
  { "-3", 0, EP_AUDIT_ERROR_BAD_CURSOR, "cursor is not one this query handed out" },
  { "0", 0, EP_AUDIT_ERROR_BAD_CURSOR, "cursor is not one this query handed out" },
  { "7 ", 0, EP_AUDIT_ERROR_BAD_CURSOR, "cursor is not one this query handed out" },
  { "0x10", 0, EP_AUDIT_ERROR_BAD_CURSOR, "cursor is not one this query handed out" },
  { NULL, 1001, EP_AUDIT_ERROR_BAD_LIMIT, "limit must be 1–1000, not 1001" },
  /* clang-format on */
};

START_TEST (test_query_malformed)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autoptr (GError) error = NULL;
  g_autofree gchar *gemeente = ep_test_audit_gemeente (owner);
  g_autofree gchar *control_next = NULL;
  static gchar stale[] = "stale"; /* the out parameter must be reset, not left as it was */
  gchar *next = stale;

  /* The same query with a cursor this query could have handed out runs. */
  ep_test_audit_write_n (app, gemeente, 2, NULL);
  EpAuditFilter good = { .gemeente = gemeente, .cursor = "9000000000", .limit = 1 };
  g_autoptr (GPtrArray) control = ep_audit_query (owner, &good, &control_next, &error);
  EP_ASSERT_NO_ERROR (control != NULL, error);
  ck_assert_uint_eq (control->len, 1);
  ck_assert_ptr_nonnull (control_next);

  EpAuditFilter filter
    = { .gemeente = gemeente, .cursor = bad_queries[_i].cursor, .limit = bad_queries[_i].limit };
  g_autoptr (GPtrArray) entries = ep_audit_query (owner, &filter, &next, &error);
  ck_assert_msg (entries == NULL, "cursor '%s', limit %u: accepted", bad_queries[_i].cursor,
                 bad_queries[_i].limit);
  EP_ASSERT_AUDIT_ERROR (error, bad_queries[_i].code);
  ck_assert_str_eq (error->message, bad_queries[_i].message);
  ck_assert_ptr_null (next);
}
END_TEST

Suite *
ep_test_audit_suite (void)
{
  Suite *suite = suite_create ("audit");
  TCase *record = tcase_create ("record");
  TCase *verify = tcase_create ("verify");
  TCase *tamper = tcase_create ("tamper");
  TCase *append_only = tcase_create ("append-only");
  TCase *access = tcase_create ("access-log");
  TCase *query = tcase_create ("query");

  tcase_set_timeout (record, 30);
  tcase_add_test (record, test_record_uses_context);
  tcase_add_test (record, test_record_without_tenant);
  tcase_add_loop_test (record, test_event_field_rules, 0, G_N_ELEMENTS (field_rule_cases));
  tcase_add_loop_test (record, test_rollback_leaves_no_event, 0, G_N_ELEMENTS (rollback_cases));
  tcase_add_test (record, test_record_change_with_event);
  tcase_add_loop_test (record, test_record_change_without_rows, 0,
                       G_N_ELEMENTS (without_rows_cases));
  tcase_add_loop_test (record, test_record_change_refused, 0, G_N_ELEMENTS (refused_change_cases));
  suite_add_tcase (suite, record);

  tcase_set_timeout (verify, 30);
  tcase_add_test (verify, test_verify_intact);
  tcase_add_test (verify, test_seal_in_batches);
  tcase_add_test (verify, test_hash_matches_documented_form);
  tcase_add_test (verify, test_checkpoint_verified);
  tcase_add_test (verify, test_checkpoint_needs_private_key);
  tcase_add_test (verify, test_expected_head);
  suite_add_tcase (suite, verify);

  tcase_set_timeout (tamper, 30);
  tcase_add_loop_test (tamper, test_tampering_detected, 0, G_N_ELEMENTS (tamper_cases));
  tcase_add_loop_test (tamper, test_uncovered_detected, 0, G_N_ELEMENTS (uncovered_cases));
  tcase_add_loop_test (tamper, test_checkpoint_file_detects, 0,
                       G_N_ELEMENTS (checkpoint_file_cases));
  tcase_add_test (tamper, test_checkpoint_file_lines);
  suite_add_tcase (suite, tamper);

  tcase_set_timeout (append_only, 30);
  tcase_add_loop_test (append_only, test_app_role_cannot_change_trail, 0,
                       G_N_ELEMENTS (app_refused));
  tcase_add_loop_test (append_only, test_owner_refused_by_triggers, 0,
                       G_N_ELEMENTS (owner_refused));
  tcase_add_test (append_only, test_access_log_retention);
  suite_add_tcase (suite, append_only);

  tcase_set_timeout (access, 30);
  tcase_add_loop_test (access, test_access_log_record, 0, G_N_ELEMENTS (access_cases));
  tcase_add_test (access, test_access_log_without_tenant);
  tcase_add_test (access, test_access_log_bad_action);
  tcase_add_test (access, test_access_log_tenant_isolation);
  suite_add_tcase (suite, access);

  tcase_set_timeout (query, 30);
  tcase_add_loop_test (query, test_query_filters, 0, G_N_ELEMENTS (query_cases));
  tcase_add_test (query, test_query_entries);
  tcase_add_loop_test (query, test_query_shows_altered, 0, G_N_ELEMENTS (altered_cases));
  tcase_add_test (query, test_query_times);
  tcase_add_loop_test (query, test_query_pagination, 0, G_N_ELEMENTS (pagination_cases));
  tcase_add_loop_test (query, test_query_malformed, 0, G_N_ELEMENTS (bad_queries));
  suite_add_tcase (suite, query);
  return suite;
}
