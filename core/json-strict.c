/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * json-strict.c — the one reader of untrusted JSON, behind ep_json_decode() (ep-json.h).
 *
 * Three steps. First what jansson cannot see: the size, and a NUL byte inside the document (a
 * length-checked read would otherwise stop there or take it as whitespace). Then jansson 2.14
 * reads the grammar strictly (RFC 8259), refusing duplicate members, \u0000 and lone surrogates,
 * with its own nesting bound of 2,048 levels that keeps its recursion off the end of the stack.
 * Last, jansson's tree is walked, checking our own nesting limit and the text rules on every
 * string and member name with the path at hand, and only then handed to ep-json.c's sink
 * (json-strict.h), which builds the json-glib tree.
 *
 * jansson reports where it stopped as a byte offset, not as a path; path_at() finds the path of
 * that offset by walking the part before it, which jansson has just read as valid.
 */
#include "json-strict.h"

#include <dlfcn.h>
#include <jansson.h>
#include <string.h>

/* ---- jansson's object iteration ---------------------------------------------------------- */

/*
 * jansson and json-glib both export json_object_iter_next (each under its own symbol version), and
 * the linker binds this file's call to whichever library it meets first: json-glib's, which
 * crashes on a jansson object. So the one jansson function whose name clashes is looked up by
 * its version, once.
 */
typedef void *(*IterNextFunc) (json_t *object, void *iter);

static IterNextFunc
jansson_iter_next (void)
{
  static gsize resolved = 0;
  static IterNextFunc func = NULL;
  if (g_once_init_enter (&resolved))
    {
      func = (IterNextFunc) dlvsym (RTLD_DEFAULT, "json_object_iter_next", "libjansson.so.4");
      g_once_init_leave (&resolved, 1);
    }
  return func;
}

/* for (each member of @object) with @name and @member set, in the document's order. */
#define FOREACH_MEMBER(object, name, member, next)                                                 \
  for (void *it_ = json_object_iter (object);                                                      \
       it_ != NULL && ((name) = json_object_iter_key (it_)) != NULL                                \
       && ((member) = json_object_iter_value (it_)) != NULL;                                       \
       it_ = (next) (object, it_))

/* ---- errors with their facts as data ------------------------------------------------------ */

typedef struct
{
  gchar *path;
  guint line;
  guint column;
  gsize limit;
} EpJsonErrorPrivate;

static void
ep_json_error_private_init (EpJsonErrorPrivate *priv)
{
  priv->path = NULL;
}

static void
ep_json_error_private_copy (const EpJsonErrorPrivate *src, EpJsonErrorPrivate *dest)
{
  dest->path = g_strdup (src->path);
  dest->line = src->line;
  dest->column = src->column;
  dest->limit = src->limit;
}

static void
ep_json_error_private_clear (EpJsonErrorPrivate *priv)
{
  g_clear_pointer (&priv->path, g_free);
}

/* clang-format off */
G_DEFINE_EXTENDED_ERROR (EpJsonError, ep_json_error)
/* clang-format on */

/* The facts of @error, or NULL when it is not an EP_JSON_ERROR. */
static EpJsonErrorPrivate *
facts (const GError *error)
{
  return error != NULL && error->domain == EP_JSON_ERROR ? ep_json_error_get_private (error) : NULL;
}

const gchar *
ep_json_error_path (const GError *error)
{
  EpJsonErrorPrivate *priv = facts (error);
  return priv == NULL ? NULL : priv->path != NULL ? priv->path : "";
}

guint
ep_json_error_line (const GError *error)
{
  EpJsonErrorPrivate *priv = facts (error);
  return priv == NULL ? 0 : priv->line;
}

guint
ep_json_error_column (const GError *error)
{
  EpJsonErrorPrivate *priv = facts (error);
  return priv == NULL ? 0 : priv->column;
}

gsize
ep_json_error_limit (const GError *error)
{
  EpJsonErrorPrivate *priv = facts (error);
  return priv == NULL ? 0 : priv->limit;
}

