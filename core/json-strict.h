/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * json-strict.h — private to core/: the strict reading of a document (json-strict.c, jansson),
 * handed to ep-json.c as a stream of values, so that jansson's header and json-glib's (which
 * clash) never meet in one file.
 */
#pragma once

#include "ep-json-error.h"

G_BEGIN_DECLS

/* What json-strict.c tells its reader, in document order: an object is begin_object, then name
 * and one value per member, then end; an array is begin_array, its values, end. */
typedef struct
{
  void (*begin_object) (gpointer data);
  void (*begin_array) (gpointer data);
  void (*end) (gpointer data);
  void (*name) (gpointer data, const gchar *name);
  void (*string) (gpointer data, const gchar *text);
  void (*integer) (gpointer data, gint64 value);
  void (*real) (gpointer data, gdouble value);
  void (*boolean) (gpointer data, gboolean value);
  void (*null) (gpointer data);
} EpJsonSink;

/*
 * Reads @text (@len bytes) as ep_json_decode() documents it, and tells @sink the values, but
 * only once the whole document has passed every check: a refused document reaches @sink not at
 * all. Returns TRUE; FALSE with an EP_JSON_ERROR.
 */
gboolean ep_json_strict_read (const gchar *text, gsize len, const EpJsonLimits *limits,
                              const EpJsonSink *sink, gpointer data, GError **error);

G_END_DECLS
