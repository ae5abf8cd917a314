/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * cmd-plan.c: `eenplan plan …` — the household plan (gezinsplan, docs/plan.md) from the command
 * line: create one, show it (or a version of it) for people or as its JSON, change its situation,
 * needs, goals, actions and regie, mark a version agreed with the resident, list its versions,
 * compare two, close it.
 *
 * Every command acts as a real user of one municipality (cli-session.c); plans/ checks who may,
 * the shield, and writes the audit events and the access log. A write builds the JSON body of
 * docs/plan.md from its options (or reads it whole with --bestand) and is held to the version the
 * user looked at (--versie): a stale one says what the version is now and changes nothing. A
 * refused body names the path and the rule, and the option that gave it:
 * "omvang.eenheid (--eenheid): onbekende code '02' (Eenheid (iStandaarden))".
 */
#include "cli-private.h"

#include "ep-json.h"
#include "ep-plan.h"

#include <stdio.h>
#include <string.h>

typedef struct
{
  CliActorOptions actor;
  gint versie;         /* the version looked at (writes); the version shown (show) */
  gint akkoord_versie; /* agree: the version agreed, when not --versie */
  gchar *bestand;      /* a write's whole body as JSON */
  gchar *reden;
  gchar *regisseur, *aanspreekpunt;
  gchar *goed_gaat, *eigen_kracht, *professionele_steun;
  gchar **problemen;
  gchar *wet;
  gchar *omschrijving, *streefdatum, *status;
  gchar **leden, **hulpvragen;
  gchar *soort, *uitvoerder, *doel, *productcategorie, *aanbieder, *volume, *eenheid, *frequentie;
  gchar *begindatum, *einddatum, *reden_einde;
  gchar *naar, *datum, *notitie, *wijze;
  gint van;
  gchar *cursor;
  gint limit;
} PlanOptions;

static void
plan_options_clear (PlanOptions *o)
{
  cli_actor_options_clear (&o->actor);
  gchar **texts[] = {
    &o->bestand,
    &o->reden,
    &o->regisseur,
    &o->aanspreekpunt,
    &o->goed_gaat,
    &o->eigen_kracht,
    &o->professionele_steun,
    &o->wet,
    &o->omschrijving,
    &o->streefdatum,
    &o->status,
    &o->soort,
    &o->uitvoerder,
    &o->doel,
    &o->productcategorie,
    &o->aanbieder,
    &o->volume,
    &o->eenheid,
    &o->frequentie,
    &o->begindatum,
    &o->einddatum,
    &o->reden_einde,
    &o->naar,
    &o->datum,
    &o->notitie,
    &o->wijze,
    &o->cursor,
  };
  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    g_clear_pointer (texts[i], g_free);
  g_clear_pointer (&o->problemen, g_strfreev);
  g_clear_pointer (&o->leden, g_strfreev);
  g_clear_pointer (&o->hulpvragen, g_strfreev);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PlanOptions, plan_options_clear)

/* One command's run: its name, the household, and its options. */
typedef struct
{
  const gchar *command; /* "plan goal add" */
  const gchar *household;
  const gchar *id; /* the need, goal or action named, or NULL */
  PlanOptions *options;
} PlanRun;

/* Member @name of @object as an object (array), or NULL when absent, null or another type. */
static JsonObject *
object_member (JsonObject *object, const gchar *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
array_member (JsonObject *object, const gchar *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;
  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* ---- failures ----------------------------------------------------------------------------- */

/* The option that gives a body's member, for messages: the path without its index. */
static const struct
{
  const gchar *path;
  const gchar *option;
} options_of_paths[] = {
  { "reden", "--reden" },
  { "regisseur", "--regisseur" },
  { "aanspreekpunt", "--aanspreekpunt" },
  { "goed_gaat", "--goed-gaat" },
  { "eigen_kracht", "--eigen-kracht" },
  { "professionele_steun", "--professionele-steun" },
  { "problemen", "--probleem" },
  { "wet", "--wet" },
  { "omschrijving", "--omschrijving" },
  { "leden", "--lid" },
  { "hulpvragen", "--hulpvraag" },
  { "streefdatum", "--streefdatum" },
  { "status", "--status" },
  { "doel_id", "--doel" },
  { "soort", "--soort" },
  { "uitvoerder", "--uitvoerder" },
  { "productcategorie", "--productcategorie" },
  { "aanbieder", "--aanbieder" },
  { "omvang", "--volume, --eenheid en --frequentie" },
  { "omvang.volume", "--volume" },
  { "omvang.eenheid", "--eenheid" },
  { "omvang.frequentie", "--frequentie" },
  { "begindatum", "--begindatum" },
  { "einddatum", "--einddatum" },
  { "reden_einde", "--reden-einde" },
  { "naar", "--naar" },
  { "datum", "--datum" },
  { "notitie", "--notitie" },
  { "wijze", "--wijze" },
  { "van", "--van" },
};

static const gchar *
option_of_path (const gchar *path, const gchar *command)
{
  if (path == NULL)
    return NULL;
  /* agree's "versie" is the version agreed; a read's the version shown or compared. */
  if (strcmp (path, "versie") == 0)
    return g_str_has_suffix (command, "agree") ? "--akkoord-versie" : "--versie";
  if (strcmp (path, "naar") == 0 && g_str_has_suffix (command, "diff"))
    return "--naar";
  gsize len = strcspn (path, "[");
  for (gsize i = 0; i < G_N_ELEMENTS (options_of_paths); i++)
    if (strlen (options_of_paths[i].path) == len
        && strncmp (options_of_paths[i].path, path, len) == 0)
      return options_of_paths[i].option;
  return NULL;
}

/* Prints why @error stopped @run: a stale version with the version now, input with the path, the
 * rule and the option that gave it. Returns: the exit code. */
static int
plan_fail (const PlanRun *run, const CliSession *session, const GError *error)
{
  if (g_error_matches (error, EP_PLAN_ERROR, EP_PLAN_ERROR_STALE))
    {
      fprintf (stderr,
               "eenplan %s: het plan is intussen gewijzigd: u gaf --versie %d, het is nu versie "
               "%d; bekijk het opnieuw (eenplan plan show %s) en geef die versie\n",
               run->command, run->options->versie, ep_plan_error_current_version (error),
               run->household);
      return cli_exit_code (error);
    }
  g_autofree gchar *path = ep_plan_error_path (error);
  const gchar *rule = ep_plan_error_rule (error);
  /* Input is named by the option that gave it; a refusal of the user or the plan is not. */
  gboolean input = error->domain == EP_PLAN_ERROR && error->code <= EP_PLAN_ERROR_RULE;
  const gchar *option
    = input && run->options->bestand == NULL ? option_of_path (path, run->command) : NULL;
  if (option != NULL && rule != NULL)
    {
      fprintf (stderr, "eenplan %s: %s (%s): %s\n", run->command, path, option, rule);
      return cli_exit_code (error);
    }
  return cli_session_fail (session, error);
}

/* ---- the body of a write ------------------------------------------------------------------ */

static void
set_text (JsonObject *body, const gchar *name, const gchar *value)
{
  if (value != NULL)
    json_object_set_string_member (body, name, value);
}

static void
set_list (JsonObject *body, const gchar *name, gchar **values)
{
  if (values == NULL)
    return;
  JsonArray *array = json_array_new ();
  for (gsize i = 0; values[i] != NULL; i++)
    json_array_add_string_element (array, values[i]);
  json_object_set_array_member (body, name, array);
}

/* A volume as JSON: a whole number as one, a fraction as one (for plans/ to refuse at
 * omvang.volume), anything else as text (refused as of the wrong type). */
static JsonNode *
volume_node (const gchar *text)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);
  gchar *end = NULL;
  gint64 whole = g_ascii_strtoll (text, &end, 10);
  if (*text != '\0' && end != NULL && *end == '\0')
    {
      json_node_set_int (node, whole);
      return node;
    }
  gdouble number = g_ascii_strtod (text, &end);
  if (*text != '\0' && end != NULL && *end == '\0')
    json_node_set_double (node, number);
  else
    json_node_set_string (node, text);
  return node;
}

