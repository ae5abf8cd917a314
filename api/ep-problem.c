/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-problem.c: GError → HTTP status and problem+json.
 *
 * The table below is the one place where an error code gets its status.
 * Unmapped errors are 500s, and database outages 503s, whose detail is not
 * shown to the client (it describes internals: socket paths, server
 * messages); the server logs it instead.
 */
#include "ep-problem.h"

#include "ep-db-error.h"

#include <libsoup/soup.h>

/* clang-format off */
G_DEFINE_QUARK (ep-api-error-quark, ep_api_error)
/* clang-format on */

typedef struct
{
  GQuark (*domain) (void);
  gint code;
  guint status;
  const gchar *type;
  const gchar *title;
  gboolean show_detail; /* FALSE where the message describes our internals */
} ProblemMapping;

static const ProblemMapping mappings[] = {
  { ep_api_error_quark, EP_API_ERROR_NOT_FOUND, 404, "not-found", "Not found", TRUE },
  { ep_api_error_quark, EP_API_ERROR_METHOD_NOT_ALLOWED, 405, "method-not-allowed",
    "Method not allowed", TRUE },
  { ep_api_error_quark, EP_API_ERROR_BAD_REQUEST, 400, "bad-request", "Bad request", TRUE },
  { ep_api_error_quark, EP_API_ERROR_SHUTTING_DOWN, 503, "shutting-down",
    "The server is shutting down", TRUE },
  { ep_db_error_quark, EP_DB_ERROR_UNAVAILABLE, 503, "database-unavailable",
    "The database is unavailable", FALSE },
  { ep_db_error_quark, EP_DB_ERROR_POOL_TIMEOUT, 503, "database-busy", "The database is busy",
    FALSE },
  { ep_db_error_quark, EP_DB_ERROR_UNIQUE_VIOLATION, 409, "conflict", "Conflict", TRUE },
  { ep_db_error_quark, EP_DB_ERROR_EXCLUSION_VIOLATION, 409, "conflict", "Conflict", TRUE },
  { ep_db_error_quark, EP_DB_ERROR_SERIALIZATION_FAILURE, 503, "retry", "Please retry", FALSE },
  { ep_db_error_quark, EP_DB_ERROR_DEADLOCK, 503, "retry", "Please retry", FALSE },
  { ep_db_error_quark, EP_DB_ERROR_STATEMENT_GONE, 503, "retry", "Please retry", FALSE },
  { ep_db_error_quark, EP_DB_ERROR_PERMISSION_DENIED, 403, "forbidden", "Forbidden", TRUE },
};

static const ProblemMapping *
find_mapping (const GError *error)
{
  for (gsize i = 0; error != NULL && i < G_N_ELEMENTS (mappings); i++)
    if (error->domain == mappings[i].domain () && error->code == mappings[i].code)
      return &mappings[i];
  return NULL;
}

guint
ep_problem_status (const GError *error, const gchar **type_out)
{
  const ProblemMapping *mapping = find_mapping (error);
  if (type_out != NULL)
    *type_out = mapping ? mapping->type : "internal";
  return mapping ? mapping->status : SOUP_STATUS_INTERNAL_SERVER_ERROR;
}

JsonNode *
ep_problem_new (const GError *error, const gchar *instance)
{
  const ProblemMapping *mapping = find_mapping (error);
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autofree gchar *type = g_strconcat ("/problems/", mapping ? mapping->type : "internal", NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, mapping ? mapping->title : "Internal server error");
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, mapping ? mapping->status : 500);
  if (mapping != NULL && mapping->show_detail)
    {
      json_builder_set_member_name (builder, "detail");
      json_builder_add_string_value (builder, error->message);
    }
  if (instance != NULL)
    {
      json_builder_set_member_name (builder, "instance");
      json_builder_add_string_value (builder, instance);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
