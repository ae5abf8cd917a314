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
