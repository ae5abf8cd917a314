/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-json.c — ep_json_decode() builds the json-glib tree of what json-strict.c has read and
 * passed; ep_json_to_string() writes a tree as JSON text (see ep-json.h).
 */
#include "ep-json.h"

#include "json-strict.h"

#include <math.h>
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

/*
 * Our own writer, not json-glib's JsonGenerator: that one appends ".0" to every double written
 * without a decimal point, so 1e22 came out as "1e+22.0", which is not JSON (our own decoder
 * refused what we wrote; the fuzzer found it). The layout is JsonGenerator's otherwise — members
 * as "name" : value when pretty, two spaces a level — but an empty object or array is "{}" or
 * "[]" at every level.
 */

static void write_node (GString *out, JsonNode *node, gboolean pretty, guint level);

static void
write_string (GString *out, const gchar *text)
{
  g_string_append_c (out, '"');
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    switch (*p)
      {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (*p < 0x20 || *p == 0x7f)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, (gchar) *p);
      }
  g_string_append_c (out, '"');
}

/* A double as JsonGenerator writes it (17 significant digits, ".0" when it would read back as an
 * integer), but never ".0" after an exponent; not a number is null, as JSON has no such value. */
static void
write_double (GString *out, gdouble value)
{
  gchar buf[G_ASCII_DTOSTR_BUF_SIZE];
  if (!isfinite (value))
    {
      g_string_append (out, "null");
      return;
    }
  g_ascii_dtostr (buf, sizeof buf, value);
  g_string_append (out, buf);
  if (strpbrk (buf, ".eE") == NULL)
    g_string_append (out, ".0");
}

static void
write_indent (GString *out, gboolean pretty, guint level)
{
  if (!pretty)
    return;
  g_string_append_c (out, '\n');
  for (guint i = 0; i < level; i++)
    g_string_append (out, "  ");
}

static void
write_value (GString *out, JsonNode *node)
{
  switch (json_node_get_value_type (node))
    {
      case G_TYPE_INT64:
        g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
        break;
      case G_TYPE_DOUBLE:
        write_double (out, json_node_get_double (node));
        break;
      case G_TYPE_BOOLEAN:
        g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
        break;
      case G_TYPE_STRING:
        write_string (out, json_node_get_string (node));
        break;
      default:
        g_string_append (out, "null");
        break;
    }
}

static void
write_node (GString *out, JsonNode *node, gboolean pretty, guint level)
{
  switch (JSON_NODE_TYPE (node))
    {
      case JSON_NODE_OBJECT:
        {
          JsonObjectIter iter;
          const gchar *name;
          JsonNode *member;
          gboolean first = TRUE;
          g_string_append_c (out, '{');
          json_object_iter_init_ordered (&iter, json_node_get_object (node));
          while (json_object_iter_next_ordered (&iter, &name, &member))
            {
              if (!first)
                g_string_append_c (out, ',');
              first = FALSE;
              write_indent (out, pretty, level + 1);
              write_string (out, name);
              g_string_append (out, pretty ? " : " : ":");
              write_node (out, member, pretty, level + 1);
            }
          if (!first)
            write_indent (out, pretty, level);
          g_string_append_c (out, '}');
          break;
        }
      case JSON_NODE_ARRAY:
        {
          JsonArray *array = json_node_get_array (node);
          guint n = json_array_get_length (array);
          g_string_append_c (out, '[');
          for (guint i = 0; i < n; i++)
            {
              if (i > 0)
                g_string_append_c (out, ',');
              write_indent (out, pretty, level + 1);
              write_node (out, json_array_get_element (array, i), pretty, level + 1);
            }
          if (n > 0)
            write_indent (out, pretty, level);
          g_string_append_c (out, ']');
          break;
        }
      case JSON_NODE_VALUE:
        write_value (out, node);
        break;
      case JSON_NODE_NULL:
      default:
        g_string_append (out, "null");
        break;
    }
}

gchar *
ep_json_to_string (JsonNode *node, gboolean pretty)
{
  g_return_val_if_fail (node != NULL, NULL);
  GString *out = g_string_new (NULL);
  write_node (out, node, pretty, 0);
  return g_string_free (out, FALSE);
}
