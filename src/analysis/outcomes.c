/* The outcome measures' computations; see outcomes.h. Each measure is a
 * query that yields rows already counted by bucket and group, or rows per
 * event that C counts (days, trajectories, snapshots), poured into one
 * grid of cells. */
#include "analysis/outcomes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/clock.h"

#define GROUPS_MAX 200 /* past this, further groups are counted under "other" (suppression's limit too) */

static const char *const breakdown_names[BY_COUNT] = {"none", "agency", "exploitation_type", "area",
                                                      "age_band", "sex", "ethnicity", "rating"};

const char *outcome_breakdown_name(enum outcome_breakdown by) { return by < BY_COUNT ? breakdown_names[by] : NULL; }

int outcome_breakdown_from_name(const char *name)
{
    for (int i = 0; name != NULL && i < BY_COUNT; i++)
        if (strcmp(name, breakdown_names[i]) == 0)
            return i;
    return -1;
}

#define ALL_PEOPLE ((1u << BY_AREA) | (1u << BY_AGE_BAND) | (1u << BY_SEX) | (1u << BY_ETHNICITY))
#define ONLY_AGENCY (1u << BY_AGENCY)

#define BOTH (CHILDREN_IN_NUMERATOR | CHILDREN_IN_DENOMINATOR)

static const struct outcome_spec specs[] = {
    {"concerns_received", OUTCOME_COUNT, ONLY_AGENCY | (1u << BY_EXPLOITATION_TYPE) | ALL_PEOPLE, CHILDREN_IN_NUMERATOR},
    {"days_to_screening", OUTCOME_DAYS, ONLY_AGENCY | (1u << BY_EXPLOITATION_TYPE) | ALL_PEOPLE,
     CHILDREN_IN_DENOMINATOR},
    {"screened_within_standard", OUTCOME_PERCENT, ONLY_AGENCY | (1u << BY_EXPLOITATION_TYPE) | ALL_PEOPLE, BOTH},
    {"repeat_concerns", OUTCOME_PERCENT, ONLY_AGENCY | (1u << BY_EXPLOITATION_TYPE) | ALL_PEOPLE, BOTH},
    {"risk_trajectory_3m", OUTCOME_PERCENT, ALL_PEOPLE, BOTH},
    {"risk_trajectory_6m", OUTCOME_PERCENT, ALL_PEOPLE, BOTH},
    {"stepped_down", OUTCOME_COUNT, ONLY_AGENCY | ALL_PEOPLE, CHILDREN_IN_NUMERATOR},
    {"context_ratings", OUTCOME_COUNT, (1u << BY_RATING) | (1u << BY_AREA), 0},
    {"concerns_after_intervention", OUTCOME_PERCENT, ONLY_AGENCY, BOTH},
    {"actions_on_time", OUTCOME_PERCENT, ONLY_AGENCY, 0},
    {"mace_attendance", OUTCOME_PERCENT, ONLY_AGENCY, 0},
    {"young_people_per_meeting", OUTCOME_RATIO, 0, CHILDREN_IN_NUMERATOR},
    {"definitions_adopted", OUTCOME_PERCENT, ONLY_AGENCY, 0},
};

const struct outcome_spec *outcome_spec_find(const char *code)
{
    for (size_t i = 0; code != NULL && i < sizeof specs / sizeof specs[0]; i++)
        if (strcmp(specs[i].code, code) == 0)
            return &specs[i];
    return NULL;
}

const struct outcome_spec *outcome_spec_at(int index)
{
    return index >= 0 && (size_t)index < sizeof specs / sizeof specs[0] ? &specs[index] : NULL;
}

bool outcome_month_parse(const char *text, int *month)
{
    int year, number;
    char end;
    if (text == NULL || strlen(text) != 7 || text[4] != '-' || sscanf(text, "%4d-%2d%c", &year, &number, &end) != 2 ||
        year < 1900 || year > 9999 || number < 1 || number > 12 || strspn(text, "0123456789-") != 7)
        return false;
    *month = year * 12 + number - 1;
    return true;
}

/* "YYYY-MM-01" of month. */
static const char *month_start(struct arena *arena, int month)
{
    return arena_printf(arena, "%04d-%02d-01", month / 12, month % 12 + 1);
}

/* ---- the grid every measure fills ---- */

/* The days counted in one cell, in arena memory. */
struct day_list {
    int32_t *values;
    int count, capacity;
};

struct collector {
    struct store_conn *conn;
    struct arena *arena;
    const struct outcome_query *query;
    struct outcome_grid *grid;
    int capacity;
    struct day_list *days; /* OUTCOME_DAYS: the days counted in each cell */
    int64_t today;        /* day number */
    enum store_status status;
};

