/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * cmd-user.c: `eenplan user add|passwd|disable|list` — the municipality's users, managed by an
 * administrator (a user with role admin, given with --gebruiker like every command that acts in a
 * municipality). The rules (names, roles, password length, sessions ended, audit events) live in
 * org/ (ep-user.h), the rule that only an administrator manages users included; this file parses,
 * asks the module that rule before it reads a password (so that nobody types one in vain), and
 * prints.
 *
 * A password is never an argument, where the shell history and the process list would keep it:
 * it is the first line of standard input (asked twice, without echo, on a terminal), read byte by
 * byte so that no stdio buffer keeps a copy, and wiped after use.
 */
#include "cli-private.h"

#include "ep-password.h"
#include "ep-user.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/* A password's line: the longest password in UTF-8 (four bytes a character) and its end. */
typedef struct
{
  gchar text[EP_PASSWORD_MAX_LENGTH * 4 + 1];
} PasswordLine;

static void
password_line_wipe (PasswordLine *line)
{
  explicit_bzero (line->text, sizeof line->text);
}

/* Reads one line of standard input into @line, without its line end (\n or \r\n). Returns: 1 when
 * read, 0 at once at the end of the input, -1 when the line does not fit, -2 on a read error. */
static int
read_line (PasswordLine *line)
{
  gsize len = 0;
  for (;;)
    {
      gchar c;
      ssize_t n = read (STDIN_FILENO, &c, 1);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return -2;
      if (n == 0 || c == '\n')
        {
          if (len > 0 && line->text[len - 1] == '\r')
            len--;
          line->text[len] = '\0';
          return n == 0 && len == 0 ? 0 : 1;
        }
      if (len + 1 >= sizeof line->text)
        return -1;
      line->text[len++] = c;
    }
}

/* Reads a line as read_line() does; on a terminal after @prompt, without echo. */
static int
ask_line (const gchar *prompt, PasswordLine *line)
{
  struct termios saved;
  gboolean terminal = isatty (STDIN_FILENO) && tcgetattr (STDIN_FILENO, &saved) == 0;
  if (!terminal)
    return read_line (line);
  struct termios quiet = saved;
  quiet.c_lflag &= (tcflag_t) ~ECHO;
  fprintf (stderr, "%s", prompt);
  fflush (stderr);
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
  int got = read_line (line);
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
  fputc ('\n', stderr);
  return got;
}

/*
 * The new password of @username into @line. Returns: EP_EXIT_OK; otherwise the exit code, having
 * printed why (empty, too long, not read, or typed differently the second time on a terminal). The
 * rules beyond "not empty" are the module's, which names the field as it does.
 */
static int
read_password (const gchar *command, const gchar *username, PasswordLine *line)
{
  g_autofree gchar *prompt = g_strdup_printf ("Nieuw wachtwoord voor %s: ", username);
  int got = ask_line (prompt, line);
  if (got == -2)
    {
      fprintf (stderr, "eenplan %s: kan de standaardinvoer niet lezen: %s\n", command,
               g_strerror (errno));
      return EP_EXIT_FAILURE;
    }
  if (got == -1)
    {
      fprintf (stderr, "eenplan %s: password: ten hoogste %d tekens\n", command,
               EP_PASSWORD_MAX_LENGTH);
      return EP_EXIT_FAILURE;
    }
  if (got == 0 || line->text[0] == '\0')
    {
      fprintf (stderr,
               "eenplan %s: password: leeg; geef het wachtwoord op de eerste regel van de "
               "standaardinvoer (nooit als argument)\n",
               command);
      return EP_EXIT_FAILURE;
    }
  if (isatty (STDIN_FILENO))
    {
      PasswordLine again = { { 0 } };
      got = ask_line ("Nog een keer: ", &again);
      gboolean same = got == 1 && strcmp (again.text, line->text) == 0;
      password_line_wipe (&again);
      if (!same)
        {
          fprintf (stderr, "eenplan %s: de twee wachtwoorden verschillen; niets gewijzigd\n",
                   command);
          return EP_EXIT_FAILURE;
        }
    }
  return EP_EXIT_OK;
}

/* Opens the session of @command as @actor, who must be an administrator (org/'s rule, asked
 * before anything else; every module function checks it again in its own transaction). */
