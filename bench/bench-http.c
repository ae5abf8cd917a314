/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * bench-http.c: the server over HTTP, measured with wrk (2 threads, 16 connections, --latency)
 * against `eenplan serve` as built beside this runner (the release build under ./dev bench),
 * 8 workers, on the benchmark's cluster as a configured database.
 *
 *   http-healthz      GET /healthz for 10 s; then /healthz for 5 s idle and 5 s while 100
 *                     sign-ins run at once (http-healthz-idle, http-healthz-storm: compare p99)
 *   http-intake-read  GET /api/v1/intakes/{id} with a bearer token for 10 s, cycling over 200
 *                     intakes recorded through the library; beside it (baseline=library)
 *                     ep_intake_load of the same intakes in 16 threads over a pool of 8
 *                     connections, the server's
 *   http-plan-read    GET /api/v1/households/{id}/plan for 10 s by 4 signed-in case workers (their
 *                     tokens in turn), over the plans of the plan benchmarks' dataset
 *                     (bench-plan-data.c); beside it (baseline=plan-overview) ep_plan_read as
 *                     plan-overview measures it, in the same run
 *
 * Each line carries the server's peak resident memory (server_rss_mib, VmHWM).
 */
#include "bench.h"

#include "ep-db-conn.h"
#include "ep-intake-json.h"
#include "ep-intake-store.h"
#include "ep-org-error.h"
#include "ep-user.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define HTTP_GEMEENTE BENCH_INTAKE_GEMEENTE
#define HTTP_WORKERS 8
#define HTTP_CONNECTIONS 16
#define HTTP_INTAKES 200
#define HTTP_USER "bench.http"
#define HTTP_PASSWORD "een lange zin voor de benchmark"
#define STORM_SIGN_INS 100
#define PSEUDONYM_KEY "eenplan-bench-pseudonym-key-0123456789"
#define PLAN_READERS 4 /* case workers reading plans, each signed in once */
#define PLAN_READER "bench.plan.http."

/* ---- wrk ----------------------------------------------------------------------------------- */

/* A wrk duration ("812.00us", "1.23ms", "2.01s", "1.00m") in milliseconds. */
static gdouble
wrk_ms (const gchar *text)
{
  gchar *unit = NULL;
  gdouble value = g_ascii_strtod (text, &unit);
  if (g_str_has_prefix (unit, "us"))
    return value / 1000;
  if (g_str_has_prefix (unit, "ms"))
    return value;
  if (g_str_has_prefix (unit, "m"))
    return value * 60000;
  return value * 1000; /* s */
}

/* The figure after @label in wrk's latency table (" 99%"), in ms; -1 when absent. */
static gdouble
wrk_percentile (const gchar *out, const gchar *label)
{
  const gchar *table = strstr (out, "Latency Distribution");
  const gchar *at = table != NULL ? strstr (table, label) : NULL;
  return at != NULL ? wrk_ms (g_strchug ((gchar *) at + strlen (label))) : -1;
}

/**
 * run_wrk:
 * @script: (nullable): a Lua script for wrk's requests
 *
 * Runs wrk on @url for @seconds and adds its figures to @stats. Fails when wrk fails, when
 * any answer was not 2xx/3xx, or when its output cannot be read.
 */
