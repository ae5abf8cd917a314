/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-json.c — unit tests of core/ep-json: the code, path and Dutch message of every way a
 * document is refused (ep_json_decode()), its limits at the edge, what is accepted, and compact
 * and pretty round trips.
 */
#include "unit-suites.h"

#include "ep-json.h"

#include <string.h>

/*
 * One case per way a document is refused: the code, the path and the whole message. Lines and
 * columns count from 1, in characters; a path is "" for the document as a whole.
 */
static const struct
{
  const gchar *text;
  gssize len; /* -1: strlen */
  EpJsonError code;
  const gchar *path;
  const gchar *message;
} refused_cases[] = {
  /* not JSON */
  { "", -1, EP_JSON_ERROR_SYNTAX, "", "geen geldige JSON: het document is leeg" },
  { " \n\t ", -1, EP_JSON_ERROR_SYNTAX, "", "geen geldige JSON: het document is leeg" },
  { "{\"a\":", -1, EP_JSON_ERROR_SYNTAX, "",
    "regel 1, kolom 5: geen geldige JSON: het document houdt te vroeg op" },
  { "{\"a\": tru}", -1, EP_JSON_ERROR_SYNTAX, "",
    "regel 1, kolom 9: geen geldige JSON: onbekend teken of woord; JSON kent alleen tekst tussen "
    "dubbele aanhalingstekens, getallen zonder voorloopnul, true, false en null" },
  { "[1,2,]", -1, EP_JSON_ERROR_SYNTAX, "",
    "regel 1, kolom 6: geen geldige JSON: onverwacht teken" },
  { "{\"a\" 1}", -1, EP_JSON_ERROR_SYNTAX, "",
    "regel 1, kolom 6: geen geldige JSON: ':' verwacht" },
  { "{1: 2}", -1, EP_JSON_ERROR_SYNTAX, "",
    "regel 1, kolom 2: geen geldige JSON: veldnaam of '}' verwacht" },
  { "{\n\"a\":\n  01}", -1, EP_JSON_ERROR_SYNTAX, "",
    "regel 3, kolom 3: geen geldige JSON: onbekend teken of woord; JSON kent alleen tekst tussen "
    "dubbele aanhalingstekens, getallen zonder voorloopnul, true, false en null" },
  { "{\"a\":1}x", -1, EP_JSON_ERROR_SYNTAX, "",
    "regel 1, kolom 8: geen geldige JSON: na het document volgt nog iets" },
  { "{\"a\":1}garbage", 8, EP_JSON_ERROR_SYNTAX, "",
    "regel 1, kolom 8: geen geldige JSON: na het document volgt nog iets" },
  { "{} {}", -1, EP_JSON_ERROR_SYNTAX, "",
    "regel 1, kolom 4: geen geldige JSON: na het document volgt nog iets" },
  { "/* opmerking */ {}", -1, EP_JSON_ERROR_SYNTAX, "",
    "regel 1, kolom 1: geen geldige JSON: onbekend teken of woord; JSON kent alleen tekst tussen "
    "dubbele aanhalingstekens, getallen zonder voorloopnul, true, false en null" },
  { "['a']", -1, EP_JSON_ERROR_SYNTAX, "",
    "regel 1, kolom 2: geen geldige JSON: onbekend teken of woord; JSON kent alleen tekst tussen "
    "dubbele aanhalingstekens, getallen zonder voorloopnul, true, false en null" },
  { "[0x1F]", -1, EP_JSON_ERROR_SYNTAX, "", "regel 1, kolom 3: geen geldige JSON: ']' verwacht" },
  { "[\"a\\x\"]", -1, EP_JSON_ERROR_SYNTAX, "",
    "regel 1, kolom 5: geen geldige JSON: ongeldige escape in tekst" },
  { "[\"a\tb\"]", -1, EP_JSON_ERROR_SYNTAX, "",
    "regel 1, kolom 3: geen geldige JSON: stuurteken in tekst; schrijf het als \\t, \\n of "
    "\\uXXXX" },
  { "\xff\xfe", -1, EP_JSON_ERROR_SYNTAX, "",
    "regel 1, kolom 0: geen geldige JSON: geen geldige UTF-8" },
  { "1\0", 2, EP_JSON_ERROR_SYNTAX, "",
    "regel 1, kolom 2: geen geldige JSON: een NUL-byte in het document" },
  /* duplicate members: the path of the second */
  { "{\"household\": {\"wijk\": \"Noord\", \"wijk\": \"Zuid\"}}", -1,
    EP_JSON_ERROR_DUPLICATE_MEMBER, "household.wijk",
    "household.wijk: staat twee keer in hetzelfde object" },
  { "[{\"a\": 1}, {\"b\": 1, \"b\": 2}]", -1, EP_JSON_ERROR_DUPLICATE_MEMBER, "[1].b",
    "[1].b: staat twee keer in hetzelfde object" },
  /* text PostgreSQL or a person cannot keep */
  { "{\"main_problem\": \"schulden\\u0000werk\"}", -1, EP_JSON_ERROR_INVALID_TEXT, "main_problem",
    "main_problem: tekst bevat een NUL-teken (\\u0000)" },
  { "{\"x\": {\"a\\u0000\": 1}}", -1, EP_JSON_ERROR_INVALID_TEXT, "x",
    "x: een veldnaam bevat een NUL-teken (\\u0000)" },
  { "{\"needs\": [{\"description\": \"x\\u0007y\"}]}", -1, EP_JSON_ERROR_INVALID_TEXT,
    "needs[0].description",
    "needs[0].description: tekst bevat stuurteken U+0007; alleen tab en regeleinde zijn "
    "toegestaan" },
  { "{\"a\": \"regel\\r\\n\"}", -1, EP_JSON_ERROR_INVALID_TEXT, "a",
    "a: tekst bevat stuurteken U+000D; alleen tab en regeleinde zijn toegestaan" },
  { "{\"persons\": [{\"surname\": \"\\ud800\"}]}", -1, EP_JSON_ERROR_INVALID_TEXT,
    "persons[0].surname",
    "persons[0].surname: tekst bevat een losse surrogaat (\\uD800–\\uDFFF zonder paar); dat is "
    "geen Unicode-teken" },
  { "[\"\\udc00\"]", -1, EP_JSON_ERROR_INVALID_TEXT, "[0]",
    "[0]: tekst bevat een losse surrogaat (\\uD800–\\uDFFF zonder paar); dat is geen "
    "Unicode-teken" },
  { "{\"x\": {\"\\u001b[31m\": 1}}", -1, EP_JSON_ERROR_INVALID_TEXT, "x",
    "x: een veldnaam bevat stuurteken U+001B; alleen tab en regeleinde zijn toegestaan" },
  /* numbers beyond what a 64-bit integer or a double holds: refused, not rounded */
  { "{\"version\": 9223372036854775808}", -1, EP_JSON_ERROR_NUMBER_RANGE, "version",
    "version: getal buiten bereik; het wordt niet afgerond maar geweigerd" },
  { "[1, -9223372036854775809]", -1, EP_JSON_ERROR_NUMBER_RANGE, "[1]",
    "[1]: getal buiten bereik; het wordt niet afgerond maar geweigerd" },
  { "{\"a\": [1e999]}", -1, EP_JSON_ERROR_NUMBER_RANGE, "a[0]",
    "a[0]: getal buiten bereik; het wordt niet afgerond maar geweigerd" },
  /* names */
  { "{\"a\": {\"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\": 1}}", -1,
    EP_JSON_ERROR_NAME_TOO_LONG, "a", "a: een veldnaam is langer dan 64 tekens" },
};

