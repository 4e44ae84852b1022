/* The matching benchmark's C side: how fast cshub finds records of the
 * same young person written by different agencies, and how well.
 *
 *   matching_bench generate DIR   fills two databases already made by
 *                                 `cshub migrate`: DIR/matching-1m.db
 *                                 (1,000,000 people, with their matching
 *                                 keys) and DIR/matching-100k.db (100,000
 *                                 people without keys, 7% of them planted
 *                                 variants of another, with look-alikes
 *                                 who are not the same), and the planted
 *                                 pairs in DIR/matching-truth.txt
 *   matching_bench time DIR       times cshub's own code on them and prints
 *                                 one JSON line (bench/matching_report.py
 *                                 prints it as a table)
 *   matching_bench backfill DIR   only the backfill of the 100,000, for
 *                                 profiling
 *
 * What is timed: duplicates_candidates() for 1,000 new records among the
 * million (half near-variants of someone there, half new people; each
 * written with its keys, timed, then rolled back), and
 * duplicates_save_keys(), what saving a person adds; then
 * duplicates_backfill() run to completion over the 100,000 (keys and
 * scored pairs for everyone, as the server's housekeeping does it; any
 * from an earlier run are cleared first, untimed), its pairs compared
 * with the planted ones for precision and recall. The
 * reference is the naive way without blocking keys: match_score() for
 * every pair, timed on a sample of pairs and multiplied out.
 *
 * People are invented (given and family names of varied origins, dates of
 * birth over twenty years, postcodes, schools, some identifiers) and
 * written straight into the tables with SQLite's prepared statements
 * (the store prepares every statement anew), in one transaction; their
 * search keys are left empty (search is not timed). */
#include <math.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/duplicates.h"
#include "domain/matching.h"
#include "domain/person.h"
#include "store/store.h"
#include "util/arena.h"

#include "bench_common.h"

#ifndef BIG /* smaller sizes for a trial run: -DBIG=... -DSMALL=... */
#define BIG 1000000
#endif
#ifndef SMALL
#define SMALL 100000
#endif
#define QUERIES 1000
#define WARM_UP 20
#define NAIVE_SAMPLE 200000
#define BACKFILL_BATCH 500 /* as cshub serve's housekeeping */

#define BIG_PREFIX "be0c0101"
#define SMALL_PREFIX "be0c0102"
#define QUERY_PREFIX "be0c0103"
#define AGENCY_ID "be0c01000000000000000000000000aa"
#define STAMP "2026-11-01T09:00:00.000Z"

/* CPU time of this thread: apart from waiting for a core the machine's
 * other work holds. */
static double cpu_seconds_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* 0 to 1, from the random sequence of bench_common.h. */
static double uniform(void)
{
    return (double)(next_random() >> 11) / 9007199254740992.0;
}

/* ---- invented names, places and schools ---------------------------- */

static const char *const given_names[] = {
    "Oliver", "Mohammed", "Amelia", "Olivia", "Harry", "Isla", "Jack", "Ava", "George", "Noah", "Muhammad",
    "Leo", "Lily", "Freya", "Charlie", "Jacob", "Emily", "Poppy", "Alfie", "Isabella", "Thomas", "Sophia",
    "Oscar", "Grace", "James", "Mia", "William", "Evie", "Joshua", "Ella", "Daniel", "Chloe", "Samuel",
    "Jessica", "Liam", "Ruby", "Kayleigh", "Jayden", "Tyler", "Courtney", "Callum", "Shannon", "Kieran",
    "Bethany", "Connor", "Megan", "Reece", "Jade", "Aaliyah", "Ayaan", "Zainab", "Ibrahim", "Fatima",
    "Yusuf", "Maryam", "Omar", "Aisha", "Hamza", "Khadija", "Bilal", "Hafsa", "Priya", "Arjun", "Aarav",
    "Ananya", "Rohan", "Simran", "Harpreet", "Gurpreet", "Navjot", "Chidi", "Adaeze", "Oluwaseun",
    "Chiamaka", "Tunde", "Folake", "Emeka", "Ngozi", "Kwame", "Abena", "Kofi", "Ama", "Amara", "Tendai",
    "Jakub", "Zofia", "Kacper", "Maja", "Szymon", "Zuzanna", "Oliwia", "Filip", "Lena", "Mateusz",
    "Andrei", "Ioana", "Darius", "Bianca", "Stefan", "Elena", "Siobhan", "Niamh", "Ciaran", "Aoife",
    "Declan", "Saoirse", "Padraig", "Oisin", "Rhys", "Cerys", "Dylan", "Sian", "Gethin", "Ffion", "Tyrese",
    "Shanice", "Jermaine", "Marcus", "Keisha", "Andre", "Nia", "Malachi", "Zara", "Hassan", "Abdi",
    "Hodan", "Ayan", "Sagal", "Mustafa", "Wei", "Mei", "Jun", "Li", "Hao", "Ying", "Minh", "Linh", "Duc",
    "Thanh", "Mateo", "Lucia", "Diego", "Sofia", "Alejandro", "Valentina", "Luca", "Giulia", "Marco",
    "Chiara", "Elif", "Emir", "Zeynep", "Kerem", "Deniz", "Rebecca", "Alexander", "Elizabeth",
    "Katherine", "Benjamin", "Nicholas", "Matthew", "Charlotte", "Abigail", "Robert", "Edward", "Michael",
};

