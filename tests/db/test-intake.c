/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-intake.c: the intake store against a real PostgreSQL.
 *
 * Each test records the Jolanda fixture (docs/examples/intake-jolanda.json) in municipality
 * GM0164 with a vindplaats and a BSN of its own, so tests do not meet each other's people. What
 * is asserted is what is in the database: rows, audit events, access log entries, row-level
 * security, and that a refused write leaves every count as it was.
 */
#include "db-suites.h"

#include "ep-actor.h"
#include "ep-contact.h"
#include "ep-household.h"
#include "ep-intake-json.h"
#include "ep-intake-store.h"
#include "ep-json.h"
#include "ep-test-intake.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define PSEUDONYM_KEY "eenplan-test-pseudonym-key-0123456789"

static GBytes *
pseudonym_key (void)
{
  return g_bytes_new_static (PSEUDONYM_KEY, strlen (PSEUDONYM_KEY));
}

/* A new active vindplaats in GM0164, made by the owner. */
static gchar *
new_vindplaats (PGconn *owner)
{
  g_autofree gchar *marker = ep_test_marker ();
  g_autofree gchar *naam = g_strconcat ("Wijkteam ", marker, NULL);
  g_autoptr (EpDbParams) params = ep_test_params (EP_TEST_GM_A, naam, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (PGresult) res = ep_db_exec (
    owner, "INSERT INTO vindplaats (gemeente, type, naam) VALUES ($1, 'wijkteam', $2) RETURNING id",
    params, PGRES_TUPLES_OK, "add vindplaats", &error);
  ck_assert_msg (res != NULL, "%s", error ? error->message : "");
  return g_strdup (PQgetvalue (res, 0, 0));
}

/* The fixture as a JSON tree, with @vindplaats and @bsn put in. */
static JsonNode *
fixture (const gchar *vindplaats, const gchar *bsn)
{
  const gchar *dir = g_getenv ("EP_FIXTURES_DIR");
  ck_assert_msg (dir != NULL, "EP_FIXTURES_DIR is not set (tests/db/meson.build sets it)");
  g_autofree gchar *path = g_build_filename (dir, "intake-jolanda.json", NULL);
  g_autofree gchar *text = NULL;
  g_autoptr (GError) error = NULL;
  ck_assert_msg (g_file_get_contents (path, &text, NULL, &error), "%s",
                 error ? error->message : "");
  JsonNode *root = ep_json_parse (text, -1, &error);
  ck_assert_msg (root != NULL, "%s", error ? error->message : "");
  JsonObject *o = json_node_get_object (root);
  json_object_set_string_member (o, "vindplaats_id", vindplaats);
  JsonObject *person
    = json_array_get_object_element (json_object_get_array_member (o, "persons"), 0);
  json_object_set_string_member (person, "bsn", bsn);
  return root;
}

static EpIntake *
decode (JsonNode *root)
{
  g_autoptr (GError) error = NULL;
  EpIntake *intake = ep_intake_from_json (root, &error);
  ck_assert_msg (intake != NULL, "%s", error ? error->message : "");
  return intake;
}

static const EpDbTxContext case_worker
  = { .gemeente = EP_TEST_GM_A, .actor_id = "b.jansen", .actor_role = "casemanager" };

static void
record_ok (PGconn *app, EpIntake *intake)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) key = pseudonym_key ();
  EP_ASSERT_NO_ERROR (ep_intake_record (app, &case_worker, key, intake, &error), error);
}

/* What most tests start from: connections, a vindplaats and a BSN of their own, the fixture,
 * and (when recorded) the stored intake. */
typedef struct
{
  PGconn *owner;
  PGconn *app;
  gchar *vindplaats;
  gchar *bsn;
  JsonNode *input;
  EpIntake *intake;
} Case;

static void
case_init (Case *c, gboolean record)
{
  c->owner = ep_test_db_owner (ep_test_cluster);
  c->app = ep_test_db_app (ep_test_cluster);
  c->vindplaats = new_vindplaats (c->owner);
  c->bsn = ep_test_random_bsn ();
  c->input = fixture (c->vindplaats, c->bsn);
  c->intake = decode (c->input);
  if (record)
    record_ok (c->app, c->intake);
}

static void
case_clear (Case *c)
{
  g_clear_pointer (&c->intake, ep_intake_free);
  g_clear_pointer (&c->input, json_node_unref);
  g_clear_pointer (&c->bsn, g_free);
  g_clear_pointer (&c->vindplaats, g_free);
  g_clear_pointer (&c->app, ep_db_close);
  g_clear_pointer (&c->owner, ep_db_close);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Case, case_clear)

/* How many rows the owner sees in each table an intake writes to. */
typedef struct
{
  gint64 household, person, member, intake, parts, consent, audit, access;
} RowCounts;

static RowCounts
count_rows (PGconn *owner)
{
  return (RowCounts){
    .household = ep_test_db_count (owner, "SELECT count(*) FROM household"),
    .person = ep_test_db_count (owner, "SELECT count(*) FROM person"),
    .member = ep_test_db_count (owner, "SELECT count(*) FROM household_member"),
    .intake = ep_test_db_count (owner, "SELECT count(*) FROM intake"),
    .parts = ep_test_db_count (owner, "SELECT (SELECT count(*) FROM intake_person)"
                                      " + (SELECT count(*) FROM intake_participant)"
                                      " + (SELECT count(*) FROM intake_assessment)"
                                      " + (SELECT count(*) FROM intake_health)"
                                      " + (SELECT count(*) FROM intake_strength)"
                                      " + (SELECT count(*) FROM intake_need)"
                                      " + (SELECT count(*) FROM intake_safety_signal)"
                                      " + (SELECT count(*) FROM intake_safety_step)"),
    .consent = ep_test_db_count (owner, "SELECT count(*) FROM consent"),
    .audit = ep_test_db_count (owner, "SELECT count(*) FROM audit_event"),
    .access = ep_test_db_count (owner, "SELECT count(*) FROM access_log"),
  };
}

#define ASSERT_NOTHING_WRITTEN(before, after)                                                      \
  do                                                                                               \
    {                                                                                              \
      ck_assert_int_eq ((after).household, (before).household);                                    \
      ck_assert_int_eq ((after).person, (before).person);                                          \
      ck_assert_int_eq ((after).member, (before).member);                                          \
      ck_assert_int_eq ((after).intake, (before).intake);                                          \
      ck_assert_int_eq ((after).parts, (before).parts);                                            \
      ck_assert_int_eq ((after).consent, (before).consent);                                        \
      ck_assert_int_eq ((after).audit, (before).audit);                                            \
    }                                                                                              \
  while (0)

/* ASSERT_RECORD_REFUSED (owner, app, intake, want_code, want_path): recording
 * @intake fails with that error and writes not one row. A macro, so that
 * Check reports the caller's line. */
#define ASSERT_RECORD_REFUSED(owner, app, intake, want_code, want_path)                            \
  do                                                                                               \
    {                                                                                              \
      RowCounts before_ = count_rows (owner);                                                      \
      g_autoptr (GError) error_ = NULL;                                                            \
      g_autoptr (GBytes) key_ = pseudonym_key ();                                                  \
      ck_assert (!ep_intake_record ((app), &case_worker, key_, (intake), &error_));                \
      ASSERT_INTAKE_ERROR (error_, (want_code), (want_path));                                      \
      RowCounts after_ = count_rows (owner);                                                       \
      ASSERT_NOTHING_WRITTEN (before_, after_);                                                    \
    }                                                                                              \
  while (0)

/* ---- round trip ------------------------------------------------------------------------- */

START_TEST (test_round_trip)
{
  g_auto (Case) c = { 0 };
  case_init (&c, TRUE);
  PGconn *app = c.app;
  EpIntake *intake = c.intake;
  JsonNode *input = c.input;
  ck_assert_ptr_nonnull (intake->id);
  ck_assert_int_eq (intake->version, 1);
  ck_assert_str_eq (intake->status, "draft");
  ck_assert_str_eq (intake->created_by, "b.jansen");

  g_autoptr (GError) error = NULL;
  g_autoptr (EpIntake) loaded = ep_intake_load (app, &case_worker, intake->id, &error);
  ck_assert_msg (loaded != NULL, "%s", error ? error->message : "");

  /* What was stored reads back exactly as the store reported it… */
  g_autoptr (JsonNode) recorded_json = ep_intake_to_json (intake);
  g_autoptr (JsonNode) loaded_json = ep_intake_to_json (loaded);
  g_autofree gchar *recorded_text = ep_json_to_string (recorded_json, FALSE);
  g_autofree gchar *loaded_text = ep_json_to_string (loaded_json, FALSE);
  ck_assert_str_eq (loaded_text, recorded_text);

  /* …and, less what the store assigns and the BSN, it is the document that came in. */
  JsonObject *out = json_node_get_object (loaded_json);
  static const gchar *const assigned[] = { "id", "version", "status", "created_by", "created_at" };
  for (gsize i = 0; i < G_N_ELEMENTS (assigned); i++)
    json_object_remove_member (out, assigned[i]);
  json_object_remove_member (json_object_get_object_member (out, "household"), "id");
  json_object_remove_member (
    json_array_get_object_element (json_object_get_array_member (out, "persons"), 0), "id");
  JsonArray *needs = json_object_get_array_member (out, "needs");
  for (guint i = 0; i < json_array_get_length (needs); i++)
    json_object_remove_member (json_array_get_object_element (needs, i), "id");
  json_object_remove_member (
    json_array_get_object_element (json_object_get_array_member (out, "consents"), 0), "id");
  json_object_remove_member (
    json_array_get_object_element (
      json_object_get_array_member (json_node_get_object (input), "persons"), 0),
    "bsn");
  g_autofree gchar *want = ep_json_to_string (input, FALSE);
  g_autofree gchar *got = ep_json_to_string (loaded_json, FALSE);
  ck_assert_str_eq (got, want);
}
END_TEST