/* Sets @error to @code with @message and the facts; returns FALSE, for "return refuse (…)". */
static gboolean
refuse (GError **error, EpJsonError code, const gchar *path, guint line, guint column, gsize limit,
        const gchar *message)
{
  if (error == NULL)
    return FALSE;
  g_set_error_literal (error, EP_JSON_ERROR, code, message);
  EpJsonErrorPrivate *priv = ep_json_error_get_private (*error);
  priv->path = g_strdup (path);
  priv->line = line;
  priv->column = column;
  priv->limit = limit;
  return FALSE;
}

/* "PATH: rule", or only the rule for the document as a whole. */
static gboolean
refuse_at (GError **error, EpJsonError code, const gchar *path, gsize limit, const gchar *rule)
{
  g_autofree gchar *message = *path == '\0' ? g_strdup_printf ("het document: %s", rule)
                                            : g_strdup_printf ("%s: %s", path, rule);
  return refuse (error, code, path, 0, 0, limit, message);
}

/* ---- the path of a byte offset ------------------------------------------------------------ */

typedef struct
{
  gboolean object;
  guint index;       /* in an array: the element being read */
  const gchar *name; /* in an object: the last member's name, as written (escapes kept) */
  gsize name_len;
} Frame;

/* Member names longer than this are cut in a path, so an error stays readable. */
#define PATH_NAME_SHOWN EP_JSON_MAX_NAME

static void
append_name (GString *path, const gchar *name, gsize len)
{
  if (path->len > 0)
    g_string_append_c (path, '.');
  if (g_utf8_strlen (name, (gssize) len) <= PATH_NAME_SHOWN)
    {
      g_string_append_len (path, name, (gssize) len);
      return;
    }
  const gchar *cut = g_utf8_offset_to_pointer (name, PATH_NAME_SHOWN);
  g_string_append_len (path, name, cut - name);
  g_string_append (path, "…");
}

static gchar *
frames_path (GArray *frames)
{
  GString *path = g_string_new (NULL);
  for (guint i = 0; i < frames->len; i++)
    {
      const Frame *f = &g_array_index (frames, Frame, i);
      if (!f->object)
        g_string_append_printf (path, "[%u]", f->index);
      else if (f->name != NULL)
        append_name (path, f->name, f->name_len);
    }
  return g_string_free (path, FALSE);
}

/*
 * The path of what ends at byte @end of @text, which jansson has read as valid up to there: the
 * member whose name or value it is (with @object_only, the object whose member it is: for a bad
 * name, which is not shown), or the element. With @stop_depth > 0, the path of the first array or
 * object before @end nested deeper than @stop_depth instead, or NULL when there is none.
 */
static gchar *
path_at (const gchar *text, gsize end, guint stop_depth, gboolean object_only)
{
  g_autoptr (GArray) frames = g_array_new (FALSE, TRUE, sizeof (Frame));
  gboolean expect_name = FALSE;

  for (gsize i = 0; i < end; i++)
    {
      Frame *top = frames->len > 0 ? &g_array_index (frames, Frame, frames->len - 1) : NULL;
      switch (text[i])
        {
          case '{':
          case '[':
            if (stop_depth > 0 && frames->len == stop_depth)
              return frames_path (frames);
            g_array_append_val (frames, ((Frame){ .object = text[i] == '{' }));
            expect_name = text[i] == '{';
            break;
          case '}':
          case ']':
            if (frames->len > 0)
              g_array_set_size (frames, frames->len - 1);
            break;
          case ',':
            if (top != NULL && top->object)
              expect_name = TRUE;
            else if (top != NULL)
              top->index++;
            break;
          case ':':
            expect_name = FALSE;
            break;
          case '"':
            {
              gsize start = ++i;
              while (i < end && text[i] != '"')
                i += text[i] == '\\' ? 2 : 1;
              if (top != NULL && top->object && expect_name)
                {
                  top->name = text + start;
                  top->name_len = MIN (i, end) - start;
                }
              break;
            }
          default:
            break;
        }
    }
  if (stop_depth > 0)
    return NULL;
  if (object_only && frames->len > 0)
    g_array_index (frames, Frame, frames->len - 1).name = NULL;
  return frames_path (frames);
}

