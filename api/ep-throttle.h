/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-throttle.h: failed sign-ins counted per account and per client address, in this server's
 * memory. After EP_THROTTLE_FAILURES failures of an account (existing or not: the answer must
 * not tell), or EP_THROTTLE_CLIENT_FAILURES from one address (an office shares one), within
 * EP_THROTTLE_WINDOW_S seconds, sign-ins for it are refused for the rest of the window; a
 * successful sign-in clears its account. Thread-safe.
 *
 * One server's memory: behind a load balancer each instance counts for itself, which multiplies
 * the budget by the number of instances (docs/security.md).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define EP_THROTTLE_FAILURES 5
#define EP_THROTTLE_CLIENT_FAILURES 50
#define EP_THROTTLE_WINDOW_S (15 * 60)

typedef struct _EpThrottle EpThrottle;

EpThrottle *ep_throttle_new (void);
void ep_throttle_free (EpThrottle *throttle);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EpThrottle, ep_throttle_free)

/* Returns: 0 when @account and @client may try now, else the seconds to wait. */
guint ep_throttle_wait (EpThrottle *throttle, const gchar *account, const gchar *client);

/* Counts a failure of @account from @client. */
void ep_throttle_failed (EpThrottle *throttle, const gchar *account, const gchar *client);

/* Forgets @account's failures (after it signed in). */
void ep_throttle_succeeded (EpThrottle *throttle, const gchar *account);

G_END_DECLS
