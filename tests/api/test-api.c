/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-api.c — tests of the HTTP server: api/ep-server (routing, workers, graceful shutdown),
 * api/ep-problem (problem+json) and the request log, against the throw-away cluster of
 * tests/common.
 *
 * Each test builds a pool and a server in the test process, runs ep_server_run() on the main
 * thread and does its HTTP work in a client thread with synchronous libsoup sessions. Client
 * threads only record what they saw; every assertion runs on the main thread once the server
 * has stopped, because Check's way out of a failed test (exit, or longjmp with CK_FORK=no) is
 * only safe there. A watchdog fails the test when the server has not stopped after WATCHDOG_S
 * seconds, so a hung server cannot hang CI.
 *
 * The test routes under /test/ report to `probe`: which threads ran them, how many are held at
 * a gate, and a gate that the client opens once it has seen what it wanted to see while they
 * were held. No pass criterion depends on elapsed time.
 *
 * Works with CK_FORK=yes and CK_FORK=no: the checked fixture resets the state that tests share
 * (probe, captured log events), restarts the cluster when an earlier test left it stopped, and
 * frees what the test handed to keep() even when a check failed. Under valgrind,
 * tests/valgrind.supp holds the suppressions for libsoup's own leaks.
 */
#include "ep-config.h"
#include "ep-plan.h"
#include "ep-problem.h"
#include "ep-server.h"
#include "ep-test-db.h"

#include <check.h>
#include <gio/gio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define WATCHDOG_S 20       /* a server still running after this fails the test */
#define GATE_TIMEOUT_S 10   /* the longest a handler or client waits for the other side */
#define CLIENT_TIMEOUT_S 15 /* libsoup I/O timeout of every client request */
#define WORKERS 4           /* worker threads, and connections in the pool */
#define PARALLEL 16         /* concurrent clients in the concurrency test */
#define MAX_THREADS 64      /* handler runs recorded per test */

#define SHUTTING_DOWN_DETAIL "the server is shutting down; retry on another instance or later"
#define CONFLICT_DETAIL                                                                            \
  "insert household: duplicate key value violates unique constraint (constraint "                  \
  "household_pkey, SQLSTATE 23505)"
#define INTERNAL_SECRET "cannot open /srv/eenplan/keys/pseudonym.key: Permission denied"

static EpTestDb *db;
static GThread *main_thread;

/* ------------------------------------------------------------------------ */
/* Allocations the fixture frees                                            */
/* ------------------------------------------------------------------------ */

/* A failed check leaves the test at once (exit, or longjmp with CK_FORK=no), past any
 * g_autoptr or free() further down. So what a test allocates for its checks is handed to
 * keep() and freed by the teardown, which runs after failed tests too: under valgrind the
 * only leaks left are those of the code under test. */
typedef struct
{
  gpointer data;
  GDestroyNotify destroy;
} Kept;

static struct
{
  GMutex lock;
  GPtrArray *items; /* Kept* */
} kept;

static void
kept_free (Kept *item)
{
  item->destroy (item->data);
  g_free (item);
}

/* Returns: (transfer none): @data, which the teardown frees with @destroy. Any thread. */
static gpointer
keep (gpointer data, GDestroyNotify destroy)
{
  if (data == NULL)
    return NULL;
  Kept *item = g_new (Kept, 1);
  item->data = data;
  item->destroy = destroy;
  g_mutex_lock (&kept.lock);
  if (kept.items == NULL)
    kept.items = g_ptr_array_new_with_free_func ((GDestroyNotify) kept_free);
  g_ptr_array_add (kept.items, item);
  g_mutex_unlock (&kept.lock);
  return data;
}

static gchar *keep_printf (const gchar *format, ...) G_GNUC_PRINTF (1, 2);

static gchar *
keep_printf (const gchar *format, ...)
{
  va_list args;
  va_start (args, format);
  gchar *text = g_strdup_vprintf (format, args);
  va_end (args);
  return keep (text, g_free);
}

/* Returns: (transfer none): the message of *@error ("" when none), and clears it. */
static const gchar *
error_text (GError **error)
{
  const gchar *text = keep_printf ("%s", *error ? (*error)->message : "");
  g_clear_error (error);
  return text;
}

static void
kept_free_all (void)
{
  g_mutex_lock (&kept.lock);
  g_clear_pointer (&kept.items, g_ptr_array_unref);
  g_mutex_unlock (&kept.lock);
}

/* ------------------------------------------------------------------------ */
/* The probe: what the test handlers saw                                    */
/* ------------------------------------------------------------------------ */

static struct
{
  GMutex lock;
  GCond cond;
  gboolean gate_open;
  guint held;       /* gated handlers waiting at the gate now */
  guint held_max;   /* the most that waited at once */
  guint finished;   /* gated handlers that have returned */
  guint active;     /* /test/sleep handlers running now */
  guint active_max; /* the most that ran at once */
  gboolean run_returned;
  GThread *threads[MAX_THREADS]; /* g_thread_self () of each handler run, in order */
  guint n_threads;
} probe;

static void
probe_reset (void)
{
  g_mutex_lock (&probe.lock);
  probe.gate_open = FALSE;
  probe.held = probe.held_max = probe.finished = 0;
  probe.active = probe.active_max = 0;
  probe.run_returned = FALSE;
  probe.n_threads = 0;
  g_mutex_unlock (&probe.lock);
}

static void
probe_record_thread (void)
{
  g_mutex_lock (&probe.lock);
  if (probe.n_threads < MAX_THREADS)
    probe.threads[probe.n_threads++] = g_thread_self ();
  g_mutex_unlock (&probe.lock);
}

/* Handler side: waits at the gate until the client opens it. FALSE when it never did. */
static gboolean
probe_pass_gate (void)
{
  gint64 deadline = g_get_monotonic_time () + GATE_TIMEOUT_S * G_TIME_SPAN_SECOND;

  g_mutex_lock (&probe.lock);
  probe.held++;
  probe.held_max = MAX (probe.held_max, probe.held);
  g_cond_broadcast (&probe.cond);
  while (!probe.gate_open)
    if (!g_cond_wait_until (&probe.cond, &probe.lock, deadline))
      break;
  gboolean opened = probe.gate_open;
  probe.held--;
  g_mutex_unlock (&probe.lock);
  return opened;
}

static void
probe_finished (void)
{
  g_mutex_lock (&probe.lock);
  probe.finished++;
  g_cond_broadcast (&probe.cond);
  g_mutex_unlock (&probe.lock);
}

