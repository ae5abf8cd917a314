/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * cli-private.h: what the `eenplan` subcommands share.
 *
 * Each subcommand is one function `int cmd_x (int argc, char **argv)` that
 * parses its options with GOptionContext, calls one module function, and
 * maps the result to an exit code and a message for people (in Dutch, with
 * the module's precise detail). Only cli/ chooses exit codes.
 */
#pragma once

#include <glib.h>
#include <libpq-fe.h>

#include "ep-db-config.h"
#include "ep-db-conn.h"
#include "ep-db-pool.h"
#include "ep-signing.h"

G_BEGIN_DECLS

/* Exit codes of `eenplan`, documented in README.md and `eenplan --help`. */
enum
{
  EP_EXIT_OK = 0,
  EP_EXIT_FAILURE = 1,          /* the command failed (see the message) */
  EP_EXIT_USAGE = 2,            /* wrong options or arguments */
  EP_EXIT_DB_UNAVAILABLE = 3,   /* the database cannot be reached or started */
  EP_EXIT_MIGRATION_REFUSED = 4 /* migrations refused: changed or unknown file */
};

int cmd_serve (int argc, char **argv);
int cmd_migrate (int argc, char **argv);
int cmd_db (int argc, char **argv);
int cmd_demo (int argc, char **argv);
int cmd_version (int argc, char **argv);
int cmd_audit (int argc, char **argv);
int cmd_bsn (int argc, char **argv);
int cmd_intake (int argc, char **argv);
int cmd_consent (int argc, char **argv);
int cmd_contact (int argc, char **argv);
int cmd_household (int argc, char **argv);

/**
 * cli_parse:
 *
 * Parses @argv with @context; on failure prints the error and the usage.
 * Returns: TRUE when the command may go on.
 */
gboolean cli_parse (GOptionContext *context, int *argc, char ***argv);

/**
 * cli_fail:
 * @what: what failed, as a Dutch sentence ("kon de migraties niet uitvoeren"); whole, because
 *   where "niet" goes depends on the verb
 *
 * Prints "eenplan: <what>: <detail>" on stderr.
 * Returns: cli_exit_code (@error).
 */
int cli_fail (const gchar *what, const GError *error);

/**
 * cli_exit_code:
 *
 * Returns: the exit code for @error: EP_EXIT_DB_UNAVAILABLE when the database cannot be reached,
 *   EP_EXIT_MIGRATION_REFUSED when a migration is refused, EP_EXIT_FAILURE otherwise.
 */
int cli_exit_code (const GError *error);

/**
 * cli_connect:
 *
 * Finds the database for @purpose (ep-db-config.h), starting the embedded
 * cluster when none is configured, and connects.
 * Returns: (transfer full): the connection, or NULL with @error set.
 */
PGconn *cli_connect (EpDbPurpose purpose, GError **error);

/**
 * cli_conninfo:
 *
 * As cli_connect(), but returns the connection string (for a pool).
 */
gchar *cli_conninfo (EpDbPurpose purpose, GError **error);

/**
 * cli_load_signing_key:
 * @required: FALSE to return NULL without error when no key file exists
 *
 * Loads the audit checkpoint key named by the configuration (ep-db-config.h).
 * Returns: (transfer full): the private key, or NULL (with @error set unless
 * the key is simply absent and not @required).
 */
EpSigningKey *cli_load_signing_key (gboolean required, GError **error);

/**
 * cli_checkpoint_file:
 *
 * The audit checkpoint file the configuration names (ep-db-config.h).
 * Returns: (transfer full): its path (it may not exist yet), or NULL: none
 * is configured (@error set only when the configuration cannot be read).
 */
gchar *cli_checkpoint_file (GError **error);

/**
 * cli_write_secret:
 *
 * Writes @contents to a new file @path (mode 0600, parents made, never over
 * an existing file, synced to disk).
 *
 * Returns: TRUE; FALSE with a G_IO_ERROR in Dutch.
 */
gboolean cli_write_secret (const gchar *path, const gchar *contents, GError **error);

/* The BSN pseudonym key: 32 random bytes, kept as 64 hexadecimal characters. */
#define CLI_PSEUDONYM_KEY_BYTES 32

/**
 * cli_load_pseudonym_key:
 *
 * Returns: (transfer full): the configured BSN pseudonym key; NULL with a
 *   G_IO_ERROR (in Dutch, naming the file) when it is missing or malformed.
 */
GBytes *cli_load_pseudonym_key (GError **error);

/**
 * cli_acting_user:
 * @gemeente: (nullable): --gemeente
 * @username: (nullable): --gebruiker
 * @ctx: (out): the transaction context to act in (borrows @gemeente,
 *   @username and *@role)
 * @role: (out) (transfer full): the user's role
 *
 * Returns: TRUE when @username is an active user of @gemeente; FALSE with an
 *   error otherwise (G_OPTION_ERROR when either is missing).
 */
gboolean cli_acting_user (PGconn *conn, const gchar *gemeente, const gchar *username,
                          EpDbTxContext *ctx, gchar **role, GError **error);

G_END_DECLS
