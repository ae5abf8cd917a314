/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * cli-show.c: the small pieces the commands print for people with (cli-private.h).
 */
#include "cli-private.h"

const gchar *
cli_label (const EpVocabulary *vocab, gint value)
{
  const gchar *l = ep_vocab_label (vocab, value);
  return l ? l : "?";
}

gchar *
cli_full_name (const gchar *given_names, const gchar *prefix, const gchar *surname)
{
  const gchar *parts[] = { given_names, prefix, surname };
  g_autoptr (GString) name = g_string_new (NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (parts); i++)
    if (parts[i] != NULL)
      g_string_append_printf (name, "%s%s", name->len > 0 ? " " : "", parts[i]);
  return g_string_free (g_steal_pointer (&name), FALSE);
}

gchar *
cli_address (const gchar *postcode, gint huisnummer, const gchar *toevoeging, const gchar *wijk)
{
  g_autofree gchar *in_wijk = wijk ? g_strdup_printf (" (%s)", wijk) : g_strdup ("");
  return g_strdup_printf ("%s %d%s%s", postcode ? postcode : "", huisnummer,
                          toevoeging ? toevoeging : "", in_wijk);
}
