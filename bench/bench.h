/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * bench.h: the benchmark runner's shared parts.
 *
 * A workload measures one thing and reports it as a BenchResult; the runner
 * prints every result in one fixed line format so figures can be compared
 * across commits:
 *
 *   bench NAME ops=N secs=S rate=R/s p50_ms=X p99_ms=Y rss_mib=M [server_rss_mib=S]
 *         [baseline=OTHER ratio=Q] [figures of the workload's own: kb=K tti_ms=T]
 *
 * Progress goes to stderr, results to stdout.
 */
#pragma once

#include <glib.h>

#include "ep-db-pool.h"

G_BEGIN_DECLS

/* What every workload gets: a migrated throw-away database. */
typedef struct
{
  const gchar *owner_conninfo;
  const gchar *app_conninfo;
  const gchar *data_dir; /* the cluster's data directory (its postmaster.pid) */
} BenchContext;

/* Figures of one measurement. bench_run_threads() adds to them, so several
 * rounds (interleaved with a baseline's, to even out drift) make one figure. */
typedef struct
{
  guint64 ops;
  gdouble secs;
  gdouble p50_ms;
  gdouble p99_ms;
  GArray *samples_ms;     /* every operation's latency, owned */
  gdouble server_rss_mib; /* a server's peak resident memory (VmHWM); 0: no server */
  gchar *extra;           /* owned; more "key=value" figures for the end of the line, or NULL */
} BenchStats;

void bench_stats_clear (BenchStats *stats);

/* Adds @ops operations taking @secs, with @n latency samples, to @stats. */
void bench_stats_add (BenchStats *stats, guint64 ops, gdouble secs, const gdouble *samples_ms,
                      guint n);

/* CPU time the whole machine has spent since boot (Linux /proc/stat; zeros
 * where it cannot be read): server, client and kernel together, which is
 * what a workload sharing the machine with PostgreSQL costs. */
typedef struct
{
  gdouble user_us;
  gdouble system_us; /* system, irq and softirq */
} BenchCpu;

void bench_cpu_read (BenchCpu *cpu);

/**
 * bench_own_cpu_ms:
 *
 * The CPU time (user + system) spent so far by the benchmark's own processes: this one (every
 * thread), its children (a server, wrk) and the cluster's PostgreSQL (the postmaster, its
 * backends and what its ended children spent), in milliseconds. Unlike latency and throughput it
 * hardly depends on what else the machine runs: the difference over a measurement divided by its
 * operations is the CPU one operation costs, client and server together.
 */
gdouble bench_own_cpu_ms (const BenchContext *ctx);

/* Sorts @values (@n > 0) in place and returns their median. */
gdouble bench_sort_median (gdouble *values, guint n);

/* One operation of a workload, run by one of the threads; @thread_index is
 * 0…n_threads-1, @op_index counts that thread's operations. */
typedef gboolean (*BenchOpFunc) (gpointer user_data, guint thread_index, guint64 op_index,
                                 GError **error);

/**
 * bench_run_threads:
 * @n_threads: how many threads run operations at once
 * @ops_per_thread: how many operations each thread runs
 *
 * Runs @op in @n_threads threads, timing each operation, and adds the run to
 * @stats (zero-initialise it before the first run; clear it after the last).
 * Returns: TRUE with @stats updated, or FALSE with the first operation's error.
 */
gboolean bench_run_threads (guint n_threads, guint64 ops_per_thread, BenchOpFunc op,
                            gpointer user_data, BenchStats *stats, GError **error);

/* bench_run_threads(), adding the CPU time it took (bench_own_cpu_ms()) to @cpu_ms. */
gboolean bench_run_threads_cpu (const BenchContext *ctx, guint n_threads, guint64 ops_per_thread,
                                BenchOpFunc op, gpointer user_data, BenchStats *stats,
                                gdouble *cpu_ms, GError **error);

/**
 * bench_report:
 * @baseline: (nullable): the baseline measured in the same run, and its name
 *
 * Prints the result line of workload @name (ratio = rate / baseline rate).
 */
void bench_report (const gchar *name, const BenchStats *stats, const gchar *baseline_name,
                   const BenchStats *baseline);

/* Prints a progress line on stderr. */
void bench_progress (const gchar *format, ...) G_GNUC_PRINTF (1, 2);

/* The intake of operation @op as JSON text, for vindplaats BENCH_INTAKE_VINDPLAATS: a household
 * of three with two BSNs (different for every @op), 13 assessments, 5 needs, one consent.
 * Returns: (transfer full). */
gchar *bench_intake_json (guint64 op);
#define BENCH_INTAKE_VINDPLAATS "0190a000-0000-7000-8000-0000000092a0"
#define BENCH_INTAKE_GEMEENTE "GM9200"

/* Adds BENCH_INTAKE_GEMEENTE and its vindplaats BENCH_INTAKE_VINDPLAATS, unless there.
 * Returns: TRUE, or FALSE with an EP_DB_ERROR. */
gboolean bench_intake_municipality (const BenchContext *ctx, GError **error);

/* The workloads (bench-*.c). */
gboolean bench_db_roundtrip (const BenchContext *ctx, GError **error);
gboolean bench_audit_append (const BenchContext *ctx, GError **error);
gboolean bench_audit_verify (const BenchContext *ctx, GError **error);
gboolean bench_intake_record (const BenchContext *ctx, GError **error);
gboolean bench_http_healthz (const BenchContext *ctx, GError **error);
gboolean bench_http_intake_read (const BenchContext *ctx, GError **error);

/* `eenplan serve` as built beside this runner, for the HTTP workloads (bench-server.c). */
typedef struct
{
  gchar *dir;
  gchar *log_path;
  GPid pid;
  gchar *base; /* "http://127.0.0.1:PORT" */
} BenchServer;

/* Starts `eenplan serve --port 0 --workers @workers [--web @web_dir]` on @app_conninfo (as a
 * configured database) and waits for the port in its log. Returns: TRUE with @server->base set;
 * FALSE with an error. */
gboolean bench_server_start (BenchServer *server, const gchar *app_conninfo, guint workers,
                             const gchar *web_dir, GError **error);

/* Stops the server (SIGTERM, it drains) and removes its directory. */
void bench_server_stop (BenchServer *server);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BenchServer, bench_server_stop)

