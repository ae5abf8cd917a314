/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * cli-suites.h: the Check suites of the `eenplan` command, and what they share.
 *
 * The tests run the real, built binary (EP_EENPLAN, set by tests/cli/meson.build) as a child
 * process, the way an operator or a script runs it, and look at three things: its exit code,
 * its output, and the rows in PostgreSQL (read as the owner, who is not subject to row-level
 * security).
 *
 * main.c starts the throw-away cluster of tests/common (ep_test_cluster) and a second, empty one
 * for `eenplan demo load` (ep_cli_demo_cluster). The checked fixture (ep_cli_setup) gives every
 * test a directory of its own below a directory main.c removes at the end: the command's
 * working directory, holding its configuration file (EENPLAN_CONFIG: the database for both roles,
 * the BSN pseudonym key, the audit signing key), its input files and what it printed. The
 * fixture also adds a municipality of its own (GM9000…, see test-audit-common.h) with a case
 * worker (EP_CLI_USER) and the vindplaats the intake fixture names, and makes the BSN key with
 * `eenplan bsn keygen`. So no test sees another's rows, and the tests pass in any order and with
 * CK_FORK=no. The developer's ./var cluster and ./eenplan.conf are never used: the command runs
 * with EENPLAN_VAR_DIR inside the test's directory, and the teardown asserts that it never made
 * an embedded cluster there.
 *
 * What a test allocates for its checks (runs, parsed JSON, formatted text) is kept by the fixture
 * and freed by the teardown, so that a check that fails half-way leaks nothing with CK_FORK=no.
 */
#pragma once

#include "db-suites.h"

#include <json-glib/json-glib.h>
#include <string.h>

G_BEGIN_DECLS

/* The exit codes README.md documents for `eenplan` (the contract, so spelled out here rather
 * than taken from cli/cli-private.h). */
#define EP_CLI_EXIT_OK 0
#define EP_CLI_EXIT_FAILURE 1
#define EP_CLI_EXIT_USAGE 2
#define EP_CLI_EXIT_DB_UNAVAILABLE 3

/* The case worker every test acts as (EENPLAN_GEBRUIKER), and the vindplaats of the intake
 * fixture docs/examples/intake-jolanda.json, both made in the test's municipality. */
#define EP_CLI_USER "b.jansen"
#define EP_CLI_VINDPLAATS "0190a000-0000-7000-8000-000000000001"

/* The empty, migrated cluster of the demo test (set by main.c). */
extern EpTestDb *ep_cli_demo_cluster;

/* The directory below which each test makes its own (made and removed by main.c). */
extern gchar *ep_cli_base_dir;

/* One run of the command. */
typedef struct
{
  gchar *command; /* "eenplan household show …", for messages */
  gint status;    /* the exit code; 128 + the signal's number when a signal ended it */
  gchar *out;     /* standard output */
  gchar *err;     /* standard error */
} EpCliRun;

/* The checked fixture of every test case (see above), and its teardown. */
void ep_cli_setup (void);
void ep_cli_teardown (void);

/* Returns: (transfer none): the test's municipality (CBS code). */
const gchar *ep_cli_gemeente (void);

/* Returns: (transfer none): a connection as the owner to the main cluster, open for the test. */
PGconn *ep_cli_owner (void);

/* Returns: (transfer none): the path of @name in the test's directory. */
const gchar *ep_cli_path (const gchar *name);

/* Writes @contents to @name in the test's directory; fails the test on error.
 * Returns: (transfer none): its path. */
const gchar *ep_cli_write_file (const gchar *name, const gchar *contents);

/* Points the test's configuration file at @db (both roles), keeping the key paths. */
void ep_cli_use_cluster (EpTestDb *db);

/**
 * ep_cli_run_env:
 * @env: (nullable) (array zero-terminated=1): changes to the command's environment:
 *   "NAME=VALUE" sets, "NAME" unsets
 * @input: (nullable): its standard input; NULL for none (/dev/null)
 * @args: (array zero-terminated=1): the arguments after `eenplan`
 *
 * Runs the command in the test's directory, with EENPLAN_CONFIG naming the test's configuration
 * file, EENPLAN_VAR_DIR inside the test's directory, EENPLAN_GEMEENTE and EENPLAN_GEBRUIKER set to
 * the test's municipality and EP_CLI_USER, every other EENPLAN_ variable unset and LC_ALL=C.UTF-8
 * (so the texts GLib adds are the same everywhere), then @env applied. Waits for it to end; fails
 * the test when it cannot be started.
 *
 * Returns: (transfer none): what it did.
 */
const EpCliRun *ep_cli_run_env (const gchar *const *env, const gchar *input,
                                const gchar *const *args);

