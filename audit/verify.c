/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * verify.c: the verifier (see ep-audit-verify.h and docs/audit.md): the
 * chain streamed in seq order, its blocks on more connections at once where
 * there are many, every hash and link recomputed, the coverage checked, and
 * the rows behind the blocks held to them.
 */
#include "ep-audit-verify.h"

#include "audit-private.h"

#include <string.h>

/* ------------------------------------------------------------------------ */
/* Verification                                                             */
/* ------------------------------------------------------------------------ */

const gchar *
ep_audit_finding_name (EpAuditFinding finding)
{
  static const gchar *const names[] = {
    [EP_AUDIT_INTACT] = "intact",       [EP_AUDIT_CHANGED] = "changed",
    [EP_AUDIT_MISSING] = "missing",     [EP_AUDIT_INSERTED] = "inserted",
    [EP_AUDIT_REORDERED] = "reordered", [EP_AUDIT_TRUNCATED] = "truncated",
    [EP_AUDIT_UNCOVERED] = "uncovered", [EP_AUDIT_CHECKPOINT_INVALID] = "checkpoint-invalid",
  };
  g_return_val_if_fail ((gsize) finding < G_N_ELEMENTS (names), "unknown");
  return names[finding];
}

void
ep_audit_report_clear (EpAuditReport *report)
{
  g_clear_pointer (&report->detail, g_free);
  memset (report, 0, sizeof *report);
}

/* One place in the chain, read from a chain row or from a block, while the
 * verifier looks one place ahead. */
typedef struct
{
  gint64 seq;
  gint64 claimed_seq; /* the seq inside the event's canonical bytes */
  gboolean has_event;
  gboolean malformed;                  /* a block whose bytes do not hold this event */
  guint8 prev_hash[EP_AUDIT_HASH_LEN]; /* as stored */
  guint8 hash[EP_AUDIT_HASH_LEN];      /* as stored */
  guint8 computed[EP_AUDIT_HASH_LEN];  /* from the event's fields */
} ChainRow;

typedef struct
{
  EpAuditReport *report;
  gint64 expected_seq;
  guint8 last_hash[EP_AUDIT_HASH_LEN];   /* hash of the last good row */
  guint8 before_last[EP_AUDIT_HASH_LEN]; /* and of the one before it */
  gboolean have_before_last;
  /* Heads the chain must reach and agree with: the latest checkpoint whose
   * signature holds, the newest of the checkpoint file whose signature
   * holds, and a head the auditor kept elsewhere. */
  struct
  {
    gint64 seq;
    guint8 hash[EP_AUDIT_HASH_LEN];
    const gchar *source;
  } trusted[3];
  guint n_trusted;
  /* After a break whose cause may stand further on: the hash of a row's
   * displaced predecessor (two events far apart swapped), or the seq whose
   * event a block holds elsewhere. */
  gboolean predecessor_unknown;
  guint8 predecessor_hash[EP_AUDIT_HASH_LEN];
  gint64 displaced_seq;
} VerifyState;

/* Moves what @from found into @into. */
static void
take_finding (EpAuditReport *into, EpAuditReport *from)
{
  into->finding = from->finding;
  into->broken_seq = from->broken_seq;
  g_free (into->detail);
  into->detail = g_steal_pointer (&from->detail);
}

static gboolean report_break (VerifyState *state, EpAuditFinding finding, gint64 seq,
                              const gchar *format, ...) G_GNUC_PRINTF (4, 5);

static gboolean
report_break (VerifyState *state, EpAuditFinding finding, gint64 seq, const gchar *format, ...)
{
  va_list args;
  va_start (args, format);
  state->report->finding = finding;
  state->report->broken_seq = seq;
  state->report->detail = g_strdup_vprintf (format, args);
  va_end (args);
  return FALSE;
}

/* A block's event that carries another seq than its place: the events of a
 * block were moved about. */
static gboolean
check_claimed_seq (VerifyState *state, const ChainRow *row, const ChainRow *next)
{
  gint64 seq = row->seq;
  if (row->claimed_seq < seq)
    return report_break (state, EP_AUDIT_INSERTED, seq - 1,
                         "seq %" G_GINT64_FORMAT " was inserted: the event of seq %" G_GINT64_FORMAT
                         " follows it",
                         seq - 1, row->claimed_seq);
  if (next != NULL && next->claimed_seq == seq)
    return report_break (state, EP_AUDIT_REORDERED, seq,
                         "seq %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT " are swapped", seq,
                         next->seq);
  state->displaced_seq = seq;
  return report_break (state, EP_AUDIT_MISSING, seq,
                       "the event of seq %" G_GINT64_FORMAT " is missing: seq %" G_GINT64_FORMAT
                       " holds the event of seq %" G_GINT64_FORMAT,
                       seq, seq, row->claimed_seq);
}

/* Checks @row against the chain so far, looking at @next (NULL at the end)
 * to tell what kind of break it is. Returns FALSE at the first break. */
