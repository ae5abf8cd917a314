/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * ep-vocab.h — the domain vocabulary: laws, ZRM life areas and scores, vindplaatsen, intake
 * forms, AVE levels, household and user roles, conversation participants, urgency, hulpvraag
 * status, Meldcode steps, safety signals, contact types and channels, Positieve Gezondheid
 * dimensions and the kinds of data a consent covers.
 *
 * Each vocabulary is one constant table of EpVocabEntry (enum value, stable code, Dutch label)
 * wrapped in an EpVocabulary, and one generic set of functions works on every table: codes are
 * what the database and the HTTP API carry, enum values what C code switches on, labels what the
 * UI shows. Codes never change once released (add entries, never rename); labels may be
 * reworded. Enum values start at 1, so a zero-initialised field is never a valid value.
 * ep_vocab_all() lists every vocabulary, for an endpoint that publishes them.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * EpVocabEntry:
 * @value: the enum value (≥ 1)
 * @code: the stable code stored and exchanged (ASCII)
 * @label: the Dutch label for people (UTF-8)
 *
 * One term of a vocabulary.
 */
typedef struct
{
  gint value;
  const gchar *code;
  const gchar *label;
} EpVocabEntry;

/**
 * EpVocabulary:
 * @name: the vocabulary's stable identifier ("wet", "leefgebied", …), used in error messages and
 *   by ep_vocab_lookup()
 * @label: the Dutch name of the vocabulary for people
 * @entries: (array length=n_entries): the terms, in display order
 * @n_entries: number of terms
 *
 * A closed list of terms. All vocabularies are static constant data: never free them.
 */
typedef struct
{
  const gchar *name;
  const gchar *label;
  const EpVocabEntry *entries;
  gsize n_entries;
} EpVocabulary;

/* ---- the enums -------------------------------------------------------------------------- */

/** EpWet: the law a need falls under (vocabulary "wet", official abbreviations as codes). */
typedef enum
{
  EP_WET_JW = 1, /* JW  Jeugdwet */
  EP_WET_WMO,    /* WMO Wet maatschappelijke ondersteuning 2015 */
  EP_WET_PW,     /* PW  Participatiewet */
  EP_WET_WGS,    /* WGS Wet gemeentelijke schuldhulpverlening */
  EP_WET_WI,     /* WI  Wet inburgering */
  EP_WET_WPG,    /* WPG Wet publieke gezondheid */
  EP_WET_GEEN,   /* GEEN Geen wet (voorliggend) */
} EpWet;

/** EpLeefgebied: the 13 domains of the Zelfredzaamheid-Matrix 2017 (vocabulary "leefgebied"). */
typedef enum
{
  EP_LEEFGEBIED_FINANCIEN = 1,
  EP_LEEFGEBIED_WERK_OPLEIDING,
  EP_LEEFGEBIED_TIJDSBESTEDING,
  EP_LEEFGEBIED_HUISVESTING,
  EP_LEEFGEBIED_HUISELIJKE_RELATIES,
  EP_LEEFGEBIED_GEESTELIJKE_GEZONDHEID,
  EP_LEEFGEBIED_LICHAMELIJKE_GEZONDHEID,
  EP_LEEFGEBIED_MIDDELENGEBRUIK,
  EP_LEEFGEBIED_BASALE_ADL,
  EP_LEEFGEBIED_INSTRUMENTELE_ADL,
  EP_LEEFGEBIED_SOCIAAL_NETWERK,
  EP_LEEFGEBIED_MAATSCHAPPELIJKE_PARTICIPATIE,
  EP_LEEFGEBIED_JUSTITIE,
} EpLeefgebied;

/** EpZrmScore: the ZRM scale, value = score 1..5 (vocabulary "zrm_score", codes "1".."5"). */
typedef enum
{
  EP_ZRM_SCORE_ACUTE_PROBLEMATIEK = 1,
  EP_ZRM_SCORE_NIET_ZELFREDZAAM = 2,
  EP_ZRM_SCORE_BEPERKT_ZELFREDZAAM = 3,
  EP_ZRM_SCORE_VOLDOENDE_ZELFREDZAAM = 4,
  EP_ZRM_SCORE_VOLLEDIG_ZELFREDZAAM = 5,
} EpZrmScore;

