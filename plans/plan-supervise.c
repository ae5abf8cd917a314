/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * plan-supervise.c: regie op regie, the supervisor's views (ep-plan-supervise.h): the level
 * requests waiting, escalations and de-escalations in a period, the time at each level, overdue
 * evaluations, and who holds regie of which plan. One frame for all five: who asks (a supervisor
 * and their team; a regisseur for their own overdue evaluations), the clock and the period, one
 * statement over the team's plans (a row per item: plan, household, the item as jsonb), the
 * access log for every plan shown, then what each view adds up in C. The team's plans are found
 * through its users (app_user_team), their current regie (plan_regie_regisseur) and the plan's
 * key; every part after that by (gemeente, plan_id …) (docs/ladder.md).
 */
#include "ep-plan-supervise.h"
#include "plan-private.h"

#include "ep-access-log.h"
#include "ep-time.h"

#include <string.h>

/* The arguments every view's statement takes ($1 team or NULL for the acting regisseur's own,
 * $2 now, $3 today, $4–$5 the period's dates), with the period as instants, and the plans of the
 * team (or of the regisseur) that the user's shield allows. */
#define TEAM_PLANS                                                                                 \
  "WITH arg AS (SELECT $1::uuid AS team, $2::timestamptz AS now_ts, $3::date AS today,"            \
  "                    $4::date AS van, $5::date AS tot,"                                          \
  "                    $4::date::timestamp AT TIME ZONE 'Europe/Amsterdam' AS van_ts,"             \
  "                    least (($5::date + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam',"          \
  "                           $2::timestamptz) AS tot_ts),"                                        \
  " tp AS (SELECT a.*, p.gemeente, p.id, p.household_id, p.version, p.niveau, p.status,"           \
  "               p.created_at, p.closed_at, p.volgende_evaluatie, r.regisseur,"                   \
  "               r.vanaf AS regie_sinds, u.display_name AS regisseur_naam,"                       \
  "               CASE WHEN household_access (p.household_id) = 'emergency'"                       \
  "                    THEN household_emergency_reason (p.household_id) END AS emergency_reason"   \
  "          FROM arg a CROSS JOIN app_user u"                                                     \
  "          JOIN plan_regie r ON r.gemeente = u.gemeente AND r.regisseur = u.username"            \
  "                           AND r.tot IS NULL"                                                   \
  "          JOIN plan p ON p.gemeente = r.gemeente AND p.id = r.plan_id"                          \
  "         WHERE u.gemeente = current_gemeente ()"                                                \
  "           AND (u.team_id = a.team OR (a.team IS NULL AND u.username = current_actor ()))"      \
  "           AND household_access (p.household_id) <> 'refused')"

typedef enum
{
  VIEW_PENDING,
  VIEW_LEVELS,
  VIEW_TIME,
  VIEW_OVERDUE,
  VIEW_REGIE,
} View;