START_TEST (test_json_refused)
{
  g_autoptr (GError) error = NULL;
  const gchar *text = refused_cases[_i].text;
  gsize len = refused_cases[_i].len < 0 ? strlen (text) : (gsize) refused_cases[_i].len;
  g_autoptr (JsonNode) node = ep_json_decode (text, len, NULL, &error);

  ck_assert_ptr_null (node);
  ck_assert_msg (g_error_matches (error, EP_JSON_ERROR, refused_cases[_i].code),
                 "expected code %d, got %s", refused_cases[_i].code,
                 error ? error->message : "no error");
  ck_assert_str_eq (ep_json_error_path (error), refused_cases[_i].path);
  ck_assert_str_eq (error->message, refused_cases[_i].message);
}
END_TEST

/* Where a syntax error is, as data beside the message. */
START_TEST (test_json_error_position)
{
  g_autoptr (GError) error = NULL;
  const gchar *text = "{\n  \"a\": 1,\n  \"b\": [1 2]\n}";
  g_autoptr (JsonNode) node = ep_json_decode (text, strlen (text), NULL, &error);

  ck_assert_ptr_null (node);
  ck_assert_uint_eq (ep_json_error_line (error), 3);
  ck_assert_uint_eq (ep_json_error_column (error), 11);
  ck_assert_uint_eq (ep_json_error_limit (error), 0);
  ck_assert_str_eq (ep_json_error_path (error), "");

  /* Not ours: no facts. */
  g_autoptr (GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "x");
  ck_assert_ptr_null (ep_json_error_path (other));
  ck_assert_uint_eq (ep_json_error_line (other), 0);
}
END_TEST

