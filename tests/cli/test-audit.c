/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-audit.c: `eenplan audit seal|verify|log|keygen|public-key|checkpoint` and
 * `eenplan bsn keygen`, on the trail the case worker's commands leave in the test's own
 * municipality: verify exits 0 on an intact chain and 1 naming the seq of a changed event, the
 * supervisors' log marks an event changed after sealing (and exits 1), and a checkpoint signed
 * with the key keygen made checks out against its public half only.
 *
 * Tampering is done as the owner, with the append-only triggers switched off
 * (test-audit-common.h), and the broken trail is removed again at the end of the test.
 */
#include "cli-suites.h"

#include "ep-audit.h"
#include "test-audit-common.h"

#include <errno.h>
#include <glib/gstdio.h>

/* One member, so three audit events: household, person, membership. */
#define HOUSEHOLD_JSON                                                                             \
  "{\"household\": {\"postcode\": \"7552XY\", \"huisnummer\": 3},"                                 \
  " \"persons\": [{\"ref\": \"a\", \"bsn\": \"999990020\", \"surname\": \"Voorbeeld\","            \
  "               \"role\": \"ouder_verzorger\"}], \"date\": \"2026-11-01\"}"

/* A first contact: one audit event. */
#define CONTACT_JSON                                                                               \
  "{\"vindplaats_id\": \"" EP_CLI_VINDPLAATS "\", \"channel\": \"balie\","                         \
  " \"type\": \"informatie_advies\", \"question\": \"Waar vind ik de voedselbank?\","              \
  " \"date\": \"2026-11-18\"}"

/*
 * Seals what other tests left unsealed (the library, not the command under test), then writes
 * three events in the test's municipality, so that the next `eenplan audit seal` has exactly
 * these to seal.
 */
static void
write_three_events (void)
{
  g_autoptr (GError) error = NULL;
  guint64 sealed = 0;
  EP_ASSERT_NO_ERROR (ep_audit_seal_all (ep_cli_owner (), &sealed, &error), error);
  EP_ASSERT_RUN (ep_cli_run (HOUSEHOLD_JSON, "household", "create", "-", NULL), EP_CLI_EXIT_OK,
                 NULL, "");
  ck_assert_int_eq (ep_cli_int ("SELECT count(*) FROM audit_event WHERE gemeente = $1", NULL), 3);
}

static void
seal_three_events (void)
{
  write_three_events ();
  EP_ASSERT_RUN (ep_cli_run (NULL, "audit", "seal", NULL), EP_CLI_EXIT_OK,
                 "3 gebeurtenissen verzegeld\n", "");
}

/* The chain's hash at @seq, in hexadecimal. */
static const gchar *
chain_hash (const gchar *seq)
{
  return ep_cli_value ("SELECT encode(hash, 'hex') FROM audit_chain"
                       " WHERE gemeente = $1 AND seq = $2::bigint",
                       seq, NULL);
}

/* What `audit verify` prints for the intact chain of three events: the rows behind the blocks
 * are checked too (the default, and --deep). */
static const gchar *
intact (const gchar *checkpoint)
{
  return ep_cli_printf ("%s: intact — 3 gebeurtenissen gecontroleerd (t/m seq 3), 0 nog te "
                        "verzegelen, checkpoint: %s\n  ook elke gebeurtenisrij achter de blokken "
                        "klopt\n  kop: 3:%s\n",
                        ep_cli_gemeente (), checkpoint, chain_hash ("3"));
}

/* What `audit verify --blocks-only` prints for the intact chain of three events. */
static const gchar *
intact_blocks_only (void)
{
  return ep_cli_printf (
    "%s: intact — 3 gebeurtenissen gecontroleerd (t/m seq 3), 0 nog te verzegelen, checkpoint: "
    "geen\n  alleen de blokken en de ketenrijen erna: de gebeurtenisrijen achter de blokken (wat "
    "`eenplan audit log` toont) zijn niet gecontroleerd, en ook niet of er een gebeurtenis achter "
    "de kop verborgen is; laat --blocks-only weg om dat wel te doen\n  kop: 3:%s\n",
    ep_cli_gemeente (), chain_hash ("3"));
}