/* The body a write reads from --bestand (with nothing else of its body given), or a new object
 * for its options. Returns: (transfer full): the body, or NULL with *@rc set, having said why. */
static JsonNode *
begin_body (const PlanRun *run, CliSession *session, int *rc)
{
  if (run->options->bestand != NULL)
    return cli_session_read_document (session, run->options->bestand, rc);
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, json_object_new ());
  return node;
}

/* The member @id of @list in @plan (goals or actions), or NULL. (transfer none) */
static JsonObject *
find_item (JsonNode *plan, const gchar *list, const gchar *id)
{
  JsonArray *items = array_member (json_node_get_object (plan), list);
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      if (g_strcmp0 (json_object_get_string_member_with_default (item, "id", NULL), id) == 0)
        return item;
    }
  return NULL;
}

/* A change starts from the goal or action as it is: its members @names (that are not null) are
 * copied into @body, for the options to change. Reads the plan (access-logged): a goal or action
 * it does not have is left to plans/ to refuse. Returns: FALSE with *@rc set, having said why. */
static gboolean
start_from_current (const PlanRun *run, CliSession *session, const gchar *list,
                    const gchar *const *names, JsonObject *body, int *rc)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) plan = ep_plan_read (session->conn, &session->ctx, run->household, &error);
  if (plan == NULL)
    {
      *rc = plan_fail (run, session, error);
      return FALSE;
    }
  JsonObject *item = find_item (plan, list, run->id);
  for (gsize i = 0; item != NULL && names[i] != NULL; i++)
    {
      JsonNode *value = json_object_get_member (item, names[i]);
      if (value != NULL && !JSON_NODE_HOLDS_NULL (value))
        json_object_set_member (body, names[i], json_node_copy (value));
    }
  return TRUE;
}

/* ---- showing ------------------------------------------------------------------------------ */

static const gchar *
member_text (JsonObject *object, const gchar *name)
{
  return object != NULL ? json_object_get_string_member_with_default (object, name, NULL) : NULL;
}

/* As member_text(), for printing: "—" when absent or null. */
static const gchar *
shown (JsonObject *object, const gchar *name)
{
  const gchar *text = member_text (object, name);
  return text != NULL ? text : "—";
}

/* The label of @code in @vocab, or the code itself when it has none. */
static const gchar *
code_label (const EpVocabulary *vocab, const gchar *code)
{
  gint value = 0;
  if (code == NULL || !ep_vocab_parse (vocab, code, &value, NULL))
    return code != NULL ? code : "?";
  return cli_label (vocab, value);
}

/* "102 minuten per week": an iStandaarden volume in words. Returns: (transfer full). */
static gchar *
omvang_text (JsonObject *omvang)
{
  static const struct
  {
    const gchar *code, *one, *more;
  } units[] = {
    { "01", "minuut", "minuten" },
    { "04", "uur", "uur" },
    { "14", "etmaal", "etmalen" },
    { "16", "dagdeel", "dagdelen" },
    { "82", "stuk (output)", "stuks (output)" },
    { "83", "euro", "euro" },
    { "84", "stuk (inspanning)", "stuks (inspanning)" },
  };
  gint64 volume = json_object_get_int_member_with_default (omvang, "volume", 0);
  const gchar *eenheid = member_text (omvang, "eenheid");
  const gchar *unit = eenheid;
  for (gsize i = 0; i < G_N_ELEMENTS (units); i++)
    if (g_strcmp0 (units[i].code, eenheid) == 0)
      unit = volume == 1 ? units[i].one : units[i].more;
  g_autofree gchar *frequentie
    = g_utf8_strdown (code_label (ep_vocab_frequentie (), member_text (omvang, "frequentie")), -1);
  return g_strdup_printf ("%" G_GINT64_FORMAT " %s %s", volume, unit ? unit : "?", frequentie);
}

/* A member's name by person id, from the plan's leden. Returns: (transfer full). */
static gchar *
member_name (JsonNode *plan, const gchar *person_id)
{
  JsonArray *leden = array_member (json_node_get_object (plan), "leden");
  for (guint i = 0; leden != NULL && i < json_array_get_length (leden); i++)
    {
      JsonObject *lid = json_array_get_object_element (leden, i);
      if (g_strcmp0 (member_text (lid, "id"), person_id) == 0)
        return cli_full_name (member_text (lid, "voornaam"), NULL, member_text (lid, "achternaam"));
    }
  return g_strdup (person_id ? person_id : "?");
}

/* "Marieke Jansen (marieke.regisseur)". Returns: (transfer full). */
static gchar *
user_text (const gchar *naam, const gchar *username)
{
  return naam != NULL ? g_strdup_printf ("%s (%s)", naam, username ? username : "?")
                      : g_strdup (username ? username : "geen");
}

