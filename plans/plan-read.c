/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * plan-read.c: the reads of the household plan (ep-plan.h): the plan as PostgreSQL builds it
 * (plan_document(), one statement), a version's document, the versions, the difference of two
 * versions (plan-diff.c), and the werkbak's lists: each one REPEATABLE READ transaction held to the
 * household's shield (plan-store.c) with its access-log rows. And the figures a loader counts,
 * which read no one's data.
 */
#include "plan-private.h"

#include "ep-access-log.h"

#include <string.h>

typedef struct
{
  const EpDbTxContext *ctx;
  const gchar *household_id;
  gint versions[2];
  guint n_versions; /* 0: the plan now; 1 or 2: those versions */
  const EpPlanPage *page;
  guint limit;
  gint64 from;
  JsonNode *result;
  gchar *next;
  gboolean refused;
} ReadJob;

static void
read_job_reset (ReadJob *job)
{
  g_clear_pointer (&job->result, json_node_unref);
  g_clear_pointer (&job->next, g_free);
  job->refused = FALSE;
}

/* The page asked for: its size and where it starts (ep_plan_check_page()). */
static gboolean
check_page (const EpPlanPage *page, ReadJob *job, GError **error)
{
  job->page = page;
  return ep_plan_check_page (page, &job->limit, &job->from, error);
}

static gboolean
plan_body (PGconn *conn, gpointer user_data, GError **error)
{
  ReadJob *job = user_data;
  read_job_reset (job);
  g_autofree gchar *plan_id = NULL;
  gint version = 0;
  g_autofree gchar *emergency = NULL;
  if (!ep_plan_store_find_for_read (conn, job->ctx, job->household_id, &plan_id, &version,
                                    &emergency, &job->refused, error))
    return FALSE;
  if (job->refused)
    return TRUE;

  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, plan_id);
  g_autoptr (PGresult) res = NULL;
  if (job->n_versions == 0)
    res = ep_db_exec_prepared (conn, "ep_plan_document", "SELECT plan_document ($1::uuid)", params,
                               PGRES_TUPLES_OK, 0, "read the plan", error);
  else
    {
      ep_db_params_add_int64 (params, job->versions[0]);
      ep_db_params_add_int64 (params, job->n_versions > 1 ? job->versions[1] : job->versions[0]);
      res = ep_db_exec_prepared (
        conn, "ep_plan_version_documents",
        "SELECT w.n, v.document FROM unnest (ARRAY[$2::integer, $3::integer]) WITH ORDINALITY"
        "       AS w (version, n)"
        "  LEFT JOIN plan_version v ON v.gemeente = current_gemeente () AND v.plan_id = $1::uuid"
        "        AND v.version = w.version ORDER BY w.n",
        params, PGRES_TUPLES_OK, 0, "read versions of the plan", error);
    }
  if (res == NULL)
    return FALSE;
  if (job->n_versions == 0)
    job->result = ep_plan_parse_document (PQgetvalue (res, 0, 0), error);
  else
    {
      static const gchar *const paths[][2] = { { "versie", "versie" }, { "van", "naar" } };
      JsonNode *documents[2] = { NULL, NULL };
      for (guint i = 0; i < job->n_versions; i++)
        {
          if (PQgetisnull (res, (int) i, 1))
            {
              for (guint j = 0; j < i; j++)
                json_node_unref (documents[j]);
              return ep_plan_fail_at (error, EP_PLAN_ERROR_NOT_FOUND, paths[job->n_versions - 1][i],
                                      "het plan heeft geen versie %d", job->versions[i]);
            }
          documents[i] = ep_plan_parse_document (PQgetvalue (res, (int) i, 1), NULL);
        }
      if (job->n_versions == 1)
        job->result = documents[0];
      else
        {
          JsonObject *diff = json_object_new ();
          json_object_set_int_member (diff, "van", job->versions[0]);
          json_object_set_int_member (diff, "naar", job->versions[1]);
          json_object_set_member (diff, "wijzigingen", ep_plan_diff (documents[0], documents[1]));
          json_node_unref (documents[0]);
          json_node_unref (documents[1]);
          job->result = json_node_new (JSON_NODE_OBJECT);
          json_node_take_object (job->result, diff);
        }
    }
  if (job->result == NULL)
    return FALSE;
  return ep_plan_store_log_read (conn, plan_id, job->household_id, emergency, error);
}

