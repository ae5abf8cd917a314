/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * cmd-plan-level.c: `eenplan plan level request|approve|reject` and `eenplan plan evaluate` — the
 * AVE ladder and the plan's evaluations (docs/ladder.md) from the command line. cmd_plan() hands
 * these over before it parses its own options: they have options of their own.
 *
 * As every write of the plan (cmd-plan.c): a real user of one municipality, held to the version
 * they looked at (--versie) with a reason (--reden), the body built from the options or read
 * whole with --bestand, a refusal naming the path, the option and the rule (cli_plan_fail()).
 * Going up to level 3 or 4 waits for a supervisor of the regisseur's team, not the one who asked
 * (four eyes); the supervisor decides with the plan's version from `eenplan supervise pending`.
 */
#include "cli-private.h"

#include "ep-plan.h"

#include <stdio.h>
#include <string.h>

typedef struct
{
  CliActorOptions actor;
  gint versie;
  gchar *reden, *bestand;
  gint naar;
  gchar *evaluatie, *aanvraag;
  gchar *datum, *besluit, *toelichting, *volgende;
  gchar **doelen, **zrm;
} LevelOptions;

static void
level_options_clear (LevelOptions *o)
{
  cli_actor_options_clear (&o->actor);
  gchar **texts[] = { &o->reden, &o->bestand, &o->evaluatie,   &o->aanvraag,
                      &o->datum, &o->besluit, &o->toelichting, &o->volgende };
  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    g_clear_pointer (texts[i], g_free);
  g_clear_pointer (&o->doelen, g_strfreev);
  g_clear_pointer (&o->zrm, g_strfreev);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LevelOptions, level_options_clear)

typedef struct
{
  const gchar *command; /* "plan level request" */
  const gchar *household;
  LevelOptions *options;
} LevelRun;

/* The body from --bestand, or one built by @fill from the options with --reden. The session is
 * opened. Returns: (transfer full): the body, or NULL with *@rc set, having said why. */
static JsonNode *
open_body (const LevelRun *run, CliSession *session, void (*fill) (JsonObject *, LevelOptions *),
           int *rc)
{
  LevelOptions *o = run->options;
  *rc = EP_EXIT_OK;
  if (o->versie < 1)
    *rc
      = cli_missing_option (run->command, "--versie", "de versie van het plan die u hebt bekeken");
  else if (o->bestand == NULL && !cli_given (o->reden))
    *rc = cli_missing_option (run->command, "--reden", "waarom (wordt bewaard bij de versie)");
  if (*rc == EP_EXIT_OK)
    *rc = cli_session_open (session, run->command, &o->actor);
  if (*rc != EP_EXIT_OK)
    return NULL;
  if (o->bestand != NULL)
    return cli_session_read_document (session, o->bestand, rc);
  JsonObject *b = json_object_new ();
  fill (b, o);
  json_object_set_string_member (b, "reden", o->reden);
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, b);
  return node;
}

/* "gezinsplan van huishouden H: WHAT; nu versie N", or the JSON {household_id, [id_name: id],
 * [in_afwachting], version}. */
static void
print_done (const LevelRun *run, const gchar *what, const gchar *id_name, const gchar *id,
            const gboolean *pending, gint version)
{
  if (!run->options->actor.json)
    {
      printf ("gezinsplan van huishouden %s: %s; nu versie %d\n", run->household, what, version);
      return;
    }
  JsonObject *o = json_object_new ();
  json_object_set_string_member (o, "household_id", run->household);
  if (id_name != NULL)
    json_object_set_string_member (o, id_name, id);
  if (pending != NULL)
    json_object_set_boolean_member (o, "in_afwachting", *pending);
  json_object_set_int_member (o, "version", version);
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, o);
  cli_print_json (node);
}

static int
fail (const LevelRun *run, const CliSession *session, const GError *error)
{
  return cli_plan_fail (run->command, run->household, run->options->versie,
                        run->options->bestand != NULL, session, error);
}

/* ---- the ladder --------------------------------------------------------------------------- */

static void
fill_request (JsonObject *b, LevelOptions *o)
{
  json_object_set_int_member (b, "naar", o->naar);
  if (o->evaluatie != NULL)
    json_object_set_string_member (b, "evaluatie_id", o->evaluatie);
}

