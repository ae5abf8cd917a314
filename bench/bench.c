/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * bench.c: the benchmark runner — `eenplan-bench [NAME…]`, normally run
 * through `./dev bench`, which builds with optimisation first.
 *
 * It prepares its own database (a throw-away embedded cluster in a temporary
 * directory, migrated), runs the named workloads (all without a name), and
 * prints one result line per workload (see bench.h). EENPLAN_BENCH_HOLD=SECONDS
 * keeps the cluster that long afterwards, for EXPLAIN or perf on its data.
 */
#include "bench.h"

#include "ep-cluster.h"
#include "ep-db-conn.h"
#include "ep-migrate.h"
#include "ep-migrations-resource.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

typedef struct
{
  const gchar *name;
  const gchar *what;
  gboolean (*run) (const BenchContext *ctx, GError **error);
} Workload;

static const Workload workloads[] = {
  { "db-roundtrip", "SELECT 1 through the pool, 4 threads: the floor for later workloads",
    bench_db_roundtrip },
  { "audit-append", "audited write transactions, 16 writers in 1 and in 16 municipalities",
    bench_audit_append },
  { "audit-verify",
    "verify 1,000,000 chained events (as verify does, and --blocks-only), beside raw SHA-256",
    bench_audit_verify },
  { "intake-record", "full intakes through the library, 4 threads, beside plain libpq",
    bench_intake_record },
  { "http-healthz",
    "GET /healthz with wrk (2 threads, 16 connections); then its p99 idle and during 100 sign-ins",
    bench_http_healthz },
  { "http-intake-read",
    "GET /api/v1/intakes/{id} with wrk and a bearer token, beside ep_intake_load in 16 threads",
    bench_http_intake_read },
  { "plan-data",
    "generate and COPY the plan benchmarks' dataset: 100,000 households with intakes and plans "
    "(EENPLAN_BENCH_HOUSEHOLDS, EENPLAN_BENCH_SEED)",
    bench_plan_load },
  { "plan-overview",
    "a household's whole plan through ep_plan_read (access log included), 4 threads over the "
    "plan dataset, beside the same read without the access-log row",
    bench_plan_overview },
  { "http-plan-read",
    "GET /api/v1/households/{id}/plan with wrk (16 connections, 4 signed-in users) over the "
    "plan dataset, beside plan-overview's ep_plan_read",
    bench_http_plan_read },
  { "plan-update",
    "goal and action writes through the library with their audit events, 4 threads, beside the "
    "same rows by plain libpq",
    bench_plan_update },
  { "supervisor-overview",
    "one supervisor's team view — level requests waiting, overdue evaluations per regisseur, "
    "escalations and de-escalations, time at each level and regie op regie over a year, the first "
    "page of 50 — through "
    "ep_plan_supervise_* (access log included), fixed clock, 4 threads over the plan dataset's 20 "
    "teams",
    bench_supervisor_overview },
  { "web-load",
    "the web UI in chromium: JS + CSS of the first load (gzip) and the time to interactive of "
    "the werkbak and of the intake form with the CPU throttled 4x",
    bench_web_load },
};

void
bench_progress (const gchar *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree gchar *text = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, "  .. %s\n", text);
}

typedef struct
{
  BenchOpFunc op;
  gpointer user_data;
  guint thread_index;
  guint64 ops;
  gdouble *latencies_ms; /* one per op */
  GError *error;
} BenchThread;

static gpointer
bench_thread (gpointer data)
{
  BenchThread *t = data;
  for (guint64 i = 0; i < t->ops; i++)
    {
      gint64 start = g_get_monotonic_time ();
      if (!t->op (t->user_data, t->thread_index, i, &t->error))
        break;
      t->latencies_ms[i] = (g_get_monotonic_time () - start) / 1000.0;
    }
  return NULL;
}

static gint
compare_doubles (gconstpointer a, gconstpointer b)
{
  gdouble x = *(const gdouble *) a, y = *(const gdouble *) b;
  return (x > y) - (x < y);
}