START_TEST (test_rows_and_trail)
{
  g_auto (Case) c = { 0 };
  case_init (&c, TRUE);
  PGconn *owner = c.owner, *app = c.app;
  EpIntake *intake = c.intake;
  const gchar *bsn = c.bsn;

  g_autoptr (EpDbParams) id = ep_test_params (intake->id, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (PGresult) counts
    = ep_db_exec (owner,
                  "SELECT (SELECT count(*) FROM intake_assessment WHERE intake_id = $1::uuid),"
                  "       (SELECT count(*) FROM intake_assessment WHERE intake_id = $1::uuid"
                  "           AND score IS NULL),"
                  "       (SELECT count(*) FROM intake_need WHERE intake_id = $1::uuid),"
                  "       (SELECT count(*) FROM intake_participant WHERE intake_id = $1::uuid),"
                  "       (SELECT count(*) FROM consent WHERE intake_id = $1::uuid),"
                  "       (SELECT string_agg(wet, ',' ORDER BY position) FROM intake_need"
                  "         WHERE intake_id = $1::uuid),"
                  "       (SELECT gemeente FROM intake WHERE id = $1::uuid)",
                  id, PGRES_TUPLES_OK, "count parts", &error);
  ck_assert_msg (counts != NULL, "%s", error ? error->message : "");
  ck_assert_str_eq (PQgetvalue (counts, 0, 0), "13");
  ck_assert_str_eq (PQgetvalue (counts, 0, 1), "1");
  ck_assert_str_eq (PQgetvalue (counts, 0, 2), "5");
  ck_assert_str_eq (PQgetvalue (counts, 0, 3), "4");
  ck_assert_str_eq (PQgetvalue (counts, 0, 4), "1");
  ck_assert_str_eq (PQgetvalue (counts, 0, 5), "PW,WMO,JW,WGS,GEEN");
  ck_assert_str_eq (PQgetvalue (counts, 0, 6), EP_TEST_GM_A);

  /* The person is kept by pseudonym: the BSN itself is nowhere. */
  g_autoptr (EpDbParams) person
    = ep_test_params (((EpIntakePerson *) intake->persons->pdata[0])->id, bsn, NULL);
  g_autofree gchar *kept = ep_test_query_value (
    owner,
    "SELECT bsn_pseudonym ~ '^[0-9a-f]{64}$' AND bsn_pseudonym <> $2 FROM person"
    " WHERE id = $1::uuid",
    person);
  ck_assert_str_eq (kept, "t");

  /* The trail: the household, the person, the membership, the intake; actor from the context. */
  g_autoptr (EpDbParams) household = ep_test_params (intake->household.id, NULL);
  g_autofree gchar *trail
    = ep_test_query_value (owner,
                           "SELECT string_agg(action || ':' || entity_type || ':' || actor_id,"
                           "                  ',' ORDER BY id)"
                           "  FROM audit_event WHERE household_id = $1::uuid",
                           household);
  ck_assert_str_eq (trail, "create:household:b.jansen,create:person:b.jansen,"
                           "join:household_member:b.jansen,create:intake:b.jansen");

  /* Reading is logged (NEN 7513). */
  gint64 reads_before = ep_test_db_count (owner, "SELECT count(*) FROM access_log"
                                                 " WHERE entity_type = 'intake'");
  g_autoptr (EpIntake) loaded = ep_intake_load (app, &case_worker, intake->id, &error);
  ck_assert_msg (loaded != NULL, "%s", error ? error->message : "");
  g_autofree gchar *access = ep_test_query_value (
    owner,
    "SELECT action || ':' || actor_id || ':' || actor_role || ':' || household_id"
    "  FROM access_log WHERE entity_type = 'intake' AND entity_id = $1 ORDER BY id DESC LIMIT 1",
    id);
  g_autofree gchar *want_access
    = g_strconcat ("read:b.jansen:casemanager:", intake->household.id, NULL);
  ck_assert_str_eq (access, want_access);
  ck_assert_int_eq (ep_test_db_count (owner, "SELECT count(*) FROM access_log"
                                             " WHERE entity_type = 'intake'"),
                    reads_before + 1);
}
END_TEST

/* ---- refused writes leave nothing ------------------------------------------------------- */

START_TEST (test_unknown_references_write_nothing)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autofree gchar *vindplaats = new_vindplaats (owner);
  static const struct
  {
    const gchar *member, *value, *path;
  } cases[] = {
    { "vindplaats_id", "0190a000-0000-7000-8000-00000000dead", "vindplaats_id" },
    { "contact_id", "0190a000-0000-7000-8000-00000000dead", "contact_id" },
    { "template_version", "brede-uitvraag/99", "template_version" },
    { "carried_from", "0190a000-0000-7000-8000-00000000dead", "carried_from" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree gchar *bsn = ep_test_random_bsn ();
      g_autoptr (JsonNode) input = fixture (vindplaats, bsn);
      json_object_set_string_member (json_node_get_object (input), cases[i].member, cases[i].value);
      g_autoptr (EpIntake) intake = decode (input);
      ASSERT_RECORD_REFUSED (owner, app, intake, EP_INTAKE_ERROR_NOT_FOUND, cases[i].path);
      ck_assert_ptr_null (intake->id);
    }
}
END_TEST

/* A known household named with an address must have that address, in an intake and when members
 * are added: each part that differs is refused with its path and nothing written; the address as
 * recorded (as a read intake gives it back), or the id alone, is accepted. */
static JsonObject *
known_household (const gchar *id, const gchar *postcode, gint64 huisnummer, const gchar *toevoeging)
{
  JsonObject *household = json_object_new ();
  json_object_set_string_member (household, "id", id);
  if (postcode != NULL)
    json_object_set_string_member (household, "postcode", postcode);
  if (huisnummer > 0)
    json_object_set_int_member (household, "huisnummer", huisnummer);
  if (toevoeging != NULL)
    json_object_set_string_member (household, "huisnummer_toevoeging", toevoeging);
  return household;
}

START_TEST (test_known_household_address)
{
  g_auto (Case) c = { 0 };
  case_init (&c, TRUE);
  g_autoptr (GBytes) key = pseudonym_key ();
  static const struct
  {
    const gchar *postcode;
    gint64 huisnummer;
    const gchar *toevoeging;
    const gchar *path; /* NULL: accepted */
  } cases[] = {
    /* Recorded: 7551AB 12 A (docs/examples/intake-jolanda.json). */
    { "7551AC", 12, "A", "household.postcode" },
    { "7551AB", 14, "A", "household.huisnummer" },
    { "7551AB", 12, "B", "household.huisnummer_toevoeging" },
    { "7551AB", 12, NULL, "household.huisnummer_toevoeging" }, /* 12 is not 12A */
    { "7551AB", 12, "a", NULL },
    { NULL, 0, NULL, NULL },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const gchar *id = c.intake->household.id;
      g_autoptr (JsonNode) later = fixture (c.vindplaats, c.bsn);
      json_object_set_object_member (
        json_node_get_object (later), "household",
        known_household (id, cases[i].postcode, cases[i].huisnummer, cases[i].toevoeging));
      g_autoptr (EpIntake) intake = decode (later);

      g_autoptr (JsonNode) joining
        = ep_json_parse ("{\"date\": \"2026-11-02\", \"persons\": [{\"ref\": \"buur\","
                         " \"surname\": \"Naast\", \"role\": \"overig\"}]}",
                         -1, NULL);
      json_object_set_object_member (
        json_node_get_object (joining), "household",
        known_household (id, cases[i].postcode, cases[i].huisnummer, cases[i].toevoeging));
      g_autoptr (GError) error = NULL;
      g_autoptr (EpIntake) members = ep_household_create_from_json (joining, &error);
      ck_assert_msg (members != NULL, "%s", error ? error->message : "");

      if (cases[i].path == NULL)
        {
          record_ok (c.app, intake);
          continue;
        }
      ASSERT_RECORD_REFUSED (c.owner, c.app, intake, EP_INTAKE_ERROR_RULE, cases[i].path);
      RowCounts before = count_rows (c.owner);
      ck_assert (!ep_household_create (c.app, &case_worker, key, members, &error));
      ASSERT_INTAKE_ERROR (error, EP_INTAKE_ERROR_RULE, cases[i].path);
      RowCounts after = count_rows (c.owner);
      ASSERT_NOTHING_WRITTEN (before, after);
    }
}
END_TEST

/* The store checks the aggregate's rules itself, for callers that build an
 * EpIntake without the JSON decoder: each refused with its path, nothing written. */
static void
break_duplicate_ref (EpIntake *intake)
{
  EpIntakePerson *p = ep_intake_person_new ();
  p->ref = g_strdup ("jolanda");
  p->surname = g_strdup ("Tweede");
  p->role = EP_GEZINSROL_KIND;
  g_ptr_array_add (intake->persons, p);
}

static void
break_unknown_person (EpIntake *intake)
{
  EpIntakeNeed *n = intake->needs->pdata[1];
  g_free (n->person);
  n->person = g_strdup ("onbekend");
}

static void
break_acute_closed (EpIntake *intake)
{
  EpIntakeSafetySignal *s = ep_intake_safety_signal_new ();
  s->description = g_strdup ("Acute onveiligheid");
  s->severity = EP_VEILIGHEID_ACUUT;
  s->closed = TRUE;
  g_ptr_array_add (intake->safety_signals, s);
}

static void
break_consent_dates (EpIntake *intake)
{
  EpIntakeConsent *c = intake->consents->pdata[0];
  g_free (c->valid_until);
  c->valid_until = g_strdup ("2020-01-01");
}

static void
break_draft_without_version (EpIntake *intake)
{
  intake->id = g_strdup ("0190a000-0000-7000-8000-0000000000bb");
  intake->version = 0;
}

static void
break_new_with_need_id (EpIntake *intake)
{
  EpIntakeNeed *n = intake->needs->pdata[0];
  n->id = g_strdup ("0190a000-0000-7000-8000-0000000000b1");
}

static void
break_version_without_id (EpIntake *intake)
{
  intake->version = 3;
}

static void
break_carried_twice (EpIntake *intake)
{
  EpIntakeConsent *first = intake->consents->pdata[0];
  first->carried_from = g_strdup ("0190a000-0000-7000-8000-0000000000b2");
  EpIntakeConsent *second = ep_intake_consent_new ();
  second->organisation = g_strdup ("Tweede");
  second->purpose = g_strdup ("Tweede");
  second->valid_until = g_strdup ("2027-01-01");
  second->granted_on = g_strdup ("2026-01-01");
  second->carried_from = g_strdup (first->carried_from);
  EpGegevenssoort plan = EP_GEGEVENSSOORT_PLAN;
  g_array_append_val (second->data, plan);
  g_ptr_array_add (intake->consents, second);
}

START_TEST (test_store_checks_rules)
{
  static const struct
  {
    void (*breaks) (EpIntake *intake);
    EpIntakeError code;
    const gchar *path;
  } cases[] = {
    { break_duplicate_ref, EP_INTAKE_ERROR_DUPLICATE, "persons[1].ref" },
    { break_unknown_person, EP_INTAKE_ERROR_UNKNOWN_PERSON, "needs[1].person" },
    { break_acute_closed, EP_INTAKE_ERROR_RULE, "safety_signals[0].closed" },
    { break_consent_dates, EP_INTAKE_ERROR_INVALID_VALUE, "consents[0].valid_until" },
    { break_draft_without_version, EP_INTAKE_ERROR_MISSING_FIELD, "version" },
    { break_new_with_need_id, EP_INTAKE_ERROR_INVALID_VALUE, "needs[0].id" },
    { break_version_without_id, EP_INTAKE_ERROR_INVALID_VALUE, "version" },
    { break_carried_twice, EP_INTAKE_ERROR_DUPLICATE, "consents[1].carried_from" },
  };
  g_auto (Case) c = { 0 };
  case_init (&c, FALSE);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (EpIntake) intake = decode (c.input);
      cases[i].breaks (intake);
      ASSERT_RECORD_REFUSED (c.owner, c.app, intake, cases[i].code, cases[i].path);
    }
}
END_TEST

START_TEST (test_first_intake_is_home_visit)
{
  g_auto (Case) c = { 0 };
  case_init (&c, FALSE);
  PGconn *owner = c.owner, *app = c.app;
  JsonNode *input = c.input;
  json_object_set_string_member (json_node_get_object (input), "form", "telefonisch");

  /* A new household by phone, without a reason: refused, and no household is left behind. */
  g_autoptr (EpIntake) by_phone = decode (input);
  ASSERT_RECORD_REFUSED (owner, app, by_phone, EP_INTAKE_ERROR_RULE, "form_reason");

  /* With a reason it is recorded. */
  json_object_set_string_member (json_node_get_object (input), "form_reason",
                                 "Bewoner wil geen huisbezoek; gesprek op het wijkteam");
  g_autoptr (EpIntake) with_reason = decode (input);
  record_ok (app, with_reason);

  /* A later intake of the same household may be by phone. */
  g_autoptr (JsonNode) later = fixture (c.vindplaats, c.bsn);
  JsonObject *o = json_node_get_object (later);
  json_object_set_string_member (o, "form", "telefonisch");
  JsonObject *household = json_object_new ();
  json_object_set_string_member (household, "id", with_reason->household.id);
  json_object_set_object_member (o, "household", household);
  g_autoptr (EpIntake) second = decode (later);
  record_ok (app, second);
  ck_assert_str_eq (second->household.id, with_reason->household.id);
  /* Found again through the BSN's pseudonym: the same person, still one membership. */
  ck_assert_str_eq (((EpIntakePerson *) second->persons->pdata[0])->id,
                    ((EpIntakePerson *) with_reason->persons->pdata[0])->id);
  g_autoptr (EpDbParams) person
    = ep_test_params (((EpIntakePerson *) second->persons->pdata[0])->id, NULL);
  g_autofree gchar *memberships = ep_test_query_value (
    owner, "SELECT count(*) FROM household_member WHERE person_id = $1::uuid", person);
  ck_assert_str_eq (memberships, "1");
}
END_TEST

