/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * test-vocab.c — unit tests of core/ep-vocab: the exact codes, labels and counts of every
 * vocabulary, the code ↔ value ↔ label round trip, uniqueness, the typed accessors, the error
 * for unknown codes and the AVE approval rule.
 *
 * Codes are stored in the database and exchanged through the API: a change that breaks the
 * expected lists below is a data migration, not a refactoring.
 */
#include "unit-suites.h"

#include "ep-vocab.h"

#include <string.h>

/* ---- exact contents ------------------------------------------------------------------- */

static const struct
{
  const gchar *name;
  gsize count;
  const gchar *codes;  /* joined with '|' */
  const gchar *labels; /* joined with '|' */
} content_cases[] = {
  { "wet", 7, "JW|WMO|PW|WGS|WI|WPG|GEEN",
    "Jeugdwet|Wet maatschappelijke ondersteuning 2015|Participatiewet|"
    "Wet gemeentelijke schuldhulpverlening|Wet inburgering|Wet publieke gezondheid|"
    "Geen wet (voorliggend)" },
  { "leefgebied", 13,
    "financien|werk_opleiding|tijdsbesteding|huisvesting|huiselijke_relaties|"
    "geestelijke_gezondheid|lichamelijke_gezondheid|middelengebruik|basale_adl|"
    "instrumentele_adl|sociaal_netwerk|maatschappelijke_participatie|justitie",
    "Financiën|Werk & opleiding|Tijdsbesteding|Huisvesting|Huiselijke relaties|"
    "Geestelijke gezondheid|Lichamelijke gezondheid|Middelengebruik|Basale ADL|"
    "Instrumentele ADL|Sociaal netwerk|Maatschappelijke participatie|Justitie" },
  { "zrm_score", 5, "1|2|3|4|5",
    "Acute problematiek|Niet zelfredzaam|Beperkt zelfredzaam|Voldoende zelfredzaam|"
    "Volledig zelfredzaam" },
  { "vindplaats", 15,
    "huisarts|school|wijkteam|zorgloket|jgz|werkplein|bibliotheek|sportvereniging|"
    "woningcorporatie|politie|veilig_thuis|schuldhulp|telefoon|webformulier|overig",
    "Huisartsenpraktijk (POH-jeugd)|School / IKC|Wijkteam|Zorgloket|JGZ / consultatiebureau|"
    "Werkplein|Bibliotheek|Sportvereniging|Woningcorporatie|Politie|Veilig Thuis|"
    "Schuldhulpverlening|Telefoon|Webformulier|Overig" },
  { "intake_vorm", 4, "huisbezoek|spreekuur|telefonisch|digitaal",
    "Huisbezoek|Spreekuur / balie|Telefonisch|Digitaal" },
  { "niveau", 4, "1|2|3|4",
    "Geen problemen of alleen vermoedens|Vraag of probleem|"
    "Complexe problemen op meerdere levensgebieden|Escalatie: veiligheid in het geding" },
  { "gezinsrol", 4, "ouder_verzorger|kind|partner|overig",
    "Ouder / verzorger|Kind|Partner|Overig" },
  { "gebruikersrol", 5, "casemanager|regisseur|supervisor|partner|admin",
    "Casemanager|Regisseur|Supervisor|Partnerorganisatie|Beheerder" },
  { "deelnemer", 4, "bewoner|netwerk|clientondersteuner|professional",
    "Bewoner|Iemand uit het netwerk|Onafhankelijke cliëntondersteuner|Professional" },
  { "urgentie", 4, "laag|normaal|hoog|acuut", "Laag|Normaal|Hoog|Acuut" },
  { "hulpvraag_status", 4, "open|in_behandeling|opgelost|vervallen",
    "Open|In behandeling|Opgelost|Vervallen" },
  { "meldcode_stap", 5, "signaleren|consulteren|gesprek|afwegen|beslissen",
    "1. Signalen in kaart brengen|2. Collegiale consultatie (en zo nodig Veilig Thuis)|"
    "3. Gesprek met betrokkenen|4. Wegen (afwegingskader)|"
    "5. Beslissen: melden en/of hulp organiseren" },
  { "veiligheid", 3, "zorg|acuut|structureel",
    "Zorgen, geen acute onveiligheid|Acute onveiligheid|Structurele onveiligheid" },
  { "contact_type", 4, "informatie_advies|hulpvraag|zorgsignaal|veiligheidsmelding",
    "Informatie en advies|Hulpvraag|Zorgsignaal|Veiligheidsmelding" },
  { "kanaal", 6, "balie|telefoon|email|webformulier|huisbezoek|verwijzing",
    "Balie / spreekuur|Telefoon|E-mail|Webformulier|Huisbezoek|"
    "Verwijzing door een professional" },
  { "gezondheid_dimensie", 6,
    "lichaamsfuncties|mentaal_welbevinden|zingeving|kwaliteit_van_leven|meedoen|"
    "dagelijks_functioneren",
    "Lichaamsfuncties|Mentaal welbevinden|Zingeving|Kwaliteit van leven|Meedoen|"
    "Dagelijks functioneren" },
  { "gegevenssoort", 5, "basisgegevens|intake|hulpvragen|plan|veiligheid",
    "Basisgegevens van het huishouden|Intake (brede uitvraag)|Hulpvragen|Gezinsplan|"
    "Veiligheidssignalen" },
  { "plan_status", 2, "actief|afgesloten", "Actief|Afgesloten" },
  { "doel_status", 5, "open|behaald|deels_behaald|niet_behaald|vervallen",
    "Open|Behaald|Deels behaald|Niet behaald|Vervallen" },
  { "afspraak_soort", 5, "bewoner|netwerk|algemene_voorziening|maatwerkvoorziening|partner",
    "Bewoner zelf|Netwerk|Algemene voorziening|Maatwerkvoorziening|Partnerorganisatie" },
  { "productcategorie_wmo", 18, "01|02|03|04|05|06|07|08|09|10|11|12|13|14|15|16|17|18",
    "Hulp bij het huishouden|Begeleiding|Persoonlijke verzorging|Kortdurend "
    "verblijf|Woondiensten|Overige ondersteuning gericht op het individu of "
    "huishouden/gezin|Dagbesteding|Vervoerdiensten|Overige groepsgerichte ondersteuning|Overige "
    "maatwerkarrangementen|Rolstoelen|Vervoervoorzieningen|Woonvoorzieningen|Overige "
    "hulpmiddelen|Beschermd wonen|Opvang|Spoedopvang|Overige beschermd wonen en opvang" },
  { "productcategorie_jw", 16, "40|41|42|43|44|45|46|47|48|49|50|51|52|53|54|55",
    "Persoonlijke verzorging|Dagbehandeling|Vervoerdiensten|Jeugdhulp verblijf (incl. "
    "behandeling)|Jeugdhulp verblijf (excl. behandeling)|Jeugdhulp ambulant|Jeugdhulp "
    "crisis|Jeugdreclassering|Jeugdbescherming|Activiteiten in het preventief justitieel "
    "kader|Maatwerkarrangementen jeugd|Landelijk ingekochte zorg|Gesloten "
    "jeugdhulp|Dyslexiezorg|Jeugd-ggz zonder verblijf|Jeugd-ggz met verblijf" },
  { "eenheid", 7, "01|04|14|16|82|83|84",
    "Minuut|Uur|Etmaal|Dagdeel (4 uur)|Stuks (output)|Euro's|Stuks (inspanning)" },
  { "frequentie", 4, "1|2|4|6",
    "Per dag|Per week|Per maand|Totaal binnen geldigheidsduur toewijzing" },
  { "reden_einde", 11, "02|19|20|21|22|23|31|36|37|38|39",
    "Overlijden|Beëindigd volgens plan|Tijdelijk beëindigd|Eenzijdig beëindigd door "
    "cliënt|Eenzijdig beëindigd door aanbieder|In overeenstemming voortijdig "
    "beëindigd|Verhuizing|Beëindigd door gemeente|Wijzigingsverzoek|Andere aanbieder|Uitstroom "
    "naar ander domein (Wlz/Zvw)" },
  { "akkoord_wijze", 3, "mondeling|schriftelijk|digitaal", "Mondeling|Schriftelijk|Digitaal" },
  { "evaluatie_besluit", 5, "doorgaan|bijstellen|afschalen|opschalen|afsluiten",
    "Doorgaan|Bijstellen|Afschalen|Opschalen|Afsluiten" },
  { "niveau_richting", 2, "op|af", "Opschalen|Afschalen" },
  { "niveau_aanvraag_status", 5, "aangevraagd|goedgekeurd|afgewezen|doorgevoerd|vervallen",
    "Wacht op goedkeuring|Goedgekeurd|Afgewezen|Doorgevoerd (geen goedkeuring nodig)|"
    "Vervallen (plan afgesloten)" },
};

