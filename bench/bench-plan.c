/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * bench-plan.c: the household plan's workloads, over the dataset of bench-plan-data.c
 * (100,000 households, about 85,000 active plans), each beside its baseline in the same run,
 * rounds alternating so that both see the same machine:
 *
 *   plan-overview  the whole plan of a household — members, needs, goals with their links,
 *                  actions, regie history — read through the library (ep_plan_read: the
 *                  household's shield, plan_document() and the access-log row in one REPEATABLE
 *                  READ transaction) by 4 case workers in 4 threads, each over plans spread over
 *                  the whole dataset. Beside it (baseline=no-access-log) the same transaction
 *                  with the same statements and the JSON parsed the same way, but no access-log
 *                  row.
 *   plan-update    goal and action writes through the library, as the plan's regisseur: add a
 *                  goal (two needs, their members), add a maatwerk action for it (WMO 02, 102
 *                  minutes a week), change the goal, change the action's volume — each one
 *                  transaction with the lock, the version check, the new version with its
 *                  document and the audit event. Beside it (baseline=libpq) the same rows (the
 *                  goal, its members and needs, the action, the plan's version, the
 *                  plan_version row with plan_document()) written by plain libpq, one statement
 *                  per row, without validation, checks or audit events. 4 threads, each on
 *                  plans of its own (no stale versions).
 *
 * The reading and writing users are users of the dataset's municipality; every transaction
 * runs with ep_actor_context(), as the API runs it (its check of the user is in both paths).
 * Besides the house figures each line has the CPU time per operation of the benchmark's own
 * processes (bench_own_cpu_ms(): client and PostgreSQL together), for both paths: on a machine
 * shared with other work it varies far less than latency and throughput.
 */
#include "bench.h"

#include "ep-actor.h"
#include "ep-db-conn.h"
#include "ep-json.h"
#include "ep-plan.h"

#include <string.h>

#define OVERVIEW_THREADS 4
#define OVERVIEW_OPS_PER_ROUND 600 /* per thread */
#define OVERVIEW_ROUNDS 3
#define UPDATE_THREADS 4
#define UPDATE_PLANS_PER_THREAD 40 /* for each path */
#define UPDATE_OPS_PER_ROUND 160   /* per thread: every plan one step further */
#define UPDATE_ROUNDS 4

/* ---- plan-overview ------------------------------------------------------------------------- */

typedef struct
{
  EpDbPool *pool;
  const BenchPlanData *data;
  EpActor *readers[OVERVIEW_THREADS];
  gboolean logged; /* through ep_plan_read; FALSE: the baseline */
  guint round;
} OverviewRun;

/* Plan @op_index of thread @thread in round @round: a stride through the whole dataset, so that
 * the reads are spread over it as a municipality's are, and no two threads read the same. */
static const BenchPlanRef *
overview_plan (const OverviewRun *run, guint thread, guint64 op_index)
{
  guint n = run->data->plans->len;
  guint64 k
    = ((guint64) run->round * OVERVIEW_OPS_PER_ROUND + op_index) * OVERVIEW_THREADS + thread;
  return run->data->plans->pdata[(k * 7919) % n];
}

/* The baseline's transaction: ep_plan_read's statements (the shield and the plan, then
 * plan_document()) and its JSON parse, without the access-log row. */
typedef struct
{
  const gchar *household_id;
  JsonNode *document;
} PlainRead;

