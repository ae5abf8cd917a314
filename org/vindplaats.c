/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * vindplaats.c: the municipality's vindplaatsen, read (ep-vindplaats.h).
 */
#include "ep-vindplaats.h"

#include "ep-db-conn.h"

void
ep_vindplaats_free (EpVindplaatsInfo *vindplaats)
{
  if (vindplaats == NULL)
    return;
  g_free (vindplaats->id);
  g_free (vindplaats->type);
  g_free (vindplaats->naam);
  g_free (vindplaats->wijk);
  g_free (vindplaats);
}

static gboolean
list_body (PGconn *conn, gpointer user_data, GError **error)
{
  GPtrArray *list = user_data;
  g_ptr_array_set_size (list, 0);
  g_autoptr (PGresult) res = ep_db_exec (conn,
                                         "SELECT id, type, naam, wijk FROM vindplaats WHERE active"
                                         " ORDER BY naam COLLATE \"C\", id",
                                         NULL, PGRES_TUPLES_OK, "list the vindplaatsen", error);
  if (res == NULL)
    return FALSE;
  for (int row = 0; row < PQntuples (res); row++)
    {
      EpVindplaatsInfo *v = g_new0 (EpVindplaatsInfo, 1);
      v->id = ep_db_dup_text (res, row, "id");
      v->type = ep_db_dup_text (res, row, "type");
      v->naam = ep_db_dup_text (res, row, "naam");
      v->wijk = ep_db_dup_text (res, row, "wijk");
      g_ptr_array_add (list, v);
    }
  return TRUE;
}

GPtrArray *
ep_vindplaats_list (PGconn *conn, const EpDbTxContext *ctx, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL, NULL);
  g_autoptr (GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) ep_vindplaats_free);
  if (!ep_db_run_tx (conn, ctx, list_body, list, NULL, error))
    return NULL;
  return g_steal_pointer (&list);
}
