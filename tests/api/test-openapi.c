/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-openapi.c: docs/openapi.yaml describes exactly the routes the server registers, each with
 * the permission it is registered with.
 *
 * A server is built as `eenplan serve` builds it (ep_server_new() with its built-in routes, then
 * ep_routes_add()) but never listens, so no database is needed: its routes are listed with
 * ep_server_foreach_route(). The description is read without a YAML library, by a line reader
 * that knows only the layout docs/openapi.yaml keeps to (its header says so):
 *
 *   - the section starts at the line "paths:" and ends at the next line at indentation 0 that is
 *     neither blank nor a comment;
 *   - a path is a key at indentation 2 that starts with "/" ("/api/v1/intakes/{id}:");
 *   - an operation is a key at indentation 4 that is an HTTP method in lower case ("get:"); any
 *     other key there ("parameters:") ends the operation;
 *   - its permission is the key "x-eenplan-permission: NAME" at indentation 6.
 *
 * Anything else (flow style, quoted or multi-line keys, tabs) is not understood; what would
 * change the answer (a path key at another indentation, an operation outside a path, the same
 * operation twice) is refused with the line number rather than read wrongly.
 */
#include "ep-routes.h"
#include "ep-server.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* The line reader                                                          */
/* ------------------------------------------------------------------------ */

static const gchar *const http_methods[]
  = { "get", "put", "post", "delete", "options", "head", "patch", "trace" };

static gsize
indentation (const gchar *line)
{
  gsize n = 0;
  while (line[n] == ' ')
    n++;
  return n;
}

/* The key of a "key:" or "key: value" line (no indentation), or NULL when it is not one. */
static gchar *
key_of (const gchar *text, const gchar **value)
{
  const gchar *colon = strstr (text, ":");
  while (colon != NULL && colon[1] != '\0' && colon[1] != ' ')
    colon = strstr (colon + 1, ":");
  if (colon == NULL || colon == text)
    return NULL;
  if (value != NULL)
    *value = colon[1] != '\0' ? colon + 2 : colon + 1;
  return g_strndup (text, colon - text);
}

