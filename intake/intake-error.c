/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * intake-error.c: the intake's error domain (EP_INTAKE_ERROR), whose errors
 * carry the JSON path and the rule as data beside the message, and the one
 * way the files of intake/ set it (ep_intake_fail_at) and build the paths it
 * names (ep_intake_member_path). The model's rules (intake.c) and the JSON
 * readers (json-read.c) both report through it, and neither through the
 * other. See intake-error-private.h.
 */
#include "ep-intake.h"
#include "intake-error-private.h"

/* ---- errors: the path and the rule as data beside the message --------------------------- */

typedef struct
{
  gchar *path;
  gchar *rule;
} EpIntakeErrorPrivate;

static void
ep_intake_error_private_init (EpIntakeErrorPrivate *priv)
{
  priv->path = NULL;
  priv->rule = NULL;
}

static void
ep_intake_error_private_copy (const EpIntakeErrorPrivate *src, EpIntakeErrorPrivate *dest)
{
  dest->path = g_strdup (src->path);
  dest->rule = g_strdup (src->rule);
}

static void
ep_intake_error_private_clear (EpIntakeErrorPrivate *priv)
{
  g_clear_pointer (&priv->path, g_free);
  g_clear_pointer (&priv->rule, g_free);
}

/* clang-format off */
G_DEFINE_EXTENDED_ERROR (EpIntakeError, ep_intake_error)
/* clang-format on */

static EpIntakeErrorPrivate *
facts (const GError *error)
{
  return error != NULL && error->domain == EP_INTAKE_ERROR ? ep_intake_error_get_private (error)
                                                           : NULL;
}

gchar *
ep_intake_error_path (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);
  EpIntakeErrorPrivate *priv = facts (error);
  return priv != NULL ? g_strdup (priv->path) : NULL;
}

const gchar *
ep_intake_error_rule (const GError *error)
{
  EpIntakeErrorPrivate *priv = facts (error);
  return priv != NULL ? priv->rule : NULL;
}

/* Sets @error to "@path: @rule" with both as data; takes @rule. */
static gboolean
set_error (GError **error, EpIntakeError code, const gchar *path, gchar *rule)
{
  if (error == NULL)
    {
      g_free (rule);
      return FALSE;
    }
  g_set_error (error, EP_INTAKE_ERROR, code, "%s: %s", path, rule);
  EpIntakeErrorPrivate *priv = ep_intake_error_get_private (*error);
  priv->path = g_strdup (path);
  priv->rule = rule;
  return FALSE;
}

gboolean
ep_intake_fail_at (GError **error, EpIntakeError code, const gchar *path, const gchar *format, ...)
{
  va_list args;
  va_start (args, format);
  gchar *rule = g_strdup_vprintf (format, args);
  va_end (args);
  return set_error (error, code, path, rule);
}

/* "household.postcode", or "date" at the top. */
gchar *
ep_intake_member_path (const gchar *path, const gchar *name)
{
  return *path == '\0' ? g_strdup (name) : g_strdup_printf ("%s.%s", path, name);
}
