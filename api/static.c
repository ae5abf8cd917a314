/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * static.c: the web UI's files, read once and answered from memory (ep-static.h).
 */
#include "ep-static.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Directories below the web directory deeper than this are not read (dist has one level). */
#define MAX_DEPTH 4

struct _EpStatic
{
  GHashTable *files; /* name relative to the directory ("assets/app-3F2A1B.js") → GBytes */
  guint64 total;
};

void
ep_static_free (EpStatic *web)
{
  if (web == NULL)
    return;
  g_clear_pointer (&web->files, g_hash_table_unref);
  g_free (web);
}

guint
ep_static_count (EpStatic *web)
{
  return g_hash_table_size (web->files);
}

/* ---- reading the directory ---------------------------------------------------------------- */

/* The regular file @path, never through a symbolic link (O_NOFOLLOW: a link put there after the
 * directory was listed is refused too). Returns: (transfer full): its bytes; NULL with a
 * G_IO_ERROR. */
static GBytes *
read_regular_file (const gchar *path, GError **error)
{
  int fd = g_open (path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", path,
                   g_strerror (saved));
      return NULL;
    }
  struct stat st;
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode) || st.st_size > EP_STATIC_MAX_BYTES)
    {
      close (fd);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   "%s: not a regular file of at most %d bytes", path, EP_STATIC_MAX_BYTES);
      return NULL;
    }
  gsize size = (gsize) st.st_size, done = 0;
  gchar *data = g_malloc (size + 1);
  while (done < size)
    {
      ssize_t n = read (fd, data + done, size - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved = n < 0 ? errno : EIO;
          close (fd);
          g_free (data);
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", path,
                       g_strerror (saved));
          return NULL;
        }
      done += (gsize) n;
    }
  close (fd);
  return g_bytes_new_take (data, size);
}

/* Adds every regular file below @root/@rel (@rel NULL: @root itself) to @web. Hidden files and
 * symbolic links are left out. */
static gboolean
add_dir (EpStatic *web, const gchar *root, const gchar *rel, guint depth, GError **error)
{
  g_autofree gchar *path = rel != NULL ? g_build_filename (root, rel, NULL) : g_strdup (root);
  g_autoptr (GDir) dir = g_dir_open (path, 0, error);
  if (dir == NULL)
    return FALSE;
  const gchar *name;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (name[0] == '.')
        continue;
      g_autofree gchar *child_rel
        = rel != NULL ? g_strconcat (rel, "/", name, NULL) : g_strdup (name);
      g_autofree gchar *child = g_build_filename (root, child_rel, NULL);
      GStatBuf st;
      if (g_lstat (child, &st) != 0 || S_ISLNK (st.st_mode))
        continue;
      if (S_ISDIR (st.st_mode))
        {
          if (depth < MAX_DEPTH && !add_dir (web, root, child_rel, depth + 1, error))
            return FALSE;
          continue;
        }
      if (!S_ISREG (st.st_mode))
        continue;
      GBytes *bytes = read_regular_file (child, error);
      if (bytes == NULL)
        return FALSE;
      web->total += g_bytes_get_size (bytes);
      g_hash_table_insert (web->files, g_steal_pointer (&child_rel), bytes);
      if (web->total > EP_STATIC_MAX_BYTES)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                       "%s: the web files hold more than %d bytes", root, EP_STATIC_MAX_BYTES);
          return FALSE;
        }
    }
  return TRUE;
}

EpStatic *
ep_static_load (const gchar *dir, GError **error)
{
  g_return_val_if_fail (dir != NULL, NULL);
  g_autoptr (EpStatic) web = g_new0 (EpStatic, 1);
  web->files
    = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  if (!add_dir (web, dir, NULL, 0, error))
    return NULL;
  if (!g_hash_table_contains (web->files, "index.html"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "%s has no index.html: build the web UI first (./dev build)", dir);
      return NULL;
    }
  return g_steal_pointer (&web);
}

/* ---- answering ---------------------------------------------------------------------------- */

/* Whether @path may be looked up at all: "/" and segments of [A-Za-z0-9._~-], none of them
 * empty (but the last), "." or "..". Refuses percent-encoding ("%2e%2e", "%2f"), backslashes
 * and every other character outright: no file name of the UI needs one. */
