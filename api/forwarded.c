/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * forwarded.c: the client behind trusted reverse proxies (ep-forwarded.h).
 */
#include "ep-forwarded.h"

#include <gio/gio.h>
#include <string.h>

/* @text as an address in its canonical form ("::1", "192.0.2.7"), or NULL when it is not one. */
static gchar *
canonical_address (const gchar *text)
{
  g_autofree gchar *stripped = g_strstrip (g_strdup (text));
  g_autoptr (GInetAddress) address = g_inet_address_new_from_string (stripped);
  return address != NULL ? g_inet_address_to_string (address) : NULL;
}

static gboolean
is_trusted (const gchar *address, const gchar *const *trusted)
{
  g_autofree gchar *canonical = canonical_address (address);
  for (gsize i = 0; canonical != NULL && trusted != NULL && trusted[i] != NULL; i++)
    {
      g_autofree gchar *proxy = canonical_address (trusted[i]);
      if (g_strcmp0 (proxy, canonical) == 0)
        return TRUE;
    }
  return FALSE;
}

void
ep_forwarded_resolve (const gchar *peer, gboolean direct_tls, const gchar *const *trusted,
                      const gchar *forwarded_for, const gchar *forwarded_proto, gchar **client,
                      gboolean *over_tls)
{
  g_return_if_fail (peer != NULL && client != NULL && over_tls != NULL);
  *client = g_strdup (peer);
  *over_tls = direct_tls;
  if (!is_trusted (peer, trusted))
    return;

  /* Each proxy appends what it saw, so the nearest values are the last ones. */
  if (forwarded_proto != NULL)
    {
      const gchar *nearest = strrchr (forwarded_proto, ',');
      g_autofree gchar *proto = g_strstrip (g_strdup (nearest ? nearest + 1 : forwarded_proto));
      *over_tls = direct_tls || g_ascii_strcasecmp (proto, "https") == 0;
    }
  if (forwarded_for == NULL)
    return;
  g_auto (GStrv) hops = g_strsplit (forwarded_for, ",", 64);
  for (gint i = (gint) g_strv_length (hops) - 1; i >= 0; i--)
    {
      g_autofree gchar *address = canonical_address (hops[i]);
      if (address == NULL)
        return; /* not an address: believe nothing further out */
      g_free (*client);
      *client = g_steal_pointer (&address);
      if (!is_trusted (*client, trusted))
        return;
    }
}
