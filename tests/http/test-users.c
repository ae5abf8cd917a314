/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-users.c: users over HTTP — an administrator adds a user (201 with the user, never a hash;
 * the row and its audit event in PostgreSQL), resets a password (every session of the user ends)
 * and disables one (their sessions end, they cannot sign in); the list a page at a time by
 * username; every refusal a problem naming the field. And every user's own password: the
 * current one checked (a wrong one counts toward the sign-in throttle), the session it was
 * changed in kept, the others ended. And the colleagues a case worker may name in a case (GET
 * /api/v1/medewerkers): exactly the active casemanagers, regisseurs and supervisors of the
 * municipality, by name, each only {username, naam, rol}.
 */
#include "http-suites.h"

#include "ep-org-error.h"
#include "ep-user.h"

#include <string.h>

#define GM "GM0164"
#define NEW_PASSWORD "een heel ander wachtwoord"

/* The value of @sql with the one parameter @value, as text ("" for NULL). */
static gchar *
db_value (const gchar *sql, const gchar *value)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (EpDbParams) params = ep_test_params (value, NULL);
  gchar *text = ep_test_query_value (owner, sql, params);
  return text != NULL ? text : g_strdup ("");
}

/* POST /api/v1/session for @username with @password: the status. */
static guint
sign_in_status (const gchar *username, const gchar *password)
{
  g_autofree gchar *body = g_strdup_printf (
    "{\"gemeente\": \"" GM "\", \"username\": \"%s\", \"password\": \"%s\"}", username, password);
  g_autoptr (EpHttpReply) reply = ep_http (NULL, "POST", "/api/v1/session", body, NULL);
  return reply->status;
}

/* GET /api/v1/me as @client: the status (200 while its session goes on, 401 once ended). */
static guint
me_status (const EpHttpClient *client)
{
  g_autoptr (EpHttpReply) reply = ep_http (client, "GET", "/api/v1/me", NULL, NULL);
  return reply->status;
}

/* Asserts a problem's exact body but for its instance. */
static void
assert_problem (const EpHttpReply *reply, guint status, const gchar *want)
{
  EP_ASSERT_STATUS (reply, status);
  ck_assert_str_eq (reply->content_type, "application/problem+json");
  JsonObject *o = json_node_get_object (reply->json);
  json_object_remove_member (o, "instance");
  g_autofree gchar *text = json_to_string (reply->json, FALSE);
  ck_assert_str_eq (text, want);
}

