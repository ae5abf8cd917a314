/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * household-json-private.h: the parts of a household's JSON that another form of it shares
 * (owner: household-json.c), for a partner's households (partner-households.c).
 */
#pragma once

#include "ep-household.h"

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A household's object begun: "id" and, when @shielded, "afgeschermd": true.
 * Returns: (transfer full): the builder, inside the object. */
JsonBuilder *ep_household_json_begin (const gchar *id, gboolean shielded);

/* Writes the members "postcode", "huisnummer" (when > 0), "huisnummer_toevoeging" and "wijk";
 * absent values left out. */
void ep_household_json_add_address (JsonBuilder *b, const gchar *postcode, gint huisnummer,
                                    const gchar *toevoeging, const gchar *wijk);

/* Writes @member as an object: person_id, names, birth_date, role, from, to; absent values
 * left out (a partner's member has only person_id, names and role). */
void ep_household_json_add_member (JsonBuilder *b, const EpHouseholdMember *member);

G_END_DECLS
