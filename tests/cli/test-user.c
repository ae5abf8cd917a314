/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-user.c: `eenplan user add|passwd|disable|list` as an administrator of the test's
 * municipality: exact output and exit codes, the password read from standard input (never an
 * argument, never printed, stored only as a PBKDF2 hash), the audit events, a user who is no
 * administrator refused. (The demo users, and `eenplan serve` refusing to start while they are
 * active, are tested with the demo cluster in test-demo.c.)
 */
#include "cli-suites.h"

#include "ep-password.h"

#define ADMIN "beheer.test"
#define PASSWORD "een lange zin als wachtwoord"
#define PASSWORD2 "nog een andere lange zin"

/* The test's municipality gets an administrator (no password: the CLI does not sign in). */
static void
add_admin (void)
{
  ck_assert_str_eq (ep_cli_value ("INSERT INTO app_user (gemeente, username, display_name, role)"
                                  " VALUES ($1, '" ADMIN "', 'Beheer Test', 'admin')"
                                  " RETURNING username",
                                  NULL),
                    ADMIN);
}

/* Runs `eenplan ARGS…` (NULL-terminated) as @user with @input on standard input. */
static const EpCliRun *
run_as (const gchar *user, const gchar *input, const gchar *const *args)
{
  const gchar *env[] = { ep_cli_printf ("EENPLAN_GEBRUIKER=%s", user), NULL };
  return ep_cli_run_env (env, input, args);
}

#define AS_ADMIN(input, ...) run_as (ADMIN, (input), (const gchar *const[]){ __VA_ARGS__, NULL })

/* The audit events of users in the test's municipality: "action actor, …" in order. */
static const gchar *
user_events (void)
{
  return ep_cli_value (
    "SELECT coalesce(string_agg(action || ' ' || actor_id, ', ' ORDER BY id), '')"
    "  FROM audit_event WHERE gemeente = $1 AND entity_type = 'app_user'",
    NULL);
}

START_TEST (test_user_add_passwd_disable)
{
  add_admin ();

  /* Added with the password from standard input; the password is nowhere in the output. */
  const EpCliRun *run = AS_ADMIN (PASSWORD "\n", "user", "add", "piet.regisseur", "--naam",
                                  "Piet de Regisseur", "--rol", "regisseur");
  EP_ASSERT_RUN (run, EP_CLI_EXIT_OK, "gebruiker piet.regisseur toegevoegd (regisseur)\n", "");
  const gchar *hash = ep_cli_value (
    "SELECT password_hash FROM app_user WHERE gemeente = $1 AND username = 'piet.regisseur'", NULL);
  ck_assert_msg (g_str_has_prefix (hash, "pbkdf2-sha256$600000$"), "hash %s", hash);
  ck_assert_ptr_null (strstr (hash, PASSWORD));
  ck_assert (ep_password_verify (PASSWORD, hash));
  ck_assert_str_eq (ep_cli_value ("SELECT concat_ws(' ', display_name, role, active, demo)"
                                  "  FROM app_user WHERE gemeente = $1"
                                  "   AND username = 'piet.regisseur'",
                                  NULL),
                    "Piet de Regisseur regisseur t f");

  /* A partner, with its organisation; the line end may be \r\n; --json gives the id. */
  run = AS_ADMIN (PASSWORD "\r\n", "user", "add", "tactus.partner", "--naam", "T. Partner", "--rol",
                  "partner", "--organisatie", "Tactus", "--json");
  EP_ASSERT_RUN (run, EP_CLI_EXIT_OK, NULL, "");
  JsonObject *added = json_node_get_object (ep_cli_json (run));
  ck_assert_str_eq (json_object_get_string_member (added, "id"),
                    ep_cli_value ("SELECT id FROM app_user WHERE gemeente = $1"
                                  "   AND username = 'tactus.partner'",
                                  NULL));
  ck_assert (ep_password_verify (
    PASSWORD, ep_cli_value ("SELECT password_hash FROM app_user WHERE gemeente = $1"
                            "   AND username = 'tactus.partner'",
                            NULL)));

  /* A new password: only the first line counts. */
  run = AS_ADMIN (PASSWORD2 "\nen meer\n", "user", "passwd", "piet.regisseur");
  EP_ASSERT_RUN (run, EP_CLI_EXIT_OK,
                 "wachtwoord van piet.regisseur gewijzigd; de sessies van piet.regisseur zijn "
                 "beëindigd\n",
                 "");
  const gchar *hash2 = ep_cli_value (
    "SELECT password_hash FROM app_user WHERE gemeente = $1 AND username = 'piet.regisseur'", NULL);
  ck_assert (ep_password_verify (PASSWORD2, hash2));
  ck_assert (!ep_password_verify (PASSWORD, hash2));

  run = AS_ADMIN (NULL, "user", "disable", "piet.regisseur");
  EP_ASSERT_RUN (run, EP_CLI_EXIT_OK,
                 "gebruiker piet.regisseur uitgeschakeld; de sessies van piet.regisseur zijn "
                 "beëindigd\n",
                 "");
  ck_assert_str_eq (ep_cli_value ("SELECT active::text FROM app_user WHERE gemeente = $1"
                                  "   AND username = 'piet.regisseur'",
                                  NULL),
                    "false");
  /* A disabled user acts no more. */
  run = run_as ("piet.regisseur", NULL, (const gchar *const[]){ "user", "list", NULL });
  ck_assert_int_eq (run->status, EP_CLI_EXIT_FAILURE);

  ck_assert_str_eq (user_events (),
                    "create " ADMIN ", create " ADMIN ", set_password " ADMIN ", disable " ADMIN);
  /* No audit event holds a password or a hash. */
  ck_assert_int_eq (ep_cli_int ("SELECT count(*) FROM audit_event WHERE gemeente = $1"
                                "   AND (change::text LIKE '%pbkdf2%' OR change::text LIKE $2"
                                "        OR change::text LIKE $3)",
                                "%" PASSWORD "%", "%" PASSWORD2 "%", NULL),
                    0);
}
END_TEST

