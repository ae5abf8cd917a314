/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * emergency.c: break-the-glass to a shielded household (ep-emergency.h): opening an emergency
 * access, listing them for review, reviewing one. Each change is one audited transaction; what
 * an emergency access lets its user read is decided by the database's household_access().
 */
#include "ep-emergency.h"

#include "intake-error-private.h"
#include "intake-json-private.h"
#include "lists-private.h"
#include "shield-private.h"
#include "store-private.h"

#include "ep-audit-record.h"
#include "ep-db-conn.h"
#include "ep-intake-lists.h"
#include "ep-uuid.h"

/* The columns emergency_from() reads. */
#define EMERGENCY_COLUMNS                                                                          \
  "id, household_id, actor_id, actor_role, reason, " UTC_ISO (                                     \
    "opened_at") " AS opened_at, " UTC_ISO ("expires_at") " AS expires_at, "                       \
                                                          "reviewed_by, " UTC_ISO (                \
                                                            "reviewed_at") " AS reviewed_at, "     \
                                                                           "review_note"

static const gchar *const breakers[] = { "regisseur", "supervisor", NULL };
static const gchar *const supervisor[] = { "supervisor", NULL };

void
ep_emergency_access_free (EpEmergencyAccess *access)
{
  if (access == NULL)
    return;
  g_free (access->id);
  g_free (access->household_id);
  g_free (access->actor_id);
  g_free (access->actor_role);
  g_free (access->reason);
  g_free (access->opened_at);
  g_free (access->expires_at);
  g_free (access->reviewed_by);
  g_free (access->reviewed_at);
  g_free (access->review_note);
  g_free (access);
}

static EpEmergencyAccess *
emergency_from (const PGresult *res, int row)
{
  EpEmergencyAccess *a = g_new0 (EpEmergencyAccess, 1);
  a->id = ep_db_dup_text (res, row, "id");
  a->household_id = ep_db_dup_text (res, row, "household_id");
  a->actor_id = ep_db_dup_text (res, row, "actor_id");
  a->actor_role = ep_db_dup_text (res, row, "actor_role");
  a->reason = ep_db_dup_text (res, row, "reason");
  a->opened_at = ep_db_dup_text (res, row, "opened_at");
  a->expires_at = ep_db_dup_text (res, row, "expires_at");
  a->reviewed_by = ep_db_dup_text (res, row, "reviewed_by");
  a->reviewed_at = ep_db_dup_text (res, row, "reviewed_at");
  a->review_note = ep_db_dup_text (res, row, "review_note");
  return a;
}

