/* Outcome measures for their readers; see outcome.h. */
#include "domain/outcome.h"

#include <stdio.h>
#include <string.h>

#include "analysis/outcome_cache.h"
#include "analysis/suppression.h"
#include "auth/access.h"
#include "util/arena.h"
#include "util/clock.h"

#define MEASURE_COLUMNS                                                                                      \
    "SELECT code, name, level, definition, computation, unit, better, target, source, recommendation "       \
    "FROM outcome_measures "

static bool may_read(struct domain_context *ctx, const char *code)
{
    return access_capability(ctx->conn, ctx->arena, &ctx->caller, CAPABILITY_READ_OUTCOMES, "read",
                             code ? "outcome_measure" : "outcome_measures", code)
        .allowed;
}

enum domain_status outcome_measures_list(struct domain_context *ctx, struct store_result *out)
{
    if (!may_read(ctx, NULL))
        return DOMAIN_FORBIDDEN;
    return store_query(ctx->conn, ctx->arena, MEASURE_COLUMNS "ORDER BY position, code", NULL, 0, out) == STORE_OK
               ? DOMAIN_OK
               : DOMAIN_UNAVAILABLE;
}

enum domain_status outcome_settings_read(struct domain_context *ctx, struct outcome_settings *out)
{
    struct store_result r;
    if (store_query(ctx->conn, ctx->arena,
                    "SELECT screening_standard_days, suppression_threshold FROM outcome_settings WHERE id = 1", NULL,
                    0, &r) != STORE_OK ||
        r.rows != 1)
        return DOMAIN_UNAVAILABLE;
    out->screening_standard_days = (int)store_cell_int(&r, 0, "screening_standard_days");
    out->suppression_threshold = (int)store_cell_int(&r, 0, "suppression_threshold");
    return DOMAIN_OK;
}

/* ---- suppression ----
 *
 * Every figure is made of counts; the counts of children (young people,
 * concerns and screenings about them) are protected as the Department for
 * Education protects published statistics, whoever reads them: a count of
 * 1 to the threshold is hidden, and so is any figure made from it. The
 * rules depend on each month alone, never on the period or breakdown
 * asked for, so that no two answers can be set against each other:
 * - a month's overall figure is hidden only when its own counts are small;
 * - in each month of a breakdown, no hidden cell stands alone: another
 *   is hidden with it, so that none can be worked out from the month's
 *   overall figure;
 * - a figure for a whole period is shown only when every month it is made
 *   of is shown, so that no answer for another period can be subtracted
 *   from it to give a hidden month. */

static bool is_small(double count, int threshold) { return count >= 0.5 && count < threshold + 0.5; }

/* The tables of counts of children a view's figures are made of (for a
 * percentage also what the part leaves of the whole, so that "6 of 7"
 * does not give away the one). Returns how many (at most 3). */
static int child_tables(struct arena *arena, const struct outcome_view *view, const struct outcome_spec *spec,
                        const double *tables[3])
{
    bool num = spec->children & CHILDREN_IN_NUMERATOR, den = spec->children & CHILDREN_IN_DENOMINATOR;
    int n = 0;
    if (spec->kind == OUTCOME_DAYS) {
        if (den)
            tables[n++] = view->grid.denominator;
        return n;
    }
    if (num)
        tables[n++] = view->grid.numerator;
    if (den && spec->kind != OUTCOME_COUNT)
        tables[n++] = view->grid.denominator;
    if (num && den && spec->kind == OUTCOME_PERCENT) {
        size_t cells = (size_t)view->grid.groups * (size_t)view->grid.buckets;
        double *rest = arena_alloc(arena, sizeof *rest * (cells ? cells : 1));
        for (size_t i = 0; i < cells; i++)
            rest[i] = view->grid.denominator[i] - view->grid.numerator[i];
        tables[n++] = rest;
    }
    return n;
}

