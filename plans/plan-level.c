/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * plan-level.c: the AVE ladder's writes (ep-plan.h): asking for a level change, and a
 * supervisor's approval or rejection of one that waits. Each checks its body (plan-body.c), then
 * runs as one transaction through ep_plan_store_write() (plan-store.c): the plan found and
 * locked, the actor (the regisseur, or a supervisor of their team) and the base version held to
 * the rules, the change, a new version and the audit event. PostgreSQL holds the ladder's rules
 * too (migration 0011): the checks here give the exact error first.
 */
#include "plan-private.h"

#include <string.h>

#define N(fields) G_N_ELEMENTS (fields)

static PGresult *
run (PGconn *conn, const gchar *name, const gchar *sql, EpDbParams *params, GError **error)
{
  return ep_db_exec_prepared (conn, name, sql, params, PGRES_TUPLES_OK, 0, name, error);
}

/* Moves the plan to @naar: the trigger of migration 0011 checks that a request carried out or
 * approved allows it, and closes and opens the level's periods. */
static gboolean
apply_level (PGconn *conn, EpPlanWrite *write, gint naar, GError **error)
{
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, write->id);
  ep_db_params_add_int64 (params, naar);
  g_autoptr (PGresult) res
    = run (conn, "ep_plan_level_apply",
           "UPDATE plan SET niveau = $2 WHERE gemeente = current_gemeente () AND id = $1::uuid"
           " RETURNING niveau",
           params, error);
  return res != NULL;
}

/* ---- request ---------------------------------------------------------------------------- */

typedef struct
{
  JsonNode *body;
  gchar *request_id;
  gboolean pending;
} RequestJob;

static gboolean
request_change (PGconn *conn, EpPlanWrite *write, gpointer data, GError **error)
{
  RequestJob *job = data;
  gint naar = (gint) ep_plan_body_int (job->body, "naar", 0);
  const gchar *evaluatie = ep_plan_body_text (job->body, "evaluatie_id");
  if (naar == write->niveau)
    return ep_plan_fail_at (error, EP_PLAN_ERROR_RULE, "naar", "het plan staat al op niveau %d",
                            naar);
  gboolean op = naar > write->niveau;
  if (!op && evaluatie == NULL)
    return ep_plan_fail_at (error, EP_PLAN_ERROR_RULE, "evaluatie_id",
                            "afschalen noemt de evaluatie die het rechtvaardigt");

  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, write->id);
  ep_db_params_add_text (params, evaluatie);
  g_autoptr (PGresult) found
    = run (conn, "ep_plan_level_state",
           "SELECT EXISTS (SELECT FROM plan_level_request r WHERE r.gemeente = current_gemeente ()"
           "                 AND r.plan_id = $1::uuid AND r.status = 'aangevraagd') AS waiting,"
           "       (SELECT e.besluit FROM plan_evaluation e WHERE e.gemeente = current_gemeente ()"
           "           AND e.plan_id = $1::uuid AND e.id = $2::uuid) AS besluit",
           params, error);
  if (found == NULL)
    return FALSE;
  if (ep_db_get_bool (found, 0, "waiting"))
    return ep_plan_fail_at (error, EP_PLAN_ERROR_PENDING, "naar",
                            "er wacht al een aanvraag op het besluit van een supervisor");
  const gchar *besluit = ep_db_get_text (found, 0, "besluit");
  if (evaluatie != NULL && besluit == NULL)
    return ep_plan_fail_at (error, EP_PLAN_ERROR_RULE, "evaluatie_id",
                            "geen evaluatie van dit plan");
  if (!op && strcmp (besluit, "afschalen") != 0)
    return ep_plan_fail_at (error, EP_PLAN_ERROR_RULE, "evaluatie_id",
                            "die evaluatie besloot niet tot afschalen (maar: %s)", besluit);

  job->pending = op && ep_niveau_requires_approval ((EpNiveau) naar);
  const gchar *status = job->pending ? "aangevraagd" : "doorgevoerd";
  const gchar *richting = op ? "op" : "af";
  g_autoptr (EpDbParams) insert = ep_db_params_new ();
  ep_db_params_add_text (insert, write->id);
  ep_db_params_add_text (insert, richting);
  ep_db_params_add_int64 (insert, write->niveau);
  ep_db_params_add_int64 (insert, naar);
  ep_db_params_add_text (insert, ep_plan_body_text (job->body, "reden"));
  ep_db_params_add_text (insert, evaluatie);
  ep_db_params_add_text (insert, status);
  g_autoptr (PGresult) made = run (
    conn, "ep_plan_level_request",
    "INSERT INTO plan_level_request (gemeente, plan_id, richting, van, naar, reden, evaluatie_id,"
    "                                status, decided_at)"
    " VALUES (current_gemeente (), $1::uuid, $2, $3, $4, btrim ($5), $6::uuid, $7,"
    "         CASE WHEN $7 = 'doorgevoerd' THEN now () END)"
    " RETURNING id",
    insert, error);
  if (made == NULL)
    return FALSE;
  g_free (job->request_id); /* (a retried transaction made one before) */
  job->request_id = g_strdup (PQgetvalue (made, 0, 0));
  if (!job->pending && !apply_level (conn, write, naar, error))
    return FALSE;
  g_autofree gchar *van_text = g_strdup_printf ("%d", write->niveau);
  g_autofree gchar *naar_text = g_strdup_printf ("%d", naar);
  ep_plan_write_audit (write, "plan_level_request",
                       ep_plan_change_of ("aanvraag_id", job->request_id, "richting", richting,
                                          "van", van_text, "naar", naar_text, "status", status,
                                          "evaluatie_id", evaluatie, NULL));
  return TRUE;
}

