/* A board's quarterly report as CSV, PDF and XLSX; see board_report.h.
 * The three share one reading of the report: its figures written as
 * people read them (report_rows), so that every format says the same. */
#include "render/board_report.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "analysis/suppression.h"
#include "domain/board_report.h"
#include "render/pdf_document.h"
#include "util/arena.h"
#include "util/log.h"

#define MARKING "OFFICIAL"

/* ---- figures as people read them ---- */

struct figure {
    const char *text;   /* "c", "–", "12", "83.3%", "2 days" */
    const char *made_of; /* "15 of 18", "40 screened", or "" */
    bool has_number;
    double number;
};

static const char *unit_of(enum outcome_kind kind)
{
    static const char *const units[] = {"count", "percent", "ratio", "days (median)"};
    return units[kind];
}

static struct figure figure_of(struct arena *arena, const struct outcome_view *view, enum outcome_kind kind,
                               int group, int bucket)
{
    size_t i = (size_t)group * (size_t)view->grid.buckets + (size_t)bucket;
    struct figure f = {.text = "–", .made_of = ""};
    if (view->hidden[i]) {
        f.text = "c";
        return f;
    }
    if (!outcome_cell_value(&view->grid, kind, group, bucket, &f.number))
        return f;
    f.has_number = true;
    double n = view->grid.numerator[i], d = view->grid.denominator[i];
    switch (kind) {
    case OUTCOME_COUNT:
        f.text = arena_printf(arena, "%.0f", f.number);
        break;
    case OUTCOME_PERCENT:
        f.text = arena_printf(arena, "%.1f%%", f.number);
        f.made_of = arena_printf(arena, "%.0f of %.0f", n, d);
        break;
    case OUTCOME_RATIO:
        f.text = arena_printf(arena, "%.1f", f.number);
        f.made_of = arena_printf(arena, "%.0f over %.0f", n, d);
        break;
    case OUTCOME_DAYS:
        f.text = arena_printf(arena, "%.0f %s", f.number, f.number == 1 ? "day" : "days");
        f.made_of = arena_printf(arena, "90%% within %.0f days; %.0f screened", view->grid.p90[i], d);
        break;
    }
    return f;
}

