/* The outcome-measures benchmark's data: a partnership far larger than any
 * hub's, for timing the dashboard's measures (bench/outcomes.mjs).
 *
 *   outcomes_data DB   fills DB, made just before by `cshub demo
 *                      --accounts-only` (the schema, nine agencies and the
 *                      demo accounts), and prints what it wrote as one
 *                      JSON line
 *
 * What it writes, over the three years to today (UTC), the same rows for
 * the same day (the random sequence of bench_common.h, one seed):
 *   - a tenth agency;
 *   - 200,000 young people (dates of birth, a few only an estimated age;
 *     sex, ethnicity, postcodes in 30 districts) and 2,000 adults of
 *     concern, with their matching keys (as cshub writes them with every
 *     person, so that the server has no backfill to do while it is timed);
 *   - 2,000 contexts (places, peer groups, schools, online spaces,
 *     neighbourhoods), 70% of them assessed every three to five months;
 *   - 1,000,000 concerns, more each year, fewer at weekends, in the order
 *     they were dated: a tenth about a place or group only, a fifth of the
 *     young people's about one of 20,000 known to services (so some have
 *     many), coded with one or two exploitation types (a few none);
 *   - about 2,000,000 screenings: nearly every concern screened, most
 *     once or twice (the first within days, later ones weeks apart), risk
 *     levels and pathways (MACE for many of the high ones);
 *   - interventions and disruptions at the places most concerns are about
 *     (some disruptions against adults of concern);
 *   - 5,000 MACE meetings (the last few still to come), with the agencies
 *     invited, who came, about 20 agenda items each (mostly young people,
 *     two in five new to MACE) and about 5 actions each (due dates;
 *     done, late, open or cancelled);
 *   - a second version of four shared definitions, and each agency's
 *     adoptions (two agencies slow to adopt);
 *   - the 10-to-17 population of each district.
 *
 * Rows go straight into the tables through SQLite's prepared statements in
 * one transaction, the indexes of the big tables dropped first and made
 * again at the end from their own CREATE INDEX text, so that the schema
 * is exactly what `cshub migrate` made. Open actions are marked as
 * already alerted (the server's housekeeping would otherwise write an
 * alert for each while it is timed). */
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/matching.h"
#include "util/arena.h"

#include "bench_common.h"

#ifndef YOUNG_PEOPLE /* smaller sizes for a trial run: -DYOUNG_PEOPLE=... -DKNOWN=... -DCONCERNS=... -DMEETINGS=... */
#define YOUNG_PEOPLE 200000
#endif
#ifndef KNOWN
#define KNOWN 20000 /* young people known to services: a fifth of the concerns */
#endif
#ifndef CONCERNS
#define CONCERNS 1000000
#endif
#ifndef MEETINGS
#define MEETINGS 5000
#endif
#define ADULTS 2000
#define PEOPLE (YOUNG_PEOPLE + ADULTS)
#define CONTEXTS 2000
#define HOT_CONTEXTS 300 /* half the concerns about places are about these */
#define DAYS 1096 /* three years to today */
#define FUTURE_MEETINGS 20
#define INTERVENTIONS 1500
#define DISRUPTIONS 1500
#define DISTRICTS 30
#define AGENCIES 10
#define STAMP_SIZE 40

/* ---- ids, days, choices ---- */

static uint64_t mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* A record id of 32 hex digits, random-looking as cshub's are, the same
 * for the same (kind, n): the first 64 bits alone differ for any two. */
static void make_id(char out[33], unsigned kind, uint64_t n)
{
    uint64_t a = mix(((uint64_t)kind << 48) ^ n ^ 0x6f7574636f6d6573ull), b = mix(a ^ 0x5bd1e995u);
    snprintf(out, 33, "%016llx%016llx", (unsigned long long)a, (unsigned long long)b);
}

enum { ID_PERSON = 1, ID_CONTEXT, ID_CONCERN, ID_SCREENING, ID_ASSESSMENT, ID_INTERVENTION, ID_DISRUPTION,
       ID_MEETING, ID_ITEM, ID_ACTION, ID_AGENCY };

/* Day number (days since 1970-01-01) to "YYYY-MM-DD" (Hinnant's civil_from_days). */
static void day_text(int64_t z, char out[11])
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
    snprintf(out, 11, "%04d-%02d-%02d", (int)(y + (m <= 2)), (int)m, (int)d);
}

static void stamp_text(int64_t day, int seconds, char out[STAMP_SIZE])
{
    char date[11];
    day_text(day, date);
    snprintf(out, STAMP_SIZE, "%.10sT%02d:%02d:%02d.%03dZ", date, seconds / 3600 % 24, seconds / 60 % 60, seconds % 60,
             (int)(next_random() % 1000));
}

static bool chance(int percent) { return below(100) < percent; }

/* An index by weights (summing to total). */
static int weighted(const int *weights, int count)
{
    int total = 0;
    for (int i = 0; i < count; i++)
        total += weights[i];
    int r = below(total);
    for (int i = 0; i < count; i++) {
        if (r < weights[i])
            return i;
        r -= weights[i];
    }
    return count - 1;
}

/* ---- SQLite ---- */

static sqlite3 *db;

static bool sql_ok(int rc, const char *what)
{
    if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW)
        return true;
    fprintf(stderr, "outcomes_data: %s: %s\n", what, sqlite3_errmsg(db));
    return false;
}

static bool exec_sql(const char *sql) { return sql_ok(sqlite3_exec(db, sql, NULL, NULL, NULL), sql); }

/* One prepared INSERT, bound column by column: text (NULL binds NULL) or integers. */
struct insert {
    sqlite3_stmt *stmt;
    int at;
    long rows;
    const char *table;
};

static bool insert_open(struct insert *w, const char *table, const char *sql)
{
    *w = (struct insert){.table = table};
    return sql_ok(sqlite3_prepare_v2(db, sql, -1, &w->stmt, NULL), sql);
}

