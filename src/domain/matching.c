/* Scoring two person records; see matching.h. Each piece of evidence adds
 * (or, where the records disagree, takes away) points, in the spirit of
 * Fellegi and Sunter's record linkage: agreeing identifiers count most,
 * then date of birth and names, then postcode and school. */
#include "domain/matching.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "util/arena.h"
#include "util/fold.h"

/* ---- comparing names --------------------------------------------------- */

/* Lower-case letters only: "Achebe-Lowe" -> "achebelowe", "Zoë" -> "zoe". */
static const char *letters_of(struct arena *arena, const char *name)
{
    if (name == NULL)
        return NULL;
    const char *folded = fold_for_search(arena, name);
    char *out = arena_alloc(arena, strlen(folded) + 1), *o = out;
    for (const char *c = folded; *c; c++)
        if (isalpha((unsigned char)*c))
            *o++ = *c;
    *o = '\0';
    return *out ? out : NULL;
}

void match_soundex(const char *name, char out[5])
{
    /* a b c d e f g h i j k l m n o p q r s t u v w x y z */
    static const char codes[] = "01230120022455012623010202";
    int n = 0;
    char last = 0;
    memset(out, 0, 5);
    for (const char *c = name; *c && n < 4; c++) {
        int letter = tolower((unsigned char)*c);
        if (letter < 'a' || letter > 'z')
            continue;
        char code = codes[letter - 'a'];
        if (n == 0) {
            out[n++] = (char)toupper(letter);
        } else if (code != '0' && code != last) {
            out[n++] = code;
        }
        if (letter != 'h' && letter != 'w')
            last = code;
    }
    while (n > 0 && n < 4)
        out[n++] = '0';
}

double match_jaro_winkler(const char *a, const char *b)
{
    int la = (int)strlen(a), lb = (int)strlen(b);
    if (la == 0 || lb == 0)
        return la == lb ? 1.0 : 0.0;
    int window = (la > lb ? la : lb) / 2 - 1;
    if (window < 0)
        window = 0;
    bool used_a[64] = {false}, used_b[64] = {false};
    if (la > 64 || lb > 64)
        return strcmp(a, b) == 0 ? 1.0 : 0.0;
    int matches = 0;
    for (int i = 0; i < la; i++) {
        int from = i - window > 0 ? i - window : 0, to = i + window + 1 < lb ? i + window + 1 : lb;
        for (int j = from; j < to; j++) {
            if (!used_b[j] && a[i] == b[j]) {
                used_a[i] = used_b[j] = true;
                matches++;
                break;
            }
        }
    }
    if (matches == 0)
        return 0.0;
    int transpositions = 0;
    for (int i = 0, j = 0; i < la; i++) {
        if (!used_a[i])
            continue;
        while (!used_b[j])
            j++;
        transpositions += a[i] != b[j++];
    }
    double m = matches;
    double jaro = (m / la + m / lb + (m - transpositions / 2.0) / m) / 3.0;
    int prefix = 0;
    while (prefix < 4 && prefix < la && prefix < lb && a[prefix] == b[prefix])
        prefix++;
    return jaro + prefix * 0.1 * (1.0 - jaro);
}

/* Usual English short forms: {short, full}. */
static const char *const nicknames[][2] = {
    {"tom", "thomas"},      {"tommy", "thomas"},   {"jake", "jacob"},       {"jack", "john"},
    {"johnny", "john"},     {"jon", "jonathan"},   {"bill", "william"},     {"will", "william"},
    {"billy", "william"},   {"liam", "william"},   {"bob", "robert"},       {"rob", "robert"},
    {"robbie", "robert"},   {"bobby", "robert"},   {"dan", "daniel"},       {"danny", "daniel"},
    {"dave", "david"},      {"davey", "david"},    {"mike", "michael"},     {"mikey", "michael"},
    {"mick", "michael"},    {"chris", "christopher"}, {"kate", "katherine"}, {"katie", "katherine"},
    {"kate", "kathryn"},    {"cathy", "catherine"}, {"liz", "elizabeth"},   {"beth", "elizabeth"},
    {"lizzie", "elizabeth"}, {"betty", "elizabeth"}, {"ellie", "eleanor"},   {"ellie", "elizabeth"},
    {"nell", "eleanor"},    {"jess", "jessica"},   {"jessie", "jessica"},   {"sam", "samuel"},
    {"sam", "samantha"},    {"sammy", "samuel"},   {"alex", "alexander"},   {"alex", "alexandra"},
    {"lexi", "alexandra"},  {"zach", "zachary"},   {"zak", "zachary"},      {"josh", "joshua"},
    {"matt", "matthew"},    {"nick", "nicholas"},  {"nicky", "nicola"},     {"ben", "benjamin"},
    {"charlie", "charles"}, {"charlie", "charlotte"}, {"lottie", "charlotte"}, {"freddie", "frederick"},
    {"alfie", "alfred"},    {"harry", "henry"},    {"archie", "archibald"}, {"olly", "oliver"},
    {"ollie", "oliver"},    {"jim", "james"},      {"jimmy", "james"},      {"jamie", "james"},
    {"abby", "abigail"},    {"abbie", "abigail"},  {"becky", "rebecca"},    {"becca", "rebecca"},
    {"steph", "stephanie"}, {"millie", "amelia"},  {"milly", "amelia"},     {"izzy", "isabella"},
    {"bella", "isabella"},  {"issy", "isabel"},    {"gabe", "gabriel"},     {"tony", "anthony"},
    {"ant", "anthony"},     {"rich", "richard"},   {"rick", "richard"},     {"ricky", "richard"},
    {"ted", "edward"},      {"eddie", "edward"},   {"ed", "edward"},        {"steve", "stephen"},
    {"steve", "steven"},    {"stevie", "steven"},  {"kev", "kevin"},        {"mo", "mohammed"},
    {"mo", "muhammad"},     {"moe", "mohammed"},   {"leo", "leon"},         {"nat", "nathan"},
    {"nate", "nathan"},     {"tyler", "ty"},       {"lukas", "lukasz"},     {"luke", "lukasz"},
};

