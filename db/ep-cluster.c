/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-cluster.c: create, start, stop and provision the embedded cluster.
 *
 * Layout under var_dir:
 *   pgdata/                 the data directory (initdb'd into pgdata.init,
 *                           then renamed, so a killed initdb leaves no
 *                           half-made cluster behind)
 *   pgdata/eenplan.conf     rewritten at each start: socket-only settings
 *   run/                    the Unix socket (or a short directory under /tmp
 *                           when the path would exceed sun_path)
 *   log/postgresql.log      the server's log
 */
#include "ep-cluster.h"

#include "ep-config.h"
#include "ep-db-conn.h"
#include "ep-db-error.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <pwd.h>
#include <signal.h>
#include <string.h>
#include <sys/un.h>
#include <unistd.h>

struct _EpCluster
{
  gchar *var_dir;
  gchar *data_dir;
  gchar *socket_dir;
  gchar *log_dir;
  gchar *log_file;
};

/* The unprivileged account the cluster runs as when we are root. */
typedef struct
{
  gboolean as_root;
  uid_t uid;
  gid_t gid;
  gchar *name;
} ClusterUser;

static void
cluster_user_clear (ClusterUser *user)
{
  g_clear_pointer (&user->name, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ClusterUser, cluster_user_clear)

static gboolean
cluster_user_lookup (ClusterUser *user, GError **error)
{
  memset (user, 0, sizeof *user);
  if (geteuid () != 0)
    return TRUE;

  const gchar *name = g_getenv ("EENPLAN_CLUSTER_USER");
  if (name == NULL || *name == '\0')
    name = "postgres";

  struct passwd pwd, *found = NULL;
  gchar buf[4096];
  if (getpwnam_r (name, &pwd, buf, sizeof buf, &found) != 0 || found == NULL)
    {
      g_set_error (error, EP_DB_ERROR, EP_DB_ERROR_CLUSTER,
                   "running as root, the embedded cluster needs an unprivileged user '%s' "
                   "(set EENPLAN_CLUSTER_USER, or install postgresql-15 which creates 'postgres')",
                   name);
      return FALSE;
    }
  user->as_root = TRUE;
  user->uid = pwd.pw_uid;
  user->gid = pwd.pw_gid;
  user->name = g_strdup (name);
  return TRUE;
}

/* sun_path holds 108 bytes with the terminating NUL; PostgreSQL's socket file
 * is "<dir>/.s.PGSQL.5432". */
static gboolean
socket_dir_fits (const gchar *dir)
{
  struct sockaddr_un addr;
  return strlen (dir) + strlen ("/.s.PGSQL.5432") < sizeof addr.sun_path;
}

EpCluster *
ep_cluster_new (const gchar *var_dir)
{
  g_return_val_if_fail (var_dir != NULL, NULL);

  EpCluster *cluster = g_new0 (EpCluster, 1);
  cluster->var_dir = g_canonicalize_filename (var_dir, NULL);
  cluster->data_dir = g_build_filename (cluster->var_dir, "pgdata", NULL);
  cluster->log_dir = g_build_filename (cluster->var_dir, "log", NULL);
  cluster->log_file = g_build_filename (cluster->log_dir, "postgresql.log", NULL);
  cluster->socket_dir = g_build_filename (cluster->var_dir, "run", NULL);
  if (!socket_dir_fits (cluster->socket_dir))
    {
      /* A deep checkout: keep the socket in a short, per-cluster place. */
      g_autofree gchar *digest
        = g_compute_checksum_for_string (G_CHECKSUM_SHA256, cluster->var_dir, -1);
      g_free (cluster->socket_dir);
      cluster->socket_dir = g_strdup_printf ("/tmp/.eenplan-%.16s", digest);
    }
  return cluster;
}

void
ep_cluster_free (EpCluster *cluster)
{
  if (cluster == NULL)
    return;
  g_free (cluster->var_dir);
  g_free (cluster->data_dir);
  g_free (cluster->socket_dir);
  g_free (cluster->log_dir);
  g_free (cluster->log_file);
  g_free (cluster);
}

const gchar *
ep_cluster_get_data_dir (EpCluster *cluster)
{
  return cluster->data_dir;
}

const gchar *
ep_cluster_get_socket_dir (EpCluster *cluster)
{
  return cluster->socket_dir;
}

const gchar *
ep_cluster_get_log_file (EpCluster *cluster)
{
  return cluster->log_file;
}

/* Runs a PostgreSQL tool from the configured bindir as the cluster user.
 * Returns FALSE with the tool's own output in the message on failure. */
static gboolean
run_pg_tool (const ClusterUser *user, const gchar *const *tool_argv, GError **error)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);

  if (user->as_root)
    {
      g_ptr_array_add (argv, g_strdup ("setpriv"));
      g_ptr_array_add (argv, g_strdup_printf ("--reuid=%u", (guint) user->uid));
      g_ptr_array_add (argv, g_strdup_printf ("--regid=%u", (guint) user->gid));
      g_ptr_array_add (argv, g_strdup ("--init-groups"));
      g_ptr_array_add (argv, g_strdup ("--inh-caps=+dac_read_search"));
      g_ptr_array_add (argv, g_strdup ("--ambient-caps=+dac_read_search"));
    }
  g_ptr_array_add (argv, g_build_filename (EP_PG_BINDIR, tool_argv[0], NULL));
  for (gsize i = 1; tool_argv[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (tool_argv[i]));
  g_ptr_array_add (argv, NULL);

  g_autofree gchar *out = NULL;
  g_autofree gchar *err = NULL;
  gint status = 0;
  g_autoptr (GError) spawn_error = NULL;

  if (!g_spawn_sync (NULL, (gchar **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                     &err, &status, &spawn_error))
    {
      g_set_error (error, EP_DB_ERROR, EP_DB_ERROR_CLUSTER, "cannot run %s: %s", tool_argv[0],
                   spawn_error->message);
      return FALSE;
    }
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_autofree gchar *output = g_strstrip (g_strconcat (err ? err : "", out ? out : "", NULL));
      g_set_error (error, EP_DB_ERROR, EP_DB_ERROR_CLUSTER, "%s failed: %s", tool_argv[0], output);
      return FALSE;
    }
  return TRUE;
}