static gboolean
is_http_method (const gchar *key)
{
  for (gsize i = 0; i < G_N_ELEMENTS (http_methods); i++)
    if (strcmp (key, http_methods[i]) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
fail_at (GError **error, guint line, const gchar *what)
{
  g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_PARSE, "line %u: %s", line, what);
  return FALSE;
}

/* Reads the operations of @text's paths: section into @out ("GET /healthz" → the permission
 * named, "" when none is). Returns FALSE with a G_MARKUP_ERROR_PARSE naming the line when
 * @text has no paths: section or leaves the subset above. */
static gboolean
read_paths (const gchar *text, GHashTable *out, GError **error)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree gchar *path = NULL;
  g_autofree gchar *operation = NULL; /* "GET /healthz", while in one */
  gboolean in_paths = FALSE, seen_paths = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const gchar *line = lines[i];
      guint number = i + 1;
      gsize indent = indentation (line);
      const gchar *text_start = line + indent;
      if (*text_start == '\0' || *text_start == '#')
        continue;
      if (strchr (line, '\t') != NULL && in_paths)
        return fail_at (error, number, "a tab: indent with spaces");
      if (indent == 0)
        {
          in_paths = strcmp (g_strchomp (lines[i]), "paths:") == 0;
          seen_paths = seen_paths || in_paths;
          g_clear_pointer (&operation, g_free);
          continue;
        }
      if (!in_paths)
        continue;

      const gchar *value = NULL;
      g_autofree gchar *key = key_of (text_start, &value);
      if (key == NULL)
        continue;
      if (key[0] == '/' && indent != 2)
        return fail_at (error, number, "a path key must be at indentation 2");
      if (indent == 2)
        {
          if (key[0] != '/')
            return fail_at (error, number, "a key of paths: must start with /");
          g_free (path);
          path = g_steal_pointer (&key);
          g_clear_pointer (&operation, g_free);
        }
      else if (indent == 4)
        {
          g_clear_pointer (&operation, g_free);
          if (!is_http_method (key))
            continue;
          if (path == NULL)
            return fail_at (error, number, "an operation outside a path");
          g_autofree gchar *method = g_ascii_strup (key, -1);
          operation = g_strdup_printf ("%s %s", method, path);
          if (g_hash_table_contains (out, operation))
            return fail_at (error, number, "the same operation twice");
          g_hash_table_insert (out, g_strdup (operation), g_strdup (""));
        }
      else if (indent == 6 && operation != NULL && strcmp (key, "x-eenplan-permission") == 0)
        g_hash_table_insert (out, g_strdup (operation), g_strstrip (g_strdup (value)));
    }
  if (!seen_paths)
    {
      g_set_error_literal (error, G_MARKUP_ERROR, G_MARKUP_ERROR_PARSE, "no paths: section");
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* The reader itself                                                        */
/* ------------------------------------------------------------------------ */

static const struct
{
  const gchar *text;
  const gchar *want;  /* the operations read, sorted, "METHOD path=permission;" each; or NULL */
  const gchar *error; /* the message when it is refused */
} reader_cases[] = {
  { "openapi: 3.1.0\n"
    "paths:\n"
    "  # a comment\n"
    "  /healthz:\n"
    "    get:\n"
    "      summary: health: ok\n"
    "      x-eenplan-permission: public\n"
    "      responses:\n"
    "        \"200\":\n"
    "          x-eenplan-permission: nested, not read\n"
    "\n"
    "  /api/v1/intakes/{id}:\n"
    "    parameters:\n"
    "      x-eenplan-permission: not an operation's\n"
    "    put:\n"
    "      x-eenplan-permission: case_write\n"
    "    delete:\n"
    "components:\n"
    "  /not-a-path:\n"
    "    get:\n"
    "      x-eenplan-permission: public\n",
    "DELETE /api/v1/intakes/{id}=;GET /healthz=public;PUT /api/v1/intakes/{id}=case_write;", NULL },
  { "paths:\n  /a:\n    get:\n  /a:\n    get:\n", NULL, "line 5: the same operation twice" },
  { "paths:\n  /a:\n      /b:\n", NULL, "line 3: a path key must be at indentation 2" },
  { "paths:\n  healthz:\n", NULL, "line 2: a key of paths: must start with /" },
  { "paths:\n    get:\n", NULL, "line 2: an operation outside a path" },
  { "openapi: 3.1.0\n", NULL, "no paths: section" },
};

static gint
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const gchar *const *) a, *(const gchar *const *) b);
}

/* Returns: (transfer full): the keys of @table (transfer none), sorted. */
static GPtrArray *
sorted_keys (GHashTable *table)
{
  GPtrArray *keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;
  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_strings);
  return keys;
}

/* "KEY=VALUE;" for each entry of @table, sorted by key. */
static gchar *
table_text (GHashTable *table)
{
  g_autoptr (GPtrArray) keys = sorted_keys (table);
  GString *text = g_string_new (NULL);
  for (guint i = 0; i < keys->len; i++)
    g_string_append_printf (text, "%s=%s;", (const gchar *) keys->pdata[i],
                            (const gchar *) g_hash_table_lookup (table, keys->pdata[i]));
  return g_string_free (text, FALSE);
}

START_TEST (test_reader)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) read = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gboolean ok = read_paths (reader_cases[_i].text, read, &error);
  if (reader_cases[_i].want != NULL)
    {
      ck_assert_msg (ok, "refused: %s", error ? error->message : "");
      g_autofree gchar *got = table_text (read);
      ck_assert_str_eq (got, reader_cases[_i].want);
    }
  else
    {
      ck_assert (!ok);
      ck_assert_str_eq (error->message, reader_cases[_i].error);
    }
}
END_TEST

/* ------------------------------------------------------------------------ */
/* The description against the server                                       */
/* ------------------------------------------------------------------------ */

