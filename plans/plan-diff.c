/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * plan-diff.c: the difference between two versions of a plan, field by field (ep_plan_diff(),
 * docs/plan.md "pad"). A pure function over two documents: no database, tested in
 * tests/unit/test-plan-diff.c. Lists of things with an id (members, needs, goals, actions) are
 * matched by id, so that a goal added between two others is one change, not a cascade; problems,
 * which have none, by their place.
 */
#include "ep-plan.h"

#include <string.h>

/* What is not compared: the version and its agreement, timestamps, and what follows from other
 * fields (a need's goals and law history, a goal's laws, the open needs, the regie history, the
 * level history and the requests: a level change shows as niveau and niveau_aanvraag). */
static const gchar *const top_skipped[]
  = { "version",   "akkoord",         "created_at",       "created_by",
      "regie",     "open_hulpvragen", "regisseur",        "aanspreekpunt",
      "problemen", "leden",           "hulpvragen",       "doelen",
      "afspraken", "niveau_historie", "niveau_aanvragen", NULL };
static const gchar *const item_skipped[] = { "id", "wet_historie", "doelen", "wetten", NULL };

static void
add_change (JsonArray *changes, const gchar *pad, const gchar *soort, JsonNode *van, JsonNode *naar)
{
  JsonObject *change = json_object_new ();
  json_object_set_string_member (change, "pad", pad);
  json_object_set_string_member (change, "soort", soort);
  json_object_set_member (change, "van",
                          van != NULL ? json_node_copy (van) : json_node_new (JSON_NODE_NULL));
  json_object_set_member (change, "naar",
                          naar != NULL ? json_node_copy (naar) : json_node_new (JSON_NODE_NULL));
  json_array_add_object_element (changes, change);
}

static JsonNode *
get (JsonObject *object, const gchar *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;
  return node != NULL && !JSON_NODE_HOLDS_NULL (node) ? node : NULL;
}

static gboolean
same (JsonNode *a, JsonNode *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return json_node_equal (a, b);
}

static gchar *
path_of (const gchar *prefix, const gchar *name)
{
  return *prefix == '\0' ? g_strdup (name) : g_strdup_printf ("%s.%s", prefix, name);
}

/* Every member of @a or @b but @skipped, @a's order first. */
static GPtrArray *
member_names (JsonObject *a, JsonObject *b, const gchar *const *skipped)
{
  GPtrArray *names = g_ptr_array_new ();
  JsonObject *sides[] = { a, b };
  for (guint s = 0; s < 2; s++)
    {
      if (sides[s] == NULL)
        continue;
      g_autoptr (GList) members = json_object_get_members (sides[s]);
      for (GList *l = members; l != NULL; l = l->next)
        if (!g_strv_contains (skipped, l->data)
            && !g_ptr_array_find_with_equal_func (names, l->data, g_str_equal, NULL))
          g_ptr_array_add (names, l->data);
    }
  return names;
}

static void
compare_objects (JsonArray *changes, const gchar *prefix, JsonObject *a, JsonObject *b,
                 const gchar *const *skipped)
{
  g_autoptr (GPtrArray) names = member_names (a, b, skipped);
  for (guint i = 0; i < names->len; i++)
    {
      const gchar *name = g_ptr_array_index (names, i);
      JsonNode *va = get (a, name);
      JsonNode *vb = get (b, name);
      g_autofree gchar *pad = path_of (prefix, name);
      if (va != NULL && vb != NULL && JSON_NODE_HOLDS_OBJECT (va) && JSON_NODE_HOLDS_OBJECT (vb))
        compare_objects (changes, pad, json_node_get_object (va), json_node_get_object (vb),
                         item_skipped);
      else if (!same (va, vb))
        add_change (changes, pad, "gewijzigd", va, vb);
    }
}

static JsonArray *
list_of (JsonObject *doc, const gchar *name)
{
  JsonNode *node = get (doc, name);
  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static JsonObject *
find_by_id (JsonArray *list, const gchar *id)
{
  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      JsonObject *item = json_array_get_object_element (list, i);
      if (item != NULL
          && g_strcmp0 (json_object_get_string_member_with_default (item, "id", NULL), id) == 0)
        return item;
    }
  return NULL;
}

