/* Unit tests for the outcome measures (analysis/outcomes.c): every default
 * measure computed on a small hand-built partnership whose answers are
 * worked out by hand in the comments, month by month and for the period,
 * with breakdowns, an empty period, and events on the boundaries of
 * months and of ages. "Today" is given to each query, so the answers do
 * not depend on the day the tests run. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/outcomes.h"
#include "store/store.h"
#include "util/arena.h"

struct fixture {
    char dir[64];
    char path[128];
    struct store *store;
    struct store_conn *conn;
    struct arena *arena;
};

#define STAMP "'2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'"

/* The partnership: two agencies; three young people (one with only an
 * estimated age and no postcode); two places; concerns, screenings, two
 * MACE meetings, actions, assessments, an intervention and an adoption. */
static const char *const partnership[] = {
    "INSERT INTO agencies (id, name, kind, created_at) VALUES ('a1', 'Police', 'police', '2026-01-01'), "
    "('a2', 'School', 'education', '2026-01-01')",
    "INSERT INTO people (id, kind, given_name, family_name, date_of_birth, estimated_age, sex, postcode, "
    "owner_agency_id, sharing, created_at, updated_at) VALUES "
    "('p1', 'young_person', 'A', 'One', '2010-03-01', NULL, 'female', 'KV1 2AB', 'a1', 'hub', " STAMP "), "
    "('p2', 'young_person', 'B', 'Two', '2012-07-10', NULL, 'male', 'kv23cd', 'a1', 'hub', " STAMP "), "
    "('p3', 'young_person', 'C', 'Three', NULL, 15, NULL, NULL, 'a2', 'hub', " STAMP ")",
    "INSERT INTO contexts (id, kind, kind_version, name, postcode, owner_agency_id, sharing, created_at, updated_at) "
    "VALUES ('x1', 'location', 1, 'Park', 'KV1 9ZZ', 'a1', 'hub', " STAMP "), "
    "('x2', 'location', 1, 'Takeaway', 'KV2 1AA', 'a1', 'hub', " STAMP ")",
    /* concerns: id, person, context, date, agency, exploitation types */
    "INSERT INTO concerns (id, person_id, context_id, concern_date, raised_by, exploitation_types, narrative, status, "
    "owner_agency_id, sharing, created_at, updated_at) VALUES "
    "('c1', 'p1', NULL, '2026-01-31', 'x', '[{\"code\":\"child_criminal_exploitation\",\"version\":1}]', 'n', 'new', 'a1', 'hub', " STAMP "), "
    "('c2', 'p1', NULL, '2026-02-01', 'x', '[{\"code\":\"child_sexual_exploitation\",\"version\":1},"
    "{\"code\":\"child_criminal_exploitation\",\"version\":1}]', 'n', 'new', 'a2', 'hub', " STAMP "), "
    "('c3', 'p2', NULL, '2026-02-28', 'x', '[]', 'n', 'new', 'a1', 'hub', " STAMP "), "
    "('c4', 'p3', NULL, '2026-03-15', 'x', '[{\"code\":\"child_sexual_exploitation\",\"version\":1}]', 'n', 'new', 'a2', 'hub', " STAMP "), "
    "('c5', NULL, 'x1', '2026-03-01', 'x', '[]', 'n', 'new', 'a1', 'hub', " STAMP "), "
    "('c6', 'p2', NULL, '2025-03-01', 'x', '[]', 'n', 'new', 'a1', 'hub', " STAMP "), "
    "('c7', 'p3', NULL, '2025-02-14', 'x', '[]', 'n', 'new', 'a2', 'hub', " STAMP "), "
    "('c8', 'p1', NULL, '2026-03-01', 'x', '[]', 'n', 'new', 'a1', 'hub', " STAMP "), "
    "('c9', 'p1', NULL, '2025-12-01', 'x', '[]', 'n', 'new', 'a1', 'hub', " STAMP "), "
    "('c10', NULL, 'x1', '2025-11-01', 'x', '[]', 'n', 'new', 'a1', 'hub', " STAMP "), "
    "('c11', NULL, 'x1', '2025-12-20', 'x', '[]', 'n', 'new', 'a1', 'hub', " STAMP ")",
    /* screenings: id, concern, person, on, risk level, pathway */
    "INSERT INTO screenings (id, concern_id, person_id, context_id, screened_on, tool_version, score, scored_level, "
    "risk_level, rationale, pathway, owner_agency_id, sharing, created_at, updated_at) VALUES "
    "('s9', 'c9', 'p1', NULL, '2025-12-05', 1, 12, 'high', 'high', 'r', 'mace', 'a1', 'hub', " STAMP "), "
    "('s2', 'c2', 'p1', NULL, '2026-02-01', 1, 6, 'medium', 'medium', 'r', 'mace', 'a2', 'hub', " STAMP "), "
    "('s1', 'c1', 'p1', NULL, '2026-02-02', 1, 1, 'low', 'low', 'r', 'early_help', 'a1', 'hub', " STAMP "), "
    "('s2b', 'c2', 'p1', NULL, '2026-02-10', 1, 12, 'high', 'high', 'r', 'mace', 'a2', 'hub', " STAMP "), "
    "('s3', 'c3', 'p2', NULL, '2026-03-10', 1, 6, 'medium', 'medium', 'r', 'mace', 'a1', 'hub', " STAMP "), "
    "('s5', 'c5', NULL, 'x1', '2026-03-04', 1, 1, 'low', 'low', 'r', 'universal', 'a1', 'hub', " STAMP "), "
    "('s8', 'c8', 'p1', NULL, '2026-03-02', 1, 1, 'low', 'low', 'r', 'child_in_need', 'a1', 'hub', " STAMP "), "
    "('s6', 'c6', 'p2', NULL, '2025-03-05', 1, 6, 'medium', 'medium', 'r', 'early_help', 'a1', 'hub', " STAMP ")",
    "INSERT INTO meetings (id, held_on, title, status, owner_agency_id, sharing, created_at, updated_at) VALUES "
    "('m1', '2026-01-20', 'MACE', 'closed', 'a1', 'hub', " STAMP "), "
    "('m2', '2026-02-17', 'MACE', 'closed', 'a1', 'hub', " STAMP "), "
    "('m3', '2026-06-30', 'MACE', 'open', 'a1', 'hub', " STAMP ")",
    "INSERT INTO meeting_agencies (meeting_id, agency_id) VALUES ('m1', 'a1'), ('m1', 'a2'), ('m2', 'a1'), ('m3', 'a1')",
    "INSERT INTO meeting_attendance (meeting_id, agency_id, name, attended) VALUES ('m1', 'a1', 'DS X', 'present'), "
    "('m1', 'a2', 'Mr Y', 'apologies'), ('m2', 'a1', 'DS X', 'present')",
    "INSERT INTO meeting_items (id, meeting_id, position, kind, person_id, context_id, reason, owner_agency_id, sharing, "
    "created_at, updated_at) VALUES ('i1', 'm1', 1, 'young_person', 'p1', NULL, 'r', 'a1', 'hub', " STAMP "), "
    "('i2', 'm1', 2, 'young_person', 'p2', NULL, 'r', 'a1', 'hub', " STAMP "), "
    "('i3', 'm2', 1, 'young_person', 'p1', NULL, 'r', 'a1', 'hub', " STAMP "), "
    "('i4', 'm2', 2, 'young_person', 'p3', NULL, 'r', 'a1', 'hub', " STAMP "), "
    "('i5', 'm2', 3, 'context', NULL, 'x1', 'r', 'a1', 'hub', " STAMP ")",
    "INSERT INTO actions (id, description, due_on, status, completed_on, owner_agency_id, sharing, created_at, "
    "updated_at) VALUES ('t1', 'd', '2026-01-31', 'done', '2026-01-30', 'a1', 'hub', " STAMP "), "
    "('t2', 'd', '2026-02-01', 'done', '2026-02-03', 'a1', 'hub', " STAMP "), "
    "('t3', 'd', '2026-02-15', 'open', NULL, 'a2', 'hub', " STAMP "), "
    "('t4', 'd', '2026-03-31', 'cancelled', '2026-03-01', 'a2', 'hub', " STAMP "), "
    "('t5', 'd', '2026-06-20', 'open', NULL, 'a1', 'hub', " STAMP ")",
    "INSERT INTO context_assessments (id, context_id, assessed_on, form, risk_rating, summary, owner_agency_id, "
    "sharing, created_at, updated_at) VALUES ('e1', 'x1', '2026-01-10', 'location', 'high', 's', 'a1', 'hub', " STAMP "), "
    "('e2', 'x1', '2026-02-20', 'location', 'medium', 's', 'a1', 'hub', " STAMP "), "
    "('e3', 'x2', '2026-02-05', 'location', 'high', 's', 'a1', 'hub', " STAMP ")",
    "INSERT INTO interventions (id, context_id, type, lead_agency_id, started_on, status, description, "
    "owner_agency_id, sharing, created_at, updated_at) VALUES ('v1', 'x1', 'cctv', 'a1', '2026-01-15', 'active', "
    "'d', 'a1', 'hub', " STAMP ")",
    "INSERT INTO definition_adoptions (term_id, version, agency_id, adopted_on) SELECT id, 1, 'a1', '2026-02-10' "
    "FROM definition_terms WHERE code = 'child_sexual_exploitation'",
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    strcpy(f->dir, "/tmp/cshub-outcomes-XXXXXX");
    if (mkdtemp(f->dir) == NULL)
        return -1;
    snprintf(f->path, sizeof f->path, "%s/t.db", f->dir);
    char error[256];
    f->store = store_open(f->path, 1, error, sizeof error);
    if (f->store == NULL || store_migrate(f->store, NULL) != STORE_OK)
        return -1;
    f->conn = store_acquire(f->store);
    for (size_t i = 0; i < sizeof partnership / sizeof partnership[0]; i++)
        if (store_exec(f->conn, partnership[i], NULL, 0, NULL) != STORE_OK) {
            fprintf(stderr, "setup statement %zu failed\n", i);
            return -1;
        }
    f->arena = arena_new();
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    store_release(f->store, f->conn);
    store_close(f->store);
    arena_free(f->arena);
    char command[160];
    snprintf(command, sizeof command, "rm -rf '%s'", f->dir);
    int rc = system(command);
    free(f);
    return rc == 0 ? 0 : -1;
}