static GHashTable *registered; /* "GET /healthz" → "public" */
static GHashTable *described;
static EpDbPool *pool;
static EpServer *server;

static void
add_registered (const gchar *method, const gchar *pattern, EpPermission permission,
                gpointer user_data)
{
  GHashTable *table = user_data;
  g_hash_table_insert (table, g_strdup_printf ("%s %s", method, pattern),
                       g_strdup (ep_authz_name (permission)));
}

static void
setup (void)
{
  const gchar *openapi = g_getenv ("EP_OPENAPI");
  ck_assert_msg (openapi != NULL, "EP_OPENAPI is not set (tests/api/meson.build sets it)");
  g_autofree gchar *text = NULL;
  g_autoptr (GError) error = NULL;
  ck_assert_msg (g_file_get_contents (openapi, &text, NULL, &error), "%s", error->message);
  described = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  ck_assert_msg (read_paths (text, described, &error), "%s: %s", openapi, error->message);

  /* Connections are opened on first demand, and no request is ever made. */
  pool = ep_db_pool_new ("dbname=never-connected", 1);
  EpServerOptions options = { .loopback = TRUE, .workers = 1 };
  server = ep_server_new (pool, &options, &error);
  ck_assert_msg (server != NULL, "%s", error ? error->message : "");
  ep_routes_add (server);
  registered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  ep_server_foreach_route (server, add_registered, registered);
}

static void
teardown (void)
{
  g_clear_pointer (&server, ep_server_free);
  g_clear_pointer (&pool, ep_db_pool_free);
  g_clear_pointer (&registered, g_hash_table_unref);
  g_clear_pointer (&described, g_hash_table_unref);
}

/* The keys of @a that @b lacks, sorted, one per line ("" when none). */
static gchar *
missing_from (GHashTable *a, GHashTable *b)
{
  g_autoptr (GPtrArray) keys = sorted_keys (a);
  GString *text = g_string_new (NULL);
  for (guint i = 0; i < keys->len; i++)
    if (!g_hash_table_contains (b, keys->pdata[i]))
      g_string_append_printf (text, "%s\n", (const gchar *) keys->pdata[i]);
  return g_string_free (text, FALSE);
}

START_TEST (test_every_route_described)
{
  ck_assert_uint_gt (g_hash_table_size (registered), 20);
  g_autofree gchar *undescribed = missing_from (registered, described);
  ck_assert_msg (*undescribed == '\0', "registered but not in docs/openapi.yaml:\n%s", undescribed);
}
END_TEST

START_TEST (test_every_description_registered)
{
  g_autofree gchar *unknown = missing_from (described, registered);
  ck_assert_msg (*unknown == '\0', "in docs/openapi.yaml but not registered:\n%s", unknown);
}
END_TEST

START_TEST (test_permissions_match)
{
  GHashTableIter iter;
  gpointer key, value;
  g_autoptr (GString) wrong = g_string_new (NULL);
  g_hash_table_iter_init (&iter, described);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const gchar *want = g_hash_table_lookup (registered, key);
      if (want != NULL && strcmp (want, value) != 0)
        g_string_append_printf (wrong, "%s: x-eenplan-permission \"%s\", registered %s\n",
                                (const gchar *) key, (const gchar *) value, want);
    }
  ck_assert_msg (wrong->len == 0, "docs/openapi.yaml:\n%s", wrong->str);
}
END_TEST

static Suite *
openapi_suite (void)
{
  Suite *suite = suite_create ("openapi");
  TCase *tc = tcase_create ("reader");
  tcase_add_loop_test (tc, test_reader, 0, G_N_ELEMENTS (reader_cases));
  suite_add_tcase (suite, tc);
  tc = tcase_create ("routes");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_every_route_described);
  tcase_add_test (tc, test_every_description_registered);
  tcase_add_test (tc, test_permissions_match);
  suite_add_tcase (suite, tc);
  return suite;
}

int
main (void)
{
  SRunner *runner = srunner_create (openapi_suite ());
  srunner_run_all (runner, CK_ENV);
  int n_failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return n_failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