static const char *const family_names[] = {
    "Smith", "Jones", "Khan", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel",
    "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Thomas",
    "Clarke", "Jackson", "Wood", "Harris", "Edwards", "Turner", "Martin", "Cooper", "Hill", "Ward",
    "Hughes", "Moore", "Clark", "King", "Harrison", "Lewis", "Baker", "Lee", "Allen", "Morris", "Ali",
    "Hussain", "Ahmed", "Begum", "Rahman", "Akhtar", "Iqbal", "Malik", "Shah", "Mahmood", "Islam",
    "Singh", "Kaur", "Sharma", "Gill", "Sandhu", "Dhillon", "Chauhan", "Mistry", "Parmar", "Okafor",
    "Adeyemi", "Okonkwo", "Mensah", "Owusu", "Boateng", "Asante", "Adebayo", "Nwosu", "Eze", "Oyelaran",
    "Mwangi", "Moyo", "Nowak", "Kowalski", "Wisniewski", "Wojcik", "Kaminski", "Lewandowski", "Zielinski",
    "Dabrowski", "Popescu", "Ionescu", "Popa", "Stan", "Murphy", "Kelly", "O'Brien", "O'Sullivan", "Byrne",
    "Ryan", "Doyle", "McCarthy", "Gallagher", "Doherty", "Campbell", "Stewart", "MacDonald", "Fraser",
    "Morgan", "Price", "Griffiths", "Bowen", "Pritchard", "Llewellyn", "Francis", "Richards",
    "Grant", "Reid", "Bailey", "Samuels", "Henry", "Mohamed", "Abdi", "Farah", "Warsame", "Hassan", "Chen",
    "Wang", "Zhang", "Liu", "Nguyen", "Tran", "Pham", "Le", "Garcia", "Rodriguez", "Fernandes", "Silva",
    "Santos", "Rossi", "Esposito", "Yilmaz", "Demir", "Kaya", "Sahin", "Fothergill", "Hebblethwaite",
    "Ullathorne", "Kirkleatham", "Marske", "Varley", "Bairstow", "Ackroyd", "Sutcliffe", "Haigh",
    "Lumb", "Greenwood", "Holroyd", "Brearley", "Crowther", "Illingworth", "Pickles", "Barraclough",
    "Achebe-Lowe", "Smyth", "Stephenson", "Atkinson", "Dixon", "Pearson", "Marshall", "Sanderson",
    "Wainwright", "Ramsden", "Whiteley", "Hargreaves", "Metcalfe", "Kershaw", "Shackleton", "Mitchell",
};

static const char *const places[] = {
    "Larkfield", "Brackenmoor", "Kestrel Vale", "Fernhill", "Ashby Moor", "Coldwater", "Harrowgate",
    "Millbrook", "Stonecross", "Ravensdale", "Thornleigh", "Elmstead", "Wyvern", "Oakhurst", "Highcliffe",
    "Saltburn Road", "Marsh Lane", "Greystones", "Westfield", "Northgate", "Priory", "Cobden", "Heathside",
    "Riverside", "Quarry Bank", "Lindley", "Moorside", "St Aldric's", "St Hilda's", "Holy Cross",
};
static const char *const school_kinds[] = {
    "Academy", "High School", "Primary School", "Community College", "Junior School", "Infant School",
    "Catholic College", "Church of England Primary", "Pupil Referral Unit", "Free School",
};

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Short forms that agencies write for a full name. */
static const char *const short_forms[][2] = {
    {"Thomas", "Tom"},   {"Jacob", "Jake"},      {"William", "Will"},  {"Daniel", "Danny"},
    {"Samuel", "Sam"},   {"Joshua", "Josh"},     {"Rebecca", "Becky"}, {"Alexander", "Alex"},
    {"Elizabeth", "Liz"}, {"Katherine", "Katie"}, {"Benjamin", "Ben"},  {"Nicholas", "Nick"},
    {"Matthew", "Matt"}, {"Charlotte", "Lottie"}, {"Abigail", "Abby"},  {"Robert", "Rob"},
    {"Edward", "Eddie"}, {"Michael", "Mikey"},   {"James", "Jamie"},   {"Oliver", "Ollie"},
    {"Mohammed", "Mo"},  {"Charlie", "Charles"}, {"Jessica", "Jess"},  {"Alfie", "Alfred"},
};

/* Names drawn with a long tail, the first in each list the most common:
 * name i with weight 1 / (i + NAME_TAIL), so the first given and family
 * names are each about 2% of people. */
#define NAME_TAIL 20.0

static int skewed(int n)
{
    double total = log((n + NAME_TAIL) / NAME_TAIL);
    return (int)fmin(n - 1, floor(NAME_TAIL * exp(uniform() * total) - NAME_TAIL));
}

/* ---- one invented person ---------------------------------------------- */

struct bench_person {
    char kind[20], given[40], family[40], dob[11], postcode[10], school[64];
    char nhs[24], upn[24], police[24], council[24];
};

static long next_identifier = 1;

static void random_postcode(char out[10])
{
    static const char units[] = "ABDEFGHJLNPQRSTUWXYZ";
    snprintf(out, 10, "KV%d %d%c%c", 1 + below(30), below(10), units[below(20)], units[below(20)]);
}

static void random_school(char out[64])
{
    snprintf(out, 64, "%s %s", places[below(COUNT(places))], school_kinds[below(COUNT(school_kinds))]);
}

static void random_birth(char out[11], int year)
{
    static const int days_in[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int month = below(12);
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)year % 10000u, (unsigned)(month + 1) % 100u,
             (unsigned)(1 + below(days_in[month])) % 100u);
}

/* Identifiers, each unique, held by some: NHS number, unique pupil number,
 * police reference, council case number. */
static void random_identifiers(struct bench_person *p)
{
    long n = next_identifier++;
    p->nhs[0] = p->upn[0] = p->police[0] = p->council[0] = '\0';
    if (below(10) < 4)
        snprintf(p->nhs, sizeof p->nhs, "%010ld", 9000000000L + n);
    if (below(10) < 5)
        snprintf(p->upn, sizeof p->upn, "K%012ld", 880000000000L + n);
    if (below(20) == 0)
        snprintf(p->police, sizeof p->police, "PR%08ld", n);
    if (below(20) < 3)
        snprintf(p->council, sizeof p->council, "CS%08ld", n);
}

