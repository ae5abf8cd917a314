/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * cmd-demo.c: `eenplan demo load` — demo data for a new installation.
 *
 * Two parts. The organisation (demo.sql: municipalities, users, vindplaatsen) is loaded by
 * org/ (ep-demo.h) as the owner, in one transaction, only into a database without
 * municipalities, so it can never mix demo rows into real data. demo-stories.json then tells a
 * few households' stories through the library, as the application role and as the users who
 * would do the work, so they come with their audit events and pseudonymised BSNs like real
 * work: contacts from several vindplaatsen, intakes (the Jolanda case among them), one finalised
 * and carried forward into a second intake; then the household plans of the stories that have
 * one ("plan": its steps, each a write of plans/ by the user who would make it: Jolanda's agreed
 * with her, the Yilmaz family's handed over warmly to a second regisseur). A load that stopped
 * part-way is resumed where it stopped (an intake by the intakes told, a plan by its version);
 * running it again once all is told is a no-op that reads no one's data.
 */
#include "cli-private.h"

#include "ep-actor.h"
#include "ep-cli-resource.h"
#include "ep-contact.h"
#include "ep-demo.h"
#include "ep-intake-json.h"
#include "ep-intake-lists.h"
#include "ep-intake-store.h"
#include "ep-json.h"
#include "ep-plan.h"
#include "ep-user.h"

#include <stdio.h>
#include <string.h>

#define DEMO_GEMEENTE "GM0164"
static const gchar *const demo_gemeenten[] = { DEMO_GEMEENTE, "GM0153", NULL };

static GBytes *
demo_resource (const gchar *name, GError **error)
{
  g_autofree gchar *path = g_strconcat ("/org/eenplan/cli/", name, NULL);
  return g_resource_lookup_data (ep_cli_get_resource (), path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
}

static JsonNode *
demo_resource_json (const gchar *name, GError **error)
{
  g_autoptr (GBytes) bytes = demo_resource (name, error);
  if (bytes == NULL)
    return NULL;
  gsize len = 0;
  const gchar *text = g_bytes_get_data (bytes, &len);
  return ep_json_decode (text, len, NULL, error);
}

/* The intake of a later story: carried forward from an earlier story's household. */
static EpIntake *
carried_intake (PGconn *conn, const EpDbTxContext *ctx, JsonObject *story, GPtrArray *households,
                GError **error)
{
  guint from = (guint) json_object_get_int_member (story, "carry_forward");
  if (from >= households->len)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "carry_forward %u names no earlier story", from);
      return NULL;
    }
  g_autoptr (EpIntake) draft = ep_intake_carry_forward (
    conn, ctx, households->pdata[from], json_object_get_string_member (story, "vindplaats_id"),
    json_object_get_string_member (story, "date"), error);
  if (draft == NULL)
    return NULL;
  draft->main_problem = g_strdup (json_object_get_string_member (story, "main_problem"));
  if (!ep_vocab_parse (ep_vocab_intake_vorm (), json_object_get_string_member (story, "form"),
                       (gint *) &draft->form, error))
    return NULL;
  return g_steal_pointer (&draft);
}

/* The contact a stopped load recorded for @story without its intake: one the story's user
 * received, with the story's question, that no intake follows from. Sets nothing when none. */
static gboolean
find_orphan_contact (PGconn *conn, const EpDbTxContext *ctx, EpContact *story, GError **error)
{
  EpContactFilter filter
    = { .received_by = ctx->actor_id, .without_intake = TRUE, .limit = EP_LIST_MAX_LIMIT };
  g_autoptr (GPtrArray) found = ep_contact_list (conn, ctx, &filter, NULL, error);
  if (found == NULL)
    return FALSE;
  for (guint i = 0; i < found->len && story->id == NULL; i++)
    {
      const EpContact *c = found->pdata[i];
      if (g_strcmp0 (c->question, story->question) == 0)
        story->id = g_strdup (c->id);
    }
  return TRUE;
}

/* The intake of a new story, with its first contact (recorded now, or found as a stopped load
 * left it). */