/* Client side: waits until @n handlers are held at the gate. FALSE on timeout. */
static gboolean
probe_wait_held (guint n)
{
  gint64 deadline = g_get_monotonic_time () + GATE_TIMEOUT_S * G_TIME_SPAN_SECOND;

  g_mutex_lock (&probe.lock);
  while (probe.held < n)
    if (!g_cond_wait_until (&probe.cond, &probe.lock, deadline))
      break;
  gboolean reached = probe.held >= n;
  g_mutex_unlock (&probe.lock);
  return reached;
}

/* Client side: waits until ep_server_run() has returned. FALSE on timeout. */
static gboolean
probe_wait_run_returned (void)
{
  gint64 deadline = g_get_monotonic_time () + GATE_TIMEOUT_S * G_TIME_SPAN_SECOND;

  g_mutex_lock (&probe.lock);
  while (!probe.run_returned)
    if (!g_cond_wait_until (&probe.cond, &probe.lock, deadline))
      break;
  gboolean returned = probe.run_returned;
  g_mutex_unlock (&probe.lock);
  return returned;
}

static guint
probe_held (void)
{
  g_mutex_lock (&probe.lock);
  guint held = probe.held;
  g_mutex_unlock (&probe.lock);
  return held;
}

static void
probe_open_gate (void)
{
  g_mutex_lock (&probe.lock);
  probe.gate_open = TRUE;
  g_cond_broadcast (&probe.cond);
  g_mutex_unlock (&probe.lock);
}

/* ------------------------------------------------------------------------ */
/* Captured log events                                                      */
/* ------------------------------------------------------------------------ */

/* GLib allows one writer per process, so it is installed once and kept; the fixture empties
 * the list before every test. Each event is a table of field name → value, plus LEVEL_KEY
 * with the GLogLevelFlags in decimal. Events are passed on to GLib's default writer. */
#define LEVEL_KEY "@level"

static struct
{
  GMutex lock;
  GCond cond;
  GPtrArray *events; /* GHashTable* */
} captured;

static GLogWriterOutput
capture_writer (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer user_data)
{
  GHashTable *event = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_insert (event, g_strdup (LEVEL_KEY),
                       g_strdup_printf ("%d", (gint) (level & G_LOG_LEVEL_MASK)));
  for (gsize i = 0; i < n_fields; i++)
    if (fields[i].value != NULL)
      g_hash_table_insert (event, g_strdup (fields[i].key),
                           fields[i].length < 0 ? g_strdup (fields[i].value)
                                                : g_strndup (fields[i].value, fields[i].length));

  g_mutex_lock (&captured.lock);
  g_ptr_array_add (captured.events, event);
  g_cond_broadcast (&captured.cond);
  g_mutex_unlock (&captured.lock);

  return g_log_writer_default (level, fields, n_fields, user_data);
}

static void
capture_install (void)
{
  static gsize installed = 0;
  if (g_once_init_enter (&installed))
    {
      captured.events = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
      g_log_set_writer_func (capture_writer, NULL, NULL);
      g_once_init_leave (&installed, 1);
    }
}

static void
capture_reset (void)
{
  g_mutex_lock (&captured.lock);
  g_ptr_array_set_size (captured.events, 0);
  g_mutex_unlock (&captured.lock);
}

/* Returns: (transfer none): the first event with MESSAGE @message and, when @key is not NULL,
 * @key = @value; NULL when there is none. Valid until the next test. */
static GHashTable *
capture_find (const gchar *message, const gchar *key, const gchar *value)
{
  GHashTable *found = NULL;

  g_mutex_lock (&captured.lock);
  for (guint i = 0; i < captured.events->len && found == NULL; i++)
    {
      GHashTable *event = captured.events->pdata[i];
      if (g_strcmp0 (g_hash_table_lookup (event, "MESSAGE"), message) == 0
          && (key == NULL || g_strcmp0 (g_hash_table_lookup (event, key), value) == 0))
        found = event;
    }
  g_mutex_unlock (&captured.lock);
  return found;
}

/* Client side: waits until an event with MESSAGE @message was logged. FALSE on timeout. */
static gboolean
capture_wait (const gchar *message)
{
  gint64 deadline = g_get_monotonic_time () + GATE_TIMEOUT_S * G_TIME_SPAN_SECOND;
  gboolean seen = FALSE;

  g_mutex_lock (&captured.lock);
  for (;;)
    {
      for (guint i = 0; i < captured.events->len && !seen; i++)
        seen = g_strcmp0 (g_hash_table_lookup (captured.events->pdata[i], "MESSAGE"), message) == 0;
      if (seen || !g_cond_wait_until (&captured.cond, &captured.lock, deadline))
        break;
    }
  g_mutex_unlock (&captured.lock);
  return seen;
}

/* Returns: (transfer none): "KEY=value" of the first captured field whose value contains
 * @needle, or NULL. */
static gchar *
capture_field_containing (const gchar *needle)
{
  gchar *hit = NULL;

  g_mutex_lock (&captured.lock);
  for (guint i = 0; i < captured.events->len && hit == NULL; i++)
    {
      GHashTableIter iter;
      gpointer key, value;
      g_hash_table_iter_init (&iter, captured.events->pdata[i]);
      while (hit == NULL && g_hash_table_iter_next (&iter, &key, &value))
        if (strstr (value, needle) != NULL)
          hit = keep_printf ("%s=%s", (const gchar *) key, (const gchar *) value);
    }
  g_mutex_unlock (&captured.lock);
  return hit;
}

/* Returns: (transfer none): a description of the first CRITICAL or ERROR event, or of a
 * WARNING from a domain other than ours (eenplan's own warnings are 5xx request events), or
 * NULL when there is none. */
static gchar *
capture_find_trouble (void)
{
  gchar *trouble = NULL;

  g_mutex_lock (&captured.lock);
  for (guint i = 0; i < captured.events->len && trouble == NULL; i++)
    {
      GHashTable *event = captured.events->pdata[i];
      gint level = atoi (g_hash_table_lookup (event, LEVEL_KEY));
      const gchar *domain = g_hash_table_lookup (event, "GLIB_DOMAIN");
      if ((level & (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR)) != 0
          || ((level & G_LOG_LEVEL_WARNING) != 0 && g_strcmp0 (domain, "eenplan") != 0))
        trouble = keep_printf ("%s: %s", domain ? domain : "(no domain)",
                               (const gchar *) g_hash_table_lookup (event, "MESSAGE"));
    }
  g_mutex_unlock (&captured.lock);
  return trouble;
}

/* ------------------------------------------------------------------------ */
/* HTTP client (client threads)                                             */
/* ------------------------------------------------------------------------ */

typedef struct
{
  const gchar *label; /* which request of the test this was, for messages; may be NULL */
  gchar *method;
  gchar *target;
  guint status;        /* 0 when no response arrived */
  gchar *error;        /* why no response arrived */
  gchar *content_type; /* response headers as received; NULL when absent */
  gchar *allow;
  gchar *connection;
  gchar *retry_after;
  gchar *body; /* the body, NUL-terminated ("" when empty) */
  gsize body_length;
} Reply;