gboolean
ep_plan_level_request (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                       gint base_version, JsonNode *body, gchar **request_id, gboolean *pending,
                       gint *new_version, GError **error)
{
  static const EpPlanField fields[] = {
    { "naar", EP_PLAN_FIELD_WHOLE, TRUE, .min = EP_PLAN_LEVEL_MIN, .max = EP_PLAN_LEVEL_MAX },
    { "reden", EP_PLAN_FIELD_REASON, TRUE },
    { "evaluatie_id", EP_PLAN_FIELD_UUID, FALSE, TRUE },
  };
  g_return_val_if_fail (conn != NULL && ctx != NULL, FALSE);
  if (!ep_plan_body_check (body, fields, N (fields), error))
    return FALSE;
  RequestJob job = { .body = body };
  gboolean ok
    = ep_plan_store_write (conn, ctx, household_id, base_version, ep_plan_body_text (body, "reden"),
                           (EpPlanWriteMode){ 0 }, request_change, &job, new_version, NULL, error);
  if (ok && request_id != NULL)
    *request_id = g_steal_pointer (&job.request_id);
  if (ok && pending != NULL)
    *pending = job.pending;
  g_free (job.request_id);
  return ok;
}

/* ---- approve, reject -------------------------------------------------------------------- */

typedef struct
{
  const EpDbTxContext *ctx;
  JsonNode *body;
  gboolean approve;
} DecideJob;

