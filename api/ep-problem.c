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

#include "ep-audit-error.h"
#include "ep-db-error.h"
#include "ep-intake.h"
#include "ep-json-error.h"
#include "ep-org-error.h"
#include "ep-plan.h"

#include <libsoup/soup.h>
#include <string.h>

/* clang-format off */
G_DEFINE_QUARK (ep-api-error-quark, ep_api_error)
/* clang-format on */

/* Any code of a domain, after the specific ones. */
#define ANY_CODE (-1)

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
  { ep_api_error_quark, EP_API_ERROR_UNAUTHENTICATED, 401, "unauthenticated", "Sign in first",
    TRUE },
  { ep_api_error_quark, EP_API_ERROR_FORBIDDEN, 403, "forbidden", "Forbidden", TRUE },
  { ep_api_error_quark, EP_API_ERROR_CSRF, 403, "csrf", "CSRF token missing or wrong", TRUE },
  { ep_api_error_quark, EP_API_ERROR_THROTTLED, 429, "throttled", "Too many attempts", TRUE },
  { ep_api_error_quark, EP_API_ERROR_BUSY, 503, "busy", "Too many sign-ins at once", TRUE },
  { ep_api_error_quark, EP_API_ERROR_TOO_LARGE, 413, "too-large", "Request body too large", TRUE },
  { ep_audit_error_quark, EP_AUDIT_ERROR_BAD_CURSOR, 400, "bad-request", "Bad request", TRUE },
  { ep_audit_error_quark, EP_AUDIT_ERROR_BAD_LIMIT, 400, "bad-request", "Bad request", TRUE },
  { ep_api_error_quark, EP_API_ERROR_PRECONDITION_REQUIRED, 428, "precondition-required",
    "If-Match required", TRUE },
  { ep_api_error_quark, EP_API_ERROR_NOT_AVAILABLE, 503, "not-available",
    "Not available on this server", TRUE },
  { ep_org_error_quark, EP_ORG_ERROR_SIGN_IN_FAILED, 401, "sign-in-failed", "Sign-in failed",
    TRUE },
  { ep_org_error_quark, EP_ORG_ERROR_SESSION_ENDED, 401, "signed-out", "The session has ended",
    TRUE },
  { ep_org_error_quark, EP_ORG_ERROR_INVALID_VALUE, 422, "invalid", "Invalid value", TRUE },
  { ep_org_error_quark, EP_ORG_ERROR_EXISTS, 409, "conflict", "Conflict", TRUE },
  { ep_org_error_quark, EP_ORG_ERROR_NOT_FOUND, 404, "not-found", "Not found", TRUE },
  { ep_org_error_quark, EP_ORG_ERROR_NOT_ADMIN, 403, "forbidden", "Forbidden", TRUE },
  { ep_org_error_quark, EP_ORG_ERROR_WRONG_PASSWORD, 422, "wrong-password",
    "The current password is wrong", TRUE },
  { ep_json_error_quark, EP_JSON_ERROR_TOO_LARGE, 413, "too-large", "Request body too large",
    TRUE },
  { ep_json_error_quark, ANY_CODE, 400, "invalid-json", "Not acceptable JSON", TRUE },
  { ep_intake_error_quark, EP_INTAKE_ERROR_NOT_FOUND, 404, "not-found", "Not found", TRUE },
  { ep_intake_error_quark, EP_INTAKE_ERROR_STALE, 412, "stale", "Changed by someone else", TRUE },
  { ep_intake_error_quark, EP_INTAKE_ERROR_FINALISED, 409, "finalised", "Finalised", TRUE },
  { ep_intake_error_quark, EP_INTAKE_ERROR_MEMBER_ELSEWHERE, 409, "conflict", "Conflict", TRUE },
  { ep_intake_error_quark, EP_INTAKE_ERROR_SHIELDED, 403, "shielded",
    "Shielded household: emergency access possible", TRUE },
  { ep_intake_error_quark, ANY_CODE, 422, "invalid", "Invalid value", TRUE },
  /* The household plan (plans/ep-plan.h, docs/plan.md): stale as an intake is. */
  { ep_plan_error_quark, EP_PLAN_ERROR_NOT_FOUND, 404, "not-found", "Not found", TRUE },
  { ep_plan_error_quark, EP_PLAN_ERROR_EXISTS, 409, "plan-exists",
    "The household has an active plan", TRUE },
  { ep_plan_error_quark, EP_PLAN_ERROR_STALE, 412, "stale", "Changed by someone else", TRUE },
  { ep_plan_error_quark, EP_PLAN_ERROR_CLOSED, 409, "plan-closed", "The plan is closed", TRUE },
  { ep_plan_error_quark, EP_PLAN_ERROR_NOT_REGISSEUR, 403, "not-regisseur",
    "Only the plan's regisseur or a supervisor", TRUE },
  { ep_plan_error_quark, EP_PLAN_ERROR_FORBIDDEN, 403, "forbidden", "Forbidden", TRUE },
  { ep_plan_error_quark, EP_PLAN_ERROR_SHIELDED, 403, "shielded",
    "Shielded household: emergency access possible", TRUE },
  /* The ladder (docs/ladder.md): the team rule, four eyes, a supervisor's decision, one request
   * waiting at a time. */
  { ep_plan_error_quark, EP_PLAN_ERROR_OTHER_TEAM, 403, "other-team",
    "Only a supervisor of the regisseur's team", TRUE },
  { ep_plan_error_quark, EP_PLAN_ERROR_FOUR_EYES, 403, "four-eyes",
    "A request is decided by another than who asked", TRUE },
  { ep_plan_error_quark, EP_PLAN_ERROR_NOT_SUPERVISOR, 403, "not-supervisor",
    "Only a supervisor decides", TRUE },
  { ep_plan_error_quark, EP_PLAN_ERROR_PENDING, 409, "level-request-pending",
    "A level request is waiting for a decision", TRUE },
  { ep_plan_error_quark, ANY_CODE, 422, "invalid", "Invalid value", TRUE },
};

static const ProblemMapping *
find_mapping (const GError *error)
{
  for (gsize i = 0; error != NULL && i < G_N_ELEMENTS (mappings); i++)
    if (error->domain == mappings[i].domain ()
        && (error->code == mappings[i].code || mappings[i].code == ANY_CODE))
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
  /* The plan that exists, for the client to open instead. */
  const gchar *plan_id = ep_plan_error_existing_id (error);
  if (plan_id != NULL)
    {
      json_builder_set_member_name (builder, "plan_id");
      json_builder_add_string_value (builder, plan_id);
    }
  /* The field to fix, as data: for a form to put the message beside it. */
  g_autofree gchar *path = error->domain == EP_INTAKE_ERROR ? ep_intake_error_path (error)
                           : error->domain == EP_JSON_ERROR ? g_strdup (ep_json_error_path (error))
                           : error->domain == EP_ORG_ERROR  ? ep_org_error_path (error)
                           : error->domain == EP_PLAN_ERROR ? ep_plan_error_path (error)
                                                            : NULL;
  if (path != NULL && *path != '\0')
    {
      json_builder_set_member_name (builder, "errors");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, path);
      json_builder_set_member_name (builder, "detail");
      /* (an org/ message is "path: rule") */
      const gchar *rule = error->domain == EP_INTAKE_ERROR ? ep_intake_error_rule (error)
                          : error->domain == EP_PLAN_ERROR ? ep_plan_error_rule (error)
                          : error->domain == EP_ORG_ERROR  ? error->message + strlen (path) + 2
                                                           : NULL;
      json_builder_add_string_value (builder, rule != NULL ? rule : error->message);
      json_builder_end_object (builder);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
