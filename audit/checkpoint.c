/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * checkpoint.c: signed checkpoints of a chain head, in the database and in
 * the checkpoint file outside it (see ep-audit-seal.h and docs/audit.md).
 */
#include "ep-audit-seal.h"

#include "audit-private.h"

#include <errno.h>
#include <fcntl.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

/* ------------------------------------------------------------------------ */
/* Checkpoints                                                              */
/* ------------------------------------------------------------------------ */

void
ep_audit_checkpoint_clear (EpAuditCheckpoint *checkpoint)
{
  g_clear_pointer (&checkpoint->gemeente, g_free);
  g_clear_pointer (&checkpoint->signed_at, g_free);
  g_clear_pointer (&checkpoint->key_id, g_free);
  memset (checkpoint, 0, sizeof *checkpoint);
}

typedef struct
{
  const EpSigningKey *key;
  EpAuditCheckpoint *written;
} CheckpointJob;

static gboolean
write_checkpoint (PGconn *conn, gpointer user_data, GError **error)
{
  CheckpointJob *job = user_data;
  EpAuditCheckpoint *written = job->written;
  g_auto (EpAuditPosition) head = { 0 };

  if (!ep_audit_read_position (conn, written->gemeente, &head, error))
    return FALSE;
  written->seq = head.seq;
  memcpy (written->hash, head.hash, EP_AUDIT_HASH_LEN);
  g_autoptr (GBytes) message = ep_audit_checkpoint_message (written->gemeente, head.seq, head.hash);
  if (!ep_signing_key_sign (job->key, message, written->signature, error))
    return FALSE;

  g_clear_pointer (&written->key_id, g_free);
  written->key_id = ep_signing_key_id (job->key);
  g_autofree gchar *head_literal = ep_audit_bytea_literal (head.hash, EP_AUDIT_HASH_LEN);
  g_autofree gchar *sig_literal
    = ep_audit_bytea_literal (written->signature, sizeof written->signature);
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_text (params, written->gemeente);
  ep_db_params_add_int64 (params, written->seq);
  ep_db_params_add_text (params, head_literal);
  ep_db_params_add_text (params, written->key_id);
  ep_db_params_add_text (params, sig_literal);
  g_autoptr (PGresult) res = ep_db_exec (
    conn,
    "INSERT INTO audit_checkpoint (gemeente, seq, hash, key_id, signature)"
    " VALUES ($1, $2, $3::bytea, $4, $5::bytea)"
    " RETURNING to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
    "           AS signed_at",
    params, PGRES_TUPLES_OK, "write checkpoint", error);
  if (res == NULL)
    return FALSE;
  g_clear_pointer (&written->signed_at, g_free);
  written->signed_at = g_strdup (ep_db_get_text (res, 0, "signed_at"));
  return TRUE;
}

void
ep_audit_checkpoint_free (EpAuditCheckpoint *checkpoint)
{
  if (checkpoint == NULL)
    return;
  ep_audit_checkpoint_clear (checkpoint);
  g_free (checkpoint);
}

JsonNode *
ep_audit_checkpoint_to_json (const EpAuditCheckpoint *checkpoint)
{
  g_return_val_if_fail (checkpoint != NULL && checkpoint->gemeente != NULL, NULL);

  g_autofree gchar *hash = ep_hex_encode (checkpoint->hash, EP_AUDIT_HASH_LEN);
  g_autofree gchar *signature = ep_hex_encode (checkpoint->signature, EP_SIGNATURE_LEN);
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "gemeente");
  json_builder_add_string_value (b, checkpoint->gemeente);
  json_builder_set_member_name (b, "seq");
  json_builder_add_int_value (b, checkpoint->seq);
  json_builder_set_member_name (b, "hash");
  json_builder_add_string_value (b, hash);
  json_builder_set_member_name (b, "signed_at");
  json_builder_add_string_value (b, checkpoint->signed_at ? checkpoint->signed_at : "");
  json_builder_set_member_name (b, "key_id");
  json_builder_add_string_value (b, checkpoint->key_id ? checkpoint->key_id : "");
  json_builder_set_member_name (b, "signature");
  json_builder_add_string_value (b, signature);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

gchar *
ep_audit_checkpoint_line (const EpAuditCheckpoint *checkpoint)
{
  g_return_val_if_fail (checkpoint != NULL && checkpoint->gemeente != NULL, NULL);

  g_autoptr (JsonNode) root = ep_audit_checkpoint_to_json (checkpoint);
  g_autofree gchar *json = json_to_string (root, FALSE);
  return g_strconcat (json, "\n", NULL);
}

