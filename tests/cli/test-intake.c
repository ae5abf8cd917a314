/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-intake.c: `eenplan intake record|show|finalise|addendum` with the worked example of
 * docs/examples/intake-jolanda.json (EP_FIXTURES_DIR), from a file and from standard input: the
 * rows and audit events an intake leaves, the intake shown for people and as JSON, the
 * lifecycle from draft to final with an addendum, and that a refused intake names the JSON path
 * of what to fix, exits 1 and writes nothing.
 */
#include "cli-suites.h"

/* `intake show` of the fixture for people: the intake's id and version (twice), then the
 * consent's id. */
#define JOLANDA_SHOWN                                                                                 \
  "Intake %s (%s, versie %d)\n"                                                                       \
  "  huishouden   7551AB 12A (Hengelo-Centrum)\n"                                                     \
  "  gesprek      2026-11-20, Huisbezoek, bij Jolanda thuis\n"                                        \
  "  hoofdprobleem  \"Ik wil betaald werk, maar de schulden groeien me boven het hoofd en ik mis "    \
  "mijn zoon.\"\n"                                                                                    \
  "Personen\n"                                                                                        \
  "  jolanda      Jolanda Voorbeeld — Ouder / verzorger, geboren 1998-03-14\n"                      \
  "Zelfredzaamheid (ZRM)\n"                                                                           \
  "  jolanda      Financiën                     1 Acute problematiek — Schulden in het afgelopen " \
  "jaar; bewindvoering net aanvaard.\n"                                                               \
  "  jolanda      Werk & opleiding               2 Niet zelfredzaam — Wajong; wil betaald werk.\n"  \
  "  jolanda      Tijdsbesteding                 4 Voldoende zelfredzaam — Vier dagen per week "    \
  "dagbesteding.\n"                                                                                   \
  "  jolanda      Huisvesting                    4 Voldoende zelfredzaam\n"                           \
  "  jolanda      Huiselijke relaties            2 Niet zelfredzaam — Zoon na de geboorte uit "     \
  "huis geplaatst; komt afspraken met jeugdhulp slecht na.\n"                                         \
  "  jolanda      Geestelijke gezondheid         3 Beperkt zelfredzaam — Lichte verstandelijke "    \
  "beperking en lichte autisme.\n"                                                                    \
  "  jolanda      Lichamelijke gezondheid        4 Voldoende zelfredzaam\n"                           \
  "  jolanda      Middelengebruik                geen score — Niet besproken; geen aanleiding.\n"   \
  "  jolanda      Basale ADL                     5 Volledig zelfredzaam\n"                            \
  "  jolanda      Instrumentele ADL              3 Beperkt zelfredzaam — 1,7 uur per week "         \
  "individuele begeleiding thuis.\n"                                                                  \
  "  jolanda      Sociaal netwerk                2 Niet zelfredzaam — Geen eigen netwerk; een "     \
  "vriend en zijn familie zijn betrokken.\n"                                                          \
  "  jolanda      Maatschappelijke participatie  3 Beperkt zelfredzaam\n"                             \
  "  jolanda      Justitie                       5 Volledig zelfredzaam\n"                            \
  "Hulpvragen\n"                                                                                      \
  "  jolanda      Begeleiding naar betaald werk. [PW, Normaal, Open]\n"                               \
  "  jolanda      Individuele begeleiding thuis voortzetten (Wmo 02). [WMO, Normaal, In "             \
  "behandeling]\n"                                                                                    \
  "  jolanda      Contact met haar zoon in de jeugdhulp. [JW, Hoog, Open]\n"                          \
  "  jolanda      Schuldhulpverlening naast de bewindvoering. [WGS, Hoog, Open]\n"                    \
  "  jolanda      Het netwerk van Mark en zijn familie verstevigen. [GEEN, Laag, Open]\n"             \
  "Veiligheid\n"                                                                                      \
  "  geen signalen vastgelegd\n"                                                                      \
  "Toestemming\n"                                                                                     \
  "  Stichting Schuldhulp Twente tot 2027-11-20 (%s)\n"