static const char *month_label(struct arena *arena, int month)
{
    static const char *const names[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    return arena_printf(arena, "%s %d", names[month % 12], month / 12);
}

static const char *method_text(struct arena *arena, const struct board_report *report)
{
    int threshold = 5;
    for (int s = 0; s < report->section_count; s++)
        if (report->sections[s].figures.spec != NULL)
            threshold = report->sections[s].figures.settings.suppression_threshold;
    char text[400];
    suppression_method_text(threshold, text, sizeof text);
    return arena_strdup(arena, text);
}

/* ---- the report as rows: section, item, period, figure, made of ---- */

struct report_row {
    const char *section, *item, *period;
    struct figure figure;
    const char *unit;
};

struct report_rows {
    struct report_row *rows;
    int count, capacity;
};

static void add_row(struct arena *arena, struct report_rows *out, struct report_row row)
{
    if (out->count == out->capacity) {
        int capacity = out->capacity ? out->capacity * 2 : 64;
        struct report_row *grown = arena_alloc(arena, sizeof *grown * (size_t)capacity);
        if (out->count)
            memcpy(grown, out->rows, sizeof *grown * (size_t)out->count);
        out->rows = grown;
        out->capacity = capacity;
    }
    out->rows[out->count++] = row;
}

static const char *measure_name(const struct outcome_figures *f)
{
    return store_cell_text(&f->measure, 0, "name");
}

static void measure_rows(struct arena *arena, const struct board_report *report, const struct outcome_figures *f,
                         struct report_rows *out)
{
    enum outcome_kind kind = f->spec->kind;
    const char *name = measure_name(f), *unit = unit_of(kind);
    const char *quarter = board_report_quarter_label(arena, report->first_month);
    for (int b = 0; b < f->overall.grid.buckets; b++)
        add_row(arena, out, (struct report_row){name, "All", month_label(arena, report->first_month + b),
                                                figure_of(arena, &f->overall, kind, 0, b), unit});
    add_row(arena, out, (struct report_row){name, "All", quarter, figure_of(arena, &f->this_period, kind, 0, 0), unit});
    add_row(arena, out,
            (struct report_row){name, "All",
                                arena_printf(arena, "%s (the quarter before)",
                                             board_report_quarter_label(arena, report->first_month - 3)),
                                figure_of(arena, &f->last_period, kind, 0, 0), unit});
    for (int g = 0; f->by != BY_NONE && g < f->groups.grid.groups; g++) {
        int row = outcome_view_row(&f->groups_period, f->groups.grid.group_keys[g]);
        if (row >= 0)
            add_row(arena, out, (struct report_row){name, f->groups.grid.group_keys[g], quarter,
                                                    figure_of(arena, &f->groups_period, kind, row, 0), unit});
    }
}

/* What is flagged of an action: overdue, update late. */
static const char *action_flags(struct arena *arena, const struct board_report *report, int action)
{
    struct plan_flags flags = plan_action_flags(arena, &report->plan.actions, action, report->today);
    return flags.overdue && flags.update_late ? "Overdue; update late"
           : flags.overdue                    ? "Overdue"
           : flags.update_late                ? "Update late"
                                              : "";
}

static const char *status_text(const char *status)
{
    return strcmp(status, "done") == 0 ? "Done" : strcmp(status, "in_progress") == 0 ? "In progress" : "Not started";
}

static const char *rating_text(const char *rag)
{
    return rag == NULL ? "No update yet" : strcmp(rag, "red") == 0 ? "Red" : strcmp(rag, "amber") == 0 ? "Amber" : "Green";
}

/* Calls each(action row, recommendation row) for the actions under the
 * recommendations the board monitors, in the plan's order. */
typedef void (*plan_action_fn)(void *context, const struct board_report *report, int recommendation, int action);

static void each_plan_action(const struct board_report *report, plan_action_fn each, void *context)
{
    const struct store_result *recs = &report->plan.recommendations, *actions = &report->plan.actions;
    for (int r = 0; r < recs->rows; r++) {
        if (!board_report_monitors(report, r))
            continue;
        const char *id = store_cell_text(recs, r, "id");
        for (int a = 0; a < actions->rows; a++)
            if (strcmp(store_cell_text(actions, a, "recommendation_id"), id) == 0)
                each(context, report, r, a);
    }
}

struct plan_rows_context {
    struct arena *arena;
    struct report_rows *out;
};

static const char *recommendation_title(struct arena *arena, const struct board_report *report, int r)
{
    return arena_printf(arena, "Recommendation %lld: %s",
                        (long long)store_cell_int(&report->plan.recommendations, r, "number"),
                        store_cell_text(&report->plan.recommendations, r, "title"));
}

static void plan_row(void *context, const struct board_report *report, int r, int a)
{
    struct plan_rows_context *c = context;
    const struct store_result *actions = &report->plan.actions;
    const char *flags = action_flags(c->arena, report, a);
    struct figure rating = {.text = rating_text(store_cell_text(actions, a, "rag")),
                            .made_of = arena_printf(c->arena, "%s; due %s%s%s",
                                                    store_cell_text(actions, a, "owner_agency_name"),
                                                    store_cell_text(actions, a, "due_on"), *flags ? "; " : "", flags)};
    add_row(c->arena, c->out,
            (struct report_row){"Action plan",
                                arena_printf(c->arena, "%s — %s", recommendation_title(c->arena, report, r),
                                             store_cell_text(actions, a, "description")),
                                status_text(store_cell_text(actions, a, "status")), rating, "rating"});
}

static struct report_rows report_rows(struct arena *arena, const struct board_report *report)
{
    struct report_rows out = {0};
    for (int s = 0; s < report->section_count; s++) {
        const struct board_report_section *section = &report->sections[s];
        if (strcmp(section->code, BOARD_REPORT_PLAN) == 0) {
            struct plan_rows_context c = {arena, &out};
            each_plan_action(report, plan_row, &c);
        } else {
            measure_rows(arena, report, &section->figures, &out);
        }
    }
    return out;
}

/* ---- CSV ---- */

/* One CSV cell: quoted, quotes doubled, and a leading =, +, - or @ (or a
 * tab or carriage return) made harmless with ' so that no spreadsheet
 * reads it as a formula. */
static void csv_cell(FILE *out, const char *text, bool last)
{
    fputc('"', out);
    if (text != NULL && strchr("=+-@\t\r", text[0]) != NULL && text[0] != '\0')
        fputc('\'', out);
    for (const char *p = text ? text : ""; *p; p++) {
        if (*p == '"')
            fputc('"', out);
        fputc(*p, out);
    }
    fputs(last ? "\"\r\n" : "\",", out);
}

bool board_report_csv(const struct board_report *report, struct arena *arena, const char **csv, size_t *length)
{
    char *buffer = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&buffer, &size);
    if (out == NULL)
        return false;
    struct report_rows rows = report_rows(arena, report);
    const char *headings[] = {"Section", "Item", "Period", "Figure", "Unit", "Made of"};
    for (int h = 0; h < 6; h++)
        csv_cell(out, headings[h], h == 5);
    for (int i = 0; i < rows.count; i++) {
        const struct report_row *r = &rows.rows[i];
        const char *cells[] = {r->section, r->item, r->period, r->figure.text, r->unit, r->figure.made_of};
        for (int c = 0; c < 6; c++)
            csv_cell(out, cells[c], c == 5);
    }
    const char *note[] = {"Note", "Small numbers", board_report_quarter_label(arena, report->first_month),
                          method_text(arena, report), "", ""};
    for (int c = 0; c < 6; c++)
        csv_cell(out, note[c], c == 5);
    bool ok = fclose(out) == 0;
    *csv = ok ? arena_strndup(arena, buffer, size) : NULL;
    *length = size;
    free(buffer);
    return ok;
}