static int
open_as_admin (CliSession *session, const gchar *command, const CliActorOptions *actor)
{
  int rc = cli_session_open (session, command, actor);
  if (rc != EP_EXIT_OK)
    return rc;
  g_autoptr (GError) error = NULL;
  if (!ep_user_check_admin (session->conn, &session->ctx, &error))
    return cli_session_fail (session, error);
  return EP_EXIT_OK;
}

/* ---- the commands -------------------------------------------------------------------------- */

typedef struct
{
  gchar *naam;
  gchar *rol;
  gchar *organisatie;
} AddOptions;

static int
user_add (const CliActorOptions *actor, const AddOptions *options, const gchar *username)
{
  if (options->naam == NULL)
    return cli_missing_option ("user add", "--naam", "de naam die anderen zien");
  if (options->rol == NULL)
    return cli_missing_option ("user add", "--rol",
                               "casemanager, regisseur, supervisor, partner of admin");
  g_auto (CliSession) session = { 0 };
  int rc = open_as_admin (&session, "user add", actor);
  if (rc != EP_EXIT_OK)
    return rc;
  PasswordLine password = { { 0 } };
  rc = read_password ("user add", username, &password);
  if (rc != EP_EXIT_OK)
    return rc;
  EpUser user = { .username = (gchar *) username,
                  .display_name = options->naam,
                  .role = options->rol,
                  .partner_organisation = options->organisatie };
  g_autoptr (GError) error = NULL;
  g_autofree gchar *id = NULL;
  gboolean added = ep_user_add (session.conn, &session.ctx, &user, password.text, &id, &error);
  password_line_wipe (&password);
  if (!added)
    return cli_session_fail (&session, error);
  if (actor->json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, id);
      json_builder_set_member_name (b, "username");
      json_builder_add_string_value (b, username);
      json_builder_end_object (b);
      cli_print_json (json_builder_get_root (b));
    }
  else
    printf ("gebruiker %s toegevoegd (%s)\n", username, options->rol);
  return EP_EXIT_OK;
}

static int
user_passwd (const CliActorOptions *actor, const gchar *username)
{
  g_auto (CliSession) session = { 0 };
  int rc = open_as_admin (&session, "user passwd", actor);
  if (rc != EP_EXIT_OK)
    return rc;
  PasswordLine password = { { 0 } };
  rc = read_password ("user passwd", username, &password);
  if (rc != EP_EXIT_OK)
    return rc;
  g_autoptr (GError) error = NULL;
  gboolean changed
    = ep_user_set_password (session.conn, &session.ctx, username, password.text, NULL, &error);
  password_line_wipe (&password);
  if (!changed)
    return cli_session_fail (&session, error);
  printf ("wachtwoord van %s gewijzigd; de sessies van %s zijn beëindigd\n", username, username);
  return EP_EXIT_OK;
}

static int
user_disable (const CliActorOptions *actor, const gchar *username)
{
  g_auto (CliSession) session = { 0 };
  int rc = open_as_admin (&session, "user disable", actor);
  if (rc != EP_EXIT_OK)
    return rc;
  g_autoptr (GError) error = NULL;
  if (!ep_user_disable (session.conn, &session.ctx, username, &error))
    return cli_session_fail (&session, error);
  printf ("gebruiker %s uitgeschakeld; de sessies van %s zijn beëindigd\n", username, username);
  return EP_EXIT_OK;
}

/* The list for scripts: every member of EpUser, never a hash (the module gives none). */
static JsonNode *
users_to_json (GPtrArray *users)
{
  g_autoptr (JsonArray) array = json_array_sized_new (users->len);
  for (guint i = 0; i < users->len; i++)
    json_array_add_element (array, ep_user_to_json (users->pdata[i]));
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);
  json_node_set_array (node, array);
  return node;
}

/* Appends @text to @line and pads it with spaces to @width characters (not bytes). */
static void
append_column (GString *line, const gchar *text, glong width)
{
  g_string_append (line, text);
  for (glong n = g_utf8_strlen (text, -1); n < width; n++)
    g_string_append_c (line, ' ');
}

static const gchar *
yes_no (gboolean value)
{
  return value ? "ja" : "nee";
}

