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

static enum name_likeness compare_names(const char *a, const char *b)
{
    if (a == NULL || b == NULL)
        return NAMES_UNKNOWN;
    if (strcmp(a, b) == 0)
        return NAMES_SAME;
    if (match_nickname(a, b))
        return NAMES_SHORT_FORM;
    char ka[64], kb[64];
    spelling_key(a, ka, sizeof ka);
    spelling_key(b, kb, sizeof kb);
    if (match_jaro_winkler(a, b) >= 0.9 || strcmp(ka, kb) == 0)
        return NAMES_SPELT_ALIKE;
    char sa[5], sb[5];
    match_soundex(a, sa);
    match_soundex(b, sb);
    return strcmp(sa, sb) == 0 ? NAMES_SOUND_ALIKE : NAMES_DIFFERENT;
}

/* ---- scoring ------------------------------------------------------------ */

struct tally {
    struct arena *arena;
    struct match_result *out;
};

static void add(struct tally *t, int points, const char *reason)
{
    t->out->score += points;
    if (t->out->reason_count < MATCH_REASONS_MAX)
        t->out->reasons[t->out->reason_count++] = reason;
}

static bool same_text(const char *a, const char *b)
{
    return a != NULL && b != NULL && *a && strcmp(a, b) == 0;
}

static void score_identifiers(struct tally *t, const struct match_person *a, const struct match_person *b)
{
    const struct {
        const char *x, *y, *name;
        int agree, disagree;
    } ids[] = {
        {a->nhs_number, b->nhs_number, "NHS number", 60, -40},
        {a->unique_pupil_number, b->unique_pupil_number, "unique pupil number", 50, -30},
        {a->police_reference, b->police_reference, "police reference", 40, 0},
        {a->council_case_number, b->council_case_number, "council case number", 40, 0},
    };
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        if (ids[i].x == NULL || ids[i].y == NULL)
            continue;
        if (strcmp(ids[i].x, ids[i].y) == 0)
            add(t, ids[i].agree, arena_printf(t->arena, "same %s", ids[i].name));
        else if (ids[i].disagree != 0)
            add(t, ids[i].disagree, arena_printf(t->arena, "different %ss", ids[i].name));
    }
}

static const int given_points[] = {[NAMES_UNKNOWN] = 0, [NAMES_DIFFERENT] = -30, [NAMES_SOUND_ALIKE] = 11,
                                   [NAMES_SPELT_ALIKE] = 13, [NAMES_SHORT_FORM] = 13, [NAMES_SAME] = 15};
static const int family_points[] = {[NAMES_UNKNOWN] = 0, [NAMES_DIFFERENT] = -20, [NAMES_SOUND_ALIKE] = 14,
                                    [NAMES_SPELT_ALIKE] = 17, [NAMES_SHORT_FORM] = 17, [NAMES_SAME] = 20};
static const char *const likeness_words[] = {[NAMES_UNKNOWN] = "", [NAMES_DIFFERENT] = "differ",
                                             [NAMES_SOUND_ALIKE] = "sound alike", [NAMES_SPELT_ALIKE] = "are spelt alike",
                                             [NAMES_SHORT_FORM] = "are a short and a full form", [NAMES_SAME] = "are the same"};

static void score_names(struct tally *t, const struct match_person *a, const struct match_person *b)
{
    const char *ga = letters_of(t->arena, a->given_name), *gb = letters_of(t->arena, b->given_name);
    const char *fa = letters_of(t->arena, a->family_name), *fb = letters_of(t->arena, b->family_name);
    enum name_likeness given = compare_names(ga, gb), family = compare_names(fa, fb);
    int straight = given_points[given] + family_points[family];
    /* Crossed over only when straight the names do not agree well. */
    bool swapped = straight < 20 && compare_names(ga, fb) >= NAMES_SPELT_ALIKE &&
                   compare_names(fa, gb) >= NAMES_SPELT_ALIKE;
    if (swapped) {
        add(t, 32, "first and last names swapped");
        return;
    }
    if (given != NAMES_UNKNOWN)
        add(t, given_points[given], arena_printf(t->arena, "first names %s", likeness_words[given]));
    if (family != NAMES_UNKNOWN)
        add(t, family_points[family], arena_printf(t->arena, "family names %s", likeness_words[family]));
}