static void collector_init(struct collector *c, struct store_conn *conn, struct arena *arena,
                           const struct outcome_query *query, struct outcome_grid *grid)
{
    *c = (struct collector){.conn = conn, .arena = arena, .query = query, .grid = grid};
    *grid = (struct outcome_grid){.buckets = query->by_month ? query->months : 1};
    if (!clock_day_number(query->today, &c->today))
        c->today = 0;
}

/* Grows every per-cell array to hold capacity groups. */
static void grow(struct collector *c)
{
    struct outcome_grid *g = c->grid;
    int capacity = c->capacity ? c->capacity * 2 : 16;
    size_t cells = (size_t)capacity * (size_t)g->buckets, used = (size_t)g->groups * (size_t)g->buckets;
    const char **keys = arena_alloc(c->arena, sizeof *keys * (size_t)capacity);
    double *numerator = arena_alloc(c->arena, sizeof *numerator * cells);
    double *denominator = arena_alloc(c->arena, sizeof *denominator * cells);
    if (g->groups) {
        memcpy(keys, g->group_keys, sizeof *keys * (size_t)g->groups);
        memcpy(numerator, g->numerator, sizeof *numerator * used);
        memcpy(denominator, g->denominator, sizeof *denominator * used);
    }
    g->group_keys = keys;
    g->numerator = numerator;
    g->denominator = denominator;
    if (c->query->spec->kind == OUTCOME_DAYS) {
        struct day_list *days = arena_alloc(c->arena, sizeof *days * cells);
        if (g->groups)
            memcpy(days, c->days, sizeof *days * used);
        c->days = days;
    }
    c->capacity = capacity;
}

/* The ethnic groups a breakdown shows (the 2021 census's, as schools and
 * councils record them); anything else recorded shows as "Not recorded",
 * so that no text typed into the field reaches a breakdown. */
static const char *const ethnic_groups[] = {
    "White British", "White Irish", "White Gypsy or Irish Traveller", "White Roma", "Any other White background",
    "Mixed White and Black Caribbean", "Mixed White and Black African", "Mixed White and Asian",
    "Any other Mixed background", "Asian or Asian British Indian", "Asian or Asian British Pakistani",
    "Asian or Asian British Bangladeshi", "Asian or Asian British Chinese", "Any other Asian background",
    "Black or Black British African", "Black or Black British Caribbean", "Any other Black background", "Arab",
    "Any other ethnic group", "Not stated", "Not recorded", "no young person",
};

static bool is_ethnic_group(const char *key)
{
    for (size_t i = 0; i < sizeof ethnic_groups / sizeof ethnic_groups[0]; i++)
        if (strcmp(key, ethnic_groups[i]) == 0)
            return true;
    return false;
}

