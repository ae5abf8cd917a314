/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * query.c: the supervisors' query (see ep-audit-query.h).
 */
#include "ep-audit-query.h"

#include "audit-private.h"

#include <string.h>

/* ------------------------------------------------------------------------ */
/* Queries                                                                  */
/* ------------------------------------------------------------------------ */

void
ep_audit_entry_free (EpAuditEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->gemeente);
  g_free (entry->occurred_at);
  g_free (entry->actor_id);
  g_free (entry->actor_role);
  g_free (entry->on_behalf_of);
  g_free (entry->action);
  g_free (entry->entity_type);
  g_free (entry->entity_id);
  g_free (entry->household_id);
  g_free (entry->purpose);
  g_free (entry->outcome);
  g_free (entry->change);
  g_free (entry);
}

static gchar *
format_time_param (GDateTime *time)
{
  return time ? g_date_time_format_iso8601 (time) : NULL;
}

static gchar *
value_dup (EpAuditValue value)
{
  return value.len < 0 ? NULL : g_strndup (value.data, value.len);
}

/* Microseconds since the Unix epoch as ISO 8601 in UTC, to the microsecond,
 * as PostgreSQL's to_char(… 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') writes it;
 * "?" outside the years 1 … 9999, which only a changed row can hold. */
static gchar *
format_unix_us (gint64 us)
{
  gint64 seconds = us / G_USEC_PER_SEC, micro = us % G_USEC_PER_SEC;
  if (micro < 0)
    {
      seconds -= 1;
      micro += G_USEC_PER_SEC;
    }
  g_autoptr (GDateTime) t = g_date_time_new_from_unix_utc (seconds);
  if (t == NULL)
    return g_strdup ("?");
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", g_date_time_get_year (t),
                          g_date_time_get_month (t), g_date_time_get_day_of_month (t),
                          g_date_time_get_hour (t), g_date_time_get_minute (t),
                          g_date_time_get_second (t), (gint) micro);
}

/* An entry of row @row of the query below; its event's fields are checked
 * against the hashes the chain vouches for. */
static EpAuditEntry *
query_entry (const PGresult *res, int row, EpAuditHasher *hasher, GByteArray *canonical,
             GError **error)
{
  enum
  {
    SEQ = N_EVENT_COLUMNS,
    PREV,
    HASH,
    PASSED
  };
  gint64 seq = PQgetisnull (res, row, SEQ) ? 0 : ep_audit_binary_int64 (res, row, SEQ);
  EpAuditScratch scratch;
  EpAuditValue values[EP_AUDIT_N_FIELDS];
  ep_audit_event_values (res, row, 0, seq, &scratch, values);

  g_autoptr (EpAuditEntry) entry = g_new0 (EpAuditEntry, 1);
  entry->id = ep_audit_binary_int64 (res, row, 1);
  entry->seq = seq;
  /* A bool in binary is one byte. */
  gboolean passed = !PQgetisnull (res, row, PASSED) && PQgetvalue (res, row, PASSED)[0] != 0;
  entry->check = passed ? EP_AUDIT_ENTRY_MISSING : EP_AUDIT_ENTRY_UNSEALED;
  if (seq > 0)
    {
      guint8 computed[EP_AUDIT_HASH_LEN];
      gboolean vouched = PQgetlength (res, row, PREV) == EP_AUDIT_HASH_LEN
                         && PQgetlength (res, row, HASH) == EP_AUDIT_HASH_LEN;
      if (vouched)
        {
          ep_audit_canonical (values, canonical);
          if (!ep_audit_hasher_link (hasher, (const guint8 *) PQgetvalue (res, row, PREV),
                                     canonical->data, canonical->len, computed, error))
            return NULL;
        }
      entry->check
        = vouched && memcmp (computed, PQgetvalue (res, row, HASH), EP_AUDIT_HASH_LEN) == 0
            ? EP_AUDIT_ENTRY_MATCHES
            : EP_AUDIT_ENTRY_ALTERED;
    }
  entry->gemeente = value_dup (values[EP_AUDIT_FIELD_GEMEENTE]);
  entry->occurred_at = format_unix_us (g_ascii_strtoll (scratch.occurred_at, NULL, 10));
  entry->actor_id = value_dup (values[EP_AUDIT_FIELD_ACTOR_ID]);
  entry->actor_role = value_dup (values[EP_AUDIT_FIELD_ACTOR_ROLE]);
  entry->on_behalf_of = value_dup (values[EP_AUDIT_FIELD_ON_BEHALF_OF]);
  entry->action = value_dup (values[EP_AUDIT_FIELD_ACTION]);
  entry->entity_type = value_dup (values[EP_AUDIT_FIELD_ENTITY_TYPE]);
  entry->entity_id = value_dup (values[EP_AUDIT_FIELD_ENTITY_ID]);
  entry->household_id = value_dup (values[EP_AUDIT_FIELD_HOUSEHOLD_ID]);
  entry->purpose = value_dup (values[EP_AUDIT_FIELD_PURPOSE]);
  entry->outcome = value_dup (values[EP_AUDIT_FIELD_OUTCOME]);
  entry->change = value_dup (values[EP_AUDIT_FIELD_CHANGE]);
  return g_steal_pointer (&entry);
}