static gboolean
run_wrk (const gchar *url, guint seconds, const gchar *script, BenchStats *stats, GError **error)
{
  g_autofree gchar *duration = g_strdup_printf ("%us", seconds);
  g_autofree gchar *connections = g_strdup_printf ("%d", HTTP_CONNECTIONS);
  const gchar *argv[] = { "wrk",       "-t2",
                          "-c",        connections,
                          "-d",        duration,
                          "--latency", "--timeout",
                          "30s",       script != NULL ? "-s" : url,
                          script,      script != NULL ? url : NULL,
                          NULL };
  g_autofree gchar *out = NULL, *err = NULL;
  gint status = 0;
  if (!g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                     &status, error)
      || !g_spawn_check_wait_status (status, error))
    {
      g_prefix_error (error, "wrk (%s): ", err != NULL ? err : "");
      return FALSE;
    }
  const gchar *non_2xx = strstr (out, "Non-2xx or 3xx responses:");
  const gchar *requests = strstr (out, " requests in ");
  if (non_2xx != NULL || requests == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "wrk on %s: %s", url, out);
      return FALSE;
    }
  const gchar *line = requests;
  while (line > out && line[-1] != '\n')
    line--;
  const gchar *timeouts = strstr (out, "Socket errors:");
  if (timeouts != NULL)
    bench_progress ("wrk: %.*s", (int) strcspn (timeouts, "\n"), timeouts);
  stats->ops += g_ascii_strtoull (line, NULL, 10);
  stats->secs += wrk_ms (requests + strlen (" requests in ")) / 1000;
  stats->p50_ms = wrk_percentile (out, " 50%");
  stats->p99_ms = wrk_percentile (out, " 99%");
  return TRUE;
}

/* ---- set-up -------------------------------------------------------------------------------- */

static const EpDbTxContext bench_worker
  = { .gemeente = HTTP_GEMEENTE, .actor_id = "bench", .actor_role = "casemanager" };

/* The municipality, its vindplaats and a casemanager with HTTP_PASSWORD (once per run). */
static gboolean
prepare (const BenchContext *ctx, GError **error)
{
  if (!bench_intake_municipality (ctx, error))
    return FALSE;
  g_autoptr (PGconn) app = ep_db_connect (ctx->app_conninfo, error);
  if (app == NULL)
    return FALSE;
  EpUser user = { .username = HTTP_USER, .display_name = "Benchmark", .role = "casemanager" };
  /* The benchmark's set-up is no user of the municipality: it acts as eenplan's own work, which
   * org/ lets manage users as it lets an administrator. */
  EpDbTxContext system
    = { .gemeente = HTTP_GEMEENTE, .actor_id = "system", .actor_role = "system" };
  g_autoptr (GError) local_error = NULL;
  if (ep_user_add (app, &system, &user, HTTP_PASSWORD, NULL, &local_error)
      || g_error_matches (local_error, EP_ORG_ERROR, EP_ORG_ERROR_EXISTS))
    return TRUE; /* (made by the other workload of this run) */
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* Signs @username of @gemeente in as another system. Returns: (transfer full): the bearer
 * token. */
static gchar *
sign_in_as (const gchar *base, const gchar *gemeente, const gchar *username, GError **error)
{
  g_autoptr (SoupSession) session = soup_session_new_with_options ("timeout", 120, NULL);
  g_autofree gchar *uri = g_strconcat (base, "/api/v1/session", NULL);
  g_autoptr (SoupMessage) msg = soup_message_new ("POST", uri);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "gemeente");
  json_builder_add_string_value (b, gemeente);
  json_builder_set_member_name (b, "username");
  json_builder_add_string_value (b, username);
  json_builder_set_member_name (b, "password");
  json_builder_add_string_value (b, HTTP_PASSWORD);
  json_builder_set_member_name (b, "client");
  json_builder_add_string_value (b, "bearer");
  json_builder_end_object (b);
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  gchar *body = json_to_string (root, FALSE);
  g_autoptr (GBytes) request = g_bytes_new_take (body, strlen (body));
  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  g_autoptr (GBytes) answer = soup_session_send_and_read (session, msg, NULL, error);
  if (answer == NULL)
    return NULL;
  g_autoptr (JsonNode) json = soup_message_get_status (msg) == 201
                                ? json_from_string (g_bytes_get_data (answer, NULL), NULL)
                                : NULL;
  const gchar *token
    = json != NULL && JSON_NODE_HOLDS_OBJECT (json)
        ? json_object_get_string_member_with_default (json_node_get_object (json), "token", NULL)
        : NULL;
  if (token == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "sign-in: status %u",
                   soup_message_get_status (msg));
      return NULL;
    }
  return g_strdup (token);
}

