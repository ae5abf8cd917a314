/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * cmd-intake.c: `eenplan intake record|show|start|finalise|addendum` — the case worker's intake
 * (brede uitvraag) from the command line.
 *
 * Every command acts as a real user of one municipality (cli-session.c), in that user's role, as
 * the application role; the store writes the audit events and the access log. Output is for
 * people on a terminal, or the intake's JSON with --json. Errors name the JSON path:
 * "persons[0].bsn: elfproef klopt niet".
 */
#include "cli-private.h"

#include "ep-intake-json.h"
#include "ep-intake-store.h"

#include <stdio.h>
#include <string.h>

typedef struct
{
  CliActorOptions actor;
  gint version;
  gchar *reason;
  gchar *text;
  gchar *vindplaats;
  gchar *date;
} IntakeOptions;

static void
intake_options_clear (IntakeOptions *o)
{
  cli_actor_options_clear (&o->actor);
  g_free (o->reason);
  g_free (o->text);
  g_free (o->vindplaats);
  g_free (o->date);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (IntakeOptions, intake_options_clear)

/* ---- showing ------------------------------------------------------------------------------ */

static void
print_intake (const EpIntake *intake)
{
  const EpIntakeHousehold *h = &intake->household;
  printf ("Intake %s (%s, versie %d)\n", intake->id,
          g_strcmp0 (intake->status, EP_INTAKE_STATUS_FINALISED) == 0 ? "definitief" : "concept",
          intake->version);
  g_autofree gchar *where
    = cli_address (h->postcode, h->huisnummer, h->huisnummer_toevoeging, h->wijk);
  printf ("  huishouden   %s\n", where);
  printf ("  gesprek      %s, %s%s%s\n", intake->date,
          cli_label (ep_vocab_intake_vorm (), intake->form), intake->place ? ", " : "",
          intake->place ? intake->place : "");
  if (intake->form_reason != NULL)
    printf ("  reden vorm   %s\n", intake->form_reason);
  printf ("  hoofdprobleem  \"%s\"\n", intake->main_problem);

  printf ("Personen\n");
  for (guint i = 0; i < intake->persons->len; i++)
    {
      const EpIntakePerson *p = intake->persons->pdata[i];
      g_autofree gchar *name = cli_full_name (p->given_names, p->surname_prefix, p->surname);
      printf ("  %-12s %s — %s%s%s\n", p->ref, name, cli_label (ep_vocab_gezinsrol (), p->role),
              p->birth_date ? ", geboren " : "", p->birth_date ? p->birth_date : "");
    }
  if (intake->assessments->len > 0)
    printf ("Zelfredzaamheid (ZRM)\n");
  for (guint i = 0; i < intake->assessments->len; i++)
    {
      const EpIntakeAssessment *a = intake->assessments->pdata[i];
      g_autofree gchar *score
        = a->score > 0
            ? g_strdup_printf ("%d %s", a->score, cli_label (ep_vocab_zrm_score (), a->score))
            : g_strdup ("geen score");
      printf ("  %-12s %-30s %s%s%s\n", a->person, cli_label (ep_vocab_leefgebied (), a->domain),
              score, a->explanation ? " — " : "", a->explanation ? a->explanation : "");
    }
  if (intake->needs->len > 0)
    printf ("Hulpvragen\n");
  for (guint i = 0; i < intake->needs->len; i++)
    {
      const EpIntakeNeed *n = intake->needs->pdata[i];
      printf ("  %-12s %s [%s, %s, %s]%s\n", n->person, n->description, ep_wet_code (n->law),
              cli_label (ep_vocab_urgentie (), n->urgency),
              cli_label (ep_vocab_hulpvraag_status (), n->status),
              n->carried_from ? " (overgenomen)" : "");
    }
  printf ("Veiligheid\n");
  if (intake->safety_signals->len == 0)
    printf ("  geen signalen vastgelegd\n");
  for (guint i = 0; i < intake->safety_signals->len; i++)
    {
      const EpIntakeSafetySignal *s = intake->safety_signals->pdata[i];
      printf ("  %s: %s (%s, %u stappen)\n", cli_label (ep_vocab_veiligheid (), s->severity),
              s->description, s->closed ? "afgesloten" : "open", s->steps->len);
    }
  if (intake->consents->len > 0)
    printf ("Toestemming\n");
  for (guint i = 0; i < intake->consents->len; i++)
    {
      const EpIntakeConsent *c = intake->consents->pdata[i];
      printf ("  %s tot %s%s (%s)\n", c->organisation, c->valid_until,
              c->revoked_at ? ", INGETROKKEN" : "", c->id ? c->id : "");
    }
}

/* ---- the commands ------------------------------------------------------------------------- */

static int
intake_record (const IntakeOptions *options, const gchar *path)
{
  g_auto (CliSession) session = { 0 };
  int rc;
  g_autoptr (JsonNode) node = cli_session_open_document (&session, "intake record", path, &rc);
  if (node == NULL)
    return rc;
  g_autoptr (GError) error = NULL;
  g_autoptr (EpIntake) intake = ep_intake_from_json (node, &error);
  if (intake == NULL)
    return cli_session_fail (&session, error);

  rc = cli_session_connect (&session, &options->actor);
  if (rc != EP_EXIT_OK)
    return rc;
  GBytes *key = cli_session_pseudonym_key (&session, &rc);
  if (key == NULL)
    return rc;
  if (!ep_intake_record (session.conn, &session.ctx, key, intake, &error))
    return cli_session_fail (&session, error);

  if (options->actor.json)
    cli_print_json (ep_intake_to_json (intake));
  else
    printf ("intake %s opgeslagen als concept, versie %d\n", intake->id, intake->version);
  return EP_EXIT_OK;
}

static int
intake_show (const IntakeOptions *options, const gchar *id)
{
  g_auto (CliSession) session = { 0 };
  int rc = cli_session_open (&session, "intake show", &options->actor);
  if (rc != EP_EXIT_OK)
    return rc;
  g_autoptr (GError) error = NULL;
  g_autoptr (EpIntake) intake = ep_intake_load (session.conn, &session.ctx, id, &error);
  if (intake == NULL)
    return cli_session_fail (&session, error);
  if (options->actor.json)
    {
      cli_print_json (ep_intake_to_json (intake));
      return EP_EXIT_OK;
    }
  print_intake (intake);
  if (intake->addenda->len > 0)
    printf ("Addenda\n");
  for (guint i = 0; i < intake->addenda->len; i++)
    {
      const EpIntakeAddendum *a = intake->addenda->pdata[i];
      printf ("  %s  %s — %s: %s\n", a->created_at, a->created_by, a->reason, a->text);
    }
  return EP_EXIT_OK;
}

/* Prints the draft of a new intake for a known household: what is still
 * current, carried forward, for the case worker to confirm and complete. */
static int
intake_start (const IntakeOptions *options, const gchar *household_id)
{
  if (!cli_given (options->vindplaats))
    return cli_missing_option ("intake start", "--vindplaats", "waar het gesprek plaatsvindt");
  g_auto (CliSession) session = { 0 };
  int rc = cli_session_open (&session, "intake start", &options->actor);
  if (rc != EP_EXIT_OK)
    return rc;
  g_autoptr (GError) error = NULL;
  g_autoptr (EpIntake) draft = ep_intake_carry_forward (session.conn, &session.ctx, household_id,
                                                        options->vindplaats, options->date, &error);
  if (draft == NULL)
    return cli_session_fail (&session, error);
  cli_print_json (ep_intake_to_json (draft));
  return EP_EXIT_OK;
}

static int
intake_finalise (const IntakeOptions *options, const gchar *id)
{
  if (options->version < 1)
    return cli_missing_option ("intake finalise", "--versie", "de versie die u hebt bekeken");
  g_auto (CliSession) session = { 0 };
  int rc = cli_session_open (&session, "intake finalise", &options->actor);
  if (rc != EP_EXIT_OK)
    return rc;
  g_autoptr (GError) error = NULL;
  gint version = 0;
  if (!ep_intake_finalise (session.conn, &session.ctx, id, options->version, &version, &error))
    return cli_session_fail (&session, error);
  printf ("intake %s is definitief (versie %d)\n", id, version);
  return EP_EXIT_OK;
}

static int
intake_addendum (const IntakeOptions *options, const gchar *id)
{
  /* Empty or blank is no reason either: a usage error, like a missing option. */
  if (!cli_given (options->reason))
    return cli_missing_option ("intake addendum", "--reden", "waarom de intake wordt aangevuld");
  if (!cli_given (options->text))
    return cli_missing_option ("intake addendum", "--tekst", "de correctie of aanvulling");
  g_auto (CliSession) session = { 0 };
  int rc = cli_session_open (&session, "intake addendum", &options->actor);
  if (rc != EP_EXIT_OK)
    return rc;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *addendum = NULL;
  if (!ep_intake_add_addendum (session.conn, &session.ctx, id, options->reason, options->text,
                               &addendum, &error))
    return cli_session_fail (&session, error);
  printf ("addendum %s vastgelegd bij intake %s\n", addendum, id);
  return EP_EXIT_OK;
}

int
cmd_intake (int argc, char **argv)
{
  g_auto (IntakeOptions) options = { 0 };
  GOptionEntry entries[] = {
    { "versie", 0, 0, G_OPTION_ARG_INT, &options.version, "de versie die u bekeek (finalise)",
      "N" },
    { "reden", 0, 0, G_OPTION_ARG_STRING, &options.reason, "waarom (addendum)", "TEKST" },
    { "tekst", 0, 0, G_OPTION_ARG_STRING, &options.text, "de correctie (addendum)", "TEKST" },
    { "vindplaats", 0, 0, G_OPTION_ARG_STRING, &options.vindplaats,
      "waar het nieuwe gesprek plaatsvindt (start)", "ID" },
    { "datum", 0, 0, G_OPTION_ARG_STRING, &options.date,
      "de dag van het nieuwe gesprek (start; standaard vandaag)", "JJJJ-MM-DD" },
    { NULL },
  };
  g_autoptr (GOptionContext) context
    = g_option_context_new ("record BESTAND|- | show ID | start HUISHOUDEN --vindplaats ID | "
                            "finalise ID --versie N | addendum ID --reden R --tekst T");
  g_option_context_set_summary (
    context,
    "De brede uitvraag: intakes vastleggen, bekijken, definitief maken en corrigeren.\n"
    "record leest het JSON-formaat van docs/intake.md (een bestand, of - voor invoer).\n"
    "start geeft het concept van een nieuwe intake voor een bekend huishouden, met wat\n"
    "nog geldt (leden, krachten, open hulpvragen, toestemming) gemarkeerd als overgenomen.");
  cli_add_actor_options (context, &options.actor);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!cli_parse (context, &argc, &argv))
    return EP_EXIT_USAGE;
  if (argc != 3)
    {
      fprintf (stderr, "eenplan intake: gebruik `eenplan intake record BESTAND|-`, `show ID`, "
                       "`start HUISHOUDEN --vindplaats ID`, `finalise ID --versie N` of "
                       "`addendum ID --reden R --tekst T`\n");
      return EP_EXIT_USAGE;
    }
  const gchar *what = argv[1], *arg = argv[2];
  if (strcmp (what, "record") == 0)
    return intake_record (&options, arg);
  if (strcmp (what, "show") == 0)
    return intake_show (&options, arg);
  if (strcmp (what, "start") == 0)
    return intake_start (&options, arg);
  if (strcmp (what, "finalise") == 0)
    return intake_finalise (&options, arg);
  if (strcmp (what, "addendum") == 0)
    return intake_addendum (&options, arg);
  fprintf (stderr, "eenplan intake: onbekende opdracht %s\n", what);
  return EP_EXIT_USAGE;
}