/** EpVindplaats: where a resident asked for help (vocabulary "vindplaats"). */
typedef enum
{
  EP_VINDPLAATS_HUISARTS = 1,
  EP_VINDPLAATS_SCHOOL,
  EP_VINDPLAATS_WIJKTEAM,
  EP_VINDPLAATS_ZORGLOKET,
  EP_VINDPLAATS_JGZ,
  EP_VINDPLAATS_WERKPLEIN,
  EP_VINDPLAATS_BIBLIOTHEEK,
  EP_VINDPLAATS_SPORTVERENIGING,
  EP_VINDPLAATS_WONINGCORPORATIE,
  EP_VINDPLAATS_POLITIE,
  EP_VINDPLAATS_VEILIG_THUIS,
  EP_VINDPLAATS_SCHULDHULP,
  EP_VINDPLAATS_TELEFOON,
  EP_VINDPLAATS_WEBFORMULIER,
  EP_VINDPLAATS_OVERIG,
} EpVindplaats;

/** EpIntakeVorm: how an intake conversation took place (vocabulary "intake_vorm"). */
typedef enum
{
  EP_INTAKE_VORM_HUISBEZOEK = 1,
  EP_INTAKE_VORM_SPREEKUUR,
  EP_INTAKE_VORM_TELEFONISCH,
  EP_INTAKE_VORM_DIGITAAL,
} EpIntakeVorm;

/** EpNiveau: the AVE phase of a household, value = level 1..4 (vocabulary "niveau"). */
typedef enum
{
  EP_NIVEAU_GEEN_PROBLEMEN = 1, /* no problems, or suspicions only; regie: resident */
  EP_NIVEAU_VRAAG = 2,          /* a question or a problem; resident with support */
  EP_NIVEAU_COMPLEX = 3,        /* complex, several life areas and laws; regisseur */
  EP_NIVEAU_ESCALATIE = 4,      /* safety at stake; regisseur + procesregie */
} EpNiveau;

/** EpGezinsrol: a member's role in the household (vocabulary "gezinsrol"). */
typedef enum
{
  EP_GEZINSROL_OUDER_VERZORGER = 1,
  EP_GEZINSROL_KIND,
  EP_GEZINSROL_PARTNER,
  EP_GEZINSROL_OVERIG,
} EpGezinsrol;

/** EpGebruikersrol: the role a user of eenplan acts in (vocabulary "gebruikersrol"). */
typedef enum
{
  EP_GEBRUIKERSROL_CASEMANAGER = 1,
  EP_GEBRUIKERSROL_REGISSEUR,
  EP_GEBRUIKERSROL_SUPERVISOR,
  EP_GEBRUIKERSROL_PARTNER,
  EP_GEBRUIKERSROL_ADMIN,
} EpGebruikersrol;

/** EpDeelnemer: who takes part in a conversation (vocabulary "deelnemer"). */
typedef enum
{
  EP_DEELNEMER_BEWONER = 1,
  EP_DEELNEMER_NETWERK,
  EP_DEELNEMER_CLIENTONDERSTEUNER,
  EP_DEELNEMER_PROFESSIONAL,
} EpDeelnemer;

/** EpUrgentie: how urgent something is (vocabulary "urgentie"). */
typedef enum
{
  EP_URGENTIE_LAAG = 1,
  EP_URGENTIE_NORMAAL,
  EP_URGENTIE_HOOG,
  EP_URGENTIE_ACUUT,
} EpUrgentie;

/** EpHulpvraagStatus: the state of a hulpvraag (vocabulary "hulpvraag_status"). */
typedef enum
{
  EP_HULPVRAAG_STATUS_OPEN = 1,
  EP_HULPVRAAG_STATUS_IN_BEHANDELING,
  EP_HULPVRAAG_STATUS_OPGELOST,
  EP_HULPVRAAG_STATUS_VERVALLEN,
} EpHulpvraagStatus;

/** EpMeldcodeStap: the five steps of the Meldcode huiselijk geweld en kindermishandeling
 * (vocabulary "meldcode_stap"). */
typedef enum
{
  EP_MELDCODE_STAP_SIGNALEREN = 1,
  EP_MELDCODE_STAP_CONSULTEREN,
  EP_MELDCODE_STAP_GESPREK,
  EP_MELDCODE_STAP_AFWEGEN,
  EP_MELDCODE_STAP_BESLISSEN,
} EpMeldcodeStap;

