/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * sessions.c: signing in and sessions (ep-session.h).
 */
#include "ep-session.h"

#include "ep-audit-record.h"
#include "ep-crypto.h"
#include "ep-db-conn.h"
#include "ep-org-error.h"
#include "ep-password.h"

#include <string.h>

#define TOKEN_BYTES 32
#define UTC(column) "to_char (" column " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

void
ep_session_free (EpSession *session)
{
  if (session == NULL)
    return;
  g_free (session->id);
  if (session->token != NULL)
    memset (session->token, 0, strlen (session->token));
  g_free (session->token);
  g_clear_pointer (&session->actor, ep_actor_free);
  g_free (session->user_id);
  g_free (session->display_name);
  g_free (session->partner_organisation);
  g_free (session->created_at);
  g_free (session->last_seen_at);
  g_free (session->expires_at);
  g_free (session->client);
  g_free (session->user_agent);
  g_free (session);
}

static gboolean
is_gemeente (const gchar *text)
{
  return text != NULL && g_regex_match_simple ("^GM[0-9]{4}$", text, 0, 0);
}

/* The SHA-256 of @token, hexadecimal (the column holds the bytes: decode($n, 'hex')). */
static gchar *
token_hash (const gchar *token)
{
  return ep_sha256_hex ((const guint8 *) token, strlen (token));
}

/* The municipality a token names ("GM0164.…"), or NULL when it is not a token of ours. */
static gchar *
token_gemeente (const gchar *token)
{
  if (token == NULL || strlen (token) != 7 + 43 || token[6] != '.')
    return NULL;
  for (const gchar *p = token + 7; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return NULL;
  g_autofree gchar *gemeente = g_strndup (token, 6);
  return is_gemeente (gemeente) ? g_steal_pointer (&gemeente) : NULL;
}

/* Fills @s from the row @row of @res (columns of SESSION_COLUMNS). */
#define SESSION_COLUMNS                                                                            \
  "s.id, s.user_id, " UTC ("s.created_at") " AS created_at, " UTC (                                \
    "s.last_seen_at") " AS last_seen_at, " UTC ("s.expires_at") " AS expires_at, s.client,"        \
                                                                " s.user_agent"

static EpSession *
session_from_row (const PGresult *res, int row)
{
  EpSession *s = g_new0 (EpSession, 1);
  s->id = g_strdup (ep_db_get_text (res, row, "id"));
  s->user_id = g_strdup (ep_db_get_text (res, row, "user_id"));
  s->created_at = g_strdup (ep_db_get_text (res, row, "created_at"));
  s->last_seen_at = g_strdup (ep_db_get_text (res, row, "last_seen_at"));
  s->expires_at = g_strdup (ep_db_get_text (res, row, "expires_at"));
  s->client = g_strdup (ep_db_get_text (res, row, "client"));
  s->user_agent = g_strdup (ep_db_get_text (res, row, "user_agent"));
  return s;
}

/* The user's part of @s, from columns username, role, display_name, partner_organisation. */
static void
session_user_from_row (EpSession *s, const gchar *gemeente, const PGresult *res, int row)
{
  s->actor = g_new0 (EpActor, 1);
  s->actor->gemeente = g_strdup (gemeente);
  s->actor->username = g_strdup (ep_db_get_text (res, row, "username"));
  s->actor->role = g_strdup (ep_db_get_text (res, row, "role"));
  s->display_name = g_strdup (ep_db_get_text (res, row, "display_name"));
  s->partner_organisation = g_strdup (ep_db_get_text (res, row, "partner_organisation"));
}

static gboolean
sign_in_failed (GError **error)
{
  g_set_error_literal (error, EP_ORG_ERROR, EP_ORG_ERROR_SIGN_IN_FAILED,
                       "gebruikersnaam of wachtwoord klopt niet");
  return FALSE;
}

/* ---- signing in --------------------------------------------------------------------------- */

typedef struct
{
  const gchar *username;
  gchar *hash; /* the stored password hash, NULL when there is no such active user */
  /* the second transaction */
  const gchar *gemeente;
  const gchar *token_hash;
  const gchar *client;
  const gchar *user_agent;
  EpSession *session;
} SignInJob;

static gboolean
find_hash_body (PGconn *conn, gpointer user_data, GError **error)
{
  SignInJob *job = user_data;
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, job->username);
  g_autoptr (PGresult) res
    = ep_db_exec_prepared (conn, "ep_session_password",
                           "SELECT password_hash FROM app_user WHERE username = $1 AND active",
                           params, PGRES_TUPLES_OK, 0, "find password", error);
  if (res == NULL)
    return FALSE;
  g_free (job->hash);
  job->hash = PQntuples (res) > 0 ? g_strdup (ep_db_get_text (res, 0, "password_hash")) : NULL;
  return TRUE;
}

