/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * plan-store.c: what every transaction of plans/ does (plan-private.h). A write: find the
 * household's plan and lock its row (which serialises writers), the actor's right (the current
 * regisseur or a supervisor), the base version, the caller's change, then the new version with
 * the whole plan as PostgreSQL builds it (plan_document(), migration 0010) and the audit events,
 * as the last statements. A read: the shield, the role, a partner's consent, the access log.
 * PostgreSQL's own refusals become EP_PLAN_ERROR codes here, once. plan-write.c and plan-read.c
 * call it; it calls neither.
 */
#include "plan-private.h"

#include "ep-access-log.h"
#include "ep-audit-record.h"
#include "ep-intake-store.h"
#include "ep-json.h"
#include "ep-uuid.h"

#include <string.h>

void
ep_plan_write_clear (EpPlanWrite *write)
{
  g_clear_pointer (&write->id, g_free);
  g_clear_pointer (&write->household_id, g_free);
  g_clear_pointer (&write->regisseur, g_free);
  g_clear_pointer (&write->actions, g_ptr_array_unref);
  g_clear_pointer (&write->changes, g_ptr_array_unref);
  write->version = 0;
}

/* A change's slot: NULL for an event without one (json_node_unref() refuses NULL). */
static void
change_free (gpointer change)
{
  if (change != NULL)
    json_node_unref (change);
}

void
ep_plan_write_audit (EpPlanWrite *write, const gchar *action, JsonNode *change)
{
  if (write->actions == NULL)
    {
      write->actions = g_ptr_array_new ();
      write->changes = g_ptr_array_new_with_free_func (change_free);
    }
  g_ptr_array_add (write->actions, (gpointer) action);
  /* Index-aligned with actions; a NULL change is kept as a NULL slot. */
  g_ptr_array_add (write->changes, change);
}

JsonNode *
ep_plan_change_of (const gchar *name, ...)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  va_list args;
  va_start (args, name);
  for (const gchar *n = name; n != NULL; n = va_arg (args, const gchar *))
    {
      const gchar *value = va_arg (args, const gchar *);
      json_builder_set_member_name (b, n);
      if (value != NULL)
        json_builder_add_string_value (b, value);
      else
        json_builder_add_null_value (b);
    }
  va_end (args);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

gboolean
ep_plan_check_id (const gchar *id, const gchar *path, GError **error)
{
  if (id != NULL && ep_uuid_validate (id, NULL))
    return TRUE;
  return ep_plan_fail_at (error, EP_PLAN_ERROR_NOT_FOUND, path, "geen geldige id");
}

gboolean
ep_plan_check_page (const EpPlanPage *page, guint *limit, gint64 *from, GError **error)
{
  *limit = page != NULL && page->limit != 0 ? page->limit : EP_PLAN_LIST_DEFAULT_LIMIT;
  if (*limit > EP_PLAN_LIST_MAX_LIMIT)
    return ep_plan_fail_at (error, EP_PLAN_ERROR_INVALID_VALUE, "limit", "van 1 tot en met %d",
                            EP_PLAN_LIST_MAX_LIMIT);
  *from = 0;
  /* The cursor is the number of items before the page: digits only, and no further than a list
   * could reach (a larger one would overflow the page's bounds in SQL). */
  if (page != NULL && page->cursor != NULL
      && (!g_ascii_isdigit (*page->cursor)
          || !g_ascii_string_to_signed (page->cursor, 10, 0, G_MAXINT32, from, NULL)))
    return ep_plan_fail_at (error, EP_PLAN_ERROR_INVALID_VALUE, "cursor", "onbekende cursor");
  return TRUE;
}

JsonNode *
ep_plan_parse_document (const gchar *text, GError **error)
{
  return ep_json_parse (text, -1, error);
}