START_TEST (test_users_managed)
{
  g_autofree gchar *admin = ep_http_new_user (GM, "admin", NULL);
  g_auto (EpHttpClient) a = { 0 };
  ep_http_sign_in (&a, GM, admin, FALSE);

  /* Added: 201 with the user, the row as asked, the password only as a hash, the event the
   * administrator's. */
  g_autofree gchar *marker = ep_test_marker ();
  g_autofree gchar *username = g_ascii_strdown (marker, -1);
  g_autofree gchar *body = g_strdup_printf (
    "{\"username\": \"%s\", \"display_name\": \"Piet de Regisseur\", \"role\": \"regisseur\","
    " \"partner_organisation\": null, \"password\": \"" EP_HTTP_PASSWORD "\"}",
    username);
  g_autoptr (EpHttpReply) added = ep_http (&a, "POST", "/api/v1/users", body, ep_http_csrf (&a));
  EP_ASSERT_STATUS (added, 201);
  g_autofree gchar *id = db_value ("SELECT id FROM app_user WHERE username = $1", username);
  g_autofree gchar *want_added = g_strdup_printf (
    "{\"id\":\"%s\",\"username\":\"%s\",\"display_name\":\"Piet de Regisseur\",\"role\":"
    "\"regisseur\",\"partner_organisation\":null,\"active\":true,\"demo\":false,"
    "\"has_password\":true}",
    id, username);
  ck_assert_str_eq (added->body, want_added);
  g_autofree gchar *row
    = db_value ("SELECT concat_ws (' ', gemeente, display_name, role, active, demo,"
                "                  password_hash LIKE 'pbkdf2-sha256$600000$%')"
                "  FROM app_user WHERE username = $1",
                username);
  ck_assert_str_eq (row, "GM0164 Piet de Regisseur regisseur t f t");
  g_autofree gchar *event
    = db_value ("SELECT actor_id || ' ' || actor_role || ' ' || action || ' ' || change::text"
                "  FROM audit_event WHERE entity_type = 'app_user' AND entity_id = $1",
                id);
  g_autofree gchar *want_event = g_strdup_printf (
    "%s admin create {\"username\":\"%s\",\"role\":\"regisseur\"}", admin, username);
  ck_assert_str_eq (event, want_event);

  /* Refused, naming the field; nothing written. */
  const struct
  {
    const gchar *body;
    guint status;
    const gchar *problem;
  } refusals[] = {
    { "{\"username\": \"tactus.x\", \"display_name\": \"T\", \"role\": \"partner\"}", 422,
      "{\"type\":\"/problems/invalid\",\"title\":\"Invalid value\",\"status\":422,\"detail\":"
      "\"partner_organisation: verplicht voor een partner: de organisatie die toestemmingen "
      "noemen\",\"errors\":[{\"path\":\"partner_organisation\",\"detail\":\"verplicht voor een "
      "partner: de organisatie die toestemmingen noemen\"}]}" },
    { "{\"username\": \"tactus.x\", \"display_name\": \"T\", \"role\": \"partner\","
      " \"organisatie\": \"Tactus\"}",
      422,
      "{\"type\":\"/problems/invalid\",\"title\":\"Invalid value\",\"status\":422,\"detail\":"
      "\"organisatie: onbekend veld\",\"errors\":[{\"path\":\"organisatie\",\"detail\":"
      "\"onbekend veld\"}]}" },
    { "{\"username\": \"tactus.x\", \"display_name\": \"T\", \"role\": \"baas\"}", 422,
      "{\"type\":\"/problems/invalid\",\"title\":\"Invalid value\",\"status\":422,\"detail\":"
      "\"role: onbekende rol; kies uit casemanager, regisseur, supervisor, partner, admin\","
      "\"errors\":[{\"path\":\"role\",\"detail\":\"onbekende rol; kies uit casemanager, "
      "regisseur, supervisor, partner, admin\"}]}" },
    { "{\"username\": \"piet\", \"display_name\": \"P\", \"role\": \"regisseur\","
      " \"password\": \"kort\"}",
      422,
      "{\"type\":\"/problems/invalid\",\"title\":\"Invalid value\",\"status\":422,\"detail\":"
      "\"password: ten minste 12 tekens (een zin is goed te onthouden)\",\"errors\":[{\"path\":"
      "\"password\",\"detail\":\"ten minste 12 tekens (een zin is goed te onthouden)\"}]}" },
    { "{\"username\": 12, \"display_name\": \"P\", \"role\": \"regisseur\"}", 422,
      "{\"type\":\"/problems/invalid\",\"title\":\"Invalid value\",\"status\":422,\"detail\":"
      "\"username: moet tekst zijn\",\"errors\":[{\"path\":\"username\",\"detail\":\"moet tekst "
      "zijn\"}]}" },
  };
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  gint64 users = ep_test_db_count (owner, "SELECT count(*) FROM app_user");
  for (gsize i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autoptr (EpHttpReply) refused
        = ep_http (&a, "POST", "/api/v1/users", refusals[i].body, ep_http_csrf (&a));
      assert_problem (refused, refusals[i].status, refusals[i].problem);
    }
  g_autoptr (EpHttpReply) twice = ep_http (&a, "POST", "/api/v1/users", body, ep_http_csrf (&a));
  g_autofree gchar *want_twice = g_strdup_printf (
    "{\"type\":\"/problems/conflict\",\"title\":\"Conflict\",\"status\":409,\"detail\":"
    "\"username: er is al een gebruiker %s in deze gemeente\",\"errors\":[{\"path\":"
    "\"username\",\"detail\":\"er is al een gebruiker %s in deze gemeente\"}]}",
    username, username);
  assert_problem (twice, 409, want_twice);
  ck_assert_int_eq (ep_test_db_count (owner, "SELECT count(*) FROM app_user"), users);
  ck_assert_ptr_null (strstr (added->body, "pbkdf2"));

  /* Two sessions of the new user; an administrator's reset ends both. */
  g_auto (EpHttpClient) u1 = { 0 };
  g_auto (EpHttpClient) u2 = { 0 };
  ep_http_sign_in (&u1, GM, username, FALSE);
  ep_http_sign_in (&u2, GM, username, TRUE);
  g_autofree gchar *password_path = g_strdup_printf ("/api/v1/users/%s/password", username);
  g_autoptr (EpHttpReply) short_one
    = ep_http (&a, "PUT", password_path, "{\"password\": \"kort\"}", ep_http_csrf (&a));
  assert_problem (short_one, 422,
                  "{\"type\":\"/problems/invalid\",\"title\":\"Invalid value\",\"status\":422,"
                  "\"detail\":\"password: ten minste 12 tekens (een zin is goed te onthouden)\","
                  "\"errors\":[{\"path\":\"password\",\"detail\":\"ten minste 12 tekens (een zin "
                  "is goed te onthouden)\"}]}");
  ck_assert_uint_eq (me_status (&u2), 200);
  g_autoptr (EpHttpReply) reset
    = ep_http (&a, "PUT", password_path, "{\"password\": \"" NEW_PASSWORD "\"}", ep_http_csrf (&a));
  EP_ASSERT_STATUS (reset, 204);
  ck_assert_uint_eq (me_status (&u1), 401);
  ck_assert_uint_eq (me_status (&u2), 401);
  g_autofree gchar *ended = db_value (
    "SELECT string_agg (ended_why, ',') FROM user_session WHERE user_id = $1::uuid", id);
  ck_assert_str_eq (ended, "password_changed,password_changed");
  ck_assert_uint_eq (sign_in_status (username, EP_HTTP_PASSWORD), 401);
  ck_assert_uint_eq (sign_in_status (username, NEW_PASSWORD), 201);
  /* (the administrator's own session goes on) */
  ck_assert_uint_eq (me_status (&a), 200);

  /* Disabled: the session from that sign-in ends at once, and no sign-in succeeds. */
  g_autofree gchar *disable_path = g_strdup_printf ("/api/v1/users/%s/disable", username);
  g_autoptr (EpHttpReply) disabled = ep_http (&a, "POST", disable_path, NULL, ep_http_csrf (&a));
  EP_ASSERT_STATUS (disabled, 204);
  g_autofree gchar *after = db_value (
    "SELECT concat_ws (' ', u.active, (SELECT count(*) FROM user_session s"
    "                                   WHERE s.user_id = u.id AND s.ended_at IS NULL),"
    "                  (SELECT string_agg (ended_why, ',' ORDER BY created_at) FROM user_session s"
    "                    WHERE s.user_id = u.id))"
    "  FROM app_user u WHERE username = $1",
    username);
  ck_assert_str_eq (after, "f 0 password_changed,password_changed,user_disabled");
  ck_assert_uint_eq (sign_in_status (username, NEW_PASSWORD), 401);
  g_autofree gchar *events
    = db_value ("SELECT string_agg (action || ' ' || actor_id, ', ' ORDER BY id) FROM audit_event"
                " WHERE entity_type = 'app_user' AND entity_id = $1",
                id);
  g_autofree gchar *want_events
    = g_strdup_printf ("create %s, set_password %s, disable %s", admin, admin, admin);
  ck_assert_str_eq (events, want_events);

  /* No such user. */
  g_autoptr (EpHttpReply) nobody
    = ep_http (&a, "POST", "/api/v1/users/niemand.hier/disable", NULL, ep_http_csrf (&a));
  assert_problem (nobody, 404,
                  "{\"type\":\"/problems/not-found\",\"title\":\"Not found\",\"status\":404,"
                  "\"detail\":\"username: geen gebruiker niemand.hier in deze gemeente\"}");
}
END_TEST

