/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-org.c: users and sessions (org/ep-user.h, org/ep-session.h) against a real PostgreSQL:
 * adding users with their rules, signing in (a wrong password and an unknown user answer alike),
 * a session resumed, ended, ended for all others by a password change and for all by disabling
 * the user; the token itself is never stored; every change is in the audit trail. Only an
 * administrator manages users (checked by org/ inside the transaction, whoever calls it); every
 * user changes their own password with the current one.
 */
#include "db-suites.h"

#include "ep-org-error.h"
#include "ep-session.h"
#include "ep-user.h"

#include <string.h>

#define PASSWORD "een lange zin als wachtwoord"

static const EpDbTxContext admin
  = { .gemeente = EP_TEST_GM_A, .actor_id = "beheer.test", .actor_role = "admin" };

/* The administrator @admin acts as: an active user of GM_A with role admin, made by the owner as
 * the README makes a municipality's first (no password: org/ needs none to act). */
static void
add_admin (void)
{
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  ep_test_db_exec (owner, "INSERT INTO app_user (gemeente, username, display_name, role)"
                          " VALUES ('" EP_TEST_GM_A "', 'beheer.test', 'Beheer Test', 'admin')"
                          " ON CONFLICT DO NOTHING");
}

/* A new casemanager with PASSWORD; returns the username. */
static gchar *
new_user (PGconn *app, const gchar *role, const gchar *organisation)
{
  g_autofree gchar *marker = ep_test_marker ();
  gchar *username = g_ascii_strdown (marker, -1);
  EpUser user = { .username = username,
                  .display_name = "Test Gebruiker",
                  .role = (gchar *) role,
                  .partner_organisation = (gchar *) organisation };
  g_autoptr (GError) error = NULL;
  EP_ASSERT_NO_ERROR (ep_user_add (app, &admin, &user, PASSWORD, NULL, &error), error);
  return username;
}

static void
assert_org_error (const GError *error, EpOrgError code, const gchar *message)
{
  ck_assert_msg (g_error_matches (error, EP_ORG_ERROR, code), "want code %d, got %s", code,
                 error ? error->message : "no error");
  ck_assert_str_eq (error->message, message);
}

START_TEST (test_user_rules)
{
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  static const struct
  {
    EpUser user;
    const gchar *password, *message;
  } cases[] = {
    { { .username = "A B", .display_name = "x", .role = "casemanager" },
      PASSWORD,
      "username: 2–64 kleine letters, cijfers, punt, _ of -" },
    { { .username = "ab", .display_name = "  ", .role = "casemanager" },
      PASSWORD,
      "display_name: verplicht, ten hoogste 200 tekens" },
    { { .username = "ab", .display_name = "x", .role = "god" },
      PASSWORD,
      "role: onbekende rol; kies uit casemanager, regisseur, supervisor, partner, admin" },
    { { .username = "ab", .display_name = "x", .role = "partner" },
      PASSWORD,
      "partner_organisation: verplicht voor een partner: de organisatie die toestemmingen "
      "noemen" },
    { { .username = "ab", .display_name = "x", .role = "admin", .partner_organisation = "Tactus" },
      PASSWORD,
      "partner_organisation: alleen voor een partner" },
    { { .username = "ab", .display_name = "x", .role = "admin" },
      "kort",
      "password: ten minste 12 tekens (een zin is goed te onthouden)" },
  };
  gint64 users = ep_test_db_count (owner, "SELECT count(*) FROM app_user");
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      ck_assert (!ep_user_add (app, &admin, &cases[i].user, cases[i].password, NULL, &error));
      assert_org_error (error, EP_ORG_ERROR_INVALID_VALUE, cases[i].message);
    }
  ck_assert_int_eq (ep_test_db_count (owner, "SELECT count(*) FROM app_user"), users);

  /* A name twice. */
  g_autofree gchar *username = new_user (app, "casemanager", NULL);
  EpUser again = { .username = username, .display_name = "x", .role = "casemanager" };
  g_autoptr (GError) error = NULL;
  ck_assert (!ep_user_add (app, &admin, &again, NULL, NULL, &error));
  g_autofree gchar *exists
    = g_strdup_printf ("username: er is al een gebruiker %s in deze gemeente", username);
  assert_org_error (error, EP_ORG_ERROR_EXISTS, exists);

  /* The hash is stored, never the password, and the audit event names no password either. */
  g_autoptr (EpDbParams) params = ep_test_params (username, NULL);
  g_autofree gchar *hash
    = ep_test_query_value (owner, "SELECT password_hash FROM app_user WHERE username = $1", params);
  ck_assert (g_str_has_prefix (hash, "pbkdf2-sha256$600000$"));
  g_autofree gchar *event = ep_test_query_value (
    owner,
    "SELECT actor_id || ' ' || action || ' ' || change::text FROM audit_event e"
    "  JOIN app_user u ON u.id::text = e.entity_id WHERE u.username = $1",
    params);
  g_autofree gchar *want_event = g_strdup_printf (
    "beheer.test create {\"username\":\"%s\",\"role\":\"casemanager\"}", username);
  ck_assert_str_eq (event, want_event);
}
END_TEST