/* ---- PDF ---- */

struct pdf_context {
    const struct board_report *report;
};

static void pdf_measure(struct pdf_document *doc, const struct board_report *report, const struct outcome_figures *f)
{
    struct arena *arena = pdf_arena(doc);
    enum outcome_kind kind = f->spec->kind;
    pdf_text(doc, PDF_HEADING, NULL, measure_name(f));
    pdf_text(doc, PDF_BODY, NULL, store_cell_text(&f->measure, 0, "definition"));
    struct figure now = figure_of(arena, &f->this_period, kind, 0, 0), before = figure_of(arena, &f->last_period, kind, 0, 0);
    pdf_text(doc, PDF_INSET, "This quarter: ", arena_printf(arena, "%s. The quarter before: %s.", now.text, before.text));
    static const char *const headings[] = {"Month", "Figure", "Made of"};
    static const double widths[] = {0.3, 0.3, 0.4};
    int months = f->overall.grid.buckets;
    const char **cells = arena_alloc(arena, sizeof *cells * (size_t)months * 3);
    for (int b = 0; b < months; b++) {
        struct figure fig = figure_of(arena, &f->overall, kind, 0, b);
        cells[b * 3] = month_label(arena, report->first_month + b);
        cells[b * 3 + 1] = fig.text;
        cells[b * 3 + 2] = fig.made_of;
    }
    pdf_table(doc, &(struct pdf_table){NULL, 3, headings, widths}, cells, months);
    if (f->by == BY_NONE || f->groups.grid.groups == 0)
        return;
    static const char *const by_headings[] = {"Agency", "For the quarter", "Made of"};
    int groups = f->groups.grid.groups, shown = 0;
    const char **rows = arena_alloc(arena, sizeof *rows * (size_t)groups * 3);
    for (int g = 0; g < groups; g++) {
        int row = outcome_view_row(&f->groups_period, f->groups.grid.group_keys[g]);
        if (row < 0)
            continue;
        struct figure fig = figure_of(arena, &f->groups_period, kind, row, 0);
        rows[shown * 3] = f->groups.grid.group_keys[g];
        rows[shown * 3 + 1] = fig.text;
        rows[shown * 3 + 2] = fig.made_of;
        shown++;
    }
    pdf_table(doc, &(struct pdf_table){"By agency", 3, by_headings, widths}, rows, shown);
}

