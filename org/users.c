/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * users.c: the municipality's users as an administrator manages them (ep-user.h), and a user's
 * change of their own password. Each change and its audit event are one statement
 * (ep_audit_record_change()); every transaction that manages users starts with the rule that only
 * an administrator may (require_admin()).
 */
#include "ep-user.h"

#include "admin-private.h"

#include "ep-audit-record.h"
#include "ep-db-conn.h"
#include "ep-db-error.h"
#include "ep-org-error.h"
#include "ep-password.h"
#include "ep-uuid.h"

#include <json-glib/json-glib.h>
#include <string.h>

#define PURPOSE "gebruikersbeheer"

void
ep_user_free (EpUser *user)
{
  if (user == NULL)
    return;
  g_free (user->id);
  g_free (user->username);
  g_free (user->display_name);
  g_free (user->role);
  g_free (user->partner_organisation);
  g_free (user);
}

JsonNode *
ep_user_to_json (const EpUser *user)
{
  g_return_val_if_fail (user != NULL, NULL);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  const struct
  {
    const gchar *name, *value;
  } texts[] = { { "id", user->id },
                { "username", user->username },
                { "display_name", user->display_name },
                { "role", user->role },
                { "partner_organisation", user->partner_organisation } };
  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      json_builder_set_member_name (b, texts[i].name);
      if (texts[i].value != NULL)
        json_builder_add_string_value (b, texts[i].value);
      else
        json_builder_add_null_value (b);
    }
  json_builder_set_member_name (b, "active");
  json_builder_add_boolean_value (b, user->active);
  json_builder_set_member_name (b, "demo");
  json_builder_add_boolean_value (b, user->demo);
  json_builder_set_member_name (b, "has_password");
  json_builder_add_boolean_value (b, user->has_password);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
invalid (GError **error, const gchar *field, const gchar *rule)
{
  g_set_error (error, EP_ORG_ERROR, EP_ORG_ERROR_INVALID_VALUE, "%s: %s", field, rule);
  return FALSE;
}

/* A new password's rules; @field names it in the message. */
static gboolean
check_password (const gchar *password, const gchar *field, GError **error)
{
  if (!g_utf8_validate (password, -1, NULL))
    return invalid (error, field, "geen geldige tekst (UTF-8)");
  glong length = g_utf8_strlen (password, -1);
  if (length < EP_PASSWORD_MIN_LENGTH)
    {
      g_autofree gchar *rule = g_strdup_printf (
        "ten minste %d tekens (een zin is goed te onthouden)", EP_PASSWORD_MIN_LENGTH);
      return invalid (error, field, rule);
    }
  if (length > EP_PASSWORD_MAX_LENGTH)
    {
      g_autofree gchar *rule = g_strdup_printf ("ten hoogste %d tekens", EP_PASSWORD_MAX_LENGTH);
      return invalid (error, field, rule);
    }
  return TRUE;
}

/* ---- the rule: only an administrator manages users ---------------------------------------- */

/* In the caller's transaction: the context acts as an administrator (actor_role admin) who is an
 * active user of this municipality with role admin, their row held until commit (FOR SHARE, as
 * ep_actor_context()'s check holds it: a demotion or a disabling waits for this transaction, and
 * one committed before it is seen). A context of eenplan's own work (actor_role "system", which
 * no user can have) may too. FALSE with EP_ORG_ERROR_NOT_ADMIN otherwise. */