static gboolean
check_row (VerifyState *state, const ChainRow *row, const ChainRow *next)
{
  gint64 seq = row->seq;

  if (seq != state->expected_seq)
    return report_break (state, EP_AUDIT_MISSING, state->expected_seq,
                         "seq %" G_GINT64_FORMAT
                         " is missing: the chain goes on at %" G_GINT64_FORMAT,
                         state->expected_seq, seq);
  if (!row->has_event)
    return report_break (state, EP_AUDIT_MISSING, seq,
                         "the event of seq %" G_GINT64_FORMAT " is missing", seq);
  if (row->malformed)
    return report_break (state, EP_AUDIT_CHANGED, seq,
                         "the block holding seq %" G_GINT64_FORMAT " was changed: its bytes are "
                         "no longer in the canonical form",
                         seq);
  if (row->claimed_seq != seq)
    return check_claimed_seq (state, row, next);

  if (memcmp (row->prev_hash, state->last_hash, EP_AUDIT_HASH_LEN) != 0)
    {
      if (next != NULL && memcmp (next->hash, row->prev_hash, EP_AUDIT_HASH_LEN) == 0)
        return report_break (state, EP_AUDIT_REORDERED, seq,
                             "seq %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT " are swapped", seq,
                             next->seq);
      if (state->have_before_last
          && memcmp (row->prev_hash, state->before_last, EP_AUDIT_HASH_LEN) == 0)
        return report_break (state, EP_AUDIT_INSERTED, seq - 1,
                             "seq %" G_GINT64_FORMAT " was inserted: seq %" G_GINT64_FORMAT
                             " links past it",
                             seq - 1, seq);
      if (next != NULL && memcmp (next->prev_hash, state->last_hash, EP_AUDIT_HASH_LEN) == 0)
        return report_break (state, EP_AUDIT_INSERTED, seq,
                             "seq %" G_GINT64_FORMAT " was inserted: seq %" G_GINT64_FORMAT
                             " links past it",
                             seq, next->seq);
      state->predecessor_unknown = TRUE;
      memcpy (state->predecessor_hash, row->prev_hash, EP_AUDIT_HASH_LEN);
      return report_break (state, EP_AUDIT_MISSING, seq,
                           "seq %" G_GINT64_FORMAT " does not link to its predecessor: "
                           "an event before it is missing",
                           seq);
    }

  if (memcmp (row->computed, row->hash, EP_AUDIT_HASH_LEN) != 0)
    return report_break (
      state, EP_AUDIT_CHANGED, seq,
      "seq %" G_GINT64_FORMAT " was changed: its fields no longer match its hash", seq);

  for (guint i = 0; i < state->n_trusted; i++)
    if (seq == state->trusted[i].seq
        && memcmp (row->hash, state->trusted[i].hash, EP_AUDIT_HASH_LEN) != 0)
      return report_break (state, EP_AUDIT_CHANGED, seq,
                           "the chain up to seq %" G_GINT64_FORMAT
                           " differs from %s: it was rewritten",
                           seq, state->trusted[i].source);

  memcpy (state->before_last, state->last_hash, EP_AUDIT_HASH_LEN);
  state->have_before_last = TRUE;
  memcpy (state->last_hash, row->hash, EP_AUDIT_HASH_LEN);
  memcpy (state->report->head_hash, row->hash, EP_AUDIT_HASH_LEN);
  state->expected_seq++;
  state->report->events++;
  return TRUE;
}

/* Reads the latest checkpoint and checks its signature. Returns FALSE only
 * on a database error; a bad signature is a finding. */
static gboolean
load_checkpoint (PGconn *conn, const gchar *gemeente, const EpSigningKey *key, VerifyState *state,
                 gboolean *intact, GError **error)
{
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, gemeente);
  g_autoptr (PGresult) res = ep_db_exec_binary (conn,
                                                "SELECT seq, hash, signature FROM audit_checkpoint"
                                                " WHERE gemeente = $1 ORDER BY id DESC LIMIT 1",
                                                params, "read checkpoint", error);
  if (res == NULL)
    return FALSE;

  *intact = TRUE;
  state->report->checkpoint_seq = -1;
  if (PQntuples (res) == 0)
    return TRUE;

  state->report->checkpoint_seq = ep_audit_binary_int64 (res, 0, 0);
  if (key == NULL)
    return TRUE; /* cannot check the signature; do not trust the checkpoint */

  gint64 seq = state->report->checkpoint_seq;
  const guint8 *hash = (const guint8 *) PQgetvalue (res, 0, 1);
  g_autoptr (GBytes) message = ep_audit_checkpoint_message (gemeente, seq, hash);
  state->report->checkpoint_checked = TRUE;
  if (!ep_signing_key_verify (key, message, (const guint8 *) PQgetvalue (res, 0, 2),
                              (gsize) PQgetlength (res, 0, 2)))
    {
      *intact = report_break (state, EP_AUDIT_CHECKPOINT_INVALID, seq,
                              "the latest checkpoint (seq %" G_GINT64_FORMAT
                              ") is not signed by the audit key: it was forged",
                              seq);
      return TRUE;
    }
  state->trusted[state->n_trusted].seq = seq;
  memcpy (state->trusted[state->n_trusted].hash, hash, EP_AUDIT_HASH_LEN);
  state->trusted[state->n_trusted].source = "the signed checkpoint";
  state->n_trusted++;
  return TRUE;
}

/* Reads the newest head of @gemeente in the checkpoint file and, with the
 * public key, checks its signature: a head outside the database that the
 * chain must still reach. Returns FALSE only when the file cannot be read
 * or holds a line that is not a checkpoint; a bad signature is a finding. */
static gboolean
load_checkpoint_file (const gchar *gemeente, const EpAuditVerifyOptions *options,
                      VerifyState *state, gboolean *intact, GError **error)
{
  g_auto (EpAuditCheckpoint) newest = { 0 };
  if (!ep_audit_checkpoint_file_newest (options->checkpoint_file, gemeente, &newest, error))
    return FALSE;
  *intact = TRUE;
  if (newest.gemeente == NULL)
    return TRUE;
  state->report->checkpoint_file_seq = newest.seq;
  if (options->public_key == NULL)
    return TRUE; /* cannot check the signature; do not trust the line */

  g_autoptr (GBytes) message = ep_audit_checkpoint_message (gemeente, newest.seq, newest.hash);
  if (!ep_signing_key_verify (options->public_key, message, newest.signature,
                              sizeof newest.signature))
    {
      *intact = report_break (state, EP_AUDIT_CHECKPOINT_INVALID, newest.seq,
                              "the newest checkpoint in the checkpoint file (seq %" G_GINT64_FORMAT
                              ") is not signed by the audit key: it was forged",
                              newest.seq);
      return TRUE;
    }
  state->trusted[state->n_trusted].seq = newest.seq;
  memcpy (state->trusted[state->n_trusted].hash, newest.hash, EP_AUDIT_HASH_LEN);
  state->trusted[state->n_trusted].source = "the checkpoint file";
  state->n_trusted++;
  return TRUE;
}