GPtrArray *
ep_audit_query (PGconn *conn, const EpAuditFilter *filter, gchar **next_cursor, GError **error)
{
  g_return_val_if_fail (conn != NULL && filter != NULL && filter->gemeente != NULL, NULL);

  if (next_cursor != NULL)
    *next_cursor = NULL;

  guint limit = filter->limit == 0 ? 50 : filter->limit;
  if (limit > 1000)
    {
      g_set_error (error, EP_AUDIT_ERROR, EP_AUDIT_ERROR_BAD_LIMIT, "limit must be 1–1000, not %u",
                   limit);
      return NULL;
    }
  /* The cursor is the id of the last event shown: the next page holds the
   * older ones. */
  gint64 before = 0;
  if (filter->cursor != NULL)
    {
      gchar *end = NULL;
      before = g_ascii_strtoll (filter->cursor, &end, 10);
      if (end == filter->cursor || *end != '\0' || before <= 0)
        {
          g_set_error_literal (error, EP_AUDIT_ERROR, EP_AUDIT_ERROR_BAD_CURSOR,
                               "cursor is not one this query handed out");
          return NULL;
        }
    }

  g_autofree gchar *from = format_time_param (filter->from);
  g_autofree gchar *to = format_time_param (filter->to);
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, filter->gemeente);
  ep_db_params_add_text (params, filter->household_id);
  ep_db_params_add_text (params, filter->actor_id);
  ep_db_params_add_text (params, filter->action);
  ep_db_params_add_text (params, filter->entity_type);
  ep_db_params_add_text (params, filter->entity_id);
  ep_db_params_add_text (params, from);
  ep_db_params_add_text (params, to);
  if (before > 0)
    ep_db_params_add_int64 (params, before);
  else
    ep_db_params_add_null (params);
  ep_db_params_add_int64 (params, limit + 1); /* one more tells whether a next page exists */

  /* The rows in binary, as the sealer reads them, so that an event is
   * hashed here exactly as it was sealed. Beside each sealed event, the
   * hash before it and its own hash as the chain holds them: from its block
   * once it is packed (what verify checks), else from its chain row. Beside
   * one without a chain row, whether the sealer has passed it: it seals in
   * (xid, id) order, so everything up to the head's event is sealed.
   * Unnamed statements are planned with the actual values, so the
   * "$n IS NULL OR …" of an absent filter folds away. */
  g_autoptr (PGresult) res = ep_db_exec_binary (
    conn,
    HEAD_POSITION
    "SELECT " EVENT_COLUMNS ", c.seq,"
    "       coalesce(CASE WHEN c.seq = b.first_seq THEN b.prev_hash"
    "                     ELSE substring(b.hashes FROM (32 * (c.seq - b.first_seq - 1))::int + 1"
    "                                    FOR 32) END, c.prev_hash),"
    "       coalesce(substring(b.hashes FROM (32 * (c.seq - b.first_seq))::int + 1 FOR 32),"
    "                c.hash),"
    "       c.seq IS NULL AND (e.xid, e.id) <= (pos.xid, pos.id)"
    "  FROM audit_event e CROSS JOIN pos"
    "  LEFT JOIN audit_chain c ON c.gemeente = e.gemeente AND c.event_id = e.id"
    "  LEFT JOIN LATERAL (SELECT first_seq, prev_hash, hashes FROM audit_block"
    "                      WHERE gemeente = e.gemeente AND first_seq <= c.seq"
    "                      ORDER BY first_seq DESC LIMIT 1) b ON b.first_seq IS NOT NULL"
    "        AND c.seq <= b.first_seq + length(b.hashes) / 32 - 1"
    " WHERE e.gemeente = $1"
    "   AND ($2::uuid IS NULL OR e.household_id = $2::uuid)"
    "   AND ($3::text IS NULL OR e.actor_id = $3)"
    "   AND ($4::text IS NULL OR e.action = $4)"
    "   AND ($5::text IS NULL OR e.entity_type = $5)"
    "   AND ($6::text IS NULL OR e.entity_id = $6)"
    "   AND ($7::timestamptz IS NULL OR e.occurred_at >= $7::timestamptz)"
    "   AND ($8::timestamptz IS NULL OR e.occurred_at < $8::timestamptz)"
    "   AND ($9::bigint IS NULL OR e.id < $9::bigint)"
    " ORDER BY e.id DESC LIMIT $10",
    params, "query audit trail", error);
  if (res == NULL)
    return NULL;

  g_autoptr (GPtrArray) entries
    = g_ptr_array_new_with_free_func ((GDestroyNotify) ep_audit_entry_free);
  g_autoptr (EpAuditHasher) hasher = ep_audit_hasher_new (error);
  if (hasher == NULL)
    return NULL;
  g_autoptr (GByteArray) canonical = g_byte_array_sized_new (512);
  int n = MIN (PQntuples (res), (int) limit);
  for (int row = 0; row < n; row++)
    {
      EpAuditEntry *entry = query_entry (res, row, hasher, canonical, error);
      if (entry == NULL)
        return NULL;
      g_ptr_array_add (entries, entry);
    }
  if (next_cursor != NULL && PQntuples (res) > (int) limit && n > 0)
    *next_cursor
      = g_strdup_printf ("%" G_GINT64_FORMAT, ((EpAuditEntry *) entries->pdata[n - 1])->id);
  return g_steal_pointer (&entries);
}

