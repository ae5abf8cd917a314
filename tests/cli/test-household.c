/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-household.c: `eenplan household create|show|find|shield|unshield`, `eenplan contact record` and
 * `eenplan consent grant|revoke`, as a case worker runs them: what they print (for people and
 * with --json), the rows and audit events they leave, and that input they refuse names the
 * field in Dutch and writes nothing.
 */
#include "cli-suites.h"

/* A household of two as `household create` reads it; Jolanda's BSN is the intake fixture's. */
#define HOUSEHOLD_JSON                                                                             \
  "{\"household\": {\"postcode\": \"7551AB\", \"huisnummer\": 12, \"huisnummer_toevoeging\": "     \
  "\"A\", \"wijk\": \"Hengelo-Centrum\"},"                                                         \
  " \"persons\": ["                                                                                \
  "  {\"ref\": \"jolanda\", \"bsn\": \"999990020\", \"given_names\": \"Jolanda\","                 \
  "   \"surname\": \"Voorbeeld\", \"birth_date\": \"1998-03-14\", \"role\": \"ouder_verzorger\"}," \
  "  {\"ref\": \"kees\", \"bsn\": \"999990032\", \"given_names\": \"Kees\","                       \
  "   \"surname\": \"Voorbeeld\", \"birth_date\": \"2019-05-01\", \"role\": \"kind\"}],"           \
  " \"date\": \"2026-11-01\"}"

#define HOUSEHOLD_ADDRESS "  adres        7551AB 12A (Hengelo-Centrum)"

/* Creates the household of HOUSEHOLD_JSON; returns its id. */
static const gchar *
create_household (void)
{
  const gchar *file = ep_cli_write_file ("household.json", HOUSEHOLD_JSON);
  const EpCliRun *run = ep_cli_run (NULL, "household", "create", file, NULL);
  EP_ASSERT_RUN (run, EP_CLI_EXIT_OK, NULL, "");
  const gchar *id = ep_cli_value ("SELECT id FROM household WHERE gemeente = $1", NULL);
  ck_assert_str_eq (run->out, ep_cli_printf ("huishouden %s vastgelegd met 2 leden\n", id));
  return id;
}

static const gchar *
person_id (const gchar *given_names)
{
  return ep_cli_value ("SELECT id FROM person WHERE gemeente = $1 AND voornamen = $2", given_names,
                       NULL);
}

/*
 * Asserts that @text is the household as people read it: its id, address and both members. The
 * two joined on the same day, and the command does not say which of those comes first, so the
 * member lines are compared in either order.
 */
static void
assert_household_text (const gchar *text, const gchar *id)
{
  const gchar *const want_members[] = {
    ep_cli_printf ("  Jolanda Voorbeeld — Ouder / verzorger, 2026-11-01 t/m nu  (%s)",
                   person_id ("Jolanda")),
    ep_cli_printf ("  Kees Voorbeeld — Kind, 2026-11-01 t/m nu  (%s)", person_id ("Kees")),
  };
  const gchar *const *lines = ep_cli_lines (text);

  ck_assert_msg (g_strv_length ((gchar **) lines) == 5, "want 5 lines, got:\n%s", text);
  ck_assert_str_eq (lines[0], ep_cli_printf ("Huishouden %s", id));
  ck_assert_str_eq (lines[1], HOUSEHOLD_ADDRESS);
  ck_assert_str_eq (lines[2], "Leden");
  for (gsize i = 0; i < G_N_ELEMENTS (want_members); i++)
    ck_assert_msg (g_strv_contains (lines + 3, want_members[i]), "no line\n%s\nin\n%s",
                   want_members[i], text);
}