/* Looks, event by event, for an event behind the chain head that is not in
 * the chain, and reports the first. @counted: the counts already say there
 * is one, so it is reported even where the search names none. */
static gboolean
find_uncovered (PGconn *conn, const gchar *gemeente, gboolean counted, VerifyState *state,
                GError **error)
{
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, gemeente);
  g_autoptr (PGresult) first = ep_db_exec (
    conn,
    HEAD_POSITION "SELECT min(e.id) AS id FROM audit_event e, pos"
                  " WHERE e.gemeente = $1 AND (e.xid, e.id) <= (pos.xid, pos.id)"
                  "   AND NOT EXISTS (SELECT FROM audit_chain c"
                  "                    WHERE c.gemeente = e.gemeente AND c.event_id = e.id)",
    params, PGRES_TUPLES_OK, "find uncovered event", error);
  if (first == NULL)
    return FALSE;
  const gchar *id = ep_db_get_text (first, 0, "id");
  if (id == NULL && !counted)
    return TRUE;
  report_break (state, EP_AUDIT_UNCOVERED, 0,
                "event %s lies behind the chain head but is not in the chain: "
                "it was added afterwards, or its link was removed",
                id ? id : "?");
  return TRUE;
}

/* Every event up to the chain head's place in sealing order must be in the
 * chain, which holds @head_seq events (seq 1 … @head_seq, as the streams
 * found); the ones after it are waiting for the sealer. Counts first, the
 * first culprit only when they disagree. (Unless --blocks-only, verify also searches event by
 * event: counts can be balanced by removing an event row behind a block.) */
static gboolean
check_coverage (PGconn *conn, const gchar *gemeente, gint64 head_seq, VerifyState *state,
                GError **error)
{
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, gemeente);
  g_autoptr (PGresult) res = ep_db_exec (
    conn,
    HEAD_POSITION
    "SELECT (SELECT count(*) FROM audit_event e WHERE e.gemeente = $1) AS events,"
    "       (SELECT count(*) FROM audit_event e, pos"
    "         WHERE e.gemeente = $1 AND (e.xid, e.id) > (pos.xid, pos.id)) AS pending",
    params, PGRES_TUPLES_OK, "count events", error);
  if (res == NULL)
    return FALSE;

  state->report->pending = ep_db_get_int64 (res, 0, "pending", 0);
  gint64 behind = ep_db_get_int64 (res, 0, "events", 0) - state->report->pending;
  return behind <= head_seq || find_uncovered (conn, gemeente, TRUE, state, error);
}

typedef struct
{
  const gchar *gemeente;
  gsize gemeente_len;
  const EpAuditVerifyOptions *options;
  EpAuditReport *report;
  gint seen; /* places read, for progress; atomic: streams may run in two threads */
  gint64 total;
} VerifyJob;

/* The streaming part of a verification: each place in the chain is hashed as
 * it arrives, and checked once the place after it is known. */
typedef struct
{
  VerifyJob *job;
  VerifyState *state;
  EpAuditHasher *hasher;
  GByteArray *canonical;
  EpAuditScratch scratch;
  EpAuditValue values[EP_AUDIT_N_FIELDS];
  ChainRow rows[2];
  ChainRow *cur; /* the place waiting for its successor; NULL before the first */
  gint64 from;   /* the seqs to check: blocks may begin before and end after */
  gint64 to;
  gint64 read_to; /* the last seq read */
  /* Before its first place, a stream that starts after seq 1 trusts the
   * hash before it (kept in start_prev); one that goes on where another
   * stopped does not. */
  gboolean trust_start;
  guint8 start_prev[EP_AUDIT_HASH_LEN];
  gboolean shows_progress; /* only the calling thread calls the progress function */
  gint uncounted;          /* places read and not yet added to job->seen */
  /* At a break a stream normally cancels the query, which ends the
   * transaction; a stream that drains reads on to the end without checking,
   * so that its transaction can still be used. */
  gboolean drains;
  gboolean stopped;
  gboolean intact;
  guint search_left; /* places still to look through for a displaced event */
  GError *error;     /* hashing failed: the stream stopped, and verify cannot run */
} VerifyStream;

/* How far on verify looks for a displaced event, before it settles for
 * "missing". */
#define VERIFY_SEARCH_ROWS 10000

#define VERIFY_PROGRESS_EVERY 50000

/* Streams in other threads count into the same total: a few at a time, so
 * that they do not contend for it at every event. */
#define VERIFY_COUNT_EVERY 1024

static void
count_progress (VerifyStream *stream)
{
  VerifyJob *job = stream->job;
  gint before = g_atomic_int_add (&job->seen, stream->uncounted);
  gint seen = before + stream->uncounted;
  stream->uncounted = 0;
  if (stream->shows_progress && job->options->progress != NULL
      && seen / VERIFY_PROGRESS_EVERY != before / VERIFY_PROGRESS_EVERY)
    job->options->progress (seen, job->total, job->options->user_data);
}

/* The slot the next place is read into: not the one waiting for it. */
static ChainRow *
next_slot (VerifyStream *stream)
{
  return stream->cur == &stream->rows[0] ? &stream->rows[1] : &stream->rows[0];
}

/* After a break: looks for the event the break points at further on. Found,
 * events were swapped; not found within the search, it stays missing.
 * Returns FALSE to stop reading. */
