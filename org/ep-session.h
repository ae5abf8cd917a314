/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-session.h — signing in and the sessions that follow (the HTTP API's way in).
 *
 * A session's token is 256 random bits (OpenSSL), prefixed with the municipality
 * ("GM0164.<43 characters>"); only its SHA-256 is stored. A session ends when its user signs out,
 * ends it from their list, changes their password (the others end) or is disabled, after
 * EP_SESSION_IDLE_MINUTES without use, and EP_SESSION_HOURS after it began, whatever happens.
 */
#pragma once

#include "ep-actor.h"

#include <libpq-fe.h>

G_BEGIN_DECLS

#define EP_SESSION_IDLE_MINUTES 30
#define EP_SESSION_HOURS 12

typedef struct
{
  gchar *id;
  gchar *token; /* only as ep_session_sign_in() gives it: for the cookie, never stored */
  EpActor *actor;
  gchar *user_id;
  gchar *display_name;
  gchar *partner_organisation; /* a partner's organisation, else NULL */
  gchar *created_at;           /* UTC, ISO 8601 */
  gchar *last_seen_at;
  gchar *expires_at;
  gchar *client;     /* the address it was started from */
  gchar *user_agent; /* the browser's or system's name, cut to 256 characters */
} EpSession;

void ep_session_free (EpSession *session);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EpSession, ep_session_free)

/**
 * ep_session_sign_in:
 * @gemeente: the municipality (CBS code) the user works for
 * @client: (nullable): where the sign-in came from, kept with the session
 * @user_agent: (nullable): the browser's name, kept with the session
 *
 * Checks the password (about a third of a second of CPU: run it off any main loop) and starts
 * a session. An unknown or disabled user costs the same work and gets the same answer as a
 * wrong password. The sign-in is an audit event of the user.
 *
 * Returns: (transfer full): the session, with its token; NULL with
 *   EP_ORG_ERROR_SIGN_IN_FAILED ("gebruikersnaam of wachtwoord klopt niet"), or an EP_DB_ERROR.
 */
EpSession *ep_session_sign_in (PGconn *conn, const gchar *gemeente, const gchar *username,
                               const gchar *password, const gchar *client, const gchar *user_agent,
                               GError **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_session_resume:
 * @token: the token a request carries (cookie or bearer)
 *
 * Finds the session of @token and notes that it was used (at most once a minute).
 *
 * Returns: (transfer full): the session (without its token); NULL with
 *   EP_ORG_ERROR_SESSION_ENDED when the token is unknown or its session has ended or expired,
 *   or an EP_DB_ERROR.
 */
EpSession *ep_session_resume (PGconn *conn, const gchar *token,
                              GError **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_session_end:
 * @session_id: a session of @user_id
 * @why: "sign_out" (their own, now) or "ended_by_user" (one from their list)
 *
 * Returns: TRUE; FALSE with EP_ORG_ERROR_NOT_FOUND when @user_id has no such session that is
 *   still going, or an EP_DB_ERROR.
 */
gboolean ep_session_end (PGconn *conn, const EpDbTxContext *ctx, const gchar *user_id,
                         const gchar *session_id, const gchar *why, GError **error);

/**
 * ep_session_list:
 *
 * Returns: (transfer full) (element-type EpSession): the sessions of @user_id still going,
 *   newest first (without tokens or actors); NULL with an EP_DB_ERROR.
 */
GPtrArray *ep_session_list (PGconn *conn, const EpDbTxContext *ctx, const gchar *user_id,
                            GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
