/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-static.c: the web UI's files (api/static.c) over real HTTP — with the headers each answer
 * must carry (caching, content type, gzip, the API's security headers), and refusals for every
 * way of reaching outside the web directory: "..", encoded "%2e%2e" and "%2f", backslashes, a
 * symbolic link to a file and to a directory outside it, the .gz files themselves.
 *
 * Requests are written by hand on a socket, byte for byte as given: an HTTP library would
 * normalise the paths these tests are about.
 */
#include "http-suites.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#define INDEX_HTML "<!doctype html><html lang=\"nl\"><title>eenplan</title></html>\n"
#define APP_JS "console.log('eenplan');\n"
#define APP_JS_GZ "(gzipped app)"
#define SECRET "GEHEIM: buiten de webmap"
#define API_CSP                                                                                    \
  "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self';"               \
  " object-src 'none'"

gchar *
ep_http_static_fixture (const gchar *dir)
{
  gchar *web = g_build_filename (dir, "web", NULL);
  g_autofree gchar *assets = g_build_filename (web, "assets", NULL);
  g_mkdir_with_parents (assets, 0700);
  struct
  {
    const gchar *name, *content;
  } files[] = {
    { "web/index.html", INDEX_HTML },
    { "web/index.html.gz", "(gzipped index)" },
    { "web/assets/app-3F2A1B.js", APP_JS },
    { "web/assets/app-3F2A1B.js.gz", APP_JS_GZ },
    { "web/assets/styles-9C8D7E.css", "body{color:#000}" },
    { "secret.txt", SECRET },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree gchar *path = g_build_filename (dir, files[i].name, NULL);
      g_file_set_contents (path, files[i].content, -1, NULL);
    }
  g_autofree gchar *secret = g_build_filename (dir, "secret.txt", NULL);
  g_autofree gchar *file_link = g_build_filename (assets, "link-1A2B3C.js", NULL);
  g_autofree gchar *dir_link = g_build_filename (web, "buiten", NULL);
  if (symlink (secret, file_link) != 0 || symlink (dir, dir_link) != 0)
    g_warning ("test-static: cannot make the symbolic links");
  return web;
}

void
ep_http_static_fixture_remove (const gchar *dir)
{
  const gchar *names[] = { "web/assets/link-1A2B3C.js",
                           "web/buiten",
                           "web/index.html",
                           "web/index.html.gz",
                           "web/assets/app-3F2A1B.js",
                           "web/assets/app-3F2A1B.js.gz",
                           "web/assets/styles-9C8D7E.css",
                           "secret.txt",
                           "web/assets",
                           "web" };
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree gchar *path = g_build_filename (dir, names[i], NULL);
      g_remove (path);
    }
}

/* What came back: the status, the headers (names lowered), the body. */
typedef struct
{
  guint status;
  GHashTable *headers;
  gchar *body;
} RawReply;

static void
raw_reply_free (RawReply *reply)
{
  g_hash_table_unref (reply->headers);
  g_free (reply->body);
  g_free (reply);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RawReply, raw_reply_free)

static const gchar *
header (const RawReply *reply, const gchar *name)
{
  return g_hash_table_lookup (reply->headers, name);
}

/* Sends "@method @target HTTP/1.1" with @extra header lines (each ending in \r\n, or NULL) and
 * reads the answer until the server closes. */