static gboolean
decide_change (PGconn *conn, EpPlanWrite *write, gpointer data, GError **error)
{
  DecideJob *job = data;
  /* The frame let the regisseur through; a decision is a supervisor's (of the team: the frame
   * checked that). PostgreSQL checks both again (plan_level_supervisor, plan_level_team). */
  if (g_strcmp0 (job->ctx->actor_role, "supervisor") != 0)
    return ep_plan_fail_at (error, EP_PLAN_ERROR_NOT_SUPERVISOR, "rol",
                            "alleen een supervisor beslist over een niveau-aanvraag");
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, write->id);
  g_autoptr (PGresult) found
    = run (conn, "ep_plan_level_waiting",
           "SELECT id, naar, requested_by FROM plan_level_request"
           " WHERE gemeente = current_gemeente () AND plan_id = $1::uuid AND status = 'aangevraagd'"
           " FOR UPDATE",
           params, error);
  if (found == NULL)
    return FALSE;
  const gchar *named = ep_plan_body_text (job->body, "aanvraag_id");
  if (PQntuples (found) == 0)
    return ep_plan_fail_at (error, EP_PLAN_ERROR_NOT_FOUND, "aanvraag_id",
                            "er wacht geen niveau-aanvraag op een besluit");
  g_autofree gchar *id = ep_db_dup_text (found, 0, "id");
  if (named != NULL && g_ascii_strcasecmp (named, id) != 0)
    return ep_plan_fail_at (error, EP_PLAN_ERROR_NOT_FOUND, "aanvraag_id",
                            "de aanvraag die wacht is een andere (%s)", id);
  if (g_strcmp0 (ep_db_get_text (found, 0, "requested_by"), job->ctx->actor_id) == 0)
    return ep_plan_fail_at (error, EP_PLAN_ERROR_FOUR_EYES, "aanvraag_id",
                            "wie de aanvraag deed, beslist er niet over: een andere supervisor "
                            "van het team keurt haar goed of wijst haar af (vier ogen)");
  gint naar = (gint) ep_db_get_int64 (found, 0, "naar", 0);

  const gchar *status = job->approve ? "goedgekeurd" : "afgewezen";
  g_autoptr (EpDbParams) decide = ep_db_params_new ();
  ep_db_params_add_text (decide, write->id);
  ep_db_params_add_text (decide, id);
  ep_db_params_add_text (decide, status);
  ep_db_params_add_text (decide, ep_plan_body_text (job->body, "reden"));
  g_autoptr (PGresult) done = run (
    conn, "ep_plan_level_decide",
    "UPDATE plan_level_request SET status = $3, decided_by = current_actor (), decided_at = now (),"
    "       besluit_reden = btrim ($4)"
    " WHERE gemeente = current_gemeente () AND plan_id = $1::uuid AND id = $2::uuid"
    " RETURNING id",
    decide, error);
  if (done == NULL || (job->approve && !apply_level (conn, write, naar, error)))
    return FALSE;
  g_autofree gchar *van_text = g_strdup_printf ("%d", write->niveau);
  g_autofree gchar *naar_text = g_strdup_printf ("%d", naar);
  ep_plan_write_audit (write, job->approve ? "plan_level_approve" : "plan_level_reject",
                       ep_plan_change_of ("aanvraag_id", id, "van", van_text, "naar", naar_text,
                                          "aangevraagd_door",
                                          ep_db_get_text (found, 0, "requested_by"), NULL));
  return TRUE;
}

static gboolean
decide (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id, gint base_version,
        JsonNode *body, gboolean approve, gint *new_version, GError **error)
{
  static const EpPlanField fields[] = {
    { "reden", EP_PLAN_FIELD_REASON, TRUE },
    { "aanvraag_id", EP_PLAN_FIELD_UUID, FALSE, TRUE },
  };
  g_return_val_if_fail (conn != NULL && ctx != NULL, FALSE);
  if (!ep_plan_body_check (body, fields, N (fields), error))
    return FALSE;
  DecideJob job = { .ctx = ctx, .body = body, .approve = approve };
  return ep_plan_store_write (conn, ctx, household_id, base_version,
                              ep_plan_body_text (body, "reden"), (EpPlanWriteMode){ 0 },
                              decide_change, &job, new_version, NULL, error);
}

gboolean
ep_plan_level_approve (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                       gint base_version, JsonNode *body, gint *new_version, GError **error)
{
  return decide (conn, ctx, household_id, base_version, body, TRUE, new_version, error);
}

gboolean
ep_plan_level_reject (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                      gint base_version, JsonNode *body, gint *new_version, GError **error)
{
  return decide (conn, ctx, household_id, base_version, body, FALSE, new_version, error);
}
