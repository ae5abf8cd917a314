/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-intake-json.c — unit tests of intake/: the JSON form of an intake and the rules of the
 * aggregate, without a database.
 *
 * Every validation case starts from the Jolanda fixture (docs/examples/intake-jolanda.json),
 * changes one thing at a JSON path, and asserts the exact error code and the exact path the
 * error names. The fixture itself must decode, and encode back to itself (less the BSN, which is
 * never written out).
 */
#include "unit-suites.h"

#include "ep-contact.h"
#include "ep-intake-json.h"
#include "ep-json.h"
#include "ep-test-intake.h"

#include <string.h>

static JsonNode *
load_fixture (void)
{
  const gchar *dir = g_getenv ("EP_FIXTURES_DIR");
  ck_assert_msg (dir != NULL, "EP_FIXTURES_DIR is not set (tests/unit/meson.build sets it)");
  g_autofree gchar *path = g_build_filename (dir, "intake-jolanda.json", NULL);
  g_autofree gchar *text = NULL;
  g_autoptr (GError) error = NULL;
  ck_assert_msg (g_file_get_contents (path, &text, NULL, &error), "%s",
                 error ? error->message : "");
  JsonNode *node = ep_json_parse (text, -1, &error);
  ck_assert_msg (node != NULL, "%s", error ? error->message : "");
  return node;
}

/* The node at @path ("persons[0].bsn"): its parent object and member name are returned, or,
 * for an element, the parent array and index. */
static void
locate (JsonNode *root, const gchar *path, JsonObject **parent, gchar **name)
{
  g_auto (GStrv) parts = g_strsplit (path, ".", -1);
  JsonNode *node = root;
  for (gsize i = 0; parts[i] != NULL; i++)
    {
      g_autofree gchar *member = g_strdup (parts[i]);
      gchar *bracket = strchr (member, '[');
      guint index = 0;
      if (bracket != NULL)
        {
          index = (guint) g_ascii_strtoull (bracket + 1, NULL, 10);
          *bracket = '\0';
        }
      JsonObject *object = json_node_get_object (node);
      if (parts[i + 1] == NULL && bracket == NULL)
        {
          *parent = object;
          *name = g_strdup (member);
          return;
        }
      node = json_object_get_member (object, member);
      ck_assert_msg (node != NULL, "fixture has no %s (in %s)", member, path);
      if (bracket != NULL)
        node = json_array_get_element (json_node_get_array (node), index);
    }
  g_assert_not_reached ();
}

/* Sets the member at @path to the JSON @value, or removes it when @value is NULL. */
static void
mutate (JsonNode *root, const gchar *path, const gchar *value)
{
  JsonObject *parent = NULL;
  g_autofree gchar *name = NULL;
  locate (root, path, &parent, &name);
  if (value == NULL)
    {
      ck_assert_msg (json_object_has_member (parent, name), "fixture has no %s", path);
      json_object_remove_member (parent, name);
      return;
    }
  g_autoptr (GError) error = NULL;
  JsonNode *node = ep_json_parse (value, -1, &error);
  ck_assert_msg (node != NULL, "bad test value %s: %s", value, error ? error->message : "");
  json_object_set_member (parent, name, node);
}

/* ---- the fixture ------------------------------------------------------------------------ */