static void random_person(struct bench_person *p)
{
    memset(p, 0, sizeof *p);
    snprintf(p->kind, sizeof p->kind, "%s", below(30) == 0 ? "adult_of_concern" : "young_person");
    snprintf(p->given, sizeof p->given, "%s", given_names[skewed(COUNT(given_names))]);
    snprintf(p->family, sizeof p->family, "%s", family_names[skewed(COUNT(family_names))]);
    random_birth(p->dob, 2006 + below(20));
    if (below(10) < 8)
        random_postcode(p->postcode);
    if (below(10) < 6)
        random_school(p->school);
    random_identifiers(p);
}

/* ---- the same young person as another agency writes them ------------ */

/* A small spelling change: a letter doubled, dropped, or a vowel changed. */
static void misspell(char *name, size_t size)
{
    size_t length = strlen(name);
    if (length < 4)
        return;
    size_t at = 1 + (size_t)below((int)length - 2);
    int how = below(3);
    if (how == 0 && length + 1 < size) {
        memmove(name + at + 1, name + at, length - at + 1);
    } else if (how == 1) {
        memmove(name + at, name + at + 1, length - at);
    } else {
        static const char vowels[] = "aeiouy";
        for (size_t i = at; i < length; i++)
            if (strchr(vowels, name[i])) {
                name[i] = vowels[(strchr(vowels, name[i]) - vowels + 1 + below(5)) % 6];
                break;
            }
    }
}

static bool shorten(char *given, size_t size)
{
    for (int i = 0; i < COUNT(short_forms); i++)
        if (strcmp(given, short_forms[i][0]) == 0) {
            snprintf(given, size, "%s", short_forms[i][1]);
            return true;
        }
    return false;
}

static void swap_names(struct bench_person *v)
{
    char given[40];
    memcpy(given, v->given, sizeof given);
    memcpy(v->given, v->family, sizeof v->given);
    memcpy(v->family, given, sizeof v->family);
}

/* A typing error in the day (staying a real day), or day and month swapped. */
static void mistype_birth(struct bench_person *v, bool swap)
{
    int day = atoi(v->dob + 8), month = atoi(v->dob + 5);
    if (swap && day <= 12 && day != month) {
        snprintf(v->dob + 5, 6, "%02u-%02u", (unsigned)day % 100u, (unsigned)month % 100u);
        return;
    }
    int typed = day % 10 == 8 ? day - 1 : day + 1;
    snprintf(v->dob + 8, 3, "%02u", (unsigned)(typed > 28 ? typed - 10 : typed) % 100u);
}

static void vary_once(struct bench_person *v)
{
    switch (below(8)) {
    case 0: misspell(v->family, sizeof v->family); break;
    case 1: misspell(v->given, sizeof v->given); break;
    case 2:
        if (!shorten(v->given, sizeof v->given))
            misspell(v->given, sizeof v->given);
        break;
    case 3: swap_names(v); break;
    case 4: mistype_birth(v, false); break;
    case 5: mistype_birth(v, true); break;
    case 6: v->dob[0] = '\0'; break;
    default: v->postcode[0] = '\0'; break;
    }
}

/* What another agency knows: its own address and school details, and only
 * some of the identifiers (sometimes one of its own). */
static void other_agency_details(struct bench_person *v)
{
    int place = below(10);
    if (place < 2)
        v->postcode[0] = '\0';
    else if (place < 4)
        random_postcode(v->postcode);
    if (below(2) == 0)
        v->school[0] = '\0';
    char *ids[] = {v->nhs, v->upn, v->police, v->council};
    for (int i = 0; i < 4; i++)
        if (below(10) < 7)
            ids[i][0] = '\0';
    if (below(10) == 0 && v->upn[0] == '\0')
        snprintf(v->upn, sizeof v->upn, "K%012ld", 770000000000L + next_identifier++);
    if (below(5) == 0)
        for (char *c = v->family; *c; c++)
            *c = (char)(*c >= 'a' && *c <= 'z' ? *c - 'a' + 'A' : *c);
}

static void variant_of(const struct bench_person *original, struct bench_person *v)
{
    *v = *original;
    other_agency_details(v);
    vary_once(v);
    if (below(10) < 3)
        vary_once(v);
}

/* ---- look-alikes who are not the same --------------------------------- */

static void another_given_name(const struct bench_person *p, struct bench_person *other)
{
    char a[5], b[5];
    match_soundex(p->given, a);
    do {
        snprintf(other->given, sizeof other->given, "%s", given_names[below(COUNT(given_names))]);
        match_soundex(other->given, b);
    } while (strcmp(a, b) == 0);
}

static void sibling_of(const struct bench_person *p, struct bench_person *s, bool twin)
{
    random_person(s);
    snprintf(s->kind, sizeof s->kind, "%s", p->kind);
    snprintf(s->family, sizeof s->family, "%s", p->family);
    snprintf(s->postcode, sizeof s->postcode, "%s", p->postcode);
    if (twin || below(2) == 0)
        snprintf(s->school, sizeof s->school, "%s", p->school);
    another_given_name(p, s);
    if (twin && p->dob[0])
        snprintf(s->dob, sizeof s->dob, "%s", p->dob);
    else if (p->dob[0])
        random_birth(s->dob, atoi(p->dob) + (below(2) ? 1 : -1) * (1 + below(4)));
}

/* Someone else with p's name and birthday (namesake), or with p's first
 * name and birthday only. */