START_TEST (test_member_of_one_household)
{
  g_auto (Case) c = { 0 };
  case_init (&c, TRUE);
  PGconn *owner = c.owner, *app = c.app;

  /* The same person (same BSN) in an intake of another, new household. */
  g_autoptr (JsonNode) input = fixture (c.vindplaats, c.bsn);
  json_object_set_int_member (
    json_object_get_object_member (json_node_get_object (input), "household"), "huisnummer", 99);
  g_autoptr (EpIntake) elsewhere = decode (input);
  ASSERT_RECORD_REFUSED (owner, app, elsewhere, EP_INTAKE_ERROR_MEMBER_ELSEWHERE, "persons[0]");
}
END_TEST

/* ---- drafts, finalising, addenda, consent ----------------------------------------------- */

START_TEST (test_draft_versions)
{
  g_auto (Case) c = { 0 };
  case_init (&c, TRUE);
  PGconn *owner = c.owner, *app = c.app;
  EpIntake *intake = c.intake;

  /* Two case workers load version 1; the first saves, the second's save is refused. */
  g_autoptr (JsonNode) as_stored = ep_intake_to_json (intake);
  g_autoptr (EpIntake) mine = decode (as_stored);
  g_autoptr (EpIntake) theirs = decode (as_stored);
  g_free (mine->main_problem);
  mine->main_problem = g_strdup ("Schulden eerst, dan werk.");
  g_ptr_array_remove_index (mine->needs, 4);
  record_ok (app, mine);
  ck_assert_int_eq (mine->version, 2);
  ck_assert_str_eq (mine->id, intake->id);

  ASSERT_RECORD_REFUSED (owner, app, theirs, EP_INTAKE_ERROR_STALE, "version");
  g_autoptr (GError) error = NULL;

  /* The stored draft is the first worker's: four needs, the ids of the kept ones unchanged. */
  g_autoptr (EpIntake) loaded = ep_intake_load (app, &case_worker, intake->id, &error);
  ck_assert_msg (loaded != NULL, "%s", error ? error->message : "");
  ck_assert_str_eq (loaded->main_problem, "Schulden eerst, dan werk.");
  ck_assert_uint_eq (loaded->needs->len, 4);
  for (guint i = 0; i < 4; i++)
    ck_assert_str_eq (((EpIntakeNeed *) loaded->needs->pdata[i])->id,
                      ((EpIntakeNeed *) intake->needs->pdata[i])->id);
  g_autoptr (EpDbParams) id = ep_test_params (intake->id, NULL);
  g_autofree gchar *updates = ep_test_query_value (
    owner,
    "SELECT count(*) FROM audit_event WHERE entity_type = 'intake' AND entity_id = $1"
    "   AND action = 'update'",
    id);
  ck_assert_str_eq (updates, "1");
}
END_TEST

/* Each need's id, as the store gives it back, is the id of the row that holds that need: ids
 * are matched to needs by position, not by the order in which INSERT … RETURNING happens to
 * return rows (PostgreSQL promises no order). Also after a draft is saved with its needs
 * reordered and a new one among them. */
static void
assert_need_ids_stored_with_their_needs (PGconn *owner, const EpIntake *intake)
{
  for (guint i = 0; i < intake->needs->len; i++)
    {
      const EpIntakeNeed *n = intake->needs->pdata[i];
      g_autofree gchar *position = g_strdup_printf ("%u", i);
      g_autoptr (EpDbParams) params = ep_test_params (n->id, intake->id, NULL);
      g_autofree gchar *stored
        = ep_test_query_value (owner,
                               "SELECT position || ':' || omschrijving FROM intake_need"
                               " WHERE id = $1::uuid AND intake_id = $2::uuid",
                               params);
      g_autofree gchar *want = g_strconcat (position, ":", n->description, NULL);
      ck_assert_str_eq (stored, want);
    }
}

START_TEST (test_need_ids_match_their_needs)
{
  g_auto (Case) c = { 0 };
  case_init (&c, TRUE);
  PGconn *owner = c.owner, *app = c.app;
  EpIntake *intake = c.intake;
  ck_assert_uint_ge (intake->needs->len, 3);
  assert_need_ids_stored_with_their_needs (owner, intake);

  /* The draft again: its needs in reverse order, a new one in the middle. */
  g_autoptr (JsonNode) as_stored = ep_intake_to_json (intake);
  g_autoptr (EpIntake) draft = decode (as_stored);
  g_autoptr (GPtrArray) reversed = g_ptr_array_new ();
  for (guint i = draft->needs->len; i > 0; i--)
    g_ptr_array_add (reversed, g_ptr_array_steal_index (draft->needs, i - 1));
  for (guint i = 0; i < reversed->len; i++)
    g_ptr_array_add (draft->needs, reversed->pdata[i]);
  EpIntakeNeed *added = ep_intake_need_new ();
  added->person = g_strdup (((EpIntakeNeed *) draft->needs->pdata[0])->person);
  added->domain = EP_LEEFGEBIED_HUISVESTING;
  added->description = g_strdup ("Een woning dichter bij school.");
  added->law = EP_WET_WMO;
  added->urgency = EP_URGENTIE_NORMAAL;
  added->status = EP_HULPVRAAG_STATUS_OPEN;
  g_ptr_array_insert (draft->needs, 1, added);
  g_autofree gchar *first_id = g_strdup (((EpIntakeNeed *) draft->needs->pdata[0])->id);
  record_ok (app, draft);

  ck_assert_str_eq (((EpIntakeNeed *) draft->needs->pdata[0])->id, first_id);
  ck_assert_ptr_nonnull (added->id);
  assert_need_ids_stored_with_their_needs (owner, draft);
}
END_TEST

