/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * routes-audit.c: the audit trail for supervisors.
 *
 *   GET /api/v1/audit     the trail, newest first: huishouden, actor, action, entity_type,
 *                         entity_id, van, tot (days, tot inclusive), limit (1–1000), cursor; each
 *                         sealed event checked against the chain ("chain": matches, altered,
 *                         missing, unsealed), as `eenplan audit log --json` shows it
 *
 * Reading the trail is itself a read of people's data: it is written to the access log, in the
 * same transaction as the query.
 */
#include "ep-routes.h"

#include "ep-access-log.h"
#include "ep-audit-query.h"
#include "ep-problem.h"

/* A day (YYYY-MM-DD) as the start of it in UTC, shifted by @add_days; NULL when absent, with
 * *@ok FALSE when it is not a day. */
static GDateTime *
query_day (EpRequest *request, const gchar *name, gint add_days, gboolean *ok)
{
  const gchar *text = ep_request_query (request, name);
  if (text == NULL)
    return NULL;
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autofree gchar *iso = g_strconcat (text, "T00:00:00Z", NULL);
  g_autoptr (GDateTime) day = strlen (text) == 10 ? g_date_time_new_from_iso8601 (iso, utc) : NULL;
  if (day == NULL)
    {
      *ok = FALSE;
      return NULL;
    }
  return g_date_time_add_days (day, add_days);
}

typedef struct
{
  EpAuditFilter filter;
  GPtrArray *entries;
  gchar *next;
} AuditJob;

static gboolean
audit_body (PGconn *conn, gpointer user_data, GError **error)
{
  AuditJob *job = user_data;
  EpAccessEvent read = { .action = "search", .entity_type = "audit_log", .purpose = "toezicht" };
  if (!ep_access_log_record (conn, &read, error))
    return FALSE;
  g_clear_pointer (&job->entries, g_ptr_array_unref);
  g_clear_pointer (&job->next, g_free);
  job->entries = ep_audit_query (conn, &job->filter, &job->next, error);
  return job->entries != NULL;
}

static gboolean
handle_audit (EpRequest *request, EpResponse *response, GError **error)
{
  gboolean ok = TRUE;
  g_autoptr (GDateTime) from = query_day (request, "van", 0, &ok);
  g_autoptr (GDateTime) to = query_day (request, "tot", 1, &ok);
  guint64 limit = 0;
  const gchar *limit_text = ep_request_query (request, "limit");
  if (limit_text != NULL && !g_ascii_string_to_unsigned (limit_text, 10, 1, 1000, &limit, NULL))
    ok = FALSE;
  if (!ok)
    {
      g_set_error_literal (error, EP_API_ERROR, EP_API_ERROR_BAD_REQUEST,
                           "van en tot zijn dagen als 2026-11-24, limit is 1–1000");
      return FALSE;
    }
  const EpDbTxContext *ctx = ep_request_ctx (request);
  AuditJob job = { .filter = { .gemeente = ctx->gemeente,
                               .household_id = ep_request_query (request, "huishouden"),
                               .actor_id = ep_request_query (request, "actor"),
                               .action = ep_request_query (request, "action"),
                               .entity_type = ep_request_query (request, "entity_type"),
                               .entity_id = ep_request_query (request, "entity_id"),
                               .from = from,
                               .to = to,
                               .cursor = ep_request_query (request, "cursor"),
                               .limit = (guint) limit } };
  PGconn *conn = ep_request_db (request, error);
  gboolean done = conn != NULL && ep_db_run_tx (conn, ctx, audit_body, &job, NULL, error);
  if (done)
    response->body = ep_audit_page_to_json (job.entries, job.next);
  g_clear_pointer (&job.entries, g_ptr_array_unref);
  g_free (job.next);
  return done;
}

void
ep_routes_add_audit (EpServer *server)
{
  ep_server_add_route_for (server, "GET", "/api/v1/audit", EP_PERM_AUDIT_READ, handle_audit);
}