/** EpVeiligheid: how serious a safety signal is (vocabulary "veiligheid"). */
typedef enum
{
  EP_VEILIGHEID_ZORG = 1,
  EP_VEILIGHEID_ACUUT,
  EP_VEILIGHEID_STRUCTUREEL,
} EpVeiligheid;

/** EpContactType: what kind of contact a resident or professional made (vocabulary
 * "contact_type"). */
typedef enum
{
  EP_CONTACT_TYPE_INFORMATIE_ADVIES = 1,
  EP_CONTACT_TYPE_HULPVRAAG,
  EP_CONTACT_TYPE_ZORGSIGNAAL,
  EP_CONTACT_TYPE_VEILIGHEIDSMELDING,
} EpContactType;

/** EpKanaal: the channel a contact came in through (vocabulary "kanaal"). */
typedef enum
{
  EP_KANAAL_BALIE = 1,
  EP_KANAAL_TELEFOON,
  EP_KANAAL_EMAIL,
  EP_KANAAL_WEBFORMULIER,
  EP_KANAAL_HUISBEZOEK,
  EP_KANAAL_VERWIJZING,
} EpKanaal;

/** EpGezondheidDimensie: the six dimensions of Positieve Gezondheid (vocabulary
 * "gezondheid_dimensie"). */
typedef enum
{
  EP_GEZONDHEID_DIMENSIE_LICHAAMSFUNCTIES = 1,
  EP_GEZONDHEID_DIMENSIE_MENTAAL_WELBEVINDEN,
  EP_GEZONDHEID_DIMENSIE_ZINGEVING,
  EP_GEZONDHEID_DIMENSIE_KWALITEIT_VAN_LEVEN,
  EP_GEZONDHEID_DIMENSIE_MEEDOEN,
  EP_GEZONDHEID_DIMENSIE_DAGELIJKS_FUNCTIONEREN,
} EpGezondheidDimensie;

/** EpGegevenssoort: a kind of data a consent (toestemming) covers (vocabulary "gegevenssoort"). */
typedef enum
{
  EP_GEGEVENSSOORT_BASISGEGEVENS = 1,
  EP_GEGEVENSSOORT_INTAKE,
  EP_GEGEVENSSOORT_HULPVRAGEN,
  EP_GEGEVENSSOORT_PLAN,
  EP_GEGEVENSSOORT_VEILIGHEID,
} EpGegevenssoort;

/** EpPlanStatus: status van het gezinsplan (vocabulary "plan_status"). */
typedef enum
{
  EP_PLAN_STATUS_ACTIEF = 1,
  EP_PLAN_STATUS_AFGESLOTEN,
} EpPlanStatus;

/** EpDoelStatus: status van een doel (vocabulary "doel_status"). */
typedef enum
{
  EP_DOEL_STATUS_OPEN = 1,
  EP_DOEL_STATUS_BEHAALD,
  EP_DOEL_STATUS_DEELS_BEHAALD,
  EP_DOEL_STATUS_NIET_BEHAALD,
  EP_DOEL_STATUS_VERVALLEN,
} EpDoelStatus;

/** EpAfspraakSoort: soort afspraak (vocabulary "afspraak_soort"). */
typedef enum
{
  EP_AFSPRAAK_SOORT_BEWONER = 1,
  EP_AFSPRAAK_SOORT_NETWERK,
  EP_AFSPRAAK_SOORT_ALGEMENE_VOORZIENING,
  EP_AFSPRAAK_SOORT_MAATWERKVOORZIENING,
  EP_AFSPRAAK_SOORT_PARTNER,
} EpAfspraakSoort;

/** EpProductcategorie: the iStandaarden product category of a maatwerkvoorziening, by its code: 01–18 Wmo
 * (vocabulary "productcategorie_wmo"), 40–55 Jeugdwet ("productcategorie_jw"). */
