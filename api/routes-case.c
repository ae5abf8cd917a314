/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * routes-case.c: the case worker's resources.
 *
 *   GET  /api/v1/codelists              every vocabulary: code and Dutch label, for the forms
 *   POST /api/v1/contacts               record a first contact (ep-contact.h's JSON)
 *   GET  /api/v1/contacts               list: van, tot, vindplaats, type, ontvangen_door,
 *                                       zonder_intake, limit, cursor
 *   GET  /api/v1/contacts/count         the same filters, a figure
 *   GET  /api/v1/werkbak                the user's drafts and the new contacts without an intake,
 *                                       each with its count
 *   GET  /api/v1/intakes/{id}           an intake (ep-intake-json.h), with its version as ETag
 *   GET  /api/v1/questionnaire          the questionnaire new intakes follow (?version= an older
 *                                       one), with its version as ETag
 */
#include "ep-routes.h"

#include "ep-contact.h"
#include "ep-intake-json.h"
#include "ep-intake-lists.h"
#include "ep-intake-store.h"
#include "ep-intake-template.h"
#include "ep-json.h"
#include "ep-problem.h"

#include <string.h>

#define CONTACT_MAX_BYTES (64 * 1024)

static gboolean
handle_codelists (EpRequest *request, EpResponse *response, GError **error)
{
  gsize n = 0;
  const EpVocabulary *const *all = ep_vocab_all (&n);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  for (gsize i = 0; i < n; i++)
    {
      json_builder_set_member_name (b, all[i]->name);
      json_builder_begin_array (b);
      for (gsize j = 0; j < all[i]->n_entries; j++)
        {
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "code");
          json_builder_add_string_value (b, all[i]->entries[j].code);
          json_builder_set_member_name (b, "label");
          json_builder_add_string_value (b, all[i]->entries[j].label);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
  response->body = json_builder_get_root (b);
  return TRUE;
}

static gboolean
handle_record_contact (EpRequest *request, EpResponse *response, GError **error)
{
  g_autoptr (JsonNode) body = ep_routes_body (request, CONTACT_MAX_BYTES, error);
  g_autoptr (EpContact) contact = body != NULL ? ep_contact_from_json (body, error) : NULL;
  PGconn *conn = contact != NULL ? ep_request_db (request, error) : NULL;
  if (conn == NULL || !ep_contact_record (conn, ep_request_ctx (request), contact, error))
    return FALSE;
  response->status = 201;
  response->body = ep_contact_to_json (contact);
  return TRUE;
}

/* A whole number query parameter @name (0 when absent); an error naming it otherwise. */
static gboolean
query_uint (EpRequest *request, const gchar *name, guint *out, GError **error)
{
  const gchar *text = ep_request_query (request, name);
  guint64 value = 0;
  if (text != NULL && !g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, &value, NULL))
    {
      g_set_error (error, EP_API_ERROR, EP_API_ERROR_BAD_REQUEST, "%s: moet een geheel getal zijn",
                   name);
      return FALSE;
    }
  *out = (guint) value;
  return TRUE;
}

/* The contact filter of the query parameters. */
static gboolean
contact_filter (EpRequest *request, EpContactFilter *f, GError **error)
{
  *f = (EpContactFilter){ .from = ep_request_query (request, "van"),
                          .to = ep_request_query (request, "tot"),
                          .vindplaats_id = ep_request_query (request, "vindplaats"),
                          .received_by = ep_request_query (request, "ontvangen_door"),
                          .without_intake
                          = g_strcmp0 (ep_request_query (request, "zonder_intake"), "true") == 0,
                          .cursor = ep_request_query (request, "cursor") };
  const gchar *type = ep_request_query (request, "type");
  if (type != NULL && !ep_vocab_parse (ep_vocab_contact_type (), type, (gint *) &f->type, NULL))
    {
      g_set_error (error, EP_API_ERROR, EP_API_ERROR_BAD_REQUEST,
                   "type: onbekende code; zie /api/v1/codelists (contact_type)");
      return FALSE;
    }
  return query_uint (request, "limit", &f->limit, error);
}

static JsonNode *
contact_json (gconstpointer item)
{
  return ep_contact_to_json (item);
}

static JsonNode *
summary_json (gconstpointer item)
{
  const EpIntakeSummary *s = item;
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, s->id);
  json_builder_set_member_name (b, "household_id");
  json_builder_add_string_value (b, s->household_id);
  json_builder_set_member_name (b, "date");
  json_builder_add_string_value (b, s->date);
  json_builder_set_member_name (b, "form");
  json_builder_add_string_value (b, ep_vocab_code (ep_vocab_intake_vorm (), s->form));
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, s->status);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, s->version);
  json_builder_set_member_name (b, "created_by");
  json_builder_add_string_value (b, s->created_by);
  json_builder_set_member_name (b, "created_at");
  json_builder_add_string_value (b, s->created_at);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
