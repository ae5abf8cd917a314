/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-vocab.c — the vocabulary tables and the generic lookups over them.
 *
 * To add a term: append an enum value in ep-vocab.h and a row to its table here; tests/unit/
 * test-vocab.c checks the counts, the round trip and that codes are unique. To add a vocabulary:
 * an enum and EP_VOCAB_DEFINE_ACCESSORS line in the header, a table and EP_DEFINE_VOCABULARY
 * line here, and an entry in all_vocabularies[].
 */
#include "ep-vocab.h"

#include "ep-core-error.h"

#include <string.h>

/* Longest code quoted verbatim in an error message; longer input is cut. */
#define MAX_QUOTED_CODE 40

/* Defines the EpVocabulary for table <fn>_entries and its getter ep_vocab_<fn>(). */
#define EP_DEFINE_VOCABULARY(fn, name, label)                                                      \
  static const EpVocabulary fn##_vocabulary                                                        \
    = { name, label, fn##_entries, G_N_ELEMENTS (fn##_entries) };                                  \
  const EpVocabulary *ep_vocab_##fn (void)                                                         \
  {                                                                                                \
    return &fn##_vocabulary;                                                                       \
  }

static const EpVocabEntry wet_entries[] = {
  { EP_WET_JW, "JW", "Jeugdwet" },
  { EP_WET_WMO, "WMO", "Wet maatschappelijke ondersteuning 2015" },
  { EP_WET_PW, "PW", "Participatiewet" },
  { EP_WET_WGS, "WGS", "Wet gemeentelijke schuldhulpverlening" },
  { EP_WET_WI, "WI", "Wet inburgering" },
  { EP_WET_WPG, "WPG", "Wet publieke gezondheid" },
  { EP_WET_GEEN, "GEEN", "Geen wet (voorliggend)" },
};
EP_DEFINE_VOCABULARY (wet, "wet", "Wet")

static const EpVocabEntry leefgebied_entries[] = {
  { EP_LEEFGEBIED_FINANCIEN, "financien", "Financiën" },
  { EP_LEEFGEBIED_WERK_OPLEIDING, "werk_opleiding", "Werk & opleiding" },
  { EP_LEEFGEBIED_TIJDSBESTEDING, "tijdsbesteding", "Tijdsbesteding" },
  { EP_LEEFGEBIED_HUISVESTING, "huisvesting", "Huisvesting" },
  { EP_LEEFGEBIED_HUISELIJKE_RELATIES, "huiselijke_relaties", "Huiselijke relaties" },
  { EP_LEEFGEBIED_GEESTELIJKE_GEZONDHEID, "geestelijke_gezondheid", "Geestelijke gezondheid" },
  { EP_LEEFGEBIED_LICHAMELIJKE_GEZONDHEID, "lichamelijke_gezondheid", "Lichamelijke gezondheid" },
  { EP_LEEFGEBIED_MIDDELENGEBRUIK, "middelengebruik", "Middelengebruik" },
  { EP_LEEFGEBIED_BASALE_ADL, "basale_adl", "Basale ADL" },
  { EP_LEEFGEBIED_INSTRUMENTELE_ADL, "instrumentele_adl", "Instrumentele ADL" },
  { EP_LEEFGEBIED_SOCIAAL_NETWERK, "sociaal_netwerk", "Sociaal netwerk" },
  { EP_LEEFGEBIED_MAATSCHAPPELIJKE_PARTICIPATIE, "maatschappelijke_participatie",
    "Maatschappelijke participatie" },
  { EP_LEEFGEBIED_JUSTITIE, "justitie", "Justitie" },
};
EP_DEFINE_VOCABULARY (leefgebied, "leefgebied", "Leefgebied (Zelfredzaamheid-Matrix 2017)")

static const EpVocabEntry zrm_score_entries[] = {
  { EP_ZRM_SCORE_ACUTE_PROBLEMATIEK, "1", "Acute problematiek" },
  { EP_ZRM_SCORE_NIET_ZELFREDZAAM, "2", "Niet zelfredzaam" },
  { EP_ZRM_SCORE_BEPERKT_ZELFREDZAAM, "3", "Beperkt zelfredzaam" },
  { EP_ZRM_SCORE_VOLDOENDE_ZELFREDZAAM, "4", "Voldoende zelfredzaam" },
  { EP_ZRM_SCORE_VOLLEDIG_ZELFREDZAAM, "5", "Volledig zelfredzaam" },
};
EP_DEFINE_VOCABULARY (zrm_score, "zrm_score", "Score (Zelfredzaamheid-Matrix)")

static const EpVocabEntry vindplaats_entries[] = {
  { EP_VINDPLAATS_HUISARTS, "huisarts", "Huisartsenpraktijk (POH-jeugd)" },
  { EP_VINDPLAATS_SCHOOL, "school", "School / IKC" },
  { EP_VINDPLAATS_WIJKTEAM, "wijkteam", "Wijkteam" },
  { EP_VINDPLAATS_ZORGLOKET, "zorgloket", "Zorgloket" },
  { EP_VINDPLAATS_JGZ, "jgz", "JGZ / consultatiebureau" },
  { EP_VINDPLAATS_WERKPLEIN, "werkplein", "Werkplein" },
  { EP_VINDPLAATS_BIBLIOTHEEK, "bibliotheek", "Bibliotheek" },
  { EP_VINDPLAATS_SPORTVERENIGING, "sportvereniging", "Sportvereniging" },
  { EP_VINDPLAATS_WONINGCORPORATIE, "woningcorporatie", "Woningcorporatie" },
  { EP_VINDPLAATS_POLITIE, "politie", "Politie" },
  { EP_VINDPLAATS_VEILIG_THUIS, "veilig_thuis", "Veilig Thuis" },
  { EP_VINDPLAATS_SCHULDHULP, "schuldhulp", "Schuldhulpverlening" },
  { EP_VINDPLAATS_TELEFOON, "telefoon", "Telefoon" },
  { EP_VINDPLAATS_WEBFORMULIER, "webformulier", "Webformulier" },
  { EP_VINDPLAATS_OVERIG, "overig", "Overig" },
};
EP_DEFINE_VOCABULARY (vindplaats, "vindplaats", "Vindplaats")

static const EpVocabEntry intake_vorm_entries[] = {
  { EP_INTAKE_VORM_HUISBEZOEK, "huisbezoek", "Huisbezoek" },
  { EP_INTAKE_VORM_SPREEKUUR, "spreekuur", "Spreekuur / balie" },
  { EP_INTAKE_VORM_TELEFONISCH, "telefonisch", "Telefonisch" },
  { EP_INTAKE_VORM_DIGITAAL, "digitaal", "Digitaal" },
};
EP_DEFINE_VOCABULARY (intake_vorm, "intake_vorm", "Vorm van de intake")

static const EpVocabEntry niveau_entries[] = {
  { EP_NIVEAU_GEEN_PROBLEMEN, "1", "Geen problemen of alleen vermoedens" },
  { EP_NIVEAU_VRAAG, "2", "Vraag of probleem" },
  { EP_NIVEAU_COMPLEX, "3", "Complexe problemen op meerdere levensgebieden" },
  { EP_NIVEAU_ESCALATIE, "4", "Escalatie: veiligheid in het geding" },
};
EP_DEFINE_VOCABULARY (niveau, "niveau", "Niveau (AVE-fase)")

static const EpVocabEntry gezinsrol_entries[] = {
  { EP_GEZINSROL_OUDER_VERZORGER, "ouder_verzorger", "Ouder / verzorger" },
  { EP_GEZINSROL_KIND, "kind", "Kind" },
  { EP_GEZINSROL_PARTNER, "partner", "Partner" },
  { EP_GEZINSROL_OVERIG, "overig", "Overig" },
};
EP_DEFINE_VOCABULARY (gezinsrol, "gezinsrol", "Rol in het huishouden")

static const EpVocabEntry gebruikersrol_entries[] = {
  { EP_GEBRUIKERSROL_CASEMANAGER, "casemanager", "Casemanager" },
  { EP_GEBRUIKERSROL_REGISSEUR, "regisseur", "Regisseur" },
  { EP_GEBRUIKERSROL_SUPERVISOR, "supervisor", "Supervisor" },
  { EP_GEBRUIKERSROL_PARTNER, "partner", "Partnerorganisatie" },
  { EP_GEBRUIKERSROL_ADMIN, "admin", "Beheerder" },
};
EP_DEFINE_VOCABULARY (gebruikersrol, "gebruikersrol", "Gebruikersrol")

static const EpVocabEntry deelnemer_entries[] = {
  { EP_DEELNEMER_BEWONER, "bewoner", "Bewoner" },
  { EP_DEELNEMER_NETWERK, "netwerk", "Iemand uit het netwerk" },
  { EP_DEELNEMER_CLIENTONDERSTEUNER, "clientondersteuner", "Onafhankelijke cliëntondersteuner" },
  { EP_DEELNEMER_PROFESSIONAL, "professional", "Professional" },
};
EP_DEFINE_VOCABULARY (deelnemer, "deelnemer", "Deelnemer aan het gesprek")

static const EpVocabEntry urgentie_entries[] = {
  { EP_URGENTIE_LAAG, "laag", "Laag" },
  { EP_URGENTIE_NORMAAL, "normaal", "Normaal" },
  { EP_URGENTIE_HOOG, "hoog", "Hoog" },
  { EP_URGENTIE_ACUUT, "acuut", "Acuut" },
};
EP_DEFINE_VOCABULARY (urgentie, "urgentie", "Urgentie")

static const EpVocabEntry hulpvraag_status_entries[] = {
  { EP_HULPVRAAG_STATUS_OPEN, "open", "Open" },
  { EP_HULPVRAAG_STATUS_IN_BEHANDELING, "in_behandeling", "In behandeling" },
  { EP_HULPVRAAG_STATUS_OPGELOST, "opgelost", "Opgelost" },
  { EP_HULPVRAAG_STATUS_VERVALLEN, "vervallen", "Vervallen" },
};
EP_DEFINE_VOCABULARY (hulpvraag_status, "hulpvraag_status", "Status van een hulpvraag")

static const EpVocabEntry meldcode_stap_entries[] = {
  { EP_MELDCODE_STAP_SIGNALEREN, "signaleren", "1. Signalen in kaart brengen" },
  { EP_MELDCODE_STAP_CONSULTEREN, "consulteren",
    "2. Collegiale consultatie (en zo nodig Veilig Thuis)" },
  { EP_MELDCODE_STAP_GESPREK, "gesprek", "3. Gesprek met betrokkenen" },
  { EP_MELDCODE_STAP_AFWEGEN, "afwegen", "4. Wegen (afwegingskader)" },
  { EP_MELDCODE_STAP_BESLISSEN, "beslissen", "5. Beslissen: melden en/of hulp organiseren" },
};
EP_DEFINE_VOCABULARY (meldcode_stap, "meldcode_stap", "Stap van de Meldcode")

static const EpVocabEntry veiligheid_entries[] = {
  { EP_VEILIGHEID_ZORG, "zorg", "Zorgen, geen acute onveiligheid" },
  { EP_VEILIGHEID_ACUUT, "acuut", "Acute onveiligheid" },
  { EP_VEILIGHEID_STRUCTUREEL, "structureel", "Structurele onveiligheid" },
};
EP_DEFINE_VOCABULARY (veiligheid, "veiligheid", "Ernst van een veiligheidssignaal")

static const EpVocabEntry contact_type_entries[] = {
  { EP_CONTACT_TYPE_INFORMATIE_ADVIES, "informatie_advies", "Informatie en advies" },
  { EP_CONTACT_TYPE_HULPVRAAG, "hulpvraag", "Hulpvraag" },
  { EP_CONTACT_TYPE_ZORGSIGNAAL, "zorgsignaal", "Zorgsignaal" },
  { EP_CONTACT_TYPE_VEILIGHEIDSMELDING, "veiligheidsmelding", "Veiligheidsmelding" },
};
EP_DEFINE_VOCABULARY (contact_type, "contact_type", "Soort contact")

static const EpVocabEntry kanaal_entries[] = {
  { EP_KANAAL_BALIE, "balie", "Balie / spreekuur" },
  { EP_KANAAL_TELEFOON, "telefoon", "Telefoon" },
  { EP_KANAAL_EMAIL, "email", "E-mail" },
  { EP_KANAAL_WEBFORMULIER, "webformulier", "Webformulier" },
  { EP_KANAAL_HUISBEZOEK, "huisbezoek", "Huisbezoek" },
  { EP_KANAAL_VERWIJZING, "verwijzing", "Verwijzing door een professional" },
};
EP_DEFINE_VOCABULARY (kanaal, "kanaal", "Kanaal")

static const EpVocabEntry gezondheid_dimensie_entries[] = {
  { EP_GEZONDHEID_DIMENSIE_LICHAAMSFUNCTIES, "lichaamsfuncties", "Lichaamsfuncties" },
  { EP_GEZONDHEID_DIMENSIE_MENTAAL_WELBEVINDEN, "mentaal_welbevinden", "Mentaal welbevinden" },
  { EP_GEZONDHEID_DIMENSIE_ZINGEVING, "zingeving", "Zingeving" },
  { EP_GEZONDHEID_DIMENSIE_KWALITEIT_VAN_LEVEN, "kwaliteit_van_leven", "Kwaliteit van leven" },
  { EP_GEZONDHEID_DIMENSIE_MEEDOEN, "meedoen", "Meedoen" },
  { EP_GEZONDHEID_DIMENSIE_DAGELIJKS_FUNCTIONEREN, "dagelijks_functioneren",
    "Dagelijks functioneren" },
};
EP_DEFINE_VOCABULARY (gezondheid_dimensie, "gezondheid_dimensie",
                      "Dimensie van Positieve Gezondheid")

static const EpVocabEntry gegevenssoort_entries[] = {
  { EP_GEGEVENSSOORT_BASISGEGEVENS, "basisgegevens", "Basisgegevens van het huishouden" },
  { EP_GEGEVENSSOORT_INTAKE, "intake", "Intake (brede uitvraag)" },
  { EP_GEGEVENSSOORT_HULPVRAGEN, "hulpvragen", "Hulpvragen" },
  { EP_GEGEVENSSOORT_PLAN, "plan", "Gezinsplan" },
  { EP_GEGEVENSSOORT_VEILIGHEID, "veiligheid", "Veiligheidssignalen" },
};
EP_DEFINE_VOCABULARY (gegevenssoort, "gegevenssoort", "Soort gegevens (toestemming)")

static const EpVocabulary *const all_vocabularies[] = {
  &wet_vocabulary,
  &leefgebied_vocabulary,
  &zrm_score_vocabulary,
  &vindplaats_vocabulary,
  &intake_vorm_vocabulary,
  &niveau_vocabulary,
  &gezinsrol_vocabulary,
  &gebruikersrol_vocabulary,
  &deelnemer_vocabulary,
  &urgentie_vocabulary,
  &hulpvraag_status_vocabulary,
  &meldcode_stap_vocabulary,
  &veiligheid_vocabulary,
  &contact_type_vocabulary,
  &kanaal_vocabulary,
  &gezondheid_dimensie_vocabulary,
  &gegevenssoort_vocabulary,
  NULL,
};

const EpVocabulary *const *
ep_vocab_all (gsize *n)
{
  if (n != NULL)
    *n = G_N_ELEMENTS (all_vocabularies) - 1;
  return all_vocabularies;
}

const EpVocabulary *
ep_vocab_lookup (const gchar *name)
{
  if (name == NULL)
    return NULL;
  for (gsize i = 0; all_vocabularies[i] != NULL; i++)
    if (strcmp (all_vocabularies[i]->name, name) == 0)
      return all_vocabularies[i];
  return NULL;
}

/* The entry with @value, or NULL. */
static const EpVocabEntry *
find_value (const EpVocabulary *vocab, gint value)
{
  for (gsize i = 0; i < vocab->n_entries; i++)
    if (vocab->entries[i].value == value)
      return &vocab->entries[i];
  return NULL;
}

/* @code made safe to quote in a message that may reach a log: at most MAX_QUOTED_CODE bytes,
 * with quotes, backslashes, control and non-ASCII bytes escaped (g_strescape). */
static gchar *
quotable_code (const gchar *code)
{
  g_autofree gchar *cut = NULL;
  g_autofree gchar *escaped = NULL;
  gsize len = strlen (code);

  cut = g_strndup (code, MIN (len, MAX_QUOTED_CODE));
  escaped = g_strescape (cut, NULL);
  if (len > MAX_QUOTED_CODE)
    return g_strconcat (escaped, "...", NULL);
  return g_steal_pointer (&escaped);
}

gboolean
ep_vocab_parse (const EpVocabulary *vocab, const gchar *code, gint *out_value, GError **error)
{
  g_autofree gchar *quoted = NULL;

  g_return_val_if_fail (vocab != NULL, FALSE);
  g_return_val_if_fail (out_value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (code == NULL)
    {
      g_set_error (error, EP_CORE_ERROR, EP_CORE_ERROR_UNKNOWN_CODE, "missing %s code",
                   vocab->name);
      return FALSE;
    }
  for (gsize i = 0; i < vocab->n_entries; i++)
    {
      if (strcmp (vocab->entries[i].code, code) == 0)
        {
          *out_value = vocab->entries[i].value;
          return TRUE;
        }
    }

  quoted = quotable_code (code);
  g_set_error (error, EP_CORE_ERROR, EP_CORE_ERROR_UNKNOWN_CODE, "unknown %s code '%s'",
               vocab->name, quoted);
  return FALSE;
}

const gchar *
ep_vocab_code (const EpVocabulary *vocab, gint value)
{
  const EpVocabEntry *entry = NULL;

  g_return_val_if_fail (vocab != NULL, NULL);

  entry = find_value (vocab, value);
  return entry != NULL ? entry->code : NULL;
}

const gchar *
ep_vocab_label (const EpVocabulary *vocab, gint value)
{
  const EpVocabEntry *entry = NULL;

  g_return_val_if_fail (vocab != NULL, NULL);

  entry = find_value (vocab, value);
  return entry != NULL ? entry->label : NULL;
}

gboolean
ep_niveau_requires_approval (EpNiveau target)
{
  return target == EP_NIVEAU_COMPLEX || target == EP_NIVEAU_ESCALATIE;
}