static const gchar *const view_sql[] = {
  [VIEW_PENDING] = TEAM_PLANS
  " SELECT tp.id AS plan_id, tp.household_id, tp.emergency_reason, jsonb_build_object ("
  "   'aanvraag_id', q.id, 'plan_id', tp.id, 'household_id', tp.household_id,"
  "   'version', tp.version, 'richting', q.richting, 'van', q.van, 'naar', q.naar,"
  "   'reden', q.reden, 'evaluatie_id', q.evaluatie_id, 'aangevraagd_door', q.requested_by,"
  "   'aangevraagd_door_naam', a.display_name, 'aangevraagd_op', plan_utc (q.requested_at),"
  "   'regisseur', tp.regisseur, 'regisseur_naam', tp.regisseur_naam) AS item"
  "   FROM tp JOIN plan_level_request q ON q.gemeente = tp.gemeente AND q.plan_id = tp.id"
  "                                    AND q.status = 'aangevraagd'"
  "   JOIN app_user a ON a.gemeente = q.gemeente AND a.username = q.requested_by"
  "  WHERE tp.status = 'actief' ORDER BY q.requested_at, q.id",
  [VIEW_LEVELS] = TEAM_PLANS
  " SELECT tp.id AS plan_id, tp.household_id, tp.emergency_reason, jsonb_build_object ("
  "   'aanvraag_id', q.id, 'plan_id', tp.id, 'household_id', tp.household_id,"
  "   'richting', q.richting, 'van', q.van, 'naar', q.naar, 'reden', q.reden,"
  "   'status', q.status, 'evaluatie_id', q.evaluatie_id, 'aangevraagd_door', q.requested_by,"
  "   'aangevraagd_op', plan_utc (q.requested_at), 'besloten_door', q.decided_by,"
  "   'besloten_op', CASE WHEN q.decided_by IS NOT NULL THEN plan_utc (q.decided_at) END,"
  "   'besluit_reden', q.besluit_reden) AS item"
  "   FROM tp JOIN plan_level_request q ON q.gemeente = tp.gemeente AND q.plan_id = tp.id"
  "  WHERE q.requested_at >= tp.van_ts AND q.requested_at < tp.tot_ts"
  "  ORDER BY q.requested_at, q.id",
  [VIEW_TIME] = TEAM_PLANS
  ","
  " t AS (SELECT tp.id, lp.niveau,"
  "              sum (extract (epoch FROM least (coalesce (lp.tot, tp.tot_ts), tp.tot_ts)"
  "                                       - greatest (lp.vanaf, tp.van_ts))) AS s"
  "         FROM tp JOIN plan_level_period lp ON lp.gemeente = tp.gemeente AND lp.plan_id = tp.id"
  "        WHERE lp.vanaf < tp.tot_ts AND (lp.tot IS NULL OR lp.tot > tp.van_ts)"
  "        GROUP BY tp.id, lp.niveau)"
  " SELECT tp.id AS plan_id, tp.household_id, tp.emergency_reason, jsonb_build_object ("
  "   'plan_id', tp.id, 'household_id', tp.household_id, 'regisseur', tp.regisseur,"
  "   'niveau', tp.niveau, 'seconden', jsonb_build_object ("
  "     '1', round (coalesce (sum (t.s) FILTER (WHERE t.niveau = 1), 0))::bigint,"
  "     '2', round (coalesce (sum (t.s) FILTER (WHERE t.niveau = 2), 0))::bigint,"
  "     '3', round (coalesce (sum (t.s) FILTER (WHERE t.niveau = 3), 0))::bigint,"
  "     '4', round (coalesce (sum (t.s) FILTER (WHERE t.niveau = 4), 0))::bigint)) AS item"
  "   FROM tp JOIN t ON t.id = tp.id"
  "  GROUP BY tp.id, tp.household_id, tp.emergency_reason, tp.regisseur, tp.niveau, tp.created_at"
  "  ORDER BY tp.created_at, tp.id",
  [VIEW_OVERDUE] = TEAM_PLANS
  " SELECT tp.id AS plan_id, tp.household_id, tp.emergency_reason, tp.regisseur, tp.regisseur_naam,"
  "   jsonb_build_object ('plan_id', tp.id, 'household_id', tp.household_id,"
  "     'volgende_evaluatie', tp.volgende_evaluatie,"
  "     'dagen_te_laat', tp.today - tp.volgende_evaluatie, 'niveau', tp.niveau) AS item"
  "   FROM tp WHERE tp.status = 'actief' AND tp.volgende_evaluatie < tp.today"
  "  ORDER BY tp.regisseur, tp.volgende_evaluatie, tp.id",
  [VIEW_REGIE] = TEAM_PLANS
  " SELECT tp.id AS plan_id, tp.household_id, tp.emergency_reason, jsonb_build_object ("
  "   'plan_id', tp.id, 'household_id', tp.household_id, 'status', tp.status,"
  "   'regisseur', tp.regisseur, 'regisseur_naam', tp.regisseur_naam,"
  "   'regie_sinds', tp.regie_sinds, 'niveau', tp.niveau,"
  "   'niveau_sinds', (SELECT plan_utc (lp.vanaf) FROM plan_level_period lp"
  "                     WHERE lp.gemeente = tp.gemeente AND lp.plan_id = tp.id"
  "                     ORDER BY lp.position DESC LIMIT 1),"
  "   'volgende_evaluatie', tp.volgende_evaluatie,"
  "   'te_laat', tp.status = 'actief' AND tp.volgende_evaluatie < tp.today,"
  "   'evaluaties', ev.n, 'op_tijd', ev.on_time, 'opgeschaald', lv.op,"
  "   'afgeschaald', lv.af) AS item"
  "   FROM tp"
  "   CROSS JOIN LATERAL (SELECT count (*) AS n,"
  "                              count (*) FILTER (WHERE e.gepland IS NULL OR e.datum <= e.gepland)"
  "                                AS on_time"
  "                         FROM plan_evaluation e"
  "                        WHERE e.gemeente = tp.gemeente AND e.plan_id = tp.id"
  "                          AND e.datum BETWEEN tp.van AND tp.tot) ev"
  "   CROSS JOIN LATERAL (SELECT count (*) FILTER (WHERE q.richting = 'op') AS op,"
  "                              count (*) FILTER (WHERE q.richting = 'af') AS af"
  "                         FROM plan_level_request q"
  "                        WHERE q.gemeente = tp.gemeente AND q.plan_id = tp.id"
  "                          AND q.status IN ('goedgekeurd', 'doorgevoerd')"
  "                          AND q.decided_at >= tp.van_ts AND q.decided_at < tp.tot_ts) lv"
  "  WHERE tp.created_at < tp.tot_ts AND (tp.closed_at IS NULL OR tp.closed_at >= tp.van_ts)"
  "  ORDER BY tp.regisseur, tp.created_at, tp.id",
};