/* The texts of an array of strings, joined. Returns: (transfer full). */
static gchar *
joined (JsonArray *array, const gchar *separator)
{
  g_autoptr (GString) text = g_string_new (NULL);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    g_string_append_printf (text, "%s%s", i > 0 ? separator : "",
                            json_array_get_string_element (array, i));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
print_situation (JsonObject *p)
{
  static const struct
  {
    const gchar *name, *label;
  } texts[] = {
    { "goed_gaat", "goed gaat" },
    { "eigen_kracht", "eigen kracht" },
    { "professionele_steun", "professionele steun" },
  };
  printf ("Situatie\n");
  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    printf ("  %-20s %s\n", texts[i].label, shown (p, texts[i].name));
  JsonArray *problemen = array_member (p, "problemen");
  for (guint i = 0; problemen != NULL && i < json_array_get_length (problemen); i++)
    {
      JsonObject *pr = json_array_get_object_element (problemen, i);
      printf ("  %-20s %" G_GINT64_FORMAT ". %s\n", i == 0 ? "problemen" : "",
              json_object_get_int_member_with_default (pr, "prioriteit", 0),
              shown (pr, "omschrijving"));
    }
}

/* The needs grouped by law, in the order of the vocabulary; each with its member. */
static void
print_needs (JsonNode *plan)
{
  JsonArray *needs = array_member (json_node_get_object (plan), "hulpvragen");
  if (needs == NULL || json_array_get_length (needs) == 0)
    {
      printf ("Hulpvragen\n  geen\n");
      return;
    }
  printf ("Hulpvragen\n");
  const EpVocabulary *wet = ep_vocab_wet ();
  for (gsize w = 0; w < wet->n_entries; w++)
    {
      const gchar *code = wet->entries[w].code;
      gboolean heading = FALSE;
      for (guint i = 0; i < json_array_get_length (needs); i++)
        {
          JsonObject *n = json_array_get_object_element (needs, i);
          if (g_strcmp0 (member_text (n, "wet"), code) != 0)
            continue;
          if (!heading)
            printf ("  %s (%s)\n", wet->entries[w].label, code);
          heading = TRUE;
          g_autofree gchar *name = member_name (plan, member_text (n, "lid"));
          const gchar *was = member_text (n, "wet_intake");
          printf ("    %s: %s [%s, %s]%s%s%s  (%s)\n", name, shown (n, "omschrijving"),
                  code_label (ep_vocab_urgentie (), shown (n, "urgentie")),
                  code_label (ep_vocab_hulpvraag_status (), shown (n, "status")),
                  g_strcmp0 (was, code) != 0 ? " (in de intake " : "",
                  g_strcmp0 (was, code) != 0 ? was : "", g_strcmp0 (was, code) != 0 ? ")" : "",
                  shown (n, "id"));
        }
    }
}

/* The description of a need, goal or action with @id in @list. (transfer none) */
static const gchar *
description_of (JsonNode *plan, const gchar *list, const gchar *id)
{
  JsonObject *item = find_item (plan, list, id);
  return item != NULL ? member_text (item, "omschrijving") : id;
}

static void
print_goals (JsonNode *plan)
{
  JsonArray *goals = array_member (json_node_get_object (plan), "doelen");
  printf ("Doelen\n");
  if (goals == NULL || json_array_get_length (goals) == 0)
    printf ("  geen\n");
  for (guint i = 0; goals != NULL && i < json_array_get_length (goals); i++)
    {
      JsonObject *g = json_array_get_object_element (goals, i);
      const gchar *streefdatum = member_text (g, "streefdatum");
      printf ("  %s — %s%s%s  (%s)\n", shown (g, "omschrijving"),
              code_label (ep_vocab_doel_status (), shown (g, "status")),
              streefdatum ? ", streefdatum " : "", streefdatum ? streefdatum : "", shown (g, "id"));
      g_autoptr (GString) voor = g_string_new (NULL);
      JsonArray *leden = array_member (g, "leden");
      for (guint j = 0; leden != NULL && j < json_array_get_length (leden); j++)
        {
          g_autofree gchar *name = member_name (plan, json_array_get_string_element (leden, j));
          g_string_append_printf (voor, "%s%s", j > 0 ? ", " : "", name);
        }
      g_autofree gchar *wetten = joined (array_member (g, "wetten"), ", ");
      printf ("    voor        %s\n    wetten      %s\n", voor->str, wetten);
      JsonArray *needs = array_member (g, "hulpvragen");
      for (guint j = 0; needs != NULL && j < json_array_get_length (needs); j++)
        printf ("    %-11s %s\n", j == 0 ? "hulpvragen" : "",
                description_of (plan, "hulpvragen", json_array_get_string_element (needs, j)));
    }
}

/* "Begeleiding (WMO 02), 102 minuten per week, aanbieder De Linde, vanaf 2026-12-07". Returns:
 * (transfer full). */
static gchar *
maatwerk_text (JsonObject *a)
{
  const gchar *wet = member_text (a, "wet");
  const gchar *categorie = member_text (a, "productcategorie");
  g_autoptr (GString) text = g_string_new (NULL);
  if (categorie != NULL)
    {
      const EpVocabulary *vocab = g_strcmp0 (wet, "JW") == 0 ? ep_vocab_productcategorie_jw ()
                                                             : ep_vocab_productcategorie_wmo ();
      g_string_append_printf (text, "%s (%s %s)", code_label (vocab, categorie), wet, categorie);
    }
  else
    g_string_append_printf (text, "%s", code_label (ep_vocab_wet (), wet));
  JsonObject *omvang = object_member (a, "omvang");
  if (omvang != NULL)
    {
      g_autofree gchar *words = omvang_text (omvang);
      g_string_append_printf (text, ", %s", words);
    }
  g_string_append_printf (text, ", aanbieder %s, vanaf %s", shown (a, "aanbieder"),
                          shown (a, "begindatum"));
  if (member_text (a, "einddatum") != NULL)
    g_string_append_printf (text, " tot %s", shown (a, "einddatum"));
  if (member_text (a, "reden_einde") != NULL)
    g_string_append_printf (text, " (%s)",
                            code_label (ep_vocab_reden_einde (), shown (a, "reden_einde")));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
print_actions (JsonNode *plan)
{
  JsonArray *actions = array_member (json_node_get_object (plan), "afspraken");
  printf ("Afspraken\n");
  if (actions == NULL || json_array_get_length (actions) == 0)
    printf ("  geen\n");
  for (guint i = 0; actions != NULL && i < json_array_get_length (actions); i++)
    {
      JsonObject *a = json_array_get_object_element (actions, i);
      printf ("  %s — %s, door %s  (%s)\n", shown (a, "omschrijving"),
              code_label (ep_vocab_afspraak_soort (), shown (a, "soort")), shown (a, "uitvoerder"),
              shown (a, "id"));
      if (g_strcmp0 (member_text (a, "soort"), "maatwerkvoorziening") == 0)
        {
          g_autofree gchar *maatwerk = maatwerk_text (a);
          printf ("    %s\n", maatwerk);
        }
      else if (member_text (a, "einddatum") != NULL)
        printf ("    tot %s\n", shown (a, "einddatum"));
      if (member_text (a, "doel_id") != NULL)
        printf ("    doel        %s\n", description_of (plan, "doelen", shown (a, "doel_id")));
    }
}

static void
print_regie (JsonObject *p)
{
  printf ("Regie\n");
  JsonArray *regie = array_member (p, "regie");
  for (guint i = 0; regie != NULL && i < json_array_get_length (regie); i++)
    {
      JsonObject *r = json_array_get_object_element (regie, i);
      g_autofree gchar *who = user_text (member_text (r, "naam"), member_text (r, "regisseur"));
      const gchar *tot = member_text (r, "tot");
      printf ("  %s – %-10s  %s", shown (r, "vanaf"), tot ? tot : "", who);
      if (member_text (r, "van") != NULL)
        {
          g_autofree gchar *from = user_text (member_text (r, "van_naam"), member_text (r, "van"));
          printf (", overgedragen door %s: \"%s\"", from, shown (r, "notitie"));
        }
      printf ("\n");
    }
}

static void
print_plan (JsonNode *plan)
{
  JsonObject *p = json_node_get_object (plan);
  JsonObject *regisseur = object_member (p, "regisseur");
  JsonObject *contact = object_member (p, "aanspreekpunt");
  printf ("Gezinsplan van huishouden %s (versie %" G_GINT64_FORMAT ", %s)\n",
          shown (p, "household_id"), json_object_get_int_member (p, "version"),
          code_label (ep_vocab_plan_status (), shown (p, "status")));
  g_autofree gchar *r
    = user_text (member_text (regisseur, "naam"), member_text (regisseur, "username"));
  g_autofree gchar *a
    = user_text (member_text (contact, "naam"), member_text (contact, "username"));
  printf ("  regisseur      %s, sinds %s\n", r, shown (regisseur, "sinds"));
  printf ("  aanspreekpunt  %s\n", a);
  JsonNode *akkoord_node = json_object_get_member (p, "akkoord");
  if (akkoord_node != NULL && JSON_NODE_HOLDS_OBJECT (akkoord_node))
    {
      JsonObject *akkoord = json_node_get_object (akkoord_node);
      printf ("  akkoord        versie %" G_GINT64_FORMAT " op %s (%s)\n",
              json_object_get_int_member (akkoord, "versie"), shown (akkoord, "datum"),
              code_label (ep_vocab_akkoord_wijze (), shown (akkoord, "wijze")));
    }
  else
    printf ("  akkoord        nog geen versie akkoord met de bewoner\n");
  if (member_text (p, "reden_afsluiting") != NULL)
    printf ("  afgesloten     %s\n", shown (p, "reden_afsluiting"));
  print_situation (p);
  printf ("Leden\n");
  JsonArray *leden = array_member (p, "leden");
  for (guint i = 0; leden != NULL && i < json_array_get_length (leden); i++)
    {
      JsonObject *lid = json_array_get_object_element (leden, i);
      g_autofree gchar *name
        = cli_full_name (member_text (lid, "voornaam"), NULL, member_text (lid, "achternaam"));
      printf ("  %s — %s  (%s)\n", name, code_label (ep_vocab_gezinsrol (), shown (lid, "rol")),
              shown (lid, "id"));
    }
  print_needs (plan);
  print_goals (plan);
  print_actions (plan);
  print_regie (p);
  JsonArray *open = array_member (p, "open_hulpvragen");
  if (open != NULL && json_array_get_length (open) > 0)
    printf ("Open hulpvragen zonder doel\n");
  for (guint i = 0; open != NULL && i < json_array_get_length (open); i++)
    printf ("  %s\n", description_of (plan, "hulpvragen", json_array_get_string_element (open, i)));
}

/* ---- the commands ------------------------------------------------------------------------- */

/* Says what a write did: "PLAN: WHAT; nu versie N", or its JSON. */
static void
print_written (const PlanRun *run, const gchar *what, const gchar *id_name, const gchar *id,
               gint version)
{
  if (!run->options->actor.json)
    {
      printf ("gezinsplan van huishouden %s: %s; nu versie %d\n", run->household, what, version);
      return;
    }
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "household_id");
  json_builder_add_string_value (b, run->household);
  if (id_name != NULL)
    {
      json_builder_set_member_name (b, id_name);
      json_builder_add_string_value (b, id);
    }
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, version);
  json_builder_end_object (b);
  cli_print_json (json_builder_get_root (b));
}

