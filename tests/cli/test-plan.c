/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-plan.c: `eenplan plan …` with the worked example of docs/examples/intake-jolanda.json: the
 * intake recorded and finalised by the case worker, then Jolanda's plan made and worked on by her
 * regisseur from the command line — situation, a goal across two laws, begeleiding as WMO 02 at
 * 102 minutes a week, a need's law, a warm handover, a version agreed — with the exact words the
 * plan is shown in, its JSON, its versions and a difference; and the refusals: a stale version
 * (saying the version now), a code that is not in its list (with its path and option), a user
 * who is not the regisseur, a shielded household, a missing option, a second plan. Every refusal
 * exits as the house style says and changes nothing.
 */
#include "cli-suites.h"

/* The regisseurs and the supervisor of the test's municipality. */
#define REGISSEUR "r.demir"
#define COLLEAGUE "t.visser"
#define SUPERVISOR "i.kok"

/* Adds the users, records the fixture and finalises it as the case worker. Returns: (transfer
 * none): the household's id. */
static const gchar *
jolanda_household (void)
{
  g_autoptr (EpDbParams) params = ep_test_params (ep_cli_gemeente (), NULL);
  g_autoptr (GError) error = NULL;
  EP_ASSERT_NO_ERROR (
    ep_db_exec_command (ep_cli_owner (),
                        "INSERT INTO app_user (gemeente, username, display_name, role) VALUES"
                        " ($1, '" REGISSEUR "', 'Rana Demir', 'regisseur'),"
                        " ($1, '" COLLEAGUE "', 'Thomas Visser', 'regisseur'),"
                        " ($1, '" SUPERVISOR "', 'Iris Kok', 'supervisor')",
                        params, "add the regisseurs", &error),
    error);
  EP_ASSERT_RUN (ep_cli_run (NULL, "intake", "record", ep_cli_fixture_path (), NULL),
                 EP_CLI_EXIT_OK, NULL, "");
  const gchar *intake = ep_cli_value ("SELECT id FROM intake WHERE gemeente = $1", NULL);
  EP_ASSERT_RUN (ep_cli_run (NULL, "intake", "finalise", intake, "--versie", "1", NULL),
                 EP_CLI_EXIT_OK, NULL, "");
  return ep_cli_value ("SELECT id FROM household WHERE gemeente = $1", NULL);
}

/* Runs `eenplan plan ARGS…` as @user. */
static const EpCliRun *
plan_as (const gchar *user, const gchar *const *args)
{
  const gchar *env[] = { ep_cli_printf ("EENPLAN_GEBRUIKER=%s", user), NULL };
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_strv_builder_add (builder, "plan");
  g_strv_builder_addv (builder, (const gchar **) args);
  g_auto (GStrv) argv = g_strv_builder_end (builder);
  return ep_cli_run_env (env, NULL, (const gchar *const *) argv);
}

#define PLAN_AS(user, ...) plan_as ((user), (const gchar *const[]){ __VA_ARGS__, NULL })

/* The id of the plan's need under @wet (its law in the intake). */
static const gchar *
need_id (const gchar *wet)
{
  return ep_cli_value ("SELECT pn.id FROM plan_need pn JOIN intake_need n"
                       "    ON n.gemeente = pn.gemeente AND n.id = pn.intake_need_id"
                       " WHERE pn.gemeente = $1 AND n.wet = $2",
                       wet, NULL);
}

/* What changes when a write is refused: nothing of these. */
static const gchar *
plan_counts (void)
{
  return ep_cli_value ("SELECT concat_ws(' ', (SELECT count(*) FROM plan WHERE gemeente = $1),"
                       "  (SELECT max(version) FROM plan WHERE gemeente = $1),"
                       "  (SELECT count(*) FROM plan_version WHERE gemeente = $1),"
                       "  (SELECT count(*) FROM plan_goal WHERE gemeente = $1),"
                       "  (SELECT count(*) FROM plan_action WHERE gemeente = $1),"
                       "  (SELECT count(*) FROM audit_event WHERE gemeente = $1))",
                       NULL);
}

