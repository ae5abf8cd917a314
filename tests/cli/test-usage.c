/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-usage.c: how `eenplan` refuses before doing anything: wrong usage exits 2 with a message
 * naming what is wrong, a database it cannot reach (or a configuration that names none) exits 3;
 * neither writes a row. The configuration is the test's own file, changed or replaced per case,
 * or EENPLAN_DATABASE_URL, which comes first.
 */
#include "cli-suites.h"

/* Ids that exist nowhere: usage is refused before any is looked up. */
#define SOME_ID "0190a000-0000-7000-8000-0000000000aa"

typedef struct
{
  const gchar *args[9];
  const gchar *env[2]; /* changes to the environment (ep_cli_run_env) */
  const gchar *input;
  const gchar *err; /* the whole of standard error; with `usage`, its first line */
  gboolean usage;   /* after the message comes the usage text */
} UsageCase;

static const UsageCase usage_cases[] = {
  { { "frobnicate" }, { NULL }, NULL, "eenplan: onbekende opdracht 'frobnicate'", TRUE },
  { { NULL }, { NULL }, NULL, "Gebruik: eenplan OPDRACHT [OPTIES]", TRUE },
  { { "intake", "show", "--bogus" }, { NULL }, NULL, "eenplan: Unknown option --bogus", TRUE },
  { { "household", "find", "--huisnummer", "twaalf" },
    { NULL },
    NULL,
    "eenplan: Cannot parse integer value “twaalf” for --huisnummer",
    TRUE },
  { { "audit" },
    { NULL },
    NULL,
    "eenplan audit: geef één actie: verify, checkpoint, seal, log, keygen of public-key\n" },
  { { "audit", "frob" }, { NULL }, NULL, "eenplan audit: onbekende actie 'frob'\n" },
  { { "audit", "log" }, { NULL }, NULL, "eenplan audit log: geef --gemeente\n" },
  { { "audit", "log", "--gemeente", "GM0164", "-n", "0" },
    { NULL },
    NULL,
    "eenplan audit log: --limit moet 1–1000 zijn\n" },
  { { "audit", "log", "--gemeente", "GM0164", "--van", "24-11-2026" },
    { NULL },
    NULL,
    "eenplan audit log: --van en --tot zijn datums als 2026-11-24\n" },
  { { "audit", "verify", "--expect", "3:abc" },
    { NULL },
    NULL,
    "eenplan audit verify: --expect wil SEQ:HASH (64 hexadecimale tekens), samen met "
    "--gemeente\n" },
  { { "intake", "record" },
    { NULL },
    NULL,
    "eenplan intake: gebruik `eenplan intake record BESTAND|-`, `show ID`, `start HUISHOUDEN "
    "--vindplaats ID`, `finalise ID --versie N` of `addendum ID --reden R --tekst T`\n" },
  { { "intake", "finalise", SOME_ID },
    { NULL },
    NULL,
    "eenplan intake finalise: geef --versie, de versie die u hebt bekeken\n" },
  /* An empty or blank reason or text is no reason or text: usage, naming the option. */
  { { "intake", "addendum", SOME_ID, "--reden", "", "--tekst", "Adres gecorrigeerd" },
    { NULL },
    NULL,
    "eenplan intake addendum: geef --reden, waarom de intake wordt aangevuld\n" },
  { { "intake", "addendum", SOME_ID, "--reden", "Typfout", "--tekst", " \t " },
    { NULL },
    NULL,
    "eenplan intake addendum: geef --tekst, de correctie of aanvulling\n" },
  { { "intake", "start", SOME_ID, "--vindplaats", "" },
    { NULL },
    NULL,
    "eenplan intake start: geef --vindplaats, waar het gesprek plaatsvindt\n" },
  { { "intake", "start", SOME_ID },
    { NULL },
    NULL,
    "eenplan intake start: geef --vindplaats, waar het gesprek plaatsvindt\n" },
  { { "household", "show", SOME_ID },
    { "EENPLAN_GEBRUIKER" },
    NULL,
    "eenplan: geef --gemeente en --gebruiker (of EENPLAN_GEMEENTE en EENPLAN_GEBRUIKER)\n" },
  { { "contact", "record", "-" },
    { "EENPLAN_GEMEENTE" },
    "{\"vindplaats_id\": \"" EP_CLI_VINDPLAATS "\", \"channel\": \"balie\", \"type\": "
    "\"hulpvraag\", \"question\": \"Hulp\", \"date\": \"2026-11-18\"}",
    "eenplan: geef --gemeente en --gebruiker (of EENPLAN_GEMEENTE en EENPLAN_GEBRUIKER)\n" },
  { { "household", "find", "--bsn", "-" },
    { NULL },
    "",
    "eenplan household find: geen BSN op de invoer\n" },
  { { "household", "show" },
    { NULL },
    NULL,
    "eenplan household: gebruik `create BESTAND|-`, `show ID`, `find --postcode P [--huisnummer "
    "N]`, `find --bsn BSN`, `leave PERSOON --datum D`, `shield ID --reden R --toegang GEBRUIKER` "
    "of `unshield ID --reden R`\n" },
  { { "household", "shield", SOME_ID, "--toegang", "b.jansen" },
    { NULL },
    NULL,
    "eenplan household shield: geef --reden, waarom (wordt bewaard in het auditspoor)\n" },
  { { "household", "shield", SOME_ID, "--reden", "Opvangadres: vertrouwelijk" },
    { NULL },
    NULL,
    "eenplan household shield: geef --toegang, wie toegang houdt (een gebruikersnaam; herhaal "
    "voor meer)\n" },
  { { "household", "unshield", SOME_ID },
    { NULL },
    NULL,
    "eenplan household unshield: geef --reden, waarom (wordt bewaard in het auditspoor)\n" },
  { { "consent", "give", SOME_ID },
    { NULL },
    NULL,
    "eenplan consent: gebruik `eenplan consent grant BESTAND|-` of `eenplan consent revoke ID`\n" },
  { { "contact", "send", "-" },
    { NULL },
    NULL,
    "eenplan contact: gebruik `eenplan contact record BESTAND|-`\n" },
  { { "bsn", "keygen", "nu" },
    { NULL },
    NULL,
    "eenplan bsn: gebruik `eenplan bsn keygen [--if-missing]`\n" },
  { { "demo" }, { NULL }, NULL, "eenplan demo: gebruik `eenplan demo load`\n" },
};