/* Records the fixture file as it is; returns the new intake's id. */
static const gchar *
record_fixture (void)
{
  const EpCliRun *run = ep_cli_run (NULL, "intake", "record", ep_cli_fixture_path (), NULL);
  EP_ASSERT_RUN (run, EP_CLI_EXIT_OK, NULL, "");
  const gchar *id = ep_cli_value ("SELECT id FROM intake WHERE gemeente = $1", NULL);
  ck_assert_str_eq (run->out, ep_cli_printf ("intake %s opgeslagen als concept, versie 1\n", id));
  return id;
}

/* Removes @member from the object at @index of @array_name in @object, or from @object itself
 * when @array_name is NULL. */
static void
remove_assigned (JsonObject *object, const gchar *array_name, const gchar *member)
{
  if (array_name == NULL)
    {
      json_object_remove_member (object, member);
      return;
    }
  JsonArray *array = json_object_get_array_member (object, array_name);
  for (guint i = 0; i < json_array_get_length (array); i++)
    json_object_remove_member (json_array_get_object_element (array, i), member);
}

START_TEST (test_intake_record_and_show)
{
  const gchar *id = record_fixture ();

  /* The rows: one household with Jolanda (by pseudonym), the intake as a draft by the case
   * worker, its 13 ZRM assessments, 5 needs and one consent; and the audit events, in order. */
  ck_assert_str_eq (ep_cli_value ("SELECT concat_ws('|', status, version, vorm, datum, plaats,"
                                  "                 vindplaats_id, template_version, created_by)"
                                  "  FROM intake WHERE gemeente = $1 AND id = $2::uuid",
                                  id, NULL),
                    "draft|1|huisbezoek|2026-11-20|bij Jolanda thuis|" EP_CLI_VINDPLAATS
                    "|brede-uitvraag/1|b.jansen");
  ck_assert_str_eq (ep_cli_value ("SELECT concat_ws('|',"
                                  " (SELECT count(*) FROM household WHERE gemeente = $1),"
                                  " (SELECT count(*) FROM person WHERE gemeente = $1"
                                  "     AND bsn_pseudonym IS NOT NULL AND voornamen = 'Jolanda'),"
                                  " (SELECT count(*) FROM intake_assessment WHERE gemeente = $1),"
                                  " (SELECT count(*) FROM intake_need WHERE gemeente = $1),"
                                  " (SELECT count(*) FROM consent WHERE gemeente = $1"
                                  "     AND intake_id = $2::uuid))",
                                  id, NULL),
                    "1|1|13|5|1");
  const gchar *household = ep_cli_value ("SELECT id FROM household WHERE gemeente = $1", NULL);
  ck_assert_str_eq (ep_cli_value ("SELECT string_agg(concat_ws(' ', action, entity_type, actor_id,"
                                  "                            (household_id = $2::uuid)::text),"
                                  "                  ', ' ORDER BY id)"
                                  "  FROM audit_event WHERE gemeente = $1",
                                  household, NULL),
                    "create household b.jansen true, create person b.jansen true, "
                    "join household_member b.jansen true, create intake b.jansen true");

  /* For people: every part, in the words of the vocabularies. */
  const gchar *consent = ep_cli_value ("SELECT id FROM consent WHERE gemeente = $1", NULL);
  EP_ASSERT_RUN (ep_cli_run (NULL, "intake", "show", id, NULL), EP_CLI_EXIT_OK,
                 ep_cli_printf (JOLANDA_SHOWN, id, "concept", 1, consent), "");

  /* As JSON: the document that came in, less the BSN, plus what the store assigned. */
  const EpCliRun *json = ep_cli_run (NULL, "intake", "show", id, "--json", NULL);
  EP_ASSERT_RUN (json, EP_CLI_EXIT_OK, NULL, "");
  JsonNode *shown_node = ep_cli_json (json);
  JsonObject *shown = json_node_get_object (shown_node);
  ck_assert_str_eq (json_object_get_string_member (shown, "id"), id);
  ck_assert_int_eq (json_object_get_int_member (shown, "version"), 1);
  ck_assert_str_eq (json_object_get_string_member (shown, "status"), "draft");
  ck_assert_str_eq (json_object_get_string_member (shown, "created_by"), EP_CLI_USER);
  ck_assert_str_eq (
    json_object_get_string_member (json_object_get_object_member (shown, "household"), "id"),
    household);
  ck_assert_str_eq (
    json_object_get_string_member (
      json_array_get_object_element (json_object_get_array_member (shown, "persons"), 0), "id"),
    ep_cli_value ("SELECT id FROM person WHERE gemeente = $1", NULL));
  ck_assert_str_eq (
    json_object_get_string_member (
      json_array_get_object_element (json_object_get_array_member (shown, "consents"), 0), "id"),
    consent);
  static const gchar *const assigned[] = { "id", "version", "status", "created_by", "created_at" };
  for (gsize i = 0; i < G_N_ELEMENTS (assigned); i++)
    remove_assigned (shown, NULL, assigned[i]);
  remove_assigned (json_object_get_object_member (shown, "household"), NULL, "id");
  remove_assigned (shown, "persons", "id");
  remove_assigned (shown, "needs", "id");
  remove_assigned (shown, "consents", "id");
  JsonNode *fixture = ep_cli_parse (ep_cli_fixture_text ());
  remove_assigned (json_node_get_object (fixture), "persons", "bsn");
  ck_assert_str_eq (ep_cli_to_text (shown_node), ep_cli_to_text (fixture));

  /* Both reads are in the access log. */
  ck_assert_str_eq (ep_cli_value ("SELECT string_agg(concat_ws(' ', action, entity_type, entity_id,"
                                  "                            actor_id),"
                                  "                  ', ' ORDER BY id)"
                                  "  FROM access_log WHERE gemeente = $1",
                                  NULL),
                    ep_cli_printf ("read intake %s b.jansen, read intake %s b.jansen", id, id));
}
END_TEST

