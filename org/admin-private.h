/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * admin-private.h: the rule that only an administrator manages the municipality's users and code
 * lists (owner: users.c), for the files of org/ that manage them (vindplaats.c).
 */
#pragma once

#include <glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

/* In the caller's transaction: the context acts as an active administrator of this municipality
 * (their row held until commit), or as eenplan's own work (actor_role "system"). FALSE with
 * EP_ORG_ERROR_NOT_ADMIN otherwise, its message saying that only an administrator may @what
 * ("gebruikers beheren"). */
gboolean ep_org_require_admin (PGconn *conn, const gchar *what, GError **error);

G_END_DECLS