/* What the chain says of an entry, in JSON. */
static const gchar *
entry_check_name (EpAuditEntryCheck check)
{
  switch (check)
    {
      case EP_AUDIT_ENTRY_MATCHES:
        return "matches";
      case EP_AUDIT_ENTRY_ALTERED:
        return "altered";
      case EP_AUDIT_ENTRY_MISSING:
        return "missing";
      case EP_AUDIT_ENTRY_UNSEALED:
      default:
        return "unsealed";
    }
}

static void
add_text_or_null (JsonBuilder *b, const gchar *name, const gchar *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

JsonNode *
ep_audit_page_to_json (const GPtrArray *entries, const gchar *next)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "events");
  json_builder_begin_array (b);
  for (guint i = 0; i < entries->len; i++)
    {
      const EpAuditEntry *e = entries->pdata[i];
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, e->id);
      json_builder_set_member_name (b, "seq");
      json_builder_add_int_value (b, e->seq);
      json_builder_set_member_name (b, "chain");
      json_builder_add_string_value (b, entry_check_name (e->check));
      add_text_or_null (b, "gemeente", e->gemeente);
      add_text_or_null (b, "occurred_at", e->occurred_at);
      add_text_or_null (b, "actor_id", e->actor_id);
      add_text_or_null (b, "actor_role", e->actor_role);
      add_text_or_null (b, "on_behalf_of", e->on_behalf_of);
      add_text_or_null (b, "action", e->action);
      add_text_or_null (b, "entity_type", e->entity_type);
      add_text_or_null (b, "entity_id", e->entity_id);
      add_text_or_null (b, "household_id", e->household_id);
      add_text_or_null (b, "purpose", e->purpose);
      add_text_or_null (b, "outcome", e->outcome);
      json_builder_set_member_name (b, "change");
      g_autoptr (JsonNode) change = e->change ? json_from_string (e->change, NULL) : NULL;
      if (change != NULL)
        json_builder_add_value (b, g_steal_pointer (&change));
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "next_cursor");
  if (next)
    json_builder_add_string_value (b, next);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