START_TEST (test_vocab_contents)
{
  const EpVocabulary *vocab = ep_vocab_lookup (content_cases[_i].name);
  g_autoptr (GStrvBuilder) codes = g_strv_builder_new ();
  g_autoptr (GStrvBuilder) labels = g_strv_builder_new ();
  g_auto (GStrv) code_list = NULL;
  g_auto (GStrv) label_list = NULL;
  g_autofree gchar *joined_codes = NULL;
  g_autofree gchar *joined_labels = NULL;

  ck_assert_ptr_nonnull (vocab);
  ck_assert_str_eq (vocab->name, content_cases[_i].name);
  ck_assert_uint_eq (vocab->n_entries, content_cases[_i].count);
  for (gsize i = 0; i < vocab->n_entries; i++)
    {
      g_strv_builder_add (codes, vocab->entries[i].code);
      g_strv_builder_add (labels, vocab->entries[i].label);
    }
  code_list = g_strv_builder_end (codes);
  label_list = g_strv_builder_end (labels);
  joined_codes = g_strjoinv ("|", code_list);
  joined_labels = g_strjoinv ("|", label_list);
  ck_assert_str_eq (joined_codes, content_cases[_i].codes);
  ck_assert_str_eq (joined_labels, content_cases[_i].labels);
}
END_TEST

