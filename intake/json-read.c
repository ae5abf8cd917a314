/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * json-read.c: typed, path-aware readers of JSON members, shared by the
 * decoders of intake/ (intake-json.c, contact.c). Each reader takes the path
 * of the object and the member's name, so that an error names exactly where
 * it is ("needs[2].law: …"); messages are in Dutch, for the case worker who
 * has to fix the input.
 */
#include "json-read-private.h"

#include "intake-error-private.h"

#include "ep-time.h"
#include "ep-uuid.h"

#include <string.h>

JsonObject *
ep_intake_open_object (JsonNode *node, const gchar *path, const gchar *const *fields,
                       GError **error)
{
  const gchar *where = *path == '\0' ? "intake" : path;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      ep_intake_fail_at (error, EP_INTAKE_ERROR_WRONG_TYPE, where, "moet een JSON-object zijn");
      return NULL;
    }
  JsonObject *object = json_node_get_object (node);
  g_autoptr (GList) members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (fields, l->data))
      {
        g_autofree gchar *at = ep_intake_member_path (path, l->data);
        ep_intake_fail_at (error, EP_INTAKE_ERROR_UNKNOWN_FIELD, at, "onbekend veld");
        return NULL;
      }
  return object;
}

/* The member @name of @object, or NULL when it is absent or null; fails
 * when it is absent and @required. */
gboolean
ep_intake_member (JsonObject *object, const gchar *path, const gchar *name, gboolean required,
                  JsonNode **out, GError **error)
{
  JsonNode *node = json_object_get_member (object, name);
  *out = node != NULL && !JSON_NODE_HOLDS_NULL (node) ? node : NULL;
  if (*out == NULL && required)
    {
      g_autofree gchar *at = ep_intake_member_path (path, name);
      return ep_intake_fail_at (error, EP_INTAKE_ERROR_MISSING_FIELD, at, "verplicht");
    }
  return TRUE;
}

static gboolean
is_blank (const gchar *text)
{
  for (const gchar *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

gboolean
ep_intake_read_text (JsonObject *object, const gchar *path, const gchar *name, gboolean required,
                     gchar **out, GError **error)
{
  JsonNode *node;
  if (!ep_intake_member (object, path, name, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  g_autofree gchar *at = ep_intake_member_path (path, name);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_WRONG_TYPE, at, "moet tekst zijn");
  const gchar *text = json_node_get_string (node);
  if (is_blank (text))
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_INVALID_VALUE, at, "mag niet leeg zijn");
  if (g_utf8_strlen (text, -1) > EP_INTAKE_MAX_TEXT)
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_TOO_LONG, at, "is langer dan %d tekens",
                              EP_INTAKE_MAX_TEXT);
  g_free (*out);
  *out = g_strdup (text);
  return TRUE;
}

gboolean
ep_intake_read_uuid (JsonObject *object, const gchar *path, const gchar *name, gboolean required,
                     gchar **out, GError **error)
{
  if (!ep_intake_read_text (object, path, name, required, out, error))
    return FALSE;
  if (*out != NULL && !ep_uuid_validate (*out, NULL))
    {
      g_autofree gchar *at = ep_intake_member_path (path, name);
      return ep_intake_fail_at (error, EP_INTAKE_ERROR_INVALID_VALUE, at,
                                "moet een UUID zijn (8-4-4-4-12 hexadecimaal)");
    }
  return TRUE;
}

gboolean
ep_intake_read_date (JsonObject *object, const gchar *path, const gchar *name, gboolean required,
                     gchar **out, GError **error)
{
  if (!ep_intake_read_text (object, path, name, required, out, error))
    return FALSE;
  GDate date;
  if (*out != NULL && !ep_date_parse (*out, &date, NULL))
    {
      g_autofree gchar *at = ep_intake_member_path (path, name);
      return ep_intake_fail_at (error, EP_INTAKE_ERROR_INVALID_VALUE, at,
                                "moet een bestaande datum zijn als JJJJ-MM-DD");
    }
  return TRUE;
}

/* An integer in [@min, @max]; *@present tells whether there was one. */
gboolean
ep_intake_read_int (JsonObject *object, const gchar *path, const gchar *name, gboolean required,
                    gint min, gint max, gint *out, gboolean *present, GError **error)
{
  JsonNode *node;
  if (!ep_intake_member (object, path, name, required, &node, error))
    return FALSE;
  *present = node != NULL;
  if (node == NULL)
    return TRUE;
  g_autofree gchar *at = ep_intake_member_path (path, name);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_WRONG_TYPE, at, "moet een geheel getal zijn");
  gint64 value = json_node_get_int (node);
  if (value < min || value > max)
    return ep_intake_fail_at (error, EP_INTAKE_ERROR_INVALID_VALUE, at, "moet %d–%d zijn", min,
                              max);
  *out = (gint) value;
  return TRUE;
}

gboolean
ep_intake_read_bool (JsonObject *object, const gchar *path, const gchar *name, gboolean *out,
                     GError **error)
{
  JsonNode *node;
  if (!ep_intake_member (object, path, name, FALSE, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_autofree gchar *at = ep_intake_member_path (path, name);
      return ep_intake_fail_at (error, EP_INTAKE_ERROR_WRONG_TYPE, at, "moet true of false zijn");
    }
  *out = json_node_get_boolean (node);
  return TRUE;
}

/* "onbekende code; kies uit a, b, c": the codes the case worker can use. */
gboolean
ep_intake_fail_unknown_code (GError **error, const gchar *at, const EpVocabulary *vocab)
{
  g_autoptr (GString) codes = g_string_new (NULL);
  for (gsize i = 0; i < vocab->n_entries; i++)
    g_string_append_printf (codes, "%s%s", i > 0 ? ", " : "", vocab->entries[i].code);
  return ep_intake_fail_at (error, EP_INTAKE_ERROR_UNKNOWN_CODE, at, "onbekende code; kies uit %s",
                            codes->str);
}

/* A code of @vocab, as its enum value. */
gboolean
ep_intake_read_code (JsonObject *object, const gchar *path, const gchar *name,
                     const EpVocabulary *vocab, gint *out, GError **error)
{
  g_autofree gchar *code = NULL;
  if (!ep_intake_read_text (object, path, name, TRUE, &code, error))
    return FALSE;
  if (!ep_vocab_parse (vocab, code, out, NULL))
    {
      g_autofree gchar *at = ep_intake_member_path (path, name);
      return ep_intake_fail_unknown_code (error, at, vocab);
    }
  return TRUE;
}

gboolean
ep_intake_read_array (JsonObject *object, const gchar *path, const gchar *name, gboolean required,
                      guint max_length, JsonArray **out, GError **error)
{
  JsonNode *node;
  *out = NULL;
  if (!ep_intake_member (object, path, name, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_autofree gchar *at = ep_intake_member_path (path, name);
      return ep_intake_fail_at (error, EP_INTAKE_ERROR_WRONG_TYPE, at, "moet een lijst zijn");
    }
  if (json_array_get_length (json_node_get_array (node)) > max_length)
    {
      g_autofree gchar *at = ep_intake_member_path (path, name);
      return ep_intake_fail_at (error, EP_INTAKE_ERROR_TOO_MANY, at, "meer dan %u items",
                                max_length);
    }
  *out = json_node_get_array (node);
  return TRUE;
}

gboolean
ep_intake_is_postcode (const gchar *text)
{
  return g_regex_match_simple ("^[1-9][0-9]{3}[A-Z]{2}$", text, 0, 0);
}