/* Asserts that the JSON @node is the household @id with both members and no intakes. */
static void
assert_household_json (JsonNode *node, const gchar *id)
{
  JsonObject *household = json_node_get_object (node);
  JsonArray *members = json_object_get_array_member (household, "members");
  const gchar *want[] = {
    ep_cli_printf ("{\"person_id\":\"%s\",\"given_names\":\"Jolanda\",\"surname\":\"Voorbeeld\","
                   "\"birth_date\":\"1998-03-14\",\"role\":\"ouder_verzorger\","
                   "\"from\":\"2026-11-01\"}",
                   person_id ("Jolanda")),
    ep_cli_printf ("{\"person_id\":\"%s\",\"given_names\":\"Kees\",\"surname\":\"Voorbeeld\","
                   "\"birth_date\":\"2019-05-01\",\"role\":\"kind\",\"from\":\"2026-11-01\"}",
                   person_id ("Kees")),
  };

  ck_assert_int_eq (json_array_get_length (members), G_N_ELEMENTS (want));
  for (guint i = 0; i < json_array_get_length (members); i++)
    {
      const gchar *member = ep_cli_to_text (json_array_get_element (members, i));
      ck_assert_msg (g_strcmp0 (member, want[0]) == 0 || g_strcmp0 (member, want[1]) == 0,
                     "unexpected member %s", member);
    }
  ck_assert_str_ne (ep_cli_to_text (json_array_get_element (members, 0)),
                    ep_cli_to_text (json_array_get_element (members, 1)));
  json_object_remove_member (household, "members");
  ck_assert_str_eq (ep_cli_to_text (node),
                    ep_cli_printf ("{\"id\":\"%s\",\"postcode\":\"7551AB\",\"huisnummer\":12,"
                                   "\"huisnummer_toevoeging\":\"A\",\"wijk\":\"Hengelo-Centrum\","
                                   "\"intakes\":[]}",
                                   id));
}

/* ---- household ----------------------------------------------------------------------------- */