/* A write's required options: --versie, and --reden unless the body comes whole. */
static int
check_write_options (const PlanRun *run, gboolean needs_reason)
{
  if (run->options->versie < 1)
    return cli_missing_option (run->command, "--versie",
                               "de versie van het plan die u hebt bekeken");
  if (needs_reason && run->options->bestand == NULL && !cli_given (run->options->reden))
    return cli_missing_option (run->command, "--reden", "waarom (wordt bewaard bij de versie)");
  return EP_EXIT_OK;
}

static int
plan_create (const PlanRun *run)
{
  PlanOptions *o = run->options;
  if (o->bestand == NULL && !cli_given (o->regisseur))
    return cli_missing_option (run->command, "--regisseur", "wie de regie voert (gebruikersnaam)");
  if (o->bestand == NULL && !cli_given (o->reden))
    return cli_missing_option (run->command, "--reden", "waarom er een plan komt");
  g_auto (CliSession) session = { 0 };
  int rc = cli_session_open (&session, run->command, &o->actor);
  if (rc != EP_EXIT_OK)
    return rc;
  g_autoptr (JsonNode) body = begin_body (run, &session, &rc);
  if (body == NULL)
    return rc;
  if (o->bestand == NULL)
    {
      JsonObject *b = json_node_get_object (body);
      set_text (b, "regisseur", o->regisseur);
      set_text (b, "aanspreekpunt", o->aanspreekpunt != NULL ? o->aanspreekpunt : o->regisseur);
      set_text (b, "reden", o->reden);
    }
  g_autoptr (GError) error = NULL;
  g_autofree gchar *plan_id = NULL;
  if (!ep_plan_create (session.conn, &session.ctx, run->household, body, &plan_id, &error))
    return plan_fail (run, &session, error);
  g_autofree gchar *what = g_strdup_printf ("plan %s gemaakt", plan_id);
  print_written (run, what, "plan_id", plan_id, 1);
  return EP_EXIT_OK;
}

static int
plan_show (const PlanRun *run)
{
  g_auto (CliSession) session = { 0 };
  int rc = cli_session_open (&session, run->command, &run->options->actor);
  if (rc != EP_EXIT_OK)
    return rc;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) plan = run->options->versie > 0
                                ? ep_plan_read_version (session.conn, &session.ctx, run->household,
                                                        run->options->versie, &error)
                                : ep_plan_read (session.conn, &session.ctx, run->household, &error);
  if (plan == NULL)
    return plan_fail (run, &session, error);
  if (run->options->actor.json)
    cli_print_json (g_steal_pointer (&plan));
  else
    print_plan (plan);
  return EP_EXIT_OK;
}