/* `plan show` of Jolanda's plan at the end of test_plan_jolanda: the household, the person, the
 * five needs (PW, WMO, JW, WGS, GEEN in the intake's order), the goal and the two actions by id. */
#define JOLANDA_PLAN_SHOWN                                                                          \
  "Gezinsplan van huishouden %1$s (versie 6, Actief)\n"                                             \
  "  regisseur      Thomas Visser (t.visser), sinds 2026-12-14\n"                                   \
  "  aanspreekpunt  Rana Demir (r.demir)\n"                                                         \
  "  akkoord        versie 5 op 2026-12-10 (Mondeling)\n"                                           \
  "Situatie\n"                                                                                      \
  "  goed gaat            Dagbesteding vier dagen per week\n"                                       \
  "  eigen kracht         Mark en zijn familie\n"                                                   \
  "  professionele steun  —\n"                                                                    \
  "  problemen            1. Schulden lopen op\n"                                                   \
  "                       2. Weinig contact met haar zoon\n"                                        \
  "Leden\n"                                                                                         \
  "  Jolanda Voorbeeld — Ouder / verzorger  (%2$s)\n"                                             \
  "Hulpvragen\n"                                                                                    \
  "  Jeugdwet (JW)\n"                                                                               \
  "    Jolanda Voorbeeld: Contact met haar zoon in de jeugdhulp. [Hoog, Open]  (%5$s)\n"            \
  "  Wet maatschappelijke ondersteuning 2015 (WMO)\n"                                               \
  "    Jolanda Voorbeeld: Individuele begeleiding thuis voortzetten (Wmo 02). [Normaal, In "        \
  "behandeling]  (%4$s)\n"                                                                          \
  "  Participatiewet (PW)\n"                                                                        \
  "    Jolanda Voorbeeld: Begeleiding naar betaald werk. [Normaal, Open]  (%3$s)\n"                 \
  "    Jolanda Voorbeeld: Schuldhulpverlening naast de bewindvoering. [Hoog, Open] (in de intake "  \
  "WGS)  (%6$s)\n"                                                                                  \
  "  Geen wet (voorliggend) (GEEN)\n"                                                               \
  "    Jolanda Voorbeeld: Het netwerk van Mark en zijn familie verstevigen. [Laag, Open]  "         \
  "(%7$s)\n"                                                                                        \
  "Doelen\n"                                                                                        \
  "  Jolanda heeft betaald werk — Open, streefdatum 2027-06-30  (%8$s)\n"                         \
  "    voor        Jolanda Voorbeeld\n"                                                             \
  "    wetten      PW, WMO\n"                                                                       \
  "    hulpvragen  Begeleiding naar betaald werk.\n"                                                \
  "                Individuele begeleiding thuis voortzetten (Wmo 02).\n"                           \
  "Afspraken\n"                                                                                     \
  "  Individuele begeleiding thuis — Maatwerkvoorziening, door Zorgaanbieder De Linde  (%9$s)\n"  \
  "    Begeleiding (WMO 02), 102 minuten per week, aanbieder De Linde, vanaf 2026-12-07\n"          \
  "    doel        Jolanda heeft betaald werk\n"                                                    \
  "Regie\n"                                                                                         \
  "  2026-12-01 – 2026-12-14  Rana Demir (r.demir)\n"                                             \
  "  2026-12-14 –             Thomas Visser (t.visser), overgedragen door Rana Demir (r.demir): " \
  "\"Jolanda kent Thomas van de dagbesteding\"\n"                                                   \
  "Open hulpvragen zonder doel\n"                                                                   \
  "  Contact met haar zoon in de jeugdhulp.\n"                                                      \
  "  Schuldhulpverlening naast de bewindvoering.\n"                                                 \
  "  Het netwerk van Mark en zijn familie verstevigen.\n"