/* Signs HTTP_USER in as another system. Returns: (transfer full): the bearer token. */
static gchar *
sign_in (const gchar *base, GError **error)
{
  return sign_in_as (base, HTTP_GEMEENTE, HTTP_USER, error);
}

/* ---- http-healthz -------------------------------------------------------------------------- */

static gpointer
storm_sign_in (gpointer data)
{
  GError *error = NULL;
  g_autofree gchar *token = sign_in (data, &error);
  return error; /* NULL on success */
}

gboolean
bench_http_healthz (const BenchContext *ctx, GError **error)
{
  g_auto (BenchServer) server = { 0 };
  if (!prepare (ctx, error)
      || !bench_server_start (&server, ctx->app_conninfo, HTTP_WORKERS, NULL, error))
    return FALSE;
  g_autofree gchar *url = g_strconcat (server.base, "/healthz", NULL);
  BenchStats warm = { 0 }, healthz = { 0 }, idle = { 0 }, storm = { 0 };

  gboolean ok = run_wrk (url, 2, NULL, &warm, error) && run_wrk (url, 10, NULL, &healthz, error)
                && run_wrk (url, 5, NULL, &idle, error);
  if (ok)
    {
      /* The sign-ins start with wrk's second run and go on until they are done. */
      bench_progress ("http-healthz: %d sign-ins at once, /healthz meanwhile", STORM_SIGN_INS);
      g_autofree GThread **threads = g_new0 (GThread *, STORM_SIGN_INS);
      for (guint i = 0; i < STORM_SIGN_INS; i++)
        threads[i] = g_thread_new ("sign-in", storm_sign_in, server.base);
      ok = run_wrk (url, 5, NULL, &storm, error);
      gint64 wrk_done = g_get_monotonic_time ();
      /* A sign-in that failed is a figure of the storm, not a failure of the benchmark. */
      guint failed = 0;
      for (guint i = 0; i < STORM_SIGN_INS; i++)
        {
          g_autoptr (GError) sign_in_error = g_thread_join (threads[i]);
          if (sign_in_error != NULL && failed++ == 0)
            bench_progress ("http-healthz: a sign-in failed: %s", sign_in_error->message);
        }
      bench_progress ("http-healthz: %u of %d sign-ins failed", failed, STORM_SIGN_INS);
      bench_progress ("http-healthz: the sign-ins ended %.1f s after wrk",
                      (g_get_monotonic_time () - wrk_done) / 1e6);
    }
  if (ok)
    {
      healthz.server_rss_mib = idle.server_rss_mib = storm.server_rss_mib
        = bench_server_peak_rss_mib (&server);
      bench_report ("http-healthz", &healthz, NULL, NULL);
      bench_report ("http-healthz-idle", &idle, NULL, NULL);
      bench_report ("http-healthz-storm", &storm, "http-healthz-idle", &idle);
      if (storm.ops == 0)
        bench_progress ("http-healthz: no /healthz answered during the storm (p99 > 5 s): the"
                        " sign-ins hold every worker");
      else
        bench_progress ("http-healthz: p99 during the storm / idle = %.2f",
                        storm.p99_ms / idle.p99_ms);
    }
  return ok;
}

/* ---- http-intake-read ---------------------------------------------------------------------- */

typedef struct
{
  EpDbPool *pool;
  GPtrArray *ids;
} ReadRun;

static gboolean
load_op (gpointer user_data, guint thread_index, guint64 op_index, GError **error)
{
  ReadRun *run = user_data;
  PGconn *conn = ep_db_pool_acquire (run->pool, 5000, error);
  if (conn == NULL)
    return FALSE;
  const gchar *id = run->ids->pdata[(thread_index * 7919 + op_index) % run->ids->len];
  g_autoptr (EpIntake) intake = ep_intake_load (conn, &bench_worker, id, error);
  ep_db_pool_release (run->pool, conn);
  return intake != NULL;
}

