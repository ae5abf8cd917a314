/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * shield.c: shielding a household and lifting its shield (ep-shield.h), each one audited
 * transaction. Who the shield lets in is decided by the database's household_access(), which
 * the stores ask (shield-check.c).
 */
#include "ep-shield.h"

#include "intake-error-private.h"
#include "shield-private.h"
#include "store-private.h"

#include "ep-audit-record.h"
#include "ep-db-conn.h"
#include "ep-json.h"
#include "ep-uuid.h"

#include <string.h>

static const gchar *const supervisor[] = { "supervisor", NULL };

/* The household exists (locked until commit: one supervisor shields or lifts at a time), and
 * the shield in force, if any (its id in *@shield_id, else NULL). */
static gboolean
find_shield (PGconn *conn, const gchar *household_id, gchar **shield_id, GError **error)
{
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, household_id);
  g_autoptr (PGresult) res = ep_db_exec (
    conn,
    "SELECT h.id, s.id AS shield_id FROM household h"
    "  LEFT JOIN household_shield s ON s.gemeente = h.gemeente AND s.household_id = h.id"
    "   AND s.lifted_at IS NULL"
    " WHERE h.id = $1::uuid FOR UPDATE OF h",
    params, PGRES_TUPLES_OK, "find shield", error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 0)
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_NOT_FOUND, "id",
                              "geen huishouden van deze gemeente");
  *shield_id = ep_db_dup_text (res, 0, "shield_id");
  return TRUE;
}

/* ---- shield ------------------------------------------------------------------------------- */

typedef struct
{
  const gchar *household_id;
  const gchar *reason;
  const gchar *const *users;
  gchar *users_json;
  gchar *id;
} ShieldJob;

static gboolean
shield_body (PGconn *conn, gpointer user_data, GError **error)
{
  ShieldJob *job = user_data;
  g_autofree gchar *current = NULL;
  if (!find_shield (conn, job->household_id, &current, error))
    return FALSE;
  if (current != NULL)
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_RULE, "id",
                              "dit huishouden is al afgeschermd; hef dat eerst op");
  g_clear_pointer (&job->id, g_free);
  job->id = ep_uuid_new (error);
  if (job->id == NULL)
    return FALSE;

  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "reason");
  json_builder_add_string_value (b, job->reason);
  json_builder_set_member_name (b, "users");
  json_builder_begin_array (b);
  for (guint i = 0; job->users[i] != NULL; i++)
    json_builder_add_string_value (b, job->users[i]);
  json_builder_end_array (b);
  json_builder_end_object (b);
  g_autoptr (JsonNode) change = json_builder_get_root (b);
  EpAuditEvent event = { .action = "shield",
                         .entity_type = "household_shield",
                         .entity_id = job->id,
                         .household_id = job->household_id,
                         .purpose = EP_SHIELD_PURPOSE,
                         .change = change };
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, job->id);
  ep_db_params_add_text (params, job->household_id);
  ep_db_params_add_text (params, job->reason);
  g_autoptr (PGresult) made = ep_audit_record_change (
    conn, "ep_shield_household",
    "INSERT INTO household_shield (id, household_id, reason) VALUES ($1::uuid, $2::uuid, $3)"
    " RETURNING id",
    params, &event, "shield household", error);
  if (made == NULL)
    return FALSE;

  /* Who keeps access: active users of the municipality who read case data, or partners. */
  g_autoptr (EpDbParams) names = ep_db_params_new ();
  ep_db_params_add_text (names, job->id);
  ep_db_params_add_text (names, job->users_json);
  g_autoptr (PGresult) named
    = ep_db_exec (conn,
                  "INSERT INTO household_shield_user (shield_id, username)"
                  " SELECT $1::uuid, u.username FROM app_user u"
                  "  WHERE u.username IN (SELECT json_array_elements_text ($2::json))"
                  "    AND u.active AND u.role <> 'admin'"
                  " RETURNING username",
                  names, PGRES_TUPLES_OK, "name users", error);
  if (named == NULL)
    return FALSE;
  for (guint i = 0; job->users[i] != NULL; i++)
    {
      gboolean found = FALSE;
      for (int row = 0; row < PQntuples (named) && !found; row++)
        found = strcmp (ep_db_get_text (named, row, "username"), job->users[i]) == 0;
      if (!found)
        {
          g_autofree gchar *path = g_strdup_printf ("users[%u]", i);
          return ep_intake_fail_at (error, EP_INTAKE_ERROR_INVALID_VALUE, path,
                                    "geen actieve gebruiker van deze gemeente die dossiers leest");
        }
    }
  return TRUE;
}