typedef enum
{
  EP_PRODUCTCATEGORIE_01 = 1,
  EP_PRODUCTCATEGORIE_02,
  EP_PRODUCTCATEGORIE_03,
  EP_PRODUCTCATEGORIE_04,
  EP_PRODUCTCATEGORIE_05,
  EP_PRODUCTCATEGORIE_06,
  EP_PRODUCTCATEGORIE_07,
  EP_PRODUCTCATEGORIE_08,
  EP_PRODUCTCATEGORIE_09,
  EP_PRODUCTCATEGORIE_10,
  EP_PRODUCTCATEGORIE_11,
  EP_PRODUCTCATEGORIE_12,
  EP_PRODUCTCATEGORIE_13,
  EP_PRODUCTCATEGORIE_14,
  EP_PRODUCTCATEGORIE_15,
  EP_PRODUCTCATEGORIE_16,
  EP_PRODUCTCATEGORIE_17,
  EP_PRODUCTCATEGORIE_18,
  EP_PRODUCTCATEGORIE_40,
  EP_PRODUCTCATEGORIE_41,
  EP_PRODUCTCATEGORIE_42,
  EP_PRODUCTCATEGORIE_43,
  EP_PRODUCTCATEGORIE_44,
  EP_PRODUCTCATEGORIE_45,
  EP_PRODUCTCATEGORIE_46,
  EP_PRODUCTCATEGORIE_47,
  EP_PRODUCTCATEGORIE_48,
  EP_PRODUCTCATEGORIE_49,
  EP_PRODUCTCATEGORIE_50,
  EP_PRODUCTCATEGORIE_51,
  EP_PRODUCTCATEGORIE_52,
  EP_PRODUCTCATEGORIE_53,
  EP_PRODUCTCATEGORIE_54,
  EP_PRODUCTCATEGORIE_55,
} EpProductcategorie;

/** EpEenheid: eenheid (istandaarden) (vocabulary "eenheid"). */
typedef enum
{
  EP_EENHEID_MINUUT = 1,
  EP_EENHEID_UUR,
  EP_EENHEID_ETMAAL,
  EP_EENHEID_DAGDEEL,
  EP_EENHEID_STUKS_OUTPUT,
  EP_EENHEID_EUROS,
  EP_EENHEID_STUKS_INSPANNING,
} EpEenheid;

/** EpFrequentie: frequentie (istandaarden) (vocabulary "frequentie"). */
typedef enum
{
  EP_FREQUENTIE_PER_DAG = 1,
  EP_FREQUENTIE_PER_WEEK,
  EP_FREQUENTIE_PER_MAAND,
  EP_FREQUENTIE_TOTAAL,
} EpFrequentie;

/** EpRedenEinde: reden beëindiging (jz588/wmo588) (vocabulary "reden_einde"). */
typedef enum
{
  EP_REDEN_EINDE_OVERLIJDEN = 1,
  EP_REDEN_EINDE_VOLGENS_PLAN,
  EP_REDEN_EINDE_TIJDELIJK,
  EP_REDEN_EINDE_EENZIJDIG_CLIENT,
  EP_REDEN_EINDE_EENZIJDIG_AANBIEDER,
  EP_REDEN_EINDE_VOORTIJDIG_IN_OVERLEG,
  EP_REDEN_EINDE_VERHUIZING,
  EP_REDEN_EINDE_DOOR_GEMEENTE,
  EP_REDEN_EINDE_WIJZIGINGSVERZOEK,
  EP_REDEN_EINDE_ANDERE_AANBIEDER,
  EP_REDEN_EINDE_UITSTROOM_ANDER_DOMEIN,
} EpRedenEinde;

/** EpAkkoordWijze: wijze van akkoord (vocabulary "akkoord_wijze"). */
typedef enum
{
  EP_AKKOORD_WIJZE_MONDELING = 1,
  EP_AKKOORD_WIJZE_SCHRIFTELIJK,
  EP_AKKOORD_WIJZE_DIGITAAL,
} EpAkkoordWijze;

/** EpEvaluatieBesluit: the decision of a plan's evaluation (vocabulary "evaluatie_besluit"). */
typedef enum
{
  EP_EVALUATIE_BESLUIT_DOORGAAN = 1,
  EP_EVALUATIE_BESLUIT_BIJSTELLEN,
  EP_EVALUATIE_BESLUIT_AFSCHALEN,
  EP_EVALUATIE_BESLUIT_OPSCHALEN,
  EP_EVALUATIE_BESLUIT_AFSLUITEN,
} EpEvaluatieBesluit;

/** EpNiveauRichting: a level change's direction (vocabulary "niveau_richting"). */
typedef enum
{
  EP_NIVEAU_RICHTING_OP = 1,
  EP_NIVEAU_RICHTING_AF,
} EpNiveauRichting;