static void born_the_same_day(const struct bench_person *p, struct bench_person *s, bool namesake)
{
    random_person(s);
    snprintf(s->given, sizeof s->given, "%s", p->given);
    if (namesake)
        snprintf(s->family, sizeof s->family, "%s", p->family);
    if (p->dob[0])
        snprintf(s->dob, sizeof s->dob, "%s", p->dob);
}

/* ---- writing people with prepared statements ------------------------ */

struct writer {
    sqlite3 *db;
    sqlite3_stmt *person, *key;
    struct arena *arena;
    int since_arena;
};

static bool sql_ok(sqlite3 *db, int rc, const char *what)
{
    if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW)
        return true;
    fprintf(stderr, "matching_bench: %s: %s\n", what, sqlite3_errmsg(db));
    return false;
}

static bool exec_sql(sqlite3 *db, const char *sql)
{
    return sql_ok(db, sqlite3_exec(db, sql, NULL, NULL, NULL), sql);
}

static bool writer_open(struct writer *w, const char *path)
{
    *w = (struct writer){0};
    if (!sql_ok(w->db, sqlite3_open_v2(path, &w->db, SQLITE_OPEN_READWRITE, NULL), path))
        return false;
    w->arena = arena_new();
    return exec_sql(w->db, "PRAGMA synchronous=OFF") && exec_sql(w->db, "PRAGMA cache_size=-262144") &&
           exec_sql(w->db, "BEGIN") &&
           sql_ok(w->db, sqlite3_prepare_v2(w->db,
               "INSERT INTO people (id, kind, given_name, family_name, date_of_birth, postcode, school, nhs_number, "
               "unique_pupil_number, police_reference, council_case_number, owner_agency_id, sharing, created_at, "
               "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'hub', ?, ?)", -1, &w->person, NULL), "prepare") &&
           sql_ok(w->db, sqlite3_prepare_v2(w->db,
               "INSERT OR IGNORE INTO person_match_keys (person_id, match_key) VALUES (?, ?)", -1, &w->key, NULL),
               "prepare");
}

static bool writer_close(struct writer *w, bool ok)
{
    sqlite3_finalize(w->person);
    sqlite3_finalize(w->key);
    ok = ok && exec_sql(w->db, "COMMIT");
    sqlite3_close(w->db);
    arena_free(w->arena);
    return ok;
}

static struct match_person match_view(const struct bench_person *p)
{
    return (struct match_person){
        .given_name = p->given, .family_name = p->family, .date_of_birth = p->dob[0] ? p->dob : NULL,
        .postcode = p->postcode[0] ? p->postcode : NULL, .school = p->school[0] ? p->school : NULL,
        .nhs_number = p->nhs[0] ? p->nhs : NULL, .unique_pupil_number = p->upn[0] ? p->upn : NULL,
        .police_reference = p->police[0] ? p->police : NULL, .council_case_number = p->council[0] ? p->council : NULL};
}

static void bind_text_or_null(sqlite3_stmt *s, int at, const char *text)
{
    if (text == NULL || *text == '\0')
        sqlite3_bind_null(s, at);
    else
        sqlite3_bind_text(s, at, text, -1, SQLITE_TRANSIENT);
}

static bool write_person(struct writer *w, const char *id, const struct bench_person *p)
{
    const char *values[] = {id, p->kind, p->given, p->family, p->dob, p->postcode, p->school, p->nhs,
                            p->upn, p->police, p->council, AGENCY_ID, STAMP, STAMP};
    sqlite3_reset(w->person);
    for (int i = 0; i < COUNT(values); i++)
        bind_text_or_null(w->person, i + 1, values[i]);
    return sql_ok(w->db, sqlite3_step(w->person), "insert person");
}

/* The keys match_keys() gives, as duplicates_save_keys would store them. */
static bool write_keys(struct writer *w, const char *id, const struct bench_person *p)
{
    if (++w->since_arena == 10000) {
        arena_free(w->arena);
        w->arena = arena_new();
        w->since_arena = 0;
    }
    struct match_person m = match_view(p);
    const char *keys[MATCH_KEYS_MAX];
    int n = match_keys(w->arena, &m, keys);
    bool ok = true;
    for (int i = 0; ok && i < n; i++) {
        sqlite3_reset(w->key);
        bind_text_or_null(w->key, 1, id);
        bind_text_or_null(w->key, 2, keys[i]);
        ok = sql_ok(w->db, sqlite3_step(w->key), "insert key");
    }
    return ok;
}

static void person_id(const char *prefix, int index, char out[33])
{
    snprintf(out, 33, "%s%024x", prefix, (unsigned)index);
}

static bool write_agency(struct writer *w)
{
    return exec_sql(w->db, "INSERT INTO agencies (id, name, kind, created_at) VALUES ('" AGENCY_ID
                           "', 'Bench Children''s Services', 'childrens_services', '" STAMP "')");
}

/* ---- the two data sets ----------------------------------------------- */

static bool generate_big(const char *path)
{
    struct writer w;
    bool ok = writer_open(&w, path) && write_agency(&w);
    for (int i = 0; ok && i < BIG; i++) {
        struct bench_person p;
        char id[33];
        random_person(&p);
        person_id(BIG_PREFIX, i, id);
        ok = write_person(&w, id, &p) && write_keys(&w, id, &p);
    }
    return writer_close(&w, ok);
}

/* Shares of the 100,000, in thousandths: planted variants, siblings,
 * twins, namesakes born the same day, first name and birthday shared. */
#define VARIANT_SHARE 70
#define SIBLING_SHARE 30
#define TWIN_SHARE 10
#define NAMESAKE_SHARE 3
#define BIRTHDAY_SHARE 10

static const char *const relations[] = {"variant", "sibling", "twin", "namesake", "birthday"};