static int
level_request (const LevelRun *run)
{
  LevelOptions *o = run->options;
  if (o->bestand == NULL && (o->naar < 1 || o->naar > 4))
    return cli_missing_option (run->command, "--naar", "het niveau dat het plan krijgt (1–4)");
  g_auto (CliSession) session = { 0 };
  int rc;
  g_autoptr (JsonNode) body = open_body (run, &session, fill_request, &rc);
  if (body == NULL)
    return rc;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *request_id = NULL;
  gboolean pending = FALSE;
  gint version = 0;
  if (!ep_plan_level_request (session.conn, &session.ctx, run->household, o->versie, body,
                              &request_id, &pending, &version, &error))
    return fail (run, &session, error);
  JsonObject *b = JSON_NODE_HOLDS_OBJECT (body) ? json_node_get_object (body) : NULL;
  gint64 naar = b != NULL ? json_object_get_int_member_with_default (b, "naar", 0) : 0;
  g_autofree gchar *what
    = pending ? g_strdup_printf ("niveau %" G_GINT64_FORMAT " aangevraagd (aanvraag %s); het "
                                 "wacht op het besluit van een supervisor van het team",
                                 naar, request_id)
              : g_strdup_printf ("nu op niveau %" G_GINT64_FORMAT " (aanvraag %s, doorgevoerd)",
                                 naar, request_id);
  print_done (run, what, "aanvraag_id", request_id, &pending, version);
  return EP_EXIT_OK;
}

static void
fill_decision (JsonObject *b, LevelOptions *o)
{
  if (o->aanvraag != NULL)
    json_object_set_string_member (b, "aanvraag_id", o->aanvraag);
}

typedef gboolean (*LevelDecide) (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                                 gint base_version, JsonNode *body, gint *new_version,
                                 GError **error);

static int
level_decide (const LevelRun *run, LevelDecide decide, const gchar *what)
{
  g_auto (CliSession) session = { 0 };
  int rc;
  g_autoptr (JsonNode) body = open_body (run, &session, fill_decision, &rc);
  if (body == NULL)
    return rc;
  g_autoptr (GError) error = NULL;
  gint version = 0;
  if (!decide (session.conn, &session.ctx, run->household, run->options->versie, body, &version,
               &error))
    return fail (run, &session, error);
  print_done (run, what, NULL, NULL, NULL, version);
  return EP_EXIT_OK;
}

static int
level_approve (const LevelRun *run)
{
  return level_decide (run, ep_plan_level_approve,
                       "de aanvraag is goedgekeurd; het plan is op "
                       "het gevraagde niveau");
}

static int
level_reject (const LevelRun *run)
{
  return level_decide (run, ep_plan_level_reject,
                       "de aanvraag is afgewezen; het plan blijft op zijn niveau");
}

/* ---- evaluations -------------------------------------------------------------------------- */

/* "DOEL:STATUS:UITKOMST" (the outcome may hold colons) as {doel_id, status, uitkomst}; a part
 * missing is left out, for plans/ to name at its path. */
static JsonObject *
goal_outcome (const gchar *text)
{
  g_auto (GStrv) parts = g_strsplit (text, ":", 3);
  static const gchar *const names[] = { "doel_id", "status", "uitkomst" };
  JsonObject *o = json_object_new ();
  for (gsize i = 0; i < G_N_ELEMENTS (names) && parts[i] != NULL; i++)
    json_object_set_string_member (o, names[i], parts[i]);
  return o;
}

/* "LID:LEEFGEBIED:SCORE" as {lid, leefgebied, score}; a score that is no whole number is passed
 * as text (refused as of the wrong type at zrm[i].score). */
static JsonObject *
zrm_score (const gchar *text)
{
  g_auto (GStrv) parts = g_strsplit (text, ":", 3);
  JsonObject *o = json_object_new ();
  if (parts[0] != NULL)
    json_object_set_string_member (o, "lid", parts[0]);
  if (parts[0] != NULL && parts[1] != NULL)
    json_object_set_string_member (o, "leefgebied", parts[1]);
  if (parts[0] != NULL && parts[1] != NULL && parts[2] != NULL)
    {
      gchar *end = NULL;
      gint64 score = g_ascii_strtoll (parts[2], &end, 10);
      if (*parts[2] != '\0' && *end == '\0')
        json_object_set_int_member (o, "score", score);
      else
        json_object_set_string_member (o, "score", parts[2]);
    }
  return o;
}