/* ---- what jansson refuses, in Dutch ------------------------------------------------------- */

/* jansson's reason without " near '…'", which quotes the document (it could be a BSN). */
static gchar *
jansson_reason (const json_error_t *jerr)
{
  const gchar *near = strstr (jerr->text, " near ");
  return g_strndup (jerr->text, near != NULL ? (gsize) (near - jerr->text) : strlen (jerr->text));
}

/* The reason of a syntax error for people. */
static gchar *
syntax_reason (const json_error_t *jerr)
{
  static const struct
  {
    const gchar *jansson;
    const gchar *dutch;
  } reasons[] = {
    { "invalid token", "onbekend teken of woord; JSON kent alleen tekst tussen dubbele "
                       "aanhalingstekens, getallen zonder voorloopnul, true, false en null" },
    { "end of file expected", "na het document volgt nog iets" },
    { "unexpected token", "onverwacht teken" },
    { "premature end of input", "het document houdt te vroeg op" },
    { "unexpected newline", "regeleinde in tekst; schrijf het als \\n" },
    { "control character", "stuurteken in tekst; schrijf het als \\t, \\n of \\uXXXX" },
    { "invalid escape", "ongeldige escape in tekst" },
    { "unable to decode byte", "geen geldige UTF-8" },
  };
  g_autofree gchar *reason = jansson_reason (jerr);

  if (json_error_code (jerr) == json_error_invalid_utf8)
    return g_strdup ("geen geldige UTF-8");
  if (json_error_code (jerr) == json_error_premature_end_of_input)
    return g_strdup ("het document houdt te vroeg op");
  for (gsize i = 0; i < G_N_ELEMENTS (reasons); i++)
    if (g_str_has_prefix (reason, reasons[i].jansson))
      return g_strdup (reasons[i].dutch);
  if (g_str_has_suffix (reason, " expected"))
    {
      /* "'[' or '{' expected", "string or '}' expected", "':' expected" */
      reason[strlen (reason) - strlen (" expected")] = '\0';
      g_auto (GStrv) words = g_strsplit (reason, " ", -1);
      for (gchar **w = words; *w != NULL; w++)
        if (strcmp (*w, "or") == 0)
          g_free (*w), *w = g_strdup ("of");
        else if (strcmp (*w, "string") == 0)
          g_free (*w), *w = g_strdup ("veldnaam");
      g_autofree gchar *what = g_strjoinv (" ", words);
      return g_strdup_printf ("%s verwacht", what);
    }
  return g_strdup ("ongeldige opbouw");
}

static gboolean
refuse_jansson (GError **error, const gchar *text, const json_error_t *jerr, guint max_depth)
{
  gsize end = jerr->position > 0 ? (gsize) jerr->position : 0;
  guint line = jerr->line > 0 ? (guint) jerr->line : 0;
  guint column = jerr->column > 0 ? (guint) jerr->column : 0;
  g_autofree gchar *reason = jansson_reason (jerr);
  g_autofree gchar *path = NULL;
  g_autofree gchar *message = NULL;
  EpJsonError code;

  /* Nesting deeper than our limit before the place jansson stopped (at its own limit, or at a
   * later mistake) comes first. */
  path = path_at (text, end, max_depth, FALSE);
  if (path != NULL)
    {
      message = g_strdup_printf ("%s: dieper genest dan %u niveaus", *path ? path : "het document",
                                 max_depth);
      return refuse (error, EP_JSON_ERROR_TOO_DEEP, path, 0, 0, max_depth, message);
    }

  switch (json_error_code (jerr))
    {
      case json_error_duplicate_key:
        code = EP_JSON_ERROR_DUPLICATE_MEMBER;
        message = g_strdup ("staat twee keer in hetzelfde object");
        break;
      case json_error_numeric_overflow:
        code = EP_JSON_ERROR_NUMBER_RANGE;
        message = g_strdup ("getal buiten bereik; het wordt niet afgerond maar geweigerd");
        break;
      case json_error_null_character:
        code = EP_JSON_ERROR_INVALID_TEXT;
        message = g_strdup ("tekst bevat een NUL-teken (\\u0000)");
        break;
      case json_error_null_byte_in_key:
        code = EP_JSON_ERROR_INVALID_TEXT;
        message = g_strdup ("een veldnaam bevat een NUL-teken (\\u0000)");
        break;
      default:
        if (g_str_has_prefix (reason, "invalid Unicode"))
          {
            code = EP_JSON_ERROR_INVALID_TEXT;
            message = g_strdup ("tekst bevat een losse surrogaat (\\uD800–\\uDFFF zonder paar); "
                                "dat is geen Unicode-teken");
            break;
          }
        {
          g_autofree gchar *dutch = syntax_reason (jerr);
          message
            = g_strdup_printf ("regel %u, kolom %u: geen geldige JSON: %s", line, column, dutch);
          return refuse (error, EP_JSON_ERROR_SYNTAX, "", line, column, 0, message);
        }
    }
  path = path_at (text, end, 0, json_error_code (jerr) == json_error_null_byte_in_key);
  g_autofree gchar *full = g_strdup_printf ("%s: %s", *path ? path : "het document", message);
  return refuse (error, code, path, line, column, 0, full);
}