START_TEST (test_finalised_is_immutable)
{
  g_auto (Case) c = { 0 };
  case_init (&c, TRUE);
  PGconn *owner = c.owner, *app = c.app;
  EpIntake *intake = c.intake;

  g_autoptr (GError) error = NULL;
  gint version = 0;
  ck_assert (!ep_intake_finalise (app, &case_worker, intake->id, 7, &version, &error));
  ASSERT_INTAKE_ERROR (error, EP_INTAKE_ERROR_STALE, "version");
  g_clear_error (&error);
  EP_ASSERT_NO_ERROR (ep_intake_finalise (app, &case_worker, intake->id, 1, &version, &error),
                      error);
  ck_assert_int_eq (version, 2);

  /* Through the store: refused. */
  g_autoptr (JsonNode) as_stored = ep_intake_to_json (intake);
  g_autoptr (EpIntake) change = decode (as_stored);
  change->version = 2;
  g_autoptr (GBytes) key = pseudonym_key ();
  ck_assert (!ep_intake_record (app, &case_worker, key, change, &error));
  ASSERT_INTAKE_ERROR (error, EP_INTAKE_ERROR_FINALISED, "id");
  g_clear_error (&error);

  /* Directly in the database, even as the owner: refused by the triggers. */
  g_autoptr (EpDbParams) id = ep_test_params (intake->id, NULL);
  static const gchar *const statements[] = {
    "UPDATE intake SET hoofdprobleem = 'anders' WHERE id = $1::uuid",
    "UPDATE intake_need SET wet = 'GEEN' WHERE intake_id = $1::uuid",
    "DELETE FROM intake_assessment WHERE intake_id = $1::uuid",
    "INSERT INTO intake_strength (gemeente, intake_id, position, soort, omschrijving)"
    " VALUES ('GM0164', $1::uuid, 9, 'netwerk', 'later toegevoegd')",
    "DELETE FROM consent WHERE intake_id = $1::uuid",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      g_autoptr (GError) refused = NULL;
      g_autoptr (PGresult) res
        = ep_db_exec (owner, statements[i], id, PGRES_COMMAND_OK, "tamper", &refused);
      ck_assert_msg (res == NULL, "%s was allowed on a finalised intake", statements[i]);
      ck_assert_msg (strstr (refused->message, "finalised") != NULL
                       || strstr (refused->message, "revoke it instead") != NULL,
                     "%s: %s", statements[i], refused->message);
    }

  /* A correction is an addendum, with who, when and why, in the trail. */
  g_autofree gchar *addendum = NULL;
  EP_ASSERT_NO_ERROR (ep_intake_add_addendum (app, &case_worker, intake->id,
                                              "Geboortedatum verkeerd overgenomen",
                                              "Geboren op 14 maart 1998.", &addendum, &error),
                      error);
  g_autoptr (EpDbParams) addendum_id = ep_test_params (addendum, intake->id, NULL);
  g_autofree gchar *row = ep_test_query_value (
    owner,
    "SELECT reden || '|' || created_by FROM intake_addendum WHERE id = $1::uuid"
    "   AND intake_id = $2::uuid",
    addendum_id);
  ck_assert_str_eq (row, "Geboortedatum verkeerd overgenomen|b.jansen");
  /* The trail names the addendum, not its free-text reason. */
  g_autofree gchar *event = ep_test_query_value (
    owner,
    "SELECT change->>'addendum_id' FROM audit_event WHERE entity_id = $1 AND action = 'addendum'",
    id);
  ck_assert_str_eq (event, addendum);

  /* Read with the intake, and written in its JSON after the consents. */
  g_autoptr (EpIntake) corrected = ep_intake_load (app, &case_worker, intake->id, &error);
  ck_assert_msg (corrected != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (corrected->addenda->len, 1);
  const EpIntakeAddendum *read_back = corrected->addenda->pdata[0];
  ck_assert_str_eq (read_back->id, addendum);
  ck_assert_str_eq (read_back->reason, "Geboortedatum verkeerd overgenomen");
  ck_assert_str_eq (read_back->text, "Geboren op 14 maart 1998.");
  ck_assert_str_eq (read_back->created_by, "b.jansen");
  g_autoptr (EpDbParams) addendum_only = ep_test_params (addendum, NULL);
  g_autofree gchar *created_at = ep_test_query_value (
    owner,
    "SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
    "  FROM intake_addendum WHERE id = $1::uuid",
    addendum_only);
  ck_assert_str_eq (read_back->created_at, created_at);
  g_autoptr (JsonNode) shown = ep_intake_to_json (corrected);
  g_autofree gchar *shown_text = ep_json_to_string (shown, FALSE);
  g_autofree gchar *want_tail = g_strdup_printf (
    "\"addenda\":[{\"id\":\"%s\",\"reason\":\"Geboortedatum verkeerd overgenomen\","
    "\"text\":\"Geboren op 14 maart 1998.\",\"created_by\":\"b.jansen\","
    "\"created_at\":\"%s\"}]}",
    addendum, created_at);
  ck_assert_msg (g_str_has_suffix (shown_text, want_tail), "%s", shown_text);

  /* The JSON reads back as it was; sent to the store, its addenda are refused: each is
   * recorded on its own. */
  g_autoptr (EpIntake) sent_back = ep_intake_from_json (shown, &error);
  ck_assert_msg (sent_back != NULL, "%s", error ? error->message : "");
  g_autoptr (JsonNode) again = ep_intake_to_json (sent_back);
  g_autofree gchar *again_text = ep_json_to_string (again, FALSE);
  ck_assert_str_eq (again_text, shown_text);
  ck_assert (!ep_intake_record (app, &case_worker, key, sent_back, &error));
  ASSERT_INTAKE_ERROR (error, EP_INTAKE_ERROR_INVALID_VALUE, "addenda");
  g_clear_error (&error);

  ck_assert (!ep_intake_add_addendum (app, &case_worker, intake->id, "  ", "x", NULL, &error));
  ASSERT_INTAKE_ERROR (error, EP_INTAKE_ERROR_INVALID_VALUE, "reason");
}
END_TEST

START_TEST (test_consent_revoked_at_once)
{
  g_auto (Case) c = { 0 };
  case_init (&c, TRUE);
  PGconn *owner = c.owner, *app = c.app;
  EpIntake *intake = c.intake;
  const gchar *consent = ((EpIntakeConsent *) intake->consents->pdata[0])->id;

  g_autoptr (GError) error = NULL;
  EP_ASSERT_NO_ERROR (ep_consent_revoke (app, &case_worker, consent, &error), error);

  /* In effect at once: the next read shows it revoked, and who revoked it is kept. */
  g_autoptr (EpIntake) loaded = ep_intake_load (app, &case_worker, intake->id, &error);
  ck_assert_msg (loaded != NULL, "%s", error ? error->message : "");
  ck_assert_ptr_nonnull (((EpIntakeConsent *) loaded->consents->pdata[0])->revoked_at);
  g_autoptr (EpDbParams) id = ep_test_params (consent, NULL);
  g_autofree gchar *by
    = ep_test_query_value (owner, "SELECT ingetrokken_door FROM consent WHERE id = $1::uuid", id);
  ck_assert_str_eq (by, "b.jansen");
  g_autofree gchar *event = ep_test_query_value (
    owner, "SELECT count(*) FROM audit_event WHERE entity_id = $1 AND action = 'revoke'", id);
  ck_assert_str_eq (event, "1");

  ck_assert (!ep_consent_revoke (app, &case_worker, consent, &error));
  ASSERT_INTAKE_ERROR (error, EP_INTAKE_ERROR_RULE, "consent_id");
  g_clear_error (&error);

  /* The draft, saved again as it reads back, keeps the revoked consent revoked. */
  g_autoptr (JsonNode) as_read = ep_intake_to_json (loaded);
  g_autoptr (EpIntake) again = decode (as_read);
  record_ok (app, again);
  g_autoptr (EpIntake) reread = ep_intake_load (app, &case_worker, intake->id, &error);
  ck_assert_msg (reread != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (reread->consents->len, 1);
  ck_assert_str_eq (((EpIntakeConsent *) reread->consents->pdata[0])->id, consent);
  ck_assert_ptr_nonnull (((EpIntakeConsent *) reread->consents->pdata[0])->revoked_at);

  /* What was consented to, and a revocation, cannot be changed — not even by the owner. */
  static const gchar *const changes[] = {
    "UPDATE consent SET organisatie = 'Iemand anders' WHERE id = $1::uuid",
    "UPDATE consent SET geldig_tot = '2030-01-01' WHERE id = $1::uuid",
    "UPDATE consent SET ingetrokken_op = NULL, ingetrokken_door = NULL WHERE id = $1::uuid",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (changes); i++)
    {
      g_autoptr (GError) refused = NULL;
      g_autoptr (PGresult) changed
        = ep_db_exec (owner, changes[i], id, PGRES_COMMAND_OK, "change consent", &refused);
      ck_assert_msg (changed == NULL, "%s was allowed", changes[i]);
      ck_assert_msg (strstr (refused->message, "consent") != NULL, "%s", refused->message);
    }

  /* Consent given outside an intake: recorded, audited, and kept (never deleted). */
  g_autofree gchar *json = g_strdup_printf (
    "{\"household_id\": \"%s\", \"organisation\": \"Tactus\", \"data\": [\"plan\"],"
    " \"purpose\": \"Afstemming verslavingszorg\", \"granted_on\": \"2026-11-22\","
    " \"valid_until\": \"2027-11-22\"}",
    c.intake->household.id);
  g_autoptr (JsonNode) node = ep_json_parse (json, -1, &error);
  g_autofree gchar *household = NULL;
  g_autoptr (EpIntakeConsent) given = ep_consent_from_json (node, &household, &error);
  ck_assert_msg (given != NULL, "%s", error ? error->message : "");
  EP_ASSERT_NO_ERROR (ep_consent_grant (app, &case_worker, household, given, &error), error);
  g_autoptr (EpDbParams) given_id = ep_test_params (given->id, NULL);
  g_autofree gchar *row = ep_test_query_value (
    owner,
    "SELECT organisatie || '|' || array_to_string(gegevens, ',') || '|' || verleend_door"
    "       || '|' || (intake_id IS NULL)"
    "  FROM consent WHERE id = $1::uuid",
    given_id);
  ck_assert_str_eq (row, "Tactus|plan|b.jansen|true");
  g_autofree gchar *granted = ep_test_query_value (
    owner, "SELECT count(*) FROM audit_event WHERE entity_id = $1 AND action = 'grant'", given_id);
  ck_assert_str_eq (granted, "1");
  g_autoptr (GError) kept = NULL;
  g_autoptr (PGresult) deleted = ep_db_exec (owner, "DELETE FROM consent WHERE id = $1::uuid",
                                             given_id, PGRES_COMMAND_OK, "delete", &kept);
  ck_assert_ptr_null (deleted);
  ck_assert_ptr_nonnull (strstr (kept->message, "revoke it instead"));

  /* For a household that is not there: refused, nothing written. */
  gint64 consents = ep_test_db_count (owner, "SELECT count(*) FROM consent");
  ck_assert (
    !ep_consent_grant (app, &case_worker, "0190a000-0000-7000-8000-0000000000cc", given, &error));
  ASSERT_INTAKE_ERROR (error, EP_INTAKE_ERROR_NOT_FOUND, "household_id");
  ck_assert_int_eq (ep_test_db_count (owner, "SELECT count(*) FROM consent"), consents);
}
END_TEST

/* ---- contacts --------------------------------------------------------------------------- */

static EpContact *
decode_contact (const gchar *json)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = ep_json_parse (json, -1, &error);
  ck_assert_msg (node != NULL, "%s", error ? error->message : "");
  EpContact *contact = ep_contact_from_json (node, &error);
  ck_assert_msg (contact != NULL, "%s", error ? error->message : "");
  return contact;
}

START_TEST (test_contact_then_intake)
{
  g_auto (Case) c = { 0 };
  case_init (&c, FALSE);
  PGconn *owner = c.owner, *app = c.app;
  g_autofree gchar *json = g_strdup_printf (
    "{\"vindplaats_id\": \"%s\", \"channel\": \"telefoon\", \"type\": \"hulpvraag\","
    " \"question\": \"Ik kom er niet meer uit met de rekeningen.\", \"date\": \"2026-11-18\"}",
    c.vindplaats);
  g_autoptr (EpContact) contact = decode_contact (json);
  g_autoptr (GError) error = NULL;
  EP_ASSERT_NO_ERROR (ep_contact_record (app, &case_worker, contact, &error), error);
  ck_assert_ptr_nonnull (contact->id);
  ck_assert_str_eq (contact->received_by, "b.jansen");
  /* Sent again (it now has an id): refused, so it is not counted twice. */
  gint64 before_again = ep_test_db_count (owner, "SELECT count(*) FROM contact");
  ck_assert (!ep_contact_record (app, &case_worker, contact, &error));
  ASSERT_INTAKE_ERROR (error, EP_INTAKE_ERROR_INVALID_VALUE, "id");
  g_clear_error (&error);
  ck_assert_int_eq (ep_test_db_count (owner, "SELECT count(*) FROM contact"), before_again);

  g_autoptr (EpDbParams) id = ep_test_params (contact->id, NULL);
  g_autofree gchar *row = ep_test_query_value (
    owner,
    "SELECT gemeente || '|' || kanaal || '|' || type || '|' || datum || '|' || ontvangen_door"
    "  FROM contact WHERE id = $1::uuid",
    id);
  ck_assert_str_eq (row, "GM0164|telefoon|hulpvraag|2026-11-18|b.jansen");
  g_autofree gchar *event = ep_test_query_value (
    owner,
    "SELECT change->>'type' FROM audit_event WHERE entity_type = 'contact' AND entity_id = $1", id);
  ck_assert_str_eq (event, "hulpvraag");

  /* The intake that follows points at it. */
  json_object_set_string_member (json_node_get_object (c.input), "contact_id", contact->id);
  g_autoptr (EpIntake) intake = decode (c.input);
  record_ok (app, intake);
  g_autoptr (EpDbParams) intake_id = ep_test_params (intake->id, NULL);
  g_autofree gchar *linked
    = ep_test_query_value (owner, "SELECT contact_id FROM intake WHERE id = $1::uuid", intake_id);
  ck_assert_str_eq (linked, contact->id);

  /* An unknown vindplaats or household is refused by path, and nothing is written. */
  g_autofree gchar *bad = g_strdup_printf (
    "{\"vindplaats_id\": \"%s\", \"household_id\": \"0190a000-0000-7000-8000-0000000000ee\","
    " \"channel\": \"balie\", \"type\": \"informatie_advies\", \"question\": \"?\","
    " \"date\": \"2026-11-18\"}",
    c.vindplaats);
  g_autoptr (EpContact) refused = decode_contact (bad);
  gint64 contacts = ep_test_db_count (owner, "SELECT count(*) FROM contact");
  gint64 events = ep_test_db_count (owner, "SELECT count(*) FROM audit_event");
  ck_assert (!ep_contact_record (app, &case_worker, refused, &error));
  ASSERT_INTAKE_ERROR (error, EP_INTAKE_ERROR_NOT_FOUND, "household_id");
  ck_assert_int_eq (ep_test_db_count (owner, "SELECT count(*) FROM contact"), contacts);
  ck_assert_int_eq (ep_test_db_count (owner, "SELECT count(*) FROM audit_event"), events);
}
END_TEST

/* ---- never tell the story twice --------------------------------------------------------- */

START_TEST (test_carry_forward)
{
  g_auto (Case) c = { 0 };
  case_init (&c, FALSE);
  PGconn *owner = c.owner, *app = c.app;
  g_autoptr (GError) error = NULL;

  /* The first intake: a child who will leave, needs in every state, three consents. */
  JsonObject *o = json_node_get_object (c.input);
  JsonArray *persons = json_object_get_array_member (o, "persons");
  JsonObject *kees = json_object_new ();
  json_object_set_string_member (kees, "ref", "kees");
  json_object_set_string_member (kees, "surname", "Voorbeeld");
  json_object_set_string_member (kees, "role", "kind");
  json_array_add_object_element (persons, kees);
  JsonArray *needs = json_object_get_array_member (o, "needs");
  json_object_set_string_member (json_array_get_object_element (needs, 2), "status", "opgelost");
  json_object_set_string_member (json_array_get_object_element (needs, 4), "status", "vervallen");
  g_autoptr (JsonNode) kees_need = ep_json_parse (
    "{\"person\": \"kees\", \"domain\": \"werk_opleiding\", \"description\": \"Stage\","
    " \"law\": \"PW\", \"urgency\": \"laag\", \"status\": \"open\"}",
    -1, &error);
  json_array_add_element (needs, g_steal_pointer (&kees_need));
  g_autoptr (JsonNode) kees_strength = ep_json_parse (
    "{\"person\": \"kees\", \"kind\": \"eigen_kracht\", \"description\": \"Sport graag\"}", -1,
    &error);
  json_array_add_element (json_object_get_array_member (o, "strengths"),
                          g_steal_pointer (&kees_strength));
  JsonArray *consents = json_object_get_array_member (o, "consents");
  g_autoptr (JsonNode) expiring = ep_json_parse (
    "{\"organisation\": \"Werkplein\", \"data\": [\"hulpvragen\"], \"purpose\": \"Werk\","
    " \"valid_until\": \"2026-11-25\", \"granted_on\": \"2026-11-20\"}",
    -1, &error);
  json_array_add_element (consents, g_steal_pointer (&expiring));
  g_autoptr (JsonNode) to_revoke
    = ep_json_parse ("{\"organisation\": \"Tactus\", \"data\": [\"plan\"], \"purpose\": \"Zorg\","
                     " \"valid_until\": \"2027-11-20\", \"granted_on\": \"2026-11-20\"}",
                     -1, &error);
  json_array_add_element (consents, g_steal_pointer (&to_revoke));
  g_autoptr (EpIntake) first = decode (c.input);
  record_ok (app, first);
  const gchar *jolanda_id = ((EpIntakePerson *) first->persons->pdata[0])->id;
  const gchar *kees_id = ((EpIntakePerson *) first->persons->pdata[1])->id;
  EP_ASSERT_NO_ERROR (ep_consent_revoke (app, &case_worker,
                                         ((EpIntakeConsent *) first->consents->pdata[2])->id,
                                         &error),
                      error);
  g_autoptr (EpDbParams) leaving = ep_test_params (kees_id, NULL);
  g_autoptr (PGresult) left = ep_db_exec (
    owner, "UPDATE household_member SET valid_to = '2026-11-28' WHERE person_id = $1::uuid",
    leaving, PGRES_COMMAND_OK, "kees leaves", &error);
  ck_assert_msg (left != NULL, "%s", error ? error->message : "");

  /* A new conversation on 1 December: what is still current comes along, marked. */
  g_autoptr (EpIntake) draft = ep_intake_carry_forward (app, &case_worker, first->household.id,
                                                        c.vindplaats, "2026-12-01", &error);
  ck_assert_msg (draft != NULL, "%s", error ? error->message : "");
  ck_assert_str_eq (draft->carried_from, first->id);
  ck_assert_str_eq (draft->household.id, first->household.id);
  ck_assert_str_eq (draft->date, "2026-12-01");
  ck_assert_str_eq (draft->template_version, "brede-uitvraag/1");
  ck_assert_ptr_null (draft->main_problem);
  ck_assert_uint_eq (draft->persons->len, 1); /* Kees left */
  const EpIntakePerson *jolanda = draft->persons->pdata[0];
  ck_assert_str_eq (jolanda->ref, "jolanda");
  ck_assert_str_eq (jolanda->id, jolanda_id);
  ck_assert_str_eq (jolanda->surname, "Voorbeeld");
  ck_assert_str_eq (jolanda->carried_from, first->id);
  ck_assert_uint_eq (draft->strengths->len, 2); /* not Kees's */
  for (guint i = 0; i < draft->strengths->len; i++)
    ck_assert_str_eq (((EpIntakeStrength *) draft->strengths->pdata[i])->carried_from, first->id);
  /* Open and in progress only, and not Kees's: PW (open), WMO (in progress), WGS (open). */
  ck_assert_uint_eq (draft->needs->len, 3);
  static const guint carried_needs[] = { 0, 1, 3 };
  for (guint i = 0; i < 3; i++)
    {
      const EpIntakeNeed *n = draft->needs->pdata[i];
      const EpIntakeNeed *from = first->needs->pdata[carried_needs[i]];
      ck_assert_str_eq (n->carried_from, from->id);
      ck_assert_str_eq (n->description, from->description);
      ck_assert_int_eq (n->law, from->law);
      ck_assert_ptr_null (n->id);
    }
  /* Neither expired nor revoked: the first consent only. */
  ck_assert_uint_eq (draft->consents->len, 1);
  const EpIntakeConsent *consent = draft->consents->pdata[0];
  ck_assert_str_eq (consent->carried_from, ((EpIntakeConsent *) first->consents->pdata[0])->id);
  ck_assert_str_eq (consent->organisation, "Stichting Schuldhulp Twente");
  ck_assert_ptr_null (consent->id);

  /* The case worker confirms, adds the hoofdprobleem, and records it. */
  draft->main_problem = g_strdup ("Het gaat beter; de schulden zijn in beeld.");
  record_ok (app, draft);
  g_autoptr (EpDbParams) ids = ep_test_params (draft->id, first->id, NULL);
  g_autofree gchar *stored
    = ep_test_query_value (owner,
                           "SELECT (SELECT carried_from FROM intake WHERE id = $1::uuid) = $2::uuid"
                           "   AND (SELECT count(*) FROM intake_need WHERE intake_id = $1::uuid"
                           "         AND carried_from IS NOT NULL) = 3"
                           "   AND (SELECT count(*) FROM consent WHERE superseded_by = $1::uuid"
                           "         AND ingetrokken_op IS NOT NULL AND intake_id = $2::uuid) = 1"
                           "   AND (SELECT count(*) FROM consent WHERE intake_id = $1::uuid"
                           "         AND ingetrokken_op IS NULL) = 1",
                           ids);
  ck_assert_str_eq (stored, "t");

  /* Saving the draft again keeps it so (the replaced consent stays replaced, once). */
  g_free (draft->main_problem);
  draft->main_problem = g_strdup ("Het gaat beter.");
  record_ok (app, draft);
  ck_assert_int_eq (draft->version, 2);
  g_autoptr (EpDbParams) household = ep_test_params (draft->household.id, NULL);
  g_autofree gchar *live = ep_test_query_value (
    owner,
    "SELECT count(*) FROM consent WHERE household_id = $1::uuid AND ingetrokken_op IS NULL"
    "   AND geldig_tot >= '2026-12-01'",
    household);
  ck_assert_str_eq (live, "1");

  /* A household without an intake has nothing to carry. */
  g_autoptr (EpIntake) none = ep_intake_carry_forward (
    app, &case_worker, "0190a000-0000-7000-8000-0000000000ff", c.vindplaats, NULL, &error);
  ck_assert_ptr_null (none);
  ASSERT_INTAKE_ERROR (error, EP_INTAKE_ERROR_NOT_FOUND, "household.id");
}
END_TEST

/* A carried item must come from this household's earlier intakes: a person or a strength from
 * one of its intakes, a need from one of its needs; and be a UUID, also when the EpIntake was
 * built without the JSON decoder. Each refused with its path, nothing written. */
typedef enum
{
  FROM_OTHER_INTAKE, /* an intake of another household */
  FROM_OTHER_NEED,   /* a need of another household */
  FROM_OWN_INTAKE,   /* this household's intake, where a need is wanted */
  FROM_NOWHERE,      /* no such id at all */
  FROM_NOT_A_UUID,
  FROM_TWO_IDS, /* two of this household's ids in one value */
} CarriedSource;

typedef enum
{
  CARRIED_PERSON_0,
  CARRIED_STRENGTH_1,
  CARRIED_NEED_0,
  CARRIED_NEED_2,
} CarriedItem;

static const struct
{
  CarriedItem item;
  CarriedSource source;
  EpIntakeError code;
  const gchar *path;
} carried_cases[] = {
  { CARRIED_PERSON_0, FROM_OTHER_INTAKE, EP_INTAKE_ERROR_NOT_FOUND, "persons[0].carried_from" },
  { CARRIED_STRENGTH_1, FROM_NOWHERE, EP_INTAKE_ERROR_NOT_FOUND, "strengths[1].carried_from" },
  { CARRIED_NEED_2, FROM_OTHER_NEED, EP_INTAKE_ERROR_NOT_FOUND, "needs[2].carried_from" },
  { CARRIED_NEED_0, FROM_OWN_INTAKE, EP_INTAKE_ERROR_NOT_FOUND, "needs[0].carried_from" },
  { CARRIED_NEED_2, FROM_NOT_A_UUID, EP_INTAKE_ERROR_INVALID_VALUE, "needs[2].carried_from" },
  { CARRIED_STRENGTH_1, FROM_TWO_IDS, EP_INTAKE_ERROR_INVALID_VALUE, "strengths[1].carried_from" },
};

static gchar **
carried_from_of (EpIntake *draft, CarriedItem item)
{
  switch (item)
    {
      case CARRIED_PERSON_0:
        return &((EpIntakePerson *) draft->persons->pdata[0])->carried_from;
      case CARRIED_STRENGTH_1:
        return &((EpIntakeStrength *) draft->strengths->pdata[1])->carried_from;
      case CARRIED_NEED_0:
        return &((EpIntakeNeed *) draft->needs->pdata[0])->carried_from;
      case CARRIED_NEED_2:
      default:
        return &((EpIntakeNeed *) draft->needs->pdata[2])->carried_from;
    }
}

START_TEST (test_carried_items_come_from_here)
{
  g_auto (Case) c = { 0 };
  case_init (&c, TRUE);
  g_auto (Case) other = { 0 };
  case_init (&other, TRUE);
  g_autoptr (GError) error = NULL;

  g_autoptr (EpIntake) draft = ep_intake_carry_forward (c.app, &case_worker, c.intake->household.id,
                                                        c.vindplaats, "2026-12-01", &error);
  ck_assert_msg (draft != NULL, "%s", error ? error->message : "");
  draft->main_problem = g_strdup ("Het gaat beter.");
  ck_assert_uint_ge (draft->strengths->len, 2);
  ck_assert_uint_ge (draft->needs->len, 3);

  gchar *source = NULL;
  switch (carried_cases[_i].source)
    {
      case FROM_OTHER_INTAKE:
        source = g_strdup (other.intake->id);
        break;
      case FROM_OTHER_NEED:
        source = g_strdup (((EpIntakeNeed *) other.intake->needs->pdata[0])->id);
        break;
      case FROM_OWN_INTAKE:
        source = g_strdup (c.intake->id);
        break;
      case FROM_NOWHERE:
        source = g_strdup ("0190a000-0000-7000-8000-00000000dead");
        break;
      case FROM_NOT_A_UUID:
        source = g_strdup ("not-a-uuid");
        break;
      case FROM_TWO_IDS:
        source = g_strconcat (c.intake->id, ",", c.intake->id, NULL);
        break;
    }
  gchar **carried_from = carried_from_of (draft, carried_cases[_i].item);
  g_free (*carried_from);
  *carried_from = source;

  ASSERT_RECORD_REFUSED (c.owner, c.app, draft, carried_cases[_i].code, carried_cases[_i].path);
  ck_assert_ptr_null (draft->id);
}
END_TEST

/* ---- households and membership history ------------------------------------------------- */

START_TEST (test_membership_history)
{
  g_auto (Case) c = { 0 };
  case_init (&c, TRUE);
  PGconn *owner = c.owner, *app = c.app;
  const gchar *person = ((EpIntakePerson *) c.intake->persons->pdata[0])->id;
  const gchar *first_household = c.intake->household.id;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) key = pseudonym_key ();

  /* Leaving: not before the membership began, and only for a member. */
  ck_assert (!ep_household_leave (app, &case_worker, person, "2026-11-20", &error));
  ASSERT_INTAKE_ERROR (error, EP_INTAKE_ERROR_INVALID_VALUE, "date");
  g_clear_error (&error);
  ck_assert (!ep_household_leave (app, &case_worker, "0190a000-0000-7000-8000-0000000000dd",
                                  "2026-12-01", &error));
  ASSERT_INTAKE_ERROR (error, EP_INTAKE_ERROR_NOT_FOUND, "person_id");
  g_clear_error (&error);
  EP_ASSERT_NO_ERROR (ep_household_leave (app, &case_worker, person, "2026-12-01", &error), error);

  /* Now she can join another household, from a later date. */
  g_autoptr (JsonNode) input = fixture (c.vindplaats, c.bsn);
  JsonObject *o = json_node_get_object (input);
  json_object_set_int_member (json_object_get_object_member (o, "household"), "huisnummer", 200);
  json_object_set_string_member (o, "date", "2026-12-05");
  g_autoptr (EpIntake) moved = decode (input);
  record_ok (app, moved);
  ck_assert_str_eq (((EpIntakePerson *) moved->persons->pdata[0])->id, person);

  /* Two active memberships at once are refused by the database itself. */
  g_autoptr (EpDbParams) twice = ep_test_params (first_household, person, NULL);
  g_autoptr (GError) refused = NULL;
  g_autoptr (PGresult) res = ep_db_exec (
    owner,
    "INSERT INTO household_member (gemeente, household_id, person_id, role, valid_from)"
    " VALUES ('GM0164', $1::uuid, $2::uuid, 'overig', '2026-12-10')",
    twice, PGRES_COMMAND_OK, "second membership", &refused);
  ck_assert_ptr_null (res);
  ck_assert_msg (g_error_matches (refused, EP_DB_ERROR, EP_DB_ERROR_EXCLUSION_VIOLATION)
                   || g_error_matches (refused, EP_DB_ERROR, EP_DB_ERROR_UNIQUE_VIOLATION),
                 "%s", refused->message);

  /* The history reads back on both sides. */
  g_autoptr (EpHousehold) before = ep_household_load (app, &case_worker, first_household, &error);
  ck_assert_msg (before != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (before->members->len, 1);
  const EpHouseholdMember *left = before->members->pdata[0];
  ck_assert_str_eq (left->person_id, person);
  ck_assert_str_eq (left->valid_from, "2026-11-20");
  ck_assert_str_eq (left->valid_to, "2026-12-01");
  ck_assert_uint_eq (before->intakes->len, 1);
  g_autoptr (EpHousehold) after
    = ep_household_load (app, &case_worker, moved->household.id, &error);
  ck_assert_msg (after != NULL, "%s", error ? error->message : "");
  const EpHouseholdMember *joined = after->members->pdata[0];
  ck_assert_str_eq (joined->valid_from, "2026-12-05");
  ck_assert_ptr_null (joined->valid_to);
  g_autoptr (EpDbParams) who = ep_test_params (person, NULL);
  g_autofree gchar *trail
    = ep_test_query_value (owner,
                           "SELECT string_agg(e.action, ',' ORDER BY e.id) FROM audit_event e"
                           "  JOIN household_member hm ON hm.id::text = e.entity_id"
                           " WHERE e.entity_type = 'household_member' AND hm.person_id = $1::uuid",
                           who);
  ck_assert_str_eq (trail, "join,leave,join");

  /* Found by her BSN: the household she is in now; by address: the old one. */
  EpHouseholdSearch bsn_search = { .bsn = c.bsn, .pseudonym_key = key };
  g_autoptr (GPtrArray) by_bsn = ep_household_find (app, &case_worker, &bsn_search, NULL, &error);
  ck_assert_msg (by_bsn != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (by_bsn->len, 1);
  ck_assert_str_eq (((EpHousehold *) by_bsn->pdata[0])->id, moved->household.id);
  g_autoptr (EpDbParams) searched = ep_test_params (moved->household.id, NULL);
  g_autofree gchar *logged = ep_test_query_value (
    owner, "SELECT count(*) FROM access_log WHERE action = 'search' AND household_id = $1::uuid",
    searched);
  ck_assert_str_eq (logged, "1");
  /* By address, page by page (the other tests live at this address too). */
  gboolean seen = FALSE;
  g_autofree gchar *cursor = NULL;
  do
    {
      EpHouseholdSearch address
        = { .postcode = "7551AB", .huisnummer = 12, .limit = 20, .cursor = cursor };
      g_autofree gchar *next = NULL;
      g_autoptr (GPtrArray) page = ep_household_find (app, &case_worker, &address, &next, &error);
      ck_assert_msg (page != NULL, "%s", error ? error->message : "");
      ck_assert_uint_le (page->len, 20);
      for (guint i = 0; i < page->len; i++)
        seen |= strcmp (((EpHousehold *) page->pdata[i])->id, first_household) == 0;
      g_free (cursor);
      cursor = g_steal_pointer (&next);
    }
  while (cursor != NULL);
  ck_assert (seen);
  EpHouseholdSearch bad = { .postcode = "7551 ab", .huisnummer = 12 };
  ck_assert (!ep_household_find (app, &case_worker, &bad, NULL, &error));
  ASSERT_INTAKE_ERROR (error, EP_INTAKE_ERROR_INVALID_VALUE, "postcode");
}
END_TEST

/* A search by address pages with a cursor (before, it stopped at 200 without a word): each
 * page's households come with their members, in house number order, none twice, none skipped;
 * each household shown is in the access log once. */
START_TEST (test_household_find_pages)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autofree gchar *vindplaats = new_vindplaats (owner);
  /* A postcode of this test's own, five households on it. */
  g_autofree gchar *marker = ep_test_marker ();
  guint64 n = g_ascii_strtoull (marker + strlen (marker) - 3, NULL, 16) % 9000;
  g_autofree gchar *postcode = g_strdup_printf ("%04uZZ", (guint) (1000 + n));
  g_autoptr (GPtrArray) made = g_ptr_array_new_with_free_func (g_free);
  for (gint number = 5; number >= 1; number--)
    {
      g_autofree gchar *bsn = ep_test_random_bsn ();
      g_autoptr (JsonNode) input = fixture (vindplaats, bsn);
      JsonObject *household
        = json_object_get_object_member (json_node_get_object (input), "household");
      json_object_set_string_member (household, "postcode", postcode);
      json_object_set_int_member (household, "huisnummer", number);
      json_object_remove_member (household, "huisnummer_toevoeging");
      g_autoptr (EpIntake) intake = decode (input);
      record_ok (app, intake);
      g_ptr_array_insert (made, 0, g_strdup (intake->household.id)); /* in number order */
    }

  g_autoptr (GString) seen = g_string_new (NULL);
  g_autofree gchar *cursor = NULL;
  guint pages = 0;
  do
    {
      EpHouseholdSearch search = { .postcode = postcode, .limit = 2, .cursor = cursor };
      g_autoptr (GError) error = NULL;
      g_autofree gchar *next = NULL;
      g_autoptr (GPtrArray) page = ep_household_find (app, &case_worker, &search, &next, &error);
      EP_ASSERT_NO_ERROR (page != NULL, error);
      for (guint i = 0; i < page->len; i++)
        {
          const EpHousehold *h = page->pdata[i];
          ck_assert_str_eq (h->id, made->pdata[pages * 2 + i]);
          ck_assert_uint_eq (h->members->len, 1);
          g_string_append_printf (seen, "%d ", h->huisnummer);
        }
      g_free (cursor);
      cursor = g_steal_pointer (&next);
      pages++;
    }
  while (cursor != NULL);
  ck_assert_uint_eq (pages, 3);
  ck_assert_str_eq (seen->str, "1 2 3 4 5 ");
  for (guint i = 0; i < made->len; i++)
    {
      g_autoptr (EpDbParams) id = ep_test_params (made->pdata[i], NULL);
      ck_assert_int_eq (ep_test_query_int (owner,
                                           "SELECT count(*) FROM access_log WHERE action = 'search'"
                                           "   AND entity_id = $1 AND household_id = $1::uuid",
                                           id),
                        1);
    }

  /* A cursor that is not one. */
  EpHouseholdSearch bad = { .postcode = postcode, .cursor = "volgende" };
  g_autoptr (GError) error = NULL;
  ck_assert (!ep_household_find (app, &case_worker, &bad, NULL, &error));
  ASSERT_INTAKE_ERROR (error, EP_INTAKE_ERROR_INVALID_VALUE, "cursor");
}
END_TEST

START_TEST (test_known_person_must_match)
{
  g_auto (Case) c = { 0 };
  case_init (&c, TRUE);
  const gchar *person = ((EpIntakePerson *) c.intake->persons->pdata[0])->id;
  g_autofree gchar *other_bsn = ep_test_random_bsn ();
  static const struct
  {
    const gchar *member, *value, *path;
  } cases[] = {
    { "surname", "Anders", "persons[0].surname" }, /* her BSN, someone else's name */
    { "birth_date", "1999-01-01", "persons[0].birth_date" },
    { "bsn", NULL, "persons[0].bsn" }, /* her id, someone else's BSN */
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (JsonNode) input = fixture (c.vindplaats, c.bsn);
      JsonObject *o = json_node_get_object (input);
      JsonObject *household = json_object_new ();
      json_object_set_string_member (household, "id", c.intake->household.id);
      json_object_set_object_member (o, "household", household);
      JsonObject *p
        = json_array_get_object_element (json_object_get_array_member (o, "persons"), 0);
      if (cases[i].value != NULL)
        json_object_set_string_member (p, cases[i].member, cases[i].value);
      else
        {
          json_object_set_string_member (p, "id", person);
          json_object_set_string_member (p, "bsn", other_bsn);
        }
      g_autoptr (EpIntake) intake = decode (input);
      ASSERT_RECORD_REFUSED (c.owner, c.app, intake, EP_INTAKE_ERROR_RULE, cases[i].path);
    }
}
END_TEST

/* A unique violation that is no race between two writers, here of an index the test adds on
 * its own surname, is reported as what it is: not turned into a serialization failure, which
 * the transaction runner retries and then reports as "try again". */
START_TEST (test_real_duplicate_is_reported_as_such)
{
  g_auto (Case) c = { 0 };
  case_init (&c, FALSE);
  g_autofree gchar *marker = ep_test_marker ();
  g_autofree gchar *surname = g_strconcat ("Dubbel", marker, NULL);
  g_autofree gchar *index = g_strconcat ("test_person_surname_", marker, NULL);
  /* DDL takes no parameters; the marker is hexadecimal. */
  g_autofree gchar *create
    = g_strdup_printf ("CREATE UNIQUE INDEX %s ON person (gemeente, achternaam)"
                       " WHERE achternaam = '%s'",
                       index, surname);
  ep_test_db_exec (c.owner, create);

  JsonObject *first = json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (c.input), "persons"), 0);
  json_object_set_string_member (first, "surname", surname);
  g_autoptr (EpIntake) recorded = decode (c.input);
  record_ok (c.app, recorded);

  /* Someone else (another BSN) with that surname, in another household. */
  g_autofree gchar *bsn = ep_test_random_bsn ();
  g_autoptr (JsonNode) input = fixture (c.vindplaats, bsn);
  JsonObject *o = json_node_get_object (input);
  json_object_set_int_member (json_object_get_object_member (o, "household"), "huisnummer", 500);
  json_object_set_string_member (
    json_array_get_object_element (json_object_get_array_member (o, "persons"), 0), "surname",
    surname);
  g_autoptr (EpIntake) duplicate = decode (input);
  RowCounts before = count_rows (c.owner);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) key = pseudonym_key ();
  gboolean ok = ep_intake_record (c.app, &case_worker, key, duplicate, &error);
  RowCounts after = count_rows (c.owner);
  g_autofree gchar *drop = g_strconcat ("DROP INDEX ", index, NULL);
  ep_test_db_exec (c.owner, drop);

  ck_assert (!ok);
  EP_ASSERT_DB_ERROR (error, EP_DB_ERROR_UNIQUE_VIOLATION);
  ck_assert_str_eq (ep_db_error_get_constraint (error), index);
  ASSERT_NOTHING_WRITTEN (before, after);
}
END_TEST