static gboolean
path_allowed (const gchar *path)
{
  if (path == NULL || path[0] != '/')
    return FALSE;
  const gchar *segment = path + 1;
  for (;;)
    {
      gsize len = strcspn (segment, "/");
      gboolean last = segment[len] == '\0';
      if ((len == 0 && !last) || (len == 1 && segment[0] == '.')
          || (len == 2 && segment[0] == '.' && segment[1] == '.'))
        return FALSE;
      for (gsize i = 0; i < len; i++)
        if (!g_ascii_isalnum (segment[i]) && strchr ("._~-", segment[i]) == NULL)
          return FALSE;
      if (last)
        return TRUE;
      segment += len + 1;
    }
}

/* Whether @rel (the path without its "/") is a route of the single-page app: not an asset, not
 * the API, and no dot in its last segment. */
static gboolean
is_app_route (const gchar *rel)
{
  if (g_str_has_prefix (rel, "assets/") || g_str_has_prefix (rel, "api/")
      || strcmp (rel, "api") == 0)
    return FALSE;
  const gchar *last = strrchr (rel, '/');
  return strchr (last != NULL ? last + 1 : rel, '.') == NULL;
}

static const gchar *
content_type_of (const gchar *name)
{
  static const struct
  {
    const gchar *suffix, *type;
  } types[] = {
    { ".html", "text/html; charset=utf-8" },
    { ".js", "text/javascript; charset=utf-8" },
    { ".css", "text/css; charset=utf-8" },
    { ".json", "application/json" },
    { ".svg", "image/svg+xml" },
    { ".png", "image/png" },
    { ".ico", "image/x-icon" },
    { ".woff2", "font/woff2" },
    { ".txt", "text/plain; charset=utf-8" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (types); i++)
    if (g_str_has_suffix (name, types[i].suffix))
      return types[i].type;
  return "application/octet-stream";
}

/* Whether the request's Accept-Encoding takes gzip (not with q=0). */
static gboolean
accepts_gzip (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const gchar *value = soup_message_headers_get_list (headers, "Accept-Encoding");
  if (value == NULL)
    return FALSE;
  GSList *unacceptable = NULL;
  GSList *acceptable = soup_header_parse_quality_list (value, &unacceptable);
  gboolean gzip = FALSE;
  for (GSList *l = acceptable; l != NULL && !gzip; l = l->next)
    gzip = g_ascii_strcasecmp (l->data, "gzip") == 0 || strcmp (l->data, "*") == 0;
  for (GSList *l = unacceptable; l != NULL; l = l->next)
    if (g_ascii_strcasecmp (l->data, "gzip") == 0)
      gzip = FALSE;
  soup_header_free_list (acceptable);
  soup_header_free_list (unacceptable);
  return gzip;
}

static gboolean
answer (SoupServerMessage *msg, const gchar *method, const gchar *path, gpointer user_data)
{
  EpStatic *web = user_data;
  if ((strcmp (method, "GET") != 0 && strcmp (method, "HEAD") != 0) || !path_allowed (path))
    return FALSE;

  const gchar *rel = path + 1, *name = NULL;
  if (*rel != '\0' && !g_str_has_suffix (rel, ".gz") && strcmp (rel, "index.html") != 0
      && g_hash_table_contains (web->files, rel))
    name = rel;
  else if (*rel == '\0' || strcmp (rel, "index.html") == 0 || is_app_route (rel))
    name = "index.html";
  else
    return FALSE;

  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  GBytes *body = g_hash_table_lookup (web->files, name);
  g_autofree gchar *gz_name = g_strconcat (name, ".gz", NULL);
  GBytes *gz = g_hash_table_lookup (web->files, gz_name);
  if (gz != NULL)
    {
      soup_message_headers_append (headers, "Vary", "Accept-Encoding");
      if (accepts_gzip (msg))
        {
          body = gz;
          soup_message_headers_replace (headers, "Content-Encoding", "gzip");
        }
    }
  soup_message_headers_replace (headers, "Cache-Control",
                                name == rel && g_str_has_prefix (rel, "assets/")
                                  ? "public, max-age=31536000, immutable"
                                  : "no-cache");
  soup_message_headers_replace (headers, "Content-Type", content_type_of (name));
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), body);
  return TRUE;
}

void
ep_static_attach (EpStatic *web, EpServer *server)
{
  g_return_if_fail (web != NULL && server != NULL);
  ep_server_set_fallback (server, answer, web);
}
