/* The boards' quarterly reports; see board_report.h. */
#include "domain/board_report.h"

#include <stdio.h>
#include <string.h>

#include "auth/access.h"
#include "domain/board.h"
#include "util/arena.h"
#include "util/clock.h"

static const char *const month_names[12] = {"January", "February", "March",     "April",   "May",      "June",
                                            "July",    "August",   "September", "October", "November", "December"};

bool board_report_quarter_parse(const char *text, int *first_month)
{
    int year;
    char quarter, end;
    if (text == NULL || strlen(text) != 7 || sscanf(text, "%4d-Q%c%c", &year, &quarter, &end) != 2 ||
        strspn(text, "0123456789") != 4 || year < 1900 || quarter < '1' || quarter > '4')
        return false;
    *first_month = year * 12 + (quarter - '1') * 3;
    return true;
}

const char *board_report_quarter_label(struct arena *arena, int first_month)
{
    return arena_printf(arena, "%s to %s %d", month_names[first_month % 12], month_names[first_month % 12 + 2],
                        first_month / 12);
}

const char *board_report_quarter_code(struct arena *arena, int first_month)
{
    return arena_printf(arena, "%d-Q%d", first_month / 12, first_month % 12 / 3 + 1);
}

/* The measure's breakdown in a report: by agency where it can be. */
static enum outcome_breakdown report_breakdown(const char *code)
{
    const struct outcome_spec *spec = outcome_spec_find(code);
    return spec != NULL && (spec->breakdowns & (1u << BY_AGENCY)) ? BY_AGENCY : BY_NONE;
}

/* The board's sections in order; every measure and the plan when it chose none. */
static bool read_sections(struct domain_context *ctx, const char *board_id, struct store_result *out)
{
    const struct store_value p[] = {store_text(board_id), store_int(BOARD_REPORT_SECTIONS_MAX)};
    if (store_query(ctx->conn, ctx->arena,
                    "SELECT section FROM board_report_sections WHERE board_id = ? ORDER BY position LIMIT ?", p, 2,
                    out) != STORE_OK)
        return false;
    if (out->rows > 0)
        return true;
    /* the first measures, and the plan always last */
    const struct store_value q[] = {store_int(BOARD_REPORT_SECTIONS_MAX - 1), store_text(BOARD_REPORT_PLAN)};
    return store_query(ctx->conn, ctx->arena,
                       "SELECT section FROM (SELECT section, position FROM (SELECT code AS section, position FROM "
                       "outcome_measures ORDER BY position, code LIMIT ?) AS m UNION ALL SELECT ?, 2147483647) AS s "
                       "ORDER BY position",
                       q, 2, out) == STORE_OK;
}

static bool read_board(struct domain_context *ctx, const char *board_id, struct board_report *out)
{
    const struct store_value p[] = {store_text(board_id)};
    struct store_result r;
    if (store_query(ctx->conn, ctx->arena, "SELECT id, name FROM partnership_boards WHERE id = ?", p, 1, &r) !=
            STORE_OK ||
        r.rows != 1)
        return false;
    out->board_id = store_cell_text(&r, 0, "id");
    out->board_name = store_cell_text(&r, 0, "name");
    return true;
}

enum domain_status board_report_read(struct domain_context *ctx, const char *board_id, int first_month,
                                     struct board_report *out)
{
    *out = (struct board_report){.first_month = first_month, .today = clock_today_text(ctx->arena)};
    if (!read_board(ctx, board_id, out))
        return DOMAIN_NOT_FOUND;
    if (!access_capability(ctx->conn, ctx->arena, &ctx->caller, CAPABILITY_READ_BOARD_REPORTS, "read",
                           "board_report", board_id)
             .allowed)
        return DOMAIN_FORBIDDEN;
    int this_month;
    if (!outcome_month_parse(arena_strndup(ctx->arena, out->today, 7), &this_month) || first_month + 3 > this_month)
        return DOMAIN_CONFLICT; /* a report covers a quarter that has ended */
    struct store_result sections;
    if (!read_sections(ctx, board_id, &sections))
        return DOMAIN_UNAVAILABLE;
    for (int i = 0; i < sections.rows; i++) {
        struct board_report_section *s = &out->sections[out->section_count++];
        s->code = store_cell_text(&sections, i, "section");
        enum domain_status status =
            strcmp(s->code, BOARD_REPORT_PLAN) == 0
                ? action_plan_load(ctx, &out->plan)
                : outcome_figures_compute(ctx, s->code, report_breakdown(s->code), first_month, 3, &s->figures);
        if (status == DOMAIN_NOT_FOUND) /* a measure since removed from the framework */
            out->section_count--;
        else if (status != DOMAIN_OK)
            return status;
    }
    return DOMAIN_OK;
}

bool board_report_monitors(const struct board_report *report, int row)
{
    const char *board = store_cell_text(&report->plan.recommendations, row, "board_id");
    return board != NULL && strcmp(board, report->board_id) == 0;
}

/* Whether code may be a section: the plan, or a measure of the framework. */
static bool is_section(struct domain_context *ctx, const char *code)
{
    if (strcmp(code, BOARD_REPORT_PLAN) == 0)
        return true;
    const struct store_value p[] = {store_text(code)};
    struct store_result r;
    return store_query(ctx->conn, ctx->arena, "SELECT code FROM outcome_measures WHERE code = ?", p, 1, &r) ==
               STORE_OK &&
           r.rows == 1;
}

static enum store_status replace_sections(struct domain_context *ctx, const char *board_id,
                                          const char *const *sections, int count)
{
    const struct store_value b[] = {store_text(board_id)};
    enum store_status status = store_exec(ctx->conn, "DELETE FROM board_report_sections WHERE board_id = ?", b, 1, NULL);
    for (int i = 0; status == STORE_OK && i < count; i++) {
        const struct store_value p[] = {store_text(board_id), store_int(i + 1), store_text(sections[i])};
        status = store_exec(ctx->conn, "INSERT INTO board_report_sections (board_id, position, section) VALUES (?, ?, ?)",
                            p, 3, NULL);
    }
    return status;
}

enum domain_status board_report_set_sections(struct domain_context *ctx, const char *board_id,
                                             const char *const *sections, int count, const char **bad)
{
    struct board_report board = {0};
    if (!read_board(ctx, board_id, &board))
        return DOMAIN_NOT_FOUND;
    if (!access_capability(ctx->conn, ctx->arena, &ctx->caller, CAPABILITY_MANAGE_ACTION_PLAN, "update",
                           "board_report", board_id)
             .allowed)
        return DOMAIN_FORBIDDEN;
    for (int i = 0; i < count; i++) {
        bool repeated = false;
        for (int j = 0; j < i; j++)
            repeated = repeated || strcmp(sections[i], sections[j]) == 0;
        if (repeated || !is_section(ctx, sections[i])) {
            *bad = sections[i];
            return DOMAIN_CONFLICT;
        }
    }
    if (count > BOARD_REPORT_SECTIONS_MAX)
        return DOMAIN_FULL;
    if (store_begin(ctx->conn) != STORE_OK)
        return DOMAIN_UNAVAILABLE;
    if (replace_sections(ctx, board_id, sections, count) == STORE_OK && store_commit(ctx->conn) == STORE_OK)
        return DOMAIN_OK;
    store_rollback(ctx->conn);
    return DOMAIN_UNAVAILABLE;
}
