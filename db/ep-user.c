/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-user.c: looking up the acting user (see ep-user.h).
 */
#include "ep-user.h"

#include "ep-db-conn.h"
#include "ep-db-error.h"

typedef struct
{
  const gchar *username;
  gchar *role;
} UserJob;

static gboolean
find_user (PGconn *conn, gpointer user_data, GError **error)
{
  UserJob *job = user_data;
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, job->username);
  g_autoptr (PGresult) res
    = ep_db_exec (conn, "SELECT role FROM app_user WHERE username = $1 AND active", params,
                  PGRES_TUPLES_OK, "find user", error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 0)
    {
      g_set_error (error, EP_DB_ERROR, EP_DB_ERROR_PERMISSION_DENIED,
                   "%s is geen actieve gebruiker van deze gemeente", job->username);
      return FALSE;
    }
  g_free (job->role);
  job->role = g_strdup (PQgetvalue (res, 0, 0));
  return TRUE;
}

gboolean
ep_user_role (PGconn *conn, const gchar *gemeente, const gchar *username, gchar **role,
              GError **error)
{
  g_return_val_if_fail (conn != NULL && gemeente != NULL && username != NULL, FALSE);
  g_return_val_if_fail (role != NULL, FALSE);

  UserJob job = { username, NULL };
  EpDbTxContext ctx = { .gemeente = gemeente, .actor_id = "system", .actor_role = "system" };
  if (!ep_db_run_tx (conn, &ctx, find_user, &job, NULL, error))
    {
      g_free (job.role);
      return FALSE;
    }
  *role = job.role;
  return TRUE;
}
