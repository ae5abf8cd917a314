/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * routes-plan.c: the household plan over HTTP (docs/plan.md, "API"; plans/ep-plan.h). All under
 * /api/v1/households/{id}, the household whose one active plan it is:
 *
 *   GET  …/plan                           the plan, its version as ETag
 *   POST …/plan                           {regisseur, aanspreekpunt, reden}: create it (201)
 *   PUT  …/plan/situatie                  {goed_gaat, eigen_kracht, professionele_steun,
 *                                         problemen, reden}
 *   POST …/plan/hulpvragen/ophalen        {reden}: bring in the needs of intakes finalised since
 *   PUT  …/plan/hulpvragen/{need}/wet     {wet, reden}: put a need under another law
 *   POST …/plan/doelen                    a goal (201); PUT …/plan/doelen/{goal} changes one
 *   POST …/plan/afspraken                 an action (201); PUT …/plan/afspraken/{action}
 *   POST …/plan/overdracht                {naar, datum, notitie, aanspreekpunt?}: warm handover
 *   PUT  …/plan/aanspreekpunt             {aanspreekpunt, reden}
 *   POST …/plan/akkoord                   {versie, datum, wijze}: agreed with the resident
 *   POST …/plan/afsluiten                 {reden}: close it (204: a closed plan is no longer the
 *                                         household's plan, and GET …/plan answers 404)
 *   GET  …/plan/versies                   its versions, newest first (paged: limit, cursor)
 *   GET  …/plan/versies/{n}               the plan as version n left it
 *   GET  …/plan/verschil?van=N&naar=M     what changed between two versions, field by field
 *
 * and the werkbak's plan lists (the user's own: regisseur or aanspreekpunt):
 *
 *   GET  /api/v1/werkbak/plannen          my plans, each with its count of open needs without
 *                                         a goal (paged)
 *   GET  /api/v1/werkbak/open-hulpvragen  those needs (paged)
 *
 * Every change needs If-Match with the plan's ETag (428 without, 412 /problems/stale when the
 * plan changed since) and answers the whole plan as it now stands, with its new ETag (closing
 * excepted). Who may change it is decided twice: the route's permission (plan_write: a regisseur
 * or a supervisor, ep-authz.h), then plans/ inside the writing transaction (the plan's current
 * regisseur or a supervisor; 403 /problems/not-regisseur). A partner reads the plan, its versions
 * and their difference only with a consent in effect that lists `plan` (404 otherwise, as for a
 * household). A shielded household is answered by role, as for intakes (ep-server.c).
 */
#include "ep-routes.h"

#include "ep-json.h"
#include "ep-plan.h"
#include "ep-problem.h"

#define PLAN_MAX_BYTES EP_JSON_DEFAULT_MAX_BYTES

static const gchar *
household_of (EpRequest *request)
{
  return ep_request_param (request, "id");
}

gboolean
ep_routes_plan_answer (EpRequest *request, PGconn *conn, guint status, EpResponse *response,
                       GError **error)
{
  JsonNode *plan = ep_plan_read (conn, ep_request_ctx (request), household_of (request), error);
  if (plan == NULL)
    return FALSE;
  response->status = status;
  response->body = plan;
  response->etag = g_strdup_printf (
    "\"%" G_GINT64_FORMAT "\"",
    json_object_get_int_member_with_default (json_node_get_object (plan), "version", 0));
  return TRUE;
}

/* A partner reads the plan only with a consent in effect that lists `plan` (404 otherwise, the
 * refusal in the access log); every other role that reaches a read route may. */
static PGconn *
reader_db (EpRequest *request, GError **error)
{
  if (!ep_routes_consent_allows (request, household_of (request), NULL, EP_GEGEVENSSOORT_PLAN,
                                 error))
    return NULL;
  return ep_request_db (request, error);
}

void
ep_routes_plan_change_clear (EpRoutesPlanChange *change)
{
  g_clear_pointer (&change->body, json_node_unref);
}