/* January to March 2026, by month unless whole. */
static struct outcome_grid compute(struct fixture *f, const char *code, enum outcome_breakdown by, bool whole,
                                   const char *today)
{
    int first;
    assert_true(outcome_month_parse("2026-01", &first));
    struct outcome_query q = {.spec = outcome_spec_find(code), .by = by, .first_month = first, .months = 3,
                              .by_month = !whole, .today = today, .screening_standard_days = 3};
    assert_non_null(q.spec);
    struct outcome_grid grid;
    assert_int_equal(outcome_compute(f->conn, f->arena, &q, &grid), STORE_OK);
    return grid;
}

static int group(const struct outcome_grid *grid, const char *key)
{
    for (int g = 0; g < grid->groups; g++)
        if (strcmp(grid->group_keys[g], key) == 0)
            return g;
    fail_msg("no group %s", key);
    return -1;
}

static double value(const struct outcome_grid *grid, enum outcome_kind kind, const char *key, int bucket)
{
    double v = -1;
    assert_true(outcome_cell_value(grid, kind, group(grid, key), bucket, &v));
    return v;
}

static double numerator(const struct outcome_grid *grid, const char *key, int bucket)
{
    return grid->numerator[(size_t)group(grid, key) * (size_t)grid->buckets + (size_t)bucket];
}