static gboolean
start_body (PGconn *conn, gpointer user_data, GError **error)
{
  SignInJob *job = user_data;
  g_autofree gchar *hours = g_strdup_printf ("%d hours", EP_SESSION_HOURS);
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, job->username);
  ep_db_params_add_text (params, job->hash);
  ep_db_params_add_text (params, job->token_hash);
  ep_db_params_add_text (params, hours);
  ep_db_params_add_text (params, job->client);
  ep_db_params_add_text (params, job->user_agent);
  /* The user as they were when the password was checked: still active, the same hash. */
  g_autoptr (PGresult) res = ep_db_exec_prepared (
    conn, "ep_session_start",
    "WITH u AS (SELECT id, username, role, display_name, partner_organisation FROM app_user"
    "            WHERE username = $1 AND active AND password_hash = $2 FOR SHARE),"
    "     s AS (INSERT INTO user_session (gemeente, user_id, token_hash, expires_at, client,"
    "                                     user_agent)"
    "           SELECT current_gemeente(), u.id, decode ($3, 'hex'), now() + $4::interval,"
    "                  left ($5, 64), left ($6, 256) FROM u"
    "           RETURNING *)"
    "SELECT " SESSION_COLUMNS ", u.username, u.role, u.display_name, u.partner_organisation"
    "  FROM s JOIN u ON u.id = s.user_id",
    params, PGRES_TUPLES_OK, 0, "start session", error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 0)
    return sign_in_failed (error);
  g_clear_pointer (&job->session, ep_session_free);
  job->session = session_from_row (res, 0);
  session_user_from_row (job->session, job->gemeente, res, 0);
  EpAuditEvent event = { .action = "sign_in",
                         .entity_type = "user_session",
                         .entity_id = job->session->id,
                         .purpose = "aanmelden" };
  return ep_audit_record (conn, &event, NULL, error);
}

EpSession *
ep_session_sign_in (PGconn *conn, const gchar *gemeente, const gchar *username,
                    const gchar *password, const gchar *client, const gchar *user_agent,
                    GError **error)
{
  g_return_val_if_fail (conn != NULL && password != NULL, NULL);
  SignInJob job = { .username = username, .gemeente = gemeente };

  gboolean plausible = is_gemeente (gemeente) && username != NULL
                       && g_regex_match_simple ("^[a-z0-9._-]{2,64}$", username, 0, 0)
                       && g_utf8_strlen (password, -1) <= EP_PASSWORD_MAX_LENGTH;
  if (plausible)
    {
      EpDbTxContext ctx = { .gemeente = gemeente, .actor_id = username, .actor_role = "system" };
      if (!ep_db_run_tx (conn, &ctx, find_hash_body, &job, NULL, error))
        return NULL;
    }
  /* Outside any transaction: the work is the same whether the user exists or not. */
  gboolean matches = ep_password_verify (plausible ? password : "", job.hash);
  if (!matches)
    {
      g_free (job.hash);
      sign_in_failed (error);
      return NULL;
    }

  g_autofree gchar *random = ep_random_token (TOKEN_BYTES, error);
  if (random == NULL)
    {
      g_free (job.hash);
      return NULL;
    }
  g_autofree gchar *token = g_strconcat (gemeente, ".", random, NULL);
  g_autofree gchar *hash = token_hash (token);
  job.token_hash = hash;
  job.client = client;
  job.user_agent = user_agent;
  EpDbTxContext ctx = { .gemeente = gemeente, .actor_id = username, .actor_role = "system" };
  gboolean ok = ep_db_run_tx (conn, &ctx, start_body, &job, NULL, error);
  g_free (job.hash);
  if (!ok)
    {
      g_clear_pointer (&job.session, ep_session_free);
      return NULL;
    }
  job.session->token = g_steal_pointer (&token);
  return job.session;
}

/* ---- resuming, ending, listing ------------------------------------------------------------ */

typedef struct
{
  const gchar *token_hash;
  const gchar *gemeente;
  EpSession *session;
} ResumeJob;

static gboolean
resume_body (PGconn *conn, gpointer user_data, GError **error)
{
  ResumeJob *job = user_data;
  g_autofree gchar *idle = g_strdup_printf ("%d minutes", EP_SESSION_IDLE_MINUTES);
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, job->token_hash);
  ep_db_params_add_text (params, idle);
  g_autoptr (PGresult) res = ep_db_exec_prepared (
    conn, "ep_session_resume",
    "WITH found AS (SELECT s.*, u.username, u.role, u.display_name, u.partner_organisation"
    "                 FROM user_session s"
    "                 JOIN app_user u ON u.gemeente = s.gemeente AND u.id = s.user_id"
    "                WHERE s.token_hash = decode ($1, 'hex') AND s.ended_at IS NULL"
    "                  AND s.expires_at > now () AND s.last_seen_at > now () - $2::interval"
    "                  AND u.active),"
    "     seen AS (UPDATE user_session SET last_seen_at = now ()"
    "               WHERE id = (SELECT id FROM found)"
    "                 AND last_seen_at < now () - interval '1 minute')"
    "SELECT " SESSION_COLUMNS ", s.username, s.role, s.display_name, s.partner_organisation"
    "  FROM found s",
    params, PGRES_TUPLES_OK, 0, "resume session", error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 0)
    {
      g_set_error_literal (error, EP_ORG_ERROR, EP_ORG_ERROR_SESSION_ENDED,
                           "de sessie is verlopen of beëindigd; meld u opnieuw aan");
      return FALSE;
    }
  g_clear_pointer (&job->session, ep_session_free);
  job->session = session_from_row (res, 0);
  session_user_from_row (job->session, job->gemeente, res, 0);
  return TRUE;
}