/* As the owner, with the triggers off: runs @sql ($1: the municipality) on one sealed event. */
static void
tamper (const gchar *sql)
{
  g_autoptr (EpDbParams) params = ep_test_params (ep_cli_gemeente (), NULL);
  g_autoptr (GError) error = NULL;
  ep_test_audit_tamper_begin (ep_cli_owner ());
  gboolean ok = ep_db_exec_command (ep_cli_owner (), sql, params, "tamper", &error);
  ck_assert_msg (ok, "%s\n  %s", error ? error->message : "", sql);
  ep_test_audit_tamper_end (ep_cli_owner ());
}

/* ---- seal and verify ----------------------------------------------------------------------- */

START_TEST (test_seal_and_verify)
{
  const gchar *gemeente = ep_cli_gemeente ();
  write_three_events ();

  /* Before sealing: nothing checked yet, three to seal. */
  EP_ASSERT_RUN (ep_cli_run (NULL, "audit", "verify", "--gemeente", gemeente, NULL), EP_CLI_EXIT_OK,
                 ep_cli_printf ("%s: intact — 0 gebeurtenissen gecontroleerd (t/m seq 0), 3 nog te "
                                "verzegelen, checkpoint: geen\n",
                                gemeente),
                 "");

  EP_ASSERT_RUN (ep_cli_run (NULL, "audit", "seal", NULL), EP_CLI_EXIT_OK,
                 "3 gebeurtenissen verzegeld\n", "");
  ck_assert_str_eq (
    ep_cli_value ("SELECT string_agg(concat_ws(' ', c.seq, e.action, e.entity_type),"
                  "                  ', ' ORDER BY c.seq)"
                  "  FROM audit_chain c JOIN audit_event e"
                  "    ON e.gemeente = c.gemeente AND e.id = c.event_id"
                  " WHERE c.gemeente = $1",
                  NULL),
    "1 create household, 2 create person, 3 join household_member");
  EP_ASSERT_RUN (ep_cli_run (NULL, "audit", "seal", NULL), EP_CLI_EXIT_OK,
                 "0 gebeurtenissen verzegeld\n", "");

  EP_ASSERT_RUN (ep_cli_run (NULL, "audit", "verify", "--gemeente", gemeente, NULL), EP_CLI_EXIT_OK,
                 intact ("geen"), "");
  /* --deep is what verify does anyway; --blocks-only says what it left out. */
  EP_ASSERT_RUN (
    ep_cli_run (NULL, "audit", "verify", "--gemeente", gemeente, "--deep", NULL), EP_CLI_EXIT_OK,
    ep_cli_printf ("%s: intact — 3 gebeurtenissen gecontroleerd (t/m seq 3), 0 nog te verzegelen, "
                   "checkpoint: geen\n  ook elke gebeurtenisrij achter de blokken klopt\n"
                   "  kop: 3:%s\n",
                   gemeente, chain_hash ("3")),
    "");
  EP_ASSERT_RUN (
    ep_cli_run (NULL, "audit", "verify", "--gemeente", gemeente, "--blocks-only", NULL),
    EP_CLI_EXIT_OK, intact_blocks_only (), "");
  /* The head verify printed is what an auditor passes back. */
  const gchar *head = ep_cli_printf ("3:%s", chain_hash ("3"));
  EP_ASSERT_RUN (
    ep_cli_run (NULL, "audit", "verify", "--gemeente", gemeente, "--expect", head, NULL),
    EP_CLI_EXIT_OK, intact ("geen"), "");
}
END_TEST

/* Changes to a sealed event as the owner, and what verify says of them. */
static const struct
{
  const gchar *sql;
  const gchar *finding; /* after "GMxxxx: NIET INTACT — " */
} tamper_cases[] = {
  { "UPDATE audit_event e SET actor_id = 'mallory'" EVENT_OF_SEQ (2),
    "changed bij seq 2: seq 2 was changed: its fields no longer match its hash" },
  { "UPDATE audit_event e SET purpose = 'nieuwsgierigheid'" EVENT_OF_SEQ (1),
    "changed bij seq 1: seq 1 was changed: its fields no longer match its hash" },
  { "UPDATE audit_event e SET change = '{\"role\": \"kind\"}'" EVENT_OF_SEQ (3),
    "changed bij seq 3: seq 3 was changed: its fields no longer match its hash" },
};