static EpIntake *
new_intake (PGconn *conn, const EpDbTxContext *ctx, JsonObject *story, GError **error)
{
  g_autoptr (EpContact) contact
    = ep_contact_from_json (json_object_get_member (story, "contact"), error);
  if (contact == NULL || !find_orphan_contact (conn, ctx, contact, error))
    return NULL;
  if (contact->id == NULL && !ep_contact_record (conn, ctx, contact, error))
    return NULL;
  JsonNode *intake_node = json_object_get_member (story, "intake");
  g_autoptr (JsonNode) from_file = NULL;
  if (JSON_NODE_HOLDS_VALUE (intake_node))
    {
      from_file = demo_resource_json (json_node_get_string (intake_node), error);
      if (from_file == NULL)
        return NULL;
      intake_node = from_file;
    }
  g_autoptr (EpIntake) intake = ep_intake_from_json (intake_node, error);
  if (intake == NULL)
    return NULL;
  intake->contact_id = g_strdup (contact->id);
  return g_steal_pointer (&intake);
}

/* Finalises the intake @id of @story when the story says so and it is still a draft. */
static gboolean
finalise_as_told (PGconn *conn, const EpDbTxContext *ctx, JsonObject *story, const gchar *id,
                  const gchar *status, gint version, GError **error)
{
  if (!json_object_get_boolean_member_with_default (story, "finalise", FALSE)
      || g_strcmp0 (status, EP_INTAKE_STATUS_DRAFT) != 0)
    return TRUE;
  return ep_intake_finalise (conn, ctx, id, version, NULL, error);
}

/* Tells story @i as its user: the last one told before is only finalised if that had not
 * happened yet (@told_before). */
static gboolean
tell_story (PGconn *conn, GBytes *key, JsonObject *story, const EpIntakeSummary *told_before,
            GPtrArray *households, GError **error)
{
  g_autoptr (EpActor) actor
    = ep_actor_lookup (conn, DEMO_GEMEENTE, json_object_get_string_member (story, "user"), error);
  if (actor == NULL)
    return FALSE;
  EpDbTxContext ctx = ep_actor_context (actor);
  if (told_before != NULL)
    return finalise_as_told (conn, &ctx, story, told_before->id, told_before->status,
                             told_before->version, error);

  g_autoptr (EpIntake) intake = json_object_has_member (story, "carry_forward")
                                  ? carried_intake (conn, &ctx, story, households, error)
                                  : new_intake (conn, &ctx, story, error);
  if (intake == NULL || !ep_intake_record (conn, &ctx, key, intake, error)
      || !finalise_as_told (conn, &ctx, story, intake->id, intake->status, intake->version, error))
    return FALSE;
  g_ptr_array_add (households, g_strdup (intake->household.id));
  return TRUE;
}

/* ---- the plans ---------------------------------------------------------------------------- */

/*
 * A plan's step names members, needs and goals by their place in the plan's lists (docs/plan.md
 * fixes the order of leden and hulpvragen; doelen are in the order added), since their ids are
 * made at load time. These replace a place by the id there.
 */
static gboolean
id_at (JsonNode *plan, const gchar *list, JsonNode *place, JsonNode **id, GError **error)
{
  JsonArray *items = json_object_get_array_member (json_node_get_object (plan), list);
  gint64 i = JSON_NODE_HOLDS_VALUE (place) ? json_node_get_int (place) : -1;
  if (i < 0 || (guint64) i >= json_array_get_length (items))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s[%" G_GINT64_FORMAT "] bestaat niet", list, i);
      return FALSE;
    }
  *id = json_node_copy (
    json_object_get_member (json_array_get_object_element (items, (guint) i), "id"));
  return TRUE;
}

static gboolean
resolve_places (JsonObject *body, JsonNode *plan, GError **error)
{
  static const gchar *const lists[] = { "leden", "hulpvragen" };
  for (gsize l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      JsonArray *places = json_object_has_member (body, lists[l])
                            ? json_object_get_array_member (body, lists[l])
                            : NULL;
      JsonArray *ids = json_array_new ();
      for (guint i = 0; places != NULL && i < json_array_get_length (places); i++)
        {
          JsonNode *id = NULL;
          if (!id_at (plan, lists[l], json_array_get_element (places, i), &id, error))
            {
              json_array_unref (ids);
              return FALSE;
            }
          json_array_add_element (ids, id);
        }
      if (places != NULL)
        json_object_set_array_member (body, lists[l], ids);
      else
        json_array_unref (ids);
    }
  if (json_object_has_member (body, "doel_id"))
    {
      JsonNode *id = NULL;
      if (!id_at (plan, "doelen", json_object_get_member (body, "doel_id"), &id, error))
        return FALSE;
      json_object_set_member (body, "doel_id", id);
    }
  return TRUE;
}