static double denominator(const struct outcome_grid *grid, const char *key, int bucket)
{
    return grid->denominator[(size_t)group(grid, key) * (size_t)grid->buckets + (size_t)bucket];
}

#define TODAY "2026-06-15"

/* Jan: c1 (31st); Feb: c2 (1st), c3; Mar: c4, c5, c8: months split on their boundaries. */
static void concerns_received_by_month_and_breakdown(void **state)
{
    struct fixture *f = *state;
    struct outcome_grid all = compute(f, "concerns_received", BY_NONE, false, TODAY);
    assert_int_equal(all.buckets, 3);
    assert_int_equal(value(&all, OUTCOME_COUNT, "all", 0), 1);
    assert_int_equal(value(&all, OUTCOME_COUNT, "all", 1), 2);
    assert_int_equal(value(&all, OUTCOME_COUNT, "all", 2), 3);
    struct outcome_grid whole = compute(f, "concerns_received", BY_NONE, true, TODAY);
    assert_int_equal(value(&whole, OUTCOME_COUNT, "all", 0), 6);

    struct outcome_grid agency = compute(f, "concerns_received", BY_AGENCY, true, TODAY);
    assert_int_equal(value(&agency, OUTCOME_COUNT, "Police", 0), 4); /* c1 c3 c5 c8 */
    assert_int_equal(value(&agency, OUTCOME_COUNT, "School", 0), 2); /* c2 c4 */

    /* c2 counts under both its types; concerns with none under "not coded" */
    struct outcome_grid types = compute(f, "concerns_received", BY_EXPLOITATION_TYPE, true, TODAY);
    assert_int_equal(value(&types, OUTCOME_COUNT, "child_criminal_exploitation", 0), 2);
    assert_int_equal(value(&types, OUTCOME_COUNT, "child_sexual_exploitation", 0), 2);
    assert_int_equal(value(&types, OUTCOME_COUNT, "not coded", 0), 3);

    /* ages at the concern: c8 is on p1's sixteenth birthday; p3 by estimated age */
    struct outcome_grid ages = compute(f, "concerns_received", BY_AGE_BAND, true, TODAY);
    assert_int_equal(value(&ages, OUTCOME_COUNT, "14 to 15", 0), 3); /* c1 c2 c4 */
    assert_int_equal(value(&ages, OUTCOME_COUNT, "16 to 17", 0), 1); /* c8 */
    assert_int_equal(value(&ages, OUTCOME_COUNT, "10 to 13", 0), 1); /* c3 */
    assert_int_equal(value(&ages, OUTCOME_COUNT, "no young person", 0), 1); /* c5 */

    /* areas: the young person's postcode district (written without a space too), else the place's */
    struct outcome_grid areas = compute(f, "concerns_received", BY_AREA, true, TODAY);
    assert_int_equal(value(&areas, OUTCOME_COUNT, "KV1", 0), 4); /* c1 c2 c8, and c5 at the park */
    assert_int_equal(value(&areas, OUTCOME_COUNT, "KV2", 0), 1);
    assert_int_equal(value(&areas, OUTCOME_COUNT, "not known", 0), 1);

    struct outcome_grid sexes = compute(f, "concerns_received", BY_SEX, true, TODAY);
    assert_int_equal(value(&sexes, OUTCOME_COUNT, "female", 0), 3);
    assert_int_equal(value(&sexes, OUTCOME_COUNT, "not_known", 0), 1);
}