struct pdf_plan_context {
    struct pdf_document *doc;
    int recommendation;
    const char **cells;
    int rows;
};

static void pdf_plan_flush(struct pdf_plan_context *c, const struct board_report *report)
{
    static const char *const headings[] = {"Action", "Owner", "Due", "Rating", "Flags"};
    static const double widths[] = {0.4, 0.2, 0.13, 0.12, 0.15};
    if (c->rows == 0)
        return;
    pdf_text(c->doc, PDF_SUBHEADING, NULL, recommendation_title(pdf_arena(c->doc), report, c->recommendation));
    pdf_table(c->doc, &(struct pdf_table){NULL, 5, headings, widths}, c->cells, c->rows);
    c->rows = 0;
}

static void pdf_plan_action(void *context, const struct board_report *report, int r, int a)
{
    struct pdf_plan_context *c = context;
    struct arena *arena = pdf_arena(c->doc);
    if (r != c->recommendation || c->rows == PLAN_ACTIONS_MAX)
        pdf_plan_flush(c, report);
    c->recommendation = r;
    const struct store_result *actions = &report->plan.actions;
    const char **row = c->cells + c->rows * 5;
    row[0] = store_cell_text(actions, a, "description");
    row[1] = store_cell_text(actions, a, "owner_agency_name");
    row[2] = store_cell_text(actions, a, "due_on");
    row[3] = rating_text(store_cell_text(actions, a, "rag"));
    row[4] = action_flags(arena, report, a);
    c->rows++;
}

static void pdf_plan(struct pdf_document *doc, const struct board_report *report)
{
    pdf_text(doc, PDF_HEADING, NULL, "Action plan");
    pdf_text(doc, PDF_BODY, NULL, "The recommendations this board monitors, their actions and each action's latest rating.");
    struct pdf_plan_context c = {.doc = doc, .recommendation = -1,
                                 .cells = arena_alloc(pdf_arena(doc), sizeof(char *) * PLAN_ACTIONS_MAX * 5)};
    each_plan_action(report, pdf_plan_action, &c);
    pdf_plan_flush(&c, report);
}

static void pdf_layout(struct pdf_document *doc, const void *data)
{
    const struct board_report *report = ((const struct pdf_context *)data)->report;
    struct arena *arena = pdf_arena(doc);
    pdf_text(doc, PDF_CAPTION, NULL, board_report_quarter_label(arena, report->first_month));
    pdf_text(doc, PDF_TITLE, NULL, arena_printf(arena, "%s: quarterly report", report->board_name));
    pdf_text(doc, PDF_BODY, NULL, arena_printf(arena, "Made by cshub on %s from the partnership's records.", report->today));
    pdf_text(doc, PDF_INSET, "Small numbers: ", method_text(arena, report));
    for (int s = 0; s < report->section_count; s++) {
        if (strcmp(report->sections[s].code, BOARD_REPORT_PLAN) == 0)
            pdf_plan(doc, report);
        else
            pdf_measure(doc, report, &report->sections[s].figures);
    }
}

bool board_report_pdf(const struct board_report *report, struct arena *arena, const unsigned char **pdf,
                      size_t *length)
{
    struct pdf_page_marks marks = {
        .title = arena_printf(arena, "%s: %s", report->board_name, board_report_quarter_label(arena, report->first_month)),
        .marking = MARKING};
    struct pdf_context context = {report};
    return pdf_document_render(arena, &marks, pdf_layout, &context, pdf, length);
}

/* ---- XLSX ---- */

