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

#include "ep-actor.h"
#include "ep-db-config.h"
#include "ep-db-conn.h"
#include "ep-db-pool.h"
#include "ep-signing.h"
#include "ep-vocab.h"

#include <json-glib/json-glib.h>

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
int cmd_plan (int argc, char **argv);
int cmd_user (int argc, char **argv);

/**
 * cli_parse:
 *
 * Parses @argv with @context; on failure prints the error and the usage.
 * Returns: TRUE when the command may go on.
 */
gboolean cli_parse (GOptionContext *context, int *argc, char ***argv);

/* TRUE when @text holds more than white space (an option given blank is not given). */
gboolean cli_given (const gchar *text);

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

/* As cli_connect() and cli_conninfo(), with the configuration already loaded. */
PGconn *cli_connect_with (const EpDbConfig *config, EpDbPurpose purpose, GError **error);
gchar *cli_conninfo_with (const EpDbConfig *config, EpDbPurpose purpose, GError **error);

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
 * Returns: (transfer full): the BSN pseudonym key @config names; NULL with a
 *   G_IO_ERROR (in Dutch, naming the file) when it is missing or malformed.
 */
GBytes *cli_load_pseudonym_key (const EpDbConfig *config, GError **error);

/**
 * cli_acting_user:
 * @gemeente: (nullable): --gemeente
 * @username: (nullable): --gebruiker
 *
 * Returns: (transfer full): the acting user (ep_actor_lookup()), whose context checks them again
 *   in every transaction; NULL with an error otherwise (G_OPTION_ERROR when either is missing).
 */
EpActor *cli_acting_user (PGconn *conn, const gchar *gemeente, const gchar *username,
                          GError **error);

/* ---- acting as a user of a municipality (cli-session.c) ------------------------------------- */

/* The options every such command takes: --gemeente, --gebruiker (defaults EENPLAN_GEMEENTE and
 * EENPLAN_GEBRUIKER) and --json. */
typedef struct
{
  gchar *gemeente;
  gchar *gebruiker;
  gboolean json;
} CliActorOptions;

void cli_actor_options_clear (CliActorOptions *options);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliActorOptions, cli_actor_options_clear)

/* Adds the actor's options to @context, their defaults read from the environment now. */
void cli_add_actor_options (GOptionContext *context, CliActorOptions *options);

/*
 * One command's run: the configuration (loaded once), then the connection and the acting user,
 * and the BSN pseudonym key when the command needs it. Each step returns EP_EXIT_OK, or the exit
 * code having printed why (so a command reads "if (rc != EP_EXIT_OK) return rc;").
 */
typedef struct
{
  const gchar *command; /* "intake record": names the command in messages */
  EpDbConfig *config;
  PGconn *conn;
  EpActor *actor;
  EpDbTxContext ctx; /* acts as @actor, checking them in every transaction */
  GBytes *pseudonym_key;
} CliSession;

void cli_session_clear (CliSession *session);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliSession, cli_session_clear)

/* Loads the configuration for @command. */
int cli_session_init (CliSession *session, const gchar *command);

/* The JSON document in @path (- for standard input), read with ep_json_decode() within the
 * configured limits. Returns: (transfer full): the document; NULL with *@rc set, having printed
 * why, when it cannot be read or is refused. */
JsonNode *cli_session_read_document (CliSession *session, const gchar *path, int *rc);

/* Connects and looks up the acting user of @actor (exit 2 when --gemeente or --gebruiker is
 * missing). */
int cli_session_connect (CliSession *session, const CliActorOptions *actor);

/* cli_session_init() and cli_session_connect() in one. */
int cli_session_open (CliSession *session, const gchar *command, const CliActorOptions *actor);

/* cli_session_init() and cli_session_read_document() in one: the document a command reads before
 * it connects, so that a bad one is refused before anything is opened. */
JsonNode *cli_session_open_document (CliSession *session, const gchar *command, const gchar *path,
                                     int *rc);

/* Returns: (transfer none): the BSN pseudonym key, loaded on first use; NULL with *@rc set. */
GBytes *cli_session_pseudonym_key (CliSession *session, int *rc);

/* Prints "eenplan COMMAND: message" (the message names the JSON path where it has one).
 * Returns: cli_exit_code (@error). */
int cli_session_fail (const CliSession *session, const GError *error);

/* A required option that was not given: prints "eenplan COMMAND: geef OPTION, MEANING".
 * Returns: EP_EXIT_USAGE. */
int cli_missing_option (const gchar *command, const gchar *option, const gchar *meaning);

/* Prints @node (transfer full) for scripts, indented, and frees it. */
void cli_print_json (JsonNode *node);

/* ---- showing to people (cli-show.c) ------------------------------------------------------- */

/* The Dutch label of @value in @vocab, or "?". */
const gchar *cli_label (const EpVocabulary *vocab, gint value);

/* "Jolanda de Voorbeeld": the parts that are known. Returns: (transfer full). */
gchar *cli_full_name (const gchar *given_names, const gchar *prefix, const gchar *surname);

/* "7551AB 12A (Hengelo-Centrum)". Returns: (transfer full). */
gchar *cli_address (const gchar *postcode, gint huisnummer, const gchar *toevoeging,
                    const gchar *wijk);

G_END_DECLS