START_TEST (test_plan_jolanda)
{
  const gchar *household = jolanda_household ();
  const gchar *jolanda = ep_cli_value ("SELECT id FROM person WHERE gemeente = $1", NULL);

  /* Made by the regisseur: version 1 with the intake's five needs. */
  const EpCliRun *create = PLAN_AS (REGISSEUR, "create", household, "--regisseur", REGISSEUR,
                                    "--reden", "Start van het gezinsplan");
  const gchar *plan = ep_cli_value ("SELECT id FROM plan WHERE gemeente = $1", NULL);
  EP_ASSERT_RUN (
    create, EP_CLI_EXIT_OK,
    ep_cli_printf ("gezinsplan van huishouden %s: plan %s gemaakt; nu versie 1\n", household, plan),
    "");
  /* The regie began the day the plan was made; the test fixes it, so that the handover's date
   * and what is shown do not depend on today. */
  ck_assert_str_eq (ep_cli_value ("UPDATE plan_regie SET vanaf = '2026-12-01' WHERE gemeente = $1"
                                  " RETURNING vanaf::text",
                                  NULL),
                    "2026-12-01");
  const gchar *pw = need_id ("PW"), *wmo = need_id ("WMO"), *jw = need_id ("JW"),
              *wgs = need_id ("WGS"), *geen = need_id ("GEEN");

  /* v2: the situation, problems in the order given. */
  EP_ASSERT_RUN (
    PLAN_AS (REGISSEUR, "situation", household, "--versie", "1", "--goed-gaat",
             "Dagbesteding vier dagen per week", "--eigen-kracht", "Mark en zijn familie",
             "--probleem", "Schulden lopen op", "--probleem", "Weinig contact met haar zoon",
             "--reden", "Eerste gesprek"),
    EP_CLI_EXIT_OK,
    ep_cli_printf ("gezinsplan van huishouden %s: situatie bijgewerkt; nu versie 2\n", household),
    "");
  /* v3: one goal across PW and WMO. */
  const EpCliRun *goal
    = PLAN_AS (REGISSEUR, "goal", "add", household, "--versie", "2", "--omschrijving",
               "Jolanda heeft betaald werk", "--lid", jolanda, "--hulpvraag", pw, "--hulpvraag",
               wmo, "--streefdatum", "2027-06-30", "--reden", "Doel werk", "--json");
  EP_ASSERT_RUN (goal, EP_CLI_EXIT_OK, NULL, "");
  const gchar *goal_id = ep_cli_value ("SELECT id FROM plan_goal WHERE gemeente = $1", NULL);
  ck_assert_str_eq (
    ep_cli_to_text (ep_cli_json (goal)),
    ep_cli_printf ("{\"household_id\":\"%s\",\"id\":\"%s\",\"version\":3}", household, goal_id));
  /* v4: begeleiding, WMO 02 at 102 minutes a week. */
  const EpCliRun *action = PLAN_AS (
    REGISSEUR, "action", "add", household, "--versie", "3", "--soort", "maatwerkvoorziening",
    "--omschrijving", "Individuele begeleiding thuis", "--uitvoerder", "Zorgaanbieder De Linde",
    "--doel", goal_id, "--wet", "WMO", "--productcategorie", "02", "--aanbieder", "De Linde",
    "--volume", "102", "--eenheid", "01", "--frequentie", "2", "--begindatum", "2026-12-07",
    "--reden", "Begeleiding thuis");
  const gchar *action_id = ep_cli_value ("SELECT id FROM plan_action WHERE gemeente = $1", NULL);
  EP_ASSERT_RUN (
    action, EP_CLI_EXIT_OK,
    ep_cli_printf ("gezinsplan van huishouden %s: afspraak %s toegevoegd; nu versie 4\n", household,
                   action_id),
    "");
  /* v5: the debts' need under PW instead of WGS (a law change with its reason). */
  EP_ASSERT_RUN (PLAN_AS (REGISSEUR, "need", "law", household, wgs, "--versie", "4", "--wet", "PW",
                          "--reden", "Loopt via het Werkplein"),
                 EP_CLI_EXIT_OK,
                 ep_cli_printf ("gezinsplan van huishouden %s: hulpvraag %s valt nu onder PW; nu "
                                "versie 5\n",
                                household, wgs),
                 "");
  /* Version 5 agreed with the resident: no new version. */
  EP_ASSERT_RUN (PLAN_AS (REGISSEUR, "agree", household, "--versie", "5", "--datum", "2026-12-10",
                          "--wijze", "mondeling"),
                 EP_CLI_EXIT_OK,
                 ep_cli_printf ("gezinsplan van huishouden %s: versie 5 akkoord met de bewoner; nu "
                                "versie 5\n",
                                household),
                 "");
  /* v6: the warm handover to a colleague; the aanspreekpunt stays. */
  EP_ASSERT_RUN (PLAN_AS (REGISSEUR, "regie", "handover", household, "--versie", "5", "--naar",
                          COLLEAGUE, "--datum", "2026-12-14", "--notitie",
                          "Jolanda kent Thomas van de dagbesteding"),
                 EP_CLI_EXIT_OK,
                 ep_cli_printf ("gezinsplan van huishouden %s: regie overgedragen aan t.visser per "
                                "2026-12-14; nu versie 6\n",
                                household),
                 "");

  /* Shown for people, as the case worker reads it. */
  EP_ASSERT_RUN (ep_cli_run (NULL, "plan", "show", household, NULL), EP_CLI_EXIT_OK,
                 ep_cli_printf (JOLANDA_PLAN_SHOWN, household, jolanda, pw, wmo, jw, wgs, geen,
                                goal_id, action_id),
                 "");
  /* As JSON: the document as plans/ gives it. */
  const EpCliRun *json = ep_cli_run (NULL, "plan", "show", household, "--json", NULL);
  EP_ASSERT_RUN (json, EP_CLI_EXIT_OK, NULL, "");
  JsonObject *doc = json_node_get_object (ep_cli_json (json));
  ck_assert_str_eq (json_object_get_string_member (doc, "id"), plan);
  ck_assert_int_eq (json_object_get_int_member (doc, "version"), 6);
  JsonObject *begeleiding
    = json_array_get_object_element (json_object_get_array_member (doc, "afspraken"), 0);
  ck_assert_str_eq (ep_cli_to_text (json_object_get_member (begeleiding, "omvang")),
                    "{\"volume\":102,\"eenheid\":\"01\",\"frequentie\":\"2\"}");
  ck_assert_str_eq (json_object_get_string_member (begeleiding, "productcategorie"), "02");
  ck_assert_str_eq (
    json_object_get_string_member (json_object_get_object_member (doc, "regisseur"), "username"),
    COLLEAGUE);
  /* A version as it stood. */
  const EpCliRun *v2
    = ep_cli_run (NULL, "plan", "show", household, "--versie", "2", "--json", NULL);
  EP_ASSERT_RUN (v2, EP_CLI_EXIT_OK, NULL, "");
  ck_assert_int_eq (json_object_get_int_member (json_node_get_object (ep_cli_json (v2)), "version"),
                    2);

  /* The versions, newest first, the agreed one marked. */
  const EpCliRun *versions = ep_cli_run (NULL, "plan", "versions", household, NULL);
  EP_ASSERT_RUN (versions, EP_CLI_EXIT_OK, NULL, "");
  const gchar *const *lines = ep_cli_lines (versions->out);
  ck_assert_uint_eq (g_strv_length ((gchar **) lines), 7);
  ck_assert_msg (g_str_has_prefix (lines[0], "versie 6  "), "%s", lines[0]);
  ck_assert_msg (g_str_has_suffix (lines[0], "  Rana Demir (r.demir): Jolanda kent Thomas van de "
                                             "dagbesteding"),
                 "%s", lines[0]);
  ck_assert_msg (g_str_has_suffix (lines[1], "  Rana Demir (r.demir): Loopt via het Werkplein"),
                 "%s", lines[1]);
  ck_assert_str_eq (lines[2], "  akkoord met de bewoner op 2026-12-10 (Mondeling), vastgelegd door "
                              "r.demir");
  ck_assert_msg (g_str_has_prefix (lines[6], "versie 1  "), "%s", lines[6]);

  /* The difference between the agreed version and now. */
  EP_ASSERT_RUN (ep_cli_run (NULL, "plan", "diff", household, "--van", "5", "--naar", "6", NULL),
                 EP_CLI_EXIT_OK,
                 "Van versie 5 naar versie 6: 1 wijziging\n"
                 "  gewijzigd   regisseur.username: \"r.demir\" → \"t.visser\"\n",
                 "");
  const EpCliRun *diff
    = ep_cli_run (NULL, "plan", "diff", household, "--van", "3", "--naar", "5", "--json", NULL);
  EP_ASSERT_RUN (diff, EP_CLI_EXIT_OK, NULL, "");
  ck_assert_str_eq (
    ep_cli_to_text (
      json_object_get_member (json_node_get_object (ep_cli_json (diff)), "wijzigingen")),
    ep_cli_printf ("[{\"pad\":\"hulpvragen[%s].wet\",\"soort\":\"gewijzigd\",\"van\":\"WGS\","
                   "\"naar\":\"PW\"},{\"pad\":\"afspraken[%s]\",\"soort\":\"toegevoegd\",\"van\":"
                   "null,\"naar\":%s}]",
                   wgs, action_id,
                   ep_cli_to_text (json_array_get_element (
                     json_object_get_array_member (
                       json_node_get_object (ep_cli_parse (
                         ep_cli_value ("SELECT document::text FROM plan_version WHERE gemeente = $1"
                                       " AND version = 4",
                                       NULL))),
                       "afspraken"),
                     0))));

  /* The audit trail: one event per write, as the users who did the work. */
  ck_assert_str_eq (ep_cli_value ("SELECT string_agg(action || ' ' || actor_id, ', ' ORDER BY id)"
                                  "  FROM audit_event WHERE gemeente = $1 AND entity_type = 'plan'",
                                  NULL),
                    "plan_create r.demir, plan_situation r.demir, plan_goal_add r.demir, "
                    "plan_action_add r.demir, plan_need_law r.demir, plan_agree r.demir, "
                    "plan_handover r.demir");

  /* The new regisseur changes the goal: only what is given changes. */
  EP_ASSERT_RUN (PLAN_AS (COLLEAGUE, "goal", "change", household, goal_id, "--versie", "6",
                          "--status", "behaald", "--reden", "Jolanda werkt sinds januari"),
                 EP_CLI_EXIT_OK, NULL, "");
  ck_assert_str_eq (ep_cli_value ("SELECT concat_ws('|', omschrijving, status, streefdatum,"
                                  "  (SELECT count(*) FROM plan_goal_need gn"
                                  "    WHERE gn.gemeente = g.gemeente AND gn.goal_id = g.id))"
                                  "  FROM plan_goal g WHERE gemeente = $1",
                                  NULL),
                    "Jolanda heeft betaald werk|behaald|2027-06-30|2");
  /* The action ends, according to plan. */
  EP_ASSERT_RUN (PLAN_AS (COLLEAGUE, "action", "change", household, action_id, "--versie", "7",
                          "--einddatum", "2027-01-31", "--reden-einde", "19", "--reden",
                          "Doel behaald"),
                 EP_CLI_EXIT_OK, NULL, "");
  ck_assert_str_eq (ep_cli_value ("SELECT concat_ws('|', productcategorie, volume, eenheid,"
                                  "  frequentie, einddatum, reden_einde)"
                                  "  FROM plan_action WHERE gemeente = $1",
                                  NULL),
                    "02|102|01|2|2027-01-31|19");
  /* Closed: it changes no more. */
  EP_ASSERT_RUN (
    PLAN_AS (COLLEAGUE, "close", household, "--versie", "8", "--reden", "Alle doelen behaald"),
    EP_CLI_EXIT_OK,
    ep_cli_printf ("gezinsplan van huishouden %s: afgesloten; nu versie 9\n", household), "");
  EP_ASSERT_RUN (ep_cli_run (NULL, "plan", "show", household, NULL), EP_CLI_EXIT_FAILURE, "",
                 "eenplan plan show: household_id: dit huishouden heeft geen actief plan\n");
}
END_TEST