gboolean
ep_org_require_admin (PGconn *conn, const gchar *what, GError **error)
{
  g_autoptr (PGresult) res = ep_db_exec_prepared (
    conn, "ep_user_require_admin",
    "SELECT current_actor () AS actor, current_actor_role () AS claimed,"
    "       (SELECT role FROM app_user WHERE username = current_actor () AND active"
    "           FOR SHARE) AS role",
    NULL, PGRES_TUPLES_OK, 0, "check the administrator", error);
  if (res == NULL)
    return FALSE;
  const gchar *actor = ep_db_get_text (res, 0, "actor");
  const gchar *claimed = ep_db_get_text (res, 0, "claimed");
  const gchar *role = ep_db_get_text (res, 0, "role");
  if (g_strcmp0 (claimed, "system") == 0
      || (g_strcmp0 (claimed, "admin") == 0 && g_strcmp0 (role, "admin") == 0))
    return TRUE;
  if (role != NULL)
    g_set_error (error, EP_ORG_ERROR, EP_ORG_ERROR_NOT_ADMIN,
                 "alleen een beheerder (rol admin) mag %s; %s heeft de rol %s", what, actor, role);
  else
    g_set_error (error, EP_ORG_ERROR, EP_ORG_ERROR_NOT_ADMIN,
                 "alleen een beheerder (rol admin) mag %s; %s is geen actieve gebruiker van deze "
                 "gemeente",
                 what, actor);
  return FALSE;
}

static gboolean
require_admin (PGconn *conn, GError **error)
{
  return ep_org_require_admin (conn, "gebruikers beheren", error);
}

static gboolean
check_admin_body (PGconn *conn, gpointer user_data, GError **error)
{
  return require_admin (conn, error);
}

gboolean
ep_user_check_admin (PGconn *conn, const EpDbTxContext *ctx, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL, FALSE);
  return ep_db_run_tx (conn, ctx, check_admin_body, NULL, NULL, error);
}

static gboolean
check_user (const EpUser *user, GError **error)
{
  static const gchar *const roles[]
    = { "casemanager", "regisseur", "supervisor", "partner", "admin", NULL };
  if (user->username == NULL || !g_regex_match_simple ("^[a-z0-9._-]{2,64}$", user->username, 0, 0))
    return invalid (error, "username", "2–64 kleine letters, cijfers, punt, _ of -");
  g_autofree gchar *name = g_strstrip (g_strdup (user->display_name ? user->display_name : ""));
  if (*name == '\0' || g_utf8_strlen (name, -1) > 200)
    return invalid (error, "display_name", "verplicht, ten hoogste 200 tekens");
  if (user->role == NULL || !g_strv_contains (roles, user->role))
    return invalid (error, "role",
                    "onbekende rol; kies uit casemanager, regisseur, supervisor, partner, admin");
  gboolean partner = strcmp (user->role, "partner") == 0;
  if (partner != (user->partner_organisation != NULL))
    return invalid (error, "partner_organisation",
                    partner ? "verplicht voor een partner: de organisatie die toestemmingen noemen"
                            : "alleen voor een partner");
  return TRUE;
}

/* A user's change for the audit trail, one or two fields (@name2 may be NULL): never a password
 * or its hash. */
