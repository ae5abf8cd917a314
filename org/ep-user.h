/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-user.h — the municipality's users, as an administrator manages them: add one (with a
 * password, or a partner user with the organisation consents name), change a password (which
 * ends the user's other sessions), disable one (which ends all of them), list them. Every change
 * is an audit event; no password and no hash ever leaves this module.
 *
 * The rule, here and nowhere else: only an administrator manages users. Every function below
 * that manages users checks first, inside its own transaction, that the context acts as an
 * administrator (actor_role admin) who is an active user of the municipality with role admin
 * (their row held until commit, as ep_actor_context() does); otherwise it fails with
 * EP_ORG_ERROR_NOT_ADMIN and writes nothing. The one exception is eenplan's own work, a context
 * with actor_role "system" (no user can have that role; `eenplan demo load` lists its users so).
 * Changing one's own password (ep_user_change_own_password()) is for every user.
 */
#pragma once

#include "ep-db-pool.h"

#include <json-glib/json-glib.h>
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

/* Returns: (transfer full): @user as JSON, as the API answers it and `eenplan user list --json`
 *   prints it: every member of EpUser (id, username, display_name, role, partner_organisation or
 *   null, active, demo, has_password). There is no password or hash to leave out. */
JsonNode *ep_user_to_json (const EpUser *user);

/* A page of ep_user_list_page(): at most EP_USER_LIST_MAX_LIMIT users. */
#define EP_USER_LIST_DEFAULT_LIMIT 50
#define EP_USER_LIST_MAX_LIMIT 200

/**
 * ep_user_check_admin:
 *
 * The rule above on its own, in a transaction of its own: for a command that asks for a password
 * before it calls ep_user_add() or ep_user_set_password(), so that it can refuse first. (Those
 * check it again themselves.)
 *
 * Returns: TRUE when @ctx acts as an administrator; FALSE with EP_ORG_ERROR_NOT_ADMIN ("alleen
 *   een beheerder (rol admin) mag gebruikers beheren; … heeft de rol …") or an EP_DB_ERROR.
 */
gboolean ep_user_check_admin (PGconn *conn, const EpDbTxContext *ctx, GError **error);

/**
 * ep_user_add:
 * @user: the new user: username ([a-z0-9._-], 2–64), display_name, role (casemanager,
 *   regisseur, supervisor, partner, admin) and, for a partner, partner_organisation; the other
 *   members are not read
 * @password: (nullable): the password (EP_PASSWORD_MIN_LENGTH–EP_PASSWORD_MAX_LENGTH
 *   characters), or NULL for a user who cannot sign in yet
 * @id: (out) (transfer full) (optional): the new user's id
 *
 * Returns: TRUE; FALSE with EP_ORG_ERROR_INVALID_VALUE naming the field, _EXISTS, _NOT_ADMIN,
 *   or an EP_DB_ERROR, and nothing written.
 */
gboolean ep_user_add (PGconn *conn, const EpDbTxContext *ctx, const EpUser *user,
                      const gchar *password, gchar **id, GError **error);

/**
 * ep_user_set_password:
 * @keep_session: (nullable): the id of a session of the user to keep; every other session of
 *   the user ends (an administrator's reset passes NULL: all of them end)
 *
 * An administrator sets @username's password.
 *
 * Returns: TRUE; FALSE with EP_ORG_ERROR_INVALID_VALUE (password), _NOT_FOUND, _NOT_ADMIN, or
 *   an EP_DB_ERROR, and nothing changed.
 */
gboolean ep_user_set_password (PGconn *conn, const EpDbTxContext *ctx, const gchar *username,
                               const gchar *password, const gchar *keep_session, GError **error);

/**
 * ep_user_change_own_password:
 * @ctx: the acting user's context (ep_actor_context()): the password changed is theirs
 * @current_password: their password now, checked first (about a third of a second of CPU, as
 *   signing in: run it off any main loop; no transaction is open meanwhile)
 * @new_password: the new one (EP_PASSWORD_MIN_LENGTH–EP_PASSWORD_MAX_LENGTH characters)
 * @keep_session: (nullable): the id of their session to keep (the one they changed it in); every
 *   other session of theirs ends
 *
 * Returns: TRUE; FALSE with EP_ORG_ERROR_INVALID_VALUE (new_password),
 *   EP_ORG_ERROR_WRONG_PASSWORD ("current_password: klopt niet"; also when the password was
 *   changed elsewhere after it was checked), or an EP_DB_ERROR, and nothing changed.
 */
gboolean ep_user_change_own_password (PGconn *conn, const EpDbTxContext *ctx,
                                      const gchar *current_password, const gchar *new_password,
                                      const gchar *keep_session, GError **error);

/**
 * ep_user_disable:
 *
 * Disables @username and ends every session of theirs at once.
 *
 * Returns: TRUE; FALSE with EP_ORG_ERROR_NOT_FOUND, _NOT_ADMIN, or an EP_DB_ERROR.
 */
gboolean ep_user_disable (PGconn *conn, const EpDbTxContext *ctx, const gchar *username,
                          GError **error);

/**
 * ep_user_list:
 *
 * Returns: (transfer full) (element-type EpUser): every user of the municipality by username;
 *   NULL with EP_ORG_ERROR_NOT_ADMIN or an EP_DB_ERROR.
 */
GPtrArray *ep_user_list (PGconn *conn, const EpDbTxContext *ctx,
                         GError **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_user_list_page:
 * @limit: 1–EP_USER_LIST_MAX_LIMIT; 0: EP_USER_LIST_DEFAULT_LIMIT
 * @cursor: (nullable): a next_cursor given before (the last username of that page); NULL: from
 *   the first
 * @next_cursor: (out) (transfer full) (optional): the cursor of the next page, or NULL when this
 *   page is the last
 *
 * Returns: (transfer full) (element-type EpUser): a page of the municipality's users by
 *   username; NULL with EP_ORG_ERROR_INVALID_VALUE naming limit or cursor, _NOT_ADMIN, or an
 *   EP_DB_ERROR.
 */
GPtrArray *ep_user_list_page (PGconn *conn, const EpDbTxContext *ctx, guint limit,
                              const gchar *cursor, gchar **next_cursor,
                              GError **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_user_list_colleagues:
 * @role: (nullable): "casemanager", "regisseur" or "supervisor": only users of that role; NULL:
 *   of all three
 *
 * The colleagues a case worker may name in a case (a plan's regisseur, its aanspreekpunt): the
 * active users of the municipality with role casemanager, regisseur or supervisor, by display
 * name, then username. Not a rule about users' management: it is for those colleagues only — the
 * context must act as an active casemanager, regisseur or supervisor, checked inside the
 * transaction (an administrator manages users with ep_user_list(); a partner sees no staff).
 *
 * Returns: (transfer full) (element-type EpUser): the colleagues, each with only username,
 *   display_name and role set (and active TRUE): nothing else about them; NULL with
 *   EP_ORG_ERROR_INVALID_VALUE ("rol: …") for another @role, EP_ORG_ERROR_NOT_STAFF, or an
 *   EP_DB_ERROR.
 */
GPtrArray *ep_user_list_colleagues (PGconn *conn, const EpDbTxContext *ctx, const gchar *role,
                                    GError **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_user_demo_exists:
 *
 * Returns: TRUE with *@exists set when any municipality has an active demo user (a server
 *   pointed at a configured database refuses to start then); FALSE with an EP_DB_ERROR.
 */
gboolean ep_user_demo_exists (PGconn *conn, gboolean *exists, GError **error);

G_END_DECLS