/* Person i of the small set, perhaps related to an earlier one (written
 * to truth as "relation earlier i"). */
static void small_person(struct bench_person *people, bool *has_variant, int i, FILE *truth)
{
    static const int shares[] = {VARIANT_SHARE, SIBLING_SHARE, TWIN_SHARE, NAMESAKE_SHARE, BIRTHDAY_SHARE};
    int roll = below(1000), relation = -1;
    for (int r = 0, upto = 0; r < COUNT(shares) && relation < 0; r++)
        relation = roll < (upto += shares[r]) ? r : -1;
    int earlier = i > 1000 ? below(i) : -1;
    if (relation < 0 || earlier < 0 || (relation == 0 && has_variant[earlier])) {
        random_person(&people[i]);
        return;
    }
    if (relation == 0)
        variant_of(&people[earlier], &people[i]);
    else if (relation <= 2)
        sibling_of(&people[earlier], &people[i], relation == 2);
    else
        born_the_same_day(&people[earlier], &people[i], relation == 3);
    if (relation == 0)
        has_variant[earlier] = has_variant[i] = true; /* one variant each: the truth stays pairs */
    fprintf(truth, "%s %d %d\n", relations[relation], earlier, i);
}

static bool generate_small(const char *path, FILE *truth)
{
    struct bench_person *people = calloc(SMALL, sizeof *people);
    bool *has_variant = calloc(SMALL, sizeof *has_variant);
    struct writer w;
    bool ok = people && has_variant && writer_open(&w, path) && write_agency(&w);
    for (int i = 0; ok && i < SMALL; i++) {
        char id[33];
        small_person(people, has_variant, i, truth);
        person_id(SMALL_PREFIX, i, id);
        ok = write_person(&w, id, &people[i]);
    }
    if (people && has_variant)
        ok = writer_close(&w, ok);
    free(people);
    free(has_variant);
    return ok;
}

static int generate(const char *dir)
{
    char big[4096], small[4096];
    snprintf(big, sizeof big, "%s/matching-1m.db", dir);
    snprintf(small, sizeof small, "%s/matching-100k.db", dir);
    double started = seconds_now();
    FILE *truth = open_in(dir, "matching-truth.txt", "w");
    bool ok = truth && generate_big(big) && generate_small(small, truth);
    if (truth)
        ok = fclose(truth) == 0 && ok;
    fprintf(stderr, "matching_bench: generated %d and %d people in %.0f s\n", BIG, SMALL, seconds_now() - started);
    return ok ? 0 : 1;
}

/* ---- timing one new record among the million ------------------------ */

struct latencies {
    double ms[QUERIES];
    int n;
};

static void add_latency(struct latencies *l, double seconds)
{
    l->ms[l->n++] = seconds * 1000;
}

static double percentile(struct latencies *l, int p)
{
    qsort(l->ms, (size_t)l->n, sizeof l->ms[0], by_value);
    return l->n ? l->ms[p == 100 ? l->n - 1 : (l->n * p) / 100] : 0;
}

struct query_totals {
    struct latencies candidates, candidates_cpu, save;
    long shared_a_key, scored, kept;
    int variants, originals_found;
};

static bool load_person(struct domain_context *ctx, const char *id, struct record *out)
{
    struct record *found;
    int rows = 0;
    const struct store_value p[] = {store_text(id)};
    if (record_select_for_matching(ctx, "r.id = ?", p, 1, NULL, 0, &found, &rows) != STORE_OK || rows != 1)
        return false;
    *out = found[0];
    return true;
}

static void copy_field(char *to, size_t size, const char *from)
{
    snprintf(to, size, "%s", from ? from : "");
}

static void from_record(const struct record *r, struct bench_person *p)
{
    const char *const *v = r->values;
    copy_field(p->kind, sizeof p->kind, v[PERSON_KIND]);
    copy_field(p->given, sizeof p->given, v[PERSON_GIVEN_NAME]);
    copy_field(p->family, sizeof p->family, v[PERSON_FAMILY_NAME]);
    copy_field(p->dob, sizeof p->dob, v[PERSON_DATE_OF_BIRTH]);
    copy_field(p->postcode, sizeof p->postcode, v[PERSON_POSTCODE]);
    copy_field(p->school, sizeof p->school, v[PERSON_SCHOOL]);
    copy_field(p->nhs, sizeof p->nhs, v[PERSON_NHS_NUMBER]);
    copy_field(p->upn, sizeof p->upn, v[PERSON_UNIQUE_PUPIL_NUMBER]);
    copy_field(p->police, sizeof p->police, v[PERSON_POLICE_REFERENCE]);
    copy_field(p->council, sizeof p->council, v[PERSON_COUNCIL_CASE_NUMBER]);
}

/* The new record: a variant of someone among the million (whose id goes
 * to original) or someone new. */
static bool new_record(struct domain_context *ctx, int q, struct bench_person *p, char original[33])
{
    original[0] = '\0';
    if (q % 2 == 1) {
        random_person(p);
        return true;
    }
    struct record r;
    person_id(BIG_PREFIX, below(BIG), original);
    if (!load_person(ctx, original, &r))
        return false;
    struct bench_person known;
    from_record(&r, &known);
    variant_of(&known, p);
    return true;
}

