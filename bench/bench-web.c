/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * bench-web.c: web-load — the web UI as a browser meets it, measured by bench/web-load.mjs
 * (playwright-core from web/node_modules driving Debian's chromium, headless, 768×1024) against
 * `eenplan serve --web web/dist` on the benchmark's cluster:
 *
 *   kb       the JS and CSS of the first load (the sign-in page, an empty cache), as they came
 *            over the wire: gzip-encoded bodies, in KiB (target ≤ 200)
 *   tti_ms   the time to interactive of the werkbak and of the intake form, each with the CPU
 *            throttled 4× (CDP Emulation.setCPUThrottlingRate), an empty cache and a signed-in
 *            user: from the navigation's start until the page is drawn and the main thread has
 *            no long task after that; per page the median of its runs, and tti_ms the slower
 *            of the two (target ≤ 1500). Each run (of either page) is one op and one latency
 *            sample (p50_ms, p99_ms); a progress line gives each page's median.
 *
 * The werkbak is that of a casemanager of the benchmark's municipality with WEB_CONTACTS new
 * contacts without an intake; the intake form is a draft of theirs (bench_intake_json(): a
 * household of three, 13 ZRM scores, 5 needs, a consent), recorded through the library. Needs web/dist built (./dev bench builds it).
 */
#include "bench.h"

#include "ep-contact.h"
#include "ep-db-conn.h"
#include "ep-intake-json.h"
#include "ep-intake-store.h"
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
/* The intake draft's operation number for bench_intake_json(): far from those of the intake
 * benchmark (its BSNs and address differ), should both run on one cluster. */
#define WEB_INTAKE_OP 4060000

/* The casemanager, the contacts of their werkbak and their intake draft (once per run): sets
 * *@intake_id. */
static gboolean
prepare (const BenchContext *ctx, gchar **intake_id, GError **error)
{
  if (!bench_intake_municipality (ctx, error))
    return FALSE;
  g_autoptr (PGconn) app = ep_db_connect (ctx->app_conninfo, error);
  if (app == NULL)
    return FALSE;
  EpUser user = { .username = WEB_USER, .display_name = "Benchmark web", .role = "casemanager" };
  /* The set-up is no user of the municipality: it acts as eenplan's own work, which org/ lets
   * manage users as it lets an administrator (as bench-http.c does). */
  EpDbTxContext system
    = { .gemeente = BENCH_INTAKE_GEMEENTE, .actor_id = "system", .actor_role = "system" };
  if (!ep_user_add (app, &system, &user, WEB_PASSWORD, NULL, error))
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
  /* The draft, through the library: the server of the benchmark has no BSN key, the library
   * takes one (this one pseudonymises only the benchmark's own test BSNs). */
  static const gchar key_text[] = "eenplan-bench-web-pseudonym-key-0123456789";
  g_autoptr (GBytes) key = g_bytes_new_static (key_text, strlen (key_text));
  g_autofree gchar *json = bench_intake_json (WEB_INTAKE_OP);
  g_autoptr (EpIntake) intake = ep_intake_from_json_text (json, strlen (json), NULL, error);
  if (intake == NULL || !ep_intake_record (app, &worker, key, intake, error))
    return FALSE;
  *intake_id = g_strdup (intake->id);
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
  g_autofree gchar *intake_id = NULL;
  if (!prepare (ctx, &intake_id, error)
      || !bench_server_start (&server, ctx->app_conninfo, 8, dist, error))
    return FALSE;

  g_autofree gchar *script = g_build_filename (BENCH_SOURCE_DIR, "bench", "web-load.mjs", NULL);
  g_auto (GStrv) env = g_get_environ ();
  env = g_environ_setenv (env, "EP_BASE_URL", server.base, TRUE);
  env = g_environ_setenv (env, "EP_WEB_ROOT", web_dir, TRUE);
  env = g_environ_setenv (env, "EP_GEMEENTE", BENCH_INTAKE_GEMEENTE, TRUE);
  env = g_environ_setenv (env, "EP_USERNAME", WEB_USER, TRUE);
  env = g_environ_setenv (env, "EP_PASSWORD", WEB_PASSWORD, TRUE);
  env = g_environ_setenv (env, "EP_RUNS", WEB_RUNS, TRUE);
  env = g_environ_setenv (env, "EP_INTAKE_ID", intake_id, TRUE);
  const gchar *argv[] = { "node", script, NULL };
  g_autofree gchar *out = NULL;
  g_autofree gchar *err = NULL;
  gint status = 0;
  gint64 started = g_get_monotonic_time ();
  if (!g_spawn_sync (NULL, (gchar **) argv, env, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                     &status, error)
      || !g_spawn_check_wait_status (status, error))
    {
      /* What the script said: its error and where. */
      if (err != NULL && *err != '\0')
        bench_progress ("web-load: bench/web-load.mjs said:\n%s", err);
      g_prefix_error (error, "bench/web-load.mjs: ");
      return FALSE;
    }
  gdouble secs = (g_get_monotonic_time () - started) / 1e6;

  /* Its last line: {"kb": K, "tti_ms": {"werkbak": [T, …], "intake": [T, …]}}. */
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
  JsonObject *pages = json_object_get_object_member (o, "tti_ms");
  static const gchar *const names[] = { "werkbak", "intake" };
  g_autoptr (GArray) all = g_array_new (FALSE, FALSE, sizeof (gdouble));
  gdouble slowest = 0;
  for (guint p = 0; p < G_N_ELEMENTS (names); p++)
    {
      JsonArray *runs = pages != NULL ? json_object_get_array_member (pages, names[p]) : NULL;
      guint n = runs != NULL ? json_array_get_length (runs) : 0;
      if (n == 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "web-load.mjs gave no runs of the %s: %s", names[p], out);
          return FALSE;
        }
      g_autofree gdouble *samples = g_new (gdouble, n);
      for (guint i = 0; i < n; i++)
        samples[i] = json_array_get_double_element (runs, i);
      g_array_append_vals (all, samples, n);
      BenchStats page = { 0 };
      bench_stats_add (&page, n, secs, samples, n);
      bench_progress ("web-load: %s tti_ms=%.0f (median of %u runs; p99 %.0f)", names[p],
                      page.p50_ms, n, page.p99_ms);
      slowest = MAX (slowest, page.p50_ms);
      bench_stats_clear (&page);
    }
  BenchStats stats = { 0 };
  bench_stats_add (&stats, all->len, secs, (gdouble *) all->data, all->len);
  stats.server_rss_mib = bench_server_peak_rss_mib (&server);
  stats.extra
    = g_strdup_printf ("kb=%.1f tti_ms=%.0f", json_object_get_double_member (o, "kb"), slowest);
  bench_report ("web-load", &stats, NULL, NULL);
  bench_stats_clear (&stats);
  return TRUE;
}