static void an_empty_period_counts_nothing(void **state)
{
    struct fixture *f = *state;
    int first;
    assert_true(outcome_month_parse("2024-04", &first));
    for (size_t i = 0; i < 13; i++) {
        static const char *const codes[] = {"concerns_received", "days_to_screening", "screened_within_standard",
                                            "repeat_concerns", "risk_trajectory_3m", "risk_trajectory_6m",
                                            "stepped_down", "context_ratings", "concerns_after_intervention",
                                            "actions_on_time", "mace_attendance", "young_people_per_meeting",
                                            "definitions_adopted"};
        struct outcome_query q = {.spec = outcome_spec_find(codes[i]), .first_month = first, .months = 3,
                                  .by_month = true, .today = TODAY, .screening_standard_days = 3};
        assert_non_null(q.spec);
        struct outcome_grid grid;
        assert_int_equal(outcome_compute(f->conn, f->arena, &q, &grid), STORE_OK);
        for (int g = 0; g < grid.groups; g++)
            for (int b = 0; b < grid.buckets; b++) {
                double v;
                /* no concern, screening, meeting or action: counts are zero, ratios have none
                 * (but for the definitions, agreed in 2023 and adopted by no agency by then: 0%) */
                if (outcome_cell_value(&grid, q.spec->kind, g, b, &v))
                    assert_true(v == 0 && (q.spec->kind == OUTCOME_COUNT || strcmp(codes[i], "definitions_adopted") == 0));
            }
    }
}