static void
fill_evaluation (JsonObject *b, LevelOptions *o)
{
  json_object_set_string_member (b, "datum", o->datum);
  JsonArray *doelen = json_array_new ();
  for (gsize i = 0; o->doelen != NULL && o->doelen[i] != NULL; i++)
    json_array_add_object_element (doelen, goal_outcome (o->doelen[i]));
  json_object_set_array_member (b, "doelen", doelen);
  if (o->zrm != NULL)
    {
      JsonArray *zrm = json_array_new ();
      for (gsize i = 0; o->zrm[i] != NULL; i++)
        json_array_add_object_element (zrm, zrm_score (o->zrm[i]));
      json_object_set_array_member (b, "zrm", zrm);
    }
  json_object_set_string_member (b, "besluit", o->besluit);
  if (o->toelichting != NULL)
    json_object_set_string_member (b, "toelichting", o->toelichting);
  if (o->volgende != NULL)
    json_object_set_string_member (b, "volgende_evaluatie", o->volgende);
}

static int
plan_evaluate (const LevelRun *run)
{
  LevelOptions *o = run->options;
  if (o->bestand == NULL && !cli_given (o->datum))
    return cli_missing_option (run->command, "--datum", "de dag van de evaluatie");
  if (o->bestand == NULL && !cli_given (o->besluit))
    return cli_missing_option (
      run->command, "--besluit",
      "het besluit (doorgaan, bijstellen, afschalen, opschalen, afsluiten)");
  g_auto (CliSession) session = { 0 };
  int rc;
  g_autoptr (JsonNode) body = open_body (run, &session, fill_evaluation, &rc);
  if (body == NULL)
    return rc;
  g_autoptr (GError) error = NULL;
  g_autofree gchar *evaluation_id = NULL;
  gint version = 0;
  if (!ep_plan_evaluate (session.conn, &session.ctx, run->household, o->versie, body,
                         &evaluation_id, &version, &error))
    return fail (run, &session, error);
  JsonObject *b = JSON_NODE_HOLDS_OBJECT (body) ? json_node_get_object (body) : NULL;
  const gchar *besluit = json_object_get_string_member_with_default (b, "besluit", "?");
  const gchar *volgende
    = json_object_get_string_member_with_default (b, "volgende_evaluatie", NULL);
  gint value = 0;
  const gchar *label = ep_vocab_parse (ep_vocab_evaluatie_besluit (), besluit, &value, NULL)
                         ? cli_label (ep_vocab_evaluatie_besluit (), value)
                         : besluit;
  g_autofree gchar *lower = g_utf8_strdown (label, -1);
  g_autofree gchar *what
    = volgende != NULL
        ? g_strdup_printf ("evaluatie %s vastgelegd (besluit: %s), volgende evaluatie %s",
                           evaluation_id, lower, volgende)
        : g_strdup_printf ("evaluatie %s vastgelegd (besluit: %s)", evaluation_id, lower);
  print_done (run, what, "evaluatie_id", evaluation_id, NULL, version);
  return EP_EXIT_OK;
}

/* ---- dispatch ----------------------------------------------------------------------------- */

#define LEVEL_USAGE                                                                                \
  "eenplan plan: gebruik `level request HUISHOUDEN --naar N`, `level approve HUISHOUDEN`, "        \
  "`level reject HUISHOUDEN` of `evaluate HUISHOUDEN --datum D --besluit B`, elk met --versie N "  \
  "en --reden TEKST (eenplan plan level --help noemt de opties)\n"

static const struct
{
  const gchar *group, *verb; /* verb NULL: the group is the verb */
  int (*run) (const LevelRun *run);
  const gchar *command;
} level_commands[] = {
  { "level", "request", level_request, "plan level request" },
  { "level", "approve", level_approve, "plan level approve" },
  { "level", "reject", level_reject, "plan level reject" },
  { "evaluate", NULL, plan_evaluate, "plan evaluate" },
};