EpSession *
ep_session_resume (PGconn *conn, const gchar *token, GError **error)
{
  g_return_val_if_fail (conn != NULL, NULL);
  g_autofree gchar *gemeente = token_gemeente (token);
  if (gemeente == NULL)
    {
      g_set_error_literal (error, EP_ORG_ERROR, EP_ORG_ERROR_SESSION_ENDED,
                           "de sessie is verlopen of beëindigd; meld u opnieuw aan");
      return NULL;
    }
  g_autofree gchar *hash = token_hash (token);
  ResumeJob job = { hash, gemeente, NULL };
  EpDbTxContext ctx = { .gemeente = gemeente, .actor_id = "system", .actor_role = "system" };
  if (!ep_db_run_tx (conn, &ctx, resume_body, &job, NULL, error))
    {
      g_clear_pointer (&job.session, ep_session_free);
      return NULL;
    }
  return job.session;
}

typedef struct
{
  const gchar *user_id;
  const gchar *session_id;
  const gchar *why;
  GPtrArray *sessions;
} OwnJob;

static gboolean
end_body (PGconn *conn, gpointer user_data, GError **error)
{
  OwnJob *job = user_data;
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, job->session_id);
  ep_db_params_add_text (params, job->user_id);
  ep_db_params_add_text (params, job->why);
  EpAuditEvent event = { .action = strcmp (job->why, "sign_out") == 0 ? "sign_out" : "end",
                         .entity_type = "user_session",
                         .entity_id = job->session_id,
                         .purpose = "aanmelden" };
  g_autoptr (PGresult) res = ep_audit_record_change (
    conn, "ep_session_end",
    "UPDATE user_session SET ended_at = now (), ended_why = $3"
    " WHERE id = $1::uuid AND user_id = $2::uuid AND ended_at IS NULL RETURNING id",
    params, &event, "end session", error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 0)
    {
      g_set_error_literal (error, EP_ORG_ERROR, EP_ORG_ERROR_NOT_FOUND,
                           "session_id: geen lopende sessie van u");
      return FALSE;
    }
  return TRUE;
}

gboolean
ep_session_end (PGconn *conn, const EpDbTxContext *ctx, const gchar *user_id,
                const gchar *session_id, const gchar *why, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL && user_id != NULL && why != NULL, FALSE);
  if (session_id == NULL || !g_regex_match_simple ("^[0-9a-f-]{36}$", session_id, 0, 0))
    {
      g_set_error_literal (error, EP_ORG_ERROR, EP_ORG_ERROR_NOT_FOUND,
                           "session_id: geen lopende sessie van u");
      return FALSE;
    }
  OwnJob job = { user_id, session_id, why, NULL };
  return ep_db_run_tx (conn, ctx, end_body, &job, NULL, error);
}

static gboolean
list_body (PGconn *conn, gpointer user_data, GError **error)
{
  OwnJob *job = user_data;
  g_autofree gchar *idle = g_strdup_printf ("%d minutes", EP_SESSION_IDLE_MINUTES);
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, job->user_id);
  ep_db_params_add_text (params, idle);
  g_autoptr (PGresult) res = ep_db_exec_prepared (
    conn, "ep_session_list",
    "SELECT " SESSION_COLUMNS " FROM user_session s"
    " WHERE s.user_id = $1::uuid AND s.ended_at IS NULL AND s.expires_at > now ()"
    "   AND s.last_seen_at > now () - $2::interval"
    " ORDER BY s.created_at DESC",
    params, PGRES_TUPLES_OK, 0, "list sessions", error);
  if (res == NULL)
    return FALSE;
  g_clear_pointer (&job->sessions, g_ptr_array_unref);
  job->sessions = g_ptr_array_new_with_free_func ((GDestroyNotify) ep_session_free);
  for (int row = 0; row < PQntuples (res); row++)
    g_ptr_array_add (job->sessions, session_from_row (res, row));
  return TRUE;
}

GPtrArray *
ep_session_list (PGconn *conn, const EpDbTxContext *ctx, const gchar *user_id, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL && user_id != NULL, NULL);
  OwnJob job = { user_id, NULL, NULL, NULL };
  if (!ep_db_run_tx (conn, ctx, list_body, &job, NULL, error))
    {
      g_clear_pointer (&job.sessions, g_ptr_array_unref);
      return NULL;
    }
  return job.sessions;
}