/* The server's peak resident memory so far (VmHWM), in MiB; 0 when unknown. */
gdouble bench_server_peak_rss_mib (const BenchServer *server);

gboolean bench_web_load (const BenchContext *ctx, GError **error);

/* The peak resident memory of this process so far (getrusage), in MiB. */
gdouble bench_peak_rss_mib (void);

/* ---- the household plan's dataset (bench-plan-data.c) ---- */

#define BENCH_PLAN_GEMEENTE "GM9300"
#define BENCH_PLAN_HOUSEHOLDS 100000

/* The ladder (issue 18) in the dataset: BENCH_PLAN_TEAMS teams, regisseur i and casemanager i in
 * team i % BENCH_PLAN_TEAMS, one supervisor per team (BENCH_PLAN_SUPERVISOR with the team's
 * number); each plan's level requests and evaluations from its making up to the benchmark's
 * clock BENCH_LADDER_NOW (the data's "now": no event of the ladder lies after it), and the period
 * of the time-at-level view, the year before it. */
#define BENCH_PLAN_TEAMS 20
#define BENCH_PLAN_SUPERVISOR "bench.supervisor.%02u"
#define BENCH_LADDER_NOW "2026-06-01T10:00:00Z"
#define BENCH_LADDER_VAN "2025-06-01"
#define BENCH_LADDER_TOT "2026-05-31"

/* A household with an active plan, as generated. */
typedef struct
{
  gchar *household_id;
  gchar *plan_id;
  gchar *regisseur; /* the plan's current regisseur (a username) */
  gint version;     /* the plan's version when loaded */
} BenchPlanRef;

typedef struct
{
  guint64 n_households;
  GPtrArray *plans; /* BenchPlanRef, in the order generated */
} BenchPlanData;

/**
 * bench_plan_data:
 *
 * Generates and loads the plan benchmarks' dataset the first time it is called in a run
 * (EENPLAN_BENCH_HOUSEHOLDS households, default BENCH_PLAN_HOUSEHOLDS, from EENPLAN_BENCH_SEED,
 * default 1), printing the load's result line (bench plan-data …); later calls return the same.
 *
 * Returns: (transfer none): the dataset, or NULL with an error.
 */
const BenchPlanData *bench_plan_data (const BenchContext *ctx, GError **error);

/* The workloads of the household plan (bench-plan-data.c, bench-plan.c, bench-http.c). */
gboolean bench_plan_load (const BenchContext *ctx, GError **error);
gboolean bench_plan_overview (const BenchContext *ctx, GError **error);
gboolean bench_plan_update (const BenchContext *ctx, GError **error);
gboolean bench_supervisor_overview (const BenchContext *ctx, GError **error);
gboolean bench_http_plan_read (const BenchContext *ctx, GError **error);

/* plan-overview's measurement (rounds of ep_plan_read and of the same read without its
 * access-log row, alternating) added to @library and @unlogged, with the CPU time per read of
 * each (bench_own_cpu_ms()): for http-plan-read's baseline. */
gboolean bench_plan_overview_measure (const BenchContext *ctx, BenchStats *library,
                                      BenchStats *unlogged, gdouble *library_cpu_ms,
                                      gdouble *unlogged_cpu_ms, GError **error);

G_END_DECLS
