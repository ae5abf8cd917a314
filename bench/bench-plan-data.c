/* SPDX-License-Identifier: EUPL-1.2 */
/*
 * bench-plan-data.c: the household plan benchmarks' dataset — a deterministic generator of
 * BENCH_PLAN_HOUSEHOLDS (100,000) households of municipality BENCH_PLAN_GEMEENTE with their
 * members, finalised intakes with needs under several laws and, for most of them, an active
 * plan: needs brought in (some moved to another law, with the reason), goals linking needs
 * (some across laws) and members, actions (maatwerk ones with iStandaarden codes), regie with
 * warm handovers, problems, and versions whose document plan_document() makes; and the AVE
 * ladder (issue 18): BENCH_PLAN_TEAMS teams of regisseurs and casemanagers with a supervisor
 * each, and per plan its evaluations and level requests from its making up to BENCH_LADDER_NOW
 * (about a year on average), its level and next evaluation date following from them.
 *
 * Everything follows from the seed: household h's rows come from a random stream of its own
 * (splitmix64 of the seed and h), ids included, and every date and timestamp is written, not
 * left to now(), so the same seed gives the same rows whatever the chunk size, and `plan-data`
 * prints a digest of them to compare runs by.
 *
 * Loading: one transaction per BENCH_PLAN_CHUNK households on the owner's connection (the
 * owner is not held to row-level security; every row names its municipality, and the
 * transaction sets municipality and actor, as ep_db_run_tx does for the application), one COPY
 * … FROM STDIN per table (PQputCopyData). Nothing is switched off: every constraint, foreign
 * key and trigger of the schema checks the rows as they arrive. Intakes are copied as drafts,
 * their parts after them, and then finalised by one UPDATE, as the application finalises them
 * (a finalised intake's parts refuse new rows). The versions' documents are made in the
 * database by one INSERT … SELECT plan_document() per chunk. ANALYZE at the end.
 *
 * The ladder is loaded through its own rules: plans go in at level 2 (plan_level_start; their
 * first level period is the trigger plan_level_first's), evaluations by COPY, and the level
 * requests in steps, the k-th request of every plan of the chunk in step k — COPY of the
 * requests (the insert trigger checks the level they start from and that none waits), one UPDATE
 * with the supervisors' decisions (plan_level_supervisor, _team, four eyes), one UPDATE of
 * plan.niveau for the requests approved or carried out, whose trigger closes the plan's level
 * period and opens the next (plan_level_period is written by no one else:
 * plan_level_period_derived). The decisions wait in a staging table until their step.
 *
 * Size and seed: EENPLAN_BENCH_HOUSEHOLDS (default 100000) and EENPLAN_BENCH_SEED (default 1).
 */
#include "bench.h"

#include "ep-db-conn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PLAN_CHUNK 5000
#define PLAN_REGISSEURS 150
#define PLAN_CASEMANAGERS 60
#define PLAN_VINDPLAATSEN 6
#define LOADER_ACTOR "bench.loader"

/* The ladder: each household's own random stream (apart from the one of its other rows, which
 * stay as they were), at most LADDER_STEPS level requests per plan, nothing on or after the
 * benchmark's day (BENCH_LADDER_NOW is 2026-06-01, day 511). */
#define LADDER_STREAM (G_GUINT64_CONSTANT (1) << 40)
#define LADDER_STEPS 8
#define LADDER_NOW_DAY 511

/* ---- a seeded random stream ---------------------------------------------------------------- */

typedef struct
{
  guint64 state;
} Rng;