START_TEST (test_verify_names_changed_seq)
{
  const gchar *gemeente = ep_cli_gemeente ();
  seal_three_events ();
  tamper (tamper_cases[_i].sql);

  const gchar *want = ep_cli_printf ("%s: NIET INTACT — %s\n", gemeente, tamper_cases[_i].finding);
  EP_ASSERT_RUN (ep_cli_run (NULL, "audit", "verify", "--gemeente", gemeente, NULL),
                 EP_CLI_EXIT_FAILURE, want, "");
  EP_ASSERT_RUN (ep_cli_run (NULL, "audit", "verify", "--gemeente", gemeente, "--deep", NULL),
                 EP_CLI_EXIT_FAILURE, want, "");
  ep_test_audit_remove_trail (ep_cli_owner (), gemeente);
}
END_TEST

/* An event row changed behind a sealed block (seq 1 and 2 packed, as the sealer packs every
 * 1,024): the plain verify names it; --blocks-only does not read it, and says so. */
START_TEST (test_verify_finds_row_behind_block)
{
  const gchar *gemeente = ep_cli_gemeente ();
  g_autoptr (GError) error = NULL;
  guint64 packed = 0;
  seal_three_events ();
  EP_ASSERT_NO_ERROR (ep_audit_pack (ep_cli_owner (), gemeente, 2, &packed, &error), error);
  ck_assert_uint_eq (packed, 2);
  tamper ("UPDATE audit_event e SET purpose = 'nieuwsgierigheid'" EVENT_OF_SEQ (1));

  const gchar *want = ep_cli_printf ("%s: NIET INTACT — changed bij seq 1: seq 1 was changed: its "
                                     "fields no longer match its hash\n",
                                     gemeente);
  EP_ASSERT_RUN (ep_cli_run (NULL, "audit", "verify", "--gemeente", gemeente, NULL),
                 EP_CLI_EXIT_FAILURE, want, "");
  EP_ASSERT_RUN (ep_cli_run (NULL, "audit", "verify", "--gemeente", gemeente, "--deep", NULL),
                 EP_CLI_EXIT_FAILURE, want, "");
  const gchar *want_blocks_only = intact_blocks_only ();
  const EpCliRun *blocks_only
    = ep_cli_run (NULL, "audit", "verify", "--gemeente", gemeente, "--blocks-only", NULL);
  ep_test_audit_remove_trail (ep_cli_owner (), gemeente);
  EP_ASSERT_RUN (blocks_only, EP_CLI_EXIT_OK, want_blocks_only, "");
}
END_TEST

/* The checkpoints removed from the database and the newest event cut off: the checkpoint file
 * outside it still holds the head, and the plain verify names the seq. */
START_TEST (test_checkpoint_file_catches_cut_off)
{
  const gchar *gemeente = ep_cli_gemeente ();
  const gchar *file = ep_cli_path ("audit-checkpoints.log");
  const gchar *with_file[] = { ep_cli_printf ("EENPLAN_AUDIT_CHECKPOINT_FILE=%s", file), NULL };
  const gchar *checkpoint[] = { "audit", "checkpoint", "--gemeente", gemeente, NULL };
  const gchar *verify[] = { "audit", "verify", "--gemeente", gemeente, NULL };
  seal_three_events ();
  EP_ASSERT_RUN (ep_cli_run (NULL, "audit", "keygen", NULL), EP_CLI_EXIT_OK, NULL, "");

  EP_ASSERT_RUN (ep_cli_run_env (with_file, NULL, checkpoint), EP_CLI_EXIT_OK,
                 ep_cli_printf ("%s: checkpoint bij seq 3, ook in %s\n", gemeente, file), "");
  g_autofree gchar *contents = NULL;
  ck_assert (g_file_get_contents (file, &contents, NULL, NULL));
  const gchar *start
    = ep_cli_printf ("{\"gemeente\":\"%s\",\"seq\":3,\"hash\":\"%s\",", gemeente, chain_hash ("3"));
  ck_assert_msg (g_str_has_prefix (contents, start), "%s", contents);
  ck_assert_int_eq (g_strv_length ((gchar **) ep_cli_lines (contents)), 1);
  EP_ASSERT_RUN (ep_cli_run_env (with_file, NULL, verify), EP_CLI_EXIT_OK,
                 ep_cli_printf ("%s: intact — 3 gebeurtenissen gecontroleerd (t/m seq 3), 0 nog te "
                                "verzegelen, checkpoint: handtekening klopt\n  ook elke "
                                "gebeurtenisrij achter de blokken klopt\n  checkpointbestand: "
                                "kop seq 3, handtekening klopt\n  kop: 3:%s\n",
                                gemeente, chain_hash ("3")),
                 "");

  tamper ("DELETE FROM audit_checkpoint WHERE gemeente = $1");
  tamper ("WITH c AS (DELETE FROM audit_chain WHERE gemeente = $1 AND seq = 3"
          "           RETURNING gemeente, event_id)"
          " DELETE FROM audit_event e USING c WHERE e.gemeente = c.gemeente AND e.id = c.event_id");

  const gchar *want = ep_cli_printf ("%s: NIET INTACT — truncated bij seq 3: the chain ends at seq "
                                     "2 but the checkpoint file covers up to 3: the newest events "
                                     "were cut off\n",
                                     gemeente);
  const EpCliRun *configured = ep_cli_run_env (with_file, NULL, verify);
  const EpCliRun *named
    = ep_cli_run (NULL, "audit", "verify", "--gemeente", gemeente, "--checkpoints", file, NULL);
  /* Without the file, the database alone cannot tell. */
  const EpCliRun *without = ep_cli_run_env (NULL, NULL, verify);
  ep_test_audit_remove_trail (ep_cli_owner (), gemeente);
  EP_ASSERT_RUN (configured, EP_CLI_EXIT_FAILURE, want, "");
  EP_ASSERT_RUN (named, EP_CLI_EXIT_FAILURE, want, "");
  EP_ASSERT_RUN (without, EP_CLI_EXIT_OK, NULL, "");
}
END_TEST