START_TEST (test_intake_record_stdin_json)
{
  const EpCliRun *record
    = ep_cli_run (ep_cli_fixture_text (), "intake", "record", "-", "--json", NULL);
  EP_ASSERT_RUN (record, EP_CLI_EXIT_OK, NULL, "");
  const gchar *id = ep_cli_value ("SELECT id FROM intake WHERE gemeente = $1", NULL);
  JsonObject *recorded = json_node_get_object (ep_cli_json (record));
  ck_assert_str_eq (json_object_get_string_member (recorded, "id"), id);
  ck_assert_str_eq (json_object_get_string_member (recorded, "status"), "draft");
  ck_assert (!json_object_has_member (
    json_array_get_object_element (json_object_get_array_member (recorded, "persons"), 0), "bsn"));

  /* What record printed is what was stored: show gives the same text. */
  EP_ASSERT_RUN (ep_cli_run (NULL, "intake", "show", id, "--json", NULL), EP_CLI_EXIT_OK,
                 record->out, "");
}
END_TEST

START_TEST (test_intake_finalise_and_addendum)
{
  const gchar *id = record_fixture ();

  /* Only the version the case worker looked at can be made final. */
  EpCliCounts before = ep_cli_counts ();
  EP_ASSERT_RUN (ep_cli_run (NULL, "intake", "finalise", id, "--versie", "2", NULL),
                 EP_CLI_EXIT_FAILURE, "",
                 "eenplan intake finalise: version: de intake is intussen gewijzigd (nu versie 1); "
                 "bekijk haar opnieuw\n");
  ep_cli_assert_unchanged (&before, "finalise a stale version");

  EP_ASSERT_RUN (ep_cli_run (NULL, "intake", "finalise", id, "--versie", "1", NULL), EP_CLI_EXIT_OK,
                 ep_cli_printf ("intake %s is definitief (versie 2)\n", id), "");
  ck_assert_str_eq (ep_cli_value ("SELECT concat_ws('|', status, version, finalised_by,"
                                  "                 (finalised_at IS NOT NULL)::text)"
                                  "  FROM intake WHERE gemeente = $1 AND id = $2::uuid",
                                  id, NULL),
                    "finalised|2|b.jansen|true");
  ck_assert_str_eq (ep_cli_value ("SELECT concat_ws(' ', action, entity_type, entity_id, actor_id)"
                                  "  FROM audit_event WHERE gemeente = $1"
                                  " ORDER BY id DESC LIMIT 1",
                                  NULL),
                    ep_cli_printf ("finalise intake %s b.jansen", id));

  /* Final is final. */
  before = ep_cli_counts ();
  EP_ASSERT_RUN (ep_cli_run (NULL, "intake", "finalise", id, "--versie", "2", NULL),
                 EP_CLI_EXIT_FAILURE, "",
                 "eenplan intake finalise: id: de intake is al definitief\n");
  ep_cli_assert_unchanged (&before, "finalise twice");

  /* A correction is an addendum: who, when, why. */
  const EpCliRun *addendum
    = ep_cli_run (NULL, "intake", "addendum", id, "--reden", "Typfout in de naam", "--tekst",
                  "De vriend heet Marc, niet Mark.", NULL);
  EP_ASSERT_RUN (addendum, EP_CLI_EXIT_OK, NULL, "");
  const gchar *addendum_id
    = ep_cli_value ("SELECT id FROM intake_addendum WHERE gemeente = $1", NULL);
  ck_assert_str_eq (addendum->out,
                    ep_cli_printf ("addendum %s vastgelegd bij intake %s\n", addendum_id, id));
  ck_assert_str_eq (
    ep_cli_value ("SELECT concat_ws('|', intake_id, reden, tekst, created_by)"
                  "  FROM intake_addendum WHERE gemeente = $1",
                  NULL),
    ep_cli_printf ("%s|Typfout in de naam|De vriend heet Marc, niet Mark.|b.jansen", id));
  ck_assert_str_eq (ep_cli_value ("SELECT concat_ws(' ', action, entity_type, entity_id, actor_id)"
                                  "  FROM audit_event WHERE gemeente = $1"
                                  " ORDER BY id DESC LIMIT 1",
                                  NULL),
                    ep_cli_printf ("addendum intake %s b.jansen", id));

  /* Shown as final, the addendum at the end. */
  const gchar *consent = ep_cli_value ("SELECT id FROM consent WHERE gemeente = $1", NULL);
  const gchar *added_at = ep_cli_value ("SELECT to_char(created_at AT TIME ZONE 'UTC',"
                                        "               'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
                                        "  FROM intake_addendum WHERE gemeente = $1",
                                        NULL);
  const gchar *shown = ep_cli_printf (JOLANDA_SHOWN, id, "definitief", 2, consent);
  EP_ASSERT_RUN (ep_cli_run (NULL, "intake", "show", id, NULL), EP_CLI_EXIT_OK,
                 ep_cli_printf ("%sAddenda\n  %s  b.jansen — Typfout in de naam: De vriend heet "
                                "Marc, niet Mark.\n",
                                shown, added_at),
                 "");

  /* For scripts, the addenda close the intake's JSON. */
  const EpCliRun *json = ep_cli_run (NULL, "intake", "show", id, "--json", NULL);
  EP_ASSERT_RUN (json, EP_CLI_EXIT_OK, NULL, "");
  JsonArray *addenda
    = json_object_get_array_member (json_node_get_object (ep_cli_json (json)), "addenda");
  ck_assert_uint_eq (json_array_get_length (addenda), 1);
  ck_assert_str_eq (ep_cli_to_text (json_array_get_element (addenda, 0)),
                    ep_cli_printf ("{\"id\":\"%s\",\"reason\":\"Typfout in de naam\","
                                   "\"text\":\"De vriend heet Marc, niet Mark.\","
                                   "\"created_by\":\"b.jansen\",\"created_at\":\"%s\"}",
                                   addendum_id, added_at));
}
END_TEST