static JsonNode *
change_of (const gchar *name1, const gchar *value1, const gchar *name2, const gchar *value2)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, name1);
  json_builder_add_string_value (b, value1);
  if (name2 != NULL)
    {
      json_builder_set_member_name (b, name2);
      json_builder_add_string_value (b, value2);
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* ---- add ---------------------------------------------------------------------------------- */

typedef struct
{
  const EpUser *user;
  const gchar *hash;
  gchar *id;
} AddJob;

static gboolean
add_body (PGconn *conn, gpointer user_data, GError **error)
{
  AddJob *job = user_data;
  const EpUser *u = job->user;
  if (!require_admin (conn, error))
    return FALSE;
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, job->id);
  ep_db_params_add_text (params, u->username);
  ep_db_params_add_text (params, u->display_name);
  ep_db_params_add_text (params, u->role);
  ep_db_params_add_text (params, u->partner_organisation);
  ep_db_params_add_text (params, job->hash);
  g_autoptr (JsonNode) change = change_of ("username", u->username, "role", u->role);
  EpAuditEvent event = { .action = "create",
                         .entity_type = "app_user",
                         .entity_id = job->id,
                         .purpose = PURPOSE,
                         .change = change };
  g_autoptr (GError) local_error = NULL;
  g_autoptr (PGresult) res = ep_audit_record_change (
    conn, "ep_user_add",
    "INSERT INTO app_user (gemeente, id, username, display_name, role, partner_organisation,"
    "                      password_hash, password_changed_at)"
    " VALUES (current_gemeente(), $1::uuid, $2, $3, $4, $5, $6,"
    "         CASE WHEN $6::text IS NULL THEN NULL ELSE now() END)"
    " RETURNING id",
    params, &event, "add user", &local_error);
  if (res == NULL && g_error_matches (local_error, EP_DB_ERROR, EP_DB_ERROR_UNIQUE_VIOLATION))
    {
      g_set_error (error, EP_ORG_ERROR, EP_ORG_ERROR_EXISTS,
                   "username: er is al een gebruiker %s in deze gemeente", u->username);
      return FALSE;
    }
  if (res == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

gboolean
ep_user_add (PGconn *conn, const EpDbTxContext *ctx, const EpUser *user, const gchar *password,
             gchar **id, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL && user != NULL, FALSE);
  if (!check_user (user, error)
      || (password != NULL && !check_password (password, "password", error)))
    return FALSE;
  g_autofree gchar *hash = password != NULL ? ep_password_hash (password, error) : NULL;
  if (password != NULL && hash == NULL)
    return FALSE;
  AddJob job = { user, hash, ep_uuid_new (error) };
  if (job.id == NULL || !ep_db_run_tx (conn, ctx, add_body, &job, NULL, error))
    {
      g_free (job.id);
      return FALSE;
    }
  if (id != NULL)
    *id = g_steal_pointer (&job.id);
  g_free (job.id);
  return TRUE;
}

/* ---- password, disable -------------------------------------------------------------------- */

/* Ends the sessions of user @user_id (but @keep), for @why. */
static gboolean
end_sessions (PGconn *conn, const gchar *user_id, const gchar *keep, const gchar *why,
              GError **error)
{
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, user_id);
  ep_db_params_add_text (params, keep);
  ep_db_params_add_text (params, why);
  g_autoptr (PGresult) res = ep_db_exec_prepared (
    conn, "ep_user_end_sessions",
    "UPDATE user_session SET ended_at = now(), ended_why = $3"
    " WHERE user_id = $1::uuid AND ended_at IS NULL AND ($2::uuid IS NULL OR id <> $2::uuid)",
    params, PGRES_COMMAND_OK, 0, "end sessions", error);
  return res != NULL;
}

typedef struct
{
  const gchar *username; /* NULL: the acting user's own password (no administrator needed) */
  const gchar *hash;     /* the new password's; NULL: disable */
  const gchar *old_hash; /* one's own: the hash the current password was checked against */
  const gchar *keep;
} ChangeJob;

static gboolean
wrong_password (GError **error)
{
  g_set_error_literal (error, EP_ORG_ERROR, EP_ORG_ERROR_WRONG_PASSWORD,
                       "current_password: klopt niet");
  return FALSE;
}

static gboolean
change_body (PGconn *conn, gpointer user_data, GError **error)
{
  ChangeJob *job = user_data;
  gboolean own = job->username == NULL;
  if (!own && !require_admin (conn, error))
    return FALSE;
  g_autoptr (EpDbParams) find = ep_db_params_new ();
  ep_db_params_add_text (find, job->username);
  g_autoptr (PGresult) user
    = ep_db_exec_prepared (conn, "ep_user_find",
                           "SELECT id, username, active, password_hash FROM app_user"
                           " WHERE username = coalesce ($1, current_actor ()) FOR UPDATE",
                           find, PGRES_TUPLES_OK, 0, "find user", error);
  if (user == NULL)
    return FALSE;
  if (own
      && (PQntuples (user) == 0 || !ep_db_get_bool (user, 0, "active")
          || g_strcmp0 (ep_db_get_text (user, 0, "password_hash"), job->old_hash) != 0))
    return wrong_password (error); /* (changed since it was checked) */
  if (PQntuples (user) == 0)
    {
      g_set_error (error, EP_ORG_ERROR, EP_ORG_ERROR_NOT_FOUND,
                   "username: geen gebruiker %s in deze gemeente", job->username);
      return FALSE;
    }
  const gchar *id = ep_db_get_text (user, 0, "id");
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, ep_db_get_text (user, 0, "username"));
  if (job->hash != NULL)
    ep_db_params_add_text (params, job->hash);
  g_autoptr (JsonNode) change = job->hash != NULL ? change_of ("password", "gewijzigd", NULL, NULL)
                                                  : change_of ("active", "false", NULL, NULL);
  EpAuditEvent event = { .action = job->hash != NULL ? "set_password" : "disable",
                         .entity_type = "app_user",
                         .entity_id = id,
                         .purpose = PURPOSE,
                         .change = change };
  g_autoptr (PGresult) res = job->hash != NULL
                               ? ep_audit_record_change (conn, "ep_user_set_password",
                                                         "UPDATE app_user SET password_hash = $2,"
                                                         "       password_changed_at = now()"
                                                         " WHERE username = $1 RETURNING id",
                                                         params, &event, "change password", error)
                               : ep_audit_record_change (conn, "ep_user_disable",
                                                         "UPDATE app_user SET active = false"
                                                         " WHERE username = $1 RETURNING id",
                                                         params, &event, "disable user", error);
  return res != NULL
         && end_sessions (conn, id, job->keep,
                          job->hash != NULL ? "password_changed" : "user_disabled", error);
}