START_TEST (test_usage_refused)
{
  const UsageCase *c = &usage_cases[_i];
  EpCliCounts before = ep_cli_counts ();

  const EpCliRun *run = ep_cli_run_env (c->env, c->input, c->args);
  EP_ASSERT_RUN (run, EP_CLI_EXIT_USAGE, "", c->usage ? NULL : c->err);
  if (c->usage)
    {
      const gchar *const *lines = ep_cli_lines (run->err);
      ck_assert_msg (lines[0] != NULL && strcmp (lines[0], c->err) == 0,
                     "%s: stderr is\n%s--- want first\n%s", run->command, run->err, c->err);
      ck_assert_msg (strstr (run->err, "eenplan") != NULL && g_strv_length ((gchar **) lines) > 3,
                     "%s: no usage after the message:\n%s", run->command, run->err);
    }
  ep_cli_assert_unchanged (&before, run->command);
}
END_TEST

/* ---- the database ---------------------------------------------------------------------- */

/* A database that cannot be reached: a socket directory of the test's, where nothing listens. */
static const gchar *
nowhere (void)
{
  return ep_cli_printf ("host=%s dbname=eenplan user=eenplan_owner connect_timeout=5",
                        ep_cli_path ("nowhere"));
}

typedef enum
{
  URL_NOWHERE,       /* the configuration file names it */
  BOTH_URLS_NOWHERE, /* for both roles */
  ENV_URL_NOWHERE,   /* EENPLAN_DATABASE_URL names it, over the test's working file */
  CONFIG_MISSING,    /* EENPLAN_CONFIG names a file that is not there */
  CONFIG_WITHOUT_URL /* the file has only owner_url */
} Unreachable;

static const struct
{
  Unreachable setup;
  const gchar *args[6];
  gboolean fixture_input; /* the intake fixture on standard input */
  const gchar *file;      /* the message names this file of the test's directory… */
  const gchar *after;     /* …followed by this */
} unreachable_cases[] = {
  { URL_NOWHERE, { "household", "show", SOME_ID }, FALSE, "nowhere", "/.s.PGSQL.5432" },
  { URL_NOWHERE, { "intake", "record", "-" }, TRUE, "nowhere", "/.s.PGSQL.5432" },
  { BOTH_URLS_NOWHERE, { "demo", "load" }, FALSE, "nowhere", "/.s.PGSQL.5432" },
  { ENV_URL_NOWHERE, { "audit", "seal" }, FALSE, "nowhere", "/.s.PGSQL.5432" },
  { ENV_URL_NOWHERE,
    { "audit", "log", "--gemeente", "GM0164" },
    FALSE,
    "nowhere",
    "/.s.PGSQL.5432" },
  /* Neither is a reason to start an embedded cluster instead. */
  { CONFIG_MISSING, { "audit", "verify" }, FALSE, "missing.conf", ": No such file or directory" },
  { CONFIG_WITHOUT_URL,
    { "consent", "revoke", SOME_ID },
    FALSE,
    "eenplan.conf",
    " has no 'url' in group [database]" },
};

