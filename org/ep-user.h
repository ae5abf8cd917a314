/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-user.h — the municipality's users, as an administrator manages them: add one (with a
 * password, or a partner user with the organisation consents name), change a password (which
 * ends the user's other sessions), disable one (which ends all of them), list them. Every change
 * is an audit event; no password and no hash ever leaves this module.
 */
#pragma once

#include "ep-db-pool.h"

#include <libpq-fe.h>

G_BEGIN_DECLS

/* A user as an administrator sees one. */
typedef struct
{
  gchar *id;
  gchar *username;
  gchar *display_name;
  gchar *role;
  gchar *partner_organisation; /* a partner's organisation; NULL for the others */
  gboolean active;
  gboolean demo; /* made by `eenplan demo load`, with a known password */
  gboolean has_password;
} EpUser;

void ep_user_free (EpUser *user);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EpUser, ep_user_free)

/**
 * ep_user_add:
 * @user: the new user: username ([a-z0-9._-], 2–64), display_name, role (casemanager,
 *   regisseur, supervisor, partner, admin) and, for a partner, partner_organisation; the other
 *   members are not read
 * @password: (nullable): the password (EP_PASSWORD_MIN_LENGTH–EP_PASSWORD_MAX_LENGTH
 *   characters), or NULL for a user who cannot sign in yet
 * @id: (out) (transfer full) (optional): the new user's id
 *
 * Returns: TRUE; FALSE with EP_ORG_ERROR_INVALID_VALUE naming the field, _EXISTS, or an
 *   EP_DB_ERROR, and nothing written.
 */
gboolean ep_user_add (PGconn *conn, const EpDbTxContext *ctx, const EpUser *user,
                      const gchar *password, gchar **id, GError **error);

/**
 * ep_user_set_password:
 * @keep_session: (nullable): the id of a session of the user to keep (the one the user changed
 *   the password in); every other session of the user ends
 *
 * Returns: TRUE; FALSE with EP_ORG_ERROR_INVALID_VALUE (password), _NOT_FOUND, or an
 *   EP_DB_ERROR, and nothing changed.
 */
gboolean ep_user_set_password (PGconn *conn, const EpDbTxContext *ctx, const gchar *username,
                               const gchar *password, const gchar *keep_session, GError **error);

/**
 * ep_user_disable:
 *
 * Disables @username and ends every session of theirs at once.
 *
 * Returns: TRUE; FALSE with EP_ORG_ERROR_NOT_FOUND or an EP_DB_ERROR.
 */
gboolean ep_user_disable (PGconn *conn, const EpDbTxContext *ctx, const gchar *username,
                          GError **error);

/**
 * ep_user_list:
 *
 * Returns: (transfer full) (element-type EpUser): the municipality's users by username; NULL
 *   with an EP_DB_ERROR.
 */
GPtrArray *ep_user_list (PGconn *conn, const EpDbTxContext *ctx,
                         GError **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_user_demo_exists:
 *
 * Returns: TRUE with *@exists set when any municipality has an active demo user (a server
 *   pointed at a configured database refuses to start then); FALSE with an EP_DB_ERROR.
 */
gboolean ep_user_demo_exists (PGconn *conn, gboolean *exists, GError **error);

G_END_DECLS