/* pgbouncer in transaction pooling runs DISCARD ALL between clients: the statements prepared on
 * the connection are gone, and the next intake prepares them again instead of failing. */
START_TEST (test_record_after_discard_all)
{
  g_auto (Case) c = { 0 };
  case_init (&c, TRUE);
  ep_test_db_exec (c.app, "DISCARD ALL");

  g_autofree gchar *bsn = ep_test_random_bsn ();
  g_autoptr (JsonNode) input = fixture (c.vindplaats, bsn);
  json_object_set_int_member (
    json_object_get_object_member (json_node_get_object (input), "household"), "huisnummer", 400);
  g_autoptr (EpIntake) again = decode (input);
  record_ok (c.app, again);
  ck_assert_ptr_nonnull (again->id);
  ck_assert_str_ne (again->id, c.intake->id);
}
END_TEST

/* Two case workers record the same new resident at the same time, for two
 * new households: one succeeds, the other is told by path that she is a
 * member elsewhere — never a raw unique violation. */
typedef struct
{
  JsonNode *input;
  gboolean ok;
  GError *error;
} RaceWriter;

static gpointer
race_writer (gpointer data)
{
  RaceWriter *w = data;
  g_autoptr (PGconn) conn = ep_db_connect (ep_test_cluster->app_conninfo, &w->error);
  if (conn == NULL)
    return NULL;
  g_autoptr (EpIntake) intake = ep_intake_from_json (w->input, &w->error);
  g_autoptr (GBytes) key = pseudonym_key ();
  w->ok = intake != NULL && ep_intake_record (conn, &case_worker, key, intake, &w->error);
  return NULL;
}

