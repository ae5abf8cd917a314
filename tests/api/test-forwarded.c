/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-forwarded.c: the client and its TLS behind reverse proxies (api/ep-forwarded.h) — believed
 * only from a trusted proxy, the nearest untrusted hop taken, a malformed hop believed no further.
 */
#include "ep-forwarded.h"

#include <check.h>
#include <stdlib.h>

static const gchar *const proxies[] = { "10.0.0.2", "10.0.0.3", NULL };

/* Resolves and checks the client and the TLS flag in one line per case. */
static void
expect (const gchar *peer, gboolean direct_tls, const gchar *const *trusted, const gchar *xff,
        const gchar *proto, const gchar *client, gboolean over_tls)
{
  g_autofree gchar *got = NULL;
  gboolean tls = !over_tls;
  ep_forwarded_resolve (peer, direct_tls, trusted, xff, proto, &got, &tls);
  ck_assert_str_eq (got, client);
  ck_assert_int_eq (tls, over_tls);
}

START_TEST (test_untrusted_peer_is_the_client)
{
  expect ("192.0.2.7", FALSE, NULL, "203.0.113.9", "https", "192.0.2.7", FALSE);
  expect ("192.0.2.7", FALSE, proxies, "203.0.113.9", "https", "192.0.2.7", FALSE);
  expect ("192.0.2.7", TRUE, proxies, NULL, "http", "192.0.2.7", TRUE);
}
END_TEST

START_TEST (test_trusted_proxy)
{
  expect ("10.0.0.2", FALSE, proxies, "203.0.113.9", "https", "203.0.113.9", TRUE);
  expect ("10.0.0.2", FALSE, proxies, NULL, NULL, "10.0.0.2", FALSE);
  expect ("10.0.0.2", FALSE, proxies, " 203.0.113.9 ", "HTTPS", "203.0.113.9", TRUE);
  expect ("10.0.0.2", FALSE, proxies, "203.0.113.9", "http", "203.0.113.9", FALSE);
  /* The nearest Proto is the trusted proxy's own. */
  expect ("10.0.0.2", FALSE, proxies, "203.0.113.9", "https, http", "203.0.113.9", FALSE);
  /* A TLS connection stays TLS whatever a proxy says. */
  expect ("10.0.0.2", TRUE, proxies, "203.0.113.9", "http", "203.0.113.9", TRUE);
}
END_TEST

START_TEST (test_chain_of_proxies)
{
  /* A client-supplied first hop is not believed: the nearest untrusted hop is the client. */
  expect ("10.0.0.2", FALSE, proxies, "198.51.100.1, 203.0.113.9, 10.0.0.3", NULL, "203.0.113.9",
          FALSE);
  /* Only proxies: the farthest one. */
  expect ("10.0.0.2", FALSE, proxies, "10.0.0.3", NULL, "10.0.0.3", FALSE);
  /* A malformed hop ends the walk at the last proxy before it. */
  expect ("10.0.0.2", FALSE, proxies, "203.0.113.9, unknown, 10.0.0.3", NULL, "10.0.0.3", FALSE);
  expect ("10.0.0.2", FALSE, proxies, "", NULL, "10.0.0.2", FALSE);
}
END_TEST

START_TEST (test_addresses_compared_canonically)
{
  const gchar *const v6[] = { "2001:db8::1", NULL };
  expect ("2001:0db8:0:0:0:0:0:1", FALSE, v6, "2001:db8::abcd", "https", "2001:db8::abcd", TRUE);
  /* Not an address at all: never trusted. */
  const gchar *const junk[] = { "localhost", NULL };
  expect ("localhost", FALSE, junk, "203.0.113.9", "https", "localhost", FALSE);
}
END_TEST

int
main (void)
{
  Suite *suite = suite_create ("forwarded");
  TCase *tc = tcase_create ("resolve");
  tcase_add_test (tc, test_untrusted_peer_is_the_client);
  tcase_add_test (tc, test_trusted_proxy);
  tcase_add_test (tc, test_chain_of_proxies);
  tcase_add_test (tc, test_addresses_compared_canonically);
  suite_add_tcase (suite, tc);
  SRunner *runner = srunner_create (suite);
  srunner_run_all (runner, CK_ENV);
  int n_failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return n_failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