/* The size limit, at the byte: the limit itself passes, one more is refused, naming both. */
START_TEST (test_json_size_limit)
{
  EpJsonLimits limits = { .max_bytes = 1024 };
  g_autofree gchar *a1022 = g_strnfill (1022, 'a');
  g_autofree gchar *a1023 = g_strnfill (1023, 'a');
  g_autofree gchar *fits = g_strdup_printf ("\"%s\"", a1022);
  g_autofree gchar *over = g_strdup_printf ("\"%s\"", a1023);
  g_autoptr (GError) error = NULL;

  g_autoptr (JsonNode) node = ep_json_decode (fits, strlen (fits), &limits, &error);
  ck_assert_ptr_nonnull (node);
  g_autoptr (JsonNode) refused = ep_json_decode (over, strlen (over), &limits, &error);
  ck_assert_ptr_null (refused);
  ck_assert (g_error_matches (error, EP_JSON_ERROR, EP_JSON_ERROR_TOO_LARGE));
  ck_assert_str_eq (error->message, "het document: is groter dan 1024 bytes");
  ck_assert_uint_eq (ep_json_error_limit (error), 1024);
  ck_assert_str_eq (ep_json_error_path (error), "");
}
END_TEST

/* Nesting: 32 levels pass; the 33rd is refused at its path, also far beyond what jansson
 * itself allows (its own limit of 2,048 levels). */
START_TEST (test_json_depth_limit)
{
  static const gsize depths[] = { 33, 2049, 100000 };
  g_autoptr (GString) ok = g_string_new (NULL);
  g_autoptr (GError) error = NULL;

  for (int i = 0; i < 31; i++)
    g_string_append (ok, "{\"a\":");
  g_string_append (ok, "[1]");
  for (int i = 0; i < 31; i++)
    g_string_append_c (ok, '}');
  g_autoptr (JsonNode) node = ep_json_decode (ok->str, ok->len, NULL, &error);
  ck_assert_msg (node != NULL, "%s", error ? error->message : "");

  for (gsize d = 0; d < G_N_ELEMENTS (depths); d++)
    {
      g_autoptr (GError) deep_error = NULL;
      g_autofree gchar *deep = g_strnfill (depths[d], '[');
      g_autoptr (JsonNode) refused = ep_json_decode (deep, depths[d], NULL, &deep_error);
      ck_assert_ptr_null (refused);
      ck_assert (g_error_matches (deep_error, EP_JSON_ERROR, EP_JSON_ERROR_TOO_DEEP));
      g_autoptr (GString) path = g_string_new (NULL);
      for (int i = 0; i < 32; i++)
        g_string_append (path, "[0]");
      ck_assert_str_eq (ep_json_error_path (deep_error), path->str);
      g_autofree gchar *message = g_strdup_printf ("%s: dieper genest dan 32 niveaus", path->str);
      ck_assert_str_eq (deep_error->message, message);
      ck_assert_uint_eq (ep_json_error_limit (deep_error), 32);
    }

  /* An object too deep, closed properly: the path names its members. */
  g_autoptr (GString) objects = g_string_new (NULL);
  for (int i = 0; i < 33; i++)
    g_string_append (objects, "{\"a\":");
  g_string_append (objects, "1");
  for (int i = 0; i < 33; i++)
    g_string_append_c (objects, '}');
  g_autoptr (GError) object_error = NULL;
  g_autoptr (JsonNode) refused = ep_json_decode (objects->str, objects->len, NULL, &object_error);
  ck_assert_ptr_null (refused);
  g_auto (GStrv) names = g_new0 (gchar *, 33);
  for (int i = 0; i < 32; i++)
    names[i] = g_strdup ("a");
  g_autofree gchar *want = g_strjoinv (".", names);
  ck_assert_str_eq (ep_json_error_path (object_error), want);
}
END_TEST

/* Values from a refused document (here a BSN) do not reach the message. */
START_TEST (test_json_error_hides_values)
{
  static const gchar *const documents[] = {
    "{\"bsn\": 123456782 123456782}",
    "{\"bsn\" 123456782}",
    "[\"123456782\" \"123456782\"]",
    "{\"bsn\": \"123456782\", 123456782: 1}",
    "{\"bsn\": tru123456782}",
    "{\"bsn\": \"123456782\\u0000\"}",
    "{\"bsn\": 123456782123456782123456782}",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (JsonNode) node = ep_json_parse (documents[i], -1, &error);

      ck_assert_ptr_null (node);
      ck_assert (error != NULL && error->domain == EP_JSON_ERROR);
      ck_assert_msg (strstr (error->message, "123456782") == NULL, "value in message: %s",
                     error->message);
    }
}
END_TEST

/* What is JSON is read as written: escapes, surrogate pairs, tab and newline in text, numbers
 * of every form, member order. */