GPtrArray *
ep_audit_checkpoints (PGconn *conn, guint limit, const gchar *cursor, gchar **next_cursor,
                      GError **error)
{
  g_return_val_if_fail (conn != NULL, NULL);

  if (next_cursor != NULL)
    *next_cursor = NULL;
  guint page = limit == 0 ? 50 : limit;
  if (page > 1000)
    {
      g_set_error (error, EP_AUDIT_ERROR, EP_AUDIT_ERROR_BAD_LIMIT, "limit must be 1–1000, not %u",
                   page);
      return NULL;
    }
  guint64 before = 0;
  if (cursor != NULL && !g_ascii_string_to_unsigned (cursor, 10, 1, G_MAXINT64, &before, NULL))
    {
      g_set_error_literal (error, EP_AUDIT_ERROR, EP_AUDIT_ERROR_BAD_CURSOR,
                           "not a cursor of this list");
      return NULL;
    }
  g_autoptr (EpDbParams) params = ep_db_params_new ();
  ep_db_params_add_int64 (params, cursor != NULL ? (gint64) before : G_MAXINT64);
  ep_db_params_add_int64 (params, page + 1); /* one more tells whether a next page exists */
  g_autoptr (PGresult) res = ep_db_exec (
    conn,
    "SELECT id, gemeente, seq, encode(hash, 'hex') AS hash, key_id,"
    "       encode(signature, 'hex') AS signature,"
    "       to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
    "         AS signed_at"
    "  FROM audit_checkpoint WHERE gemeente = current_gemeente() AND id < $1"
    " ORDER BY id DESC LIMIT $2",
    params, PGRES_TUPLES_OK, "list checkpoints", error);
  if (res == NULL)
    return NULL;
  GPtrArray *checkpoints
    = g_ptr_array_new_with_free_func ((GDestroyNotify) ep_audit_checkpoint_free);
  int n = MIN (PQntuples (res), (int) page);
  for (int row = 0; row < n; row++)
    {
      EpAuditCheckpoint *c = g_new0 (EpAuditCheckpoint, 1);
      g_ptr_array_add (checkpoints, c);
      c->gemeente = g_strdup (ep_db_get_text (res, row, "gemeente"));
      c->seq = ep_db_get_int64 (res, row, "seq", 0);
      c->signed_at = g_strdup (ep_db_get_text (res, row, "signed_at"));
      c->key_id = g_strdup (ep_db_get_text (res, row, "key_id"));
      /* (the table's checks hold the lengths) */
      if (!ep_hex_decode (ep_db_get_text (res, row, "hash"), c->hash, EP_AUDIT_HASH_LEN)
          || !ep_hex_decode (ep_db_get_text (res, row, "signature"), c->signature,
                             EP_SIGNATURE_LEN))
        {
          g_set_error (error, EP_AUDIT_ERROR, EP_AUDIT_ERROR_FAILED, "checkpoint %s is malformed",
                       ep_db_get_text (res, row, "id"));
          g_ptr_array_unref (checkpoints);
          return NULL;
        }
    }
  if (next_cursor != NULL && PQntuples (res) > n && n > 0)
    *next_cursor = g_strdup (ep_db_get_text (res, n - 1, "id"));
  return checkpoints;
}

