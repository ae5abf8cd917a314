/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * demo.c: the demo organisation of a new installation (ep-demo.h).
 */
#include "ep-demo.h"

#include "ep-db-conn.h"
#include "ep-db-pool.h"

typedef struct
{
  const gchar *script;
  const gchar *gemeente;
  gboolean loaded;
  gboolean has_gemeente;
} DemoJob;

static gboolean
load_body (PGconn *conn, gpointer user_data, GError **error)
{
  DemoJob *job = user_data;
  if (!ep_db_exec_command (conn, "LOCK TABLE gemeente IN EXCLUSIVE MODE", NULL, "lock", error))
    return FALSE;
  g_autoptr (PGresult) count = ep_db_exec (conn, "SELECT count(*) AS n FROM gemeente", NULL,
                                           PGRES_TUPLES_OK, "count municipalities", error);
  if (count == NULL)
    return FALSE;
  job->loaded = ep_db_get_int64 (count, 0, "n", 0) == 0;
  if (job->loaded && !ep_db_exec_script (conn, job->script, "demo data", error))
    return FALSE;
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, job->gemeente);
  g_autoptr (PGresult) exists
    = ep_db_exec (conn, "SELECT EXISTS (SELECT FROM gemeente WHERE gemeente = $1) AS b", params,
                  PGRES_TUPLES_OK, "look for the demo municipality", error);
  if (exists == NULL)
    return FALSE;
  job->has_gemeente = ep_db_get_bool (exists, 0, "b");
  return TRUE;
}

gboolean
ep_demo_load_organisation (PGconn *owner, const gchar *script, const gchar *gemeente,
                           gboolean *loaded, gboolean *has_gemeente, GError **error)
{
  g_return_val_if_fail (owner != NULL && script != NULL && gemeente != NULL, FALSE);
  DemoJob job = { script, gemeente, FALSE, FALSE };
  EpDbTxContext ctx = { .actor_id = "system", .actor_role = "system" };
  gboolean ok = ep_db_run_tx (owner, &ctx, load_body, &job, NULL, error);
  *loaded = ok && job.loaded;
  *has_gemeente = ok && job.has_gemeente;
  return ok;
}

void
ep_demo_user_free (EpDemoUser *user)
{
  if (user == NULL)
    return;
  g_free (user->gemeente);
  g_free (user->gemeente_naam);
  g_free (user->username);
  g_free (user->display_name);
  g_free (user->role);
  g_free (user);
}

static gboolean
list_users_body (PGconn *conn, gpointer user_data, GError **error)
{
  GPtrArray *users = user_data;
  g_ptr_array_set_size (users, 0);
  /* The order of work: who records, who directs, who checks, who reads, who manages. */
  g_autoptr (PGresult) res = ep_db_exec (
    conn,
    "SELECT u.gemeente, g.naam AS gemeente_naam, u.username, u.display_name, u.role"
    "  FROM app_user u JOIN gemeente g USING (gemeente)"
    " WHERE u.demo AND u.active"
    " ORDER BY u.gemeente DESC, array_position(ARRAY['casemanager', 'regisseur', 'supervisor',"
    "          'partner', 'admin'], u.role), u.username",
    NULL, PGRES_TUPLES_OK, "list the demo users", error);
  if (res == NULL)
    return FALSE;
  for (int row = 0; row < PQntuples (res); row++)
    {
      EpDemoUser *u = g_new0 (EpDemoUser, 1);
      u->gemeente = ep_db_dup_text (res, row, "gemeente");
      u->gemeente_naam = ep_db_dup_text (res, row, "gemeente_naam");
      u->username = ep_db_dup_text (res, row, "username");
      u->display_name = ep_db_dup_text (res, row, "display_name");
      u->role = ep_db_dup_text (res, row, "role");
      g_ptr_array_add (users, u);
    }
  return TRUE;
}

GPtrArray *
ep_demo_list_users (PGconn *owner, GError **error)
{
  g_return_val_if_fail (owner != NULL, NULL);
  g_autoptr (GPtrArray) users = g_ptr_array_new_with_free_func ((GDestroyNotify) ep_demo_user_free);
  EpDbTxContext ctx = { .actor_id = "system", .actor_role = "system" };
  if (!ep_db_run_tx (owner, &ctx, list_users_body, users, NULL, error))
    return NULL;
  return g_steal_pointer (&users);
}