/* Whether the plan has the agreement @body asks for (that version, or a later one, agreed). */
static gboolean
agreed (JsonNode *plan, JsonObject *body)
{
  JsonNode *akkoord = json_object_get_member (json_node_get_object (plan), "akkoord");
  return akkoord != NULL && JSON_NODE_HOLDS_OBJECT (akkoord)
         && json_object_get_int_member (json_node_get_object (akkoord), "versie")
              >= json_object_get_int_member (body, "versie");
}

/* Does step @do with @body as @ctx on the plan at @version (@plan: as it stands, NULL before it
 * is made). A handover or an agreement without a date is dated the day the regie began, which
 * is always allowed whenever the demo is loaded. */
static gboolean
do_step (PGconn *conn, const EpDbTxContext *ctx, const gchar *household, const gchar *what,
         JsonNode *body_node, JsonNode *plan, GError **error)
{
  JsonObject *body = json_node_get_object (body_node);
  if (strcmp (what, "create") == 0)
    return ep_plan_create (conn, ctx, household, body_node, NULL, error);
  gint version = (gint) json_object_get_int_member (json_node_get_object (plan), "version");
  if (!resolve_places (body, plan, error))
    return FALSE;
  if ((strcmp (what, "handover") == 0 || strcmp (what, "agree") == 0)
      && !json_object_has_member (body, "datum"))
    json_object_set_string_member (
      body, "datum",
      json_object_get_string_member (
        json_object_get_object_member (json_node_get_object (plan), "regisseur"), "sinds"));
  if (strcmp (what, "situation") == 0)
    return ep_plan_set_situation (conn, ctx, household, version, body_node, NULL, error);
  if (strcmp (what, "goal") == 0)
    return ep_plan_put_goal (conn, ctx, household, NULL, version, body_node, NULL, NULL, error);
  if (strcmp (what, "action") == 0)
    return ep_plan_put_action (conn, ctx, household, NULL, version, body_node, NULL, NULL, error);
  if (strcmp (what, "handover") == 0)
    return ep_plan_handover (conn, ctx, household, version, body_node, NULL, error);
  if (strcmp (what, "agree") == 0)
    return ep_plan_agree (conn, ctx, household, version, body_node, NULL, error);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "onbekende stap '%s'", what);
  return FALSE;
}

/* Tells the steps of @story's plan for @household that it does not have yet: a step that makes a
 * version is done when the plan has that version, an agreement when its version is agreed. Each
 * as the step's user (or the plan's), who reads the plan before each write, as they would.
 * *@n_done counts the steps done now. */
static gboolean
tell_plan (PGconn *conn, JsonObject *story, const gchar *household, guint *n_done, GError **error)
{
  JsonArray *steps = json_object_get_array_member (story, "steps");
  g_autoptr (JsonNode) plan = NULL;
  gboolean read = FALSE;
  gint made = 0; /* the versions the steps so far make */
  for (guint i = 0; i < json_array_get_length (steps); i++)
    {
      JsonObject *step = json_array_get_object_element (steps, i);
      const gchar *what = json_object_get_string_member (step, "do");
      g_autoptr (EpActor) actor
        = ep_actor_lookup (conn, DEMO_GEMEENTE,
                           json_object_get_string_member_with_default (
                             step, "user", json_object_get_string_member (story, "user")),
                           error);
      if (actor == NULL)
        return FALSE;
      EpDbTxContext ctx = ep_actor_context (actor);
      if (!read)
        {
          g_autoptr (GError) missing = NULL;
          plan = ep_plan_read (conn, &ctx, household, &missing);
          if (plan == NULL && !g_error_matches (missing, EP_PLAN_ERROR, EP_PLAN_ERROR_NOT_FOUND))
            {
              g_propagate_error (error, g_steal_pointer (&missing));
              return FALSE;
            }
          read = TRUE;
        }
      gint version = plan != NULL
                       ? (gint) json_object_get_int_member (json_node_get_object (plan), "version")
                       : 0;
      JsonObject *body = json_object_get_object_member (step, "body");
      gboolean done
        = strcmp (what, "agree") == 0 ? plan != NULL && agreed (plan, body) : version >= ++made;
      if (done)
        continue;
      g_autoptr (JsonNode) copy = json_node_copy (json_object_get_member (step, "body"));
      if (!do_step (conn, &ctx, household, what, copy, plan, error))
        {
          g_prefix_error (error, "stap %u (%s): ", i + 1, what);
          return FALSE;
        }
      (*n_done)++;
      g_clear_pointer (&plan, json_node_unref);
      read = FALSE;
    }
  return TRUE;
}