static bool insert_new(struct domain_context *ctx, const char *id, const struct bench_person *p)
{
    const char *values[] = {id, p->kind, p->given, p->family, p->dob, p->postcode, p->school, p->nhs,
                            p->upn, p->police, p->council, AGENCY_ID, STAMP, STAMP};
    struct store_value params[COUNT(values)];
    for (int i = 0; i < COUNT(values); i++)
        params[i] = values[i][0] ? store_text(values[i]) : store_null();
    enum store_status status = store_exec(ctx->conn,
        "INSERT INTO people (id, kind, given_name, family_name, date_of_birth, postcode, school, nhs_number, "
        "unique_pupil_number, police_reference, council_case_number, owner_agency_id, sharing, created_at, "
        "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'hub', ?, ?)", params, COUNT(values), NULL);
    struct match_person m = match_view(p);
    const char *keys[MATCH_KEYS_MAX];
    int n = match_keys(ctx->arena, &m, keys);
    for (int i = 0; status == STORE_OK && i < n; i++) {
        const struct store_value row[] = {store_text(id), store_text(keys[i])};
        status = store_exec(ctx->conn, "INSERT OR IGNORE INTO person_match_keys (person_id, match_key) VALUES (?, ?)",
                            row, 2, NULL);
    }
    return status == STORE_OK;
}

/* How many people share a key with id: the block duplicates_candidates
 * reads, before its cap of DUPLICATE_CANDIDATES_MAX. */
static long sharing_a_key(struct domain_context *ctx, const char *id)
{
    const struct store_value p[] = {store_text(id), store_text(id)};
    struct store_result r;
    if (store_query(ctx->conn, ctx->arena,
                    "SELECT count(DISTINCT k.person_id) AS n FROM person_match_keys k WHERE k.match_key IN "
                    "(SELECT match_key FROM person_match_keys WHERE person_id = ?) AND k.person_id <> ?",
                    p, 2, &r) != STORE_OK || r.rows != 1)
        return -1;
    return (long)store_cell_int(&r, 0, "n");
}

/* Whether the record a variant was made from is among its candidates
 * (all of which score at least MATCH_POSSIBLE). */
static bool found_original(const struct duplicate *found, int count, const char *original)
{
    for (int i = 0; i < count; i++)
        if (strcmp(found[i].person.id, original) == 0)
            return true;
    return false;
}

/* Times one new record: candidates with its keys stored, then saving its
 * keys and pairs as creating a person does; rolled back after. */
static bool time_query(struct domain_context *ctx, int q, struct query_totals *t, bool counted)
{
    struct bench_person p;
    char id[33], original[33];
    struct record r;
    struct duplicate *found;
    int count = 0;
    person_id(QUERY_PREFIX, q, id);
    bool ok = new_record(ctx, q, &p, original) && store_begin(ctx->conn) == STORE_OK;
    ok = ok && insert_new(ctx, id, &p) && load_person(ctx, id, &r);
    double t0 = seconds_now(), cpu0 = cpu_seconds_now();
    ok = ok && duplicates_candidates(ctx, &r, &found, &count) == STORE_OK;
    double t1 = seconds_now(), cpu1 = cpu_seconds_now();
    ok = ok && duplicates_save_keys(ctx, &r) == STORE_OK;
    double t2 = seconds_now();
    long shared = ok ? sharing_a_key(ctx, id) : -1;
    store_rollback(ctx->conn);
    if (!ok || !counted)
        return ok;
    add_latency(&t->candidates, t1 - t0);
    add_latency(&t->candidates_cpu, cpu1 - cpu0);
    add_latency(&t->save, t2 - t1);
    t->shared_a_key += shared;
    t->scored += shared < DUPLICATE_CANDIDATES_MAX ? shared : DUPLICATE_CANDIDATES_MAX;
    t->kept += count;
    t->variants += original[0] != '\0';
    t->originals_found += original[0] && found_original(found, count, original);
    return true;
}