void
ep_plan_store_map_error (GError **error)
{
  if (error == NULL || *error == NULL || (*error)->domain != EP_DB_ERROR)
    return;
  /* A copy: the name belongs to the error, which is cleared below before it is used. */
  g_autofree gchar *constraint = g_strdup (ep_db_error_get_constraint (*error));
  if (constraint == NULL)
    return;
  EpPlanError code = 0;
  const gchar *path = "";
  const gchar *rule = NULL;
  if (strcmp (constraint, "plan_closed") == 0)
    code = EP_PLAN_ERROR_CLOSED, path = "status",
    rule = "dit plan is afgesloten en verandert niet meer";
  else if (strcmp (constraint, "household_shielded") == 0)
    code = EP_PLAN_ERROR_SHIELDED, path = "household_id",
    rule = "dit huishouden is afgeschermd: alleen wie de afscherming noemt, of wie noodtoegang "
           "heeft, kan het openen";
  else if (strcmp (constraint, "plan_one_regisseur") == 0
           || strcmp (constraint, "plan_regie_current") == 0)
    code = EP_PLAN_ERROR_RULE, path = "regisseur",
    rule = "een actief plan heeft precies één regisseur";
  else if (g_str_has_prefix (constraint, "plan_goal_need_")
           || g_str_has_prefix (constraint, "plan_goal_member_"))
    code = EP_PLAN_ERROR_RULE, path = "hulpvragen",
    rule = "een doel verbindt alleen hulpvragen van dit plan en leden van dit huishouden";
  else if (strcmp (constraint, "plan_level_four_eyes") == 0)
    code = EP_PLAN_ERROR_FOUR_EYES, path = "aanvraag_id",
    rule = "wie de aanvraag deed, beslist er niet over (vier ogen)";
  else if (strcmp (constraint, "plan_level_supervisor") == 0)
    code = EP_PLAN_ERROR_NOT_SUPERVISOR, path = "rol",
    rule = "alleen een supervisor beslist over een niveau-aanvraag";
  else if (strcmp (constraint, "plan_level_team") == 0)
    code = EP_PLAN_ERROR_OTHER_TEAM, path = "team",
    rule = "alleen een supervisor van het team van de regisseur beslist hierover";
  else if (strcmp (constraint, "plan_level_one_pending") == 0)
    code = EP_PLAN_ERROR_PENDING, path = "naar", rule = "er wacht al een aanvraag op een besluit";
  else if (strcmp (constraint, "plan_action_level") == 0)
    code = EP_PLAN_ERROR_RULE, path = "soort",
    rule = "op niveau 1 worden geen maatwerkvoorzieningen afgesproken";
  else if (strcmp (constraint, "plan_level_evaluation") == 0
           || strcmp (constraint, "plan_level_down_evaluated") == 0)
    code = EP_PLAN_ERROR_RULE, path = "evaluatie_id",
    rule = "afschalen vraagt een evaluatie van dit plan met het besluit afschalen";
  else if (strcmp (constraint, "plan_level_decided") == 0
           || strcmp (constraint, "plan_level_decider") == 0)
    code = EP_PLAN_ERROR_RULE, path = "aanvraag_id",
    rule = "over een aanvraag wordt één keer beslist, door wie het besluit neemt";
  else if (strcmp (constraint, "plan_level_decision") == 0)
    code = EP_PLAN_ERROR_RULE, path = "reden",
    rule = "een afwijzing noemt haar reden (ten minste 5 tekens)";
  else if (g_str_has_prefix (constraint, "plan_level_"))
    code = EP_PLAN_ERROR_RULE, path = "naar",
    rule = "het niveau verandert alleen met een aanvraag vanaf het niveau van nu, en naar 3 of 4 "
           "pas na goedkeuring";
  else if (g_str_has_prefix (constraint, "plan_evaluation_next"))
    code = EP_PLAN_ERROR_RULE, path = "volgende_evaluatie",
    rule = "moet na de datum van deze evaluatie liggen (alleen bij afsluiten mag ze ontbreken)";
  else if (g_str_has_prefix (constraint, "plan"))
    code = EP_PLAN_ERROR_INVALID_VALUE, path = "", rule = "PostgreSQL weigert de wijziging";
  if (code == 0)
    return;
  g_autofree gchar *detail = g_strdup ((*error)->message);
  g_clear_error (error);
  if (code == EP_PLAN_ERROR_INVALID_VALUE)
    ep_plan_fail_at (error, code, path, "%s (%s)", rule, constraint);
  else
    ep_plan_fail_at (error, code, path, "%s", rule);
}

gboolean
ep_plan_store_check_user (PGconn *conn, const gchar *username, const gchar *const *roles,
                          const gchar *path, GError **error)
{
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, username);
  g_autoptr (PGresult) res = ep_db_exec_prepared (
    conn, "ep_plan_user", "SELECT role FROM app_user WHERE username = $1 AND active", params,
    PGRES_TUPLES_OK, 0, "check a user", error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 0)
    return ep_plan_fail_at (error, EP_PLAN_ERROR_RULE, path,
                            "%s is geen actieve gebruiker van deze gemeente", username);
  if (!g_strv_contains (roles, PQgetvalue (res, 0, 0)))
    {
      g_autofree gchar *allowed = g_strjoinv (" of ", (gchar **) roles);
      return ep_plan_fail_at (error, EP_PLAN_ERROR_RULE, path, "%s is geen %s", username, allowed);
    }
  return TRUE;
}