/* Every refusal: its exit code, its words, and nothing changed. */
START_TEST (test_plan_refused)
{
  const gchar *household = jolanda_household ();
  EP_ASSERT_RUN (PLAN_AS (REGISSEUR, "create", household, "--regisseur", REGISSEUR, "--reden",
                          "Start van het gezinsplan"),
                 EP_CLI_EXIT_OK, NULL, "");
  const gchar *plan = ep_cli_value ("SELECT id FROM plan WHERE gemeente = $1", NULL);
  const gchar *counts = plan_counts ();

  /* A second plan: the one there is named. */
  EP_ASSERT_RUN (
    PLAN_AS (SUPERVISOR, "create", household, "--regisseur", COLLEAGUE, "--reden", "Nog een plan"),
    EP_CLI_EXIT_FAILURE, "",
    ep_cli_printf ("eenplan plan create: household_id: dit huishouden heeft al een "
                   "actief plan (%s)\n",
                   plan));
  /* A stale version: the version now, and what to do. */
  EP_ASSERT_RUN (PLAN_AS (REGISSEUR, "situation", household, "--versie", "3", "--goed-gaat", "Veel",
                          "--reden", "Gesprek"),
                 EP_CLI_EXIT_FAILURE, "",
                 ep_cli_printf ("eenplan plan situation: het plan is intussen gewijzigd: u gaf "
                                "--versie 3, het is nu versie 1; bekijk het opnieuw (eenplan plan "
                                "show %s) en geef die versie\n",
                                household));
  /* A code not in its list, a volume that is no whole number, a product category of the other
   * law, GEEN for maatwerk: each with its path, the option that gave it, and the rule. */
  static const struct
  {
    const gchar *option, *value, *message;
  } codes[] = {
    { "--eenheid", "02",
      "omvang.eenheid (--eenheid): onbekende code '02' (Eenheid (iStandaarden))" },
    { "--volume", "1.7",
      "omvang.volume (--volume): moet een geheel getal zijn (iStandaarden kennen geen breuken: 1,7 "
      "uur per week is volume 102, eenheid 01 (minuut), frequentie 2 (per week))" },
    { "--productcategorie", "45",
      "productcategorie (--productcategorie): onbekende code '45' (Productcategorie Wmo (iWmo))" },
    { "--wet", "GEEN",
      "wet (--wet): een maatwerkvoorziening valt onder een wet (GEEN is voorliggend)" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      const gchar *args[] = { "action",
                              "add",
                              household,
                              "--versie",
                              "1",
                              "--soort",
                              "maatwerkvoorziening",
                              "--omschrijving",
                              "Begeleiding",
                              "--uitvoerder",
                              "De Linde",
                              "--wet",
                              "WMO",
                              "--productcategorie",
                              "02",
                              "--aanbieder",
                              "De Linde",
                              "--begindatum",
                              "2026-12-07",
                              "--volume",
                              "102",
                              "--eenheid",
                              "01",
                              "--frequentie",
                              "2",
                              "--reden",
                              "Begeleiding",
                              codes[i].option,
                              codes[i].value,
                              NULL };
      EP_ASSERT_RUN (plan_as (REGISSEUR, args), EP_CLI_EXIT_FAILURE, "",
                     ep_cli_printf ("eenplan plan action add: %s\n", codes[i].message));
    }
  /* The same body from a file: the path alone, as the API names it. */
  const gchar *file = ep_cli_write_file (
    "action.json", "{\"soort\": \"maatwerkvoorziening\", \"omschrijving\": \"Begeleiding\","
                   " \"uitvoerder\": \"De Linde\", \"wet\": \"WMO\", \"productcategorie\": \"02\","
                   " \"aanbieder\": \"De Linde\", \"begindatum\": \"2026-12-07\", \"omvang\":"
                   " {\"volume\": 102, \"eenheid\": \"02\", \"frequentie\": \"2\"},"
                   " \"reden\": \"Begeleiding\"}");
  EP_ASSERT_RUN (
    PLAN_AS (REGISSEUR, "action", "add", household, "--versie", "1", "--bestand", file),
    EP_CLI_EXIT_FAILURE, "",
    "eenplan plan action add: omvang.eenheid: onbekende code '02' (Eenheid "
    "(iStandaarden))\n");

  /* Not the regisseur: another regisseur, a case worker. */
  EP_ASSERT_RUN (PLAN_AS (COLLEAGUE, "situation", household, "--versie", "1", "--goed-gaat", "Veel",
                          "--reden", "Gesprek"),
                 EP_CLI_EXIT_FAILURE, "",
                 "eenplan plan situation: regisseur: alleen de regisseur van dit plan "
                 "(r.demir) of een supervisor wijzigt het\n");
  EP_ASSERT_RUN (ep_cli_run (NULL, "plan", "close", household, "--versie", "1", "--reden",
                             "Verhuisd naar Enschede", NULL),
                 EP_CLI_EXIT_FAILURE, "",
                 "eenplan plan close: regisseur: alleen de regisseur van dit plan "
                 "(r.demir) of een supervisor wijzigt het\n");
  /* Missing options: a usage error, before anything is opened. */
  EP_ASSERT_RUN (PLAN_AS (REGISSEUR, "close", household, "--reden", "Verhuisd naar Enschede"),
                 EP_CLI_EXIT_USAGE, "",
                 "eenplan plan close: geef --versie, de versie van het plan die u hebt bekeken\n");
  EP_ASSERT_RUN (PLAN_AS (REGISSEUR, "goal", "add", household, "--versie", "1"), EP_CLI_EXIT_USAGE,
                 "", "eenplan plan goal add: geef --reden, waarom (wordt bewaard bij de versie)\n");
  EP_ASSERT_RUN (PLAN_AS (REGISSEUR, "regie", "handover", household, "--versie", "1", "--naar",
                          COLLEAGUE, "--datum", "2026-12-14"),
                 EP_CLI_EXIT_USAGE, "",
                 "eenplan plan regie handover: geef --notitie, wat de nieuwe regisseur moet weten "
                 "(de warme overdracht)\n");
  EP_ASSERT_RUN (PLAN_AS (REGISSEUR, "goal", "remove", household), EP_CLI_EXIT_USAGE, "", NULL);
  ck_assert_str_eq (plan_counts (), counts);

  /* Shielded, naming only the colleague: the regisseur is refused a read (logged) and a write. */
  EP_ASSERT_RUN (ep_cli_run_env ((const gchar *const[]){ "EENPLAN_GEBRUIKER=" SUPERVISOR, NULL },
                                 NULL,
                                 (const gchar *const[]){ "household", "shield", household,
                                                         "--reden", "Opvangadres: vertrouwelijk",
                                                         "--toegang", COLLEAGUE, NULL }),
                 EP_CLI_EXIT_OK, NULL, "");
  counts = plan_counts ();
  EP_ASSERT_RUN (PLAN_AS (REGISSEUR, "show", household), EP_CLI_EXIT_FAILURE, "",
                 "eenplan plan show: household_id: dit huishouden is afgeschermd: alleen wie de "
                 "afscherming noemt, of wie noodtoegang heeft, kan het openen\n");
  ck_assert_int_eq (ep_cli_int ("SELECT count(*) FROM access_log WHERE gemeente = $1"
                                "   AND entity_type = 'plan' AND outcome = 'denied'"
                                "   AND actor_id = '" REGISSEUR "' AND household_id = $2::uuid",
                                household, NULL),
                    1);
  EP_ASSERT_RUN (
    PLAN_AS (REGISSEUR, "close", household, "--versie", "1", "--reden", "Verhuisd naar Enschede"),
    EP_CLI_EXIT_FAILURE, "",
    "eenplan plan close: household_id: dit huishouden is afgeschermd: alleen wie de "
    "afscherming noemt, of wie noodtoegang heeft, kan het openen\n");
  ck_assert_str_eq (plan_counts (), counts);
}
END_TEST

Suite *
ep_cli_plan_suite (void)
{
  Suite *suite = suite_create ("plan");
  TCase *plan = ep_cli_tcase ("plan");
  tcase_set_timeout (plan, 120);
  tcase_add_test (plan, test_plan_jolanda);
  tcase_add_test (plan, test_plan_refused);
  suite_add_tcase (suite, plan);
  return suite;
}
