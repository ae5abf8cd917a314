/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * intake-lifecycle.c: a draft becomes final (ep_intake_finalise), and a
 * final intake is corrected only by addenda (ep_intake_add_addendum); see
 * ep-intake-store.h. Each is one audited transaction on the locked intake.
 */
#include "ep-intake-store.h"

#include "ep-db-conn.h"
#include "ep-uuid.h"
#include "intake-error-private.h"
#include "store-private.h"

#include <string.h>

typedef struct
{
  const gchar *id;
  gint version;
  const gchar *reason;
  const gchar *text;
  gint new_version;
  gchar *created_id;
} ChangeJob;

/* The intake @id, locked for this transaction: its status, version and household. Refused
 * (household_assert_open, migration 0008) when its household's shield refuses the acting user. */
static PGresult *
lock_intake (PGconn *conn, const gchar *id, GError **error)
{
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, id);
  g_autoptr (PGresult) res = ep_db_exec (
    conn,
    "SELECT status, version, household_id, household_assert_open (household_id) FROM intake"
    " WHERE id = $1::uuid FOR UPDATE",
    params, PGRES_TUPLES_OK, "lock intake", error);
  if (res == NULL)
    return NULL;
  if (PQntuples (res) == 0)
    {
      ep_intake_fail_at (error, EP_INTAKE_ERROR_NOT_FOUND, "id", "geen intake van deze gemeente");
      return NULL;
    }
  return g_steal_pointer (&res);
}

static gboolean
finalise_body (PGconn *conn, gpointer user_data, GError **error)
{
  ChangeJob *job = user_data;
  g_autoptr (PGresult) current = lock_intake (conn, job->id, error);
  if (current == NULL)
    return FALSE;
  if (strcmp (ep_db_get_text (current, 0, "status"), EP_INTAKE_STATUS_FINALISED) == 0)
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_FINALISED, "id", "de intake is al definitief");
  if (ep_db_get_int64 (current, 0, "version", 0) != job->version)
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_STALE, "version",
                              "de intake is intussen gewijzigd (nu versie %s); bekijk haar opnieuw",
                              ep_db_get_text (current, 0, "version"));

  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, job->id);
  g_autoptr (PGresult) res = ep_intake_audited_change (
    conn, "ep_intake_finalise", "finalise intake",
    "UPDATE intake SET status = 'finalised', version = version + 1, updated_at = now(),"
    "       finalised_at = now(), finalised_by = current_actor()"
    " WHERE id = $1::uuid RETURNING version",
    params, "finalise", "intake", job->id, ep_db_get_text (current, 0, "household_id"), NULL,
    error);
  if (res == NULL)
    return FALSE;
  job->new_version = (gint) g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
  return TRUE;
}

gboolean
ep_intake_finalise (PGconn *conn, const EpDbTxContext *ctx, const gchar *id, gint version,
                    gint *new_version, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL && id != NULL, FALSE);
  if (!ep_intake_check_id (id, error))
    return FALSE;
  ChangeJob job = { .id = id, .version = version };
  if (!ep_db_run_tx (conn, ctx, finalise_body, &job, NULL, error))
    return FALSE;
  if (new_version != NULL)
    *new_version = job.new_version;
  return TRUE;
}

static gboolean
addendum_body (PGconn *conn, gpointer user_data, GError **error)
{
  ChangeJob *job = user_data;
  g_clear_pointer (&job->created_id, g_free);
  g_autoptr (PGresult) current = lock_intake (conn, job->id, error);
  if (current == NULL)
    return FALSE;
  if (strcmp (ep_db_get_text (current, 0, "status"), EP_INTAKE_STATUS_DRAFT) == 0)
    return ep_intake_fail_at (
      error, EP_INTAKE_ERROR_RULE, "id",
      "de intake is nog een concept: wijzig haar in plaats van een addendum");

  job->created_id = ep_uuid_new (error);
  if (job->created_id == NULL)
    return FALSE;
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, job->created_id);
  ep_db_params_add_text (params, job->id);
  ep_db_params_add_text (params, job->reason);
  ep_db_params_add_text (params, job->text);
  /* The reason is free text that may hold personal details: it stays in the
   * addendum; the trail names the addendum. */
  g_autoptr (JsonNode) change = ep_intake_change_of ("addendum_id", job->created_id);
  g_autoptr (PGresult) res = ep_intake_audited_change (
    conn, "ep_intake_addendum", "add addendum",
    "INSERT INTO intake_addendum (id, gemeente, intake_id, reden, tekst)"
    " VALUES ($1::uuid, current_gemeente(), $2::uuid, $3, $4) RETURNING id",
    params, "addendum", "intake", job->id, ep_db_get_text (current, 0, "household_id"), change,
    error);
  return res != NULL;
}

gboolean
ep_intake_add_addendum (PGconn *conn, const EpDbTxContext *ctx, const gchar *id,
                        const gchar *reason, const gchar *text, gchar **addendum_id, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL && id != NULL, FALSE);
  if (!ep_intake_check_id (id, error))
    return FALSE;
  g_autofree gchar *trimmed_reason = g_strstrip (g_strdup (reason ? reason : ""));
  g_autofree gchar *trimmed_text = g_strstrip (g_strdup (text ? text : ""));
  if (*trimmed_reason == '\0')
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_INVALID_VALUE, "reason",
                              "geef de reden van de correctie");
  if (*trimmed_text == '\0')
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_INVALID_VALUE, "text",
                              "de correctie zelf ontbreekt");
  ChangeJob job = { .id = id, .reason = reason, .text = text };
  if (!ep_db_run_tx (conn, ctx, addendum_body, &job, NULL, error))
    {
      g_free (job.created_id);
      return FALSE;
    }
  if (addendum_id != NULL)
    *addendum_id = job.created_id;
  else
    g_free (job.created_id);
  return TRUE;
}