static JsonNode *
read_plan (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id, guint n_versions,
           gint first, gint second, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL, NULL);
  if (!ep_plan_check_id (household_id, "household_id", error))
    return NULL;
  ReadJob job = { .ctx = ctx,
                  .household_id = household_id,
                  .n_versions = n_versions,
                  .versions = { first, second } };
  if (!ep_plan_store_run_read (conn, ctx, plan_body, &job, &job.refused, error))
    {
      read_job_reset (&job);
      return NULL;
    }
  return job.result;
}

JsonNode *
ep_plan_read (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id, GError **error)
{
  return read_plan (conn, ctx, household_id, 0, 0, 0, error);
}

JsonNode *
ep_plan_read_version (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                      gint version, GError **error)
{
  if (version < 1)
    {
      ep_plan_fail_at (error, EP_PLAN_ERROR_NOT_FOUND, "versie", "een versie is 1 of hoger");
      return NULL;
    }
  return read_plan (conn, ctx, household_id, 1, version, 0, error);
}

JsonNode *
ep_plan_diff_versions (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id, gint van,
                       gint naar, GError **error)
{
  if (van < 1 || naar < 1)
    {
      ep_plan_fail_at (error, EP_PLAN_ERROR_NOT_FOUND, van < 1 ? "van" : "naar",
                       "een versie is 1 of hoger");
      return NULL;
    }
  return read_plan (conn, ctx, household_id, 2, van, naar, error);
}

/* The rows of @res, each a JSON object in column "item", as an array; *@next set when there are
 * more than @limit. Returns: (transfer full), or NULL with an error. */
static JsonNode *
items_of (const PGresult *res, ReadJob *job, GError **error)
{
  JsonArray *items = json_array_new ();
  guint n = MIN ((guint) PQntuples (res), job->limit);
  for (guint row = 0; row < n; row++)
    {
      JsonNode *item = ep_plan_parse_document (ep_db_get_text (res, (int) row, "item"), error);
      if (item == NULL)
        {
          json_array_unref (items);
          return NULL;
        }
      json_array_add_element (items, item);
    }
  if ((guint) PQntuples (res) > job->limit)
    job->next = g_strdup_printf ("%" G_GINT64_FORMAT, job->from + job->limit);
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (node, items);
  return node;
}

static gboolean
versions_body (PGconn *conn, gpointer user_data, GError **error)
{
  ReadJob *job = user_data;
  read_job_reset (job);
  g_autofree gchar *plan_id = NULL;
  gint version = 0;
  g_autofree gchar *emergency = NULL;
  if (!ep_plan_store_find_for_read (conn, job->ctx, job->household_id, &plan_id, &version,
                                    &emergency, &job->refused, error))
    return FALSE;
  if (job->refused)
    return TRUE;
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, plan_id);
  ep_db_params_add_int64 (params, job->from);
  ep_db_params_add_int64 (params, job->limit + 1);
  g_autoptr (PGresult) res = ep_db_exec_prepared (
    conn, "ep_plan_versions",
    "SELECT jsonb_build_object ('versie', v.version, 'op', plan_utc (v.made_at), 'door', v.made_by,"
    "         'naam', u.display_name, 'reden', v.reden,"
    "         'akkoord', CASE WHEN v.akkoord_datum IS NOT NULL THEN jsonb_build_object ("
    "           'datum', v.akkoord_datum, 'wijze', v.akkoord_wijze, 'door', v.akkoord_door,"
    "           'op', plan_utc (v.akkoord_op)) END) AS item"
    "  FROM plan_version v"
    "  LEFT JOIN app_user u ON u.gemeente = v.gemeente AND u.username = v.made_by"
    " WHERE v.gemeente = current_gemeente () AND v.plan_id = $1::uuid"
    " ORDER BY v.version DESC OFFSET $2 LIMIT $3",
    params, PGRES_TUPLES_OK, 0, "list the plan's versions", error);
  if (res == NULL)
    return FALSE;
  job->result = items_of (res, job, error);
  return job->result != NULL
         && ep_plan_store_log_read (conn, plan_id, job->household_id, emergency, error);
}

