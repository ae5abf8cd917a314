/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-json.c — ep_json_decode() builds the json-glib tree of what json-strict.c has read and
 * passed; ep_json_to_string() writes JSON with json-glib (see ep-json.h).
 */
#include "ep-json.h"

#include "json-strict.h"

#include <string.h>

/* ---- building the tree from json-strict.c's values ---------------------------------------- */

typedef struct
{
  GPtrArray *open; /* the arrays and objects being filled (JsonNode, borrowed from the tree) */
  gchar *name;     /* the member whose value comes next, in an object */
  JsonNode *root;
} TreeBuilder;

/* Puts @node (transfer full) where the document is: the root, the next element, or a member. */
static void
place (TreeBuilder *b, JsonNode *node)
{
  if (b->open->len == 0)
    {
      b->root = node;
      return;
    }
  JsonNode *parent = b->open->pdata[b->open->len - 1];
  if (JSON_NODE_HOLDS_ARRAY (parent))
    json_array_add_element (json_node_get_array (parent), node);
  else
    json_object_set_member (json_node_get_object (parent), b->name, node);
  g_clear_pointer (&b->name, g_free);
}

/* Places the new array or object @node and fills it next. */
static void
open_container (TreeBuilder *b, JsonNode *node)
{
  place (b, node);
  g_ptr_array_add (b->open, node);
}

static void
begin_object (gpointer data)
{
  g_autoptr (JsonObject) object = json_object_new ();
  open_container (data, json_node_init_object (json_node_alloc (), object));
}

static void
begin_array (gpointer data)
{
  g_autoptr (JsonArray) array = json_array_new ();
  open_container (data, json_node_init_array (json_node_alloc (), array));
}

static void
end (gpointer data)
{
  TreeBuilder *b = data;
  g_ptr_array_set_size (b->open, b->open->len - 1);
}

static void
name (gpointer data, const gchar *member)
{
  TreeBuilder *b = data;
  g_free (b->name);
  b->name = g_strdup (member);
}

static void
string (gpointer data, const gchar *text)
{
  place (data, json_node_init_string (json_node_alloc (), text));
}

static void
integer (gpointer data, gint64 value)
{
  place (data, json_node_init_int (json_node_alloc (), value));
}

static void
real (gpointer data, gdouble value)
{
  place (data, json_node_init_double (json_node_alloc (), value));
}

static void
boolean (gpointer data, gboolean value)
{
  place (data, json_node_init_boolean (json_node_alloc (), value));
}

static void
null (gpointer data)
{
  place (data, json_node_init_null (json_node_alloc ()));
}

JsonNode *
ep_json_decode (const gchar *text, gsize len, const EpJsonLimits *limits, GError **error)
{
  static const EpJsonSink sink
    = { begin_object, begin_array, end, name, string, integer, real, boolean, null };
  g_autoptr (GPtrArray) open = g_ptr_array_new ();
  TreeBuilder builder = { open, NULL, NULL };

  g_return_val_if_fail (text != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!ep_json_strict_read (text, len, limits, &sink, &builder, error))
    return NULL;
  g_free (builder.name);
  return builder.root;
}

JsonNode *
ep_json_parse (const gchar *text, gssize len, GError **error)
{
  g_return_val_if_fail (text != NULL, NULL);
  return ep_json_decode (text, len < 0 ? strlen (text) : (gsize) len, NULL, error);
}

/* ---- writing ------------------------------------------------------------------------------ */

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