static const gchar *const view_name[] = {
  [VIEW_PENDING] = "ep_plan_supervise_pending", [VIEW_LEVELS] = "ep_plan_supervise_levels",
  [VIEW_TIME] = "ep_plan_supervise_time",       [VIEW_OVERDUE] = "ep_plan_supervise_overdue",
  [VIEW_REGIE] = "ep_plan_supervise_regie",
};

typedef struct
{
  const EpDbTxContext *ctx;
  View view;
  gchar *now;   /* ISO 8601 */
  gchar *today; /* YYYY-MM-DD, Europe/Amsterdam */
  const gchar *van, *tot;
  JsonObject *result; /* built by the view's finish */
} ViewJob;

/* ---- what each view adds up ------------------------------------------------------------- */

static void
set_team (JsonObject *result, PGresult *who)
{
  if (ep_db_is_null (who, 0, "team_id"))
    {
      json_object_set_null_member (result, "team");
      return;
    }
  JsonObject *team = json_object_new ();
  json_object_set_string_member (team, "id", ep_db_get_text (who, 0, "team_id"));
  json_object_set_string_member (team, "naam", ep_db_get_text (who, 0, "naam"));
  json_object_set_object_member (result, "team", team);
}

static JsonArray *
items_of (PGresult *res, GError **error)
{
  g_autoptr (JsonArray) items = json_array_new ();
  for (int row = 0; row < PQntuples (res); row++)
    {
      JsonNode *item = ep_plan_parse_document (ep_db_get_text (res, row, "item"), error);
      if (item == NULL)
        return NULL;
      json_array_add_element (items, item);
    }
  return g_steal_pointer (&items);
}

