/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-metrics.h: the server's request counters and latency histograms, written out in the
 * Prometheus text exposition format (version 0.0.4) for GET /metrics.
 *
 * Requests are counted by route *pattern* ("/api/v1/intakes/{id}", never the path, which holds
 * ids), method and status; each (route, method) has a latency histogram. A request that matched
 * no route counts as route="unmatched", and a method that is not a standard one as "OTHER", so
 * no client can add series at will. Counting takes a mutex for a hash lookup and a few additions,
 * writing out takes it while formatting into memory: never across I/O.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _EpMetrics EpMetrics;

/* The route label of a request that matched no route. */
#define EP_METRICS_UNMATCHED "unmatched"

/* Returns: (transfer full): empty counters. */
EpMetrics *ep_metrics_new (void);
void ep_metrics_free (EpMetrics *metrics);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EpMetrics, ep_metrics_free)

/**
 * ep_metrics_count_request:
 * @route: (nullable): the route's pattern; NULL for a request that matched none
 * @method: the request's method
 * @status: the status answered (0: the client was gone)
 * @duration_us: from the request's arrival to its answer
 *
 * Counts one answered request. Thread-safe.
 */
void ep_metrics_count_request (EpMetrics *metrics, const gchar *route, const gchar *method,
                               guint status, gint64 duration_us);

/**
 * ep_metrics_append_http:
 *
 * Appends eenplan_http_requests_total and eenplan_http_request_duration_seconds to @out, with
 * their HELP and TYPE lines, series sorted by route and method. A histogram's _count always
 * equals the sum of its route and method's counters (both are read under one lock).
 */
void ep_metrics_append_http (EpMetrics *metrics, GString *out);

/* Appends a gauge @name with its HELP and TYPE lines and one unlabelled sample. */
void ep_metrics_append_gauge (GString *out, const gchar *name, const gchar *help, guint64 value);

/* As ep_metrics_append_gauge(), for a number of seconds (to the millisecond). */
void ep_metrics_append_gauge_seconds (GString *out, const gchar *name, const gchar *help,
                                      gdouble seconds);

G_END_DECLS