static gboolean
search_displaced (VerifyStream *stream, const ChainRow *row)
{
  VerifyState *state = stream->state;
  gint64 found_at = 0;
  if (state->predecessor_unknown
      && memcmp (row->hash, state->predecessor_hash, EP_AUDIT_HASH_LEN) == 0)
    found_at = row->seq;
  else if (state->displaced_seq > 0 && row->claimed_seq == state->displaced_seq)
    found_at = row->seq;
  if (found_at == 0)
    return --stream->search_left > 0;

  g_free (state->report->detail);
  state->report->finding = EP_AUDIT_REORDERED;
  state->report->detail = g_strdup_printf (
    "seq %" G_GINT64_FORMAT " is out of place: the event %s stands at seq %" G_GINT64_FORMAT
    " (events were swapped)",
    state->report->broken_seq, state->predecessor_unknown ? "it follows" : "of that seq", found_at);
  return FALSE;
}

/* Takes the place just read into next_slot(): checks the place waiting for
 * it. Returns FALSE to stop reading. */
static gboolean
advance (VerifyStream *stream, ChainRow *next)
{
  VerifyState *state = stream->state;
  stream->read_to = next->seq;
  if (!stream->intact)
    return search_displaced (stream, next);

  if (stream->trust_start)
    {
      stream->trust_start = FALSE;
      memcpy (stream->start_prev, next->prev_hash, EP_AUDIT_HASH_LEN);
      if (state->expected_seq > 1)
        memcpy (state->last_hash, next->prev_hash, EP_AUDIT_HASH_LEN);
    }
  if (stream->cur != NULL)
    stream->intact = check_row (state, stream->cur, next);
  stream->cur = next;
  if (!stream->intact && (state->predecessor_unknown || state->displaced_seq > 0))
    {
      stream->search_left = VERIFY_SEARCH_ROWS;
      return TRUE;
    }

  if (++stream->uncounted == VERIFY_COUNT_EVERY)
    count_progress (stream);
  return stream->intact;
}

/* One chain row joined to its event. */
static gboolean
verify_row (const PGresult *res, gpointer user_data)
{
  VerifyStream *stream = user_data;
  ChainRow *next = next_slot (stream);

  next->seq = ep_audit_binary_int64 (res, 0, 0);
  next->claimed_seq = next->seq; /* the canonical bytes are made with it */
  next->malformed = FALSE;
  memcpy (next->prev_hash, PQgetvalue (res, 0, 1), EP_AUDIT_HASH_LEN);
  memcpy (next->hash, PQgetvalue (res, 0, 2), EP_AUDIT_HASH_LEN);
  next->has_event = !PQgetisnull (res, 0, 3 + 1);
  if (next->has_event && stream->intact)
    {
      ep_audit_event_values (res, 0, 3, next->seq, &stream->scratch, stream->values);
      ep_audit_canonical (stream->values, stream->canonical);
      if (!ep_audit_hasher_link (stream->hasher, next->prev_hash, stream->canonical->data,
                                 stream->canonical->len, next->computed, &stream->error))
        return FALSE;
      stream->state->report->bytes_hashed += stream->canonical->len + EP_AUDIT_HASH_LEN;
    }
  return advance (stream, next);
}

/* More events than a block may hold: a block that claims more was changed. */
#define VERIFY_MAX_BLOCK_EVENTS 65536

/* One block: each of its events in turn. */
static gboolean
verify_block (const PGresult *res, gpointer user_data)
{
  VerifyStream *stream = user_data;
  if (stream->stopped)
    return TRUE;
  gint64 first = ep_audit_binary_int64 (res, 0, 0);
  gint64 last = ep_audit_binary_int64 (res, 0, 1);
  const guint8 *block_prev = (const guint8 *) PQgetvalue (res, 0, 2);
  const guint8 *hashes = (const guint8 *) PQgetvalue (res, 0, 3);
  const guint8 *records = (const guint8 *) PQgetvalue (res, 0, 4);
  gsize records_len = (gsize) PQgetlength (res, 0, 4);
  gsize at = 0;

  /* The table's checks keep a block's shape; the owner can drop them. A
   * block whose shape is wrong holds nothing verify can trust. */
  if (PQgetlength (res, 0, 2) != EP_AUDIT_HASH_LEN || last < first
      || last - first >= VERIFY_MAX_BLOCK_EVENTS
      || (gint64) PQgetlength (res, 0, 3) != EP_AUDIT_HASH_LEN * (last - first + 1))
    {
      ChainRow *next = next_slot (stream);
      *next = (ChainRow){ .seq = MAX (first, stream->from), .has_event = TRUE, .malformed = TRUE };
      if (!advance (stream, next))
        {
          stream->stopped = TRUE;
          return stream->drains;
        }
      return TRUE;
    }

  for (gint64 seq = first; seq <= last; seq++)
    {
      gsize i = (gsize) (seq - first);
      ChainRow *next = next_slot (stream);
      next->seq = seq;
      next->has_event = TRUE;
      memcpy (next->prev_hash, i == 0 ? block_prev : hashes + (i - 1) * EP_AUDIT_HASH_LEN,
              EP_AUDIT_HASH_LEN);
      memcpy (next->hash, hashes + i * EP_AUDIT_HASH_LEN, EP_AUDIT_HASH_LEN);

      guint32 len = 0;
      if (records_len - at >= 4)
        {
          guint32 be;
          memcpy (&be, records + at, 4);
          len = GUINT32_FROM_BE (be);
          at += 4;
        }
      const guint8 *record = records + at;
      next->malformed
        = len == 0 || len > records_len - at || (seq == last && at + len != records_len);
      if (!next->malformed)
        at += len;
      if (seq < stream->from)
        continue; /* before where this stream starts */
      if (seq > stream->to)
        return TRUE; /* after where it ends: another stream's */

      /* Its place, and the municipality being verified: no other's events
       * pass for its. */
      EpAuditValue gemeente = { NULL, -1 };
      next->claimed_seq = next->malformed ? -1 : ep_audit_canonical_seq (record, len, &gemeente);
      next->malformed = next->claimed_seq < 0 || (gsize) gemeente.len != stream->job->gemeente_len
                        || memcmp (gemeente.data, stream->job->gemeente, gemeente.len) != 0;
      if (!next->malformed && stream->intact)
        {
          if (!ep_audit_hasher_link (stream->hasher, next->prev_hash, record, len, next->computed,
                                     &stream->error))
            {
              stream->stopped = TRUE;
              return FALSE;
            }
          stream->state->report->bytes_hashed += len + EP_AUDIT_HASH_LEN;
        }
      if (!advance (stream, next))
        {
          stream->stopped = TRUE;
          return stream->drains;
        }
    }
  return TRUE;
}