static gboolean
plain_read_body (PGconn *conn, gpointer user_data, GError **error)
{
  PlainRead *read = user_data;
  g_clear_pointer (&read->document, json_node_unref);
  g_autoptr (EpDbParams) find = ep_db_params_new ();
  ep_db_params_add_text (find, read->household_id);
  ep_db_params_add_bool (find, FALSE);
  g_autoptr (PGresult) plan = ep_db_exec_prepared (
    conn, "bench_plan_find",
    "SELECT a.access, p.id, p.version,"
    "       (NOT $2 OR EXISTS (SELECT FROM consent c JOIN app_user u"
    "                            ON u.gemeente = c.gemeente AND u.username = current_actor ()"
    "                         WHERE c.gemeente = current_gemeente () AND c.household_id = $1::uuid"
    "                           AND c.organisatie = u.partner_organisation"
    "                           AND c.ingetrokken_op IS NULL AND c.verleend_op <= current_date"
    "                           AND c.geldig_tot >= current_date AND 'plan' = ANY (c.gegevens)))"
    "         AS consented"
    "  FROM (SELECT household_access ($1::uuid) AS access) a"
    "  LEFT JOIN plan p ON p.gemeente = current_gemeente () AND p.household_id = $1::uuid"
    "                  AND p.status = 'actief'",
    find, PGRES_TUPLES_OK, 0, "find the plan", error);
  if (plan == NULL)
    return FALSE;
  if (strcmp (ep_db_get_text (plan, 0, "access"), "open") != 0 || ep_db_is_null (plan, 0, "id"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no open plan for %s",
                   read->household_id);
      return FALSE;
    }
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, ep_db_get_text (plan, 0, "id"));
  g_autoptr (PGresult) res
    = ep_db_exec_prepared (conn, "bench_plan_document", "SELECT plan_document ($1::uuid)", params,
                           PGRES_TUPLES_OK, 0, "read the plan", error);
  if (res == NULL)
    return FALSE;
  read->document = ep_json_parse (PQgetvalue (res, 0, 0), -1, error);
  return read->document != NULL;
}

static gboolean
overview_op (gpointer user_data, guint thread_index, guint64 op_index, GError **error)
{
  OverviewRun *run = user_data;
  const BenchPlanRef *ref = overview_plan (run, thread_index, op_index);
  EpDbTxContext ctx = ep_actor_context (run->readers[thread_index]);
  PGconn *conn = ep_db_pool_acquire (run->pool, 5000, error);
  if (conn == NULL)
    return FALSE;
  gboolean ok;
  if (run->logged)
    {
      g_autoptr (JsonNode) plan = ep_plan_read (conn, &ctx, ref->household_id, error);
      ok = plan != NULL;
    }
  else
    {
      ctx.isolation = EP_DB_REPEATABLE_READ; /* as ep_plan_read */
      PlainRead read = { ref->household_id, NULL };
      ok = ep_db_run_tx (conn, &ctx, plain_read_body, &read, NULL, error);
      g_clear_pointer (&read.document, json_node_unref);
    }
  ep_db_pool_release (run->pool, conn);
  return ok;
}

/* The dataset's casemanagers 0…@n-1 as actors. */
static gboolean
lookup_casemanagers (EpDbPool *pool, EpActor **actors, guint n, GError **error)
{
  PGconn *conn = ep_db_pool_acquire (pool, 5000, error);
  if (conn == NULL)
    return FALSE;
  gboolean ok = TRUE;
  for (guint i = 0; ok && i < n; i++)
    {
      g_autofree gchar *name = g_strdup_printf ("bench.casemanager.%03u", i);
      actors[i] = ep_actor_lookup (conn, BENCH_PLAN_GEMEENTE, name, error);
      ok = actors[i] != NULL;
    }
  ep_db_pool_release (pool, conn);
  return ok;
}

/* Runs plan-overview's rounds into @library and @baseline (zeroed by the caller), and sets the
 * CPU time per read of each (client and server, bench_own_cpu_ms()). */
