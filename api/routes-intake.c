/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * routes-intake.c: households, intakes and consent over HTTP.
 *
 *   POST /api/v1/households/search           {"postcode", "huisnummer"} or {"bsn"} (a BSN is never
 *                                            in a URL or a log), "limit", "cursor"
 *   GET  /api/v1/households/{id}             a household with its members (history) and intakes,
 *                                            its version as ETag
 *   GET  /api/v1/households/{id}/consents    its consents, each with its status today (paged)
 *   GET  /api/v1/households/{id}/timeline    what happened to it, from the audit trail: when,
 *                                            what, which record, who (paged, newest first)
 *   POST /api/v1/households/{id}/members/{person}/leave
 *                                            {"date"}: end a membership; If-Match required
 *   POST /api/v1/households/{id}/draft       {"vindplaats_id", "date"?}: the draft of a new intake,
 *                                            carried forward (not stored)
 *   POST /api/v1/intakes                     record a new draft (201, ETag)
 *   PUT  /api/v1/intakes/{id}                save a draft: If-Match required (428 without, 412
 *                                            when someone saved in between)
 *   POST /api/v1/intakes/{id}/finalise       make it final: If-Match required
 *   POST /api/v1/intakes/{id}/addenda        {"reason", "text"}: a correction of a final intake
 *   POST /api/v1/consents                    grant (the JSON of `consent grant`)
 *   POST /api/v1/consents/{id}/revoke        revoke, at once
 *   GET  /api/v1/partner/households          a partner's: the households their organisation's
 *                                            consents in effect give them, each with only what
 *                                            those give (paged)
 *
 * An intake's ETag is its version in quotes ("3"); a household's is the version of its
 * membership, likewise. A shielded household (ep-shield.h) is refused by the stores; the server
 * answers that by role (ep-server.c).
 */
#include "ep-routes.h"

#include "ep-household.h"
#include "ep-intake-json.h"
#include "ep-intake-store.h"
#include "ep-json.h"
#include "ep-problem.h"

#include <string.h>

#define INTAKE_MAX_BYTES EP_JSON_DEFAULT_MAX_BYTES
#define SMALL_MAX_BYTES (64 * 1024)

static GBytes *pseudonym_key;

void
ep_routes_set_pseudonym_key (GBytes *key)
{
  g_clear_pointer (&pseudonym_key, g_bytes_unref);
  pseudonym_key = key != NULL ? g_bytes_ref (key) : NULL;
}

/* The pseudonym key, or an error: a server without one cannot take a BSN. */
static GBytes *
need_key (GError **error)
{
  if (pseudonym_key == NULL)
    g_set_error_literal (error, EP_API_ERROR, EP_API_ERROR_BAD_REQUEST,
                         "deze server heeft geen BSN-sleutel; een BSN kan hij niet verwerken");
  return pseudonym_key;
}

static void
answer_intake (EpResponse *response, const EpIntake *intake, guint status)
{
  response->status = status;
  response->body = ep_intake_to_json (intake);
  response->etag = g_strdup_printf ("\"%d\"", intake->version);
}

static gboolean
record (EpRequest *request, EpIntake *intake, guint status, EpResponse *response, GError **error)
{
  GBytes *key = need_key (error);
  PGconn *conn = key != NULL ? ep_request_db (request, error) : NULL;
  if (conn == NULL || !ep_intake_record (conn, ep_request_ctx (request), key, intake, error))
    return FALSE;
  answer_intake (response, intake, status);
  return TRUE;
}

static gboolean
handle_new_intake (EpRequest *request, EpResponse *response, GError **error)
{
  g_autoptr (JsonNode) body = ep_routes_body (request, INTAKE_MAX_BYTES, error);
  g_autoptr (EpIntake) intake = body != NULL ? ep_intake_from_json (body, error) : NULL;
  if (intake == NULL)
    return FALSE;
  if (intake->id != NULL)
    {
      g_set_error_literal (error, EP_INTAKE_ERROR, EP_INTAKE_ERROR_INVALID_VALUE,
                           "id: een nieuwe intake heeft nog geen id; sla een concept op met PUT");
      return FALSE;
    }
  return record (request, intake, 201, response, error);
}