/* The writes that take a body and a base version and give the new version. */
typedef gboolean (*PlanWrite) (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                               gint base_version, JsonNode *body, gint *new_version,
                               GError **error);

/* Opens the session and begins the body of a write. Returns: (transfer full): the body, or NULL
 * with *@rc set. */
static JsonNode *
open_write (const PlanRun *run, CliSession *session, gboolean needs_reason, int *rc)
{
  *rc = check_write_options (run, needs_reason);
  if (*rc != EP_EXIT_OK)
    return NULL;
  *rc = cli_session_open (session, run->command, &run->options->actor);
  if (*rc != EP_EXIT_OK)
    return NULL;
  return begin_body (run, session, rc);
}

/* Fills a write's body from the options given (the reason is added by write_with()). */
typedef void (*PlanFill) (JsonObject *body, const PlanOptions *o);

/* What a write did, from its body (NULL when the body is no object). Returns: (transfer full). */
typedef gchar *(*PlanDescribe) (JsonObject *body);

/* A write of the plan: its body from the options (@fill, and --reden when @needs_reason), or read
 * whole (--bestand); then @write, held to --versie, and what it did, said. */
static int
write_with (const PlanRun *run, gboolean needs_reason, PlanFill fill, PlanWrite write,
            PlanDescribe describe)
{
  g_auto (CliSession) session = { 0 };
  int rc;
  g_autoptr (JsonNode) body = open_write (run, &session, needs_reason, &rc);
  if (body == NULL)
    return rc;
  JsonObject *b = JSON_NODE_HOLDS_OBJECT (body) ? json_node_get_object (body) : NULL;
  if (run->options->bestand == NULL)
    {
      fill (b, run->options);
      if (needs_reason)
        set_text (b, "reden", run->options->reden);
    }
  g_autoptr (GError) error = NULL;
  gint version = 0;
  if (!write (session.conn, &session.ctx, run->household, run->options->versie, body, &version,
              &error))
    return plan_fail (run, &session, error);
  g_autofree gchar *what = describe (b);
  print_written (run, what, NULL, NULL, version);
  return EP_EXIT_OK;
}

static void
fill_situation (JsonObject *b, const PlanOptions *o)
{
  set_text (b, "goed_gaat", o->goed_gaat);
  set_text (b, "eigen_kracht", o->eigen_kracht);
  set_text (b, "professionele_steun", o->professionele_steun);
  if (o->problemen == NULL)
    return;
  /* In the order given: the first has priority 1. */
  JsonArray *problemen = json_array_new ();
  for (gsize i = 0; o->problemen[i] != NULL; i++)
    {
      JsonObject *p = json_object_new ();
      json_object_set_string_member (p, "omschrijving", o->problemen[i]);
      json_object_set_int_member (p, "prioriteit", (gint64) i + 1);
      json_array_add_object_element (problemen, p);
    }
  json_object_set_array_member (b, "problemen", problemen);
}

static gchar *
describe_situation (JsonObject *body)
{
  return g_strdup ("situatie bijgewerkt");
}

static int
plan_situation (const PlanRun *run)
{
  return write_with (run, TRUE, fill_situation, ep_plan_set_situation, describe_situation);
}

static int
plan_need_import (const PlanRun *run)
{
  g_auto (CliSession) session = { 0 };
  int rc;
  g_autoptr (JsonNode) body = open_write (run, &session, TRUE, &rc);
  if (body == NULL)
    return rc;
  if (run->options->bestand == NULL)
    set_text (json_node_get_object (body), "reden", run->options->reden);
  g_autoptr (GError) error = NULL;
  guint n = 0;
  gint version = 0;
  if (!ep_plan_import_needs (session.conn, &session.ctx, run->household, run->options->versie, body,
                             &n, &version, &error))
    return plan_fail (run, &session, error);
  if (run->options->actor.json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "household_id");
      json_builder_add_string_value (b, run->household);
      json_builder_set_member_name (b, "opgehaald");
      json_builder_add_int_value (b, n);
      json_builder_set_member_name (b, "version");
      json_builder_add_int_value (b, version);
      json_builder_end_object (b);
      cli_print_json (json_builder_get_root (b));
    }
  else if (n == 0)
    printf ("gezinsplan van huishouden %s: geen nieuwe hulpvragen; versie %d blijft\n",
            run->household, version);
  else
    printf ("gezinsplan van huishouden %s: %u %s opgehaald; nu versie %d\n", run->household, n,
            n == 1 ? "hulpvraag" : "hulpvragen", version);
  return EP_EXIT_OK;
}

static int
plan_need_law (const PlanRun *run)
{
  PlanOptions *o = run->options;
  if (o->bestand == NULL && !cli_given (o->wet))
    return cli_missing_option (run->command, "--wet", "onder welke wet de hulpvraag valt");
  g_auto (CliSession) session = { 0 };
  int rc;
  g_autoptr (JsonNode) body = open_write (run, &session, TRUE, &rc);
  if (body == NULL)
    return rc;
  if (o->bestand == NULL)
    {
      set_text (json_node_get_object (body), "wet", o->wet);
      set_text (json_node_get_object (body), "reden", o->reden);
    }
  g_autoptr (GError) error = NULL;
  gint version = 0;
  if (!ep_plan_set_need_law (session.conn, &session.ctx, run->household, run->id, o->versie, body,
                             &version, &error))
    return plan_fail (run, &session, error);
  g_autofree gchar *what = g_strdup_printf ("hulpvraag %s valt nu onder %s", run->id,
                                            shown (json_node_get_object (body), "wet"));
  print_written (run, what, NULL, NULL, version);
  return EP_EXIT_OK;
}

/* ep_plan_put_goal() or ep_plan_put_action(). */
typedef gboolean (*PlanPut) (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                             const gchar *id, gint base_version, JsonNode *body, gchar **id_out,
                             gint *new_version, GError **error);

/* Adds a goal or an action, or changes one (run->id) starting from it as it is (@members of the
 * item in @list); @noun names it in what is said. */
static int
put_item (const PlanRun *run, const gchar *list, const gchar *const *members, PlanFill fill,
          PlanPut put, const gchar *noun)
{
  PlanOptions *o = run->options;
  g_auto (CliSession) session = { 0 };
  int rc;
  g_autoptr (JsonNode) body = open_write (run, &session, TRUE, &rc);
  if (body == NULL)
    return rc;
  JsonObject *b = json_node_get_object (body);
  if (o->bestand == NULL && run->id != NULL
      && !start_from_current (run, &session, list, members, b, &rc))
    return rc;
  if (o->bestand == NULL)
    {
      fill (b, o);
      set_text (b, "reden", o->reden);
    }
  g_autoptr (GError) error = NULL;
  g_autofree gchar *id = NULL;
  gint version = 0;
  if (!put (session.conn, &session.ctx, run->household, run->id, o->versie, body, &id, &version,
            &error))
    return plan_fail (run, &session, error);
  g_autofree gchar *what
    = g_strdup_printf ("%s %s %s", noun, id, run->id == NULL ? "toegevoegd" : "gewijzigd");
  print_written (run, what, "id", id, version);
  return EP_EXIT_OK;
}