START_TEST (test_fixture_round_trip)
{
  g_autoptr (JsonNode) input = load_fixture ();
  g_autoptr (GError) error = NULL;
  g_autoptr (EpIntake) intake = ep_intake_from_json (input, &error);
  ck_assert_msg (intake != NULL, "%s", error ? error->message : "");

  ck_assert_uint_eq (intake->persons->len, 1);
  ck_assert_uint_eq (intake->participants->len, 4);
  ck_assert_uint_eq (intake->assessments->len, 13);
  ck_assert_uint_eq (intake->needs->len, 5);
  ck_assert_uint_eq (intake->consents->len, 1);
  const EpIntakePerson *jolanda = intake->persons->pdata[0];
  ck_assert_str_eq (jolanda->bsn, "999990020");
  ck_assert_int_eq (jolanda->role, EP_GEZINSROL_OUDER_VERZORGER);
  const EpIntakeAssessment *middelen = intake->assessments->pdata[7];
  ck_assert_int_eq (middelen->domain, EP_LEEFGEBIED_MIDDELENGEBRUIK);
  ck_assert_int_eq (middelen->score, 0); /* not scored: only explained */
  const EpIntakeNeed *debts = intake->needs->pdata[3];
  ck_assert_int_eq (debts->law, EP_WET_WGS);
  ck_assert_int_eq (debts->urgency, EP_URGENTIE_HOOG);

  /* Out again: the same document, except the BSN, which is never written out. */
  g_autoptr (JsonNode) output = ep_intake_to_json (intake);
  json_object_remove_member (
    json_array_get_object_element (
      json_object_get_array_member (json_node_get_object (input), "persons"), 0),
    "bsn");
  g_autofree gchar *want = ep_json_to_string (input, FALSE);
  g_autofree gchar *got = ep_json_to_string (output, FALSE);
  ck_assert_str_eq (got, want);

  /* And what comes out decodes again to the same text. */
  g_autoptr (EpIntake) again = ep_intake_from_json (output, &error);
  ck_assert_msg (again != NULL, "%s", error ? error->message : "");
  g_autoptr (JsonNode) output2 = ep_intake_to_json (again);
  g_autofree gchar *got2 = ep_json_to_string (output2, FALSE);
  ck_assert_str_eq (got2, got);
}
END_TEST

/* ---- one rule at a time ----------------------------------------------------------------- */

#define ACUTE_OPEN                                                                                 \
  "[{\"description\": \"Vermoeden van huiselijk geweld\", \"severity\": \"acuut\","                \
  " \"closed\": true, \"steps\": [{\"step\": \"signaleren\", \"date\": \"2026-11-20\","            \
  " \"by\": \"B. Jansen\"}]}]"