/* Intakes `intake record` refuses, changed from the fixture at a path (or whole documents). */
static const struct
{
  gboolean record_first; /* record the fixture before */
  const gchar *path;     /* NULL: the input is `value` itself */
  const gchar *value;    /* JSON; NULL removes the member */
  const gchar *message;
} intake_refusals[] = {
  { FALSE, "persons[1]",
    "{\"ref\": \"kees\", \"bsn\": \"123456789\", \"surname\": \"Voorbeeld\", \"role\": \"kind\"}",
    "persons[1].bsn: elfproef klopt niet" },
  { FALSE, "colour", "\"blauw\"", "colour: onbekend veld" },
  { FALSE, "assessments[3].colour", "\"blauw\"", "assessments[3].colour: onbekend veld" },
  { FALSE, "form", "\"per_post\"",
    "form: onbekende code; kies uit huisbezoek, spreekuur, telefonisch, digitaal" },
  { FALSE, "assessments[3].score", "7", "assessments[3].score: moet 1–5 zijn" },
  { FALSE, "main_problem", NULL, "main_problem: verplicht" },
  { FALSE, "household.postcode", "\"7551ab\"",
    "household.postcode: moet een postcode zijn als 7551AB (vier cijfers, twee hoofdletters)" },
  { FALSE, "needs[0].person", "\"kees\"",
    "needs[0].person: is niet de ref van een van de personen van deze intake (persons[].ref)" },
  { FALSE, NULL, "[]", "intake: moet een JSON-object zijn" },
  /* Checked against the database. */
  { FALSE, "vindplaats_id", "\"0190a000-0000-7000-8000-0000000000ff\"",
    "vindplaats_id: geen (actieve) vindplaats van deze gemeente" },
  { TRUE, "household.huisnummer", "14",
    "persons[0]: is nog lid van een ander huishouden; beëindig dat lidmaatschap eerst" },
};