/* A checkpoint file named with --checkpoints that cannot be read stops verify. */
START_TEST (test_verify_refuses_a_missing_checkpoint_file)
{
  const gchar *gemeente = ep_cli_gemeente ();
  const gchar *file = ep_cli_path ("nergens.log");
  EP_ASSERT_RUN (
    ep_cli_run (NULL, "audit", "verify", "--gemeente", gemeente, "--checkpoints", file, NULL),
    EP_CLI_EXIT_FAILURE, "",
    ep_cli_printf ("eenplan audit verify: het checkpointbestand is niet te gebruiken (cannot read "
                   "%s: Failed to open file “%s”: No such file or directory)\n",
                   file, file));
}
END_TEST

/* ---- the supervisors' log ------------------------------------------------------------------ */

/* "seq:chain" of each event of `audit log --json`, newest first. */
static const gchar *
log_chain (const EpCliRun *run)
{
  JsonObject *root = json_node_get_object (ep_cli_json (run));
  JsonArray *events = json_object_get_array_member (root, "events");
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);
      g_string_append_printf (text, "%s%" G_GINT64_FORMAT ":%s", i > 0 ? " " : "",
                              json_object_get_int_member (event, "seq"),
                              json_object_get_string_member (event, "chain"));
    }
  ck_assert (JSON_NODE_HOLDS_NULL (json_object_get_member (root, "next_cursor")));
  return ep_cli_printf ("%s", text->str);
}