static void
fill_goal (JsonObject *b, const PlanOptions *o)
{
  set_text (b, "omschrijving", o->omschrijving);
  set_list (b, "leden", o->leden);
  set_list (b, "hulpvragen", o->hulpvragen);
  set_text (b, "streefdatum", o->streefdatum);
  set_text (b, "status", o->status);
}

static int
plan_goal (const PlanRun *run)
{
  static const gchar *const members[]
    = { "omschrijving", "leden", "streefdatum", "status", "hulpvragen", NULL };
  return put_item (run, "doelen", members, fill_goal, ep_plan_put_goal, "doel");
}

static void
fill_action (JsonObject *b, const PlanOptions *o)
{
  set_text (b, "doel_id", o->doel);
  set_text (b, "soort", o->soort);
  set_text (b, "omschrijving", o->omschrijving);
  set_text (b, "uitvoerder", o->uitvoerder);
  set_text (b, "wet", o->wet);
  set_text (b, "productcategorie", o->productcategorie);
  set_text (b, "aanbieder", o->aanbieder);
  if (o->volume != NULL || o->eenheid != NULL || o->frequentie != NULL)
    {
      JsonObject *omvang = object_member (b, "omvang");
      if (omvang == NULL)
        {
          omvang = json_object_new ();
          json_object_set_object_member (b, "omvang", omvang);
        }
      if (o->volume != NULL)
        json_object_set_member (omvang, "volume", volume_node (o->volume));
      set_text (omvang, "eenheid", o->eenheid);
      set_text (omvang, "frequentie", o->frequentie);
    }
  set_text (b, "begindatum", o->begindatum);
  set_text (b, "einddatum", o->einddatum);
  set_text (b, "reden_einde", o->reden_einde);
}

static int
plan_action (const PlanRun *run)
{
  static const gchar *const members[]
    = { "doel_id",   "soort",  "omschrijving", "uitvoerder", "wet",         "productcategorie",
        "aanbieder", "omvang", "begindatum",   "einddatum",  "reden_einde", NULL };
  return put_item (run, "afspraken", members, fill_action, ep_plan_put_action, "afspraak");
}

static void
fill_handover (JsonObject *b, const PlanOptions *o)
{
  set_text (b, "naar", o->naar);
  set_text (b, "datum", o->datum);
  set_text (b, "notitie", o->notitie);
  set_text (b, "aanspreekpunt", o->aanspreekpunt);
}

static gchar *
describe_handover (JsonObject *body)
{
  return g_strdup_printf ("regie overgedragen aan %s per %s", shown (body, "naar"),
                          shown (body, "datum"));
}

static int
plan_handover (const PlanRun *run)
{
  PlanOptions *o = run->options;
  if (o->bestand == NULL)
    {
      if (!cli_given (o->naar))
        return cli_missing_option (run->command, "--naar", "de regisseur die de regie overneemt");
      if (!cli_given (o->datum))
        return cli_missing_option (run->command, "--datum", "de dag van de overdracht");
      if (!cli_given (o->notitie))
        return cli_missing_option (run->command, "--notitie",
                                   "wat de nieuwe regisseur moet weten (de warme overdracht)");
    }
  return write_with (run, FALSE, fill_handover, ep_plan_handover, describe_handover);
}

static void
fill_contact (JsonObject *b, const PlanOptions *o)
{
  set_text (b, "aanspreekpunt", o->aanspreekpunt);
}

static gchar *
describe_contact (JsonObject *body)
{
  return g_strdup_printf ("aanspreekpunt is nu %s", shown (body, "aanspreekpunt"));
}

static int
plan_contact (const PlanRun *run)
{
  PlanOptions *o = run->options;
  if (o->bestand == NULL && !cli_given (o->aanspreekpunt))
    return cli_missing_option (run->command, "--aanspreekpunt",
                               "wie het aanspreekpunt van de bewoner wordt");
  return write_with (run, TRUE, fill_contact, ep_plan_set_contact_person, describe_contact);
}

/* The version agreed is the one looked at, unless --akkoord-versie names another. */
static void
fill_agree (JsonObject *b, const PlanOptions *o)
{
  json_object_set_int_member (b, "versie", o->akkoord_versie > 0 ? o->akkoord_versie : o->versie);
  set_text (b, "datum", o->datum);
  set_text (b, "wijze", o->wijze);
}

static gchar *
describe_agree (JsonObject *body)
{
  return g_strdup_printf ("versie %" G_GINT64_FORMAT " akkoord met de bewoner",
                          body != NULL ? json_object_get_int_member_with_default (body, "versie", 0)
                                       : 0);
}

static int
plan_agree (const PlanRun *run)
{
  PlanOptions *o = run->options;
  if (o->bestand == NULL && !cli_given (o->datum))
    return cli_missing_option (run->command, "--datum", "de dag waarop de bewoner akkoord gaf");
  if (o->bestand == NULL && !cli_given (o->wijze))
    return cli_missing_option (run->command, "--wijze",
                               "hoe de bewoner akkoord gaf (mondeling, schriftelijk, digitaal)");
  return write_with (run, FALSE, fill_agree, ep_plan_agree, describe_agree);
}

static void
fill_nothing (JsonObject *b, const PlanOptions *o)
{
}

static gchar *
describe_close (JsonObject *body)
{
  return g_strdup ("afgesloten");
}

static int
plan_close (const PlanRun *run)
{
  return write_with (run, TRUE, fill_nothing, ep_plan_close, describe_close);
}

