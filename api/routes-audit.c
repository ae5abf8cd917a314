/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * routes-audit.c: the audit trail for supervisors.
 *
 *   GET  /api/v1/audit                the trail, newest first: huishouden, actor, action,
 *                                     entity_type, entity_id, van, tot (days, tot inclusive),
 *                                     limit (1–1000), cursor; each sealed event checked against
 *                                     the chain ("chain": matches, altered, missing, unsealed), as
 *                                     `eenplan audit log --json` shows it
 *   GET  /api/v1/audit/verification   the last full verification of the municipality's chain by
 *                                     this server (audit/ep-audit-verifier.h), and whether another
 *                                     waits or runs
 *   POST /api/v1/audit/verification   ask for a new one: 202 at once, with the same answer
 *   GET  /api/v1/audit/checkpoints    the signed chain heads, newest first: limit (1–1000),
 *                                     cursor; {items, next_cursor}
 *
 * A verification runs in the verifier's own thread, never in a request: a long chain takes
 * seconds per million events (docs/api.md says why it is served this way). Reading the trail is
 * itself a read of people's data, and looking at its verification or checkpoints is written to
 * the access log as well, in the same transaction as what is read.
 */
#include "ep-routes.h"

#include "ep-access-log.h"
#include "ep-audit-query.h"
#include "ep-audit-seal.h"
#include "ep-problem.h"

#define PURPOSE "toezicht"

static EpAuditVerifier *verifier;

void
ep_routes_set_verifier (EpAuditVerifier *v)
{
  verifier = v;
}

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
  EpAccessEvent read = { .action = "search", .entity_type = "audit_log", .purpose = PURPOSE };
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

/* ---- verification ------------------------------------------------------------------------ */

static void
add_int_or_null (JsonBuilder *b, const gchar *name, gint64 value, gboolean present)
{
  json_builder_set_member_name (b, name);
  if (present)
    json_builder_add_int_value (b, value);
  else
    json_builder_add_null_value (b);
}

/* {"gemeente", "queued", "running", "runs", "last": null | {…}} */
static JsonNode *
verification_json (const gchar *gemeente, const EpAuditVerification *v)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "gemeente");
  json_builder_add_string_value (b, gemeente);
  json_builder_set_member_name (b, "queued");
  json_builder_add_boolean_value (b, v->queued);
  json_builder_set_member_name (b, "running");
  json_builder_add_boolean_value (b, v->running);
  json_builder_set_member_name (b, "runs");
  json_builder_add_int_value (b, (gint64) v->runs);
  json_builder_set_member_name (b, "last");
  if (v->runs == 0)
    json_builder_add_null_value (b);
  else
    {
      const EpAuditReport *r = &v->report;
      gboolean intact = v->ran && r->finding == EP_AUDIT_INTACT;
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "started_at");
      json_builder_add_string_value (b, v->started_at);
      json_builder_set_member_name (b, "finished_at");
      json_builder_add_string_value (b, v->finished_at);
      json_builder_set_member_name (b, "outcome");
      json_builder_add_string_value (b, !v->ran  ? "could_not_run"
                                        : intact ? "intact"
                                                 : "not_intact");
      json_builder_set_member_name (b, "finding");
      if (v->ran)
        json_builder_add_string_value (b, ep_audit_finding_name (r->finding));
      else
        json_builder_add_null_value (b);
      add_int_or_null (b, "broken_seq", r->broken_seq, v->ran && !intact);
      json_builder_set_member_name (b, "detail");
      if (v->ran && r->detail != NULL)
        json_builder_add_string_value (b, r->detail);
      else
        json_builder_add_null_value (b);
      add_int_or_null (b, "events", r->events, v->ran);
      add_int_or_null (b, "head_seq", r->head_seq, v->ran);
      add_int_or_null (b, "pending", r->pending, v->ran);
      add_int_or_null (b, "checkpoint_seq", r->checkpoint_seq, v->ran && r->checkpoint_seq >= 0);
      json_builder_set_member_name (b, "checkpoint_checked");
      json_builder_add_boolean_value (b, v->ran && r->checkpoint_checked);
      add_int_or_null (b, "checkpoint_file_seq", r->checkpoint_file_seq,
                       v->ran && r->checkpoint_file_seq >= 0);
      json_builder_set_member_name (b, "rows_checked");
      json_builder_add_boolean_value (b, v->ran && r->rows_checked);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