bool match_nickname(const char *a, const char *b)
{
    for (size_t i = 0; a && b && i < sizeof nicknames / sizeof nicknames[0]; i++)
        if (nicknames[i][0][0] != a[0] && nicknames[i][0][0] != b[0])
            continue; /* neither name starts as this short form does (most entries: cheaper than strcmp) */
        else if ((strcmp(a, nicknames[i][0]) == 0 && strcmp(b, nicknames[i][1]) == 0) ||
            (strcmp(b, nicknames[i][0]) == 0 && strcmp(a, nicknames[i][1]) == 0))
            return true;
    return false;
}

/* English spelling variants written alike: "eigh" as "ey", a final -ey,
 * -ie, -ee or -y as -i, y as i, ph as f, ck as k, doubled letters once —
 * so Kayleigh and Kayley, Smyth and Smith, Jayden and Jaiden meet. */
static void spelling_key(const char *name, char *out, size_t size)
{
    char work[64];
    size_t n = 0;
    for (const char *c = name; *c && n + 2 < sizeof work; c++) {
        if (strncmp(c, "eigh", 4) == 0) {
            work[n++] = 'e';
            work[n++] = 'y';
            c += 3;
        } else if (strncmp(c, "ph", 2) == 0) {
            work[n++] = 'f';
            c++;
        } else if (strncmp(c, "ck", 2) == 0) {
            work[n++] = 'k';
            c++;
        } else {
            work[n++] = *c;
        }
    }
    work[n] = '\0';
    static const char *const endings[] = {"ey", "ie", "ee"};
    for (size_t i = 0; i < 3; i++)
        if (n >= 3 && strcmp(work + n - 2, endings[i]) == 0)
            work[--n] = '\0';
    size_t o = 0;
    for (size_t i = 0; i < n && o + 1 < size; i++) {
        char c = work[i] == 'y' ? 'i' : work[i];
        if (o == 0 || out[o - 1] != c)
            out[o++] = c;
    }
    out[o] = '\0';
}

enum name_likeness { NAMES_UNKNOWN, NAMES_DIFFERENT, NAMES_SOUND_ALIKE, NAMES_SPELT_ALIKE, NAMES_SHORT_FORM, NAMES_SAME };

static bool in_short_forms(const char *name)
{
    for (size_t i = 0; i < sizeof nicknames / sizeof nicknames[0]; i++)
        if (nicknames[i][0][0] != name[0] && nicknames[i][1][0] != name[0])
            continue; /* cheaper than strcmp, as in match_nickname */
        else if (strcmp(name, nicknames[i][0]) == 0 || strcmp(name, nicknames[i][1]) == 0)
            return true;
    return false;
}

static void prepare_name(const char *letters, struct match_name *out)
{
    *out = (struct match_name){.letters = letters};
    if (letters == NULL)
        return;
    spelling_key(letters, out->spelling, sizeof out->spelling);
    match_soundex(letters, out->sound);
    out->in_short_forms = in_short_forms(letters);
}

/* The cheap tests first: equal spelling keys before Jaro-Winkler (the
 * answer is the same either way). */