/* A wrong password, an unknown user, a disabled user and a wrong municipality answer alike. */
START_TEST (test_sign_in)
{
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autofree gchar *username = new_user (app, "casemanager", NULL);
  g_autofree gchar *disabled = new_user (app, "casemanager", NULL);
  g_autoptr (GError) error = NULL;
  EP_ASSERT_NO_ERROR (ep_user_disable (app, &admin, disabled, &error), error);

  static const gchar *const passwords[]
    = { "een lange zin als wachtwoorD", PASSWORD, PASSWORD, PASSWORD };
  const gchar *const users[] = { username, "niemand", disabled, username };
  const gchar *const gemeenten[] = { EP_TEST_GM_A, EP_TEST_GM_A, EP_TEST_GM_A, EP_TEST_GM_B };
  for (gsize i = 0; i < G_N_ELEMENTS (passwords); i++)
    {
      g_autoptr (GError) refused = NULL;
      g_autoptr (EpSession) none = ep_session_sign_in (app, gemeenten[i], users[i], passwords[i],
                                                       "127.0.0.1", "test", &refused);
      ck_assert_ptr_null (none);
      assert_org_error (refused, EP_ORG_ERROR_SIGN_IN_FAILED,
                        "gebruikersnaam of wachtwoord klopt niet");
    }

  g_autoptr (EpSession) session
    = ep_session_sign_in (app, EP_TEST_GM_A, username, PASSWORD, "127.0.0.1", "test", &error);
  EP_ASSERT_NO_ERROR (session != NULL, error);
  ck_assert (g_regex_match_simple ("^GM0164\\.[A-Za-z0-9_-]{43}$", session->token, 0, 0));
  ck_assert_str_eq (session->actor->username, username);
  ck_assert_str_eq (session->actor->role, "casemanager");
  /* Only the token's hash is kept. */
  g_autoptr (EpDbParams) token = ep_test_params (session->token, NULL);
  ck_assert_int_eq (ep_test_query_int (owner,
                                       "SELECT count(*) FROM user_session"
                                       " WHERE token_hash = sha256 (convert_to ($1, 'UTF8'))",
                                       token),
                    1);
  ck_assert_int_eq (
    ep_test_query_int (owner,
                       "SELECT count(*) FROM user_session"
                       " WHERE position (convert_to ($1, 'UTF8') IN token_hash) > 0",
                       token),
    0);

  g_autoptr (EpSession) resumed = ep_session_resume (app, session->token, &error);
  EP_ASSERT_NO_ERROR (resumed != NULL, error);
  ck_assert_str_eq (resumed->id, session->id);
  ck_assert_ptr_null (resumed->token);
  ck_assert_str_eq (resumed->actor->username, username);

  /* Tokens that are not one, or another's municipality's. */
  static const gchar *const bad[] = { "", "GM0164.", "GM0164.kort", "GM0153.", "x" };
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) refused = NULL;
      g_autoptr (EpSession) none = ep_session_resume (app, bad[i], &refused);
      ck_assert_ptr_null (none);
      ck_assert (g_error_matches (refused, EP_ORG_ERROR, EP_ORG_ERROR_SESSION_ENDED));
    }
  g_autofree gchar *other = g_strconcat ("GM0153", session->token + 6, NULL);
  g_autoptr (EpSession) elsewhere = ep_session_resume (app, other, &error);
  ck_assert_ptr_null (elsewhere);
  ck_assert (g_error_matches (error, EP_ORG_ERROR, EP_ORG_ERROR_SESSION_ENDED));
}
END_TEST

