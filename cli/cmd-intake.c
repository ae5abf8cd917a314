/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * cmd-intake.c: `eenplan intake record|show|finalise|addendum` and
 * `eenplan contact record`, `eenplan consent revoke`, `eenplan household show|find|leave` —
 * the case worker's intake from the command line.
 *
 * Every command acts as a real user of one municipality (--gemeente,
 * --gebruiker, or EENPLAN_GEMEENTE and EENPLAN_GEBRUIKER), in that user's
 * role, as the application role; the store writes the audit events and the
 * access log. Output is for people on a terminal, or the intake's JSON with
 * --json. Errors name the JSON path: "persons[0].bsn: elfproef klopt niet".
 */
#include "cli-private.h"

#include "ep-contact.h"
#include "ep-household.h"
#include "ep-intake-json.h"
#include "ep-intake-store.h"
#include "ep-json.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

typedef struct
{
  gchar *gemeente;
  gchar *gebruiker;
  gboolean json;
  gint version;
  gchar *reason;
  gchar *text;
  gchar *vindplaats;
  gchar *date;
} IntakeOptions;

static void
intake_options_clear (IntakeOptions *o)
{
  g_free (o->gemeente);
  g_free (o->gebruiker);
  g_free (o->reason);
  g_free (o->text);
  g_free (o->vindplaats);
  g_free (o->date);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (IntakeOptions, intake_options_clear)

/* A connection and the acting user's context, or an exit code. */
typedef struct
{
  PGconn *conn;
  EpDbTxContext ctx;
  gchar *role;
} Session;

static void
session_clear (Session *s)
{
  g_clear_pointer (&s->conn, ep_db_close);
  g_clear_pointer (&s->role, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Session, session_clear)

static int
open_session (const IntakeOptions *options, Session *session)
{
  g_autoptr (GError) error = NULL;
  session->conn = cli_connect (EP_DB_PURPOSE_APP, &error);
  if (session->conn == NULL)
    return cli_fail ("kon de database niet bereiken", error);
  if (!cli_acting_user (session->conn, options->gemeente, options->gebruiker, &session->ctx,
                        &session->role, &error))
    {
      fprintf (stderr, "eenplan: %s\n", error->message);
      return g_error_matches (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE) ? EP_EXIT_USAGE
                                                                               : EP_EXIT_FAILURE;
    }
  return EP_EXIT_OK;
}

/* An intake error is the case worker's to fix: the message names the path. */
static int
intake_fail (const gchar *command, const GError *error)
{
  fprintf (stderr, "eenplan %s: %s\n", command, error->message);
  return cli_exit_code (error);
}

/* A required option that was not given is a usage error, found before anything is opened. */
static int
missing_option (const gchar *command, const gchar *option, const gchar *meaning)
{
  fprintf (stderr, "eenplan %s: geef %s, %s\n", command, option, meaning);
  return EP_EXIT_USAGE;
}

/* The document in @path (- for standard input): at most @max_bytes and one more, so that a
 * longer one reaches the decoder and is refused there, naming the limit, without ever holding
 * more than that in memory. */
static GBytes *
read_input (const gchar *path, gsize max_bytes, GError **error)
{
  gboolean from_stdin = strcmp (path, "-") == 0;
  FILE *file = from_stdin ? stdin : fopen (path, "rb");
  if (file == NULL)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "kan %s niet openen: %s", path,
                   g_strerror (saved));
      return NULL;
    }
  g_autoptr (GByteArray) text = g_byte_array_new ();
  guint8 buf[8192];
  size_t n;
  while (text->len <= max_bytes
         && (n = fread (buf, 1, MIN (sizeof buf, max_bytes + 1 - text->len), file)) > 0)
    g_byte_array_append (text, buf, (guint) n);
  gboolean failed = ferror (file);
  if (!from_stdin)
    fclose (file);
  if (failed)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "kan %s niet lezen",
                   from_stdin ? "standaardinvoer" : path);
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&text));
}

/* The JSON document in @path (- for standard input), read with ep_json_decode() within the
 * configured limits. NULL when it cannot be read or is refused: then the reason has been
 * printed for @command, and *@rc is the exit code. */