/* Creates @path with @mode (if missing) and gives it to the cluster user. */
static gboolean
make_cluster_dir (const ClusterUser *user, const gchar *path, int mode, GError **error)
{
  if (g_mkdir_with_parents (path, mode) != 0)
    {
      int saved = errno;
      g_set_error (error, EP_DB_ERROR, EP_DB_ERROR_CLUSTER, "cannot create %s: %s", path,
                   g_strerror (saved));
      return FALSE;
    }
  if (user->as_root && chown (path, user->uid, user->gid) != 0)
    {
      int saved = errno;
      g_set_error (error, EP_DB_ERROR, EP_DB_ERROR_CLUSTER, "cannot give %s to %s: %s", path,
                   user->name, g_strerror (saved));
      return FALSE;
    }
  if (g_chmod (path, mode) != 0)
    {
      int saved = errno;
      g_set_error (error, EP_DB_ERROR, EP_DB_ERROR_CLUSTER, "cannot set the mode of %s: %s", path,
                   g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static gboolean
remove_tree (const gchar *path, GError **error)
{
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;
  /* GIO has no recursive delete; rm -rf is the dependable tool for it. */
  const gchar *argv[] = { "rm", "-rf", "--", path, NULL };
  gint status = 0;
  if (!g_spawn_sync (NULL, (gchar **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                     &status, error)
      || !g_spawn_check_wait_status (status, error))
    return FALSE;
  return TRUE;
}

gboolean
ep_cluster_is_initialised (EpCluster *cluster)
{
  g_autofree gchar *version = g_build_filename (cluster->data_dir, "PG_VERSION", NULL);
  return g_file_test (version, G_FILE_TEST_IS_REGULAR);
}

static gboolean
cluster_init (EpCluster *cluster, const ClusterUser *user, GError **error)
{
  g_autofree gchar *staging = g_strconcat (cluster->data_dir, ".init", NULL);

  if (!make_cluster_dir (user, cluster->var_dir, 0755, error) || !remove_tree (staging, error)
      || !make_cluster_dir (user, staging, 0700, error))
    return FALSE;

  const gchar *initdb[]
    = { "initdb",       "--pgdata", staging,       "--username", EP_CLUSTER_SUPERUSER,
        "--auth-local", "trust",    "--auth-host", "reject",     "--encoding",
        "UTF8",         "--locale", "C",           NULL };
  if (!run_pg_tool (user, initdb, error))
    return FALSE;

  /* Settings that must follow the checkout (its socket path) live in a
   * file rewritten at every start; the main file just includes it. */
  g_autofree gchar *conf = g_build_filename (staging, "postgresql.conf", NULL);
  g_autofree gchar *contents = NULL;
  if (!g_file_get_contents (conf, &contents, NULL, error))
    return FALSE;
  g_autofree gchar *with_include
    = g_strconcat (contents, "\n# eenplan: socket-only settings for the embedded cluster\n",
                   "include_if_exists = 'eenplan.conf'\n", NULL);
  if (!g_file_set_contents (conf, with_include, -1, error))
    return FALSE;
  if (user->as_root && chown (conf, user->uid, user->gid) != 0)
    {
      g_set_error (error, EP_DB_ERROR, EP_DB_ERROR_CLUSTER, "cannot give %s to %s", conf,
                   user->name);
      return FALSE;
    }

  if (g_rename (staging, cluster->data_dir) != 0)
    {
      int saved = errno;
      g_set_error (error, EP_DB_ERROR, EP_DB_ERROR_CLUSTER, "cannot move %s into place: %s",
                   staging, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* Doubles single quotes for a postgresql.conf string value. */
static gchar *
conf_quote (const gchar *value)
{
  g_auto (GStrv) parts = g_strsplit (value, "'", -1);
  g_autofree gchar *joined = g_strjoinv ("''", parts);
  return g_strdup_printf ("'%s'", joined);
}

static gboolean
write_runtime_conf (EpCluster *cluster, const ClusterUser *user, GError **error)
{
  g_autofree gchar *path = g_build_filename (cluster->data_dir, "eenplan.conf", NULL);
  g_autofree gchar *socket = conf_quote (cluster->socket_dir);
  g_autofree gchar *contents = g_strdup_printf ("# Written by eenplan at each start; do not edit.\n"
                                                "listen_addresses = ''\n"
                                                "unix_socket_directories = %s\n"
                                                "unix_socket_permissions = 0700\n"
                                                "max_connections = 200\n"
                                                "log_line_prefix = '%%m [%%p] %%q%%u@%%d '\n",
                                                socket);
  if (!g_file_set_contents (path, contents, -1, error))
    return FALSE;
  if (user->as_root && chown (path, user->uid, user->gid) != 0)
    {
      g_set_error (error, EP_DB_ERROR, EP_DB_ERROR_CLUSTER, "cannot give %s to %s", path,
                   user->name);
      return FALSE;
    }
  return TRUE;
}

gboolean
ep_cluster_is_running (EpCluster *cluster, gint64 *pid_out)
{
  g_autofree gchar *pid_file = g_build_filename (cluster->data_dir, "postmaster.pid", NULL);
  g_autofree gchar *contents = NULL;

  if (!g_file_get_contents (pid_file, &contents, NULL, NULL))
    return FALSE;

  gint64 pid = g_ascii_strtoll (contents, NULL, 10);
  if (pid <= 0 || (kill ((pid_t) pid, 0) != 0 && errno != EPERM))
    return FALSE; /* a stale file from a crash; postgres removes it on start */

  if (pid_out != NULL)
    *pid_out = pid;
  return TRUE;
}

/* Creates the two roles and the database if missing. The names are our own
 * constants, so this fixed SQL has nothing to parameterise. */
static gboolean
cluster_provision (EpCluster *cluster, GError **error)
{
  g_autofree gchar *conninfo = ep_cluster_conninfo (cluster, EP_CLUSTER_SUPERUSER);
  g_autoptr (PGconn) conn = ep_db_connect (conninfo, error);
  if (conn == NULL)
    return FALSE;

  if (!ep_db_exec_script (
        conn,
        "DO $$ BEGIN "
        "  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" EP_CLUSTER_OWNER_ROLE "') THEN "
        "    CREATE ROLE " EP_CLUSTER_OWNER_ROLE " LOGIN; "
        "  END IF; "
        "  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" EP_CLUSTER_APP_ROLE "') THEN "
        "    CREATE ROLE " EP_CLUSTER_APP_ROLE " LOGIN; "
        "  END IF; "
        "END $$",
        "create cluster roles", error))
    return FALSE;

  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, EP_CLUSTER_DATABASE);
  g_autoptr (PGresult) exists = ep_db_exec (conn, "SELECT 1 FROM pg_database WHERE datname = $1",
                                            params, PGRES_TUPLES_OK, "look up database", error);
  if (exists == NULL)
    return FALSE;
  if (PQntuples (exists) > 0)
    return TRUE;

  g_autoptr (GError) create_error = NULL;
  if (!ep_db_exec_script (conn,
                          "CREATE DATABASE " EP_CLUSTER_DATABASE " OWNER " EP_CLUSTER_OWNER_ROLE,
                          "create database", &create_error))
    {
      /* Two commands starting the cluster at once: the other one won. */
      if (g_error_matches (create_error, EP_DB_ERROR, EP_DB_ERROR_ALREADY_EXISTS))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&create_error));
      return FALSE;
    }
  return TRUE;
}

gboolean
ep_cluster_start (EpCluster *cluster, GError **error)
{
  g_auto (ClusterUser) user = { 0 };
  if (!cluster_user_lookup (&user, error))
    return FALSE;

  if (!ep_cluster_is_initialised (cluster) && !cluster_init (cluster, &user, error))
    return FALSE;

  if (!ep_cluster_is_running (cluster, NULL))
    {
      if (!make_cluster_dir (&user, cluster->socket_dir, 0700, error)
          || !make_cluster_dir (&user, cluster->log_dir, 0700, error)
          || !write_runtime_conf (cluster, &user, error))
        return FALSE;

      const gchar *start[]
        = { "pg_ctl", "start",     "--pgdata", cluster->data_dir, "--log", cluster->log_file,
            "--wait", "--timeout", "60",       "--silent",        NULL };
      if (!run_pg_tool (&user, start, error))
        {
          g_prefix_error (error, "starting the embedded cluster (log: %s): ", cluster->log_file);
          return FALSE;
        }
    }

  return cluster_provision (cluster, error);
}

gboolean
ep_cluster_stop (EpCluster *cluster, GError **error)
{
  if (!ep_cluster_is_running (cluster, NULL))
    return TRUE;

  g_auto (ClusterUser) user = { 0 };
  if (!cluster_user_lookup (&user, error))
    return FALSE;

  const gchar *stop[] = { "pg_ctl", "stop",      "--pgdata", cluster->data_dir, "--mode", "fast",
                          "--wait", "--timeout", "60",       "--silent",        NULL };
  return run_pg_tool (&user, stop, error);
}

gboolean
ep_cluster_destroy (EpCluster *cluster, GError **error)
{
  g_autoptr (GError) stop_error = NULL;
  gboolean stopped = ep_cluster_stop (cluster, &stop_error);
  g_autoptr (GError) remove_error = NULL;
  gboolean removed = remove_tree (cluster->var_dir, &remove_error);

  if (!stopped)
    {
      g_propagate_error (error, g_steal_pointer (&stop_error));
      return FALSE;
    }
  if (!removed)
    {
      g_set_error (error, EP_DB_ERROR, EP_DB_ERROR_CLUSTER, "cannot remove %s: %s",
                   cluster->var_dir, remove_error->message);
      return FALSE;
    }
  return TRUE;
}

gchar *
ep_cluster_conninfo (EpCluster *cluster, const gchar *role)
{
  g_return_val_if_fail (role != NULL, NULL);

  const gchar *dbname
    = g_strcmp0 (role, EP_CLUSTER_SUPERUSER) == 0 ? "postgres" : EP_CLUSTER_DATABASE;
  /* Single-quote the values: the socket path may contain spaces. */
  g_autoptr (GString) s = g_string_new ("host='");
  for (const gchar *p = cluster->socket_dir; *p; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (s, '\\');
      g_string_append_c (s, *p);
    }
  g_string_append_printf (s, "' dbname=%s user=%s", dbname, role);
  return g_string_free (g_steal_pointer (&s), FALSE);
}