START_TEST (test_household_create_show_find)
{
  const gchar *id = create_household ();

  /* What is in the database: the address, two people (by pseudonym, never the BSN) and their
   * memberships, and one audit event for each, as the case worker. */
  ck_assert_str_eq (
    ep_cli_value ("SELECT concat_ws('|', postcode, huisnummer,"
                  " huisnummer_toevoeging, wijk) FROM household WHERE gemeente = $1",
                  NULL),
    "7551AB|12|A|Hengelo-Centrum");
  ck_assert_str_eq (
    ep_cli_value ("SELECT string_agg(concat_ws('|', p.voornamen, p.achternaam, p.geboortedatum,"
                  "                            m.role, m.valid_from, m.valid_to),"
                  "                  ', ' ORDER BY p.voornamen)"
                  "  FROM person p JOIN household_member m"
                  "    ON m.gemeente = p.gemeente AND m.person_id = p.id"
                  " WHERE p.gemeente = $1 AND m.household_id = $2::uuid",
                  id, NULL),
    "Jolanda|Voorbeeld|1998-03-14|ouder_verzorger|2026-11-01, "
    "Kees|Voorbeeld|2019-05-01|kind|2026-11-01");
  ck_assert_int_eq (ep_cli_int ("SELECT count(*) FROM person WHERE gemeente = $1"
                                "   AND bsn_pseudonym ~ '^[0-9a-f]{64}$'",
                                NULL),
                    2);
  ck_assert_str_eq (
    ep_cli_value ("SELECT string_agg(concat_ws(' ', action, entity_type, actor_id,"
                  "                            actor_role, (household_id = $2::uuid)::text),"
                  "                  ', ' ORDER BY id)"
                  "  FROM audit_event WHERE gemeente = $1",
                  id, NULL),
    "create household b.jansen casemanager true, "
    "create person b.jansen casemanager true, "
    "join household_member b.jansen casemanager true, "
    "create person b.jansen casemanager true, "
    "join household_member b.jansen casemanager true");

  /* Shown for people and as JSON; each read goes into the access log. */
  const EpCliRun *show = ep_cli_run (NULL, "household", "show", id, NULL);
  EP_ASSERT_RUN (show, EP_CLI_EXIT_OK, NULL, "");
  assert_household_text (show->out, id);
  const EpCliRun *show_json = ep_cli_run (NULL, "household", "show", id, "--json", NULL);
  EP_ASSERT_RUN (show_json, EP_CLI_EXIT_OK, NULL, "");
  assert_household_json (ep_cli_json (show_json), id);
  ck_assert_str_eq (
    ep_cli_value ("SELECT string_agg(concat_ws(' ', action, entity_type,"
                  "                            (household_id = $2::uuid)::text, actor_id),"
                  "                  ', ' ORDER BY id)"
                  "  FROM access_log WHERE gemeente = $1",
                  id, NULL),
    "read household true b.jansen, read household true b.jansen");

  /* Found by address, and by a member's BSN from standard input. */
  const EpCliRun *by_address = ep_cli_run (NULL, "household", "find", "--postcode", "7551AB",
                                           "--huisnummer", "12", "--json", NULL);
  EP_ASSERT_RUN (by_address, EP_CLI_EXIT_OK, NULL, "");
  JsonArray *found = json_node_get_array (ep_cli_json (by_address));
  ck_assert_int_eq (json_array_get_length (found), 1);
  assert_household_json (json_array_get_element (found, 0), id);

  const EpCliRun *by_postcode
    = ep_cli_run (NULL, "household", "find", "--postcode", "7551AB", NULL);
  EP_ASSERT_RUN (by_postcode, EP_CLI_EXIT_OK, NULL, "");
  assert_household_text (by_postcode->out, id);

  const EpCliRun *by_bsn = ep_cli_run ("999990032\n", "household", "find", "--bsn", "-", NULL);
  EP_ASSERT_RUN (by_bsn, EP_CLI_EXIT_OK, NULL, "");
  assert_household_text (by_bsn->out, id);

  /* Nobody with that (valid) BSN, nobody at that address. */
  EP_ASSERT_RUN (ep_cli_run (NULL, "household", "find", "--bsn", "999990044", NULL), EP_CLI_EXIT_OK,
                 "geen huishouden gevonden\n", "");
  const EpCliRun *nowhere
    = ep_cli_run (NULL, "household", "find", "--postcode", "7551AC", "--json", NULL);
  EP_ASSERT_RUN (nowhere, EP_CLI_EXIT_OK, NULL, "");
  ck_assert_int_eq (json_array_get_length (json_node_get_array (ep_cli_json (nowhere))), 0);
}
END_TEST

/* Input `household create` refuses: the path and rule it names, in Dutch. */
static const struct
{
  gboolean create_first; /* record HOUSEHOLD_JSON before */
  const gchar *path;
  const gchar *value; /* JSON; NULL removes the member */
  const gchar *message;
} household_refusals[] = {
  { FALSE, "household.postcode", "\"7551ab\"",
    "household.postcode: moet een postcode zijn als 7551AB (vier cijfers, twee hoofdletters)" },
  { FALSE, "household.huisnummer", "0", "household.huisnummer: moet 1–99999 zijn" },
  { FALSE, "persons[1].bsn", "\"999990021\"", "persons[1].bsn: elfproef klopt niet" },
  { FALSE, "persons[1].role", "\"buurman\"",
    "persons[1].role: onbekende code; kies uit ouder_verzorger, kind, partner, overig" },
  { FALSE, "persons[0].surname", NULL,
    "persons[0].surname: verplicht voor een nieuwe persoon (zonder id)" },
  { FALSE, "date", "\"2026-02-30\"", "date: moet een bestaande datum zijn als JJJJ-MM-DD" },
  { FALSE, "colour", "\"blauw\"", "colour: onbekend veld" },
  /* Checked against the database: Jolanda still lives at number 12. */
  { TRUE, "household.huisnummer", "14",
    "persons[0]: is nog lid van een ander huishouden; beëindig dat lidmaatschap eerst" },
};