static JsonNode *
read_document (const gchar *command, const gchar *path, int *rc)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (EpDbConfig) config = ep_db_config_load (EP_DB_PURPOSE_APP, &error);
  if (config == NULL)
    {
      *rc = cli_fail ("kon de configuratie niet lezen", error);
      return NULL;
    }
  EpJsonLimits limits = { .max_bytes = config->max_document_bytes };
  g_autoptr (GBytes) text = read_input (path, limits.max_bytes, &error);
  if (text == NULL)
    {
      *rc = cli_fail ("kon de invoer niet lezen", error);
      return NULL;
    }
  gsize len;
  const gchar *data = g_bytes_get_data (text, &len);
  JsonNode *node = ep_json_decode (data, len, &limits, &error);
  if (node == NULL)
    *rc = intake_fail (command, error);
  return node;
}

/* ---- showing ------------------------------------------------------------------------------ */

static const gchar *
label (const EpVocabulary *vocab, gint value)
{
  const gchar *l = ep_vocab_label (vocab, value);
  return l ? l : "?";
}

/* "Jolanda de Voorbeeld": the parts that are known. */
static gchar *
full_name (const gchar *given_names, const gchar *prefix, const gchar *surname)
{
  const gchar *parts[] = { given_names, prefix, surname };
  g_autoptr (GString) name = g_string_new (NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (parts); i++)
    if (parts[i] != NULL)
      g_string_append_printf (name, "%s%s", name->len > 0 ? " " : "", parts[i]);
  return g_string_free (g_steal_pointer (&name), FALSE);
}

/* "7551AB 12A (Hengelo-Centrum)". */
static gchar *
address (const gchar *postcode, gint huisnummer, const gchar *toevoeging, const gchar *wijk)
{
  g_autofree gchar *in_wijk = wijk ? g_strdup_printf (" (%s)", wijk) : g_strdup ("");
  return g_strdup_printf ("%s %d%s%s", postcode ? postcode : "", huisnummer,
                          toevoeging ? toevoeging : "", in_wijk);
}

/* Prints @node (transfer full) for scripts, indented, and frees it. */
static void
print_json (JsonNode *node)
{
  g_autoptr (JsonNode) owned = node;
  g_autofree gchar *text = ep_json_to_string (owned, TRUE);
  printf ("%s\n", text);
}

