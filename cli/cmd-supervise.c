/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * cmd-supervise.c: `eenplan supervise pending|levels|time|overdue|regie` — regie op regie, the
 * supervisor's views of the plans of their team (plans/ep-plan-supervise.h, docs/ladder.md): the
 * level requests waiting for them, the level changes in a period, the time at each level, overdue
 * evaluations per regisseur, and who holds regie of which plan since when.
 *
 * Each a real user (a supervisor; overdue also a regisseur, for their own plans), each one call of
 * plans/, which writes every plan shown to the access log. The lists come a page at a time
 * (--limit, --cursor; the next page's cursor on stderr), the counts are the whole team's. A
 * period is --van and --tot (dates, both included; --tot defaults to today); what depends on
 * today takes the clock from --nu (a date or an ISO 8601 instant, Europe/Amsterdam when it names
 * no zone), so an answer can be repeated. --json prints the view as plans/ gives it.
 */
#include "cli-private.h"

#include "ep-plan-supervise.h"

#include <stdio.h>
#include <string.h>

typedef struct
{
  CliActorOptions actor;
  gchar *van, *tot, *nu;
  gchar *cursor, *regisseur;
  gint limit; /* G_MININT: not given */
} SuperviseOptions;

static void
supervise_options_clear (SuperviseOptions *o)
{
  cli_actor_options_clear (&o->actor);
  g_clear_pointer (&o->van, g_free);
  g_clear_pointer (&o->tot, g_free);
  g_clear_pointer (&o->nu, g_free);
  g_clear_pointer (&o->cursor, g_free);
  g_clear_pointer (&o->regisseur, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SuperviseOptions, supervise_options_clear)

/* ---- reading the view --------------------------------------------------------------------- */

static const gchar *
text (JsonObject *o, const gchar *name)
{
  JsonNode *node = o != NULL ? json_object_get_member (o, name) : NULL;
  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
             && json_node_get_value_type (node) == G_TYPE_STRING
           ? json_node_get_string (node)
           : "—";
}

static gint64
number (JsonObject *o, const gchar *name)
{
  return o != NULL ? json_object_get_int_member_with_default (o, name, 0) : 0;
}

static JsonArray *
list (JsonObject *o, const gchar *name)
{
  JsonNode *node = o != NULL ? json_object_get_member (o, name) : NULL;
  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static JsonObject *
object (JsonObject *o, const gchar *name)
{
  JsonNode *node = o != NULL ? json_object_get_member (o, name) : NULL;
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* "Thomas Visser (thomas.regisseur)", or the username alone. Returns: (transfer full). */
static gchar *
who (JsonObject *o, const gchar *username, const gchar *naam)
{
  const gchar *u = text (o, username);
  JsonNode *n = json_object_get_member (o, naam);
  return n != NULL && JSON_NODE_HOLDS_VALUE (n) ? g_strdup_printf ("%s (%s)", text (o, naam), u)
                                                : g_strdup (u);
}

/* The team's name, for headings ("—" for none: a regisseur's own overdue plans). */
static const gchar *
team_name (JsonObject *view)
{
  return text (object (view, "team"), "naam");
}

/* The label of @code in @vocab, lower case. Returns: (transfer full). */
static gchar *
label_of (const EpVocabulary *vocab, const gchar *code)
{
  gint value = 0;
  if (!ep_vocab_parse (vocab, code, &value, NULL))
    return g_strdup (code);
  return g_utf8_strdown (cli_label (vocab, value), -1);
}

/* ---- the views, for people ---------------------------------------------------------------- */

static void
print_pending (JsonObject *view)
{
  JsonArray *items = list (view, "aanvragen");
  guint n = items != NULL ? json_array_get_length (items) : 0;
  printf ("%s: %u %s op een besluit\n", team_name (view), n,
          n == 1 ? "aanvraag wacht" : "aanvragen wachten");
  for (guint i = 0; i < n; i++)
    {
      JsonObject *a = json_array_get_object_element (items, i);
      g_autofree gchar *asker = who (a, "aangevraagd_door", "aangevraagd_door_naam");
      g_autofree gchar *regisseur = who (a, "regisseur", "regisseur_naam");
      printf ("  huishouden %s (versie %" G_GINT64_FORMAT "): niveau %" G_GINT64_FORMAT
              " → %" G_GINT64_FORMAT "\n",
              text (a, "household_id"), number (a, "version"), number (a, "van"),
              number (a, "naar"));
      printf ("    gevraagd door %s op %s: \"%s\"\n", asker, text (a, "aangevraagd_op"),
              text (a, "reden"));
      printf ("    regisseur %s; aanvraag %s\n", regisseur, text (a, "aanvraag_id"));
    }
}

static void
print_levels (JsonObject *view)
{
  printf ("%s, %s t/m %s: %" G_GINT64_FORMAT " opgeschaald, %" G_GINT64_FORMAT
          " afgeschaald, %" G_GINT64_FORMAT " afgewezen, %" G_GINT64_FORMAT " in afwachting\n",
          team_name (view), text (view, "van"), text (view, "tot"), number (view, "opgeschaald"),
          number (view, "afgeschaald"), number (view, "afgewezen"), number (view, "in_afwachting"));
  JsonArray *items = list (view, "wijzigingen");
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *w = json_array_get_object_element (items, i);
      g_autofree gchar *status = label_of (ep_vocab_niveau_aanvraag_status (), text (w, "status"));
      printf ("  %s  huishouden %s: niveau %" G_GINT64_FORMAT " → %" G_GINT64_FORMAT " (%s)\n",
              text (w, "aangevraagd_op"), text (w, "household_id"), number (w, "van"),
              number (w, "naar"), status);
      printf ("    gevraagd door %s: \"%s\"\n", text (w, "aangevraagd_door"), text (w, "reden"));
      JsonNode *door = json_object_get_member (w, "besloten_door");
      if (door != NULL && !JSON_NODE_HOLDS_NULL (door))
        printf ("    besloten door %s op %s: \"%s\"\n", text (w, "besloten_door"),
                text (w, "besloten_op"), text (w, "besluit_reden"));
    }
}

/* "1: 0  2: 31  3: 12  4: 0" days. Returns: (transfer full). */
static gchar *
days_text (JsonObject *days)
{
  return g_strdup_printf ("1: %" G_GINT64_FORMAT "  2: %" G_GINT64_FORMAT "  3: %" G_GINT64_FORMAT
                          "  4: %" G_GINT64_FORMAT,
                          number (days, "1"), number (days, "2"), number (days, "3"),
                          number (days, "4"));
}

static void
print_time (JsonObject *view)
{
  printf ("%s, %s t/m %s: dagen op elk niveau\n", team_name (view), text (view, "van"),
          text (view, "tot"));
  JsonArray *items = list (view, "plannen");
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *p = json_array_get_object_element (items, i);
      g_autofree gchar *days = days_text (object (p, "dagen"));
      printf ("  huishouden %s (niveau %" G_GINT64_FORMAT ", %s)  %s\n", text (p, "household_id"),
              number (p, "niveau"), text (p, "regisseur"), days);
    }
  g_autofree gchar *total = days_text (object (object (view, "totaal"), "dagen"));
  printf ("  team  %s\n", total);
}

static void
print_overdue (JsonObject *view)
{
  gint64 n = number (view, "aantal");
  printf ("%s op %s: %" G_GINT64_FORMAT " %s te laat\n",
          object (view, "team") != NULL ? team_name (view) : "Uw plannen", text (view, "datum"), n,
          n == 1 ? "evaluatie" : "evaluaties");
  JsonArray *regisseurs = list (view, "regisseurs");
  for (guint i = 0; regisseurs != NULL && i < json_array_get_length (regisseurs); i++)
    {
      JsonObject *r = json_array_get_object_element (regisseurs, i);
      g_autofree gchar *name = who (r, "regisseur", "naam");
      printf ("  %s: %" G_GINT64_FORMAT "\n", name, number (r, "aantal"));
    }
  JsonArray *plans = list (view, "plannen");
  for (guint j = 0; plans != NULL && j < json_array_get_length (plans); j++)
    {
      JsonObject *p = json_array_get_object_element (plans, j);
      gint64 days = number (p, "dagen_te_laat");
      printf ("    huishouden %s (%s): gepland %s, %" G_GINT64_FORMAT
              " %s te laat (niveau %" G_GINT64_FORMAT ")\n",
              text (p, "household_id"), text (p, "regisseur"), text (p, "volgende_evaluatie"), days,
              days == 1 ? "dag" : "dagen", number (p, "niveau"));
    }
}

static void
print_regie (JsonObject *view)
{
  printf ("%s, %s t/m %s (vandaag %s)\n", team_name (view), text (view, "van"), text (view, "tot"),
          text (view, "datum"));
  JsonArray *items = list (view, "plannen");
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *p = json_array_get_object_element (items, i);
      g_autofree gchar *regisseur = who (p, "regisseur", "regisseur_naam");
      g_autofree gchar *status = label_of (ep_vocab_plan_status (), text (p, "status"));
      printf ("  huishouden %s (%s)\n", text (p, "household_id"), status);
      printf ("    regie       %s, sinds %s\n", regisseur, text (p, "regie_sinds"));
      printf ("    niveau      %" G_GINT64_FORMAT ", sinds %s\n", number (p, "niveau"),
              text (p, "niveau_sinds"));
      JsonNode *late = json_object_get_member (p, "te_laat");
      printf ("    evaluatie   volgende %s%s; %" G_GINT64_FORMAT " in de periode, %" G_GINT64_FORMAT
              " op tijd\n",
              text (p, "volgende_evaluatie"),
              late != NULL && JSON_NODE_HOLDS_VALUE (late) && json_node_get_boolean (late)
                ? " (te laat)"
                : "",
              number (p, "evaluaties"), number (p, "op_tijd"));
      printf ("    ladder      %" G_GINT64_FORMAT " keer opgeschaald, %" G_GINT64_FORMAT
              " keer afgeschaald\n",
              number (p, "opgeschaald"), number (p, "afgeschaald"));
    }
}

/* ---- the commands ------------------------------------------------------------------------- */

/* The clock of --nu: a date (its noon) or an ISO 8601 instant, Europe/Amsterdam unless it says
 * otherwise. Returns: (transfer full): NULL for the real clock, or with *@bad set. */
static GDateTime *
clock_of (const gchar *nu, gboolean *bad)
{
  *bad = FALSE;
  if (nu == NULL)
    return NULL;
  g_autoptr (GTimeZone) amsterdam = g_time_zone_new_identifier ("Europe/Amsterdam");
  g_autofree gchar *instant
    = strlen (nu) == 10 ? g_strconcat (nu, "T12:00:00", NULL) : g_strdup (nu);
  GDateTime *clock = g_date_time_new_from_iso8601 (instant, amsterdam);
  *bad = clock == NULL;
  return clock;
}

typedef enum
{
  VIEW_PENDING,
  VIEW_LEVELS,
  VIEW_TIME,
  VIEW_OVERDUE,
  VIEW_REGIE,
} View;

static const struct
{
  const gchar *verb;
  View view;
  gboolean period; /* takes --van and --tot */
  void (*print) (JsonObject *view);
} views[] = {
  { "pending", VIEW_PENDING, FALSE, print_pending },
  { "levels", VIEW_LEVELS, TRUE, print_levels },
  { "time", VIEW_TIME, TRUE, print_time },
  { "overdue", VIEW_OVERDUE, FALSE, print_overdue },
  { "regie", VIEW_REGIE, TRUE, print_regie },
};

static int
run_view (gsize v, const gchar *command, SuperviseOptions *o)
{
  if (views[v].period && !cli_given (o->van))
    return cli_missing_option (command, "--van", "de eerste dag van de periode (JJJJ-MM-DD)");
  gboolean bad = FALSE;
  g_autoptr (GDateTime) now = clock_of (o->nu, &bad);
  if (bad)
    {
      fprintf (stderr,
               "eenplan %s: --nu: geen datum of tijdstip: '%s' (JJJJ-MM-DD of "
               "JJJJ-MM-DDTUU:MM:SS)\n",
               command, o->nu);
      return EP_EXIT_USAGE;
    }
  g_auto (CliSession) session = { 0 };
  int rc = cli_session_open (&session, command, &o->actor);
  if (rc != EP_EXIT_OK)
    return rc;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) view = NULL;
  /* To plans/, a limit of 0 is "the default": one given as 0 or less is out of range there. */
  EpPlanPage page = { .limit = o->limit == G_MININT ? 0
                               : o->limit <= 0      ? G_MAXUINT
                                                    : (guint) o->limit,
                      .cursor = o->cursor };
  switch (views[v].view)
    {
      case VIEW_PENDING:
        view = ep_plan_supervise_pending (session.conn, &session.ctx, &error);
        break;
      case VIEW_LEVELS:
        view = ep_plan_supervise_levels (session.conn, &session.ctx, o->van, o->tot, &page, now,
                                         &error);
        break;
      case VIEW_TIME:
        view = ep_plan_supervise_time_at_level (session.conn, &session.ctx, o->van, o->tot, &page,
                                                now, &error);
        break;
      case VIEW_OVERDUE:
        view = ep_plan_supervise_overdue (session.conn, &session.ctx, o->regisseur, &page, now,
                                          &error);
        break;
      case VIEW_REGIE:
        view = ep_plan_supervise_regie (session.conn, &session.ctx, o->van, o->tot, &page, now,
                                        &error);
        break;
    }
  if (view == NULL)
    {
      /* A period's dates and the page are named by their option. */
      g_autofree gchar *path = ep_plan_error_path (error);
      const gchar *rule = ep_plan_error_rule (error);
      if (g_error_matches (error, EP_PLAN_ERROR, EP_PLAN_ERROR_INVALID_VALUE) && rule != NULL
          && (g_strcmp0 (path, "van") == 0 || g_strcmp0 (path, "tot") == 0
              || g_strcmp0 (path, "limit") == 0 || g_strcmp0 (path, "cursor") == 0))
        {
          fprintf (stderr, "eenplan %s: %s (--%s): %s\n", command, path, path, rule);
          return cli_exit_code (error);
        }
      return cli_session_fail (&session, error);
    }
  const gchar *next = views[v].view != VIEW_PENDING ? json_object_get_string_member_with_default (
                        json_node_get_object (view), "next_cursor", NULL)
                                                    : NULL;
  g_autofree gchar *more = g_strdup (next);
  if (o->actor.json)
    cli_print_json (g_steal_pointer (&view));
  else
    views[v].print (json_node_get_object (view));
  if (more != NULL && !o->actor.json)
    fprintf (stderr, "eenplan %s: er zijn er meer; vervolg met --cursor %s\n", command, more);
  return EP_EXIT_OK;
}