static void
reply_free (Reply *reply)
{
  if (reply == NULL)
    return;
  g_free (reply->method);
  g_free (reply->target);
  g_free (reply->error);
  g_free (reply->content_type);
  g_free (reply->allow);
  g_free (reply->connection);
  g_free (reply->retry_after);
  g_free (reply->body);
  g_free (reply);
}

/* Sends one request on a session of its own and waits for the whole response.
 * Returns: (transfer none): what came back, never NULL; kept until the teardown. */
static Reply *
http (guint port, const gchar *method, const gchar *target)
{
  Reply *reply = keep (g_new0 (Reply, 1), (GDestroyNotify) reply_free);
  reply->method = g_strdup (method);
  reply->target = g_strdup (target);

  g_autofree gchar *uri = g_strdup_printf ("http://127.0.0.1:%u%s", port, target);
  g_autoptr (SoupSession) session
    = soup_session_new_with_options ("timeout", CLIENT_TIMEOUT_S, NULL);
  g_autoptr (SoupMessage) msg = soup_message_new (method, uri);
  if (msg == NULL)
    {
      reply->error = g_strdup_printf ("invalid URI %s", uri);
      return reply;
    }

  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body = soup_session_send_and_read (session, msg, NULL, &error);
  if (body == NULL)
    {
      reply->error = g_strdup (error->message);
      return reply;
    }

  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  reply->status = soup_message_get_status (msg);
  reply->content_type = g_strdup (soup_message_headers_get_one (headers, "Content-Type"));
  reply->allow = g_strdup (soup_message_headers_get_one (headers, "Allow"));
  reply->connection = g_strdup (soup_message_headers_get_one (headers, "Connection"));
  reply->retry_after = g_strdup (soup_message_headers_get_one (headers, "Retry-After"));
  const gchar *data = g_bytes_get_data (body, &reply->body_length);
  reply->body = g_strndup (data ? data : "", reply->body_length);
  return reply;
}

typedef struct
{
  guint port;
  gchar *method;
  gchar *target;
} PendingCall;

static gpointer
http_thread (gpointer data)
{
  PendingCall *call = data;
  Reply *reply = http (call->port, call->method, call->target);
  g_free (call->method);
  g_free (call->target);
  g_free (call);
  return reply;
}

/* Starts http() in a thread of its own; http_finish() joins it and returns the Reply. */
static GThread *
http_start (guint port, const gchar *method, const gchar *target)
{
  PendingCall *call = g_new0 (PendingCall, 1);
  call->port = port;
  call->method = g_strdup (method);
  call->target = g_strdup (target);
  return g_thread_new ("http-client", http_thread, call);
}

static Reply *
http_finish (GThread *thread)
{
  return g_thread_join (thread);
}

/* ------------------------------------------------------------------------ */
/* Test routes (worker threads)                                             */
/* ------------------------------------------------------------------------ */

static JsonNode *
json_literal (const gchar *text)
{
  JsonNode *node = json_from_string (text, NULL);
  g_assert (node != NULL);
  return node;
}

static gboolean
gate_timed_out (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "the test never opened the gate");
  return FALSE;
}

/* GET|DELETE /test/items/{id}: echoes the id segment and the query parameter "naam". */
static gboolean
handle_item (EpRequest *request, EpResponse *response, GError **error)
{
  probe_record_thread ();
  const gchar *naam = ep_request_query (request, "naam");
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, ep_request_param (request, "id"));
  json_builder_set_member_name (builder, "naam");
  if (naam != NULL)
    json_builder_add_string_value (builder, naam);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  response->body = json_builder_get_root (builder);
  return TRUE;
}

/* GET /test/conflict: fails as a store does on a duplicate key. */
static gboolean
handle_conflict (EpRequest *request, EpResponse *response, GError **error)
{
  g_set_error_literal (error, EP_DB_ERROR, EP_DB_ERROR_UNIQUE_VIOLATION, CONFLICT_DETAIL);
  return FALSE;
}

/* GET /test/internal: fails with an error no mapping knows, whose message tells internals. */
static gboolean
handle_internal (EpRequest *request, EpResponse *response, GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, INTERNAL_SECRET);
  return FALSE;
}

/* GET /test/slow: waits at the gate, then sleeps 500 ms more, then answers {"done":true}. */
static gboolean
handle_slow (EpRequest *request, EpResponse *response, GError **error)
{
  probe_record_thread ();
  if (!probe_pass_gate ())
    return gate_timed_out (error);
  g_usleep (500 * 1000);
  response->body = json_literal ("{\"done\":true}");
  probe_finished ();
  return TRUE;
}

/* GET /test/sleep: sleeps 100 ms, counting how many run at once. */
static gboolean
handle_sleep (EpRequest *request, EpResponse *response, GError **error)
{
  probe_record_thread ();
  g_mutex_lock (&probe.lock);
  probe.active++;
  probe.active_max = MAX (probe.active_max, probe.active);
  g_mutex_unlock (&probe.lock);

  g_usleep (100 * 1000);

  g_mutex_lock (&probe.lock);
  probe.active--;
  g_mutex_unlock (&probe.lock);
  response->body = json_literal ("{\"slept_ms\":100}");
  return TRUE;
}

/* GET /test/db-hold: borrows a connection, runs SELECT 1 on it and keeps it while waiting at
 * the gate, then answers {"held":true}. */
static gboolean
handle_db_hold (EpRequest *request, EpResponse *response, GError **error)
{
  PGconn *conn = ep_request_db (request, error);
  if (conn == NULL)
    return FALSE;
  g_autoptr (PGresult) res
    = ep_db_exec (conn, "SELECT 1", NULL, PGRES_TUPLES_OK, "test hold", error);
  if (res == NULL)
    return FALSE;

  probe_record_thread ();
  if (!probe_pass_gate ())
    return gate_timed_out (error);
  response->body = json_literal ("{\"held\":true}");
  probe_finished ();
  return TRUE;
}

static void
add_test_routes (EpServer *server)
{
  ep_server_add_route (server, "GET", "/test/items/{id}", handle_item);
  ep_server_add_route (server, "DELETE", "/test/items/{id}", handle_item);
  ep_server_add_route (server, "GET", "/test/conflict", handle_conflict);
  ep_server_add_route (server, "GET", "/test/internal", handle_internal);
  ep_server_add_route (server, "GET", "/test/slow", handle_slow);
  ep_server_add_slow_route (server, "GET", "/test/slow-pool", handle_slow);
  ep_server_add_route (server, "GET", "/test/sleep", handle_sleep);
  ep_server_add_route (server, "GET", "/test/db-hold", handle_db_hold);
}