/* The versions and agreements the plans of @stories make when all is told. */
static void
plan_work (JsonArray *stories, gint64 *versions, gint64 *agreements)
{
  *versions = *agreements = 0;
  for (guint i = 0; i < json_array_get_length (stories); i++)
    {
      JsonObject *story = json_array_get_object_element (stories, i);
      if (!json_object_has_member (story, "plan"))
        continue;
      JsonArray *steps
        = json_object_get_array_member (json_object_get_object_member (story, "plan"), "steps");
      for (guint j = 0; j < json_array_get_length (steps); j++)
        if (strcmp (json_object_get_string_member (json_array_get_object_element (steps, j), "do"),
                    "agree")
            == 0)
          (*agreements)++;
        else
          (*versions)++;
    }
}

/* Whether the plans of @stories are all told: their figures (ep_plan_count()) say so without
 * opening a plan. A Hengelo with more plan work than the stories make is left alone: *@foreign. */
static gboolean
plans_told (PGconn *conn, JsonArray *stories, gboolean *told, gboolean *foreign, GError **error)
{
  EpDbTxContext system
    = { .gemeente = DEMO_GEMEENTE, .actor_id = "system", .actor_role = "system" };
  EpPlanCounts counts;
  gint64 versions = 0, agreements = 0;
  plan_work (stories, &versions, &agreements);
  if (!ep_plan_count (conn, &system, &counts, error))
    return FALSE;
  *told = counts.versions >= versions && counts.agreed >= agreements;
  *foreign = *told && (counts.versions > versions || counts.agreed > agreements);
  return TRUE;
}

/* Tells the plans of the stories (all of whose intakes are told: @households, the household of
 * each) that are not told yet. *@n_plans counts the plans that had a step told now. */
static gboolean
tell_plans (PGconn *conn, JsonArray *stories, GPtrArray *households, guint *n_plans,
            gboolean *foreign, GError **error)
{
  *n_plans = 0;
  gboolean told = FALSE;
  if (!plans_told (conn, stories, &told, foreign, error))
    return FALSE;
  if (told)
    return TRUE;
  for (guint i = 0; i < json_array_get_length (stories); i++)
    {
      JsonObject *story = json_array_get_object_element (stories, i);
      if (!json_object_has_member (story, "plan"))
        continue;
      guint n_done = 0;
      if (!tell_plan (conn, json_object_get_object_member (story, "plan"), households->pdata[i],
                      &n_done, error))
        {
          g_prefix_error (error, "plan van verhaal %u: ", i + 1);
          return FALSE;
        }
      if (n_done > 0)
        (*n_plans)++;
    }
  return TRUE;
}

/*
 * Tells the stories of demo-stories.json that were not told yet. The intakes of Hengelo are the
 * stories told so far, in order, each by its story's user; a load that stopped part-way resumes
 * after the last of them (finalising it first if its story says so). A Hengelo with other work
 * in it gets no stories: *@foreign.
 */
static gboolean
tell_stories (guint *n_told, guint *n_plans, gboolean *foreign, GError **error)
{
  *n_told = *n_plans = 0;
  *foreign = FALSE;
  g_autoptr (EpDbConfig) config = ep_db_config_load (EP_DB_PURPOSE_APP, error);
  g_autoptr (GBytes) key = config ? cli_load_pseudonym_key (config, error) : NULL;
  g_autoptr (PGconn) conn = key ? cli_connect_with (config, EP_DB_PURPOSE_APP, error) : NULL;
  g_autoptr (JsonNode) stories = conn ? demo_resource_json ("demo-stories.json", error) : NULL;
  if (stories == NULL)
    return FALSE;
  JsonArray *list = json_node_get_array (stories);
  guint n_stories = json_array_get_length (list);

  EpDbTxContext system
    = { .gemeente = DEMO_GEMEENTE, .actor_id = "system", .actor_role = "system" };
  EpIntakeFilter every = { .limit = EP_LIST_MAX_LIMIT };
  gint64 n_intakes = 0;
  if (!ep_intake_count (conn, &system, &every, &n_intakes, error))
    return FALSE;
  /* All told (figures are enough to know that, and read no one's data), or more. */
  *foreign = n_intakes > n_stories;
  gboolean plans_done = FALSE;
  if (n_intakes == n_stories && !plans_told (conn, list, &plans_done, foreign, error))
    return FALSE;
  if (*foreign || plans_done)
    return TRUE;

  g_autoptr (GPtrArray) told = ep_intake_list (conn, &system, &every, NULL, error);
  if (told == NULL)
    return FALSE;
  g_autoptr (GPtrArray) households = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < told->len; i++)
    {
      const EpIntakeSummary *s = told->pdata[i];
      if (g_strcmp0 (s->created_by, json_object_get_string_member (
                                      json_array_get_object_element (list, i), "user"))
          != 0)
        {
          *foreign = TRUE;
          return TRUE;
        }
      g_ptr_array_add (households, g_strdup (s->household_id));
    }

  for (guint i = told->len > 0 ? told->len - 1 : 0; i < n_stories; i++)
    {
      if (!tell_story (conn, key, json_array_get_object_element (list, i),
                       i < told->len ? told->pdata[i] : NULL, households, error))
        {
          g_prefix_error (error, "verhaal %u: ", i + 1);
          return FALSE;
        }
      if (i >= told->len)
        (*n_told)++;
    }
  return tell_plans (conn, list, households, n_plans, foreign, error);
}

