/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * cli-helpers.c: what the cli suites share (see cli-suites.h): the per-test directory,
 * configuration and municipality, running `eenplan` as a child process, JSON and row counts.
 */
#include "cli-suites.h"

#include "ep-json.h"
#include "test-audit-common.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdarg.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

EpTestDb *ep_cli_demo_cluster = NULL;
gchar *ep_cli_base_dir = NULL;

/* The current test, set up by ep_cli_setup(). */
static struct
{
  gchar *dir;    /* its directory, below ep_cli_base_dir */
  gchar *config; /* its configuration file */
  gchar *gemeente;
  PGconn *owner;
  guint n_runs;
  GPtrArray *texts; /* gchar*: what the helpers hand out (transfer none) */
  GPtrArray *nodes; /* JsonNode* */
  GPtrArray *runs;  /* EpCliRun* */
  GPtrArray *lines; /* GStrv */
} test;

static const gchar *
keep_text (gchar *text)
{
  g_ptr_array_add (test.texts, text);
  return text;
}

static void
run_free (EpCliRun *run)
{
  g_free (run->command);
  g_free (run->out);
  g_free (run->err);
  g_free (run);
}

/* ---- the fixture ------------------------------------------------------------------------- */

void
ep_cli_setup (void)
{
  test.texts = g_ptr_array_new_with_free_func (g_free);
  test.nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  test.runs = g_ptr_array_new_with_free_func ((GDestroyNotify) run_free);
  test.lines = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  test.n_runs = 0;

  test.dir = g_build_filename (ep_cli_base_dir, "test-XXXXXX", NULL);
  ck_assert_msg (g_mkdtemp (test.dir) != NULL, "cannot make %s: %s", test.dir, g_strerror (errno));
  test.config = g_build_filename (test.dir, "eenplan.conf", NULL);

  /* A municipality of its own, with the case worker and the intake fixture's vindplaats. */
  test.owner = ep_test_db_owner (ep_test_cluster);
  test.gemeente = ep_test_audit_gemeente (test.owner);
  g_autoptr (EpDbParams) params = ep_test_params (test.gemeente, NULL);
  g_autoptr (GError) error = NULL;
  EP_ASSERT_NO_ERROR (
    ep_db_exec_command (
      test.owner,
      "WITH worker AS (INSERT INTO app_user (gemeente, username, display_name, role)"
      "                VALUES ($1, '" EP_CLI_USER "', 'B. Jansen', 'casemanager'))"
      " INSERT INTO vindplaats (gemeente, id, type, naam, wijk)"
      " VALUES ($1, '" EP_CLI_VINDPLAATS "', 'wijkteam', 'Wijkteam Centrum',"
      "         'Hengelo-Centrum')",
      params, "add the case worker and the vindplaats", &error),
    error);

  ep_cli_use_cluster (ep_test_cluster);
  EP_ASSERT_RUN (
    ep_cli_run (NULL, "bsn", "keygen", NULL), EP_CLI_EXIT_OK,
    ep_cli_printf ("BSN-pseudoniemsleutel geschreven naar %s\n", ep_cli_path ("bsn-pseudonym.key")),
    "");
}

void
ep_cli_teardown (void)
{
  /* Every command found its database through the test's configuration: none fell back to an
   * embedded cluster of its own. */
  g_autofree gchar *var_dir = g_build_filename (test.dir, "var", NULL);
  gboolean made_var_dir = g_file_test (var_dir, G_FILE_TEST_EXISTS);

  g_clear_pointer (&test.owner, ep_db_close);
  g_clear_pointer (&test.gemeente, g_free);
  g_clear_pointer (&test.config, g_free);
  g_clear_pointer (&test.dir, g_free);
  g_clear_pointer (&test.texts, g_ptr_array_unref);
  g_clear_pointer (&test.nodes, g_ptr_array_unref);
  g_clear_pointer (&test.runs, g_ptr_array_unref);
  g_clear_pointer (&test.lines, g_ptr_array_unref);
  ck_assert_msg (!made_var_dir, "a command made %s instead of using the configuration", var_dir);
}

const gchar *
ep_cli_gemeente (void)
{
  return test.gemeente;
}

PGconn *
ep_cli_owner (void)
{
  return test.owner;
}

const gchar *
ep_cli_path (const gchar *name)
{
  return keep_text (g_build_filename (test.dir, name, NULL));
}

const gchar *
ep_cli_write_file (const gchar *name, const gchar *contents)
{
  const gchar *path = ep_cli_path (name);
  g_autoptr (GError) error = NULL;
  EP_ASSERT_NO_ERROR (g_file_set_contents (path, contents, -1, &error), error);
  return path;
}