/* Hides every cell of view with a small count of children. */
static void hide_small(struct arena *arena, struct outcome_view *view, const struct outcome_spec *spec, int threshold)
{
    const double *tables[3];
    int count = child_tables(arena, view, spec, tables);
    size_t cells = (size_t)view->grid.groups * (size_t)view->grid.buckets;
    for (int t = 0; t < count; t++)
        for (size_t i = 0; i < cells; i++)
            view->hidden[i] = view->hidden[i] || is_small(tables[t][i], threshold);
}

/* How many children a cell's counts hold, all its tables together: 0
 * only for an empty cell. */
static double children_in(const double *tables[3], int count, size_t cell)
{
    double sum = 0;
    for (int t = 0; t < count; t++)
        sum += tables[t][cell];
    return sum;
}

/* In each month of the breakdown, a hidden cell alone gets a second: the
 * shown cell of the fewest children that is not empty (a cell of "0 of
 * 8" counts: leaving it shown would give the hidden one away). */
static void hide_second_in_each_month(struct arena *arena, struct outcome_view *groups, const struct outcome_spec *spec)
{
    const double *tables[3];
    int count = child_tables(arena, groups, spec, tables);
    if (count == 0)
        return;
    int buckets = groups->grid.buckets;
    for (int b = 0; b < buckets; b++) {
        int hidden = 0, second = -1;
        double fewest = 0;
        for (int g = 0; g < groups->grid.groups; g++) {
            size_t i = (size_t)g * (size_t)buckets + (size_t)b;
            hidden += groups->hidden[i];
            double children = children_in(tables, count, i);
            if (!groups->hidden[i] && children > 0 && (second < 0 || children < fewest)) {
                second = g;
                fewest = children;
            }
        }
        if (hidden == 1 && second >= 0)
            groups->hidden[(size_t)second * (size_t)buckets + (size_t)b] = true;
    }
}

static bool any_hidden(const bool *hidden, int count)
{
    for (int i = 0; i < count; i++)
        if (hidden[i])
            return true;
    return false;
}

/* A period's figure is hidden when any month it is made of is. */
static void hide_periods(struct outcome_figures *f)
{
    int buckets = f->groups.grid.buckets;
    for (int g = 0; g < f->groups_period.grid.groups; g++) {
        int row = outcome_view_row(&f->groups, f->groups_period.grid.group_keys[g]);
        if (row < 0 || any_hidden(f->groups.hidden + (size_t)row * (size_t)buckets, buckets))
            f->groups_period.hidden[g] = true;
    }
    if (any_hidden(f->overall.hidden, f->overall.grid.buckets))
        f->this_period.hidden[0] = true;
    if (any_hidden(f->last_months.hidden, f->last_months.grid.buckets))
        f->last_period.hidden[0] = true;
}

static void suppress_figures(struct arena *arena, struct outcome_figures *f)
{
    const struct outcome_spec *spec = f->spec;
    int threshold = f->settings.suppression_threshold;
    struct outcome_view *views[] = {&f->groups,      &f->overall,     &f->groups_period,
                                    &f->this_period, &f->last_months, &f->last_period};
    for (size_t v = 0; v < sizeof views / sizeof views[0]; v++)
        hide_small(arena, views[v], spec, threshold);
    hide_second_in_each_month(arena, &f->groups, spec);
    hide_periods(f);
}

int outcome_view_row(const struct outcome_view *view, const char *key)
{
    for (int g = 0; g < view->grid.groups; g++)
        if (strcmp(view->grid.group_keys[g], key) == 0)
            return g;
    return -1;
}

/* ---- labels and populations ---- */

const char *outcome_group_label(struct domain_context *ctx, enum outcome_breakdown by, const char *key)
{
    static const char *const plain[][2] = {
        {"female", "Female"}, {"male", "Male"}, {"other", "Other"}, {"not_known", "Not known"},
        {"not known", "Not known"}, {"no young person", "No young person (about a place)"},
        {"not coded", "Not coded"}, {"high", "High"}, {"medium", "Medium"}, {"low", "Low"}, {"all", "All"},
    };
    if (by == BY_EXPLOITATION_TYPE) {
        const struct store_value p[] = {store_text(key)};
        struct store_result r;
        if (store_query(ctx->conn, ctx->arena,
                        "SELECT v.label FROM definition_terms t JOIN definition_versions v ON v.term_id = t.id WHERE "
                        "t.category = 'exploitation_type' AND t.code = ? ORDER BY v.version DESC LIMIT 1",
                        p, 1, &r) == STORE_OK &&
            r.rows == 1)
            return store_cell_text(&r, 0, "label");
    }
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
        if (strcmp(plain[i][0], key) == 0)
            return plain[i][1];
    return key;
}