/** EpNiveauAanvraagStatus: where a level request stands (vocabulary "niveau_aanvraag_status"). */
typedef enum
{
  EP_NIVEAU_AANVRAAG_AANGEVRAAGD = 1,
  EP_NIVEAU_AANVRAAG_GOEDGEKEURD,
  EP_NIVEAU_AANVRAAG_AFGEWEZEN,
  EP_NIVEAU_AANVRAAG_DOORGEVOERD,
  EP_NIVEAU_AANVRAAG_VERVALLEN,
} EpNiveauAanvraagStatus;

/* ---- the vocabularies ------------------------------------------------------------------- */

/*
 * Each returns its static vocabulary (transfer none, never NULL):
 *
 *   function                     name                   codes
 *   ep_vocab_wet                 "wet"                  JW WMO PW WGS WI WPG GEEN
 *   ep_vocab_leefgebied          "leefgebied"           financien werk_opleiding … justitie (13)
 *   ep_vocab_zrm_score           "zrm_score"            1 2 3 4 5
 *   ep_vocab_vindplaats          "vindplaats"           huisarts school … overig (15)
 *   ep_vocab_intake_vorm         "intake_vorm"          huisbezoek spreekuur telefonisch digitaal
 *   ep_vocab_niveau              "niveau"               1 2 3 4
 *   ep_vocab_gezinsrol           "gezinsrol"            ouder_verzorger kind partner overig
 *   ep_vocab_gebruikersrol       "gebruikersrol"        casemanager regisseur supervisor partner
 *                                                       admin
 *   ep_vocab_deelnemer           "deelnemer"            bewoner netwerk clientondersteuner
 *                                                       professional
 *   ep_vocab_urgentie            "urgentie"             laag normaal hoog acuut
 *   ep_vocab_hulpvraag_status    "hulpvraag_status"     open in_behandeling opgelost vervallen
 *   ep_vocab_meldcode_stap       "meldcode_stap"        signaleren consulteren gesprek afwegen
 *                                                       beslissen
 *   ep_vocab_veiligheid          "veiligheid"           zorg acuut structureel
 *   ep_vocab_contact_type        "contact_type"         informatie_advies hulpvraag zorgsignaal
 *                                                       veiligheidsmelding
 *   ep_vocab_kanaal              "kanaal"               balie telefoon email webformulier
 *                                                       huisbezoek verwijzing
 *   ep_vocab_gezondheid_dimensie "gezondheid_dimensie"  lichaamsfuncties mentaal_welbevinden
 *                                                       zingeving kwaliteit_van_leven meedoen
 *                                                       dagelijks_functioneren
 *   ep_vocab_gegevenssoort       "gegevenssoort"        basisgegevens intake hulpvragen plan
 *                                                       veiligheid
 *   ep_vocab_plan_status          "plan_status"       actief afgesloten
 *   ep_vocab_doel_status          "doel_status"       open … vervallen (5)
 *   ep_vocab_afspraak_soort       "afspraak_soort"    bewoner … partner (5)
 *   ep_vocab_productcategorie_wmo "productcategorie_wmo" 01 … 18 (18)
 *   ep_vocab_productcategorie_jw  "productcategorie_jw" 40 … 55 (16)
 *   ep_vocab_eenheid              "eenheid"           01 04 14 16 82 83 84
 *   ep_vocab_frequentie           "frequentie"        1 2 4 6
 *   ep_vocab_reden_einde          "reden_einde"       02 19 20 21 22 23 31 36 37 38 39
 *   ep_vocab_akkoord_wijze        "akkoord_wijze"     mondeling schriftelijk digitaal
 *   ep_vocab_evaluatie_besluit    "evaluatie_besluit" doorgaan bijstellen afschalen opschalen
 *                                                     afsluiten
 *   ep_vocab_niveau_richting      "niveau_richting"   op af
 *   ep_vocab_niveau_aanvraag_status "niveau_aanvraag_status" aangevraagd goedgekeurd afgewezen
 *                                                     doorgevoerd
 */