gboolean
ep_user_set_password (PGconn *conn, const EpDbTxContext *ctx, const gchar *username,
                      const gchar *password, const gchar *keep_session, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL && username != NULL, FALSE);
  g_return_val_if_fail (password != NULL, FALSE);
  if (!check_password (password, "password", error))
    return FALSE;
  if (keep_session != NULL && !ep_uuid_validate (keep_session, NULL))
    return invalid (error, "session", "geen sessie-id");
  g_autofree gchar *hash = ep_password_hash (password, error);
  ChangeJob job = { username, hash, NULL, keep_session };
  return hash != NULL && ep_db_run_tx (conn, ctx, change_body, &job, NULL, error);
}

typedef struct
{
  gchar *hash; /* the acting user's stored hash, or NULL */
} OwnHashJob;

static gboolean
own_hash_body (PGconn *conn, gpointer user_data, GError **error)
{
  OwnHashJob *job = user_data;
  g_autoptr (PGresult) res = ep_db_exec_prepared (
    conn, "ep_user_own_hash",
    "SELECT password_hash FROM app_user WHERE username = current_actor () AND active", NULL,
    PGRES_TUPLES_OK, 0, "find password", error);
  if (res == NULL)
    return FALSE;
  g_free (job->hash);
  job->hash = PQntuples (res) > 0 ? g_strdup (ep_db_get_text (res, 0, "password_hash")) : NULL;
  return TRUE;
}

gboolean
ep_user_change_own_password (PGconn *conn, const EpDbTxContext *ctx, const gchar *current_password,
                             const gchar *new_password, const gchar *keep_session, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL, FALSE);
  g_return_val_if_fail (current_password != NULL && new_password != NULL, FALSE);
  if (!check_password (new_password, "new_password", error))
    return FALSE;
  if (keep_session != NULL && !ep_uuid_validate (keep_session, NULL))
    return invalid (error, "session", "geen sessie-id");
  OwnHashJob found = { NULL };
  if (!ep_db_run_tx (conn, ctx, own_hash_body, &found, NULL, error))
    return FALSE;
  g_autofree gchar *old_hash = found.hash;
  /* Outside any transaction, as signing in: nothing is held while the hash is worked out. */
  if (!ep_password_verify (current_password, old_hash))
    return wrong_password (error);
  g_autofree gchar *hash = ep_password_hash (new_password, error);
  ChangeJob job = { NULL, hash, old_hash, keep_session };
  return hash != NULL && ep_db_run_tx (conn, ctx, change_body, &job, NULL, error);
}

gboolean
ep_user_disable (PGconn *conn, const EpDbTxContext *ctx, const gchar *username, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL && username != NULL, FALSE);
  ChangeJob job = { username, NULL, NULL, NULL };
  return ep_db_run_tx (conn, ctx, change_body, &job, NULL, error);
}

/* ---- reading ------------------------------------------------------------------------------ */