double outcome_area_population(struct domain_context *ctx, const char *district)
{
    const struct store_value p[] = {store_text(district)};
    struct store_result r;
    if (store_query(ctx->conn, ctx->arena, "SELECT population FROM area_populations WHERE postcode_district = ?", p, 1,
                    &r) != STORE_OK ||
        r.rows != 1)
        return 0;
    return (double)store_cell_int(&r, 0, "population");
}

/* ---- computing ---- */

static enum store_status compute_view(struct domain_context *ctx, struct outcome_query query, struct outcome_view *out)
{
    enum store_status status = outcome_compute_kept(ctx->conn, ctx->arena, &query, &out->grid, NULL);
    size_t cells = (size_t)out->grid.groups * (size_t)out->grid.buckets;
    out->hidden = arena_alloc(ctx->arena, sizeof(bool) * (cells ? cells : 1));
    return status;
}

/* A grid with no group gets one, "all", of empty cells, so that every
 * view has its months. */
static void ensure_one_group(struct arena *arena, struct outcome_view *view)
{
    struct outcome_grid *g = &view->grid;
    if (g->groups > 0)
        return;
    size_t cells = (size_t)g->buckets;
    g->groups = 1;
    g->group_keys = arena_alloc(arena, sizeof *g->group_keys);
    g->group_keys[0] = "all";
    g->numerator = arena_alloc(arena, sizeof(double) * cells);
    g->denominator = arena_alloc(arena, sizeof(double) * cells);
    g->p90 = arena_alloc(arena, sizeof(double) * cells);
    view->hidden = arena_alloc(arena, sizeof(bool) * cells);
}

static bool read_measure(struct domain_context *ctx, const char *code, struct store_result *out)
{
    const struct store_value p[] = {store_text(code)};
    return store_query(ctx->conn, ctx->arena, MEASURE_COLUMNS "WHERE code = ?", p, 1, out) == STORE_OK &&
           out->rows == 1;
}

/* The six questions behind a measure's figures, in the order of
 * struct outcome_figures' views: by month broken down, by month overall,
 * the period broken down, the period overall, and the period before it
 * by month and whole. */
#define VIEW_COUNT 6
static void view_queries(const struct outcome_spec *spec, enum outcome_breakdown by, int first_month, int months,
                         const char *today, int screening_standard_days, struct outcome_query out[VIEW_COUNT])
{
    struct outcome_query q = {.spec = spec, .by = by, .first_month = first_month, .months = months, .by_month = true,
                              .today = today, .screening_standard_days = screening_standard_days};
    for (int v = 0; v < VIEW_COUNT; v++)
        out[v] = q;
    out[1].by = out[3].by = out[4].by = out[5].by = BY_NONE;
    out[2].by_month = out[3].by_month = out[5].by_month = false;
    out[4].first_month = out[5].first_month = first_month - months;
}

