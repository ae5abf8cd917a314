/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * db-suites.h: the Check suites of the database tests, and what they share.
 *
 * main.c starts one throw-away cluster (tests/common/ep-test-db.h), migrates
 * it, adds the municipalities GM0164 and GM0153, and runs every suite against
 * it. Each test opens its own connections, uses rows and names of its own
 * (ep_test_marker()), and closes what it opened, so the tests pass in any
 * order and with CK_FORK=no (valgrind) as well as in Check's forked mode.
 */
#pragma once

#include <check.h>
#include <glib.h>
#include <libpq-fe.h>

#include "ep-db-conn.h"
#include "ep-db-error.h"
#include "ep-test-db.h"
#include "ep-test-helpers.h"

G_BEGIN_DECLS

/* The two municipalities every tenant test uses; main.c creates them. */
#define EP_TEST_GM_A "GM0164"
#define EP_TEST_GM_B "GM0153"

Suite *ep_test_errors_suite (void);
Suite *ep_test_migrate_suite (void);
Suite *ep_test_rls_suite (void);
Suite *ep_test_tx_suite (void);
Suite *ep_test_pool_suite (void);
Suite *ep_test_cluster_suite (void);
Suite *ep_test_config_suite (void);
Suite *ep_test_schema_suite (void);
Suite *ep_test_audit_suite (void);
Suite *ep_test_audit_concurrency_suite (void);
Suite *ep_test_audit_blocks_suite (void);
Suite *ep_test_intake_suite (void);
Suite *ep_test_lists_suite (void);
Suite *ep_test_org_suite (void);
Suite *ep_test_plan_suite (void);
Suite *ep_test_ladder_suite (void);
Suite *ep_test_conn_suite (void);

G_END_DECLS
