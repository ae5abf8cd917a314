/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-db-conn.h: one PostgreSQL connection, parameters out of line, results by
 * column name.
 *
 * Every statement goes through ep_db_exec(): the SQL text is a constant with
 * $1…$n placeholders and the values travel separately in an EpDbParams, so no
 * value is ever spliced into SQL. The caller names the result status it
 * expects; anything else becomes a GError (see ep-db-error.h).
 */
#pragma once

#include <glib.h>
#include <libpq-fe.h>

#include "ep-db-error.h"
#include "ep-vocab.h"

G_BEGIN_DECLS

/**
 * ep_db_close:
 *
 * Closes @conn (PQfinish) and forgets what was prepared on it. Use this, or
 * g_autoptr (PGconn), rather than PQfinish() on connections that ran
 * ep_db_exec_prepared().
 */
void ep_db_close (PGconn *conn);

/**
 * ep_db_connect_like:
 * @conn: an open connection
 *
 * Opens another connection to the same database as the same role, with the
 * options @conn was opened with: for work split over connections.
 *
 * Returns: (transfer full): the connection, or NULL with an EP_DB_ERROR.
 */
PGconn *ep_db_connect_like (PGconn *conn, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, ep_db_close)

/**
 * ep_db_connect:
 * @conninfo: a libpq connection string or URI
 *
 * Opens a connection with client_encoding UTF8 and application_name
 * "eenplan" (unless @conninfo names another).
 *
 * Returns: (transfer full): the connection, or NULL with EP_DB_ERROR_UNAVAILABLE
 * (server unreachable, authentication refused) or EP_DB_ERROR_CONFIG
 * (@conninfo cannot be parsed).
 */
PGconn *ep_db_connect (const gchar *conninfo, GError **error);

/* Parameters for one statement, kept as text in libpq's format. */
typedef struct _EpDbParams EpDbParams;

/**
 * ep_db_params_new:
 *
 * Returns: (transfer full): an empty parameter list; free with ep_db_params_free().
 */
EpDbParams *ep_db_params_new (void);
void ep_db_params_free (EpDbParams *params);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EpDbParams, ep_db_params_free)

/* Each adder appends the next $n; text values are copied. */
void ep_db_params_add_text (EpDbParams *params, const gchar *value); /* NULL → SQL NULL */
void ep_db_params_add_int64 (EpDbParams *params, gint64 value);
void ep_db_params_add_bool (EpDbParams *params, gboolean value);
void ep_db_params_add_null (EpDbParams *params);
guint ep_db_params_count (const EpDbParams *params);

/**
 * ep_db_exec:
 * @conn: an open connection
 * @sql: one statement with $n placeholders (a constant, never built from input)
 * @params: (nullable): the values for the placeholders
 * @expected: PGRES_COMMAND_OK or PGRES_TUPLES_OK
 * @what: a short name for the statement, used in error messages
 *
 * Runs @sql with PQexecParams and checks that the result status is @expected.
 *
 * Returns: (transfer full): the result, or NULL with @error set from the
 * SQLSTATE (see ep_db_set_error_from_result()).
 */
PGresult *ep_db_exec (PGconn *conn, const gchar *sql, const EpDbParams *params,
                      ExecStatusType expected, const gchar *what, GError **error);

/**
 * ep_db_exec_binary:
 *
 * ep_db_exec() for a query whose rows are wanted in libpq's binary format
 * (integers in network byte order, timestamps as microseconds since
 * 2000-01-01, bytea and UUIDs as raw bytes, text as is): for readers that
 * stream many rows and would otherwise parse text.
 *
 * Returns: (transfer full): a PGRES_TUPLES_OK result, or NULL with @error set.
 */
PGresult *ep_db_exec_binary (PGconn *conn, const gchar *sql, const EpDbParams *params,
                             const gchar *what, GError **error);