enum domain_status outcome_figures_compute(struct domain_context *ctx, const char *code, enum outcome_breakdown by,
                                           int first_month, int months, struct outcome_figures *out)
{
    *out = (struct outcome_figures){.by = by, .first_month = first_month, .months = months};
    out->spec = outcome_spec_find(code);
    if (out->spec == NULL || !read_measure(ctx, code, &out->measure))
        return DOMAIN_NOT_FOUND;
    if (by != BY_NONE && !(out->spec->breakdowns & (1u << by)))
        return DOMAIN_CONFLICT;
    if (outcome_settings_read(ctx, &out->settings) != DOMAIN_OK)
        return DOMAIN_UNAVAILABLE;
    struct outcome_query queries[VIEW_COUNT];
    view_queries(out->spec, by, first_month, months, clock_today_text(ctx->arena),
                 out->settings.screening_standard_days, queries);
    struct outcome_view *views[VIEW_COUNT] = {&out->groups,      &out->overall,     &out->groups_period,
                                              &out->this_period, &out->last_months, &out->last_period};
    for (int v = 0; v < VIEW_COUNT; v++)
        if (compute_view(ctx, queries[v], views[v]) != STORE_OK)
            return DOMAIN_UNAVAILABLE;
    if (by == BY_NONE) {
        ensure_one_group(ctx->arena, &out->groups);
        ensure_one_group(ctx->arena, &out->groups_period);
    }
    ensure_one_group(ctx->arena, &out->overall);
    ensure_one_group(ctx->arena, &out->this_period);
    ensure_one_group(ctx->arena, &out->last_months);
    ensure_one_group(ctx->arena, &out->last_period);
    out->suppressed = out->spec->children != 0;
    suppress_figures(ctx->arena, out);
    return DOMAIN_OK;
}

enum domain_status outcome_figures_read(struct domain_context *ctx, const char *code, enum outcome_breakdown by,
                                        int first_month, int months, struct outcome_figures *out)
{
    const struct outcome_spec *spec = outcome_spec_find(code);
    if (spec == NULL)
        return DOMAIN_NOT_FOUND;
    if (by != BY_NONE && !(spec->breakdowns & (1u << by)))
        return DOMAIN_CONFLICT;
    if (!may_read(ctx, code))
        return DOMAIN_FORBIDDEN;
    return outcome_figures_compute(ctx, code, by, first_month, months, out);
}

/* ---- keeping the dashboards' figures ready ---- */

/* The next question of the dashboards' default (every measure, every
 * breakdown, the twelve months that have ended) with no current grid
 * kept, into *out; false when every one is current. */
static bool next_stale(struct store_conn *conn, struct arena *arena, const char *today, int standard_days,
                       struct outcome_query *out)
{
    int this_month;
    char month[8];
    memcpy(month, today, 7);
    month[7] = '\0';
    if (!outcome_month_parse(month, &this_month))
        return false;
    const struct outcome_spec *spec;
    for (int i = 0; (spec = outcome_spec_at(i)) != NULL; i++)
        for (int by = BY_NONE; by < BY_COUNT; by++) {
            if (by != BY_NONE && !(spec->breakdowns & (1u << by)))
                continue;
            struct outcome_query queries[VIEW_COUNT];
            view_queries(spec, by, this_month - OUTCOME_DEFAULT_MONTHS, OUTCOME_DEFAULT_MONTHS, today, standard_days,
                         queries);
            for (int v = 0; v < VIEW_COUNT; v++)
                if (!outcome_kept_current(conn, arena, &queries[v])) {
                    *out = queries[v];
                    return true;
                }
        }
    return false;
}

bool outcome_keep_ready(struct store_conn *conn, struct outcome_readiness *state)
{
    struct arena *arena = arena_new();
    struct domain_context ctx = {.conn = conn, .arena = arena};
    const char *today = clock_today_text(arena);
    int64_t version = outcome_change_version(conn, arena);
    bool more = false;
    struct outcome_settings settings;
    if (version >= 0 && (version != state->ready_at_version || strcmp(today, state->ready_on) != 0) &&
        outcome_settings_read(&ctx, &settings) == DOMAIN_OK) {
        struct outcome_query stale;
        struct outcome_grid grid;
        more = next_stale(conn, arena, today, settings.screening_standard_days, &stale);
        if (more) {
            more = outcome_compute_kept(conn, arena, &stale, &grid, NULL) == STORE_OK;
        } else {
            state->ready_at_version = version;
            snprintf(state->ready_on, sizeof state->ready_on, "%s", today);
            (void)outcome_kept_prune(conn, today);
        }
    }
    arena_free(arena);
    return more;
}
