/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * access-log.c: the access log (see ep-access-log.h).
 */
#include "ep-access-log.h"

#include "ep-db-conn.h"

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

  g_autoptr (PGresult) res = ep_db_exec_prepared (
    conn, "ep_access_log_record",
    "INSERT INTO access_log (action, entity_type, entity_id, household_id, person_id, purpose,"
    "                        on_behalf_of, outcome, emergency)"
    " VALUES ($1, $2, $3, $4::uuid, $5::uuid, $6, $7, $8, $9)",
    params, PGRES_COMMAND_OK, 0, "record access", error);
  return res != NULL;
}