int
cmd_plan_level (int argc, char **argv)
{
  g_auto (LevelOptions) o = { 0 };
  GOptionEntry entries[] = {
    { "versie", 0, 0, G_OPTION_ARG_INT, &o.versie, "de versie van het plan die u bekeek", "N" },
    { "reden", 0, 0, G_OPTION_ARG_STRING, &o.reden,
      "waarom (bewaard bij de versie; approve en reject: de reden van het besluit)", "TEKST" },
    { "bestand", 0, 0, G_OPTION_ARG_FILENAME, &o.bestand,
      "de hele inhoud als JSON (docs/ladder.md), in plaats van de opties; - leest de invoer",
      "BESTAND|-" },
    { "naar", 0, 0, G_OPTION_ARG_INT, &o.naar, "het niveau dat het plan krijgt (level request)",
      "1-4" },
    { "evaluatie", 0, 0, G_OPTION_ARG_STRING, &o.evaluatie,
      "de evaluatie die afschalen besloot (level request omlaag)", "EVALUATIE" },
    { "aanvraag", 0, 0, G_OPTION_ARG_STRING, &o.aanvraag,
      "de aanvraag waarover u beslist (approve, reject; standaard die wacht)", "AANVRAAG" },
    { "datum", 0, 0, G_OPTION_ARG_STRING, &o.datum, "de dag van de evaluatie (evaluate)",
      "JJJJ-MM-DD" },
    { "doel", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o.doelen,
      "de uitkomst van een doel (evaluate; herhaal per doel): status open, behaald, "
      "deels_behaald, niet_behaald, vervallen",
      "DOEL:STATUS:UITKOMST" },
    { "zrm", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o.zrm,
      "een nieuwe ZRM-score (evaluate; herhaal, alleen waar relevant)", "LID:LEEFGEBIED:1-5" },
    { "besluit", 0, 0, G_OPTION_ARG_STRING, &o.besluit,
      "het besluit (evaluate): doorgaan, bijstellen, afschalen, opschalen, afsluiten", "BESLUIT" },
    { "toelichting", 0, 0, G_OPTION_ARG_STRING, &o.toelichting, "toelichting (evaluate)", "TEKST" },
    { "volgende", 0, 0, G_OPTION_ARG_STRING, &o.volgende,
      "de volgende evaluatie (evaluate; niet bij afsluiten)", "JJJJ-MM-DD" },
    { NULL },
  };
  g_autoptr (GOptionContext) context
    = g_option_context_new ("level request|approve|reject HUISHOUDEN | evaluate HUISHOUDEN");
  g_option_context_set_summary (
    context,
    "De AVE-ladder van het gezinsplan en zijn evaluaties (docs/ladder.md).\n"
    "level request vraagt een ander niveau: omhoog naar 3 of 4 wacht op het besluit van een\n"
    "supervisor van het team van de regisseur (niet wie het vroeg); al het andere gaat meteen.\n"
    "Omlaag noemt de evaluatie die afschalen besloot (--evaluatie). level approve en reject\n"
    "beslissen over de aanvraag die wacht (eenplan supervise pending noemt de versie).\n"
    "evaluate legt een evaluatie vast: de uitkomst per doel, nieuwe ZRM-scores, het besluit en\n"
    "de volgende evaluatie. Elke wijziging noemt de versie die u bekeek (--versie) en waarom\n"
    "(--reden).");
  cli_add_actor_options (context, &o.actor);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!cli_parse (context, &argc, &argv))
    return EP_EXIT_USAGE;
  for (gsize i = 0; argc >= 3 && i < G_N_ELEMENTS (level_commands); i++)
    {
      if (strcmp (argv[1], level_commands[i].group) != 0
          || (level_commands[i].verb != NULL && strcmp (argv[2], level_commands[i].verb) != 0))
        continue;
      int first = level_commands[i].verb != NULL ? 3 : 2;
      if (argc != first + 1)
        break;
      LevelRun run
        = { .command = level_commands[i].command, .household = argv[first], .options = &o };
      return level_commands[i].run (&run);
    }
  fprintf (stderr, LEVEL_USAGE);
  return EP_EXIT_USAGE;
}
