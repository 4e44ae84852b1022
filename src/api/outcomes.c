/* Outcome measure handlers: the framework, and one measure's figures over
 * a period (GET /api/v1/outcomes/measures/{code}?from=YYYY-MM&to=YYYY-MM&by=...).
 * Read by coordinators, analysts and board viewers (checked and audited in
 * the domain); small counts of children are suppressed whoever reads them. */
#include "api/outcomes.h"

#include <string.h>

#include "analysis/suppression.h"
#include "api/guard.h"
#include "api/outcome.h"
#include "api/render.h"
#include "domain/outcome.h"
#include "http/request.h"
#include "http/response.h"
#include "util/arena.h"
#include "util/clock.h"

#define PERIOD_MONTHS_MAX 60

static const char *const kind_names[] = {"count", "percent", "ratio", "days"};

void api_outcome_measures_list(struct request *req)
{
    struct domain_context ctx;
    api_context(req, &ctx);
    struct store_result r;
    enum domain_status status = outcome_measures_list(&ctx, &r);
    if (status != DOMAIN_OK) {
        respond_domain_failure(req, status, "outcome measure");
        return;
    }
    json_t *items = render_rows(&r);
    size_t i;
    json_t *item;
    json_array_foreach(items, i, item) {
        const struct outcome_spec *spec = outcome_spec_find(json_string_value(json_object_get(item, "code")));
        json_t *breakdowns = json_array();
        for (int by = 0; spec != NULL && by < BY_COUNT; by++)
            if (by == BY_NONE || (spec->breakdowns & (1u << by)))
                json_array_append_new(breakdowns, json_string(outcome_breakdown_name(by)));
        json_object_set_new(item, "kind", spec ? json_string(kind_names[spec->kind]) : json_null());
        json_object_set_new(item, "breakdowns", breakdowns);
    }
    struct outcome_settings settings;
    if (outcome_settings_read(&ctx, &settings) != DOMAIN_OK) {
        respond_domain_failure(req, DOMAIN_UNAVAILABLE, "outcome measure");
        return;
    }
    respond_json(req, 200, json_pack("{s:o,s:{s:i,s:i}}", "items", items, "settings", "screening_standard_days",
                                     settings.screening_standard_days, "suppression_threshold",
                                     settings.suppression_threshold));
}

/* ---- the period asked for ---- */

static const char *month_text(struct arena *arena, int month)
{
    return arena_printf(arena, "%04d-%02d", month / 12, month % 12 + 1);
}

/* from and to (inclusive months, "YYYY-MM"), months that have ended; by
 * default the twelve months to last month. Answers 400 naming the field.
 * A month still under way is never shown: its figures would change from
 * day to day, and two days' answers set side by side could point at one
 * child. */
static bool read_period(struct request *req, int *first_month, int *months)
{
    int this_month = 0;
    outcome_month_parse(arena_strndup(req->arena, clock_today_text(req->arena), 7), &this_month);
    const char *from = request_query(req, "from"), *to = request_query(req, "to");
    int first = this_month - OUTCOME_DEFAULT_MONTHS, last = this_month - 1;
    bool from_ok = from == NULL || outcome_month_parse(from, &first);
    bool to_ok = to == NULL || outcome_month_parse(to, &last);
    if (!from_ok || !to_ok) {
        respond_error(req, 400, "invalid_field",
                      !from_ok && !to_ok ? "From and To must each be a month written YYYY-MM"
                      : !from_ok         ? "From must be a month written YYYY-MM"
                                         : "To must be a month written YYYY-MM",
                      !from_ok ? "from" : "to");
        return false;
    }
    if (last >= this_month) {
        respond_error(req, 400, "invalid_field", "To must be a month that has ended", "to");
        return false;
    }
    if (last < first || last - first + 1 > PERIOD_MONTHS_MAX) {
        respond_error(req, 400, "invalid_field",
                      arena_printf(req->arena, "To must be the same month as From or later, and at most %d months on",
                                   PERIOD_MONTHS_MAX - 1),
                      "to");
        return false;
    }
    *first_month = first;
    *months = last - first + 1;
    return true;
}

/* ---- rendering ---- */

/* One cell: its figure (null when none or hidden), whether suppression
 * hid it, and for a shown ratio what it is made of. */
static json_t *cell_json(const struct outcome_view *view, enum outcome_kind kind, int group, int bucket,
                         double population)
{
    size_t i = (size_t)group * (size_t)view->grid.buckets + (size_t)bucket;
    json_t *cell = json_object();
    bool hidden = view->hidden[i];
    double value = 0;
    bool has_value = !hidden && outcome_cell_value(&view->grid, kind, group, bucket, &value);
    json_object_set_new(cell, "value", has_value ? json_real(value) : json_null());
    json_object_set_new(cell, "suppressed", json_boolean(hidden));
    if (hidden)
        return cell;
    if (kind == OUTCOME_PERCENT || kind == OUTCOME_RATIO) {
        json_object_set_new(cell, "numerator", json_real(view->grid.numerator[i]));
        json_object_set_new(cell, "denominator", json_real(view->grid.denominator[i]));
    } else if (kind == OUTCOME_DAYS) {
        json_object_set_new(cell, "p90", has_value ? json_real(view->grid.p90[i]) : json_null());
        json_object_set_new(cell, "count", json_real(view->grid.denominator[i]));
    }
    if (kind == OUTCOME_COUNT && population > 0)
        json_object_set_new(cell, "rate_per_10000", json_real(view->grid.numerator[i] / population * 10000));
    return cell;
}

