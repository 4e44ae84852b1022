/* Matching records across agencies: how likely two person records are
 * the same young person — the police's "Kayleigh Smyth, 03/07/2009" and
 * the school's "Kayley Smith, 07/03/2009" — as a score from 0 to 100 with
 * the reasons, and the blocking keys that bring likely matches together
 * so that not every pair need be compared. Pure functions: no database,
 * no access decisions (the caller only compares records the reader may
 * see). The weights are documented in docs/analysis.md. */
#ifndef CSHUB_MATCHING_H
#define CSHUB_MATCHING_H

#include <stdbool.h>

struct arena;

/* The fields compared; any may be NULL. */
struct match_person {
    const char *given_name;
    const char *family_name;
    const char *date_of_birth; /* YYYY-MM-DD */
    const char *postcode;
    const char *school;
    const char *nhs_number;
    const char *unique_pupil_number;
    const char *police_reference;
    const char *council_case_number;
};

#define MATCH_REASONS_MAX 10
#define MATCH_LIKELY 55   /* a score at least this: likely the same young person */
#define MATCH_POSSIBLE 40 /* at least this: worth a look */

struct match_result {
    int score; /* 0 to 100 */
    const char *reasons[MATCH_REASONS_MAX];
    int reason_count;
};

/* Scores a against b; reasons ("family names sound alike", "day and
 * month of birth swapped", ...), positive and negative, are static text.
 * The arena holds the records' prepared forms. */
void match_score(struct arena *arena, const struct match_person *a, const struct match_person *b,
                 struct match_result *out);

/* A name as compared: its letters folded ("zoe"), its spelling key, its
 * Soundex code, and whether it is in the short-form table at all. */
struct match_name {
    const char *letters; /* NULL: none */
    char spelling[64];
    char sound[5];
    bool in_short_forms;
};

/* A person prepared once for many comparisons (the backfill scores each
 * person against dozens): what match_score works out from the fields. */
struct match_prepared {
    struct match_name given, family;
    char birth[11], birth_swapped[11]; /* "" unless YYYY-MM-DD */
    const char *postcode;              /* compact, upper case; NULL when under 5 characters */
    const char *school;                /* folded */
    const char *ids[4];                /* NHS number, pupil number, police reference, council case number */
};

/* Prepares p (arena text; the identifiers stay p's). */
void match_prepare(struct arena *arena, const struct match_person *p, struct match_prepared *out);

/* match_score on prepared people: the same score and reasons. */
void match_score_prepared(const struct match_prepared *a, const struct match_prepared *b, struct match_result *out);

#define MATCH_KEYS_MAX 12

/* Blocking keys of p (arena text) into keys; returns how many. Two records
 * that could match share at least one key. */
int match_keys(struct arena *arena, const struct match_person *p, const char **keys);

/* The same keys from a prepared person. */
int match_keys_prepared(struct arena *arena, const struct match_prepared *p, const char **keys);

/* Exposed for tests: the Soundex code of a name ("R163"), Jaro-Winkler
 * similarity (0 to 1), and whether one given name is a usual short form of
 * the other. Names are compared folded (case and accents ignored). */
void match_soundex(const char *name, char out[5]);
double match_jaro_winkler(const char *a, const char *b);
bool match_nickname(const char *a, const char *b);

#endif