/* Days to first screening: Jan [2]; Feb [0 (c2, screened twice), 10]; Mar [3, 1] (c4 not screened). */
static void days_to_screening_median_and_90th_percentile(void **state)
{
    struct fixture *f = *state;
    struct outcome_grid g = compute(f, "days_to_screening", BY_NONE, false, TODAY);
    assert_int_equal(value(&g, OUTCOME_DAYS, "all", 0), 2);
    assert_int_equal(value(&g, OUTCOME_DAYS, "all", 1), 0);
    assert_int_equal(g.p90[1], 10);
    assert_int_equal(value(&g, OUTCOME_DAYS, "all", 2), 1);
    assert_int_equal(g.p90[2], 3);
    assert_int_equal(denominator(&g, "all", 2), 2);
    struct outcome_grid whole = compute(f, "days_to_screening", BY_NONE, true, TODAY);
    assert_int_equal(value(&whole, OUTCOME_DAYS, "all", 0), 2); /* 0 1 2 3 10: the median is 2 */
    assert_int_equal(whole.p90[0], 10);
}

/* Within 3 days: Jan 1/1; Feb 1/2 (c3 took 10); Mar 2/3 (c4 still waiting, past the standard). */
static void screened_within_standard_counts_those_still_waiting(void **state)
{
    struct fixture *f = *state;
    struct outcome_grid g = compute(f, "screened_within_standard", BY_NONE, false, TODAY);
    assert_int_equal(numerator(&g, "all", 0), 1);
    assert_int_equal(denominator(&g, "all", 0), 1);
    assert_int_equal(numerator(&g, "all", 1), 1);
    assert_int_equal(denominator(&g, "all", 1), 2);
    assert_int_equal(numerator(&g, "all", 2), 2);
    assert_int_equal(denominator(&g, "all", 2), 3);
    /* the day after c4 was raised, its wait is within the standard still: not counted yet */
    struct outcome_grid early = compute(f, "screened_within_standard", BY_NONE, false, "2026-03-16");
    assert_int_equal(denominator(&early, "all", 2), 2);
}

/* Jan: p1 (c9 before) 1/1; Feb: p1, p2 (c6 on 2025-03-01, within a year of c3 on 2026-02-28) 2/2;
 * Mar: p3 (c7 is over a year before c4) and p1: 1/2; the period: p1 p2 of p1 p2 p3. */
static void repeat_concerns_within_twelve_months(void **state)
{
    struct fixture *f = *state;
    struct outcome_grid g = compute(f, "repeat_concerns", BY_NONE, false, TODAY);
    assert_int_equal(numerator(&g, "all", 0), 1);
    assert_int_equal(denominator(&g, "all", 0), 1);
    assert_int_equal(numerator(&g, "all", 1), 2);
    assert_int_equal(denominator(&g, "all", 1), 2);
    assert_int_equal(numerator(&g, "all", 2), 1);
    assert_int_equal(denominator(&g, "all", 2), 2);
    struct outcome_grid whole = compute(f, "repeat_concerns", BY_NONE, true, TODAY);
    assert_int_equal(numerator(&whole, "all", 0), 2);
    assert_int_equal(denominator(&whole, "all", 0), 3);
}