START_TEST (test_log_marks_changed_event)
{
  const gchar *gemeente = ep_cli_gemeente ();
  seal_three_events ();
  /* And one more, not yet sealed. */
  EP_ASSERT_RUN (ep_cli_run (CONTACT_JSON, "contact", "record", "-", NULL), EP_CLI_EXIT_OK, NULL,
                 "");

  const EpCliRun *json = ep_cli_run (NULL, "audit", "log", "--gemeente", gemeente, "--json", NULL);
  EP_ASSERT_RUN (json, EP_CLI_EXIT_OK, NULL, "");
  ck_assert_str_eq (log_chain (json), "0:unsealed 3:matches 2:matches 1:matches");
  const EpCliRun *human = ep_cli_run (NULL, "audit", "log", "--gemeente", gemeente, NULL);
  EP_ASSERT_RUN (human, EP_CLI_EXIT_OK, NULL, "");
  ck_assert_int_eq (g_strv_length ((gchar **) ep_cli_lines (human->out)), 4);
  ck_assert_ptr_null (strstr (human->out, "LET OP"));

  /* The person's event, changed after sealing. */
  tamper ("UPDATE audit_event e SET actor_id = 'mallory'" EVENT_OF_SEQ (2));
  const gchar *want_err = "eenplan audit log: 1 gebeurtenis op deze pagina klopt niet met "
                          "de hashketen; voer `eenplan audit verify` uit\n";

  json = ep_cli_run (NULL, "audit", "log", "--gemeente", gemeente, "--json", NULL);
  EP_ASSERT_RUN (json, EP_CLI_EXIT_FAILURE, NULL, want_err);
  ck_assert_str_eq (log_chain (json), "0:unsealed 3:matches 2:altered 1:matches");
  JsonArray *events
    = json_object_get_array_member (json_node_get_object (ep_cli_json (json)), "events");
  JsonObject *altered = json_array_get_object_element (events, 2);
  ck_assert_str_eq (json_object_get_string_member (altered, "actor_id"), "mallory");
  ck_assert_str_eq (json_object_get_string_member (altered, "entity_type"), "person");

  human = ep_cli_run (NULL, "audit", "log", "--gemeente", gemeente, NULL);
  EP_ASSERT_RUN (human, EP_CLI_EXIT_FAILURE, NULL, want_err);
  const gchar *const *lines = ep_cli_lines (human->out);
  ck_assert_int_eq (g_strv_length ((gchar **) lines), 5);
  ck_assert_msg (strstr (lines[2], " person:") != NULL && strstr (lines[2], " mallory (") != NULL,
                 "the third line is not the changed event: %s", lines[2]);
  ck_assert_str_eq (lines[3], "    LET OP: na het verzegelen gewijzigd; dit is niet wat de keten "
                              "bij seq 2 vastlegde");
  for (gsize i = 0; lines[i] != NULL; i++)
    ck_assert_msg (i == 3 || !g_str_has_prefix (lines[i], "    LET OP:"), "line %zu: %s", i,
                   lines[i]);

  ep_test_audit_remove_trail (ep_cli_owner (), gemeente);
}
END_TEST

/* A cursor `audit log` never handed out is wrong usage, said in Dutch. */
START_TEST (test_log_refuses_a_foreign_cursor)
{
  const gchar *gemeente = ep_cli_gemeente ();
  EP_ASSERT_RUN (ep_cli_run (NULL, "audit", "log", "--gemeente", gemeente, "--cursor", "abc", NULL),
                 EP_CLI_EXIT_USAGE, "",
                 "eenplan audit log: --cursor is geen cursor die `eenplan audit log` gaf (\"meer: "
                 "--cursor …\")\n");
}
END_TEST

/* A chain whose head lost its event cannot be sealed on: `audit seal` says so and exits 1. */
START_TEST (test_seal_refuses_a_headless_chain)
{
  const gchar *gemeente = ep_cli_gemeente ();
  seal_three_events ();
  tamper ("DELETE FROM audit_event e USING audit_chain c WHERE c.gemeente = $1 AND c.seq = 3"
          "   AND e.gemeente = c.gemeente AND e.id = c.event_id");
  EP_ASSERT_RUN (ep_cli_run (CONTACT_JSON, "contact", "record", "-", NULL), EP_CLI_EXIT_OK, NULL,
                 "");

  const EpCliRun *run = ep_cli_run (NULL, "audit", "seal", NULL);
  ep_test_audit_remove_trail (ep_cli_owner (), gemeente);
  EP_ASSERT_RUN (
    run, EP_CLI_EXIT_FAILURE, "",
    ep_cli_printf ("eenplan audit seal: de gebeurtenis aan de kop van een hashketen ontbreekt; "
                   "voer `eenplan audit verify` uit (seal %s: the event of the chain head is "
                   "missing; run `eenplan audit verify`)\n",
                   gemeente));
}
END_TEST

/* ---- keys and checkpoints ------------------------------------------------------------------ */

/* Asserts that @path is a file only its owner can read and write. */
static void
assert_secret_file (const gchar *path)
{
  GStatBuf st;
  ck_assert_msg (g_stat (path, &st) == 0, "%s: %s", path, g_strerror (errno));
  ck_assert_int_eq (st.st_mode & 0777, 0600);
}

