/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-test-db.h: a throw-away PostgreSQL cluster for the db and api suites.
 *
 * ep_test_db_start() creates a cluster in a fresh temporary directory with
 * the same code as `eenplan db start` (so a 0700 directory under /tmp, which
 * the cluster's user could not traverse on its own, is exercised on every
 * run), applies the migrations as the owner role and returns connection
 * strings for the owner, the application role and the superuser.
 * ep_test_db_stop() stops it and removes the directory.
 *
 * Call start from main() before srunner_run_all(): Check's forked test
 * processes inherit the handle and each opens its own connections.
 */
#pragma once

#include <glib.h>
#include <libpq-fe.h>

#include "ep-cluster.h"

G_BEGIN_DECLS

typedef struct
{
  gchar *dir;
  EpCluster *cluster;
  gchar *owner_conninfo; /* eenplan_owner on database eenplan */
  gchar *app_conninfo;   /* eenplan_app on database eenplan (row-level security applies) */
  gchar *super_conninfo; /* postgres on database postgres */
} EpTestDb;

/* Returns: (transfer full): the running, migrated cluster; aborts the test
 * program with a message when it cannot be set up. */
EpTestDb *ep_test_db_start (void);

/* Stops the cluster, removes its directory and frees @db. */
void ep_test_db_stop (EpTestDb *db);

/* Returns: (transfer full): a connection as the owner / app role / superuser;
 * fails the current test when it cannot connect. */
PGconn *ep_test_db_owner (EpTestDb *db);
PGconn *ep_test_db_app (EpTestDb *db);
PGconn *ep_test_db_super (EpTestDb *db);

/* Runs trusted fixture SQL (no parameters) on @conn; fails the test on error. */
void ep_test_db_exec (PGconn *conn, const gchar *sql);

/* Returns: the single integer that @sql (a count, typically) returns on @conn. */
gint64 ep_test_db_count (PGconn *conn, const gchar *sql);

G_END_DECLS
