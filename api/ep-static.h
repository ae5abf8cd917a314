/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-static.h: the web UI's files (web/dist, built by web/build.mjs), answered by the server for
 * every path no API route matched.
 *
 * The directory is read once, when the server starts: every regular file below it, never
 * following a symbolic link, is held in memory by its name relative to the directory. A request
 * is answered from that table and nothing else, so no path — "..", "%2e%2e", a link — can reach
 * a file outside it; such paths are refused before the lookup as well. Rebuilding web/dist means
 * restarting the server.
 *
 *   GET /assets/NAME-HASH.EXT    the file; Cache-Control: public, max-age=31536000, immutable (the
 *                                name changes with the content); NAME-HASH.EXT.gz instead when the
 *                                request accepts gzip (Content-Encoding: gzip); Vary:
 *                                Accept-Encoding whenever a .gz exists
 *   GET /, GET /werkbak, …        index.html for every other path without a dot in its last
 *                                segment (the single-page app routes in the browser), with
 *                                Cache-Control: no-cache
 *
 * Anything else — /api/…, an unknown asset, a method other than GET and HEAD, a refused path —
 * is left to the server's problem+json 404. The security headers of every answer stay.
 */
#pragma once

#include "ep-server.h"

G_BEGIN_DECLS

typedef struct _EpStatic EpStatic;

/* The most the files of a web directory may hold together. */
#define EP_STATIC_MAX_BYTES (64 * 1024 * 1024)

/**
 * ep_static_load:
 * @dir: the built web UI (web/dist): index.html and assets/
 *
 * Returns: (transfer full): the files of @dir; NULL with a G_IO_ERROR when @dir cannot be read,
 *   has no index.html, or holds more than EP_STATIC_MAX_BYTES.
 */
EpStatic *ep_static_load (const gchar *dir, GError **error);
void ep_static_free (EpStatic *web);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EpStatic, ep_static_free)

/* How many files @web holds (the .gz included). */
guint ep_static_count (EpStatic *web);

/**
 * ep_static_attach:
 * @web: (transfer none): must outlive @server
 *
 * Makes @server answer from @web what no route matched (ep_server_set_fallback()).
 */
void ep_static_attach (EpStatic *web, EpServer *server);

G_END_DECLS
