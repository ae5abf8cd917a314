/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-json-corpus.c — the json-corpus suite: every document of tests/json/ (README.md there)
 * read by ep_json_decode() with a 16 KiB limit, one Check test per file, named in its message.
 *
 * malformed/ must be refused as not JSON (EP_JSON_ERROR_SYNTAX), except the files named deep-*,
 * which nest deeper than the limit before they go wrong and must be refused as TOO_DEEP.
 * hostile/ is valid JSON that a named limit refuses: the file name starts with the code, and the
 * error must carry exactly that code and (but for too-large) a path. valid/ must be read, and
 * read again as ep_json_to_string() writes it; each object is also handed to the intake codec
 * (any verdict, but no crash), and the intake-* copies of docs/examples/ must decode as intakes. The folders are listed once, when the suite is made;
 * a count test per folder fails an empty or thinned-out corpus.
 */
#include "unit-suites.h"

#include "ep-intake-json.h"
#include "ep-json.h"

#include <string.h>

/* The corpus is read with this limit, so hostile/too-large-* need only be a little over 16 KiB. */
static const EpJsonLimits corpus_limits = { .max_bytes = 16384 };

/* What a name prefix in hostile/ promises. */
static const struct
{
  const gchar *prefix;
  EpJsonError code;
  guint min_files;
} hostile_classes[] = {
  { "too-large-", EP_JSON_ERROR_TOO_LARGE, 1 },
  { "too-deep-", EP_JSON_ERROR_TOO_DEEP, 1 },
  { "duplicate-member-", EP_JSON_ERROR_DUPLICATE_MEMBER, 1 },
  { "invalid-text-", EP_JSON_ERROR_INVALID_TEXT, 8 },
  { "number-range-", EP_JSON_ERROR_NUMBER_RANGE, 1 },
  { "name-too-long-", EP_JSON_ERROR_NAME_TOO_LONG, 1 },
};

/* The folders, their file names (sorted) and how many each must at least hold. */
typedef enum
{
  FOLDER_MALFORMED,
  FOLDER_HOSTILE,
  FOLDER_VALID,
  N_FOLDERS
} Folder;

static const struct
{
  const gchar *name;
  guint min_files;
} folders[N_FOLDERS] = {
  [FOLDER_MALFORMED] = { "malformed", 60 },
  [FOLDER_HOSTILE] = { "hostile", 20 },
  [FOLDER_VALID] = { "valid", 20 },
};

static GPtrArray *folder_files[N_FOLDERS];

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const gchar *const *) a, *(const gchar *const *) b);
}

/* The corpus: $EP_JSON_CORPUS_DIR (meson sets it), else tests/json below the current directory,
 * for a run by hand from the source root. */
static const gchar *
corpus_root (void)
{
  const gchar *root = g_getenv ("EP_JSON_CORPUS_DIR");
  return root != NULL ? root : "tests/json";
}

/* The *.json files of @folder, sorted; none when the folder is missing (the count test then
 * fails, saying so). */
static GPtrArray *
list_folder (Folder folder)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  g_autofree gchar *dir_path = g_build_filename (corpus_root (), folders[folder].name, NULL);
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  const gchar *name;
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  return names;
}

/* The bytes of file @i of @folder: *@name its name, *@len its length (NUL bytes kept). */
static gchar *
read_file (Folder folder, gint i, const gchar **name, gsize *len)
{
  g_autoptr (GError) error = NULL;
  gchar *text = NULL;

  *name = g_ptr_array_index (folder_files[folder], i);
  g_autofree gchar *path = g_build_filename (corpus_root (), folders[folder].name, *name, NULL);
  ck_assert_msg (g_file_get_contents (path, &text, len, &error), "%s/%s: %s", folders[folder].name,
                 *name, error ? error->message : "");
  return text;
}

/* Decodes @text, asserting a refusal in EP_JSON_ERROR with @want; returns the error. */
static GError *
assert_refused (const gchar *folder, const gchar *name, const gchar *text, gsize len,
                EpJsonError want)
{
  GError *error = NULL;
  g_autoptr (JsonNode) node = ep_json_decode (text, len, &corpus_limits, &error);

  ck_assert_msg (node == NULL && error != NULL, "%s/%s: read, expected code %d", folder, name,
                 (int) want);
  ck_assert_msg (g_error_matches (error, EP_JSON_ERROR, want),
                 "%s/%s: expected EP_JSON_ERROR code %d, got %s code %d: %s", folder, name,
                 (int) want, g_quark_to_string (error->domain), error->code, error->message);
  ck_assert_msg (error->message[0] != '\0', "%s/%s: empty message", folder, name);
  return error;
}

/* ---- the tests ---------------------------------------------------------------------------- */