START_TEST (test_keygen_checkpoint_public_key)
{
  const gchar *gemeente = ep_cli_gemeente ();
  const gchar *key = ep_cli_path ("audit-signing-key.pem");
  seal_three_events ();

  const EpCliRun *keygen = ep_cli_run (NULL, "audit", "keygen", NULL);
  EP_ASSERT_RUN (keygen, EP_CLI_EXIT_OK, NULL, "");
  assert_secret_file (key);
  EP_ASSERT_RUN (ep_cli_run (NULL, "audit", "keygen", NULL), EP_CLI_EXIT_FAILURE, "",
                 ep_cli_printf ("eenplan audit keygen: %s bestaat al; een sleutel wordt nooit "
                                "overschreven\n",
                                key));
  EP_ASSERT_RUN (ep_cli_run (NULL, "audit", "keygen", "--if-missing", NULL), EP_CLI_EXIT_OK,
                 ep_cli_printf ("sleutel %s bestaat al\n", key), "");

  /* The checkpoint signs the head with that key, and names it. */
  EP_ASSERT_RUN (ep_cli_run (NULL, "audit", "checkpoint", "--gemeente", gemeente, NULL),
                 EP_CLI_EXIT_OK, ep_cli_printf ("%s: checkpoint bij seq 3\n", gemeente), "");
  ck_assert_str_eq (ep_cli_value ("SELECT concat_ws('|', seq, encode(hash, 'hex'))"
                                  "  FROM audit_checkpoint WHERE gemeente = $1",
                                  NULL),
                    ep_cli_printf ("3|%s", chain_hash ("3")));
  const gchar *key_id
    = ep_cli_value ("SELECT key_id FROM audit_checkpoint WHERE gemeente = $1", NULL);
  ck_assert_str_eq (keygen->out, ep_cli_printf ("sleutel %s geschreven naar %s\n", key_id, key));

  /* The auditor's public half checks the signature; without any key it is not checked. */
  const EpCliRun *public_key = ep_cli_run (NULL, "audit", "public-key", NULL);
  EP_ASSERT_RUN (public_key, EP_CLI_EXIT_OK, NULL, "");
  ck_assert (g_str_has_prefix (public_key->out, "-----BEGIN PUBLIC KEY-----\n"));
  ck_assert (g_str_has_suffix (public_key->out, "-----END PUBLIC KEY-----\n"));
  const gchar *public_file = ep_cli_write_file ("auditor.pem", public_key->out);
  const gchar *no_key[]
    = { ep_cli_printf ("EENPLAN_AUDIT_KEY=%s", ep_cli_path ("none.pem")), NULL };
  const gchar *verify[] = { "audit", "verify", "--gemeente", gemeente, NULL };
  const gchar *verify_public[]
    = { "audit", "verify", "--gemeente", gemeente, "--public-key", public_file, NULL };

  EP_ASSERT_RUN (ep_cli_run_env (NULL, NULL, verify), EP_CLI_EXIT_OK, intact ("handtekening klopt"),
                 "");
  EP_ASSERT_RUN (ep_cli_run_env (no_key, NULL, verify), EP_CLI_EXIT_OK,
                 intact ("niet gecontroleerd (geen sleutel)"), "");
  EP_ASSERT_RUN (ep_cli_run_env (no_key, NULL, verify_public), EP_CLI_EXIT_OK,
                 intact ("handtekening klopt"), "");

  /* Another key's public half does not: the checkpoint looks forged. */
  const gchar *other = ep_cli_path ("other-key.pem");
  const EpCliRun *other_keygen = ep_cli_run (NULL, "audit", "keygen", "--out", other, NULL);
  EP_ASSERT_RUN (other_keygen, EP_CLI_EXIT_OK, NULL, "");
  assert_secret_file (other);
  const gchar *use_other[] = { ep_cli_printf ("EENPLAN_AUDIT_KEY=%s", other), NULL };
  const gchar *public_key_args[] = { "audit", "public-key", NULL };
  const EpCliRun *other_public = ep_cli_run_env (use_other, NULL, public_key_args);
  EP_ASSERT_RUN (other_public, EP_CLI_EXIT_OK, NULL, "");
  ck_assert_str_ne (other_public->out, public_key->out);
  const gchar *wrong_file = ep_cli_write_file ("wrong.pem", other_public->out);
  EP_ASSERT_RUN (
    ep_cli_run (NULL, "audit", "verify", "--gemeente", gemeente, "--public-key", wrong_file, NULL),
    EP_CLI_EXIT_FAILURE,
    ep_cli_printf ("%s: NIET INTACT — checkpoint-invalid bij seq 3: the latest "
                   "checkpoint (seq 3) is not signed by the audit key: it was "
                   "forged\n",
                   gemeente),
    "");
}
END_TEST