/* Whether hashing failed in @stream; if so, its error goes to @error. */
static gboolean
stream_failed (VerifyStream *stream, GError **error)
{
  if (stream->error == NULL)
    return FALSE;
  g_propagate_error (error, g_steal_pointer (&stream->error));
  return TRUE;
}

/* Streams chain rows with their events, seq @from … @to, into @stream. */
static gboolean
stream_chain_rows (PGconn *conn, VerifyStream *stream, gint64 from, gint64 to, GError **error)
{
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, stream->job->gemeente);
  ep_db_params_add_int64 (params, from);
  ep_db_params_add_int64 (params, to);
  return ep_db_stream_binary (conn,
                              "SELECT c.seq, c.prev_hash, c.hash, " EVENT_COLUMNS
                              "  FROM audit_chain c LEFT JOIN audit_event e"
                              "    ON e.gemeente = c.gemeente AND e.id = c.event_id"
                              " WHERE c.gemeente = $1 AND c.seq BETWEEN $2 AND $3 ORDER BY c.seq",
                              params, verify_row, stream, "read chain", error)
         && !stream_failed (stream, error);
}

/* Streams the blocks that hold seq @stream->from … @stream->to into @stream. */
static gboolean
stream_blocks (PGconn *conn, VerifyStream *stream, GError **error)
{
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, stream->job->gemeente);
  ep_db_params_add_int64 (params, stream->from);
  ep_db_params_add_int64 (params, stream->to);
  return ep_db_stream_binary (conn,
                              "SELECT first_seq, last_seq, prev_hash, hashes, records"
                              "  FROM audit_block"
                              " WHERE gemeente = $1 AND last_seq >= $2 AND first_seq <= $3"
                              " ORDER BY first_seq",
                              params, verify_block, stream, "read blocks", error)
         && !stream_failed (stream, error);
}

/* Finishes a stream: checks the place still waiting. */
static gboolean
finish_stream (VerifyStream *stream)
{
  count_progress (stream);
  if (stream->intact && stream->cur != NULL)
    stream->intact = check_row (stream->state, stream->cur, NULL);
  return stream->intact;
}

/* Unless --blocks-only: the chain rows and events that the blocks up to @packed_to stand
 * for must hold on their own, and carry the very hashes of the blocks. They
 * are the same events again: what they find goes into @rows, and only a
 * break into the caller's report. */
static gboolean
check_rows_behind_blocks (PGconn *conn, VerifyJob *job, const VerifyState *checked,
                          gint64 packed_to, EpAuditHasher *hasher, GByteArray *canonical,
                          EpAuditReport *rows, GError **error)
{
  gint64 from = MAX (job->options->from_seq, 1);
  VerifyState state = { .report = rows, .expected_seq = from };
  memcpy (state.trusted, checked->trusted, sizeof state.trusted);
  state.n_trusted = checked->n_trusted;
  VerifyStream stream = { .job = job,
                          .state = &state,
                          .hasher = hasher,
                          .canonical = canonical,
                          .from = from,
                          .to = packed_to,
                          .trust_start = TRUE,
                          .shows_progress = TRUE,
                          .intact = TRUE };

  if (!stream_chain_rows (conn, &stream, from, packed_to, error))
    return FALSE;
  if (!finish_stream (&stream))
    return TRUE;
  if (state.expected_seq != packed_to + 1)
    {
      report_break (&state, EP_AUDIT_MISSING, state.expected_seq,
                    "the chain row of seq %" G_GINT64_FORMAT " is missing", state.expected_seq);
      return TRUE;
    }

  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, job->gemeente);
  ep_db_params_add_int64 (params, from);
  /* Block by block, the chain rows' hashes in one piece against the block's:
   * one range of the chain's index per block. (Row by row, each row would
   * look for its block and cut its hash out of the block's hashes, which
   * PostgreSQL detoasts whole each time: quadratic in the blocks.) Then, in
   * the first block that differs, the first seq that does. */
  g_autoptr (PGresult) differs = ep_db_exec_binary (
    conn,
    "SELECT x.start, x.packed, x.chained FROM"
    " (SELECT greatest(b.first_seq, $2) AS start,"
    "         substring(b.hashes FROM (32 * (greatest(b.first_seq, $2) - b.first_seq) + 1)::int)"
    "           AS packed,"
    "         (SELECT string_agg(c.hash, ''::bytea ORDER BY c.seq) FROM audit_chain c"
    "           WHERE c.gemeente = b.gemeente"
    "             AND c.seq BETWEEN greatest(b.first_seq, $2) AND b.last_seq) AS chained"
    "    FROM audit_block b WHERE b.gemeente = $1 AND b.last_seq >= $2) x"
    " WHERE x.chained IS DISTINCT FROM x.packed"
    " ORDER BY x.start LIMIT 1",
    params, "compare chain rows with blocks", error);
  if (differs == NULL)
    return FALSE;
  if (PQntuples (differs) > 0)
    {
      const guint8 *packed = (const guint8 *) PQgetvalue (differs, 0, 1);
      const guint8 *chained = (const guint8 *) PQgetvalue (differs, 0, 2);
      gsize n_packed = (gsize) PQgetlength (differs, 0, 1);
      gsize n_chained = PQgetisnull (differs, 0, 2) ? 0 : (gsize) PQgetlength (differs, 0, 2);
      gsize at = 0;
      while (at + EP_AUDIT_HASH_LEN <= MIN (n_packed, n_chained)
             && memcmp (packed + at, chained + at, EP_AUDIT_HASH_LEN) == 0)
        at += EP_AUDIT_HASH_LEN;
      gint64 seq = ep_audit_binary_int64 (differs, 0, 0) + (gint64) (at / EP_AUDIT_HASH_LEN);
      report_break (&state, EP_AUDIT_CHANGED, seq,
                    "seq %" G_GINT64_FORMAT " was changed: its chain row and event no longer "
                    "match its block",
                    seq);
      return TRUE;
    }
  return find_uncovered (conn, job->gemeente, FALSE, &state, error);
}