START_TEST (test_household_create_refused)
{
  if (household_refusals[_i].create_first)
    create_household ();
  ep_cli_assert_input_refused (HOUSEHOLD_JSON, household_refusals[_i].path,
                               household_refusals[_i].value, "household", "create",
                               household_refusals[_i].message);
}
END_TEST

/* ---- contact ------------------------------------------------------------------------------- */

#define CONTACT_JSON                                                                               \
  "{\"vindplaats_id\": \"" EP_CLI_VINDPLAATS "\", \"channel\": \"telefoon\","                      \
  " \"type\": \"hulpvraag\", \"question\": \"Ik red het niet meer met de post.\","                 \
  " \"date\": \"2026-11-18\"}"

START_TEST (test_contact_record)
{
  /* From a file, for people: a contact not (yet) of a household. */
  const gchar *file = ep_cli_write_file ("contact.json", CONTACT_JSON);
  const EpCliRun *run = ep_cli_run (NULL, "contact", "record", file, NULL);
  EP_ASSERT_RUN (run, EP_CLI_EXIT_OK, NULL, "");
  const gchar *id = ep_cli_value ("SELECT id FROM contact WHERE gemeente = $1", NULL);
  ck_assert_str_eq (run->out, ep_cli_printf ("contact %s vastgelegd\n", id));
  ck_assert_str_eq (ep_cli_value ("SELECT concat_ws('|', household_id, vindplaats_id, kanaal, type,"
                                  "                 vraag, datum, ontvangen_door)"
                                  "  FROM contact WHERE gemeente = $1 AND id = $2::uuid",
                                  id, NULL),
                    EP_CLI_VINDPLAATS "|telefoon|hulpvraag|Ik red het niet meer met de post."
                                      "|2026-11-18|b.jansen");
  ck_assert_str_eq (ep_cli_value ("SELECT concat_ws(' ', action, entity_type, entity_id, actor_id)"
                                  "  FROM audit_event WHERE gemeente = $1",
                                  NULL),
                    ep_cli_printf ("create contact %s b.jansen", id));

  /* From standard input, for a known household, as JSON. */
  const gchar *household = create_household ();
  JsonNode *input = ep_cli_parse (CONTACT_JSON);
  ep_cli_json_set (input, "household_id", ep_cli_printf ("\"%s\"", household));
  const EpCliRun *json
    = ep_cli_run (ep_cli_to_text (input), "contact", "record", "-", "--json", NULL);
  EP_ASSERT_RUN (json, EP_CLI_EXIT_OK, NULL, "");
  const gchar *second = ep_cli_value ("SELECT id FROM contact WHERE gemeente = $1"
                                      "   AND household_id = $2::uuid",
                                      household, NULL);
  ck_assert_str_eq (ep_cli_to_text (ep_cli_json (json)),
                    ep_cli_printf ("{\"id\":\"%s\",\"household_id\":\"%s\","
                                   "\"vindplaats_id\":\"" EP_CLI_VINDPLAATS "\","
                                   "\"channel\":\"telefoon\",\"type\":\"hulpvraag\","
                                   "\"question\":\"Ik red het niet meer met de post.\","
                                   "\"date\":\"2026-11-18\",\"received_by\":\"b.jansen\"}",
                                   second, household));
  ck_assert_int_eq (ep_cli_int ("SELECT count(*) FROM contact WHERE gemeente = $1", NULL), 2);
}
END_TEST