void
ep_cli_use_cluster (EpTestDb *db)
{
  g_autoptr (GKeyFile) config = g_key_file_new ();
  g_autoptr (GError) error = NULL;

  g_key_file_set_string (config, "database", "url", db->app_conninfo);
  g_key_file_set_string (config, "database", "owner_url", db->owner_conninfo);
  g_key_file_set_string (config, "bsn", "pseudonym_key", ep_cli_path ("bsn-pseudonym.key"));
  g_key_file_set_string (config, "audit", "signing_key", ep_cli_path ("audit-signing-key.pem"));
  EP_ASSERT_NO_ERROR (g_key_file_save_to_file (config, test.config, &error), error);
}

/* ---- running the command ----------------------------------------------------------------- */

/* The command's environment (see ep_cli_run_env()). */
static gchar **
run_environment (const gchar *const *changes)
{
  g_auto (GStrv) inherited = g_get_environ ();
  g_autoptr (GStrvBuilder) kept = g_strv_builder_new ();
  for (gsize i = 0; inherited[i] != NULL; i++)
    if (!g_str_has_prefix (inherited[i], "EENPLAN_"))
      g_strv_builder_add (kept, inherited[i]);
  gchar **env = g_strv_builder_end (kept);

  g_autofree gchar *var_dir = g_build_filename (test.dir, "var", NULL);
  env = g_environ_setenv (env, "EENPLAN_CONFIG", test.config, TRUE);
  env = g_environ_setenv (env, "EENPLAN_VAR_DIR", var_dir, TRUE);
  env = g_environ_setenv (env, "EENPLAN_GEMEENTE", test.gemeente, TRUE);
  env = g_environ_setenv (env, "EENPLAN_GEBRUIKER", EP_CLI_USER, TRUE);
  env = g_environ_setenv (env, "LC_ALL", "C.UTF-8", TRUE);
  for (gsize i = 0; changes != NULL && changes[i] != NULL; i++)
    {
      const gchar *equals = strchr (changes[i], '=');
      g_autofree gchar *name
        = equals ? g_strndup (changes[i], (gsize) (equals - changes[i])) : g_strdup (changes[i]);
      env
        = equals ? g_environ_setenv (env, name, equals + 1, TRUE) : g_environ_unsetenv (env, name);
    }
  return env;
}

static void
close_if_open (int fd)
{
  if (fd >= 0)
    close (fd);
}

static gchar *
read_output (const gchar *path)
{
  gchar *text = NULL;
  g_autoptr (GError) error = NULL;
  EP_ASSERT_NO_ERROR (g_file_get_contents (path, &text, NULL, &error), error);
  return text;
}