static gboolean
verify_rows_behind_blocks (PGconn *conn, VerifyJob *job, const VerifyState *checked,
                           gint64 packed_to, EpAuditHasher *hasher, GByteArray *canonical,
                           GError **error)
{
  g_auto (EpAuditReport) rows = { 0 };
  if (!check_rows_behind_blocks (conn, job, checked, packed_to, hasher, canonical, &rows, error))
    return FALSE;
  if (rows.finding != EP_AUDIT_INTACT)
    take_finding (job->report, &rows);
  return TRUE;
}

/* ---- the blocks on more connections at once ---- */

/* One stream is bound by PostgreSQL reading and sending the blocks, not by
 * hashing. So where there are enough blocks, verify cuts them into ranges
 * that this connection and others, each with a thread of its own, take in
 * turn; the others import this transaction's snapshot (as pg_dump -j does),
 * so all see the same chain. Each range is checked on its own, trusting the
 * hash before it; afterwards each range must start where the one before it
 * ended. The coverage check is one more piece of work among them. */

/* Fewer blocks than this are read in one stream. */
#define VERIFY_SPLIT_MIN_BLOCKS 8
/* Ranges per connection: small enough that a connection that is done takes
 * another while the slowest still works. */
#define VERIFY_RANGES_PER_CONNECTION 4

typedef struct
{
  gint64 from, to;
  EpAuditReport report;
  VerifyState state;
  guint8 start_prev[EP_AUDIT_HASH_LEN];
  gboolean intact;
} BlockRange;

typedef struct
{
  VerifyJob *job;
  const VerifyState *start; /* the trusted heads every range holds the chain to */
  BlockRange *ranges;
  guint n_ranges;
  gint next_task; /* atomic; task 0 is the coverage check, task i > 0 range i − 1 */
  gint failed;    /* atomic: a range found something, or a connection failed */
  gint64 head_seq;
  EpAuditReport *coverage;
} SplitWork;

static gboolean
verify_range (PGconn *conn, SplitWork *work, BlockRange *range, gboolean main_thread,
              GError **error)
{
  range->state = (VerifyState){ .report = &range->report, .expected_seq = range->from };
  memcpy (range->state.trusted, work->start->trusted, sizeof range->state.trusted);
  range->state.n_trusted = work->start->n_trusted;
  g_autoptr (EpAuditHasher) hasher = ep_audit_hasher_new (error);
  if (hasher == NULL)
    return FALSE;
  VerifyStream stream = { .job = work->job,
                          .state = &range->state,
                          .hasher = hasher,
                          .from = range->from,
                          .to = range->to,
                          .trust_start = TRUE,
                          .shows_progress = main_thread,
                          .drains = TRUE,
                          .intact = TRUE };
  if (!stream_blocks (conn, &stream, error))
    return FALSE;
  range->intact = !stream.stopped && finish_stream (&stream);
  memcpy (range->start_prev, stream.start_prev, EP_AUDIT_HASH_LEN);
  return TRUE;
}

/* Takes the next piece of work until none is left. */
static gboolean
split_work (PGconn *conn, SplitWork *work, gboolean main_thread, GError **error)
{
  guint n_tasks = work->n_ranges + 1;
  guint task;
  while (!g_atomic_int_get (&work->failed)
         && (task = (guint) g_atomic_int_add (&work->next_task, 1)) < n_tasks)
    {
      gboolean ok;
      if (task == 0)
        {
          VerifyState coverage = { .report = work->coverage };
          ok = check_coverage (conn, work->job->gemeente, work->head_seq, &coverage, error);
        }
      else
        {
          BlockRange *range = &work->ranges[task - 1];
          ok = verify_range (conn, work, range, main_thread, error);
          if (ok && !range->intact)
            g_atomic_int_set (&work->failed, TRUE);
        }
      if (!ok)
        {
          g_atomic_int_set (&work->failed, TRUE);
          return FALSE;
        }
    }
  return TRUE;
}

typedef struct
{
  SplitWork *work;
  PGconn *conn;
  const gchar *snapshot;
  gboolean ok;
  GError *error;
} SplitHelper;

static gboolean
helper_in_snapshot (PGconn *conn, gpointer user_data, GError **error)
{
  SplitHelper *helper = user_data;
  return split_work (conn, helper->work, FALSE, error);
}

static gpointer
helper_thread (gpointer user_data)
{
  SplitHelper *helper = user_data;
  EpDbTxContext ctx = { .gemeente = helper->work->job->gemeente,
                        .actor_id = "system",
                        .actor_role = "auditor",
                        .isolation = EP_DB_REPEATABLE_READ,
                        .snapshot = helper->snapshot };
  /* A helper that cannot start (its snapshot import fails, say) leaves its
   * share to the others; one that fails in a piece of work has set
   * work->failed there, and verify reads the blocks again as one stream. */
  helper->ok = ep_db_run_tx (helper->conn, &ctx, helper_in_snapshot, helper, NULL, &helper->error);
  return NULL;
}