/* The list a page at a time, by username: every user once, in order, the cursor the last name of
 * a page; limit and cursor checked. */
START_TEST (test_users_listed)
{
  g_autofree gchar *admin = ep_http_new_user (GM, "admin", NULL);
  g_autofree gchar *partner = ep_http_new_user (GM, "partner", "Tactus");
  g_auto (EpHttpClient) a = { 0 };
  ep_http_sign_in (&a, GM, admin, TRUE);

  g_autofree gchar *want = db_value ("SELECT string_agg (username, ',' ORDER BY username)"
                                     "  FROM app_user WHERE gemeente = $1",
                                     GM);
  g_autoptr (GString) seen = g_string_new (NULL);
  g_autofree gchar *cursor = NULL;
  guint pages = 0;
  do
    {
      g_autofree gchar *path = cursor ? g_strdup_printf ("/api/v1/users?limit=2&cursor=%s", cursor)
                                      : g_strdup ("/api/v1/users?limit=2");
      g_autoptr (EpHttpReply) page = ep_http (&a, "GET", path, NULL, NULL);
      EP_ASSERT_STATUS (page, 200);
      ck_assert_ptr_null (strstr (page->body, "pbkdf2"));
      ck_assert_ptr_null (strstr (page->body, "hash\""));
      JsonObject *o = json_node_get_object (page->json);
      JsonArray *items = json_object_get_array_member (o, "items");
      ck_assert_uint_le (json_array_get_length (items), 2);
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *u = json_array_get_object_element (items, i);
          const gchar *name = json_object_get_string_member (u, "username");
          g_string_append_printf (seen, "%s%s", seen->len > 0 ? "," : "", name);
          if (strcmp (name, partner) == 0)
            {
              g_autoptr (JsonNode) copy = json_node_copy (json_array_get_element (items, i));
              json_object_remove_member (json_node_get_object (copy), "id");
              g_autofree gchar *text = json_to_string (copy, FALSE);
              g_autofree gchar *want_partner = g_strdup_printf (
                "{\"username\":\"%s\",\"display_name\":\"Test\",\"role\":\"partner\","
                "\"partner_organisation\":\"Tactus\",\"active\":true,\"demo\":false,"
                "\"has_password\":true}",
                partner);
              ck_assert_str_eq (text, want_partner);
            }
        }
      g_free (cursor);
      cursor = json_object_get_null_member (o, "next_cursor")
                 ? NULL
                 : g_strdup (json_object_get_string_member (o, "next_cursor"));
      if (cursor != NULL)
        {
          ck_assert_uint_eq (json_array_get_length (items), 2);
          ck_assert_str_eq (cursor, json_object_get_string_member (
                                      json_array_get_object_element (items, 1), "username"));
        }
      pages++;
    }
  while (cursor != NULL);
  ck_assert_str_eq (seen->str, want);
  ck_assert_uint_ge (pages, 2);

  g_autoptr (EpHttpReply) not_number = ep_http (&a, "GET", "/api/v1/users?limit=veel", NULL, NULL);
  assert_problem (not_number, 400,
                  "{\"type\":\"/problems/bad-request\",\"title\":\"Bad request\",\"status\":400,"
                  "\"detail\":\"limit: moet een geheel getal zijn\"}");
  g_autoptr (EpHttpReply) too_many = ep_http (&a, "GET", "/api/v1/users?limit=201", NULL, NULL);
  assert_problem (too_many, 422,
                  "{\"type\":\"/problems/invalid\",\"title\":\"Invalid value\",\"status\":422,"
                  "\"detail\":\"limit: moet 1–200 zijn\",\"errors\":[{\"path\":\"limit\","
                  "\"detail\":\"moet 1–200 zijn\"}]}");
  g_autoptr (EpHttpReply) bad_cursor
    = ep_http (&a, "GET", "/api/v1/users?cursor=%27%3B", NULL, NULL);
  assert_problem (bad_cursor, 422,
                  "{\"type\":\"/problems/invalid\",\"title\":\"Invalid value\",\"status\":422,"
                  "\"detail\":\"cursor: geen cursor die deze lijst gaf\",\"errors\":[{\"path\":"
                  "\"cursor\",\"detail\":\"geen cursor die deze lijst gaf\"}]}");
}
END_TEST