/* As ep_cli_run_env() without changes to the environment; the arguments end with NULL. */
const EpCliRun *ep_cli_run (const gchar *input, const gchar *first_arg, ...) G_GNUC_NULL_TERMINATED;

/*
 * EP_ASSERT_RUN (run, want_status, want_out, want_err): asserts the exit code and, unless NULL,
 * the exact standard output and standard error; the message shows the command and all it
 * printed. A macro, so that Check reports the caller's line.
 */
#define EP_ASSERT_RUN(run, want_status, want_out, want_err)                                        \
  do                                                                                               \
    {                                                                                              \
      const EpCliRun *r_ = (run);                                                                  \
      const gchar *want_out_ = (want_out), *want_err_ = (want_err);                                \
      ck_assert_msg (r_->status == (want_status),                                                  \
                     "%s: exit code %d, want %d\n--- stdout:\n%s--- stderr:\n%s", r_->command,     \
                     r_->status, (want_status), r_->out, r_->err);                                 \
      ck_assert_msg (want_out_ == NULL || strcmp (r_->out, want_out_) == 0,                        \
                     "%s: stdout is\n%s--- want\n%s", r_->command, r_->out, want_out_);            \
      ck_assert_msg (want_err_ == NULL || strcmp (r_->err, want_err_) == 0,                        \
                     "%s: stderr is\n%s--- want\n%s", r_->command, r_->err, want_err_);            \
    }                                                                                              \
  while (0)

/* Returns: (transfer none): @run's standard output parsed as JSON; fails the test if it is not. */
JsonNode *ep_cli_json (const EpCliRun *run);

/* Returns: (transfer none): the JSON document in @text; fails the test if it is not one. */
JsonNode *ep_cli_parse (const gchar *text);

/* Returns: (transfer none): @node as compact JSON text. */
const gchar *ep_cli_to_text (JsonNode *node);

/**
 * ep_cli_json_set:
 * @path: a member path as the CLI names it: "colour", "household.postcode",
 *   "assessments[3].score", or "persons[1]" one past the end to append
 * @value: (nullable): the new value as JSON text; NULL removes the member
 *
 * Changes @root in place; fails the test when @path does not lead anywhere.
 */
void ep_cli_json_set (JsonNode *root, const gchar *path, const gchar *value);

/* Returns: (transfer none): the intake fixture docs/examples/intake-jolanda.json as text, and
 * its path. */
const gchar *ep_cli_fixture_text (void);
const gchar *ep_cli_fixture_path (void);

/* Returns: (transfer none): a formatted string. */
const gchar *ep_cli_printf (const gchar *format, ...) G_GNUC_PRINTF (1, 2);

/**
 * ep_cli_value:
 * @sql: one row, one column; $1 is the test's municipality, $2… the further arguments
 *
 * Runs @sql as the owner on the main cluster; fails the test on any error.
 *
 * Returns: (transfer none) (nullable): the value as text, NULL for SQL NULL.
 */
const gchar *ep_cli_value (const gchar *sql, ...) G_GNUC_NULL_TERMINATED;

/* As ep_cli_value() for an integer (a count, typically). */
gint64 ep_cli_int (const gchar *sql, ...) G_GNUC_NULL_TERMINATED;

/* Rows of the test's municipality in every table a command of these tests writes to. */
#define EP_CLI_N_COUNTED 12
typedef struct
{
  gint64 n[EP_CLI_N_COUNTED];
} EpCliCounts;

EpCliCounts ep_cli_counts (void);

/* Fails the test, naming the table and @what, when a count differs from @before. */
void ep_cli_assert_unchanged (const EpCliCounts *before, const gchar *what);

/*
 * Sets @path in @document (JSON text) to @value (ep_cli_json_set()), gives the result on standard
 * input to `eenplan NOUN VERB -`, and asserts exit 1, no output, "eenplan NOUN VERB: @message" on
 * standard error, and every count unchanged.
 */
void ep_cli_assert_input_refused (const gchar *document, const gchar *path, const gchar *value,
                                  const gchar *noun, const gchar *verb, const gchar *message);

/* Returns: (transfer none): @text's lines, without their line ends. */
const gchar *const *ep_cli_lines (const gchar *text);

/* A TCase with the fixture and a timeout. */
TCase *ep_cli_tcase (const gchar *name);

Suite *ep_cli_household_suite (void);
Suite *ep_cli_intake_suite (void);
Suite *ep_cli_audit_suite (void);
Suite *ep_cli_demo_suite (void);
Suite *ep_cli_usage_suite (void);
Suite *ep_cli_user_suite (void);
Suite *ep_cli_plan_suite (void);

G_END_DECLS
