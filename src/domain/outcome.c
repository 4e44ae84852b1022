/* Outcome measures for their readers; see outcome.h. */
#include "domain/outcome.h"

#include <string.h>

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

/* ---- suppression ---- */

/* What suppression hid of one table of counts and its margins. */
struct hidden_margins {
    bool *cells, *row_totals, *column_totals, grand_total;
};

/* Suppresses one table of counts (one of grid's arrays) with its margins;
 * false when the table could not be checked (then hide everything). */
static bool hide_small_counts(struct arena *arena, const struct outcome_grid *grid, const double *counts,
                              int threshold, struct hidden_margins *out)
{
    int rows = grid->groups, columns = grid->buckets;
    size_t cells = (size_t)rows * (size_t)columns;
    int64_t *whole = arena_alloc(arena, sizeof *whole * (cells ? cells : 1));
    for (size_t i = 0; i < cells; i++)
        whole[i] = (int64_t)(counts[i] + 0.5);
    int64_t *grand_total = arena_alloc(arena, sizeof *grand_total);
    struct suppression_table t = {
        .rows = rows,
        .columns = columns,
        .counts = whole,
        .threshold = threshold,
        .cell_hidden = arena_alloc(arena, sizeof(bool) * (cells ? cells : 1)),
        .row_total_hidden = arena_alloc(arena, sizeof(bool) * (size_t)(rows ? rows : 1)),
        .column_total_hidden = arena_alloc(arena, sizeof(bool) * (size_t)(columns ? columns : 1)),
        .grand_total_hidden = &out->grand_total,
        .row_totals = arena_alloc(arena, sizeof(int64_t) * (size_t)(rows ? rows : 1)),
        .column_totals = arena_alloc(arena, sizeof(int64_t) * (size_t)(columns ? columns : 1)),
        .grand_total = grand_total,
    };
    out->cells = t.cell_hidden;
    out->row_totals = t.row_total_hidden;
    out->column_totals = t.column_total_hidden;
    return rows > 0 && columns > 0 && suppression_apply(&t);
}

/* The tables of counts a figure of kind is made from. */
static int count_tables(const struct outcome_grid *grid, enum outcome_kind kind, const double *tables[2])
{
    switch (kind) {
    case OUTCOME_COUNT:
        tables[0] = grid->numerator;
        return 1;
    case OUTCOME_DAYS:
        tables[0] = grid->denominator;
        return 1;
    default:
        tables[0] = grid->numerator;
        tables[1] = grid->denominator;
        return 2;
    }
}

static void hide_all(struct outcome_view *view)
{
    size_t cells = (size_t)view->grid.groups * (size_t)view->grid.buckets;
    for (size_t i = 0; i < cells; i++)
        view->hidden[i] = true;
}

/* Hides view's cells whose own counts are small (primary suppression
 * alone: the cells that would give them away are decided with the table
 * they are margins of, hide_margins). */
static void hide_primary(struct outcome_view *view, enum outcome_kind kind, int threshold)
{
    const double *tables[2];
    int count = count_tables(&view->grid, kind, tables);
    size_t cells = (size_t)view->grid.groups * (size_t)view->grid.buckets;
    for (int t = 0; t < count; t++)
        for (size_t i = 0; i < cells; i++)
            if (tables[t][i] >= 0.5 && tables[t][i] < threshold + 0.5)
                view->hidden[i] = true;
}

/* Suppresses a one-row view (months) whose row total is total (one cell). */
static void hide_row_with_total(struct arena *arena, struct outcome_view *row, struct outcome_view *total,
                                enum outcome_kind kind, int threshold)
{
    const double *tables[2];
    int count = count_tables(&row->grid, kind, tables);
    for (int t = 0; t < count; t++) {
        struct hidden_margins hidden;
        if (!hide_small_counts(arena, &row->grid, tables[t], threshold, &hidden)) {
            hide_all(row);
            hide_all(total);
            return;
        }
        for (int b = 0; b < row->grid.buckets; b++)
            row->hidden[b] = row->hidden[b] || hidden.cells[b];
        total->hidden[0] = total->hidden[0] || hidden.row_totals[0];
    }
}

/* The row of groups_period whose key is key, or -1. */
static int period_row(const struct outcome_view *groups_period, const char *key)
{
    for (int g = 0; g < groups_period->grid.groups; g++)
        if (strcmp(groups_period->grid.group_keys[g], key) == 0)
            return g;
    return -1;
}

/* The breakdown's months are one table whose margins are the other views:
 * each group's whole period (row totals), each month overall (column
 * totals, where the groups add up to the whole: a concern has one agency
 * but may have several exploitation types) and the period overall (the
 * grand total). Hidden margins are hidden there, so that no hidden cell
 * can be worked out from a total. */