typedef struct
{
  const gchar *after; /* the cursor: list after this username; NULL: from the first */
  guint page;         /* 0: every user */
  GPtrArray *users;
  gchar *next;
} ReadJob;

static gboolean
list_body (PGconn *conn, gpointer user_data, GError **error)
{
  ReadJob *job = user_data;
  if (!require_admin (conn, error))
    return FALSE;
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, job->after);
  g_autofree gchar *limit = job->page > 0 ? g_strdup_printf ("%u", job->page + 1) : NULL;
  ep_db_params_add_text (params, limit);
  g_autoptr (PGresult) res = ep_db_exec_prepared (
    conn, "ep_user_list",
    "SELECT id, username, display_name, role, partner_organisation, active, demo,"
    "       password_hash IS NOT NULL AS has_password"
    "  FROM app_user WHERE $1::text IS NULL OR username > $1"
    " ORDER BY username LIMIT $2::bigint",
    params, PGRES_TUPLES_OK, 0, "list users", error);
  if (res == NULL)
    return FALSE;
  g_clear_pointer (&job->users, g_ptr_array_unref);
  g_clear_pointer (&job->next, g_free);
  job->users = g_ptr_array_new_with_free_func ((GDestroyNotify) ep_user_free);
  int rows = PQntuples (res);
  if (job->page > 0 && (guint) rows > job->page)
    {
      rows = (int) job->page;
      job->next = g_strdup (ep_db_get_text (res, rows - 1, "username"));
    }
  for (int row = 0; row < rows; row++)
    {
      EpUser *u = g_new0 (EpUser, 1);
      g_ptr_array_add (job->users, u);
      u->id = g_strdup (ep_db_get_text (res, row, "id"));
      u->username = g_strdup (ep_db_get_text (res, row, "username"));
      u->display_name = g_strdup (ep_db_get_text (res, row, "display_name"));
      u->role = g_strdup (ep_db_get_text (res, row, "role"));
      u->partner_organisation = g_strdup (ep_db_get_text (res, row, "partner_organisation"));
      u->active = ep_db_get_bool (res, row, "active");
      u->demo = ep_db_get_bool (res, row, "demo");
      u->has_password = ep_db_get_bool (res, row, "has_password");
    }
  return TRUE;
}

/* Runs @job as one transaction. Returns: (transfer full): its users; NULL with an error. */
static GPtrArray *
run_list (PGconn *conn, const EpDbTxContext *ctx, ReadJob *job, gchar **next_cursor, GError **error)
{
  if (!ep_db_run_tx (conn, ctx, list_body, job, NULL, error))
    {
      g_clear_pointer (&job->users, g_ptr_array_unref);
      g_clear_pointer (&job->next, g_free);
      return NULL;
    }
  if (next_cursor != NULL)
    *next_cursor = g_steal_pointer (&job->next);
  g_free (job->next);
  return job->users;
}

GPtrArray *
ep_user_list (PGconn *conn, const EpDbTxContext *ctx, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL, NULL);
  ReadJob job = { 0 };
  return run_list (conn, ctx, &job, NULL, error);
}

GPtrArray *
ep_user_list_page (PGconn *conn, const EpDbTxContext *ctx, guint limit, const gchar *cursor,
                   gchar **next_cursor, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL, NULL);
  if (next_cursor != NULL)
    *next_cursor = NULL;
  if (limit > EP_USER_LIST_MAX_LIMIT)
    {
      g_autofree gchar *rule = g_strdup_printf ("moet 1–%d zijn", EP_USER_LIST_MAX_LIMIT);
      invalid (error, "limit", rule);
      return NULL;
    }
  if (cursor != NULL && !g_regex_match_simple ("^[a-z0-9._-]{2,64}$", cursor, 0, 0))
    {
      invalid (error, "cursor", "geen cursor die deze lijst gaf");
      return NULL;
    }
  ReadJob job = { .after = cursor, .page = limit > 0 ? limit : EP_USER_LIST_DEFAULT_LIMIT };
  return run_list (conn, ctx, &job, next_cursor, error);
}

/* ---- colleagues ----------------------------------------------------------------------------- */