START_TEST (test_bsn_keygen_never_overwrites)
{
  /* The fixture made the key; it is 32 random bytes in hexadecimal, for the owner only. */
  const gchar *key = ep_cli_path ("bsn-pseudonym.key");
  g_autofree gchar *contents = NULL;
  ck_assert (g_file_get_contents (key, &contents, NULL, NULL));
  ck_assert_int_eq (strlen (contents), 65);
  ck_assert_int_eq (strspn (contents, "0123456789abcdef"), 64);
  ck_assert_int_eq (contents[64], '\n');
  assert_secret_file (key);

  EP_ASSERT_RUN (ep_cli_run (NULL, "bsn", "keygen", NULL), EP_CLI_EXIT_FAILURE, "",
                 ep_cli_printf ("eenplan bsn keygen: %s bestaat al; deze sleutel wordt nooit "
                                "overschreven (alle pseudoniemen hangen ervan af)\n",
                                key));
  EP_ASSERT_RUN (ep_cli_run (NULL, "bsn", "keygen", "--if-missing", NULL), EP_CLI_EXIT_OK,
                 ep_cli_printf ("sleutel %s bestaat al\n", key), "");
  g_autofree gchar *after = NULL;
  ck_assert (g_file_get_contents (key, &after, NULL, NULL));
  ck_assert_str_eq (after, contents);
}
END_TEST

/*
 * With a public key where the signing key belongs, `audit checkpoint` refuses, writes nothing,
 * and says in Dutch that the file holds a publieke sleutel.
 */
START_TEST (test_checkpoint_with_public_key_is_refused_in_dutch)
{
  const gchar *gemeente = ep_cli_gemeente ();
  seal_three_events ();
  EP_ASSERT_RUN (ep_cli_run (NULL, "audit", "keygen", NULL), EP_CLI_EXIT_OK, NULL, "");
  const EpCliRun *public_key = ep_cli_run (NULL, "audit", "public-key", NULL);
  EP_ASSERT_RUN (public_key, EP_CLI_EXIT_OK, NULL, "");
  const gchar *use_public[]
    = { ep_cli_printf ("EENPLAN_AUDIT_KEY=%s", ep_cli_write_file ("public.pem", public_key->out)),
        NULL };
  const gchar *checkpoint[] = { "audit", "checkpoint", "--gemeente", gemeente, NULL };
  EpCliCounts before = ep_cli_counts ();

  const EpCliRun *run = ep_cli_run_env (use_public, NULL, checkpoint);
  EP_ASSERT_RUN (run, EP_CLI_EXIT_FAILURE, "", NULL);
  ep_cli_assert_unchanged (&before, "checkpoint with a public key");
  ck_assert_msg (strstr (run->err, "publieke sleutel") != NULL, "not in Dutch: %s", run->err);
}
END_TEST

Suite *
ep_cli_audit_suite (void)
{
  Suite *suite = suite_create ("audit");

  TCase *chain = ep_cli_tcase ("chain");
  tcase_add_test (chain, test_seal_and_verify);
  tcase_add_loop_test (chain, test_verify_names_changed_seq, 0, G_N_ELEMENTS (tamper_cases));
  tcase_add_test (chain, test_log_marks_changed_event);
  tcase_add_test (chain, test_log_refuses_a_foreign_cursor);
  tcase_add_test (chain, test_verify_finds_row_behind_block);
  tcase_add_test (chain, test_checkpoint_file_catches_cut_off);
  tcase_add_test (chain, test_verify_refuses_a_missing_checkpoint_file);
  tcase_add_test (chain, test_seal_refuses_a_headless_chain);
  suite_add_tcase (suite, chain);

  TCase *keys = ep_cli_tcase ("keys");
  tcase_add_test (keys, test_keygen_checkpoint_public_key);
  tcase_add_test (keys, test_bsn_keygen_never_overwrites);
  tcase_add_test (keys, test_checkpoint_with_public_key_is_refused_in_dutch);
  suite_add_tcase (suite, keys);
  return suite;
}
