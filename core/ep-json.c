/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-json.c — JSON parse and serialise helpers over json-glib (see ep-json.h).
 */
#include "ep-json.h"

#include "ep-core-error.h"

#include <string.h>

/*
 * json-glib's syntax errors read "<data>:LINE:COL: Parse error: unexpected TOKEN[, expected WHAT]",
 * where WHAT comes from the grammar but TOKEN quotes the document itself (identifier `tru',
 * number `123456782', string constant "…"), which may be personal data. This keeps the message
 * but reduces TOKEN to its kind ("identifier", "number", "string constant"), except a single
 * character ("character `,'"), which is both harmless and the most useful hint. A string token
 * may itself contain quotes or ", expected ", so TOKEN ends at the *last* ", expected ".
 */
static gchar *
redact_token (const gchar *message)
{
  static const gchar unexpected[] = "unexpected ";
  static const gchar expected[] = ", expected ";
  static const gchar character[] = "character `";
  const gchar *token = strstr (message, unexpected);
  const gchar *token_end = NULL;
  const gchar *kind_end = NULL;
  GString *out = NULL;

  if (token == NULL)
    return g_strdup (message);
  token += strlen (unexpected);
  token_end = token + strlen (token);
  for (const gchar *p = strstr (token, expected); p != NULL; p = strstr (p + 1, expected))
    token_end = p;

  if (g_str_has_prefix (token, character) && token_end - token == (gssize) strlen (character) + 2
      && token_end[-1] == '\'')
    return g_strdup (message);

  kind_end = token;
  while (kind_end < token_end && *kind_end != '`' && *kind_end != '"' && *kind_end != '\'')
    kind_end++;
  while (kind_end > token && kind_end[-1] == ' ')
    kind_end--;

  out = g_string_new_len (message, token - message);
  g_string_append_len (out, token, kind_end - token);
  g_string_append (out, token_end);
  return g_string_free (out, FALSE);
}

JsonNode *
ep_json_parse (const gchar *text, gssize len, GError **error)
{
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GError) local_error = NULL;
  JsonNode *root = NULL;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, text, len, &local_error))
    {
      g_autofree gchar *message = redact_token (local_error->message);

      g_set_error (error, EP_CORE_ERROR, EP_CORE_ERROR_INVALID_JSON, "invalid JSON: %s", message);
      return NULL;
    }

  root = json_parser_steal_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, EP_CORE_ERROR, EP_CORE_ERROR_INVALID_JSON,
                           "invalid JSON: empty document");
      return NULL;
    }
  return root;
}

gchar *
ep_json_to_string (JsonNode *node, gboolean pretty)
{
  g_autoptr (JsonGenerator) generator = NULL;

  g_return_val_if_fail (node != NULL, NULL);

  generator = json_generator_new ();
  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, pretty);
  if (pretty)
    json_generator_set_indent (generator, 2);
  return json_generator_to_data (generator, NULL);
}