/* Writes all of @data to @fd. Returns: 0, or the errno of the failure. */
static int
write_all (int fd, const gchar *data, gsize len)
{
  while (len > 0)
    {
      ssize_t n = write (fd, data, len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return errno;
      data += n;
      len -= (gsize) n;
    }
  return 0;
}

/* Appends @line to @path and flushes it to disk; a new file's directory
 * entry too. */
static gboolean
append_line (const gchar *path, const gchar *line, GError **error)
{
  gboolean created = !g_file_test (path, G_FILE_TEST_EXISTS);
  int fd = open (path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
  int err = fd < 0 ? errno : write_all (fd, line, strlen (line));
  if (fd >= 0 && err == 0 && fsync (fd) != 0)
    err = errno;
  if (fd >= 0 && close (fd) != 0 && err == 0)
    err = errno;
  if (err == 0 && created)
    {
      g_autofree gchar *dir = g_path_get_dirname (path);
      int dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (dir_fd < 0 || fsync (dir_fd) != 0)
        err = errno;
      if (dir_fd >= 0)
        close (dir_fd);
    }
  if (err != 0)
    {
      g_set_error (error, EP_AUDIT_ERROR, EP_AUDIT_ERROR_CHECKPOINT_FILE,
                   "cannot append the checkpoint to %s: %s", path, g_strerror (err));
      return FALSE;
    }
  return TRUE;
}

gboolean
ep_audit_checkpoint_with (PGconn *conn, const gchar *gemeente, const EpSigningKey *key,
                          const gchar *checkpoint_file, EpAuditCheckpoint *written, GError **error)
{
  g_return_val_if_fail (conn != NULL && gemeente != NULL && key != NULL, FALSE);

  if (!ep_audit_seal (conn, gemeente, NULL, error))
    return FALSE;

  g_auto (EpAuditCheckpoint) checkpoint = { .gemeente = g_strdup (gemeente) };
  CheckpointJob job = { key, &checkpoint };
  EpDbTxContext ctx = { .gemeente = gemeente, .actor_id = "system", .actor_role = "sealer" };
  if (!ep_db_run_tx (conn, &ctx, write_checkpoint, &job, NULL, error))
    return FALSE;
  g_autofree gchar *line = checkpoint_file ? ep_audit_checkpoint_line (&checkpoint) : NULL;
  if (written != NULL)
    {
      *written = checkpoint;
      memset (&checkpoint, 0, sizeof checkpoint);
    }
  return line == NULL || append_line (checkpoint_file, line, error);
}

gboolean
ep_audit_checkpoint (PGconn *conn, const gchar *gemeente, const EpSigningKey *key, gint64 *seq_out,
                     GError **error)
{
  g_auto (EpAuditCheckpoint) written = { 0 };
  if (!ep_audit_checkpoint_with (conn, gemeente, key, NULL, &written, error))
    return FALSE;
  if (seq_out != NULL)
    *seq_out = written.seq;
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Reading the checkpoint file                                              */
/* ------------------------------------------------------------------------ */

/* Fills @out from one line's JSON. Returns: FALSE when it is not a checkpoint. */
static gboolean
parse_line (const gchar *line, EpAuditCheckpoint *out)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, line, -1, NULL))
    return FALSE;
  JsonNode *root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  JsonObject *o = json_node_get_object (root);
  const gchar *names[] = { "gemeente", "hash", "signed_at", "key_id", "signature" };
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      JsonNode *member = json_object_get_member (o, names[i]);
      if (member == NULL || json_node_get_value_type (member) != G_TYPE_STRING)
        return FALSE;
    }
  JsonNode *seq = json_object_get_member (o, "seq");
  if (seq == NULL || json_node_get_value_type (seq) != G_TYPE_INT64)
    return FALSE;
  out->seq = json_node_get_int (seq);
  const gchar *hash = json_object_get_string_member (o, "hash");
  const gchar *signature = json_object_get_string_member (o, "signature");
  if (out->seq < 0 || strlen (hash) != 2 * EP_AUDIT_HASH_LEN
      || strlen (signature) != 2 * EP_SIGNATURE_LEN
      || !ep_hex_decode (hash, out->hash, EP_AUDIT_HASH_LEN)
      || !ep_hex_decode (signature, out->signature, EP_SIGNATURE_LEN))
    return FALSE;
  out->gemeente = g_strdup (json_object_get_string_member (o, "gemeente"));
  out->signed_at = g_strdup (json_object_get_string_member (o, "signed_at"));
  out->key_id = g_strdup (json_object_get_string_member (o, "key_id"));
  return TRUE;
}

gboolean
ep_audit_checkpoint_file_newest (const gchar *path, const gchar *gemeente,
                                 EpAuditCheckpoint *newest, GError **error)
{
  g_autofree gchar *contents = NULL;
  g_autoptr (GError) local_error = NULL;
  if (!g_file_get_contents (path, &contents, NULL, &local_error))
    {
      g_set_error (error, EP_AUDIT_ERROR, EP_AUDIT_ERROR_CHECKPOINT_FILE, "cannot read %s: %s",
                   path, local_error->message);
      return FALSE;
    }
  ep_audit_checkpoint_clear (newest);
  g_auto (GStrv) lines = g_strsplit (contents, "\n", -1);
  for (gsize i = 0; lines[i] != NULL; i++)
    {
      if (lines[i][0] == '\0' && lines[i + 1] == NULL)
        break; /* after the last newline */
      g_auto (EpAuditCheckpoint) line = { 0 };
      if (!parse_line (lines[i], &line))
        {
          ep_audit_checkpoint_clear (newest);
          g_set_error (error, EP_AUDIT_ERROR, EP_AUDIT_ERROR_CHECKPOINT_FILE,
                       "%s, line %" G_GSIZE_FORMAT ": not a checkpoint", path, i + 1);
          return FALSE;
        }
      if (strcmp (line.gemeente, gemeente) == 0)
        {
          ep_audit_checkpoint_clear (newest);
          *newest = line;
          memset (&line, 0, sizeof line);
        }
    }
  return TRUE;
}