START_TEST (test_json_accepted)
{
  static const struct
  {
    const gchar *text, *compact;
  } cases[] = {
    { "{\"a\":\"\\u00e9\\ud83d\\ude00\\t\\n\\\"\\\\\\/\"}", "{\"a\":\"é😀\\t\\n\\\"\\\\/\"}" },
    { "[0,-0,1.5,-2e3,1E+2,9223372036854775807,-9223372036854775808]",
      "[0,0,1.5,-2000.0,100.0,9223372036854775807,-9223372036854775808]" },
    { "{\"z\":1,\"a\":2,\"m\":3}", "{\"z\":1,\"a\":2,\"m\":3}" },
    { " \r\n\t{}\r\n", "{}" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (JsonNode) node = ep_json_parse (cases[i].text, -1, &error);
      ck_assert_msg (node != NULL, "%s: %s", cases[i].text, error ? error->message : "");
      g_autofree gchar *compact = ep_json_to_string (node, FALSE);
      ck_assert_str_eq (compact, cases[i].compact);
    }
}
END_TEST

static const struct
{
  const gchar *text;
  const gchar *compact;
} round_trip_cases[] = {
  { "{\"naam\":\"Jolanda\",\"leeftijd\":28,\"wetten\":[\"PW\",\"WMO\",\"JW\",\"WGS\"],"
    "\"netwerk\":true,\"noot\":null}",
    "{\"naam\":\"Jolanda\",\"leeftijd\":28,\"wetten\":[\"PW\",\"WMO\",\"JW\",\"WGS\"],"
    "\"netwerk\":true,\"noot\":null}" },
  { " { \"leefgebied\" : \"Financiën\" } \n", "{\"leefgebied\":\"Financiën\"}" },
  { "[]", "[]" },
  { "\"tekst\"", "\"tekst\"" },
  { "42", "42" },
  { "null", "null" },
  { "{\"a\":{\"b\":[1,{\"c\":false}]}}", "{\"a\":{\"b\":[1,{\"c\":false}]}}" },
};

START_TEST (test_json_round_trip)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = ep_json_parse (round_trip_cases[_i].text, -1, &error);
  g_autofree gchar *compact = NULL;

  ck_assert_msg (node != NULL, "refused: %s", error != NULL ? error->message : "");
  ck_assert_ptr_null (error);
  compact = ep_json_to_string (node, FALSE);
  ck_assert_str_eq (compact, round_trip_cases[_i].compact);
}
END_TEST

START_TEST (test_json_pretty)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = ep_json_parse ("{\"wet\":\"WMO\",\"niveaus\":[2,3]}", -1, &error);
  g_autofree gchar *pretty = NULL;
  g_autoptr (JsonNode) again = NULL;
  g_autofree gchar *compact = NULL;

  ck_assert_ptr_null (error);
  pretty = ep_json_to_string (node, TRUE);
  ck_assert_str_eq (pretty, "{\n"
                            "  \"wet\" : \"WMO\",\n"
                            "  \"niveaus\" : [\n"
                            "    2,\n"
                            "    3\n"
                            "  ]\n"
                            "}");
  again = ep_json_parse (pretty, -1, &error);
  ck_assert_ptr_null (error);
  compact = ep_json_to_string (again, FALSE);
  ck_assert_str_eq (compact, "{\"wet\":\"WMO\",\"niveaus\":[2,3]}");
}
END_TEST

/* The returned tree is the caller's and may be changed. */
START_TEST (test_json_parse_mutable)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = ep_json_parse ("{\"a\":1}", 7, &error);
  g_autofree gchar *text = NULL;

  ck_assert_ptr_null (error);
  ck_assert_int_eq (json_node_get_node_type (node), JSON_NODE_OBJECT);
  ck_assert (!json_node_is_immutable (node));
  json_object_set_string_member (json_node_get_object (node), "b", "twee");
  text = ep_json_to_string (node, FALSE);
  ck_assert_str_eq (text, "{\"a\":1,\"b\":\"twee\"}");
}
END_TEST

Suite *
ep_test_json_suite (void)
{
  Suite *suite = suite_create ("json");
  TCase *parse = tcase_create ("parse");
  TCase *write = tcase_create ("write");

  tcase_add_loop_test (parse, test_json_refused, 0, G_N_ELEMENTS (refused_cases));
  tcase_add_test (parse, test_json_error_position);
  tcase_add_test (parse, test_json_size_limit);
  tcase_add_test (parse, test_json_depth_limit);
  tcase_add_test (parse, test_json_error_hides_values);
  tcase_add_test (parse, test_json_accepted);
  tcase_add_test (parse, test_json_parse_mutable);
  tcase_add_loop_test (write, test_json_round_trip, 0, G_N_ELEMENTS (round_trip_cases));
  tcase_add_test (write, test_json_pretty);

  suite_add_tcase (suite, parse);
  suite_add_tcase (suite, write);
  return suite;
}