/* Records HTTP_INTAKES intakes through the library; their ids in @ids. */
static gboolean
record_intakes (EpDbPool *pool, GPtrArray *ids, GError **error)
{
  g_autoptr (GBytes) key = g_bytes_new_static (PSEUDONYM_KEY, strlen (PSEUDONYM_KEY));
  PGconn *conn = ep_db_pool_acquire (pool, 5000, error);
  if (conn == NULL)
    return FALSE;
  gboolean ok = TRUE;
  for (guint64 i = 0; ok && i < HTTP_INTAKES; i++)
    {
      g_autofree gchar *json = bench_intake_json (2000000 + i);
      g_autoptr (EpIntake) intake = ep_intake_from_json_text (json, strlen (json), NULL, error);
      ok = intake != NULL && ep_intake_record (conn, &bench_worker, key, intake, error);
      if (ok)
        g_ptr_array_add (ids, g_strdup (intake->id));
    }
  ep_db_pool_release (pool, conn);
  return ok;
}

/* A wrk script that GETs the intakes of @ids in turn, with @token. */
static gboolean
write_script (const gchar *path, GPtrArray *ids, const gchar *token, GError **error)
{
  g_autoptr (GString) lua = g_string_new ("local ids = {\n");
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (lua, "  \"%s\",\n", (const gchar *) ids->pdata[i]);
  g_string_append_printf (lua,
                          "}\n"
                          "local i = math.random(#ids)\n"
                          "wrk.headers[\"Authorization\"] = \"Bearer %s\"\n"
                          "request = function()\n"
                          "  i = i %% #ids + 1\n"
                          "  return wrk.format(\"GET\", \"/api/v1/intakes/\" .. ids[i])\n"
                          "end\n",
                          token);
  return g_file_set_contents (path, lua->str, (gssize) lua->len, error);
}

gboolean
bench_http_intake_read (const BenchContext *ctx, GError **error)
{
  g_auto (BenchServer) server = { 0 };
  if (!prepare (ctx, error))
    return FALSE;
  g_autoptr (EpDbPool) pool = ep_db_pool_new (ctx->app_conninfo, HTTP_WORKERS);
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  bench_progress ("http-intake-read: recording %d intakes", HTTP_INTAKES);
  if (!record_intakes (pool, ids, error)
      || !bench_server_start (&server, ctx->app_conninfo, HTTP_WORKERS, NULL, error))
    return FALSE;
  g_autofree gchar *token = sign_in (server.base, error);
  if (token == NULL)
    return FALSE;
  g_autofree gchar *script = g_build_filename (server.dir, "intake-read.lua", NULL);
  if (!write_script (script, ids, token, error))
    return FALSE;

  ReadRun run = { pool, ids };
  BenchStats warm = { 0 }, http = { 0 }, library = { 0 };
  gboolean ok = run_wrk (server.base, 2, script, &warm, error)
                && bench_run_threads (HTTP_CONNECTIONS, 20, load_op, &run, &warm, error)
                && run_wrk (server.base, 10, script, &http, error)
                && bench_run_threads (HTTP_CONNECTIONS, 400, load_op, &run, &library, error);
  if (ok)
    {
      http.server_rss_mib = bench_server_peak_rss_mib (&server);
      bench_report ("http-intake-read", &http, "library", &library);
    }
  g_unlink (script);
  bench_stats_clear (&warm);
  bench_stats_clear (&library);
  return ok;
}

/* ---- http-plan-read ------------------------------------------------------------------------ */