START_TEST (test_database_unreachable)
{
  const gchar *env[2] = { NULL, NULL };
  switch (unreachable_cases[_i].setup)
    {
      case URL_NOWHERE:
        ep_cli_write_file ("eenplan.conf", ep_cli_printf ("[database]\nurl=%s\n", nowhere ()));
        break;
      case BOTH_URLS_NOWHERE:
        ep_cli_write_file ("eenplan.conf", ep_cli_printf ("[database]\nurl=%s\nowner_url=%s\n",
                                                          nowhere (), nowhere ()));
        break;
      case ENV_URL_NOWHERE:
        env[0] = ep_cli_printf ("EENPLAN_DATABASE_URL=%s", nowhere ());
        break;
      case CONFIG_MISSING:
        env[0] = ep_cli_printf ("EENPLAN_CONFIG=%s", ep_cli_path ("missing.conf"));
        break;
      case CONFIG_WITHOUT_URL:
        ep_cli_write_file ("eenplan.conf",
                           ep_cli_printf ("[database]\nowner_url=%s\n", nowhere ()));
        break;
    }
  EpCliCounts before = ep_cli_counts ();

  const EpCliRun *run
    = ep_cli_run_env (env, unreachable_cases[_i].fixture_input ? ep_cli_fixture_text () : NULL,
                      unreachable_cases[_i].args);
  EP_ASSERT_RUN (run, EP_CLI_EXIT_DB_UNAVAILABLE, "", NULL);
  const gchar *names
    = ep_cli_printf ("%s%s", ep_cli_path (unreachable_cases[_i].file), unreachable_cases[_i].after);
  ck_assert_msg (g_str_has_prefix (run->err, "eenplan: ") && strstr (run->err, names) != NULL,
                 "%s: stderr does not name %s:\n%s", run->command, names, run->err);
  ep_cli_assert_unchanged (&before, run->command);
}
END_TEST

/*
 * A missing required option is wrong usage (exit 2), refused before the database is opened, and
 * the message names the option to give, not the library's JSON member.
 */
static const struct
{
  const gchar *args[6];
  const gchar *option; /* the option the message must name */
} missing_option_cases[] = {
  { { "intake", "addendum", SOME_ID, "--reden", "Typfout" }, "--tekst" },
  { { "intake", "addendum", SOME_ID, "--tekst", "Marc, niet Mark." }, "--reden" },
  { { "household", "find" }, "--postcode" },
  { { "household", "leave", SOME_ID }, "--datum" },
};

START_TEST (test_missing_option_is_usage)
{
  EpCliCounts before = ep_cli_counts ();
  const EpCliRun *run = ep_cli_run_env (NULL, NULL, missing_option_cases[_i].args);
  ep_cli_assert_unchanged (&before, run->command);
  EP_ASSERT_RUN (run, EP_CLI_EXIT_USAGE, "", NULL);
  ck_assert_msg (strstr (run->err, missing_option_cases[_i].option) != NULL,
                 "%s: the message does not name %s: %s", run->command,
                 missing_option_cases[_i].option, run->err);
}
END_TEST

/* "kon de database niet bereiken": "niet" before the infinitive, as Dutch has it. */
START_TEST (test_unreachable_message_is_dutch)
{
  ep_cli_write_file ("eenplan.conf", ep_cli_printf ("[database]\nurl=%s\n", nowhere ()));
  const EpCliRun *run = ep_cli_run (NULL, "household", "show", SOME_ID, NULL);
  EP_ASSERT_RUN (run, EP_CLI_EXIT_DB_UNAVAILABLE, "", NULL);
  ck_assert_msg (g_str_has_prefix (run->err, "eenplan: kon de database niet bereiken: "),
                 "not Dutch word order: %s", run->err);
}
END_TEST

Suite *
ep_cli_usage_suite (void)
{
  Suite *suite = suite_create ("usage");

  TCase *usage = ep_cli_tcase ("usage");
  tcase_add_loop_test (usage, test_usage_refused, 0, G_N_ELEMENTS (usage_cases));
  suite_add_tcase (suite, usage);

  TCase *database = ep_cli_tcase ("database");
  tcase_add_loop_test (database, test_database_unreachable, 0, G_N_ELEMENTS (unreachable_cases));
  tcase_add_test (database, test_unreachable_message_is_dutch);
  suite_add_tcase (suite, database);

  tcase_add_loop_test (usage, test_missing_option_is_usage, 0, G_N_ELEMENTS (missing_option_cases));
  return suite;
}
