/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * bench-db.c: db-roundtrip — the cost of one trivial statement through the
 * pool (borrow, SELECT 1, give back) with 4 threads. Every later workload's
 * per-operation cost is best read against this floor.
 */
#include "bench.h"

#define ROUNDTRIP_THREADS 4
#define ROUNDTRIP_OPS_PER_THREAD 25000

static gboolean
roundtrip_op (gpointer user_data, guint thread_index, guint64 op_index, GError **error)
{
  EpDbPool *pool = user_data;
  PGconn *conn = ep_db_pool_acquire (pool, 5000, error);
  if (conn == NULL)
    return FALSE;
  g_autoptr (PGresult) res
    = ep_db_exec (conn, "SELECT 1", NULL, PGRES_TUPLES_OK, "select 1", error);
  ep_db_pool_release (pool, conn);
  return res != NULL;
}

gboolean
bench_db_roundtrip (const BenchContext *ctx, GError **error)
{
  g_autoptr (EpDbPool) pool = ep_db_pool_new (ctx->app_conninfo, ROUNDTRIP_THREADS);
  BenchStats warm = { 0 }, stats = { 0 };

  /* Warm up: open the connections outside the measurement. */
  gboolean ok = bench_run_threads (ROUNDTRIP_THREADS, 100, roundtrip_op, pool, &warm, error)
                && bench_run_threads (ROUNDTRIP_THREADS, ROUNDTRIP_OPS_PER_THREAD, roundtrip_op,
                                      pool, &stats, error);
  if (ok)
    bench_report ("db-roundtrip", &stats, NULL, NULL);
  bench_stats_clear (&warm);
  bench_stats_clear (&stats);
  return ok;
}
