/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-db-config.h: where the database is, and where the keys are.
 *
 * In order of precedence:
 *   1. EENPLAN_DATABASE_URL — a libpq connection string or URI, used as is:
 *      run `eenplan migrate` with the owner role's and `eenplan serve` with
 *      the application role's;
 *   2. the configuration file (EENPLAN_CONFIG, default ./eenplan.conf), a
 *      GKeyFile with `url` (application role) and optionally `owner_url`
 *      (schema owner, for migrations) in group [database];
 *   3. the embedded development cluster under EENPLAN_VAR_DIR (default
 *      ./var), started on demand by the caller.
 *
 * The Ed25519 key that signs audit checkpoints (a PEM file): EENPLAN_AUDIT_KEY,
 * else `signing_key` in group [audit] of the configuration file, else
 * audit-signing-key.pem in EENPLAN_VAR_DIR (what `eenplan audit keygen`
 * writes by default).
 *
 * The audit checkpoint file, a witness of every checkpoint outside
 * PostgreSQL: EENPLAN_AUDIT_CHECKPOINT_FILE, else `checkpoint_file` in group
 * [audit], else audit-checkpoints.log in EENPLAN_VAR_DIR on the embedded
 * cluster; with a configured database and neither, none.
 *
 * The secret that BSN pseudonyms are keyed with (64 hexadecimal digits):
 * EENPLAN_PSEUDONYM_KEY, else `pseudonym_key` in group [bsn], else
 * bsn-pseudonym.key in EENPLAN_VAR_DIR (what `eenplan bsn keygen` writes).
 *
 * The longest JSON document read from outside (an intake, a household, a
 * contact, a consent), in bytes: EENPLAN_MAX_DOCUMENT_BYTES, else
 * `max_document_bytes` in group [input], else EP_JSON_DEFAULT_MAX_BYTES (1 MiB).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  EP_DB_PURPOSE_APP,   /* the server and day-to-day commands */
  EP_DB_PURPOSE_OWNER, /* migrations and demo data */
} EpDbPurpose;

typedef struct
{
  gchar *conninfo;              /* NULL when the embedded cluster is to be used */
  gchar *source;                /* "EENPLAN_DATABASE_URL", the file's path, or "embedded" */
  gchar *var_dir;               /* the embedded cluster's directory (always set) */
  gchar *audit_key_path;        /* the checkpoint signing key's file (always set; may not exist) */
  gchar *pseudonym_key_path;    /* the BSN pseudonym key's file (always set; may not exist) */
  gchar *audit_checkpoint_file; /* the checkpoint file (may not exist); NULL: none configured */
  gsize max_document_bytes;     /* the longest JSON document read from outside */
} EpDbConfig;

void ep_db_config_free (EpDbConfig *config);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EpDbConfig, ep_db_config_free)

/**
 * ep_db_config_load:
 * @purpose: which role the connection is for
 *
 * Reads the environment and the configuration file (if present).
 *
 * Returns: (transfer full): the configuration, or NULL with EP_DB_ERROR_CONFIG
 * when the configuration file exists but cannot be read or lacks `url`, or
 * the document limit is not a whole number of bytes from 1 KiB to 64 MiB.
 */
EpDbConfig *ep_db_config_load (EpDbPurpose purpose, GError **error);

/**
 * ep_db_config_resolve:
 *
 * The connection string to use: the configured one, or the embedded
 * cluster's for @purpose (which the caller must have started).
 *
 * Returns: (transfer full): a libpq connection string.
 */
gchar *ep_db_config_resolve (const EpDbConfig *config, EpDbPurpose purpose);

G_END_DECLS