static int
user_list (const CliActorOptions *actor)
{
  g_auto (CliSession) session = { 0 };
  int rc = open_as_admin (&session, "user list", actor);
  if (rc != EP_EXIT_OK)
    return rc;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) users = ep_user_list (session.conn, &session.ctx, &error);
  if (users == NULL)
    return cli_session_fail (&session, error);
  if (actor->json)
    {
      cli_print_json (users_to_json (users));
      return EP_EXIT_OK;
    }

  static const gchar *const headers[]
    = { "gebruikersnaam", "naam", "rol", "organisatie", "actief", "demo", "wachtwoord", NULL };
  enum
  {
    N_COLUMNS = G_N_ELEMENTS (headers) - 1
  };
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_ptr_array_add (rows, g_strdupv ((gchar **) headers));
  for (guint i = 0; i < users->len; i++)
    {
      const EpUser *u = users->pdata[i];
      const gchar *const cells[] = { u->username,
                                     u->display_name,
                                     u->role,
                                     u->partner_organisation ? u->partner_organisation : "-",
                                     yes_no (u->active),
                                     yes_no (u->demo),
                                     u->has_password ? "ingesteld" : "geen",
                                     NULL };
      g_ptr_array_add (rows, g_strdupv ((gchar **) cells));
    }
  glong widths[N_COLUMNS] = { 0 };
  for (guint i = 0; i < rows->len; i++)
    for (gsize c = 0; c < N_COLUMNS; c++)
      widths[c] = MAX (widths[c], g_utf8_strlen (((gchar **) rows->pdata[i])[c], -1));
  for (guint i = 0; i < rows->len; i++)
    {
      gchar **cells = rows->pdata[i];
      g_autoptr (GString) line = g_string_new (NULL);
      for (gsize c = 0; c + 1 < N_COLUMNS; c++)
        append_column (line, cells[c], widths[c] + 2);
      g_string_append (line, cells[N_COLUMNS - 1]);
      printf ("%s\n", line->str);
    }
  return EP_EXIT_OK;
}

int
cmd_user (int argc, char **argv)
{
  g_auto (CliActorOptions) actor = { 0 };
  AddOptions add = { 0 };
  GOptionEntry entries[] = {
    { "naam", 0, 0, G_OPTION_ARG_STRING, &add.naam, "add: de naam die anderen zien", "NAAM" },
    { "rol", 0, 0, G_OPTION_ARG_STRING, &add.rol,
      "add: casemanager, regisseur, supervisor, partner of admin", "ROL" },
    { "organisatie", 0, 0, G_OPTION_ARG_STRING, &add.organisatie,
      "add: de partnerorganisatie van een partner (zoals toestemmingen haar noemen)", "ORG" },
    { NULL },
  };
  g_autoptr (GOptionContext) context
    = g_option_context_new ("add GEBRUIKERSNAAM --naam N --rol R | passwd GEBRUIKERSNAAM | "
                            "disable GEBRUIKERSNAAM | list");
  g_option_context_set_summary (
    context, "Gebruikers van de gemeente beheren (alleen als beheerder, rol admin). Een\n"
             "wachtwoord staat nooit op de opdrachtregel: add en passwd lezen het van de\n"
             "eerste regel van de standaardinvoer (op een terminal: twee keer, onzichtbaar).\n"
             "passwd en disable beëindigen de sessies van de gebruiker.");
  g_option_context_add_main_entries (context, entries, NULL);
  cli_add_actor_options (context, &actor);
  gboolean parsed = cli_parse (context, &argc, &argv);
  g_autofree gchar *naam = add.naam, *rol = add.rol, *organisatie = add.organisatie;
  if (!parsed)
    return EP_EXIT_USAGE;
  const gchar *verb = argc >= 2 ? argv[1] : "";
  gboolean adding = strcmp (verb, "add") == 0;
  if (!adding && (naam != NULL || rol != NULL || organisatie != NULL))
    {
      fprintf (stderr, "eenplan user: --naam, --rol en --organisatie horen bij `user add`\n");
      return EP_EXIT_USAGE;
    }
  if (argc == 3 && adding)
    return user_add (&actor, &add, argv[2]);
  if (argc == 3 && strcmp (verb, "passwd") == 0)
    return user_passwd (&actor, argv[2]);
  if (argc == 3 && strcmp (verb, "disable") == 0)
    return user_disable (&actor, argv[2]);
  if (argc == 2 && strcmp (verb, "list") == 0)
    return user_list (&actor);
  fprintf (stderr, "eenplan user: gebruik `eenplan user add GEBRUIKERSNAAM --naam N --rol R "
                   "[--organisatie O]`, `user passwd GEBRUIKERSNAAM`, "
                   "`user disable GEBRUIKERSNAAM` of `user list [--json]`\n");
  return EP_EXIT_USAGE;
}
