/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-uuid.c — UUIDv7 generation and UUID text validation (see ep-uuid.h).
 */
#include "ep-uuid.h"

#include "ep-core-error.h"
#include "ep-crypto.h"

#include <string.h>

gchar *
ep_uuid_new (GError **error)
{
  guint8 b[16];
  guint64 ms = (guint64) g_get_real_time () / 1000;

  /* Bytes 6..15 random; bytes 0..5 the timestamp; then the version and variant bits. */
  if (!ep_random_bytes (b + 6, sizeof b - 6, error))
    {
      g_prefix_error (error, "cannot make a UUID: ");
      return NULL;
    }
  for (gint i = 0; i < 6; i++)
    b[i] = (guint8) (ms >> (8 * (5 - i)));
  b[6] = (guint8) (0x70 | (b[6] & 0x0f));
  b[8] = (guint8) (0x80 | (b[8] & 0x3f));

  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11],
                          b[12], b[13], b[14], b[15]);
}

gboolean
ep_uuid_validate (const gchar *text, GError **error)
{
  gsize len = 0;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (text == NULL)
    {
      g_set_error_literal (error, EP_CORE_ERROR, EP_CORE_ERROR_INVALID_UUID, "UUID is missing");
      return FALSE;
    }

  len = strlen (text);
  if (len != EP_UUID_STRING_LEN)
    {
      g_set_error (
        error, EP_CORE_ERROR, EP_CORE_ERROR_INVALID_UUID,
        "UUID must be %d characters (8-4-4-4-12 hexadecimal digits), but has %" G_GSIZE_FORMAT,
        EP_UUID_STRING_LEN, len);
      return FALSE;
    }

  for (gsize i = 0; i < len; i++)
    {
      gboolean dash_here = i == 8 || i == 13 || i == 18 || i == 23;

      if (dash_here && text[i] != '-')
        {
          g_set_error (error, EP_CORE_ERROR, EP_CORE_ERROR_INVALID_UUID,
                       "UUID must have '-' at character %" G_GSIZE_FORMAT, i + 1);
          return FALSE;
        }
      if (!dash_here && !g_ascii_isxdigit (text[i]))
        {
          g_set_error (error, EP_CORE_ERROR, EP_CORE_ERROR_INVALID_UUID,
                       "UUID must have a hexadecimal digit at character %" G_GSIZE_FORMAT, i + 1);
          return FALSE;
        }
    }
  return TRUE;
}