static const struct
{
  const gchar *path;  /* where the fixture is changed */
  const gchar *value; /* the JSON put there; NULL removes the member */
  EpIntakeError code;
  const gchar *error_path; /* the path the error must name */
} invalid_cases[] = {
  { "colour", "\"rood\"", EP_INTAKE_ERROR_UNKNOWN_FIELD, "colour" },
  { "persons[0].nickname", "\"Jo\"", EP_INTAKE_ERROR_UNKNOWN_FIELD, "persons[0].nickname" },
  { "household.verdieping", "2", EP_INTAKE_ERROR_UNKNOWN_FIELD, "household.verdieping" },
  { "main_problem", NULL, EP_INTAKE_ERROR_MISSING_FIELD, "main_problem" },
  { "main_problem", "null", EP_INTAKE_ERROR_MISSING_FIELD, "main_problem" },
  { "main_problem", "\"   \"", EP_INTAKE_ERROR_INVALID_VALUE, "main_problem" },
  { "main_problem", "5", EP_INTAKE_ERROR_WRONG_TYPE, "main_problem" },
  { "household", NULL, EP_INTAKE_ERROR_MISSING_FIELD, "household" },
  { "household", "\"7551AB 12\"", EP_INTAKE_ERROR_WRONG_TYPE, "household" },
  { "household.postcode", "\"7551 ab\"", EP_INTAKE_ERROR_INVALID_VALUE, "household.postcode" },
  { "household.postcode", NULL, EP_INTAKE_ERROR_MISSING_FIELD, "household.postcode" },
  { "household.huisnummer", "0", EP_INTAKE_ERROR_INVALID_VALUE, "household.huisnummer" },
  { "household.huisnummer", "\"12\"", EP_INTAKE_ERROR_WRONG_TYPE, "household.huisnummer" },
  { "household.huisnummer_toevoeging", "\"A-1\"", EP_INTAKE_ERROR_INVALID_VALUE,
    "household.huisnummer_toevoeging" },
  { "household.id", "\"huis-12\"", EP_INTAKE_ERROR_INVALID_VALUE, "household.id" },
  { "vindplaats_id", "\"wijkteam\"", EP_INTAKE_ERROR_INVALID_VALUE, "vindplaats_id" },
  { "vindplaats_id", NULL, EP_INTAKE_ERROR_MISSING_FIELD, "vindplaats_id" },
  { "template_version", NULL, EP_INTAKE_ERROR_MISSING_FIELD, "template_version" },
  { "form", "\"kantoor\"", EP_INTAKE_ERROR_UNKNOWN_CODE, "form" },
  { "date", "\"2026-02-30\"", EP_INTAKE_ERROR_INVALID_VALUE, "date" },
  { "date", "\"20-11-2026\"", EP_INTAKE_ERROR_INVALID_VALUE, "date" },
  { "status", "\"gearchiveerd\"", EP_INTAKE_ERROR_UNKNOWN_CODE, "status" },
  { "version", "0", EP_INTAKE_ERROR_INVALID_VALUE, "version" },
  { "persons", "[]", EP_INTAKE_ERROR_MISSING_FIELD, "persons" },
  { "persons", "{}", EP_INTAKE_ERROR_WRONG_TYPE, "persons" },
  { "persons[0].bsn", "\"123456789\"", EP_INTAKE_ERROR_INVALID_BSN, "persons[0].bsn" },
  { "persons[0].bsn", "\"12345\"", EP_INTAKE_ERROR_INVALID_BSN, "persons[0].bsn" },
  { "persons[0].bsn", "\"99999002O\"", EP_INTAKE_ERROR_INVALID_BSN, "persons[0].bsn" },
  { "persons[0].role", "\"oom\"", EP_INTAKE_ERROR_UNKNOWN_CODE, "persons[0].role" },
  { "persons[0].ref", "\"jo lan da\"", EP_INTAKE_ERROR_INVALID_VALUE, "persons[0].ref" },
  { "persons[0].surname", NULL, EP_INTAKE_ERROR_MISSING_FIELD, "persons[0].surname" },
  { "persons[0].birth_date", "\"1998-14-03\"", EP_INTAKE_ERROR_INVALID_VALUE,
    "persons[0].birth_date" },
  { "persons",
    "[{\"ref\": \"jolanda\", \"surname\": \"A\", \"role\": \"ouder_verzorger\"},"
    " {\"ref\": \"jolanda\", \"surname\": \"B\", \"role\": \"kind\"}]",
    EP_INTAKE_ERROR_DUPLICATE, "persons[1].ref" },
  { "persons",
    "[{\"ref\": \"jolanda\", \"bsn\": \"999990020\", \"surname\": \"A\", \"role\": \"partner\"},"
    " {\"ref\": \"j2\", \"bsn\": \"999990020\", \"surname\": \"B\", \"role\": \"partner\"}]",
    EP_INTAKE_ERROR_DUPLICATE, "persons[1].bsn" },
  { "participants[1].name", NULL, EP_INTAKE_ERROR_MISSING_FIELD, "participants[1].name" },
  { "participants[0].kind", "\"buurman\"", EP_INTAKE_ERROR_UNKNOWN_CODE, "participants[0].kind" },
  { "participants[0].person", "\"mark\"", EP_INTAKE_ERROR_UNKNOWN_PERSON,
    "participants[0].person" },
  { "assessments[3].score", "6", EP_INTAKE_ERROR_INVALID_VALUE, "assessments[3].score" },
  { "assessments[3].score", "0", EP_INTAKE_ERROR_INVALID_VALUE, "assessments[3].score" },
  { "assessments[3].score", "2.5", EP_INTAKE_ERROR_WRONG_TYPE, "assessments[3].score" },
  { "assessments[7].explanation", NULL, EP_INTAKE_ERROR_MISSING_FIELD, "assessments[7].score" },
  { "assessments[1].domain", "\"financien\"", EP_INTAKE_ERROR_DUPLICATE, "assessments[1].domain" },
  { "assessments[0].domain", "\"geluk\"", EP_INTAKE_ERROR_UNKNOWN_CODE, "assessments[0].domain" },
  { "assessments[0].person", "\"mark\"", EP_INTAKE_ERROR_UNKNOWN_PERSON, "assessments[0].person" },
  { "positive_health[0].rating", "11", EP_INTAKE_ERROR_INVALID_VALUE, "positive_health[0].rating" },
  { "positive_health[1].dimension", "\"mentaal_welbevinden\"", EP_INTAKE_ERROR_DUPLICATE,
    "positive_health[1].dimension" },
  { "strengths[0].kind", "\"geld\"", EP_INTAKE_ERROR_UNKNOWN_CODE, "strengths[0].kind" },
  { "strengths[1].description", NULL, EP_INTAKE_ERROR_MISSING_FIELD, "strengths[1].description" },
  { "needs[2].law", "\"AWBZ\"", EP_INTAKE_ERROR_UNKNOWN_CODE, "needs[2].law" },
  { "needs[0].urgency", NULL, EP_INTAKE_ERROR_MISSING_FIELD, "needs[0].urgency" },
  { "needs[4].status", "\"klaar\"", EP_INTAKE_ERROR_UNKNOWN_CODE, "needs[4].status" },
  { "needs[1].person", "\"zoon\"", EP_INTAKE_ERROR_UNKNOWN_PERSON, "needs[1].person" },
  { "safety_signals", ACUTE_OPEN, EP_INTAKE_ERROR_RULE, "safety_signals[0].closed" },
  { "safety_signals",
    "[{\"description\": \"x\", \"severity\": \"zorg\", \"steps\":"
    " [{\"step\": \"gesprek\", \"date\": \"gisteren\", \"by\": \"B\"}]}]",
    EP_INTAKE_ERROR_INVALID_VALUE, "safety_signals[0].steps[0].date" },
  { "safety_signals", "[{\"description\": \"x\", \"severity\": \"ernstig\"}]",
    EP_INTAKE_ERROR_UNKNOWN_CODE, "safety_signals[0].severity" },
  { "consents[0].data", "[]", EP_INTAKE_ERROR_MISSING_FIELD, "consents[0].data" },
  { "consents[0].data", "[\"alles\"]", EP_INTAKE_ERROR_UNKNOWN_CODE, "consents[0].data[0]" },
  { "consents[0].data", "[\"plan\", \"plan\"]", EP_INTAKE_ERROR_DUPLICATE, "consents[0].data[1]" },
  { "consents[0].valid_until", "\"2026-01-01\"", EP_INTAKE_ERROR_INVALID_VALUE,
    "consents[0].valid_until" },
  { "consents[0].purpose", NULL, EP_INTAKE_ERROR_MISSING_FIELD, "consents[0].purpose" },
  /* Addenda are read back with a finalised intake, as strictly as the rest. */
  { "addenda", "[{\"text\": \"Marc, niet Mark.\"}]", EP_INTAKE_ERROR_MISSING_FIELD,
    "addenda[0].reason" },
  { "addenda", "[{\"reason\": \"Typfout\", \"text\": \"x\", \"colour\": 1}]",
    EP_INTAKE_ERROR_UNKNOWN_FIELD, "addenda[0].colour" },
  { "addenda", "[{\"id\": \"7\", \"reason\": \"Typfout\", \"text\": \"x\"}]",
    EP_INTAKE_ERROR_INVALID_VALUE, "addenda[0].id" },
};

