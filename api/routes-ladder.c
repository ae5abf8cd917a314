/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * routes-ladder.c: the household plan's AVE level and its evaluations over HTTP (docs/ladder.md;
 * plans/ep-plan.h). Under /api/v1/households/{id}/plan, as the plan's other changes
 * (routes-plan.c):
 *
 *   POST …/plan/niveau                {naar, reden, evaluatie_id?}: ask for a level change. Going
 *                                     up to 3 or 4 waits for a supervisor (the plan's
 *                                     niveau_aanvraag; niveau unchanged), every other change
 *                                     applies at once (niveau)
 *   POST …/plan/niveau/goedkeuren     {reden, aanvraag_id?}: a supervisor of the regisseur's team,
 *                                     not the requester, approves the request waiting
 *   POST …/plan/niveau/afwijzen       {reden, aanvraag_id?}: … or rejects it; the level stays
 *   POST …/plan/evaluaties            an evaluation (ep_plan_evaluate()'s body): 201
 *
 * Each needs If-Match with the plan's ETag (428 without, 412 /problems/stale when the plan changed
 * since) and answers the whole plan as it now stands, with its new ETag. Who may is decided twice:
 * the route's permission (asking and evaluating: plan_write; deciding: oversight, a supervisor),
 * then plans/ inside the writing transaction: the plan's regisseur or a supervisor of their team
 * (403 /problems/not-regisseur, /problems/other-team), a decision never by the requester (403
 * /problems/four-eyes); one request waits at a time (409 /problems/level-request-pending).
 */
#include "ep-routes.h"

#include "ep-plan.h"

static gboolean
handle_level_request (EpRequest *request, EpResponse *response, GError **error)
{
  g_auto (EpRoutesPlanChange) c = { 0 };
  return ep_routes_plan_begin (request, &c, error)
         && ep_plan_level_request (c.conn, c.ctx, c.household, c.version, c.body, NULL, NULL, NULL,
                                   error)
         && ep_routes_plan_answer (request, c.conn, 200, response, error);
}

static gboolean
handle_level_approve (EpRequest *request, EpResponse *response, GError **error)
{
  g_auto (EpRoutesPlanChange) c = { 0 };
  return ep_routes_plan_begin (request, &c, error)
         && ep_plan_level_approve (c.conn, c.ctx, c.household, c.version, c.body, NULL, error)
         && ep_routes_plan_answer (request, c.conn, 200, response, error);
}

static gboolean
handle_level_reject (EpRequest *request, EpResponse *response, GError **error)
{
  g_auto (EpRoutesPlanChange) c = { 0 };
  return ep_routes_plan_begin (request, &c, error)
         && ep_plan_level_reject (c.conn, c.ctx, c.household, c.version, c.body, NULL, error)
         && ep_routes_plan_answer (request, c.conn, 200, response, error);
}

static gboolean
handle_evaluate (EpRequest *request, EpResponse *response, GError **error)
{
  g_auto (EpRoutesPlanChange) c = { 0 };
  return ep_routes_plan_begin (request, &c, error)
         && ep_plan_evaluate (c.conn, c.ctx, c.household, c.version, c.body, NULL, NULL, error)
         && ep_routes_plan_answer (request, c.conn, 201, response, error);
}

void
ep_routes_add_ladder (EpServer *server)
{
  static const struct
  {
    const gchar *path;
    EpPermission permission;
    EpHandlerFunc handler;
  } routes[] = {
    { "/niveau", EP_PERM_PLAN_WRITE, handle_level_request },
    { "/niveau/goedkeuren", EP_PERM_OVERSIGHT, handle_level_approve },
    { "/niveau/afwijzen", EP_PERM_OVERSIGHT, handle_level_reject },
    { "/evaluaties", EP_PERM_PLAN_WRITE, handle_evaluate },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      g_autofree gchar *path = g_strconcat ("/api/v1/households/{id}/plan", routes[i].path, NULL);
      ep_server_add_route_for (server, "POST", path, routes[i].permission, routes[i].handler);
    }
}
