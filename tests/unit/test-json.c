/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-json.c — unit tests of core/ep-json: the error code and message for malformed documents
 * (json-glib's line and column, with long quoted tokens left out), and compact and pretty round
 * trips. The expected messages follow json-glib 1.6's wording.
 */
#include "unit-suites.h"

#include "ep-json.h"

#include <string.h>

static const struct
{
  const gchar *text;
  gssize len;
  const gchar *message;
} invalid_cases[] = {
  { "", -1, "invalid JSON: empty document" },
  { " \n\t ", -1, "invalid JSON: empty document" },
  { "{\"a\":", -1,
    "invalid JSON: <data>:1:5: Parse error: unexpected end of file, expected character `}'" },
  { "{\"a\": tru}", -1,
    "invalid JSON: <data>:1:9: Parse error: unexpected identifier, expected value" },
  { "[1,2,]", -1,
    "invalid JSON: <data>:1:5: Parse error: unexpected character `,', expected character `]'" },
  { "{\n\"a\":\n  nope}", -1,
    "invalid JSON: <data>:3:6: Parse error: unexpected identifier, expected value" },
  { "{\"a\":1}x", -1,
    "invalid JSON: <data>:1:8: Parse error: unexpected identifier, expected end of file" },
  { "{\"a\":1}garbage", 8,
    "invalid JSON: <data>:1:8: Parse error: unexpected identifier, expected end of file" },
  { "{\"a\":1}garbage", -1,
    "invalid JSON: <data>:1:14: Parse error: unexpected identifier, expected end of file" },
  { "1 2", -1, "invalid JSON: <data>:1:3: Parse error: unexpected number, expected end of file" },
  { "[\"a\" \"b\"]", -1,
    "invalid JSON: <data>:1:4: Parse error: unexpected string constant, expected character `,'" },
  /* a string token that itself contains quotes and ", expected " */
  { "[\"x\", \"y, expected `z'\" 1]", -1,
    "invalid JSON: <data>:1:23: Parse error: unexpected string constant, expected character `,'" },
  { "{\"a\": \"unterminated", -1,
    "invalid JSON: <data>:1:20: Parse error: scanner: unterminated string constant" },
  { "[-]", -1,
    "invalid JSON: <data>:1:2: Parse error: unexpected character `-', expected number (integer)" },
  { "\xff\xfe", -1, "invalid JSON: JSON data must be UTF-8 encoded" },
  { "{\"a\": 1} 123456782", -1,
    "invalid JSON: <data>:1:18: Parse error: unexpected number, expected end of file" },
};

START_TEST (test_json_parse_invalid)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = ep_json_parse (invalid_cases[_i].text, invalid_cases[_i].len, &error);

  ck_assert_ptr_null (node);
  EP_ASSERT_CORE_ERROR (error, EP_CORE_ERROR_INVALID_JSON, invalid_cases[_i].message);
}
END_TEST

/* Values from a malformed document (here a BSN) do not reach the message. */
START_TEST (test_json_error_hides_values)
{
  static const gchar *const documents[] = {
    "{\"bsn\": 123456782 123456782}",
    "{\"bsn\" 123456782}",
    "[\"123456782\" \"123456782\"]",
    "{\"bsn\": \"123456782\", 123456782: 1}",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (JsonNode) node = ep_json_parse (documents[i], -1, &error);

      ck_assert_ptr_null (node);
      EP_ASSERT_CORE_ERROR (error, EP_CORE_ERROR_INVALID_JSON, NULL);
      ck_assert_msg (strstr (error->message, "123456782") == NULL, "value in message: %s",
                     error->message);
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

  tcase_add_loop_test (parse, test_json_parse_invalid, 0, G_N_ELEMENTS (invalid_cases));
  tcase_add_test (parse, test_json_error_hides_values);
  tcase_add_test (parse, test_json_parse_mutable);
  tcase_add_loop_test (write, test_json_round_trip, 0, G_N_ELEMENTS (round_trip_cases));
  tcase_add_test (write, test_json_pretty);

  suite_add_tcase (suite, parse);
  suite_add_tcase (suite, write);
  return suite;
}