gboolean
ep_routes_plan_begin (EpRequest *request, EpRoutesPlanChange *change, GError **error)
{
  change->household = household_of (request);
  change->ctx = ep_request_ctx (request);
  change->version = ep_routes_if_match (request, error);
  if (change->version > 0)
    change->body = ep_routes_body (request, PLAN_MAX_BYTES, error);
  if (change->body != NULL)
    change->conn = ep_request_db (request, error);
  return change->conn != NULL;
}

/* ---- reading ---------------------------------------------------------------------------- */

static gboolean
handle_plan (EpRequest *request, EpResponse *response, GError **error)
{
  PGconn *conn = reader_db (request, error);
  return conn != NULL && ep_routes_plan_answer (request, conn, 200, response, error);
}

/* {"items": @items (an array, taken), "next_cursor": @next or null}. */
static JsonNode *
page_of (JsonNode *items, const gchar *next)
{
  JsonObject *o = json_object_new ();
  json_object_set_member (o, "items", items);
  if (next != NULL)
    json_object_set_string_member (o, "next_cursor", next);
  else
    json_object_set_null_member (o, "next_cursor");
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, o);
  return node;
}

static gboolean
handle_versions (EpRequest *request, EpResponse *response, GError **error)
{
  EpPlanPage page = { 0 };
  PGconn *conn = ep_routes_query_page (request, &page.limit, &page.cursor, error)
                   ? reader_db (request, error)
                   : NULL;
  g_autofree gchar *next = NULL;
  JsonNode *items = conn != NULL ? ep_plan_versions (conn, ep_request_ctx (request),
                                                     household_of (request), &page, &next, error)
                                 : NULL;
  if (items == NULL)
    return FALSE;
  response->body = page_of (items, next);
  return TRUE;
}

/* A version in a path or a query: a whole number ≥ 1, else 400 naming @name. */
static gint
version_number (const gchar *text, const gchar *name, GError **error)
{
  guint64 n = 0;
  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT, &n, NULL))
    {
      g_set_error (error, EP_API_ERROR, EP_API_ERROR_BAD_REQUEST,
                   text == NULL ? "%s: ontbreekt; geef een versienummer (1 of hoger)"
                                : "%s: moet een versienummer zijn (een geheel getal, 1 of hoger)",
                   name);
      return 0;
    }
  return (gint) n;
}

static gboolean
handle_version (EpRequest *request, EpResponse *response, GError **error)
{
  gint n = version_number (ep_request_param (request, "n"), "n", error);
  PGconn *conn = n > 0 ? reader_db (request, error) : NULL;
  response->body = conn != NULL ? ep_plan_read_version (conn, ep_request_ctx (request),
                                                        household_of (request), n, error)
                                : NULL;
  return response->body != NULL;
}

static gboolean
handle_diff (EpRequest *request, EpResponse *response, GError **error)
{
  gint van = version_number (ep_request_query (request, "van"), "van", error);
  gint naar = van > 0 ? version_number (ep_request_query (request, "naar"), "naar", error) : 0;
  PGconn *conn = naar > 0 ? reader_db (request, error) : NULL;
  response->body = conn != NULL ? ep_plan_diff_versions (conn, ep_request_ctx (request),
                                                         household_of (request), van, naar, error)
                                : NULL;
  return response->body != NULL;
}

/* ---- writing ---------------------------------------------------------------------------- */

static gboolean
handle_create (EpRequest *request, EpResponse *response, GError **error)
{
  g_autoptr (JsonNode) body = ep_routes_body (request, PLAN_MAX_BYTES, error);
  PGconn *conn = body != NULL ? ep_request_db (request, error) : NULL;
  if (conn == NULL
      || !ep_plan_create (conn, ep_request_ctx (request), household_of (request), body, NULL,
                          error))
    return FALSE;
  return ep_routes_plan_answer (request, conn, 201, response, error);
}

static gboolean
handle_situation (EpRequest *request, EpResponse *response, GError **error)
{
  g_auto (EpRoutesPlanChange) c = { 0 };
  return ep_routes_plan_begin (request, &c, error)
         && ep_plan_set_situation (c.conn, c.ctx, c.household, c.version, c.body, NULL, error)
         && ep_routes_plan_answer (request, c.conn, 200, response, error);
}

