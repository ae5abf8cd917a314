/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * plan-body.c: a write's JSON body checked in C before any transaction (plan-private.h): a table
 * of the members a body may have, each of a kind (text, reason, date, UUID, username, code of a
 * vocabulary, version, list of UUIDs, problems, omvang), every refusal naming its exact path
 * (`omvang.eenheid`, `hulpvragen[1]`, `problemen[0].prioriteit`) in Dutch; and the rules of an
 * action that concern several members. No database here: tests/unit can call it.
 */
#include "plan-private.h"

#include "ep-time.h"
#include "ep-uuid.h"

#include <math.h>
#include <string.h>

static gchar *
member_path (const gchar *prefix, const gchar *name)
{
  return prefix == NULL ? g_strdup (name) : g_strdup_printf ("%s.%s", prefix, name);
}

static const gchar *
json_type_name (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
      case JSON_NODE_OBJECT:
        return "een object";
      case JSON_NODE_ARRAY:
        return "een lijst";
      case JSON_NODE_NULL:
        return "null";
      default:
        break;
    }
  GType type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    return "tekst";
  if (type == G_TYPE_BOOLEAN)
    return "waar/onwaar";
  return "een getal";
}

static gboolean
is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
check_string (JsonNode *node, const gchar *path, const gchar **out, GError **error)
{
  if (!is_string (node))
    return ep_plan_fail_at (error, EP_PLAN_ERROR_WRONG_TYPE, path, "moet tekst zijn, niet %s",
                            json_type_name (node));
  *out = json_node_get_string (node);
  return TRUE;
}

/* A text of @min–EP_PLAN_MAX_TEXT characters once trimmed. */
static gboolean
check_text (JsonNode *node, const gchar *path, glong min, GError **error)
{
  const gchar *text = NULL;
  if (!check_string (node, path, &text, error))
    return FALSE;
  g_autofree gchar *trimmed = g_strstrip (g_strdup (text));
  glong length = g_utf8_strlen (trimmed, -1);
  if (length == 0)
    return ep_plan_fail_at (error, EP_PLAN_ERROR_INVALID_VALUE, path, "mag niet leeg zijn");
  if (length < min)
    return ep_plan_fail_at (error, EP_PLAN_ERROR_INVALID_VALUE, path,
                            "moet ten minste %ld tekens zijn: zeg waarom", min);
  if (g_utf8_strlen (text, -1) > EP_PLAN_MAX_TEXT)
    return ep_plan_fail_at (error, EP_PLAN_ERROR_INVALID_VALUE, path, "is langer dan %d tekens",
                            EP_PLAN_MAX_TEXT);
  return TRUE;
}

static gboolean
check_uuid (JsonNode *node, const gchar *path, GError **error)
{
  const gchar *text = NULL;
  if (!check_string (node, path, &text, error))
    return FALSE;
  if (!ep_uuid_validate (text, NULL))
    return ep_plan_fail_at (error, EP_PLAN_ERROR_INVALID_VALUE, path, "geen geldige id (UUID)");
  return TRUE;
}

static gboolean
check_code (JsonNode *node, const gchar *path, const EpVocabulary *vocab, GError **error)
{
  const gchar *code = NULL;
  if (!check_string (node, path, &code, error))
    return FALSE;
  gint value = 0;
  if (!ep_vocab_parse (vocab, code, &value, NULL))
    return ep_plan_fail_at (error, EP_PLAN_ERROR_UNKNOWN_CODE, path, "onbekende code '%s' (%s)",
                            code, vocab->label);
  return TRUE;
}

/* A JSON number that is a whole number: an integer, or a float without a fraction. */
static gboolean
check_whole (JsonNode *node, const gchar *path, gint64 min, gint64 max, const gchar *what,
             gint64 *out, GError **error)
{
  GType type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  gint64 value = 0;
  if (type == G_TYPE_INT64)
    value = json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    {
      gdouble d = json_node_get_double (node);
      if (d != floor (d) || d < (gdouble) min || d > (gdouble) max)
        return ep_plan_fail_at (error, EP_PLAN_ERROR_INVALID_VALUE, path,
                                "moet een geheel getal zijn (%s)", what);
      value = (gint64) d;
    }
  else
    return ep_plan_fail_at (error, EP_PLAN_ERROR_WRONG_TYPE, path, "moet een getal zijn, niet %s",
                            json_type_name (node));
  if (value < min || value > max)
    return ep_plan_fail_at (error, EP_PLAN_ERROR_INVALID_VALUE, path,
                            "moet tussen %" G_GINT64_FORMAT " en %" G_GINT64_FORMAT " liggen", min,
                            max);
  if (out != NULL)
    *out = value;
  return TRUE;
}

