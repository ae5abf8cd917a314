/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * bench-supervise.c: supervisor-overview (issue 18) — one supervisor's view of their team over
 * the plan dataset of bench-plan-data.c (100,000 households, about 85,000 active plans in
 * BENCH_PLAN_TEAMS teams, with a year of level changes and evaluations): the level requests
 * waiting (ep_plan_supervise_pending), the overdue evaluations per regisseur and for the team
 * (ep_plan_supervise_overdue), the escalations and de-escalations of the year before the clock
 * (ep_plan_supervise_levels), the time each plan spent at each level in that year
 * (ep_plan_supervise_time_at_level) and regie op regie over that year
 * (ep_plan_supervise_regie), as the web's Toezicht page asks for them (the first page, of the
 * default 50) through the library as the CLI and the API call it:
 * each view one REPEATABLE READ transaction with ep_actor_context(), the user's shield and the
 * access-log rows of every plan shown. The clock is fixed (BENCH_LADDER_NOW), so every run sees
 * the same answers.
 *
 * One operation is one team's whole overview (the five views, one after the other, on one
 * connection); 4 threads, each going round the teams' supervisors, no two threads on the same
 * team at once. Besides the house figures: each view's p50 and p99, the CPU time per overview of
 * the benchmark's own processes (bench_own_cpu_ms()), and what one overview shows on average
 * (the team's plans with time at a level, waiting requests, overdue plans, level changes, and the
 * items on the four paged views' first pages: as many access-log rows).
 */
#include "bench.h"

#include "ep-actor.h"
#include "ep-plan-supervise.h"

#include <json-glib/json-glib.h>
#include <string.h>

#define SUPERVISE_THREADS 4
#define SUPERVISE_OPS_PER_ROUND 40 /* per thread */
#define SUPERVISE_ROUNDS 3
#define N_PARTS 5

/* The views in the order the page asks for them, and the list each answers with. */
static const gchar *const part_name[N_PARTS] = { "pending", "overdue", "levels", "time", "regie" };
static const gchar *const part_list[N_PARTS]
  = { "aanvragen", "plannen", "wijzigingen", "plannen", "plannen" };

typedef struct
{
  EpDbPool *pool;
  EpActor *supervisors[BENCH_PLAN_TEAMS];
  GDateTime *now;
  gdouble *part_ms[N_PARTS][SUPERVISE_THREADS]; /* this round's, per operation */
  guint64 shown[SUPERVISE_THREADS][N_PARTS];    /* items shown or counted, summed */
  guint64 rows[SUPERVISE_THREADS];              /* items on the paged views' first pages */
} SuperviseRun;

/* The team of operation @op_index of thread @thread: threads take turns round the teams. */
static guint
op_team (guint thread, guint64 op_index)
{
  return (guint) ((op_index * SUPERVISE_THREADS + thread) % BENCH_PLAN_TEAMS);
}

static gboolean
supervise_op (gpointer user_data, guint thread, guint64 op_index, GError **error)
{
  SuperviseRun *run = user_data;
  EpDbTxContext ctx = ep_actor_context (run->supervisors[op_team (thread, op_index)]);
  PGconn *conn = ep_db_pool_acquire (run->pool, 5000, error);
  if (conn == NULL)
    return FALSE;
  gboolean ok = TRUE;
  for (guint part = 0; ok && part < N_PARTS; part++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr (JsonNode) view = NULL;
      switch (part)
        {
          case 0:
            view = ep_plan_supervise_pending (conn, &ctx, error);
            break;
          case 1:
            view = ep_plan_supervise_overdue (conn, &ctx, NULL, NULL, run->now, error);
            break;
          case 2:
            view = ep_plan_supervise_levels (conn, &ctx, BENCH_LADDER_VAN, BENCH_LADDER_TOT, NULL,
                                             run->now, error);
            break;
          case 3:
            view = ep_plan_supervise_time_at_level (conn, &ctx, BENCH_LADDER_VAN, BENCH_LADDER_TOT,
                                                    NULL, run->now, error);
            break;
          default:
            view = ep_plan_supervise_regie (conn, &ctx, BENCH_LADDER_VAN, BENCH_LADDER_TOT, NULL,
                                            run->now, error);
            break;
        }
      run->part_ms[part][thread][op_index] = (g_get_monotonic_time () - start) / 1000.0;
      ok = view != NULL;
      if (ok)
        {
          JsonObject *object = json_node_get_object (view);
          guint64 page
            = json_array_get_length (json_object_get_array_member (object, part_list[part]));
          /* pending is one list; the others a page and what they count */
          run->shown[thread][part]
            += part == 0 ? page : (guint64) json_object_get_int_member (object, "aantal");
          if (part != 0)
            run->rows[thread] += page;
        }
    }
  ep_db_pool_release (run->pool, conn);
  return ok;
}

gboolean
bench_supervisor_overview (const BenchContext *ctx, GError **error)
{
  const BenchPlanData *data = bench_plan_data (ctx, error);
  if (data == NULL)
    return FALSE;
  g_autoptr (EpDbPool) pool = ep_db_pool_new (ctx->app_conninfo, SUPERVISE_THREADS);
  SuperviseRun run = { .pool = pool, .now = g_date_time_new_from_iso8601 (BENCH_LADDER_NOW, NULL) };
  gboolean ok = TRUE;
  PGconn *conn = ep_db_pool_acquire (pool, 5000, error);
  ok = conn != NULL;
  for (guint t = 0; ok && t < BENCH_PLAN_TEAMS; t++)
    {
      g_autofree gchar *name = g_strdup_printf (BENCH_PLAN_SUPERVISOR, t);
      run.supervisors[t] = ep_actor_lookup (conn, BENCH_PLAN_GEMEENTE, name, error);
      ok = run.supervisors[t] != NULL;
    }
  if (conn != NULL)
    ep_db_pool_release (pool, conn);
  for (guint p = 0; p < N_PARTS; p++)
    for (guint t = 0; t < SUPERVISE_THREADS; t++)
      run.part_ms[p][t] = g_new0 (gdouble, SUPERVISE_OPS_PER_ROUND);

  BenchStats stats = { 0 }, warm = { 0 }, parts[N_PARTS] = { { 0 } };
  gdouble cpu_ms = 0;
  if (ok)
    {
      bench_progress ("supervisor-overview: warming up (every team once)");
      ok = bench_run_threads (SUPERVISE_THREADS, BENCH_PLAN_TEAMS / SUPERVISE_THREADS, supervise_op,
                              &run, &warm, error);
      memset (run.shown, 0, sizeof run.shown);
      memset (run.rows, 0, sizeof run.rows);
    }
  for (guint r = 0; ok && r < SUPERVISE_ROUNDS; r++)
    {
      bench_progress ("supervisor-overview: round %u of %u", r + 1, SUPERVISE_ROUNDS);
      ok = bench_run_threads_cpu (ctx, SUPERVISE_THREADS, SUPERVISE_OPS_PER_ROUND, supervise_op,
                                  &run, &stats, &cpu_ms, error);
      for (guint p = 0; ok && p < N_PARTS; p++)
        for (guint t = 0; t < SUPERVISE_THREADS; t++)
          bench_stats_add (&parts[p], 0, 0, run.part_ms[p][t], SUPERVISE_OPS_PER_ROUND);
    }
  if (ok)
    {
      g_autoptr (GString) extra = g_string_new (NULL);
      for (guint p = 0; p < N_PARTS; p++)
        g_string_append_printf (extra, "%s_p50_ms=%.3f %s_p99_ms=%.3f ", part_name[p],
                                parts[p].p50_ms, part_name[p], parts[p].p99_ms);
      guint64 shown[N_PARTS] = { 0 }, rows = 0;
      for (guint t = 0; t < SUPERVISE_THREADS; t++)
        {
          rows += run.rows[t];
          for (guint p = 0; p < N_PARTS; p++)
            shown[p] += run.shown[t][p];
        }
      g_string_append_printf (
        extra,
        "cpu_ms_per_view=%.3f teams=%u threads=%u plans_per_view=%.0f pending_per_view=%.1f"
        " overdue_per_view=%.1f changes_per_view=%.1f rows_per_view=%.1f",
        cpu_ms / stats.ops, BENCH_PLAN_TEAMS, SUPERVISE_THREADS, (gdouble) shown[3] / stats.ops,
        (gdouble) shown[0] / stats.ops, (gdouble) shown[1] / stats.ops,
        (gdouble) shown[2] / stats.ops, (gdouble) rows / stats.ops);
      stats.extra = g_string_free (g_steal_pointer (&extra), FALSE);
      bench_report ("supervisor-overview", &stats, NULL, NULL);
    }
  for (guint p = 0; p < N_PARTS; p++)
    {
      bench_stats_clear (&parts[p]);
      for (guint t = 0; t < SUPERVISE_THREADS; t++)
        g_free (run.part_ms[p][t]);
    }
  for (guint t = 0; t < BENCH_PLAN_TEAMS; t++)
    g_clear_pointer (&run.supervisors[t], ep_actor_free);
  g_date_time_unref (run.now);
  bench_stats_clear (&stats);
  bench_stats_clear (&warm);
  return ok;
}
