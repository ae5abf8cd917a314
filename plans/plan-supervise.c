/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * plan-supervise.c: regie op regie, the supervisor's views (ep-plan-supervise.h): the level
 * requests waiting, escalations and de-escalations in a period, the time at each level, overdue
 * evaluations, and who holds regie of which plan. One frame for all five: who asks (a supervisor
 * and their team; a regisseur for their own overdue evaluations), the clock and the period, the
 * page, one statement over the team's plans that counts and sums in SQL over all of them and
 * builds only the page's items (as jsonb), the access log for the plans on the page. The team's
 * plans are found through its users (app_user_team), their current regie (plan_regie_team_plans)
 * and the plan's key; every part after that by (gemeente, plan_id …) (docs/ladder.md). A cursor
 * is the number of items before the page (ep_plan_check_page()).
 */
#include "ep-plan-supervise.h"
#include "plan-private.h"

#include "ep-access-log.h"
#include "ep-time.h"

#include <string.h>

/* The arguments every view's statement takes ($1 team or NULL for the acting regisseur's own,
 * $2 now, $3 today, $4–$5 the period's dates), with the period as instants, and the plans of the
 * team (or of the regisseur) that the user's shield allows. The shield's rule is
 * household_access_of() (0013), the form of household_access() the planner inlines: called per
 * plan, household_access() was most of a view's time. */
#define TEAM_PLANS                                                                                 \
  "WITH arg AS (SELECT $1::uuid AS team, $2::timestamptz AS now_ts, $3::date AS today,"            \
  "                    $4::date AS van, $5::date AS tot,"                                          \
  "                    $4::date::timestamp AT TIME ZONE 'Europe/Amsterdam' AS van_ts,"             \
  "                    least (($5::date + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam',"          \
  "                           $2::timestamptz) AS tot_ts),"                                        \
  " tp AS (SELECT a.*, p.gemeente, p.id, p.household_id, p.version, p.niveau, p.status,"           \
  "               p.created_at, p.closed_at, p.volgende_evaluatie, r.regisseur,"                   \
  "               r.vanaf AS regie_sinds, u.display_name AS regisseur_naam, ha.access"             \
  "          FROM arg a CROSS JOIN app_user u"                                                     \
  "          JOIN plan_regie r ON r.gemeente = u.gemeente AND r.regisseur = u.username"            \
  "                           AND r.tot IS NULL"                                                   \
  "          JOIN plan p ON p.gemeente = r.gemeente AND p.id = r.plan_id"                          \
  "          CROSS JOIN LATERAL household_access_of (p.household_id) ha"                           \
  "         WHERE u.gemeente = current_gemeente ()"                                                \
  "           AND (u.team_id = a.team OR (a.team IS NULL AND u.username = current_actor ()))"      \
  "           AND ha.access <> 'refused')"

/* The emergency reason of a household shown by an emergency access (its access-log row says so). */
#define EMERGENCY(t)                                                                               \
  "CASE WHEN " t ".access = 'emergency' THEN household_emergency_reason (" t ".household_id)"      \
  " END AS emergency_reason"

/* A paged view: after the view's CTEs "items" (every item of the team, plan_id, household_id and
 * access among their columns) and "summary" (one row: its counts and sums as jsonb), the items
 * that @filter keeps numbered in @order, and one page of them ($6 items after the first $7) as
 * @shown builds them — only those. One row at least: the summary, with the page's items (NULL
 * when it is empty), each with how many @filter kept ("listed"). */
#define PAGED(filter, order, shown)                                                                \
  ", listed AS (SELECT i.*, row_number () OVER (ORDER BY " order ") AS n,"                         \
  "                    count (*) OVER () AS listed FROM items i WHERE " filter ")"                 \
  ", page AS (SELECT * FROM listed WHERE n > $7::bigint AND n <= $7::bigint + $6::bigint)"         \
  " SELECT s.summary::text AS summary, pg.* FROM summary s LEFT JOIN (" shown ") pg ON TRUE"       \
  "  ORDER BY pg.n"

/* A plan's whole seconds at level @l within the period, of its level periods (lp) cut to it. */
#define SECONDS_AT(l)                                                                              \
  " round (coalesce (sum (extract (epoch FROM least (coalesce (lp.tot, tp.tot_ts), tp.tot_ts)"     \
  "                                          - greatest (lp.vanaf, tp.van_ts)))"                   \
  "                  FILTER (WHERE lp.niveau = " #l "), 0))::bigint AS s" #l

