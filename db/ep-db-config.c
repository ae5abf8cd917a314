/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-db-config.c: find the database (see ep-db-config.h for the order).
 */
#include "ep-db-config.h"

#include "ep-cluster.h"
#include "ep-db-error.h"
#include "ep-json-error.h"

void
ep_db_config_free (EpDbConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->conninfo);
  g_free (config->source);
  g_free (config->var_dir);
  g_free (config->audit_key_path);
  g_free (config->pseudonym_key_path);
  g_free (config->audit_checkpoint_file);
  g_free (config);
}

/* A key file's path: from the environment variable @env, else the file's
 * [@group] @name, else @default_name in the var directory (NULL: none). */
static gchar *
key_path (GKeyFile *file, const gchar *env, const gchar *group, const gchar *name,
          const gchar *var_dir, const gchar *default_name)
{
  const gchar *from_env = g_getenv (env);
  g_autofree gchar *from_file = file ? g_key_file_get_string (file, group, name, NULL) : NULL;
  if (from_env != NULL && *from_env != '\0')
    return g_strdup (from_env);
  if (from_file != NULL && *from_file != '\0')
    return g_steal_pointer (&from_file);
  return default_name ? g_build_filename (var_dir, default_name, NULL) : NULL;
}

/* The longest document read from outside: from EENPLAN_MAX_DOCUMENT_BYTES, else the file's
 * [input] max_document_bytes, else the default. */
static gboolean
document_limit (GKeyFile *file, gsize *out, GError **error)
{
  const gchar *from_env = g_getenv ("EENPLAN_MAX_DOCUMENT_BYTES");
  g_autofree gchar *from_file
    = file ? g_key_file_get_string (file, "input", "max_document_bytes", NULL) : NULL;
  const gchar *text = from_env != NULL && *from_env != '\0' ? from_env : from_file;
  guint64 bytes = EP_JSON_DEFAULT_MAX_BYTES;
  if (text != NULL && !g_ascii_string_to_unsigned (text, 10, 1024, 64 * 1024 * 1024, &bytes, NULL))
    {
      g_set_error (error, EP_DB_ERROR, EP_DB_ERROR_CONFIG,
                   "max_document_bytes '%s' is not a whole number from 1024 to 67108864", text);
      return FALSE;
    }
  *out = (gsize) bytes;
  return TRUE;
}

EpDbConfig *
ep_db_config_load (EpDbPurpose purpose, GError **error)
{
  g_autoptr (EpDbConfig) config = g_new0 (EpDbConfig, 1);

  const gchar *var_dir = g_getenv ("EENPLAN_VAR_DIR");
  config->var_dir = g_strdup (var_dir && *var_dir ? var_dir : "var");

  const gchar *path = g_getenv ("EENPLAN_CONFIG");
  gboolean explicit_path = path != NULL && *path != '\0';
  if (!explicit_path)
    path = "eenplan.conf";

  g_autoptr (GKeyFile) file = NULL;
  if (explicit_path || g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autoptr (GError) local_error = NULL;
      file = g_key_file_new ();
      if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &local_error))
        {
          g_set_error (error, EP_DB_ERROR, EP_DB_ERROR_CONFIG, "cannot read %s: %s", path,
                       local_error->message);
          return NULL;
        }
    }

  config->audit_key_path = key_path (file, "EENPLAN_AUDIT_KEY", "audit", "signing_key",
                                     config->var_dir, "audit-signing-key.pem");
  config->pseudonym_key_path = key_path (file, "EENPLAN_PSEUDONYM_KEY", "bsn", "pseudonym_key",
                                         config->var_dir, "bsn-pseudonym.key");
  if (!document_limit (file, &config->max_document_bytes, error))
    return NULL;

  /* The checkpoint file defaults to the var directory only with the embedded
   * cluster: a configured database names its own, or has none. */
  const gchar *url = g_getenv ("EENPLAN_DATABASE_URL");
  gboolean embedded = (url == NULL || *url == '\0') && file == NULL;
  config->audit_checkpoint_file
    = key_path (file, "EENPLAN_AUDIT_CHECKPOINT_FILE", "audit", "checkpoint_file", config->var_dir,
                embedded ? "audit-checkpoints.log" : NULL);

  if (url != NULL && *url != '\0')
    {
      config->conninfo = g_strdup (url);
      config->source = g_strdup ("EENPLAN_DATABASE_URL");
      return g_steal_pointer (&config);
    }

  if (file != NULL)
    {
      g_autofree gchar *app_url = g_key_file_get_string (file, "database", "url", NULL);
      g_autofree gchar *owner_url = g_key_file_get_string (file, "database", "owner_url", NULL);
      if (app_url == NULL || *app_url == '\0')
        {
          g_set_error (error, EP_DB_ERROR, EP_DB_ERROR_CONFIG,
                       "%s has no 'url' in group [database]", path);
          return NULL;
        }
      /* An empty owner_url counts as absent, never as "libpq defaults". */
      gboolean has_owner_url = owner_url != NULL && *owner_url != '\0';
      config->conninfo
        = g_strdup (purpose == EP_DB_PURPOSE_OWNER && has_owner_url ? owner_url : app_url);
      config->source = g_strdup (path);
      return g_steal_pointer (&config);
    }

  config->source = g_strdup ("embedded");
  return g_steal_pointer (&config);
}

gchar *
ep_db_config_resolve (const EpDbConfig *config, EpDbPurpose purpose)
{
  if (config->conninfo != NULL)
    return g_strdup (config->conninfo);

  g_autoptr (EpCluster) cluster = ep_cluster_new (config->var_dir);
  return ep_cluster_conninfo (cluster, purpose == EP_DB_PURPOSE_OWNER ? EP_CLUSTER_OWNER_ROLE
                                                                      : EP_CLUSTER_APP_ROLE);
}
