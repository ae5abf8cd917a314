/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-metrics.c: GET /metrics over HTTP — the Prometheus text format; requests counted by route
 * pattern (never the path), method and status, by exactly the requests made; each histogram's
 * _count equal to the sum of its counters; the database pool's gauges; the audit sealer's lag,
 * held back on purpose by a transaction left open.
 */
#include "http-suites.h"

#include <string.h>

#define REQUESTS "eenplan_http_requests_total"
#define DURATION "eenplan_http_request_duration_seconds"

/* GET /metrics, its samples as "name{labels}" → value. */
static GHashTable *
scrape (void)
{
  g_autoptr (EpHttpReply) reply = ep_http (NULL, "GET", "/metrics", NULL, NULL);
  EP_ASSERT_STATUS (reply, 200);
  ck_assert_str_eq (reply->content_type, "text/plain; version=0.0.4; charset=utf-8");
  GHashTable *samples = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto (GStrv) lines = g_strsplit (reply->body, "\n", -1);
  for (gchar **line = lines; *line != NULL; line++)
    {
      if (**line == '\0' || **line == '#')
        continue;
      const gchar *space = strrchr (*line, ' ');
      ck_assert_msg (space != NULL, "not a sample: %s", *line);
      ck_assert_msg (!g_hash_table_contains (samples, *line), "twice: %s", *line);
      g_hash_table_insert (samples, g_strndup (*line, (gsize) (space - *line)),
                           g_strdup (space + 1));
    }
  return samples;
}

static guint64
sample (GHashTable *samples, const gchar *key)
{
  const gchar *value = g_hash_table_lookup (samples, key);
  return value != NULL ? g_ascii_strtoull (value, NULL, 10) : 0;
}

START_TEST (test_metrics_counts)
{
  g_autoptr (GHashTable) before = scrape ();

  for (int i = 0; i < 3; i++)
    {
      g_autoptr (EpHttpReply) me = ep_http (NULL, "GET", "/api/v1/me", NULL, NULL);
      EP_ASSERT_STATUS (me, 401);
    }
  for (int i = 0; i < 2; i++)
    {
      g_autoptr (EpHttpReply) health = ep_http (NULL, "GET", "/healthz", NULL, NULL);
      EP_ASSERT_STATUS (health, 200);
    }
  g_autoptr (EpHttpReply) intake
    = ep_http (NULL, "GET", "/api/v1/intakes/0190a000-0000-7000-8000-00000000abcd", NULL, NULL);
  EP_ASSERT_STATUS (intake, 401);
  g_autoptr (EpHttpReply) nowhere = ep_http (NULL, "GET", "/api/v1/nergens/12345", NULL, NULL);
  EP_ASSERT_STATUS (nowhere, 404);
  /* A path of the web UI (api/static.c): its index.html, counted as the route "fallback". */
  g_autoptr (EpHttpReply) page = ep_http (NULL, "GET", "/nergens/12345", NULL, NULL);
  EP_ASSERT_STATUS (page, 200);
  g_autoptr (EpHttpReply) wrong = ep_http (NULL, "BREW", "/healthz", NULL, NULL);
  EP_ASSERT_STATUS (wrong, 405);

  g_autoptr (GHashTable) now = scrape ();
  const struct
  {
    const gchar *series;
    guint64 added;
  } want[] = {
    { REQUESTS "{route=\"/api/v1/me\",method=\"GET\",status=\"401\"}", 3 },
    { REQUESTS "{route=\"/healthz\",method=\"GET\",status=\"200\"}", 2 },
    { REQUESTS "{route=\"/api/v1/intakes/{id}\",method=\"GET\",status=\"401\"}", 1 },
    { REQUESTS "{route=\"unmatched\",method=\"GET\",status=\"404\"}", 1 },
    { REQUESTS "{route=\"fallback\",method=\"GET\",status=\"200\"}", 1 },
    { REQUESTS "{route=\"unmatched\",method=\"OTHER\",status=\"405\"}", 1 },
    { REQUESTS "{route=\"/metrics\",method=\"GET\",status=\"200\"}", 1 }, /* the first scrape */
    { DURATION "_count{route=\"/api/v1/me\",method=\"GET\"}", 3 },
    { DURATION "_bucket{route=\"/api/v1/me\",method=\"GET\",le=\"+Inf\"}", 3 },
    { "eenplan_db_pool_in_use", 0 },
    { "eenplan_db_pool_waiting", 0 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (want); i++)
    {
      ck_assert_msg (g_hash_table_contains (now, want[i].series), "missing: %s", want[i].series);
      guint64 got = sample (now, want[i].series) - sample (before, want[i].series);
      ck_assert_msg (got == want[i].added,
                     "%s: went up by %" G_GUINT64_FORMAT ", want %" G_GUINT64_FORMAT,
                     want[i].series, got, want[i].added);
    }

  /* Every histogram's _count is the sum of its route and method's counters, and no path (with
   * its id) is a label. */
  GHashTableIter iter;
  gpointer key = NULL;
  guint64 all_counts = 0, all_requests = 0;
  g_hash_table_iter_init (&iter, now);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const gchar *name = key;
      ck_assert_msg (strstr (name, "abcd") == NULL && strstr (name, "12345") == NULL,
                     "a path in %s", name);
      if (g_str_has_prefix (name, REQUESTS "{"))
        all_requests += sample (now, name);
      if (!g_str_has_prefix (name, DURATION "_count{"))
        continue;
      const gchar *labels = name + strlen (DURATION "_count");
      g_autofree gchar *prefix
        = g_strdup_printf (REQUESTS "%.*s,status=\"", (int) strlen (labels) - 1, labels);
      guint64 sum = 0;
      GHashTableIter inner;
      gpointer other = NULL;
      g_hash_table_iter_init (&inner, now);
      while (g_hash_table_iter_next (&inner, &other, NULL))
        if (g_str_has_prefix (other, prefix))
          sum += sample (now, other);
      ck_assert_msg (sum == sample (now, name),
                     "%s = %" G_GUINT64_FORMAT ", counters %" G_GUINT64_FORMAT, name,
                     sample (now, name), sum);
      all_counts += sample (now, name);
    }
  ck_assert_uint_gt (all_counts, 0);
  ck_assert_uint_eq (all_counts, all_requests);
}
END_TEST