static int
plan_versions (const PlanRun *run)
{
  PlanOptions *o = run->options;
  g_auto (CliSession) session = { 0 };
  int rc = cli_session_open (&session, run->command, &o->actor);
  if (rc != EP_EXIT_OK)
    return rc;
  g_autoptr (GError) error = NULL;
  EpPlanPage page = { .limit = (guint) MAX (o->limit, 0), .cursor = o->cursor };
  g_autofree gchar *next = NULL;
  g_autoptr (JsonNode) versions
    = ep_plan_versions (session.conn, &session.ctx, run->household, &page, &next, &error);
  if (versions == NULL)
    return plan_fail (run, &session, error);
  if (o->actor.json)
    cli_print_json (g_steal_pointer (&versions));
  JsonArray *items = versions != NULL ? json_node_get_array (versions) : NULL;
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *v = json_array_get_object_element (items, i);
      g_autofree gchar *who = user_text (member_text (v, "naam"), member_text (v, "door"));
      printf ("versie %" G_GINT64_FORMAT "  %s  %s: %s\n", json_object_get_int_member (v, "versie"),
              shown (v, "op"), who, shown (v, "reden"));
      JsonNode *akkoord_node = json_object_get_member (v, "akkoord");
      if (akkoord_node != NULL && JSON_NODE_HOLDS_OBJECT (akkoord_node))
        {
          JsonObject *akkoord = json_node_get_object (akkoord_node);
          printf ("  akkoord met de bewoner op %s (%s), vastgelegd door %s\n",
                  shown (akkoord, "datum"),
                  code_label (ep_vocab_akkoord_wijze (), shown (akkoord, "wijze")),
                  shown (akkoord, "door"));
        }
    }
  if (next != NULL)
    fprintf (stderr, "eenplan %s: er zijn er meer; vervolg met --cursor %s\n", run->command, next);
  return EP_EXIT_OK;
}

/* A JSON value on one line, for a difference; long ones cut (the --json output has them whole).
 * Returns: (transfer full). */
static gchar *
value_text (JsonNode *value)
{
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return g_strdup ("—");
  g_autofree gchar *text = ep_json_to_string (value, FALSE);
  if (g_utf8_strlen (text, -1) <= 80)
    return g_steal_pointer (&text);
  g_autofree gchar *cut = g_utf8_substring (text, 0, 77);
  return g_strconcat (cut, "…", NULL);
}

static int
plan_diff (const PlanRun *run)
{
  PlanOptions *o = run->options;
  gchar *end = NULL;
  gint naar = o->naar != NULL ? (gint) g_ascii_strtoll (o->naar, &end, 10) : 0;
  if (o->van < 1)
    return cli_missing_option (run->command, "--van", "de oudere versie");
  if (o->naar == NULL || *o->naar == '\0' || *end != '\0' || naar < 1)
    return cli_missing_option (run->command, "--naar", "de nieuwere versie (een getal)");
  g_auto (CliSession) session = { 0 };
  int rc = cli_session_open (&session, run->command, &o->actor);
  if (rc != EP_EXIT_OK)
    return rc;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) diff
    = ep_plan_diff_versions (session.conn, &session.ctx, run->household, o->van, naar, &error);
  if (diff == NULL)
    return plan_fail (run, &session, error);
  if (o->actor.json)
    {
      cli_print_json (g_steal_pointer (&diff));
      return EP_EXIT_OK;
    }
  JsonArray *changes = array_member (json_node_get_object (diff), "wijzigingen");
  guint n = changes != NULL ? json_array_get_length (changes) : 0;
  printf ("Van versie %d naar versie %d: %u %s\n", o->van, naar, n,
          n == 1 ? "wijziging" : "wijzigingen");
  for (guint i = 0; i < n; i++)
    {
      JsonObject *c = json_array_get_object_element (changes, i);
      const gchar *soort = member_text (c, "soort");
      printf ("  %-10s  %s", soort, shown (c, "pad"));
      if (g_strcmp0 (soort, "gewijzigd") == 0)
        {
          g_autofree gchar *from = value_text (json_object_get_member (c, "van"));
          g_autofree gchar *to = value_text (json_object_get_member (c, "naar"));
          printf (": %s → %s", from, to);
        }
      printf ("\n");
    }
  return EP_EXIT_OK;
}

/* ---- dispatch ----------------------------------------------------------------------------- */

#define PLAN_USAGE                                                                                 \
  "eenplan plan: gebruik `create HUISHOUDEN`, `show HUISHOUDEN`, `situation HUISHOUDEN`, "         \
  "`need import HUISHOUDEN`, `need law HUISHOUDEN HULPVRAAG`, `goal add HUISHOUDEN`, "             \
  "`goal change HUISHOUDEN DOEL`, `action add HUISHOUDEN`, `action change HUISHOUDEN AFSPRAAK`, "  \
  "`regie handover HUISHOUDEN`, `regie contact HUISHOUDEN`, `agree HUISHOUDEN`, "                  \
  "`versions HUISHOUDEN`, `diff HUISHOUDEN --van N --naar M` of `close HUISHOUDEN` "               \
  "(eenplan plan --help noemt de opties)\n"

typedef struct
{
  const gchar *group; /* argv[1] */
  const gchar *verb;  /* argv[2], or NULL when the group is the verb */
  gboolean with_id;   /* HUISHOUDEN ID */
  int (*run) (const PlanRun *run);
  const gchar *command;
} PlanCommand;

static const PlanCommand plan_commands[] = {
  { "create", NULL, FALSE, plan_create, "plan create" },
  { "show", NULL, FALSE, plan_show, "plan show" },
  { "situation", NULL, FALSE, plan_situation, "plan situation" },
  { "need", "import", FALSE, plan_need_import, "plan need import" },
  { "need", "law", TRUE, plan_need_law, "plan need law" },
  { "goal", "add", FALSE, plan_goal, "plan goal add" },
  { "goal", "change", TRUE, plan_goal, "plan goal change" },
  { "action", "add", FALSE, plan_action, "plan action add" },
  { "action", "change", TRUE, plan_action, "plan action change" },
  { "regie", "handover", FALSE, plan_handover, "plan regie handover" },
  { "regie", "contact", FALSE, plan_contact, "plan regie contact" },
  { "agree", NULL, FALSE, plan_agree, "plan agree" },
  { "versions", NULL, FALSE, plan_versions, "plan versions" },
  { "diff", NULL, FALSE, plan_diff, "plan diff" },
  { "close", NULL, FALSE, plan_close, "plan close" },
};

