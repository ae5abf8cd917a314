/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-cluster.h: the embedded development cluster.
 *
 * When no database is configured, eenplan runs its own PostgreSQL under a
 * directory of the checkout (./var by default): data in var/pgdata, the Unix
 * socket in var/run, the server log in var/log. It listens on no TCP port.
 * The test harness starts throw-away clusters the same way in a temporary
 * directory.
 *
 * initdb and postgres refuse to run as root. When eenplan runs as root the
 * cluster runs as an unprivileged user (EENPLAN_CLUSTER_USER, default
 * "postgres") through setpriv, holding only CAP_DAC_READ_SEARCH as an
 * ambient capability: that lets it reach a data directory below folders it
 * could not otherwise traverse (a checkout in root's home, a 0700 temporary
 * directory), without any right to write outside its own files.
 *
 * Roles: the bootstrap superuser is "postgres"; the cluster is provisioned
 * with EP_CLUSTER_OWNER_ROLE (owns database "eenplan", runs migrations) and
 * EP_CLUSTER_APP_ROLE (what the server connects as, subject to row-level
 * security). Local socket connections use trust authentication: the socket
 * directory is private to the cluster's user and root.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define EP_CLUSTER_DATABASE "eenplan"
#define EP_CLUSTER_OWNER_ROLE "eenplan_owner"
#define EP_CLUSTER_APP_ROLE "eenplan_app"
#define EP_CLUSTER_SUPERUSER "postgres"

typedef struct _EpCluster EpCluster;

/**
 * ep_cluster_new:
 * @var_dir: the directory that holds (or will hold) the cluster
 *
 * Returns: (transfer full): a handle; nothing is touched on disk yet.
 */
EpCluster *ep_cluster_new (const gchar *var_dir);
void ep_cluster_free (EpCluster *cluster);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EpCluster, ep_cluster_free)

/**
 * ep_cluster_start:
 *
 * Creates the cluster on first use (initdb), starts it unless it is already
 * running, and makes sure the roles and the database exist. Idempotent.
 *
 * Returns: TRUE when the cluster is running and provisioned, else FALSE
 * with EP_DB_ERROR_CLUSTER (the message quotes the tool's own output).
 */
gboolean ep_cluster_start (EpCluster *cluster, GError **error);

/**
 * ep_cluster_stop:
 *
 * Stops the cluster (fast shutdown: sessions are ended, committed work is
 * safe). Stopping a cluster that is not running succeeds.
 *
 * Returns: TRUE on success, else FALSE with EP_DB_ERROR_CLUSTER.
 */
gboolean ep_cluster_stop (EpCluster *cluster, GError **error);

/**
 * ep_cluster_destroy:
 *
 * Stops the cluster and removes its whole directory: for throw-away
 * clusters (tests, benchmarks), never for ./var.
 *
 * Returns: TRUE when the cluster is stopped and its directory gone, else
 * FALSE with EP_DB_ERROR_CLUSTER (it still tries to remove the directory).
 */
gboolean ep_cluster_destroy (EpCluster *cluster, GError **error);

/**
 * ep_cluster_is_initialised:
 * Returns: TRUE when var_dir holds an initialised data directory.
 */
gboolean ep_cluster_is_initialised (EpCluster *cluster);

/**
 * ep_cluster_is_running:
 * @pid_out: (out) (optional): the postmaster's pid when running
 *
 * Returns: TRUE when the cluster's server is running.
 */
gboolean ep_cluster_is_running (EpCluster *cluster, gint64 *pid_out);

/**
 * ep_cluster_conninfo:
 * @role: EP_CLUSTER_OWNER_ROLE, EP_CLUSTER_APP_ROLE or EP_CLUSTER_SUPERUSER
 *
 * Returns: (transfer full): a libpq connection string for @role on the
 * cluster's socket, database "eenplan" ("postgres" for the superuser).
 */
gchar *ep_cluster_conninfo (EpCluster *cluster, const gchar *role);

/* Returns: (transfer none): paths inside var_dir. */
const gchar *ep_cluster_get_data_dir (EpCluster *cluster);
const gchar *ep_cluster_get_socket_dir (EpCluster *cluster);
const gchar *ep_cluster_get_log_file (EpCluster *cluster);

G_END_DECLS
