/* The casework of `cshub demo`; see demo_casework.h. A plan is drawn first
 * (who each young person is, which agency knows them, which peer group
 * they run with), then entered step by step as the practitioner or
 * coordinator concerned, each step in its own arena. */
#include "cli/demo_casework.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/demo_disruptions.h"
#include "cli/demo_interventions.h"
#include "cli/demo_outcomes.h"
#include "cli/demo_meetings.h"
#include "cli/demo_words.h"
#include "domain/concern.h"
#include "domain/context.h"
#include "domain/definition.h"
#include "domain/link.h"
#include "domain/person.h"
#include "domain/screening.h"
#include "domain/user.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/clock.h"

enum practitioner {
    P_POLICE,
    P_POLICE_2,
    P_LARKFIELD,
    P_BRACKENMOOR,
    P_HEALTH,
    P_YOUTH_JUSTICE,
    P_SOCIAL_WORK,
    P_COMMUNITY_SAFETY,
    P_YOUTH_WORK,
    P_HOUSING,
    PRACTITIONER_COUNT,
};

const char *const demo_practitioner_emails[PRACTITIONER_COUNT] = {
    [P_POLICE] = "police@kestrel-vale.example",
    [P_POLICE_2] = "police.exploitation@kestrel-vale.example",
    [P_LARKFIELD] = "school@kestrel-vale.example",
    [P_BRACKENMOOR] = "brackenmoor@kestrel-vale.example",
    [P_HEALTH] = "health@kestrel-vale.example",
    [P_YOUTH_JUSTICE] = "youth.justice@kestrel-vale.example",
    [P_SOCIAL_WORK] = "social.worker@kestrel-vale.example",
    [P_COMMUNITY_SAFETY] = "community.safety@kestrel-vale.example",
    [P_YOUTH_WORK] = "youth.work@kestrel-vale.example",
    [P_HOUSING] = "housing@kestrel-vale.example",
};
const int demo_practitioner_count = PRACTITIONER_COUNT;

const char *const demo_coordinator_emails[] = {"coordinator@kestrel-vale.example",
                                               "coordinator.deputy@kestrel-vale.example"};
const int demo_coordinator_count = 2;

#define YOUNG_PEOPLE 300
#define ADULTS 25
#define PEOPLE (YOUNG_PEOPLE + ADULTS)
#define MAX_CONTEXTS 48
#define MAX_GROUPS 8
#define MAX_WORKERS 6
#define MAX_CONCERNS 1000
#define DAYS_OF_HISTORY 730

/* Contexts by their place in demo_context_seeds. */
#define SCHOOL_LARKFIELD 24
#define SCHOOL_BRACKENMOOR 25
#define SCHOOL_REFERRAL_UNIT 27
#define SCHOOL_COLLEGE 28
#define SCHOOL_PRIMARY 29
#define LOCATION_COUNT 18

struct actor {
    struct caller caller;
    const char *name;
};

struct demo_person {
    const char *id;
    bool adult;
    int owner; /* enum practitioner */
    const char *sharing;
    int age;
    const char *sex;
    const char *given_name;
    int group;      /* index into demo_group_seeds, or -1 */
    int school;     /* context index, or -1 */
    int exploitation; /* index into demo_exploitation_words */
    int workers[MAX_WORKERS]; /* practitioners who work with them */
    int worker_count;
    int push[3], push_count;
    int experiences[4], experience_count;
    int concerns_raised;
    const char *family_name, *date_of_birth, *postcode; /* as recorded */
};

struct planned_concern {
    int person;  /* or -1 */
    int context; /* or -1 */
    int days_ago;
    int sequence; /* the order planned, to keep sorting stable */
};

struct raised_concern {
    const char *id;
    int person, context, raiser, days_ago, nth;
    const char *sharing;
    const char *indicators;
    const char *experiences;
};

struct demo {
    struct store_conn *conn;
    struct arena *keep; /* what lives for the whole run */
    uint64_t random_state;
    const char *today;
    struct actor practitioners[PRACTITIONER_COUNT];
    struct actor coordinators[2];
    const char *context_ids[MAX_CONTEXTS];
    struct demo_person people[PEOPLE];
    int group_members[MAX_GROUPS][16];
    int group_member_count[MAX_GROUPS];
    int group_adults[MAX_GROUPS][2];
    struct planned_concern plan[MAX_CONCERNS];
    int planned;
    struct raised_concern raised[MAX_CONCERNS];
    int raised_count;
    struct near_duplicate {
        const char *id, *given_name;
        int recorder;
    } near[8];
    int near_count;
};

/* ---- deterministic randomness (splitmix64) --------------------------- */