int
cmd_plan (int argc, char **argv)
{
  g_auto (PlanOptions) o = { 0 };
  GOptionEntry entries[] = {
    { "versie", 0, 0, G_OPTION_ARG_INT, &o.versie,
      "de versie van het plan die u bekeek (elke wijziging); show: de versie om te tonen", "N" },
    { "reden", 0, 0, G_OPTION_ARG_STRING, &o.reden,
      "waarom (elke wijziging; bewaard bij de versie)", "TEKST" },
    { "bestand", 0, 0, G_OPTION_ARG_FILENAME, &o.bestand,
      "de hele inhoud van een wijziging als JSON (docs/plan.md), in plaats van de opties; - leest "
      "de invoer",
      "BESTAND|-" },
    { "regisseur", 0, 0, G_OPTION_ARG_STRING, &o.regisseur, "wie de regie voert (create)",
      "GEBRUIKER" },
    { "aanspreekpunt", 0, 0, G_OPTION_ARG_STRING, &o.aanspreekpunt,
      "het aanspreekpunt van de bewoner (create: standaard de regisseur; regie contact, regie "
      "handover)",
      "GEBRUIKER" },
    { "goed-gaat", 0, 0, G_OPTION_ARG_STRING, &o.goed_gaat, "wat goed gaat (situation)", "TEKST" },
    { "eigen-kracht", 0, 0, G_OPTION_ARG_STRING, &o.eigen_kracht,
      "wat het huishouden en het netwerk zelf doen (situation)", "TEKST" },
    { "professionele-steun", 0, 0, G_OPTION_ARG_STRING, &o.professionele_steun,
      "waar professionele steun nodig is (situation)", "TEKST" },
    { "probleem", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o.problemen,
      "een probleem (situation; herhaal, het eerste heeft voorrang)", "TEKST" },
    { "wet", 0, 0, G_OPTION_ARG_STRING, &o.wet,
      "de wet (need law; action: van een maatwerkvoorziening)", "JW|WMO|PW|WGS|WI|WPG|GEEN" },
    { "omschrijving", 0, 0, G_OPTION_ARG_STRING, &o.omschrijving, "wat (goal, action)", "TEKST" },
    { "lid", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o.leden, "voor wie (goal; herhaal voor meer)",
      "PERSOON" },
    { "hulpvraag", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o.hulpvragen,
      "welke hulpvraag het doel beantwoordt (goal; herhaal voor meer)", "HULPVRAAG" },
    { "streefdatum", 0, 0, G_OPTION_ARG_STRING, &o.streefdatum, "wanneer (goal)", "JJJJ-MM-DD" },
    { "status", 0, 0, G_OPTION_ARG_STRING, &o.status,
      "de status (goal): open, behaald, deels_behaald, niet_behaald, vervallen", "STATUS" },
    { "soort", 0, 0, G_OPTION_ARG_STRING, &o.soort,
      "de soort afspraak (action): bewoner, netwerk, algemene_voorziening, maatwerkvoorziening, "
      "partner",
      "SOORT" },
    { "uitvoerder", 0, 0, G_OPTION_ARG_STRING, &o.uitvoerder, "wie het doet (action)", "TEKST" },
    { "doel", 0, 0, G_OPTION_ARG_STRING, &o.doel, "het doel van de afspraak (action)", "DOEL" },
    { "productcategorie", 0, 0, G_OPTION_ARG_STRING, &o.productcategorie,
      "iStandaarden-productcategorie (action; WMO 01–18, JW 40–55)", "CODE" },
    { "aanbieder", 0, 0, G_OPTION_ARG_STRING, &o.aanbieder, "de aanbieder (action)", "TEKST" },
    { "volume", 0, 0, G_OPTION_ARG_STRING, &o.volume, "de omvang, een heel getal (action)", "N" },
    { "eenheid", 0, 0, G_OPTION_ARG_STRING, &o.eenheid,
      "de eenheid (action): 01 minuut, 04 uur, 14 etmaal, 16 dagdeel, 82, 83, 84", "CODE" },
    { "frequentie", 0, 0, G_OPTION_ARG_STRING, &o.frequentie,
      "de frequentie (action): 1 per dag, 2 per week, 4 per maand, 6 totaal", "CODE" },
    { "begindatum", 0, 0, G_OPTION_ARG_STRING, &o.begindatum, "vanaf (action)", "JJJJ-MM-DD" },
    { "einddatum", 0, 0, G_OPTION_ARG_STRING, &o.einddatum, "tot en met (action)", "JJJJ-MM-DD" },
    { "reden-einde", 0, 0, G_OPTION_ARG_STRING, &o.reden_einde,
      "waarom beëindigd (action; JZ588/WMO588, bv. 19 volgens plan)", "CODE" },
    { "naar", 0, 0, G_OPTION_ARG_STRING, &o.naar,
      "regie handover: de nieuwe regisseur; diff: de nieuwere versie", "GEBRUIKER|N" },
    { "datum", 0, 0, G_OPTION_ARG_STRING, &o.datum, "de dag (regie handover, agree)",
      "JJJJ-MM-DD" },
    { "notitie", 0, 0, G_OPTION_ARG_STRING, &o.notitie,
      "de warme overdracht: wat de nieuwe regisseur moet weten (regie handover)", "TEKST" },
    { "wijze", 0, 0, G_OPTION_ARG_STRING, &o.wijze,
      "hoe de bewoner akkoord gaf (agree): mondeling, schriftelijk, digitaal", "WIJZE" },
    { "akkoord-versie", 0, 0, G_OPTION_ARG_INT, &o.akkoord_versie,
      "de versie waarmee de bewoner akkoord ging (agree; standaard --versie)", "N" },
    { "van", 0, 0, G_OPTION_ARG_INT, &o.van, "de oudere versie (diff)", "N" },
    { "cursor", 0, 0, G_OPTION_ARG_STRING, &o.cursor, "de volgende bladzijde (versions)", "C" },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &o.limit, "hoeveel per bladzijde (versions; 1–200)", "N" },
    { NULL },
  };
  g_autoptr (GOptionContext) context = g_option_context_new (
    "create|show|situation|agree|versions|diff|close HUISHOUDEN | need import|law HUISHOUDEN "
    "[HULPVRAAG] | goal add|change HUISHOUDEN [DOEL] | action add|change HUISHOUDEN [AFSPRAAK] | "
    "regie handover|contact HUISHOUDEN");
  g_option_context_set_summary (
    context,
    "Het gezinsplan van een huishouden (docs/plan.md): één plan, één regisseur. Elke wijziging\n"
    "noemt de versie die u bekeek (--versie) en waarom (--reden); is het plan intussen gewijzigd,\n"
    "dan verandert er niets en hoort u de versie van nu. show toont het plan (met --versie N\n"
    "die versie) voor mensen, of met --json het document zelf; situation, need, versions en\n"
    "close werken zoals hun naam zegt.\n"
    "goal change en action change gaan uit van het doel of de afspraak zoals die is: alleen de\n"
    "opties die u geeft veranderen. --bestand geeft de hele inhoud als JSON.");
  cli_add_actor_options (context, &o.actor);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!cli_parse (context, &argc, &argv))
    return EP_EXIT_USAGE;
  for (gsize i = 0; argc >= 3 && i < G_N_ELEMENTS (plan_commands); i++)
    {
      const PlanCommand *c = &plan_commands[i];
      if (strcmp (argv[1], c->group) != 0 || (c->verb != NULL && strcmp (argv[2], c->verb) != 0))
        continue;
      int first = c->verb != NULL ? 3 : 2;
      if (argc != first + 1 + (c->with_id ? 1 : 0))
        break;
      PlanRun run = { .command = c->command,
                      .household = argv[first],
                      .id = c->with_id ? argv[first + 1] : NULL,
                      .options = &o };
      return c->run (&run);
    }
  fprintf (stderr, PLAN_USAGE);
  return EP_EXIT_USAGE;
}