const EpVocabulary *ep_vocab_wet (void);
const EpVocabulary *ep_vocab_leefgebied (void);
const EpVocabulary *ep_vocab_zrm_score (void);
const EpVocabulary *ep_vocab_vindplaats (void);
const EpVocabulary *ep_vocab_intake_vorm (void);
const EpVocabulary *ep_vocab_niveau (void);
const EpVocabulary *ep_vocab_gezinsrol (void);
const EpVocabulary *ep_vocab_gebruikersrol (void);
const EpVocabulary *ep_vocab_deelnemer (void);
const EpVocabulary *ep_vocab_urgentie (void);
const EpVocabulary *ep_vocab_hulpvraag_status (void);
const EpVocabulary *ep_vocab_meldcode_stap (void);
const EpVocabulary *ep_vocab_veiligheid (void);
const EpVocabulary *ep_vocab_contact_type (void);
const EpVocabulary *ep_vocab_kanaal (void);
const EpVocabulary *ep_vocab_gezondheid_dimensie (void);
const EpVocabulary *ep_vocab_gegevenssoort (void);
const EpVocabulary *ep_vocab_plan_status (void);
const EpVocabulary *ep_vocab_doel_status (void);
const EpVocabulary *ep_vocab_afspraak_soort (void);
const EpVocabulary *ep_vocab_productcategorie_wmo (void);
const EpVocabulary *ep_vocab_productcategorie_jw (void);
const EpVocabulary *ep_vocab_eenheid (void);
const EpVocabulary *ep_vocab_frequentie (void);
const EpVocabulary *ep_vocab_reden_einde (void);
const EpVocabulary *ep_vocab_akkoord_wijze (void);
const EpVocabulary *ep_vocab_evaluatie_besluit (void);
const EpVocabulary *ep_vocab_niveau_richting (void);
const EpVocabulary *ep_vocab_niveau_aanvraag_status (void);

/**
 * ep_vocab_all:
 * @n: (out) (optional): receives the number of vocabularies
 *
 * Returns: (transfer none) (array length=n): every vocabulary, in the order of the list above,
 *   followed by a NULL pointer. Static data; never fails.
 */
const EpVocabulary *const *ep_vocab_all (gsize *n);

/**
 * ep_vocab_lookup:
 * @name: (nullable): a vocabulary name such as "wet"
 *
 * Returns: (transfer none) (nullable): the vocabulary called @name, or NULL if there is none
 *   (or @name is NULL).
 */
const EpVocabulary *ep_vocab_lookup (const gchar *name);

/* ---- generic access --------------------------------------------------------------------- */

/**
 * ep_vocab_parse:
 * @vocab: a vocabulary
 * @code: (nullable): the code to look up; matched exactly (case-sensitive, no trimming)
 * @out_value: (out): receives the enum value
 * @error: return location for a GError, or NULL
 *
 * Looks up a code, typically one received from the API or the database.
 *
 * Returns: TRUE and sets @out_value if @code is in @vocab. Otherwise FALSE with
 *   EP_CORE_ERROR_UNKNOWN_CODE — "missing <name> code" for NULL, "unknown <name> code '<code>'"
 *   otherwise (e.g. "unknown wet code 'XYZ'"; control and non-ASCII bytes in the quoted code are
 *   escaped and codes longer than 40 bytes are cut with "...") — and @out_value untouched.
 */
gboolean ep_vocab_parse (const EpVocabulary *vocab, const gchar *code, gint *out_value,
                         GError **error) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ep_vocab_code:
 * @vocab: a vocabulary
 * @value: an enum value of @vocab
 *
 * Returns: (transfer none) (nullable): the stable code of @value, or NULL if @value is not in
 *   @vocab (callers may use that as a validity check).
 */
const gchar *ep_vocab_code (const EpVocabulary *vocab, gint value);

/**
 * ep_vocab_label:
 * @vocab: a vocabulary
 * @value: an enum value of @vocab
 *
 * Returns: (transfer none) (nullable): the Dutch label of @value, or NULL if @value is not in
 *   @vocab.
 */
const gchar *ep_vocab_label (const EpVocabulary *vocab, gint value);

/**
 * ep_niveau_requires_approval:
 * @target: the level a household would move to
 *
 * Says whether moving to @target needs a supervisor's approval. Per DOMAIN.md any move whose
 * target is level 3 (complex) or 4 (escalatie) does, whatever the level it comes from; moves to
 * 1 or 2 record an evaluation instead.
 *
 * Returns: TRUE for EP_NIVEAU_COMPLEX and EP_NIVEAU_ESCALATIE, FALSE for every other value.
 */
gboolean ep_niveau_requires_approval (EpNiveau target);

/* ---- typed accessors -------------------------------------------------------------------- */

