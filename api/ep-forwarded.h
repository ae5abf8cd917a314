/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-forwarded.h: who the client is, and whether it came over TLS, when a reverse proxy stands in
 * front of the server. A proxy's X-Forwarded-For and X-Forwarded-Proto are believed only when the
 * peer is one of the configured trusted proxies (`eenplan serve --trusted-proxy ADDR`); from
 * anyone else they are ignored, or a client could claim any address (and escape the sign-in
 * throttle) or claim TLS.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * ep_forwarded_resolve:
 * @peer: the address of the connection's other end
 * @direct_tls: whether the connection itself is TLS
 * @trusted: (nullable) (array zero-terminated=1): the trusted proxies' addresses
 * @forwarded_for: (nullable): the X-Forwarded-For header ("client, proxy1, proxy2")
 * @forwarded_proto: (nullable): the X-Forwarded-Proto header
 * @client: (out) (transfer full): the client's address: @peer, or, behind trusted proxies, the
 *   nearest address in @forwarded_for that is not a trusted proxy (a malformed one ends the walk
 *   and the proxy's address is kept)
 * @over_tls: (out): @direct_tls, or behind a trusted proxy also when the nearest value of
 *   @forwarded_proto is "https"
 */
void ep_forwarded_resolve (const gchar *peer, gboolean direct_tls, const gchar *const *trusted,
                           const gchar *forwarded_for, const gchar *forwarded_proto, gchar **client,
                           gboolean *over_tls);

G_END_DECLS
