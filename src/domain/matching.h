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

/* Scores a against b; reasons are arena text ("family names sound alike",
 * "day and month of birth swapped", ...), positive and negative. */
void match_score(struct arena *arena, const struct match_person *a, const struct match_person *b,
                 struct match_result *out);

#define MATCH_KEYS_MAX 12

/* Blocking keys of p (arena text) into keys; returns how many. Two records
 * that could match share at least one key. */
int match_keys(struct arena *arena, const struct match_person *p, const char **keys);

/* Exposed for tests: the Soundex code of a name ("R163"), Jaro-Winkler
 * similarity (0 to 1), and whether one given name is a usual short form of
 * the other. Names are compared folded (case and accents ignored). */
void match_soundex(const char *name, char out[5]);
double match_jaro_winkler(const char *a, const char *b);
bool match_nickname(const char *a, const char *b);

#endif