static uint64_t next_random(struct demo *d)
{
    uint64_t z = (d->random_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static int pick(struct demo *d, int n)
{
    return n <= 0 ? 0 : (int)(next_random(d) % (uint64_t)n);
}

static bool chance(struct demo *d, int percent)
{
    return pick(d, 100) < percent;
}

/* Up to want distinct indices below n, into out; returns how many. */
static int pick_distinct(struct demo *d, int n, int want, int *out)
{
    int all[64];
    if (n > 64)
        n = 64;
    for (int i = 0; i < n; i++)
        all[i] = i;
    if (want > n)
        want = n;
    for (int i = 0; i < want; i++) {
        int j = i + pick(d, n - i);
        int swap = all[i];
        all[i] = all[j];
        all[j] = swap;
        out[i] = all[i];
    }
    return want;
}

/* ---- one step as one user, in its own arena -------------------------- */

static struct domain_context step_begin(struct demo *d, const struct actor *actor)
{
    return (struct domain_context){.conn = d->conn, .arena = arena_new(), .caller = actor->caller};
}

/* Ends a step: keeps id (when kept is not NULL) and reports a failure. */
static bool step_end(struct demo *d, struct domain_context *ctx, enum domain_status status, const char *step,
                     const char *id, const char **kept)
{
    if (status == DOMAIN_OK && kept != NULL)
        *kept = arena_strdup(d->keep, id);
    arena_free(ctx->arena);
    if (status != DOMAIN_OK)
        fprintf(stderr, "cshub demo: could not %s (domain status %d)\n", step, (int)status);
    return status == DOMAIN_OK;
}

static void set_field(struct record_input *in, int field, const char *value)
{
    in->present[field] = true;
    in->values[field] = value;
}

static const char *days_ago(struct domain_context *ctx, const struct demo *d, int days)
{
    return clock_date_shift(ctx->arena, d->today, -days);
}

/* The user found by e-mail, and the caller they act as. */
static bool find_caller(struct store_conn *conn, struct arena *arena, const char *email, struct user *user,
                        struct caller *out)
{
    if (!user_find_by_email(conn, arena, email, user)) {
        fprintf(stderr, "cshub demo: the demo account %s is missing\n", email);
        return false;
    }
    int role = role_from_name(user->role);
    *out = (struct caller){.user_id = user->id,
                           .agency_id = user->agency_id,
                           .role = role < 0 ? ROLE_BOARD_VIEWER : (enum role)role,
                           .client_address = "cshub demo",
                           .now = (int64_t)time(NULL)};
    return true;
}

int demo_pick(uint64_t *state, int n)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return n <= 0 ? 0 : (int)((z ^ (z >> 31)) % (uint64_t)n);
}

bool demo_caller(struct store_conn *conn, struct arena *arena, const char *email, struct caller *out)
{
    struct user user;
    return find_caller(conn, arena, email, &user, out);
}

static bool load_actor(struct demo *d, const char *email, struct actor *out)
{
    struct user user;
    if (!find_caller(d->conn, d->keep, email, &user, &out->caller))
        return false;
    out->name = user.name;
    return true;
}

static bool same_agency(const struct demo *d, int a, int b)
{
    return strcmp(d->practitioners[a].caller.agency_id, d->practitioners[b].caller.agency_id) == 0;
}

/* ---- contexts -------------------------------------------------------- */

static bool create_context(struct demo *d, size_t index)
{
    const struct demo_context_seed *seed = &demo_context_seeds[index];
    struct domain_context ctx = step_begin(d, &d->practitioners[seed->owner]);
    const char *term;
    struct record_input in = {0};
    set_field(&in, CONTEXT_KIND, seed->kind);
    set_field(&in, CONTEXT_KIND_VERSION,
              arena_printf(ctx.arena, "%d", definition_current_version(&ctx, "context_type", seed->kind, &term)));
    set_field(&in, CONTEXT_NAME, seed->name);
    set_field(&in, CONTEXT_LOCATION_KIND, seed->location_kind);
    set_field(&in, CONTEXT_ADDRESS, seed->address);
    set_field(&in, CONTEXT_POSTCODE, seed->postcode);
    set_field(&in, CONTEXT_PLATFORM, seed->platform);
    set_field(&in, CONTEXT_DESCRIPTION, seed->description);
    set_field(&in, CONTEXT_SHARING, seed->sharing);
    if (seed->latitude != 0) {
        set_field(&in, CONTEXT_LATITUDE, arena_printf(ctx.arena, "%.7f", seed->latitude));
        set_field(&in, CONTEXT_LONGITUDE, arena_printf(ctx.arena, "%.7f", seed->longitude));
    }
    struct record r;
    enum domain_status status = record_create(&ctx, &context_kind, &in, &r);
    if (status == DOMAIN_OK)
        status = record_finish(&ctx, STORE_OK);
    return step_end(d, &ctx, status, "create a context", r.id, &d->context_ids[index]);
}

static bool context_visible_to(const struct demo *d, int context, int practitioner)
{
    const struct demo_context_seed *seed = &demo_context_seeds[context];
    return strcmp(seed->sharing, "hub") == 0 || same_agency(d, seed->owner, practitioner);
}

/* ---- planning people ------------------------------------------------- */

static int exploitation_index(const char *code)
{
    for (size_t i = 0; i < demo_exploitation_word_count; i++)
        if (strcmp(demo_exploitation_words[i].code, code) == 0)
            return (int)i;
    return 0;
}

static int likely_owner(struct demo *d)
{
    static const int weighted[] = {P_SOCIAL_WORK, P_SOCIAL_WORK, P_SOCIAL_WORK, P_SOCIAL_WORK, P_SOCIAL_WORK,
                                   P_SOCIAL_WORK, P_POLICE,      P_POLICE,      P_POLICE,      P_POLICE_2,
                                   P_POLICE_2,    P_LARKFIELD,   P_LARKFIELD,   P_BRACKENMOOR, P_BRACKENMOOR,
                                   P_YOUTH_JUSTICE, P_YOUTH_JUSTICE, P_HEALTH,  P_HEALTH,      P_YOUTH_WORK};
    return weighted[pick(d, (int)DEMO_COUNT(weighted))];
}

static int likely_exploitation(struct demo *d)
{
    static const char *const weighted[] = {
        "missing", "missing", "missing", "missing", "child_criminal_exploitation", "child_criminal_exploitation",
        "child_criminal_exploitation", "child_sexual_exploitation", "child_sexual_exploitation",
        "child_sexual_exploitation", "serious_youth_violence", "serious_youth_violence", "online_exploitation",
        "online_exploitation", "online_exploitation", "teenage_relationship_abuse", "teenage_relationship_abuse",
        "county_lines", "trafficking_modern_slavery"};
    return exploitation_index(weighted[pick(d, (int)DEMO_COUNT(weighted))]);
}

static void plan_young_person(struct demo *d, struct demo_person *p)
{
    p->owner = likely_owner(d);
    bool police = p->owner == P_POLICE || p->owner == P_POLICE_2;
    p->sharing = chance(d, 80) ? "hub" : police && chance(d, 40) ? "restricted" : "agency";
    p->age = p->owner == P_LARKFIELD || p->owner == P_BRACKENMOOR ? 11 + pick(d, 5) : 10 + pick(d, 8);
    p->group = -1;
    p->exploitation = likely_exploitation(d);
    p->push_count = pick_distinct(d, (int)demo_push_factor_count, pick(d, 4), p->push);
    p->experience_count = pick_distinct(d, (int)demo_adverse_experience_count, pick(d, 5), p->experiences);
    p->workers[p->worker_count++] = p->owner;
}

/* Fills each peer group with young people shared with the hub. */
static void plan_groups(struct demo *d)
{
    for (size_t g = 0; g < demo_group_seed_count && g < MAX_GROUPS; g++) {
        const struct demo_group_seed *seed = &demo_group_seeds[g];
        for (int tries = 0; tries < 10 * YOUNG_PEOPLE && d->group_member_count[g] < seed->members; tries++) {
            struct demo_person *p = &d->people[pick(d, YOUNG_PEOPLE)];
            if (p->group >= 0 || strcmp(p->sharing, "hub") != 0)
                continue;
            p->group = (int)g;
            p->age = p->owner == P_LARKFIELD || p->owner == P_BRACKENMOOR ? 13 + pick(d, 3) : 13 + pick(d, 5);
            p->exploitation = exploitation_index(seed->exploitation[0]);
            d->group_members[g][d->group_member_count[g]++] = (int)(p - d->people);
        }
    }
}

static const char *likely_sex(struct demo *d, int group)
{
    if (group == 1)
        return "female";
    if (group == 0 || group == 2 || group == 3)
        return chance(d, 85) ? "male" : "female";
    int roll = pick(d, 100);
    return roll < 49 ? "female" : roll < 98 ? "male" : "not_known";
}

static int likely_school(struct demo *d, const struct demo_person *p)
{
    static const int weighted[] = {SCHOOL_LARKFIELD, SCHOOL_LARKFIELD, SCHOOL_LARKFIELD, SCHOOL_BRACKENMOOR,
                                   SCHOOL_BRACKENMOOR, SCHOOL_BRACKENMOOR, 26, 26, SCHOOL_REFERRAL_UNIT};
    if (p->owner == P_LARKFIELD)
        return SCHOOL_LARKFIELD;
    if (p->owner == P_BRACKENMOOR)
        return SCHOOL_BRACKENMOOR;
    if (p->age <= 11)
        return SCHOOL_PRIMARY;
    if (p->age >= 16)
        return SCHOOL_COLLEGE;
    if ((p->group == 0 || p->group == 3) && chance(d, 35))
        return SCHOOL_REFERRAL_UNIT;
    return weighted[pick(d, (int)DEMO_COUNT(weighted))];
}

static void plan_people(struct demo *d)
{
    for (int i = 0; i < YOUNG_PEOPLE; i++)
        plan_young_person(d, &d->people[i]);
    plan_groups(d);
    for (int i = 0; i < YOUNG_PEOPLE; i++) {
        struct demo_person *p = &d->people[i];
        p->sex = likely_sex(d, p->group);
        p->given_name = strcmp(p->sex, "female") == 0
                            ? demo_female_names[pick(d, (int)demo_female_name_count)]
                            : demo_male_names[pick(d, (int)demo_male_name_count)];
        p->school = likely_school(d, p);
    }
    int adult = YOUNG_PEOPLE;
    for (size_t g = 0; g < demo_group_seed_count; g++)
        for (int a = 0; a < demo_group_seeds[g].adults && a < 2; a++) {
            d->group_adults[g][a] = adult;
            d->people[adult++].group = (int)g;
        }
    for (int i = YOUNG_PEOPLE; i < PEOPLE; i++) {
        struct demo_person *p = &d->people[i];
        if (i >= adult)
            p->group = -1;
        p->adult = true;
        p->owner = chance(d, 60) ? P_POLICE : P_POLICE_2;
        p->sharing = chance(d, 40) ? "restricted" : "hub";
        p->age = 19 + pick(d, 27);
        p->sex = chance(d, 85) ? "male" : "female";
        p->given_name = strcmp(p->sex, "female") == 0 ? demo_female_names[pick(d, (int)demo_female_name_count)]
                                                      : demo_male_names[pick(d, (int)demo_male_name_count)];
        p->school = -1;
        p->workers[p->worker_count++] = p->owner;
    }
}

/* ---- creating people ------------------------------------------------- */

/* A valid NHS number in the 999 range, which is never issued. */
static const char *invented_nhs_number(struct demo *d, struct arena *arena)
{
    for (;;) {
        char digits[11];
        snprintf(digits, sizeof digits, "999%06d", pick(d, 1000000));
        int sum = 0;
        for (int i = 0; i < 9; i++)
            sum += (digits[i] - '0') * (10 - i);
        int check = 11 - sum % 11;
        if (check == 10)
            continue;
        digits[9] = (char)('0' + (check == 11 ? 0 : check));
        digits[10] = '\0';
        return arena_strdup(arena, digits);
    }
}

static const char *invented_postcode(struct demo *d, struct arena *arena)
{
    static const char letters[] = "ABDEFGHJLNPQRSTUWXYZ";
    return arena_printf(arena, "KV%d %d%c%c", 1 + pick(d, 6), 1 + pick(d, 9), letters[pick(d, 20)],
                        letters[pick(d, 20)]);
}

static void add_identifiers(struct demo *d, const struct demo_person *p, struct arena *arena, struct record_input *in)
{
    bool police = p->owner == P_POLICE || p->owner == P_POLICE_2;
    if (!p->adult && chance(d, 90))
        set_field(in, PERSON_NHS_NUMBER, invented_nhs_number(d, arena));
    if (!p->adult && chance(d, 85))
        set_field(in, PERSON_UNIQUE_PUPIL_NUMBER, arena_printf(arena, "K%06d%06d", pick(d, 1000000), pick(d, 1000000)));
    if (police || chance(d, 25))
        set_field(in, PERSON_POLICE_REFERENCE, arena_printf(arena, "KVP/%02d/%06d", 20 + pick(d, 7), pick(d, 1000000)));
    if (!p->adult && (p->owner == P_SOCIAL_WORK || chance(d, 30)))
        set_field(in, PERSON_COUNCIL_CASE_NUMBER, arena_printf(arena, "KVCS-%07d", pick(d, 10000000)));
}

static void add_birth(struct demo *d, const struct demo_person *p, struct domain_context *ctx, struct record_input *in)
{
    if (p->adult && chance(d, 30))
        set_field(in, PERSON_ESTIMATED_AGE, arena_printf(ctx->arena, "%d", p->age));
    else if (!p->adult && chance(d, 3))
        set_field(in, PERSON_ESTIMATED_AGE, arena_printf(ctx->arena, "%d", p->age));
    else
        set_field(in, PERSON_DATE_OF_BIRTH, days_ago(ctx, d, p->age * 365 + pick(d, 365)));
}

static bool create_person(struct demo *d, struct demo_person *p)
{
    struct domain_context ctx = step_begin(d, &d->practitioners[p->owner]);
    struct person_input in = {0};
    set_field(&in.fields, PERSON_KIND, p->adult ? "adult_of_concern" : "young_person");
    set_field(&in.fields, PERSON_GIVEN_NAME, p->given_name);
    set_field(&in.fields, PERSON_FAMILY_NAME, demo_family_names[pick(d, (int)demo_family_name_count)]);
    add_birth(d, p, &ctx, &in.fields);
    set_field(&in.fields, PERSON_SEX, p->sex);
    set_field(&in.fields, PERSON_ETHNICITY, demo_ethnicities[pick(d, (int)demo_ethnicity_count)]);
    if (!p->adult || chance(d, 60)) {
        set_field(&in.fields, PERSON_ADDRESS,
                  arena_printf(ctx.arena, "%d %s, Kestrel Vale", 1 + pick(d, 140),
                               demo_street_names[pick(d, (int)demo_street_name_count)]));
        set_field(&in.fields, PERSON_POSTCODE, invented_postcode(d, ctx.arena));
    }
    if (p->school >= 0)
        set_field(&in.fields, PERSON_SCHOOL, demo_context_seeds[p->school].name);
    add_identifiers(d, p, ctx.arena, &in.fields);
    set_field(&in.fields, PERSON_SHARING, p->sharing);
    if ((p->adult && chance(d, 50)) || (p->group >= 0 && chance(d, 15))) {
        in.aliases_present = true;
        in.aliases[in.alias_count++] = demo_aliases[pick(d, (int)demo_alias_count)];
    }
    struct person out;
    enum domain_status status = person_create(&ctx, &in, &out);
    if (status == DOMAIN_OK) {
        p->family_name = arena_strdup(d->keep, out.record.values[PERSON_FAMILY_NAME]);
        p->date_of_birth = arena_strdup(d->keep, out.record.values[PERSON_DATE_OF_BIRTH]);
        p->postcode = arena_strdup(d->keep, out.record.values[PERSON_POSTCODE]);
    }
    return step_end(d, &ctx, status, "create a person", out.record.id, &p->id);
}

/* A name as another agency might write it: a final -y as -ie and back, a
 * y as i and back, or a letter doubled. */
static const char *misspelt(struct arena *arena, const char *name)
{
    size_t n = strlen(name);
    if (n > 3 && name[n - 1] == 'y')
        return arena_printf(arena, "%.*sie", (int)(n - 1), name);
    if (n > 3 && strcmp(name + n - 2, "ie") == 0)
        return arena_printf(arena, "%.*sy", (int)(n - 2), name);
    const char *y = strchr(name + 1, 'y'), *i = strchr(name + 1, 'i');
    if (y != NULL)
        return arena_printf(arena, "%.*si%s", (int)(y - name), name, y + 1);
    if (i != NULL)
        return arena_printf(arena, "%.*sy%s", (int)(i - name), name, i + 1);
    return arena_printf(arena, "%.2s%s", name, name + 1);
}

/* A date of birth as another agency might write it: day and month
 * swapped where that is a date, else the last digit mistyped. */
static const char *miswritten(struct arena *arena, const char *date)
{
    if (date[8] == '0' || (date[8] == '1' && date[9] <= '2'))
        if (strncmp(date + 5, date + 8, 2) != 0)
            return arena_printf(arena, "%.4s-%.2s-%.2s", date, date + 8, date + 5);
    return arena_printf(arena, "%.9s%c", date, date[9] == '1' ? '2' : '1');
}

#define NEAR_DUPLICATES (int)(sizeof ((struct demo *)0)->near / sizeof ((struct demo *)0)->near[0])

/* Young people already on cshub whom another agency records again, their
 * names and date of birth written a little differently: the records the
 * matching finds. */
static bool create_near_duplicates(struct demo *d)
{
    for (int k = 0, i = 11; k < NEAR_DUPLICATES && i < YOUNG_PEOPLE; i += 23) {
        const struct demo_person *p = &d->people[i];
        if (strcmp(p->sharing, "hub") != 0 || p->date_of_birth == NULL)
            continue;
        int recorder = same_agency(d, p->owner, P_HEALTH) ? P_YOUTH_JUSTICE : P_HEALTH;
        struct domain_context ctx = step_begin(d, &d->practitioners[recorder]);
        struct person_input in = {0};
        set_field(&in.fields, PERSON_KIND, "young_person");
        set_field(&in.fields, PERSON_GIVEN_NAME, misspelt(ctx.arena, p->given_name));
        set_field(&in.fields, PERSON_FAMILY_NAME, k % 2 ? misspelt(ctx.arena, p->family_name) : p->family_name);
        set_field(&in.fields, PERSON_DATE_OF_BIRTH, miswritten(ctx.arena, p->date_of_birth));
        set_field(&in.fields, PERSON_SEX, p->sex);
        set_field(&in.fields, PERSON_POSTCODE, p->postcode);
        set_field(&in.fields, PERSON_SHARING, "hub");
        struct person out;
        struct near_duplicate *near = &d->near[d->near_count];
        near->recorder = recorder;
        near->given_name = arena_strdup(d->keep, in.fields.values[PERSON_GIVEN_NAME]);
        enum domain_status status = person_create(&ctx, &in, &out);
        if (!step_end(d, &ctx, status, "record a near-duplicate", out.record.id, &near->id))
            return false;
        d->near_count++;
        k++;
    }
    return true;
}

/* The coordinator records that practitioner works with young person p. */
static bool involve(struct demo *d, struct demo_person *p, int practitioner)
{
    for (int i = 0; i < p->worker_count; i++)
        if (p->workers[i] == practitioner)
            return true;
    if (p->worker_count == MAX_WORKERS || strcmp(p->sharing, "hub") != 0)
        return true;
    struct domain_context ctx = step_begin(d, &d->coordinators[0]);
    enum domain_status status =
        person_record_involvement(&ctx, p->id, d->practitioners[practitioner].caller.user_id);
    if (status == DOMAIN_OK)
        p->workers[p->worker_count++] = practitioner;
    return step_end(d, &ctx, status, "record a practitioner's involvement", NULL, NULL);
}

/* Other agencies come to work with most young people the hub shares. */
static bool involve_other_agencies(struct demo *d, struct demo_person *p)
{
    int wanted = p->group >= 0 ? 2 + pick(d, 2) : chance(d, 50) ? 1 : 0;
    for (int tries = 0; wanted > 0 && tries < 20; tries++) {
        int practitioner = pick(d, PRACTITIONER_COUNT);
        if (same_agency(d, practitioner, p->owner) || practitioner == P_HOUSING)
            continue;
        if (!involve(d, p, practitioner))
            return false;
        wanted--;
    }
    return true;
}

static bool create_people(struct demo *d)
{
    for (int i = 0; i < PEOPLE; i++)
        if (!create_person(d, &d->people[i]))
            return false;
    for (int i = 0; i < YOUNG_PEOPLE; i++)
        if (!involve_other_agencies(d, &d->people[i]))
            return false;
    return true;
}

/* ---- links ----------------------------------------------------------- */

struct link_plan {
    const char *type;
    int person;
    int to_person;  /* or -1 */
    int to_context; /* or -1 */
    const char *confidence;
    const char *sharing;
    const char *notes;
};

static bool add_link(struct demo *d, const struct actor *actor, const struct link_plan *plan)
{
    struct domain_context ctx = step_begin(d, actor);
    const char *term;
    int seen_days_ago = 30 + pick(d, DAYS_OF_HISTORY - 60);
    struct record_input in = {0};
    set_field(&in, LINK_TYPE, plan->type);
    set_field(&in, LINK_TYPE_VERSION,
              arena_printf(ctx.arena, "%d", definition_current_version(&ctx, "link_type", plan->type, &term)));
    set_field(&in, LINK_PERSON_ID, d->people[plan->person].id);
    set_field(&in, LINK_TO_PERSON_ID, plan->to_person >= 0 ? d->people[plan->to_person].id : NULL);
    set_field(&in, LINK_TO_CONTEXT_ID, plan->to_context >= 0 ? d->context_ids[plan->to_context] : NULL);
    set_field(&in, LINK_FIRST_SEEN, days_ago(&ctx, d, seen_days_ago));
    set_field(&in, LINK_LAST_SEEN, days_ago(&ctx, d, seen_days_ago - pick(d, seen_days_ago)));
    set_field(&in, LINK_CONFIDENCE, plan->confidence);
    set_field(&in, LINK_NOTES, plan->notes);
    set_field(&in, LINK_SHARING, plan->sharing);
    struct record r;
    enum domain_status status = link_create(&ctx, &in, &r);
    return step_end(d, &ctx, status, "create a link", r.id, NULL);
}

static const char *stricter_sharing(const char *a, const char *b)
{
    return strcmp(a, "restricted") == 0 || strcmp(b, "restricted") == 0 ? "restricted"
           : strcmp(a, "agency") == 0 || strcmp(b, "agency") == 0      ? "agency"
                                                                        : "hub";
}

/* Every young person attends a school; their own agency records it. */
static bool link_schools(struct demo *d)
{
    for (int i = 0; i < YOUNG_PEOPLE; i++) {
        struct demo_person *p = &d->people[i];
        struct link_plan plan = {"attends", i, -1, p->school, "confirmed", p->sharing, NULL};
        if (!add_link(d, &d->practitioners[p->owner], &plan))
            return false;
    }
    return true;
}

static bool link_group_member(struct demo *d, int g, int member_index)
{
    const struct demo_group_seed *seed = &demo_group_seeds[g];
    const struct actor *coordinator = &d->coordinators[0];
    int member = d->group_members[g][member_index];
    struct link_plan membership = {"member_of", member, -1, seed->context, chance(d, 60) ? "confirmed" : "reported",
                                   "hub", NULL};
    if (!add_link(d, coordinator, &membership))
        return false;
    if (member_index > 0) {
        struct link_plan friends = {"associates_with", member, d->group_members[g][member_index - 1], -1,
                                    "reported", "hub", "Seen together regularly."};
        if (!add_link(d, coordinator, &friends))
            return false;
    }
    int places = 1 + pick(d, 2);
    for (int k = 0; k < places; k++) {
        int place = seed->places[pick(d, 3)];
        if (place < 0)
            continue;
        struct link_plan haunt = {"frequents", member, -1, place, chance(d, 50) ? "confirmed" : "reported",
                                  stricter_sharing("hub", demo_context_seeds[place].sharing), NULL};
        if (!add_link(d, coordinator, &haunt))
            return false;
    }
    if (seed->online_space >= 0 && chance(d, 60)) {
        struct link_plan online = {"frequents", member, -1, seed->online_space, "intelligence",
                                   stricter_sharing("hub", demo_context_seeds[seed->online_space].sharing), NULL};
        return add_link(d, coordinator, &online);
    }
    return true;
}

/* An adult of concern suspected of exploiting some of a group, recorded by
 * the police officer who holds the adult's record. */
static bool link_group_adult(struct demo *d, int g, int adult)
{
    struct demo_person *a = &d->people[adult];
    const struct demo_group_seed *seed = &demo_group_seeds[g];
    const struct actor *officer = &d->practitioners[a->owner];
    bool intelligence = strcmp(a->sharing, "restricted") == 0;
    int victims = 3 + pick(d, 4);
    for (int k = 0; k < victims; k++) {
        int member = d->group_members[g][pick(d, d->group_member_count[g])];
        if (!involve(d, &d->people[member], a->owner))
            return false;
        struct link_plan plan = {"suspected_of_exploiting", adult, member, -1,
                                 intelligence ? "intelligence" : "reported", a->sharing, NULL};
        if (!add_link(d, officer, &plan))
            return false;
    }
    for (int k = 0; k < 2; k++) {
        int place = seed->places[k];
        struct link_plan haunt = {"frequents", adult, -1, place, intelligence ? "intelligence" : "confirmed",
                                  stricter_sharing(a->sharing, demo_context_seeds[place].sharing), NULL};
        if (place >= 0 && !add_link(d, officer, &haunt))
            return false;
    }
    return true;
}

static bool link_groups(struct demo *d)
{
    for (size_t g = 0; g < demo_group_seed_count; g++) {
        for (int m = 0; m < d->group_member_count[g]; m++)
            if (!link_group_member(d, (int)g, m))
                return false;
        for (int a = 0; a < demo_group_seeds[g].adults && a < 2; a++)
            if (!link_group_adult(d, (int)g, d->group_adults[g][a]))
                return false;
        if (demo_group_seeds[g].adults == 2) {
            const struct demo_person *first = &d->people[d->group_adults[g][0]];
            struct link_plan pair = {"associates_with", d->group_adults[g][0], d->group_adults[g][1], -1,
                                     "intelligence", stricter_sharing(first->sharing, d->people[d->group_adults[g][1]].sharing),
                                     NULL};
            if (!add_link(d, &d->practitioners[first->owner], &pair)) /* both held by the police */
                return false;
        }
    }
    return true;
}

/* Two couples in the Year 10 group; other young people seen at places. */
static bool link_others(struct demo *d)
{
    for (int k = 0; k + 1 < d->group_member_count[4] && k < 4; k += 2) {
        struct link_plan couple = {"in_relationship_with", d->group_members[4][k], d->group_members[4][k + 1], -1,
                                   "reported", "hub", NULL};
        if (!add_link(d, &d->coordinators[0], &couple))
            return false;
    }
    for (int i = 0; i < YOUNG_PEOPLE; i++) {
        struct demo_person *p = &d->people[i];
        int place = pick(d, LOCATION_COUNT);
        if (p->group >= 0 || !chance(d, 25) || !context_visible_to(d, place, p->owner))
            continue;
        struct link_plan haunt = {"frequents", i, -1, place, "reported", p->sharing, NULL};
        if (!add_link(d, &d->practitioners[p->owner], &haunt))
            return false;
    }
    for (int i = YOUNG_PEOPLE; i < PEOPLE; i++) {
        struct demo_person *a = &d->people[i];
        if (a->group >= 0)
            continue;
        int place = pick(d, LOCATION_COUNT), victim = pick(d, YOUNG_PEOPLE);
        struct link_plan haunt = {"frequents", i, -1, place, "intelligence",
                                  stricter_sharing(a->sharing, demo_context_seeds[place].sharing), NULL};
        if (!add_link(d, &d->practitioners[a->owner], &haunt))
            return false;
        struct demo_person *v = &d->people[victim];
        if (!chance(d, 50) || v->group >= 0 || strcmp(v->sharing, "hub") != 0)
            continue;
        struct link_plan plan = {"suspected_of_exploiting", i, victim, -1, "intelligence", a->sharing, NULL};
        if (!involve(d, v, a->owner) || !add_link(d, &d->practitioners[a->owner], &plan))
            return false;
    }
    return true;
}

/* ---- concerns -------------------------------------------------------- */

static void plan_concern(struct demo *d, int person, int context, int days)
{
    if (d->planned == MAX_CONCERNS)
        return;
    d->plan[d->planned] = (struct planned_concern){person, context, days, d->planned};
    d->planned++;
}

static int by_days_descending(const void *a, const void *b)
{
    const int *x = a, *y = b;
    return *y - *x;
}

static int by_date_then_plan(const void *a, const void *b)
{
    const struct planned_concern *x = a, *y = b;
    return x->days_ago != y->days_ago ? y->days_ago - x->days_ago : x->sequence - y->sequence;
}

/* Group members are worried about more and more often as a group's
 * activity grows; others now and then; hotspots draw reports of their own. */
static void plan_concerns(struct demo *d)
{
    int group_start[MAX_GROUPS];
    for (size_t g = 0; g < demo_group_seed_count; g++)
        group_start[g] = 250 + pick(d, DAYS_OF_HISTORY - 280);
    for (int i = 0; i < YOUNG_PEOPLE; i++) {
        const struct demo_person *p = &d->people[i];
        int days[8];
        int count = p->group >= 0 ? 3 + pick(d, 5) : (int[]){0, 1, 1, 1, 1, 1, 1, 2, 2, 3}[pick(d, 10)];
        int window = p->group >= 0 ? group_start[p->group] : DAYS_OF_HISTORY - 1;
        for (int k = 0; k < count; k++)
            days[k] = 1 + pick(d, window);
        qsort(days, (size_t)count, sizeof days[0], by_days_descending);
        for (int k = 0; k < count; k++)
            plan_concern(d, i, -1, days[k]);
    }
    for (int c = 0; c < LOCATION_COUNT; c++) {
        int count = demo_context_seeds[c].hotspot ? 4 + pick(d, 4) : chance(d, 40) ? 1 : 0;
        for (int k = 0; k < count; k++)
            plan_concern(d, -1, c, 1 + pick(d, DAYS_OF_HISTORY - 1));
    }
    qsort(d->plan, (size_t)d->planned, sizeof d->plan[0], by_date_then_plan);
}

/* Codes: up to want indicators of the exploitation type, plus push factors. */
static int choose_indicators(struct demo *d, const struct demo_person *p, int exploitation, int want,
                             const char **codes)
{
    const struct demo_exploitation_words *words = &demo_exploitation_words[exploitation];
    int available = 0;
    while (available < 12 && words->indicators[available] != NULL)
        available++;
    int chosen[12];
    int count = pick_distinct(d, available, want, chosen);
    for (int i = 0; i < count; i++)
        codes[i] = words->indicators[chosen[i]];
    for (int i = 0; p != NULL && i < p->push_count; i++)
        if (chance(d, 50))
            codes[count++] = demo_push_factors[p->push[i]];
    return count;
}

static int choose_experiences(struct demo *d, const struct demo_person *p, const char **codes)
{
    int count = 0;
    for (int i = 0; p != NULL && i < p->experience_count; i++)
        if (chance(d, 60))
            codes[count++] = demo_adverse_experiences[p->experiences[i]];
    return count;
}

/* template with "{name}" and "{place}" replaced (name may be NULL). */
static const char *fill_template(struct arena *arena, const char *template, const char *name, const char *place)
{
    const char *out = "";
    while (*template != '\0') {
        const char *brace = strchr(template, '{');
        if (brace == NULL)
            return arena_printf(arena, "%s%s", out, template);
        const char *value = strncmp(brace, "{name}", 6) == 0 ? name : strncmp(brace, "{place}", 7) == 0 ? place : NULL;
        size_t skip = value == NULL ? 1 : strchr(brace, '}') - brace + 1;
        out = arena_printf(arena, "%s%.*s%s", out, (int)(brace - template), template,
                           value != NULL ? value : "{");
        template = brace + skip;
    }
    return out;
}

static bool code(struct domain_context *ctx, struct record_input *in, int field, const char *category,
                 const char *const *codes, int count)
{
    const char *json, *unknown;
    if (definition_code_list(ctx, category, codes, count, &json, &unknown) != DOMAIN_OK)
        return false;
    set_field(in, field, json);
    return true;
}

/* Who raises a planned concern: one of the young person's workers, or for
 * a place, one of the agencies out in the community that can see it. */
static int choose_raiser(struct demo *d, const struct planned_concern *pc)
{
    static const int out_and_about[] = {P_COMMUNITY_SAFETY, P_POLICE, P_YOUTH_WORK, P_POLICE_2, P_HOUSING};
    if (pc->person >= 0) {
        const struct demo_person *p = &d->people[pc->person];
        return p->workers[pick(d, p->worker_count)];
    }
    for (;;) {
        int raiser = out_and_about[pick(d, (int)DEMO_COUNT(out_and_about))];
        if (context_visible_to(d, pc->context, raiser))
            return raiser;
    }
}

/* A place the young person is seen at, which the raiser may see, or -1. */
static int choose_place(struct demo *d, const struct demo_person *p, int raiser)
{
    int place = p->group >= 0 ? demo_group_seeds[p->group].places[pick(d, 3)] : pick(d, LOCATION_COUNT);
    return place >= 0 && chance(d, 40) && context_visible_to(d, place, raiser) ? place : -1;
}

static int group_exploitation_at(const struct demo *d, int context)
{
    (void)d;
    for (size_t g = 0; g < demo_group_seed_count; g++)
        for (int k = 0; k < 3; k++)
            if (demo_group_seeds[g].places[k] == context)
                return exploitation_index(demo_group_seeds[g].exploitation[0]);
    return exploitation_index("child_criminal_exploitation");
}

/* Fills the narrative, codes and sharing of a concern about a young person. */
static bool describe_person_concern(struct demo *d, struct domain_context *ctx, struct raised_concern *rc,
                                    struct record_input *in)
{
    struct demo_person *p = &d->people[rc->person];
    int exploitation = p->group >= 0 ? exploitation_index(demo_group_seeds[p->group].exploitation[pick(d, 2)])
                                     : p->exploitation;
    int want = p->group >= 0 ? 1 + (rc->nth < 4 ? rc->nth : 4) + pick(d, 2) : 1 + pick(d, 3);
    const char *indicators[20], *experiences[4];
    int indicator_count = choose_indicators(d, p, exploitation, want, indicators);
    int experience_count = choose_experiences(d, p, experiences);
    const char *type = demo_exploitation_words[exploitation].code;
    const char *place = rc->context >= 0 ? demo_context_seeds[rc->context].name
                        : p->school >= 0 ? demo_context_seeds[p->school].name
                                         : "the town centre";
    set_field(in, CONCERN_NARRATIVE,
              fill_template(ctx->arena, demo_exploitation_words[exploitation].narratives[pick(d, 4)], p->given_name,
                            place));
    if (chance(d, 40))
        set_field(in, CONCERN_YOUNG_PERSON_WORDS,
                  demo_young_person_words[pick(d, (int)demo_young_person_word_count)]);
    rc->sharing = strcmp(p->sharing, "hub") != 0 ? p->sharing : chance(d, 92) ? "hub" : "agency";
    return code(ctx, in, CONCERN_EXPLOITATION_TYPES, "exploitation_type", &type, 1) &&
           code(ctx, in, CONCERN_INDICATORS, "indicator", indicators, indicator_count) &&
           code(ctx, in, CONCERN_ADVERSE_EXPERIENCES, "adverse_childhood_experience", experiences,
                experience_count);
}

/* The agency that recorded a young person again raises a concern about
 * its record: merging the two brings it to the young person's chronology. */
static bool raise_near_duplicate_concerns(struct demo *d)
{
    for (int k = 0; k < d->near_count; k++) {
        const struct near_duplicate *near = &d->near[k];
        struct domain_context ctx = step_begin(d, &d->practitioners[near->recorder]);
        struct record_input in = {0};
        const char *type = "child_criminal_exploitation", *indicators[] = {"older_associates", "going_missing"};
        set_field(&in, CONCERN_PERSON_ID, near->id);
        set_field(&in, CONCERN_DATE, days_ago(&ctx, d, 12 + 9 * k));
        set_field(&in, CONCERN_RAISED_BY, d->practitioners[near->recorder].name);
        set_field(&in, CONCERN_STATUS, "new");
        set_field(&in, CONCERN_NARRATIVE,
                  fill_template(ctx.arena, "{name} came in with an injury they would not explain; an older friend "
                                           "waited outside and answered for them.",
                                near->given_name, NULL));
        set_field(&in, CONCERN_SHARING, "hub");
        struct record r;
        const char *unlinked; /* the demo's concerns leave the network as the demo draws it */
        bool coded = code(&ctx, &in, CONCERN_EXPLOITATION_TYPES, "exploitation_type", &type, 1) &&
                     code(&ctx, &in, CONCERN_INDICATORS, "indicator", indicators, 2) &&
                     code(&ctx, &in, CONCERN_ADVERSE_EXPERIENCES, "adverse_childhood_experience", NULL, 0);
        if (!step_end(d, &ctx, coded ? concern_create(&ctx, &in, false, &r, &unlinked) : DOMAIN_UNAVAILABLE,
                      "raise a concern", NULL, NULL))
            return false;
    }
    return true;
}

static bool describe_place_concern(struct demo *d, struct domain_context *ctx, struct raised_concern *rc,
                                   struct record_input *in)
{
    int exploitation = group_exploitation_at(d, rc->context);
    const char *indicators[20];
    int indicator_count = choose_indicators(d, NULL, exploitation, 1 + pick(d, 2), indicators);
    const char *type = demo_exploitation_words[exploitation].code;
    set_field(in, CONCERN_NARRATIVE,
              fill_template(ctx->arena, demo_context_narratives[pick(d, (int)demo_context_narrative_count)], NULL,
                            demo_context_seeds[rc->context].name));
    rc->sharing = demo_context_seeds[rc->context].sharing;
    return code(ctx, in, CONCERN_EXPLOITATION_TYPES, "exploitation_type", &type, 1) &&
           code(ctx, in, CONCERN_INDICATORS, "indicator", indicators, indicator_count) &&
           code(ctx, in, CONCERN_ADVERSE_EXPERIENCES, "adverse_childhood_experience", NULL, 0);
}

static bool raise_concern(struct demo *d, const struct planned_concern *pc)
{
    struct raised_concern *rc = &d->raised[d->raised_count];
    *rc = (struct raised_concern){.person = pc->person, .context = pc->context, .days_ago = pc->days_ago};
    rc->raiser = choose_raiser(d, pc);
    if (pc->person >= 0) {
        rc->nth = d->people[pc->person].concerns_raised++;
        rc->context = choose_place(d, &d->people[pc->person], rc->raiser);
    }
    const struct actor *raiser = &d->practitioners[rc->raiser];
    struct domain_context ctx = step_begin(d, raiser);
    struct record_input in = {0};
    set_field(&in, CONCERN_PERSON_ID, rc->person >= 0 ? d->people[rc->person].id : NULL);
    set_field(&in, CONCERN_CONTEXT_ID, rc->context >= 0 ? d->context_ids[rc->context] : NULL);
    set_field(&in, CONCERN_DATE, days_ago(&ctx, d, rc->days_ago));
    set_field(&in, CONCERN_RAISED_BY, raiser->name);
    set_field(&in, CONCERN_STATUS, "new");
    bool described = rc->person >= 0 ? describe_person_concern(d, &ctx, rc, &in) : describe_place_concern(d, &ctx, rc, &in);
    set_field(&in, CONCERN_SHARING, rc->sharing);
    struct record r;
    const char *unlinked; /* the demo's concerns leave the network as the demo draws it */
    enum domain_status status = described ? concern_create(&ctx, &in, false, &r, &unlinked) : DOMAIN_UNAVAILABLE;
    if (status == DOMAIN_OK) {
        rc->indicators = arena_strdup(d->keep, in.values[CONCERN_INDICATORS]);
        rc->experiences = arena_strdup(d->keep, in.values[CONCERN_ADVERSE_EXPERIENCES]);
        d->raised_count++;
    }
    return step_end(d, &ctx, status, "raise a concern", r.id, &rc->id);
}

/* ---- screening ------------------------------------------------------- */

static const char *choose_pathway(struct demo *d, const char *level)
{
    if (strcmp(level, "high") == 0)
        return chance(d, 75) ? "mace" : "child_protection";
    if (strcmp(level, "medium") == 0)
        return chance(d, 50) ? "child_in_need" : "early_help";
    if (strcmp(level, "low") == 0)
        return chance(d, 70) ? "early_help" : "universal";
    return "universal";
}

static const char *rationale_for(const char *level)
{
    if (strcmp(level, "high") == 0)
        return "Control and signs of exploitation together; needs a multi-agency response.";
    if (strcmp(level, "medium") == 0)
        return "Several indicators of exploitation; a lead professional should coordinate support.";
    if (strcmp(level, "low") == 0)
        return "Some vulnerability; universal and early help services to stay alert.";
    return "No indicators of exploitation found; no further hub action.";
}

/* The coordinator may see the concern and what it is about (no audit). */
static bool coordinator_sees(struct demo *d, struct domain_context *ctx, const struct raised_concern *rc)
{
    (void)d;
    return record_visible(ctx, &concern_kind, rc->id) &&
           concern_subjects_visible(ctx, rc->person >= 0 ? d->people[rc->person].id : NULL,
                                    rc->context >= 0 ? d->context_ids[rc->context] : NULL);
}

/* Moves a screened concern on: to MACE, or closed once it is old. */
static bool move_on(struct demo *d, struct domain_context *ctx, const struct raised_concern *rc, const char *pathway)
{
    const char *status = strcmp(pathway, "mace") == 0 && rc->days_ago <= 120 ? "at_mace"
                         : rc->days_ago > 120 && chance(d, 70)             ? "closed"
                                                                            : NULL;
    bool may_write = strcmp(rc->sharing, "hub") == 0 || same_agency(d, rc->raiser, P_SOCIAL_WORK);
    if (status == NULL || !may_write)
        return true;
    struct record_input in = {0};
    set_field(&in, CONCERN_STATUS, status);
    struct record r;
    return concern_update(ctx, rc->id, &in, &r) == DOMAIN_OK;
}

/* The scored level, raised to high on judgement now and then when a
 * group member's concerns keep coming. */
static void decide(struct demo *d, struct domain_context *ctx, const struct raised_concern *rc, const char *scored,
                   struct screening_request *request)
{
    request->risk_level = scored;
    request->rationale = rationale_for(scored);
    bool escalating = rc->person >= 0 && d->people[rc->person].group >= 0 && rc->nth >= 3;
    if (escalating && strcmp(scored, "high") != 0 && chance(d, 25)) {
        request->risk_level = "high";
        request->rationale = arena_printf(ctx->arena, "Scored %s; set high on judgement: concerns from several "
                                                      "agencies show the risk is rising.", scored);
    }
    request->pathway = choose_pathway(d, request->risk_level);
    request->screened_on = days_ago(ctx, d, rc->days_ago - pick(d, 4));
}

static bool screen(struct demo *d, const struct raised_concern *rc)
{
    struct domain_context ctx = step_begin(d, &d->coordinators[pick(d, 2)]);
    int screened_percent = rc->days_ago < 4 ? 0 : rc->days_ago < 14 ? 50 : 98; /* the hub keeps up */
    if (!chance(d, screened_percent) || !coordinator_sees(d, &ctx, rc))
        return step_end(d, &ctx, DOMAIN_OK, "screen", NULL, NULL);
    const char *scored = NULL;
    struct screening_request request = {.concern_id = rc->id};
    struct record r;
    enum domain_status status = screening_score(&ctx, rc->indicators, rc->experiences, &scored);
    if (status == DOMAIN_OK) {
        decide(d, &ctx, rc, scored, &request);
        status = screening_create(&ctx, &request, &r);
    }
    if (status == DOMAIN_OK && !move_on(d, &ctx, rc, request.pathway))
        status = DOMAIN_UNAVAILABLE;
    return step_end(d, &ctx, status, "screen a concern", NULL, NULL);
}

/* ---- the whole run --------------------------------------------------- */

static long count_rows(struct demo *d, const char *sql)
{
    struct arena *arena = arena_new();
    struct store_result r;
    long n = store_query(d->conn, arena, sql, NULL, 0, &r) == STORE_OK && r.rows == 1 ? (long)store_cell_int(&r, 0, "n")
                                                                                        : -1;
    arena_free(arena);
    return n;
}

static void count_all(struct demo *d, struct demo_counts *counts)
{
    counts->young_people = count_rows(d, "SELECT count(*) AS n FROM people WHERE kind = 'young_person'");
    counts->adults = count_rows(d, "SELECT count(*) AS n FROM people WHERE kind = 'adult_of_concern'");
    counts->contexts = count_rows(d, "SELECT count(*) AS n FROM contexts");
    counts->links = count_rows(d, "SELECT count(*) AS n FROM links");
    counts->concerns = count_rows(d, "SELECT count(*) AS n FROM concerns");
    counts->screenings = count_rows(d, "SELECT count(*) AS n FROM screenings");
    counts->alerts = count_rows(d, "SELECT count(*) AS n FROM alerts WHERE kind = 'concerns_from_two_agencies'");
    counts->interventions = count_rows(d, "SELECT count(*) AS n FROM interventions");
    counts->disruptions = count_rows(d, "SELECT count(*) AS n FROM disruptions");
}

static bool load_actors(struct demo *d)
{
    for (int i = 0; i < PRACTITIONER_COUNT; i++)
        if (!load_actor(d, demo_practitioner_emails[i], &d->practitioners[i]))
            return false;
    for (int i = 0; i < demo_coordinator_count; i++)
        if (!load_actor(d, demo_coordinator_emails[i], &d->coordinators[i]))
            return false;
    return true;
}

static bool create_contexts(struct demo *d)
{
    for (size_t i = 0; i < demo_context_seed_count && i < MAX_CONTEXTS; i++)
        if (!create_context(d, i))
            return false;
    return true;
}

static bool raise_and_screen(struct demo *d)
{
    plan_concerns(d);
    for (int i = 0; i < d->planned; i++)
        if (!raise_concern(d, &d->plan[i]))
            return false;
    for (int i = 0; i < d->raised_count; i++)
        if (!screen(d, &d->raised[i]))
            return false;
    return true;
}

bool demo_casework_fill(struct store_conn *conn, struct demo_counts *counts)
{
    struct demo *d = calloc(1, sizeof *d);
    if (d == NULL)
        return false;
    d->conn = conn;
    d->keep = arena_new();
    d->random_state = 0x4b455354524c5645ull; /* "KESTRLVE": the same partnership every time */
    d->today = clock_today_text(d->keep);
    size_t contexts = demo_context_seed_count < MAX_CONTEXTS ? demo_context_seed_count : MAX_CONTEXTS;
    bool ok = load_actors(d) && create_contexts(d);
    if (ok) {
        plan_people(d);
        ok = create_people(d) && create_near_duplicates(d) && link_schools(d) && link_groups(d) && link_others(d) &&
             raise_near_duplicate_concerns(d) && raise_and_screen(d) &&
             demo_interventions_fill(conn, d->context_ids, contexts) &&
             demo_disruptions_fill(conn, d->context_ids, contexts) &&
             demo_meetings_fill(conn, &counts->meetings, &counts->actions) &&
             demo_outcomes_fill(conn, d->context_ids, contexts);
    }
    if (ok)
        count_all(d, counts);
    arena_free(d->keep);
    free(d);
    return ok;
}