/* Sign out ends one session; a password change ends the others; disabling ends all; idle and
 * absolute expiry end them too. */
START_TEST (test_sessions_end)
{
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autofree gchar *username = new_user (app, "partner", "Tactus");
  g_autoptr (GError) error = NULL;
  EpSession *s[4];
  for (int i = 0; i < 4; i++)
    {
      s[i] = ep_session_sign_in (app, EP_TEST_GM_A, username, PASSWORD, NULL, NULL, &error);
      EP_ASSERT_NO_ERROR (s[i] != NULL, error);
    }
  ck_assert_str_eq (s[0]->partner_organisation, "Tactus");
  EpDbTxContext me = ep_actor_context (s[0]->actor);
  g_autoptr (GPtrArray) listed = ep_session_list (app, &me, s[0]->user_id, &error);
  EP_ASSERT_NO_ERROR (listed != NULL, error);
  ck_assert_uint_eq (listed->len, 4);

  /* Signing out ends that one only; twice is not found. */
  EP_ASSERT_NO_ERROR (ep_session_end (app, &me, s[0]->user_id, s[3]->id, "sign_out", &error),
                      error);
  ck_assert (!ep_session_end (app, &me, s[0]->user_id, s[3]->id, "sign_out", &error));
  assert_org_error (error, EP_ORG_ERROR_NOT_FOUND, "session_id: geen lopende sessie van u");
  g_clear_error (&error);
  g_autoptr (EpSession) gone = ep_session_resume (app, s[3]->token, &error);
  ck_assert_ptr_null (gone);
  g_clear_error (&error);

  /* Idle too long: ended. */
  g_autoptr (EpDbParams) idle = ep_test_params (s[2]->id, NULL);
  g_autofree gchar *r
    = ep_test_query_value (owner,
                           "UPDATE user_session SET last_seen_at = now () - interval '31 minutes'"
                           " WHERE id = $1::uuid RETURNING id",
                           idle);
  g_autoptr (EpSession) idled = ep_session_resume (app, s[2]->token, &error);
  ck_assert_ptr_null (idled);
  g_clear_error (&error);

  /* A new password, set by the user in session 0: session 1 ends, 0 goes on. */
  EP_ASSERT_NO_ERROR (
    ep_user_change_own_password (app, &me, PASSWORD, "een nieuwe lange zin", s[0]->id, &error),
    error);
  g_autoptr (EpSession) kept = ep_session_resume (app, s[0]->token, &error);
  EP_ASSERT_NO_ERROR (kept != NULL, error);
  g_autoptr (EpSession) ended = ep_session_resume (app, s[1]->token, &error);
  ck_assert_ptr_null (ended);
  g_clear_error (&error);
  g_autoptr (EpSession) old_password
    = ep_session_sign_in (app, EP_TEST_GM_A, username, PASSWORD, NULL, NULL, &error);
  ck_assert_ptr_null (old_password);
  g_clear_error (&error);

  /* Disabled: every session ends at once. */
  EP_ASSERT_NO_ERROR (ep_user_disable (app, &admin, username, &error), error);
  g_autoptr (EpSession) after = ep_session_resume (app, s[0]->token, &error);
  ck_assert_ptr_null (after);
  g_autoptr (EpDbParams) user = ep_test_params (s[0]->user_id, NULL);
  g_autofree gchar *why = ep_test_query_value (
    owner,
    "SELECT string_agg (ended_why, ',' ORDER BY created_at) FROM user_session"
    " WHERE user_id = $1::uuid",
    user);
  /* (the idle one had not been ended yet: the password change ended it) */
  ck_assert_str_eq (why, "user_disabled,password_changed,password_changed,sign_out");
  for (int i = 0; i < 4; i++)
    ep_session_free (s[i]);
}
END_TEST