static gboolean
handle_save_intake (EpRequest *request, EpResponse *response, GError **error)
{
  gint version = ep_routes_if_match (request, error);
  if (version == 0)
    return FALSE;
  g_autoptr (JsonNode) body = ep_routes_body (request, INTAKE_MAX_BYTES, error);
  g_autoptr (EpIntake) intake = body != NULL ? ep_intake_from_json (body, error) : NULL;
  if (intake == NULL)
    return FALSE;
  const gchar *id = ep_request_param (request, "id");
  if (intake->id != NULL && strcmp (intake->id, id) != 0)
    {
      g_set_error_literal (error, EP_INTAKE_ERROR, EP_INTAKE_ERROR_INVALID_VALUE,
                           "id: een andere intake dan die in het adres");
      return FALSE;
    }
  g_free (intake->id);
  intake->id = g_strdup (id);
  intake->version = version; /* the version If-Match names is the one saved over */
  return record (request, intake, 200, response, error);
}

static gboolean
handle_finalise (EpRequest *request, EpResponse *response, GError **error)
{
  gint version = ep_routes_if_match (request, error), new_version = 0;
  PGconn *conn = version > 0 ? ep_request_db (request, error) : NULL;
  if (conn == NULL
      || !ep_intake_finalise (conn, ep_request_ctx (request), ep_request_param (request, "id"),
                              version, &new_version, error))
    return FALSE;
  g_autoptr (EpIntake) intake
    = ep_intake_load (conn, ep_request_ctx (request), ep_request_param (request, "id"), error);
  if (intake == NULL)
    return FALSE;
  answer_intake (response, intake, 200);
  return TRUE;
}

static gboolean
handle_addendum (EpRequest *request, EpResponse *response, GError **error)
{
  g_autoptr (JsonNode) body = ep_routes_body (request, SMALL_MAX_BYTES, error);
  PGconn *conn = body != NULL ? ep_request_db (request, error) : NULL;
  g_autofree gchar *id = NULL;
  if (conn == NULL
      || !ep_intake_add_addendum (conn, ep_request_ctx (request), ep_request_param (request, "id"),
                                  ep_routes_text (body, "reason"), ep_routes_text (body, "text"),
                                  &id, error))
    return FALSE;
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, id);
  json_builder_end_object (b);
  response->status = 201;
  response->body = json_builder_get_root (b);
  return TRUE;
}

static gboolean
handle_draft (EpRequest *request, EpResponse *response, GError **error)
{
  g_autoptr (JsonNode) body = ep_routes_body (request, SMALL_MAX_BYTES, error);
  PGconn *conn = body != NULL ? ep_request_db (request, error) : NULL;
  g_autoptr (EpIntake) draft
    = conn != NULL
        ? ep_intake_carry_forward (conn, ep_request_ctx (request), ep_request_param (request, "id"),
                                   ep_routes_text (body, "vindplaats_id"),
                                   ep_routes_text (body, "date"), error)
        : NULL;
  if (draft == NULL)
    return FALSE;
  response->body = ep_intake_to_json (draft);
  return TRUE;
}

gboolean
ep_routes_consent_allows (EpRequest *request, const gchar *household_id, const gchar *intake_id,
                          EpGegevenssoort kind, GError **error)
{
  EpSession *session = ep_request_session (request);
  if (g_strcmp0 (session->actor->role, "partner") != 0)
    return TRUE;
  PGconn *conn = ep_request_db (request, error);
  gboolean allowed = FALSE;
  if (conn == NULL
      || !ep_consent_allows (conn, ep_request_ctx (request), household_id, intake_id,
                             session->partner_organisation, kind, &allowed, error))
    return FALSE;
  if (!allowed)
    g_set_error_literal (error, EP_API_ERROR, EP_API_ERROR_NOT_FOUND, "niet gevonden");
  return allowed;
}

/* Answers @household with its version as ETag. A partner whose consent gives basisgegevens but
 * not intake does not learn which intakes there were either. */
static gboolean
answer_household (EpRequest *request, PGconn *conn, const EpHousehold *household,
                  EpResponse *response, GError **error)
{
  const gchar *organisation = ep_request_session (request)->partner_organisation;
  guint kinds = 0;
  if (organisation != NULL
      && !ep_consent_kinds (conn, ep_request_ctx (request), household->id, organisation, &kinds,
                            error))
    return FALSE;
  response->body = ep_household_to_json (household);
  response->etag = g_strdup_printf ("\"%d\"", household->version);
  if (organisation != NULL && !(kinds & (1u << EP_GEGEVENSSOORT_INTAKE)))
    json_object_remove_member (json_node_get_object (response->body), "intakes");
  return TRUE;
}