/* A user of @gemeente (ep_http_new_user()) named @name; @active FALSE: disabled. Returns:
 * (transfer full): the username. */
static gchar *
add_user (const gchar *gemeente, const gchar *role, const gchar *name, const gchar *organisation,
          gboolean active)
{
  gchar *username = ep_http_new_user (gemeente, role, organisation);
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (EpDbParams) params = ep_test_params (username, name, active ? "t" : "f", NULL);
  g_autofree gchar *changed = ep_test_query_value (
    owner,
    "UPDATE app_user SET display_name = $2, active = $3 WHERE username = $1 RETURNING username",
    params);
  ck_assert_str_eq (changed, username);
  return username;
}

/* The colleagues PostgreSQL has for GM (active, of @role or, NULL, of the three roles of case
 * work), as the API should answer them. */
static gchar *
colleagues_in_db (const gchar *role)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autoptr (EpDbParams) params = ep_test_params (GM, role != NULL ? role : "", NULL);
  g_autofree gchar *items = ep_test_query_value (
    owner,
    "SELECT coalesce (json_agg (json_build_object ('username', username, 'naam', display_name,"
    "                                              'rol', role)"
    "                           ORDER BY display_name, username), '[]')::text"
    "  FROM app_user WHERE gemeente = $1 AND active"
    "   AND role IN ('casemanager', 'regisseur', 'supervisor')"
    "   AND ($2 = '' OR role = $2)",
    params);
  /* json_agg's text has spaces after its separators; json-glib's none. */
  g_autoptr (JsonNode) node = json_from_string (items, NULL);
  g_autofree gchar *compact = json_to_string (node, FALSE);
  return g_strdup_printf ("{\"items\":%s,\"next_cursor\":null}", compact);
}