/* Verifies the blocks of seq @from … @packed_to, and checks the coverage,
 * on more connections at once. Sets *@split when every range is intact and
 * each starts where the one before it ended: @state then stands after
 * @packed_to as if one stream had read it all, and @coverage holds the
 * coverage check. Otherwise (too few blocks, no other connection, or a
 * finding) leaves @state as it was, for one stream to read the blocks again
 * and name the first break exactly. */
static gboolean
verify_blocks_split (PGconn *conn, VerifyJob *job, VerifyState *state, gint64 from,
                     gint64 packed_to, gboolean *split, EpAuditReport *coverage, GError **error)
{
  *split = FALSE;
  guint n_connections = CLAMP (g_get_num_processors (), 1, 8);
  if (n_connections < 2)
    return TRUE;

  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, job->gemeente);
  ep_db_params_add_int64 (params, from);
  g_autoptr (PGresult) blocks = ep_db_exec (
    conn,
    "SELECT first_seq FROM audit_block WHERE gemeente = $1 AND last_seq >= $2 ORDER BY first_seq",
    params, PGRES_TUPLES_OK, "list blocks", error);
  if (blocks == NULL)
    return FALSE;
  guint n_blocks = (guint) PQntuples (blocks);
  if (n_blocks < VERIFY_SPLIT_MIN_BLOCKS)
    return TRUE;
  g_autoptr (PGresult) exported = ep_db_exec (conn, "SELECT pg_export_snapshot()", NULL,
                                              PGRES_TUPLES_OK, "export snapshot", error);
  if (exported == NULL)
    return FALSE;

  /* Ranges of about equal numbers of blocks; the first starts at @from. */
  guint n_ranges = MIN (n_connections * VERIFY_RANGES_PER_CONNECTION, n_blocks);
  g_autofree BlockRange *ranges = g_new0 (BlockRange, n_ranges);
  for (guint i = 0; i < n_ranges; i++)
    {
      ranges[i].from
        = i == 0
            ? from
            : g_ascii_strtoll (PQgetvalue (blocks, (int) (i * n_blocks / n_ranges), 0), NULL, 10);
      if (i > 0)
        ranges[i - 1].to = ranges[i].from - 1;
    }
  ranges[n_ranges - 1].to = packed_to;

  SplitWork work = { .job = job,
                     .start = state,
                     .ranges = ranges,
                     .n_ranges = n_ranges,
                     .head_seq = state->report->head_seq,
                     .coverage = coverage };
  g_autofree SplitHelper *helpers = g_new0 (SplitHelper, n_connections - 1);
  g_autofree GThread **threads = g_new0 (GThread *, n_connections - 1);
  for (guint i = 0; i < n_connections - 1; i++)
    {
      helpers[i] = (SplitHelper){ .work = &work, .snapshot = PQgetvalue (exported, 0, 0) };
      helpers[i].conn = ep_db_connect_like (conn, NULL);
      if (helpers[i].conn != NULL)
        threads[i] = g_thread_new ("ep-audit-verify", helper_thread, &helpers[i]);
    }
  gboolean ran = split_work (conn, &work, TRUE, error);
  guint used = 1;
  for (guint i = 0; i < n_connections - 1; i++)
    {
      if (threads[i] != NULL)
        {
          g_thread_join (threads[i]);
          used += helpers[i].ok ? 1 : 0;
        }
      ep_db_close (helpers[i].conn);
      g_clear_error (&helpers[i].error);
    }

  /* Every range intact, and each one's start the end of the one before. A
   * helper that could not connect leaves its share to the others. */
  *split = ran && !g_atomic_int_get (&work.failed)
           && g_atomic_int_get (&work.next_task) >= (gint) n_ranges + 1;
  for (guint i = 0; *split && i < n_ranges; i++)
    *split = ranges[i].intact && ranges[i].state.expected_seq == ranges[i].to + 1
             && (i == 0
                 || memcmp (ranges[i].start_prev, ranges[i - 1].state.last_hash, EP_AUDIT_HASH_LEN)
                      == 0);

  EpAuditReport *report = state->report;
  if (*split)
    {
      const BlockRange *last = &ranges[n_ranges - 1];
      for (guint i = 0; i < n_ranges; i++)
        {
          report->events += ranges[i].report.events;
          report->bytes_hashed += ranges[i].report.bytes_hashed;
        }
      memcpy (report->head_hash, last->report.head_hash, EP_AUDIT_HASH_LEN);
      state->expected_seq = last->state.expected_seq;
      memcpy (state->last_hash, last->state.last_hash, EP_AUDIT_HASH_LEN);
      memcpy (state->before_last, last->state.before_last, EP_AUDIT_HASH_LEN);
      state->have_before_last = last->state.have_before_last;
      report->connections = used;
    }
  else
    {
      g_atomic_int_set (&job->seen, 0);
      ep_audit_report_clear (coverage);
    }
  for (guint i = 0; i < n_ranges; i++)
    ep_audit_report_clear (&ranges[i].report);
  return ran;
}

