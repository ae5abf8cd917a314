/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * org-error.c — registers the EP_ORG_ERROR domain (ep-org-error.h).
 */
#include "ep-org-error.h"

#include <string.h>

/* clang-format off */
G_DEFINE_QUARK (ep-org-error-quark, ep_org_error)
/* clang-format on */

gchar *
ep_org_error_path (const GError *error)
{
  if (error == NULL || error->domain != EP_ORG_ERROR
      || (error->code != EP_ORG_ERROR_INVALID_VALUE && error->code != EP_ORG_ERROR_EXISTS
          && error->code != EP_ORG_ERROR_WRONG_PASSWORD))
    return NULL;
  /* "field: rule", the field a name of lowercase letters and _ */
  gsize n = strspn (error->message, "abcdefghijklmnopqrstuvwxyz_");
  if (n == 0 || strncmp (error->message + n, ": ", 2) != 0)
    return NULL;
  return g_strndup (error->message, n);
}