static void
finish_levels (JsonObject *result, JsonArray *items)
{
  gint64 up = 0, down = 0, rejected = 0, waiting = 0;
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      const gchar *status = json_object_get_string_member (item, "status");
      gboolean op = strcmp (json_object_get_string_member (item, "richting"), "op") == 0;
      if (strcmp (status, "afgewezen") == 0)
        rejected++;
      else if (strcmp (status, "aangevraagd") == 0)
        waiting++;
      else if (op)
        up++;
      else
        down++;
    }
  json_object_set_int_member (result, "opgeschaald", up);
  json_object_set_int_member (result, "afgeschaald", down);
  json_object_set_int_member (result, "afgewezen", rejected);
  json_object_set_int_member (result, "in_afwachting", waiting);
}

/* {"1": …, "4": …} of whole days from @seconds (never negative; rounded, half up: in integers,
 * so that plans/ needs no libm, which the programs that link it do not name). */
static JsonObject *
days_of (const gint64 seconds[EP_PLAN_LEVEL_MAX + 1])
{
  JsonObject *days = json_object_new ();
  for (gint level = EP_PLAN_LEVEL_MIN; level <= EP_PLAN_LEVEL_MAX; level++)
    {
      gchar key[2] = { (gchar) ('0' + level), '\0' };
      json_object_set_int_member (days, key, (seconds[level] + 43200) / 86400);
    }
  return days;
}

static void
finish_time (JsonObject *result, JsonArray *items)
{
  gint64 total[EP_PLAN_LEVEL_MAX + 1] = { 0 };
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      JsonObject *seconds = json_object_get_object_member (item, "seconden");
      gint64 own[EP_PLAN_LEVEL_MAX + 1] = { 0 };
      for (gint level = EP_PLAN_LEVEL_MIN; level <= EP_PLAN_LEVEL_MAX; level++)
        {
          gchar key[2] = { (gchar) ('0' + level), '\0' };
          own[level] = json_object_get_int_member (seconds, key);
          total[level] += own[level];
        }
      json_object_set_object_member (item, "dagen", days_of (own));
    }
  JsonObject *sum = json_object_new ();
  JsonObject *seconds = json_object_new ();
  for (gint level = EP_PLAN_LEVEL_MIN; level <= EP_PLAN_LEVEL_MAX; level++)
    {
      gchar key[2] = { (gchar) ('0' + level), '\0' };
      json_object_set_int_member (seconds, key, total[level]);
    }
  json_object_set_object_member (sum, "seconden", seconds);
  json_object_set_object_member (sum, "dagen", days_of (total));
  json_object_set_object_member (result, "totaal", sum);
}

/* The overdue plans grouped by regisseur (rows come ordered by regisseur). */
static JsonArray *
group_overdue (PGresult *res, JsonArray *items)
{
  JsonArray *regisseurs = json_array_new ();
  JsonObject *current = NULL;
  for (int row = 0; row < PQntuples (res); row++)
    {
      const gchar *regisseur = ep_db_get_text (res, row, "regisseur");
      if (current == NULL
          || strcmp (json_object_get_string_member (current, "regisseur"), regisseur) != 0)
        {
          current = json_object_new ();
          json_object_set_string_member (current, "regisseur", regisseur);
          json_object_set_string_member (current, "naam",
                                         ep_db_get_text (res, row, "regisseur_naam"));
          json_object_set_int_member (current, "aantal", 0);
          json_object_set_array_member (current, "plannen", json_array_new ());
          json_array_add_object_element (regisseurs, current);
        }
      json_object_set_int_member (current, "aantal",
                                  json_object_get_int_member (current, "aantal") + 1);
      json_array_add_element (json_object_get_array_member (current, "plannen"),
                              json_node_copy (json_array_get_element (items, (guint) row)));
    }
  return regisseurs;
}