START_TEST (test_same_new_person_at_once)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autofree gchar *vindplaats = new_vindplaats (owner);
  for (guint round = 0; round < 5; round++)
    {
      g_autofree gchar *bsn = ep_test_random_bsn ();
      RaceWriter writers[2] = { { 0 } };
      GThread *threads[2];
      for (guint i = 0; i < 2; i++)
        {
          writers[i].input = fixture (vindplaats, bsn);
          json_object_set_int_member (
            json_object_get_object_member (json_node_get_object (writers[i].input), "household"),
            "huisnummer", 300 + i);
        }
      for (guint i = 0; i < 2; i++)
        threads[i] = g_thread_new ("race", race_writer, &writers[i]);
      for (guint i = 0; i < 2; i++)
        g_thread_join (threads[i]);
      ck_assert_msg (writers[0].ok != writers[1].ok, "round %u: %s / %s", round,
                     writers[0].error ? writers[0].error->message : "ok",
                     writers[1].error ? writers[1].error->message : "ok");
      RaceWriter *loser = writers[0].ok ? &writers[1] : &writers[0];
      ASSERT_INTAKE_ERROR (loser->error, EP_INTAKE_ERROR_MEMBER_ELSEWHERE, "persons[0]");
      for (guint i = 0; i < 2; i++)
        {
          g_clear_error (&writers[i].error);
          json_node_unref (writers[i].input);
        }
    }
}
END_TEST

