/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * plan-evaluation.c: recording an evaluation of the household plan (ep_plan_evaluate(),
 * ep-plan.h): the date and the date it was due, the outcome per goal (the goal's status follows),
 * ZRM re-scores where relevant, the decision and the next evaluation date. The body is checked
 * here (plan-body.c, and the rules across its items); the write runs through
 * ep_plan_store_write() (plan-store.c) as one transaction with its version and audit event. The
 * ZRM change since the intake is PostgreSQL's to compute (plan_zrm_change(), migration 0011).
 */
#include "plan-private.h"

#include <string.h>

#define N(fields) G_N_ELEMENTS (fields)

static PGresult *
run (PGconn *conn, const gchar *name, const gchar *sql, EpDbParams *params, GError **error)
{
  return ep_db_exec_prepared (conn, name, sql, params, PGRES_TUPLES_OK, 0, name, error);
}

/* The items of array member @list whose @a (and @b, when not NULL) repeat an earlier item's:
 * FALSE with EP_PLAN_ERROR_RULE at @list[i] (@path_member appended when not NULL). */
static gboolean
check_unique (JsonNode *body, const gchar *list, const gchar *a, const gchar *b,
              const gchar *path_member, GError **error)
{
  JsonNode *node = json_object_get_member (json_node_get_object (body), list);
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return TRUE;
  JsonArray *items = json_node_get_array (node);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      g_autofree gchar *pair
        = g_strconcat (json_object_get_string_member (item, a), "/",
                       b != NULL ? json_object_get_string_member (item, b) : "", NULL);
      g_autofree gchar *key = g_ascii_strdown (pair, -1);
      if (!g_hash_table_add (seen, g_steal_pointer (&key)))
        {
          g_autofree gchar *path = path_member != NULL
                                     ? g_strdup_printf ("%s[%u].%s", list, i, path_member)
                                     : g_strdup_printf ("%s[%u]", list, i);
          return ep_plan_fail_at (error, EP_PLAN_ERROR_RULE, path, "staat er al eerder in");
        }
    }
  return TRUE;
}

typedef struct
{
  JsonNode *body;
  gchar *evaluation_id;
} EvaluateJob;