START_TEST (test_invalid_refused)
{
  g_autoptr (JsonNode) root = load_fixture ();
  mutate (root, invalid_cases[_i].path, invalid_cases[_i].value);
  g_autoptr (GError) error = NULL;
  g_autoptr (EpIntake) intake = ep_intake_from_json (root, &error);
  ck_assert_ptr_null (intake);
  ASSERT_INTAKE_ERROR (error, invalid_cases[_i].code, invalid_cases[_i].error_path);
}
END_TEST

START_TEST (test_error_messages)
{
  /* The messages a case worker reads: the path, then the rule, in Dutch. */
  static const struct
  {
    const gchar *path, *value, *message;
  } cases[] = {
    { "persons[0].bsn", "\"123456789\"", "persons[0].bsn: elfproef klopt niet" },
    { "assessments[3].score", "6", "assessments[3].score: moet 1–5 zijn" },
    { "colour", "1", "colour: onbekend veld" },
    { "form", "\"kantoor\"",
      "form: onbekende code; kies uit huisbezoek, spreekuur, telefonisch, digitaal" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (JsonNode) root = load_fixture ();
      mutate (root, cases[i].path, cases[i].value);
      g_autoptr (GError) error = NULL;
      g_autoptr (EpIntake) intake = ep_intake_from_json (root, &error);
      ck_assert_ptr_null (intake);
      ck_assert_str_eq (error->message, cases[i].message);
      /* The path and the rule are data beside the message, for the API. */
      g_autofree gchar *path = ep_intake_error_path (error);
      ck_assert_str_eq (path, cases[i].path);
      ck_assert_str_eq (ep_intake_error_rule (error), cases[i].message + strlen (path) + 2);
    }

  /* A rule of the aggregate (intake.c), also with its path as data. */
  g_autoptr (JsonNode) root = load_fixture ();
  mutate (root, "needs[1].person", "\"kees\"");
  g_autoptr (GError) error = NULL;
  g_autoptr (EpIntake) intake = ep_intake_from_json (root, &error);
  ck_assert_ptr_null (intake);
  g_autofree gchar *path = ep_intake_error_path (error);
  ck_assert_str_eq (path, "needs[1].person");
  ck_assert_str_eq (ep_intake_error_rule (error),
                    "is niet de ref van een van de personen van deze intake (persons[].ref)");
  /* Not an intake error: no path. */
  g_autoptr (GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "a: b");
  ck_assert_ptr_null (ep_intake_error_path (other));
  ck_assert_ptr_null (ep_intake_error_rule (other));
}
END_TEST

START_TEST (test_not_a_document)
{
  /* JSON, but not an object: the intake's own error. */
  static const gchar *const texts[] = { "[]", "\"intake\"", "null" };
  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (EpIntake) intake
        = ep_intake_from_json_text (texts[i], strlen (texts[i]), NULL, &error);
      ck_assert_ptr_null (intake);
      ASSERT_INTAKE_ERROR (error, EP_INTAKE_ERROR_WRONG_TYPE, "intake");
    }
  /* Not JSON: the decoder's. */
  static const struct
  {
    const gchar *text, *message;
  } not_json[] = {
    { "{", "regel 1, kolom 1: geen geldige JSON: het document houdt te vroeg op" },
    { "", "geen geldige JSON: het document is leeg" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (not_json); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (EpIntake) intake
        = ep_intake_from_json_text (not_json[i].text, strlen (not_json[i].text), NULL, &error);
      ck_assert_ptr_null (intake);
      ck_assert (g_error_matches (error, EP_JSON_ERROR, EP_JSON_ERROR_SYNTAX));
      ck_assert_str_eq (error->message, not_json[i].message);
    }
}
END_TEST

/* "[null, null, …]": @n items, which the list's limit is checked on before any is read. */
static gchar *
nulls (guint n)
{
  g_autoptr (GString) text = g_string_new ("[");
  for (guint i = 0; i < n; i++)
    g_string_append (text, i > 0 ? ",null" : "null");
  g_string_append_c (text, ']');
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Every list has its limit: one more is refused naming the list and the limit; the limit itself
 * passes the count (and fails on the first null item instead). */
START_TEST (test_list_limits)
{
  static const struct
  {
    const gchar *path;
    guint max;
  } lists[] = {
    { "persons", EP_INTAKE_MAX_PERSONS },
    { "participants", EP_INTAKE_MAX_PARTICIPANTS },
    { "assessments", EP_INTAKE_MAX_ASSESSMENTS },
    { "positive_health", EP_INTAKE_MAX_HEALTH },
    { "strengths", EP_INTAKE_MAX_STRENGTHS },
    { "needs", EP_INTAKE_MAX_NEEDS },
    { "safety_signals", EP_INTAKE_MAX_SAFETY_SIGNALS },
    { "consents", EP_INTAKE_MAX_CONSENTS },
    { "consents[0].data", EP_INTAKE_MAX_CONSENT_DATA },
    { "addenda", EP_INTAKE_MAX_ADDENDA },
  };
  ck_assert_uint_eq (EP_INTAKE_MAX_ASSESSMENTS, 650);
  ck_assert_uint_eq (EP_INTAKE_MAX_HEALTH, 300);
  for (gsize i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      g_autofree gchar *over = nulls (lists[i].max + 1);
      g_autofree gchar *at_limit = nulls (lists[i].max);
      g_autoptr (JsonNode) root = load_fixture ();
      mutate (root, lists[i].path, over);
      g_autoptr (GError) error = NULL;
      g_autoptr (EpIntake) intake = ep_intake_from_json (root, &error);
      ck_assert_ptr_null (intake);
      ASSERT_INTAKE_ERROR (error, EP_INTAKE_ERROR_TOO_MANY, lists[i].path);
      g_autofree gchar *message
        = g_strdup_printf ("%s: meer dan %u items", lists[i].path, lists[i].max);
      ck_assert_str_eq (error->message, message);

      g_autoptr (JsonNode) root2 = load_fixture ();
      mutate (root2, lists[i].path, at_limit);
      g_autoptr (GError) error2 = NULL;
      g_autoptr (EpIntake) refused = ep_intake_from_json (root2, &error2);
      ck_assert_ptr_null (refused);
      ck_assert_msg (!g_error_matches (error2, EP_INTAKE_ERROR, EP_INTAKE_ERROR_TOO_MANY), "%s",
                     error2->message);
    }

  /* A safety signal's steps, in a signal of their own. */
  g_autofree gchar *steps = nulls (EP_INTAKE_MAX_SAFETY_STEPS + 1);
  g_autofree gchar *signal
    = g_strdup_printf ("[{\"description\": \"x\", \"severity\": \"zorg\", \"steps\": %s}]", steps);
  g_autoptr (JsonNode) root = load_fixture ();
  mutate (root, "safety_signals", signal);
  g_autoptr (GError) error = NULL;
  g_autoptr (EpIntake) intake = ep_intake_from_json (root, &error);
  ck_assert_ptr_null (intake);
  ASSERT_INTAKE_ERROR (error, EP_INTAKE_ERROR_TOO_MANY, "safety_signals[0].steps");
}
END_TEST

/* Text at the limit is kept whole; one character more is refused, not cut. */
START_TEST (test_text_limit)
{
  g_autofree gchar *longest = g_strnfill (EP_INTAKE_MAX_TEXT, 'x');
  g_autofree gchar *fits = g_strdup_printf ("\"%s\"", longest);
  g_autofree gchar *over = g_strdup_printf ("\"%sy\"", longest);
  g_autoptr (JsonNode) root = load_fixture ();
  mutate (root, "needs[1].description", fits);
  g_autoptr (GError) error = NULL;
  g_autoptr (EpIntake) intake = ep_intake_from_json (root, &error);
  ck_assert_msg (intake != NULL, "%s", error ? error->message : "");
  const EpIntakeNeed *need = intake->needs->pdata[1];
  ck_assert_str_eq (need->description, longest);

  g_autoptr (JsonNode) root2 = load_fixture ();
  mutate (root2, "needs[1].description", over);
  g_autoptr (EpIntake) refused = ep_intake_from_json (root2, &error);
  ck_assert_ptr_null (refused);
  ASSERT_INTAKE_ERROR (error, EP_INTAKE_ERROR_TOO_LONG, "needs[1].description");
  ck_assert_str_eq (error->message, "needs[1].description: is langer dan 10000 tekens");
}
END_TEST

START_TEST (test_acute_closed_with_decision)
{
  /* Acute unsafety may be closed once a decision and the step "beslissen" are recorded. */
  g_autoptr (JsonNode) root = load_fixture ();
  mutate (root, "safety_signals",
          "[{\"description\": \"Vermoeden van huiselijk geweld\", \"severity\": \"acuut\","
          " \"closed\": true, \"decision\": \"Gemeld bij Veilig Thuis\", \"steps\": ["
          " {\"step\": \"signaleren\", \"date\": \"2026-11-20\", \"by\": \"B. Jansen\"},"
          " {\"step\": \"beslissen\", \"date\": \"2026-11-21\", \"by\": \"B. Jansen\"}]}]");
  g_autoptr (GError) error = NULL;
  g_autoptr (EpIntake) intake = ep_intake_from_json (root, &error);
  ck_assert_msg (intake != NULL, "%s", error ? error->message : "");
  const EpIntakeSafetySignal *signal = intake->safety_signals->pdata[0];
  ck_assert (signal->closed);
  ck_assert_uint_eq (signal->steps->len, 2);

  /* The decision alone is not enough: the step must be recorded too. */
  g_autoptr (JsonNode) root2 = load_fixture ();
  mutate (root2, "safety_signals",
          "[{\"description\": \"x\", \"severity\": \"structureel\", \"closed\": true,"
          " \"decision\": \"Hulp georganiseerd\", \"steps\": []}]");
  g_autoptr (GError) error2 = NULL;
  g_autoptr (EpIntake) refused = ep_intake_from_json (root2, &error2);
  ck_assert_ptr_null (refused);
  ASSERT_INTAKE_ERROR (error2, EP_INTAKE_ERROR_RULE, "safety_signals[0].closed");
}
END_TEST

START_TEST (test_existing_household_needs_no_address)
{
  g_autoptr (JsonNode) root = load_fixture ();
  mutate (root, "household", "{\"id\": \"0190a000-0000-7000-8000-0000000000aa\"}");
  g_autoptr (GError) error = NULL;
  g_autoptr (EpIntake) intake = ep_intake_from_json (root, &error);
  ck_assert_msg (intake != NULL, "%s", error ? error->message : "");
  ck_assert_str_eq (intake->household.id, "0190a000-0000-7000-8000-0000000000aa");
  ck_assert_ptr_null (intake->household.postcode);
}
END_TEST

/* ---- contacts --------------------------------------------------------------------------- */

START_TEST (test_contact_json)
{
  static const gchar good[]
    = "{\"vindplaats_id\": \"0190a000-0000-7000-8000-000000000001\", \"channel\": \"balie\","
      " \"type\": \"zorgsignaal\", \"question\": \"Buurvrouw maakt zich zorgen\","
      " \"date\": \"2026-11-18\"}";
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = ep_json_parse (good, -1, &error);
  g_autoptr (EpContact) contact = ep_contact_from_json (node, &error);
  ck_assert_msg (contact != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (contact->channel, EP_KANAAL_BALIE);
  ck_assert_int_eq (contact->type, EP_CONTACT_TYPE_ZORGSIGNAAL);
  g_autoptr (JsonNode) out = ep_contact_to_json (contact);
  g_autofree gchar *want = ep_json_to_string (node, FALSE);
  g_autofree gchar *got = ep_json_to_string (out, FALSE);
  ck_assert_str_eq (got, want);

  static const struct
  {
    const gchar *member, *value;
    EpIntakeError code;
  } cases[] = {
    { "channel", "\"duif\"", EP_INTAKE_ERROR_UNKNOWN_CODE },
    { "type", "\"klacht\"", EP_INTAKE_ERROR_UNKNOWN_CODE },
    { "question", "\"\"", EP_INTAKE_ERROR_INVALID_VALUE },
    { "date", "\"morgen\"", EP_INTAKE_ERROR_INVALID_VALUE },
    { "vindplaats_id", "null", EP_INTAKE_ERROR_MISSING_FIELD },
    { "household_id", "\"x\"", EP_INTAKE_ERROR_INVALID_VALUE },
    { "urgent", "true", EP_INTAKE_ERROR_UNKNOWN_FIELD },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (JsonNode) bad = ep_json_parse (good, -1, NULL);
      mutate (bad, cases[i].member, cases[i].value);
      g_autoptr (GError) bad_error = NULL;
      g_autoptr (EpContact) refused = ep_contact_from_json (bad, &bad_error);
      ck_assert_ptr_null (refused);
      ASSERT_INTAKE_ERROR (bad_error, cases[i].code, cases[i].member);
    }
}
END_TEST

START_TEST (test_consent_json)
{
  static const struct
  {
    const gchar *json;
    EpIntakeError code;
    const gchar *path;
  } cases[] = {
    { "{\"organisation\": \"X\", \"data\": [\"plan\"], \"purpose\": \"p\","
      " \"granted_on\": \"2026-11-22\", \"valid_until\": \"2027-11-22\"}",
      EP_INTAKE_ERROR_MISSING_FIELD, "household_id" },
    { "{\"household_id\": \"0190a000-0000-7000-8000-0000000000aa\", \"organisation\": \"X\","
      " \"data\": [\"plan\"], \"purpose\": \"p\", \"granted_on\": \"2026-11-22\","
      " \"valid_until\": \"2025-11-22\"}",
      EP_INTAKE_ERROR_INVALID_VALUE, "valid_until" },
    { "{\"household_id\": \"0190a000-0000-7000-8000-0000000000aa\", \"organisation\": \"X\","
      " \"data\": [\"alles\"], \"purpose\": \"p\", \"granted_on\": \"2026-11-22\","
      " \"valid_until\": \"2027-11-22\"}",
      EP_INTAKE_ERROR_UNKNOWN_CODE, "data[0]" },
    { "{\"household_id\": \"0190a000-0000-7000-8000-0000000000aa\", \"organisation\": \"X\","
      " \"data\": [\"plan\"], \"purpose\": \"p\", \"granted_on\": \"2026-11-22\","
      " \"valid_until\": \"2027-11-22\", \"partner\": true}",
      EP_INTAKE_ERROR_UNKNOWN_FIELD, "partner" },
    { "{\"household_id\": \"0190a000-0000-7000-8000-0000000000aa\", \"organisation\": \"X\","
      " \"data\": [\"plan\"], \"purpose\": \"p\", \"granted_on\": \"2026-11-22\","
      " \"valid_until\": \"2027-11-22\", \"revoked_at\": \"2026-11-23T10:00:00.000Z\"}",
      EP_INTAKE_ERROR_UNKNOWN_FIELD, "revoked_at" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (JsonNode) node = ep_json_parse (cases[i].json, -1, &error);
      g_autofree gchar *household = NULL;
      g_autoptr (EpIntakeConsent) consent = ep_consent_from_json (node, &household, &error);
      ck_assert_ptr_null (consent);
      ck_assert_ptr_null (household);
      ASSERT_INTAKE_ERROR (error, cases[i].code, cases[i].path);
    }
}
END_TEST

Suite *
ep_test_intake_json_suite (void)
{
  Suite *suite = suite_create ("intake-json");
  TCase *tc = tcase_create ("codec");
  tcase_add_test (tc, test_fixture_round_trip);
  tcase_add_loop_test (tc, test_invalid_refused, 0, G_N_ELEMENTS (invalid_cases));
  tcase_add_test (tc, test_error_messages);
  tcase_add_test (tc, test_not_a_document);
  tcase_add_test (tc, test_list_limits);
  tcase_add_test (tc, test_text_limit);
  tcase_add_test (tc, test_acute_closed_with_decision);
  tcase_add_test (tc, test_existing_household_needs_no_address);
  tcase_add_test (tc, test_contact_json);
  tcase_add_test (tc, test_consent_json);
  suite_add_tcase (suite, tc);
  return suite;
}