/* The positions at which two YYYY-MM-DD dates differ (digits only). */
static int digits_differing(const char *a, const char *b)
{
    int differing = 0;
    for (int i = 0; i < 10; i++)
        differing += a[i] != b[i];
    return differing;
}

static void score_birth(struct tally *t, const struct match_person *a, const struct match_person *b)
{
    const char *x = a->date_of_birth, *y = b->date_of_birth;
    if (x == NULL || y == NULL || strlen(x) != 10 || strlen(y) != 10)
        return;
    char swapped[11];
    snprintf(swapped, sizeof swapped, "%.4s-%.2s-%.2s", y, y + 8, y + 5);
    if (strcmp(x, y) == 0)
        add(t, 25, "same date of birth");
    else if (strcmp(x, swapped) == 0)
        add(t, 24, "day and month of birth swapped");
    else if (digits_differing(x, y) == 1)
        add(t, 18, "dates of birth differ by one digit");
    else if (strncmp(x, y, 7) == 0)
        add(t, 5, "born in the same month");
    else
        add(t, -25, "different dates of birth");
}

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

static void score_place(struct tally *t, const struct match_person *a, const struct match_person *b)
{
    const char *pa = compact_postcode(t->arena, a->postcode), *pb = compact_postcode(t->arena, b->postcode);
    if (same_text(pa, pb))
        add(t, 10, "same postcode");
    else if (pa && pb && strlen(pa) == strlen(pb) && strncmp(pa, pb, strlen(pa) - 3) == 0)
        add(t, 4, "same postcode district");
    const char *sa = a->school ? fold_for_search(t->arena, a->school) : NULL;
    const char *sb = b->school ? fold_for_search(t->arena, b->school) : NULL;
    if (same_text(sa, sb))
        add(t, 8, "same school");
}

void match_score(struct arena *arena, const struct match_person *a, const struct match_person *b,
                 struct match_result *out)
{
    *out = (struct match_result){0};
    struct tally t = {arena, out};
    score_identifiers(&t, a, b);
    score_names(&t, a, b);
    score_birth(&t, a, b);
    score_place(&t, a, b);
    out->score = out->score < 0 ? 0 : out->score > 100 ? 100 : out->score;
}

/* ---- blocking keys ------------------------------------------------------ */

int match_keys(struct arena *arena, const struct match_person *p, const char **keys)
{
    int n = 0;
    const char *given = letters_of(arena, p->given_name), *family = letters_of(arena, p->family_name);
    char sg[5] = "", sf[5] = "";
    if (given)
        match_soundex(given, sg);
    if (family)
        match_soundex(family, sf);
    if (family && given) {
        /* Either order, so that swapped names meet. */
        keys[n++] = arena_printf(arena, "names:%s", strcmp(sg, sf) < 0 ? arena_printf(arena, "%s%s", sg, sf)
                                                                       : arena_printf(arena, "%s%s", sf, sg));
    }
    const char *dob = p->date_of_birth && strlen(p->date_of_birth) == 10 ? p->date_of_birth : NULL;
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
    const char *ids[][2] = {{"nhs", p->nhs_number}, {"upn", p->unique_pupil_number}, {"police", p->police_reference},
                            {"council", p->council_case_number}};
    for (size_t i = 0; i < 4 && n < MATCH_KEYS_MAX; i++)
        if (ids[i][1] != NULL && *ids[i][1])
            keys[n++] = arena_printf(arena, "%s:%s", ids[i][0], ids[i][1]);
    return n;
}
