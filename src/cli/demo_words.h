/* The invented words `cshub demo` builds its partnership from: given and
 * family names, streets, the places, groups, schools and online spaces of
 * the invented borough of Kestrel Vale, and the sentences its concerns are
 * written in. Nothing here names a real person or place. */
#ifndef CSHUB_DEMO_WORDS_H
#define CSHUB_DEMO_WORDS_H

#include <stddef.h>

#define DEMO_COUNT(array) (sizeof(array) / sizeof((array)[0]))

extern const char *const demo_female_names[];
extern const size_t demo_female_name_count;
extern const char *const demo_male_names[];
extern const size_t demo_male_name_count;
extern const char *const demo_family_names[];
extern const size_t demo_family_name_count;
extern const char *const demo_street_names[];
extern const size_t demo_street_name_count;
extern const char *const demo_aliases[];
extern const size_t demo_alias_count;
extern const char *const demo_ethnicities[];
extern const size_t demo_ethnicity_count;

/* The places, groups, schools, online spaces and neighbourhoods. owner
 * says which demo practitioner records it (an index into the demo's list
 * of practitioners); hotspot marks where the peer groups gather. */
struct demo_context_seed {
    const char *kind;
    const char *name;
    const char *location_kind; /* locations only */
    const char *address;
    const char *postcode;
    const char *platform;      /* online spaces only */
    const char *description;
    double latitude, longitude; /* 0: none recorded */
    const char *sharing;
    int owner;
    int hotspot;               /* 1 when the groups gather there */
};

extern const struct demo_context_seed demo_context_seeds[];
extern const size_t demo_context_seed_count;

/* A peer group: its context (an index into demo_context_seeds), where it
 * gathers, the exploitation it is drawn into, and how many members. */
struct demo_group_seed {
    int context;
    int places[3];
    int online_space; /* -1: none */
    const char *exploitation[2];
    int members;
    int adults;
};

extern const struct demo_group_seed demo_group_seeds[];
extern const size_t demo_group_seed_count;

/* Indicators that go with each exploitation type, for coding concerns. */
struct demo_exploitation_words {
    const char *code;
    const char *indicators[12];
    const char *narratives[4]; /* with "{name}" (given name) and "{place}" */
};

extern const struct demo_exploitation_words demo_exploitation_words[];
extern const size_t demo_exploitation_word_count;

extern const char *const demo_push_factors[];
extern const size_t demo_push_factor_count;
extern const char *const demo_adverse_experiences[];
extern const size_t demo_adverse_experience_count;
extern const char *const demo_young_person_words[];
extern const size_t demo_young_person_word_count;
/* Concerns about a place, each with "{place}". */
extern const char *const demo_context_narratives[];
extern const size_t demo_context_narrative_count;

#endif