static gboolean
handle_household (EpRequest *request, EpResponse *response, GError **error)
{
  if (!ep_routes_consent_allows (request, ep_request_param (request, "id"), NULL,
                                 EP_GEGEVENSSOORT_BASISGEGEVENS, error))
    return FALSE;
  PGconn *conn = ep_request_db (request, error);
  g_autoptr (EpHousehold) household
    = conn != NULL ? ep_household_load (conn, ep_request_ctx (request),
                                        ep_request_param (request, "id"), error)
                   : NULL;
  if (household == NULL)
    return FALSE;
  return answer_household (request, conn, household, response, error);
}

static JsonNode *
consent_entry_json (gconstpointer item)
{
  return ep_consent_entry_to_json (item);
}

static gboolean
handle_household_consents (EpRequest *request, EpResponse *response, GError **error)
{
  const gchar *id = ep_request_param (request, "id");
  if (!ep_routes_consent_allows (request, id, NULL, EP_GEGEVENSSOORT_BASISGEGEVENS, error))
    return FALSE;
  guint limit = 0;
  if (!ep_routes_query_uint (request, "limit", &limit, error))
    return FALSE;
  /* A partner sees only the consents that name their own organisation: which other
   * organisations a household consented to (addiction care, say) is not theirs to know. */
  EpConsentFilter filter = { .household_id = id,
                             .organisation = ep_request_session (request)->partner_organisation,
                             .limit = limit,
                             .cursor = ep_request_query (request, "cursor") };
  PGconn *conn = ep_request_db (request, error);
  g_autofree gchar *next = NULL;
  g_autoptr (GPtrArray) consents
    = conn != NULL ? ep_consent_list (conn, ep_request_ctx (request), &filter, &next, error) : NULL;
  if (consents == NULL)
    return FALSE;
  response->body = ep_routes_page (consents, consent_entry_json, next);
  return TRUE;
}

static JsonNode *
step_json (gconstpointer item)
{
  return ep_household_step_to_json (item);
}

static gboolean
handle_household_timeline (EpRequest *request, EpResponse *response, GError **error)
{
  guint limit = 0;
  if (!ep_routes_query_uint (request, "limit", &limit, error))
    return FALSE;
  PGconn *conn = ep_request_db (request, error);
  g_autofree gchar *next = NULL;
  g_autoptr (GPtrArray) steps
    = conn != NULL
        ? ep_household_timeline (conn, ep_request_ctx (request), ep_request_param (request, "id"),
                                 limit, ep_request_query (request, "cursor"), &next, error)
        : NULL;
  if (steps == NULL)
    return FALSE;
  response->body = ep_routes_page (steps, step_json, next);
  return TRUE;
}

static gboolean
handle_leave (EpRequest *request, EpResponse *response, GError **error)
{
  gint version = ep_routes_if_match (request, error), new_version = 0;
  g_autoptr (JsonNode) body = version > 0 ? ep_routes_body (request, SMALL_MAX_BYTES, error) : NULL;
  PGconn *conn = body != NULL ? ep_request_db (request, error) : NULL;
  const gchar *id = ep_request_param (request, "id");
  if (conn == NULL
      || !ep_household_member_leave (conn, ep_request_ctx (request), id,
                                     ep_request_param (request, "person"),
                                     ep_routes_text (body, "date"), version, &new_version, error))
    return FALSE;
  g_autoptr (EpHousehold) household = ep_household_load (conn, ep_request_ctx (request), id, error);
  if (household == NULL)
    return FALSE;
  return answer_household (request, conn, household, response, error);
}

static JsonNode *
household_json (gconstpointer item)
{
  return ep_household_to_json (item);
}

static gboolean
handle_household_search (EpRequest *request, EpResponse *response, GError **error)
{
  g_autoptr (JsonNode) body = ep_routes_body (request, SMALL_MAX_BYTES, error);
  if (body == NULL)
    return FALSE;
  JsonObject *o = JSON_NODE_HOLDS_OBJECT (body) ? json_node_get_object (body) : NULL;
  EpHouseholdSearch search = {
    .postcode = ep_routes_text (body, "postcode"),
    .huisnummer
    = o != NULL ? (gint) json_object_get_int_member_with_default (o, "huisnummer", 0) : 0,
    .bsn = ep_routes_text (body, "bsn"),
    .limit = o != NULL ? (guint) json_object_get_int_member_with_default (o, "limit", 0) : 0,
    .cursor = ep_routes_text (body, "cursor"),
  };
  if (search.bsn != NULL && (search.pseudonym_key = need_key (error)) == NULL)
    return FALSE;
  PGconn *conn = ep_request_db (request, error);
  g_autofree gchar *next = NULL;
  g_autoptr (GPtrArray) found
    = conn != NULL ? ep_household_find (conn, ep_request_ctx (request), &search, &next, error)
                   : NULL;
  if (found == NULL)
    return FALSE;
  response->body = ep_routes_page (found, household_json, next);
  return TRUE;
}