/* A postcode district's shape: one or two letters, a digit, and perhaps a letter or digit. */
static bool is_district(const char *key)
{
    size_t letters = strspn(key, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    const char *rest = key + letters;
    return letters >= 1 && letters <= 2 && rest[0] >= '0' && rest[0] <= '9' &&
           strlen(rest) <= 2 && strspn(rest + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") == strlen(rest + 1);
}

/* The key as a breakdown may show it: a group's key comes from what
 * practitioners recorded, so only the expected shapes pass. */
static const char *shown_key(enum outcome_breakdown by, const char *key)
{
    if (key == NULL)
        return "not known";
    switch (by) {
    case BY_ETHNICITY:
        return is_ethnic_group(key) ? key : "Not recorded";
    case BY_AREA:
        return is_district(key) || strcmp(key, "not known") == 0 ? key : "not known";
    case BY_EXPLOITATION_TYPE:
        return strlen(key) <= 64 && strspn(key, "abcdefghijklmnopqrstuvwxyz0123456789_") == strlen(key) ? key
                                                                                                        : "not coded";
    default:
        return key;
    }
}

/* The row of group key, added when new. */
static int group_of(struct collector *c, const char *key)
{
    struct outcome_grid *g = c->grid;
    key = shown_key(c->query->by, key);
    for (int i = 0; i < g->groups; i++)
        if (strcmp(g->group_keys[i], key) == 0)
            return i;
    if (g->groups >= GROUPS_MAX - 1 && strcmp(key, "other") != 0)
        return group_of(c, "other");
    if (g->groups == c->capacity)
        grow(c);
    g->group_keys[g->groups] = arena_strdup(c->arena, key);
    return g->groups++;
}

/* The bucket of a date or month ("YYYY-MM..."), or of the period ("P");
 * -1 when outside the period. */
static int bucket_of(const struct collector *c, const char *text)
{
    if (!c->query->by_month)
        return 0;
    char month_text[8];
    int month;
    if (text == NULL || strlen(text) < 7)
        return -1;
    memcpy(month_text, text, 7);
    month_text[7] = '\0';
    if (!outcome_month_parse(month_text, &month) || month < c->query->first_month ||
        month >= c->query->first_month + c->query->months)
        return -1;
    return month - c->query->first_month;
}

static size_t cell_index(const struct collector *c, int group, int bucket)
{
    return (size_t)group * (size_t)c->grid->buckets + (size_t)bucket;
}

static void add(struct collector *c, const char *bucket_text, const char *group, double numerator, double denominator)
{
    int bucket = bucket_of(c, bucket_text);
    if (bucket < 0)
        return;
    size_t i = cell_index(c, group_of(c, group), bucket);
    c->grid->numerator[i] += numerator;
    c->grid->denominator[i] += denominator;
}

static void add_days(struct collector *c, const char *bucket_text, const char *group, int64_t days)
{
    int bucket = bucket_of(c, bucket_text);
    if (bucket < 0 || days < 0 || days > INT32_MAX)
        return;
    size_t i = cell_index(c, group_of(c, group), bucket);
    struct day_list *list = &c->days[i];
    if (list->count == list->capacity) {
        int capacity = list->capacity ? list->capacity * 2 : 8;
        int32_t *grown = arena_alloc_bytes(c->arena, sizeof *grown * (size_t)capacity);
        if (list->count)
            memcpy(grown, list->values, sizeof *grown * (size_t)list->count);
        list->values = grown;
        list->capacity = capacity;
    }
    list->values[list->count++] = (int32_t)days;
    c->grid->denominator[i] += 1;
}

static int by_value(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* The smallest of sorted values with at least share of them at or below it. */
static double quantile(const int32_t *sorted, int count, double share)
{
    int at = (int)(share * count + 0.999999) - 1;
    return sorted[at < 0 ? 0 : at >= count ? count - 1 : at];
}

/* Medians into numerator, 90th percentiles into p90. */
static void finish_days(struct collector *c)
{
    struct outcome_grid *g = c->grid;
    size_t cells = (size_t)g->groups * (size_t)g->buckets;
    g->p90 = arena_alloc(c->arena, sizeof *g->p90 * (cells ? cells : 1));
    for (size_t i = 0; i < cells; i++) {
        struct day_list *list = &c->days[i];
        if (list->count == 0)
            continue;
        qsort(list->values, (size_t)list->count, sizeof *list->values, by_value);
        g->numerator[i] = quantile(list->values, list->count, 0.5);
        g->p90[i] = quantile(list->values, list->count, 0.9);
    }
}

bool outcome_cell_value(const struct outcome_grid *grid, enum outcome_kind kind, int group, int bucket,
                        double *value)
{
    size_t i = (size_t)group * (size_t)grid->buckets + (size_t)bucket;
    switch (kind) {
    case OUTCOME_COUNT:
        *value = grid->numerator[i];
        return true;
    case OUTCOME_PERCENT:
    case OUTCOME_RATIO:
        if (grid->denominator[i] == 0)
            return false;
        *value = grid->numerator[i] / grid->denominator[i] * (kind == OUTCOME_PERCENT ? 100 : 1);
        return true;
    case OUTCOME_DAYS:
        *value = grid->numerator[i];
        return grid->denominator[i] > 0;
    }
    return false;
}

/* ---- SQL fragments: fixed text chosen by the breakdown, never the caller's words ---- */

/* The period's bounds as parameters: [first day, first day after). */
static void period_bounds(struct arena *arena, const struct outcome_query *q, struct store_value bounds[2])
{
    bounds[0] = store_text(month_start(arena, q->first_month));
    bounds[1] = store_text(month_start(arena, q->first_month + q->months));
}

static const char *bucket_sql(struct arena *arena, const struct outcome_query *q, const char *date_column)
{
    return q->by_month ? arena_printf(arena, "substr(%s, 1, 7)", date_column) : "'P'";
}

/* The postcode district of a postcode column: the outward code. */
static const char *district_sql(struct arena *arena, const char *postcode)
{
    return arena_printf(arena,
                        "CASE WHEN %1$s IS NULL OR trim(%1$s) = '' THEN 'not known' "
                        "WHEN instr(trim(%1$s), ' ') > 0 THEN upper(substr(trim(%1$s), 1, instr(trim(%1$s), ' ') - 1)) "
                        "WHEN length(trim(%1$s)) > 3 THEN upper(substr(trim(%1$s), 1, length(trim(%1$s)) - 3)) "
                        "ELSE 'not known' END",
                        postcode);
}

/* The age band of an age expression. */
static const char *band_of_age(struct arena *arena, const char *age)
{
    return arena_printf(arena,
                        "CASE WHEN %1$s < 10 THEN 'under 10' WHEN %1$s < 14 THEN '10 to 13' WHEN %1$s < 16 THEN "
                        "'14 to 15' WHEN %1$s < 18 THEN '16 to 17' ELSE '18 and over' END",
                        age);
}

/* A person's age band on date_column, from the date of birth or else the estimated age. */
static const char *age_band_sql(struct arena *arena, const char *date_column)
{
    const char *age = arena_printf(arena,
                                   "(CAST(substr(%1$s, 1, 4) AS INTEGER) - CAST(substr(p.date_of_birth, 1, 4) AS INTEGER) "
                                   "- CASE WHEN substr(%1$s, 6, 5) < substr(p.date_of_birth, 6, 5) THEN 1 ELSE 0 END)",
                                   date_column);
    return arena_printf(arena,
                        "CASE WHEN p.id IS NULL THEN 'no young person' WHEN p.date_of_birth IS NOT NULL THEN (%s) "
                        "WHEN p.estimated_age IS NOT NULL THEN (%s) ELSE 'not known' END",
                        band_of_age(arena, age), band_of_age(arena, "p.estimated_age"));
}

/* The group expression of breakdown by, over aliases p (people, may be
 * NULL), ag (the agency) and x (exploitation types, joined when asked). */
static const char *group_sql(struct arena *arena, enum outcome_breakdown by, const char *date_column,
                             const char *postcode)
{
    switch (by) {
    case BY_AGENCY:
        return "ag.name";
    case BY_EXPLOITATION_TYPE:
        return "coalesce(json_extract(x.value, '$.code'), 'not coded')";
    case BY_AREA:
        return district_sql(arena, postcode);
    case BY_AGE_BAND:
        return age_band_sql(arena, date_column);
    case BY_SEX:
        return "CASE WHEN p.id IS NULL THEN 'no young person' ELSE coalesce(p.sex, 'not_known') END";
    case BY_ETHNICITY:
        return "CASE WHEN p.id IS NULL THEN 'no young person' ELSE coalesce(nullif(p.ethnicity, ''), 'Not recorded') END";
    default:
        return "'all'";
    }
}

/* Concerns with their young person, place and recording agency. */
static const char *concern_source(struct arena *arena, enum outcome_breakdown by)
{
    return arena_printf(arena,
                        "FROM concerns c LEFT JOIN people p ON p.id = c.person_id LEFT JOIN contexts cx ON cx.id = "
                        "c.context_id JOIN agencies ag ON ag.id = c.owner_agency_id %s "
                        "WHERE c.concern_date >= ? AND c.concern_date < ? ",
                        by == BY_EXPLOITATION_TYPE ? "LEFT JOIN json_each(c.exploitation_types) x ON 1 = 1" : "");
}

static const char *concern_group(struct arena *arena, enum outcome_breakdown by)
{
    return group_sql(arena, by, "c.concern_date", "coalesce(p.postcode, cx.postcode)");
}

/* ---- rows into the grid ---- */

static const char *text_of(const struct store_value *value) { return store_value_text(value); }

static double number_of(const struct store_value *value)
{
    return value->type == STORE_INT ? (double)value->integer : value->type == STORE_REAL ? value->real : 0;
}

/* Rows (bucket, group, numerator[, denominator]). */
static bool take_counted(void *context, const struct store_value *row, int columns)
{
    struct collector *c = context;
    add(c, text_of(&row[0]), text_of(&row[1]), number_of(&row[2]), columns > 3 ? number_of(&row[3]) : 0);
    return true;
}

static enum store_status each_counted(struct collector *c, const char *sql, const struct store_value *params, int count)
{
    return store_each(c->conn, sql, params, count, take_counted, c);
}

/* Runs sql, whose parameters are the period's bounds and (with_today)
 * today, for rows (bucket, group, numerator[, denominator]). */
static enum store_status count_in_period(struct collector *c, const char *sql, bool with_today)
{
    struct store_value p[3];
    period_bounds(c->arena, c->query, p);
    p[2] = store_text(c->query->today);
    return each_counted(c, sql, p, with_today ? 3 : 2);
}

/* ---- the measures ---- */

static enum store_status concerns_received(struct collector *c)
{
    const struct outcome_query *q = c->query;
    const char *sql = arena_printf(c->arena, "SELECT %s, %s, count(*) %s GROUP BY 1, 2",
                                   bucket_sql(c->arena, q, "c.concern_date"), concern_group(c->arena, q->by),
                                   concern_source(c->arena, q->by));
    return count_in_period(c, sql, false);
}

/* Rows (concern date, group, first screening date or NULL). */
static bool take_screening_wait(void *context, const struct store_value *row, int columns)
{
    (void)columns;
    struct collector *c = context;
    const char *raised = text_of(&row[0]), *screened = text_of(&row[2]);
    int64_t from, to;
    if (!clock_day_number(raised, &from))
        return true;
    bool waited = screened != NULL && clock_day_number(screened, &to);
    if (c->query->spec->kind == OUTCOME_DAYS) {
        if (waited)
            add_days(c, raised, text_of(&row[1]), to - from);
        return true;
    }
    int64_t standard = c->query->screening_standard_days;
    if (waited)
        add(c, raised, text_of(&row[1]), to - from <= standard, 1);
    else if (c->today - from > standard)
        add(c, raised, text_of(&row[1]), 0, 1);
    return true;
}

static enum store_status screening_wait(struct collector *c)
{
    const struct outcome_query *q = c->query;
    struct store_value p[2];
    period_bounds(c->arena, q, p);
    const char *sql = arena_printf(c->arena,
                                   "SELECT c.concern_date, %s, (SELECT min(s.screened_on) FROM screenings s WHERE "
                                   "s.concern_id = c.id) %s",
                                   concern_group(c->arena, q->by), concern_source(c->arena, q->by));
    return store_each(c->conn, sql, p, 2, take_screening_wait, c);
}

static enum store_status repeat_concerns(struct collector *c)
{
    const struct outcome_query *q = c->query;
    const char *sql = arena_printf(
        c->arena,
        "SELECT b, g, sum(repeated), count(*) FROM (SELECT %s AS b, %s AS g, c.person_id, max(CASE WHEN EXISTS "
        "(SELECT 1 FROM concerns e WHERE e.person_id = c.person_id AND e.concern_date < c.concern_date AND "
        "e.concern_date >= CAST(CAST(substr(c.concern_date, 1, 4) AS INTEGER) - 1 AS TEXT) || substr(c.concern_date, 5)) "
        "THEN 1 ELSE 0 END) AS repeated %s AND p.kind = 'young_person' GROUP BY 1, 2, 3) AS young GROUP BY 1, 2",
        bucket_sql(c->arena, q, "c.concern_date"), concern_group(c->arena, q->by), concern_source(c->arena, q->by));
    return count_in_period(c, sql, false);
}

static enum store_status stepped_down(struct collector *c)
{
    const struct outcome_query *q = c->query;
    const char *sql = arena_printf(
        c->arena,
        "SELECT %s, %s, count(*) FROM screenings s JOIN people p ON p.id = s.person_id JOIN agencies ag ON ag.id = "
        "s.owner_agency_id WHERE s.screened_on >= ? AND s.screened_on < ? AND s.pathway <> 'mace' AND (SELECT "
        "s0.pathway FROM screenings s0 WHERE s0.person_id = s.person_id AND (s0.screened_on < s.screened_on OR "
        "(s0.screened_on = s.screened_on AND s0.created_at < s.created_at)) ORDER BY s0.screened_on DESC, "
        "s0.created_at DESC LIMIT 1) = 'mace' GROUP BY 1, 2",
        bucket_sql(c->arena, q, "s.screened_on"), group_sql(c->arena, q->by, "s.screened_on", "p.postcode"));
    return count_in_period(c, sql, false);
}

/* ---- risk trajectories: per young person, in C ---- */

static int risk_rank(const char *level)
{
    static const char *const levels[] = {"none", "low", "medium", "high"};
    for (int i = 0; level != NULL && i < 4; i++)
        if (strcmp(level, levels[i]) == 0)
            return i;
    return -1;
}

struct trajectory {
    struct collector *collector;
    int months_after;
    const char *person, *first_on, *group, *until; /* the young person being walked */
    int before, after;                             /* risk ranks, -1 when none */
};

static void trajectory_close(struct trajectory *t)
{
    struct collector *c = t->collector;
    if (t->person != NULL && t->before >= 0 && t->after >= 0 && strcmp(t->until, c->query->today) <= 0)
        add(c, t->first_on, t->group, t->after < t->before, 1);
}

/* Rows (person, first discussed on, group, screened on, risk level), by person then date. */
static bool take_trajectory(void *context, const struct store_value *row, int columns)
{
    (void)columns;
    struct trajectory *t = context;
    struct arena *arena = t->collector->arena;
    const char *person = text_of(&row[0]), *screened = text_of(&row[3]);
    if (person == NULL || screened == NULL)
        return true;
    if (t->person == NULL || strcmp(person, t->person) != 0) {
        trajectory_close(t);
        t->person = arena_strdup(arena, person);
        t->first_on = arena_strdup(arena, text_of(&row[1]));
        t->group = arena_strdup(arena, text_of(&row[2]));
        t->until = clock_month_shift(arena, t->first_on, t->months_after);
        t->before = t->after = -1;
        if (t->until == NULL)
            t->until = "9999-12-31";
    }
    int rank = risk_rank(text_of(&row[4]));
    if (strcmp(screened, t->first_on) <= 0)
        t->before = rank;
    else if (strcmp(screened, t->until) <= 0)
        t->after = rank;
    return true;
}

static enum store_status risk_trajectory(struct collector *c, int months_after)
{
    const struct outcome_query *q = c->query;
    struct store_value p[3];
    period_bounds(c->arena, q, p);
    p[2] = store_text(q->today);
    const char *sql = arena_printf(
        c->arena,
        "WITH first AS (SELECT coalesce(d.merged_into, i.person_id) AS person_id, min(m.held_on) AS first_on FROM "
        "meeting_items i JOIN meetings m ON m.id = i.meeting_id JOIN people d ON d.id = i.person_id WHERE i.kind = "
        "'young_person' GROUP BY 1) "
        "SELECT f.person_id, f.first_on, %s, s.screened_on, s.risk_level FROM first f JOIN people p ON p.id = "
        "f.person_id JOIN screenings s ON s.person_id = f.person_id WHERE f.first_on >= ? AND f.first_on < ? AND "
        "f.first_on <= ? ORDER BY f.person_id, s.screened_on, s.created_at",
        group_sql(c->arena, q->by, "f.first_on", "p.postcode"));
    struct trajectory t = {.collector = c, .months_after = months_after};
    enum store_status status = store_each(c->conn, sql, p, 3, take_trajectory, &t);
    trajectory_close(&t);
    return status;
}

static enum store_status risk_trajectory_3m(struct collector *c) { return risk_trajectory(c, 3); }
static enum store_status risk_trajectory_6m(struct collector *c) { return risk_trajectory(c, 6); }

/* ---- snapshots at each bucket's end ---- */

/* The first day after bucket's end, and the bucket's name for add(). */
static const char *bucket_end(const struct collector *c, int bucket, const char **bucket_text)
{
    const struct outcome_query *q = c->query;
    int month = q->by_month ? q->first_month + bucket : q->first_month + q->months - 1;
    *bucket_text = q->by_month ? month_start(c->arena, month) : "P";
    return month_start(c->arena, month + 1);
}

struct snapshot {
    struct collector *collector;
    const char *bucket;
};

/* Rows (rating, district). */
static bool take_rating(void *context, const struct store_value *row, int columns)
{
    (void)columns;
    struct snapshot *s = context;
    const char *rating = text_of(&row[0]);
    enum outcome_breakdown by = s->collector->query->by;
    if (by == BY_RATING)
        add(s->collector, s->bucket, rating, 1, 0);
    else if (rating != NULL && strcmp(rating, "high") == 0)
        add(s->collector, s->bucket, by == BY_AREA ? text_of(&row[1]) : "all", 1, 0);
    return true;
}

static enum store_status context_ratings(struct collector *c)
{
    const char *sql = arena_printf(
        c->arena,
        "SELECT a.risk_rating, %s FROM context_assessments a JOIN contexts cx ON cx.id = a.context_id WHERE "
        "a.assessed_on < ? AND NOT EXISTS (SELECT 1 FROM context_assessments b WHERE b.context_id = a.context_id AND "
        "b.assessed_on < ? AND (b.assessed_on > a.assessed_on OR (b.assessed_on = a.assessed_on AND (b.created_at > "
        "a.created_at OR (b.created_at = a.created_at AND b.id > a.id)))))",
        district_sql(c->arena, "cx.postcode"));
    for (int bucket = 0; bucket < c->grid->buckets; bucket++) {
        struct snapshot s = {.collector = c};
        const char *end = bucket_end(c, bucket, &s.bucket);
        const struct store_value p[] = {store_text(end), store_text(end)};
        enum store_status status = store_each(c->conn, sql, p, 2, take_rating, &s);
        if (status != STORE_OK)
            return status;
    }
    return STORE_OK;
}

static enum store_status definitions_adopted(struct collector *c)
{
    const char *current = "(SELECT max(v.version) FROM definition_versions v WHERE v.term_id = t.id AND v.adopted_on < ?)";
    const char *sql = arena_printf(
        c->arena,
        "SELECT ?, %s, sum(CASE WHEN EXISTS (SELECT 1 FROM definition_adoptions a WHERE a.term_id = t.id AND "
        "a.agency_id = ag.id AND a.adopted_on < ? AND a.version = %s) THEN 1 ELSE 0 END), count(*) FROM agencies ag "
        "CROSS JOIN definition_terms t WHERE %s IS NOT NULL GROUP BY 1, 2",
        group_sql(c->arena, c->query->by, NULL, NULL), current, current);
    for (int bucket = 0; bucket < c->grid->buckets; bucket++) {
        const char *bucket_text;
        const char *end = bucket_end(c, bucket, &bucket_text);
        const struct store_value p[] = {store_text(bucket_text), store_text(end), store_text(end), store_text(end)};
        enum store_status status = each_counted(c, sql, p, 4);
        if (status != STORE_OK)
            return status;
    }
    return STORE_OK;
}

/* ---- concerns at a place before and after what was done there ---- */

static enum store_status count_around(struct collector *c, const char *started, const char *group,
                                      const char *context_id)
{
    const char *before = clock_month_shift(c->arena, started, -3), *after = clock_month_shift(c->arena, started, 3);
    if (before == NULL || after == NULL || strcmp(after, c->query->today) > 0)
        return STORE_OK; /* its three months after have not all passed */
    const struct store_value p[] = {store_text(before), store_text(started), store_text(started), store_text(after),
                                    store_text(context_id)};
    struct store_result r;
    enum store_status status = store_query(
        c->conn, c->arena,
        "SELECT coalesce(sum(CASE WHEN concern_date >= ? AND concern_date < ? THEN 1 ELSE 0 END), 0) AS before, "
        "coalesce(sum(CASE WHEN concern_date >= ? AND concern_date < ? THEN 1 ELSE 0 END), 0) AS after "
        "FROM concerns WHERE context_id = ?",
        p, 5, &r);
    if (status == STORE_OK && r.rows == 1)
        add(c, started, group, (double)store_cell_int(&r, 0, "after"), (double)store_cell_int(&r, 0, "before"));
    return status;
}

static enum store_status concerns_after_intervention(struct collector *c)
{
    const struct outcome_query *q = c->query;
    struct store_value bounds[2];
    period_bounds(c->arena, q, bounds);
    const struct store_value p[] = {bounds[0], bounds[1], bounds[0], bounds[1]};
    const char *group = group_sql(c->arena, q->by, NULL, NULL);
    struct store_result events;
    enum store_status status = store_query(
        c->conn, c->arena,
        arena_printf(c->arena,
                     "SELECT i.started_on AS started, %1$s AS grp, i.context_id FROM interventions i JOIN agencies ag "
                     "ON ag.id = i.lead_agency_id WHERE i.started_on >= ? AND i.started_on < ? UNION ALL "
                     "SELECT d.occurred_on, %1$s, d.context_id FROM disruptions d JOIN agencies ag ON ag.id = "
                     "d.agency_id WHERE d.context_id IS NOT NULL AND d.occurred_on >= ? AND d.occurred_on < ?",
                     group),
        p, 4, &events);
    for (int i = 0; status == STORE_OK && i < events.rows; i++)
        status = count_around(c, store_cell_text(&events, i, "started"), store_cell_text(&events, i, "grp"),
                              store_cell_text(&events, i, "context_id"));
    return status;
}

/* ---- MACE ---- */

static enum store_status actions_on_time(struct collector *c)
{
    const struct outcome_query *q = c->query;
    const char *sql = arena_printf(
        c->arena,
        "SELECT %s, %s, sum(CASE WHEN a.status = 'done' AND a.completed_on <= a.due_on THEN 1 ELSE 0 END), count(*) "
        "FROM actions a JOIN agencies ag ON ag.id = a.owner_agency_id WHERE a.due_on >= ? AND a.due_on < ? AND "
        "a.status <> 'cancelled' AND (a.status = 'done' OR a.due_on < ?) GROUP BY 1, 2",
        bucket_sql(c->arena, q, "a.due_on"), group_sql(c->arena, q->by, NULL, NULL));
    return count_in_period(c, sql, true);
}

/* Meetings held in the period: closed, or their day has passed. */
#define MEETINGS_HELD "m.held_on >= ? AND m.held_on < ? AND (m.status = 'closed' OR m.held_on < ?)"

static enum store_status mace_attendance(struct collector *c)
{
    const struct outcome_query *q = c->query;
    const char *sql = arena_printf(
        c->arena,
        "SELECT %s, %s, sum(CASE WHEN EXISTS (SELECT 1 FROM meeting_attendance t WHERE t.meeting_id = ma.meeting_id "
        "AND t.agency_id = ma.agency_id AND t.attended = 'present') THEN 1 ELSE 0 END), count(*) FROM "
        "meeting_agencies ma JOIN meetings m ON m.id = ma.meeting_id JOIN agencies ag ON ag.id = ma.agency_id "
        "WHERE " MEETINGS_HELD " GROUP BY 1, 2",
        bucket_sql(c->arena, q, "m.held_on"), group_sql(c->arena, q->by, NULL, NULL));
    return count_in_period(c, sql, true);
}

static enum store_status young_people_per_meeting(struct collector *c)
{
    const struct outcome_query *q = c->query;
    const char *sql = arena_printf(
        c->arena,
        "SELECT b, 'all', sum(young), count(*) FROM (SELECT %s AS b, (SELECT count(DISTINCT coalesce(d.merged_into, "
        "i.person_id)) FROM meeting_items i JOIN people d ON d.id = i.person_id WHERE i.meeting_id = m.id AND i.kind = "
        "'young_person') AS young FROM meetings m WHERE "
        MEETINGS_HELD ") AS held GROUP BY 1",
        bucket_sql(c->arena, q, "m.held_on"));
    return count_in_period(c, sql, true);
}

/* ---- dispatch ---- */

/* What each measure's figures for months [a, b] are made from: the rows
 * of each source (the tables the migration 0030 triggers mark) dated from
 * "before" months before a to "after" months after b. */
#define UNBOUNDED OUTCOME_UNBOUNDED
#define ALL_CONCERNS {"concerns", 0, 0}, {"people", 0, 0}, {"contexts", 0, 0}, {"agencies", 0, 0}
#define TRAJECTORY(months) {"meetings", UNBOUNDED, 0}, {"screenings", UNBOUNDED, months}, {"people", UNBOUNDED, months}
#define END {NULL, 0, 0}

static const struct {
    const char *code;
    enum store_status (*compute)(struct collector *c);
    struct outcome_dependency sources[6];
} computations[] = {
    {"concerns_received", concerns_received, {ALL_CONCERNS, END}},
    {"days_to_screening", screening_wait, {ALL_CONCERNS, {"concern_screenings", 0, 0}, END}},
    {"screened_within_standard", screening_wait, {ALL_CONCERNS, {"concern_screenings", 0, 0}, END}},
    /* a concern is a repeat of one in the twelve months before it */
    {"repeat_concerns", repeat_concerns,
     {{"concerns", 12, 0}, {"people", 0, 0}, {"contexts", 0, 0}, {"agencies", 0, 0}, END}},
    /* the first discussion and the last screening before it may be any time before */
    {"risk_trajectory_3m", risk_trajectory_3m, {TRAJECTORY(3), END}},
    {"risk_trajectory_6m", risk_trajectory_6m, {TRAJECTORY(6), END}},
    {"stepped_down", stepped_down, {{"screenings", UNBOUNDED, 0}, {"people", 0, 0}, {"agencies", 0, 0}, END}},
    {"context_ratings", context_ratings, {{"assessments", UNBOUNDED, 0}, {"contexts", 0, 0}, END}},
    {"concerns_after_intervention", concerns_after_intervention,
     {{"interventions", 0, 0}, {"place_concerns", 3, 3}, {"agencies", 0, 0}, END}},
    {"actions_on_time", actions_on_time, {{"actions", 0, 0}, {"agencies", 0, 0}, END}},
    {"mace_attendance", mace_attendance, {{"meetings", 0, 0}, {"agencies", 0, 0}, END}},
    {"young_people_per_meeting", young_people_per_meeting, {{"meetings", 0, 0}, {"people", 0, 0}, END}},
    {"definitions_adopted", definitions_adopted, {{"definitions", UNBOUNDED, 0}, {"agencies", 0, 0}, END}},
};

const struct outcome_dependency *outcome_dependencies(const struct outcome_spec *spec)
{
    for (size_t i = 0; spec != NULL && i < sizeof computations / sizeof computations[0]; i++)
        if (strcmp(computations[i].code, spec->code) == 0)
            return computations[i].sources;
    return NULL;
}

enum store_status outcome_compute(struct store_conn *conn, struct arena *arena, const struct outcome_query *query,
                                  struct outcome_grid *out)
{
    struct collector c;
    collector_init(&c, conn, arena, query, out);
    enum store_status status = STORE_ERROR;
    for (size_t i = 0; i < sizeof computations / sizeof computations[0]; i++)
        if (strcmp(computations[i].code, query->spec->code) == 0)
            status = computations[i].compute(&c);
    if (status == STORE_OK && query->spec->kind == OUTCOME_DAYS)
        finish_days(&c);
    return status;
}
