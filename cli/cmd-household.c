/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * cmd-household.c: `eenplan household create|show|find|leave|shield|unshield` — households with
 * their members (history included) and intakes: record one, show one, find by address or by a
 * member's BSN (access-logged), end a membership; shield one (naming who keeps access) or lift
 * its shield, as a supervisor (ep-shield.h).
 */
#include "cli-private.h"

#include "ep-household.h"
#include "ep-intake.h"
#include "ep-shield.h"

#include <stdio.h>
#include <string.h>

typedef struct
{
  CliActorOptions actor;
  gchar *date;
  gchar *postcode;
  gint huisnummer;
  gchar *bsn;
  gchar *cursor;
  gint limit;
  gchar *reason;
  gchar **users;
} HouseholdOptions;

/* Frees @text after overwriting it: for a BSN, which must not linger in freed memory. */
static void
wipe_free (gchar *text)
{
  if (text != NULL)
    memset (text, 0, strlen (text));
  g_free (text);
}

static void
household_options_clear (HouseholdOptions *o)
{
  cli_actor_options_clear (&o->actor);
  g_free (o->date);
  g_free (o->postcode);
  g_free (o->cursor);
  g_free (o->reason);
  g_strfreev (o->users);
  wipe_free (g_steal_pointer (&o->bsn));
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HouseholdOptions, household_options_clear)

static void
print_household (const EpHousehold *h)
{
  if (h->withheld)
    {
      printf ("Huishouden %s  (afgeschermd)\n", h->id);
      return;
    }
  if (h->shielded)
    printf ("Afgeschermd dossier\n");
  g_autofree gchar *where
    = cli_address (h->postcode, h->huisnummer, h->huisnummer_toevoeging, h->wijk);
  printf ("Huishouden %s\n  adres        %s\n", h->id, where);
  printf ("Leden\n");
  for (guint i = 0; i < h->members->len; i++)
    {
      const EpHouseholdMember *m = h->members->pdata[i];
      g_autofree gchar *name = cli_full_name (m->given_names, m->surname_prefix, m->surname);
      printf ("  %s — %s, %s t/m %s  (%s)\n", name, cli_label (ep_vocab_gezinsrol (), m->role),
              m->valid_from, m->valid_to ? m->valid_to : "nu", m->person_id);
    }
  if (h->intakes->len > 0)
    printf ("Intakes\n");
  for (guint i = 0; i < h->intakes->len; i++)
    {
      const EpHouseholdIntake *intake = h->intakes->pdata[i];
      printf (
        "  %s  %s, %s  (%s)\n", intake->date, cli_label (ep_vocab_intake_vorm (), intake->form),
        g_strcmp0 (intake->status, EP_INTAKE_STATUS_FINALISED) == 0 ? "definitief" : "concept",
        intake->id);
    }
}

static int
household_create (const HouseholdOptions *options, const gchar *path)
{
  g_auto (CliSession) session = { 0 };
  int rc;
  g_autoptr (JsonNode) node = cli_session_open_document (&session, "household create", path, &rc);
  if (node == NULL)
    return rc;
  g_autoptr (GError) error = NULL;
  g_autoptr (EpIntake) members = ep_household_create_from_json (node, &error);
  if (members == NULL)
    return cli_session_fail (&session, error);
  rc = cli_session_connect (&session, &options->actor);
  if (rc != EP_EXIT_OK)
    return rc;
  GBytes *key = cli_session_pseudonym_key (&session, &rc);
  if (key == NULL)
    return rc;
  if (!ep_household_create (session.conn, &session.ctx, key, members, &error))
    return cli_session_fail (&session, error);
  if (options->actor.json)
    cli_print_json (ep_household_created_to_json (members));
  else
    printf ("huishouden %s vastgelegd met %u %s\n", members->household.id, members->persons->len,
            members->persons->len == 1 ? "lid" : "leden");
  return EP_EXIT_OK;
}