/* Only an administrator manages users: every function refuses another role, an administrator
 * who is not (or no longer) one in the database, and writes nothing; eenplan's own work (the
 * "system" role) may list them. */
START_TEST (test_admin_only)
{
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autofree gchar *casemanager = new_user (app, "casemanager", NULL);
  g_autofree gchar *fallen = new_user (app, "admin", NULL);
  g_autofree gchar *victim = new_user (app, "regisseur", NULL);
  g_autoptr (GError) error = NULL;
  EP_ASSERT_NO_ERROR (ep_user_disable (app, &admin, fallen, &error), error);

  /* As the casemanager (checked by ep_actor_context() too), as someone who claims the role admin
   * but is a casemanager, and as a disabled administrator. */
  g_autoptr (EpActor) actor = ep_actor_lookup (app, EP_TEST_GM_A, casemanager, &error);
  EP_ASSERT_NO_ERROR (actor != NULL, error);
  const EpDbTxContext contexts[] = {
    ep_actor_context (actor),
    { .gemeente = EP_TEST_GM_A, .actor_id = casemanager, .actor_role = "admin" },
    { .gemeente = EP_TEST_GM_A, .actor_id = fallen, .actor_role = "admin" },
  };
  g_autofree gchar *as_casemanager = g_strdup_printf (
    "alleen een beheerder (rol admin) mag gebruikers beheren; %s heeft de rol casemanager",
    casemanager);
  g_autofree gchar *as_fallen
    = g_strdup_printf ("alleen een beheerder (rol admin) mag gebruikers beheren; %s is geen "
                       "actieve gebruiker van deze gemeente",
                       fallen);
  const gchar *const messages[] = { as_casemanager, as_casemanager, as_fallen };
  gint64 users = ep_test_db_count (owner, "SELECT count(*) FROM app_user");
  gint64 events = ep_test_db_count (owner, "SELECT count(*) FROM audit_event");
  g_autoptr (EpDbParams) victim_params = ep_test_params (victim, NULL);
  g_autofree gchar *victim_hash = ep_test_query_value (
    owner, "SELECT password_hash FROM app_user WHERE username = $1", victim_params);
  for (gsize i = 0; i < G_N_ELEMENTS (contexts); i++)
    {
      EpUser user = { .username = "nieuw.admin", .display_name = "X", .role = "admin" };
      ck_assert (!ep_user_check_admin (app, &contexts[i], &error));
      assert_org_error (error, EP_ORG_ERROR_NOT_ADMIN, messages[i]);
      g_clear_error (&error);
      ck_assert (!ep_user_add (app, &contexts[i], &user, PASSWORD, NULL, &error));
      assert_org_error (error, EP_ORG_ERROR_NOT_ADMIN, messages[i]);
      g_clear_error (&error);
      ck_assert (
        !ep_user_set_password (app, &contexts[i], victim, "een ander wachtwoord", NULL, &error));
      assert_org_error (error, EP_ORG_ERROR_NOT_ADMIN, messages[i]);
      g_clear_error (&error);
      ck_assert (!ep_user_disable (app, &contexts[i], victim, &error));
      assert_org_error (error, EP_ORG_ERROR_NOT_ADMIN, messages[i]);
      g_clear_error (&error);
      g_autoptr (GPtrArray) none = ep_user_list (app, &contexts[i], &error);
      ck_assert_ptr_null (none);
      assert_org_error (error, EP_ORG_ERROR_NOT_ADMIN, messages[i]);
      g_clear_error (&error);
      g_autoptr (GPtrArray) no_page = ep_user_list_page (app, &contexts[i], 0, NULL, NULL, &error);
      ck_assert_ptr_null (no_page);
      assert_org_error (error, EP_ORG_ERROR_NOT_ADMIN, messages[i]);
      g_clear_error (&error);
    }
  ck_assert_int_eq (ep_test_db_count (owner, "SELECT count(*) FROM app_user"), users);
  ck_assert_int_eq (ep_test_db_count (owner, "SELECT count(*) FROM audit_event"), events);
  g_autofree gchar *victim_after = ep_test_query_value (
    owner, "SELECT password_hash || ' ' || active FROM app_user WHERE username = $1",
    victim_params);
  g_autofree gchar *victim_want = g_strconcat (victim_hash, " true", NULL);
  ck_assert_str_eq (victim_after, victim_want);

  /* eenplan's own work lists them (the demo load does). */
  EpDbTxContext system = { .gemeente = EP_TEST_GM_A, .actor_id = "system", .actor_role = "system" };
  g_autoptr (GPtrArray) all = ep_user_list (app, &system, &error);
  EP_ASSERT_NO_ERROR (all != NULL, error);
  ck_assert_int_eq ((gint64) all->len,
                    ep_test_db_count (owner, "SELECT count(*) FROM app_user"
                                             " WHERE gemeente = '" EP_TEST_GM_A "'"));
}
END_TEST

