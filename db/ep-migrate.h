/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-migrate.h: the migrations runner.
 *
 * Migrations are plain SQL files named NNNN_description.sql, compiled into
 * the binary as a GResource (see migrations/meson.build) so an installed
 * eenplan needs no source tree. Each is applied in its own transaction,
 * together with its row in schema_migrations (version, name, SHA-256 of the
 * file). A file whose checksum no longer matches what was applied, or a
 * database that knows a migration this binary does not, stops the runner
 * before it changes anything. An advisory lock keeps two runners apart.
 */
#pragma once

#include <gio/gio.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

typedef struct
{
  gchar *version;    /* "0001" */
  gchar *name;       /* "0001_foundation.sql" */
  gchar *checksum;   /* SHA-256 of the file in this binary, hex; NULL if unknown here */
  gchar *applied_at; /* ISO-8601 time, NULL if not applied */
} EpMigration;

void ep_migration_free (EpMigration *migration);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EpMigration, ep_migration_free)

/**
 * ep_migrate_status:
 * @conn: a connection as the schema owner
 * @resource: the resource holding the migrations
 * @path: the resource directory, e.g. "/org/eenplan/migrations/"
 *
 * Returns: (transfer full) (element-type EpMigration): every migration known
 * to the binary or recorded in the database, in version order; NULL with
 * @error set when the files cannot be read or the database not queried.
 */
GPtrArray *ep_migrate_status (PGconn *conn, GResource *resource, const gchar *path, GError **error);

/**
 * ep_migrate_apply:
 * @n_applied: (out) (optional): how many migrations were applied now
 *
 * Applies every pending migration in version order, each in its own
 * transaction. Running it again is a no-op.
 *
 * Returns: TRUE when the database is up to date; FALSE with
 * EP_DB_ERROR_MIGRATION_CHECKSUM, _MIGRATION_UNKNOWN (nothing was changed) or
 * _MIGRATION_FAILED (the failing migration was rolled back; earlier ones of
 * this run stay applied).
 */
gboolean ep_migrate_apply (PGconn *conn, GResource *resource, const gchar *path, guint *n_applied,
                           GError **error);

G_END_DECLS