JsonNode *
ep_emergency_to_json (const EpEmergencyAccess *a)
{
  g_return_val_if_fail (a != NULL, NULL);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  ep_intake_add_text (b, "id", a->id);
  ep_intake_add_text (b, "household_id", a->household_id);
  ep_intake_add_text (b, "actor_id", a->actor_id);
  ep_intake_add_text (b, "actor_role", a->actor_role);
  ep_intake_add_text (b, "reason", a->reason);
  ep_intake_add_text (b, "opened_at", a->opened_at);
  ep_intake_add_text (b, "expires_at", a->expires_at);
  json_builder_set_member_name (b, "reviewed");
  json_builder_add_boolean_value (b, a->reviewed_at != NULL);
  ep_intake_add_text (b, "reviewed_by", a->reviewed_by);
  ep_intake_add_text (b, "reviewed_at", a->reviewed_at);
  ep_intake_add_text (b, "review_note", a->review_note);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* ---- open --------------------------------------------------------------------------------- */

typedef struct
{
  const gchar *household_id;
  const gchar *reason;
  EpEmergencyAccess *access;
} OpenJob;

static gboolean
open_body (PGconn *conn, gpointer user_data, GError **error)
{
  OpenJob *job = user_data;
  g_clear_pointer (&job->access, ep_emergency_access_free);
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, job->household_id);
  g_autoptr (PGresult) found = ep_db_exec (
    conn,
    "SELECT s.id AS shield_id, household_access (h.id) AS access FROM household h"
    "  LEFT JOIN household_shield s ON s.gemeente = h.gemeente AND s.household_id = h.id"
    "   AND s.lifted_at IS NULL"
    " WHERE h.id = $1::uuid",
    params, PGRES_TUPLES_OK, "find shield", error);
  if (found == NULL)
    return FALSE;
  if (PQntuples (found) == 0)
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_NOT_FOUND, "id",
                              "geen huishouden van deze gemeente");
  const gchar *shield_id = ep_db_get_text (found, 0, "shield_id");
  if (shield_id == NULL)
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_RULE, "id",
                              "dit huishouden is niet afgeschermd: u hebt al toegang");
  if (g_strcmp0 (ep_db_get_text (found, 0, "access"), "named") == 0)
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_RULE, "id",
                              "de afscherming noemt u: u hebt al toegang");

  g_autofree gchar *id = ep_uuid_new (error);
  if (id == NULL)
    return FALSE;
  g_autoptr (JsonNode) change = ep_intake_change_of ("reason", job->reason);
  EpAuditEvent event = { .action = "open",
                         .entity_type = "emergency_access",
                         .entity_id = id,
                         .household_id = job->household_id,
                         .purpose = EP_EMERGENCY_PURPOSE,
                         .change = change };
  g_autoptr (EpDbParams) insert = ep_db_params_new ();
  ep_db_params_add_text (insert, id);
  ep_db_params_add_text (insert, job->household_id);
  ep_db_params_add_text (insert, shield_id);
  ep_db_params_add_text (insert, job->reason);
  ep_db_params_add_int64 (insert, EP_EMERGENCY_HOURS);
  g_autoptr (PGresult) made = ep_audit_record_change (
    conn, "ep_emergency_open",
    "INSERT INTO emergency_access (id, household_id, shield_id, reason, expires_at)"
    " VALUES ($1::uuid, $2::uuid, $3::uuid, $4, now () + make_interval (hours => $5::int))"
    " RETURNING " EMERGENCY_COLUMNS,
    insert, &event, "open emergency access", error);
  if (made == NULL)
    return FALSE;
  job->access = emergency_from (made, 0);

  /* NEN 7513: the emergency access itself, with its reason. */
  EpAccessEvent opened = { .action = "read",
                           .entity_type = "household",
                           .entity_id = job->household_id,
                           .household_id = job->household_id,
                           .purpose = EP_EMERGENCY_PURPOSE,
                           .emergency = TRUE,
                           .emergency_reason = job->reason };
  return ep_access_log_record (conn, &opened, error);
}

EpEmergencyAccess *
ep_emergency_open (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                   const gchar *reason, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL && household_id != NULL, NULL);
  if (!ep_shield_need_role (ctx, breakers, "noodtoegang vragen", error))
    return NULL;
  if (!ep_uuid_validate (household_id, NULL))
    {
      ep_intake_fail_at (error, EP_INTAKE_ERROR_NOT_FOUND, "id", "geen geldige huishouden-id");
      return NULL;
    }
  if (!ep_shield_check_text (reason, "reason", EP_EMERGENCY_MIN_REASON, EP_EMERGENCY_MAX_TEXT,
                             error))
    return NULL;
  OpenJob job = { household_id, reason, NULL };
  if (!ep_db_run_tx (conn, ctx, open_body, &job, NULL, error))
    {
      g_clear_pointer (&job.access, ep_emergency_access_free);
      return NULL;
    }
  return job.access;
}

/* ---- list --------------------------------------------------------------------------------- */

static gboolean
list_body (PGconn *conn, gpointer user_data, GError **error)
{
  EpListJob *job = user_data;
  const EpEmergencyFilter *filter = job->filter;
  g_clear_pointer (&job->found, g_ptr_array_unref);
  g_clear_pointer (&job->next, g_free);
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_bool (params, filter->unreviewed);
  ep_db_params_add_text (params, filter->cursor);
  ep_db_params_add_int64 (params, job->page + 1);
  g_autoptr (PGresult) res = ep_db_exec_prepared (
    conn, "ep_emergency_list",
    "SELECT " EMERGENCY_COLUMNS " FROM emergency_access"
    " WHERE (NOT $1 OR reviewed_at IS NULL)"
    "   AND ($2::uuid IS NULL OR (opened_at, id)"
    "        < (SELECT opened_at, id FROM emergency_access WHERE id = $2::uuid))"
    " ORDER BY opened_at DESC, id DESC LIMIT $3",
    params, PGRES_TUPLES_OK, 0, "list emergency accesses", error);
  if (res == NULL)
    return FALSE;
  job->found = g_ptr_array_new_with_free_func ((GDestroyNotify) ep_emergency_access_free);
  for (int row = 0; row < PQntuples (res) && (guint) row < job->page; row++)
    g_ptr_array_add (job->found, emergency_from (res, row));
  if ((guint) PQntuples (res) > job->page)
    job->next = ep_db_dup_text (res, (int) job->page - 1, "id");
  /* NEN 7513: the list shows which households were opened, and why. */
  g_autofree const gchar **ids = g_new0 (const gchar *, job->found->len + 1);
  g_autofree const gchar **households = g_new0 (const gchar *, job->found->len + 1);
  for (guint i = 0; i < job->found->len; i++)
    {
      const EpEmergencyAccess *a = job->found->pdata[i];
      ids[i] = a->id;
      households[i] = a->household_id;
    }
  EpAccessEvent event
    = { .action = "search", .entity_type = "emergency_access", .purpose = "toezicht" };
  return ep_access_log_record_each (conn, &event, ids, households, job->found->len, error);
}