const EpCliRun *
ep_cli_run_env (const gchar *const *env, const gchar *input, const gchar *const *args)
{
  const gchar *binary = g_getenv ("EP_EENPLAN");
  ck_assert_msg (binary != NULL, "EP_EENPLAN is not set (tests/cli/meson.build sets it)");

  EpCliRun *run = g_new0 (EpCliRun, 1);
  g_ptr_array_add (test.runs, run);
  g_autofree gchar *joined = g_strjoinv (" ", (gchar **) args);
  run->command = g_strconcat ("eenplan ", joined, NULL);

  g_autoptr (GStrvBuilder) argv_builder = g_strv_builder_new ();
  g_strv_builder_add (argv_builder, binary);
  g_strv_builder_addv (argv_builder, (const gchar **) args);
  g_auto (GStrv) argv = g_strv_builder_end (argv_builder);
  g_auto (GStrv) envp = run_environment (env);

  /* Standard input, output and error are files in the test's directory: with no pipe to drain,
   * the command cannot block however much it prints. */
  guint n = ++test.n_runs;
  const gchar *in_path = "/dev/null";
  if (input != NULL)
    {
      g_autofree gchar *in_name = g_strdup_printf ("run-%u.in", n);
      in_path = ep_cli_write_file (in_name, input);
    }
  g_autofree gchar *out_name = g_strdup_printf ("run-%u.out", n);
  g_autofree gchar *err_name = g_strdup_printf ("run-%u.err", n);
  const gchar *out_path = ep_cli_path (out_name), *err_path = ep_cli_path (err_name);
  int in_fd = g_open (in_path, O_RDONLY, 0);
  int out_fd = g_open (out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  int err_fd = g_open (err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  GPid pid = 0;
  g_autoptr (GError) error = NULL;
  gboolean started = in_fd >= 0 && out_fd >= 0 && err_fd >= 0
                     && g_spawn_async_with_pipes_and_fds (
                       test.dir, (const gchar *const *) argv, (const gchar *const *) envp,
                       G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, in_fd, out_fd, err_fd, NULL, NULL, 0,
                       &pid, NULL, NULL, NULL, &error);
  int saved_errno = errno;
  close_if_open (in_fd);
  close_if_open (out_fd);
  close_if_open (err_fd);
  ck_assert_msg (started, "cannot run %s: %s", run->command,
                 error ? error->message : g_strerror (saved_errno));

  int status = 0;
  while (waitpid (pid, &status, 0) < 0)
    ck_assert_msg (errno == EINTR, "waitpid: %s", g_strerror (errno));
  g_spawn_close_pid (pid);
  run->status = WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
  run->out = read_output (out_path);
  run->err = read_output (err_path);
  return run;
}

const EpCliRun *
ep_cli_run (const gchar *input, const gchar *first_arg, ...)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  va_list ap;

  va_start (ap, first_arg);
  for (const gchar *arg = first_arg; arg != NULL; arg = va_arg (ap, const gchar *))
    g_strv_builder_add (builder, arg);
  va_end (ap);
  g_auto (GStrv) args = g_strv_builder_end (builder);
  return ep_cli_run_env (NULL, input, (const gchar *const *) args);
}

/* ---- JSON -------------------------------------------------------------------------------- */

JsonNode *
ep_cli_parse (const gchar *text)
{
  g_autoptr (GError) error = NULL;
  JsonNode *node = ep_json_parse (text, -1, &error);
  ck_assert_msg (node != NULL, "not JSON (%s):\n%s", error ? error->message : "", text);
  g_ptr_array_add (test.nodes, node);
  return node;
}

JsonNode *
ep_cli_json (const EpCliRun *run)
{
  return ep_cli_parse (run->out);
}

const gchar *
ep_cli_to_text (JsonNode *node)
{
  return keep_text (ep_json_to_string (node, FALSE));
}

/* One step of a path: "persons[1]" is element 1 of member "persons"; *@index is -1 without one. */
static gboolean
parse_step (const gchar *step, gchar **name, gint *index)
{
  const gchar *bracket = strchr (step, '[');
  gchar *end = NULL;

  *index = -1;
  *name = bracket ? g_strndup (step, (gsize) (bracket - step)) : g_strdup (step);
  if (bracket == NULL)
    return TRUE;
  *index = (gint) g_ascii_strtoll (bracket + 1, &end, 10);
  return end != bracket + 1 && strcmp (end, "]") == 0 && *index >= 0;
}

void
ep_cli_json_set (JsonNode *root, const gchar *path, const gchar *value)
{
  g_auto (GStrv) steps = g_strsplit (path, ".", -1);
  JsonObject *object = json_node_get_object (root);

  for (gsize i = 0; steps[i] != NULL; i++)
    {
      g_autofree gchar *name = NULL;
      gint index;
      gboolean last = steps[i + 1] == NULL;
      ck_assert_msg (parse_step (steps[i], &name, &index), "%s: cannot read step %s", path,
                     steps[i]);
      if (last && index < 0)
        {
          if (value == NULL)
            json_object_remove_member (object, name);
          else
            json_object_set_member (object, name, json_node_copy (ep_cli_parse (value)));
          return;
        }
      JsonNode *member = json_object_get_member (object, name);
      ck_assert_msg (member != NULL, "%s: no member %s", path, name);
      if (index < 0)
        {
          ck_assert_msg (JSON_NODE_HOLDS_OBJECT (member), "%s: %s is no object", path, name);
          object = json_node_get_object (member);
          continue;
        }
      ck_assert_msg (JSON_NODE_HOLDS_ARRAY (member), "%s: %s is no array", path, name);
      JsonArray *array = json_node_get_array (member);
      guint length = json_array_get_length (array);
      if (last)
        {
          ck_assert_msg ((guint) index == length && value != NULL,
                         "%s: an element can only be appended", path);
          json_array_add_element (array, json_node_copy (ep_cli_parse (value)));
          return;
        }
      ck_assert_msg ((guint) index < length, "%s: %s has %u elements", path, name, length);
      object = json_array_get_object_element (array, (guint) index);
    }
}

const gchar *
ep_cli_fixture_path (void)
{
  const gchar *dir = g_getenv ("EP_FIXTURES_DIR");
  ck_assert_msg (dir != NULL, "EP_FIXTURES_DIR is not set (tests/cli/meson.build sets it)");
  return keep_text (g_build_filename (dir, "intake-jolanda.json", NULL));
}

const gchar *
ep_cli_fixture_text (void)
{
  return keep_text (read_output (ep_cli_fixture_path ()));
}

/* ---- text -------------------------------------------------------------------------------- */

const gchar *
ep_cli_printf (const gchar *format, ...)
{
  va_list ap;
  va_start (ap, format);
  gchar *text = g_strdup_vprintf (format, ap);
  va_end (ap);
  return keep_text (text);
}

const gchar *const *
ep_cli_lines (const gchar *text)
{
  gchar **lines = g_strsplit (text, "\n", -1);
  guint n = g_strv_length (lines);
  /* "a\nb\n" is two lines, not three. */
  if (n > 0 && *lines[n - 1] == '\0')
    g_clear_pointer (&lines[n - 1], g_free);
  g_ptr_array_add (test.lines, lines);
  return (const gchar *const *) lines;
}

/* ---- rows -------------------------------------------------------------------------------- */

static EpDbParams *
gemeente_params (va_list ap)
{
  EpDbParams *params = ep_db_params_new ();
  ep_db_params_add_text (params, test.gemeente);
  for (const gchar *value = va_arg (ap, const gchar *); value != NULL;
       value = va_arg (ap, const gchar *))
    ep_db_params_add_text (params, value);
  return params;
}

const gchar *
ep_cli_value (const gchar *sql, ...)
{
  va_list ap;
  va_start (ap, sql);
  g_autoptr (EpDbParams) params = gemeente_params (ap);
  va_end (ap);
  gchar *value = ep_test_query_value (test.owner, sql, params);
  return value != NULL ? keep_text (value) : NULL;
}

gint64
ep_cli_int (const gchar *sql, ...)
{
  va_list ap;
  va_start (ap, sql);
  g_autoptr (EpDbParams) params = gemeente_params (ap);
  va_end (ap);
  return ep_test_query_int (test.owner, sql, params);
}

#define COUNTED(table)                                                                             \
  {                                                                                                \
    table, "SELECT count(*) FROM " table " WHERE gemeente = $1"                                    \
  }

static const struct
{
  const gchar *table;
  const gchar *sql;
} counted[EP_CLI_N_COUNTED] = {
  COUNTED ("household"),   COUNTED ("person"),           COUNTED ("household_member"),
  COUNTED ("contact"),     COUNTED ("intake"),           COUNTED ("intake_person"),
  COUNTED ("intake_need"), COUNTED ("consent"),          COUNTED ("intake_addendum"),
  COUNTED ("audit_event"), COUNTED ("audit_checkpoint"), COUNTED ("access_log"),
};

EpCliCounts
ep_cli_counts (void)
{
  EpCliCounts counts;
  for (gsize i = 0; i < EP_CLI_N_COUNTED; i++)
    counts.n[i] = ep_cli_int (counted[i].sql, NULL);
  return counts;
}

void
ep_cli_assert_unchanged (const EpCliCounts *before, const gchar *what)
{
  EpCliCounts now = ep_cli_counts ();
  for (gsize i = 0; i < EP_CLI_N_COUNTED; i++)
    ck_assert_msg (now.n[i] == before->n[i],
                   "%s: %s has %" G_GINT64_FORMAT " rows of %s, had %" G_GINT64_FORMAT, what,
                   counted[i].table, now.n[i], test.gemeente, before->n[i]);
}

void
ep_cli_assert_input_refused (const gchar *document, const gchar *path, const gchar *value,
                             const gchar *noun, const gchar *verb, const gchar *message)
{
  JsonNode *input = ep_cli_parse (document);
  ep_cli_json_set (input, path, value);
  EpCliCounts before = ep_cli_counts ();

  const EpCliRun *run = ep_cli_run (ep_cli_to_text (input), noun, verb, "-", NULL);
  EP_ASSERT_RUN (run, EP_CLI_EXIT_FAILURE, "",
                 ep_cli_printf ("eenplan %s %s: %s\n", noun, verb, message));
  ep_cli_assert_unchanged (&before, path);
}

/* ---- test cases -------------------------------------------------------------------------- */

TCase *
ep_cli_tcase (const gchar *name)
{
  TCase *tc = tcase_create (name);
  tcase_add_checked_fixture (tc, ep_cli_setup, ep_cli_teardown);
  tcase_set_timeout (tc, 60);
  return tc;
}