/* The users: at least one, each once, not too many. Returns: (transfer full): them as a JSON
 * array, or NULL with an error. */
static gchar *
users_json (const gchar *const *users, GError **error)
{
  guint n = users != NULL ? g_strv_length ((gchar **) users) : 0;
  if (n == 0)
    {
      ep_intake_fail_at (error, EP_INTAKE_ERROR_MISSING_FIELD, "users",
                         "noem ten minste één gebruiker die toegang houdt");
      return NULL;
    }
  if (n > EP_SHIELD_MAX_USERS)
    {
      ep_intake_fail_at (error, EP_INTAKE_ERROR_TOO_MANY, "users", "ten hoogste %d gebruikers",
                         EP_SHIELD_MAX_USERS);
      return NULL;
    }
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    {
      g_autofree gchar *path = g_strdup_printf ("users[%u]", i);
      if (!g_utf8_validate (users[i], -1, NULL))
        {
          ep_intake_fail_at (error, EP_INTAKE_ERROR_INVALID_VALUE, path, "geen geldige UTF-8");
          return NULL;
        }
      for (guint j = 0; j < i; j++)
        if (strcmp (users[i], users[j]) == 0)
          {
            ep_intake_fail_at (error, EP_INTAKE_ERROR_DUPLICATE, path, "staat er al");
            return NULL;
          }
      json_builder_add_string_value (b, users[i]);
    }
  json_builder_end_array (b);
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  return ep_json_to_string (root, FALSE);
}

gboolean
ep_shield_household (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                     const gchar *reason, const gchar *const *users, gchar **shield_id,
                     GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL && household_id != NULL, FALSE);
  if (!ep_shield_need_role (ctx, supervisor, "een huishouden afschermen", error))
    return FALSE;
  if (!ep_uuid_validate (household_id, NULL))
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_NOT_FOUND, "id", "geen geldige huishouden-id");
  if (!ep_shield_check_text (reason, "reason", EP_SHIELD_MIN_REASON, EP_INTAKE_MAX_TEXT, error))
    return FALSE;
  g_autofree gchar *json = users_json (users, error);
  if (json == NULL)
    return FALSE;
  ShieldJob job = { household_id, reason, users, json, NULL };
  if (!ep_db_run_tx (conn, ctx, shield_body, &job, NULL, error))
    {
      g_free (job.id);
      return FALSE;
    }
  if (shield_id != NULL)
    *shield_id = g_steal_pointer (&job.id);
  g_free (job.id);
  return TRUE;
}

/* ---- lift --------------------------------------------------------------------------------- */

typedef struct
{
  const gchar *household_id;
  const gchar *reason;
} LiftJob;

static gboolean
lift_body (PGconn *conn, gpointer user_data, GError **error)
{
  LiftJob *job = user_data;
  g_autofree gchar *current = NULL;
  if (!find_shield (conn, job->household_id, &current, error))
    return FALSE;
  if (current == NULL)
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_RULE, "id",
                              "dit huishouden is niet afgeschermd");
  g_autoptr (JsonNode) change = ep_intake_change_of ("reason", job->reason);
  EpAuditEvent event = { .action = "lift",
                         .entity_type = "household_shield",
                         .entity_id = current,
                         .household_id = job->household_id,
                         .purpose = EP_SHIELD_PURPOSE,
                         .change = change };
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, current);
  ep_db_params_add_text (params, job->reason);
  g_autoptr (PGresult) lifted = ep_audit_record_change (
    conn, "ep_shield_lift",
    "UPDATE household_shield SET lifted_at = now(), lifted_by = current_actor(),"
    "       lift_reason = $2"
    " WHERE id = $1::uuid RETURNING id",
    params, &event, "lift shield", error);
  return lifted != NULL;
}

gboolean
ep_shield_lift (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                const gchar *reason, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL && household_id != NULL, FALSE);
  if (!ep_shield_need_role (ctx, supervisor, "een afscherming opheffen", error))
    return FALSE;
  if (!ep_uuid_validate (household_id, NULL))
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_NOT_FOUND, "id", "geen geldige huishouden-id");
  if (!ep_shield_check_text (reason, "reason", EP_SHIELD_MIN_REASON, EP_INTAKE_MAX_TEXT, error))
    return FALSE;
  LiftJob job = { household_id, reason };
  return ep_db_run_tx (conn, ctx, lift_body, &job, NULL, error);
}