/* NEN 7513: every plan shown, once, in the reading transaction. */
static gboolean
log_shown (PGconn *conn, PGresult *res, GError **error)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) plans = g_ptr_array_new ();
  g_autoptr (GPtrArray) households = g_ptr_array_new ();
  g_autoptr (GPtrArray) reasons = g_ptr_array_new ();
  for (int row = 0; row < PQntuples (res); row++)
    {
      const gchar *plan = ep_db_get_text (res, row, "plan_id");
      if (!g_hash_table_add (seen, (gpointer) plan))
        continue;
      g_ptr_array_add (plans, (gpointer) plan);
      g_ptr_array_add (households, (gpointer) ep_db_get_text (res, row, "household_id"));
      g_ptr_array_add (reasons, ep_db_is_null (res, row, "emergency_reason")
                                  ? NULL
                                  : (gpointer) ep_db_get_text (res, row, "emergency_reason"));
    }
  /* Those shown by an emergency access: as such, with its reason (migration 0008). */
  return ep_plan_store_log_shown (conn, (const gchar *const *) plans->pdata,
                                  (const gchar *const *) households->pdata,
                                  (const gchar *const *) reasons->pdata, plans->len, error);
}

/* ---- the frame -------------------------------------------------------------------------- */

static gboolean
view_body (PGconn *conn, gpointer user_data, GError **error)
{
  ViewJob *job = user_data;
  g_clear_pointer (&job->result, json_object_unref);
  gboolean supervisor = g_strcmp0 (job->ctx->actor_role, "supervisor") == 0;
  if (!supervisor
      && !(job->view == VIEW_OVERDUE && g_strcmp0 (job->ctx->actor_role, "regisseur") == 0))
    return ep_plan_fail_at (error, EP_PLAN_ERROR_NOT_SUPERVISOR, "rol",
                            "alleen een supervisor ziet de regie op regie%s",
                            job->view == VIEW_OVERDUE ? " (een regisseur: de eigen plannen)" : "");
  g_autoptr (PGresult) who = ep_db_exec_prepared (
    conn, "ep_plan_supervise_who",
    "SELECT u.team_id, t.naam FROM app_user u"
    "  LEFT JOIN team t ON t.gemeente = u.gemeente AND t.id = u.team_id"
    " WHERE u.gemeente = current_gemeente () AND u.username = current_actor ()",
    NULL, PGRES_TUPLES_OK, 0, "find the team", error);
  if (who == NULL)
    return FALSE;
  if (supervisor && (PQntuples (who) == 0 || ep_db_is_null (who, 0, "team_id")))
    return ep_plan_fail_at (error, EP_PLAN_ERROR_OTHER_TEAM, "team",
                            "u hoort bij geen team: een supervisor ziet de plannen van het eigen "
                            "team");
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, supervisor ? ep_db_get_text (who, 0, "team_id") : NULL);
  ep_db_params_add_text (params, job->now);
  ep_db_params_add_text (params, job->today);
  ep_db_params_add_text (params, job->van != NULL ? job->van : job->today);
  ep_db_params_add_text (params, job->tot != NULL ? job->tot : job->today);
  g_autoptr (PGresult) res
    = ep_db_exec_prepared (conn, view_name[job->view], view_sql[job->view], params, PGRES_TUPLES_OK,
                           0, "read the team's plans", error);
  if (res == NULL)
    return FALSE;
  g_autoptr (JsonArray) items = items_of (res, error);
  if (items == NULL || !log_shown (conn, res, error))
    return FALSE;

  job->result = json_object_new ();
  if (supervisor)
    set_team (job->result, who);
  else
    json_object_set_null_member (job->result, "team");
  if (job->view != VIEW_PENDING && job->view != VIEW_OVERDUE)
    {
      json_object_set_string_member (job->result, "van", job->van);
      json_object_set_string_member (job->result, "tot", job->tot);
    }
  switch (job->view)
    {
      case VIEW_PENDING:
        json_object_set_array_member (job->result, "aanvragen", g_steal_pointer (&items));
        break;
      case VIEW_LEVELS:
        finish_levels (job->result, items);
        json_object_set_array_member (job->result, "wijzigingen", g_steal_pointer (&items));
        break;
      case VIEW_TIME:
        finish_time (job->result, items);
        json_object_set_array_member (job->result, "plannen", g_steal_pointer (&items));
        break;
      case VIEW_OVERDUE:
        json_object_set_string_member (job->result, "datum", job->today);
        json_object_set_int_member (job->result, "aantal", PQntuples (res));
        json_object_set_array_member (job->result, "regisseurs", group_overdue (res, items));
        break;
      case VIEW_REGIE:
        json_object_set_string_member (job->result, "datum", job->today);
        json_object_set_array_member (job->result, "plannen", g_steal_pointer (&items));
        break;
    }
  return TRUE;
}