static void
print_intake (const EpIntake *intake)
{
  const EpIntakeHousehold *h = &intake->household;
  printf ("Intake %s (%s, versie %d)\n", intake->id,
          g_strcmp0 (intake->status, EP_INTAKE_STATUS_FINALISED) == 0 ? "definitief" : "concept",
          intake->version);
  g_autofree gchar *where = address (h->postcode, h->huisnummer, h->huisnummer_toevoeging, h->wijk);
  printf ("  huishouden   %s\n", where);
  printf ("  gesprek      %s, %s%s%s\n", intake->date,
          label (ep_vocab_intake_vorm (), intake->form), intake->place ? ", " : "",
          intake->place ? intake->place : "");
  if (intake->form_reason != NULL)
    printf ("  reden vorm   %s\n", intake->form_reason);
  printf ("  hoofdprobleem  \"%s\"\n", intake->main_problem);

  printf ("Personen\n");
  for (guint i = 0; i < intake->persons->len; i++)
    {
      const EpIntakePerson *p = intake->persons->pdata[i];
      g_autofree gchar *name = full_name (p->given_names, p->surname_prefix, p->surname);
      printf ("  %-12s %s — %s%s%s\n", p->ref, name, label (ep_vocab_gezinsrol (), p->role),
              p->birth_date ? ", geboren " : "", p->birth_date ? p->birth_date : "");
    }
  if (intake->assessments->len > 0)
    printf ("Zelfredzaamheid (ZRM)\n");
  for (guint i = 0; i < intake->assessments->len; i++)
    {
      const EpIntakeAssessment *a = intake->assessments->pdata[i];
      g_autofree gchar *score
        = a->score > 0
            ? g_strdup_printf ("%d %s", a->score, label (ep_vocab_zrm_score (), a->score))
            : g_strdup ("geen score");
      printf ("  %-12s %-30s %s%s%s\n", a->person, label (ep_vocab_leefgebied (), a->domain), score,
              a->explanation ? " — " : "", a->explanation ? a->explanation : "");
    }
  if (intake->needs->len > 0)
    printf ("Hulpvragen\n");
  for (guint i = 0; i < intake->needs->len; i++)
    {
      const EpIntakeNeed *n = intake->needs->pdata[i];
      printf ("  %-12s %s [%s, %s, %s]%s\n", n->person, n->description, ep_wet_code (n->law),
              label (ep_vocab_urgentie (), n->urgency),
              label (ep_vocab_hulpvraag_status (), n->status),
              n->carried_from ? " (overgenomen)" : "");
    }
  printf ("Veiligheid\n");
  if (intake->safety_signals->len == 0)
    printf ("  geen signalen vastgelegd\n");
  for (guint i = 0; i < intake->safety_signals->len; i++)
    {
      const EpIntakeSafetySignal *s = intake->safety_signals->pdata[i];
      printf ("  %s: %s (%s, %u stappen)\n", label (ep_vocab_veiligheid (), s->severity),
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
  int rc;
  g_autoptr (JsonNode) node = read_document ("intake record", path, &rc);
  if (node == NULL)
    return rc;
  g_autoptr (GError) error = NULL;
  g_autoptr (EpIntake) intake = ep_intake_from_json (node, &error);
  if (intake == NULL)
    return intake_fail ("intake record", error);

  g_auto (Session) session = { 0 };
  rc = open_session (options, &session);
  if (rc != EP_EXIT_OK)
    return rc;
  g_autoptr (GBytes) key = cli_load_pseudonym_key (&error);
  if (key == NULL)
    return cli_fail ("kon de BSN-sleutel niet laden", error);
  if (!ep_intake_record (session.conn, &session.ctx, key, intake, &error))
    return intake_fail ("intake record", error);

  if (options->json)
    print_json (ep_intake_to_json (intake));
  else
    printf ("intake %s opgeslagen als concept, versie %d\n", intake->id, intake->version);
  return EP_EXIT_OK;
}

static int
intake_show (const IntakeOptions *options, const gchar *id)
{
  g_auto (Session) session = { 0 };
  int rc = open_session (options, &session);
  if (rc != EP_EXIT_OK)
    return rc;
  g_autoptr (GError) error = NULL;
  g_autoptr (EpIntake) intake = ep_intake_load (session.conn, &session.ctx, id, &error);
  if (intake == NULL)
    return intake_fail ("intake show", error);
  if (options->json)
    {
      print_json (ep_intake_to_json (intake));
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
  if (options->vindplaats == NULL)
    return missing_option ("intake start", "--vindplaats", "waar het gesprek plaatsvindt");
  g_auto (Session) session = { 0 };
  int rc = open_session (options, &session);
  if (rc != EP_EXIT_OK)
    return rc;
  g_autoptr (GError) error = NULL;
  g_autoptr (EpIntake) draft = ep_intake_carry_forward (session.conn, &session.ctx, household_id,
                                                        options->vindplaats, options->date, &error);
  if (draft == NULL)
    return intake_fail ("intake start", error);
  print_json (ep_intake_to_json (draft));
  return EP_EXIT_OK;
}

static int
intake_finalise (const IntakeOptions *options, const gchar *id)
{
  if (options->version < 1)
    return missing_option ("intake finalise", "--versie", "de versie die u hebt bekeken");
  g_auto (Session) session = { 0 };
  int rc = open_session (options, &session);
  if (rc != EP_EXIT_OK)
    return rc;
  g_autoptr (GError) error = NULL;
  gint version = 0;
  if (!ep_intake_finalise (session.conn, &session.ctx, id, options->version, &version, &error))
    return intake_fail ("intake finalise", error);
  printf ("intake %s is definitief (versie %d)\n", id, version);
  return EP_EXIT_OK;
}

static int
intake_addendum (const IntakeOptions *options, const gchar *id)
{
  if (options->reason == NULL)
    return missing_option ("intake addendum", "--reden", "waarom de intake wordt aangevuld");
  if (options->text == NULL)
    return missing_option ("intake addendum", "--tekst", "de correctie of aanvulling");
  g_auto (Session) session = { 0 };
  int rc = open_session (options, &session);
  if (rc != EP_EXIT_OK)
    return rc;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *addendum = NULL;
  if (!ep_intake_add_addendum (session.conn, &session.ctx, id, options->reason, options->text,
                               &addendum, &error))
    return intake_fail ("intake addendum", error);
  printf ("addendum %s vastgelegd bij intake %s\n", addendum, id);
  return EP_EXIT_OK;
}

static GOptionContext *
intake_context (const gchar *parameter, const gchar *summary, IntakeOptions *options,
                gboolean with_change_options)
{
  options->gemeente = g_strdup (g_getenv ("EENPLAN_GEMEENTE"));
  options->gebruiker = g_strdup (g_getenv ("EENPLAN_GEBRUIKER"));
  GOptionEntry common[] = {
    { "gemeente", 0, 0, G_OPTION_ARG_STRING, &options->gemeente,
      "de gemeente (CBS-code, bv. GM0164; standaard EENPLAN_GEMEENTE)", "CODE" },
    { "gebruiker", 0, 0, G_OPTION_ARG_STRING, &options->gebruiker,
      "wie het doet (gebruikersnaam; standaard EENPLAN_GEBRUIKER)", "NAAM" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &options->json, "uitvoer als JSON", NULL },
    { NULL },
  };
  GOptionEntry change[] = {
    { "versie", 0, 0, G_OPTION_ARG_INT, &options->version, "de versie die u bekeek (finalise)",
      "N" },
    { "reden", 0, 0, G_OPTION_ARG_STRING, &options->reason, "waarom (addendum)", "TEKST" },
    { "tekst", 0, 0, G_OPTION_ARG_STRING, &options->text, "de correctie (addendum)", "TEKST" },
    { "vindplaats", 0, 0, G_OPTION_ARG_STRING, &options->vindplaats,
      "waar het nieuwe gesprek plaatsvindt (start)", "ID" },
    { "datum", 0, 0, G_OPTION_ARG_STRING, &options->date,
      "de dag van het nieuwe gesprek (start; standaard vandaag), of de eerste dag niet meer "
      "lid (household leave)",
      "JJJJ-MM-DD" },
    { NULL },
  };
  GOptionContext *context = g_option_context_new (parameter);
  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, common, NULL);
  if (with_change_options)
    g_option_context_add_main_entries (context, change, NULL);
  return context;
}

int
cmd_intake (int argc, char **argv)
{
  g_auto (IntakeOptions) options = { 0 };
  g_autoptr (GOptionContext) context = intake_context (
    "record BESTAND|- | show ID | start HUISHOUDEN --vindplaats ID | finalise ID --versie N | "
    "addendum ID --reden R --tekst T",
    "De brede uitvraag: intakes vastleggen, bekijken, definitief maken en corrigeren.\n"
    "record leest het JSON-formaat van docs/intake.md (een bestand, of - voor invoer).\n"
    "start geeft het concept van een nieuwe intake voor een bekend huishouden, met wat\n"
    "nog geldt (leden, krachten, open hulpvragen, toestemming) gemarkeerd als overgenomen.",
    &options, TRUE);
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

static int
consent_grant (const IntakeOptions *options, const gchar *path)
{
  int rc;
  g_autoptr (JsonNode) node = read_document ("consent grant", path, &rc);
  if (node == NULL)
    return rc;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *household = NULL;
  g_autoptr (EpIntakeConsent) consent = ep_consent_from_json (node, &household, &error);
  if (consent == NULL)
    return intake_fail ("consent grant", error);
  g_auto (Session) session = { 0 };
  rc = open_session (options, &session);
  if (rc != EP_EXIT_OK)
    return rc;
  if (!ep_consent_grant (session.conn, &session.ctx, household, consent, &error))
    return intake_fail ("consent grant", error);
  if (options->json)
    print_json (ep_consent_to_json (consent, household));
  else
    printf ("toestemming %s vastgelegd voor %s, tot %s\n", consent->id, consent->organisation,
            consent->valid_until);
  return EP_EXIT_OK;
}

int
cmd_consent (int argc, char **argv)
{
  g_auto (IntakeOptions) options = { 0 };
  g_autoptr (GOptionContext) context = intake_context (
    "grant BESTAND|- | revoke ID",
    "Toestemming van een huishouden voor een partnerorganisatie: vastleggen (buiten een\n"
    "intake) of intrekken. Beide werken meteen.",
    &options, FALSE);
  if (!cli_parse (context, &argc, &argv))
    return EP_EXIT_USAGE;
  if (argc != 3 || (strcmp (argv[1], "revoke") != 0 && strcmp (argv[1], "grant") != 0))
    {
      fprintf (stderr, "eenplan consent: gebruik `eenplan consent grant BESTAND|-` of "
                       "`eenplan consent revoke ID`\n");
      return EP_EXIT_USAGE;
    }
  if (strcmp (argv[1], "grant") == 0)
    return consent_grant (&options, argv[2]);

  g_auto (Session) session = { 0 };
  int rc = open_session (&options, &session);
  if (rc != EP_EXIT_OK)
    return rc;
  g_autoptr (GError) error = NULL;
  if (!ep_consent_revoke (session.conn, &session.ctx, argv[2], &error))
    return intake_fail ("consent revoke", error);
  printf ("toestemming %s ingetrokken\n", argv[2]);
  return EP_EXIT_OK;
}

int
cmd_contact (int argc, char **argv)
{
  g_auto (IntakeOptions) options = { 0 };
  g_autoptr (GOptionContext) context = intake_context (
    "record BESTAND|-",
    "Legt een eerste contact vast (een hulpvraag zoals die binnenkomt): vindplaats,\n"
    "kanaal, soort, de vraag in de woorden van de bewoner. Formaat: zie ep-contact.h.",
    &options, FALSE);
  if (!cli_parse (context, &argc, &argv))
    return EP_EXIT_USAGE;
  if (argc != 3 || strcmp (argv[1], "record") != 0)
    {
      fprintf (stderr, "eenplan contact: gebruik `eenplan contact record BESTAND|-`\n");
      return EP_EXIT_USAGE;
    }
  int rc;
  g_autoptr (JsonNode) node = read_document ("contact record", argv[2], &rc);
  if (node == NULL)
    return rc;
  g_autoptr (GError) error = NULL;
  g_autoptr (EpContact) contact = ep_contact_from_json (node, &error);
  if (contact == NULL)
    return intake_fail ("contact record", error);

  g_auto (Session) session = { 0 };
  rc = open_session (&options, &session);
  if (rc != EP_EXIT_OK)
    return rc;
  if (!ep_contact_record (session.conn, &session.ctx, contact, &error))
    return intake_fail ("contact record", error);
  if (options.json)
    print_json (ep_contact_to_json (contact));
  else
    printf ("contact %s vastgelegd\n", contact->id);
  return EP_EXIT_OK;
}

static void
print_household (const EpHousehold *h)
{
  g_autofree gchar *where = address (h->postcode, h->huisnummer, h->huisnummer_toevoeging, h->wijk);
  printf ("Huishouden %s\n  adres        %s\n", h->id, where);
  printf ("Leden\n");
  for (guint i = 0; i < h->members->len; i++)
    {
      const EpHouseholdMember *m = h->members->pdata[i];
      g_autofree gchar *name = full_name (m->given_names, m->surname_prefix, m->surname);
      printf ("  %s — %s, %s t/m %s  (%s)\n", name, label (ep_vocab_gezinsrol (), m->role),
              m->valid_from, m->valid_to ? m->valid_to : "nu", m->person_id);
    }
  if (h->intakes->len > 0)
    printf ("Intakes\n");
  for (guint i = 0; i < h->intakes->len; i++)
    {
      const EpHouseholdIntake *intake = h->intakes->pdata[i];
      printf ("  %s  %s, %s  (%s)\n", intake->date, label (ep_vocab_intake_vorm (), intake->form),
              g_strcmp0 (intake->status, EP_INTAKE_STATUS_FINALISED) == 0 ? "definitief"
                                                                          : "concept",
              intake->id);
    }
}

int
cmd_household (int argc, char **argv)
{
  g_auto (IntakeOptions) options = { 0 };
  g_autofree gchar *postcode = NULL, *bsn = NULL;
  gint huisnummer = 0;
  GOptionEntry find[] = {
    { "postcode", 0, 0, G_OPTION_ARG_STRING, &postcode, "zoeken op postcode (find)", "1234AB" },
    { "huisnummer", 0, 0, G_OPTION_ARG_INT, &huisnummer, "en huisnummer (find)", "N" },
    { "bsn", 0, 0, G_OPTION_ARG_STRING, &bsn,
      "zoeken op het BSN van een lid (find); - leest het van de invoer, zodat het niet in de "
      "shellgeschiedenis of de proceslijst komt",
      "BSN|-" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = intake_context (
    "create BESTAND|- | show ID | find --postcode P [--huisnummer N] | find --bsn BSN | "
    "leave PERSOON --datum D",
    "Huishoudens: vastleggen met leden, bekijken met leden (ook de geschiedenis) en intakes,\n"
    "zoeken op adres of BSN, en een lidmaatschap beëindigen. Bekijken en zoeken komen in het\n"
    "toegangslog. create leest {\"household\", \"persons\", \"date\"} zoals in een intake.",
    &options, TRUE);
  g_option_context_add_main_entries (context, find, NULL);
  if (!cli_parse (context, &argc, &argv))
    return EP_EXIT_USAGE;
  const gchar *what = argc >= 2 ? argv[1] : "";
  gboolean with_arg
    = strcmp (what, "show") == 0 || strcmp (what, "leave") == 0 || strcmp (what, "create") == 0;
  if ((with_arg && argc != 3) || (!with_arg && (strcmp (what, "find") != 0 || argc != 2)))
    {
      fprintf (stderr, "eenplan household: gebruik `create BESTAND|-`, `show ID`, "
                       "`find --postcode P [--huisnummer N]`, `find --bsn BSN` of "
                       "`leave PERSOON --datum D`\n");
      return EP_EXIT_USAGE;
    }

  if (strcmp (what, "leave") == 0 && options.date == NULL)
    return missing_option ("household leave", "--datum",
                           "de eerste dag waarop de persoon er niet meer bij hoort");
  if (strcmp (what, "find") == 0 && postcode == NULL && bsn == NULL)
    return missing_option ("household find", "--postcode (met of zonder --huisnummer) of --bsn",
                           "waarop gezocht wordt");

  g_auto (Session) session = { 0 };
  int rc = open_session (&options, &session);
  if (rc != EP_EXIT_OK)
    return rc;
  g_autoptr (GError) error = NULL;
  if (strcmp (what, "show") == 0)
    {
      g_autoptr (EpHousehold) h = ep_household_load (session.conn, &session.ctx, argv[2], &error);
      if (h == NULL)
        return intake_fail ("household show", error);
      options.json ? print_json (ep_household_to_json (h)) : print_household (h);
      return EP_EXIT_OK;
    }
  if (strcmp (what, "create") == 0)
    {
      int rc;
      g_autoptr (JsonNode) node = read_document ("household create", argv[2], &rc);
      if (node == NULL)
        return rc;
      g_autoptr (EpIntake) members = ep_household_create_from_json (node, &error);
      if (members == NULL)
        return intake_fail ("household create", error);
      g_autoptr (GBytes) create_key = cli_load_pseudonym_key (&error);
      if (create_key == NULL)
        return cli_fail ("kon de BSN-sleutel niet laden", error);
      if (!ep_household_create (session.conn, &session.ctx, create_key, members, &error))
        return intake_fail ("household create", error);
      if (options.json)
        print_json (ep_household_created_to_json (members));
      else
        printf ("huishouden %s vastgelegd met %u %s\n", members->household.id,
                members->persons->len, members->persons->len == 1 ? "lid" : "leden");
      return EP_EXIT_OK;
    }
  if (strcmp (what, "leave") == 0)
    {
      if (!ep_household_leave (session.conn, &session.ctx, argv[2], options.date, &error))
        return intake_fail ("household leave", error);
      printf ("lidmaatschap van %s beëindigd per %s\n", argv[2], options.date);
      return EP_EXIT_OK;
    }
  if (bsn != NULL && strcmp (bsn, "-") == 0)
    {
      gchar line[64] = { 0 };
      if (fgets (line, sizeof line, stdin) == NULL)
        {
          fprintf (stderr, "eenplan household find: geen BSN op de invoer\n");
          return EP_EXIT_USAGE;
        }
      g_free (bsn);
      bsn = g_strdup (g_strstrip (line));
      memset (line, 0, sizeof line);
    }
  g_autoptr (GBytes) key = bsn ? cli_load_pseudonym_key (&error) : NULL;
  if (bsn != NULL && key == NULL)
    return cli_fail ("kon de BSN-sleutel niet laden", error);
  g_autoptr (GPtrArray) found
    = ep_household_find (session.conn, &session.ctx, postcode, huisnummer, bsn, key, &error);
  if (found == NULL)
    return intake_fail ("household find", error);
  if (options.json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      json_builder_begin_array (b);
      for (guint i = 0; i < found->len; i++)
        json_builder_add_value (b, ep_household_to_json (found->pdata[i]));
      json_builder_end_array (b);
      print_json (json_builder_get_root (b));
      return EP_EXIT_OK;
    }
  if (found->len == 0)
    printf ("geen huishouden gevonden\n");
  for (guint i = 0; i < found->len; i++)
    print_household (found->pdata[i]);
  return EP_EXIT_OK;
}