GPtrArray *
ep_emergency_list (PGconn *conn, const EpDbTxContext *ctx, const EpEmergencyFilter *filter,
                   gchar **next_cursor, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL && filter != NULL, NULL);
  EpListJob job = { filter, 0, NULL, NULL };
  if (!ep_list_check_page (filter->limit, filter->cursor, &job.page, error))
    return NULL;
  return ep_list_run_page (conn, ctx, list_body, &job, next_cursor, error);
}

/* ---- review ------------------------------------------------------------------------------- */

typedef struct
{
  const gchar *id;
  const gchar *note;
  EpEmergencyAccess *access;
} ReviewJob;

static gboolean
review_body (PGconn *conn, gpointer user_data, GError **error)
{
  ReviewJob *job = user_data;
  g_clear_pointer (&job->access, ep_emergency_access_free);
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, job->id);
  g_autoptr (PGresult) found = ep_db_exec (
    conn,
    "SELECT household_id, reviewed_at IS NOT NULL AS reviewed, actor_id = current_actor() AS own"
    "  FROM emergency_access WHERE id = $1::uuid FOR UPDATE",
    params, PGRES_TUPLES_OK, "find emergency access", error);
  if (found == NULL)
    return FALSE;
  if (PQntuples (found) == 0)
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_NOT_FOUND, "id",
                              "geen noodtoegang van deze gemeente");
  if (ep_db_get_bool (found, 0, "reviewed"))
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_RULE, "id", "is al beoordeeld");
  if (ep_db_get_bool (found, 0, "own"))
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_RULE, "id",
                              "uw eigen noodtoegang beoordeelt een andere supervisor");
  g_autoptr (JsonNode) change = job->note != NULL ? ep_intake_change_of ("note", job->note) : NULL;
  EpAuditEvent event = { .action = "review",
                         .entity_type = "emergency_access",
                         .entity_id = job->id,
                         .household_id = ep_db_get_text (found, 0, "household_id"),
                         .purpose = EP_EMERGENCY_PURPOSE,
                         .change = change };
  ep_db_params_add_text (params, job->note);
  g_autoptr (PGresult) reviewed = ep_audit_record_change (
    conn, "ep_emergency_review",
    "UPDATE emergency_access SET reviewed_by = current_actor (), reviewed_at = now (),"
    "       review_note = $2"
    " WHERE id = $1::uuid RETURNING " EMERGENCY_COLUMNS,
    params, &event, "review emergency access", error);
  if (reviewed == NULL)
    return FALSE;
  job->access = emergency_from (reviewed, 0);
  return TRUE;
}

EpEmergencyAccess *
ep_emergency_review (PGconn *conn, const EpDbTxContext *ctx, const gchar *id, const gchar *note,
                     GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL && id != NULL, NULL);
  if (!ep_shield_need_role (ctx, supervisor, "noodtoegang beoordelen", error))
    return NULL;
  if (!ep_uuid_validate (id, NULL))
    {
      ep_intake_fail_at (error, EP_INTAKE_ERROR_NOT_FOUND, "id", "geen geldige id");
      return NULL;
    }
  if (note != NULL && !ep_shield_check_text (note, "note", 1, EP_EMERGENCY_MAX_TEXT, error))
    return NULL;
  ReviewJob job = { id, note, NULL };
  if (!ep_db_run_tx (conn, ctx, review_body, &job, NULL, error))
    {
      g_clear_pointer (&job.access, ep_emergency_access_free);
      return NULL;
    }
  return job.access;
}