log_access_body (PGconn *conn, gpointer user_data, GError **error)
{
  EpAccessEvent read = { .action = "read", .entity_type = user_data, .purpose = PURPOSE };
  return ep_access_log_record (conn, &read, error);
}

/* Answers what the verifier knows of the user's municipality, having written the access to the
 * access log; with @ask, asks for a new run first (202). */
static gboolean
answer_verification (EpRequest *request, EpResponse *response, gboolean ask, GError **error)
{
  if (verifier == NULL)
    {
      g_set_error_literal (error, EP_API_ERROR, EP_API_ERROR_NOT_AVAILABLE,
                           "deze server controleert het auditspoor niet");
      return FALSE;
    }
  const EpDbTxContext *ctx = ep_request_ctx (request);
  PGconn *conn = ep_request_db (request, error);
  if (conn == NULL
      || !ep_db_run_tx (conn, ctx, log_access_body, (gpointer) "audit_verification", NULL, error))
    return FALSE;
  if (ask)
    ep_audit_verifier_request (verifier, ctx->gemeente);
  g_auto (EpAuditVerification) state = { 0 };
  ep_audit_verifier_get (verifier, ctx->gemeente, &state);
  response->status = ask ? 202 : 200;
  response->body = verification_json (ctx->gemeente, &state);
  return TRUE;
}

static gboolean
handle_verification (EpRequest *request, EpResponse *response, GError **error)
{
  return answer_verification (request, response, FALSE, error);
}

static gboolean
handle_verify (EpRequest *request, EpResponse *response, GError **error)
{
  return answer_verification (request, response, TRUE, error);
}

/* ---- checkpoints ------------------------------------------------------------------------- */

typedef struct
{
  guint limit;
  const gchar *cursor;
  GPtrArray *checkpoints;
  gchar *next;
} CheckpointsJob;

static gboolean
checkpoints_body (PGconn *conn, gpointer user_data, GError **error)
{
  CheckpointsJob *job = user_data;
  if (!log_access_body (conn, (gpointer) "audit_checkpoint", error))
    return FALSE;
  g_clear_pointer (&job->checkpoints, g_ptr_array_unref);
  g_clear_pointer (&job->next, g_free);
  job->checkpoints = ep_audit_checkpoints (conn, job->limit, job->cursor, &job->next, error);
  return job->checkpoints != NULL;
}

static JsonNode *
checkpoint_json (gconstpointer item)
{
  return ep_audit_checkpoint_to_json (item);
}

static gboolean
handle_checkpoints (EpRequest *request, EpResponse *response, GError **error)
{
  CheckpointsJob job = { .cursor = ep_request_query (request, "cursor") };
  if (!ep_routes_query_uint (request, "limit", &job.limit, error))
    return FALSE;
  PGconn *conn = ep_request_db (request, error);
  gboolean done
    = conn != NULL
      && ep_db_run_tx (conn, ep_request_ctx (request), checkpoints_body, &job, NULL, error);
  if (done)
    response->body = ep_routes_page (job.checkpoints, checkpoint_json, job.next);
  g_clear_pointer (&job.checkpoints, g_ptr_array_unref);
  g_free (job.next);
  return done;
}

void
ep_routes_add_audit (EpServer *server)
{
  ep_server_add_route_for (server, "GET", "/api/v1/audit", EP_PERM_AUDIT_READ, handle_audit);
  ep_server_add_route_for (server, "GET", "/api/v1/audit/verification", EP_PERM_AUDIT_READ,
                           handle_verification);
  ep_server_add_route_for (server, "POST", "/api/v1/audit/verification", EP_PERM_AUDIT_READ,
                           handle_verify);
  ep_server_add_route_for (server, "GET", "/api/v1/audit/checkpoints", EP_PERM_AUDIT_READ,
                           handle_checkpoints);
}
