/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * household-json.c: a household's JSON forms (see ep-household.h): the
 * document of `household create` and what it gives back, and a household
 * with its members and intakes as `household show` and `household find`
 * write it. It reads a household and its persons as an intake does, with the
 * intake codec's readers (intake-json-private.h).
 */
#include "ep-household.h"
#include "household-json-private.h"
#include "intake-json-private.h"
#include "json-read-private.h"

JsonBuilder *
ep_household_json_begin (const gchar *id, gboolean shielded)
{
  JsonBuilder *b = json_builder_new ();
  json_builder_begin_object (b);
  ep_intake_add_text (b, "id", id);
  if (shielded)
    {
      json_builder_set_member_name (b, "afgeschermd");
      json_builder_add_boolean_value (b, TRUE);
    }
  return b;
}

void
ep_household_json_add_address (JsonBuilder *b, const gchar *postcode, gint huisnummer,
                               const gchar *toevoeging, const gchar *wijk)
{
  ep_intake_add_text (b, "postcode", postcode);
  if (huisnummer > 0)
    ep_intake_add_int (b, "huisnummer", huisnummer);
  ep_intake_add_text (b, "huisnummer_toevoeging", toevoeging);
  ep_intake_add_text (b, "wijk", wijk);
}

void
ep_household_json_add_member (JsonBuilder *b, const EpHouseholdMember *m)
{
  json_builder_begin_object (b);
  ep_intake_add_text (b, "person_id", m->person_id);
  ep_intake_add_text (b, "given_names", m->given_names);
  ep_intake_add_text (b, "surname_prefix", m->surname_prefix);
  ep_intake_add_text (b, "surname", m->surname);
  ep_intake_add_text (b, "birth_date", m->birth_date);
  ep_intake_add_code (b, "role", ep_vocab_gezinsrol (), m->role);
  ep_intake_add_text (b, "from", m->valid_from);
  ep_intake_add_text (b, "to", m->valid_to);
  json_builder_end_object (b);
}

JsonNode *
ep_household_to_json (const EpHousehold *household)
{
  g_return_val_if_fail (household != NULL, NULL);
  g_autoptr (JsonBuilder) b = ep_household_json_begin (household->id, household->shielded);
  if (household->withheld)
    {
      json_builder_end_object (b);
      return json_builder_get_root (b);
    }
  ep_household_json_add_address (b, household->postcode, household->huisnummer,
                                 household->huisnummer_toevoeging, household->wijk);
  ep_intake_begin_list (b, "members");
  for (guint i = 0; i < household->members->len; i++)
    ep_household_json_add_member (b, household->members->pdata[i]);
  json_builder_end_array (b);
  ep_intake_begin_list (b, "intakes");
  for (guint i = 0; i < household->intakes->len; i++)
    {
      const EpHouseholdIntake *intake = household->intakes->pdata[i];
      json_builder_begin_object (b);
      ep_intake_add_text (b, "id", intake->id);
      ep_intake_add_text (b, "date", intake->date);
      ep_intake_add_code (b, "form", ep_vocab_intake_vorm (), intake->form);
      ep_intake_add_text (b, "status", intake->status);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
ep_households_to_json (const GPtrArray *households)
{
  g_return_val_if_fail (households != NULL, NULL);
  g_autoptr (JsonArray) array = json_array_sized_new (households->len);
  for (guint i = 0; i < households->len; i++)
    json_array_add_element (array, ep_household_to_json (households->pdata[i]));
  return json_node_init_array (json_node_alloc (), array);
}

EpIntake *
ep_household_create_from_json (JsonNode *node, GError **error)
{
  static const gchar *const fields[] = { "household", "persons", "date", NULL };
  g_autoptr (EpIntake) members = ep_intake_new ();
  JsonNode *household;
  JsonObject *o = ep_intake_open_object (node, "", fields, error);
  if (o == NULL || !ep_intake_member (o, "", "household", TRUE, &household, error)
      || !ep_intake_json_read_household (household, &members->household, error)
      || !ep_intake_read_date (o, "", "date", TRUE, &members->date, error)
      || !ep_intake_json_read_persons (o, "", members->persons, error)
      || !ep_intake_validate (members, error))
    return NULL;
  return g_steal_pointer (&members);
}

JsonNode *
ep_household_created_to_json (const EpIntake *members)
{
  g_return_val_if_fail (members != NULL && members->household.id != NULL, NULL);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  ep_intake_add_text (b, "id", members->household.id);
  ep_intake_begin_list (b, "persons");
  for (guint i = 0; i < members->persons->len; i++)
    {
      const EpIntakePerson *p = members->persons->pdata[i];
      json_builder_begin_object (b);
      ep_intake_add_text (b, "ref", p->ref);
      ep_intake_add_text (b, "id", p->id);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