/* ------------------------------------------------------------------------ */
/* The server under test (main thread)                                      */
/* ------------------------------------------------------------------------ */

typedef struct _TestServer TestServer;
typedef void (*ClientFunc) (TestServer *ts, gpointer data);

struct _TestServer
{
  EpDbPool *pool;
  EpServer *server;
  guint port;
  guint finished_at_return; /* probe.finished when ep_server_run() returned */
  ClientFunc client;
  gpointer client_data;
};

/* A server with @slow_queue slow requests allowed to wait (0: the default). */
static void
test_server_start_queue (TestServer *ts, guint drain_timeout_s, guint slow_queue)
{
  GError *error = NULL;
  const EpServerOptions options = {
    .port = 0,
    .loopback = TRUE,
    .workers = WORKERS,
    .drain_timeout_s = drain_timeout_s,
    .slow_workers = 1,
    .slow_queue = slow_queue,
  };

  memset (ts, 0, sizeof *ts);
  ts->pool = ep_db_pool_new (db->app_conninfo, WORKERS);
  ts->server = ep_server_new (ts->pool, &options, &error);
  ck_assert_msg (ts->server != NULL, "ep_server_new: %s", error_text (&error));
  add_test_routes (ts->server);
  gboolean listening = ep_server_listen (ts->server, &error);
  ck_assert_msg (listening, "ep_server_listen: %s", error_text (&error));
  ts->port = ep_server_get_port (ts->server);
  ck_assert_uint_ne (ts->port, 0);
}

static void
test_server_start (TestServer *ts, guint drain_timeout_s)
{
  test_server_start_queue (ts, drain_timeout_s, 0);
}

static void
test_server_free (TestServer *ts)
{
  g_clear_pointer (&ts->server, ep_server_free);
  g_clear_pointer (&ts->pool, ep_db_pool_free);
}

static gboolean
invoke_shutdown (gpointer data)
{
  ep_server_shutdown (data);
  return G_SOURCE_REMOVE;
}

/* Client side: asks the server to drain and stop, from its own main context. */
static void
request_shutdown (TestServer *ts)
{
  g_main_context_invoke (NULL, invoke_shutdown, ts->server);
}

static gpointer
client_thread (gpointer data)
{
  TestServer *ts = data;
  ts->client (ts, ts->client_data);
  return NULL;
}

static gboolean
on_watchdog (gpointer data)
{
  ck_abort_msg ("the server was still running after %d s", WATCHDOG_S);
  return G_SOURCE_REMOVE;
}

/* Runs the server on this thread while @client runs in a thread of its own; returns once
 * ep_server_run() has returned and the client thread has ended. */
static void
serve (TestServer *ts, ClientFunc client, gpointer data)
{
  ck_assert_ptr_eq (g_thread_self (), main_thread);
  ts->client = client;
  ts->client_data = data;

  GThread *thread = g_thread_new ("client", client_thread, ts);
  guint watchdog = g_timeout_add_seconds (WATCHDOG_S, on_watchdog, NULL);
  ep_server_run (ts->server);
  g_source_remove (watchdog);

  g_mutex_lock (&probe.lock);
  ts->finished_at_return = probe.finished;
  probe.run_returned = TRUE;
  g_cond_broadcast (&probe.cond);
  g_mutex_unlock (&probe.lock);

  g_thread_join (thread);
}

/* A client that sends each request in turn, then stops the server. */
typedef struct
{
  const gchar *method;
  const gchar *target;
} Call;

typedef struct
{
  const Call *calls;
  gsize n_calls;
  Reply **replies;
} Script;

static void
script_client (TestServer *ts, gpointer data)
{
  Script *script = data;
  for (gsize i = 0; i < script->n_calls; i++)
    script->replies[i] = http (ts->port, script->calls[i].method, script->calls[i].target);
  request_shutdown (ts);
}

/* Starts a server, sends @calls in turn and stops it.
 * Returns: (transfer none): one Reply per call. */
static Reply **
run_script (const Call *calls, gsize n_calls)
{
  TestServer ts;
  Script script = { calls, n_calls, keep (g_new0 (Reply *, n_calls), g_free) };

  test_server_start (&ts, 0);
  serve (&ts, script_client, &script);
  test_server_free (&ts);
  return script.replies;
}

/* ------------------------------------------------------------------------ */
/* Assertions (main thread)                                                 */
/* ------------------------------------------------------------------------ */

/* Names @r in messages: "GET /healthz" or "GET /healthz (after the restart)". */
static const gchar *
reply_name (const Reply *r)
{
  return keep_printf ("%s %s%s%s%s", r->method, r->target, r->label ? " (" : "",
                      r->label ? r->label : "", r->label ? ")" : "");
}

static void
assert_status (const Reply *r, guint status, const gchar *content_type)
{
  ck_assert_msg (r != NULL, "no reply recorded");
  const gchar *name = reply_name (r);
  ck_assert_msg (r->error == NULL, "%s: no response: %s", name, r->error);
  ck_assert_msg (r->status == status, "%s: status %u, expected %u (body: %s)", name, r->status,
                 status, r->body);
  ck_assert_msg (g_strcmp0 (r->content_type, content_type) == 0, "%s: Content-Type %s, expected %s",
                 name, r->content_type ? r->content_type : "(none)",
                 content_type ? content_type : "(none)");
}

/* Fails the test when anything logged a critical, or a warning outside our domain, during
 * the test (e.g. a library's g_return_if_fail()). Every test ends with this. */
static void
assert_no_trouble_logged (void)
{
  const gchar *trouble = capture_find_trouble ();
  ck_assert_msg (trouble == NULL, "logged during the test: %s", trouble);
}

/* Returns: (transfer none): @r's body parsed; fails the test when it is not JSON. */
static JsonNode *
parse_body (const Reply *r)
{
  GError *error = NULL;
  JsonNode *node = keep (json_from_string (r->body, &error), (GDestroyNotify) json_node_unref);
  const gchar *why = error_text (&error);
  ck_assert_msg (node != NULL, "%s: body is not JSON (%s): '%s'", reply_name (r), why, r->body);
  return node;
}

/* Asserts @status, Content-Type application/json and a body equal to @expected_json. */
static void
assert_json_reply (const Reply *r, guint status, const gchar *expected_json)
{
  assert_status (r, status, "application/json");
  const gchar *name = reply_name (r);
  JsonNode *expected = keep (json_literal (expected_json), (GDestroyNotify) json_node_unref);
  JsonNode *actual = parse_body (r);
  ck_assert_msg (json_node_equal (actual, expected), "%s: body %s, expected %s", name, r->body,
                 expected_json);
}