/* Prints the demo users who can sign in, per municipality, with their role and the password (read
 * through org/ as the application role, as an administrator would list them). */
static gboolean
print_demo_users (GError **error)
{
  g_autoptr (EpDbConfig) config = ep_db_config_load (EP_DB_PURPOSE_APP, error);
  g_autoptr (PGconn) conn = config ? cli_connect_with (config, EP_DB_PURPOSE_APP, error) : NULL;
  if (conn == NULL)
    return FALSE;
  printf ("Demogebruikers (wachtwoord: %s):\n", EP_DEMO_PASSWORD);
  for (gsize g = 0; demo_gemeenten[g] != NULL; g++)
    {
      EpDbTxContext system
        = { .gemeente = demo_gemeenten[g], .actor_id = "system", .actor_role = "system" };
      g_autoptr (GPtrArray) users = ep_user_list (conn, &system, error);
      if (users == NULL)
        return FALSE;
      g_autoptr (GString) line = g_string_new (NULL);
      for (guint i = 0; i < users->len; i++)
        {
          const EpUser *u = users->pdata[i];
          if (u->demo && u->active && u->has_password)
            g_string_append_printf (line, "%s%s (%s)", line->len > 0 ? ", " : "", u->username,
                                    u->role);
        }
      if (line->len > 0)
        printf ("  %s: %s\n", demo_gemeenten[g], line->str);
    }
  return TRUE;
}

int
cmd_demo (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new ("load");
  g_option_context_set_summary (context, "Laadt demogegevens (Hengelo en Enschede, medewerkers, "
                                         "vindplaatsen)\nin een database zonder gemeenten.");
  if (!cli_parse (context, &argc, &argv))
    return EP_EXIT_USAGE;
  if (argc != 2 || strcmp (argv[1], "load") != 0)
    {
      fprintf (stderr, "eenplan demo: gebruik `eenplan demo load`\n");
      return EP_EXIT_USAGE;
    }

  g_autoptr (GError) error = NULL;
  g_autoptr (PGconn) conn = cli_connect (EP_DB_PURPOSE_OWNER, &error);
  if (conn == NULL)
    return cli_fail ("kon de database niet bereiken", error);
  g_autoptr (GBytes) sql = demo_resource ("demo.sql", &error);
  if (sql == NULL)
    return cli_fail ("kon de demogegevens niet laden", error);
  g_autofree gchar *script = g_strndup (g_bytes_get_data (sql, NULL), g_bytes_get_size (sql));

  gboolean loaded = FALSE, hengelo = FALSE, foreign = FALSE;
  guint told = 0, plans = 0;
  if (!ep_demo_load_organisation (conn, script, DEMO_GEMEENTE, &loaded, &hengelo, &error))
    return cli_fail ("kon de demogegevens niet laden", error);
  printf (loaded ? "demogegevens geladen\n"
                 : "database bevat al gemeenten; demogegevens niet opnieuw geladen\n");
  if (loaded && !print_demo_users (&error))
    return cli_fail ("kon de demogebruikers niet tonen", error);
  fflush (stdout);
  if (hengelo && !tell_stories (&told, &plans, &foreign, &error))
    return cli_fail ("kon de demoverhalen niet laden", error);
  if (told > 0)
    printf ("%u intakes van huishoudens in Hengelo geladen, met contacten en auditspoor\n", told);
  if (plans > 0)
    printf ("%u gezinsplannen in Hengelo geladen, met doelen, afspraken, regie en auditspoor\n",
            plans);
  if (foreign)
    printf ("Hengelo bevat ander werk; demoverhalen niet verteld\n");
  return EP_EXIT_OK;
}