static enum name_likeness compare_names(const struct match_name *a, const struct match_name *b)
{
    if (a->letters == NULL || b->letters == NULL)
        return NAMES_UNKNOWN;
    if (strcmp(a->letters, b->letters) == 0)
        return NAMES_SAME;
    if (a->in_short_forms && b->in_short_forms && match_nickname(a->letters, b->letters))
        return NAMES_SHORT_FORM;
    if (strcmp(a->spelling, b->spelling) == 0 || match_jaro_winkler(a->letters, b->letters) >= 0.9)
        return NAMES_SPELT_ALIKE;
    return strcmp(a->sound, b->sound) == 0 ? NAMES_SOUND_ALIKE : NAMES_DIFFERENT;
}

/* ---- preparing a person ------------------------------------------------- */

/* A postcode as letters and digits only, upper case ("ts18 1au" -> "TS181AU"). */
static const char *compact_postcode(struct arena *arena, const char *postcode)
{
    if (postcode == NULL)
        return NULL;
    char *out = arena_alloc(arena, strlen(postcode) + 1), *o = out;
    for (const char *c = postcode; *c; c++)
        if (isalnum((unsigned char)*c))
            *o++ = (char)toupper((unsigned char)*c);
    *o = '\0';
    return strlen(out) >= 5 ? out : NULL;
}

void match_prepare(struct arena *arena, const struct match_person *p, struct match_prepared *out)
{
    *out = (struct match_prepared){.ids = {p->nhs_number, p->unique_pupil_number, p->police_reference,
                                           p->council_case_number}};
    prepare_name(letters_of(arena, p->given_name), &out->given);
    prepare_name(letters_of(arena, p->family_name), &out->family);
    const char *d = p->date_of_birth;
    if (d != NULL && strlen(d) == 10) {
        memcpy(out->birth, d, 11);
        snprintf(out->birth_swapped, sizeof out->birth_swapped, "%.4s-%.2s-%.2s", d, d + 8, d + 5);
    }
    out->postcode = compact_postcode(arena, p->postcode);
    out->school = p->school ? fold_for_search(arena, p->school) : NULL;
}

/* ---- scoring ------------------------------------------------------------ */

static void add(struct match_result *out, int points, const char *reason)
{
    out->score += points;
    if (out->reason_count < MATCH_REASONS_MAX)
        out->reasons[out->reason_count++] = reason;
}

static bool same_text(const char *a, const char *b)
{
    return a != NULL && b != NULL && *a && strcmp(a, b) == 0;
}

static void score_identifiers(struct match_result *out, const struct match_prepared *a, const struct match_prepared *b)
{
    static const struct {
        const char *same, *different;
        int agree, disagree;
    } ids[] = {
        {"same NHS number", "different NHS numbers", 60, -40},
        {"same unique pupil number", "different unique pupil numbers", 50, -30},
        {"same police reference", NULL, 40, 0},
        {"same council case number", NULL, 40, 0},
    };
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        if (a->ids[i] == NULL || b->ids[i] == NULL)
            continue;
        if (strcmp(a->ids[i], b->ids[i]) == 0)
            add(out, ids[i].agree, ids[i].same);
        else if (ids[i].disagree != 0)
            add(out, ids[i].disagree, ids[i].different);
    }
}

static const int given_points[] = {[NAMES_UNKNOWN] = 0, [NAMES_DIFFERENT] = -30, [NAMES_SOUND_ALIKE] = 11,
                                   [NAMES_SPELT_ALIKE] = 13, [NAMES_SHORT_FORM] = 13, [NAMES_SAME] = 15};
static const int family_points[] = {[NAMES_UNKNOWN] = 0, [NAMES_DIFFERENT] = -20, [NAMES_SOUND_ALIKE] = 14,
                                    [NAMES_SPELT_ALIKE] = 17, [NAMES_SHORT_FORM] = 17, [NAMES_SAME] = 20};
static const char *const given_words[] = {[NAMES_UNKNOWN] = "", [NAMES_DIFFERENT] = "first names differ",
                                          [NAMES_SOUND_ALIKE] = "first names sound alike",
                                          [NAMES_SPELT_ALIKE] = "first names are spelt alike",
                                          [NAMES_SHORT_FORM] = "first names are a short and a full form",
                                          [NAMES_SAME] = "first names are the same"};
static const char *const family_words[] = {[NAMES_UNKNOWN] = "", [NAMES_DIFFERENT] = "family names differ",
                                           [NAMES_SOUND_ALIKE] = "family names sound alike",
                                           [NAMES_SPELT_ALIKE] = "family names are spelt alike",
                                           [NAMES_SHORT_FORM] = "family names are a short and a full form",
                                           [NAMES_SAME] = "family names are the same"};