static int
household_show (const HouseholdOptions *options, const gchar *id)
{
  g_auto (CliSession) session = { 0 };
  int rc = cli_session_open (&session, "household show", &options->actor);
  if (rc != EP_EXIT_OK)
    return rc;
  g_autoptr (GError) error = NULL;
  g_autoptr (EpHousehold) h = ep_household_load (session.conn, &session.ctx, id, &error);
  if (h == NULL)
    return cli_session_fail (&session, error);
  if (options->actor.json)
    cli_print_json (ep_household_to_json (h));
  else
    print_household (h);
  return EP_EXIT_OK;
}

static int
household_leave (const HouseholdOptions *options, const gchar *person)
{
  if (options->date == NULL)
    return cli_missing_option ("household leave", "--datum",
                               "de eerste dag waarop de persoon er niet meer bij hoort");
  g_auto (CliSession) session = { 0 };
  int rc = cli_session_open (&session, "household leave", &options->actor);
  if (rc != EP_EXIT_OK)
    return rc;
  g_autoptr (GError) error = NULL;
  if (!ep_household_leave (session.conn, &session.ctx, person, options->date, &error))
    return cli_session_fail (&session, error);
  printf ("lidmaatschap van %s beëindigd per %s\n", person, options->date);
  return EP_EXIT_OK;
}

static int
household_shield (const HouseholdOptions *options, const gchar *id, gboolean lift)
{
  const gchar *command = lift ? "household unshield" : "household shield";
  if (options->reason == NULL)
    return cli_missing_option (command, "--reden", "waarom (wordt bewaard in het auditspoor)");
  if (!lift && options->users == NULL)
    return cli_missing_option (command, "--toegang",
                               "wie toegang houdt (een gebruikersnaam; herhaal voor meer)");
  g_auto (CliSession) session = { 0 };
  int rc = cli_session_open (&session, command, &options->actor);
  if (rc != EP_EXIT_OK)
    return rc;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *shield_id = NULL;
  gboolean ok = lift
                  ? ep_shield_lift (session.conn, &session.ctx, id, options->reason, &error)
                  : ep_shield_household (session.conn, &session.ctx, id, options->reason,
                                         (const gchar *const *) options->users, &shield_id, &error);
  if (!ok)
    return cli_session_fail (&session, error);
  if (lift)
    printf ("afscherming van huishouden %s opgeheven\n", id);
  else
    printf ("huishouden %s afgeschermd (%s); toegang: %u %s\n", id, shield_id,
            g_strv_length (options->users),
            g_strv_length (options->users) == 1 ? "gebruiker" : "gebruikers");
  return EP_EXIT_OK;
}

/* --bsn -: the BSN from the first line of standard input (out of the shell history and the
 * process list). Returns: (transfer full): the BSN, or NULL when there is none. */
static gchar *
read_bsn (void)
{
  gchar line[64] = { 0 };
  gchar *bsn = fgets (line, sizeof line, stdin) != NULL ? g_strdup (g_strstrip (line)) : NULL;
  memset (line, 0, sizeof line);
  return bsn;
}

static int
household_find (HouseholdOptions *options)
{
  if (options->postcode == NULL && options->bsn == NULL)
    return cli_missing_option ("household find", "--postcode (met of zonder --huisnummer) of --bsn",
                               "waarop gezocht wordt");
  g_auto (CliSession) session = { 0 };
  int rc = cli_session_open (&session, "household find", &options->actor);
  if (rc != EP_EXIT_OK)
    return rc;
  if (options->bsn != NULL && strcmp (options->bsn, "-") == 0)
    {
      wipe_free (options->bsn);
      options->bsn = read_bsn ();
      if (options->bsn == NULL)
        {
          fprintf (stderr, "eenplan household find: geen BSN op de invoer\n");
          return EP_EXIT_USAGE;
        }
    }
  GBytes *key = options->bsn != NULL ? cli_session_pseudonym_key (&session, &rc) : NULL;
  if (options->bsn != NULL && key == NULL)
    return rc;
  g_autoptr (GError) error = NULL;
  EpHouseholdSearch search = { .postcode = options->postcode,
                               .huisnummer = options->huisnummer,
                               .bsn = options->bsn,
                               .pseudonym_key = key,
                               .limit = (guint) MAX (options->limit, 0),
                               .cursor = options->cursor };
  g_autofree gchar *next = NULL;
  g_autoptr (GPtrArray) found
    = ep_household_find (session.conn, &session.ctx, &search, &next, &error);
  if (found == NULL)
    return cli_session_fail (&session, error);
  if (options->actor.json)
    cli_print_json (ep_households_to_json (found));
  else if (found->len == 0)
    printf ("geen huishouden gevonden\n");
  for (guint i = 0; !options->actor.json && i < found->len; i++)
    print_household (found->pdata[i]);
  /* More than one page: said, never cut off silently (on stderr, so --json stays one document). */
  if (next != NULL)
    fprintf (stderr, "eenplan household find: er zijn er meer; vervolg met --cursor %s\n", next);
  return EP_EXIT_OK;
}

