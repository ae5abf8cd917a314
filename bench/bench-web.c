/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * bench-web.c: web-load — the web UI as a browser meets it, measured by bench/web-load.mjs
 * (playwright-core from web/node_modules driving Debian's chromium, headless, 768×1024) against
 * `eenplan serve --web web/dist` on the benchmark's cluster:
 *
 *   kb       the JS and CSS of the first load (the sign-in page, an empty cache), as they came
 *            over the wire: gzip-encoded bodies, in KiB (target ≤ 200)
 *   tti_ms   the werkbak's time to interactive with the CPU throttled 4× (CDP
 *            Emulation.setCPUThrottlingRate), an empty cache and a signed-in user: from the
 *            navigation's start until its lists are drawn and the main thread has had no long
 *            task for 100 ms; the median of the runs (target ≤ 1500), each run one op and one
 *            latency sample (p50_ms, p99_ms)
 *
 * The werkbak is that of a casemanager of the benchmark's municipality with WEB_CONTACTS new
 * contacts without an intake. Needs web/dist built (./dev bench builds it).
 */
#include "bench.h"

#include "ep-contact.h"
#include "ep-db-conn.h"
#include "ep-org-error.h"
#include "ep-user.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/wait.h>

#define WEB_USER "bench.web"
#define WEB_PASSWORD "een lange zin voor de webbenchmark"
#define WEB_CONTACTS 40
#define WEB_RUNS "7"

/* The casemanager and the contacts of their werkbak (once per run). */
static gboolean
prepare (const BenchContext *ctx, GError **error)
{
  if (!bench_intake_municipality (ctx, error))
    return FALSE;
  g_autoptr (PGconn) app = ep_db_connect (ctx->app_conninfo, error);
  if (app == NULL)
    return FALSE;
  EpUser user = { .username = WEB_USER, .display_name = "Benchmark web", .role = "casemanager" };
  EpDbTxContext admin
    = { .gemeente = BENCH_INTAKE_GEMEENTE, .actor_id = "bench", .actor_role = "admin" };
  if (!ep_user_add (app, &admin, &user, WEB_PASSWORD, NULL, error))
    return FALSE;
  EpDbTxContext worker
    = { .gemeente = BENCH_INTAKE_GEMEENTE, .actor_id = WEB_USER, .actor_role = "casemanager" };
  for (guint i = 0; i < WEB_CONTACTS; i++)
    {
      g_autoptr (EpContact) contact = ep_contact_new ();
      contact->vindplaats_id = g_strdup (BENCH_INTAKE_VINDPLAATS);
      contact->channel = i % 2 ? EP_KANAAL_TELEFOON : EP_KANAAL_HUISBEZOEK;
      contact->type = EP_CONTACT_TYPE_HULPVRAAG;
      contact->question = g_strdup_printf ("Inwoner %u vraagt hulp bij de huur en de schulden", i);
      contact->date = g_strdup_printf ("2026-11-%02u", 1 + i % 28);
      if (!ep_contact_record (app, &worker, contact, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
bench_web_load (const BenchContext *ctx, GError **error)
{
  g_autofree gchar *web_dir = g_build_filename (BENCH_SOURCE_DIR, "web", NULL);
  g_autofree gchar *dist = g_build_filename (web_dir, "dist", NULL);
  g_autofree gchar *index = g_build_filename (dist, "index.html", NULL);
  if (!g_file_test (index, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "%s is not built: ./dev bench (or ./dev build) builds it", dist);
      return FALSE;
    }
  g_auto (BenchServer) server = { 0 };
  if (!prepare (ctx, error) || !bench_server_start (&server, ctx->app_conninfo, 8, dist, error))
    return FALSE;

  g_autofree gchar *script = g_build_filename (BENCH_SOURCE_DIR, "bench", "web-load.mjs", NULL);
  g_auto (GStrv) env = g_get_environ ();
  env = g_environ_setenv (env, "EP_BASE_URL", server.base, TRUE);
  env = g_environ_setenv (env, "EP_WEB_ROOT", web_dir, TRUE);
  env = g_environ_setenv (env, "EP_GEMEENTE", BENCH_INTAKE_GEMEENTE, TRUE);
  env = g_environ_setenv (env, "EP_USERNAME", WEB_USER, TRUE);
  env = g_environ_setenv (env, "EP_PASSWORD", WEB_PASSWORD, TRUE);
  env = g_environ_setenv (env, "EP_RUNS", WEB_RUNS, TRUE);
  const gchar *argv[] = { "node", script, NULL };
  g_autofree gchar *out = NULL;
  gint status = 0;
  gint64 started = g_get_monotonic_time ();
  if (!g_spawn_sync (NULL, (gchar **) argv, env, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, &status, error)
      || !g_spawn_check_wait_status (status, error))
    {
      g_prefix_error (error, "bench/web-load.mjs: ");
      return FALSE;
    }
  gdouble secs = (g_get_monotonic_time () - started) / 1e6;

  /* Its last line: {"kb": K, "tti_ms": [T, …]}. */
  g_strchomp (out);
  const gchar *last = strrchr (out, '\n');
  g_autoptr (JsonNode) json = json_from_string (last != NULL ? last + 1 : out, error);
  if (json == NULL || !JSON_NODE_HOLDS_OBJECT (json))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "web-load.mjs said: %s", out);
      return FALSE;
    }
  JsonObject *o = json_node_get_object (json);
  JsonArray *runs = json_object_get_array_member (o, "tti_ms");
  guint n = json_array_get_length (runs);
  g_autofree gdouble *samples = g_new (gdouble, n);
  for (guint i = 0; i < n; i++)
    samples[i] = json_array_get_double_element (runs, i);
  BenchStats stats = { 0 };
  bench_stats_add (&stats, n, secs, samples, n);
  stats.server_rss_mib = bench_server_peak_rss_mib (&server);
  stats.extra = g_strdup_printf ("kb=%.1f tti_ms=%.0f", json_object_get_double_member (o, "kb"),
                                 stats.p50_ms);
  bench_report ("web-load", &stats, NULL, NULL);
  bench_stats_clear (&stats);
  return TRUE;
}
