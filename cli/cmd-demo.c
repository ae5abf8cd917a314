/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * cmd-demo.c: `eenplan demo load` — demo data for a new installation.
 *
 * Two parts. demo.sql (as the owner) adds the municipalities, users and
 * vindplaatsen, only into a database without municipalities, so it can never
 * mix demo rows into real data. demo-stories.json then tells a few
 * households' stories through the library, as the application role and as
 * the users who would do the work, so they come with their audit events and
 * pseudonymised BSNs like real work: contacts from several vindplaatsen,
 * intakes (the Jolanda case among them), one finalised and carried forward
 * into a second intake. Stories are told only while Hengelo has no intake.
 * Running it again is a no-op.
 */
#include "cli-private.h"

#include "ep-cli-resource.h"
#include "ep-contact.h"
#include "ep-db-conn.h"
#include "ep-intake-json.h"
#include "ep-intake-store.h"
#include "ep-json.h"
#include "ep-actor.h"

#include <stdio.h>
#include <string.h>

static gboolean
load_demo (PGconn *conn, gboolean *loaded, GError **error)
{
  *loaded = FALSE;
  g_autoptr (GBytes) sql = g_resource_lookup_data (
    ep_cli_get_resource (), "/org/eenplan/cli/demo.sql", G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (sql == NULL)
    return FALSE;

  if (!ep_db_exec_command (conn, "BEGIN", NULL, "begin", error))
    return FALSE;
  /* Lock first, so two loads at once cannot both see an empty table. */
  g_autoptr (PGresult) count = NULL;
  g_autofree gchar *text = g_strndup (g_bytes_get_data (sql, NULL), g_bytes_get_size (sql));
  gboolean ok
    = ep_db_exec_command (conn, "LOCK TABLE gemeente IN EXCLUSIVE MODE", NULL, "lock", error)
      && (count = ep_db_exec (conn, "SELECT count(*) AS n FROM gemeente", NULL, PGRES_TUPLES_OK,
                              "count municipalities", error))
           != NULL;
  if (ok && ep_db_get_int64 (count, 0, "n", 0) == 0)
    {
      ok = ep_db_exec_script (conn, text, "demo data", error);
      *loaded = ok;
    }
  ok = ok && ep_db_exec_command (conn, "COMMIT", NULL, "commit", error);
  if (!ok)
    {
      g_autoptr (PGresult) rollback = PQexec (conn, "ROLLBACK");
      *loaded = FALSE;
    }
  return ok;
}

#define DEMO_GEMEENTE "GM0164"

static JsonNode *
demo_resource_json (const gchar *name, GError **error)
{
  g_autofree gchar *path = g_strconcat ("/org/eenplan/cli/", name, NULL);
  g_autoptr (GBytes) bytes
    = g_resource_lookup_data (ep_cli_get_resource (), path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;
  gsize len = 0;
  const gchar *text = g_bytes_get_data (bytes, &len);
  return ep_json_parse (text, (gssize) len, error);
}

/* The intake of a story: a new one (with its first contact), or a later one
 * carried forward from an earlier story's household. */
static EpIntake *
story_intake (PGconn *conn, const EpDbTxContext *ctx, JsonObject *story, GPtrArray *households,
              GError **error)
{
  if (json_object_has_member (story, "carry_forward"))
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

  g_autoptr (EpContact) contact
    = ep_contact_from_json (json_object_get_member (story, "contact"), error);
  if (contact == NULL || !ep_contact_record (conn, ctx, contact, error))
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

static gboolean
tell_stories (guint *n_told, GError **error)
{
  *n_told = 0;
  g_autoptr (EpDbConfig) config = ep_db_config_load (EP_DB_PURPOSE_APP, error);
  g_autoptr (GBytes) key = config ? cli_load_pseudonym_key (config, error) : NULL;
  g_autoptr (PGconn) conn = key ? cli_connect (EP_DB_PURPOSE_APP, error) : NULL;
  g_autoptr (JsonNode) stories = conn ? demo_resource_json ("demo-stories.json", error) : NULL;
  if (stories == NULL)
    return FALSE;

  g_autoptr (GPtrArray) households = g_ptr_array_new_with_free_func (g_free);
  JsonArray *list = json_node_get_array (stories);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *story = json_array_get_object_element (list, i);
      const gchar *user = json_object_get_string_member (story, "user");
      g_autoptr (EpActor) actor = ep_actor_lookup (conn, DEMO_GEMEENTE, user, error);
      if (actor == NULL)
        return FALSE;
      EpDbTxContext ctx = ep_actor_context (actor);

      g_autoptr (EpIntake) intake = story_intake (conn, &ctx, story, households, error);
      if (intake == NULL || !ep_intake_record (conn, &ctx, key, intake, error))
        {
          g_prefix_error (error, "verhaal %u: ", i + 1);
          return FALSE;
        }
      if (json_object_get_boolean_member_with_default (story, "finalise", FALSE)
          && !ep_intake_finalise (conn, &ctx, intake->id, intake->version, NULL, error))
        return FALSE;
      g_ptr_array_add (households, g_strdup (intake->household.id));
      (*n_told)++;
    }
  return TRUE;
}

/* Stories are told only into a Hengelo without intakes. */
static gboolean
stories_wanted (PGconn *owner, gboolean *wanted, GError **error)
{
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, DEMO_GEMEENTE);
  g_autoptr (PGresult) res
    = ep_db_exec (owner,
                  "SELECT EXISTS (SELECT FROM gemeente WHERE gemeente = $1)"
                  "   AND NOT EXISTS (SELECT FROM intake WHERE gemeente = $1)"
                  "   AND NOT EXISTS (SELECT FROM contact WHERE gemeente = $1)",
                  params, PGRES_TUPLES_OK, "look for demo intakes", error);
  if (res == NULL)
    return FALSE;
  *wanted = strcmp (PQgetvalue (res, 0, 0), "t") == 0;
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

  gboolean loaded = FALSE, wanted = FALSE;
  guint told = 0;
  if (!load_demo (conn, &loaded, &error))
    return cli_fail ("kon de demogegevens niet laden", error);
  printf (loaded ? "demogegevens geladen\n"
                 : "database bevat al gemeenten; demogegevens niet opnieuw geladen\n");
  if (!stories_wanted (conn, &wanted, &error))
    return cli_fail ("kon de demogegevens niet laden", error);
  if (wanted && !tell_stories (&told, &error))
    return cli_fail ("kon de demoverhalen niet laden", error);
  if (told > 0)
    printf ("%u intakes van huishoudens in Hengelo geladen, met contacten en auditspoor\n", told);
  return EP_EXIT_OK;
}
