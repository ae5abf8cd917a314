/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-metrics.c: request counters and latency histograms (ep-metrics.h), in memory for the
 * server's lifetime, written out as Prometheus text.
 */
#include "ep-metrics.h"

#include <string.h>

/* Upper bounds of the latency buckets, in seconds (Prometheus's defaults); +Inf follows. */
static const gdouble bucket_bounds[] = { 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5 };
#define N_BUCKETS (G_N_ELEMENTS (bucket_bounds) + 1)

/* One (route, method): its counts by status and its latency histogram. */
typedef struct
{
  gchar *route;
  const gchar *method;        /* static */
  GArray *statuses;           /* StatusCount, in order of first appearance */
  guint64 buckets[N_BUCKETS]; /* not cumulative; the last is above every bound */
  gint64 sum_us;
  guint64 count;
} Series;

typedef struct
{
  guint status;
  guint64 count;
} StatusCount;

struct _EpMetrics
{
  GMutex lock;
  GHashTable *series; /* "method route" → Series*, under lock */
};

static void
series_free (Series *series)
{
  g_free (series->route);
  g_array_unref (series->statuses);
  g_free (series);
}

EpMetrics *
ep_metrics_new (void)
{
  EpMetrics *metrics = g_new0 (EpMetrics, 1);
  g_mutex_init (&metrics->lock);
  metrics->series
    = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) series_free);
  return metrics;
}

void
ep_metrics_free (EpMetrics *metrics)
{
  if (metrics == NULL)
    return;
  g_hash_table_unref (metrics->series);
  g_mutex_clear (&metrics->lock);
  g_free (metrics);
}

/* @method as a label: one of the standard methods, or "OTHER". Returns: a static string. */
static const gchar *
method_label (const gchar *method)
{
  static const gchar *const known[]
    = { "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS" };
  for (gsize i = 0; i < G_N_ELEMENTS (known); i++)
    if (g_strcmp0 (method, known[i]) == 0)
      return known[i];
  return "OTHER";
}

void
ep_metrics_count_request (EpMetrics *metrics, const gchar *route, const gchar *method, guint status,
                          gint64 duration_us)
{
  g_return_if_fail (metrics != NULL);

  const gchar *label = method_label (method);
  if (route == NULL)
    route = EP_METRICS_UNMATCHED;
  gsize bucket = 0;
  while (bucket < G_N_ELEMENTS (bucket_bounds) && duration_us > bucket_bounds[bucket] * 1e6)
    bucket++;
  g_autofree gchar *key = g_strconcat (label, " ", route, NULL);

  g_mutex_lock (&metrics->lock);
  Series *series = g_hash_table_lookup (metrics->series, key);
  if (series == NULL)
    {
      series = g_new0 (Series, 1);
      series->route = g_strdup (route);
      series->method = label;
      series->statuses = g_array_new (FALSE, FALSE, sizeof (StatusCount));
      g_hash_table_insert (metrics->series, g_steal_pointer (&key), series);
    }
  guint i = 0;
  while (i < series->statuses->len
         && g_array_index (series->statuses, StatusCount, i).status != status)
    i++;
  if (i == series->statuses->len)
    g_array_append_val (series->statuses, ((StatusCount){ status, 0 }));
  g_array_index (series->statuses, StatusCount, i).count++;
  series->buckets[bucket]++;
  series->sum_us += duration_us;
  series->count++;
  g_mutex_unlock (&metrics->lock);
}

/* Appends @value as a label value: backslash, double quote and newline escaped. */
static void
append_label_value (GString *out, const gchar *value)
{
  for (const gchar *c = value; *c != '\0'; c++)
    if (*c == '\\' || *c == '"')
      g_string_append_printf (out, "\\%c", *c);
    else if (*c == '\n')
      g_string_append (out, "\\n");
    else
      g_string_append_c (out, *c);
}

