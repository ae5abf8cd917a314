/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-problem.h: errors as RFC 9457 problem details (application/problem+json).
 *
 * api/ is the only place where module errors become HTTP statuses. Each
 * mapping has a stable `type` slug so clients can branch on it; `detail`
 * carries the module's precise message, which by the modules' own rules holds
 * no personal data.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define EP_API_ERROR (ep_api_error_quark ())
GQuark ep_api_error_quark (void);

typedef enum
{
  EP_API_ERROR_NOT_FOUND,
  EP_API_ERROR_METHOD_NOT_ALLOWED,
  EP_API_ERROR_BAD_REQUEST,
  EP_API_ERROR_SHUTTING_DOWN,
  EP_API_ERROR_UNAUTHENTICATED,       /* no session: sign in */
  EP_API_ERROR_FORBIDDEN,             /* the role does not allow it */
  EP_API_ERROR_CSRF,                  /* a cookie without its CSRF token on a change */
  EP_API_ERROR_THROTTLED,             /* too many failed sign-ins: wait */
  EP_API_ERROR_TOO_LARGE,             /* a request body over the limit */
  EP_API_ERROR_PRECONDITION_REQUIRED, /* a change of an aggregate without If-Match */
  EP_API_ERROR_BUSY,                  /* the slow pool's queue is full: retry shortly */
  EP_API_ERROR_NOT_AVAILABLE,         /* a service this server does not run (e.g. no verifier) */
} EpApiError;

/**
 * ep_problem_status:
 *
 * Returns: the HTTP status for @error (500 for anything unmapped), and in
 * @type_out (optional) its stable slug, e.g. "database-unavailable".
 */
guint ep_problem_status (const GError *error, const gchar **type_out);

/**
 * ep_problem_new:
 * @instance: the request path
 *
 * Returns: (transfer full): the problem+json object for @error.
 */
JsonNode *ep_problem_new (const GError *error, const gchar *instance);

G_END_DECLS
