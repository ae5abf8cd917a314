/* SPDX-License-Identifier: EUPL-1.2 */
/* jolanda-case.c: Jolanda's finalised intake in a household of its own (jolanda-case.h). */
#include "jolanda-case.h"

#include "db-suites.h"
#include "ep-intake-json.h"
#include "ep-intake-store.h"
#include "ep-json.h"

#include <string.h>

#define PSEUDONYM_KEY "eenplan-test-pseudonym-key-0123456789"

void
jolanda_case_init (JolandaCase *j, PGconn *owner, PGconn *app, const EpDbTxContext *case_worker)
{
  g_autoptr (GError) error = NULL;
  g_autofree gchar *marker = ep_test_marker ();
  g_autofree gchar *naam = g_strconcat ("Wijkteam ", marker, NULL);
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, naam);
  g_autoptr (PGresult) vindplaats
    = ep_db_exec (owner,
                  "INSERT INTO vindplaats (gemeente, type, naam) VALUES ('GM0164', 'wijkteam', $1)"
                  " RETURNING id",
                  params, PGRES_TUPLES_OK, "a vindplaats", &error);
  ck_assert_msg (vindplaats != NULL, "%s", error ? error->message : "");

  g_autofree gchar *path
    = g_build_filename (g_getenv ("EP_FIXTURES_DIR"), "intake-jolanda.json", NULL);
  g_autofree gchar *text = NULL;
  ck_assert (g_file_get_contents (path, &text, NULL, &error));
  g_autoptr (JsonNode) root = ep_json_parse (text, -1, &error);
  ck_assert_msg (root != NULL, "%s", error ? error->message : "");
  JsonObject *o = json_node_get_object (root);
  json_object_set_string_member (o, "vindplaats_id", PQgetvalue (vindplaats, 0, 0));
  g_autofree gchar *bsn = ep_test_random_bsn ();
  json_object_set_string_member (
    json_array_get_object_element (json_object_get_array_member (o, "persons"), 0), "bsn", bsn);
  g_autoptr (EpIntake) intake = ep_intake_from_json (root, &error);
  ck_assert_msg (intake != NULL, "%s", error ? error->message : "");
  g_autoptr (GBytes) key = g_bytes_new_static (PSEUDONYM_KEY, strlen (PSEUDONYM_KEY));
  EP_ASSERT_NO_ERROR (ep_intake_record (app, case_worker, key, intake, &error), error);
  EP_ASSERT_NO_ERROR (
    ep_intake_finalise (app, case_worker, intake->id, intake->version, NULL, &error), error);
  j->intake = g_strdup (intake->id);
  j->household = g_strdup (intake->household.id);
  j->jolanda = g_strdup (((EpIntakePerson *) intake->persons->pdata[0])->id);
}

void
jolanda_case_clear (JolandaCase *j)
{
  g_clear_pointer (&j->intake, g_free);
  g_clear_pointer (&j->household, g_free);
  g_clear_pointer (&j->jolanda, g_free);
}