static void
append_labels (GString *out, const Series *series)
{
  g_string_append (out, "{route=\"");
  append_label_value (out, series->route);
  g_string_append_printf (out, "\",method=\"%s\"", series->method);
}

static gint
compare_series (gconstpointer a, gconstpointer b)
{
  const Series *x = *(Series *const *) a, *y = *(Series *const *) b;
  gint by_route = strcmp (x->route, y->route);
  return by_route != 0 ? by_route : strcmp (x->method, y->method);
}

static gint
compare_statuses (gconstpointer a, gconstpointer b)
{
  const StatusCount *x = a, *y = b;
  return (x->status > y->status) - (x->status < y->status);
}

void
ep_metrics_append_http (EpMetrics *metrics, GString *out)
{
  g_return_if_fail (metrics != NULL && out != NULL);
  gchar number[G_ASCII_DTOSTR_BUF_SIZE];

  g_mutex_lock (&metrics->lock);
  g_autoptr (GPtrArray) all = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value = NULL;
  g_hash_table_iter_init (&iter, metrics->series);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (all, value);
  g_ptr_array_sort (all, compare_series);

  g_string_append (out, "# HELP eenplan_http_requests_total HTTP requests answered, by route "
                        "pattern, method and status.\n"
                        "# TYPE eenplan_http_requests_total counter\n");
  for (guint i = 0; i < all->len; i++)
    {
      Series *series = all->pdata[i];
      g_array_sort (series->statuses, compare_statuses);
      for (guint j = 0; j < series->statuses->len; j++)
        {
          const StatusCount *s = &g_array_index (series->statuses, StatusCount, j);
          g_string_append (out, "eenplan_http_requests_total");
          append_labels (out, series);
          g_string_append_printf (out, ",status=\"%u\"} %" G_GUINT64_FORMAT "\n", s->status,
                                  s->count);
        }
    }

  g_string_append (out, "# HELP eenplan_http_request_duration_seconds Time from a request's "
                        "arrival to its answer, by route pattern and method.\n"
                        "# TYPE eenplan_http_request_duration_seconds histogram\n");
  for (guint i = 0; i < all->len; i++)
    {
      const Series *series = all->pdata[i];
      guint64 cumulative = 0;
      for (gsize b = 0; b < N_BUCKETS; b++)
        {
          cumulative += series->buckets[b];
          g_string_append (out, "eenplan_http_request_duration_seconds_bucket");
          append_labels (out, series);
          g_string_append_printf (out, ",le=\"%s\"} %" G_GUINT64_FORMAT "\n",
                                  b < G_N_ELEMENTS (bucket_bounds)
                                    ? g_ascii_dtostr (number, sizeof number, bucket_bounds[b])
                                    : "+Inf",
                                  cumulative);
        }
      g_string_append (out, "eenplan_http_request_duration_seconds_sum");
      append_labels (out, series);
      g_string_append_printf (
        out, "} %s\n",
        g_ascii_formatd (number, sizeof number, "%.6f", (gdouble) series->sum_us / 1e6));
      g_string_append (out, "eenplan_http_request_duration_seconds_count");
      append_labels (out, series);
      g_string_append_printf (out, "} %" G_GUINT64_FORMAT "\n", series->count);
    }
  g_mutex_unlock (&metrics->lock);
}

void
ep_metrics_append_gauge (GString *out, const gchar *name, const gchar *help, guint64 value)
{
  g_string_append_printf (out, "# HELP %s %s\n# TYPE %s gauge\n%s %" G_GUINT64_FORMAT "\n", name,
                          help, name, name, value);
}

void
ep_metrics_append_gauge_seconds (GString *out, const gchar *name, const gchar *help,
                                 gdouble seconds)
{
  gchar value[G_ASCII_DTOSTR_BUF_SIZE];
  g_ascii_formatd (value, sizeof value, "%.3f", seconds);
  g_string_append_printf (out, "# HELP %s %s\n# TYPE %s gauge\n%s %s\n", name, help, name, name,
                          value);
}