static const struct
{
  const gchar *path;
  const gchar *value;
  const gchar *message;
} contact_refusals[] = {
  { "channel", "\"fax\"",
    "channel: onbekende code; kies uit balie, telefoon, email, webformulier, huisbezoek, "
    "verwijzing" },
  { "question", NULL, "question: verplicht" },
  { "date", "\"18-11-2026\"", "date: moet een bestaande datum zijn als JJJJ-MM-DD" },
  { "received_by", "\"iemand.anders\"",
    "received_by: wordt door eenplan ingevuld (wie het contact vastlegt)" },
  /* Checked against the database. */
  { "vindplaats_id", "\"0190a000-0000-7000-8000-0000000000ff\"",
    "vindplaats_id: geen (actieve) vindplaats van deze gemeente" },
  { "household_id", "\"0190a000-0000-7000-8000-0000000000ff\"",
    "household_id: geen huishouden van deze gemeente" },
};

START_TEST (test_contact_refused)
{
  ep_cli_assert_input_refused (CONTACT_JSON, contact_refusals[_i].path, contact_refusals[_i].value,
                               "contact", "record", contact_refusals[_i].message);
}
END_TEST

/* ---- consent ------------------------------------------------------------------------------- */

/* A consent given by letter, for the household whose id is the argument. */
#define CONSENT_JSON                                                                               \
  "{\"household_id\": \"%s\", \"organisation\": \"Tactus Verslavingszorg\","                       \
  " \"data\": [\"basisgegevens\", \"hulpvragen\"], \"purpose\": \"Afstemmen met het gezinsplan\"," \
  " \"valid_until\": \"2027-11-01\", \"granted_on\": \"2026-11-02\"}"

#define CONSENT_ROW_SQL                                                                            \
  "SELECT concat_ws('|', household_id, intake_id, organisatie, array_to_string(gegevens, ','),"    \
  "                 doel, verleend_op, geldig_tot, verleend_door, (ingetrokken_op IS NOT "         \
  "NULL)::text,"                                                                                   \
  "                 ingetrokken_door)"                                                             \
  "  FROM consent WHERE gemeente = $1 AND id = $2::uuid"

START_TEST (test_consent_grant_revoke)
{
  const gchar *household = create_household ();
  const gchar *before_events
    = ep_cli_value ("SELECT max(id) FROM audit_event WHERE gemeente = $1", NULL);

  const EpCliRun *grant
    = ep_cli_run (ep_cli_printf (CONSENT_JSON, household), "consent", "grant", "-", NULL);
  EP_ASSERT_RUN (grant, EP_CLI_EXIT_OK, NULL, "");
  const gchar *id = ep_cli_value ("SELECT id FROM consent WHERE gemeente = $1", NULL);
  ck_assert_str_eq (grant->out,
                    ep_cli_printf ("toestemming %s vastgelegd voor Tactus Verslavingszorg, "
                                   "tot 2027-11-01\n",
                                   id));
  ck_assert_str_eq (ep_cli_value (CONSENT_ROW_SQL, id, NULL),
                    ep_cli_printf ("%s|Tactus Verslavingszorg|basisgegevens,hulpvragen|"
                                   "Afstemmen met het gezinsplan|2026-11-02|2027-11-01|b.jansen|"
                                   "false",
                                   household));

  const EpCliRun *revoke = ep_cli_run (NULL, "consent", "revoke", id, NULL);
  EP_ASSERT_RUN (revoke, EP_CLI_EXIT_OK, ep_cli_printf ("toestemming %s ingetrokken\n", id), "");
  ck_assert_str_eq (ep_cli_value (CONSENT_ROW_SQL, id, NULL),
                    ep_cli_printf ("%s|Tactus Verslavingszorg|basisgegevens,hulpvragen|"
                                   "Afstemmen met het gezinsplan|2026-11-02|2027-11-01|b.jansen|"
                                   "true|b.jansen",
                                   household));
  ck_assert_str_eq (ep_cli_value ("SELECT string_agg(concat_ws(' ', action, entity_type, entity_id,"
                                  "                            (household_id = $2::uuid)::text),"
                                  "                  ', ' ORDER BY id)"
                                  "  FROM audit_event WHERE gemeente = $1 AND id > $3::bigint",
                                  household, before_events, NULL),
                    ep_cli_printf ("grant consent %s true, revoke consent %s true", id, id));

  /* Revoked once, for good. */
  EpCliCounts before = ep_cli_counts ();
  EP_ASSERT_RUN (ep_cli_run (NULL, "consent", "revoke", id, NULL), EP_CLI_EXIT_FAILURE, "",
                 "eenplan consent revoke: consent_id: de toestemming is al ingetrokken\n");
  ep_cli_assert_unchanged (&before, "revoke twice");
}
END_TEST