static void xlsx_about(lxw_workbook *book, struct arena *arena, const struct board_report *report)
{
    lxw_worksheet *sheet = workbook_add_worksheet(book, "About");
    worksheet_write_string(sheet, 0, 0, arena_printf(arena, "%s: quarterly report", report->board_name), NULL);
    worksheet_write_string(sheet, 1, 0, board_report_quarter_label(arena, report->first_month), NULL);
    worksheet_write_string(sheet, 2, 0, arena_printf(arena, "Made by cshub on %s. %s", report->today, MARKING), NULL);
    worksheet_write_string(sheet, 3, 0, arena_printf(arena, "Small numbers: %s", method_text(arena, report)), NULL);
    worksheet_set_column(sheet, 0, 0, 120, NULL);
}

static void xlsx_rows(lxw_workbook *book, const struct report_rows *rows, bool plan)
{
    lxw_worksheet *sheet = workbook_add_worksheet(book, plan ? "Action plan" : "Measures");
    const char *headings[] = {"Section", "Item", "Period", "Figure", "Unit", "Made of"};
    lxw_format *bold = workbook_add_format(book);
    format_set_bold(bold);
    for (int h = 0; h < 6; h++)
        worksheet_write_string(sheet, 0, (lxw_col_t)h, plan && h == 2 ? "Status" : plan && h == 3 ? "Rating"
                                                       : plan && h == 5 ? "Owner, due and flags"
                                                                        : headings[h], bold);
    lxw_row_t line = 1;
    for (int i = 0; i < rows->count; i++) {
        const struct report_row *r = &rows->rows[i];
        if ((strcmp(r->section, "Action plan") == 0) != plan)
            continue;
        worksheet_write_string(sheet, line, 0, r->section, NULL);
        worksheet_write_string(sheet, line, 1, r->item, NULL);
        worksheet_write_string(sheet, line, 2, r->period, NULL);
        if (r->figure.has_number && !plan)
            worksheet_write_number(sheet, line, 3, r->figure.number, NULL);
        else
            worksheet_write_string(sheet, line, 3, r->figure.text, NULL);
        worksheet_write_string(sheet, line, 4, r->unit, NULL);
        worksheet_write_string(sheet, line, 5, r->figure.made_of, NULL);
        line++;
    }
    worksheet_set_column(sheet, 0, 1, 40, NULL);
    worksheet_set_column(sheet, 2, 5, 22, NULL);
}

/* Reads the file at path into arena memory. */
static bool read_whole(struct arena *arena, int fd, const unsigned char **bytes, size_t *length)
{
    struct stat st;
    if (fstat(fd, &st) != 0 || st.st_size <= 0)
        return false;
    unsigned char *buffer = arena_alloc_bytes(arena, (size_t)st.st_size);
    size_t done = 0;
    while (done < (size_t)st.st_size) {
        ssize_t n = pread(fd, buffer + done, (size_t)st.st_size - done, (off_t)done);
        if (n <= 0)
            return false;
        done += (size_t)n;
    }
    *bytes = buffer;
    *length = done;
    return true;
}

/* libxlsxwriter (Debian's 1.1.4) writes only to a file: a private
 * temporary one, read back and removed at once. */
bool board_report_xlsx(const struct board_report *report, struct arena *arena, const unsigned char **xlsx,
                       size_t *length)
{
    const char *dir = getenv("TMPDIR") != NULL && getenv("TMPDIR")[0] == '/' ? getenv("TMPDIR") : "/tmp";
    char *path = arena_printf(arena, "%s/cshub-report-XXXXXX", dir);
    int fd = mkstemp(path);
    if (fd < 0)
        return false;
    lxw_workbook_options options = {.tmpdir = (char *)dir};
    lxw_workbook *book = workbook_new_opt(path, &options);
    bool ok = book != NULL;
    if (ok) {
        struct report_rows rows = report_rows(arena, report);
        xlsx_about(book, arena, report);
        xlsx_rows(book, &rows, false);
        xlsx_rows(book, &rows, true);
        lxw_error error = workbook_close(book);
        ok = error == LXW_NO_ERROR;
        if (!ok)
            log_event("xlsx_failed", json_pack("{s:s}", "reason", lxw_strerror(error)));
    }
    ok = ok && read_whole(arena, fd, xlsx, length);
    unlink(path);
    close(fd);
    return ok;
}