static void hide_margins(struct arena *arena, struct outcome_figures *f)
{
    const double *tables[2];
    int count = count_tables(&f->groups.grid, f->spec->kind, tables);
    bool partitions = f->by != BY_EXPLOITATION_TYPE;
    for (int t = 0; t < count; t++) {
        struct hidden_margins hidden;
        if (!hide_small_counts(arena, &f->groups.grid, tables[t], f->settings.suppression_threshold, &hidden)) {
            hide_all(&f->groups);
            hide_all(&f->groups_period);
            continue;
        }
        for (int g = 0; g < f->groups.grid.groups; g++) {
            int row = period_row(&f->groups_period, f->groups.grid.group_keys[g]);
            if (row >= 0)
                f->groups_period.hidden[row] = f->groups_period.hidden[row] || hidden.row_totals[g];
            for (int b = 0; b < f->groups.grid.buckets; b++) {
                size_t i = (size_t)g * (size_t)f->groups.grid.buckets + (size_t)b;
                f->groups.hidden[i] = f->groups.hidden[i] || hidden.cells[i];
            }
        }
        for (int b = 0; partitions && b < f->overall.grid.buckets; b++)
            f->overall.hidden[b] = f->overall.hidden[b] || hidden.column_totals[b];
        if (partitions)
            f->this_period.hidden[0] = f->this_period.hidden[0] || hidden.grand_total;
    }
}

static void suppress_figures(struct arena *arena, struct outcome_figures *f)
{
    enum outcome_kind kind = f->spec->kind;
    int threshold = f->settings.suppression_threshold;
    hide_margins(arena, f);
    if (f->by == BY_EXPLOITATION_TYPE) /* the overall is no sum of the groups: a table of its own */
        hide_row_with_total(arena, &f->overall, &f->this_period, kind, threshold);
    /* a margin that is no sum of its cells (young people counted once in
     * the period, a count at the period's end) is hidden when it is small */
    hide_primary(&f->overall, kind, threshold);
    hide_primary(&f->groups_period, kind, threshold);
    hide_primary(&f->this_period, kind, threshold);
    hide_primary(&f->last_period, kind, threshold);
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
    enum store_status status = outcome_compute(ctx->conn, ctx->arena, &query, &out->grid);
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

enum domain_status outcome_figures_compute(struct domain_context *ctx, const char *code, enum outcome_breakdown by,
                                           int first_month, int months, bool published, struct outcome_figures *out)
{
    *out = (struct outcome_figures){.by = by, .first_month = first_month, .months = months};
    out->spec = outcome_spec_find(code);
    if (out->spec == NULL || !read_measure(ctx, code, &out->measure))
        return DOMAIN_NOT_FOUND;
    if (by != BY_NONE && !(out->spec->breakdowns & (1u << by)))
        return DOMAIN_CONFLICT;
    if (outcome_settings_read(ctx, &out->settings) != DOMAIN_OK)
        return DOMAIN_UNAVAILABLE;
    struct outcome_query q = {.spec = out->spec, .by = by, .first_month = first_month, .months = months,
                              .by_month = true, .today = clock_today_text(ctx->arena),
                              .screening_standard_days = out->settings.screening_standard_days};
    struct outcome_query overall = q, groups_period = q, this_period = q, last_period = q;
    overall.by = this_period.by = last_period.by = BY_NONE;
    groups_period.by_month = this_period.by_month = last_period.by_month = false;
    last_period.first_month = first_month - months;
    if (compute_view(ctx, q, &out->groups) != STORE_OK || compute_view(ctx, overall, &out->overall) != STORE_OK ||
        compute_view(ctx, groups_period, &out->groups_period) != STORE_OK ||
        compute_view(ctx, this_period, &out->this_period) != STORE_OK ||
        compute_view(ctx, last_period, &out->last_period) != STORE_OK)
        return DOMAIN_UNAVAILABLE;
    if (by == BY_NONE) {
        ensure_one_group(ctx->arena, &out->groups);
        ensure_one_group(ctx->arena, &out->groups_period);
    }
    ensure_one_group(ctx->arena, &out->overall);
    ensure_one_group(ctx->arena, &out->this_period);
    ensure_one_group(ctx->arena, &out->last_period);
    out->suppressed = published || ctx->caller.role != ROLE_COORDINATOR;
    if (out->suppressed)
        suppress_figures(ctx->arena, out);
    return DOMAIN_OK;
}

enum domain_status outcome_figures_read(struct domain_context *ctx, const char *code, enum outcome_breakdown by,
                                        int first_month, int months, struct outcome_figures *out)
{
    struct store_result measure;
    if (outcome_spec_find(code) == NULL || !read_measure(ctx, code, &measure))
        return DOMAIN_NOT_FOUND;
    if (!may_read(ctx, code))
        return DOMAIN_FORBIDDEN;
    return outcome_figures_compute(ctx, code, by, first_month, months, false, out);
}