static gboolean
fail_other_team (GError **error)
{
  return ep_plan_fail_at (error, EP_PLAN_ERROR_OTHER_TEAM, "team",
                          "alleen een supervisor van het team van de regisseur wijzigt dit plan");
}

gboolean
ep_plan_store_check_team (PGconn *conn, const EpDbTxContext *ctx, const gchar *regisseur,
                          GError **error)
{
  if (g_strcmp0 (ctx->actor_role, "supervisor") != 0)
    return TRUE;
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, regisseur);
  g_autoptr (PGresult) res = ep_db_exec_prepared (
    conn, "ep_plan_same_team",
    "SELECT FROM app_user me JOIN app_user r ON r.gemeente = me.gemeente AND r.team_id = me.team_id"
    " WHERE me.gemeente = current_gemeente () AND me.username = current_actor ()"
    "   AND r.username = $1",
    params, PGRES_TUPLES_OK, 0, "check the team", error);
  if (res == NULL)
    return FALSE;
  return PQntuples (res) == 1 || fail_other_team (error);
}

/* The household's plan locked for this write: the active one, else (to say it is closed) the
 * latest. Held to the shield before anything of it is read. */
static gboolean
lock_plan (PGconn *conn, const gchar *household_id, EpPlanWrite *write, GError **error)
{
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, household_id);
  g_autoptr (PGresult) res = ep_db_exec_prepared (
    conn, "ep_plan_lock",
    "SELECT p.id, p.version, p.status, p.niveau, household_assert_open (p.household_id),"
    "       r.regisseur, coalesce (me.team_id = ru.team_id, false) AS same_team"
    "  FROM plan p"
    "  LEFT JOIN plan_regie r ON r.gemeente = p.gemeente AND r.plan_id = p.id AND r.tot IS NULL"
    "  LEFT JOIN app_user ru ON ru.gemeente = r.gemeente AND ru.username = r.regisseur"
    "  LEFT JOIN app_user me ON me.gemeente = p.gemeente AND me.username = current_actor ()"
    " WHERE p.gemeente = current_gemeente () AND p.household_id = $1::uuid"
    " ORDER BY p.status = 'actief' DESC, p.created_at DESC LIMIT 1 FOR UPDATE OF p",
    params, PGRES_TUPLES_OK, 0, "lock the plan", error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 0)
    return ep_plan_fail_at (error, EP_PLAN_ERROR_NOT_FOUND, "household_id",
                            "dit huishouden heeft geen plan");
  if (strcmp (ep_db_get_text (res, 0, "status"), "actief") != 0)
    return ep_plan_fail_at (error, EP_PLAN_ERROR_CLOSED, "status",
                            "het plan van dit huishouden is afgesloten en verandert niet meer");
  write->id = ep_db_dup_text (res, 0, "id");
  write->household_id = g_strdup (household_id);
  write->version = (gint) ep_db_get_int64 (res, 0, "version", 0);
  write->regisseur = ep_db_dup_text (res, 0, "regisseur");
  write->niveau = (gint) ep_db_get_int64 (res, 0, "niveau", 0);
  write->same_team = ep_db_get_bool (res, 0, "same_team");
  return TRUE;
}

/* The acting user may change this plan: its current regisseur, or a supervisor of the
 * regisseur's team. */
static gboolean
check_regisseur (const EpDbTxContext *ctx, const EpPlanWrite *write, GError **error)
{
  if (g_strcmp0 (ctx->actor_role, "supervisor") == 0)
    return write->same_team || fail_other_team (error);
  if (g_strcmp0 (ctx->actor_role, "regisseur") == 0
      && g_strcmp0 (ctx->actor_id, write->regisseur) == 0)
    return TRUE;
  return ep_plan_fail_at (error, EP_PLAN_ERROR_NOT_REGISSEUR, "regisseur",
                          "alleen de regisseur van dit plan (%s) of een supervisor wijzigt het",
                          write->regisseur != NULL ? write->regisseur : "geen");
}