START_TEST (test_household_create)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autofree gchar *bsn = ep_test_random_bsn ();
  g_autoptr (GBytes) key = pseudonym_key ();
  g_autoptr (GError) error = NULL;
  g_autofree gchar *json = g_strdup_printf (
    "{\"household\": {\"postcode\": \"7556AA\", \"huisnummer\": 5, \"wijk\": \"Noord\"},"
    " \"date\": \"2026-11-01\", \"persons\": ["
    " {\"ref\": \"moeder\", \"bsn\": \"%s\", \"given_names\": \"Fatima\","
    "  \"surname\": \"Amrani\", \"role\": \"ouder_verzorger\"},"
    " {\"ref\": \"zoon\", \"given_names\": \"Yassin\", \"surname\": \"Amrani\","
    "  \"birth_date\": \"2019-04-01\", \"role\": \"kind\"}]}",
    bsn);
  g_autoptr (JsonNode) node = ep_json_parse (json, -1, &error);
  g_autoptr (EpIntake) members = ep_household_create_from_json (node, &error);
  ck_assert_msg (members != NULL, "%s", error ? error->message : "");
  EP_ASSERT_NO_ERROR (ep_household_create (app, &case_worker, key, members, &error), error);
  ck_assert_ptr_nonnull (members->household.id);

  g_autoptr (EpHousehold) read
    = ep_household_load (app, &case_worker, members->household.id, &error);
  ck_assert_msg (read != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (read->members->len, 2);
  ck_assert_str_eq (((EpHouseholdMember *) read->members->pdata[0])->valid_from, "2026-11-01");
  ck_assert_uint_eq (read->intakes->len, 0);
  g_autoptr (EpDbParams) household = ep_test_params (members->household.id, NULL);
  g_autofree gchar *trail = ep_test_query_value (
    owner,
    "SELECT string_agg(action || ':' || entity_type, ',' ORDER BY id) FROM audit_event"
    " WHERE household_id = $1::uuid",
    household);
  ck_assert_str_eq (trail, "create:household,create:person,join:household_member,"
                           "create:person,join:household_member");

  /* The same mother in another new household: refused, nothing written. */
  json_object_set_int_member (
    json_object_get_object_member (json_node_get_object (node), "household"), "huisnummer", 6);
  g_autoptr (EpIntake) again = ep_household_create_from_json (node, &error);
  ck_assert_msg (again != NULL, "%s", error ? error->message : "");
  RowCounts before = count_rows (owner);
  ck_assert (!ep_household_create (app, &case_worker, key, again, &error));
  ASSERT_INTAKE_ERROR (error, EP_INTAKE_ERROR_MEMBER_ELSEWHERE, "persons[0]");
  RowCounts after = count_rows (owner);
  ASSERT_NOTHING_WRITTEN (before, after);

  /* Only household, persons and date: an intake's other members are refused. */
  g_clear_error (&error);
  json_object_set_string_member (json_node_get_object (node), "main_problem", "x");
  g_autoptr (EpIntake) refused = ep_household_create_from_json (node, &error);
  ck_assert_ptr_null (refused);
  ASSERT_INTAKE_ERROR (error, EP_INTAKE_ERROR_UNKNOWN_FIELD, "main_problem");
}
END_TEST

/* ---- a crash mid-write ------------------------------------------------------------------ */

/* The killed "case worker": records intakes until SIGKILL, reporting each
 * committed id on @fd. Leaves only through _exit() (or the kill), so with
 * CK_FORK=no it never runs the rest of the test program. */
static G_NORETURN void
record_until_killed (const gchar *conninfo, JsonNode *input, int fd)
{
  g_autoptr (GError) error = NULL;
  PGconn *conn = ep_db_connect (conninfo, &error);
  GBytes *key = pseudonym_key ();
  if (conn == NULL)
    _exit (3);
  for (guint n = 0;; n++)
    {
      JsonObject *o = json_node_get_object (input);
      json_object_set_int_member (json_object_get_object_member (o, "household"), "huisnummer",
                                  1 + n % 99999);
      JsonObject *person
        = json_array_get_object_element (json_object_get_array_member (o, "persons"), 0);
      g_autofree gchar *bsn = ep_test_random_bsn ();
      json_object_set_string_member (person, "bsn", bsn);
      EpIntake *intake = ep_intake_from_json (input, NULL);
      if (intake == NULL || !ep_intake_record (conn, &case_worker, key, intake, NULL))
        _exit (4);
      gchar id[37];
      g_strlcpy (id, intake->id, sizeof id);
      if (write (fd, id, 36) != 36)
        _exit (5);
      ep_intake_free (intake);
    }
}

/* The acting user is checked inside the write's own transaction: one deactivated, or given
 * another role, after being looked up writes nothing (before, the role read in one transaction
 * was trusted in the next). */
START_TEST (test_actor_checked_in_the_write)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autofree gchar *vindplaats = new_vindplaats (owner);
  g_autofree gchar *marker = ep_test_marker ();
  g_autofree gchar *name = g_strconcat ("actor-", marker, NULL);
  g_autofree gchar *username = g_ascii_strdown (name, -1);
  g_autoptr (EpDbParams) user = ep_test_params (EP_TEST_GM_A, username, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (PGresult) added
    = ep_db_exec (owner,
                  "INSERT INTO app_user (gemeente, username, display_name, role)"
                  " VALUES ($1, $2, 'Test', 'casemanager') RETURNING id",
                  user, PGRES_TUPLES_OK, "add user", &error);
  EP_ASSERT_NO_ERROR (added != NULL, error);

  static const gchar *const changes[] = {
    "UPDATE app_user SET active = false WHERE gemeente = $1 AND username = $2",
    "UPDATE app_user SET role = 'regisseur' WHERE gemeente = $1 AND username = $2",
  };
  g_autofree gchar *inactive
    = g_strdup_printf ("%s is geen actieve gebruiker van deze gemeente (meer)", username);
  g_autofree gchar *other_role
    = g_strdup_printf ("de rol van %s is gewijzigd; meld u opnieuw aan", username);
  const gchar *const messages[] = { inactive, other_role };
  for (gsize i = 0; i < G_N_ELEMENTS (changes); i++)
    {
      g_autoptr (PGresult) restore
        = ep_db_exec (owner,
                      "UPDATE app_user SET active = true, role = 'casemanager'"
                      " WHERE gemeente = $1 AND username = $2",
                      user, PGRES_COMMAND_OK, "restore user", &error);
      EP_ASSERT_NO_ERROR (restore != NULL, error);
      g_autoptr (EpActor) actor = ep_actor_lookup (app, EP_TEST_GM_A, username, &error);
      EP_ASSERT_NO_ERROR (actor != NULL, error);
      ck_assert_str_eq (actor->role, "casemanager");
      EpDbTxContext ctx = ep_actor_context (actor);

      g_autoptr (PGresult) changed
        = ep_db_exec (owner, changes[i], user, PGRES_COMMAND_OK, "change user", &error);
      EP_ASSERT_NO_ERROR (changed != NULL, error);

      g_autofree gchar *contact_json = g_strdup_printf (
        "{\"vindplaats_id\": \"%s\", \"channel\": \"balie\", \"type\": \"hulpvraag\","
        " \"question\": \"Hulp bij de administratie\", \"date\": \"2026-11-18\"}",
        vindplaats);
      g_autoptr (JsonNode) node = ep_json_parse (contact_json, -1, &error);
      EP_ASSERT_NO_ERROR (node != NULL, error);
      g_autoptr (EpContact) contact = ep_contact_from_json (node, &error);
      EP_ASSERT_NO_ERROR (contact != NULL, error);
      gint64 contacts = ep_test_db_count (owner, "SELECT count(*) FROM contact");
      gint64 events = ep_test_db_count (owner, "SELECT count(*) FROM audit_event");
      ck_assert (!ep_contact_record (app, &ctx, contact, &error));
      ck_assert_msg (g_error_matches (error, EP_DB_ERROR, EP_DB_ERROR_PERMISSION_DENIED), "%s",
                     error ? error->message : "written");
      ck_assert_str_eq (error->message, messages[i]);
      g_clear_error (&error);
      ck_assert_int_eq (ep_test_db_count (owner, "SELECT count(*) FROM contact"), contacts);
      ck_assert_int_eq (ep_test_db_count (owner, "SELECT count(*) FROM audit_event"), events);
    }

  /* Not found, or not active: refused at the lookup. */
  g_autoptr (EpActor) nobody = ep_actor_lookup (app, EP_TEST_GM_A, "niemand", &error);
  ck_assert_ptr_null (nobody);
  ck_assert (g_error_matches (error, EP_DB_ERROR, EP_DB_ERROR_PERMISSION_DENIED));
  ck_assert_str_eq (error->message, "niemand is geen actieve gebruiker van deze gemeente (meer)");
}
END_TEST