gboolean
bench_plan_overview_measure (const BenchContext *ctx, BenchStats *library, BenchStats *baseline,
                             gdouble *library_cpu_ms, gdouble *baseline_cpu_ms, GError **error)
{
  gdouble library_cpu = 0, baseline_cpu = 0;
  const BenchPlanData *data = bench_plan_data (ctx, error);
  if (data == NULL)
    return FALSE;
  g_autoptr (EpDbPool) pool = ep_db_pool_new (ctx->app_conninfo, OVERVIEW_THREADS);
  OverviewRun run = { pool, data, { NULL }, TRUE, 0 };
  gboolean ok = lookup_casemanagers (pool, run.readers, OVERVIEW_THREADS, error);

  /* Warm up both paths (connections, prepared statements), then alternate rounds. The dataset
   * does not fit the shared buffers of the benchmark's cluster as a whole; the rounds read
   * plans spread over all of it, the warm-up others. */
  BenchStats warm = { 0 };
  run.round = OVERVIEW_ROUNDS;
  if (ok)
    {
      bench_progress ("plan-overview: warming up");
      ok = bench_run_threads (OVERVIEW_THREADS, 100, overview_op, &run, &warm, error);
      run.logged = FALSE;
      ok = ok && bench_run_threads (OVERVIEW_THREADS, 100, overview_op, &run, &warm, error);
    }
  for (guint r = 0; ok && r < OVERVIEW_ROUNDS; r++)
    {
      bench_progress ("plan-overview: round %u of %u", r + 1, OVERVIEW_ROUNDS);
      run.round = r;
      run.logged = FALSE;
      ok = bench_run_threads_cpu (ctx, OVERVIEW_THREADS, OVERVIEW_OPS_PER_ROUND, overview_op, &run,
                                  baseline, &baseline_cpu, error);
      run.logged = TRUE;
      ok = ok
           && bench_run_threads_cpu (ctx, OVERVIEW_THREADS, OVERVIEW_OPS_PER_ROUND, overview_op,
                                     &run, library, &library_cpu, error);
    }
  if (ok)
    {
      *library_cpu_ms = library_cpu / library->ops;
      *baseline_cpu_ms = baseline_cpu / baseline->ops;
    }
  for (guint i = 0; i < OVERVIEW_THREADS; i++)
    g_clear_pointer (&run.readers[i], ep_actor_free);
  bench_stats_clear (&warm);
  return ok;
}

gboolean
bench_plan_overview (const BenchContext *ctx, GError **error)
{
  BenchStats library = { 0 }, baseline = { 0 };
  gdouble library_cpu = 0, baseline_cpu = 0;
  gboolean ok
    = bench_plan_overview_measure (ctx, &library, &baseline, &library_cpu, &baseline_cpu, error);
  if (ok)
    library.extra = g_strdup_printf ("cpu_ms_per_read=%.3f baseline_cpu_ms_per_read=%.3f",
                                     library_cpu, baseline_cpu);
  if (ok)
    bench_report ("plan-overview", &library, "no-access-log", &baseline);
  bench_stats_clear (&library);
  bench_stats_clear (&baseline);
  return ok;
}

/* ---- plan-update --------------------------------------------------------------------------- */

/* One plan that a thread changes, step by step: add a goal, add an action to it, change the
 * goal, change the action; then again from a new goal. */
typedef struct
{
  const BenchPlanRef *ref;
  EpActor *regisseur;
  gint version;
  gchar *need_ids[2]; /* two needs of the plan, and their members */
  gchar *member_ids[2];
  guint n_needs;
  gchar *goal_id, *action_id; /* the current step's */
  guint step;
} UpdatePlan;

typedef struct
{
  EpDbPool *pool;
  gboolean through_library;
  UpdatePlan plans[UPDATE_THREADS][UPDATE_PLANS_PER_THREAD];
} UpdateRun;

static void
update_plan_clear (UpdatePlan *plan)
{
  for (guint i = 0; i < 2; i++)
    {
      g_clear_pointer (&plan->need_ids[i], g_free);
      g_clear_pointer (&plan->member_ids[i], g_free);
    }
  g_clear_pointer (&plan->goal_id, g_free);
  g_clear_pointer (&plan->action_id, g_free);
  g_clear_pointer (&plan->regisseur, ep_actor_free);
}