static void put_text(struct insert *w, const char *text)
{
    if (text == NULL)
        sqlite3_bind_null(w->stmt, ++w->at);
    else
        sqlite3_bind_text(w->stmt, ++w->at, text, -1, SQLITE_TRANSIENT);
}

static void put_int(struct insert *w, int64_t value) { sqlite3_bind_int64(w->stmt, ++w->at, value); }

static bool insert_row(struct insert *w)
{
    int rc = sqlite3_step(w->stmt);
    sqlite3_reset(w->stmt);
    sqlite3_clear_bindings(w->stmt);
    w->at = 0;
    w->rows++;
    return sql_ok(rc, w->table);
}

static void insert_close(struct insert *w) { sqlite3_finalize(w->stmt); }

/* The indexes of the big tables, dropped while rows go in and made again
 * from their own text. */
#define MAX_INDEXES 64
static char *index_sql[MAX_INDEXES];
static int index_count;

static bool drop_indexes(void)
{
    sqlite3_stmt *s;
    if (!sql_ok(sqlite3_prepare_v2(db,
                                   "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND "
                                   "tbl_name IN ('people', 'person_match_keys', 'concerns', 'screenings', "
                                   "'meeting_items', 'actions', 'context_assessments')",
                                   -1, &s, NULL),
                "indexes"))
        return false;
    char names[MAX_INDEXES][128];
    while (sqlite3_step(s) == SQLITE_ROW && index_count < MAX_INDEXES) {
        snprintf(names[index_count], sizeof names[0], "%s", (const char *)sqlite3_column_text(s, 0));
        index_sql[index_count++] = strdup((const char *)sqlite3_column_text(s, 1));
    }
    sqlite3_finalize(s);
    for (int i = 0; i < index_count; i++) {
        char drop[200];
        snprintf(drop, sizeof drop, "DROP INDEX \"%.127s\"", names[i]);
        if (!exec_sql(drop))
            return false;
    }
    return true;
}

static bool make_indexes(void)
{
    bool ok = true;
    for (int i = 0; i < index_count; i++) {
        ok = ok && exec_sql(index_sql[i]);
        free(index_sql[i]);
    }
    return ok;
}

/* ---- the partnership ---- */

static char agency_ids[AGENCIES][33];
static char coordinator_id[33];
static int64_t today, first_day;