START_TEST (test_colleagues_listed)
{
  /* Names chosen to sort before every other user's ("Test", the demo's), and one the same. */
  g_autofree gchar *regisseur = add_user (GM, "regisseur", "Aafke Regisseur", NULL, TRUE);
  g_autofree gchar *other = add_user (GM, "regisseur", "Aafke Regisseur", NULL, TRUE);
  g_autofree gchar *casemanager = add_user (GM, "casemanager", "Aaron Casemanager", NULL, TRUE);
  g_autofree gchar *supervisor = add_user (GM, "supervisor", "Aad Toezicht", NULL, TRUE);
  g_autofree gchar *gone = add_user (GM, "regisseur", "Aa Vertrokken", NULL, FALSE);
  g_autofree gchar *partner = add_user (GM, "partner", "Aa Partner", "Tactus", TRUE);
  g_autofree gchar *admin = add_user (GM, "admin", "Aa Beheer", NULL, TRUE);
  g_autofree gchar *elsewhere = add_user ("GM0153", "regisseur", "Aa Elders", NULL, TRUE);
  g_auto (EpHttpClient) c = { 0 };
  ep_http_sign_in (&c, GM, casemanager, TRUE);

  /* The regisseurs: the two new ones first (same name: by username), never the disabled one,
   * the other municipality's, a partner or an administrator; exactly PostgreSQL's list. */
  g_autoptr (EpHttpReply) regisseurs
    = ep_http (&c, "GET", "/api/v1/medewerkers?rol=regisseur", NULL, NULL);
  EP_ASSERT_STATUS (regisseurs, 200);
  g_autofree gchar *want_regisseurs = colleagues_in_db ("regisseur");
  ck_assert_str_eq (regisseurs->body, want_regisseurs);
  const gchar *first = strcmp (regisseur, other) < 0 ? regisseur : other;
  const gchar *second = first == regisseur ? other : regisseur;
  g_autofree gchar *start = g_strdup_printf (
    "{\"items\":[{\"username\":\"%s\",\"naam\":\"Aafke Regisseur\",\"rol\":\"regisseur\"},"
    "{\"username\":\"%s\",\"naam\":\"Aafke Regisseur\",\"rol\":\"regisseur\"}",
    first, second);
  ck_assert_msg (g_str_has_prefix (regisseurs->body, start), "%s", regisseurs->body);
  for (const gchar *const *u
       = (const gchar *const[]){ gone, elsewhere, partner, admin, casemanager, supervisor, NULL };
       *u != NULL; u++)
    ck_assert_msg (strstr (regisseurs->body, *u) == NULL, "%s in %s", *u, regisseurs->body);

  /* Without a role: the three roles of case work, by name; only username, naam and rol. */
  g_autoptr (EpHttpReply) all = ep_http (&c, "GET", "/api/v1/medewerkers", NULL, NULL);
  EP_ASSERT_STATUS (all, 200);
  g_autofree gchar *want_all = colleagues_in_db (NULL);
  ck_assert_str_eq (all->body, want_all);
  g_autofree gchar *start_all = g_strdup_printf (
    "{\"items\":[{\"username\":\"%s\",\"naam\":\"Aad Toezicht\",\"rol\":\"supervisor\"},"
    "{\"username\":\"%s\",\"naam\":\"Aafke Regisseur\",\"rol\":\"regisseur\"},"
    "{\"username\":\"%s\",\"naam\":\"Aafke Regisseur\",\"rol\":\"regisseur\"},"
    "{\"username\":\"%s\",\"naam\":\"Aaron Casemanager\",\"rol\":\"casemanager\"}",
    supervisor, first, second, casemanager);
  ck_assert_msg (g_str_has_prefix (all->body, start_all), "%s", all->body);
  for (const gchar *const *u = (const gchar *const[]){ gone, elsewhere, partner, admin, NULL };
       *u != NULL; u++)
    ck_assert_msg (strstr (all->body, *u) == NULL, "%s in %s", *u, all->body);

  /* Another role is refused naming the parameter. */
  g_autoptr (EpHttpReply) partners
    = ep_http (&c, "GET", "/api/v1/medewerkers?rol=partner", NULL, NULL);
  assert_problem (partners, 422,
                  "{\"type\":\"/problems/invalid\",\"title\":\"Invalid value\",\"status\":422,"
                  "\"detail\":\"rol: moet casemanager, regisseur of supervisor zijn\",\"errors\":"
                  "[{\"path\":\"rol\",\"detail\":\"moet casemanager, regisseur of supervisor "
                  "zijn\"}]}");

  /* org/ holds the rule too, whoever calls: a context acting as a partner or an administrator
   * is refused inside the transaction. */
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  const struct
  {
    const gchar *user, *role;
  } refused[] = { { partner, "partner" }, { admin, "admin" }, { gone, "regisseur" } };
  for (gsize i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      EpDbTxContext ctx
        = { .gemeente = GM, .actor_id = refused[i].user, .actor_role = refused[i].role };
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) none = ep_user_list_colleagues (app, &ctx, NULL, &error);
      ck_assert_ptr_null (none);
      ck_assert_msg (g_error_matches (error, EP_ORG_ERROR, EP_ORG_ERROR_NOT_STAFF), "%s: %s",
                     refused[i].user, error ? error->message : "no error");
    }
}
END_TEST

