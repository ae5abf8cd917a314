/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * template.c: reading the versioned questionnaire (ep-intake-template.h).
 */
#include "ep-intake-template.h"

#include "ep-db-conn.h"
#include "intake-error-private.h"

typedef struct
{
  const gchar *version;
  gchar *found;
  gchar *definition;
} TemplateJob;

static gboolean
load_body (PGconn *conn, gpointer user_data, GError **error)
{
  TemplateJob *job = user_data;
  g_clear_pointer (&job->found, g_free); /* a retried transaction starts afresh */
  g_clear_pointer (&job->definition, g_free);
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, job->version);
  /* The newest is the one loaded last, as intake-carry.c picks it for a new draft. */
  PGresult *res = ep_db_exec (conn,
                              "SELECT version, definition::text AS definition FROM intake_template"
                              " WHERE $1::text IS NULL OR version = $1"
                              " ORDER BY loaded_at DESC, version DESC LIMIT 1",
                              params, PGRES_TUPLES_OK, "intake template", error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 1)
    {
      job->found = ep_db_dup_text (res, 0, "version");
      job->definition = ep_db_dup_text (res, 0, "definition");
    }
  PQclear (res);
  if (job->definition == NULL)
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_NOT_FOUND, "version",
                              "geen vragenlijst met deze versie");
  return TRUE;
}

gchar *
ep_intake_template_load (PGconn *conn, const EpDbTxContext *ctx, const gchar *version,
                         gchar **version_out, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL, NULL);
  TemplateJob job = { version, NULL, NULL };
  if (!ep_db_run_tx (conn, ctx, load_body, &job, NULL, error))
    {
      g_free (job.found);
      g_free (job.definition);
      return NULL;
    }
  if (version_out != NULL)
    *version_out = g_steal_pointer (&job.found);
  g_free (job.found);
  return job.definition;
}