/* First discussed: p1 and p2 at m1 (20 Jan), p3 at m2. p1: high before, low by 20 Apr: lower. p2:
 * medium before and after: not lower. p3: no screening since: left out. */
static void risk_trajectories_after_the_first_discussion(void **state)
{
    struct fixture *f = *state;
    struct outcome_grid g = compute(f, "risk_trajectory_3m", BY_NONE, false, TODAY);
    assert_int_equal(numerator(&g, "all", 0), 1);
    assert_int_equal(denominator(&g, "all", 0), 2);
    assert_int_equal(denominator(&g, "all", 1), 0);
    /* six months on from 20 Jan has not come by 15 June: nothing to measure yet */
    struct outcome_grid six = compute(f, "risk_trajectory_6m", BY_NONE, false, TODAY);
    assert_int_equal(six.groups, 0);
    six = compute(f, "risk_trajectory_6m", BY_NONE, false, "2026-08-01");
    assert_int_equal(numerator(&six, "all", 0), 1);
    assert_int_equal(denominator(&six, "all", 0), 2);
    struct outcome_grid sexes = compute(f, "risk_trajectory_3m", BY_SEX, true, TODAY);
    assert_int_equal(numerator(&sexes, "female", 0), 1);
    assert_int_equal(denominator(&sexes, "male", 0), 1);
}

/* p1: s2 (mace) then s1 (early help): Feb; s2b (mace) then s8 (child in need): Mar. */
static void stepped_down_from_mace(void **state)
{
    struct fixture *f = *state;
    struct outcome_grid g = compute(f, "stepped_down", BY_NONE, false, TODAY);
    assert_int_equal(value(&g, OUTCOME_COUNT, "all", 0), 0);
    assert_int_equal(value(&g, OUTCOME_COUNT, "all", 1), 1);
    assert_int_equal(value(&g, OUTCOME_COUNT, "all", 2), 1);
}

/* End Jan: the park high; end Feb: the park medium, the takeaway high. */
static void context_ratings_at_each_month_end(void **state)
{
    struct fixture *f = *state;
    struct outcome_grid g = compute(f, "context_ratings", BY_NONE, false, TODAY);
    assert_int_equal(value(&g, OUTCOME_COUNT, "all", 0), 1);
    assert_int_equal(value(&g, OUTCOME_COUNT, "all", 1), 1);
    assert_int_equal(value(&g, OUTCOME_COUNT, "all", 2), 1);
    struct outcome_grid ratings = compute(f, "context_ratings", BY_RATING, false, TODAY);
    assert_int_equal(value(&ratings, OUTCOME_COUNT, "medium", 1), 1);
    assert_int_equal(value(&ratings, OUTCOME_COUNT, "medium", 0), 0);
    struct outcome_grid areas = compute(f, "context_ratings", BY_AREA, true, TODAY);
    assert_int_equal(value(&areas, OUTCOME_COUNT, "KV2", 0), 1);
}

/* CCTV at the park from 15 Jan: c10 and c11 in the three months before, c5 in the three after. */
static void concerns_before_and_after_an_intervention(void **state)
{
    struct fixture *f = *state;
    struct outcome_grid g = compute(f, "concerns_after_intervention", BY_AGENCY, false, TODAY);
    assert_int_equal(numerator(&g, "Police", 0), 1);
    assert_int_equal(denominator(&g, "Police", 0), 2);
    assert_int_equal(value(&g, OUTCOME_PERCENT, "Police", 0), 50);
    /* before its three months after have passed, it is not measured */
    struct outcome_grid early = compute(f, "concerns_after_intervention", BY_NONE, false, "2026-04-14");
    assert_int_equal(early.groups, 0);
}

