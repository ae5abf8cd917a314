/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-db-error.h: the error domain of the db/ module.
 *
 * Every failure that reaches the caller from db/ is a GError in EP_DB_ERROR.
 * Server errors are mapped from their SQLSTATE (compared as strings, as
 * PostgreSQL's own tools do), so callers can react to a unique violation or a
 * lost connection without parsing message text. Messages name the constraint
 * or the statement's failing part, never the row's values: DETAIL lines can
 * hold personal data and are not copied.
 */
#pragma once

#include <glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

#define EP_DB_ERROR (ep_db_error_quark ())
GQuark ep_db_error_quark (void);

typedef enum
{
  EP_DB_ERROR_FAILED,                /* any other server error */
  EP_DB_ERROR_CONFIG,                /* no usable configuration */
  EP_DB_ERROR_UNAVAILABLE,           /* cannot connect, or the connection was lost (08xxx, 57P0x) */
  EP_DB_ERROR_POOL_TIMEOUT,          /* no connection became free in time */
  EP_DB_ERROR_UNIQUE_VIOLATION,      /* 23505 */
  EP_DB_ERROR_FOREIGN_KEY_VIOLATION, /* 23503 */
  EP_DB_ERROR_CHECK_VIOLATION,       /* 23514 */
  EP_DB_ERROR_NOT_NULL_VIOLATION,    /* 23502 */
  EP_DB_ERROR_EXCLUSION_VIOLATION,   /* 23P01 */
  EP_DB_ERROR_SERIALIZATION_FAILURE, /* 40001: retried by ep_db_pool_run_tx() */
  EP_DB_ERROR_DEADLOCK,              /* 40P01: retried by ep_db_pool_run_tx() */
  EP_DB_ERROR_PERMISSION_DENIED,     /* 42501, also row-level security refusals */
  EP_DB_ERROR_ALREADY_EXISTS,        /* 42P04, 42710, 42P07: duplicate database, object, table */
  EP_DB_ERROR_RAISED,                /* P0001: RAISE EXCEPTION from our own triggers */
  EP_DB_ERROR_MIGRATION_CHECKSUM,    /* an applied migration file was changed */
  EP_DB_ERROR_MIGRATION_UNKNOWN,     /* the database has a migration this binary lacks */
  EP_DB_ERROR_MIGRATION_FAILED,      /* a migration's SQL failed; it was rolled back */
  EP_DB_ERROR_CLUSTER,               /* the embedded cluster could not be set up or run */
  EP_DB_ERROR_STATEMENT_GONE,        /* 26000: a prepared statement was forgotten; retried */
} EpDbError;

/**
 * ep_db_error_from_sqlstate:
 * @sqlstate: (nullable): a five-character SQLSTATE
 *
 * Returns: the EpDbError code for @sqlstate; EP_DB_ERROR_FAILED for codes that
 * have no specific mapping and for NULL.
 */
EpDbError ep_db_error_from_sqlstate (const gchar *sqlstate);

/**
 * ep_db_set_error_from_result:
 * @error: return location
 * @conn: the connection that produced @res
 * @res: (nullable): a failed result, or NULL when PQexec* returned none
 * @what: a short description of the statement for the message ("migration 0002")
 *
 * Sets @error from the SQLSTATE and primary message of @res (or from the
 * connection's state when @res is NULL or has no SQLSTATE). Only the primary
 * message and the constraint name are used, never DETAIL; the constraint's
 * name is kept apart as well, for ep_db_error_get_constraint().
 */
void ep_db_set_error_from_result (GError **error, PGconn *conn, const PGresult *res,
                                  const gchar *what);

/**
 * ep_db_error_get_constraint:
 * @error: (nullable): an error
 *
 * Returns: (transfer none) (nullable): the name of the constraint the server
 * named in @error (a unique violation's index, say), or NULL when @error is
 * not an EP_DB_ERROR or named none.
 */
const gchar *ep_db_error_get_constraint (const GError *error);

/**
 * ep_db_error_is_retryable:
 *
 * Returns: TRUE for serialization failures, deadlocks and prepared statements
 * the server forgot (ep_db_exec_prepared() forgets them too, and prepares
 * them again): the transaction can be run again from its start.
 */
gboolean ep_db_error_is_retryable (const GError *error);

G_END_DECLS