/* Fault injection: a statement fails part-way through recording an intake — at every table the
 * write touches, in turn, first to last — and nothing of the intake remains, not even its audit
 * events. The fault is a trigger that raises only in a session that asked for it, so no other
 * test can meet it. */
START_TEST (test_failure_part_way_leaves_nothing)
{
  static const gchar *const tables[] = { "household",         "person",
                                         "household_member",  "intake",
                                         "intake_person",     "intake_participant",
                                         "intake_assessment", "intake_need",
                                         "consent",           "audit_event" };
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autofree gchar *vindplaats = new_vindplaats (owner);
  ep_test_db_exec (owner, "CREATE OR REPLACE FUNCTION test_inject_fault () RETURNS trigger"
                          " LANGUAGE plpgsql AS $$ BEGIN"
                          "  IF current_setting ('eenplan_test.fault', true) = TG_TABLE_NAME THEN"
                          "   RAISE EXCEPTION 'injected fault in %', TG_TABLE_NAME;"
                          "  END IF;"
                          "  RETURN NEW;"
                          " END $$");
  for (gsize t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree gchar *create
        = g_strdup_printf ("CREATE OR REPLACE TRIGGER test_inject_fault BEFORE INSERT ON %s"
                           " FOR EACH ROW EXECUTE FUNCTION test_inject_fault ()",
                           tables[t]);
      ep_test_db_exec (owner, create);
    }

  for (gsize t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree gchar *bsn = ep_test_random_bsn ();
      g_autoptr (JsonNode) input = fixture (vindplaats, bsn);
      g_autoptr (EpIntake) intake = decode (input);
      g_autofree gchar *arm
        = g_strdup_printf ("SET eenplan_test.fault = '%s'", tables[t]); /* a constant */
      ep_test_db_exec (app, arm);

      RowCounts before = count_rows (owner);
      g_autoptr (GError) error = NULL;
      g_autoptr (GBytes) key = pseudonym_key ();
      ck_assert (!ep_intake_record (app, &case_worker, key, intake, &error));
      ck_assert_msg (g_error_matches (error, EP_DB_ERROR, EP_DB_ERROR_RAISED), "%s: %s", tables[t],
                     error ? error->message : "recorded");
      g_autofree gchar *want = g_strdup_printf ("injected fault in %s", tables[t]);
      ck_assert_msg (strstr (error->message, want) != NULL, "%s", error->message);
      RowCounts after = count_rows (owner);
      ASSERT_NOTHING_WRITTEN (before, after);
      ck_assert_ptr_null (intake->id);
    }

  /* Disarmed, the same connection records the intake whole. */
  ep_test_db_exec (app, "RESET eenplan_test.fault");
  g_autofree gchar *bsn = ep_test_random_bsn ();
  g_autoptr (JsonNode) input = fixture (vindplaats, bsn);
  g_autoptr (EpIntake) intake = decode (input);
  record_ok (app, intake);
  for (gsize t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree gchar *drop = g_strdup_printf ("DROP TRIGGER test_inject_fault ON %s", tables[t]);
      ep_test_db_exec (owner, drop);
    }
}
END_TEST

START_TEST (test_killed_mid_write_leaves_no_half_intake)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autofree gchar *vindplaats = new_vindplaats (owner);
  g_autofree gchar *bsn = ep_test_random_bsn ();
  g_autoptr (JsonNode) input = fixture (vindplaats, bsn);
  g_autofree gchar *marker = ep_test_marker ();
  g_autofree gchar *app_name = g_strconcat ("eenplan-intake-crash-", marker, NULL);
  g_autofree gchar *conninfo
    = g_strconcat (ep_test_cluster->app_conninfo, " application_name=", app_name, NULL);

  int fds[2];
  ck_assert_int_eq (pipe (fds), 0);
  pid_t child = fork ();
  ck_assert_msg (child >= 0, "fork: %s", g_strerror (errno));
  if (child == 0)
    {
      close (fds[0]);
      record_until_killed (conninfo, input, fds[1]);
    }
  close (fds[1]);

  /* Let it write for a while, then kill it, most likely in the middle of an intake. */
  g_usleep (1500 * 1000);
  ck_assert_int_eq (kill (child, SIGKILL), 0);
  int status = 0;
  ck_assert_int_eq (waitpid (child, &status, 0), child);
  ck_assert_msg (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL,
                 "the writer ended by itself (status %d): it could not write", status);
  g_autoptr (GString) reported = g_string_new ("{");
  guint n_reported = 0;
  gchar id[37] = { 0 };
  while (read (fds[0], id, 36) == 36)
    {
      g_string_append_printf (reported, "%s%s", n_reported++ > 0 ? "," : "", id);
    }
  close (fds[0]);
  g_string_append_c (reported, '}');
  ck_assert_msg (n_reported >= 3, "only %u intakes committed in 1.5 s", n_reported);

  /* Its session ends; an open transaction rolls back. */
  g_autoptr (EpDbParams) app = ep_test_params (app_name, NULL);
  for (int waited = 0; waited < 1000
                       && ep_test_query_int (owner,
                                             "SELECT count(*) FROM pg_stat_activity"
                                             " WHERE application_name = $1",
                                             app)
                            > 0;
       waited++)
    g_usleep (10000);

  /* Every intake reported committed is whole, with its event. */
  g_autoptr (EpDbParams) ids = ep_test_params (reported->str, NULL);
  ck_assert_int_eq (ep_test_query_int (owner,
                                       "SELECT count(*) FROM unnest($1::uuid[]) AS r (id)"
                                       " WHERE (SELECT count(*) FROM intake_assessment a"
                                       "         WHERE a.intake_id = r.id) = 13"
                                       "   AND (SELECT count(*) FROM intake_need n"
                                       "         WHERE n.intake_id = r.id) = 5"
                                       "   AND (SELECT count(*) FROM consent c"
                                       "         WHERE c.intake_id = r.id) = 1"
                                       "   AND (SELECT count(*) FROM audit_event e"
                                       "         WHERE e.entity_id = r.id::text"
                                       "           AND e.action = 'create') = 1",
                                       ids),
                    (gint64) n_reported);

  /* And nothing else the killed writer touched lacks its audit event: no
   * intake, household, person or membership without one. */
  g_autoptr (EpDbParams) at = ep_test_params (vindplaats, NULL);
  ck_assert_int_eq (
    ep_test_query_int (
      owner,
      "WITH i AS (SELECT id, household_id FROM intake WHERE vindplaats_id = $1::uuid),"
      "     m AS (SELECT hm.id, hm.person_id FROM household_member hm"
      "             JOIN i ON i.household_id = hm.household_id)"
      "SELECT (SELECT count(*) FROM i WHERE NOT EXISTS (SELECT FROM audit_event e"
      "          WHERE e.entity_type = 'intake' AND e.entity_id = i.id::text))"
      "     + (SELECT count(*) FROM i WHERE NOT EXISTS (SELECT FROM audit_event e"
      "          WHERE e.entity_type = 'household' AND e.entity_id = i.household_id::text))"
      "     + (SELECT count(*) FROM m WHERE NOT EXISTS (SELECT FROM audit_event e"
      "          WHERE e.entity_type = 'household_member' AND e.entity_id = m.id::text))"
      "     + (SELECT count(*) FROM m WHERE NOT EXISTS (SELECT FROM audit_event e"
      "          WHERE e.entity_type = 'person' AND e.entity_id = m.person_id::text))",
      at),
    0);
  /* The intakes there are exactly the reported ones, or one more whose commit
   * landed just before the kill but whose id never reached the pipe. */
  gint64 stored
    = ep_test_query_int (owner, "SELECT count(*) FROM intake WHERE vindplaats_id = $1::uuid", at);
  ck_assert_msg (stored == n_reported || stored == n_reported + 1,
                 "%" G_GINT64_FORMAT " intakes stored, %u reported", stored, n_reported);
}
END_TEST

/* ---- tenancy ---------------------------------------------------------------------------- */

START_TEST (test_other_municipality_sees_nothing)
{
  g_auto (Case) c = { 0 };
  case_init (&c, TRUE);
  PGconn *owner = c.owner, *app = c.app;
  EpIntake *intake = c.intake;

  static const EpDbTxContext enschede
    = { .gemeente = EP_TEST_GM_B, .actor_id = "c.smit", .actor_role = "casemanager" };
  g_autoptr (GError) error = NULL;
  g_autoptr (EpIntake) loaded = ep_intake_load (app, &enschede, intake->id, &error);
  ck_assert_ptr_null (loaded);
  ASSERT_INTAKE_ERROR (error, EP_INTAKE_ERROR_NOT_FOUND, "id");

  /* Table by table, as the application role in Enschede: not one row. */
  static const gchar *const tables[] = { "contact",
                                         "intake",
                                         "intake_person",
                                         "intake_participant",
                                         "intake_assessment",
                                         "intake_health",
                                         "intake_strength",
                                         "intake_need",
                                         "intake_safety_signal",
                                         "intake_safety_step",
                                         "consent",
                                         "intake_addendum" };
  ep_test_db_exec (app, "BEGIN");
  ep_test_db_exec (app, "SELECT set_config('eenplan.gemeente', 'GM0153', true)");
  for (gsize i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree gchar *sql
        = g_strdup_printf ("SELECT count(*) FROM %s WHERE gemeente <> $1", tables[i]);
      g_autoptr (EpDbParams) params = ep_test_params (EP_TEST_GM_B, NULL);
      g_autofree gchar *n = ep_test_query_value (app, sql, params);
      ck_assert_msg (strcmp (n, "0") == 0, "%s shows %s rows of another municipality", tables[i],
                     n);
    }
  ep_test_db_exec (app, "ROLLBACK");
  /* The owner does see them, so the zero above is row-level security at work. */
  g_autoptr (EpDbParams) id = ep_test_params (intake->id, NULL);
  g_autofree gchar *n = ep_test_query_value (
    owner, "SELECT count(*) FROM intake_assessment WHERE intake_id = $1::uuid", id);
  ck_assert_str_eq (n, "13");
}
END_TEST

Suite *
ep_test_intake_suite (void)
{
  Suite *suite = suite_create ("intake");
  TCase *store = tcase_create ("store");
  tcase_set_timeout (store, 60);
  tcase_add_test (store, test_round_trip);
  tcase_add_test (store, test_rows_and_trail);
  tcase_add_test (store, test_unknown_references_write_nothing);
  tcase_add_test (store, test_store_checks_rules);
  tcase_add_test (store, test_first_intake_is_home_visit);
  tcase_add_test (store, test_member_of_one_household);
  tcase_add_test (store, test_draft_versions);
  tcase_add_test (store, test_need_ids_match_their_needs);
  tcase_add_test (store, test_finalised_is_immutable);
  tcase_add_test (store, test_consent_revoked_at_once);
  tcase_add_test (store, test_carry_forward);
  tcase_add_test (store, test_known_household_address);
  tcase_add_loop_test (store, test_carried_items_come_from_here, 0, G_N_ELEMENTS (carried_cases));
  tcase_add_test (store, test_contact_then_intake);
  tcase_add_test (store, test_membership_history);
  tcase_add_test (store, test_household_create);
  tcase_add_test (store, test_same_new_person_at_once);
  tcase_add_test (store, test_record_after_discard_all);
  tcase_add_test (store, test_real_duplicate_is_reported_as_such);
  tcase_add_test (store, test_known_person_must_match);
  tcase_add_test (store, test_household_find_pages);
  tcase_add_test (store, test_failure_part_way_leaves_nothing);
  tcase_add_test (store, test_actor_checked_in_the_write);
  tcase_add_test (store, test_killed_mid_write_leaves_no_half_intake);
  tcase_add_test (store, test_other_municipality_sees_nothing);
  suite_add_tcase (suite, store);
  return suite;
}