/* The body of step @step for @plan, as the API would send it. */
static JsonNode *
update_body (const UpdatePlan *plan, guint step)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  if (step == 0 || step == 2)
    {
      json_builder_set_member_name (b, "omschrijving");
      json_builder_add_string_value (b, step == 0 ? "Weer grip op de administratie."
                                                  : "Weer grip op de administratie, met hulp.");
      json_builder_set_member_name (b, "leden");
      json_builder_begin_array (b);
      for (guint i = 0; i < plan->n_needs; i++)
        if (i == 0 || g_strcmp0 (plan->member_ids[i], plan->member_ids[0]) != 0)
          json_builder_add_string_value (b, plan->member_ids[i]);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "streefdatum");
      json_builder_add_string_value (b, "2027-06-30");
      json_builder_set_member_name (b, "status");
      json_builder_add_string_value (b, step == 0 ? "open" : "deels_behaald");
      json_builder_set_member_name (b, "hulpvragen");
      json_builder_begin_array (b);
      for (guint i = 0; i < plan->n_needs; i++)
        json_builder_add_string_value (b, plan->need_ids[i]);
      json_builder_end_array (b);
    }
  else
    {
      json_builder_set_member_name (b, "doel_id");
      json_builder_add_string_value (b, plan->goal_id);
      json_builder_set_member_name (b, "soort");
      json_builder_add_string_value (b, "maatwerkvoorziening");
      json_builder_set_member_name (b, "omschrijving");
      json_builder_add_string_value (b, "Individuele begeleiding thuis");
      json_builder_set_member_name (b, "uitvoerder");
      json_builder_add_string_value (b, "Zorgaanbieder De Linde");
      json_builder_set_member_name (b, "wet");
      json_builder_add_string_value (b, "WMO");
      json_builder_set_member_name (b, "productcategorie");
      json_builder_add_string_value (b, "02");
      json_builder_set_member_name (b, "aanbieder");
      json_builder_add_string_value (b, "Zorgaanbieder De Linde");
      json_builder_set_member_name (b, "omvang");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "volume");
      json_builder_add_int_value (b, step == 1 ? 102 : 120);
      json_builder_set_member_name (b, "eenheid");
      json_builder_add_string_value (b, "01");
      json_builder_set_member_name (b, "frequentie");
      json_builder_add_string_value (b, "2");
      json_builder_end_object (b);
      json_builder_set_member_name (b, "begindatum");
      json_builder_add_string_value (b, "2026-12-07");
    }
  json_builder_set_member_name (b, "reden");
  json_builder_add_string_value (b, step == 0   ? "Nieuw doel met het gezin afgesproken."
                                    : step == 1 ? "Begeleiding toegekend."
                                    : step == 2 ? "Doel bijgesteld na evaluatie."
                                                : "Meer begeleiding nodig.");
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
library_update (PGconn *conn, UpdatePlan *plan, GError **error)
{
  EpDbTxContext ctx = ep_actor_context (plan->regisseur);
  g_autoptr (JsonNode) body = update_body (plan, plan->step);
  g_autofree gchar *id = NULL;
  gint version = 0;
  gboolean ok;
  switch (plan->step)
    {
      case 0:
      case 2:
        ok = ep_plan_put_goal (conn, &ctx, plan->ref->household_id,
                               plan->step == 0 ? NULL : plan->goal_id, plan->version, body, &id,
                               &version, error);
        if (ok && plan->step == 0)
          {
            g_free (plan->goal_id);
            plan->goal_id = g_steal_pointer (&id);
          }
        break;
      default:
        ok = ep_plan_put_action (conn, &ctx, plan->ref->household_id,
                                 plan->step == 1 ? NULL : plan->action_id, plan->version, body, &id,
                                 &version, error);
        if (ok && plan->step == 1)
          {
            g_free (plan->action_id);
            plan->action_id = g_steal_pointer (&id);
          }
        break;
    }
  if (ok)
    plan->version = version;
  return ok;
}