/**
 * ep_db_exec_prepared:
 * @name: a name for @sql (e.g. "audit_record"), shown in pg_prepared_statements
 * @result_format: 0 for text, 1 for binary rows
 *
 * As ep_db_exec(), but for statements on a hot path: the first call on a
 * connection prepares @sql, later calls only bind and execute, so the server
 * parses and plans it once per connection instead of each time. Statements
 * are told apart by their text: on the server @sql is prepared as @name
 * with a number ("audit_record_3"), so two call sites that use one name
 * still each run their own SQL. A server restart or a new connection
 * prepares again, and so does a statement the server forgot (DISCARD ALL,
 * as pgbouncer runs between clients): outside a transaction block it is
 * prepared and run again at once; inside one the transaction is aborted,
 * and the error is EP_DB_ERROR_STATEMENT_GONE, which ep_db_run_tx() retries.
 *
 * Returns: (transfer full): the result, or NULL with @error set.
 */
PGresult *ep_db_exec_prepared (PGconn *conn, const gchar *name, const gchar *sql,
                               const EpDbParams *params, ExecStatusType expected, int result_format,
                               const gchar *what, GError **error);

/**
 * EpDbRowFunc:
 * @row: a result holding one row (row 0), valid during the call
 *
 * Returns: TRUE to go on, FALSE to stop the stream.
 */
typedef gboolean (*EpDbRowFunc) (const PGresult *row, gpointer user_data);

/**
 * ep_db_stream_binary:
 *
 * Runs a query and hands its rows, in binary format, one at a time to
 * @func (libpq's single-row mode): constant memory however many rows, and
 * unlike a cursor the server may plan it in parallel. When @func stops the
 * stream and the query is still running, the query is cancelled; inside a
 * transaction that leaves the transaction aborted (PQtransactionStatus()
 * says PQTRANS_INERROR), so only roll back after that. A query that has
 * already ended is not cancelled, and no cancel outlives the call to hit a
 * later statement. On every path the connection is ready for the next
 * statement when this returns.
 *
 * Returns: TRUE when every row was handed over or @func stopped; FALSE
 * with @error set when the query failed.
 */
gboolean ep_db_stream_binary (PGconn *conn, const gchar *sql, const EpDbParams *params,
                              EpDbRowFunc func, gpointer user_data, const gchar *what,
                              GError **error);

/**
 * ep_db_exec_command:
 *
 * ep_db_exec() for a statement that returns no rows; the result is dropped.
 *
 * Returns: TRUE on PGRES_COMMAND_OK, else FALSE with @error set.
 */
gboolean ep_db_exec_command (PGconn *conn, const gchar *sql, const EpDbParams *params,
                             const gchar *what, GError **error);

/**
 * ep_db_exec_script:
 * @sql: trusted SQL text with no parameters, possibly several statements
 *
 * Runs a whole script with PQexec (the simple-query protocol). Only for SQL
 * that ships with the program (migrations, fixed set-up), never for input.
 *
 * Returns: TRUE if every statement succeeded, else FALSE with @error set.
 */
gboolean ep_db_exec_script (PGconn *conn, const gchar *sql, const gchar *what, GError **error);

/**
 * ep_db_column:
 *
 * Returns: the index of column @name in @res. A missing column is a
 * programmer error (the SQL and the reader disagree): it is reported with
 * g_critical and -1 is returned.
 */
gint ep_db_column (const PGresult *res, const gchar *name);

/* Typed readers by column name. NULL values read as NULL / @fallback. */
const gchar *ep_db_get_text (const PGresult *res, gint row, const gchar *name);
gint64 ep_db_get_int64 (const PGresult *res, gint row, const gchar *name, gint64 fallback);
gboolean ep_db_get_bool (const PGresult *res, gint row, const gchar *name);
gboolean ep_db_is_null (const PGresult *res, gint row, const gchar *name);

/**
 * ep_db_dup_text:
 *
 * Returns: (transfer full) (nullable): a copy of column @name's text in @row,
 * or NULL for SQL NULL.
 */
gchar *ep_db_dup_text (const PGresult *res, gint row, const gchar *name);

/**
 * ep_db_get_code:
 *
 * Reads a code column whose CHECK constraint keeps it in @vocab.
 *
 * Returns: the enum value of the code in column @name of @row. A code outside
 * @vocab is a programmer error (the schema and the vocabulary disagree): it is
 * reported with g_warning and 0 is returned.
 */
gint ep_db_get_code (const EpVocabulary *vocab, const PGresult *res, gint row, const gchar *name);

G_END_DECLS