static gboolean
verify_in_snapshot (PGconn *conn, gpointer user_data, GError **error)
{
  VerifyJob *job = user_data;
  const EpAuditVerifyOptions *options = job->options;
  EpAuditReport *report = job->report;
  g_clear_pointer (&report->detail, g_free);
  memset (report, 0, sizeof *report);
  g_atomic_int_set (&job->seen, 0);

  gint64 from = MAX (options->from_seq, 1);
  VerifyState state = { .report = report, .expected_seq = from };
  gboolean intact = TRUE;

  report->checkpoint_file_seq = -1;
  if (!load_checkpoint (conn, job->gemeente, options->public_key, &state, &intact, error))
    return FALSE;
  if (!intact)
    return TRUE;
  if (options->checkpoint_file != NULL
      && !load_checkpoint_file (job->gemeente, options, &state, &intact, error))
    return FALSE;
  if (!intact)
    return TRUE;
  if (options->expected != NULL)
    {
      state.trusted[state.n_trusted].seq = options->expected->seq;
      memcpy (state.trusted[state.n_trusted].hash, options->expected->hash, EP_AUDIT_HASH_LEN);
      state.trusted[state.n_trusted].source = "the expected head";
      state.n_trusted++;
    }

  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, job->gemeente);
  g_autoptr (PGresult) head = ep_db_exec_binary (
    conn,
    "SELECT coalesce((SELECT max(seq) FROM audit_chain WHERE gemeente = $1), 0),"
    "       " PACKED_TO,
    params, "read chain head", error);
  if (head == NULL)
    return FALSE;
  gint64 packed_to = ep_audit_binary_int64 (head, 0, 1);
  report->head_seq = MAX (ep_audit_binary_int64 (head, 0, 0), packed_to);
  job->total = MAX (report->head_seq - from + 1, 0);
  if (!options->blocks_only)
    job->total += MAX (packed_to - from + 1, 0);

  /* Joining the chain rows after the last block (and all of them for
   * all of them, unless --blocks-only) to their events is a hash join sorted by seq: give it the memory
   * to do that without spilling to disk. JIT would compile expressions
   * these queries hardly have. */
  if (!ep_db_exec_script (conn, "SET LOCAL work_mem = '256MB'; SET LOCAL jit = off", "tune verify",
                          error))
    return FALSE;

  g_autoptr (EpAuditHasher) hasher = ep_audit_hasher_new (error);
  if (hasher == NULL)
    return FALSE;
  g_autoptr (GByteArray) canonical = g_byte_array_sized_new (1024);
  /* The blocks (in two halves at once where there are enough), then the
   * chain rows sealed since the last block. */
  gboolean split = FALSE;
  g_auto (EpAuditReport) coverage = { 0 };
  if (packed_to >= from
      && !verify_blocks_split (conn, job, &state, from, packed_to, &split, &coverage, error))
    return FALSE;
  if (!split)
    report->connections = 1;
  VerifyStream stream = { .job = job,
                          .state = &state,
                          .hasher = hasher,
                          .canonical = canonical,
                          .from = from,
                          .to = G_MAXINT64,
                          .trust_start = !split,
                          .shows_progress = TRUE,
                          .intact = TRUE };
  if (!split && !stream_blocks (conn, &stream, error))
    return FALSE;
  if (!stream.intact)
    return TRUE; /* the stream was cancelled: nothing more can run here */
  gint64 tail_from = split ? packed_to + 1 : MAX (from, stream.read_to + 1);
  if (!stream_chain_rows (conn, &stream, tail_from, G_MAXINT64, error))
    return FALSE;
  if (!finish_stream (&stream))
    return TRUE;
  if (options->progress != NULL)
    options->progress (g_atomic_int_get (&job->seen), job->total, options->user_data);

  for (guint i = 0; i < state.n_trusted; i++)
    if (report->head_seq < state.trusted[i].seq)
      {
        report_break (&state, EP_AUDIT_TRUNCATED, report->head_seq + 1,
                      "the chain ends at seq %" G_GINT64_FORMAT
                      " but %s covers up to %" G_GINT64_FORMAT ": the newest events were cut off",
                      report->head_seq, state.trusted[i].source, state.trusted[i].seq);
        return TRUE;
      }
  if (split)
    {
      /* Checked as one piece of the split work, in the same snapshot. */
      report->pending = coverage.pending;
      if (coverage.finding != EP_AUDIT_INTACT)
        take_finding (report, &coverage);
    }
  else if (!check_coverage (conn, job->gemeente, report->head_seq, &state, error))
    return FALSE;
  if (report->finding != EP_AUDIT_INTACT || options->blocks_only)
    return TRUE;
  report->rows_checked = TRUE;
  if (packed_to < from)
    return TRUE;
  if (!verify_rows_behind_blocks (conn, job, &state, packed_to, hasher, canonical, error))
    return FALSE;
  if (options->progress != NULL)
    options->progress (g_atomic_int_get (&job->seen), job->total, options->user_data);
  return TRUE;
}

gboolean
ep_audit_verify (PGconn *conn, const gchar *gemeente, gint64 from_seq,
                 const EpSigningKey *public_key, EpAuditProgressFunc progress, gpointer user_data,
                 EpAuditReport *report, GError **error)
{
  EpAuditVerifyOptions options = {
    .from_seq = from_seq, .public_key = public_key, .progress = progress, .user_data = user_data
  };
  return ep_audit_verify_with (conn, gemeente, &options, report, error);
}

gboolean
ep_audit_verify_with (PGconn *conn, const gchar *gemeente, const EpAuditVerifyOptions *options,
                      EpAuditReport *report, GError **error)
{
  g_return_val_if_fail (conn != NULL && gemeente != NULL && options != NULL && report != NULL,
                        FALSE);

  VerifyJob job = {
    .gemeente = gemeente, .gemeente_len = strlen (gemeente), .options = options, .report = report
  };
  /* One snapshot for the checkpoint, the counts and the streams. */
  EpDbTxContext ctx = { .gemeente = gemeente,
                        .actor_id = "system",
                        .actor_role = "auditor",
                        .isolation = EP_DB_REPEATABLE_READ };
  return ep_db_run_tx (conn, &ctx, verify_in_snapshot, &job, NULL, error);
}
