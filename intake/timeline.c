/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * timeline.c: what happened to a household, from the audit trail (ep_household_timeline, see
 * ep-household.h). The events are the supervisors' query's (audit/ep-audit-query.h, filtered by
 * the household), read in the same transaction that asks the household's shield first and logs
 * the read, as every read of a household is (shield-private.h). Of each event only what names no
 * resident is kept — when, what, which record, who — never its change, and each actor's display
 * name is looked up beside it.
 */
#include "ep-household.h"

#include "intake-error-private.h"
#include "intake-json-private.h"
#include "lists-private.h"
#include "shield-private.h"

#include "ep-audit-query.h"
#include "ep-db-conn.h"
#include "ep-intake-lists.h"
#include "ep-uuid.h"

void
ep_household_step_free (EpHouseholdStep *step)
{
  if (step == NULL)
    return;
  g_free (step->occurred_at);
  g_free (step->action);
  g_free (step->entity_type);
  g_free (step->entity_id);
  g_free (step->actor_id);
  g_free (step->actor_role);
  g_free (step->actor_name);
  g_free (step);
}

JsonNode *
ep_household_step_to_json (const EpHouseholdStep *step)
{
  g_return_val_if_fail (step != NULL, NULL);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, step->id);
  ep_intake_add_text (b, "occurred_at", step->occurred_at);
  ep_intake_add_text (b, "action", step->action);
  ep_intake_add_text (b, "entity_type", step->entity_type);
  ep_intake_add_text (b, "entity_id", step->entity_id);
  ep_intake_add_text (b, "actor_id", step->actor_id);
  ep_intake_add_text (b, "actor_role", step->actor_role);
  ep_intake_add_text (b, "actor_name", step->actor_name);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

typedef struct
{
  const gchar *gemeente;
  const gchar *id;
  guint page;
  const gchar *cursor;
  GPtrArray *found;
  gchar *next;
  EpShieldRead shield;
  gboolean missing;
} TimelineJob;

/* The display names of the actors of @steps, by username, in one statement. */
static gboolean
name_actors (PGconn *conn, GPtrArray *steps, GError **error)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_array (b);
  for (guint i = 0; i < steps->len; i++)
    json_builder_add_string_value (b, ((EpHouseholdStep *) steps->pdata[i])->actor_id);
  json_builder_end_array (b);
  g_autoptr (JsonNode) ids = json_builder_get_root (b);
  g_autofree gchar *json = json_to_string (ids, FALSE);
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, json);
  g_autoptr (PGresult) res
    = ep_db_exec_prepared (conn, "ep_household_timeline_names",
                           "SELECT username, display_name FROM app_user"
                           " WHERE username IN (SELECT json_array_elements_text ($1::json))",
                           params, PGRES_TUPLES_OK, 0, "name the actors", error);
  if (res == NULL)
    return FALSE;
  for (guint i = 0; i < steps->len; i++)
    {
      EpHouseholdStep *step = steps->pdata[i];
      for (int row = 0; row < PQntuples (res) && step->actor_name == NULL; row++)
        if (g_strcmp0 (ep_db_get_text (res, row, "username"), step->actor_id) == 0)
          step->actor_name = ep_db_dup_text (res, row, "display_name");
    }
  return TRUE;
}

static gboolean
timeline_body (PGconn *conn, gpointer user_data, GError **error)
{
  TimelineJob *job = user_data;
  g_clear_pointer (&job->found, g_ptr_array_unref);
  g_clear_pointer (&job->next, g_free);
  if (!ep_shield_check_read (conn, job->id, NULL, "household_timeline", job->id, &job->shield,
                             error))
    return FALSE;
  if (job->shield.refused)
    return TRUE; /* nothing read; the refusal is logged */
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, job->id);
  g_autoptr (PGresult) exists = ep_db_exec_prepared (
    conn, "ep_household_exists", "SELECT EXISTS (SELECT FROM household WHERE id = $1::uuid) AS b",
    params, PGRES_TUPLES_OK, 0, "find the household", error);
  if (exists == NULL)
    return FALSE;
  job->missing = !ep_db_get_bool (exists, 0, "b");
  if (job->missing)
    return TRUE;

  EpAuditFilter filter = {
    .gemeente = job->gemeente, .household_id = job->id, .cursor = job->cursor, .limit = job->page
  };
  g_autoptr (GPtrArray) events = ep_audit_query (conn, &filter, &job->next, error);
  if (events == NULL)
    return FALSE;
  job->found = g_ptr_array_new_with_free_func ((GDestroyNotify) ep_household_step_free);
  for (guint i = 0; i < events->len; i++)
    {
      EpAuditEntry *e = events->pdata[i];
      EpHouseholdStep *step = g_new0 (EpHouseholdStep, 1);
      g_ptr_array_add (job->found, step);
      step->id = e->id;
      step->occurred_at = g_steal_pointer (&e->occurred_at);
      step->action = g_steal_pointer (&e->action);
      step->entity_type = g_steal_pointer (&e->entity_type);
      step->entity_id = g_steal_pointer (&e->entity_id);
      step->actor_id = g_steal_pointer (&e->actor_id);
      step->actor_role = g_steal_pointer (&e->actor_role);
    }
  return name_actors (conn, job->found, error)
         && ep_shield_log_read (conn, &job->shield, "household_timeline", job->id, job->id, error);
}

GPtrArray *
ep_household_timeline (PGconn *conn, const EpDbTxContext *ctx, const gchar *id, guint limit,
                       const gchar *cursor, gchar **next_cursor, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL && id != NULL, NULL);
  if (next_cursor != NULL)
    *next_cursor = NULL;
  if (!ep_uuid_validate (id, NULL))
    {
      ep_intake_fail_at (error, EP_INTAKE_ERROR_NOT_FOUND, "id", "geen geldige huishouden-id");
      return NULL;
    }
  TimelineJob job = { .gemeente = ctx->gemeente, .id = id, .cursor = cursor };
  if (!ep_list_check_page (limit, NULL, &job.page, error))
    return NULL;
  gboolean ok = ep_shield_run_read (conn, ctx, timeline_body, &job, &job.shield, error);
  if (ok && job.missing)
    ok = ep_intake_fail_at (error, EP_INTAKE_ERROR_NOT_FOUND, "id",
                            "geen huishouden van deze gemeente");
  if (!ok)
    {
      g_clear_pointer (&job.found, g_ptr_array_unref);
      g_free (job.next);
      return NULL;
    }
  if (next_cursor != NULL)
    *next_cursor = g_steal_pointer (&job.next);
  g_free (job.next);
  return job.found;
}