void
bench_cpu_read (BenchCpu *cpu)
{
  g_autofree gchar *stat = NULL;
  guint64 user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0;
  memset (cpu, 0, sizeof *cpu);
  if (!g_file_get_contents ("/proc/stat", &stat, NULL, NULL)
      || sscanf (stat,
                 "cpu %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT
                 " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT
                 " %" G_GUINT64_FORMAT,
                 &user, &nice, &system, &idle, &iowait, &irq, &softirq)
           != 7)
    return;
  gdouble us_per_tick = 1e6 / (gdouble) sysconf (_SC_CLK_TCK);
  cpu->user_us = (gdouble) (user + nice) * us_per_tick;
  cpu->system_us = (gdouble) (system + irq + softirq) * us_per_tick;
}

/* utime + stime (and, with @children, cutime + cstime) of process @pid, in clock ticks; its
 * parent in @ppid. FALSE when it is gone. */
static gboolean
proc_ticks (const gchar *pid, gboolean children, guint64 *ticks, gint64 *ppid)
{
  g_autofree gchar *path = g_strdup_printf ("/proc/%s/stat", pid);
  g_autofree gchar *stat = NULL;
  if (!g_file_get_contents (path, &stat, NULL, NULL))
    return FALSE;
  /* Fields after the command, which may hold spaces: state ppid … utime(14) stime cutime cstime. */
  const gchar *after = strrchr (stat, ')');
  if (after == NULL)
    return FALSE;
  g_auto (GStrv) fields = g_strsplit (after + 2, " ", 20);
  if (g_strv_length (fields) < 16)
    return FALSE;
  *ppid = g_ascii_strtoll (fields[1], NULL, 10);
  *ticks = g_ascii_strtoull (fields[11], NULL, 10) + g_ascii_strtoull (fields[12], NULL, 10);
  if (children)
    *ticks += g_ascii_strtoull (fields[13], NULL, 10) + g_ascii_strtoull (fields[14], NULL, 10);
  return TRUE;
}

gdouble
bench_own_cpu_ms (const BenchContext *ctx)
{
  struct rusage self, reaped;
  getrusage (RUSAGE_SELF, &self);
  getrusage (RUSAGE_CHILDREN, &reaped);
  gdouble ms = (self.ru_utime.tv_sec + self.ru_stime.tv_sec + reaped.ru_utime.tv_sec
                + reaped.ru_stime.tv_sec)
                 * 1000.0
               + (self.ru_utime.tv_usec + self.ru_stime.tv_usec + reaped.ru_utime.tv_usec
                  + reaped.ru_stime.tv_usec)
                   / 1000.0;

  /* The postmaster: the first line of its pid file. */
  gint64 postmaster = -1;
  g_autofree gchar *pid_file = g_build_filename (ctx->data_dir, "postmaster.pid", NULL);
  g_autofree gchar *pids = NULL;
  if (g_file_get_contents (pid_file, &pids, NULL, NULL))
    postmaster = g_ascii_strtoll (pids, NULL, 10);

  guint64 ticks = 0;
  gint64 me = getpid ();
  g_autoptr (GDir) proc = g_dir_open ("/proc", 0, NULL);
  const gchar *name;
  while (proc != NULL && (name = g_dir_read_name (proc)) != NULL)
    {
      guint64 t = 0;
      gint64 ppid = 0, pid = g_ascii_strtoll (name, NULL, 10);
      if (pid <= 0 || pid == me)
        continue;
      /* The postmaster with what its ended backends spent; its live children; this process's
       * live children (their own ended children are not counted). */
      if (pid == postmaster)
        {
          if (proc_ticks (name, TRUE, &t, &ppid))
            ticks += t;
        }
      else if (proc_ticks (name, FALSE, &t, &ppid) && (ppid == postmaster || ppid == me))
        ticks += t;
    }
  return ms + ticks * 1000.0 / (gdouble) sysconf (_SC_CLK_TCK);
}

