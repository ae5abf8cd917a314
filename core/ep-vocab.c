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

static const EpVocabEntry plan_status_entries[] = {
  { EP_PLAN_STATUS_ACTIEF, "actief", "Actief" },
  { EP_PLAN_STATUS_AFGESLOTEN, "afgesloten", "Afgesloten" },
};
EP_DEFINE_VOCABULARY (plan_status, "plan_status", "Status van het gezinsplan")

static const EpVocabEntry doel_status_entries[] = {
  { EP_DOEL_STATUS_OPEN, "open", "Open" },
  { EP_DOEL_STATUS_BEHAALD, "behaald", "Behaald" },
  { EP_DOEL_STATUS_DEELS_BEHAALD, "deels_behaald", "Deels behaald" },
  { EP_DOEL_STATUS_NIET_BEHAALD, "niet_behaald", "Niet behaald" },
  { EP_DOEL_STATUS_VERVALLEN, "vervallen", "Vervallen" },
};
EP_DEFINE_VOCABULARY (doel_status, "doel_status", "Status van een doel")

static const EpVocabEntry afspraak_soort_entries[] = {
  { EP_AFSPRAAK_SOORT_BEWONER, "bewoner", "Bewoner zelf" },
  { EP_AFSPRAAK_SOORT_NETWERK, "netwerk", "Netwerk" },
  { EP_AFSPRAAK_SOORT_ALGEMENE_VOORZIENING, "algemene_voorziening", "Algemene voorziening" },
  { EP_AFSPRAAK_SOORT_MAATWERKVOORZIENING, "maatwerkvoorziening", "Maatwerkvoorziening" },
  { EP_AFSPRAAK_SOORT_PARTNER, "partner", "Partnerorganisatie" },
};
EP_DEFINE_VOCABULARY (afspraak_soort, "afspraak_soort", "Soort afspraak")

static const EpVocabEntry productcategorie_wmo_entries[] = {
  { EP_PRODUCTCATEGORIE_01, "01", "Hulp bij het huishouden" },
  { EP_PRODUCTCATEGORIE_02, "02", "Begeleiding" },
  { EP_PRODUCTCATEGORIE_03, "03", "Persoonlijke verzorging" },
  { EP_PRODUCTCATEGORIE_04, "04", "Kortdurend verblijf" },
  { EP_PRODUCTCATEGORIE_05, "05", "Woondiensten" },
  { EP_PRODUCTCATEGORIE_06, "06",
    "Overige ondersteuning gericht op het individu of huishouden/gezin" },
  { EP_PRODUCTCATEGORIE_07, "07", "Dagbesteding" },
  { EP_PRODUCTCATEGORIE_08, "08", "Vervoerdiensten" },
  { EP_PRODUCTCATEGORIE_09, "09", "Overige groepsgerichte ondersteuning" },
  { EP_PRODUCTCATEGORIE_10, "10", "Overige maatwerkarrangementen" },
  { EP_PRODUCTCATEGORIE_11, "11", "Rolstoelen" },
  { EP_PRODUCTCATEGORIE_12, "12", "Vervoervoorzieningen" },
  { EP_PRODUCTCATEGORIE_13, "13", "Woonvoorzieningen" },
  { EP_PRODUCTCATEGORIE_14, "14", "Overige hulpmiddelen" },
  { EP_PRODUCTCATEGORIE_15, "15", "Beschermd wonen" },
  { EP_PRODUCTCATEGORIE_16, "16", "Opvang" },
  { EP_PRODUCTCATEGORIE_17, "17", "Spoedopvang" },
  { EP_PRODUCTCATEGORIE_18, "18", "Overige beschermd wonen en opvang" },
};
EP_DEFINE_VOCABULARY (productcategorie_wmo, "productcategorie_wmo", "Productcategorie Wmo (iWmo)")

static const EpVocabEntry productcategorie_jw_entries[] = {
  { EP_PRODUCTCATEGORIE_40, "40", "Persoonlijke verzorging" },
  { EP_PRODUCTCATEGORIE_41, "41", "Dagbehandeling" },
  { EP_PRODUCTCATEGORIE_42, "42", "Vervoerdiensten" },
  { EP_PRODUCTCATEGORIE_43, "43", "Jeugdhulp verblijf (incl. behandeling)" },
  { EP_PRODUCTCATEGORIE_44, "44", "Jeugdhulp verblijf (excl. behandeling)" },
  { EP_PRODUCTCATEGORIE_45, "45", "Jeugdhulp ambulant" },
  { EP_PRODUCTCATEGORIE_46, "46", "Jeugdhulp crisis" },
  { EP_PRODUCTCATEGORIE_47, "47", "Jeugdreclassering" },
  { EP_PRODUCTCATEGORIE_48, "48", "Jeugdbescherming" },
  { EP_PRODUCTCATEGORIE_49, "49", "Activiteiten in het preventief justitieel kader" },
  { EP_PRODUCTCATEGORIE_50, "50", "Maatwerkarrangementen jeugd" },
  { EP_PRODUCTCATEGORIE_51, "51", "Landelijk ingekochte zorg" },
  { EP_PRODUCTCATEGORIE_52, "52", "Gesloten jeugdhulp" },
  { EP_PRODUCTCATEGORIE_53, "53", "Dyslexiezorg" },
  { EP_PRODUCTCATEGORIE_54, "54", "Jeugd-ggz zonder verblijf" },
  { EP_PRODUCTCATEGORIE_55, "55", "Jeugd-ggz met verblijf" },
};
EP_DEFINE_VOCABULARY (productcategorie_jw, "productcategorie_jw", "Productcategorie Jeugdwet (iJw)")