START_TEST (test_vocab_all)
{
  gsize n = 0;
  const EpVocabulary *const *all = ep_vocab_all (&n);

  ck_assert_uint_eq (n, G_N_ELEMENTS (content_cases));
  ck_assert_ptr_null (all[n]);
  for (gsize i = 0; i < n; i++)
    {
      ck_assert_str_eq (all[i]->name, content_cases[i].name);
      ck_assert_ptr_eq (ep_vocab_lookup (all[i]->name), all[i]);
      ck_assert_msg (all[i]->label != NULL && all[i]->label[0] != '\0', "%s has no label",
                     all[i]->name);
    }
  ck_assert_ptr_eq (ep_vocab_all (NULL), all);
  ck_assert_ptr_eq (ep_vocab_wet (), ep_vocab_lookup ("wet"));
  ck_assert_ptr_eq (ep_vocab_leefgebied (), ep_vocab_lookup ("leefgebied"));
  ck_assert_ptr_eq (ep_vocab_zrm_score (), ep_vocab_lookup ("zrm_score"));
  ck_assert_ptr_eq (ep_vocab_vindplaats (), ep_vocab_lookup ("vindplaats"));
  ck_assert_ptr_eq (ep_vocab_intake_vorm (), ep_vocab_lookup ("intake_vorm"));
  ck_assert_ptr_eq (ep_vocab_niveau (), ep_vocab_lookup ("niveau"));
  ck_assert_ptr_eq (ep_vocab_gezinsrol (), ep_vocab_lookup ("gezinsrol"));
  ck_assert_ptr_eq (ep_vocab_gebruikersrol (), ep_vocab_lookup ("gebruikersrol"));
  ck_assert_ptr_eq (ep_vocab_deelnemer (), ep_vocab_lookup ("deelnemer"));
  ck_assert_ptr_eq (ep_vocab_urgentie (), ep_vocab_lookup ("urgentie"));
  ck_assert_ptr_eq (ep_vocab_hulpvraag_status (), ep_vocab_lookup ("hulpvraag_status"));
  ck_assert_ptr_eq (ep_vocab_meldcode_stap (), ep_vocab_lookup ("meldcode_stap"));
  ck_assert_ptr_eq (ep_vocab_veiligheid (), ep_vocab_lookup ("veiligheid"));
  ck_assert_ptr_eq (ep_vocab_contact_type (), ep_vocab_lookup ("contact_type"));
  ck_assert_ptr_eq (ep_vocab_kanaal (), ep_vocab_lookup ("kanaal"));
  ck_assert_ptr_eq (ep_vocab_gezondheid_dimensie (), ep_vocab_lookup ("gezondheid_dimensie"));
  ck_assert_ptr_eq (ep_vocab_gegevenssoort (), ep_vocab_lookup ("gegevenssoort"));
  ck_assert_ptr_null (ep_vocab_lookup ("WET"));
  ck_assert_ptr_null (ep_vocab_lookup (""));
  ck_assert_ptr_null (ep_vocab_lookup (NULL));
}
END_TEST