/* A user's own password: the current one checked; the session it was changed in goes on, the
 * user's others end. */
START_TEST (test_my_password)
{
  g_autofree gchar *user = ep_http_new_user (GM, "casemanager", NULL);
  g_autofree gchar *id = db_value ("SELECT id FROM app_user WHERE username = $1", user);
  g_auto (EpHttpClient) here = { 0 };
  g_auto (EpHttpClient) there = { 0 };
  ep_http_sign_in (&here, GM, user, FALSE);
  ep_http_sign_in (&there, GM, user, TRUE);
  g_autofree gchar *hash
    = db_value ("SELECT password_hash FROM app_user WHERE username = $1", user);

  const struct
  {
    const gchar *body;
    guint status;
    const gchar *problem;
  } refusals[] = {
    { "{\"current_password\": \"een verkeerd wachtwoord\", \"new_password\": \"" NEW_PASSWORD "\"}",
      422,
      "{\"type\":\"/problems/wrong-password\",\"title\":\"The current password is wrong\","
      "\"status\":422,\"detail\":\"current_password: klopt niet\",\"errors\":[{\"path\":"
      "\"current_password\",\"detail\":\"klopt niet\"}]}" },
    { "{\"current_password\": \"" EP_HTTP_PASSWORD "\", \"new_password\": \"kort\"}", 422,
      "{\"type\":\"/problems/invalid\",\"title\":\"Invalid value\",\"status\":422,\"detail\":"
      "\"new_password: ten minste 12 tekens (een zin is goed te onthouden)\",\"errors\":[{"
      "\"path\":\"new_password\",\"detail\":\"ten minste 12 tekens (een zin is goed te "
      "onthouden)\"}]}" },
    { "{\"current_password\": \"" EP_HTTP_PASSWORD "\"}", 422,
      "{\"type\":\"/problems/invalid\",\"title\":\"Invalid value\",\"status\":422,\"detail\":"
      "\"new_password: verplicht\",\"errors\":[{\"path\":\"new_password\",\"detail\":"
      "\"verplicht\"}]}" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autoptr (EpHttpReply) refused
        = ep_http (&here, "PUT", "/api/v1/me/password", refusals[i].body, ep_http_csrf (&here));
      assert_problem (refused, refusals[i].status, refusals[i].problem);
    }
  /* Without the CSRF token a cookie's change is refused before anything is read. */
  g_autoptr (EpHttpReply) no_csrf = ep_http (&here, "PUT", "/api/v1/me/password",
                                             "{\"current_password\": \"" EP_HTTP_PASSWORD
                                             "\", \"new_password\": \"" NEW_PASSWORD "\"}",
                                             NULL);
  EP_ASSERT_STATUS (no_csrf, 403);
  g_autofree gchar *unchanged
    = db_value ("SELECT password_hash FROM app_user WHERE username = $1", user);
  ck_assert_str_eq (unchanged, hash);
  ck_assert_uint_eq (me_status (&there), 200);

  g_autoptr (EpHttpReply) changed = ep_http (&here, "PUT", "/api/v1/me/password",
                                             "{\"current_password\": \"" EP_HTTP_PASSWORD
                                             "\", \"new_password\": \"" NEW_PASSWORD "\"}",
                                             ep_http_csrf (&here));
  EP_ASSERT_STATUS (changed, 204);
  ck_assert_uint_eq (me_status (&here), 200);
  ck_assert_uint_eq (me_status (&there), 401);
  g_autofree gchar *sessions = db_value (
    "SELECT string_agg (coalesce (ended_why, 'open'), ',' ORDER BY created_at) FROM user_session"
    " WHERE user_id = $1::uuid",
    id);
  ck_assert_str_eq (sessions, "open,password_changed");
  g_autofree gchar *event
    = db_value ("SELECT actor_id || ' ' || action FROM audit_event"
                " WHERE entity_type = 'app_user' AND entity_id = $1 ORDER BY id DESC LIMIT 1",
                id);
  g_autofree gchar *want_event = g_strdup_printf ("%s set_password", user);
  ck_assert_str_eq (event, want_event);
  ck_assert_uint_eq (sign_in_status (user, EP_HTTP_PASSWORD), 401);
  ck_assert_uint_eq (sign_in_status (user, NEW_PASSWORD), 201);
}
END_TEST

/* Wrong current passwords count toward the account's sign-in throttle: after five, the change
 * (even with the right password) and signing in answer 429. */
START_TEST (test_my_password_throttled)
{
  g_autofree gchar *user = ep_http_new_user (GM, "supervisor", NULL);
  g_auto (EpHttpClient) me = { 0 };
  ep_http_sign_in (&me, GM, user, TRUE);
  g_autofree gchar *hash
    = db_value ("SELECT password_hash FROM app_user WHERE username = $1", user);
  for (int i = 0; i < 5; i++)
    {
      g_autoptr (EpHttpReply) wrong = ep_http (
        &me, "PUT", "/api/v1/me/password",
        "{\"current_password\": \"een verkeerd wachtwoord\", \"new_password\": \"" NEW_PASSWORD
        "\"}",
        NULL);
      EP_ASSERT_STATUS (wrong, 422);
    }
  g_autoptr (EpHttpReply) right = ep_http (&me, "PUT", "/api/v1/me/password",
                                           "{\"current_password\": \"" EP_HTTP_PASSWORD
                                           "\", \"new_password\": \"" NEW_PASSWORD "\"}",
                                           NULL);
  assert_problem (right, 429,
                  "{\"type\":\"/problems/throttled\",\"title\":\"Too many attempts\",\"status\":"
                  "429,\"detail\":\"te veel mislukte pogingen; probeer het over 15 minuten "
                  "opnieuw\"}");
  ck_assert_uint_eq (sign_in_status (user, EP_HTTP_PASSWORD), 429);
  g_autofree gchar *unchanged
    = db_value ("SELECT password_hash FROM app_user WHERE username = $1", user);
  ck_assert_str_eq (unchanged, hash);
  /* (the session goes on: the throttle stops guessing, not work) */
  ck_assert_uint_eq (me_status (&me), 200);
}
END_TEST

/* The vindplaatsen: a code list the administrator keeps; added and taken out of use, each an
 * audit event; refusals name their field and write nothing. */
START_TEST (test_vindplaatsen_kept)
{
  g_autofree gchar *admin = ep_http_new_user (GM, "admin", NULL);
  g_auto (EpHttpClient) a = { 0 };
  ep_http_sign_in (&a, GM, admin, TRUE);
  g_autofree gchar *marker = ep_test_marker ();
  g_autofree gchar *naam = g_strdup_printf ("Huisartsenpraktijk %s", marker);
  g_autofree gchar *body
    = g_strdup_printf ("{\"type\": \"huisarts\", \"naam\": \"%s\", \"wijk\": \"Noord\"}", naam);

  g_autoptr (EpHttpReply) added = ep_http (&a, "POST", "/api/v1/vindplaatsen", body, NULL);
  EP_ASSERT_STATUS (added, 201);
  const gchar *id = ep_http_text (added, "id");
  ck_assert_str_eq (ep_http_text (added, "naam"), naam);
  g_autofree gchar *row = db_value (
    "SELECT concat_ws (' ', gemeente, type, wijk, active) FROM vindplaats WHERE id = $1", id);
  ck_assert_str_eq (row, "GM0164 huisarts Noord t");
  g_autofree gchar *created = db_value ("SELECT actor_id || ' ' || action FROM audit_event"
                                        " WHERE entity_type = 'vindplaats' AND entity_id = $1",
                                        id);
  g_autofree gchar *want_created = g_strdup_printf ("%s create", admin);
  ck_assert_str_eq (created, want_created);

  /* A case worker sees it among the choices. */
  g_autofree gchar *worker = ep_http_new_user (GM, "casemanager", NULL);
  g_auto (EpHttpClient) w = { 0 };
  ep_http_sign_in (&w, GM, worker, TRUE);
  g_autoptr (EpHttpReply) listed = ep_http (&w, "GET", "/api/v1/vindplaatsen", NULL, NULL);
  EP_ASSERT_STATUS (listed, 200);
  ck_assert (strstr (listed->body, id) != NULL);

  /* Refused, naming the field; nothing written. */
  g_autofree gchar *before = db_value ("SELECT count(*) FROM vindplaats WHERE gemeente = $1", GM);
  g_autofree gchar *same = g_strdup_printf ("{\"type\": \"school\", \"naam\": \"%s\"}", naam);
  const struct
  {
    const gchar *body;
    guint status;
    const gchar *problem;
  } refusals[] = {
    { "{\"type\": \"kapper\", \"naam\": \"De Schaar\"}", 422,
      "{\"type\":\"/problems/invalid\",\"title\":\"Invalid value\",\"status\":422,"
      "\"detail\":\"type: onbekende code; kies uit de codelijst vindplaats\",\"errors\":[{\"path\":"
      "\"type\",\"detail\":\"onbekende code; kies uit de codelijst vindplaats\"}]}" },
    { "{\"type\": \"school\", \"naam\": \"\"}", 422,
      "{\"type\":\"/problems/invalid\",\"title\":\"Invalid value\",\"status\":422,"
      "\"detail\":\"naam: verplicht\",\"errors\":[{\"path\":\"naam\",\"detail\":\"verplicht\"}]}" },
    { "{\"type\": \"school\", \"naam\": \"De Regenboog\", \"kleur\": \"rood\"}", 422,
      "{\"type\":\"/problems/invalid\",\"title\":\"Invalid value\",\"status\":422,"
      "\"detail\":\"kleur: onbekend veld\",\"errors\":[{\"path\":\"kleur\",\"detail\":\"onbekend "
      "veld\"}]}" },
    { same, 409,
      "{\"type\":\"/problems/conflict\",\"title\":\"Conflict\",\"status\":409,"
      "\"detail\":\"naam: er is al een vindplaats met deze naam\",\"errors\":[{\"path\":"
      "\"naam\",\"detail\":\"er is al een vindplaats met deze naam\"}]}" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autoptr (EpHttpReply) refused
        = ep_http (&a, "POST", "/api/v1/vindplaatsen", refusals[i].body, NULL);
      assert_problem (refused, refusals[i].status, refusals[i].problem);
    }
  g_autofree gchar *after = db_value ("SELECT count(*) FROM vindplaats WHERE gemeente = $1", GM);
  ck_assert_str_eq (after, before);

  /* Taken out of use: no longer offered; a second time, there is none in use. */
  g_autofree gchar *deactivate = g_strdup_printf ("/api/v1/vindplaatsen/%s/deactivate", id);
  g_autoptr (EpHttpReply) out = ep_http (&a, "POST", deactivate, NULL, NULL);
  EP_ASSERT_STATUS (out, 204);
  g_autoptr (EpHttpReply) relisted = ep_http (&w, "GET", "/api/v1/vindplaatsen", NULL, NULL);
  ck_assert (strstr (relisted->body, id) == NULL);
  g_autoptr (EpHttpReply) again = ep_http (&a, "POST", deactivate, NULL, NULL);
  assert_problem (again, 404,
                  "{\"type\":\"/problems/not-found\",\"title\":\"Not found\",\"status\":404,"
                  "\"detail\":\"id: geen vindplaats in gebruik met deze id\"}");
  g_autofree gchar *events
    = db_value ("SELECT string_agg (action, ', ' ORDER BY id) FROM audit_event"
                " WHERE entity_type = 'vindplaats' AND entity_id = $1",
                id);
  ck_assert_str_eq (events, "create, deactivate");
}
END_TEST

Suite *
ep_http_users_suite (void)
{
  Suite *suite = suite_create ("users");
  TCase *tc = tcase_create ("users");
  tcase_set_timeout (tc, 120); /* every sign-in and password costs a third of a second */
  tcase_add_test (tc, test_users_managed);
  tcase_add_test (tc, test_users_listed);
  tcase_add_test (tc, test_colleagues_listed);
  tcase_add_test (tc, test_my_password);
  tcase_add_test (tc, test_my_password_throttled);
  tcase_add_test (tc, test_vindplaatsen_kept);
  suite_add_tcase (suite, tc);
  return suite;
}
