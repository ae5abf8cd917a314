/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * routes-supervise.c: regie op regie over HTTP — the supervisor's views of the plans of their
 * team (docs/ladder.md, "The supervisor's views"; plans/ep-plan-supervise.h):
 *
 *   GET /api/v1/toezicht/aanvragen                  the level requests waiting for a decision,
 *                                                   oldest first, each with its plan's version
 *                                                   (to approve or reject with as If-Match)
 *   GET /api/v1/toezicht/niveaus?van=&tot=          the escalations and de-escalations asked in
 *                                                   the period, with reasons, status, who decided
 *   GET /api/v1/toezicht/tijd-per-niveau?van=&tot=  the time each plan spent at each level in the
 *                                                   period, and for the team
 *   GET /api/v1/toezicht/achterstallig?regisseur=   overdue evaluations counted per regisseur
 *                                                   and listed most overdue first (a regisseur:
 *                                                   their own plans; regisseur= narrows the list)
 *   GET /api/v1/toezicht/regie?van=&tot=            per plan: regisseur and level since when,
 *                                                   evaluations on time, moves up and down
 *
 * A period is two dates (YYYY-MM-DD, both included; tot absent: today); plans/ checks them (422
 * /problems/invalid naming "van" or "tot"). The lists but aanvragen are paged: limit (1–200,
 * default 50) and cursor (the previous page's next_cursor), 422 /problems/invalid naming either
 * when bad; the counts and sums are the whole team's. Only a supervisor of a team sees the views
 * (the route's permission: supervise; a supervisor of no team 403 /problems/other-team); the
 * overdue evaluations also a regisseur (overdue). Every plan on the page is in the access log.
 * The clock is the server's: a fixed one is for the library's tests (tests/db/test-ladder.c).
 */
#include "ep-routes.h"

#include "ep-plan-supervise.h"

static gboolean
handle_pending (EpRequest *request, EpResponse *response, GError **error)
{
  PGconn *conn = ep_request_db (request, error);
  response->body
    = conn != NULL ? ep_plan_supervise_pending (conn, ep_request_ctx (request), error) : NULL;
  return response->body != NULL;
}

static gboolean
handle_overdue (EpRequest *request, EpResponse *response, GError **error)
{
  EpPlanPage page = { 0 };
  PGconn *conn = ep_routes_query_page (request, &page.limit, &page.cursor, error)
                   ? ep_request_db (request, error)
                   : NULL;
  response->body
    = conn != NULL ? ep_plan_supervise_overdue (
        conn, ep_request_ctx (request), ep_request_query (request, "regisseur"), &page, NULL, error)
                   : NULL;
  return response->body != NULL;
}

/* A view of a period: the query's van and tot, as they are (plans/ checks them), and the page. */
static gboolean
answer_period (EpRequest *request, EpResponse *response,
               JsonNode *(*view) (PGconn *conn, const EpDbTxContext *ctx, const gchar *van,
                                  const gchar *tot, const EpPlanPage *page, GDateTime *now,
                                  GError **error),
               GError **error)
{
  EpPlanPage page = { 0 };
  PGconn *conn = ep_routes_query_page (request, &page.limit, &page.cursor, error)
                   ? ep_request_db (request, error)
                   : NULL;
  response->body = conn != NULL
                     ? view (conn, ep_request_ctx (request), ep_request_query (request, "van"),
                             ep_request_query (request, "tot"), &page, NULL, error)
                     : NULL;
  return response->body != NULL;
}

static gboolean
handle_levels (EpRequest *request, EpResponse *response, GError **error)
{
  return answer_period (request, response, ep_plan_supervise_levels, error);
}

static gboolean
handle_time_at_level (EpRequest *request, EpResponse *response, GError **error)
{
  return answer_period (request, response, ep_plan_supervise_time_at_level, error);
}

static gboolean
handle_regie (EpRequest *request, EpResponse *response, GError **error)
{
  return answer_period (request, response, ep_plan_supervise_regie, error);
}

void
ep_routes_add_supervise (EpServer *server)
{
  static const struct
  {
    const gchar *path;
    EpPermission permission;
    EpHandlerFunc handler;
  } routes[] = {
    { "/aanvragen", EP_PERM_SUPERVISE, handle_pending },
    { "/niveaus", EP_PERM_SUPERVISE, handle_levels },
    { "/tijd-per-niveau", EP_PERM_SUPERVISE, handle_time_at_level },
    { "/achterstallig", EP_PERM_OVERDUE, handle_overdue },
    { "/regie", EP_PERM_SUPERVISE, handle_regie },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      g_autofree gchar *path = g_strconcat ("/api/v1/toezicht", routes[i].path, NULL);
      ep_server_add_route_for (server, "GET", path, routes[i].permission, routes[i].handler);
    }
}