/* The list in pages by username: the cursor is the last name of a page; limit and cursor
 * checked. */
START_TEST (test_user_pages)
{
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  for (int i = 0; i < 3; i++)
    g_free (new_user (app, "casemanager", NULL));
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) all = ep_user_list (app, &admin, &error);
  EP_ASSERT_NO_ERROR (all != NULL, error);
  ck_assert_uint_ge (all->len, 4);

  /* Pages of two, then the last page with a NULL cursor; together the whole list in order. */
  g_autofree gchar *cursor = NULL;
  guint seen = 0, pages = 0;
  do
    {
      g_autofree gchar *next = NULL;
      g_autoptr (GPtrArray) page = ep_user_list_page (app, &admin, 2, cursor, &next, &error);
      EP_ASSERT_NO_ERROR (page != NULL, error);
      ck_assert_uint_le (page->len, 2);
      for (guint i = 0; i < page->len; i++, seen++)
        ck_assert_str_eq (((EpUser *) page->pdata[i])->username,
                          ((EpUser *) all->pdata[seen])->username);
      if (next != NULL)
        {
          ck_assert_uint_eq (page->len, 2);
          ck_assert_str_eq (next, ((EpUser *) page->pdata[1])->username);
        }
      g_free (cursor);
      cursor = g_steal_pointer (&next);
      pages++;
    }
  while (cursor != NULL);
  ck_assert_uint_eq (seen, all->len);
  ck_assert_uint_eq (pages, (all->len + 1) / 2);

  g_autoptr (GPtrArray) too_many = ep_user_list_page (app, &admin, 201, NULL, NULL, &error);
  ck_assert_ptr_null (too_many);
  assert_org_error (error, EP_ORG_ERROR_INVALID_VALUE, "limit: moet 1–200 zijn");
  g_clear_error (&error);
  g_autoptr (GPtrArray) bad_cursor = ep_user_list_page (app, &admin, 0, "X'; --", NULL, &error);
  ck_assert_ptr_null (bad_cursor);
  assert_org_error (error, EP_ORG_ERROR_INVALID_VALUE, "cursor: geen cursor die deze lijst gaf");
}
END_TEST