gdouble
bench_sort_median (gdouble *values, guint n)
{
  g_return_val_if_fail (values != NULL && n > 0, 0.0);
  qsort (values, n, sizeof *values, compare_doubles);
  return (values[(n - 1) / 2] + values[n / 2]) / 2;
}

void
bench_stats_clear (BenchStats *stats)
{
  g_clear_pointer (&stats->samples_ms, g_array_unref);
  g_free (stats->extra);
  memset (stats, 0, sizeof *stats);
}

void
bench_stats_add (BenchStats *stats, guint64 ops, gdouble secs, const gdouble *samples_ms, guint n)
{
  if (stats->samples_ms == NULL)
    stats->samples_ms = g_array_new (FALSE, FALSE, sizeof (gdouble));
  g_array_append_vals (stats->samples_ms, samples_ms, n);
  g_array_sort (stats->samples_ms, compare_doubles);
  guint all = stats->samples_ms->len;
  stats->ops += ops;
  stats->secs += secs;
  if (all > 0)
    {
      stats->p50_ms = g_array_index (stats->samples_ms, gdouble, all / 2);
      stats->p99_ms = g_array_index (stats->samples_ms, gdouble,
                                     MIN (all - 1, (guint) ((guint64) all * 99 / 100)));
    }
}

gboolean
bench_run_threads (guint n_threads, guint64 ops_per_thread, BenchOpFunc op, gpointer user_data,
                   BenchStats *stats, GError **error)
{
  g_autofree BenchThread *threads = g_new0 (BenchThread, n_threads);
  g_autofree GThread **handles = g_new0 (GThread *, n_threads);
  guint64 total = (guint64) n_threads * ops_per_thread;
  g_autofree gdouble *latencies = g_new0 (gdouble, total);

  gint64 start = g_get_monotonic_time ();
  for (guint i = 0; i < n_threads; i++)
    {
      threads[i]
        = (BenchThread){ op,  user_data, i, ops_per_thread, latencies + (gsize) i * ops_per_thread,
                         NULL };
      handles[i] = g_thread_new ("bench", bench_thread, &threads[i]);
    }
  for (guint i = 0; i < n_threads; i++)
    g_thread_join (handles[i]);
  gint64 end = g_get_monotonic_time ();

  gboolean ok = TRUE;
  for (guint i = 0; i < n_threads; i++)
    if (threads[i].error != NULL)
      {
        if (ok)
          g_propagate_error (error, g_steal_pointer (&threads[i].error));
        g_clear_error (&threads[i].error);
        ok = FALSE;
      }
  if (!ok)
    return FALSE;

  bench_stats_add (stats, total, (end - start) / 1e6, latencies, (guint) total);
  return TRUE;
}

gboolean
bench_run_threads_cpu (const BenchContext *ctx, guint n_threads, guint64 ops_per_thread,
                       BenchOpFunc op, gpointer user_data, BenchStats *stats, gdouble *cpu_ms,
                       GError **error)
{
  gdouble before = bench_own_cpu_ms (ctx);
  gboolean ok = bench_run_threads (n_threads, ops_per_thread, op, user_data, stats, error);
  *cpu_ms += bench_own_cpu_ms (ctx) - before;
  return ok;
}

gdouble
bench_peak_rss_mib (void)
{
  struct rusage usage;
  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0; /* Linux reports kilobytes */
}

void
bench_report (const gchar *name, const BenchStats *stats, const gchar *baseline_name,
              const BenchStats *baseline)
{
  gdouble rate = stats->ops / stats->secs;
  printf ("bench %s ops=%" G_GUINT64_FORMAT " secs=%.3f rate=%.1f/s p50_ms=%.3f p99_ms=%.3f "
          "rss_mib=%.1f",
          name, stats->ops, stats->secs, rate, stats->p50_ms, stats->p99_ms, bench_peak_rss_mib ());
  if (stats->server_rss_mib > 0)
    printf (" server_rss_mib=%.1f", stats->server_rss_mib);
  if (baseline_name != NULL && baseline != NULL)
    printf (" baseline=%s ratio=%.3f", baseline_name, rate / (baseline->ops / baseline->secs));
  if (stats->extra != NULL)
    printf (" %s", stats->extra);
  printf ("\n");
  fflush (stdout);
}

