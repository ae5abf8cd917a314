/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * plan-error.c: the plan's error domain (EP_PLAN_ERROR), whose errors carry as data beside the
 * message the JSON path and the rule, the plan that exists (EXISTS) and the version now (STALE);
 * and the one way the files of plans/ set it (ep_plan_fail_at, plan-private.h).
 */
#include "ep-plan.h"
#include "plan-private.h"

typedef struct
{
  gchar *path;
  gchar *rule;
  gchar *existing_id;
  gint current_version;
} EpPlanErrorPrivate;

static void
ep_plan_error_private_init (EpPlanErrorPrivate *priv)
{
  *priv = (EpPlanErrorPrivate){ 0 };
}

static void
ep_plan_error_private_copy (const EpPlanErrorPrivate *src, EpPlanErrorPrivate *dest)
{
  dest->path = g_strdup (src->path);
  dest->rule = g_strdup (src->rule);
  dest->existing_id = g_strdup (src->existing_id);
  dest->current_version = src->current_version;
}

static void
ep_plan_error_private_clear (EpPlanErrorPrivate *priv)
{
  g_clear_pointer (&priv->path, g_free);
  g_clear_pointer (&priv->rule, g_free);
  g_clear_pointer (&priv->existing_id, g_free);
}

/* clang-format off */
G_DEFINE_EXTENDED_ERROR (EpPlanError, ep_plan_error)
/* clang-format on */

static EpPlanErrorPrivate *
facts (const GError *error)
{
  return error != NULL && error->domain == EP_PLAN_ERROR ? ep_plan_error_get_private (error) : NULL;
}

gchar *
ep_plan_error_path (const GError *error)
{
  EpPlanErrorPrivate *priv = facts (error);
  return priv != NULL ? g_strdup (priv->path) : NULL;
}

const gchar *
ep_plan_error_rule (const GError *error)
{
  EpPlanErrorPrivate *priv = facts (error);
  return priv != NULL ? priv->rule : NULL;
}

const gchar *
ep_plan_error_existing_id (const GError *error)
{
  EpPlanErrorPrivate *priv = facts (error);
  return priv != NULL ? priv->existing_id : NULL;
}

gint
ep_plan_error_current_version (const GError *error)
{
  EpPlanErrorPrivate *priv = facts (error);
  return priv != NULL ? priv->current_version : 0;
}

gboolean
ep_plan_fail_at (GError **error, EpPlanError code, const gchar *path, const gchar *format, ...)
{
  if (error == NULL)
    return FALSE;
  va_list args;
  va_start (args, format);
  gchar *rule = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, EP_PLAN_ERROR, code, "%s: %s", path, rule);
  EpPlanErrorPrivate *priv = ep_plan_error_get_private (*error);
  priv->path = g_strdup (path);
  priv->rule = rule;
  return FALSE;
}

gboolean
ep_plan_fail_exists (GError **error, const gchar *existing_id)
{
  ep_plan_fail_at (error, EP_PLAN_ERROR_EXISTS, "household_id",
                   "dit huishouden heeft al een actief plan (%s)", existing_id);
  EpPlanErrorPrivate *priv = error != NULL ? facts (*error) : NULL;
  if (priv != NULL)
    priv->existing_id = g_strdup (existing_id);
  return FALSE;
}

gboolean
ep_plan_fail_stale (GError **error, gint current_version)
{
  ep_plan_fail_at (error, EP_PLAN_ERROR_STALE, "version",
                   "het plan is intussen gewijzigd (nu versie %d); bekijk het opnieuw",
                   current_version);
  EpPlanErrorPrivate *priv = error != NULL ? facts (*error) : NULL;
  if (priv != NULL)
    priv->current_version = current_version;
  return FALSE;
}