static gboolean
evaluate_change (PGconn *conn, EpPlanWrite *write, gpointer data, GError **error)
{
  EvaluateJob *job = data;
  JsonNode *b = job->body;
  g_autofree gchar *doelen = ep_plan_body_json (b, "doelen");
  g_autofree gchar *zrm = ep_plan_body_json (b, "zrm");
  const gchar *datum = ep_plan_body_text (b, "datum");

  /* The first goal that is not of this plan, the first member who is not a current member of the
   * household, and whether the date lies after today (Amsterdam's, whatever the server's zone). */
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, write->id);
  ep_db_params_add_text (params, write->household_id);
  ep_db_params_add_text (params, doelen != NULL ? doelen : "[]");
  ep_db_params_add_text (params, zrm != NULL ? zrm : "[]");
  ep_db_params_add_text (params, datum);
  g_autoptr (PGresult) checked = run (
    conn, "ep_plan_evaluation_check",
    "SELECT (SELECT min (x.ord) - 1 FROM jsonb_array_elements ($3::jsonb) WITH ORDINALITY x (d, "
    "ord)"
    "         WHERE NOT EXISTS (SELECT FROM plan_goal g WHERE g.gemeente = current_gemeente ()"
    "                             AND g.plan_id = $1::uuid"
    "                             AND g.id = (x.d ->> 'doel_id')::uuid)) AS bad_goal,"
    "       (SELECT min (x.ord) - 1 FROM jsonb_array_elements ($4::jsonb) WITH ORDINALITY x (d, "
    "ord)"
    "         WHERE NOT EXISTS (SELECT FROM household_member hm"
    "                            WHERE hm.gemeente = current_gemeente ()"
    "                              AND hm.household_id = $2::uuid AND hm.valid_to IS NULL"
    "                              AND hm.person_id = (x.d ->> 'lid')::uuid)) AS bad_member,"
    "       $5::date > (now () AT TIME ZONE 'Europe/Amsterdam')::date AS future",
    params, error);
  if (checked == NULL)
    return FALSE;
  if (!ep_db_is_null (checked, 0, "bad_goal"))
    {
      g_autofree gchar *path = g_strdup_printf ("doelen[%" G_GINT64_FORMAT "].doel_id",
                                                ep_db_get_int64 (checked, 0, "bad_goal", 0));
      return ep_plan_fail_at (error, EP_PLAN_ERROR_RULE, path, "geen doel van dit plan");
    }
  if (!ep_db_is_null (checked, 0, "bad_member"))
    {
      g_autofree gchar *path = g_strdup_printf ("zrm[%" G_GINT64_FORMAT "].lid",
                                                ep_db_get_int64 (checked, 0, "bad_member", 0));
      return ep_plan_fail_at (error, EP_PLAN_ERROR_RULE, path,
                              "geen huidig lid van dit huishouden");
    }
  if (ep_db_get_bool (checked, 0, "future"))
    return ep_plan_fail_at (error, EP_PLAN_ERROR_RULE, "datum",
                            "moet vandaag of eerder zijn: een evaluatie wordt vastgelegd als ze "
                            "gehouden is, niet vooraf");

  g_autoptr (EpDbParams) insert = ep_db_params_new ();
  ep_db_params_add_text (insert, write->id);
  ep_db_params_add_text (insert, datum);
  ep_db_params_add_text (insert, ep_plan_body_text (b, "besluit"));
  ep_db_params_add_text (insert, ep_plan_body_text (b, "toelichting"));
  ep_db_params_add_text (insert, ep_plan_body_text (b, "volgende_evaluatie"));
  ep_db_params_add_text (insert, doelen != NULL ? doelen : "[]");
  ep_db_params_add_text (insert, zrm != NULL ? zrm : "[]");
  /* One statement: the evaluation (with the date it was due, the plan's next date as it stood),
   * its outcomes and scores, the goals' statuses and the plan's next date. Every part sees the
   * statement's snapshot; the foreign keys are checked at its end. */
  g_autoptr (PGresult) made = run (
    conn, "ep_plan_evaluate",
    "WITH e AS (INSERT INTO plan_evaluation (gemeente, plan_id, position, datum, gepland, besluit,"
    "                                        toelichting, volgende_evaluatie)"
    "           SELECT current_gemeente (), $1::uuid,"
    "                  (SELECT coalesce (max (position) + 1, 0) FROM plan_evaluation"
    "                    WHERE gemeente = current_gemeente () AND plan_id = $1::uuid),"
    "                  $2::date, p.volgende_evaluatie, $3, btrim ($4), $5::date"
    "             FROM plan p WHERE p.gemeente = current_gemeente () AND p.id = $1::uuid"
    "           RETURNING id),"
    "     goals AS (SELECT (d ->> 'doel_id')::uuid AS goal_id, d ->> 'status' AS status,"
    "                      btrim (d ->> 'uitkomst') AS uitkomst"
    "                 FROM jsonb_array_elements ($6::jsonb) d),"
    "     outcomes AS (INSERT INTO plan_evaluation_goal (gemeente, plan_id, evaluation_id,"
    "                                                    goal_id, status, uitkomst)"
    "                  SELECT current_gemeente (), $1::uuid, e.id, g.goal_id, g.status, g.uitkomst"
    "                    FROM e, goals g RETURNING goal_id),"
    "     statuses AS (UPDATE plan_goal pg SET status = g.status FROM goals g"
    "                   WHERE pg.gemeente = current_gemeente () AND pg.plan_id = $1::uuid"
    "                     AND pg.id = g.goal_id RETURNING pg.id),"
    "     scores AS (INSERT INTO plan_evaluation_score (gemeente, plan_id, evaluation_id,"
    "                                                   person_id, leefgebied, score)"
    "                SELECT current_gemeente (), $1::uuid, e.id, (d ->> 'lid')::uuid,"
    "                       d ->> 'leefgebied', (d ->> 'score')::integer"
    "                  FROM e, jsonb_array_elements ($7::jsonb) d RETURNING person_id),"
    "     next AS (UPDATE plan SET volgende_evaluatie = $5::date"
    "               WHERE gemeente = current_gemeente () AND id = $1::uuid RETURNING id)"
    " SELECT e.id, (SELECT count (*) FROM outcomes) AS goals, (SELECT count (*) FROM scores)"
    "        AS scores, (SELECT count (*) FROM statuses) AS statuses, (SELECT count (*) FROM next)"
    "        AS plans"
    "   FROM e",
    insert, error);
  if (made == NULL)
    return FALSE;
  g_free (job->evaluation_id); /* (a retried transaction made one before) */
  job->evaluation_id = ep_db_dup_text (made, 0, "id");
  ep_plan_write_audit (write, "plan_evaluate",
                       ep_plan_change_of ("evaluatie_id", job->evaluation_id, "datum", datum,
                                          "besluit", ep_plan_body_text (b, "besluit"),
                                          "volgende_evaluatie",
                                          ep_plan_body_text (b, "volgende_evaluatie"), NULL));
  return TRUE;
}