#define UNSEALED "eenplan_audit_unsealed_events"
#define OLDEST "eenplan_audit_unsealed_oldest_age_seconds"

static gdouble
seconds (GHashTable *samples, const gchar *key)
{
  const gchar *value = g_hash_table_lookup (samples, key);
  ck_assert_msg (value != NULL, "missing: %s", key);
  return g_ascii_strtod (value, NULL);
}

/* Scrapes until the sealer has sealed everything (it runs every 500 ms), at most 30 s; returns
 * the last scrape. */
static GHashTable *
scrape_when_sealed (void)
{
  for (int i = 0; i < 300; i++)
    {
      GHashTable *samples = scrape ();
      if (sample (samples, UNSEALED) == 0)
        return samples;
      g_hash_table_unref (samples);
      g_usleep (100 * 1000);
    }
  ck_abort_msg ("the sealer did not catch up in 30 s");
  return NULL;
}

/* The sealer's lag: nothing waits once it has caught up; events committed while an older
 * transaction is still running wait (the sealer chains only below the oldest one running), and
 * are counted exactly, with the age of the oldest; once that transaction ends they are sealed. */
START_TEST (test_metrics_sealer_lag)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (PGconn) blocker = ep_test_db_owner (ep_test_cluster);
  ep_test_db_exec (owner, "INSERT INTO gemeente (gemeente, naam) VALUES ('GM0999', 'Metrics')"
                          " ON CONFLICT DO NOTHING");

  g_autoptr (GHashTable) idle = scrape_when_sealed ();
  ck_assert_str_eq (g_hash_table_lookup (idle, UNSEALED), "0");
  ck_assert_str_eq (g_hash_table_lookup (idle, OLDEST), "0.000");

  /* A transaction with an id, left open: nothing committed after it is sealed meanwhile. Then
   * three events, as the owner can write them (two of them an hour old). */
  ep_test_db_exec (blocker, "BEGIN; SELECT pg_current_xact_id ()");
  ep_test_db_exec (owner,
                   "INSERT INTO audit_event (gemeente, occurred_at, actor_id, actor_role, action,"
                   "                         entity_type, purpose)"
                   " SELECT 'GM0999', now () - t, 'test', 'system', 'test', 'metrics_test',"
                   "        'toets'"
                   "   FROM unnest (ARRAY[interval '1 hour', interval '1 hour', interval '0']) t");
  g_usleep (1200 * 1000); /* two rounds of the sealer, which must leave them */
  g_autoptr (GHashTable) held = scrape ();
  ck_assert_str_eq (g_hash_table_lookup (held, UNSEALED), "3");
  gdouble age = seconds (held, OLDEST);
  ck_assert_msg (age >= 3601.0 && age < 3660.0, "oldest %f s", age);

  /* The transaction ends: they are sealed, and nothing waits. */
  ep_test_db_exec (blocker, "ROLLBACK");
  g_autoptr (GHashTable) after = scrape_when_sealed ();
  ck_assert_str_eq (g_hash_table_lookup (after, UNSEALED), "0");
  ck_assert_str_eq (g_hash_table_lookup (after, OLDEST), "0.000");
  ck_assert_int_eq (ep_test_db_count (owner, "SELECT count(*) FROM audit_chain c"
                                             "  JOIN audit_event e ON (e.gemeente, e.id)"
                                             "                      = (c.gemeente, c.event_id)"
                                             " WHERE e.entity_type = 'metrics_test'"),
                    ep_test_db_count (owner, "SELECT count(*) FROM audit_event"
                                             " WHERE entity_type = 'metrics_test'"));
}
END_TEST

Suite *
ep_http_metrics_suite (void)
{
  Suite *suite = suite_create ("metrics");
  TCase *tc = tcase_create ("metrics");
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_metrics_counts);
  tcase_add_test (tc, test_metrics_sealer_lag);
  suite_add_tcase (suite, tc);
  return suite;
}