START_TEST (test_user_list)
{
  add_admin ();
  EP_ASSERT_RUN (AS_ADMIN (PASSWORD "\n", "user", "add", "zoë.partner", "--naam", "Zoë Ërnst",
                           "--rol", "partner", "--organisatie", "Tactus"),
                 EP_CLI_EXIT_FAILURE, "",
                 "eenplan user add: username: 2–64 kleine letters, cijfers, punt, _ of -\n");
  EP_ASSERT_RUN (AS_ADMIN (PASSWORD "\n", "user", "add", "zoe.partner", "--naam", "Zoë Ërnst",
                           "--rol", "partner", "--organisatie", "Tactus"),
                 EP_CLI_EXIT_OK, "gebruiker zoe.partner toegevoegd (partner)\n", "");
  EP_ASSERT_RUN (AS_ADMIN (NULL, "user", "list"), EP_CLI_EXIT_OK,
                 "gebruikersnaam  naam         rol          organisatie  actief  demo  wachtwoord\n"
                 "b.jansen        B. Jansen    casemanager  -            ja      nee   geen\n"
                 "beheer.test     Beheer Test  admin        -            ja      nee   geen\n"
                 "zoe.partner     Zoë Ërnst    partner      Tactus       ja      nee   ingesteld\n",
                 "");

  const EpCliRun *run = AS_ADMIN (NULL, "user", "list", "--json");
  EP_ASSERT_RUN (run, EP_CLI_EXIT_OK, NULL, "");
  JsonArray *users = json_node_get_array (ep_cli_json (run));
  ck_assert_int_eq (json_array_get_length (users), 3);
  JsonNode *zoe = json_array_get_element (users, 2);
  json_object_remove_member (json_node_get_object (zoe), "id");
  ck_assert_str_eq (ep_cli_to_text (zoe),
                    "{\"username\":\"zoe.partner\",\"display_name\":\"Zoë Ërnst\","
                    "\"role\":\"partner\",\"partner_organisation\":\"Tactus\",\"active\":true,"
                    "\"demo\":false,\"has_password\":true}");
  ck_assert_ptr_null (strstr (run->out, "pbkdf2"));
  ck_assert_ptr_null (strstr (run->out, "hash"));
}
END_TEST

/* Who is no administrator is refused every command, before a password is read; nothing is
 * written. */
START_TEST (test_user_not_admin)
{
  static const gchar *const commands[][8] = {
    { "user", "add", "piet", "--naam", "Piet", "--rol", "admin", NULL },
    { "user", "passwd", EP_CLI_USER, NULL },
    { "user", "disable", EP_CLI_USER, NULL },
    { "user", "list", NULL },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      const EpCliRun *run = run_as (EP_CLI_USER, PASSWORD "\n", commands[i]);
      EP_ASSERT_RUN (run, EP_CLI_EXIT_FAILURE, "",
                     ep_cli_printf ("eenplan user %s: alleen een beheerder (rol admin) mag "
                                    "gebruikers beheren; " EP_CLI_USER " heeft de rol "
                                    "casemanager\n",
                                    commands[i][1]));
    }
  ck_assert_int_eq (ep_cli_int ("SELECT count(*) FROM app_user WHERE gemeente = $1", NULL), 1);
  ck_assert_str_eq (ep_cli_value ("SELECT concat_ws(' ', active, password_hash IS NULL)"
                                  "  FROM app_user WHERE gemeente = $1",
                                  NULL),
                    "t t");
  ck_assert_str_eq (user_events (), "");
}
END_TEST

