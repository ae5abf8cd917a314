/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * http-suites.h: the HTTP suite's harness — `eenplan serve` as a child process, exactly as it
 * was built, against a throw-away cluster (tests/common), and requests over real HTTP to it.
 */
#pragma once

#include <check.h>
#include <glib.h>
#include <json-glib/json-glib.h>

#include "ep-test-db.h"
#include "ep-test-helpers.h"

G_BEGIN_DECLS

/* The server's base URI ("http://127.0.0.1:PORT"). */
extern gchar *ep_http_base;

#define EP_HTTP_PASSWORD "een lange zin als wachtwoord"

/* What a request got back. */
typedef struct
{
  guint status;
  gchar *body;
  JsonNode *json; /* the body parsed, or NULL */
  gchar *set_cookie;
  gchar *etag;
  gchar *content_type;
  gchar *cache_control;
  gchar *csp;
} EpHttpReply;

void ep_http_reply_free (EpHttpReply *reply);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EpHttpReply, ep_http_reply_free)

/* A client: a cookie jar of its own (a browser), or a bearer token. */
typedef struct
{
  gchar *cookie; /* "eenplan_session=…", or NULL */
  gchar *bearer; /* or NULL */
  gchar *csrf;   /* the CSRF token the sign-in gave */
} EpHttpClient;

void ep_http_client_clear (EpHttpClient *client);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (EpHttpClient, ep_http_client_clear)

/**
 * ep_http:
 * @client: (nullable): whose cookie or token to send; NULL for none
 * @body: (nullable): a request body (JSON)
 * @headers: (nullable) (array zero-terminated=1): more headers, "Name", "value" pairs
 *
 * Sends the request and waits for the answer; fails the test when there is none.
 */
EpHttpReply *ep_http (const EpHttpClient *client, const gchar *method, const gchar *path,
                      const gchar *body, const gchar *const *headers);

/* The administrator main.c gives each municipality (no password). */
#define EP_HTTP_ADMIN "beheer.test"

/* A new user of @gemeente with @role (and @organisation for a partner) and EP_HTTP_PASSWORD,
 * made through org/ as EP_HTTP_ADMIN, in the municipality's EP_HTTP_TEAM unless a partner or an
 * administrator. Returns: (transfer full): the username. */
gchar *ep_http_new_user (const gchar *gemeente, const gchar *role, const gchar *organisation);

/* The team every new user of a municipality's own staff (not a partner, not an administrator)
 * joins in ep_http_new_user(): one per municipality, made when first needed. */
#define EP_HTTP_TEAM "Testteam"

/* Puts @username of @gemeente in the team named @team (made if it is not there), as the owner. */
void ep_http_join_team (const gchar *gemeente, const gchar *username, const gchar *team);

/* Signs @username of @gemeente in as a browser (cookie and CSRF token) or, with @bearer, as
 * another system; fails the test unless it succeeds. */
void ep_http_sign_in (EpHttpClient *client, const gchar *gemeente, const gchar *username,
                      gboolean bearer);

/* The worked example of docs/examples (intake-jolanda.json) at a vindplaats of its own, made in
 * @gemeente; with @fresh, at an address and with a BSN of its own as well, so that a test can
 * record it again and find only its own household at that postcode. Returns: (transfer full). */
gchar *ep_http_intake_document (const gchar *gemeente, gboolean fresh);

/* The vindplaats of the last ep_http_intake_document() (transfer none). */
const gchar *ep_http_vindplaats (void);
/* The headers a change with @client's cookie needs ({"X-CSRF-Token", its token, NULL}), for
 * ep_http(); valid until the next call. */
const gchar *const *ep_http_csrf (const EpHttpClient *client);

/* The member @name of @reply's JSON object, as text ("" when absent). */
const gchar *ep_http_text (const EpHttpReply *reply, const gchar *name);

/* EP_ASSERT_STATUS (reply, status): the status, and the body shown when it is another. */
#define EP_ASSERT_STATUS(reply, want)                                                              \
  ck_assert_msg ((reply)->status == (want), "status %u, want %u: %s", (reply)->status, (want),     \
                 (reply)->body)

Suite *ep_http_session_suite (void);
Suite *ep_http_authz_suite (void);
Suite *ep_http_intake_suite (void);
Suite *ep_http_plan_suite (void);
Suite *ep_http_ladder_suite (void);
Suite *ep_http_metrics_suite (void);
Suite *ep_http_shield_suite (void);
Suite *ep_http_partner_suite (void);
Suite *ep_http_users_suite (void);
Suite *ep_http_audit_suite (void);
Suite *ep_http_static_suite (void);

/* test-static.c: a web directory of a few files under @dir/web (returned, transfer full), with a
 * file outside it and symbolic links that point out; and its removal. */
gchar *ep_http_static_fixture (const gchar *dir);
void ep_http_static_fixture_remove (const gchar *dir);

/* Asks for a verification of @client's municipality (@gemeente) as a supervisor and follows GET
 * until it has run; adds the requests made to *@requests (each is an access-log row).
 * Returns: (transfer full): the answer, its times checked and taken out. */
JsonNode *ep_http_verify (const EpHttpClient *client, const gchar *gemeente, guint *requests);

G_END_DECLS
