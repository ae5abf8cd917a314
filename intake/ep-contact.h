/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-contact.h: a first contact — a hulpvraag as it arrives, at any
 * vindplaats, through any channel, in the resident's own words. These are
 * what a municipality counts "by type and by vindplaats"; an intake may
 * follow from one (intake.contact_id).
 *
 * JSON form (the same for the CLI and the API):
 *
 *   { "id": …, "household_id": …,           (optional: when the household is known)
 *     "vindplaats_id": "…", "channel": "telefoon", "type": "hulpvraag",
 *     "question": "in the resident's words", "date": "2026-11-18",
 *     "received_by": … }                       (set by the store: the acting user)
 */
#pragma once

#include "ep-db-pool.h"
#include "ep-intake.h"

#include <json-glib/json-glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

typedef struct
{
  gchar *id;           /* assigned by the store */
  gchar *household_id; /* nullable */
  gchar *vindplaats_id;
  EpKanaal channel;
  EpContactType type;
  gchar *question;
  gchar *date;
  gchar *received_by; /* assigned by the store */
} EpContact;

EpContact *ep_contact_new (void);
void ep_contact_free (EpContact *contact);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EpContact, ep_contact_free)

/**
 * ep_contact_from_json:
 *
 * Strict, like ep_intake_from_json(): unknown members are refused and every
 * error names its JSON path.
 *
 * Returns: (transfer full): the contact; NULL with an EP_INTAKE_ERROR.
 */
EpContact *ep_contact_from_json (JsonNode *node, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Returns: (transfer full): the JSON form of @contact (absent values left out). */
JsonNode *ep_contact_to_json (const EpContact *contact);

/**
 * ep_contact_record:
 * @contact: (inout): a decoded contact; on success its id and received_by
 *   are set
 *
 * Records the contact with its audit event, in one transaction. A contact
 * that already has an id was recorded before and is refused (id), so that
 * it is not counted twice.
 *
 * Returns: TRUE; FALSE with EP_INTAKE_ERROR_NOT_FOUND (vindplaats_id,
 *   household_id), _INVALID_VALUE (id, received_by: the store sets it), an
 *   EP_DB_ERROR, or EP_CORE_ERROR_CRYPTO when no id can be made (ep_uuid_new()),
 *   and nothing written.
 */
gboolean ep_contact_record (PGconn *conn, const EpDbTxContext *ctx, EpContact *contact,
                            GError **error);

G_END_DECLS