int
cmd_household (int argc, char **argv)
{
  g_auto (HouseholdOptions) options = { 0 };
  GOptionEntry entries[] = {
    { "datum", 0, 0, G_OPTION_ARG_STRING, &options.date, "de eerste dag niet meer lid (leave)",
      "JJJJ-MM-DD" },
    { "postcode", 0, 0, G_OPTION_ARG_STRING, &options.postcode, "zoeken op postcode (find)",
      "1234AB" },
    { "huisnummer", 0, 0, G_OPTION_ARG_INT, &options.huisnummer, "en huisnummer (find)", "N" },
    { "cursor", 0, 0, G_OPTION_ARG_STRING, &options.cursor,
      "de volgende bladzijde (find): wat een vorige zoekopdracht noemde", "C" },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &options.limit, "hoeveel per bladzijde (find; 1–200)",
      "N" },
    { "bsn", 0, 0, G_OPTION_ARG_STRING, &options.bsn,
      "zoeken op het BSN van een lid (find); - leest het van de invoer, zodat het niet in de "
      "shellgeschiedenis of de proceslijst komt",
      "BSN|-" },
    { "reden", 0, 0, G_OPTION_ARG_STRING, &options.reason,
      "waarom afgeschermd of opgeheven (shield, unshield)", "TEKST" },
    { "toegang", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options.users,
      "wie toegang houdt (shield; herhaal voor meer)", "GEBRUIKER" },
    { NULL },
  };
  g_autoptr (GOptionContext) context
    = g_option_context_new ("create BESTAND|- | show ID | find --postcode P [--huisnummer N] | "
                            "find --bsn BSN | leave PERSOON --datum D | "
                            "shield ID --reden R --toegang GEBRUIKER… | unshield ID --reden R");
  g_option_context_set_summary (
    context,
    "Huishoudens: vastleggen met leden, bekijken met leden (ook de geschiedenis) en intakes,\n"
    "zoeken op adres of BSN, en een lidmaatschap beëindigen. Bekijken en zoeken komen in het\n"
    "toegangslog. create leest {\"household\", \"persons\", \"date\"} zoals in een intake.\n"
    "shield schermt een huishouden af (een supervisor): alleen wie --toegang noemt kan het\n"
    "openen, anderen alleen met noodtoegang; unshield heft dat op.");
  cli_add_actor_options (context, &options.actor);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!cli_parse (context, &argc, &argv))
    return EP_EXIT_USAGE;

  const gchar *what = argc >= 2 ? argv[1] : "";
  if (argc == 3 && strcmp (what, "create") == 0)
    return household_create (&options, argv[2]);
  if (argc == 3 && strcmp (what, "show") == 0)
    return household_show (&options, argv[2]);
  if (argc == 3 && strcmp (what, "leave") == 0)
    return household_leave (&options, argv[2]);
  if (argc == 2 && strcmp (what, "find") == 0)
    return household_find (&options);
  if (argc == 3 && (strcmp (what, "shield") == 0 || strcmp (what, "unshield") == 0))
    return household_shield (&options, argv[2], strcmp (what, "unshield") == 0);
  fprintf (stderr, "eenplan household: gebruik `create BESTAND|-`, `show ID`, "
                   "`find --postcode P [--huisnummer N]`, `find --bsn BSN`, "
                   "`leave PERSOON --datum D`, `shield ID --reden R --toegang GEBRUIKER` of "
                   "`unshield ID --reden R`\n");
  return EP_EXIT_USAGE;
}