static void
assert_member (const gchar *name, JsonObject *object, const gchar *member, const gchar *expected)
{
  const gchar *actual = json_object_get_string_member_with_default (object, member, NULL);
  ck_assert_msg (g_strcmp0 (actual, expected) == 0, "%s: %s is '%s', expected '%s'", name, member,
                 actual ? actual : "(absent)", expected);
}

/* Asserts a problem+json reply with exactly these members; @detail NULL means the member must
 * be absent. */
static void
assert_problem (const Reply *r, guint status, const gchar *type, const gchar *title,
                const gchar *detail, const gchar *instance)
{
  assert_status (r, status, "application/problem+json");
  const gchar *name = reply_name (r);
  JsonNode *node = parse_body (r);
  ck_assert_msg (JSON_NODE_HOLDS_OBJECT (node), "%s: body is not an object: %s", name, r->body);
  JsonObject *problem = json_node_get_object (node);

  assert_member (name, problem, "type", type);
  assert_member (name, problem, "title", title);
  ck_assert_msg (json_object_get_int_member_with_default (problem, "status", -1) == status,
                 "%s: status member in %s, expected %u", name, r->body, status);
  assert_member (name, problem, "instance", instance);
  if (detail != NULL)
    assert_member (name, problem, "detail", detail);
  else
    ck_assert_msg (!json_object_has_member (problem, "detail"), "%s: a detail was given away: %s",
                   name, r->body);
  ck_assert_msg (json_object_get_size (problem) == (detail == NULL ? 4u : 5u),
                 "%s: unexpected members in %s", name, r->body);
}

/* ------------------------------------------------------------------------ */
/* Fixture                                                                  */
/* ------------------------------------------------------------------------ */

static void
ensure_cluster_running (void)
{
  GError *error = NULL;
  if (ep_cluster_is_running (db->cluster, NULL))
    return;
  gboolean started = ep_cluster_start (db->cluster, &error);
  const gchar *why = error_text (&error);
  ck_assert_msg (started, "restarting the test cluster: %s", why);
}

static void
setup (void)
{
  capture_install ();
  capture_reset ();
  probe_reset ();
  ensure_cluster_running ();
}

static void
teardown (void)
{
  kept_free_all ();
}

/* ------------------------------------------------------------------------ */
/* 1, 3: built-in routes                                                    */
/* ------------------------------------------------------------------------ */

START_TEST (test_healthz_ok)
{
  static const Call calls[] = { { "GET", "/healthz" } };
  Reply **replies = run_script (calls, G_N_ELEMENTS (calls));

  assert_json_reply (replies[0], 200, "{\"status\":\"ok\",\"database\":\"ok\"}");
  assert_no_trouble_logged ();
}
END_TEST

START_TEST (test_version)
{
  static const Call calls[] = { { "GET", "/api/v1/version" } };
  Reply **replies = run_script (calls, G_N_ELEMENTS (calls));

  assert_json_reply (replies[0], 200,
                     "{\"name\":\"eenplan\",\"version\":\"" EP_VERSION "\",\"api\":\"v1\"}");
  assert_no_trouble_logged ();
}
END_TEST

/* ------------------------------------------------------------------------ */
/* 2: /healthz with the database stopped and started again                  */
/* ------------------------------------------------------------------------ */

typedef struct
{
  gboolean fill_pool; /* first hold WORKERS connections at once, so the pool has that many */
  gboolean filled;
  Reply *fill[WORKERS];
  Reply *before;
  const gchar *stop_error;
  Reply *down;
  const gchar *start_error;
  Reply *after;
} DownState;

static void
database_down_client (TestServer *ts, gpointer data)
{
  DownState *st = data;
  g_autoptr (GError) error = NULL;

  if (st->fill_pool)
    {
      GThread *threads[WORKERS];
      for (guint i = 0; i < WORKERS; i++)
        threads[i] = http_start (ts->port, "GET", "/test/db-hold");
      st->filled = probe_wait_held (WORKERS);
      probe_open_gate ();
      for (guint i = 0; i < WORKERS; i++)
        {
          st->fill[i] = http_finish (threads[i]);
          st->fill[i]->label = "filling the pool";
        }
    }

  st->before = http (ts->port, "GET", "/healthz");
  st->before->label = "before the stop";

  if (!ep_cluster_stop (db->cluster, &error))
    st->stop_error = keep_printf ("%s", error->message);
  g_clear_error (&error);
  st->down = http (ts->port, "GET", "/healthz");
  st->down->label = "database stopped";

  if (!ep_cluster_start (db->cluster, &error))
    st->start_error = keep_printf ("%s", error->message);
  st->after = http (ts->port, "GET", "/healthz");
  st->after->label = "first request after the restart";

  request_shutdown (ts);
}

static void
check_database_down (gboolean fill_pool)
{
  TestServer ts;
  DownState st = { .fill_pool = fill_pool };

  test_server_start (&ts, 0);
  serve (&ts, database_down_client, &st);
  test_server_free (&ts);
  ensure_cluster_running ();

  if (fill_pool)
    {
      ck_assert_msg (st.filled, "the pool was never filled: %u of %d handlers held a connection",
                     probe.held_max, WORKERS);
      for (guint i = 0; i < WORKERS; i++)
        assert_json_reply (st.fill[i], 200, "{\"held\":true}");
    }
  assert_json_reply (st.before, 200, "{\"status\":\"ok\",\"database\":\"ok\"}");
  ck_assert_msg (st.stop_error == NULL, "ep_cluster_stop: %s", st.stop_error);
  /* No detail: it would quote libpq (socket paths, server messages). */
  assert_problem (st.down, 503, "/problems/database-unavailable", "The database is unavailable",
                  NULL, "/healthz");
  ck_assert_msg (st.start_error == NULL, "ep_cluster_start: %s", st.start_error);
  assert_json_reply (st.after, 200, "{\"status\":\"ok\",\"database\":\"ok\"}");
  assert_no_trouble_logged ();
}

/* One pooled connection, lost with the restart. */
START_TEST (test_healthz_database_down)
{
  check_database_down (FALSE);
}
END_TEST

/* As above after WORKERS requests held a connection at once, as a busy server's pool does:
 * every idle connection is dead after the restart, and the first request must still work. */