static gboolean
check_object_members (JsonObject *object, const gchar *prefix, const gchar *const *allowed,
                      GError **error)
{
  g_autoptr (GList) names = json_object_get_members (object);
  for (GList *l = names; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      {
        g_autofree gchar *path = member_path (prefix, l->data);
        return ep_plan_fail_at (error, EP_PLAN_ERROR_UNKNOWN_FIELD, path, "onbekend veld");
      }
  return TRUE;
}

static gboolean
check_uuids (JsonNode *node, const gchar *path, GError **error)
{
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return ep_plan_fail_at (error, EP_PLAN_ERROR_WRONG_TYPE, path, "moet een lijst zijn, niet %s",
                            json_type_name (node));
  JsonArray *array = json_node_get_array (node);
  guint n = json_array_get_length (array);
  if (n == 0)
    return ep_plan_fail_at (error, EP_PLAN_ERROR_MISSING_FIELD, path, "noem er ten minste één");
  for (guint i = 0; i < n; i++)
    {
      g_autofree gchar *item = g_strdup_printf ("%s[%u]", path, i);
      if (!check_uuid (json_array_get_element (array, i), item, error))
        return FALSE;
      for (guint j = 0; j < i; j++)
        if (strcmp (json_array_get_string_element (array, j),
                    json_array_get_string_element (array, i))
            == 0)
          return ep_plan_fail_at (error, EP_PLAN_ERROR_INVALID_VALUE, item, "staat er al (%s[%u])",
                                  path, j);
    }
  return TRUE;
}

static gboolean
check_omvang (JsonNode *node, const gchar *path, GError **error)
{
  static const gchar *const members[] = { "volume", "eenheid", "frequentie", NULL };
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return ep_plan_fail_at (error, EP_PLAN_ERROR_WRONG_TYPE, path, "moet een object zijn, niet %s",
                            json_type_name (node));
  JsonObject *omvang = json_node_get_object (node);
  if (!check_object_members (omvang, path, members, error))
    return FALSE;
  const EpVocabulary *vocabs[] = { NULL, ep_vocab_eenheid (), ep_vocab_frequentie () };
  for (guint m = 0; members[m] != NULL; m++)
    {
      g_autofree gchar *at = member_path (path, members[m]);
      JsonNode *value = json_object_get_member (omvang, members[m]);
      if (value == NULL || JSON_NODE_HOLDS_NULL (value))
        return ep_plan_fail_at (error, EP_PLAN_ERROR_MISSING_FIELD, at, "ontbreekt");
      if (m == 0
            ? !check_whole (value, at, 1, 99999999,
                            "iStandaarden kennen geen breuken: 1,7 uur per week is volume 102, "
                            "eenheid 01 (minuut), frequentie 2 (per week)",
                            NULL, error)
            : !check_code (value, at, vocabs[m], error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_username (JsonNode *node, const gchar *path, GError **error)
{
  const gchar *text = NULL;
  if (!check_string (node, path, &text, error))
    return FALSE;
  gsize length = strlen (text);
  gboolean ok = length >= 2 && length <= 64;
  for (const gchar *c = text; ok && *c != '\0'; c++)
    ok = g_ascii_islower (*c) || g_ascii_isdigit (*c) || *c == '.' || *c == '_' || *c == '-';
  if (!ok)
    return ep_plan_fail_at (error, EP_PLAN_ERROR_INVALID_VALUE, path,
                            "geen geldige gebruikersnaam");
  return TRUE;
}

static gboolean check_members (JsonObject *object, const gchar *prefix, const EpPlanField *fields,
                               guint n_fields, GError **error);

/* An array of objects, each with the members of @field->items. */
static gboolean
check_items (JsonNode *node, const gchar *path, const EpPlanField *field, GError **error)
{
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return ep_plan_fail_at (error, EP_PLAN_ERROR_WRONG_TYPE, path, "moet een lijst zijn, niet %s",
                            json_type_name (node));
  JsonArray *array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree gchar *item = g_strdup_printf ("%s[%u]", path, i);
      JsonNode *element = json_array_get_element (array, i);
      if (!JSON_NODE_HOLDS_OBJECT (element))
        return ep_plan_fail_at (error, EP_PLAN_ERROR_WRONG_TYPE, item,
                                "moet een object zijn, niet %s", json_type_name (element));
      if (!check_members (json_node_get_object (element), item, field->items, field->n_items,
                          error))
        return FALSE;
    }
  return TRUE;
}

/* [{omschrijving, prioriteit 1–99 (1 is the most important)}] */
static gboolean
check_problems (JsonNode *node, const gchar *path, GError **error)
{
  static const EpPlanField members[] = {
    { "omschrijving", EP_PLAN_FIELD_TEXT, TRUE },
    { "prioriteit", EP_PLAN_FIELD_WHOLE, TRUE, .min = 1, .max = 99 },
  };
  static const EpPlanField problems
    = { "problemen", EP_PLAN_FIELD_ITEMS, .items = members, .n_items = G_N_ELEMENTS (members) };
  return check_items (node, path, &problems, error);
}

static gboolean
check_field (JsonNode *value, const gchar *path, const EpPlanField *field, GError **error)
{
  switch (field->kind)
    {
      case EP_PLAN_FIELD_TEXT:
        return check_text (value, path, 1, error);
      case EP_PLAN_FIELD_REASON:
        return check_text (value, path, EP_PLAN_MIN_REASON, error);
      case EP_PLAN_FIELD_DATE:
        {
          const gchar *text = NULL;
          GDate date;
          if (!check_string (value, path, &text, error))
            return FALSE;
          if (!ep_date_parse (text, &date, NULL))
            return ep_plan_fail_at (error, EP_PLAN_ERROR_INVALID_VALUE, path,
                                    "geen geldige datum (JJJJ-MM-DD)");
          return TRUE;
        }
      case EP_PLAN_FIELD_UUID:
        return check_uuid (value, path, error);
      case EP_PLAN_FIELD_USERNAME:
        return check_username (value, path, error);
      case EP_PLAN_FIELD_CODE:
        return check_code (value, path, field->vocab (), error);
      case EP_PLAN_FIELD_VERSION:
        return check_whole (value, path, 1, G_MAXINT32, "een versie", NULL, error);
      case EP_PLAN_FIELD_UUIDS:
        return check_uuids (value, path, error);
      case EP_PLAN_FIELD_PROBLEMS:
        return check_problems (value, path, error);
      case EP_PLAN_FIELD_OMVANG:
        return check_omvang (value, path, error);
      case EP_PLAN_FIELD_WHOLE:
        return check_whole (value, path, field->min, field->max, field->name, NULL, error);
      case EP_PLAN_FIELD_ITEMS:
        return check_items (value, path, field, error);
    }
  g_return_val_if_reached (FALSE);
}

/* The members of @object (@prefix: the path of the object, NULL for the body): only those of
 * @fields, each of its kind. */
static gboolean
check_members (JsonObject *object, const gchar *prefix, const EpPlanField *fields, guint n_fields,
               GError **error)
{
  g_autoptr (GList) names = json_object_get_members (object);
  for (GList *l = names; l != NULL; l = l->next)
    {
      gboolean known = FALSE;
      for (guint f = 0; f < n_fields && !known; f++)
        known = strcmp (fields[f].name, l->data) == 0;
      if (!known)
        {
          g_autofree gchar *path = member_path (prefix, l->data);
          return ep_plan_fail_at (error, EP_PLAN_ERROR_UNKNOWN_FIELD, path, "onbekend veld");
        }
    }
  for (guint f = 0; f < n_fields; f++)
    {
      g_autofree gchar *path = member_path (prefix, fields[f].name);
      JsonNode *value = json_object_get_member (object, fields[f].name);
      if (value == NULL || JSON_NODE_HOLDS_NULL (value))
        {
          if (fields[f].required)
            return ep_plan_fail_at (error, EP_PLAN_ERROR_MISSING_FIELD, path, "ontbreekt");
          if (value != NULL && !fields[f].nullable)
            return ep_plan_fail_at (error, EP_PLAN_ERROR_WRONG_TYPE, path, "mag niet null zijn");
          continue;
        }
      if (!check_field (value, path, &fields[f], error))
        return FALSE;
    }
  return TRUE;
}

gboolean
ep_plan_body_check (JsonNode *body, const EpPlanField *fields, guint n_fields, GError **error)
{
  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    return ep_plan_fail_at (error, EP_PLAN_ERROR_WRONG_TYPE, "",
                            "de inhoud moet een JSON-object zijn");
  return check_members (json_node_get_object (body), NULL, fields, n_fields, error);
}

static JsonNode *
member (JsonNode *body, const gchar *name)
{
  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    return NULL;
  JsonNode *value = json_object_get_member (json_node_get_object (body), name);
  return value != NULL && !JSON_NODE_HOLDS_NULL (value) ? value : NULL;
}

const gchar *
ep_plan_body_text (JsonNode *body, const gchar *name)
{
  JsonNode *value = member (body, name);
  return value != NULL && is_string (value) ? json_node_get_string (value) : NULL;
}

gboolean
ep_plan_body_has (JsonNode *body, const gchar *name)
{
  return body != NULL && JSON_NODE_HOLDS_OBJECT (body)
         && json_object_has_member (json_node_get_object (body), name);
}

gchar *
ep_plan_body_json (JsonNode *body, const gchar *name)
{
  JsonNode *value = member (body, name);
  return value != NULL ? json_to_string (value, FALSE) : NULL;
}

gint64
ep_plan_body_int (JsonNode *body, const gchar *name, gint64 fallback)
{
  JsonNode *value = member (body, name);
  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value))
    return fallback;
  if (json_node_get_value_type (value) == G_TYPE_DOUBLE)
    return (gint64) json_node_get_double (value);
  return json_node_get_int (value);
}

gchar *
ep_plan_body_omvang (JsonNode *body, const gchar *name)
{
  JsonNode *omvang = member (body, "omvang");
  if (omvang == NULL)
    return NULL;
  if (strcmp (name, "volume") == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, ep_plan_body_int (omvang, name, 0));
  return g_strdup (ep_plan_body_text (omvang, name));
}

gboolean
ep_plan_body_check_action (JsonNode *body, GError **error)
{
  static const gchar *const maatwerk_only[]
    = { "wet", "productcategorie", "aanbieder", "omvang", "begindatum", NULL };
  const gchar *soort = ep_plan_body_text (body, "soort");
  gboolean maatwerk = g_strcmp0 (soort, "maatwerkvoorziening") == 0;
  if (!maatwerk)
    {
      for (guint i = 0; maatwerk_only[i] != NULL; i++)
        if (member (body, maatwerk_only[i]) != NULL)
          return ep_plan_fail_at (error, EP_PLAN_ERROR_RULE, maatwerk_only[i],
                                  "hoort alleen bij een maatwerkvoorziening");
      if (member (body, "reden_einde") != NULL && member (body, "einddatum") == NULL)
        return ep_plan_fail_at (error, EP_PLAN_ERROR_RULE, "reden_einde",
                                "een reden van beëindiging hoort bij een einddatum");
      return TRUE;
    }
  static const gchar *const required[] = { "wet", "aanbieder", "begindatum", NULL };
  for (guint i = 0; required[i] != NULL; i++)
    if (member (body, required[i]) == NULL)
      return ep_plan_fail_at (error, EP_PLAN_ERROR_MISSING_FIELD, required[i],
                              "een maatwerkvoorziening noemt wet, aanbieder en begindatum");
  const gchar *wet = ep_plan_body_text (body, "wet");
  if (strcmp (wet, "GEEN") == 0)
    return ep_plan_fail_at (error, EP_PLAN_ERROR_RULE, "wet",
                            "een maatwerkvoorziening valt onder een wet (GEEN is voorliggend)");
  const gchar *categorie = ep_plan_body_text (body, "productcategorie");
  const EpVocabulary *own = strcmp (wet, "WMO") == 0  ? ep_vocab_productcategorie_wmo ()
                            : strcmp (wet, "JW") == 0 ? ep_vocab_productcategorie_jw ()
                                                      : NULL;
  if (own == NULL && categorie != NULL)
    return ep_plan_fail_at (error, EP_PLAN_ERROR_RULE, "productcategorie",
                            "alleen Wmo- en Jeugdwet-maatwerk heeft een productcategorie");
  if (own != NULL)
    {
      gint value = 0;
      if (categorie == NULL)
        return ep_plan_fail_at (error, EP_PLAN_ERROR_MISSING_FIELD, "productcategorie",
                                "%s-maatwerk noemt de productcategorie", wet);
      if (!ep_vocab_parse (own, categorie, &value, NULL))
        return ep_plan_fail_at (error, EP_PLAN_ERROR_UNKNOWN_CODE, "productcategorie",
                                "onbekende code '%s' (%s)", categorie, own->label);
      if (member (body, "omvang") == NULL)
        return ep_plan_fail_at (error, EP_PLAN_ERROR_MISSING_FIELD, "omvang",
                                "%s-maatwerk noemt de omvang (volume, eenheid, frequentie)", wet);
    }
  const gchar *begin = ep_plan_body_text (body, "begindatum");
  const gchar *end = ep_plan_body_text (body, "einddatum");
  if (end != NULL && strcmp (end, begin) < 0)
    return ep_plan_fail_at (error, EP_PLAN_ERROR_INVALID_VALUE, "einddatum",
                            "ligt vóór de begindatum");
  if (member (body, "reden_einde") != NULL && end == NULL)
    return ep_plan_fail_at (error, EP_PLAN_ERROR_RULE, "reden_einde",
                            "een reden van beëindiging hoort bij een einddatum");
  return TRUE;
}