/* Agencies by name order after the tenth is added: their parts in the work. */
static bool read_agencies(void)
{
    char tenth[33], now[STAMP_SIZE];
    make_id(tenth, ID_AGENCY, 10);
    stamp_text(first_day, 9 * 3600, now);
    sqlite3_stmt *s;
    bool ok = sql_ok(sqlite3_prepare_v2(db, "INSERT INTO agencies (id, name, kind, created_at) VALUES (?, "
                                            "'Kestrel Vale Probation Service', 'other', ?)",
                                        -1, &s, NULL),
                     "agency") &&
              sqlite3_bind_text(s, 1, tenth, -1, SQLITE_TRANSIENT) == SQLITE_OK &&
              sqlite3_bind_text(s, 2, now, -1, SQLITE_TRANSIENT) == SQLITE_OK && sql_ok(sqlite3_step(s), "agency");
    sqlite3_finalize(s);
    int n = 0;
    ok = ok && sql_ok(sqlite3_prepare_v2(db, "SELECT id FROM agencies ORDER BY name", -1, &s, NULL), "agencies");
    while (ok && sqlite3_step(s) == SQLITE_ROW && n < AGENCIES)
        snprintf(agency_ids[n++], 33, "%s", (const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    ok = ok && sql_ok(sqlite3_prepare_v2(db, "SELECT id FROM users WHERE role = 'coordinator' ORDER BY email LIMIT 1",
                                         -1, &s, NULL),
                      "coordinator");
    if (ok && sqlite3_step(s) == SQLITE_ROW)
        snprintf(coordinator_id, 33, "%s", (const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    if (n != AGENCIES)
        fprintf(stderr, "outcomes_data: expected %d agencies (cshub demo --accounts-only and one more), found %d\n",
                AGENCIES, n);
    return ok && n == AGENCIES;
}

/* In name order: 0 Brackenmoor High School, 1 Children's Services, 2 Community Health, 3 Community Safety
 * Partnership, 4 Homes, 5 Police, 6 Probation, 7 Youth Justice, 8 Larkfield Academy, 9 Safe Harbour. */
enum { A_BRACKENMOOR, A_CHILDRENS, A_HEALTH, A_SAFETY, A_HOMES, A_POLICE, A_PROBATION, A_YOUTH_JUSTICE,
       A_LARKFIELD, A_SAFE_HARBOUR };

static const int concern_agency_weights[AGENCIES] = {9, 16, 8, 5, 3, 34, 2, 8, 10, 5};

static const char *const districts[DISTRICTS] = {
    "KV1", "KV2", "KV3", "KV4", "KV5", "KV6", "KV7", "KV8", "KV9", "KV10", "KV11", "KV12", "KV14", "KV15", "KV16",
    "LF1", "LF2", "LF3", "LF4", "LF5", "LF6", "LF7", "LF8", "BM1", "BM2", "BM3", "BM4", "BM5", "BM6", "BM7"};

static void postcode(char out[16])
{
    static const char letters[] = "ABDEFGHJLNPQRSTUWXYZ";
    const char *district = districts[below(DISTRICTS) / (below(4) == 0 ? 2 : 1)]; /* the first half busier */
    int form = below(100);
    snprintf(out, 16, form < 3 ? "%s%d%c%c" : "%s %d%c%c", district, 1 + below(9), letters[below(20)],
             letters[below(20)]);
    if (form == 3) /* written in lower case */
        for (char *c = out; *c; c++)
            *c = (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
}

static const char *const given_names[] = {
    "Aaliyah", "Aaron", "Abdi", "Adam", "Aisha", "Alfie", "Amara", "Amelia", "Archie", "Ayesha", "Bilal", "Callum",
    "Chloe", "Connor", "Daniel", "Demi", "Dylan", "Ebony", "Ellie", "Ethan", "Fatima", "Freya", "Harley", "Harvey",
    "Hassan", "Isla", "Jack", "Jayden", "Kacper", "Kai", "Kayleigh", "Leah", "Leon", "Liam", "Maisie", "Mason",
    "Mohammed", "Nathan", "Oliver", "Olivia", "Reece", "Riley", "Ruby", "Ryan", "Sofia", "Tyler", "Zain", "Zara"};
static const char *const family_names[] = {
    "Ahmed", "Ali", "Bailey", "Begum", "Brennan", "Campbell", "Clarke", "Cole", "Davies", "Dervish", "Evans",
    "Farrant", "Graham", "Green", "Hall", "Harwood", "Hussain", "Jackson", "James", "Johnson", "Jones", "Khan",
    "Kowalski", "Lewis", "Marsh", "Mensah", "Morris", "Murphy", "Nowak", "Okafor", "Osei", "Patel", "Quill",
    "Roberts", "Robinson", "Rourke", "Shah", "Smith", "Taylor", "Thomas", "Walker", "Ward", "Williams", "Wilson",
    "Wood", "Wright", "Yilmaz", "Young"};
static const char *const ethnicities[] = {
    "White British", "White British", "White British", "White British", "White British", "White British",
    "White Irish", "White Gypsy or Irish Traveller", "Any other White background", "Any other White background",
    "Mixed White and Black Caribbean", "Mixed White and Asian", "Asian or Asian British Pakistani",
    "Asian or Asian British Bangladeshi", "Asian or Asian British Indian", "Black or Black British African",
    "Black or Black British Caribbean", "Arab", "Not stated"};
#define COUNT(list) ((int)(sizeof list / sizeof list[0]))

static bool write_people(void)
{
    struct insert people, keys;
    bool ok = insert_open(&people, "people",
                          "INSERT INTO people (id, kind, given_name, family_name, date_of_birth, estimated_age, sex, "
                          "ethnicity, postcode, owner_agency_id, sharing, created_at, updated_at) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)") &&
              insert_open(&keys, "person_match_keys",
                          "INSERT OR IGNORE INTO person_match_keys (person_id, match_key) VALUES (?, ?)");
    static const int sex_weights[] = {47, 47, 2, 3, 1};
    static const char *const sexes[] = {"female", "male", "other", "not_known", NULL};
    for (int p = 0; ok && p < PEOPLE; p++) {
        bool adult = p >= YOUNG_PEOPLE;
        char id[33], birth[11], code[16], created[STAMP_SIZE];
        make_id(id, ID_PERSON, (uint64_t)p);
        /* young people aged 8 to 19 today, adults 18 to 45 */
        int64_t age_days = adult ? 6570 + below(10000) : 2922 + below(4383);
        day_text(today - age_days, birth);
        int known = below(100); /* 94: date of birth; 4: an estimated age; 2: neither */
        postcode(code);
        stamp_text(first_day - 1 - below(400), below(86400), created);
        const char *given = given_names[below(COUNT(given_names))], *family = family_names[below(COUNT(family_names))];
        put_text(&people, id);
        put_text(&people, adult ? "adult_of_concern" : "young_person");
        put_text(&people, given);
        put_text(&people, family);
        put_text(&people, known < 94 ? birth : NULL);
        if (known >= 94 && known < 98)
            put_int(&people, age_days / 365);
        else
            put_text(&people, NULL);
        put_text(&people, sexes[weighted(sex_weights, COUNT(sex_weights))]);
        int e = below(COUNT(ethnicities) + 2);
        put_text(&people, e < COUNT(ethnicities) ? ethnicities[e] : e == COUNT(ethnicities) ? "" : NULL);
        put_text(&people, chance(95) ? code : NULL);
        put_text(&people, agency_ids[weighted(concern_agency_weights, AGENCIES)]);
        put_text(&people, chance(95) ? "hub" : "agency");
        put_text(&people, created);
        put_text(&people, created);
        ok = insert_row(&people);
        struct arena *arena = arena_new();
        struct match_person m = {.given_name = given, .family_name = family,
                                 .date_of_birth = known < 94 ? birth : NULL, .postcode = code};
        const char *found[MATCH_KEYS_MAX];
        int n = match_keys(arena, &m, found);
        for (int k = 0; ok && k < n; k++) {
            put_text(&keys, id);
            put_text(&keys, found[k]);
            ok = insert_row(&keys);
        }
        arena_free(arena);
    }
    insert_close(&people);
    insert_close(&keys);
    return ok;
}

static const char *const context_kinds[] = {"location", "peer_group", "school", "online_space", "neighbourhood"};
static const int context_kind_weights[] = {60, 20, 8, 7, 5};
static const char *const location_kinds[] = {"park", "takeaway", "transport_hub", "shop", "house", "street",
                                             "school_grounds", "leisure", "other"};
static int context_kind_of[CONTEXTS];

static bool write_contexts(void)
{
    struct insert w;
    bool ok = insert_open(&w, "contexts",
                          "INSERT INTO contexts (id, kind, kind_version, name, location_kind, postcode, "
                          "owner_agency_id, sharing, created_at, updated_at) VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?)");
    for (int c = 0; ok && c < CONTEXTS; c++) {
        char id[33], name[48], code[16], created[STAMP_SIZE];
        int kind = weighted(context_kind_weights, COUNT(context_kind_weights));
        context_kind_of[c] = kind;
        make_id(id, ID_CONTEXT, (uint64_t)c);
        snprintf(name, sizeof name, "Bench %s %d", context_kinds[kind], c);
        postcode(code);
        stamp_text(first_day - 60 + below(60), below(86400), created);
        put_text(&w, id);
        put_text(&w, context_kinds[kind]);
        put_text(&w, name);
        put_text(&w, kind == 0 ? location_kinds[below(COUNT(location_kinds))] : NULL);
        put_text(&w, kind == 3 || chance(3) ? NULL : code);
        put_text(&w, agency_ids[chance(60) ? A_POLICE : A_SAFETY]);
        put_text(&w, "hub");
        put_text(&w, created);
        put_text(&w, created);
        ok = insert_row(&w);
    }
    insert_close(&w);
    return ok;
}

/* ---- concerns and screenings ---- */

struct concern {
    int32_t day;
    int32_t person;   /* -1: about a context only */
    int16_t context;  /* -1: none */
    int8_t agency;
    int8_t screenings;
    int8_t mace;      /* a screening put it on the MACE pathway */
};

struct screening {
    int32_t day, second;
    int32_t concern;
    int8_t level, pathway, agency;
};

static struct concern *concerns;
static struct screening *screenings;
static long screening_count;

static int hot_context(void) { return chance(50) ? below(HOT_CONTEXTS) : below(CONTEXTS); }

/* The days of the concerns, in order: more each year, fewer at weekends. */
static void date_concerns(void)
{
    int *per_day = calloc(DAYS, sizeof *per_day);
    for (int k = 0; k < CONCERNS;) {
        int d = below(DAYS);
        int weekday = (int)((first_day + d + 3) % 7); /* 0 Monday */
        if (below(1000) >= 750 + 250 * d / DAYS || (weekday >= 5 && chance(50)))
            continue;
        per_day[d]++;
        k++;
    }
    int k = 0;
    for (int d = 0; d < DAYS; d++)
        for (int i = 0; i < per_day[d]; i++)
            concerns[k++].day = (int32_t)(first_day + d);
    free(per_day);
}

static const char *const levels[] = {"none", "low", "medium", "high"};
static const char *const pathways[] = {"universal", "early_help", "child_in_need", "child_protection", "mace"};

/* A screening's risk level and pathway. */
static void assess(struct screening *s)
{
    static const int level_weights[] = {10, 35, 35, 20};
    static const int pathway_weights[4][5] = {
        {90, 10, 0, 0, 0}, {40, 55, 5, 0, 0}, {5, 45, 25, 5, 20}, {0, 5, 15, 25, 55}};
    s->level = (int8_t)weighted(level_weights, 4);
    s->pathway = (int8_t)weighted(pathway_weights[s->level], 5);
}

static void plan_screenings(void)
{
    static const int count_weights[] = {3, 21, 44, 24, 8};       /* 0 to 4 screenings */
    static const int delay_weights[] = {30, 30, 15, 8, 10, 7};   /* 0, 1, 2, 3, 4-7, 8-40 days */
    screenings = malloc(sizeof *screenings * (size_t)CONCERNS * 4);
    for (int k = 0; k < CONCERNS; k++) {
        struct concern *c = &concerns[k];
        int n = weighted(count_weights, 5), delay = weighted(delay_weights, 6);
        int64_t day = c->day + (delay < 4 ? delay : delay == 4 ? 4 + below(4) : 8 + below(33));
        for (int i = 0; i < n && day <= today; i++) {
            struct screening *s = &screenings[screening_count++];
            *s = (struct screening){.day = (int32_t)day, .second = 8 * 3600 + below(10 * 3600), .concern = k,
                                    .agency = (int8_t)(chance(80) ? A_CHILDRENS : A_POLICE)};
            assess(s);
            c->screenings++;
            c->mace |= s->pathway == 4;
            day += 14 + below(107);
        }
    }
}

static int by_time(const void *a, const void *b)
{
    const struct screening *x = a, *y = b;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    return (x->second > y->second) - (x->second < y->second);
}

static const char *const exploitation_types[] = {
    "child_criminal_exploitation", "county_lines", "child_sexual_exploitation", "missing", "gangs",
    "online_exploitation", "serious_youth_violence", "teenage_relationship_abuse", "trafficking_modern_slavery",
    "radicalisation"};
static const int exploitation_weights[] = {28, 16, 14, 12, 8, 8, 7, 4, 2, 1};

static void exploitation_json(char out[160])
{
    int n = chance(5) ? 0 : chance(25) ? 2 : 1;
    int first = weighted(exploitation_weights, 10), second = weighted(exploitation_weights, 10);
    if (second == first)
        second = (first + 1) % 10;
    if (n == 0)
        snprintf(out, 160, "[]");
    else if (n == 1)
        snprintf(out, 160, "[{\"code\":\"%s\",\"version\":1}]", exploitation_types[first]);
    else
        snprintf(out, 160, "[{\"code\":\"%s\",\"version\":1},{\"code\":\"%s\",\"version\":1}]",
                 exploitation_types[first], exploitation_types[second]);
}

static bool write_concerns(void)
{
    struct insert w;
    bool ok = insert_open(&w, "concerns",
                          "INSERT INTO concerns (id, person_id, context_id, concern_date, raised_by, "
                          "exploitation_types, narrative, status, owner_agency_id, sharing, created_at, updated_at) "
                          "VALUES (?, ?, ?, ?, ?, ?, 'Bench concern.', ?, ?, ?, ?, ?)");
    for (int k = 0; ok && k < CONCERNS; k++) {
        struct concern *c = &concerns[k];
        char id[33], person[33], context[33], date[11], created[STAMP_SIZE], types[160];
        make_id(id, ID_CONCERN, (uint64_t)k);
        if (c->person >= 0)
            make_id(person, ID_PERSON, (uint64_t)c->person);
        if (c->context >= 0)
            make_id(context, ID_CONTEXT, (uint64_t)c->context);
        day_text(c->day, date);
        stamp_text(c->day + (chance(80) ? 0 : below(3)), 8 * 3600 + below(12 * 3600), created);
        exploitation_json(types);
        const char *status = c->screenings == 0 ? "new" : c->mace ? "at_mace" : today - c->day > 180 && chance(60) ? "closed" : "screened";
        put_text(&w, id);
        put_text(&w, c->person >= 0 ? person : NULL);
        put_text(&w, c->context >= 0 ? context : NULL);
        put_text(&w, date);
        put_text(&w, chance(50) ? "Bench officer" : "Bench teacher");
        put_text(&w, types);
        put_text(&w, status);
        put_text(&w, agency_ids[(int)c->agency]);
        put_text(&w, chance(92) ? "hub" : chance(70) ? "agency" : "restricted");
        put_text(&w, created);
        put_text(&w, created);
        ok = insert_row(&w);
    }
    insert_close(&w);
    return ok;
}

static bool write_screenings(void)
{
    qsort(screenings, (size_t)screening_count, sizeof *screenings, by_time);
    struct insert w;
    bool ok = insert_open(&w, "screenings",
                          "INSERT INTO screenings (id, concern_id, person_id, context_id, screened_on, tool_version, "
                          "score, scored_level, risk_level, rationale, pathway, owner_agency_id, sharing, created_at, "
                          "updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, 'Bench.', ?, ?, 'hub', ?, ?)");
    static const int scores[] = {0, 3, 8, 14};
    for (long i = 0; ok && i < screening_count; i++) {
        const struct screening *s = &screenings[i];
        const struct concern *c = &concerns[s->concern];
        char id[33], concern[33], person[33], context[33], date[11], created[STAMP_SIZE];
        make_id(id, ID_SCREENING, (uint64_t)i);
        make_id(concern, ID_CONCERN, (uint64_t)s->concern);
        if (c->person >= 0)
            make_id(person, ID_PERSON, (uint64_t)c->person);
        if (c->context >= 0)
            make_id(context, ID_CONTEXT, (uint64_t)c->context);
        day_text(s->day, date);
        stamp_text(s->day, s->second, created);
        int scored = s->level > 0 && chance(15) ? s->level - 1 : s->level; /* some raised by judgement */
        put_text(&w, id);
        put_text(&w, concern);
        put_text(&w, c->person >= 0 ? person : NULL);
        put_text(&w, c->person < 0 && c->context >= 0 ? context : NULL);
        put_text(&w, date);
        put_int(&w, scores[scored] + below(4));
        put_text(&w, levels[scored]);
        put_text(&w, levels[(int)s->level]);
        put_text(&w, pathways[(int)s->pathway]);
        put_text(&w, agency_ids[(int)s->agency]);
        put_text(&w, created);
        put_text(&w, created);
        ok = insert_row(&w);
    }
    insert_close(&w);
    return ok;
}

static bool concerns_and_screenings(void)
{
    concerns = calloc(CONCERNS, sizeof *concerns);
    if (concerns == NULL)
        return false;
    date_concerns();
    for (int k = 0; k < CONCERNS; k++) {
        struct concern *c = &concerns[k];
        int kind = below(100);
        c->person = kind < 10 ? -1 : (int32_t)(chance(20) ? below(KNOWN) : below(YOUNG_PEOPLE));
        c->context = (int16_t)(kind < 15 ? hot_context() : -1); /* 10: a place only; 5: a young person at a place */
        c->agency = (int8_t)weighted(concern_agency_weights, AGENCIES);
    }
    plan_screenings();
    bool ok = screenings != NULL && write_concerns() && write_screenings();
    return ok;
}

/* ---- contexts: assessments, interventions, disruptions ---- */

static bool write_assessments(long *count)
{
    struct insert w;
    bool ok = insert_open(&w, "context_assessments",
                          "INSERT INTO context_assessments (id, context_id, assessed_on, form, risk_rating, summary, "
                          "owner_agency_id, sharing, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'Bench "
                          "assessment.', ?, 'hub', ?, ?)");
    static const char *const ratings[] = {"low", "medium", "high"};
    for (int c = 0; ok && c < CONTEXTS; c++) {
        if (!(c < HOT_CONTEXTS || chance(68)))
            continue;
        char context[33];
        make_id(context, ID_CONTEXT, (uint64_t)c);
        int rating = c < HOT_CONTEXTS ? 1 + below(2) : below(3);
        for (int64_t day = first_day - 200 + below(400); ok && day <= today; day += 90 + below(61)) {
            char id[33], date[11], created[STAMP_SIZE];
            make_id(id, ID_ASSESSMENT, (uint64_t)*count);
            (*count)++;
            day_text(day, date);
            stamp_text(day, 9 * 3600 + below(8 * 3600), created);
            int step = below(10); /* most get safer, a few worse */
            rating = step < 4 && rating > 0 ? rating - 1 : step >= 8 && rating < 2 ? rating + 1 : rating;
            put_text(&w, id);
            put_text(&w, context);
            put_text(&w, date);
            put_text(&w, context_kinds[context_kind_of[c]]);
            put_text(&w, ratings[rating]);
            put_text(&w, agency_ids[chance(50) ? A_SAFETY : A_POLICE]);
            put_text(&w, created);
            put_text(&w, created);
            ok = insert_row(&w);
        }
    }
    insert_close(&w);
    return ok;
}

static bool write_interventions(void)
{
    static const char *const types[] = {"detached_youth_work", "licensing_action", "cctv", "capable_guardians",
                                        "school_sessions", "police_disruption", "environmental_change",
                                        "business_engagement", "peer_group_work", "online_reporting",
                                        "transport_safety", "community_engagement"};
    struct insert w;
    bool ok = insert_open(&w, "interventions",
                          "INSERT INTO interventions (id, context_id, type, lead_agency_id, started_on, ended_on, "
                          "status, description, owner_agency_id, sharing, created_at, updated_at) VALUES (?, ?, ?, "
                          "?, ?, ?, ?, 'Bench intervention.', ?, 'hub', ?, ?)");
    for (int i = 0; ok && i < INTERVENTIONS; i++) {
        char id[33], context[33], started[11], ended[11], created[STAMP_SIZE];
        make_id(id, ID_INTERVENTION, (uint64_t)i);
        make_id(context, ID_CONTEXT, (uint64_t)(chance(80) ? below(HOT_CONTEXTS) : below(CONTEXTS)));
        int64_t start = first_day + below(DAYS), end = start + 30 + below(150);
        bool over = end <= today && chance(80);
        day_text(start, started);
        day_text(end, ended);
        stamp_text(start, 9 * 3600 + below(8 * 3600), created);
        int lead = below(4) == 0 ? A_POLICE : below(AGENCIES);
        put_text(&w, id);
        put_text(&w, context);
        put_text(&w, types[below(COUNT(types))]);
        put_text(&w, agency_ids[lead]);
        put_text(&w, started);
        put_text(&w, over ? ended : NULL);
        put_text(&w, over ? "ended" : "active");
        put_text(&w, agency_ids[lead]);
        put_text(&w, created);
        put_text(&w, created);
        ok = insert_row(&w);
    }
    insert_close(&w);
    return ok;
}

static bool write_disruptions(void)
{
    static const char *const place_tactics[] = {"community_protection_notice", "closure_order", "licensing_review",
                                                "other"};
    static const char *const person_tactics[] = {"child_abduction_warning_notice", "arrest", "nrm_referral",
                                                 "sexual_risk_order", "slavery_trafficking_prevention_order"};
    struct insert w;
    bool ok = insert_open(&w, "disruptions",
                          "INSERT INTO disruptions (id, person_id, context_id, tactic, tactic_description, agency_id, "
                          "occurred_on, owner_agency_id, sharing, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, "
                          "?, ?, ?, ?, ?)");
    for (int i = 0; ok && i < DISRUPTIONS; i++) {
        char id[33], subject[33], date[11], created[STAMP_SIZE];
        bool place = chance(80);
        make_id(id, ID_DISRUPTION, (uint64_t)i);
        if (place)
            make_id(subject, ID_CONTEXT, (uint64_t)(chance(80) ? below(HOT_CONTEXTS) : below(CONTEXTS)));
        else
            make_id(subject, ID_PERSON, (uint64_t)(YOUNG_PEOPLE + below(ADULTS)));
        int64_t day = first_day + below(DAYS);
        day_text(day, date);
        stamp_text(day, 9 * 3600 + below(10 * 3600), created);
        const char *tactic = place ? place_tactics[below(COUNT(place_tactics))]
                                   : person_tactics[below(COUNT(person_tactics))];
        int agency = chance(70) ? A_POLICE : chance(50) ? A_SAFETY : A_HOMES;
        put_text(&w, id);
        put_text(&w, place ? NULL : subject);
        put_text(&w, place ? subject : NULL);
        put_text(&w, tactic);
        put_text(&w, strcmp(tactic, "other") == 0 ? "Dispersal order" : NULL);
        put_text(&w, agency_ids[agency]);
        put_text(&w, date);
        put_text(&w, agency_ids[agency]);
        put_text(&w, place ? "hub" : "restricted");
        put_text(&w, created);
        put_text(&w, created);
        ok = insert_row(&w);
    }
    insert_close(&w);
    return ok;
}

/* ---- MACE ---- */

struct mace_counts {
    long invited, attendance, items, actions;
};

/* Young people new to MACE come in this order (those known to services
 * first, then others); the rest of an agenda is young people seen lately. */
static int32_t *newcomers;
static int newcomer_next;
#define NEWCOMERS (3 * KNOWN)
#define RECENT 400
static int32_t recent[RECENT];
static int recent_count;

static int32_t agenda_person(void)
{
    if ((recent_count == 0 || chance(40)) && newcomer_next < NEWCOMERS) {
        int32_t p = newcomers[newcomer_next++];
        recent[recent_count++ % RECENT] = p;
        return p;
    }
    return recent[below(recent_count < RECENT ? recent_count : RECENT)];
}

static bool write_meeting(struct insert *meeting, struct insert *invited, struct insert *attendance,
                          struct insert *item, struct insert *action, int m, int64_t day, struct mace_counts *n)
{
    char id[33], date[11], created[STAMP_SIZE], closed[STAMP_SIZE], title[48];
    make_id(id, ID_MEETING, (uint64_t)m);
    day_text(day, date);
    stamp_text(day - 7, 10 * 3600, created);
    stamp_text(day, 13 * 3600, closed);
    bool is_closed = day < today - 7 || (day < today && chance(60));
    snprintf(title, sizeof title, "MACE panel %d", m + 1);
    put_text(meeting, id);
    put_text(meeting, date);
    put_text(meeting, title);
    put_text(meeting, coordinator_id[0] ? coordinator_id : NULL);
    put_text(meeting, is_closed ? "closed" : "open");
    put_text(meeting, is_closed ? closed : NULL);
    put_text(meeting, agency_ids[A_CHILDRENS]);
    put_text(meeting, created);
    put_text(meeting, is_closed ? closed : created);
    bool ok = insert_row(meeting);
    /* agencies invited: 6 to 10 of them, children's services and police always */
    int order[AGENCIES], invited_count = 6 + below(5);
    order[0] = A_CHILDRENS;
    order[1] = A_POLICE;
    for (int a = 0, at = 2; a < AGENCIES; a++)
        if (a != A_CHILDRENS && a != A_POLICE)
            order[at++] = a;
    for (int a = AGENCIES - 1; a > 2; a--) {
        int b = 2 + below(a - 1), t = order[a];
        order[a] = order[b], order[b] = t;
    }
    for (int a = 0; ok && a < invited_count; a++) {
        put_text(invited, id);
        put_text(invited, agency_ids[order[a]]);
        ok = insert_row(invited);
        n->invited++;
        if (day >= today && !is_closed)
            continue; /* still to come: nobody has come yet */
        int came = below(100);
        for (int person = 0; ok && came < 92 && person < (came < 16 ? 2 : 1); person++) {
            char name[32];
            snprintf(name, sizeof name, "Bench attendee %d", person + 1);
            put_text(attendance, id);
            put_text(attendance, agency_ids[order[a]]);
            put_text(attendance, name);
            put_text(attendance, came < 80 ? "present" : "apologies");
            ok = insert_row(attendance);
            n->attendance++;
        }
    }
    /* agenda: about 20 items, mostly young people */
    int items = 15 + below(11);
    char item_ids[32][33];
    int32_t item_people[32];
    for (int i = 0; ok && i < items; i++) {
        int kind = below(100);
        char person[33], context[33];
        int32_t p = kind < 85 ? agenda_person() : -1;
        make_id(item_ids[i], ID_ITEM, (uint64_t)n->items);
        item_people[i] = p;
        if (p >= 0)
            make_id(person, ID_PERSON, (uint64_t)p);
        if (kind >= 85 && kind < 95)
            make_id(context, ID_CONTEXT, (uint64_t)below(HOT_CONTEXTS));
        put_text(item, item_ids[i]);
        put_text(item, id);
        put_int(item, i + 1);
        put_text(item, p >= 0 ? "young_person" : kind < 95 ? "context" : "other");
        put_text(item, p >= 0 ? person : NULL);
        put_text(item, kind >= 85 && kind < 95 ? context : NULL);
        put_text(item, p >= 0 ? "Screened high" : "Bench item");
        put_text(item, is_closed ? "Bench discussion." : NULL);
        put_text(item, agency_ids[A_CHILDRENS]);
        put_text(item, created);
        put_text(item, created);
        ok = insert_row(item);
        n->items++;
    }
    /* actions: 3 to 7, given to agencies invited */
    int actions = day >= today ? 0 : 3 + below(5);
    for (int i = 0; ok && i < actions; i++) {
        char action_id[33], person[33], due[11], done[11], created_action[STAMP_SIZE];
        int on = below(items);
        int64_t due_day = day + 14 + below(43), done_day = due_day;
        make_id(action_id, ID_ACTION, (uint64_t)n->actions);
        if (item_people[on] >= 0)
            make_id(person, ID_PERSON, (uint64_t)item_people[on]);
        day_text(due_day, due);
        const char *status;
        int fate = below(100);
        if (fate < 8) {
            status = "cancelled";
        } else if (due_day < today ? fate < 80 : fate < 25) {
            status = "done";
            done_day = chance(78) ? due_day - below(14) : due_day + 1 + below(21); /* some late */
            if (done_day <= day)
                done_day = day + 1;
            if (done_day > today)
                done_day = today;
        } else {
            status = "open";
        }
        day_text(done_day, done);
        stamp_text(day, 14 * 3600 + i, created_action);
        put_text(action, action_id);
        put_text(action, id);
        put_text(action, item_ids[on]);
        put_text(action, item_people[on] >= 0 ? person : NULL);
        put_text(action, due);
        put_text(action, status);
        put_text(action, strcmp(status, "done") == 0 ? done : NULL);
        put_int(action, strcmp(status, "open") == 0); /* alerted already: no housekeeping while timed */
        put_text(action, agency_ids[order[below(invited_count)]]);
        put_text(action, created_action);
        put_text(action, created_action);
        ok = insert_row(action);
        n->actions++;
    }
    return ok;
}

static bool write_meetings(struct mace_counts *n)
{
    newcomers = malloc(sizeof *newcomers * NEWCOMERS);
    if (newcomers == NULL)
        return false;
    for (int i = 0; i < NEWCOMERS; i++)
        newcomers[i] = i < KNOWN ? i : KNOWN + below(YOUNG_PEOPLE - KNOWN);
    for (int i = KNOWN - 1; i > 0; i--) { /* shuffle the known ones */
        int j = below(i + 1);
        int32_t t = newcomers[i];
        newcomers[i] = newcomers[j], newcomers[j] = t;
    }
    struct insert meeting, invited, attendance, item, action;
    bool ok = insert_open(&meeting, "meetings",
                          "INSERT INTO meetings (id, held_on, title, chair_user_id, status, closed_at, "
                          "owner_agency_id, sharing, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'hub', ?, ?)") &&
              insert_open(&invited, "meeting_agencies", "INSERT INTO meeting_agencies (meeting_id, agency_id) VALUES (?, ?)") &&
              insert_open(&attendance, "meeting_attendance",
                          "INSERT INTO meeting_attendance (meeting_id, agency_id, name, attended) VALUES (?, ?, ?, ?)") &&
              insert_open(&item, "meeting_items",
                          "INSERT INTO meeting_items (id, meeting_id, position, kind, person_id, context_id, reason, "
                          "discussion, owner_agency_id, sharing, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
                          "?, ?, 'hub', ?, ?)") &&
              insert_open(&action, "actions",
                          "INSERT INTO actions (id, meeting_id, item_id, person_id, description, due_on, status, "
                          "completed_on, overdue_alerted, owner_agency_id, sharing, created_at, updated_at) VALUES "
                          "(?, ?, ?, ?, 'Bench action.', ?, ?, ?, ?, ?, 'hub', ?, ?)");
    for (int m = 0; ok && m < MEETINGS; m++) {
        int64_t day = m < MEETINGS - FUTURE_MEETINGS
                          ? first_day + (int64_t)m * DAYS / (MEETINGS - FUTURE_MEETINGS) /* up to today */
                          : today + 1 + (m - (MEETINGS - FUTURE_MEETINGS)) * 28 / FUTURE_MEETINGS;
        ok = write_meeting(&meeting, &invited, &attendance, &item, &action, m, day, n);
    }
    insert_close(&meeting);
    insert_close(&invited);
    insert_close(&attendance);
    insert_close(&item);
    insert_close(&action);
    free(newcomers);
    return ok;
}

/* ---- shared definitions ---- */

static bool write_definitions(long *adoptions)
{
    /* a second version of four exploitation types, published over the years */
    static const char *const revised[] = {"child_criminal_exploitation", "county_lines", "online_exploitation",
                                          "serious_youth_violence"};
    bool ok = true;
    for (int i = 0; ok && i < COUNT(revised); i++) {
        char on[11], sql[600];
        day_text(first_day + 180 + 240 * i, on);
        snprintf(sql, sizeof sql,
                 "INSERT INTO definition_versions (term_id, version, label, definition, adopted_on) SELECT t.id, 2, "
                 "v.label, v.definition || ' (Revised.)', '%s' FROM definition_terms t JOIN definition_versions v ON "
                 "v.term_id = t.id AND v.version = 1 WHERE t.category = 'exploitation_type' AND t.code = '%s'",
                 on, revised[i]);
        ok = exec_sql(sql);
    }
    sqlite3_stmt *s;
    struct insert w;
    ok = ok && insert_open(&w, "definition_adoptions",
                           "INSERT INTO definition_adoptions (term_id, version, agency_id, adopted_on) VALUES (?, ?, ?, ?)") &&
         sql_ok(sqlite3_prepare_v2(db, "SELECT term_id, version, adopted_on FROM definition_versions ORDER BY term_id, version",
                                   -1, &s, NULL),
                "definition versions");
    while (ok && sqlite3_step(s) == SQLITE_ROW) {
        char term[64], published[11];
        snprintf(term, sizeof term, "%s", (const char *)sqlite3_column_text(s, 0));
        int version = sqlite3_column_int(s, 1);
        snprintf(published, sizeof published, "%s", (const char *)sqlite3_column_text(s, 2));
        int y, mo, d;
        sscanf(published, "%d-%d-%d", &y, &mo, &d);
        /* day number of the publication date */
        int64_t yy = y - (mo <= 2), era = (yy >= 0 ? yy : yy - 399) / 400, yoe = yy - era * 400;
        int64_t doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        int64_t day = era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
        for (int a = 0; ok && a < AGENCIES; a++) {
            bool slow = a == A_HOMES || a == A_SAFE_HARBOUR;
            if (slow && chance(version == 1 ? 30 : 60))
                continue; /* not adopted yet */
            int64_t adopted = day + 10 + below(slow ? 700 : 200);
            if (adopted > today)
                continue;
            char on[11];
            day_text(adopted, on);
            put_text(&w, term);
            put_int(&w, version);
            put_text(&w, agency_ids[a]);
            put_text(&w, on);
            ok = insert_row(&w);
            (*adoptions)++;
        }
    }
    sqlite3_finalize(s);
    insert_close(&w);
    return ok;
}

static bool write_populations(void)
{
    struct insert w;
    bool ok = insert_open(&w, "area_populations",
                          "INSERT INTO area_populations (postcode_district, population) VALUES (?, ?)");
    for (int i = 0; ok && i < DISTRICTS; i++) {
        put_text(&w, districts[i]);
        put_int(&w, 2000 + below(7000));
        ok = insert_row(&w);
    }
    insert_close(&w);
    return ok;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: outcomes_data DB   (DB made by cshub demo --accounts-only)\n");
        return 2;
    }
    random_state = 0x6f7574636f6d6521ull;
    today = (int64_t)time(NULL) / 86400;
    first_day = today - DAYS + 1;
    double started = seconds_now();
    if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        fprintf(stderr, "outcomes_data: %s: %s\n", argv[1], sqlite3_errmsg(db));
        return 1;
    }
    long assessments = 0, adoptions = 0;
    struct mace_counts mace = {0};
    bool ok = exec_sql("PRAGMA journal_mode=OFF") && exec_sql("PRAGMA synchronous=OFF") &&
              exec_sql("PRAGMA cache_size=-1048576") && exec_sql("PRAGMA temp_store=MEMORY") &&
              exec_sql("PRAGMA locking_mode=EXCLUSIVE") && exec_sql("BEGIN") && read_agencies() && drop_indexes();
    double t0 = seconds_now();
    ok = ok && write_people();
    double t1 = seconds_now();
    ok = ok && write_contexts() && concerns_and_screenings();
    double t2 = seconds_now();
    ok = ok && write_assessments(&assessments) && write_interventions() && write_disruptions() &&
         write_meetings(&mace) && write_definitions(&adoptions) && write_populations();
    double t3 = seconds_now();
    ok = ok && make_indexes() && exec_sql("COMMIT");
    double t4 = seconds_now();
    ok = ok && exec_sql("PRAGMA locking_mode=NORMAL") && exec_sql("PRAGMA journal_mode=WAL");
    sqlite3_close(db);
    char first[11], last[11];
    day_text(first_day, first);
    day_text(today, last);
    if (ok)
        printf("{\"first_day\":\"%s\",\"today\":\"%s\",\"agencies\":%d,\"young_people\":%d,\"adults\":%d,"
               "\"contexts\":%d,\"concerns\":%d,\"screenings\":%ld,\"assessments\":%ld,\"interventions\":%d,"
               "\"disruptions\":%d,\"meetings\":%d,\"meeting_agencies\":%ld,\"meeting_attendance\":%ld,"
               "\"meeting_items\":%ld,\"actions\":%ld,\"definition_adoptions\":%ld,\"seconds\":%.1f}\n",
               first, last, AGENCIES, YOUNG_PEOPLE, ADULTS, CONTEXTS, CONCERNS, screening_count, assessments,
               INTERVENTIONS, DISRUPTIONS, MEETINGS, mace.invited, mace.attendance, mace.items, mace.actions,
               adoptions, seconds_now() - started);
    fprintf(stderr, "outcomes_data: people %.1f s, concerns and screenings %.1f s, the rest %.1f s, indexes %.1f s\n",
            t1 - t0, t2 - t1, t3 - t2, t4 - t3);
    free(concerns);
    free(screenings);
    return ok ? 0 : 1;
}