handle_list_contacts (EpRequest *request, EpResponse *response, GError **error)
{
  EpContactFilter filter;
  PGconn *conn = contact_filter (request, &filter, error) ? ep_request_db (request, error) : NULL;
  g_autofree gchar *next = NULL;
  g_autoptr (GPtrArray) contacts
    = conn ? ep_contact_list (conn, ep_request_ctx (request), &filter, &next, error) : NULL;
  if (contacts == NULL)
    return FALSE;
  response->body = ep_routes_page (contacts, contact_json, next);
  return TRUE;
}

static gboolean
handle_count_contacts (EpRequest *request, EpResponse *response, GError **error)
{
  EpContactFilter filter;
  gint64 count = 0;
  PGconn *conn = contact_filter (request, &filter, error) ? ep_request_db (request, error) : NULL;
  if (conn == NULL || !ep_contact_count (conn, ep_request_ctx (request), &filter, &count, error))
    return FALSE;
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "count");
  json_builder_add_int_value (b, count);
  json_builder_end_object (b);
  response->body = json_builder_get_root (b);
  return TRUE;
}

/* A werkbak list: {"count": N, "items": [...first page...], "next_cursor": …}. */
static void
add_list (JsonBuilder *b, const gchar *name, gint64 count, GPtrArray *items,
          JsonNode *(*to_json) (gconstpointer item), const gchar *next)
{
  JsonNode *page = ep_routes_page (items, to_json, next);
  json_object_set_int_member (json_node_get_object (page), "count", count);
  json_builder_set_member_name (b, name);
  json_builder_add_value (b, page);
}

static gboolean
handle_werkbak (EpRequest *request, EpResponse *response, GError **error)
{
  const EpDbTxContext *ctx = ep_request_ctx (request);
  PGconn *conn = ep_request_db (request, error);
  if (conn == NULL)
    return FALSE;
  EpIntakeFilter drafts = { .created_by = ctx->actor_id, .status = EP_INTAKE_STATUS_DRAFT };
  EpContactFilter contacts = { .without_intake = TRUE };
  gint64 n_drafts = 0, n_contacts = 0;
  g_autofree gchar *next_draft = NULL, *next_contact = NULL;
  if (!ep_intake_count (conn, ctx, &drafts, &n_drafts, error)
      || !ep_contact_count (conn, ctx, &contacts, &n_contacts, error))
    return FALSE;
  g_autoptr (GPtrArray) draft_items = ep_intake_list (conn, ctx, &drafts, &next_draft, error);
  if (draft_items == NULL)
    return FALSE;
  g_autoptr (GPtrArray) contact_items
    = ep_contact_list (conn, ctx, &contacts, &next_contact, error);
  if (contact_items == NULL)
    return FALSE;
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  add_list (b, "drafts", n_drafts, draft_items, summary_json, next_draft);
  add_list (b, "new_contacts", n_contacts, contact_items, contact_json, next_contact);
  json_builder_end_object (b);
  response->body = json_builder_get_root (b);
  return TRUE;
}

static gboolean
handle_show_intake (EpRequest *request, EpResponse *response, GError **error)
{
  if (!ep_routes_consent_allows (request, NULL, ep_request_param (request, "id"),
                                 EP_GEGEVENSSOORT_INTAKE, error))
    return FALSE;
  PGconn *conn = ep_request_db (request, error);
  g_autoptr (EpIntake) intake = conn ? ep_intake_load (conn, ep_request_ctx (request),
                                                       ep_request_param (request, "id"), error)
                                     : NULL;
  if (intake == NULL)
    return FALSE;
  response->body = ep_intake_to_json (intake);
  response->etag = g_strdup_printf ("\"%d\"", intake->version);
  return TRUE;
}

static gboolean
handle_questionnaire (EpRequest *request, EpResponse *response, GError **error)
{
  PGconn *conn = ep_request_db (request, error);
  g_autofree gchar *version = NULL;
  gchar *definition = conn != NULL ? ep_intake_template_load (conn, ep_request_ctx (request),
                                                              ep_request_query (request, "version"),
                                                              &version, error)
                                   : NULL;
  if (definition == NULL)
    return FALSE;
  response->raw = g_bytes_new_take (definition, strlen (definition));
  response->content_type = "application/json";
  response->etag = g_strdup_printf ("\"%s\"", version);
  return TRUE;
}

void
ep_routes_add_case (EpServer *server)
{
  ep_server_add_route_for (server, "GET", "/api/v1/codelists", EP_PERM_SIGNED_IN, handle_codelists);
  ep_server_add_route_for (server, "POST", "/api/v1/contacts", EP_PERM_CASE_WRITE,
                           handle_record_contact);
  ep_server_add_route_for (server, "GET", "/api/v1/contacts", EP_PERM_CASE_READ,
                           handle_list_contacts);
  ep_server_add_route_for (server, "GET", "/api/v1/contacts/count", EP_PERM_CASE_READ,
                           handle_count_contacts);
  ep_server_add_route_for (server, "GET", "/api/v1/werkbak", EP_PERM_CASE_READ, handle_werkbak);
  ep_server_add_route_for (server, "GET", "/api/v1/intakes/{id}", EP_PERM_CONSENTED_READ,
                           handle_show_intake);
  ep_server_add_route_for (server, "GET", "/api/v1/questionnaire", EP_PERM_CASE_READ,
                           handle_questionnaire);
}