/* ---- copying into json-glib, with the checks jansson does not make ------------------------ */

/* TRUE when @text (valid UTF-8 of @len bytes, no NUL) is text a person and PostgreSQL keep as
 * given: no C0 control character but tab and newline. Else *@bad is the first one. */
static gboolean
text_is_keepable (const gchar *text, gsize len, guchar *bad)
{
  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) text[i];
      if (c < 0x20 && c != '\t' && c != '\n')
        {
          *bad = c;
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
refuse_control (GError **error, const gchar *path, const gchar *what, guchar c)
{
  g_autofree gchar *rule = g_strdup_printf (
    "%s bevat stuurteken U+%04X; alleen tab en regeleinde zijn toegestaan", what, c);
  return refuse_at (error, EP_JSON_ERROR_INVALID_TEXT, path, 0, rule);
}

static gboolean check_value (json_t *value, GString *path, guint depth, guint max_depth,
                             GError **error);

static gboolean
check_object (json_t *value, GString *path, guint depth, guint max_depth, GError **error)
{
  IterNextFunc next = jansson_iter_next ();
  const char *name;
  json_t *member;

  FOREACH_MEMBER (value, name, member, next)
  {
    gsize name_len = strlen (name);
    guchar bad;
    if (g_utf8_strlen (name, (gssize) name_len) > EP_JSON_MAX_NAME)
      {
        g_autofree gchar *rule
          = g_strdup_printf ("een veldnaam is langer dan %d tekens", EP_JSON_MAX_NAME);
        return refuse_at (error, EP_JSON_ERROR_NAME_TOO_LONG, path->str, EP_JSON_MAX_NAME, rule);
      }
    if (!text_is_keepable (name, name_len, &bad))
      return refuse_control (error, path->str, "een veldnaam", bad);

    gsize mark = path->len;
    append_name (path, name, name_len);
    if (!check_value (member, path, depth, max_depth, error))
      return FALSE;
    g_string_truncate (path, mark);
  }
  return TRUE;
}

static gboolean
check_value (json_t *value, GString *path, guint depth, guint max_depth, GError **error)
{
  guchar bad;

  switch (json_typeof (value))
    {
      case JSON_OBJECT:
      case JSON_ARRAY:
        if (depth + 1 > max_depth)
          {
            g_autofree gchar *rule = g_strdup_printf ("dieper genest dan %u niveaus", max_depth);
            return refuse_at (error, EP_JSON_ERROR_TOO_DEEP, path->str, max_depth, rule);
          }
        if (json_is_object (value))
          return check_object (value, path, depth + 1, max_depth, error);
        for (gsize i = 0; i < json_array_size (value); i++)
          {
            gsize mark = path->len;
            g_string_append_printf (path, "[%" G_GSIZE_FORMAT "]", i);
            if (!check_value (json_array_get (value, i), path, depth + 1, max_depth, error))
              return FALSE;
            g_string_truncate (path, mark);
          }
        return TRUE;
      case JSON_STRING:
        if (!text_is_keepable (json_string_value (value), json_string_length (value), &bad))
          return refuse_control (error, path->str, "tekst", bad);
        return TRUE;
      default:
        return TRUE;
    }
}

/* Tells @sink about @value, which check_value() has passed. */
static void
emit (json_t *value, const EpJsonSink *sink, gpointer data)
{
  const char *name;
  json_t *member;

  switch (json_typeof (value))
    {
      case JSON_OBJECT:
        sink->begin_object (data);
        FOREACH_MEMBER (value, name, member, jansson_iter_next ())
        {
          sink->name (data, name);
          emit (member, sink, data);
        }
        sink->end (data);
        break;
      case JSON_ARRAY:
        sink->begin_array (data);
        for (gsize i = 0; i < json_array_size (value); i++)
          emit (json_array_get (value, i), sink, data);
        sink->end (data);
        break;
      case JSON_STRING:
        sink->string (data, json_string_value (value));
        break;
      case JSON_INTEGER:
        sink->integer (data, json_integer_value (value));
        break;
      case JSON_REAL:
        sink->real (data, json_real_value (value));
        break;
      case JSON_TRUE:
      case JSON_FALSE:
        sink->boolean (data, json_is_true (value));
        break;
      case JSON_NULL:
      default:
        sink->null (data);
        break;
    }
}

/* ---- the decoder -------------------------------------------------------------------------- */

/* Line and column (from 1, in characters) of byte @offset. */
static void
locate (const gchar *text, gsize offset, guint *line, guint *column)
{
  *line = 1;
  *column = 1;
  for (gsize i = 0; i < offset; i++)
    if (text[i] == '\n')
      *line += 1, *column = 1;
    else if (((guchar) text[i] & 0xC0) != 0x80)
      *column += 1;
}

static gboolean
is_blank (const gchar *text, gsize len)
{
  for (gsize i = 0; i < len; i++)
    if (!strchr (" \t\r\n", text[i]))
      return FALSE;
  return TRUE;
}

gboolean
ep_json_strict_read (const gchar *text, gsize len, const EpJsonLimits *limits,
                     const EpJsonSink *sink, gpointer data, GError **error)
{
  gsize max_bytes
    = limits != NULL && limits->max_bytes > 0 ? limits->max_bytes : EP_JSON_DEFAULT_MAX_BYTES;
  guint max_depth = limits != NULL && limits->max_depth > 0 ? MIN (limits->max_depth, 1000)
                                                            : EP_JSON_DEFAULT_MAX_DEPTH;
  json_error_t jerr;

  g_return_val_if_fail (text != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (len > max_bytes)
    {
      g_autofree gchar *rule
        = g_strdup_printf ("is groter dan %" G_GSIZE_FORMAT " bytes", max_bytes);
      return refuse_at (error, EP_JSON_ERROR_TOO_LARGE, "", max_bytes, rule);
    }
  const gchar *nul = len > 0 ? memchr (text, '\0', len) : NULL;
  if (nul != NULL)
    {
      guint line, column;
      locate (text, (gsize) (nul - text), &line, &column);
      g_autofree gchar *message = g_strdup_printf (
        "regel %u, kolom %u: geen geldige JSON: een NUL-byte in het document", line, column);
      return refuse (error, EP_JSON_ERROR_SYNTAX, "", line, column, 0, message);
    }
  if (is_blank (text, len))
    return refuse (error, EP_JSON_ERROR_SYNTAX, "", 0, 0, 0,
                   "geen geldige JSON: het document is leeg");

  if (jansson_iter_next () == NULL)
    return refuse (error, EP_JSON_ERROR_SYNTAX, "", 0, 0, 0,
                   "de JSON-lezer is niet beschikbaar (jansson 2.14, libjansson.so.4, ontbreekt)");
  json_t *root = json_loadb (text, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &jerr);
  if (root == NULL)
    return refuse_jansson (error, text, &jerr, max_depth);

  g_autoptr (GString) path = g_string_new (NULL);
  gboolean ok = check_value (root, path, 0, max_depth, error);
  if (ok)
    emit (root, sink, data);
  json_decref (root);
  return ok;
}