#define SHOWN "SELECT page.n, page.listed, page.plan_id, page.household_id, " EMERGENCY ("page") ","

typedef enum
{
  VIEW_PENDING,
  VIEW_LEVELS,
  VIEW_TIME,
  VIEW_OVERDUE,
  VIEW_REGIE,
} View;

static const gchar *const view_sql[] = {
  [VIEW_PENDING] = TEAM_PLANS " SELECT tp.id AS plan_id, tp.household_id, " EMERGENCY (
    "tp") ", jsonb_build_object ("
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
  ", items AS (SELECT tp.id AS plan_id, tp.household_id, tp.access, q.id AS aanvraag_id,"
  "                   q.richting, q.van, q.naar, q.reden, q.status, q.evaluatie_id,"
  "                   q.requested_by, q.requested_at, q.decided_by, q.decided_at, q.besluit_reden"
  "              FROM tp JOIN plan_level_request q ON q.gemeente = tp.gemeente"
  "                                               AND q.plan_id = tp.id"
  "             WHERE q.requested_at >= tp.van_ts AND q.requested_at < tp.tot_ts),"
  " summary AS (SELECT jsonb_build_object ("
  "   'opgeschaald', count (*) FILTER (WHERE status IN ('goedgekeurd', 'doorgevoerd')"
  "                                      AND richting = 'op'),"
  "   'afgeschaald', count (*) FILTER (WHERE status IN ('goedgekeurd', 'doorgevoerd')"
  "                                      AND richting = 'af'),"
  "   'afgewezen', count (*) FILTER (WHERE status = 'afgewezen'),"
  "   'in_afwachting', count (*) FILTER (WHERE status = 'aangevraagd'),"
  "   'aantal', count (*)) AS summary FROM items)" PAGED (
    "TRUE", "i.requested_at, i.aanvraag_id",
    SHOWN " jsonb_build_object ("
          "   'aanvraag_id', page.aanvraag_id, 'plan_id', page.plan_id,"
          "   'household_id', page.household_id, 'richting', page.richting, 'van', page.van,"
          "   'naar', page.naar, 'reden', page.reden, 'status', page.status,"
          "   'evaluatie_id', page.evaluatie_id, 'aangevraagd_door', page.requested_by,"
          "   'aangevraagd_door_naam', (SELECT display_name FROM app_user"
          "                              WHERE gemeente = current_gemeente ()"
          "                                AND username = page.requested_by),"
          "   'aangevraagd_op', plan_utc (page.requested_at), 'besloten_door', page.decided_by,"
          "   'besloten_door_naam', (SELECT display_name FROM app_user"
          "                           WHERE gemeente = current_gemeente ()"
          "                             AND username = page.decided_by),"
          "   'besloten_op', CASE WHEN page.decided_by IS NOT NULL"
          "                       THEN plan_utc (page.decided_at) END,"
          "   'besluit_reden', page.besluit_reden) AS item FROM page"),
  [VIEW_TIME] = TEAM_PLANS
  ", items AS (SELECT tp.id AS plan_id, tp.household_id, tp.access, tp.regisseur, tp.niveau,"
  "                   tp.regisseur_naam, tp.created_at," SECONDS_AT (1) "," SECONDS_AT (
    2) "," SECONDS_AT (3) "," SECONDS_AT (4) "  FROM tp JOIN plan_level_period lp ON lp.gemeente = "
                                             "tp.gemeente"
                                             "                                             AND "
                                             "lp.plan_id = tp.id"
                                             "             WHERE lp.vanaf < tp.tot_ts AND (lp.tot "
                                             "IS NULL OR lp.tot > "
                                             "tp.van_ts)"
                                             "             GROUP BY tp.id, tp.household_id, "
                                             "tp.access, tp.regisseur, "
                                             "tp.niveau,"
                                             "                      tp.regisseur_naam, "
                                             "tp.created_at),"
                                             " summary AS (SELECT jsonb_build_object ('aantal', "
                                             "count (*), "
                                             "'seconden', jsonb_build_object ("
                                             "   '1', coalesce (sum (s1), 0), '2', coalesce (sum "
                                             "(s2), 0), '3', "
                                             "coalesce (sum (s3), 0),"
                                             "   '4', coalesce (sum (s4), 0))) AS summary FROM "
                                             "items)" PAGED (
                                               "TRUE", "i.created_at, i.plan_id",
                                               SHOWN " jsonb_build_object ("
                                                     "   'plan_id', page.plan_id, 'household_id', "
                                                     "page.household_id,"
                                                     "   'regisseur', page.regisseur, "
                                                     "'regisseur_naam', page.regisseur_naam,"
                                                     "   'niveau', page.niveau, "
                                                     "'seconden', jsonb_build_object ("
                                                     "     '1', page.s1, '2', page.s2, '3', "
                                                     "page.s3, '4', page.s4)) "
                                                     "AS item FROM page"),
  [VIEW_OVERDUE] = TEAM_PLANS
  ", items AS (SELECT tp.id AS plan_id, tp.household_id, tp.access, tp.regisseur,"
  "                   tp.regisseur_naam, tp.volgende_evaluatie,"
  "                   tp.today - tp.volgende_evaluatie AS dagen_te_laat, tp.niveau"
  "              FROM tp WHERE tp.status = 'actief' AND tp.volgende_evaluatie < tp.today),"
  " summary AS (SELECT jsonb_build_object ('aantal', (SELECT count (*) FROM items),"
  "   'regisseurs', coalesce ((SELECT jsonb_agg (jsonb_build_object ('regisseur', g.regisseur,"
  "                                               'naam', g.naam, 'aantal', g.n)"
  "                                              ORDER BY g.regisseur)"
  "                              FROM (SELECT regisseur, min (regisseur_naam) AS naam,"
  "                                           count (*) AS n"
  "                                      FROM items GROUP BY regisseur) g),"
  "                           '[]')) AS summary)" PAGED (
    "($8::text IS NULL OR i.regisseur = $8::text)", "i.volgende_evaluatie, i.plan_id",
    SHOWN " jsonb_build_object ("
          "   'plan_id', page.plan_id, 'household_id', page.household_id,"
          "   'regisseur', page.regisseur, 'regisseur_naam', page.regisseur_naam,"
          "   'volgende_evaluatie', page.volgende_evaluatie,"
          "   'dagen_te_laat', page.dagen_te_laat, 'niveau', page.niveau) AS item FROM page"),
  [VIEW_REGIE] = TEAM_PLANS
  ", items AS (SELECT tp.id AS plan_id, tp.household_id, tp.access, tp.gemeente, tp.status,"
  "                   tp.regisseur, tp.regisseur_naam, tp.regie_sinds, tp.niveau,"
  "                   tp.volgende_evaluatie, tp.created_at"
  "              FROM tp WHERE tp.created_at < tp.tot_ts"
  "               AND (tp.closed_at IS NULL OR tp.closed_at >= tp.van_ts)),"
  " summary AS (SELECT jsonb_build_object ('aantal', count (*)) AS summary FROM items)" PAGED (
    "TRUE", "i.regisseur, i.created_at, i.plan_id",
    SHOWN " jsonb_build_object ("
          "   'plan_id', page.plan_id, 'household_id', page.household_id, 'status', page.status,"
          "   'regisseur', page.regisseur, 'regisseur_naam', page.regisseur_naam,"
          "   'regie_sinds', page.regie_sinds, 'niveau', page.niveau,"
          "   'niveau_sinds', (SELECT plan_utc (lp.vanaf) FROM plan_level_period lp"
          "                     WHERE lp.gemeente = page.gemeente AND lp.plan_id = page.plan_id"
          "                     ORDER BY lp.position DESC LIMIT 1),"
          "   'volgende_evaluatie', page.volgende_evaluatie,"
          "   'te_laat', page.status = 'actief' AND page.volgende_evaluatie < a.today,"
          "   'evaluaties', ev.n, 'op_tijd', ev.on_time, 'opgeschaald', lv.op,"
          "   'afgeschaald', lv.af) AS item"
          "   FROM page CROSS JOIN arg a"
          "   CROSS JOIN LATERAL (SELECT count (*) AS n,"
          "                              count (*) FILTER (WHERE e.gepland IS NULL"
          "                                                   OR e.datum <= e.gepland) AS on_time"
          "                         FROM plan_evaluation e"
          "                        WHERE e.gemeente = page.gemeente AND e.plan_id = page.plan_id"
          "                          AND e.datum BETWEEN a.van AND a.tot) ev"
          "   CROSS JOIN LATERAL (SELECT count (*) FILTER (WHERE q.richting = 'op') AS op,"
          "                              count (*) FILTER (WHERE q.richting = 'af') AS af"
          "                         FROM plan_level_request q"
          "                        WHERE q.gemeente = page.gemeente AND q.plan_id = page.plan_id"
          "                          AND q.status IN ('goedgekeurd', 'doorgevoerd')"
          "                          AND q.decided_at >= a.van_ts AND q.decided_at < a.tot_ts) lv"),
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
  const gchar *regisseur; /* the overdue plans listed: only this regisseur's; NULL: all */
  guint limit;
  gint64 from;
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

/* The items of @res's rows (a paged view's one row of an empty page has none). */
static JsonArray *
items_of (PGresult *res, GError **error)
{
  g_autoptr (JsonArray) items = json_array_new ();
  for (int row = 0; row < PQntuples (res); row++)
    {
      if (ep_db_is_null (res, row, "item"))
        continue;
      JsonNode *item = ep_plan_parse_document (ep_db_get_text (res, row, "item"), error);
      if (item == NULL)
        return NULL;
      json_array_add_element (items, item);
    }
  return g_steal_pointer (&items);
}

/* {"1": …, "4": …} of whole days from @seconds (never negative; rounded, half up: in integers,
 * so that plans/ needs no libm, which the programs that link it do not name). */
static JsonObject *
days_of (JsonObject *seconds)
{
  JsonObject *days = json_object_new ();
  for (gint level = EP_PLAN_LEVEL_MIN; level <= EP_PLAN_LEVEL_MAX; level++)
    {
      gchar key[2] = { (gchar) ('0' + level), '\0' };
      json_object_set_int_member (days, key,
                                  (json_object_get_int_member (seconds, key) + 43200) / 86400);
    }
  return days;
}

/* Each plan's days and the team's {seconden, dagen} from the summary's seconds. */
static void
finish_time (JsonObject *result, JsonObject *summary, JsonArray *items)
{
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      json_object_set_object_member (item, "dagen",
                                     days_of (json_object_get_object_member (item, "seconden")));
    }
  JsonObject *sum = json_object_new ();
  JsonObject *seconds = json_object_get_object_member (summary, "seconden");
  json_object_set_object_member (sum, "seconden", json_object_ref (seconds));
  json_object_set_object_member (sum, "dagen", days_of (seconds));
  json_object_set_object_member (result, "totaal", sum);
}

