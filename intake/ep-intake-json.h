/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-intake-json.h: the one JSON representation of an intake, used by the
 * CLI and the HTTP API alike. docs/intake.md describes the format with an
 * example.
 *
 * Decoding is strict: a member the format does not know is refused, not
 * ignored; every value is checked for type, format and vocabulary as it is
 * read, and then the aggregate's rules run (ep_intake_validate()). The first
 * problem found is reported as an EP_INTAKE_ERROR whose message starts with
 * its JSON path ("persons[1].bsn: …").
 *
 * The members the store owns (id, version, status, created_*, finalised_*,
 * carried_from, needs[].id, consents[].id, consents[].revoked_at, addenda)
 * are read back as they were written, so a document from ep_intake_to_json() decodes
 * again; the store never takes them from input, except id and version,
 * which name the draft to change and the version the change is based on.
 */
#pragma once

#include "ep-intake.h"
#include "ep-json.h"

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * ep_intake_from_json:
 * @node: the parsed document
 *
 * Returns: (transfer full): the intake; NULL with an EP_INTAKE_ERROR naming
 *   the first offending path.
 */
EpIntake *ep_intake_from_json (JsonNode *node, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_intake_from_json_text:
 * @text: (array length=len): a JSON document from outside (a file, a request)
 * @len: its length in bytes
 * @limits: (nullable): the JSON limits (size, nesting); NULL for the defaults
 *
 * Reads @text with ep_json_decode(), then as ep_intake_from_json().
 *
 * Returns: (transfer full): the intake; NULL with an EP_JSON_ERROR when @text
 *   is not one JSON document within @limits, or an EP_INTAKE_ERROR.
 */
EpIntake *ep_intake_from_json_text (const gchar *text, gsize len, const EpJsonLimits *limits,
                                    GError **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_intake_to_json:
 *
 * Members appear in a fixed order and absent (NULL) values are left out, so
 * the same intake always gives the same text. A BSN is never written.
 *
 * Returns: (transfer full): the JSON form of @intake.
 */
JsonNode *ep_intake_to_json (const EpIntake *intake);

/**
 * ep_consent_from_json:
 * @household_id: (out) (transfer full): whose consent it is
 *
 * A consent given outside an intake: "household_id", "organisation", "data",
 * "purpose", "valid_until" and "granted_on", as in an intake's "consents"
 * (what the store assigns, and revocation, are refused).
 *
 * Returns: (transfer full): the consent; NULL with an EP_INTAKE_ERROR.
 */
EpIntakeConsent *ep_consent_from_json (JsonNode *node, gchar **household_id,
                                       GError **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_consent_to_json:
 *
 * Returns: (transfer full): a recorded consent as `eenplan consent grant --json` prints it: its
 *   "household_id", then the members of an intake's "consents" (with "id").
 */
JsonNode *ep_consent_to_json (const EpIntakeConsent *consent, const gchar *household_id);

G_END_DECLS
