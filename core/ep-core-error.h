/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-core-error.h — the one GError domain of the core module.
 *
 * Every runtime failure reported by a core/ function is a GError in EP_CORE_ERROR with one of the
 * specific codes below. api/ maps these codes to HTTP problems and cli/ to messages, so the
 * numeric values are part of the interface: append new codes, never renumber. Messages are
 * English, name the problem with the value and never contain a BSN's digits.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * EP_CORE_ERROR:
 *
 * The error domain of core/: `ep-core-error-quark`.
 */
#define EP_CORE_ERROR (ep_core_error_quark ())

/**
 * EpCoreError:
 * @EP_CORE_ERROR_BSN_LENGTH: a BSN without 8 or 9 digits (or missing altogether).
 * @EP_CORE_ERROR_BSN_CHARACTER: a BSN containing something other than ASCII digits (dots and
 *   spaces inside included).
 * @EP_CORE_ERROR_BSN_ELFPROEF: a BSN that fails the elfproef, or is all zeros.
 * @EP_CORE_ERROR_BSN_TEST_RANGE: a test BSN (999900006–999999990) where test numbers are refused.
 * @EP_CORE_ERROR_UNKNOWN_CODE: a code that is not in a vocabulary (or a missing code).
 * @EP_CORE_ERROR_INVALID_DATE: a date or date-time that is malformed, does not exist, or lacks a
 *   time zone.
 * @EP_CORE_ERROR_INVALID_UUID: text that is not a UUID in the canonical 8-4-4-4-12 form.
 * @EP_CORE_ERROR_INVALID_JSON: text that is not one well-formed JSON document.
 * @EP_CORE_ERROR_CRYPTO: a cryptographic operation failed or was given an unacceptable key.
 *
 * The error codes of EP_CORE_ERROR. Values are stable.
 */
typedef enum
{
  EP_CORE_ERROR_BSN_LENGTH = 1,
  EP_CORE_ERROR_BSN_CHARACTER = 2,
  EP_CORE_ERROR_BSN_ELFPROEF = 3,
  EP_CORE_ERROR_BSN_TEST_RANGE = 4,
  EP_CORE_ERROR_UNKNOWN_CODE = 5,
  EP_CORE_ERROR_INVALID_DATE = 6,
  EP_CORE_ERROR_INVALID_UUID = 7,
  EP_CORE_ERROR_INVALID_JSON = 8,
  EP_CORE_ERROR_CRYPTO = 9,
} EpCoreError;

/**
 * ep_core_error_quark:
 *
 * Returns: the GQuark of the EP_CORE_ERROR domain. Never fails.
 */
GQuark ep_core_error_quark (void);

G_END_DECLS