gboolean
ep_plan_evaluate (PGconn *conn, const EpDbTxContext *ctx, const gchar *household_id,
                  gint base_version, JsonNode *body, gchar **evaluation_id, gint *new_version,
                  GError **error)
{
  static const EpPlanField outcome[] = {
    { "doel_id", EP_PLAN_FIELD_UUID, TRUE },
    { "status", EP_PLAN_FIELD_CODE, TRUE, FALSE, ep_vocab_doel_status },
    { "uitkomst", EP_PLAN_FIELD_TEXT, TRUE },
  };
  static const EpPlanField score[] = {
    { "lid", EP_PLAN_FIELD_UUID, TRUE },
    { "leefgebied", EP_PLAN_FIELD_CODE, TRUE, FALSE, ep_vocab_leefgebied },
    { "score", EP_PLAN_FIELD_WHOLE, TRUE, .min = 1, .max = 5 },
  };
  static const EpPlanField fields[] = {
    { "datum", EP_PLAN_FIELD_DATE, TRUE },
    { "doelen", EP_PLAN_FIELD_ITEMS, TRUE, .items = outcome, .n_items = N (outcome) },
    { "zrm", EP_PLAN_FIELD_ITEMS, FALSE, TRUE, .items = score, .n_items = N (score) },
    { "besluit", EP_PLAN_FIELD_CODE, TRUE, FALSE, ep_vocab_evaluatie_besluit },
    { "toelichting", EP_PLAN_FIELD_TEXT, FALSE, TRUE },
    { "volgende_evaluatie", EP_PLAN_FIELD_DATE, FALSE, TRUE },
    { "reden", EP_PLAN_FIELD_TEXT, TRUE },
  };
  g_return_val_if_fail (conn != NULL && ctx != NULL, FALSE);
  if (!ep_plan_body_check (body, fields, N (fields), error)
      || !check_unique (body, "doelen", "doel_id", NULL, "doel_id", error)
      || !check_unique (body, "zrm", "lid", "leefgebied", NULL, error))
    return FALSE;
  const gchar *datum = ep_plan_body_text (body, "datum");
  const gchar *next = ep_plan_body_text (body, "volgende_evaluatie");
  if (next == NULL && g_strcmp0 (ep_plan_body_text (body, "besluit"), "afsluiten") != 0)
    return ep_plan_fail_at (error, EP_PLAN_ERROR_RULE, "volgende_evaluatie",
                            "noem de datum van de volgende evaluatie (alleen bij afsluiten niet)");
  if (next != NULL && strcmp (next, datum) <= 0)
    return ep_plan_fail_at (error, EP_PLAN_ERROR_RULE, "volgende_evaluatie",
                            "moet na de datum van deze evaluatie liggen");
  EvaluateJob job = { .body = body };
  gboolean ok
    = ep_plan_store_write (conn, ctx, household_id, base_version, ep_plan_body_text (body, "reden"),
                           (EpPlanWriteMode){ 0 }, evaluate_change, &job, new_version, NULL, error);
  if (ok && evaluation_id != NULL)
    *evaluation_id = g_steal_pointer (&job.evaluation_id);
  g_free (job.evaluation_id);
  return ok;
}