static gboolean
handle_grant (EpRequest *request, EpResponse *response, GError **error)
{
  g_autoptr (JsonNode) body = ep_routes_body (request, SMALL_MAX_BYTES, error);
  g_autofree gchar *household = NULL;
  g_autoptr (EpIntakeConsent) consent
    = body != NULL ? ep_consent_from_json (body, &household, error) : NULL;
  PGconn *conn = consent != NULL ? ep_request_db (request, error) : NULL;
  if (conn == NULL || !ep_consent_grant (conn, ep_request_ctx (request), household, consent, error))
    return FALSE;
  response->status = 201;
  response->body = ep_consent_to_json (consent, household);
  return TRUE;
}

static gboolean
handle_revoke (EpRequest *request, EpResponse *response, GError **error)
{
  PGconn *conn = ep_request_db (request, error);
  if (conn == NULL
      || !ep_consent_revoke (conn, ep_request_ctx (request), ep_request_param (request, "id"),
                             error))
    return FALSE;
  response->status = 204;
  return TRUE;
}

static JsonNode *
partner_household_json (gconstpointer item)
{
  return ep_partner_household_to_json (item);
}

static gboolean
handle_partner_households (EpRequest *request, EpResponse *response, GError **error)
{
  guint limit = 0;
  if (!ep_routes_query_uint (request, "limit", &limit, error))
    return FALSE;
  EpPartnerHouseholdFilter filter
    = { .organisation = ep_request_session (request)->partner_organisation,
        .limit = limit,
        .cursor = ep_request_query (request, "cursor") };
  if (filter.organisation
      == NULL) /* a partner has one (constraint app_user_partner_organisation) */
    {
      g_set_error_literal (error, EP_API_ERROR, EP_API_ERROR_FORBIDDEN,
                           "alleen een partner heeft een partnerorganisatie");
      return FALSE;
    }
  PGconn *conn = ep_request_db (request, error);
  g_autofree gchar *next = NULL;
  g_autoptr (GPtrArray) households
    = conn != NULL ? ep_partner_households (conn, ep_request_ctx (request), &filter, &next, error)
                   : NULL;
  if (households == NULL)
    return FALSE;
  response->body = ep_routes_page (households, partner_household_json, next);
  return TRUE;
}

void
ep_routes_add_intake (EpServer *server)
{
  ep_server_add_route_for (server, "POST", "/api/v1/households/search", EP_PERM_CASE_READ,
                           handle_household_search);
  ep_server_add_route_for (server, "GET", "/api/v1/households/{id}", EP_PERM_CONSENTED_READ,
                           handle_household);
  ep_server_add_route_for (server, "GET", "/api/v1/households/{id}/consents",
                           EP_PERM_CONSENTED_READ, handle_household_consents);
  ep_server_add_route_for (server, "GET", "/api/v1/households/{id}/timeline", EP_PERM_CASE_READ,
                           handle_household_timeline);
  ep_server_add_route_for (server, "POST", "/api/v1/households/{id}/members/{person}/leave",
                           EP_PERM_CASE_WRITE, handle_leave);
  ep_server_add_route_for (server, "POST", "/api/v1/households/{id}/draft", EP_PERM_CASE_WRITE,
                           handle_draft);
  ep_server_add_route_for (server, "POST", "/api/v1/intakes", EP_PERM_CASE_WRITE,
                           handle_new_intake);
  ep_server_add_route_for (server, "PUT", "/api/v1/intakes/{id}", EP_PERM_CASE_WRITE,
                           handle_save_intake);
  ep_server_add_route_for (server, "POST", "/api/v1/intakes/{id}/finalise", EP_PERM_CASE_WRITE,
                           handle_finalise);
  ep_server_add_route_for (server, "POST", "/api/v1/intakes/{id}/addenda", EP_PERM_CASE_WRITE,
                           handle_addendum);
  ep_server_add_route_for (server, "POST", "/api/v1/consents", EP_PERM_CASE_WRITE, handle_grant);
  ep_server_add_route_for (server, "POST", "/api/v1/consents/{id}/revoke", EP_PERM_CASE_WRITE,
                           handle_revoke);
  ep_server_add_route_for (server, "GET", "/api/v1/partner/households", EP_PERM_PARTNER,
                           handle_partner_households);
}