/* ---- the baseline: the same rows, plain libpq ---- */

static gboolean
plain_exec (PGconn *conn, const gchar *sql, EpDbParams *params, gchar **returned, GError **error)
{
  g_autoptr (PGresult) res = ep_db_exec (
    conn, sql, params, returned != NULL ? PGRES_TUPLES_OK : PGRES_COMMAND_OK, "plain write", error);
  if (res != NULL && returned != NULL)
    *returned = g_strdup (PQgetvalue (res, 0, 0));
  return res != NULL;
}

/* The goal's members and needs, one insert per row. */
static gboolean
plain_goal_links (PGconn *conn, const UpdatePlan *plan, GError **error)
{
  for (guint i = 0; i < plan->n_needs; i++)
    {
      if (i == 0 || g_strcmp0 (plan->member_ids[i], plan->member_ids[0]) != 0)
        {
          g_autoptr (EpDbParams) m = ep_db_params_new ();
          ep_db_params_add_text (m, plan->ref->plan_id);
          ep_db_params_add_text (m, plan->goal_id);
          ep_db_params_add_text (m, plan->member_ids[i]);
          if (!plain_exec (conn,
                           "INSERT INTO plan_goal_member (gemeente, plan_id, goal_id, person_id)"
                           " VALUES (current_gemeente (), $1::uuid, $2::uuid, $3::uuid)",
                           m, NULL, error))
            return FALSE;
        }
      g_autoptr (EpDbParams) n = ep_db_params_new ();
      ep_db_params_add_text (n, plan->ref->plan_id);
      ep_db_params_add_text (n, plan->goal_id);
      ep_db_params_add_text (n, plan->need_ids[i]);
      if (!plain_exec (conn,
                       "INSERT INTO plan_goal_need (gemeente, plan_id, goal_id, need_id)"
                       " VALUES (current_gemeente (), $1::uuid, $2::uuid, $3::uuid)",
                       n, NULL, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
plain_update_body (PGconn *conn, gpointer user_data, GError **error)
{
  UpdatePlan *plan = user_data;
  g_autoptr (EpDbParams) p = ep_db_params_new ();
  ep_db_params_add_text (p, plan->ref->plan_id);
  gchar *id = NULL;
  gboolean ok;
  switch (plan->step)
    {
      case 0:
        ok = plain_exec (
          conn,
          "INSERT INTO plan_goal (gemeente, plan_id, position, omschrijving,"
          "                       streefdatum, status)"
          " SELECT current_gemeente (), $1::uuid, coalesce (max (position) + 1, 0),"
          "        'Weer grip op de administratie.', '2027-06-30', 'open'"
          "   FROM plan_goal WHERE gemeente = current_gemeente () AND plan_id = $1::uuid"
          " RETURNING id",
          p, &id, error);
        if (ok)
          {
            g_free (plan->goal_id);
            plan->goal_id = id;
          }
        ok = ok && plain_goal_links (conn, plan, error);
        break;
      case 2:
        ep_db_params_add_text (p, plan->goal_id);
        ok = plain_exec (conn,
                         "UPDATE plan_goal SET omschrijving = 'Weer grip op de administratie, met"
                         " hulp.', streefdatum = '2027-06-30', status = 'deels_behaald'"
                         " WHERE gemeente = current_gemeente () AND plan_id = $1::uuid"
                         "   AND id = $2::uuid",
                         p, NULL, error)
             && plain_exec (conn,
                            "DELETE FROM plan_goal_member WHERE gemeente = current_gemeente ()"
                            "   AND plan_id = $1::uuid AND goal_id = $2::uuid",
                            p, NULL, error)
             && plain_exec (conn,
                            "DELETE FROM plan_goal_need WHERE gemeente = current_gemeente ()"
                            "   AND plan_id = $1::uuid AND goal_id = $2::uuid",
                            p, NULL, error)
             && plain_goal_links (conn, plan, error);
        break;
      case 1:
        ep_db_params_add_text (p, plan->goal_id);
        ok = plain_exec (
          conn,
          "INSERT INTO plan_action (gemeente, plan_id, position, goal_id, soort, omschrijving,"
          "                         uitvoerder, wet, productcategorie, aanbieder, volume, eenheid,"
          "                         frequentie, begindatum)"
          " SELECT current_gemeente (), $1::uuid, coalesce (max (position) + 1, 0), $2::uuid,"
          "        'maatwerkvoorziening', 'Individuele begeleiding thuis', 'Zorgaanbieder De "
          "Linde',"
          "        'WMO', '02', 'Zorgaanbieder De Linde', 102, '01', '2', '2026-12-07'"
          "   FROM plan_action WHERE gemeente = current_gemeente () AND plan_id = $1::uuid"
          " RETURNING id",
          p, &id, error);
        if (ok)
          {
            g_free (plan->action_id);
            plan->action_id = id;
          }
        break;
      default:
        ep_db_params_add_text (p, plan->action_id);
        ok = plain_exec (conn,
                         "UPDATE plan_action SET volume = 120"
                         " WHERE gemeente = current_gemeente () AND plan_id = $1::uuid"
                         "   AND id = $2::uuid",
                         p, NULL, error);
        break;
    }
  /* The new version, with the whole plan as it now stands. */
  g_autoptr (EpDbParams) v = ep_db_params_new ();
  ep_db_params_add_text (v, plan->ref->plan_id);
  g_autofree gchar *version = NULL;
  return ok
         && plain_exec (conn,
                        "UPDATE plan SET version = version + 1"
                        " WHERE gemeente = current_gemeente () AND id = $1::uuid RETURNING version",
                        v, &version, error)
         && (ep_db_params_add_text (v, version), TRUE)
         && plain_exec (conn,
                        "INSERT INTO plan_version (gemeente, plan_id, version, reden, document)"
                        " VALUES (current_gemeente (), $1::uuid, $2::integer, 'Bijgewerkt.',"
                        "         plan_document ($1::uuid))",
                        v, NULL, error);
}

static gboolean
update_op (gpointer user_data, guint thread_index, guint64 op_index, GError **error)
{
  UpdateRun *run = user_data;
  UpdatePlan *plan = &run->plans[thread_index][op_index % UPDATE_PLANS_PER_THREAD];
  PGconn *conn = ep_db_pool_acquire (run->pool, 5000, error);
  if (conn == NULL)
    return FALSE;
  gboolean ok;
  if (run->through_library)
    ok = library_update (conn, plan, error);
  else
    {
      EpDbTxContext ctx = { .gemeente = BENCH_PLAN_GEMEENTE,
                            .actor_id = plan->regisseur->username,
                            .actor_role = plan->regisseur->role };
      ok = ep_db_run_tx (conn, &ctx, plain_update_body, plan, NULL, error);
    }
  ep_db_pool_release (run->pool, conn);
  plan->step = (plan->step + 1) % 4;
  return ok;
}

/* Reads @plan's version and two of its needs (with their members) as its regisseur. */
static gboolean
update_plan_prepare (PGconn *conn, UpdatePlan *plan, const BenchPlanRef *ref, GError **error)
{
  plan->ref = ref;
  plan->regisseur = ep_actor_lookup (conn, BENCH_PLAN_GEMEENTE, ref->regisseur, error);
  if (plan->regisseur == NULL)
    return FALSE;
  EpDbTxContext ctx = ep_actor_context (plan->regisseur);
  g_autoptr (JsonNode) document = ep_plan_read (conn, &ctx, ref->household_id, error);
  if (document == NULL)
    return FALSE;
  JsonObject *o = json_node_get_object (document);
  plan->version = (gint) json_object_get_int_member (o, "version");
  JsonArray *needs = json_object_get_array_member (o, "hulpvragen");
  plan->n_needs = MIN (2u, json_array_get_length (needs));
  for (guint i = 0; i < plan->n_needs; i++)
    {
      JsonObject *need = json_array_get_object_element (needs, i);
      plan->need_ids[i] = g_strdup (json_object_get_string_member (need, "id"));
      plan->member_ids[i] = g_strdup (json_object_get_string_member (need, "lid"));
    }
  return TRUE;
}

gboolean
bench_plan_update (const BenchContext *ctx, GError **error)
{
  const BenchPlanData *data = bench_plan_data (ctx, error);
  if (data == NULL)
    return FALSE;
  g_autoptr (EpDbPool) pool = ep_db_pool_new (ctx->app_conninfo, UPDATE_THREADS);
  g_autofree UpdateRun *library = g_new0 (UpdateRun, 1);
  g_autofree UpdateRun *plain = g_new0 (UpdateRun, 1);
  *library = (UpdateRun){ .pool = pool, .through_library = TRUE };
  *plain = (UpdateRun){ .pool = pool, .through_library = FALSE };

  /* Plans from the far end of the dataset (plan-overview reads from everywhere), each path and
   * thread its own. */
  bench_progress ("plan-update: reading %d plans", 2 * UPDATE_THREADS * UPDATE_PLANS_PER_THREAD);
  PGconn *conn = ep_db_pool_acquire (pool, 5000, error);
  if (conn == NULL)
    return FALSE;
  gboolean ok = TRUE;
  guint next = data->plans->len;
  for (guint t = 0; t < UPDATE_THREADS; t++)
    for (guint i = 0; ok && i < UPDATE_PLANS_PER_THREAD; i++)
      ok = update_plan_prepare (conn, &library->plans[t][i], data->plans->pdata[--next], error)
           && update_plan_prepare (conn, &plain->plans[t][i], data->plans->pdata[--next], error);
  ep_db_pool_release (pool, conn);

  /* A warm-up round of each (every plan one step), then alternating rounds. */
  BenchStats warm = { 0 }, lib_stats = { 0 }, plain_stats = { 0 };
  gdouble lib_cpu = 0, plain_cpu = 0;
  ok = ok
       && bench_run_threads (UPDATE_THREADS, UPDATE_PLANS_PER_THREAD, update_op, library, &warm,
                             error)
       && bench_run_threads (UPDATE_THREADS, UPDATE_PLANS_PER_THREAD, update_op, plain, &warm,
                             error);
  for (guint r = 0; ok && r < UPDATE_ROUNDS; r++)
    {
      bench_progress ("plan-update: round %u of %u", r + 1, UPDATE_ROUNDS);
      ok = bench_run_threads_cpu (ctx, UPDATE_THREADS, UPDATE_OPS_PER_ROUND, update_op, plain,
                                  &plain_stats, &plain_cpu, error)
           && bench_run_threads_cpu (ctx, UPDATE_THREADS, UPDATE_OPS_PER_ROUND, update_op, library,
                                     &lib_stats, &lib_cpu, error);
    }
  if (ok)
    {
      lib_stats.extra = g_strdup_printf ("cpu_ms_per_write=%.3f baseline_cpu_ms_per_write=%.3f",
                                         lib_cpu / lib_stats.ops, plain_cpu / plain_stats.ops);
      bench_report ("plan-update", &lib_stats, "libpq", &plain_stats);
    }
  for (guint t = 0; t < UPDATE_THREADS; t++)
    for (guint i = 0; i < UPDATE_PLANS_PER_THREAD; i++)
      {
        update_plan_clear (&library->plans[t][i]);
        update_plan_clear (&plain->plans[t][i]);
      }
  bench_stats_clear (&warm);
  bench_stats_clear (&lib_stats);
  bench_stats_clear (&plain_stats);
  return ok;
}