static RawReply *
raw (const gchar *method, const gchar *target, const gchar *extra)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_socket_client_set_timeout (client, 30);
  const gchar *hostport = ep_http_base + strlen ("http://");
  g_autoptr (GSocketConnection) conn
    = g_socket_client_connect_to_host (client, hostport, 80, NULL, &error);
  ck_assert_msg (conn != NULL, "connect %s: %s", hostport, error ? error->message : "");
  g_autofree gchar *request
    = g_strdup_printf ("%s %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n%s\r\n", method, target,
                       hostport, extra != NULL ? extra : "");
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (conn));
  ck_assert (g_output_stream_write_all (out, request, strlen (request), NULL, NULL, &error));
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (conn));
  g_autoptr (GByteArray) all = g_byte_array_new ();
  guint8 buffer[4096];
  gssize n;
  while ((n = g_input_stream_read (in, buffer, sizeof buffer, NULL, &error)) > 0)
    g_byte_array_append (all, buffer, (guint) n);
  ck_assert_msg (n == 0, "read: %s", error ? error->message : "");
  g_byte_array_append (all, (const guint8 *) "", 1);

  const gchar *text = (const gchar *) all->data;
  const gchar *end = strstr (text, "\r\n\r\n");
  ck_assert_msg (end != NULL, "no end of headers in: %s", text);
  RawReply *reply = g_new0 (RawReply, 1);
  reply->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree gchar *head = g_strndup (text, (gsize) (end - text));
  g_auto (GStrv) lines = g_strsplit (head, "\r\n", -1);
  ck_assert_msg (g_str_has_prefix (lines[0], "HTTP/1.1 "), "status line: %s", lines[0]);
  reply->status = (guint) g_ascii_strtoull (lines[0] + strlen ("HTTP/1.1 "), NULL, 10);
  for (gsize i = 1; lines[i] != NULL; i++)
    {
      const gchar *colon = strchr (lines[i], ':');
      if (colon == NULL)
        continue;
      gchar *name = g_ascii_strdown (lines[i], colon - lines[i]);
      g_hash_table_replace (reply->headers, name, g_strstrip (g_strdup (colon + 1)));
    }
  reply->body = g_strdup (end + 4);
  return reply;
}

/* The headers the API sends on everything, here too. */
static void
assert_security_headers (const RawReply *reply)
{
  ck_assert_str_eq (header (reply, "content-security-policy"), API_CSP);
  ck_assert_str_eq (header (reply, "x-content-type-options"), "nosniff");
  ck_assert_str_eq (header (reply, "x-frame-options"), "DENY");
  ck_assert_str_eq (header (reply, "referrer-policy"), "no-referrer");
}

/* The app's routes — the root and every path the browser's router knows — answer index.html,
 * never cached without asking again. */
START_TEST (test_index_for_app_routes)
{
  const gchar *paths[] = { "/",
                           "/index.html",
                           "/werkbak",
                           "/contact",
                           "/aanmelden?terug=%2Fwerkbak",
                           "/huishoudens/0190a000-0000-7000-8000-000000000001",
                           "/werkbak/" };
  for (gsize i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr (RawReply) reply = raw ("GET", paths[i], NULL);
      ck_assert_msg (reply->status == 200, "%s: %u", paths[i], reply->status);
      ck_assert_str_eq (reply->body, INDEX_HTML);
      ck_assert_str_eq (header (reply, "content-type"), "text/html; charset=utf-8");
      ck_assert_str_eq (header (reply, "cache-control"), "no-cache");
      ck_assert_str_eq (header (reply, "vary"), "Accept-Encoding");
      ck_assert_ptr_null (header (reply, "content-encoding"));
      assert_security_headers (reply);
    }
}
END_TEST

START_TEST (test_hashed_asset)
{
  g_autoptr (RawReply) plain = raw ("GET", "/assets/app-3F2A1B.js", NULL);
  ck_assert_uint_eq (plain->status, 200);
  ck_assert_str_eq (plain->body, APP_JS);
  ck_assert_str_eq (header (plain, "content-type"), "text/javascript; charset=utf-8");
  ck_assert_str_eq (header (plain, "cache-control"), "public, max-age=31536000, immutable");
  ck_assert_str_eq (header (plain, "vary"), "Accept-Encoding");
  ck_assert_ptr_null (header (plain, "content-encoding"));
  assert_security_headers (plain);

  g_autoptr (RawReply) gz = raw ("GET", "/assets/app-3F2A1B.js", "Accept-Encoding: gzip, br\r\n");
  ck_assert_uint_eq (gz->status, 200);
  ck_assert_str_eq (gz->body, APP_JS_GZ);
  ck_assert_str_eq (header (gz, "content-encoding"), "gzip");
  ck_assert_str_eq (header (gz, "content-type"), "text/javascript; charset=utf-8");
  ck_assert_str_eq (header (gz, "cache-control"), "public, max-age=31536000, immutable");
  ck_assert_str_eq (header (gz, "vary"), "Accept-Encoding");

  g_autoptr (RawReply) refused
    = raw ("GET", "/assets/app-3F2A1B.js", "Accept-Encoding: gzip;q=0\r\n");
  ck_assert_str_eq (refused->body, APP_JS);
  ck_assert_ptr_null (header (refused, "content-encoding"));

  /* Without a .gz beside it: as is, and no Vary. */
  g_autoptr (RawReply) css = raw ("GET", "/assets/styles-9C8D7E.css", "Accept-Encoding: gzip\r\n");
  ck_assert_uint_eq (css->status, 200);
  ck_assert_str_eq (css->body, "body{color:#000}");
  ck_assert_str_eq (header (css, "content-type"), "text/css; charset=utf-8");
  ck_assert_ptr_null (header (css, "content-encoding"));
  ck_assert_ptr_null (header (css, "vary"));

  g_autoptr (RawReply) head = raw ("HEAD", "/assets/app-3F2A1B.js", NULL);
  ck_assert_uint_eq (head->status, 200);
  ck_assert_str_eq (head->body, "");
  ck_assert_str_eq (header (head, "content-length"), "24");
}
END_TEST