static const EpVocabEntry eenheid_entries[] = {
  { EP_EENHEID_MINUUT, "01", "Minuut" },
  { EP_EENHEID_UUR, "04", "Uur" },
  { EP_EENHEID_ETMAAL, "14", "Etmaal" },
  { EP_EENHEID_DAGDEEL, "16", "Dagdeel (4 uur)" },
  { EP_EENHEID_STUKS_OUTPUT, "82", "Stuks (output)" },
  { EP_EENHEID_EUROS, "83", "Euro's" },
  { EP_EENHEID_STUKS_INSPANNING, "84", "Stuks (inspanning)" },
};
EP_DEFINE_VOCABULARY (eenheid, "eenheid", "Eenheid (iStandaarden)")

static const EpVocabEntry frequentie_entries[] = {
  { EP_FREQUENTIE_PER_DAG, "1", "Per dag" },
  { EP_FREQUENTIE_PER_WEEK, "2", "Per week" },
  { EP_FREQUENTIE_PER_MAAND, "4", "Per maand" },
  { EP_FREQUENTIE_TOTAAL, "6", "Totaal binnen geldigheidsduur toewijzing" },
};
EP_DEFINE_VOCABULARY (frequentie, "frequentie", "Frequentie (iStandaarden)")

static const EpVocabEntry reden_einde_entries[] = {
  { EP_REDEN_EINDE_OVERLIJDEN, "02", "Overlijden" },
  { EP_REDEN_EINDE_VOLGENS_PLAN, "19", "Beëindigd volgens plan" },
  { EP_REDEN_EINDE_TIJDELIJK, "20", "Tijdelijk beëindigd" },
  { EP_REDEN_EINDE_EENZIJDIG_CLIENT, "21", "Eenzijdig beëindigd door cliënt" },
  { EP_REDEN_EINDE_EENZIJDIG_AANBIEDER, "22", "Eenzijdig beëindigd door aanbieder" },
  { EP_REDEN_EINDE_VOORTIJDIG_IN_OVERLEG, "23", "In overeenstemming voortijdig beëindigd" },
  { EP_REDEN_EINDE_VERHUIZING, "31", "Verhuizing" },
  { EP_REDEN_EINDE_DOOR_GEMEENTE, "36", "Beëindigd door gemeente" },
  { EP_REDEN_EINDE_WIJZIGINGSVERZOEK, "37", "Wijzigingsverzoek" },
  { EP_REDEN_EINDE_ANDERE_AANBIEDER, "38", "Andere aanbieder" },
  { EP_REDEN_EINDE_UITSTROOM_ANDER_DOMEIN, "39", "Uitstroom naar ander domein (Wlz/Zvw)" },
};
EP_DEFINE_VOCABULARY (reden_einde, "reden_einde", "Reden beëindiging (JZ588/WMO588)")

static const EpVocabEntry akkoord_wijze_entries[] = {
  { EP_AKKOORD_WIJZE_MONDELING, "mondeling", "Mondeling" },
  { EP_AKKOORD_WIJZE_SCHRIFTELIJK, "schriftelijk", "Schriftelijk" },
  { EP_AKKOORD_WIJZE_DIGITAAL, "digitaal", "Digitaal" },
};
EP_DEFINE_VOCABULARY (akkoord_wijze, "akkoord_wijze", "Wijze van akkoord")

static const EpVocabEntry evaluatie_besluit_entries[] = {
  { EP_EVALUATIE_BESLUIT_DOORGAAN, "doorgaan", "Doorgaan" },
  { EP_EVALUATIE_BESLUIT_BIJSTELLEN, "bijstellen", "Bijstellen" },
  { EP_EVALUATIE_BESLUIT_AFSCHALEN, "afschalen", "Afschalen" },
  { EP_EVALUATIE_BESLUIT_OPSCHALEN, "opschalen", "Opschalen" },
  { EP_EVALUATIE_BESLUIT_AFSLUITEN, "afsluiten", "Afsluiten" },
};
EP_DEFINE_VOCABULARY (evaluatie_besluit, "evaluatie_besluit", "Besluit van een evaluatie")

static const EpVocabEntry niveau_richting_entries[] = {
  { EP_NIVEAU_RICHTING_OP, "op", "Opschalen" },
  { EP_NIVEAU_RICHTING_AF, "af", "Afschalen" },
};
EP_DEFINE_VOCABULARY (niveau_richting, "niveau_richting", "Richting van een niveauwijziging")

static const EpVocabEntry niveau_aanvraag_status_entries[] = {
  { EP_NIVEAU_AANVRAAG_AANGEVRAAGD, "aangevraagd", "Wacht op goedkeuring" },
  { EP_NIVEAU_AANVRAAG_GOEDGEKEURD, "goedgekeurd", "Goedgekeurd" },
  { EP_NIVEAU_AANVRAAG_AFGEWEZEN, "afgewezen", "Afgewezen" },
  { EP_NIVEAU_AANVRAAG_DOORGEVOERD, "doorgevoerd", "Doorgevoerd (geen goedkeuring nodig)" },
  { EP_NIVEAU_AANVRAAG_VERVALLEN, "vervallen", "Vervallen (plan afgesloten)" },
};
EP_DEFINE_VOCABULARY (niveau_aanvraag_status, "niveau_aanvraag_status",
                      "Status van een niveau-aanvraag")

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
  &plan_status_vocabulary,
  &doel_status_vocabulary,
  &afspraak_soort_vocabulary,
  &productcategorie_wmo_vocabulary,
  &productcategorie_jw_vocabulary,
  &eenheid_vocabulary,
  &frequentie_vocabulary,
  &reden_einde_vocabulary,
  &akkoord_wijze_vocabulary,
  &evaluatie_besluit_vocabulary,
  &niveau_richting_vocabulary,
  &niveau_aanvraag_status_vocabulary,
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