static gboolean
flush_audit (PGconn *conn, EpPlanWrite *write, GError **error)
{
  guint n = write->actions != NULL ? write->actions->len : 0;
  if (n == 0)
    return TRUE;
  g_autofree EpAuditEvent *events = g_new0 (EpAuditEvent, n);
  for (guint i = 0; i < n; i++)
    events[i] = (EpAuditEvent){ .action = g_ptr_array_index (write->actions, i),
                                .entity_type = "plan",
                                .entity_id = write->id,
                                .household_id = write->household_id,
                                .purpose = EP_PLAN_PURPOSE,
                                .change = g_ptr_array_index (write->changes, i) };
  return ep_audit_record_many (conn, events, n, error);
}

gboolean
ep_plan_store_snapshot (PGconn *conn, EpPlanWrite *write, GError **error)
{
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, write->id);
  ep_db_params_add_int64 (params, write->version);
  ep_db_params_add_text (params, write->reden);
  g_autoptr (PGresult) res = ep_db_exec_prepared (
    conn, "ep_plan_snapshot",
    "INSERT INTO plan_version (gemeente, plan_id, version, reden, document)"
    " VALUES (current_gemeente (), $1::uuid, $2, $3, plan_document ($1::uuid))",
    params, PGRES_COMMAND_OK, 0, "record the plan's version", error);
  if (res == NULL)
    return FALSE;
  return flush_audit (conn, write, error);
}

typedef struct
{
  const EpDbTxContext *ctx;
  const gchar *household_id;
  gint base_version;
  const gchar *reden;
  EpPlanWriteMode mode;
  EpPlanChangeFunc change;
  gpointer data;
  gint new_version;
  gboolean skipped;
} WriteJob;

static gboolean
write_body (PGconn *conn, gpointer user_data, GError **error)
{
  WriteJob *job = user_data;
  g_auto (EpPlanWrite) write = { .reden = (gchar *) job->reden };
  job->skipped = FALSE;
  if (!lock_plan (conn, job->household_id, &write, error)
      || !check_regisseur (job->ctx, &write, error))
    return FALSE;
  if (write.version != job->base_version)
    return ep_plan_fail_stale (error, write.version);
  if (!job->change (conn, &write, job->data, error))
    return FALSE;
  if (job->mode.no_version || (job->mode.may_skip && write.actions == NULL))
    {
      job->skipped = write.actions == NULL;
      job->new_version = write.version;
      return flush_audit (conn, &write, error);
    }
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, write.id);
  g_autoptr (PGresult) res = ep_db_exec_prepared (
    conn, "ep_plan_bump",
    "UPDATE plan SET version = version + 1 WHERE gemeente = current_gemeente () AND id = $1::uuid"
    " RETURNING version",
    params, PGRES_TUPLES_OK, 0, "raise the plan's version", error);
  if (res == NULL)
    return FALSE;
  write.version = (gint) g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
  job->new_version = write.version;
  return ep_plan_store_snapshot (conn, &write, error);
}

gboolean
ep_plan_store_write (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                     gint base_version, const gchar *reden, EpPlanWriteMode mode,
                     EpPlanChangeFunc change, gpointer data, gint *new_version, gboolean *skipped,
                     GError **error)
{
  if (!ep_plan_check_id (household_id, "household_id", error))
    return FALSE;
  WriteJob job = { .ctx = ctx,
                   .household_id = household_id,
                   .base_version = base_version,
                   .reden = reden,
                   .mode = mode,
                   .change = change,
                   .data = data };
  if (!ep_db_run_tx (conn, ctx, write_body, &job, NULL, error))
    {
      ep_plan_store_map_error (error);
      return FALSE;
    }
  if (new_version != NULL)
    *new_version = job.new_version;
  if (skipped != NULL)
    *skipped = job.skipped;
  return TRUE;
}

/* ---- reads ------------------------------------------------------------------------------ */

gboolean
ep_plan_store_run_read (PGconn *conn, const EpDbTxContext *ctx, EpDbTxFunc body, gpointer data,
                        const gboolean *refused, GError **error)
{
  EpDbTxContext snapshot = *ctx;
  snapshot.isolation = EP_DB_REPEATABLE_READ;
  if (!ep_db_run_tx (conn, &snapshot, body, data, NULL, error))
    {
      ep_plan_store_map_error (error);
      return FALSE;
    }
  if (*refused)
    return ep_plan_fail_at (error, EP_PLAN_ERROR_SHIELDED, "household_id",
                            "dit huishouden is afgeschermd: alleen wie de afscherming noemt, of "
                            "wie noodtoegang heeft, kan het openen");
  return TRUE;
}