/* The roles whose users work on cases: they see each other in ep_user_list_colleagues(). */
static const gchar *const staff_roles[] = { "casemanager", "regisseur", "supervisor", NULL };

typedef struct
{
  const gchar *role; /* NULL: every role of staff_roles */
  GPtrArray *users;
} ColleaguesJob;

static gboolean
colleagues_body (PGconn *conn, gpointer user_data, GError **error)
{
  ColleaguesJob *job = user_data;
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, job->role);
  /* The rule first, in the same statement: the acting user is an active member of staff (their
   * row held until commit, as ep_actor_context()'s check holds it). */
  g_autoptr (PGresult) res = ep_db_exec_prepared (
    conn, "ep_user_list_colleagues",
    "WITH me AS (SELECT current_actor () AS actor, current_actor_role () AS claimed,"
    "                   (SELECT role FROM app_user WHERE username = current_actor () AND active"
    "                       FOR SHARE) AS role)"
    " SELECT me.actor, me.claimed, me.role AS my_role, u.username, u.display_name, u.role"
    "   FROM me LEFT JOIN app_user u"
    "     ON me.claimed = me.role AND me.role IN ('casemanager', 'regisseur', 'supervisor')"
    "    AND u.active AND u.role IN ('casemanager', 'regisseur', 'supervisor')"
    "    AND ($1::text IS NULL OR u.role = $1)"
    "  ORDER BY u.display_name, u.username",
    params, PGRES_TUPLES_OK, 0, "list colleagues", error);
  if (res == NULL)
    return FALSE;
  const gchar *claimed = ep_db_get_text (res, 0, "claimed");
  const gchar *my_role = ep_db_get_text (res, 0, "my_role");
  if (my_role == NULL || g_strcmp0 (claimed, my_role) != 0
      || !g_strv_contains (staff_roles, my_role))
    {
      g_set_error (error, EP_ORG_ERROR, EP_ORG_ERROR_NOT_STAFF,
                   "alleen een casemanager, regisseur of toezichthouder ziet de lijst van "
                   "collega's; %s %s",
                   ep_db_get_text (res, 0, "actor"),
                   my_role != NULL ? "heeft een andere rol" : "is geen actieve gebruiker");
      return FALSE;
    }
  g_clear_pointer (&job->users, g_ptr_array_unref);
  job->users = g_ptr_array_new_with_free_func ((GDestroyNotify) ep_user_free);
  for (int row = 0; row < PQntuples (res); row++)
    {
      if (ep_db_get_text (res, row, "username") == NULL)
        continue; /* the one row of a role without colleagues to list */
      EpUser *u = g_new0 (EpUser, 1);
      g_ptr_array_add (job->users, u);
      u->username = g_strdup (ep_db_get_text (res, row, "username"));
      u->display_name = g_strdup (ep_db_get_text (res, row, "display_name"));
      u->role = g_strdup (ep_db_get_text (res, row, "role"));
      u->active = TRUE;
    }
  return TRUE;
}

GPtrArray *
ep_user_list_colleagues (PGconn *conn, const EpDbTxContext *ctx, const gchar *role, GError **error)
{
  g_return_val_if_fail (conn != NULL && ctx != NULL, NULL);
  if (role != NULL && !g_strv_contains (staff_roles, role))
    {
      invalid (error, "rol", "moet casemanager, regisseur of supervisor zijn");
      return NULL;
    }
  ColleaguesJob job = { .role = role };
  if (!ep_db_run_tx (conn, ctx, colleagues_body, &job, NULL, error))
    {
      g_clear_pointer (&job.users, g_ptr_array_unref);
      return NULL;
    }
  return job.users;
}

gboolean
ep_user_demo_exists (PGconn *conn, gboolean *exists, GError **error)
{
  g_return_val_if_fail (conn != NULL && exists != NULL, FALSE);
  g_autoptr (PGresult) res = ep_db_exec (conn, "SELECT demo_users_exist () AS b", NULL,
                                         PGRES_TUPLES_OK, "look for demo users", error);
  if (res == NULL)
    return FALSE;
  *exists = ep_db_get_bool (res, 0, "b");
  return TRUE;
}