/* Every entry of every vocabulary: code → value → code and label, values ≥ 1, codes and values
 * unique within the vocabulary, labels non-empty. One loop iteration per vocabulary. */
START_TEST (test_vocab_round_trip)
{
  const EpVocabulary *vocab = ep_vocab_all (NULL)[_i];
  g_autoptr (GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) values = g_hash_table_new (g_direct_hash, g_direct_equal);

  for (gsize i = 0; i < vocab->n_entries; i++)
    {
      const EpVocabEntry *entry = &vocab->entries[i];
      g_autoptr (GError) error = NULL;
      gint value = -1;

      ck_assert_msg (ep_vocab_parse (vocab, entry->code, &value, &error), "%s '%s': %s",
                     vocab->name, entry->code, error != NULL ? error->message : "");
      ck_assert_ptr_null (error);
      ck_assert_int_eq (value, entry->value);
      ck_assert_int_ge (value, 1);
      ck_assert_str_eq (ep_vocab_code (vocab, value), entry->code);
      ck_assert_str_eq (ep_vocab_label (vocab, value), entry->label);
      ck_assert_msg (entry->label[0] != '\0', "%s '%s' has an empty label", vocab->name,
                     entry->code);
      ck_assert_msg (g_utf8_validate (entry->label, -1, NULL), "label not UTF-8");
      ck_assert_msg (g_hash_table_add (codes, (gpointer) entry->code), "%s: code '%s' repeated",
                     vocab->name, entry->code);
      ck_assert_msg (g_hash_table_add (values, GINT_TO_POINTER (value)), "%s: value %d repeated",
                     vocab->name, value);
    }
  ck_assert_ptr_null (ep_vocab_code (vocab, 0));
  ck_assert_ptr_null (ep_vocab_label (vocab, 0));
  ck_assert_ptr_null (ep_vocab_code (vocab, (gint) vocab->n_entries + 1));
  ck_assert_ptr_null (ep_vocab_label (vocab, -1));
}
END_TEST

/* ---- unknown codes -------------------------------------------------------------------- */

static const struct
{
  const gchar *vocabulary;
  const gchar *code;
  const gchar *message;
} unknown_cases[] = {
  { "wet", "XYZ", "unknown wet code 'XYZ'" },
  { "wet", "jw", "unknown wet code 'jw'" },   /* codes are case-sensitive */
  { "wet", " JW", "unknown wet code ' JW'" }, /* and not trimmed */
  { "wet", "", "unknown wet code ''" },
  { "wet", NULL, "missing wet code" },
  { "leefgebied", "Financiën", "unknown leefgebied code 'Financi\\303\\253n'" },
  { "leefgebied", "", "unknown leefgebied code ''" },
  { "zrm_score", "0", "unknown zrm_score code '0'" },
  { "zrm_score", "6", "unknown zrm_score code '6'" },
  { "vindplaats", NULL, "missing vindplaats code" },
  { "intake_vorm", "huisbezoek\n", "unknown intake_vorm code 'huisbezoek\\n'" },
  { "niveau", "5", "unknown niveau code '5'" },
  { "gezinsrol", "ouder", "unknown gezinsrol code 'ouder'" },
  { "gebruikersrol", "root", "unknown gebruikersrol code 'root'" },
  { "gebruikersrol", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", /* 50 bytes */
    "unknown gebruikersrol code 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...'" },
  { "deelnemer", "cliëntondersteuner", "unknown deelnemer code 'cli\\303\\253ntondersteuner'" },
  { "urgentie", "Hoog", "unknown urgentie code 'Hoog'" },
  { "hulpvraag_status", "in behandeling", "unknown hulpvraag_status code 'in behandeling'" },
  { "meldcode_stap", "1", "unknown meldcode_stap code '1'" },
  { "veiligheid", NULL, "missing veiligheid code" },
  { "contact_type", "", "unknown contact_type code ''" },
  { "kanaal", "e-mail", "unknown kanaal code 'e-mail'" },
  { "gezondheid_dimensie", "kwaliteit van leven",
    "unknown gezondheid_dimensie code 'kwaliteit van leven'" },
  { "gegevenssoort", "alles", "unknown gegevenssoort code 'alles'" },
};

