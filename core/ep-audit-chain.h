/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-audit-chain.h: the audit chain's canonical byte form and hash.
 *
 * Every audit event is hashed as
 *
 *   hash = SHA-256 (prev_hash ‖ canonical bytes of the event)
 *
 * where prev_hash is the hash of the municipality's previous event in the
 * chain (32 zero bytes before the first). The canonical bytes are the four
 * ASCII bytes "EPA1" followed by the fields below, in this order, each as a
 * 4-byte big-endian length and then that many bytes of UTF-8 text; a NULL
 * field is the length 0xFFFFFFFF and no bytes. docs/audit.md describes the
 * same for an outside auditor.
 *
 *    1 gemeente       CBS code, e.g. GM0164
 *    2 seq            position in the chain, decimal
 *    3 event_id       the event's id, decimal
 *    4 occurred_at    microseconds since 1970-01-01T00:00:00Z, decimal
 *    5 actor_id       6 actor_role     7 on_behalf_of
 *    8 action         9 entity_type   10 entity_id
 *   11 household_id  (lowercase UUID) 12 purpose      13 outcome
 *   14 change        JSON text exactly as stored
 *
 * Because seq is part of the hashed bytes, moving an event to another place
 * in the chain changes its hash as surely as changing a field does.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define EP_AUDIT_HASH_LEN 32

typedef enum
{
  EP_AUDIT_FIELD_GEMEENTE,
  EP_AUDIT_FIELD_SEQ,
  EP_AUDIT_FIELD_EVENT_ID,
  EP_AUDIT_FIELD_OCCURRED_AT,
  EP_AUDIT_FIELD_ACTOR_ID,
  EP_AUDIT_FIELD_ACTOR_ROLE,
  EP_AUDIT_FIELD_ON_BEHALF_OF,
  EP_AUDIT_FIELD_ACTION,
  EP_AUDIT_FIELD_ENTITY_TYPE,
  EP_AUDIT_FIELD_ENTITY_ID,
  EP_AUDIT_FIELD_HOUSEHOLD_ID,
  EP_AUDIT_FIELD_PURPOSE,
  EP_AUDIT_FIELD_OUTCOME,
  EP_AUDIT_FIELD_CHANGE,
  EP_AUDIT_N_FIELDS
} EpAuditField;

/* One field's text: @len bytes at @data, or SQL NULL when @len is negative. */
typedef struct
{
  const gchar *data;
  gint len;
} EpAuditValue;

/**
 * ep_audit_canonical:
 * @values: (array fixed-size=EP_AUDIT_N_FIELDS): the event's fields
 * @out: a buffer; its contents are replaced by the canonical bytes
 *
 * Writes the canonical byte form of one event (see above) into @out.
 */
void ep_audit_canonical (const EpAuditValue values[EP_AUDIT_N_FIELDS], GByteArray *out);

/**
 * ep_audit_canonical_parse:
 * @canonical: an event's canonical bytes
 * @values: (out) (array fixed-size=EP_AUDIT_N_FIELDS): the fields, pointing
 *   into @canonical (text is not NUL-terminated)
 *
 * Reads canonical bytes back into their fields, the inverse of
 * ep_audit_canonical().
 *
 * Returns: FALSE when @canonical is not in the canonical form (a wrong
 * marker, a field running past the end, or bytes left over).
 */
gboolean ep_audit_canonical_parse (const guint8 *canonical, gsize len,
                                   EpAuditValue values[EP_AUDIT_N_FIELDS]);

/**
 * ep_audit_canonical_seq:
 * @canonical: an event's canonical bytes
 * @gemeente: (out) (optional): the municipality field (the first), pointing
 *   into @canonical
 *
 * Reads only the first two fields, municipality and seq, for checking a long
 * run of events quickly: whether the rest is intact is for the hash to say.
 *
 * Returns: the seq, or -1 when the bytes do not start in the canonical form
 * or the seq is not a decimal number ≥ 1.
 */
gint64 ep_audit_canonical_seq (const guint8 *canonical, gsize len, EpAuditValue *gemeente);

/* Hashes chain links. Keeps one digest context for reuse, so hashing a
 * million events costs no allocation per event. Not thread-safe: one per
 * thread. */
typedef struct _EpAuditHasher EpAuditHasher;

/**
 * ep_audit_hasher_new:
 * @error: return location for a GError, or NULL
 *
 * Returns: (transfer full): a hasher, or NULL with EP_CORE_ERROR_CRYPTO when
 * OpenSSL provides no SHA-256 (or no memory for it): there is no audit
 * without it, so the caller's operation fails, not the process.
 */
EpAuditHasher *ep_audit_hasher_new (GError **error);
void ep_audit_hasher_free (EpAuditHasher *hasher);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EpAuditHasher, ep_audit_hasher_free)

/**
 * ep_audit_hasher_link:
 * @prev_hash: the previous event's hash (32 zero bytes for the first)
 * @canonical: the event's canonical bytes
 * @out: the event's hash
 *
 * Computes SHA-256 (@prev_hash ‖ @canonical).
 *
 * Returns: TRUE, or FALSE with EP_CORE_ERROR_CRYPTO when OpenSSL fails (@out
 * is then not a hash and must not be used).
 */
gboolean ep_audit_hasher_link (EpAuditHasher *hasher, const guint8 prev_hash[EP_AUDIT_HASH_LEN],
                               const guint8 *canonical, gsize len, guint8 out[EP_AUDIT_HASH_LEN],
                               GError **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_audit_checkpoint_message:
 * @head_hash: the hash of the chain's event at @seq (zeros for an empty chain)
 *
 * The bytes a checkpoint signs: "EPC1" followed by the fields gemeente, seq
 * (decimal) and head hash (64 lowercase hex digits), encoded as above.
 *
 * Returns: (transfer full): the message.
 */
GBytes *ep_audit_checkpoint_message (const gchar *gemeente, gint64 seq,
                                     const guint8 head_hash[EP_AUDIT_HASH_LEN]);

G_END_DECLS