static struct store *open_store(const char *dir, const char *name, struct store_conn **conn)
{
    char path[4096], error[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    struct store *store = store_open(path, 1, error, sizeof error);
    if (store == NULL)
        fprintf(stderr, "matching_bench: %s\n", error);
    *conn = store ? store_acquire(store) : NULL;
    return store;
}

static void close_store(struct store *store, struct store_conn *conn)
{
    if (store == NULL)
        return;
    store_release(store, conn);
    store_close(store);
}

static void print_queries(struct query_totals *t)
{
    int n = t->candidates.n ? t->candidates.n : 1;
    printf("\"queries\": %d, \"candidates_p50_ms\": %.3f, \"candidates_p99_ms\": %.3f, \"candidates_max_ms\": %.3f, "
           "\"candidates_cpu_p50_ms\": %.3f, \"candidates_cpu_p99_ms\": %.3f, \"save_p50_ms\": %.3f, \"save_p99_ms\": %.3f, \"save_max_ms\": %.3f, \"mean_sharing_a_key\": %.1f, "
           "\"mean_scored\": %.1f, \"mean_kept\": %.2f, \"variants\": %d, \"originals_found\": %d, ",
           t->candidates.n, percentile(&t->candidates, 50), percentile(&t->candidates, 99),
           percentile(&t->candidates, 100), percentile(&t->candidates_cpu, 50), percentile(&t->candidates_cpu, 99),
           percentile(&t->save, 50), percentile(&t->save, 99),
           percentile(&t->save, 100), (double)t->shared_a_key / n, (double)t->scored / n, (double)t->kept / n,
           t->variants, t->originals_found);
}

static bool time_big(const char *dir)
{
    struct store_conn *conn;
    struct store *store = open_store(dir, "matching-1m.db", &conn);
    struct query_totals *t = calloc(1, sizeof *t);
    bool ok = store != NULL && t != NULL;
    random_state = 0x71756572696573ull;
    next_identifier = 10L * BIG; /* new people's identifiers are nobody else's */
    for (int q = 0; ok && q < WARM_UP + QUERIES; q++) {
        struct domain_context ctx = {.conn = conn, .arena = arena_new()};
        ok = time_query(&ctx, q, t, q >= WARM_UP);
        arena_free(ctx.arena);
    }
    if (ok)
        print_queries(t);
    free(t);
    close_store(store, conn);
    return ok;
}

/* ---- all likely duplicates among 100,000 ---------------------------- */

struct truth {
    int *original_of; /* for a planted variant: its original; else -1 */
    int *looks_like;  /* for a look-alike: whom; its relation in relation_of */
    signed char *relation_of;
    int planted;
};

static bool read_truth(const char *dir, struct truth *t)
{
    FILE *f = open_in(dir, "matching-truth.txt", "r");
    t->original_of = malloc(sizeof *t->original_of * SMALL);
    t->looks_like = malloc(sizeof *t->looks_like * SMALL);
    t->relation_of = malloc(SMALL);
    t->planted = 0;
    if (f == NULL || !t->original_of || !t->looks_like || !t->relation_of) {
        if (f)
            fclose(f);
        return false;
    }
    for (int i = 0; i < SMALL; i++)
        t->original_of[i] = t->looks_like[i] = t->relation_of[i] = -1;
    char relation[16];
    int a, b;
    while (fscanf(f, "%15s %d %d", relation, &a, &b) == 3 && a >= 0 && b < SMALL && a < b) {
        for (int r = 0; r < COUNT(relations); r++)
            if (strcmp(relation, relations[r]) == 0)
                t->relation_of[b] = (signed char)r;
        t->looks_like[b] = a;
        t->original_of[b] = strcmp(relation, "variant") == 0 ? a : -1;
        t->planted += strcmp(relation, "variant") == 0;
    }
    fclose(f);
    return true;
}

static void free_truth(struct truth *t)
{
    free(t->original_of);
    free(t->looks_like);
    free(t->relation_of);
}

static int index_of(const char *id)
{
    return (int)strtol(id + 8, NULL, 16);
}

struct pair_counts {
    const struct truth *truth;
    long found[2], right[2];         /* at MATCH_POSSIBLE, MATCH_LIKELY */
    long wrong_by_relation[2][6];    /* false ones: by the look-alike kind, last: none planted */
};

static bool count_pair(void *context, const struct store_value *row, int columns)
{
    struct pair_counts *c = context;
    (void)columns;
    int a = index_of(row[0].text), b = index_of(row[1].text), score = (int)row[2].integer;
    int low = a < b ? a : b, high = a < b ? b : a;
    bool same = c->truth->original_of[high] == low;
    int relation = c->truth->looks_like[high] == low ? c->truth->relation_of[high] : COUNT(relations);
    for (int t = 0; t < 2; t++) {
        if (score < (t ? MATCH_LIKELY : MATCH_POSSIBLE))
            continue;
        c->found[t]++;
        c->right[t] += same;
        if (!same)
            c->wrong_by_relation[t][relation]++;
    }
    return true;
}

/* How many pairs of people share at least one key: what the backfill
 * compares (less the few past DUPLICATE_CANDIDATES_MAX for one person),
 * against every pair without blocking. */
static long pairs_sharing_a_key(struct store_conn *conn, struct arena *arena)
{
    struct store_result r;
    if (store_query(conn, arena,
                    "SELECT count(*) AS n FROM (SELECT DISTINCT a.person_id, b.person_id FROM person_match_keys a "
                    "JOIN person_match_keys b ON b.match_key = a.match_key AND b.person_id > a.person_id)",
                    NULL, 0, &r) != STORE_OK || r.rows != 1)
        return -1;
    return (long)store_cell_int(&r, 0, "n");
}

static bool reset_small(struct store_conn *conn)
{
    return store_exec(conn, "DELETE FROM person_match_pairs", NULL, 0, NULL) == STORE_OK &&
           store_exec(conn, "DELETE FROM person_match_keys", NULL, 0, NULL) == STORE_OK;
}

static bool run_backfill(struct store_conn *conn, double *seconds, double *cpu)
{
    bool done = false, ok = true;
    int64_t after = 0;
    double started = seconds_now(), cpu_started = cpu_seconds_now();
    while (ok && !done) {
        struct arena *arena = arena_new();
        ok = duplicates_backfill(conn, arena, BACKFILL_BATCH, &after, &done) == STORE_OK;
        arena_free(arena);
    }
    *seconds = seconds_now() - started;
    *cpu = cpu_seconds_now() - cpu_started;
    return ok;
}

static void print_pairs(const struct pair_counts *c, int planted)
{
    const char *at[] = {"possible", "likely"};
    for (int t = 0; t < 2; t++) {
        printf("\"%s_pairs\": %ld, \"%s_precision\": %.4f, \"%s_recall\": %.4f, ", at[t], c->found[t], at[t],
               c->found[t] ? (double)c->right[t] / (double)c->found[t] : 1.0, at[t],
               planted ? (double)c->right[t] / planted : 0.0);
        printf("\"%s_wrong\": {", at[t]);
        for (int r = 1; r <= COUNT(relations); r++)
            printf("%s\"%s\": %ld", r > 1 ? ", " : "", r < COUNT(relations) ? relations[r] : "unplanted",
                   c->wrong_by_relation[t][r]);
        printf("}, ");
    }
}

/* ---- the naive reference: every pair scored ------------------------- */

struct naive {
    double per_pair_us;
    int blocked, recall_possible, recall_likely; /* over the planted pairs, scored directly */
};

static bool share_a_key(struct arena *arena, const struct match_person *a, const struct match_person *b)
{
    const char *ka[MATCH_KEYS_MAX], *kb[MATCH_KEYS_MAX];
    int na = match_keys(arena, a, ka), nb = match_keys(arena, b, kb);
    for (int i = 0; i < na; i++)
        for (int j = 0; j < nb; j++)
            if (strcmp(ka[i], kb[j]) == 0)
                return true;
    return false;
}

static struct match_person record_view(const struct record *r)
{
    const char *const *v = r->values;
    return (struct match_person){
        .given_name = v[PERSON_GIVEN_NAME], .family_name = v[PERSON_FAMILY_NAME],
        .date_of_birth = v[PERSON_DATE_OF_BIRTH], .postcode = v[PERSON_POSTCODE], .school = v[PERSON_SCHOOL],
        .nhs_number = v[PERSON_NHS_NUMBER], .unique_pupil_number = v[PERSON_UNIQUE_PUPIL_NUMBER],
        .police_reference = v[PERSON_POLICE_REFERENCE], .council_case_number = v[PERSON_COUNCIL_CASE_NUMBER]};
}

/* match_score over NAIVE_SAMPLE random pairs of the people in memory, in
 * CPU time (pure computation, multiplied a thousandfold and more: kept
 * apart from the machine's other work). */
static double time_scoring(const struct match_person *people, int count)
{
    struct arena *arena = arena_new();
    double started = cpu_seconds_now();
    for (int i = 0; i < NAIVE_SAMPLE; i++) {
        if (i % 10000 == 0) {
            arena_free(arena);
            arena = arena_new();
        }
        struct match_result r;
        match_score(arena, &people[below(count)], &people[below(count)], &r);
    }
    double us = (cpu_seconds_now() - started) * 1e6 / NAIVE_SAMPLE;
    arena_free(arena);
    return us;
}

static void score_planted(const struct match_person *people, const struct truth *t, struct naive *n)
{
    struct arena *arena = arena_new();
    for (int i = 0; i < SMALL; i++) {
        if (t->original_of[i] < 0)
            continue;
        struct match_result r;
        match_score(arena, &people[t->original_of[i]], &people[i], &r);
        n->recall_possible += r.score >= MATCH_POSSIBLE;
        n->recall_likely += r.score >= MATCH_LIKELY;
        n->blocked += share_a_key(arena, &people[t->original_of[i]], &people[i]);
    }
    arena_free(arena);
}

static bool naive_reference(struct store_conn *conn, const struct truth *t, struct naive *n)
{
    struct domain_context ctx = {.conn = conn, .arena = arena_new()};
    struct record *records;
    int rows = 0;
    bool ok = record_select_for_matching(&ctx, "1 = 1", NULL, 0, "ORDER BY r.id", 0, &records, &rows) == STORE_OK &&
              rows == SMALL;
    struct match_person *people = ok ? arena_alloc(ctx.arena, sizeof *people * SMALL) : NULL;
    for (int i = 0; ok && i < SMALL; i++)
        people[i] = record_view(&records[i]);
    if (ok) {
        n->per_pair_us = time_scoring(people, SMALL);
        score_planted(people, t, n);
    }
    arena_free(ctx.arena);
    return ok;
}

static bool time_small(const char *dir)
{
    struct store_conn *conn;
    struct store *store = open_store(dir, "matching-100k.db", &conn);
    struct truth truth = {0};
    struct pair_counts counts = {.truth = &truth};
    struct naive naive = {0};
    double seconds = 0, cpu = 0;
    const struct store_value at_least[] = {store_int(MATCH_POSSIBLE)};
    bool ok = store && read_truth(dir, &truth) && reset_small(conn) && run_backfill(conn, &seconds, &cpu) &&
              store_each(conn, "SELECT person_id, other_id, score FROM person_match_pairs WHERE score >= ?", at_least,
                         1, count_pair, &counts) == STORE_OK &&
              naive_reference(conn, &truth, &naive);
    struct arena *arena = arena_new();
    long compared = ok ? pairs_sharing_a_key(conn, arena) : -1;
    arena_free(arena);
    if (ok) {
        printf("\"people\": %d, \"planted\": %d, \"backfill_s\": %.3f, \"backfill_cpu_s\": %.3f, "
               "\"pairs_sharing_a_key\": %ld, ", SMALL, truth.planted, seconds, cpu, compared);
        print_pairs(&counts, truth.planted);
        printf("\"naive_per_pair_us\": %.3f, \"naive_blocked\": %d, \"naive_recall_possible\": %.4f, "
               "\"naive_recall_likely\": %.4f, ", naive.per_pair_us, naive.blocked,
               truth.planted ? (double)naive.recall_possible / truth.planted : 0.0,
               truth.planted ? (double)naive.recall_likely / truth.planted : 0.0);
    }
    free_truth(&truth);
    close_store(store, conn);
    return ok;
}

static int time_all(const char *dir)
{
    printf("{");
    bool ok = time_big(dir) && time_small(dir);
    printf("\"big\": %d, \"likely\": %d, \"possible\": %d, \"ok\": %s}\n", BIG, MATCH_LIKELY, MATCH_POSSIBLE,
           ok ? "true" : "false");
    return ok ? 0 : 1;
}

/* Only the backfill, for profiling. */
static int time_backfill_only(const char *dir)
{
    struct store_conn *conn;
    struct store *store = open_store(dir, "matching-100k.db", &conn);
    double seconds = 0, cpu = 0;
    bool ok = store && reset_small(conn) && run_backfill(conn, &seconds, &cpu);
    printf("{\"backfill_s\": %.3f, \"backfill_cpu_s\": %.3f}\n", seconds, cpu);
    close_store(store, conn);
    return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
    random_state = 0x6d61746368696e67ull;
    if (argc == 3 && strcmp(argv[1], "backfill") == 0)
        return time_backfill_only(argv[2]);
    if (argc == 3 && strcmp(argv[1], "generate") == 0)
        return generate(argv[2]);
    if (argc == 3 && strcmp(argv[1], "time") == 0)
        return time_all(argv[2]);
    fprintf(stderr, "usage: matching_bench generate|time|backfill DIR\n");
    return 2;
}
