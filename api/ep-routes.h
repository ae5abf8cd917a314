/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-routes.h: the API's resources, added to a server (each with the permission it needs,
 * ep-authz.h). One file per group: routes-session.c (signing in, the current user and their
 * sessions, their password), routes-case.c (code lists, contacts, the werkbak, reading an
 * intake), routes-intake.c (households, intakes, consent), routes-plan.c (the household plan,
 * and the werkbak's plan lists), routes-ladder.c (the plan's AVE level and its evaluations),
 * routes-supervise.c (the supervisor's views: regie op regie), routes-shield.c (shielded households, break-the-glass and its
 * review), routes-audit.c (the trail for supervisors, its verification and checkpoints),
 * routes-users.c (users, for administrators).
 * Handlers are thin:
 * decode, call one module function, answer; module errors become problem+json in ep-problem.c.
 */
#pragma once

#include "ep-audit-verifier.h"
#include "ep-server.h"
#include "ep-throttle.h"

G_BEGIN_DECLS

/* Adds every /api/v1 resource to @server, and GET /api/v1/openapi.yaml (docs/openapi.yaml, which
 * tests/api/test-openapi.c holds to the routes registered). */
void ep_routes_add (EpServer *server);

/* The groups (called by ep_routes_add()). */
void ep_routes_add_session (EpServer *server);
void ep_routes_add_case (EpServer *server);
void ep_routes_add_intake (EpServer *server);
void ep_routes_add_plan (EpServer *server);
void ep_routes_add_ladder (EpServer *server);
void ep_routes_add_supervise (EpServer *server);
void ep_routes_add_shield (EpServer *server);
void ep_routes_add_audit (EpServer *server);
void ep_routes_add_users (EpServer *server);

void ep_routes_add_web (EpServer *server);        /* routes-web.c: the demo users */
void ep_routes_add_vindplaats (EpServer *server); /* routes-vindplaats.c */

/* The demo users (element-type EpDemoUser, ep-demo.h; transfer none: copied) that GET
 * /api/v1/demo answers, with their password: call only on the embedded demo cluster, before
 * serving. NULL (the default) makes it 404. */
void ep_routes_set_demo_users (GPtrArray *users);

/* The BSN pseudonym key the intake and household resources need to take a BSN (transfer none:
 * a reference is kept); without one, a request with a BSN is refused. Call before serving. */
void ep_routes_set_pseudonym_key (GBytes *key);

/* The audit verifier whose results GET /api/v1/audit/verification answers (transfer none: a
 * reference is kept; NULL: those routes answer 503). Call before serving. */
void ep_routes_set_verifier (EpAuditVerifier *verifier);

/* For a partner, whether a valid consent of the household (@household_id, or @intake_id's) names
 * their organisation and @kind: FALSE with 404 (and a denied row in the access log) otherwise;
 * TRUE for every other role. */
gboolean ep_routes_consent_allows (EpRequest *request, const gchar *household_id,
                                   const gchar *intake_id, EpGegevenssoort kind, GError **error);

/* A page of a list: {"items": [@to_json of each], "next_cursor": @next or null}.
 * Returns: (transfer full). */
JsonNode *ep_routes_page (GPtrArray *items, JsonNode *(*to_json) (gconstpointer item),
                          const gchar *next);

/* The text member @name of the JSON object @node. Returns: (transfer none): it; NULL when @node
 * is no object, or the member is absent or not a string. */
const gchar *ep_routes_text (JsonNode *node, const gchar *name);

/* The whole number query parameter @name into *@out (0 when absent). Returns: TRUE; FALSE with
 * EP_API_ERROR_BAD_REQUEST naming it when it is not one. */
gboolean ep_routes_query_uint (EpRequest *request, const gchar *name, guint *out, GError **error);

/* The page a list's query asks for: *@cursor the query's cursor as given (NULL when absent),
 * *@limit its limit — 0 when absent (the list's default), G_MAXUINT for a limit=0 asked for (out
 * of every list's range, so plans/ refuses it at "limit" as it refuses 201). Returns: TRUE;
 * FALSE with EP_API_ERROR_BAD_REQUEST when the limit is not a whole number. */
gboolean ep_routes_query_page (EpRequest *request, guint *limit, const gchar **cursor,
                               GError **error);

/* The version an aggregate's If-Match names ("3" or W/"3"): what a change is based on.
 * Returns: it (≥ 1); 0 with EP_API_ERROR_PRECONDITION_REQUIRED (428) when there is none, or
 * EP_INTAKE_ERROR_STALE (412 /problems/stale) when it names no version this server gave. */
gint ep_routes_if_match (EpRequest *request, GError **error);

/* The request body as a JSON document of at most @max_bytes (ep_json_decode()).
 * Returns: (transfer full): the document; NULL with an EP_JSON_ERROR. */
JsonNode *ep_routes_body (EpRequest *request, gsize max_bytes, GError **error);

/* The request body as a JSON object whose members are all among @names (NULL-terminated), each
 * text or null: @values[i] is the text of @names[i] (borrowed from @body), NULL when absent or
 * null. Returns: TRUE; FALSE with EP_ORG_ERROR_INVALID_VALUE naming the member ("body" when it
 * is no object). */
gboolean ep_routes_text_members (JsonNode *body, const gchar *const *names, const gchar **values,
                                 GError **error);

/* What every change of a household plan starts from (routes-plan.c; routes-ladder.c shares it):
 * the household of the path's {id}, the version If-Match names, the request's body, the
 * connection and the acting user's context. */
typedef struct
{
  const gchar *household;
  gint version;
  JsonNode *body;
  PGconn *conn;
  const EpDbTxContext *ctx;
} EpRoutesPlanChange;

void ep_routes_plan_change_clear (EpRoutesPlanChange *change);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (EpRoutesPlanChange, ep_routes_plan_change_clear)

/* Fills @change: If-Match (428 without it), the body (a JSON document), the connection.
 * Returns: TRUE; FALSE with the error, @change to be cleared. */
gboolean ep_routes_plan_begin (EpRequest *request, EpRoutesPlanChange *change, GError **error);

/* Answers the household's ({id}) plan as it now stands with @status, its version as ETag.
 * Returns: TRUE; FALSE with an EP_PLAN_ERROR or EP_DB_ERROR. */
gboolean ep_routes_plan_answer (EpRequest *request, PGconn *conn, guint status,
                                EpResponse *response, GError **error);

/* The server's count of failed password checks (signing in, and changing one's own password):
 * one for the process. (transfer none) */
EpThrottle *ep_routes_throttle (void);

/* "GM0164/sanne.casemanager": the account the throttle counts, existing or not.
 * Returns: (transfer full). */
gchar *ep_routes_throttle_account (const gchar *gemeente, const gchar *username);

/* Fails with EP_API_ERROR_THROTTLED when @account may not try from this request's address now.
 * Returns: TRUE when it may. */
gboolean ep_routes_throttle_check (EpRequest *request, const gchar *account, GError **error);

/* Counts the outcome of a password check of @account: @check_error NULL (it passed) clears the
 * account's failures, an EP_ORG_ERROR with @failure_code (the password was wrong) counts one;
 * other errors (the database, a rule) count nothing. */
void ep_routes_throttle_note (EpRequest *request, const gchar *account, const GError *check_error,
                              gint failure_code);

G_END_DECLS
