/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * fuzz-intake.c — the libFuzzer target of the untrusted-JSON path: every input is read as an
 * intake (ep_intake_from_json_text(): ep_json_decode() with the default limits, then the intake
 * codec), and again by ep_json_decode() alone with tiny limits (64 bytes would refuse nearly
 * everything, so the size limit is 4 KiB; nesting 4), so the refusals' paths are exercised too.
 *
 * Built with -fsanitize=fuzzer,address,undefined by tests/fuzz/build.sh, run by tests/fuzz/run.sh
 * (./dev fuzz). A crash, a sanitizer report or a leak is a finding; every refusal is fine, but a
 * refusal must be an error of the two documented domains, a success must leave no error, and
 * what the decoder read, ep_json_to_string() must write as JSON the decoder reads again.
 */
#include "ep-intake-json.h"
#include "ep-json.h"

#include <stdint.h>
#include <string.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Aborts (a finding) unless exactly one of @result and @error is set, and @error is in a
 * domain @result's reader documents. */
static void
check_outcome (gconstpointer result, const GError *error, GQuark domain)
{
  if ((result != NULL) == (error != NULL))
    abort ();
  if (error != NULL && error->domain != EP_JSON_ERROR && error->domain != domain)
    abort ();
  if (error != NULL && error->domain == EP_JSON_ERROR && ep_json_error_path (error) == NULL)
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const EpJsonLimits tiny = { .max_bytes = 4096, .max_depth = 4 };
  const gchar *text = size > 0 ? (const gchar *) data : "";

  {
    g_autoptr (GError) error = NULL;
    g_autoptr (EpIntake) intake = ep_intake_from_json_text (text, size, NULL, &error);
    check_outcome (intake, error, EP_INTAKE_ERROR);
  }
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (JsonNode) node = ep_json_decode (text, size, &tiny, &error);
    check_outcome (node, error, EP_JSON_ERROR);
    if (node != NULL)
      {
        /* What was read is written back and read again with the same limits. */
        g_autofree gchar *written = ep_json_to_string (node, FALSE);
        g_autoptr (GError) again_error = NULL;
        g_autoptr (JsonNode) again
          = ep_json_decode (written, strlen (written), &tiny, &again_error);
        if (again == NULL && !g_error_matches (again_error, EP_JSON_ERROR, EP_JSON_ERROR_TOO_LARGE))
          abort ();
      }
  }
  return 0;
}