/* What `consent grant` and `consent revoke` refuse. */
static const struct
{
  const gchar *revoke; /* revoke this id; NULL: grant CONSENT_JSON changed at path */
  const gchar *path;
  const gchar *value;
  const gchar *message;
} consent_refusals[] = {
  { NULL, "data[2]", "\"alles\"",
    "consent grant: data[2]: onbekende code; kies uit basisgegevens, intake, hulpvragen, plan, "
    "veiligheid" },
  { NULL, "valid_until", "\"2026-01-01\"",
    "consent grant: valid_until: ligt vóór de dag van toestemming (2026-11-02)" },
  { NULL, "revoked_at", "\"2026-11-03T10:00:00Z\"", "consent grant: revoked_at: onbekend veld" },
  { NULL, "household_id", "\"0190a000-0000-7000-8000-0000000000ff\"",
    "consent grant: household_id: geen huishouden van deze gemeente" },
  { "0190a000-0000-7000-8000-0000000000ff", NULL, NULL,
    "consent revoke: consent_id: geen toestemming van deze gemeente" },
  { "toestemming-1", NULL, NULL, "consent revoke: consent_id: geen geldige id" },
};

START_TEST (test_consent_refused)
{
  const gchar *household = create_household ();
  EpCliCounts before = ep_cli_counts ();

  const EpCliRun *run;
  if (consent_refusals[_i].revoke != NULL)
    run = ep_cli_run (NULL, "consent", "revoke", consent_refusals[_i].revoke, NULL);
  else
    {
      JsonNode *input = ep_cli_parse (ep_cli_printf (CONSENT_JSON, household));
      ep_cli_json_set (input, consent_refusals[_i].path, consent_refusals[_i].value);
      run = ep_cli_run (ep_cli_to_text (input), "consent", "grant", "-", NULL);
    }
  EP_ASSERT_RUN (run, EP_CLI_EXIT_FAILURE, "",
                 ep_cli_printf ("eenplan %s\n", consent_refusals[_i].message));
  ep_cli_assert_unchanged (&before, consent_refusals[_i].message);
}
END_TEST

/* One new member is "1 lid", not "1 leden". */
START_TEST (test_household_create_one_member)
{
  JsonNode *input = ep_cli_parse (HOUSEHOLD_JSON);
  json_array_remove_element (json_object_get_array_member (json_node_get_object (input), "persons"),
                             1);

  const EpCliRun *run = ep_cli_run (ep_cli_to_text (input), "household", "create", "-", NULL);
  EP_ASSERT_RUN (run, EP_CLI_EXIT_OK, NULL, "");
  const gchar *id = ep_cli_value ("SELECT id FROM household WHERE gemeente = $1", NULL);
  ck_assert_int_eq (ep_cli_int ("SELECT count(*) FROM household_member WHERE gemeente = $1", NULL),
                    1);
  ck_assert_str_eq (run->out, ep_cli_printf ("huishouden %s vastgelegd met 1 lid\n", id));
}
END_TEST

/*
 * `household create --json` and `consent grant --json` give a script the JSON of what was
 * recorded, with the ids the store assigned, as `contact record --json` does.
 */