/* Adds the case workers who read plans over HTTP (HTTP_PASSWORD), unless there. */
static gboolean
add_plan_readers (const BenchContext *ctx, GError **error)
{
  g_autoptr (PGconn) app = ep_db_connect (ctx->app_conninfo, error);
  if (app == NULL)
    return FALSE;
  EpDbTxContext system
    = { .gemeente = BENCH_PLAN_GEMEENTE, .actor_id = "system", .actor_role = "system" };
  for (guint i = 0; i < PLAN_READERS; i++)
    {
      g_autofree gchar *name = g_strdup_printf (PLAN_READER "%u", i);
      EpUser user = { .username = name, .display_name = "Benchmark", .role = "casemanager" };
      g_autoptr (GError) local_error = NULL;
      if (!ep_user_add (app, &system, &user, HTTP_PASSWORD, NULL, &local_error)
          && !g_error_matches (local_error, EP_ORG_ERROR, EP_ORG_ERROR_EXISTS))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  return TRUE;
}

/* A wrk script that GETs the plans of the dataset's households in a stride through all of them
 * (each wrk thread from its own place), each request with the next reader's token. */
static gboolean
write_plan_script (const gchar *path, const BenchPlanData *data, gchar **tokens, GError **error)
{
  g_autoptr (GString) lua = g_string_new ("local ids = {\n");
  guint n = data->plans->len;
  for (guint i = 0; i < n; i++)
    {
      const BenchPlanRef *ref = data->plans->pdata[((guint64) i * 7919) % n];
      g_string_append_printf (lua, "\"%s\",\n", ref->household_id);
    }
  g_string_append (lua, "}\nlocal tokens = {\n");
  for (guint i = 0; i < PLAN_READERS; i++)
    g_string_append_printf (lua, "  \"Bearer %s\",\n", tokens[i]);
  g_string_append (lua,
                   "}\n"
                   "local i = math.random(#ids)\n"
                   "local t = 0\n"
                   "request = function()\n"
                   "  i = i % #ids + 1\n"
                   "  t = t % #tokens + 1\n"
                   "  return wrk.format(\"GET\", \"/api/v1/households/\" .. ids[i] .. \"/plan\","
                   " {[\"Authorization\"] = tokens[t]})\n"
                   "end\n");
  return g_file_set_contents (path, lua->str, (gssize) lua->len, error);
}

gboolean
bench_http_plan_read (const BenchContext *ctx, GError **error)
{
  g_auto (BenchServer) server = { 0 };
  const BenchPlanData *data = bench_plan_data (ctx, error);
  if (data == NULL || !add_plan_readers (ctx, error)
      || !bench_server_start (&server, ctx->app_conninfo, HTTP_WORKERS, NULL, error))
    return FALSE;
  gchar *tokens[PLAN_READERS] = { NULL };
  gboolean ok = TRUE;
  for (guint i = 0; ok && i < PLAN_READERS; i++)
    {
      g_autofree gchar *name = g_strdup_printf (PLAN_READER "%u", i);
      tokens[i] = sign_in_as (server.base, BENCH_PLAN_GEMEENTE, name, error);
      ok = tokens[i] != NULL;
    }
  g_autofree gchar *script = g_build_filename (server.dir, "plan-read.lua", NULL);
  ok = ok && write_plan_script (script, data, tokens, error);
  for (guint i = 0; i < PLAN_READERS; i++)
    g_free (tokens[i]);

  /* The library's figure is plan-overview's, measured again in this run after wrk's. */
  BenchStats warm = { 0 }, http = { 0 }, library = { 0 }, unlogged = { 0 };
  ok = ok && run_wrk (server.base, 2, script, &warm, error);
  gdouble cpu_before = bench_own_cpu_ms (ctx);
  ok = ok && run_wrk (server.base, 10, script, &http, error);
  gdouble http_cpu = bench_own_cpu_ms (ctx) - cpu_before;
  gdouble library_cpu = 0, unlogged_cpu = 0;
  ok
    = ok
      && bench_plan_overview_measure (ctx, &library, &unlogged, &library_cpu, &unlogged_cpu, error);
  if (ok)
    {
      http.server_rss_mib = bench_server_peak_rss_mib (&server);
      /* wrk's own CPU is in it too. */
      http.extra = g_strdup_printf ("cpu_ms_per_read=%.3f baseline_cpu_ms_per_read=%.3f",
                                    http_cpu / http.ops, library_cpu);
      bench_report ("http-plan-read", &http, "plan-overview", &library);
    }
  g_unlink (script);
  bench_stats_clear (&warm);
  bench_stats_clear (&library);
  bench_stats_clear (&unlogged);
  return ok;
}