gboolean
ep_plan_store_log_read (PGconn *conn, const gchar *plan_id, const gchar *household_id,
                        const gchar *emergency_reason, GError **error)
{
  EpAccessEvent event = { .action = "read",
                          .entity_type = "plan",
                          .entity_id = plan_id,
                          .household_id = household_id,
                          .purpose = EP_PLAN_PURPOSE,
                          .emergency = emergency_reason != NULL,
                          .emergency_reason = emergency_reason };
  return ep_access_log_record (conn, &event, error);
}

gboolean
ep_plan_store_log_shown (PGconn *conn, const gchar *const *plans, const gchar *const *households,
                         const gchar *const *emergency_reasons, guint n, GError **error)
{
  g_autofree const gchar **plain_plans = g_new0 (const gchar *, n + 1);
  g_autofree const gchar **plain_households = g_new0 (const gchar *, n + 1);
  guint plain = 0;
  for (guint i = 0; i < n; i++)
    {
      if (emergency_reasons[i] == NULL)
        {
          plain_plans[plain] = plans[i];
          plain_households[plain++] = households[i];
        }
      /* Each household shown by an emergency access has its own reason: a row of its own. */
      else if (!ep_plan_store_log_read (conn, plans[i], households[i], emergency_reasons[i], error))
        return FALSE;
    }
  EpAccessEvent event = { .action = "read", .entity_type = "plan", .purpose = EP_PLAN_PURPOSE };
  return ep_access_log_record_each (conn, &event, plain_plans, plain_households, plain, error);
}

gboolean
ep_plan_store_find_for_read (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                             gchar **plan_id, gint *version, gchar **emergency_reason,
                             gboolean *refused, GError **error)
{
  *refused = FALSE;
  static const gchar *const readers[]
    = { "casemanager", "regisseur", "supervisor", "partner", NULL };
  if (ctx->actor_role == NULL || !g_strv_contains (readers, ctx->actor_role))
    return ep_plan_fail_at (error, EP_PLAN_ERROR_FORBIDDEN, "household_id",
                            "in deze rol leest u geen gezinsplannen");
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, household_id);
  g_autoptr (PGresult) res = ep_db_exec_prepared (
    conn, "ep_plan_find_for_read",
    "SELECT a.access, p.id, p.version,"
    "       CASE WHEN a.access = 'emergency' THEN household_emergency_reason ($1::uuid)"
    "       END AS emergency_reason"
    "  FROM (SELECT household_access ($1::uuid) AS access) a"
    "  LEFT JOIN plan p ON p.gemeente = current_gemeente () AND p.household_id = $1::uuid"
    "                  AND p.status = 'actief'",
    params, PGRES_TUPLES_OK, 0, "find the plan", error);
  if (res == NULL)
    return FALSE;
  const gchar *access = ep_db_get_text (res, 0, "access");
  if (g_strcmp0 (access, "refused") == 0)
    {
      EpAccessEvent denied = { .action = "read",
                               .entity_type = "plan",
                               .household_id = household_id,
                               .purpose = EP_PLAN_PURPOSE,
                               .outcome = "denied" };
      /* The refusal is logged and committed; the caller reports it after the commit. */
      *refused = TRUE;
      return ep_access_log_record (conn, &denied, error);
    }
  /* A partner reads a plan only with a consent in effect today, given to their organisation,
   * that lists plan (intake/ says what "in effect" is, in this transaction). */
  gboolean consented = TRUE;
  if (g_strcmp0 (ctx->actor_role, "partner") == 0
      && !ep_consent_in_effect (conn, household_id, NULL, EP_GEGEVENSSOORT_PLAN, &consented, error))
    return FALSE;
  if (!consented || ep_db_is_null (res, 0, "id"))
    return ep_plan_fail_at (error, EP_PLAN_ERROR_NOT_FOUND, "household_id",
                            "dit huishouden heeft geen actief plan");
  *plan_id = ep_db_dup_text (res, 0, "id");
  *version = (gint) ep_db_get_int64 (res, 0, "version", 0);
  if (emergency_reason != NULL)
    *emergency_reason = ep_db_is_null (res, 0, "emergency_reason")
                          ? NULL
                          : ep_db_dup_text (res, 0, "emergency_reason");
  return TRUE;
}