static json_t *row_json(const struct outcome_view *view, enum outcome_kind kind, int group, double population)
{
    json_t *cells = json_array();
    for (int b = 0; b < view->grid.buckets; b++)
        json_array_append_new(cells, cell_json(view, kind, group, b, population));
    return cells;
}

/* Each group of the breakdown: its months and its whole period. Groups
 * seen only in the whole period (none by month) cannot occur: both are
 * counted from the same rows. */
static json_t *groups_json(struct domain_context *ctx, const struct outcome_figures *f)
{
    json_t *groups = json_array();
    enum outcome_kind kind = f->spec->kind;
    for (int g = 0; g < f->groups.grid.groups; g++) {
        const char *key = f->groups.grid.group_keys[g];
        double population = f->by == BY_AREA ? outcome_area_population(ctx, key) : 0;
        int period = outcome_view_row(&f->groups_period, key);
        json_array_append_new(
            groups, json_pack("{s:s,s:s,s:o,s:o,s:o}", "key", key, "label", outcome_group_label(ctx, f->by, key),
                              "population", population > 0 ? json_real(population) : json_null(), "months",
                              row_json(&f->groups, kind, g, population), "period",
                              period >= 0 ? cell_json(&f->groups_period, kind, period, 0, population) : json_null()));
    }
    return groups;
}

static json_t *months_json(struct arena *arena, int first_month, int months)
{
    json_t *list = json_array();
    for (int m = 0; m < months; m++)
        json_array_append_new(list, json_string(month_text(arena, first_month + m)));
    return list;
}

static json_t *suppression_json(const struct outcome_figures *f)
{
    char method[400];
    suppression_method_text(f->settings.suppression_threshold, method, sizeof method);
    return json_pack("{s:b,s:i,s:s}", "applied", f->suppressed, "threshold", f->settings.suppression_threshold,
                     "method", f->suppressed ? method : "Not needed: this measure counts no children.");
}

json_t *outcome_figures_json(struct request *req, struct domain_context *ctx, const struct outcome_figures *f)
{
    enum outcome_kind kind = f->spec->kind;
    json_t *measure = json_incref(json_array_get(request_own_json(req, render_rows(&f->measure)), 0));
    json_object_set_new(measure, "kind", json_string(kind_names[kind]));
    return json_pack("{s:o,s:s,s:{s:s,s:s},s:{s:s,s:s},s:o,s:o,s:o,s:o,s:o,s:o,s:i}", "measure", measure, "by",
                     outcome_breakdown_name(f->by), "period", "from", month_text(req->arena, f->first_month), "to",
                     month_text(req->arena, f->first_month + f->months - 1), "previous_period", "from",
                     month_text(req->arena, f->first_month - f->months), "to",
                     month_text(req->arena, f->first_month - 1), "months",
                     months_json(req->arena, f->first_month, f->months), "overall", row_json(&f->overall, kind, 0, 0),
                     "groups", groups_json(ctx, f), "this_period", cell_json(&f->this_period, kind, 0, 0, 0),
                     "last_period", cell_json(&f->last_period, kind, 0, 0, 0), "suppression", suppression_json(f),
                     "screening_standard_days", f->settings.screening_standard_days);
}

void api_outcome_measures_show(struct request *req)
{
    int first_month, months;
    const char *by_name = request_query(req, "by");
    int by = by_name == NULL ? BY_NONE : outcome_breakdown_from_name(by_name);
    if (by < 0) {
        respond_error(req, 400, "invalid_field",
                      "Break down by must be one of none, agency, exploitation_type, area, age_band, sex, ethnicity "
                      "or rating",
                      "by");
        return;
    }
    if (!read_period(req, &first_month, &months))
        return;
    struct domain_context ctx;
    api_context(req, &ctx);
    struct outcome_figures figures;
    enum domain_status status =
        outcome_figures_read(&ctx, request_param(req, "code"), (enum outcome_breakdown)by, first_month, months, &figures);
    if (status == DOMAIN_CONFLICT) {
        respond_error(req, 400, "invalid_field", "This measure cannot be broken down that way", "by");
        return;
    }
    if (status != DOMAIN_OK) {
        respond_domain_failure(req, status, "outcome measure");
        return;
    }
    respond_json(req, 200, outcome_figures_json(req, &ctx, &figures));
}