static gboolean
handle_import_needs (EpRequest *request, EpResponse *response, GError **error)
{
  g_auto (EpRoutesPlanChange) c = { 0 };
  return ep_routes_plan_begin (request, &c, error)
         && ep_plan_import_needs (c.conn, c.ctx, c.household, c.version, c.body, NULL, NULL, error)
         && ep_routes_plan_answer (request, c.conn, 200, response, error);
}

static gboolean
handle_need_law (EpRequest *request, EpResponse *response, GError **error)
{
  g_auto (EpRoutesPlanChange) c = { 0 };
  return ep_routes_plan_begin (request, &c, error)
         && ep_plan_set_need_law (c.conn, c.ctx, c.household, ep_request_param (request, "need"),
                                  c.version, c.body, NULL, error)
         && ep_routes_plan_answer (request, c.conn, 200, response, error);
}

static gboolean
handle_add_goal (EpRequest *request, EpResponse *response, GError **error)
{
  g_auto (EpRoutesPlanChange) c = { 0 };
  return ep_routes_plan_begin (request, &c, error)
         && ep_plan_put_goal (c.conn, c.ctx, c.household, NULL, c.version, c.body, NULL, NULL,
                              error)
         && ep_routes_plan_answer (request, c.conn, 201, response, error);
}

static gboolean
handle_change_goal (EpRequest *request, EpResponse *response, GError **error)
{
  g_auto (EpRoutesPlanChange) c = { 0 };
  return ep_routes_plan_begin (request, &c, error)
         && ep_plan_put_goal (c.conn, c.ctx, c.household, ep_request_param (request, "goal"),
                              c.version, c.body, NULL, NULL, error)
         && ep_routes_plan_answer (request, c.conn, 200, response, error);
}

static gboolean
handle_add_action (EpRequest *request, EpResponse *response, GError **error)
{
  g_auto (EpRoutesPlanChange) c = { 0 };
  return ep_routes_plan_begin (request, &c, error)
         && ep_plan_put_action (c.conn, c.ctx, c.household, NULL, c.version, c.body, NULL, NULL,
                                error)
         && ep_routes_plan_answer (request, c.conn, 201, response, error);
}

static gboolean
handle_change_action (EpRequest *request, EpResponse *response, GError **error)
{
  g_auto (EpRoutesPlanChange) c = { 0 };
  return ep_routes_plan_begin (request, &c, error)
         && ep_plan_put_action (c.conn, c.ctx, c.household, ep_request_param (request, "action"),
                                c.version, c.body, NULL, NULL, error)
         && ep_routes_plan_answer (request, c.conn, 200, response, error);
}

static gboolean
handle_handover (EpRequest *request, EpResponse *response, GError **error)
{
  g_auto (EpRoutesPlanChange) c = { 0 };
  return ep_routes_plan_begin (request, &c, error)
         && ep_plan_handover (c.conn, c.ctx, c.household, c.version, c.body, NULL, error)
         && ep_routes_plan_answer (request, c.conn, 200, response, error);
}

static gboolean
handle_contact_person (EpRequest *request, EpResponse *response, GError **error)
{
  g_auto (EpRoutesPlanChange) c = { 0 };
  return ep_routes_plan_begin (request, &c, error)
         && ep_plan_set_contact_person (c.conn, c.ctx, c.household, c.version, c.body, NULL, error)
         && ep_routes_plan_answer (request, c.conn, 200, response, error);
}

static gboolean
handle_agree (EpRequest *request, EpResponse *response, GError **error)
{
  g_auto (EpRoutesPlanChange) c = { 0 };
  return ep_routes_plan_begin (request, &c, error)
         && ep_plan_agree (c.conn, c.ctx, c.household, c.version, c.body, NULL, error)
         && ep_routes_plan_answer (request, c.conn, 200, response, error);
}