JsonNode *
ep_plan_versions (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                  const EpPlanPage *page, gchar **next_cursor, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL, NULL);
  ReadJob job = { .ctx = ctx, .household_id = household_id };
  if (!ep_plan_check_id (household_id, "household_id", error) || !check_page (page, &job, error))
    return NULL;
  if (!ep_plan_store_run_read (conn, ctx, versions_body, &job, &job.refused, error))
    {
      read_job_reset (&job);
      return NULL;
    }
  if (next_cursor != NULL)
    *next_cursor = g_steal_pointer (&job.next);
  g_free (job.next);
  return job.result;
}

/* ---- the werkbak ------------------------------------------------------------------------ */

/* The active plans the acting user is regisseur or aanspreekpunt of, that their shield allows. */
#define MY_PLANS                                                                                   \
  "mine AS (SELECT p.gemeente, p.id, p.household_id, p.version, p.aanspreekpunt, p.created_at,"    \
  "                r.regisseur, household_access (p.household_id) AS access"                       \
  "           FROM plan p JOIN plan_regie r ON r.gemeente = p.gemeente AND r.plan_id = p.id"       \
  "                                        AND r.tot IS NULL"                                      \
  "          WHERE p.gemeente = current_gemeente () AND p.status = 'actief'"                       \
  "            AND (r.regisseur = current_actor () OR p.aanspreekpunt = current_actor ())"         \
  "            AND household_access (p.household_id) <> 'refused')"

/* The reason of the emergency access a plan of MY_PLANS is shown by; NULL: none. */
#define EMERGENCY_REASON                                                                           \
  "CASE WHEN m.access = 'emergency' THEN household_emergency_reason (m.household_id) END"          \
  " AS emergency_reason"

/* A need of plan p that is open and that no open goal links. */
#define OPEN_NEED(pn)                                                                              \
  pn ".status IN ('open', 'in_behandeling') AND NOT EXISTS ("                                      \
     " SELECT FROM plan_goal_need gn JOIN plan_goal g ON g.gemeente = gn.gemeente"                 \
     "    AND g.plan_id = gn.plan_id AND g.id = gn.goal_id"                                        \
     "  WHERE gn.gemeente = " pn ".gemeente AND gn.plan_id = " pn ".plan_id AND gn.need_id = " pn  \
     ".id AND g.status = 'open')"

static const gchar *const list_sql[] = {
  "WITH " MY_PLANS " SELECT m.id AS plan_id, m.household_id, " EMERGENCY_REASON
  ", jsonb_build_object ("
  "   'plan_id', m.id, 'household_id', m.household_id, 'version', m.version,"
  "   'regisseur', m.regisseur, 'aanspreekpunt', m.aanspreekpunt,"
  "   'rollen', to_jsonb (array_remove (ARRAY["
  "       CASE WHEN m.regisseur = current_actor () THEN 'regisseur' END,"
  "       CASE WHEN m.aanspreekpunt = current_actor () THEN 'aanspreekpunt' END], NULL)),"
  "   'open_hulpvragen', (SELECT count(*) FROM plan_need pn WHERE pn.gemeente = m.gemeente"
  "                          AND pn.plan_id = m.id AND " OPEN_NEED (
    "pn") "),"
          "   'created_at', plan_utc (m.created_at)) AS item"
          "  FROM mine m ORDER BY m.created_at, m.id OFFSET $1 LIMIT $2",
  "WITH " MY_PLANS " SELECT m.id AS plan_id, m.household_id, " EMERGENCY_REASON
  ", jsonb_build_object ("
  "   'plan_id', m.id, 'household_id', m.household_id, 'id', pn.id, 'lid', ip.person_id,"
  "   'leefgebied', n.leefgebied, 'omschrijving', n.omschrijving, 'urgentie', n.urgentie,"
  "   'status', pn.status, 'wet', pn.wet) AS item"
  "  FROM mine m"
  "  JOIN plan_need pn ON pn.gemeente = m.gemeente AND pn.plan_id = m.id"
  "  JOIN intake_need n ON n.gemeente = pn.gemeente AND n.id = pn.intake_need_id"
  "  JOIN intake i ON i.gemeente = n.gemeente AND i.id = n.intake_id"
  "  JOIN intake_person ip ON ip.gemeente = n.gemeente AND ip.intake_id = n.intake_id"
  "                       AND ip.ref = n.person_ref"
  " WHERE " OPEN_NEED ("pn") " ORDER BY m.created_at, m.id, i.datum, i.created_at, i.id, "
                             "n.position OFFSET $1 LIMIT $2",
};