/* Wrong input: the exit code, the message naming the field or option, and nothing written. */
START_TEST (test_user_refused)
{
  add_admin ();
  static const struct
  {
    const gchar *input;
    const gchar *args[10];
    gint status;
    const gchar *err;
  } cases[] = {
    { NULL,
      { "user", "add", "piet", "--naam", "Piet", "--rol", "regisseur", NULL },
      EP_CLI_EXIT_FAILURE,
      "eenplan user add: password: leeg; geef het wachtwoord op de eerste regel van de "
      "standaardinvoer (nooit als argument)\n" },
    { "\n",
      { "user", "add", "piet", "--naam", "Piet", "--rol", "regisseur", NULL },
      EP_CLI_EXIT_FAILURE,
      "eenplan user add: password: leeg; geef het wachtwoord op de eerste regel van de "
      "standaardinvoer (nooit als argument)\n" },
    { "kort\n",
      { "user", "add", "piet", "--naam", "Piet", "--rol", "regisseur", NULL },
      EP_CLI_EXIT_FAILURE,
      "eenplan user add: password: ten minste 12 tekens (een zin is goed te onthouden)\n" },
    { "kort\n",
      { "user", "passwd", EP_CLI_USER, NULL },
      EP_CLI_EXIT_FAILURE,
      "eenplan user passwd: password: ten minste 12 tekens (een zin is goed te onthouden)\n" },
    { "\n",
      { "user", "passwd", EP_CLI_USER, NULL },
      EP_CLI_EXIT_FAILURE,
      "eenplan user passwd: password: leeg; geef het wachtwoord op de eerste regel van de "
      "standaardinvoer (nooit als argument)\n" },
    { PASSWORD "\n",
      { "user", "add", "piet", "--naam", "Piet", "--rol", "baas", NULL },
      EP_CLI_EXIT_FAILURE,
      "eenplan user add: role: onbekende rol; kies uit casemanager, regisseur, supervisor, "
      "partner, admin\n" },
    { PASSWORD "\n",
      { "user", "add", "piet", "--naam", "Piet", "--rol", "partner", NULL },
      EP_CLI_EXIT_FAILURE,
      "eenplan user add: partner_organisation: verplicht voor een partner: de organisatie die "
      "toestemmingen noemen\n" },
    { PASSWORD "\n",
      { "user", "add", EP_CLI_USER, "--naam", "Piet", "--rol", "regisseur", NULL },
      EP_CLI_EXIT_FAILURE,
      "eenplan user add: username: er is al een gebruiker " EP_CLI_USER " in deze gemeente\n" },
    { PASSWORD "\n",
      { "user", "passwd", "niemand", NULL },
      EP_CLI_EXIT_FAILURE,
      "eenplan user passwd: username: geen gebruiker niemand in deze gemeente\n" },
    { NULL,
      { "user", "disable", "niemand", NULL },
      EP_CLI_EXIT_FAILURE,
      "eenplan user disable: username: geen gebruiker niemand in deze gemeente\n" },
    { PASSWORD "\n",
      { "user", "add", "piet", "--rol", "regisseur", NULL },
      EP_CLI_EXIT_USAGE,
      "eenplan user add: geef --naam, de naam die anderen zien\n" },
    { PASSWORD "\n",
      { "user", "add", "piet", "--naam", "Piet", NULL },
      EP_CLI_EXIT_USAGE,
      "eenplan user add: geef --rol, casemanager, regisseur, supervisor, partner of admin\n" },
    { PASSWORD "\n",
      { "user", "add", "piet", PASSWORD, "--naam", "Piet", "--rol", "regisseur", NULL },
      EP_CLI_EXIT_USAGE,
      NULL },
    { NULL,
      { "user", "list", "--rol", "admin", NULL },
      EP_CLI_EXIT_USAGE,
      "eenplan user: --naam, --rol en --organisatie horen bij `user add`\n" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const EpCliRun *run = run_as (ADMIN, cases[i].input, cases[i].args);
      EP_ASSERT_RUN (run, cases[i].status, "", cases[i].err);
    }
  /* A password too long for its line (more than 256 characters of four bytes) is refused
   * without being cut short. */
  GString *long_line = g_string_new (NULL);
  for (gint i = 0; i < EP_PASSWORD_MAX_LENGTH + 1; i++)
    g_string_append (long_line, "\xf0\x9f\x98\x80");
  g_string_append_c (long_line, '\n');
  const gchar *input = ep_cli_printf ("%s", long_line->str);
  g_string_free (long_line, TRUE);
  EP_ASSERT_RUN (AS_ADMIN (input, "user", "passwd", EP_CLI_USER), EP_CLI_EXIT_FAILURE, "",
                 "eenplan user passwd: password: ten hoogste 256 tekens\n");

  ck_assert_int_eq (ep_cli_int ("SELECT count(*) FROM app_user WHERE gemeente = $1", NULL), 2);
  ck_assert_int_eq (ep_cli_int ("SELECT count(*) FROM app_user WHERE gemeente = $1"
                                "   AND (password_hash IS NOT NULL OR NOT active)",
                                NULL),
                    0);
  ck_assert_str_eq (user_events (), "");
}
END_TEST

Suite *
ep_cli_user_suite (void)
{
  Suite *suite = suite_create ("user");
  TCase *user = ep_cli_tcase ("user");
  tcase_add_test (user, test_user_add_passwd_disable);
  tcase_add_test (user, test_user_list);
  tcase_add_test (user, test_user_not_admin);
  tcase_add_test (user, test_user_refused);
  suite_add_tcase (suite, user);
  return suite;
}