/* The members @names (NULL-terminated) of @summary into @result, in that order. */
static void
copy_members (JsonObject *result, JsonObject *summary, const gchar *const *names)
{
  for (; *names != NULL; names++)
    json_object_set_member (result, *names,
                            json_node_copy (json_object_get_member (summary, *names)));
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
      if (ep_db_is_null (res, row, "plan_id"))
        continue;
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

/* A paged view's summary members, its list and next_cursor (the items after this page, if any). */
static gboolean
finish_paged (ViewJob *job, PGresult *res, JsonArray *items, GError **error)
{
  static const gchar *const levels[]
    = { "opgeschaald", "afgeschaald", "afgewezen", "in_afwachting", "aantal", NULL };
  static const gchar *const overdue[] = { "aantal", "regisseurs", NULL };
  static const gchar *const count[] = { "aantal", NULL };
  g_autoptr (JsonNode) node = ep_plan_parse_document (ep_db_get_text (res, 0, "summary"), error);
  if (node == NULL)
    return FALSE;
  JsonObject *summary = json_node_get_object (node);
  const gchar *list = "plannen";
  switch (job->view)
    {
      case VIEW_LEVELS:
        copy_members (job->result, summary, levels);
        list = "wijzigingen";
        break;
      case VIEW_TIME:
        copy_members (job->result, summary, count);
        finish_time (job->result, summary, items);
        break;
      case VIEW_OVERDUE:
        copy_members (job->result, summary, overdue);
        break;
      case VIEW_PENDING:
      case VIEW_REGIE:
        copy_members (job->result, summary, count);
        break;
    }
  guint shown = json_array_get_length (items);
  json_object_set_array_member (job->result, list, json_array_ref (items));
  gint64 listed = shown > 0 ? g_ascii_strtoll (ep_db_get_text (res, 0, "listed"), NULL, 10) : 0;
  if (shown > 0 && job->from + shown < listed)
    {
      g_autofree gchar *next = g_strdup_printf ("%" G_GINT64_FORMAT, job->from + shown);
      json_object_set_string_member (job->result, "next_cursor", next);
    }
  else
    json_object_set_null_member (job->result, "next_cursor");
  return TRUE;
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
  /* With the team, JIT goes off for this transaction: the planner prices a team's thousands of
   * plans above jit_above_cost, and compiling the view's statement cost more than running it
   * (EXPLAIN over the benchmark's teams: the time view 110 → 187 ms with JIT; docs/ladder.md). */
  g_autoptr (PGresult) who = ep_db_exec_prepared (
    conn, "ep_plan_supervise_who",
    "SELECT u.team_id, t.naam FROM (SELECT set_config ('jit', 'off', true)) j"
    "  CROSS JOIN app_user u"
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
  if (job->view != VIEW_PENDING)
    {
      ep_db_params_add_int64 (params, job->limit);
      ep_db_params_add_int64 (params, job->from);
    }
  if (job->view == VIEW_OVERDUE)
    ep_db_params_add_text (params, job->regisseur);
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
  if (job->view == VIEW_OVERDUE || job->view == VIEW_REGIE)
    json_object_set_string_member (job->result, "datum", job->today);
  if (job->view == VIEW_PENDING)
    {
      json_object_set_array_member (job->result, "aanvragen", g_steal_pointer (&items));
      return TRUE;
    }
  return finish_paged (job, res, items, error);
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
          const gchar *regisseur, const EpPlanPage *page, GDateTime *now, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL, NULL);
  gboolean period = view == VIEW_LEVELS || view == VIEW_TIME || view == VIEW_REGIE;
  if (period && (!check_date (van, "van", FALSE, error) || !check_date (tot, "tot", TRUE, error)))
    return NULL;
  ViewJob job = { .ctx = ctx, .view = view, .van = van, .regisseur = regisseur };
  if (!ep_plan_check_page (page, &job.limit, &job.from, error))
    return NULL;
  g_autoptr (GDateTime) clock = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  g_autoptr (GTimeZone) zone = g_time_zone_new_identifier ("Europe/Amsterdam");
  if (zone == NULL)
    zone = g_time_zone_new_utc ();
  g_autoptr (GDateTime) local = g_date_time_to_timezone (clock, zone);
  job.now = ep_datetime_format (clock);
  job.today = g_date_time_format (local, "%Y-%m-%d");
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
  return run_view (conn, ctx, VIEW_PENDING, NULL, NULL, NULL, NULL, NULL, error);
}

JsonNode *
ep_plan_supervise_levels (PGconn *conn, const EpDbTxContext *ctx, const gchar *van,
                          const gchar *tot, const EpPlanPage *page, GDateTime *now, GError **error)
{
  return run_view (conn, ctx, VIEW_LEVELS, van, tot, NULL, page, now, error);
}

JsonNode *
ep_plan_supervise_time_at_level (PGconn *conn, const EpDbTxContext *ctx, const gchar *van,
                                 const gchar *tot, const EpPlanPage *page, GDateTime *now,
                                 GError **error)
{
  return run_view (conn, ctx, VIEW_TIME, van, tot, NULL, page, now, error);
}

JsonNode *
ep_plan_supervise_overdue (PGconn *conn, const EpDbTxContext *ctx, const gchar *regisseur,
                           const EpPlanPage *page, GDateTime *now, GError **error)
{
  return run_view (conn, ctx, VIEW_OVERDUE, NULL, NULL, regisseur, page, now, error);
}

JsonNode *
ep_plan_supervise_regie (PGconn *conn, const EpDbTxContext *ctx, const gchar *van, const gchar *tot,
                         const EpPlanPage *page, GDateTime *now, GError **error)
{
  return run_view (conn, ctx, VIEW_REGIE, van, tot, NULL, page, now, error);
}