/* An unknown asset, an unknown API path, another method: the API's problem+json 404, never
 * index.html. */
START_TEST (test_not_found)
{
  struct
  {
    const gchar *method, *path;
  } cases[] = {
    { "GET", "/assets/app-000000.js" },
    { "GET", "/favicon.ico" },
    { "GET", "/api/v1/bestaat-niet" },
    { "GET", "/api" },
    { "GET", "/api/v1" },
    { "POST", "/werkbak" },
    { "DELETE", "/" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (RawReply) reply = raw (cases[i].method, cases[i].path, NULL);
      ck_assert_msg (reply->status == 404, "%s %s: %u", cases[i].method, cases[i].path,
                     reply->status);
      ck_assert_str_eq (header (reply, "content-type"), "application/problem+json");
      ck_assert_str_eq (header (reply, "cache-control"), "no-store");
      ck_assert_ptr_nonnull (strstr (reply->body, "\"type\":\"/problems/not-found\""));
      assert_security_headers (reply);
    }
}
END_TEST

/* No path reaches a file outside the web directory, nor a .gz as itself. */
START_TEST (test_traversal_refused)
{
  const gchar *paths[] = {
    "/../secret.txt",
    "/assets/../../secret.txt",
    "/%2e%2e/secret.txt",
    "/%2E%2E/%2E%2E/secret.txt",
    "/assets/%2e%2e%2f%2e%2e%2fsecret.txt",
    "/..%2fsecret.txt",
    "/assets/..%5c..%5csecret.txt",
    "/assets\\..\\..\\secret.txt",
    "/assets/link-1A2B3C.js",
    "/buiten/secret.txt",
    "/buiten",
    "/assets/app-3F2A1B.js.gz",
    "/index.html.gz",
    "//secret.txt",
    "/./assets/app-3F2A1B.js%00.html",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr (RawReply) reply = raw ("GET", paths[i], "Accept-Encoding: gzip\r\n");
      ck_assert_msg (strstr (reply->body, "GEHEIM") == NULL, "%s: the secret file was answered",
                     paths[i]);
      ck_assert_msg (strstr (reply->body, "(gzipped app)") == NULL,
                     "%s: a .gz was answered as itself", paths[i]);
      /* Refused, or (a path that is a route of the app once normalised) its index.html. */
      ck_assert_msg (reply->status == 404 || reply->status == 400
                       || (reply->status == 200 && strcmp (reply->body, "(gzipped index)") == 0),
                     "%s: %u %s", paths[i], reply->status, reply->body);
    }
  /* The symbolic link and the directory link in particular: 404, as if not there. */
  g_autoptr (RawReply) link = raw ("GET", "/assets/link-1A2B3C.js", NULL);
  ck_assert_uint_eq (link->status, 404);
  g_autoptr (RawReply) dir_link = raw ("GET", "/buiten/secret.txt", NULL);
  ck_assert_uint_eq (dir_link->status, 404);
  g_autoptr (RawReply) encoded = raw ("GET", "/%2e%2e/secret.txt", NULL);
  ck_assert_uint_eq (encoded->status, 404);
}
END_TEST

/* GET /api/v1/demo: a configured database, as here, is never the demo: 404. */
START_TEST (test_demo_only_on_embedded)
{
  g_autoptr (EpHttpReply) reply = ep_http (NULL, "GET", "/api/v1/demo", NULL, NULL);
  EP_ASSERT_STATUS (reply, 404);
  ck_assert_str_eq (reply->content_type, "application/problem+json");
  ck_assert_str_eq (ep_http_text (reply, "type"), "/problems/not-found");
}
END_TEST

/* GET /api/v1/vindplaatsen: the municipality's own, by name, after sign-in only. */
START_TEST (test_vindplaatsen)
{
  g_autoptr (EpHttpReply) anonymous = ep_http (NULL, "GET", "/api/v1/vindplaatsen", NULL, NULL);
  EP_ASSERT_STATUS (anonymous, 401);

  g_autoptr (PGconn) owner = ep_test_db_owner (ep_test_cluster);
  ep_test_db_exec (owner, "INSERT INTO vindplaats (gemeente, id, type, naam, wijk) VALUES"
                          " ('GM0164', '0190b000-0000-7000-8000-0000000000b2', 'school',"
                          "  'Statisch: IKC Zuid', 'Zuid'),"
                          " ('GM0164', '0190b000-0000-7000-8000-0000000000b1', 'telefoon',"
                          "  'Statisch: Telefoon', NULL),"
                          " ('GM0164', '0190b000-0000-7000-8000-0000000000b3', 'huisarts',"
                          "  'Statisch: oud', NULL),"
                          " ('GM0153', '0190b000-0000-7000-8000-0000000000b4', 'wijkteam',"
                          "  'Statisch: Enschede', NULL)"
                          " ON CONFLICT DO NOTHING;"
                          "UPDATE vindplaats SET active = false"
                          " WHERE id = '0190b000-0000-7000-8000-0000000000b3'");
  g_autofree gchar *username = ep_http_new_user ("GM0164", "casemanager", NULL);
  g_auto (EpHttpClient) client = { 0 };
  ep_http_sign_in (&client, "GM0164", username, FALSE);
  g_autoptr (EpHttpReply) reply = ep_http (&client, "GET", "/api/v1/vindplaatsen", NULL, NULL);
  EP_ASSERT_STATUS (reply, 200);
  JsonObject *page = json_node_get_object (reply->json);
  ck_assert (json_node_is_null (json_object_get_member (page, "next_cursor")));
  JsonArray *items = json_object_get_array_member (page, "items");
  /* Other tests may add vindplaatsen of their own: look at ours, in the order given. */
  g_autoptr (GString) ours = g_string_new (NULL);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *v = json_array_get_object_element (items, i);
      const gchar *naam = json_object_get_string_member (v, "naam");
      if (!g_str_has_prefix (naam, "Statisch: "))
        continue;
      JsonNode *wijk = json_object_get_member (v, "wijk");
      g_string_append_printf (ours, "%s|%s|%s|%s;", json_object_get_string_member (v, "id"),
                              json_object_get_string_member (v, "type"), naam,
                              json_node_is_null (wijk) ? "null" : json_node_get_string (wijk));
    }
  ck_assert_str_eq (ours->str,
                    "0190b000-0000-7000-8000-0000000000b2|school|Statisch: IKC Zuid|Zuid;"
                    "0190b000-0000-7000-8000-0000000000b1|telefoon|Statisch: Telefoon|null;");
}
END_TEST

Suite *
ep_http_static_suite (void)
{
  Suite *suite = suite_create ("http-static");
  TCase *tc = tcase_create ("web");
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_index_for_app_routes);
  tcase_add_test (tc, test_hashed_asset);
  tcase_add_test (tc, test_not_found);
  tcase_add_test (tc, test_traversal_refused);
  tcase_add_test (tc, test_demo_only_on_embedded);
  tcase_add_test (tc, test_vindplaatsen);
  suite_add_tcase (suite, tc);
  return suite;
}
