/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-org-error.h — the error domain of org/: users, signing in and sessions. Messages are Dutch,
 * for the person at the keyboard; the API maps the codes to HTTP statuses and stable problem
 * types, so the values are part of the interface: append, never renumber.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define EP_ORG_ERROR (ep_org_error_quark ())
GQuark ep_org_error_quark (void);

/**
 * EpOrgError:
 * @EP_ORG_ERROR_SIGN_IN_FAILED: no such active user, or the wrong password: deliberately one
 *   code and one message, so that the answer does not tell which.
 * @EP_ORG_ERROR_SESSION_ENDED: a session token that is unknown, ended, or past its idle or
 *   absolute expiry.
 * @EP_ORG_ERROR_INVALID_VALUE: a user's field that breaks its rule (username, role, password
 *   too short or too long, a partner without organisation); the message names the field.
 * @EP_ORG_ERROR_EXISTS: a user of that name exists already in the municipality.
 * @EP_ORG_ERROR_NOT_FOUND: no such user (for administrators), or no such session of the user.
 * @EP_ORG_ERROR_NOT_ADMIN: the acting user is not an active administrator (role admin) of the
 *   municipality, and only an administrator manages users (checked inside the transaction).
 * @EP_ORG_ERROR_WRONG_PASSWORD: the current password given to change one's own does not match
 *   (the message names the field, current_password).
 * @EP_ORG_ERROR_NOT_STAFF: the acting user is not an active casemanager, regisseur or supervisor
 *   of the municipality, and only they see the list of their colleagues (checked inside the
 *   transaction).
 *
 * A message of _INVALID_VALUE, _EXISTS and _WRONG_PASSWORD starts with the field it is about and
 * ": " (ep_org_error_path()).
 */
typedef enum
{
  EP_ORG_ERROR_SIGN_IN_FAILED = 1,
  EP_ORG_ERROR_SESSION_ENDED = 2,
  EP_ORG_ERROR_INVALID_VALUE = 3,
  EP_ORG_ERROR_EXISTS = 4,
  EP_ORG_ERROR_NOT_FOUND = 5,
  EP_ORG_ERROR_NOT_ADMIN = 6,
  EP_ORG_ERROR_WRONG_PASSWORD = 7,
  EP_ORG_ERROR_NOT_STAFF = 8,
} EpOrgError;

/**
 * ep_org_error_path:
 *
 * Returns: (transfer full) (nullable): the field an error of EP_ORG_ERROR names ("username",
 *   "password", "current_password", …), for a form to show the message beside it; NULL for an
 *   error of another domain or code, or one that names no field.
 */
gchar *ep_org_error_path (const GError *error);

G_END_DECLS