static void score_names(struct match_result *out, const struct match_prepared *a, const struct match_prepared *b)
{
    enum name_likeness given = compare_names(&a->given, &b->given), family = compare_names(&a->family, &b->family);
    int straight = given_points[given] + family_points[family];
    /* Crossed over only when straight the names do not agree well. */
    bool swapped = straight < 20 && compare_names(&a->given, &b->family) >= NAMES_SPELT_ALIKE &&
                   compare_names(&a->family, &b->given) >= NAMES_SPELT_ALIKE;
    if (swapped) {
        add(out, 32, "first and last names swapped");
        return;
    }
    if (given != NAMES_UNKNOWN)
        add(out, given_points[given], given_words[given]);
    if (family != NAMES_UNKNOWN)
        add(out, family_points[family], family_words[family]);
}

/* The positions at which two YYYY-MM-DD dates differ (digits only). */
static int digits_differing(const char *a, const char *b)
{
    int differing = 0;
    for (int i = 0; i < 10; i++)
        differing += a[i] != b[i];
    return differing;
}

static void score_birth(struct match_result *out, const struct match_prepared *a, const struct match_prepared *b)
{
    const char *x = a->birth, *y = b->birth;
    if (*x == '\0' || *y == '\0')
        return;
    if (strcmp(x, y) == 0)
        add(out, 25, "same date of birth");
    else if (strcmp(x, b->birth_swapped) == 0)
        add(out, 24, "day and month of birth swapped");
    else if (digits_differing(x, y) == 1)
        add(out, 18, "dates of birth differ by one digit");
    else if (strncmp(x, y, 7) == 0)
        add(out, 5, "born in the same month");
    else
        add(out, -25, "different dates of birth");
}

static void score_place(struct match_result *out, const struct match_prepared *a, const struct match_prepared *b)
{
    const char *pa = a->postcode, *pb = b->postcode;
    if (same_text(pa, pb))
        add(out, 10, "same postcode");
    else if (pa && pb && strlen(pa) == strlen(pb) && strncmp(pa, pb, strlen(pa) - 3) == 0)
        add(out, 4, "same postcode district");
    if (same_text(a->school, b->school))
        add(out, 8, "same school");
}

void match_score_prepared(const struct match_prepared *a, const struct match_prepared *b, struct match_result *out)
{
    *out = (struct match_result){0};
    score_identifiers(out, a, b);
    score_names(out, a, b);
    score_birth(out, a, b);
    score_place(out, a, b);
    out->score = out->score < 0 ? 0 : out->score > 100 ? 100 : out->score;
}

void match_score(struct arena *arena, const struct match_person *a, const struct match_person *b,
                 struct match_result *out)
{
    struct match_prepared pa, pb;
    match_prepare(arena, a, &pa);
    match_prepare(arena, b, &pb);
    match_score_prepared(&pa, &pb, out);
}

/* ---- blocking keys ------------------------------------------------------ */

int match_keys(struct arena *arena, const struct match_person *p, const char **keys)
{
    struct match_prepared prepared;
    match_prepare(arena, p, &prepared);
    return match_keys_prepared(arena, &prepared, keys);
}

int match_keys_prepared(struct arena *arena, const struct match_prepared *p, const char **keys)
{
    int n = 0;
    const char *given = p->given.letters, *family = p->family.letters;
    const char *sg = given ? p->given.sound : "", *sf = family ? p->family.sound : "";
    if (family && given) {
        /* Either order, so that swapped names meet. */
        keys[n++] = arena_printf(arena, "names:%s%s", strcmp(sg, sf) < 0 ? sg : sf, strcmp(sg, sf) < 0 ? sf : sg);
    }
    const char *dob = *p->birth ? p->birth : NULL;
    if (dob && family) {
        keys[n++] = arena_printf(arena, "family-year:%s%.4s", sf, dob);
    }
    if (dob) {
        /* Day and month in either order, so that a swap meets. */
        const char *day = dob + 8, *month = dob + 5;
        keys[n++] = arena_printf(arena, "birth:%.4s-%.2s-%.2s", dob, strncmp(day, month, 2) < 0 ? day : month,
                                 strncmp(day, month, 2) < 0 ? month : day);
        if (given)
            keys[n++] = arena_printf(arena, "given-year:%s%.4s", sg, dob);
    }
    const char *const names[] = {"nhs", "upn", "police", "council"};
    for (size_t i = 0; i < 4 && n < MATCH_KEYS_MAX; i++)
        if (p->ids[i] != NULL && *p->ids[i])
            keys[n++] = arena_printf(arena, "%s:%s", names[i], p->ids[i]);
    return n;
}