/* Items of list @name matched by id: "name[<id>].field". */
static void
compare_by_id (JsonArray *changes, const gchar *name, JsonObject *from, JsonObject *to)
{
  JsonArray *a = list_of (from, name);
  JsonArray *b = list_of (to, name);
  for (guint i = 0; b != NULL && i < json_array_get_length (b); i++)
    {
      JsonObject *item = json_array_get_object_element (b, i);
      const gchar *id = json_object_get_string_member_with_default (item, "id", "");
      g_autofree gchar *prefix = g_strdup_printf ("%s[%s]", name, id);
      JsonObject *before = find_by_id (a, id);
      if (before == NULL)
        add_change (changes, prefix, "toegevoegd", NULL, json_array_get_element (b, i));
      else
        compare_objects (changes, prefix, before, item, item_skipped);
    }
  for (guint i = 0; a != NULL && i < json_array_get_length (a); i++)
    {
      JsonObject *item = json_array_get_object_element (a, i);
      const gchar *id = json_object_get_string_member_with_default (item, "id", "");
      if (find_by_id (b, id) == NULL)
        {
          g_autofree gchar *prefix = g_strdup_printf ("%s[%s]", name, id);
          add_change (changes, prefix, "verwijderd", json_array_get_element (a, i), NULL);
        }
    }
}

/* Items of list @name matched by their place: "name[i].field". */
static void
compare_by_place (JsonArray *changes, const gchar *name, JsonObject *from, JsonObject *to)
{
  JsonArray *a = list_of (from, name);
  JsonArray *b = list_of (to, name);
  guint na = a != NULL ? json_array_get_length (a) : 0;
  guint nb = b != NULL ? json_array_get_length (b) : 0;
  for (guint i = 0; i < MAX (na, nb); i++)
    {
      g_autofree gchar *prefix = g_strdup_printf ("%s[%u]", name, i);
      if (i >= na)
        add_change (changes, prefix, "toegevoegd", NULL, json_array_get_element (b, i));
      else if (i >= nb)
        add_change (changes, prefix, "verwijderd", json_array_get_element (a, i), NULL);
      else
        compare_objects (changes, prefix, json_array_get_object_element (a, i),
                         json_array_get_object_element (b, i), item_skipped);
    }
}

/* "who.username" of the person object member @who. */
static void
compare_username (JsonArray *changes, const gchar *who, JsonObject *from, JsonObject *to)
{
  JsonNode *a = get (from, who);
  JsonNode *b = get (to, who);
  JsonNode *ua
    = a != NULL && JSON_NODE_HOLDS_OBJECT (a) ? get (json_node_get_object (a), "username") : NULL;
  JsonNode *ub
    = b != NULL && JSON_NODE_HOLDS_OBJECT (b) ? get (json_node_get_object (b), "username") : NULL;
  if (!same (ua, ub))
    {
      g_autofree gchar *pad = g_strdup_printf ("%s.username", who);
      add_change (changes, pad, "gewijzigd", ua, ub);
    }
}

JsonNode *
ep_plan_diff (JsonNode *from, JsonNode *to)
{
  JsonObject *a
    = from != NULL && JSON_NODE_HOLDS_OBJECT (from) ? json_node_get_object (from) : NULL;
  JsonObject *b = to != NULL && JSON_NODE_HOLDS_OBJECT (to) ? json_node_get_object (to) : NULL;
  JsonArray *changes = json_array_new ();
  compare_objects (changes, "", a, b, top_skipped);
  compare_username (changes, "regisseur", a, b);
  compare_username (changes, "aanspreekpunt", a, b);
  compare_by_place (changes, "problemen", a, b);
  compare_by_id (changes, "leden", a, b);
  compare_by_id (changes, "hulpvragen", a, b);
  compare_by_id (changes, "doelen", a, b);
  compare_by_id (changes, "afspraken", a, b);
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (node, changes);
  return node;
}