START_TEST (test_vocab_unknown_code)
{
  const EpVocabulary *vocab = ep_vocab_lookup (unknown_cases[_i].vocabulary);
  g_autoptr (GError) error = NULL;
  gint value = 4242;

  ck_assert_ptr_nonnull (vocab);
  ck_assert (!ep_vocab_parse (vocab, unknown_cases[_i].code, &value, &error));
  EP_ASSERT_CORE_ERROR (error, EP_CORE_ERROR_UNKNOWN_CODE, unknown_cases[_i].message);
  ck_assert_int_eq (value, 4242);
}
END_TEST

/* ---- typed accessors and rules -------------------------------------------------------- */

START_TEST (test_vocab_typed_accessors)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) unknown = NULL;
  EpWet wet = EP_WET_JW;
  EpLeefgebied leefgebied = EP_LEEFGEBIED_FINANCIEN;
  EpNiveau niveau = EP_NIVEAU_GEEN_PROBLEMEN;
  EpZrmScore score = EP_ZRM_SCORE_ACUTE_PROBLEMATIEK;
  EpKanaal kanaal = EP_KANAAL_BALIE;
  EpMeldcodeStap stap = EP_MELDCODE_STAP_SIGNALEREN;

  ck_assert (ep_wet_parse ("PW", &wet, &error));
  ck_assert_int_eq (wet, EP_WET_PW);
  ck_assert (ep_leefgebied_parse ("justitie", &leefgebied, &error));
  ck_assert_int_eq (leefgebied, EP_LEEFGEBIED_JUSTITIE);
  ck_assert (ep_niveau_parse ("3", &niveau, &error));
  ck_assert_int_eq (niveau, EP_NIVEAU_COMPLEX);
  ck_assert (ep_zrm_score_parse ("4", &score, &error));
  ck_assert_int_eq (score, 4);
  ck_assert (ep_kanaal_parse ("verwijzing", &kanaal, &error));
  ck_assert_int_eq (kanaal, EP_KANAAL_VERWIJZING);
  ck_assert (ep_meldcode_stap_parse ("beslissen", &stap, &error));
  ck_assert_int_eq (stap, EP_MELDCODE_STAP_BESLISSEN);
  ck_assert_ptr_null (error);

  ck_assert (!ep_wet_parse ("WLZ", &wet, &unknown));
  EP_ASSERT_CORE_ERROR (unknown, EP_CORE_ERROR_UNKNOWN_CODE, "unknown wet code 'WLZ'");
  ck_assert_int_eq (wet, EP_WET_PW);

  ck_assert_str_eq (ep_wet_code (EP_WET_WMO), "WMO");
  ck_assert_str_eq (ep_wet_label (EP_WET_GEEN), "Geen wet (voorliggend)");
  ck_assert_str_eq (ep_leefgebied_label (EP_LEEFGEBIED_FINANCIEN), "Financiën");
  ck_assert_str_eq (ep_zrm_score_code (EP_ZRM_SCORE_VOLLEDIG_ZELFREDZAAM), "5");
  ck_assert_str_eq (ep_vindplaats_code (EP_VINDPLAATS_VEILIG_THUIS), "veilig_thuis");
  ck_assert_str_eq (ep_vindplaats_label (EP_VINDPLAATS_HUISARTS), "Huisartsenpraktijk (POH-jeugd)");
  ck_assert_str_eq (ep_intake_vorm_code (EP_INTAKE_VORM_HUISBEZOEK), "huisbezoek");
  ck_assert_str_eq (ep_niveau_label (EP_NIVEAU_ESCALATIE), "Escalatie: veiligheid in het geding");
  ck_assert_str_eq (ep_gezinsrol_code (EP_GEZINSROL_OUDER_VERZORGER), "ouder_verzorger");
  ck_assert_str_eq (ep_gebruikersrol_label (EP_GEBRUIKERSROL_ADMIN), "Beheerder");
  ck_assert_str_eq (ep_deelnemer_label (EP_DEELNEMER_CLIENTONDERSTEUNER),
                    "Onafhankelijke cliëntondersteuner");
  ck_assert_str_eq (ep_urgentie_code (EP_URGENTIE_ACUUT), "acuut");
  ck_assert_str_eq (ep_hulpvraag_status_code (EP_HULPVRAAG_STATUS_IN_BEHANDELING),
                    "in_behandeling");
  ck_assert_str_eq (ep_meldcode_stap_label (EP_MELDCODE_STAP_AFWEGEN), "4. Wegen (afwegingskader)");
  ck_assert_str_eq (ep_veiligheid_code (EP_VEILIGHEID_STRUCTUREEL), "structureel");
  ck_assert_str_eq (ep_contact_type_code (EP_CONTACT_TYPE_INFORMATIE_ADVIES), "informatie_advies");
  ck_assert_str_eq (ep_kanaal_label (EP_KANAAL_EMAIL), "E-mail");
  ck_assert_str_eq (ep_gezondheid_dimensie_code (EP_GEZONDHEID_DIMENSIE_KWALITEIT_VAN_LEVEN),
                    "kwaliteit_van_leven");
  ck_assert_str_eq (ep_gegevenssoort_label (EP_GEGEVENSSOORT_PLAN), "Gezinsplan");
  ck_assert_ptr_null (ep_wet_code ((EpWet) 0));
}
END_TEST