static gboolean
handle_close (EpRequest *request, EpResponse *response, GError **error)
{
  g_auto (EpRoutesPlanChange) c = { 0 };
  if (!ep_routes_plan_begin (request, &c, error)
      || !ep_plan_close (c.conn, c.ctx, c.household, c.version, c.body, NULL, error))
    return FALSE;
  /* No plan to answer: plans/ reads only a household's active plan, and this one is no more. */
  response->status = 204;
  return TRUE;
}

/* ---- the werkbak ------------------------------------------------------------------------ */

/* Answers the page of one of the user's own lists (ep_plan_list_mine(),
 * ep_plan_open_needs_mine()) that the query asks for. */
static gboolean
answer_mine (EpRequest *request, EpResponse *response,
             JsonNode *(*list) (PGconn *conn, const EpDbTxContext *ctx, const EpPlanPage *page,
                                gchar **next_cursor, GError **error),
             GError **error)
{
  EpPlanPage page = { 0 };
  PGconn *conn = ep_routes_query_page (request, &page.limit, &page.cursor, error)
                   ? ep_request_db (request, error)
                   : NULL;
  g_autofree gchar *next = NULL;
  JsonNode *items
    = conn != NULL ? list (conn, ep_request_ctx (request), &page, &next, error) : NULL;
  if (items == NULL)
    return FALSE;
  response->body = page_of (items, next);
  return TRUE;
}

static gboolean
handle_my_plans (EpRequest *request, EpResponse *response, GError **error)
{
  return answer_mine (request, response, ep_plan_list_mine, error);
}

static gboolean
handle_my_open_needs (EpRequest *request, EpResponse *response, GError **error)
{
  return answer_mine (request, response, ep_plan_open_needs_mine, error);
}

void
ep_routes_add_plan (EpServer *server)
{
  static const struct
  {
    const gchar *method, *path;
    EpPermission permission;
    EpHandlerFunc handler;
  } routes[] = {
    { "GET", "", EP_PERM_CONSENTED_READ, handle_plan },
    { "POST", "", EP_PERM_PLAN_WRITE, handle_create },
    { "PUT", "/situatie", EP_PERM_PLAN_WRITE, handle_situation },
    { "POST", "/hulpvragen/ophalen", EP_PERM_PLAN_WRITE, handle_import_needs },
    { "PUT", "/hulpvragen/{need}/wet", EP_PERM_PLAN_WRITE, handle_need_law },
    { "POST", "/doelen", EP_PERM_PLAN_WRITE, handle_add_goal },
    { "PUT", "/doelen/{goal}", EP_PERM_PLAN_WRITE, handle_change_goal },
    { "POST", "/afspraken", EP_PERM_PLAN_WRITE, handle_add_action },
    { "PUT", "/afspraken/{action}", EP_PERM_PLAN_WRITE, handle_change_action },
    { "POST", "/overdracht", EP_PERM_PLAN_WRITE, handle_handover },
    { "PUT", "/aanspreekpunt", EP_PERM_PLAN_WRITE, handle_contact_person },
    { "POST", "/akkoord", EP_PERM_PLAN_WRITE, handle_agree },
    { "POST", "/afsluiten", EP_PERM_PLAN_WRITE, handle_close },
    { "GET", "/versies", EP_PERM_CONSENTED_READ, handle_versions },
    { "GET", "/versies/{n}", EP_PERM_CONSENTED_READ, handle_version },
    { "GET", "/verschil", EP_PERM_CONSENTED_READ, handle_diff },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      g_autofree gchar *path = g_strconcat ("/api/v1/households/{id}/plan", routes[i].path, NULL);
      ep_server_add_route_for (server, routes[i].method, path, routes[i].permission,
                               routes[i].handler);
    }
  ep_server_add_route_for (server, "GET", "/api/v1/werkbak/plannen", EP_PERM_CASE_READ,
                           handle_my_plans);
  ep_server_add_route_for (server, "GET", "/api/v1/werkbak/open-hulpvragen", EP_PERM_CASE_READ,
                           handle_my_open_needs);
}
