/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-user.h: the municipality's users (app_user), as far as the commands
 * need them: who is acting, in which role.
 */
#pragma once

#include "ep-db-pool.h"

#include <libpq-fe.h>

G_BEGIN_DECLS

/**
 * ep_user_role:
 * @gemeente: the municipality (CBS code)
 * @username: an active user of that municipality
 * @role: (out) (transfer full): the user's role (casemanager, regisseur, …)
 *
 * Looks the user up, so that commands act as a real user in their real role.
 *
 * Returns: TRUE with @role set; FALSE with EP_DB_ERROR_PERMISSION_DENIED when
 *   @gemeente has no active user @username, or another EP_DB_ERROR.
 */
gboolean ep_user_role (PGconn *conn, const gchar *gemeente, const gchar *username, gchar **role,
                       GError **error);

G_END_DECLS