START_TEST (test_json_output_of_create_and_grant)
{
  const EpCliRun *create = ep_cli_run (HOUSEHOLD_JSON, "household", "create", "-", "--json", NULL);
  EP_ASSERT_RUN (create, EP_CLI_EXIT_OK, NULL, "");
  const gchar *household = ep_cli_value ("SELECT id FROM household WHERE gemeente = $1", NULL);
  const EpCliRun *grant
    = ep_cli_run (ep_cli_printf (CONSENT_JSON, household), "consent", "grant", "-", "--json", NULL);
  EP_ASSERT_RUN (grant, EP_CLI_EXIT_OK, NULL, "");
  const gchar *consent = ep_cli_value ("SELECT id FROM consent WHERE gemeente = $1", NULL);

  const gchar *jolanda = ep_cli_value ("SELECT p.id FROM person p JOIN household_member m"
                                       "    ON m.person_id = p.id AND m.gemeente = p.gemeente"
                                       " WHERE p.gemeente = $1 AND m.role = 'ouder_verzorger'",
                                       NULL);
  const gchar *kees = ep_cli_value ("SELECT p.id FROM person p JOIN household_member m"
                                    "    ON m.person_id = p.id AND m.gemeente = p.gemeente"
                                    " WHERE p.gemeente = $1 AND m.role = 'kind'",
                                    NULL);
  ck_assert_str_eq (
    ep_cli_to_text (ep_cli_json (create)),
    ep_cli_printf ("{\"id\":\"%s\",\"persons\":[{\"ref\":\"jolanda\",\"id\":\"%s\"},"
                   "{\"ref\":\"kees\",\"id\":\"%s\"}]}",
                   household, jolanda, kees));
  ck_assert_str_eq (ep_cli_to_text (ep_cli_json (grant)),
                    ep_cli_printf ("{\"household_id\":\"%s\",\"id\":\"%s\","
                                   "\"organisation\":\"Tactus Verslavingszorg\","
                                   "\"data\":[\"basisgegevens\",\"hulpvragen\"],"
                                   "\"purpose\":\"Afstemmen met het gezinsplan\","
                                   "\"valid_until\":\"2027-11-01\",\"granted_on\":\"2026-11-02\"}",
                                   household, consent));
}
END_TEST

/* `household shield|unshield`: only a supervisor; then the case worker it does not name is
 * refused the household (exit 1, the refusal in the access log) and sees it in a search only as
 * shielded, until the shield is lifted. */
