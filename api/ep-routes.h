/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-routes.h: the API's resources, added to a server (each with the permission it needs,
 * ep-authz.h). One file per group: routes-session.c (signing in, the current user and their
 * sessions), routes-case.c (code lists, contacts, the werkbak, reading an intake),
 * routes-intake.c (households, intakes, consent), routes-audit.c (the trail for supervisors).
 * Handlers are thin:
 * decode, call one module function, answer; module errors become problem+json in ep-problem.c.
 */
#pragma once

#include "ep-server.h"

G_BEGIN_DECLS

/* Adds every /api/v1 resource to @server, and GET /api/v1/openapi.yaml (docs/openapi.yaml, which
 * tests/api/test-openapi.c holds to the routes registered). */
void ep_routes_add (EpServer *server);

/* The groups (called by ep_routes_add()). */
void ep_routes_add_session (EpServer *server);
void ep_routes_add_case (EpServer *server);
void ep_routes_add_intake (EpServer *server);
void ep_routes_add_audit (EpServer *server);
void ep_routes_add_web (EpServer *server); /* routes-web.c: the demo users, the vindplaatsen */

/* The demo users (element-type EpDemoUser, ep-demo.h; transfer none: copied) that GET
 * /api/v1/demo answers, with their password: call only on the embedded demo cluster, before
 * serving. NULL (the default) makes it 404. */
void ep_routes_set_demo_users (GPtrArray *users);

/* The BSN pseudonym key the intake and household resources need to take a BSN (transfer none:
 * a reference is kept); without one, a request with a BSN is refused. Call before serving. */
void ep_routes_set_pseudonym_key (GBytes *key);

/* For a partner, whether a valid consent of the household (@household_id, or @intake_id's) names
 * their organisation and @kind: FALSE with 404 (and a denied row in the access log) otherwise;
 * TRUE for every other role. */
gboolean ep_routes_consent_allows (EpRequest *request, const gchar *household_id,
                                   const gchar *intake_id, EpGegevenssoort kind, GError **error);

/* A page of a list: {"items": [@to_json of each], "next_cursor": @next or null}.
 * Returns: (transfer full). */
JsonNode *ep_routes_page (GPtrArray *items, JsonNode *(*to_json) (gconstpointer item),
                          const gchar *next);

/* The request body as a JSON document of at most @max_bytes (ep_json_decode()).
 * Returns: (transfer full): the document; NULL with an EP_JSON_ERROR. */
JsonNode *ep_routes_body (EpRequest *request, gsize max_bytes, GError **error);

G_END_DECLS
