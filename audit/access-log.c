/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * access-log.c: the access log (see ep-access-log.h).
 */
#include "ep-access-log.h"

#include "ep-db-conn.h"

#include <json-glib/json-glib.h>

gboolean
ep_access_log_record (PGconn *conn, const EpAccessEvent *event, GError **error)
{
  g_return_val_if_fail (conn != NULL && event != NULL, FALSE);
  g_return_val_if_fail (event->action != NULL && event->entity_type != NULL, FALSE);
  g_return_val_if_fail (event->purpose != NULL, FALSE);

  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, event->action);
  ep_db_params_add_text (params, event->entity_type);
  ep_db_params_add_text (params, event->entity_id);
  ep_db_params_add_text (params, event->household_id);
  ep_db_params_add_text (params, event->person_id);
  ep_db_params_add_text (params, event->purpose);
  ep_db_params_add_text (params, event->on_behalf_of);
  ep_db_params_add_text (params, event->outcome ? event->outcome : "success");
  ep_db_params_add_bool (params, event->emergency);
  ep_db_params_add_text (params, event->emergency_reason);

  g_autoptr (PGresult) res = ep_db_exec_prepared (
    conn, "ep_access_log_record",
    "INSERT INTO access_log (action, entity_type, entity_id, household_id, person_id, purpose,"
    "                        on_behalf_of, outcome, emergency, emergency_reason)"
    " VALUES ($1, $2, $3, $4::uuid, $5::uuid, $6, $7, $8, $9, $10)",
    params, PGRES_COMMAND_OK, 0, "record access", error);
  return res != NULL;
}

/* A JSON array of @n texts (NULL elements as null), for json_array_elements_text(). */
static gchar *
json_texts (const gchar *const *texts, guint n)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    if (texts[i] != NULL)
      json_builder_add_string_value (b, texts[i]);
    else
      json_builder_add_null_value (b);
  json_builder_end_array (b);
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

gboolean
ep_access_log_record_each (PGconn *conn, const EpAccessEvent *event, const gchar *const *entity_ids,
                           const gchar *const *household_ids, guint n, GError **error)
{
  g_return_val_if_fail (conn != NULL && event != NULL, FALSE);
  g_return_val_if_fail (event->action != NULL && event->entity_type != NULL, FALSE);
  g_return_val_if_fail (event->purpose != NULL, FALSE);
  if (n == 0)
    return TRUE;

  g_autofree gchar *entities = json_texts (entity_ids, n);
  g_autofree gchar *households = json_texts (household_ids, n);
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, event->action);
  ep_db_params_add_text (params, event->entity_type);
  ep_db_params_add_text (params, entities);
  ep_db_params_add_text (params, households);
  ep_db_params_add_text (params, event->purpose);
  ep_db_params_add_text (params, event->on_behalf_of);
  ep_db_params_add_text (params, event->outcome ? event->outcome : "success");
  ep_db_params_add_bool (params, event->emergency);
  ep_db_params_add_text (params, event->emergency_reason);

  g_autoptr (PGresult) res = ep_db_exec_prepared (
    conn, "ep_access_log_record_each",
    "INSERT INTO access_log (action, entity_type, entity_id, household_id, purpose,"
    "                        on_behalf_of, outcome, emergency, emergency_reason)"
    " SELECT $1, $2, e.value, h.value::uuid, $5, $6, $7, $8, $9"
    "   FROM json_array_elements_text ($3::json) WITH ORDINALITY AS e (value, n)"
    "   JOIN json_array_elements_text ($4::json) WITH ORDINALITY AS h (value, n) USING (n)",
    params, PGRES_COMMAND_OK, 0, "record access", error);
  return res != NULL;
}