static guint64
rng_next (Rng *r)
{
  /* splitmix64 (Steele, Lea, Flood 2014): small, fast, and fine for test data. */
  guint64 z = (r->state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static Rng
rng_for (guint64 seed, guint64 stream)
{
  Rng r = { seed * 0x2545f4914f6cdd1dULL ^ (stream + 1) * 0x9e3779b97f4a7c15ULL };
  rng_next (&r);
  return r;
}

static guint
rng_below (Rng *r, guint n)
{
  return (guint) (rng_next (r) % n);
}

static gboolean
rng_percent (Rng *r, guint percent)
{
  return rng_below (r, 100) < percent;
}

/* An index into @weights (@n of them) drawn by weight. */
static guint
rng_weighted (Rng *r, const guint *weights, guint n)
{
  guint total = 0;
  for (guint i = 0; i < n; i++)
    total += weights[i];
  guint x = rng_below (r, total);
  for (guint i = 0; i < n; i++)
    {
      if (x < weights[i])
        return i;
      x -= weights[i];
    }
  return n - 1;
}

#define PICK(r, list) (list)[rng_below ((r), G_N_ELEMENTS (list))]

/* A version 4 UUID from the stream. */
static void
rng_uuid (Rng *r, gchar out[37])
{
  guint64 a = rng_next (r), b = rng_next (r);
  a = (a & ~0xf000ULL) | 0x4000ULL;                         /* version 4 */
  b = (b & ~0xc000000000000000ULL) | 0x8000000000000000ULL; /* variant 10 */
  g_snprintf (out, 37, "%08x-%04x-%04x-%04x-%012" G_GINT64_MODIFIER "x", (guint) (a >> 32),
              (guint) ((a >> 16) & 0xffff), (guint) (a & 0xffff), (guint) (b >> 48),
              (guint64) (b & 0xffffffffffffULL));
}

/* ---- dates ---------------------------------------------------------------------------------- */

/* Days are counted from 2025-01-06; the data ends in 2026 (a few handovers and targets later). */
#define N_DAYS 1200

static void
day_text (guint day, gchar out[11])
{
  static gchar days[N_DAYS][11]; /* the generator runs in one thread */
  g_return_if_fail (day < N_DAYS);
  if (days[day][0] == '\0')
    {
      g_autoptr (GDate) date = g_date_new_dmy (6, G_DATE_JANUARY, 2025);
      g_date_add_days (date, day);
      g_snprintf (days[day], 11, "%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                  g_date_get_day (date));
    }
  memcpy (out, days[day], 11);
}

/* A timestamp on @day at @minute past 08:00, UTC. */
static void
stamp_text (guint day, guint minute, gchar out[26])
{
  gchar d[11];
  day_text (day, d);
  g_snprintf (out, 26, "%s %02u:%02u:00+00", d, 8 + (minute / 60) % 10, minute % 60);
}

/* ---- the vocabulary of the generated households -------------------------------------------- */

static const gchar *const given_names[]
  = { "Anna",   "Daan",  "Fatima", "Sem",  "Noor",  "Mohammed", "Sophie", "Lucas",
      "Yara",   "Milan", "Emma",   "Bram", "Aylin", "Thijs",    "Lotte",  "Jesse",
      "Zeynep", "Ruben", "Iris",   "Finn", "Sara",  "Youssef",  "Julia",  "Stijn",
      "Mila",   "Hamza", "Eva",    "Gijs", "Nina",  "Omar",     "Fenna",  "Kees" };
static const gchar *const surnames[]
  = { "Jansen",   "de Vries",   "Bakker",   "Visser",    "Smit",     "Meijer",  "Mulder",
      "de Boer",  "Bos",        "Vos",      "Peters",    "Hendriks", "Dekker",  "Brouwer",
      "Wouters",  "Kaya",       "Yilmaz",   "El Amrani", "Demir",    "Kok",     "Jacobs",
      "van Dijk", "Schouten",   "Veenstra", "Kuipers",   "Postma",   "Lammers", "Wijnands",
      "Hoekstra", "Oosterhuis", "Nijhuis",  "Tijhuis" };
static const gchar *const wijken[]
  = { "Centrum", "Noord", "Zuid", "Oost", "West", "Hasseler Es", "Berflo Es", "Groot Driene" };
static const gchar *const hoofdproblemen[]
  = { "Sinds het ontslag lopen de rekeningen op.", "Het lukt thuis niet meer sinds de operatie.",
      "Zorgen om de kinderen en de schulden.", "De woning is te klein en er is veel spanning.",
      "Alleen komen te staan na het overlijden van mijn partner." };

typedef struct
{
  const gchar *law;
  const gchar *leefgebied[3];
  const gchar *need[3];
  const gchar *goal[2];
} LawText;

static const LawText law_texts[] = {
  { "WMO",
    { "basale_adl", "instrumentele_adl", "sociaal_netwerk" },
    { "Structuur in de week lukt niet zonder begeleiding.", "Het huishouden lukt niet meer.",
      "Weinig contact met anderen sinds de verhuizing." },
    { "Zelfstandig thuis blijven wonen met begeleiding.", "Een schoon en veilig huis." } },
  { "JW",
    { "huiselijke_relaties", "geestelijke_gezondheid", "tijdsbesteding" },
    { "Contact met de zoon loopt vast.", "Angstklachten, wil niet naar school.",
      "Geen dagbesteding na schooltijd." },
    { "Het kind gaat weer elke dag naar school.", "Rust en duidelijke afspraken in het gezin." } },
  { "PW",
    { "werk_opleiding", "financien", "maatschappelijke_participatie" },
    { "Wil weer aan het werk.", "Inkomen is onzeker sinds het ontslag.",
      "Zoekt vrijwilligerswerk als opstap." },
    { "Betaald werk, eerst voor 16 uur per week.", "Een vast inkomen." } },
  { "WGS",
    { "financien", "financien", "financien" },
    { "Schulden bij zorgverzekeraar en energieleverancier.", "Huurachterstand van drie maanden.",
      "Post wordt niet meer geopend." },
    { "De schulden zijn in beeld en er is een regeling.", "Geen nieuwe schulden." } },
  { "WI",
    { "werk_opleiding", "werk_opleiding", "maatschappelijke_participatie" },
    { "Taalniveau te laag voor werk.", "Inburgeringsexamen nog niet gehaald.",
      "Kent de weg in de gemeente nog niet." },
    { "Het inburgeringsexamen gehaald.", "Zelf de weg vinden naar instanties." } },
  { "WPG",
    { "lichamelijke_gezondheid", "middelengebruik", "geestelijke_gezondheid" },
    { "Vaccinaties van de kinderen niet bijgehouden.", "Alcoholgebruik neemt toe.",
      "Slaapt slecht, veel piekeren." },
    { "Gezond leven, met hulp van de GGD.", "Minder drinken." } },
  { "GEEN",
    { "huisvesting", "tijdsbesteding", "sociaal_netwerk" },
    { "Zoekt een grotere woning.", "Verveelt zich overdag.",
      "Wil mensen in de buurt leren kennen." },
    { "Een passende woning.", "Een vaste activiteit in de wijk." } },
};

static const LawText *
law_text (const gchar *law)
{
  for (gsize i = 0; i < G_N_ELEMENTS (law_texts); i++)
    if (strcmp (law_texts[i].law, law) == 0)
      return &law_texts[i];
  g_return_val_if_reached (&law_texts[0]);
}

/* Maatwerk as iStandaarden write it (docs/plan.md): category, volume, unit, frequency. */
typedef struct
{
  const gchar *wet, *productcategorie, *omschrijving, *aanbieder;
  guint volume;
  const gchar *eenheid, *frequentie;
} Maatwerk;

static const Maatwerk maatwerk[] = {
  { "WMO", "02", "Individuele begeleiding thuis", "Zorgaanbieder De Linde", 102, "01", "2" },
  { "WMO", "01", "Hulp bij het huishouden", "Thuiszorg Twente", 3, "04", "2" },
  { "WMO", "07", "Dagbesteding", "Dagcentrum De Esch", 2, "16", "2" },
  { "WMO", "14", "Douchestoel en beugels", "Hulpmiddelencentrum", 1, "82", "6" },
  { "JW", "45", "Ambulante jeugdhulp", "Jeugdhulp Oost", 4, "04", "4" },
  { "JW", "54", "Jeugd-ggz zonder verblijf", "GGZ Jeugd Twente", 6, "04", "4" },
  { "JW", "41", "Dagbehandeling", "Kindcentrum De Boog", 2, "16", "2" },
};
static const gchar *const reden_einde[] = { "19", "19", "23", "31", "38" };

/* ---- COPY buffers -------------------------------------------------------------------------- */

/* The tables in the order they are loaded; the statements are constants. */
typedef enum
{
  T_HOUSEHOLD,
  T_PERSON,
  T_MEMBER,
  T_INTAKE,
  T_INTAKE_PERSON,
  T_ASSESSMENT,
  T_NEED,
  T_PLAN,
  T_PROBLEM,
  T_REGIE,
  T_PLAN_NEED,
  T_NEED_LAW,
  T_GOAL,
  T_GOAL_MEMBER,
  T_GOAL_NEED,
  T_ACTION,
  T_EVALUATION,
  T_LEVEL_STAGE,
  T_LEVEL_REQUEST, /* in steps: Chunk.steps */
  T_VERSION_STAGE,
  N_TABLES
} Table;

static const struct
{
  const gchar *name;
  const gchar *copy;
} tables[N_TABLES] = {
  [T_HOUSEHOLD] = { "household", "COPY household (gemeente, id, postcode, huisnummer, wijk,"
                                 " created_at) FROM STDIN" },
  [T_PERSON] = { "person", "COPY person (gemeente, id, bsn_pseudonym, voornamen, achternaam,"
                           " geboortedatum, created_at) FROM STDIN" },
  [T_MEMBER] = { "household_member",
                 "COPY household_member (gemeente, id, household_id, person_id, role, valid_from,"
                 " created_at) FROM STDIN" },
  [T_INTAKE] = { "intake", "COPY intake (gemeente, id, household_id, vindplaats_id,"
                           " template_version, vorm, datum, plaats, hoofdprobleem, status,"
                           " created_by, created_at, updated_at) FROM STDIN" },
  [T_INTAKE_PERSON]
  = { "intake_person",
      "COPY intake_person (gemeente, intake_id, position, ref, person_id, role) FROM STDIN" },
  [T_ASSESSMENT]
  = { "intake_assessment", "COPY intake_assessment (gemeente, intake_id, position, person_ref,"
                           " leefgebied, score) FROM STDIN" },
  [T_NEED] = { "intake_need", "COPY intake_need (gemeente, intake_id, position, id, person_ref,"
                              " leefgebied, omschrijving, wet, urgentie, status) FROM STDIN" },
  [T_PLAN] = { "plan", "COPY plan (gemeente, id, household_id, status, aanspreekpunt, goed_gaat,"
                       " eigen_kracht, professionele_steun, version, created_at, created_by,"
                       " niveau, volgende_evaluatie) FROM STDIN" },
  [T_PROBLEM] = { "plan_problem", "COPY plan_problem (gemeente, plan_id, position, omschrijving,"
                                  " prioriteit) FROM STDIN" },
  [T_REGIE] = { "plan_regie", "COPY plan_regie (gemeente, plan_id, position, regisseur, van,"
                              " vanaf, tot, notitie, recorded_by, recorded_at) FROM STDIN" },
  [T_PLAN_NEED] = { "plan_need", "COPY plan_need (gemeente, plan_id, id, intake_need_id, wet,"
                                 " status, added_at) FROM STDIN" },
  [T_NEED_LAW] = { "plan_need_law", "COPY plan_need_law (gemeente, plan_id, need_id, position,"
                                    " van, naar, reden, changed_by, changed_at) FROM STDIN" },
  [T_GOAL] = { "plan_goal", "COPY plan_goal (gemeente, plan_id, id, position, omschrijving,"
                            " streefdatum, status) FROM STDIN" },
  [T_GOAL_MEMBER] = { "plan_goal_member",
                      "COPY plan_goal_member (gemeente, plan_id, goal_id, person_id) FROM STDIN" },
  [T_GOAL_NEED]
  = { "plan_goal_need", "COPY plan_goal_need (gemeente, plan_id, goal_id, need_id) FROM STDIN" },
  [T_ACTION] = { "plan_action",
                 "COPY plan_action (gemeente, plan_id, id, position, goal_id, soort, omschrijving,"
                 " uitvoerder, wet, productcategorie, aanbieder, volume, eenheid, frequentie,"
                 " begindatum, einddatum, reden_einde) FROM STDIN" },
  [T_EVALUATION]
  = { "plan_evaluation",
      "COPY plan_evaluation (gemeente, plan_id, id, position, datum, gepland, besluit,"
      " toelichting, volgende_evaluatie, recorded_by, recorded_at) FROM STDIN" },
  [T_LEVEL_STAGE] = { "bench_level_stage",
                      "COPY bench_level_stage (plan_id, id, step, status, decided_by, decided_at,"
                      " besluit_reden, naar) FROM STDIN" },
  [T_LEVEL_REQUEST]
  = { "plan_level_request",
      "COPY plan_level_request (gemeente, plan_id, id, richting, van, naar, reden, evaluatie_id,"
      " requested_by, requested_at, status, decided_at) FROM STDIN" },
  [T_VERSION_STAGE]
  = { "plan_version", "COPY bench_plan_version_stage (plan_id, version, made_at, made_by, reden,"
                      " akkoord_datum, akkoord_wijze, akkoord_door, akkoord_op) FROM STDIN" },
};

/* The text of a nullable COPY field. (Every generated text is free of tabs, newlines and
 * backslashes, so no field needs escaping.) */
#define OR_NULL(s) ((s) != NULL ? (s) : "\\N")

typedef struct
{
  GString *rows[N_TABLES];
  guint64 n_rows[N_TABLES];
  GString *steps[LADDER_STEPS]; /* plan_level_request: the k-th request of each plan */
} Chunk;

static void G_GNUC_PRINTF (3, 4) chunk_row (Chunk *c, Table t, const gchar *format, ...)
{
  va_list args;
  va_start (args, format);
  g_string_append_printf (c->rows[t], BENCH_PLAN_GEMEENTE "\t");
  g_string_append_vprintf (c->rows[t], format, args);
  g_string_append_c (c->rows[t], '\n');
  va_end (args);
  c->n_rows[t]++;
}

/* A version row goes to the staging table, which has no municipality column. */
static void G_GNUC_PRINTF (2, 3) chunk_version (Chunk *c, const gchar *format, ...)
{
  va_list args;
  va_start (args, format);
  g_string_append_vprintf (c->rows[T_VERSION_STAGE], format, args);
  g_string_append_c (c->rows[T_VERSION_STAGE], '\n');
  va_end (args);
  c->n_rows[T_VERSION_STAGE]++;
}

/* A level request's decision (and step) goes to its staging table, without municipality. */
static void G_GNUC_PRINTF (2, 3) chunk_level_stage (Chunk *c, const gchar *format, ...)
{
  va_list args;
  va_start (args, format);
  g_string_append_vprintf (c->rows[T_LEVEL_STAGE], format, args);
  g_string_append_c (c->rows[T_LEVEL_STAGE], '\n');
  va_end (args);
  c->n_rows[T_LEVEL_STAGE]++;
}

/* A plan's @step-th level request. */
static void G_GNUC_PRINTF (3, 4) chunk_request (Chunk *c, guint step, const gchar *format, ...)
{
  va_list args;
  va_start (args, format);
  g_string_append_printf (c->steps[step], BENCH_PLAN_GEMEENTE "\t");
  g_string_append_vprintf (c->steps[step], format, args);
  g_string_append_c (c->steps[step], '\n');
  va_end (args);
  c->n_rows[T_LEVEL_REQUEST]++;
}

/* ---- one household ------------------------------------------------------------------------- */

typedef struct
{
  gchar id[37];
  const gchar *role;
  gboolean adult;
  gboolean kid;
} Member;

typedef struct
{
  gchar id[37];        /* intake_need.id */
  gchar plan_id[37];   /* plan_need.id */
  guint member;        /* index into the members */
  const gchar *wet;    /* in the intake */
  const gchar *status; /* in the intake and the plan */
  gint goal;           /* the goal it was given first, -1: none */
} Need;

static const gchar *
regisseur_name (guint i, gchar out[24])
{
  g_snprintf (out, 24, "bench.regisseur.%03u", i);
  return out;
}

static const gchar *
casemanager_name (guint i, gchar out[24])
{
  g_snprintf (out, 24, "bench.casemanager.%03u", i);
  return out;
}

static const gchar *
supervisor_name (guint team, gchar out[24])
{
  g_snprintf (out, 24, BENCH_PLAN_SUPERVISOR, team);
  return out;
}

/* The team of regisseur @name (bench.regisseur.NNN: NNN % BENCH_PLAN_TEAMS). */
static guint
regisseur_team (const gchar *name)
{
  return (guint) (g_ascii_strtoull (name + strlen ("bench.regisseur."), NULL, 10)
                  % BENCH_PLAN_TEAMS);
}

/* The municipality's teams, users and vindplaatsen (the first chunk's transaction loads them).
 * The teams and supervisors come from a stream of their own, so that the users' and
 * vindplaatsen's ids are those of the dataset before the ladder. */
static void
gen_organisation (guint64 seed, GString *teams, GString *users, GString *vindplaatsen,
                  gchar ids[][37])
{
  Rng r = rng_for (seed, G_MAXUINT64);
  Rng rt = rng_for (seed, G_MAXUINT64 - 1);
  gchar stamp[26], id[37], name[24], team_ids[BENCH_PLAN_TEAMS][37];
  stamp_text (0, 0, stamp);
  for (guint t = 0; t < BENCH_PLAN_TEAMS; t++)
    {
      rng_uuid (&rt, team_ids[t]);
      g_string_append_printf (teams, BENCH_PLAN_GEMEENTE "\t%s\tWijkteam %02u\t%s\n", team_ids[t],
                              t, stamp);
    }
  for (guint i = 0; i < PLAN_REGISSEURS + PLAN_CASEMANAGERS; i++)
    {
      gboolean regisseur = i < PLAN_REGISSEURS;
      rng_uuid (&r, id);
      guint team = (regisseur ? i : i - PLAN_REGISSEURS) % BENCH_PLAN_TEAMS;
      g_string_append_printf (users, BENCH_PLAN_GEMEENTE "\t%s\t%s\t%s %s\t%s\t%s\t%s\n", id,
                              regisseur ? regisseur_name (i, name)
                                        : casemanager_name (i - PLAN_REGISSEURS, name),
                              PICK (&r, given_names), PICK (&r, surnames),
                              regisseur ? "regisseur" : "casemanager", stamp, team_ids[team]);
    }
  for (guint t = 0; t < BENCH_PLAN_TEAMS; t++)
    {
      rng_uuid (&rt, id);
      g_string_append_printf (users, BENCH_PLAN_GEMEENTE "\t%s\t%s\t%s %s\tsupervisor\t%s\t%s\n",
                              id, supervisor_name (t, name), PICK (&rt, given_names),
                              PICK (&rt, surnames), stamp, team_ids[t]);
    }
  static const gchar *const types[PLAN_VINDPLAATSEN]
    = { "wijkteam", "huisarts", "school", "werkplein", "schuldhulp", "jgz" };
  for (guint i = 0; i < PLAN_VINDPLAATSEN; i++)
    {
      rng_uuid (&r, ids[i]);
      g_string_append_printf (vindplaatsen, BENCH_PLAN_GEMEENTE "\t%s\t%s\tBenchmark %s\t%s\n",
                              ids[i], types[i], types[i], stamp);
    }
}

typedef struct
{
  guint64 seed;
  gchar vindplaatsen[PLAN_VINDPLAATSEN][37];
  GPtrArray *plans; /* BenchPlanRef, owned */
} Generator;

/* ---- the ladder of one plan ---------------------------------------------------------------- */

/* Who held regie of the plan from which day. */
typedef struct
{
  guint day;
  gchar name[24];
} RegieSpan;

typedef struct
{
  Rng r;
  Chunk *c;
  const gchar *plan;
  const RegieSpan *regie;
  guint n_regie;
  gchar supervisor[24]; /* of the team of the plan's current regisseur: who decides */
  guint level;          /* the plan's level after what has been generated */
  guint step;           /* requests generated */
  guint last;           /* the day of the last event: the next one comes after it */
  gboolean pending;     /* a request waits at BENCH_LADDER_NOW: nothing comes after it */
} Ladder;

static const gchar *
regisseur_on (const Ladder *l, guint day)
{
  const gchar *who = l->regie[0].name;
  for (guint i = 1; i < l->n_regie; i++)
    if (l->regie[i].day <= day)
      who = l->regie[i].name;
  return who;
}

/* A request on @day from the plan's level to @naar (going down: for evaluation @evaluation).
 * Going up to 3 or 4 waits for the team's supervisor, who decides 0–5 days later — approves four
 * in five, rejects the rest with a reason — unless that day is not yet: then it waits at the
 * benchmark's clock. Every other request is carried out at once. */
static void
ladder_request (Ladder *l, guint day, guint naar, const gchar *evaluation)
{
  gchar id[37], asked[26], decided[26];
  const gboolean up = naar > l->level, approval = up && naar >= 3;
  const guint asked_minute = rng_below (&l->r, 300);
  static const gchar *const up_reasons[]
    = { "Problemen op meer leefgebieden en onder meer wetten: casusregie nodig.",
        "Crisis: huisuitzetting dreigt, meer regie en afstemming nodig.",
        "Veiligheid van de kinderen in het geding, opschalen.",
        "Het netwerk valt weg en de schulden lopen verder op." };
  static const gchar *const down_reasons[]
    = { "Evaluatie: het gezin redt zich weer met minder steun.",
        "Evaluatie: de doelen zijn grotendeels behaald, afschalen." };
  rng_uuid (&l->r, id);
  stamp_text (day, asked_minute, asked);
  const guint step = l->step++;
  if (!approval)
    {
      chunk_request (l->c, step, "%s\t%s\t%s\t%u\t%u\t%s\t%s\t%s\t%s\tdoorgevoerd\t%s", l->plan, id,
                     up ? "op" : "af", l->level, naar,
                     up ? PICK (&l->r, up_reasons) : PICK (&l->r, down_reasons),
                     OR_NULL (evaluation), regisseur_on (l, day), asked, asked);
      chunk_level_stage (l->c, "%s\t%s\t%u\tdoorgevoerd\t\\N\t%s\t\\N\t%u", l->plan, id, step,
                         asked, naar);
      l->level = naar;
      l->last = day;
      return;
    }
  chunk_request (l->c, step, "%s\t%s\top\t%u\t%u\t%s\t\\N\t%s\t%s\taangevraagd\t\\N", l->plan, id,
                 l->level, naar, PICK (&l->r, up_reasons), regisseur_on (l, day), asked);
  const guint decide_day = day + rng_below (&l->r, 6);
  const guint decide_minute
    = decide_day == day ? asked_minute + 1 + rng_below (&l->r, 280) : rng_below (&l->r, 580);
  if (decide_day >= LADDER_NOW_DAY)
    {
      chunk_level_stage (l->c, "%s\t%s\t%u\taangevraagd\t\\N\t\\N\t\\N\t%u", l->plan, id, step,
                         naar);
      l->pending = TRUE;
      return;
    }
  stamp_text (decide_day, decide_minute, decided);
  if (rng_percent (&l->r, 80))
    {
      chunk_level_stage (
        l->c, "%s\t%s\t%u\tgoedgekeurd\t%s\t%s\t%s\t%u", l->plan, id, step, l->supervisor, decided,
        rng_percent (&l->r, 50) ? "Akkoord, besproken in het teamoverleg." : "\\N", naar);
      l->level = naar;
    }
  else
    chunk_level_stage (l->c,
                       "%s\t%s\t%u\tafgewezen\t%s\t%s\tEerst het netwerk inzetten; over zes weken"
                       " opnieuw bekijken.\t%u",
                       l->plan, id, step, l->supervisor, decided, naar);
  l->last = decide_day;
}

/* The days an evaluation is held after it was due: most around the date, a third up to a month
 * late, some one to three months late (which makes about one plan in eight overdue at the
 * benchmark's clock). */
static gint
ladder_lateness (Rng *r)
{
  static const guint weights[] = { 55, 33, 12 };
  switch (rng_weighted (r, weights, 3))
    {
      case 0:
        return (gint) rng_below (r, 10) - 7;
      case 1:
        return 3 + (gint) rng_below (r, 28);
      default:
        return 31 + (gint) rng_below (r, 70);
    }
}

/* Plan @plan's evaluations and level requests, from its making on @plan_day (at level 2, its
 * first evaluation three months on) up to the benchmark's clock: an evaluation when it is due
 * (ladder_lateness()), the next due three months after it at levels 1 and 2 and six weeks at 3
 * and 4; a decision to scale down carried out at once, to scale up asked the same day; and
 * between evaluations, now and then, an escalation. Returns the plan's next evaluation day. */
static guint
gen_ladder (Generator *gen, guint64 h, Chunk *c, const gchar *plan, guint plan_day,
            const RegieSpan *regie, guint n_regie)
{
  Ladder l = {
    rng_for (gen->seed, LADDER_STREAM + h), c, plan, regie, n_regie, "", 2, 0, plan_day, FALSE
  };
  supervisor_name (regisseur_team (regie[n_regie - 1].name), l.supervisor);
  guint due = plan_day + 91, position = 0;
  while (!l.pending && l.step < LADDER_STEPS - 1)
    {
      gint held = (gint) due + ladder_lateness (&l.r);
      guint day = (guint) MAX (held, (gint) l.last + 1);
      /* An escalation between evaluations. */
      if (l.level < 4 && day > l.last + 2 && rng_percent (&l.r, 12))
        {
          guint crisis = l.last + 1 + rng_below (&l.r, day - l.last - 1);
          if (crisis >= LADDER_NOW_DAY)
            break;
          ladder_request (&l, crisis, l.level + 1, NULL);
          if (l.pending)
            break;
          day = MAX (day, l.last + 1);
        }
      if (day >= LADDER_NOW_DAY)
        break;
      static const gchar *const besluiten[]
        = { "doorgaan", "bijstellen", "afschalen", "opschalen" };
      const guint weights[]
        = { 60, 20, l.level > 1 ? 10 + 8 * (l.level - 1) : 0, l.level < 4 ? 8 : 0 };
      const gchar *besluit = besluiten[rng_weighted (&l.r, weights, 4)];
      gchar evaluation[37], datum[11], gepland[11], next[11], recorded[26];
      rng_uuid (&l.r, evaluation);
      const guint after = strcmp (besluit, "afschalen") == 0 ? l.level - 1 : l.level;
      const guint next_day = day + (after >= 3 ? 42 : 91);
      day_text (day, datum);
      day_text (due, gepland);
      day_text (next_day, next);
      stamp_text (day, rng_below (&l.r, 480), recorded);
      chunk_row (c, T_EVALUATION, "%s\t%s\t%u\t%s\t%s\t%s\t%s\t%s\t%s\t%s", plan, evaluation,
                 position++, datum, gepland, besluit,
                 strcmp (besluit, "bijstellen") == 0 ? "Doelen en acties bijgesteld met het gezin."
                                                     : "\\N",
                 next, regisseur_on (&l, day), recorded);
      l.last = day;
      due = next_day;
      if (strcmp (besluit, "afschalen") == 0)
        ladder_request (&l, day, l.level - 1, evaluation);
      else if (strcmp (besluit, "opschalen") == 0)
        ladder_request (&l, day, l.level + 1, NULL);
    }
  return due;
}

/* Appends household @h's rows to @c (and its plan, if it has one, to @gen->plans). */
static void
gen_household (Generator *gen, guint64 h, Chunk *c)
{
  Rng r = rng_for (gen->seed, h);
  gchar household[37], day_s[11], stamp[26];
  const guint day = rng_below (&r, 300); /* the first intake's day */

  /* The household and its members. */
  rng_uuid (&r, household);
  stamp_text (day, rng_below (&r, 60), stamp);
  chunk_row (c, T_HOUSEHOLD, "%s\t%u%c%c\t%u\t%s\t%s", household, 7500 + rng_below (&r, 60),
             'A' + rng_below (&r, 26), 'A' + rng_below (&r, 26), 1 + rng_below (&r, 240),
             PICK (&r, wijken), stamp);

  static const guint size_weights[] = { 30, 28, 20, 14, 6, 2 };
  const guint n_members = 1 + rng_weighted (&r, size_weights, G_N_ELEMENTS (size_weights));
  Member members[6];
  const gchar *surname = PICK (&r, surnames);
  guint n_kids = 0, n_adults = 0;
  day_text (day, day_s);
  for (guint i = 0; i < n_members; i++)
    {
      Member *m = &members[i];
      const gchar *role = i == 0                           ? "ouder_verzorger"
                          : i == 1 && rng_percent (&r, 60) ? "partner"
                                                           : "kind";
      m->role = role;
      m->adult = strcmp (role, "kind") != 0;
      m->kid = !m->adult;
      n_kids += m->kid;
      n_adults += m->adult;
      guint birth_year = m->kid                                   ? 2007 + rng_below (&r, 18)
                         : n_members == 1 && rng_percent (&r, 40) ? 1938 + rng_below (&r, 25)
                                                                  : 1960 + rng_below (&r, 42);
      gchar birth[11], pseudonym[65] = "";
      g_snprintf (birth, sizeof birth, "%u-%02u-%02u", birth_year, 1 + rng_below (&r, 12),
                  1 + rng_below (&r, 28));
      /* Adults mostly have a BSN: stored as a pseudonym, here random hex (no real number). */
      if (m->adult && rng_percent (&r, 90))
        for (guint k = 0; k < 4; k++)
          g_snprintf (pseudonym + k * 16, 17, "%016" G_GINT64_MODIFIER "x", rng_next (&r));
      rng_uuid (&r, m->id);
      chunk_row (c, T_PERSON, "%s\t%s\t%s\t%s\t%s\t%s", m->id,
                 pseudonym[0] != '\0' ? pseudonym : "\\N", PICK (&r, given_names),
                 i == 1 && m->adult && rng_percent (&r, 50) ? PICK (&r, surnames) : surname, birth,
                 stamp);
      gchar member_id[37];
      rng_uuid (&r, member_id);
      chunk_row (c, T_MEMBER, "%s\t%s\t%s\t%s\t%s\t%s", member_id, household, m->id, role, day_s,
                 stamp);
    }

  /* The needs: 2–6 over 1–4 laws, JW only for a child. */
  static const gchar *const laws[] = { "WMO", "PW", "WGS", "JW", "WI", "WPG", "GEEN" };
  guint law_weights[] = { 30, 25, 20, 15, 5, 3, 2 };
  if (n_kids == 0)
    law_weights[3] = 0;
  static const guint n_law_weights[] = { 30, 35, 25, 10 };
  guint n_laws = 1 + rng_weighted (&r, n_law_weights, G_N_ELEMENTS (n_law_weights));
  const gchar *chosen[4];
  for (guint i = 0; i < n_laws; i++)
    {
      guint k = rng_weighted (&r, law_weights, G_N_ELEMENTS (law_weights));
      chosen[i] = laws[k];
      law_weights[k] = 0;
    }
  const guint n_needs = MAX (n_laws, 2 + rng_below (&r, 5));
  Need needs[6];
  for (guint i = 0; i < n_needs; i++)
    {
      Need *n = &needs[i];
      n->wet = i < n_laws ? chosen[i] : chosen[rng_below (&r, n_laws)];
      guint pick = rng_below (&r, n_members);
      if (strcmp (n->wet, "JW") == 0)
        while (!members[pick].kid)
          pick = (pick + 1) % n_members;
      else if (strcmp (n->wet, "WMO") != 0)
        while (!members[pick].adult)
          pick = (pick + 1) % n_members;
      n->member = pick;
      static const guint status_weights[] = { 75, 20, 5 };
      static const gchar *const statuses[] = { "open", "in_behandeling", "opgelost" };
      n->status = statuses[rng_weighted (&r, status_weights, 3)];
      n->goal = -1;
    }

  /* One intake, or two (the later one with the last one or two needs). */
  const guint n_intakes = rng_percent (&r, 20) && n_needs >= 3 ? 2 : 1;
  const guint second_from = n_intakes == 2 ? n_needs - 1 - rng_below (&r, 2) : n_needs;
  guint intake_day = day;
  for (guint k = 0; k < n_intakes; k++)
    {
      gchar intake[37], intake_day_s[11], created[26];
      if (k > 0)
        intake_day += 30 + rng_below (&r, 90);
      day_text (intake_day, intake_day_s);
      stamp_text (intake_day, 60 + rng_below (&r, 240), created);
      rng_uuid (&r, intake);
      static const gchar *const vormen[]
        = { "huisbezoek", "huisbezoek", "spreekuur", "telefonisch" };
      const gchar *vorm = PICK (&r, vormen);
      gchar casemanager[24];
      chunk_row (
        c, T_INTAKE, "%s\t%s\t%s\tbrede-uitvraag/1\t%s\t%s\t%s\t%s\tdraft\t%s\t%s\t%s", intake,
        household, gen->vindplaatsen[rng_below (&r, PLAN_VINDPLAATSEN)], vorm, intake_day_s,
        strcmp (vorm, "huisbezoek") == 0 ? "thuis" : "\\N", PICK (&r, hoofdproblemen),
        casemanager_name (rng_below (&r, PLAN_CASEMANAGERS), casemanager), created, created);
      for (guint i = 0; i < n_members; i++)
        chunk_row (c, T_INTAKE_PERSON, "%s\t%u\tp%u\t%s\t%s", intake, i, i, members[i].id,
                   members[i].role);
      /* The needs of this intake, each with the ZRM score of its person and life area. */
      guint from = k == 0 ? 0 : second_from, to = k == 0 ? second_from : n_needs;
      guint scored_member[6], n_scored = 0;
      const gchar *scored_area[6];
      for (guint i = from; i < to; i++)
        {
          Need *n = &needs[i];
          const LawText *text = law_text (n->wet);
          guint pick = rng_below (&r, 3);
          static const guint urgency_weights[] = { 15, 60, 20, 5 };
          static const gchar *const urgencies[] = { "laag", "normaal", "hoog", "acuut" };
          rng_uuid (&r, n->id);
          gchar ref[8];
          g_snprintf (ref, sizeof ref, "p%u", n->member);
          chunk_row (c, T_NEED, "%s\t%u\t%s\t%s\t%s\t%s\t%s\t%s\t%s", intake, i - from, n->id, ref,
                     text->leefgebied[pick], text->need[pick], n->wet,
                     urgencies[rng_weighted (&r, urgency_weights, 4)], n->status);
          gboolean seen = FALSE;
          for (guint s = 0; s < n_scored; s++)
            seen |= scored_member[s] == n->member
                    && strcmp (scored_area[s], text->leefgebied[pick]) == 0;
          if (!seen)
            {
              scored_member[n_scored] = n->member;
              scored_area[n_scored] = text->leefgebied[pick];
              chunk_row (c, T_ASSESSMENT, "%s\t%u\t%s\t%s\t%u", intake, n_scored, ref,
                         text->leefgebied[pick], 1 + rng_below (&r, 3));
              n_scored++;
            }
        }
    }

  /* Most households have an active plan. */
  if (!rng_percent (&r, 85))
    return;
  gchar plan[37], plan_stamp[26], regisseur[24], previous[24], first_regisseur[24];
  const guint plan_day = intake_day + 7 + rng_below (&r, 50);
  stamp_text (plan_day, rng_below (&r, 480), plan_stamp);
  rng_uuid (&r, plan);
  regisseur_name (rng_below (&r, PLAN_REGISSEURS), regisseur);
  g_strlcpy (first_regisseur, regisseur, sizeof first_regisseur);

  /* Regie: the first regisseur, and for some a warm handover or two. */
  const guint n_handovers = rng_percent (&r, 20) ? 1 + rng_percent (&r, 25) : 0;
  guint from_day = plan_day;
  RegieSpan regie[3];
  for (guint i = 0; i <= n_handovers; i++)
    {
      gchar vanaf[11], tot[11], recorded[26];
      guint until = from_day + 20 + rng_below (&r, 100);
      day_text (from_day, vanaf);
      day_text (until, tot);
      stamp_text (from_day, rng_below (&r, 480), recorded);
      if (i > 0)
        {
          g_strlcpy (previous, regisseur, sizeof previous);
          guint next = rng_below (&r, PLAN_REGISSEURS);
          while (strcmp (regisseur_name (next, regisseur), previous) == 0)
            next = (next + 1) % PLAN_REGISSEURS;
        }
      chunk_row (c, T_REGIE, "%s\t%u\t%s\t%s\t%s\t%s\t%s\t%s\t%s", plan, i, regisseur,
                 i == 0 ? "\\N" : previous, vanaf, i == n_handovers ? "\\N" : tot,
                 i == 0 ? "\\N"
                        : "Warme overdracht: gezin kent de nieuwe regisseur, afspraken lopen door.",
                 i == 0 ? regisseur : previous, recorded);
      regie[i].day = from_day;
      g_strlcpy (regie[i].name, regisseur, sizeof regie[i].name);
      from_day = until;
    }
  gchar aanspreekpunt[24];
  if (rng_percent (&r, 70))
    g_strlcpy (aanspreekpunt, regisseur, sizeof aanspreekpunt);
  else
    casemanager_name (rng_below (&r, PLAN_CASEMANAGERS), aanspreekpunt);
  static const guint version_weights[] = { 70, 15, 10, 5 };
  const guint n_versions = 1 + rng_weighted (&r, version_weights, 4);
  gchar next_evaluation[11];
  day_text (gen_ladder (gen, h, c, plan, plan_day, regie, n_handovers + 1), next_evaluation);
  chunk_row (c, T_PLAN,
             "%s\t%s\tactief\t%s\tDe kinderen gaan graag naar school.\tFamilie helpt met"
             " boodschappen en vervoer.\t%s\t%u\t%s\t%s\t2\t%s",
             plan, household, aanspreekpunt,
             rng_percent (&r, 50) ? "Begeleiding thuis en hulp bij de schulden." : "\\N",
             n_versions, plan_stamp, first_regisseur, next_evaluation);
  static const gchar *const problems[] = { "Schulden lopen op", "Geen werk en geen dagritme",
                                           "Spanning in huis", "Gezondheid gaat achteruit" };
  for (guint i = 0, n = 1 + rng_below (&r, 3); i < n; i++)
    chunk_row (c, T_PROBLEM, "%s\t%u\t%s\t%u", plan, i, problems[(i + h) % 4], i + 1);

  /* The needs come into the plan; a few under another law, with the reason. */
  for (guint i = 0; i < n_needs; i++)
    {
      Need *n = &needs[i];
      const gchar *wet = n->wet;
      rng_uuid (&r, n->plan_id);
      if (rng_percent (&r, 8))
        {
          static const gchar *const other[] = { "WMO", "PW", "WGS", "GEEN" };
          wet = PICK (&r, other);
          if (strcmp (wet, n->wet) == 0)
            wet = strcmp (wet, "GEEN") == 0 ? "WMO" : "GEEN";
          chunk_row (c, T_NEED_LAW,
                     "%s\t%s\t0\t%s\t%s\tPast beter onder %s, overlegd met het"
                     " team.\t%s\t%s",
                     plan, n->plan_id, n->wet, wet, wet, first_regisseur, plan_stamp);
        }
      chunk_row (c, T_PLAN_NEED, "%s\t%s\t%s\t%s\t%s\t%s", plan, n->plan_id, n->id, wet, n->status,
                 plan_stamp);
      n->wet = wet;
    }

  /* Goals: the needs shuffled, about one in seven left without a goal, the rest shared out;
   * one goal in four also answers a need of another goal (often under another law). */
  guint order[6];
  for (guint i = 0; i < n_needs; i++)
    order[i] = i;
  for (guint i = n_needs - 1; i > 0; i--)
    {
      guint j = rng_below (&r, i + 1), t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  guint n_linked = n_needs;
  while (n_linked > 1 && rng_percent (&r, 15))
    n_linked--;
  const guint n_goals = 1 + rng_below (&r, MIN (4u, n_linked));
  guint action_position = 0;
  for (guint g = 0; g < n_goals; g++)
    {
      gchar goal[37], target[11];
      rng_uuid (&r, goal);
      /* Needs order[g], order[g + n_goals], … go to goal g. */
      guint linked[6], n_link = 0;
      for (guint i = g; i < n_linked; i += n_goals)
        linked[n_link++] = order[i];
      if (n_goals > 1 && rng_percent (&r, 25))
        linked[n_link++] = order[(g + 1) % n_goals];
      const LawText *text = law_text (needs[linked[0]].wet);
      static const guint goal_status_weights[] = { 80, 8, 6, 3, 3 };
      static const gchar *const goal_statuses[]
        = { "open", "behaald", "deels_behaald", "niet_behaald", "vervallen" };
      day_text (plan_day + 90 + rng_below (&r, 270), target);
      chunk_row (c, T_GOAL, "%s\t%s\t%u\t%s\t%s\t%s", plan, goal, g, text->goal[rng_below (&r, 2)],
                 rng_percent (&r, 80) ? target : "\\N",
                 goal_statuses[rng_weighted (&r, goal_status_weights, 5)]);
      gboolean member_done[6] = { FALSE };
      for (guint i = 0; i < n_link; i++)
        {
          Need *n = &needs[linked[i]];
          chunk_row (c, T_GOAL_NEED, "%s\t%s\t%s", plan, goal, n->plan_id);
          if (!member_done[n->member])
            chunk_row (c, T_GOAL_MEMBER, "%s\t%s\t%s", plan, goal, members[n->member].id);
          member_done[n->member] = TRUE;
        }

      /* One or two actions for the goal, by the law of its first need. */
      for (guint a = 0, n_actions = 1 + rng_percent (&r, 40); a < n_actions; a++)
        {
          gchar action[37], begin[11], end[11];
          rng_uuid (&r, action);
          const guint begin_day = plan_day + 7 + rng_below (&r, 30);
          day_text (begin_day, begin);
          day_text (begin_day + 60 + rng_below (&r, 200), end);
          const gchar *wet = text->law;
          if (strcmp (wet, "WMO") == 0 || strcmp (wet, "JW") == 0)
            {
              guint k;
              do
                k = rng_below (&r, G_N_ELEMENTS (maatwerk));
              while (strcmp (maatwerk[k].wet, wet) != 0);
              const Maatwerk *m = &maatwerk[k];
              gboolean ended = rng_percent (&r, 10);
              chunk_row (c, T_ACTION,
                         "%s\t%s\t%u\t%s\tmaatwerkvoorziening\t%s\t%s\t%s\t%s\t%s\t%u\t%s\t%s\t%s"
                         "\t%s\t%s",
                         plan, action, action_position++, goal, m->omschrijving, m->aanbieder,
                         m->wet, m->productcategorie, m->aanbieder, m->volume, m->eenheid,
                         m->frequentie, begin, ended ? end : "\\N",
                         ended ? PICK (&r, reden_einde) : "\\N");
            }
          else if ((strcmp (wet, "PW") == 0 || strcmp (wet, "WGS") == 0) && rng_percent (&r, 50))
            {
              const gchar *aanbieder
                = strcmp (wet, "PW") == 0 ? "Werkplein Twente" : "Stadsbank Oost Nederland";
              chunk_row (c, T_ACTION,
                         "%s\t%s\t%u\t%s\tmaatwerkvoorziening\t%s\t%s\t%s\t\\N\t%s\t\\N\t\\N\t\\N"
                         "\t%s\t\\N\t\\N",
                         plan, action, action_position++, goal,
                         strcmp (wet, "PW") == 0 ? "Re-integratietraject"
                                                 : "Schuldhulpverlening met budgetbeheer",
                         aanbieder, wet, aanbieder, begin);
            }
          else
            {
              static const gchar *const soorten[]
                = { "bewoner", "partner", "algemene_voorziening", "netwerk" };
              static const gchar *const wat[]
                = { "Houdt zelf een kasboek bij", "Gesprekken bij het maatschappelijk werk",
                    "Gaat naar het taalcafé in de bibliotheek", "De zus gaat mee naar afspraken" };
              static const gchar *const wie[] = { "Bewoner", "Maatschappelijk werk Hengelo",
                                                  "Bibliotheek Hengelo", "Zus van de bewoner" };
              guint k = rng_below (&r, 4);
              chunk_row (c, T_ACTION,
                         "%s\t%s\t%u\t%s\t%s\t%s\t%s\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N",
                         plan, action, action_position++, goal, soorten[k], wat[k], wie[k]);
            }
        }
    }
  /* Some of the network's help serves no goal in particular. */
  if (rng_percent (&r, 40))
    {
      gchar action[37];
      rng_uuid (&r, action);
      chunk_row (c, T_ACTION,
                 "%s\t%s\t%u\t\\N\tnetwerk\tBuurvrouw doet op maandag de boodschappen\tBuurvrouw"
                 "\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N",
                 plan, action, action_position++);
    }

  /* The versions: the first often agreed with the resident. */
  for (guint v = 1; v <= n_versions; v++)
    {
      gchar made[26], agreed_day[11], agreed[26];
      stamp_text (plan_day + (v - 1) * 14, rng_below (&r, 480), made);
      day_text (plan_day + (v - 1) * 14 + 2, agreed_day);
      stamp_text (plan_day + (v - 1) * 14 + 2, rng_below (&r, 480), agreed);
      static const gchar *const wijzen[] = { "mondeling", "schriftelijk", "digitaal" };
      gboolean akkoord = v == 1 ? rng_percent (&r, 60) : rng_percent (&r, 20);
      if (akkoord)
        chunk_version (c, "%s\t%u\t%s\t%s\t%s\t%s\t%s\t%s\t%s", plan, v, made, first_regisseur,
                       v == 1 ? "Plan opgesteld met het gezin" : "Doelen bijgesteld", agreed_day,
                       PICK (&r, wijzen), first_regisseur, agreed);
      else
        chunk_version (c, "%s\t%u\t%s\t%s\t%s\t\\N\t\\N\t\\N\t\\N", plan, v, made, first_regisseur,
                       v == 1 ? "Plan opgesteld met het gezin" : "Doelen bijgesteld");
    }

  BenchPlanRef *ref = g_new0 (BenchPlanRef, 1);
  ref->household_id = g_strdup (household);
  ref->plan_id = g_strdup (plan);
  ref->regisseur = g_strdup (regisseur);
  ref->version = n_versions;
  g_ptr_array_add (gen->plans, ref);
}

/* ---- loading ------------------------------------------------------------------------------- */

/* Every table the dataset fills. */
#define BENCH_PLAN_ANALYZE                                                                         \
  "ANALYZE app_user, vindplaats, household, person, household_member, intake, intake_person,"      \
  " intake_assessment, intake_need, plan, plan_problem, plan_regie, plan_need, plan_need_law,"     \
  " plan_goal, plan_goal_member, plan_goal_need, plan_action, plan_version, team,"                 \
  " plan_evaluation, plan_level_request, plan_level_period"

/* Streams @data (@len bytes) into the table of @copy_sql. */
static gboolean
copy_in (PGconn *conn, const gchar *copy_sql, const gchar *data, gsize len, const gchar *what,
         GError **error)
{
  g_autoptr (PGresult) start = PQexec (conn, copy_sql);
  if (PQresultStatus (start) != PGRES_COPY_IN)
    {
      ep_db_set_error_from_result (error, conn, start, what);
      return FALSE;
    }
  const gsize piece = 1 << 20;
  for (gsize at = 0; at < len; at += piece)
    if (PQputCopyData (conn, data + at, (int) MIN (piece, len - at)) != 1)
      break;
  if (PQputCopyEnd (conn, NULL) != 1)
    {
      ep_db_set_error_from_result (error, conn, NULL, what);
      return FALSE;
    }
  gboolean ok = TRUE;
  PGresult *res;
  while ((res = PQgetResult (conn)) != NULL)
    {
      if (ok && PQresultStatus (res) != PGRES_COMMAND_OK)
        {
          ep_db_set_error_from_result (error, conn, res, what);
          ok = FALSE;
        }
      PQclear (res);
    }
  return ok;
}

typedef struct
{
  Chunk *chunk;
  GString *teams, *users, *vindplaatsen; /* NULL after the first chunk */
  gdouble document_secs;                 /* the versions' INSERT … SELECT plan_document() */
  gdouble table_secs[N_TABLES]; /* each table's COPY (the intakes' with their finalising) */
  gdouble analyze_secs;         /* ANALYZE while loading */
  guint64 rows, analyzed_at;    /* rows loaded before this chunk; when last analyzed */
} LoadJob;

/* The level requests of the chunk's plans, step by step (the file's head): each step's COPY, the
 * supervisors' decisions, then the plans' levels, so that every trigger of the ladder sees the
 * requests in the order they were made. */
static gboolean
load_ladder_steps (PGconn *conn, Chunk *c, GError **error)
{
  for (guint step = 0; step < LADDER_STEPS && c->steps[step]->len > 0; step++)
    {
      g_autofree gchar *what = g_strdup_printf ("copy plan_level_request step %u", step);
      g_autoptr (EpDbParams) params = ep_db_params_new ();
      ep_db_params_add_int64 (params, step);
      if (!copy_in (conn, tables[T_LEVEL_REQUEST].copy, c->steps[step]->str, c->steps[step]->len,
                    what, error)
          || !ep_db_exec_command (
            conn,
            "UPDATE plan_level_request r SET status = s.status, decided_by = s.decided_by,"
            "       decided_at = s.decided_at, besluit_reden = s.besluit_reden"
            "  FROM bench_level_stage s"
            " WHERE s.step = $1 AND s.decided_by IS NOT NULL"
            "   AND r.gemeente = current_gemeente () AND r.plan_id = s.plan_id AND r.id = s.id",
            params, "decide level requests", error)
          || !ep_db_exec_command (
            conn,
            "UPDATE plan p SET niveau = s.naar FROM bench_level_stage s"
            " WHERE s.step = $1 AND s.status IN ('goedgekeurd', 'doorgevoerd')"
            "   AND p.gemeente = current_gemeente () AND p.id = s.plan_id",
            params, "follow the levels", error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
load_chunk (PGconn *conn, gpointer user_data, GError **error)
{
  LoadJob *job = user_data;
  Chunk *c = job->chunk;
  if (job->users != NULL
      && (!copy_in (conn, "COPY team (gemeente, id, naam, created_at) FROM STDIN", job->teams->str,
                    job->teams->len, "copy team", error)
          || !copy_in (conn,
                       "COPY app_user (gemeente, id, username, display_name, role, created_at,"
                       " team_id) FROM STDIN",
                       job->users->str, job->users->len, "copy app_user", error)
          || !copy_in (conn, "COPY vindplaats (gemeente, id, type, naam, created_at) FROM STDIN",
                       job->vindplaatsen->str, job->vindplaatsen->len, "copy vindplaats", error)))
    return FALSE;
  for (Table t = 0; t < N_TABLES; t++)
    {
      g_autofree gchar *what = g_strdup_printf ("copy %s", tables[t].name);
      gint64 table_start = g_get_monotonic_time ();
      if (t == T_LEVEL_REQUEST)
        {
          if (!load_ladder_steps (conn, c, error))
            return FALSE;
        }
      else if (!copy_in (conn, tables[t].copy, c->rows[t]->str, c->rows[t]->len, what, error))
        return FALSE;
      /* The intakes are finalised once their parts are in (a finalised intake's parts refuse
       * new rows): as the application does, by the intake's creator, 50 minutes on. */
      if (t == T_NEED
          && !ep_db_exec_command (conn,
                                  "UPDATE intake SET status = 'finalised',"
                                  "       finalised_by = created_by,"
                                  "       finalised_at = created_at + interval '50 minutes',"
                                  "       updated_at = created_at + interval '50 minutes'"
                                  " WHERE gemeente = current_gemeente() AND status = 'draft'",
                                  NULL, "finalise intakes", error))
        return FALSE;
      job->table_secs[t] += (g_get_monotonic_time () - table_start) / 1e6;
    }
  /* The planner must know the tables are no longer empty, or plan_document() and the checks
   * at commit read whole tables (each plan costing more than the last): ANALYZE whenever the
   * rows have doubled since the last time (in the transaction, so it sees this chunk's). */
  gint64 start = g_get_monotonic_time ();
  if (job->rows >= 2 * job->analyzed_at)
    {
      if (!ep_db_exec_script (conn, BENCH_PLAN_ANALYZE, "analyze", error))
        return FALSE;
      job->analyzed_at = MAX (job->rows, 1);
      job->analyze_secs += (g_get_monotonic_time () - start) / 1e6;
    }

  /* Each version's document: the whole plan as plan_document() makes it, once per plan. */
  start = g_get_monotonic_time ();
  gboolean ok = ep_db_exec_command (
    conn,
    "INSERT INTO plan_version (gemeente, plan_id, version, made_at, made_by, reden, document,"
    "                          akkoord_datum, akkoord_wijze, akkoord_door, akkoord_op)"
    " SELECT current_gemeente(), s.plan_id, s.version, s.made_at, s.made_by, s.reden, d.document,"
    "        s.akkoord_datum, s.akkoord_wijze, s.akkoord_door, s.akkoord_op"
    "   FROM bench_plan_version_stage s"
    "   JOIN (SELECT plan_id, plan_document(plan_id) AS document"
    "           FROM bench_plan_version_stage GROUP BY plan_id) d USING (plan_id)",
    NULL, "plan versions", error);
  job->document_secs += (g_get_monotonic_time () - start) / 1e6;
  return ok;
}

static gboolean
ensure_municipality (PGconn *owner, GError **error)
{
  return ep_db_exec_script (owner,
                            "INSERT INTO gemeente (gemeente, naam)"
                            " VALUES ('" BENCH_PLAN_GEMEENTE "', 'Benchmark plan')"
                            " ON CONFLICT DO NOTHING",
                            "benchmark municipality", error);
}

static guint64
env_number (const gchar *name, guint64 fallback)
{
  const gchar *text = g_getenv (name);
  return text != NULL && *text != '\0' ? g_ascii_strtoull (text, NULL, 10) : fallback;
}

static void
plan_ref_free (gpointer data)
{
  BenchPlanRef *ref = data;
  g_free (ref->household_id);
  g_free (ref->plan_id);
  g_free (ref->regisseur);
  g_free (ref);
}

/* A digest of every generated row (per table: count and the sum of each row's hash), to
 * compare two runs with the same seed. */
static gchar *
data_digest (PGconn *owner, GError **error)
{
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  static const gchar *const digest_sql[] = {
    "SELECT count(*), sum(hashtextextended(t::text, 0)) FROM household t"
    " WHERE gemeente = '" BENCH_PLAN_GEMEENTE "'",
    "SELECT count(*), sum(hashtextextended(t::text, 0)) FROM person t"
    " WHERE gemeente = '" BENCH_PLAN_GEMEENTE "'",
    "SELECT count(*), sum(hashtextextended(t::text, 0)) FROM household_member t"
    " WHERE gemeente = '" BENCH_PLAN_GEMEENTE "'",
    "SELECT count(*), sum(hashtextextended(t::text, 0)) FROM intake t"
    " WHERE gemeente = '" BENCH_PLAN_GEMEENTE "'",
    "SELECT count(*), sum(hashtextextended(t::text, 0)) FROM intake_need t"
    " WHERE gemeente = '" BENCH_PLAN_GEMEENTE "'",
    "SELECT count(*), sum(hashtextextended(t::text, 0)) FROM plan t"
    " WHERE gemeente = '" BENCH_PLAN_GEMEENTE "'",
    "SELECT count(*), sum(hashtextextended(t::text, 0)) FROM plan_regie t"
    " WHERE gemeente = '" BENCH_PLAN_GEMEENTE "'",
    "SELECT count(*), sum(hashtextextended(t::text, 0)) FROM plan_need t"
    " WHERE gemeente = '" BENCH_PLAN_GEMEENTE "'",
    "SELECT count(*), sum(hashtextextended(t::text, 0)) FROM plan_goal_need t"
    " WHERE gemeente = '" BENCH_PLAN_GEMEENTE "'",
    "SELECT count(*), sum(hashtextextended(t::text, 0)) FROM plan_action t"
    " WHERE gemeente = '" BENCH_PLAN_GEMEENTE "'",
    "SELECT count(*), sum(hashtextextended(t::text, 0)) FROM plan_version t"
    " WHERE gemeente = '" BENCH_PLAN_GEMEENTE "'",
    "SELECT count(*), sum(hashtextextended(t::text, 0)) FROM plan_evaluation t"
    " WHERE gemeente = '" BENCH_PLAN_GEMEENTE "'",
    "SELECT count(*), sum(hashtextextended(t::text, 0)) FROM plan_level_request t"
    " WHERE gemeente = '" BENCH_PLAN_GEMEENTE "'",
    "SELECT count(*), sum(hashtextextended(t::text, 0)) FROM plan_level_period t"
    " WHERE gemeente = '" BENCH_PLAN_GEMEENTE "'",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (digest_sql); i++)
    {
      g_autoptr (PGresult) res
        = ep_db_exec (owner, digest_sql[i], NULL, PGRES_TUPLES_OK, "digest", error);
      if (res == NULL)
        return NULL;
      g_checksum_update (sum, (const guchar *) PQgetvalue (res, 0, 0), -1);
      g_checksum_update (sum, (const guchar *) "/", 1);
      g_checksum_update (sum, (const guchar *) PQgetvalue (res, 0, 1), -1);
      g_checksum_update (sum, (const guchar *) ";", 1);
    }
  return g_strndup (g_checksum_get_string (sum), 16);
}

/* The dataset of this run: loaded once, kept until the runner exits. */
static BenchPlanData *loaded;

const BenchPlanData *
bench_plan_data (const BenchContext *ctx, GError **error)
{
  if (loaded != NULL)
    return loaded;

  const guint64 n_households = env_number ("EENPLAN_BENCH_HOUSEHOLDS", BENCH_PLAN_HOUSEHOLDS);
  const guint64 seed = env_number ("EENPLAN_BENCH_SEED", 1);
  g_autoptr (PGconn) owner = ep_db_connect (ctx->owner_conninfo, error);
  /* The versions wait here until their plans are in (emptied by every commit). */
  if (owner == NULL || !ensure_municipality (owner, error)
      || !ep_db_exec_command (owner,
                              "CREATE TEMP TABLE bench_plan_version_stage ("
                              " plan_id uuid, version integer, made_at timestamptz,"
                              " made_by text, reden text, akkoord_datum date,"
                              " akkoord_wijze text, akkoord_door text, akkoord_op timestamptz)"
                              " ON COMMIT DELETE ROWS",
                              NULL, "version stage", error)
      || !ep_db_exec_command (owner,
                              "CREATE TEMP TABLE bench_level_stage ("
                              " plan_id uuid, id uuid, step integer, status text, decided_by text,"
                              " decided_at timestamptz, besluit_reden text, naar smallint)"
                              " ON COMMIT DELETE ROWS",
                              NULL, "level stage", error))
    return NULL;

  Generator gen = { seed, { { 0 } }, g_ptr_array_new_with_free_func (plan_ref_free) };
  g_autoptr (GString) teams = g_string_new (NULL);
  g_autoptr (GString) users = g_string_new (NULL);
  g_autoptr (GString) vindplaatsen = g_string_new (NULL);
  gen_organisation (seed, teams, users, vindplaatsen, gen.vindplaatsen);
  const EpDbTxContext loader
    = { .gemeente = BENCH_PLAN_GEMEENTE, .actor_id = LOADER_ACTOR, .actor_role = "system" };

  bench_progress ("plan-data: %" G_GUINT64_FORMAT " households, seed %" G_GUINT64_FORMAT
                  ", COPY in transactions of %d",
                  n_households, seed, PLAN_CHUNK);
  Chunk chunk = { { NULL } };
  for (Table t = 0; t < N_TABLES; t++)
    chunk.rows[t] = g_string_sized_new (1 << 20);
  for (guint k = 0; k < LADDER_STEPS; k++)
    chunk.steps[k] = g_string_sized_new (1 << 16);
  guint64 rows[N_TABLES] = { 0 }, all_rows = BENCH_PLAN_TEAMS + PLAN_REGISSEURS + PLAN_CASEMANAGERS
                                             + BENCH_PLAN_TEAMS + PLAN_VINDPLAATSEN;
  LoadJob job = { &chunk, teams, users, vindplaatsen, 0, { 0 }, 0, 0, 0 };
  gdouble generate_secs = 0;
  BenchStats stats = { 0 };
  gint64 start = g_get_monotonic_time ();
  gboolean ok = TRUE;
  for (guint64 first = 0; ok && first < n_households; first += PLAN_CHUNK)
    {
      gint64 chunk_start = g_get_monotonic_time ();
      for (Table t = 0; t < N_TABLES; t++)
        {
          g_string_truncate (chunk.rows[t], 0);
          chunk.n_rows[t] = 0;
        }
      for (guint k = 0; k < LADDER_STEPS; k++)
        g_string_truncate (chunk.steps[k], 0);
      for (guint64 h = first; h < MIN (first + PLAN_CHUNK, n_households); h++)
        gen_household (&gen, h, &chunk);
      generate_secs += (g_get_monotonic_time () - chunk_start) / 1e6;
      job.rows = all_rows;
      ok = ep_db_run_tx (owner, &loader, load_chunk, &job, NULL, error);
      job.teams = job.users = job.vindplaatsen = NULL;
      for (Table t = 0; t < N_TABLES; t++)
        {
          rows[t] += chunk.n_rows[t];
          if (t != T_LEVEL_STAGE) /* the decisions: rows of plan_level_request */
            all_rows += chunk.n_rows[t];
        }
      gdouble chunk_ms = (g_get_monotonic_time () - chunk_start) / 1000.0;
      bench_stats_add (&stats, 0, 0, &chunk_ms, 1);
      gdouble secs = (g_get_monotonic_time () - start) / 1e6;
      bench_progress ("plan-data: %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
                      " households, %" G_GUINT64_FORMAT " rows in %.1f s (%.0f rows/s),"
                      " peak RSS %.1f MiB",
                      MIN (first + PLAN_CHUNK, n_households), n_households, all_rows, secs,
                      all_rows / secs, bench_peak_rss_mib ());
    }
  for (Table t = 0; t < N_TABLES; t++)
    g_string_free (chunk.rows[t], TRUE);
  for (guint k = 0; k < LADDER_STEPS; k++)
    g_string_free (chunk.steps[k], TRUE);
  if (!ok)
    {
      g_ptr_array_unref (gen.plans);
      bench_stats_clear (&stats);
      return NULL;
    }
  gdouble load_secs = (g_get_monotonic_time () - start) / 1e6;

  g_autoptr (GString) by_table = g_string_new (NULL);
  for (Table t = 0; t < N_TABLES; t++)
    g_string_append_printf (by_table, " %s %.1f s,", tables[t].name, job.table_secs[t]);
  bench_progress ("plan-data: COPY by table:%s documents %.1f s, ANALYZE while loading %.1f s",
                  by_table->str, job.document_secs, job.analyze_secs);
  bench_progress ("plan-data: ANALYZE");
  gint64 analyze_start = g_get_monotonic_time ();
  ok = ep_db_exec_script (owner, BENCH_PLAN_ANALYZE, "analyze", error);
  gdouble analyze_secs = (g_get_monotonic_time () - analyze_start) / 1e6;
  g_autofree gchar *digest = ok ? data_digest (owner, error) : NULL;
  if (digest == NULL)
    {
      g_ptr_array_unref (gen.plans);
      bench_stats_clear (&stats);
      return NULL;
    }

  stats.ops = all_rows;
  stats.secs = load_secs;
  g_autoptr (GString) counts = g_string_new (NULL);
  for (Table t = 0; t < N_TABLES; t++)
    g_string_append_printf (counts, " %s=%" G_GUINT64_FORMAT, tables[t].name, rows[t]);
  stats.extra = g_strdup_printf (
    "households=%" G_GUINT64_FORMAT " seed=%" G_GUINT64_FORMAT " generate_secs=%.1f"
    " document_secs=%.1f analyze_secs=%.1f digest=%s%s",
    n_households, seed, generate_secs, job.document_secs, analyze_secs, digest, counts->str);
  /* p50_ms and p99_ms: of the chunks' transactions (PLAN_CHUNK households each). */
  bench_report ("plan-data", &stats, NULL, NULL);
  bench_stats_clear (&stats);

  loaded = g_new0 (BenchPlanData, 1);
  loaded->plans = gen.plans;
  loaded->n_households = n_households;
  return loaded;
}

gboolean
bench_plan_load (const BenchContext *ctx, GError **error)
{
  return bench_plan_data (ctx, error) != NULL;
}