START_TEST (test_corpus_counts)
{
  for (guint f = 0; f < N_FOLDERS; f++)
    ck_assert_msg (folder_files[f]->len >= folders[f].min_files,
                   "%s/%s/: %u files, expected at least %u (EP_JSON_CORPUS_DIR names the corpus)",
                   corpus_root (), folders[f].name, folder_files[f]->len, folders[f].min_files);

  for (gsize c = 0; c < G_N_ELEMENTS (hostile_classes); c++)
    {
      guint n = 0;
      for (guint i = 0; i < folder_files[FOLDER_HOSTILE]->len; i++)
        n += g_str_has_prefix (g_ptr_array_index (folder_files[FOLDER_HOSTILE], i),
                               hostile_classes[c].prefix);
      ck_assert_msg (n >= hostile_classes[c].min_files,
                     "hostile/%s*: %u files, expected at least %u", hostile_classes[c].prefix, n,
                     hostile_classes[c].min_files);
    }
}
END_TEST

/* Not JSON: SYNTAX, with no path; deep-* are too deep before they go wrong. */
START_TEST (test_corpus_malformed)
{
  const gchar *name;
  gsize len;
  g_autofree gchar *text = read_file (FOLDER_MALFORMED, _i, &name, &len);
  EpJsonError want
    = g_str_has_prefix (name, "deep-") ? EP_JSON_ERROR_TOO_DEEP : EP_JSON_ERROR_SYNTAX;
  g_autoptr (GError) error = assert_refused ("malformed", name, text, len, want);

  if (want == EP_JSON_ERROR_SYNTAX)
    ck_assert_msg (strcmp (ep_json_error_path (error), "") == 0,
                   "malformed/%s: a syntax error with path '%s'", name, ep_json_error_path (error));
  else
    ck_assert_msg (ep_json_error_limit (error) == EP_JSON_DEFAULT_MAX_DEPTH,
                   "malformed/%s: limit %" G_GSIZE_FORMAT, name, ep_json_error_limit (error));
}
END_TEST

/* Valid JSON refused by the limit the name starts with, naming where (but for the size). */
START_TEST (test_corpus_hostile)
{
  const gchar *name;
  gsize len;
  g_autofree gchar *text = read_file (FOLDER_HOSTILE, _i, &name, &len);
  gsize c = 0;

  while (c < G_N_ELEMENTS (hostile_classes) && !g_str_has_prefix (name, hostile_classes[c].prefix))
    c++;
  ck_assert_msg (c < G_N_ELEMENTS (hostile_classes), "hostile/%s: the name names no code", name);

  g_autoptr (GError) error = assert_refused ("hostile", name, text, len, hostile_classes[c].code);
  const gchar *path = ep_json_error_path (error);
  if (hostile_classes[c].code == EP_JSON_ERROR_TOO_LARGE)
    ck_assert_msg (*path == '\0' && ep_json_error_limit (error) == corpus_limits.max_bytes,
                   "hostile/%s: path '%s', limit %" G_GSIZE_FORMAT, name, path,
                   ep_json_error_limit (error));
  else
    ck_assert_msg (*path != '\0', "hostile/%s: no path in \"%s\"", name, error->message);
}
END_TEST

/* Read; an object also goes to the intake codec, and the intake examples decode as intakes. */
START_TEST (test_corpus_valid)
{
  const gchar *name;
  gsize len;
  g_autofree gchar *text = read_file (FOLDER_VALID, _i, &name, &len);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = ep_json_decode (text, len, &corpus_limits, &error);

  ck_assert_msg (node != NULL, "valid/%s: refused, code %d: %s", name, error ? error->code : 0,
                 error ? error->message : "");

  /* What the writer makes of the tree, the reader takes back. */
  g_autofree gchar *written = ep_json_to_string (node, FALSE);
  g_autoptr (JsonNode) again = ep_json_decode (written, strlen (written), &corpus_limits, &error);
  ck_assert_msg (again != NULL, "valid/%s: written as %.80s, refused: %s", name, written,
                 error ? error->message : "");

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr (EpIntake) intake = ep_intake_from_json (node, &error);
      ck_assert_msg ((intake != NULL) == (error == NULL), "valid/%s: intake %p, error %p", name,
                     (void *) intake, (void *) error);
      if (g_str_has_prefix (name, "intake-"))
        ck_assert_msg (intake != NULL, "valid/%s: not an intake: %s", name,
                       error ? error->message : "");
    }
}
END_TEST

Suite *
ep_test_json_corpus_suite (void)
{
  Suite *suite = suite_create ("json-corpus");
  TCase *counts = tcase_create ("counts");
  TCase *malformed = tcase_create ("malformed");
  TCase *hostile = tcase_create ("hostile");
  TCase *valid = tcase_create ("valid");

  /* Listed once for the life of the process: the tests index these arrays. */
  for (guint f = 0; f < N_FOLDERS; f++)
    if (folder_files[f] == NULL)
      folder_files[f] = list_folder (f);

  tcase_add_test (counts, test_corpus_counts);
  tcase_add_loop_test (malformed, test_corpus_malformed, 0,
                       (int) folder_files[FOLDER_MALFORMED]->len);
  tcase_add_loop_test (hostile, test_corpus_hostile, 0, (int) folder_files[FOLDER_HOSTILE]->len);
  tcase_add_loop_test (valid, test_corpus_valid, 0, (int) folder_files[FOLDER_VALID]->len);

  suite_add_tcase (suite, counts);
  suite_add_tcase (suite, malformed);
  suite_add_tcase (suite, hostile);
  suite_add_tcase (suite, valid);
  return suite;
}