typedef struct
{
  ReadJob read;
  guint which; /* 0: plans, 1: open needs */
} ListJob;

static gboolean
list_body (PGconn *conn, gpointer user_data, GError **error)
{
  ListJob *job = user_data;
  read_job_reset (&job->read);
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_int64 (params, job->read.from);
  ep_db_params_add_int64 (params, job->read.limit + 1);
  g_autoptr (PGresult) res = ep_db_exec_prepared (
    conn, job->which == 0 ? "ep_plan_list_mine" : "ep_plan_open_needs_mine", list_sql[job->which],
    params, PGRES_TUPLES_OK, 0, "list my plans", error);
  if (res == NULL)
    return FALSE;
  job->read.result = items_of (res, &job->read, error);
  if (job->read.result == NULL)
    return FALSE;
  guint n = MIN ((guint) PQntuples (res), job->read.limit);
  g_autofree const gchar **plans = g_new0 (const gchar *, n + 1);
  g_autofree const gchar **households = g_new0 (const gchar *, n + 1);
  g_autofree const gchar **reasons = g_new0 (const gchar *, n + 1);
  for (guint row = 0; row < n; row++)
    {
      plans[row] = ep_db_get_text (res, (int) row, "plan_id");
      households[row] = ep_db_get_text (res, (int) row, "household_id");
      if (!ep_db_is_null (res, (int) row, "emergency_reason"))
        reasons[row] = ep_db_get_text (res, (int) row, "emergency_reason");
    }
  return ep_plan_store_log_shown (conn, plans, households, reasons, n, error);
}

static JsonNode *
list_mine (PGconn *conn, const EpDbTxContext *ctx, guint which, const EpPlanPage *page,
           gchar **next_cursor, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL, NULL);
  ListJob job = { .read = { .ctx = ctx }, .which = which };
  if (!check_page (page, &job.read, error))
    return NULL;
  if (!ep_plan_store_run_read (conn, ctx, list_body, &job, &job.read.refused, error))
    {
      read_job_reset (&job.read);
      return NULL;
    }
  if (next_cursor != NULL)
    *next_cursor = g_steal_pointer (&job.read.next);
  g_free (job.read.next);
  return job.read.result;
}

JsonNode *
ep_plan_list_mine (PGconn *conn, const EpDbTxContext *ctx, const EpPlanPage *page,
                   gchar **next_cursor, GError **error)
{
  return list_mine (conn, ctx, 0, page, next_cursor, error);
}

JsonNode *
ep_plan_open_needs_mine (PGconn *conn, const EpDbTxContext *ctx, const EpPlanPage *page,
                         gchar **next_cursor, GError **error)
{
  return list_mine (conn, ctx, 1, page, next_cursor, error);
}

/* ---- figures ---------------------------------------------------------------------------- */

static gboolean
count_body (PGconn *conn, gpointer user_data, GError **error)
{
  EpPlanCounts *counts = user_data;
  g_autoptr (PGresult) res = ep_db_exec_prepared (
    conn, "ep_plan_count",
    "SELECT (SELECT count(*) FROM plan WHERE gemeente = current_gemeente ()) AS plans,"
    "       count(*) AS versions, count(*) FILTER (WHERE akkoord_datum IS NOT NULL) AS agreed"
    "  FROM plan_version WHERE gemeente = current_gemeente ()",
    NULL, PGRES_TUPLES_OK, 0, "count the plans", error);
  if (res == NULL)
    return FALSE;
  counts->plans = ep_db_get_int64 (res, 0, "plans", 0);
  counts->versions = ep_db_get_int64 (res, 0, "versions", 0);
  counts->agreed = ep_db_get_int64 (res, 0, "agreed", 0);
  return TRUE;
}

gboolean
ep_plan_count (PGconn *conn, const EpDbTxContext *ctx, EpPlanCounts *counts, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL && counts != NULL, FALSE);
  *counts = (EpPlanCounts){ 0 };
  return ep_db_run_tx (conn, ctx, count_body, counts, NULL, error);
}