static const Workload *
find_workload (const gchar *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (workloads); i++)
    if (strcmp (workloads[i].name, name) == 0)
      return &workloads[i];
  return NULL;
}

int
main (int argc, char **argv)
{
  if (argc > 1 && (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0))
    {
      printf ("Usage: eenplan-bench [NAME…]\n\nWorkloads:\n");
      for (gsize i = 0; i < G_N_ELEMENTS (workloads); i++)
        printf ("  %-16s %s\n", workloads[i].name, workloads[i].what);
      return 0;
    }

  g_autoptr (GPtrArray) selected = g_ptr_array_new ();
  for (int i = 1; i < argc; i++)
    {
      const Workload *w = find_workload (argv[i]);
      if (w == NULL)
        {
          fprintf (stderr, "eenplan-bench: unknown workload '%s' (--help lists them)\n", argv[i]);
          return 2;
        }
      g_ptr_array_add (selected, (gpointer) w);
    }
  if (selected->len == 0)
    for (gsize i = 0; i < G_N_ELEMENTS (workloads); i++)
      g_ptr_array_add (selected, (gpointer) &workloads[i]);

  g_autoptr (GError) error = NULL;
  g_autofree gchar *dir = g_dir_make_tmp ("eenplan-bench-XXXXXX", &error);
  if (dir == NULL)
    {
      fprintf (stderr, "eenplan-bench: %s\n", error->message);
      return 1;
    }
  bench_progress ("starting a throw-away cluster in %s", dir);
  g_autoptr (EpCluster) cluster = ep_cluster_new (dir);
  g_autofree gchar *owner = ep_cluster_conninfo (cluster, EP_CLUSTER_OWNER_ROLE);
  g_autofree gchar *app = ep_cluster_conninfo (cluster, EP_CLUSTER_APP_ROLE);
  g_autoptr (PGconn) conn = NULL;
  int status = 0;

  if (!ep_cluster_start (cluster, &error) || (conn = ep_db_connect (owner, &error)) == NULL
      || !ep_migrate_apply (conn, ep_migrations_get_resource (), "/org/eenplan/migrations/", NULL,
                            &error))
    {
      fprintf (stderr, "eenplan-bench: cannot prepare the database: %s\n", error->message);
      status = 1;
    }

  BenchContext ctx = { owner, app, ep_cluster_get_data_dir (cluster) };
  for (guint i = 0; status == 0 && i < selected->len; i++)
    {
      const Workload *w = selected->pdata[i];
      bench_progress ("%s: %s", w->name, w->what);
      if (!w->run (&ctx, &error))
        {
          fprintf (stderr, "eenplan-bench: %s failed: %s\n", w->name, error->message);
          status = 1;
        }
    }

  /* For a look at the loaded data from outside (EXPLAIN, perf): EENPLAN_BENCH_HOLD=SECONDS keeps
   * the cluster that long after the workloads. */
  const gchar *hold = g_getenv ("EENPLAN_BENCH_HOLD");
  if (status == 0 && hold != NULL && *hold != '\0')
    {
      bench_progress ("holding the cluster for %s s: psql '%s'", hold, owner);
      g_usleep ((gulong) g_ascii_strtoull (hold, NULL, 10) * G_USEC_PER_SEC);
    }

  g_clear_pointer (&conn, ep_db_close);
  g_autoptr (GError) destroy_error = NULL;
  if (!ep_cluster_destroy (cluster, &destroy_error))
    fprintf (stderr, "eenplan-bench: %s\n", destroy_error->message);
  return status;
}