#define SUPERVISE_USAGE                                                                            \
  "eenplan supervise: gebruik `pending`, `levels --van D [--tot D]`, `time --van D [--tot D]`, "   \
  "`overdue` of `regie --van D [--tot D]` (eenplan supervise --help noemt de opties)\n"

int
cmd_supervise (int argc, char **argv)
{
  g_auto (SuperviseOptions) o = { .limit = G_MININT };
  GOptionEntry entries[] = {
    { "van", 0, 0, G_OPTION_ARG_STRING, &o.van,
      "de eerste dag van de periode (levels, time, regie)", "JJJJ-MM-DD" },
    { "tot", 0, 0, G_OPTION_ARG_STRING, &o.tot,
      "de laatste dag van de periode, die meetelt (standaard vandaag)", "JJJJ-MM-DD" },
    { "nu", 0, 0, G_OPTION_ARG_STRING, &o.nu,
      "de klok: rekenen alsof het nu is (een dag: 12:00 in Nederland)",
      "JJJJ-MM-DD[THH:MM:SS[±ZONE]]" },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &o.limit,
      "hoeveel per bladzijde (levels, time, overdue, regie; 1–200, standaard 50)", "N" },
    { "cursor", 0, 0, G_OPTION_ARG_STRING, &o.cursor,
      "de volgende bladzijde (zoals de vorige die noemde)", "C" },
    { "regisseur", 0, 0, G_OPTION_ARG_STRING, &o.regisseur,
      "overdue: alleen de plannen van deze regisseur tonen (de tellingen blijven van het team)",
      "GEBRUIKER" },
    { NULL },
  };
  g_autoptr (GOptionContext) context
    = g_option_context_new ("pending | levels | time | overdue | regie");
  g_option_context_set_summary (
    context,
    "Regie op regie (docs/ladder.md): wat de supervisor over de plannen van het team ziet.\n"
    "pending: de niveau-aanvragen die op een besluit wachten (met de versie om mee te beslissen);\n"
    "levels: op- en afschalingen in de periode met redenen en wie besloot; time: de dagen op elk\n"
    "niveau per plan en voor het team; overdue: te late evaluaties per regisseur (een regisseur:\n"
    "de eigen); regie: wie de regie heeft sinds wanneer, op welk niveau, of evaluaties op tijd\n"
    "zijn. De lijsten komen per bladzijde (--limit, --cursor); de tellingen zijn van het hele\n"
    "team. Elk plan dat u ziet komt in het toegangslog.");
  cli_add_actor_options (context, &o.actor);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!cli_parse (context, &argc, &argv))
    return EP_EXIT_USAGE;
  for (gsize v = 0; argc == 2 && v < G_N_ELEMENTS (views); v++)
    if (strcmp (argv[1], views[v].verb) == 0)
      {
        g_autofree gchar *command = g_strconcat ("supervise ", views[v].verb, NULL);
        return run_view (v, command, &o);
      }
  fprintf (stderr, SUPERVISE_USAGE);
  return EP_EXIT_USAGE;
}
