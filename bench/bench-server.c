/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * bench-server.c: `eenplan serve` as the HTTP workloads start it (bench.h): the binary built
 * beside this runner, on the benchmark's cluster as a configured database, its log in a file of
 * a temporary directory where the port it listens on is read.
 */
#include "bench.h"

#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

void
bench_server_stop (BenchServer *server)
{
  if (server->pid > 0)
    {
      kill (server->pid, SIGTERM);
      waitpid (server->pid, NULL, 0);
      g_spawn_close_pid (server->pid);
    }
  if (server->log_path != NULL)
    g_unlink (server->log_path);
  if (server->dir != NULL)
    g_rmdir (server->dir);
  g_free (server->log_path);
  g_free (server->dir);
  g_free (server->base);
  memset (server, 0, sizeof *server);
}

gboolean
bench_server_start (BenchServer *server, const gchar *app_conninfo, guint workers,
                    const gchar *web_dir, GError **error)
{
  server->dir = g_dir_make_tmp ("eenplan-bench-http-XXXXXX", error);
  if (server->dir == NULL)
    return FALSE;
  server->log_path = g_build_filename (server->dir, "serve.log", NULL);
  g_auto (GStrv) env = g_get_environ ();
  env = g_environ_setenv (env, "EENPLAN_DATABASE_URL", app_conninfo, TRUE);
  env = g_environ_setenv (env, "EENPLAN_VAR_DIR", server->dir, TRUE);
  env = g_environ_unsetenv (env, "EENPLAN_CONFIG");
  env = g_environ_unsetenv (env, "EENPLAN_WEB_DIR");
  g_autofree gchar *n_workers = g_strdup_printf ("%u", workers);
  const gchar *argv[]
    = { BENCH_EENPLAN, "serve", "--port", "0", "--workers", n_workers, web_dir ? "--web" : NULL,
        web_dir,       NULL };
  int log_fd = g_open (server->log_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  gboolean started
    = log_fd >= 0
      && g_spawn_async_with_pipes_and_fds (
        server->dir, argv, (const gchar *const *) env, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, -1,
        log_fd, log_fd, NULL, NULL, 0, &server->pid, NULL, NULL, NULL, error);
  if (log_fd >= 0)
    close (log_fd);
  if (!started)
    return FALSE;
  for (int waited = 0; waited < 600; waited++)
    {
      g_autofree gchar *log = NULL;
      const gchar *line = NULL;
      if (g_file_get_contents (server->log_path, &log, NULL, NULL)
          && (line = strstr (log, "msg=listening port=")) != NULL)
        {
          server->base
            = g_strdup_printf ("http://127.0.0.1:%" G_GUINT64_FORMAT,
                               g_ascii_strtoull (line + strlen ("msg=listening port="), NULL, 10));
          return TRUE;
        }
      if (waitpid (server->pid, NULL, WNOHANG) == server->pid)
        {
          server->pid = 0;
          break;
        }
      g_usleep (50 * 1000);
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "eenplan serve did not start (%s)",
               BENCH_EENPLAN);
  return FALSE;
}

gdouble
bench_server_peak_rss_mib (const BenchServer *server)
{
  g_autofree gchar *path = g_strdup_printf ("/proc/%d/status", server->pid);
  g_autofree gchar *status = NULL;
  const gchar *line = NULL;
  if (!g_file_get_contents (path, &status, NULL, NULL)
      || (line = strstr (status, "VmHWM:")) == NULL)
    return 0;
  return g_ascii_strtod (line + strlen ("VmHWM:"), NULL) / 1024.0; /* kB */
}