START_TEST (test_intake_refused)
{
  if (intake_refusals[_i].record_first)
    record_fixture ();
  const gchar *input = intake_refusals[_i].value;
  if (intake_refusals[_i].path != NULL)
    {
      JsonNode *changed = ep_cli_parse (ep_cli_fixture_text ());
      ep_cli_json_set (changed, intake_refusals[_i].path, intake_refusals[_i].value);
      input = ep_cli_to_text (changed);
    }
  const gchar *want_err
    = ep_cli_printf ("eenplan intake record: %s\n", intake_refusals[_i].message);
  EpCliCounts before = ep_cli_counts ();

  /* From a file and from standard input alike. */
  const gchar *file = ep_cli_write_file ("intake.json", input);
  EP_ASSERT_RUN (ep_cli_run (NULL, "intake", "record", file, NULL), EP_CLI_EXIT_FAILURE, "",
                 want_err);
  EP_ASSERT_RUN (ep_cli_run (input, "intake", "record", "-", "--json", NULL), EP_CLI_EXIT_FAILURE,
                 "", want_err);
  ep_cli_assert_unchanged (&before, intake_refusals[_i].message);
}
END_TEST

/* ---- hostile documents (issue 13) -------------------------------------------------------- */

/* The fixture with @path set to the placeholder @@, written, and the placeholder then replaced
 * by @raw: JSON text that the helpers' own (strict) decoder would refuse to build. */
static const gchar *
fixture_with_raw (const gchar *path, const gchar *raw)
{
  JsonNode *changed = ep_cli_parse (ep_cli_fixture_text ());
  ep_cli_json_set (changed, path, "\"@@\"");
  g_auto (GStrv) parts = g_strsplit (ep_cli_to_text (changed), "\"@@\"", 2);
  return ep_cli_printf ("%s%s%s", parts[0], raw, parts[1]);
}

/* @n copies of the fixture's first need, as a JSON array. */
static const gchar *
many_needs (guint n)
{
  JsonNode *fixture = ep_cli_parse (ep_cli_fixture_text ());
  JsonArray *needs = json_object_get_array_member (json_node_get_object (fixture), "needs");
  g_autofree gchar *one = json_to_string (json_array_get_element (needs, 0), FALSE);
  g_autoptr (GString) all = g_string_new ("[");
  for (guint i = 0; i < n; i++)
    g_string_append_printf (all, "%s%s", i > 0 ? "," : "", one);
  g_string_append_c (all, ']');
  return ep_cli_printf ("%s", all->str);
}

static const gchar *
repeated (const gchar *piece, guint n)
{
  g_autoptr (GString) text = g_string_new (NULL);
  for (guint i = 0; i < n; i++)
    g_string_append (text, piece);
  return ep_cli_printf ("%s", text->str);
}

/* What a hostile document does: refused with its path and rule, exit 1, nothing written. Before
 * the strict decoder the first two crashed the process, the third stored "schulden" and dropped
 * the rest, and 200,000 needs were stored. */
