/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * throttle.c: failed sign-ins per account and per address (ep-throttle.h).
 */
#include "ep-throttle.h"

typedef struct
{
  guint failures;
  gint64 window_start; /* monotonic seconds */
} Count;

struct _EpThrottle
{
  GMutex lock;
  GHashTable *counts; /* "a:" account or "c:" client → Count */
};

EpThrottle *
ep_throttle_new (void)
{
  EpThrottle *throttle = g_new0 (EpThrottle, 1);
  g_mutex_init (&throttle->lock);
  throttle->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return throttle;
}

void
ep_throttle_free (EpThrottle *throttle)
{
  if (throttle == NULL)
    return;
  g_hash_table_unref (throttle->counts);
  g_mutex_clear (&throttle->lock);
  g_free (throttle);
}

static gint64
now_s (void)
{
  return g_get_monotonic_time () / G_USEC_PER_SEC;
}

/* Seconds until @key may try again (0: now) after @limit failures; forgets an expired window.
 * Lock held. */
static guint
wait_for (EpThrottle *throttle, const gchar *key, guint limit)
{
  Count *count = g_hash_table_lookup (throttle->counts, key);
  if (count == NULL)
    return 0;
  gint64 elapsed = now_s () - count->window_start;
  if (elapsed >= EP_THROTTLE_WINDOW_S)
    {
      g_hash_table_remove (throttle->counts, key);
      return 0;
    }
  return count->failures >= limit ? (guint) (EP_THROTTLE_WINDOW_S - elapsed) : 0;
}

static void
count_failure (EpThrottle *throttle, const gchar *key)
{
  Count *count = g_hash_table_lookup (throttle->counts, key);
  if (count == NULL || now_s () - count->window_start >= EP_THROTTLE_WINDOW_S)
    {
      count = g_new0 (Count, 1);
      count->window_start = now_s ();
      g_hash_table_replace (throttle->counts, g_strdup (key), count);
    }
  count->failures++;
}

guint
ep_throttle_wait (EpThrottle *throttle, const gchar *account, const gchar *client)
{
  g_autofree gchar *a = g_strconcat ("a:", account ? account : "", NULL);
  g_autofree gchar *c = g_strconcat ("c:", client ? client : "", NULL);
  g_mutex_lock (&throttle->lock);
  guint wait = MAX (wait_for (throttle, a, EP_THROTTLE_FAILURES),
                    wait_for (throttle, c, EP_THROTTLE_CLIENT_FAILURES));
  g_mutex_unlock (&throttle->lock);
  return wait;
}

void
ep_throttle_failed (EpThrottle *throttle, const gchar *account, const gchar *client)
{
  g_autofree gchar *a = g_strconcat ("a:", account ? account : "", NULL);
  g_autofree gchar *c = g_strconcat ("c:", client ? client : "", NULL);
  g_mutex_lock (&throttle->lock);
  count_failure (throttle, a);
  count_failure (throttle, c);
  g_mutex_unlock (&throttle->lock);
}

void
ep_throttle_succeeded (EpThrottle *throttle, const gchar *account)
{
  g_autofree gchar *a = g_strconcat ("a:", account ? account : "", NULL);
  g_mutex_lock (&throttle->lock);
  g_hash_table_remove (throttle->counts, a);
  g_mutex_unlock (&throttle->lock);
}