/* Jan: t1 on time; Feb: t2 late, t3 still open past its date; t4 cancelled, t5 not yet due. */
static void actions_done_on_time(void **state)
{
    struct fixture *f = *state;
    struct outcome_grid g = compute(f, "actions_on_time", BY_AGENCY, true, TODAY);
    assert_int_equal(numerator(&g, "Police", 0), 1);
    assert_int_equal(denominator(&g, "Police", 0), 2);
    assert_int_equal(numerator(&g, "School", 0), 0);
    assert_int_equal(denominator(&g, "School", 0), 1);
}

/* m1: the police came, the school sent apologies; m2: the police came. m3 is still to come. */
static void mace_attendance_and_load(void **state)
{
    struct fixture *f = *state;
    struct outcome_grid g = compute(f, "mace_attendance", BY_NONE, false, TODAY);
    assert_int_equal(value(&g, OUTCOME_PERCENT, "all", 0), 50);
    assert_int_equal(value(&g, OUTCOME_PERCENT, "all", 1), 100);
    struct outcome_grid load = compute(f, "young_people_per_meeting", BY_NONE, true, TODAY);
    assert_int_equal(numerator(&load, "all", 0), 4); /* p1 p2, then p1 p3: the place is not a young person */
    assert_int_equal(denominator(&load, "all", 0), 2);
}

/* The police adopted one definition on 10 Feb: none by the end of January, one pair of every agency and term after. */
static void definitions_adopted_by_agency(void **state)
{
    struct fixture *f = *state;
    struct store_result terms;
    assert_int_equal(store_query(f->conn, f->arena, "SELECT count(*) AS n FROM definition_terms", NULL, 0, &terms),
                     STORE_OK);
    double term_count = (double)store_cell_int(&terms, 0, "n");
    struct outcome_grid g = compute(f, "definitions_adopted", BY_NONE, false, TODAY);
    assert_int_equal(numerator(&g, "all", 0), 0);
    assert_int_equal(numerator(&g, "all", 1), 1);
    assert_true(denominator(&g, "all", 1) == 2 * term_count);
    struct outcome_grid agency = compute(f, "definitions_adopted", BY_AGENCY, false, TODAY);
    assert_int_equal(numerator(&agency, "Police", 2), 1);
    assert_int_equal(numerator(&agency, "School", 2), 0);
}

static void months_are_read_strictly(void **state)
{
    (void)state;
    int month;
    assert_true(outcome_month_parse("2026-01", &month));
    assert_int_equal(month, 2026 * 12);
    const char *bad[] = {"2026-13", "2026-00", "2026-1", "26-01", "2026-01-01", "2026/01", "+026-01", "", "20x6-01"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(outcome_month_parse(bad[i], &month));
    assert_int_equal(outcome_breakdown_from_name("agency"), BY_AGENCY);
    assert_int_equal(outcome_breakdown_from_name("name"), -1);
    assert_null(outcome_spec_find("names_of_children"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(concerns_received_by_month_and_breakdown, setup, teardown),
        cmocka_unit_test_setup_teardown(an_empty_period_counts_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(days_to_screening_median_and_90th_percentile, setup, teardown),
        cmocka_unit_test_setup_teardown(screened_within_standard_counts_those_still_waiting, setup, teardown),
        cmocka_unit_test_setup_teardown(repeat_concerns_within_twelve_months, setup, teardown),
        cmocka_unit_test_setup_teardown(risk_trajectories_after_the_first_discussion, setup, teardown),
        cmocka_unit_test_setup_teardown(stepped_down_from_mace, setup, teardown),
        cmocka_unit_test_setup_teardown(context_ratings_at_each_month_end, setup, teardown),
        cmocka_unit_test_setup_teardown(concerns_before_and_after_an_intervention, setup, teardown),
        cmocka_unit_test_setup_teardown(actions_done_on_time, setup, teardown),
        cmocka_unit_test_setup_teardown(mace_attendance_and_load, setup, teardown),
        cmocka_unit_test_setup_teardown(definitions_adopted_by_agency, setup, teardown),
        cmocka_unit_test(months_are_read_strictly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