START_TEST (test_intake_hostile)
{
  const gchar *path_32 = repeated ("[0]", 32);
  const gchar *a_32 = repeated ("a.", 32);
  const struct
  {
    const gchar *const *env;
    const gchar *input;
    const gchar *message;
  } cases[] = {
    { NULL, repeated ("[", 100000), ep_cli_printf ("%s: dieper genest dan 32 niveaus", path_32) },
    { NULL, repeated ("{\"a\":", 50000),
      ep_cli_printf ("%.*s: dieper genest dan 32 niveaus", (int) strlen (a_32) - 1, a_32) },
    { NULL, fixture_with_raw ("main_problem", "\"schulden\\u0000werk\""),
      "main_problem: tekst bevat een NUL-teken (\\u0000)" },
    { NULL, fixture_with_raw ("place", "\"thuis\\u001b[2J\""),
      "place: tekst bevat stuurteken U+001B; alleen tab en regeleinde zijn toegestaan" },
    { NULL, fixture_with_raw ("persons[0].surname", "\"\\udc00\""),
      "persons[0].surname: tekst bevat een losse surrogaat (\\uD800–\\uDFFF zonder paar); dat is "
      "geen Unicode-teken" },
    { NULL, fixture_with_raw ("household.wijk", "\"Noord\", \"wijk\": \"Zuid\""),
      "household.wijk: staat twee keer in hetzelfde object" },
    { NULL, fixture_with_raw ("household.huisnummer", "99999999999999999999"),
      "household.huisnummer: getal buiten bereik; het wordt niet afgerond maar geweigerd" },
    { NULL, fixture_with_raw ("household.huisnummer", "12.0"),
      "household.huisnummer: moet een geheel getal zijn" },
    { NULL, fixture_with_raw ("household.huisnummer", "1e2"),
      "household.huisnummer: moet een geheel getal zijn" },
    { NULL, ep_cli_printf ("// opmerking\n%s", ep_cli_fixture_text ()),
      "regel 1, kolom 1: geen geldige JSON: onbekend teken of woord; JSON kent alleen tekst "
      "tussen dubbele aanhalingstekens, getallen zonder voorloopnul, true, false en null" },
    { NULL, ep_cli_printf ("{\"date\": '2026-11-20'}"),
      "regel 1, kolom 10: geen geldige JSON: onbekend teken of woord; JSON kent alleen tekst "
      "tussen dubbele aanhalingstekens, getallen zonder voorloopnul, true, false en null" },
    { NULL, ep_cli_printf ("{} {}"),
      "regel 1, kolom 4: geen geldige JSON: na het document volgt nog iets" },
    { NULL, fixture_with_raw ("main_problem", ep_cli_printf ("\"%s\"", repeated ("x", 10001))),
      "main_problem: is langer dan 10000 tekens" },
    /* 200,000 needs: over the default size limit, and over the needs limit when the size is
     * raised to the most an operator may configure. */
    { NULL, fixture_with_raw ("needs", many_needs (200000)),
      "het document: is groter dan 1048576 bytes" },
    { (const gchar *const[]){ "EENPLAN_MAX_DOCUMENT_BYTES=67108864", NULL },
      fixture_with_raw ("needs", many_needs (201)), "needs: meer dan 200 items" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const gchar *message = cases[i].message;
      EpCliCounts before = ep_cli_counts ();
      const gchar *args[] = { "intake", "record", "-", NULL };
      const EpCliRun *run = ep_cli_run_env (cases[i].env, cases[i].input, args);
      EP_ASSERT_RUN (run, EP_CLI_EXIT_FAILURE, "",
                     ep_cli_printf ("eenplan intake record: %s\n", message));
      ep_cli_assert_unchanged (&before, message);
    }
}
END_TEST

Suite *
ep_cli_intake_suite (void)
{
  Suite *suite = suite_create ("intake");

  TCase *intake = ep_cli_tcase ("intake");
  tcase_add_test (intake, test_intake_record_and_show);
  tcase_add_test (intake, test_intake_record_stdin_json);
  tcase_add_test (intake, test_intake_finalise_and_addendum);
  tcase_add_loop_test (intake, test_intake_refused, 0, G_N_ELEMENTS (intake_refusals));
  tcase_add_test (intake, test_intake_hostile);
  suite_add_tcase (suite, intake);
  return suite;
}
