/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * actor.c: the acting user, looked up and checked again in every transaction (ep-actor.h).
 */
#include "ep-actor.h"

#include "ep-db-conn.h"
#include "ep-db-error.h"

#include <string.h>

void
ep_actor_free (EpActor *actor)
{
  if (actor == NULL)
    return;
  g_free (actor->gemeente);
  g_free (actor->username);
  g_free (actor->role);
  g_free (actor);
}

/* The role of @username, an active user of the transaction's municipality (row-level security
 * keeps the others out), with the row held until commit; NULL with an error when there is none. */
static gchar *
active_role (PGconn *conn, const gchar *username, GError **error)
{
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, username);
  g_autoptr (PGresult) res = ep_db_exec_prepared (
    conn, "ep_actor_role", "SELECT role FROM app_user WHERE username = $1 AND active FOR SHARE",
    params, PGRES_TUPLES_OK, 0, "check the acting user", error);
  if (res == NULL)
    return NULL;
  if (PQntuples (res) == 0)
    {
      g_set_error (error, EP_DB_ERROR, EP_DB_ERROR_PERMISSION_DENIED,
                   "%s is geen actieve gebruiker van deze gemeente (meer)", username);
      return NULL;
    }
  return g_strdup (PQgetvalue (res, 0, 0));
}

typedef struct
{
  const gchar *username;
  gchar *role;
} LookupJob;

static gboolean
lookup_body (PGconn *conn, gpointer user_data, GError **error)
{
  LookupJob *job = user_data;
  g_free (job->role);
  job->role = active_role (conn, job->username, error);
  return job->role != NULL;
}

EpActor *
ep_actor_lookup (PGconn *conn, const gchar *gemeente, const gchar *username, GError **error)
{
  g_return_val_if_fail (conn != NULL && gemeente != NULL && username != NULL, NULL);

  LookupJob job = { username, NULL };
  EpDbTxContext ctx = { .gemeente = gemeente, .actor_id = "system", .actor_role = "system" };
  if (!ep_db_run_tx (conn, &ctx, lookup_body, &job, NULL, error))
    {
      g_free (job.role);
      return NULL;
    }
  EpActor *actor = g_new0 (EpActor, 1);
  actor->gemeente = g_strdup (gemeente);
  actor->username = g_strdup (username);
  actor->role = job.role;
  return actor;
}

/* EpDbTxContext.check: @user_data (the EpActor) is still an active user in the same role. */
static gboolean
check_actor (PGconn *conn, gpointer user_data, GError **error)
{
  const EpActor *actor = user_data;
  g_autofree gchar *role = active_role (conn, actor->username, error);
  if (role == NULL)
    return FALSE;
  if (strcmp (role, actor->role) != 0)
    {
      g_set_error (error, EP_DB_ERROR, EP_DB_ERROR_PERMISSION_DENIED,
                   "de rol van %s is gewijzigd; meld u opnieuw aan", actor->username);
      return FALSE;
    }
  return TRUE;
}

EpDbTxContext
ep_actor_context (const EpActor *actor)
{
  g_return_val_if_fail (actor != NULL, (EpDbTxContext){ 0 });
  return (EpDbTxContext){
    .gemeente = actor->gemeente,
    .actor_id = actor->username,
    .actor_role = actor->role,
    .check = check_actor,
    .check_data = (gpointer) actor,
  };
}