/* ZRM scores and AVE levels: the enum value is the number, and the code is its decimal form. */
START_TEST (test_vocab_numeric_codes)
{
  const EpVocabulary *numeric[] = { ep_vocab_zrm_score (), ep_vocab_niveau () };

  for (gsize v = 0; v < G_N_ELEMENTS (numeric); v++)
    for (gsize i = 0; i < numeric[v]->n_entries; i++)
      {
        g_autofree gchar *expected = g_strdup_printf ("%d", numeric[v]->entries[i].value);

        ck_assert_int_eq (numeric[v]->entries[i].value, (gint) i + 1);
        ck_assert_str_eq (numeric[v]->entries[i].code, expected);
      }
}
END_TEST

static const struct
{
  gint target;
  gboolean approval;
} approval_cases[] = {
  { EP_NIVEAU_GEEN_PROBLEMEN, FALSE },
  { EP_NIVEAU_VRAAG, FALSE },
  { EP_NIVEAU_COMPLEX, TRUE },
  { EP_NIVEAU_ESCALATIE, TRUE },
  { 0, FALSE },
  { 5, FALSE },
};

START_TEST (test_niveau_requires_approval)
{
  ck_assert_int_eq (ep_niveau_requires_approval ((EpNiveau) approval_cases[_i].target),
                    approval_cases[_i].approval);
}
END_TEST

Suite *
ep_test_vocab_suite (void)
{
  Suite *suite = suite_create ("vocab");
  TCase *contents = tcase_create ("contents");
  TCase *lookup = tcase_create ("lookup");
  TCase *rules = tcase_create ("rules");
  gsize n_vocabularies = 0;

  ep_vocab_all (&n_vocabularies);
  tcase_add_loop_test (contents, test_vocab_contents, 0, G_N_ELEMENTS (content_cases));
  tcase_add_test (contents, test_vocab_all);
  tcase_add_loop_test (lookup, test_vocab_round_trip, 0, (int) n_vocabularies);
  tcase_add_loop_test (lookup, test_vocab_unknown_code, 0, G_N_ELEMENTS (unknown_cases));
  tcase_add_test (lookup, test_vocab_typed_accessors);
  tcase_add_test (lookup, test_vocab_numeric_codes);
  tcase_add_loop_test (rules, test_niveau_requires_approval, 0, G_N_ELEMENTS (approval_cases));

  suite_add_tcase (suite, contents);
  suite_add_tcase (suite, lookup);
  suite_add_tcase (suite, rules);
  return suite;
}