/* A user changes their own password with the current one: a wrong one, or a new one that breaks
 * the rules, changes nothing; the right one keeps the session it was changed in and ends the
 * others; the event is the user's own. */
START_TEST (test_own_password)
{
  g_autoptr (PGconn) app = ep_test_db_app (ep_test_cluster);
  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  g_autofree gchar *username = new_user (app, "casemanager", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (EpSession) here
    = ep_session_sign_in (app, EP_TEST_GM_A, username, PASSWORD, NULL, NULL, &error);
  EP_ASSERT_NO_ERROR (here != NULL, error);
  g_autoptr (EpSession) there
    = ep_session_sign_in (app, EP_TEST_GM_A, username, PASSWORD, NULL, NULL, &error);
  EP_ASSERT_NO_ERROR (there != NULL, error);
  EpDbTxContext me = ep_actor_context (here->actor);
  g_autoptr (EpDbParams) params = ep_test_params (username, NULL);
  g_autofree gchar *hash
    = ep_test_query_value (owner, "SELECT password_hash FROM app_user WHERE username = $1", params);

  ck_assert (!ep_user_change_own_password (app, &me, "een verkeerd wachtwoord",
                                           "een nieuwe lange zin", here->id, &error));
  assert_org_error (error, EP_ORG_ERROR_WRONG_PASSWORD, "current_password: klopt niet");
  g_clear_error (&error);
  ck_assert (!ep_user_change_own_password (app, &me, PASSWORD, "kort", here->id, &error));
  assert_org_error (error, EP_ORG_ERROR_INVALID_VALUE,
                    "new_password: ten minste 12 tekens (een zin is goed te onthouden)");
  g_clear_error (&error);
  g_autofree gchar *unchanged
    = ep_test_query_value (owner, "SELECT password_hash FROM app_user WHERE username = $1", params);
  ck_assert_str_eq (unchanged, hash);
  g_autoptr (EpSession) still_there = ep_session_resume (app, there->token, &error);
  EP_ASSERT_NO_ERROR (still_there != NULL, error);

  EP_ASSERT_NO_ERROR (
    ep_user_change_own_password (app, &me, PASSWORD, "een nieuwe lange zin", here->id, &error),
    error);
  g_autoptr (EpSession) kept = ep_session_resume (app, here->token, &error);
  EP_ASSERT_NO_ERROR (kept != NULL, error);
  g_autoptr (EpSession) ended = ep_session_resume (app, there->token, &error);
  ck_assert_ptr_null (ended);
  g_clear_error (&error);
  g_autofree gchar *event = ep_test_query_value (
    owner,
    "SELECT actor_id || ' ' || actor_role || ' ' || action || ' ' || change::text"
    "  FROM audit_event e JOIN app_user u ON u.id::text = e.entity_id"
    " WHERE u.username = $1 ORDER BY e.id DESC LIMIT 1",
    params);
  g_autofree gchar *want
    = g_strdup_printf ("%s casemanager set_password {\"password\":\"gewijzigd\"}", username);
  ck_assert_str_eq (event, want);
  /* The old password is no longer it. */
  ck_assert (!ep_user_change_own_password (app, &me, PASSWORD, "nog een andere zin", NULL, &error));
  assert_org_error (error, EP_ORG_ERROR_WRONG_PASSWORD, "current_password: klopt niet");
}
END_TEST

Suite *
ep_test_org_suite (void)
{
  Suite *suite = suite_create ("org");
  TCase *tc = tcase_create ("org");
  tcase_set_timeout (tc, 120); /* every sign-in costs a third of a second by design */
  tcase_add_checked_fixture (tc, add_admin, NULL);
  tcase_add_test (tc, test_user_rules);
  tcase_add_test (tc, test_sign_in);
  tcase_add_test (tc, test_sessions_end);
  tcase_add_test (tc, test_admin_only);
  tcase_add_test (tc, test_user_pages);
  tcase_add_test (tc, test_own_password);
  suite_add_tcase (suite, tc);
  return suite;
}
