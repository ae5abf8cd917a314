/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-test-helpers.h: helpers the suites against a throw-away cluster share (db and cli): the
 * cluster of the test program, assertions on errors, unique markers, parameter lists, and
 * one-value queries that fail the test on any error.
 */
#pragma once

#include <check.h>
#include <glib.h>
#include <libpq-fe.h>

#include "ep-db-conn.h"
#include "ep-db-error.h"
#include "ep-test-db.h"

G_BEGIN_DECLS

/* The running, migrated cluster of this test program (set by its main.c). */
extern EpTestDb *ep_test_cluster;

/*
 * EP_ASSERT_DB_ERROR (error, want_code): asserts that @error is set and in
 * EP_DB_ERROR with @want_code. A macro so that Check reports the caller's line.
 */
#define EP_ASSERT_DB_ERROR(error, want_code)                                                       \
  do                                                                                               \
    {                                                                                              \
      const GError *e_ = (error);                                                                  \
      ck_assert_msg (e_ != NULL, "expected EP_DB_ERROR code %d (%s), got no error",                \
                     (int) (want_code), #want_code);                                               \
      ck_assert_msg (g_error_matches (e_, EP_DB_ERROR, (want_code)),                               \
                     "expected EP_DB_ERROR code %d (%s), got %s code %d: %s", (int) (want_code),   \
                     #want_code, g_quark_to_string (e_->domain), e_->code, e_->message);           \
    }                                                                                              \
  while (0)

/* EP_ASSERT_NO_ERROR (ok, error): evaluates @ok (typically the call under test),
 * then asserts it and shows @error's message if not. */
#define EP_ASSERT_NO_ERROR(ok, error)                                                              \
  do                                                                                               \
    {                                                                                              \
      gboolean ok_ = (ok);                                                                         \
      const GError *e_ = (error);                                                                  \
      ck_assert_msg (ok_, "unexpected failure: %s", e_ != NULL ? e_->message : "(no GError)");     \
    }                                                                                              \
  while (0)

/**
 * ep_test_marker:
 *
 * Returns: (transfer full): 32 random lowercase hexadecimal characters, to
 * name a test's own rows, databases and users.
 */
gchar *ep_test_marker (void);

/**
 * ep_test_random_bsn:
 *
 * Returns: (transfer full): a valid BSN (elfproef) of eight random digits and the check digit,
 *   so that tests sharing a cluster do not meet each other's persons.
 */
gchar *ep_test_random_bsn (void);

/**
 * ep_test_params:
 * @first: (nullable): the first text value, or NULL for none
 *
 * Returns: (transfer full): an EpDbParams holding the NULL-terminated list of
 * text values.
 */
EpDbParams *ep_test_params (const gchar *first, ...) G_GNUC_NULL_TERMINATED;

/**
 * ep_test_query_value:
 *
 * Runs @sql (one row, one column expected) on @conn; fails the current test
 * on any error or another shape of result.
 *
 * Returns: (transfer full) (nullable): the value as text, NULL for SQL NULL.
 */
gchar *ep_test_query_value (PGconn *conn, const gchar *sql, const EpDbParams *params);

/**
 * ep_test_query_int:
 *
 * As ep_test_query_value() for an integer result (a count, typically); a SQL
 * NULL fails the test.
 */
gint64 ep_test_query_int (PGconn *conn, const gchar *sql, const EpDbParams *params);

/**
 * ep_test_connect_db:
 * @conninfo: a connection string of the test cluster
 * @dbname: (nullable): another database than the one @conninfo names
 *
 * Returns: (transfer full): the connection; fails the current test if none.
 */
PGconn *ep_test_connect_db (const gchar *conninfo, const gchar *dbname);

/**
 * ep_test_wait_for_port:
 * @log_path: where `eenplan serve` (child @pid) writes its log
 *
 * Returns: the port in the server's "msg=listening port=N" log line, waiting up to 30 s for it;
 *   0 when it did not come or the child ended first.
 */
guint ep_test_wait_for_port (const gchar *log_path, GPid pid);

G_END_DECLS