START_TEST (test_healthz_database_down_full_pool)
{
  check_database_down (TRUE);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* 4: not found, method not allowed, HEAD                                   */
/* ------------------------------------------------------------------------ */

static const struct
{
  const gchar *method;
  const gchar *target;
  guint status;
  const gchar *allow;
  const gchar *type;
  const gchar *title;
  const gchar *detail;
  const gchar *instance;
} routing_errors[] = {
  { "GET", "/nope", 404, NULL, "/problems/not-found", "Not found", "no resource at /nope",
    "/nope" },
  { "GET", "/", 404, NULL, "/problems/not-found", "Not found", "no resource at /", "/" },
  { "GET", "/healthz/", 404, NULL, "/problems/not-found", "Not found", "no resource at /healthz/",
    "/healthz/" },
  { "GET", "/test/items/", 404, NULL, "/problems/not-found", "Not found",
    "no resource at /test/items/", "/test/items/" },
  { "GET", "/test/items/7/extra", 404, NULL, "/problems/not-found", "Not found",
    "no resource at /test/items/7/extra", "/test/items/7/extra" },
  { "POST", "/healthz", 405, "GET", "/problems/method-not-allowed", "Method not allowed",
    "POST is not allowed on /healthz", "/healthz" },
  { "DELETE", "/api/v1/version", 405, "GET", "/problems/method-not-allowed", "Method not allowed",
    "DELETE is not allowed on /api/v1/version", "/api/v1/version" },
  { "PUT", "/test/items/7", 405, "GET, DELETE", "/problems/method-not-allowed",
    "Method not allowed", "PUT is not allowed on /test/items/7", "/test/items/7" },
};

START_TEST (test_routing_errors)
{
  const Call calls[] = { { routing_errors[_i].method, routing_errors[_i].target } };
  Reply **replies = run_script (calls, G_N_ELEMENTS (calls));

  assert_problem (replies[0], routing_errors[_i].status, routing_errors[_i].type,
                  routing_errors[_i].title, routing_errors[_i].detail, routing_errors[_i].instance);
  ck_assert_msg (g_strcmp0 (replies[0]->allow, routing_errors[_i].allow) == 0,
                 "%s %s: Allow %s, expected %s", replies[0]->method, replies[0]->target,
                 replies[0]->allow ? replies[0]->allow : "(none)",
                 routing_errors[_i].allow ? routing_errors[_i].allow : "(none)");
  assert_no_trouble_logged ();
}
END_TEST

START_TEST (test_head)
{
  static const Call calls[] = {
    { "HEAD", "/healthz" },
    { "HEAD", "/api/v1/version" },
    { "HEAD", "/test/items/5?naam=Jansen" },
  };
  Reply **replies = run_script (calls, G_N_ELEMENTS (calls));

  for (gsize i = 0; i < G_N_ELEMENTS (calls); i++)
    {
      assert_status (replies[i], 200, "application/json");
      ck_assert_msg (replies[i]->body_length == 0, "HEAD %s: a body came back: %s", calls[i].target,
                     replies[i]->body);
    }
  assert_no_trouble_logged ();
}
END_TEST

/* ------------------------------------------------------------------------ */
/* 5: route parameters, handler errors                                      */
/* ------------------------------------------------------------------------ */

static const struct
{
  const gchar *method;
  const gchar *target;
  const gchar *expected;
} echo_cases[] = {
  { "GET", "/test/items/42?naam=Jansen", "{\"id\":\"42\",\"naam\":\"Jansen\"}" },
  { "GET", "/test/items/abc-123", "{\"id\":\"abc-123\",\"naam\":null}" },
  { "GET", "/test/items/7?naam=van%20Dijk&x=1", "{\"id\":\"7\",\"naam\":\"van Dijk\"}" },
  { "DELETE", "/test/items/9?naam=", "{\"id\":\"9\",\"naam\":\"\"}" },
};

START_TEST (test_route_params)
{
  const Call calls[] = { { echo_cases[_i].method, echo_cases[_i].target } };
  Reply **replies = run_script (calls, G_N_ELEMENTS (calls));

  assert_json_reply (replies[0], 200, echo_cases[_i].expected);
  assert_no_trouble_logged ();
}
END_TEST

START_TEST (test_handler_conflict)
{
  static const Call calls[] = { { "GET", "/test/conflict" } };
  Reply **replies = run_script (calls, G_N_ELEMENTS (calls));

  assert_problem (replies[0], 409, "/problems/conflict", "Conflict", CONFLICT_DETAIL,
                  "/test/conflict");
  assert_no_trouble_logged ();
}
END_TEST

START_TEST (test_handler_internal_error)
{
  static const Call calls[] = { { "GET", "/test/internal" } };
  Reply **replies = run_script (calls, G_N_ELEMENTS (calls));

  assert_problem (replies[0], 500, "/problems/internal", "Internal server error", NULL,
                  "/test/internal");
  ck_assert_msg (strstr (replies[0]->body, "pseudonym.key") == NULL, "internals leaked: %s",
                 replies[0]->body);

  /* The operator finds the message in the log instead. */
  GHashTable *logged = capture_find ("request", "path", "/test/internal");
  ck_assert_msg (logged != NULL, "no request event for /test/internal");
  ck_assert_str_eq (g_hash_table_lookup (logged, "status"), "500");
  ck_assert_str_eq (g_hash_table_lookup (logged, "problem"), "internal");
  ck_assert_str_eq (g_hash_table_lookup (logged, "error"), INTERNAL_SECRET);
  assert_no_trouble_logged ();
}
END_TEST

/* ------------------------------------------------------------------------ */
/* 6: SIGTERM drains                                                        */
/* ------------------------------------------------------------------------ */

typedef struct
{
  gboolean a_in_flight;
  gboolean signalled;
  gboolean draining_logged;
  gboolean a_held_after_b; /* A was still at its gate when B's answer had come */
  gboolean fallback_shutdown;
  Reply *a;
  Reply *b;
} SigtermState;

static void
sigterm_client (TestServer *ts, gpointer data)
{
  SigtermState *st = data;

  GThread *a = http_start (ts->port, "GET", "/test/slow");
  st->a_in_flight = probe_wait_held (1);
  if (st->a_in_flight)
    {
      st->signalled = kill (getpid (), SIGTERM) == 0;
      st->draining_logged = capture_wait ("shutdown: draining");
    }
  if (st->draining_logged)
    {
      st->b = http (ts->port, "GET", "/api/v1/version");
      st->b->label = "B, sent while draining";
      st->a_held_after_b = probe_held () == 1;
    }
  else
    {
      /* Stop the server anyway; the test fails on draining_logged. */
      st->fallback_shutdown = TRUE;
      request_shutdown (ts);
    }
  probe_open_gate ();
  st->a = http_finish (a);
  st->a->label = "A, in flight at SIGTERM";
}

START_TEST (test_sigterm_drains)
{
  TestServer ts;
  SigtermState st = { 0 };

  test_server_start (&ts, 0);
  serve (&ts, sigterm_client, &st);
  test_server_free (&ts);

  ck_assert_msg (st.a_in_flight, "the slow request never reached its handler");
  ck_assert_msg (st.signalled, "kill (SIGTERM) failed");
  ck_assert_msg (st.draining_logged, "no 'shutdown: draining' event after SIGTERM");
  ck_assert (!st.fallback_shutdown);

  GHashTable *draining = capture_find ("shutdown: draining", NULL, NULL);
  ck_assert_str_eq (g_hash_table_lookup (draining, "in_flight"), "1");

  /* B, started after the signal while A ran. */
  assert_problem (st.b, 503, "/problems/shutting-down", "The server is shutting down",
                  SHUTTING_DOWN_DETAIL, "/api/v1/version");
  ck_assert_str_eq (st.b->connection ? st.b->connection : "(none)", "close");
  ck_assert_msg (st.a_held_after_b, "A was no longer in flight when B was answered");

  /* A completed, and only then did ep_server_run() return. */
  ck_assert_uint_eq (ts.finished_at_return, 1);
  assert_json_reply (st.a, 200, "{\"done\":true}");
  ck_assert_str_eq (st.a->connection ? st.a->connection : "(none)", "close");

  assert_no_trouble_logged ();
}
END_TEST

/* Beyond the drain timeout ep_server_run() returns with a request still running; the handler
 * that finishes later must not bring the process down when the server is freed. */
typedef struct
{
  gboolean a_in_flight;
  gboolean run_returned;
  Reply *a;
} DrainTimeoutState;

static void
drain_timeout_client (TestServer *ts, gpointer data)
{
  DrainTimeoutState *st = data;

  GThread *a = http_start (ts->port, "GET", "/test/slow");
  st->a_in_flight = probe_wait_held (1);
  request_shutdown (ts);
  st->run_returned = probe_wait_run_returned ();
  probe_open_gate ();
  st->a = http_finish (a);
}

START_TEST (test_drain_timeout)
{
  TestServer ts;
  DrainTimeoutState st = { 0 };

  test_server_start (&ts, 1);
  serve (&ts, drain_timeout_client, &st);
  test_server_free (&ts);

  ck_assert_msg (st.a_in_flight, "the slow request never reached its handler");
  ck_assert_msg (st.run_returned, "ep_server_run() did not return after the drain timeout");
  ck_assert_uint_eq (ts.finished_at_return, 0);
  GHashTable *gave_up
    = capture_find ("shutdown: requests still running after the drain timeout", NULL, NULL);
  ck_assert_msg (gave_up != NULL, "no drain timeout event");
  assert_no_trouble_logged ();
}
END_TEST

/* ------------------------------------------------------------------------ */
/* 7: concurrency                                                           */
/* ------------------------------------------------------------------------ */

typedef struct
{
  Reply *sleepers[PARALLEL];
  guint n_sleep_threads; /* handler runs recorded in the first phase */
  gboolean all_held;
  Reply *while_held; /* a request the main loop answers while every worker is busy */
  Reply *holders[WORKERS];
} ConcurrencyState;

static void
concurrency_client (TestServer *ts, gpointer data)
{
  ConcurrencyState *st = data;
  GThread *threads[PARALLEL];

  for (guint i = 0; i < PARALLEL; i++)
    threads[i] = http_start (ts->port, "GET", "/test/sleep");
  for (guint i = 0; i < PARALLEL; i++)
    st->sleepers[i] = http_finish (threads[i]);

  g_mutex_lock (&probe.lock);
  st->n_sleep_threads = probe.n_threads;
  g_mutex_unlock (&probe.lock);

  for (guint i = 0; i < WORKERS; i++)
    threads[i] = http_start (ts->port, "GET", "/test/db-hold");
  st->all_held = probe_wait_held (WORKERS);
  if (st->all_held)
    {
      st->while_held = http (ts->port, "GET", "/nope");
      st->while_held->label = "every worker busy";
    }
  probe_open_gate ();
  for (guint i = 0; i < WORKERS; i++)
    st->holders[i] = http_finish (threads[i]);

  request_shutdown (ts);
}

START_TEST (test_concurrency)
{
  TestServer ts;
  ConcurrencyState st = { 0 };

  test_server_start (&ts, 0);
  serve (&ts, concurrency_client, &st);
  test_server_free (&ts);

  for (guint i = 0; i < PARALLEL; i++)
    assert_json_reply (st.sleepers[i], 200, "{\"slept_ms\":100}");
  ck_assert_uint_eq (st.n_sleep_threads, PARALLEL);
  ck_assert_uint_ge (probe.active_max, 1);
  ck_assert_uint_le (probe.active_max, WORKERS);

  /* With every worker holding a database connection, the main loop still answers. */
  ck_assert_msg (st.all_held, "only %u of %d handlers were ever held at once", probe.held_max,
                 WORKERS);
  assert_problem (st.while_held, 404, "/problems/not-found", "Not found", "no resource at /nope",
                  "/nope");
  for (guint i = 0; i < WORKERS; i++)
    assert_json_reply (st.holders[i], 200, "{\"held\":true}");

  /* Handlers ran on worker threads, never on the main thread; the held ones on WORKERS
   * different threads. */
  ck_assert_uint_eq (probe.n_threads, PARALLEL + WORKERS);
  for (guint i = 0; i < probe.n_threads; i++)
    ck_assert_msg (probe.threads[i] != main_thread, "handler run %u was on the main thread", i);
  for (guint i = PARALLEL; i < probe.n_threads; i++)
    for (guint j = i + 1; j < probe.n_threads; j++)
      ck_assert_msg (probe.threads[i] != probe.threads[j],
                     "held handlers %u and %u shared a thread", i, j);

  for (guint i = 0; i < WORKERS; i++)
    assert_no_trouble_logged ();
}
END_TEST

/* ------------------------------------------------------------------------ */
/* 7b: the slow pool                                                        */
/* ------------------------------------------------------------------------ */

typedef struct
{
  gboolean a_held;
  gboolean refusal_logged;
  Reply *a, *b, *c, *while_slow;
} SlowPoolState;

/* With one slow request allowed to wait: A runs (held at the gate), B and C race for the one
 * place in the queue, the loser is refused at once; meanwhile the workers answer as ever. */
static void
slow_pool_client (TestServer *ts, gpointer data)
{
  SlowPoolState *st = data;
  GThread *a = http_start (ts->port, "GET", "/test/slow-pool");
  st->a_held = probe_wait_held (1);
  GThread *b = http_start (ts->port, "GET", "/test/slow-pool");
  GThread *c = http_start (ts->port, "GET", "/test/slow-pool");
  st->refusal_logged = capture_wait ("request"); /* A and the queued one are not done yet */
  st->while_slow = http (ts->port, "GET", "/api/v1/version");
  probe_open_gate ();
  st->a = http_finish (a);
  st->b = http_finish (b);
  st->c = http_finish (c);
  request_shutdown (ts);
}

START_TEST (test_slow_pool)
{
  TestServer ts;
  SlowPoolState st = { 0 };

  test_server_start_queue (&ts, 0, 1);
  serve (&ts, slow_pool_client, &st);
  test_server_free (&ts);

  ck_assert (st.a_held);
  ck_assert (st.refusal_logged);
  ck_assert_uint_eq (st.while_slow->status, 200);
  assert_json_reply (st.a, 200, "{\"done\":true}");
  Reply *refused = st.b->status == 503 ? st.b : st.c;
  Reply *queued = refused == st.b ? st.c : st.b;
  assert_json_reply (queued, 200, "{\"done\":true}");
  assert_problem (refused, 503, "/problems/busy", "Too many sign-ins at once",
                  "te veel aanmeldingen tegelijk; probeer het over enkele seconden opnieuw",
                  "/test/slow-pool");
  ck_assert_str_eq (refused->retry_after, "5");
  /* Both ran on the slow pool's one thread, not on a worker. */
  ck_assert_uint_eq (probe.n_threads, 2);
  ck_assert (probe.threads[0] == probe.threads[1]);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* 8: the request log                                                       */
/* ------------------------------------------------------------------------ */

START_TEST (test_log_has_no_query)
{
  static const Call calls[] = {
    { "GET", "/test/items/42?naam=Jansen" },
    { "GET", "/nope?zoek=Jansen" },
    { "POST", "/healthz?naam=Jansen" },
  };
  static const struct
  {
    const gchar *method, *path, *status, *problem;
  } expected[] = {
    { "GET", "/test/items/42", "200", NULL },
    { "GET", "/nope", "404", "not-found" },
    { "POST", "/healthz", "405", "method-not-allowed" },
  };
  Reply **replies = run_script (calls, G_N_ELEMENTS (calls));

  assert_json_reply (replies[0], 200, "{\"id\":\"42\",\"naam\":\"Jansen\"}");
  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      GHashTable *event = capture_find ("request", "path", expected[i].path);
      ck_assert_msg (event != NULL, "no request event with path %s", expected[i].path);
      ck_assert_str_eq (g_hash_table_lookup (event, "method"), expected[i].method);
      ck_assert_str_eq (g_hash_table_lookup (event, "status"), expected[i].status);
      ck_assert_pstr_eq (g_hash_table_lookup (event, "problem"), expected[i].problem);
      ck_assert_ptr_nonnull (g_hash_table_lookup (event, "ms"));
    }

  const gchar *leak = capture_field_containing ("Jansen");
  ck_assert_msg (leak == NULL, "the log holds the query string: %s", leak);
  assert_no_trouble_logged ();
}
END_TEST

/* ------------------------------------------------------------------------ */
/* The ladder's errors as problems (api/ep-problem.c; docs/ladder.md)       */
/* ------------------------------------------------------------------------ */

static const struct
{
  EpPlanError code;
  const gchar *path;
  guint status;
  const gchar *type;
} ladder_problems[] = {
  { EP_PLAN_ERROR_OTHER_TEAM, "team", 403, "/problems/other-team" },
  { EP_PLAN_ERROR_FOUR_EYES, "aanvraag_id", 403, "/problems/four-eyes" },
  { EP_PLAN_ERROR_NOT_SUPERVISOR, "rol", 403, "/problems/not-supervisor" },
  { EP_PLAN_ERROR_PENDING, "naar", 409, "/problems/level-request-pending" },
};

/* Each with its status, type and its message as detail; no server needed. */
START_TEST (test_ladder_problems)
{
  g_autoptr (GError) error
    = g_error_new (EP_PLAN_ERROR, ladder_problems[_i].code, "%s: regel", ladder_problems[_i].path);
  const gchar *type = NULL;
  ck_assert_uint_eq (ep_problem_status (error, &type), ladder_problems[_i].status);
  ck_assert_str_eq (type, ladder_problems[_i].type + strlen ("/problems/"));
  g_autoptr (JsonNode) problem = ep_problem_new (error, "/api/v1/households/x/plan");
  JsonObject *o = json_node_get_object (problem);
  ck_assert_str_eq (json_object_get_string_member (o, "type"), ladder_problems[_i].type);
  ck_assert_int_eq (json_object_get_int_member (o, "status"), ladder_problems[_i].status);
  g_autofree gchar *detail = g_strdup_printf ("%s: regel", ladder_problems[_i].path);
  ck_assert_str_eq (json_object_get_string_member (o, "detail"), detail);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Runner                                                                   */
/* ------------------------------------------------------------------------ */

static TCase *
tcase_new (const gchar *name)
{
  TCase *tc = tcase_create (name);
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_set_timeout (tc, 60);
  return tc;
}

static Suite *
api_suite (void)
{
  Suite *s = suite_create ("api");
  TCase *tc;

  tc = tcase_new ("builtin");
  tcase_add_test (tc, test_healthz_ok);
  tcase_add_test (tc, test_version);
  suite_add_tcase (s, tc);

  tc = tcase_new ("database-down");
  tcase_add_test (tc, test_healthz_database_down);
  tcase_add_test (tc, test_healthz_database_down_full_pool);
  suite_add_tcase (s, tc);

  tc = tcase_new ("routing");
  tcase_add_loop_test (tc, test_routing_errors, 0, G_N_ELEMENTS (routing_errors));
  tcase_add_test (tc, test_head);
  tcase_add_loop_test (tc, test_route_params, 0, G_N_ELEMENTS (echo_cases));
  tcase_add_test (tc, test_handler_conflict);
  tcase_add_test (tc, test_handler_internal_error);
  suite_add_tcase (s, tc);

  tc = tcase_new ("shutdown");
  tcase_add_test (tc, test_sigterm_drains);
  tcase_add_test (tc, test_drain_timeout);
  suite_add_tcase (s, tc);

  tc = tcase_new ("concurrency");
  tcase_add_test (tc, test_concurrency);
  tcase_add_test (tc, test_slow_pool);
  suite_add_tcase (s, tc);

  tc = tcase_new ("log");
  tcase_add_test (tc, test_log_has_no_query);
  suite_add_tcase (s, tc);

  tc = tcase_create ("problems");
  tcase_add_loop_test (tc, test_ladder_problems, 0, G_N_ELEMENTS (ladder_problems));
  suite_add_tcase (s, tc);

  return s;
}

int
main (void)
{
  main_thread = g_thread_self ();
  db = ep_test_db_start ();

  SRunner *runner = srunner_create (api_suite ());
  srunner_run_all (runner, CK_NORMAL);
  int n_failed = srunner_ntests_failed (runner);
  srunner_free (runner);

  ep_test_db_stop (db);
  return n_failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