/* A date argument: NULL (when @optional) or YYYY-MM-DD. */
static gboolean
check_date (const gchar *text, const gchar *path, gboolean optional, GError **error)
{
  GDate date;
  if (text == NULL && optional)
    return TRUE;
  if (text == NULL || !ep_date_parse (text, &date, NULL))
    return ep_plan_fail_at (error, EP_PLAN_ERROR_INVALID_VALUE, path,
                            "geen geldige datum (JJJJ-MM-DD)");
  return TRUE;
}

static JsonNode *
run_view (PGconn *conn, const EpDbTxContext *ctx, View view, const gchar *van, const gchar *tot,
          GDateTime *now, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL, NULL);
  gboolean period = view == VIEW_LEVELS || view == VIEW_TIME || view == VIEW_REGIE;
  if (period && (!check_date (van, "van", FALSE, error) || !check_date (tot, "tot", TRUE, error)))
    return NULL;
  g_autoptr (GDateTime) clock = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  g_autoptr (GTimeZone) zone = g_time_zone_new_identifier ("Europe/Amsterdam");
  if (zone == NULL)
    zone = g_time_zone_new_utc ();
  g_autoptr (GDateTime) local = g_date_time_to_timezone (clock, zone);
  ViewJob job = { .ctx = ctx,
                  .view = view,
                  .now = ep_datetime_format (clock),
                  .today = g_date_time_format (local, "%Y-%m-%d"),
                  .van = van };
  job.tot = tot != NULL ? tot : job.today;
  gboolean ok = TRUE;
  if (period && strcmp (job.tot, van) < 0)
    ok = ep_plan_fail_at (error, EP_PLAN_ERROR_INVALID_VALUE, "tot", "ligt vóór het begin (%s)",
                          van);
  EpDbTxContext snapshot = *ctx;
  snapshot.isolation = EP_DB_REPEATABLE_READ;
  ok = ok && ep_db_run_tx (conn, &snapshot, view_body, &job, NULL, error);
  g_free (job.now);
  g_free (job.today);
  if (!ok)
    {
      g_clear_pointer (&job.result, json_object_unref);
      ep_plan_store_map_error (error);
      return NULL;
    }
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, job.result);
  return node;
}

JsonNode *
ep_plan_supervise_pending (PGconn *conn, const EpDbTxContext *ctx, GError **error)
{
  return run_view (conn, ctx, VIEW_PENDING, NULL, NULL, NULL, error);
}

JsonNode *
ep_plan_supervise_levels (PGconn *conn, const EpDbTxContext *ctx, const gchar *van,
                          const gchar *tot, GDateTime *now, GError **error)
{
  return run_view (conn, ctx, VIEW_LEVELS, van, tot, now, error);
}

JsonNode *
ep_plan_supervise_time_at_level (PGconn *conn, const EpDbTxContext *ctx, const gchar *van,
                                 const gchar *tot, GDateTime *now, GError **error)
{
  return run_view (conn, ctx, VIEW_TIME, van, tot, now, error);
}

JsonNode *
ep_plan_supervise_overdue (PGconn *conn, const EpDbTxContext *ctx, GDateTime *now, GError **error)
{
  return run_view (conn, ctx, VIEW_OVERDUE, NULL, NULL, now, error);
}

JsonNode *
ep_plan_supervise_regie (PGconn *conn, const EpDbTxContext *ctx, const gchar *van, const gchar *tot,
                         GDateTime *now, GError **error)
{
  return run_view (conn, ctx, VIEW_REGIE, van, tot, now, error);
}