START_TEST (test_household_shield_unshield)
{
  const gchar *id = create_household ();
  ck_assert_int_eq (ep_cli_int ("WITH added AS ("
                                "  INSERT INTO app_user (gemeente, username, display_name, role)"
                                "  VALUES ($1, 'toezicht', 'Toezicht Test', 'supervisor'),"
                                "         ($1, 'opvang.cm', 'Opvang Test', 'casemanager')"
                                "  RETURNING 1)"
                                " SELECT count(*) FROM added",
                                NULL),
                    2);
  const gchar *const supervisor[] = { "EENPLAN_GEBRUIKER=toezicht", NULL };

  /* Not a supervisor: refused, nothing written. */
  EpCliCounts before = ep_cli_counts ();
  const EpCliRun *by_worker
    = ep_cli_run (NULL, "household", "shield", id, "--reden", "Opvangadres: vertrouwelijk",
                  "--toegang", "opvang.cm", NULL);
  EP_ASSERT_RUN (by_worker, EP_CLI_EXIT_FAILURE, "",
                 "eenplan household shield: alleen een supervisor mag een huishouden "
                 "afschermen\n");
  ep_cli_assert_unchanged (&before, "household shield by a case worker");

  const gchar *const shield[]
    = { "household", "shield",    id,  "--reden", "Opvangadres: vertrouwelijk",
        "--toegang", "opvang.cm", NULL };
  const EpCliRun *shielded = ep_cli_run_env (supervisor, NULL, shield);
  const gchar *shield_id = ep_cli_value ("SELECT id FROM household_shield WHERE gemeente = $1"
                                         "   AND household_id = $2::uuid AND lifted_at IS NULL",
                                         id, NULL);
  EP_ASSERT_RUN (
    shielded, EP_CLI_EXIT_OK,
    ep_cli_printf ("huishouden %s afgeschermd (%s); toegang: 1 gebruiker\n", id, shield_id), "");
  ck_assert_str_eq (ep_cli_value ("SELECT concat_ws (' ', actor_id, actor_role, action)"
                                  "  FROM audit_event WHERE gemeente = $1"
                                  "   AND entity_type = 'household_shield'",
                                  NULL),
                    "toezicht supervisor shield");

  /* The case worker it does not name (b.jansen, who recorded it): refused, and found only as
   * shielded; the one it names reads it. */
  const EpCliRun *refused = ep_cli_run (NULL, "household", "show", id, NULL);
  EP_ASSERT_RUN (refused, EP_CLI_EXIT_FAILURE, "",
                 "eenplan household show: id: dit huishouden is afgeschermd: alleen wie de "
                 "afscherming noemt, of wie noodtoegang heeft, kan het openen\n");
  ck_assert_str_eq (ep_cli_value ("SELECT concat_ws (' ', action, entity_type, outcome)"
                                  "  FROM access_log WHERE gemeente = $1 ORDER BY id DESC LIMIT 1",
                                  NULL),
                    "read household denied");
  const EpCliRun *found = ep_cli_run (NULL, "household", "find", "--postcode", "7551AB", NULL);
  EP_ASSERT_RUN (found, EP_CLI_EXIT_OK, ep_cli_printf ("Huishouden %s  (afgeschermd)\n", id), "");
  const gchar *const named[] = { "EENPLAN_GEBRUIKER=opvang.cm", NULL };
  const gchar *const show[] = { "household", "show", id, NULL };
  const EpCliRun *by_named = ep_cli_run_env (named, NULL, show);
  EP_ASSERT_RUN (by_named, EP_CLI_EXIT_OK, NULL, "");
  ck_assert_str_eq (ep_cli_lines (by_named->out)[0], "Afgeschermd dossier");

  /* Lifted: open to the case worker again. */
  const gchar *const unshield[]
    = { "household", "unshield", id, "--reden", "Gezin verhuisd uit de opvang", NULL };
  EP_ASSERT_RUN (ep_cli_run_env (supervisor, NULL, unshield), EP_CLI_EXIT_OK,
                 ep_cli_printf ("afscherming van huishouden %s opgeheven\n", id), "");
  const EpCliRun *open = ep_cli_run (NULL, "household", "show", id, NULL);
  EP_ASSERT_RUN (open, EP_CLI_EXIT_OK, NULL, "");
  assert_household_text (open->out, id);
}
END_TEST

Suite *
ep_cli_household_suite (void)
{
  Suite *suite = suite_create ("household");

  TCase *household = ep_cli_tcase ("household");
  tcase_add_test (household, test_household_create_show_find);
  tcase_add_loop_test (household, test_household_create_refused, 0,
                       G_N_ELEMENTS (household_refusals));
  tcase_add_test (household, test_household_create_one_member);
  tcase_add_test (household, test_json_output_of_create_and_grant);
  tcase_add_test (household, test_household_shield_unshield);
  suite_add_tcase (suite, household);

  TCase *contact = ep_cli_tcase ("contact");
  tcase_add_test (contact, test_contact_record);
  tcase_add_loop_test (contact, test_contact_refused, 0, G_N_ELEMENTS (contact_refusals));
  suite_add_tcase (suite, contact);

  TCase *consent = ep_cli_tcase ("consent");
  tcase_add_test (consent, test_consent_grant_revoke);
  tcase_add_loop_test (consent, test_consent_refused, 0, G_N_ELEMENTS (consent_refusals));
  suite_add_tcase (suite, consent);

  return suite;
}