/*
 * EP_VOCAB_DEFINE_ACCESSORS (Type, name) defines three typed one-liners over the generic
 * functions for the vocabulary returned by ep_vocab_<name>():
 *
 *   gboolean     ep_<name>_parse (const gchar *code, Type *out, GError **error);
 *       as ep_vocab_parse(): TRUE and *out set, or FALSE with EP_CORE_ERROR_UNKNOWN_CODE
 *   const gchar *ep_<name>_code (Type value);   as ep_vocab_code(): NULL if not a value
 *   const gchar *ep_<name>_label (Type value);  as ep_vocab_label(): NULL if not a value
 *
 * e.g. ep_wet_parse ("JW", &wet, &error), ep_niveau_label (EP_NIVEAU_COMPLEX).
 */
#define EP_VOCAB_DEFINE_ACCESSORS(Type, name)                                                      \
  G_GNUC_WARN_UNUSED_RESULT static inline gboolean ep_##name##_parse (const gchar *code,           \
                                                                      Type *out, GError **error)   \
  {                                                                                                \
    gint value_ = 0;                                                                               \
    if (!ep_vocab_parse (ep_vocab_##name (), code, &value_, error))                                \
      return FALSE;                                                                                \
    *out = (Type) value_;                                                                          \
    return TRUE;                                                                                   \
  }                                                                                                \
  static inline const gchar *ep_##name##_code (Type value)                                         \
  {                                                                                                \
    return ep_vocab_code (ep_vocab_##name (), (gint) value);                                       \
  }                                                                                                \
  static inline const gchar *ep_##name##_label (Type value)                                        \
  {                                                                                                \
    return ep_vocab_label (ep_vocab_##name (), (gint) value);                                      \
  }

EP_VOCAB_DEFINE_ACCESSORS (EpWet, wet)
EP_VOCAB_DEFINE_ACCESSORS (EpLeefgebied, leefgebied)
EP_VOCAB_DEFINE_ACCESSORS (EpZrmScore, zrm_score)
EP_VOCAB_DEFINE_ACCESSORS (EpVindplaats, vindplaats)
EP_VOCAB_DEFINE_ACCESSORS (EpIntakeVorm, intake_vorm)
EP_VOCAB_DEFINE_ACCESSORS (EpNiveau, niveau)
EP_VOCAB_DEFINE_ACCESSORS (EpGezinsrol, gezinsrol)
EP_VOCAB_DEFINE_ACCESSORS (EpGebruikersrol, gebruikersrol)
EP_VOCAB_DEFINE_ACCESSORS (EpDeelnemer, deelnemer)
EP_VOCAB_DEFINE_ACCESSORS (EpUrgentie, urgentie)
EP_VOCAB_DEFINE_ACCESSORS (EpHulpvraagStatus, hulpvraag_status)
EP_VOCAB_DEFINE_ACCESSORS (EpMeldcodeStap, meldcode_stap)
EP_VOCAB_DEFINE_ACCESSORS (EpVeiligheid, veiligheid)
EP_VOCAB_DEFINE_ACCESSORS (EpContactType, contact_type)
EP_VOCAB_DEFINE_ACCESSORS (EpKanaal, kanaal)
EP_VOCAB_DEFINE_ACCESSORS (EpGezondheidDimensie, gezondheid_dimensie)
EP_VOCAB_DEFINE_ACCESSORS (EpGegevenssoort, gegevenssoort)
EP_VOCAB_DEFINE_ACCESSORS (EpPlanStatus, plan_status)
EP_VOCAB_DEFINE_ACCESSORS (EpDoelStatus, doel_status)
EP_VOCAB_DEFINE_ACCESSORS (EpAfspraakSoort, afspraak_soort)
EP_VOCAB_DEFINE_ACCESSORS (EpEenheid, eenheid)
EP_VOCAB_DEFINE_ACCESSORS (EpFrequentie, frequentie)
EP_VOCAB_DEFINE_ACCESSORS (EpRedenEinde, reden_einde)
EP_VOCAB_DEFINE_ACCESSORS (EpAkkoordWijze, akkoord_wijze)
EP_VOCAB_DEFINE_ACCESSORS (EpEvaluatieBesluit, evaluatie_besluit)
EP_VOCAB_DEFINE_ACCESSORS (EpNiveauRichting, niveau_richting)
EP_VOCAB_DEFINE_ACCESSORS (EpNiveauAanvraagStatus, niveau_aanvraag_status)

G_END_DECLS
