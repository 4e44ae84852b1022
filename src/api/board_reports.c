/* Board report handlers; see board_reports.h. Who may read a report and
 * what is suppressed in it are decided in domain/board_report.c; the
 * documents are drawn by render/board_report.c. */
#include "api/board_reports.h"

#include <string.h>

#include "api/action_plan.h"
#include "api/guard.h"
#include "api/input.h"
#include "api/outcome.h"
#include "api/outcomes.h"
#include "domain/board_report.h"
#include "http/request.h"
#include "http/response.h"
#include "render/board_report.h"
#include "util/arena.h"

/* Reads the board and quarter of the path and gathers the report;
 * false when a response (an error) has been queued. */
static bool gather(struct request *req, struct domain_context *ctx, struct board_report *report)
{
    int first_month;
    if (!board_report_quarter_parse(request_param(req, "quarter"), &first_month)) {
        respond_error(req, 400, "invalid_field", "Quarter must be written like 2026-Q3 (quarters of the calendar year)",
                      "quarter");
        return false;
    }
    api_context(req, ctx);
    enum domain_status status = board_report_read(ctx, request_param(req, "id"), first_month, report);
    if (status == DOMAIN_CONFLICT) {
        respond_error(req, 400, "invalid_field", "Quarter must have ended: a report covers a whole quarter",
                      "quarter");
        return false;
    }
    if (status != DOMAIN_OK) {
        respond_domain_failure(req, status, "board");
        return false;
    }
    return true;
}

static json_t *section_json(struct request *req, struct domain_context *ctx, const struct board_report *report,
                            const struct board_report_section *section)
{
    if (strcmp(section->code, BOARD_REPORT_PLAN) == 0) {
        json_t *plan = action_plan_json(req, &report->plan, report->board_id);
        json_object_set_new(plan, "type", json_string("action_plan"));
        return plan;
    }
    json_t *figures = outcome_figures_json(req, ctx, &section->figures);
    json_object_set_new(figures, "type", json_string("measure"));
    return figures;
}

void api_board_report_show(struct request *req)
{
    struct domain_context ctx;
    struct board_report report;
    if (!gather(req, &ctx, &report))
        return;
    json_t *sections = json_array();
    for (int s = 0; s < report.section_count; s++)
        json_array_append_new(sections, section_json(req, &ctx, &report, &report.sections[s]));
    int first = report.first_month;
    respond_json(req, 200,
                 json_pack("{s:{s:s,s:s},s:{s:s,s:s,s:s,s:s},s:s,s:o}", "board", "id", report.board_id, "name",
                           report.board_name, "quarter", "code", board_report_quarter_code(req->arena, first),
                           "label", board_report_quarter_label(req->arena, first), "previous_code",
                           board_report_quarter_code(req->arena, first - 3), "previous_label",
                           board_report_quarter_label(req->arena, first - 3), "made_on", report.today,
                           "sections", sections));
}

/* "attachment; filename=..." for the report's file of extension. */
static const char *file_name(struct request *req, const struct board_report *report, const char *extension)
{
    return arena_printf(req->arena, "attachment; filename=\"board-report-%s.%s\"",
                        board_report_quarter_code(req->arena, report->first_month), extension);
}

void api_board_report_pdf(struct request *req)
{
    struct domain_context ctx;
    struct board_report report;
    const unsigned char *pdf;
    size_t length;
    if (!gather(req, &ctx, &report))
        return;
    if (!board_report_pdf(&report, req->arena, &pdf, &length)) {
        respond_error(req, 500, "internal", "the report could not be drawn as a PDF", NULL);
        return;
    }
    respond_add_header(req, "Content-Disposition", file_name(req, &report, "pdf"));
    respond_bytes(req, 200, pdf, length, "application/pdf");
}

void api_board_report_xlsx(struct request *req)
{
    struct domain_context ctx;
    struct board_report report;
    const unsigned char *xlsx;
    size_t length;
    if (!gather(req, &ctx, &report))
        return;
    if (!board_report_xlsx(&report, req->arena, &xlsx, &length)) {
        respond_error(req, 500, "internal", "the report could not be written as a workbook", NULL);
        return;
    }
    respond_add_header(req, "Content-Disposition", file_name(req, &report, "xlsx"));
    respond_bytes(req, 200, xlsx, length, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
}

void api_board_report_csv(struct request *req)
{
    struct domain_context ctx;
    struct board_report report;
    const char *csv;
    size_t length;
    if (!gather(req, &ctx, &report))
        return;
    if (!board_report_csv(&report, req->arena, &csv, &length)) {
        respond_error(req, 500, "internal", "the report could not be written as CSV", NULL);
        return;
    }
    respond_add_header(req, "Content-Disposition", file_name(req, &report, "csv"));
    respond_bytes(req, 200, csv, length, "text/csv; charset=utf-8");
}

/* {"sections": ["concerns_received", ..., "action_plan"]}: the board's
 * report sections in order. */
void api_board_report_sections_update(struct request *req)
{
    json_t *list = json_object_get(req->json, "sections");
    size_t count = json_array_size(list);
    if (!json_is_array(list) || count == 0 || count > BOARD_REPORT_SECTIONS_MAX) {
        respond_error(req, 400, "invalid_field",
                      arena_printf(req->arena, "Sections must list from 1 to %d measures' codes or action_plan",
                                   BOARD_REPORT_SECTIONS_MAX),
                      "sections");
        return;
    }
    const char **sections = arena_alloc(req->arena, sizeof *sections * count);
    for (size_t i = 0; i < count; i++) {
        sections[i] = json_string_value(json_array_get(list, i));
        if (sections[i] == NULL || strlen(sections[i]) > 64) {
            respond_error(req, 400, "invalid_field", "Sections must be codes written as text", "sections");
            return;
        }
    }
    struct domain_context ctx;
    api_context(req, &ctx);
    const char *bad = NULL;
    enum domain_status status = board_report_set_sections(&ctx, request_param(req, "id"), sections, (int)count, &bad);
    if (status == DOMAIN_CONFLICT) {
        respond_error(req, 400, "invalid_field",
                      "Sections must each be a measure's code or action_plan, each once", "sections");
        return;
    }
    if (status != DOMAIN_OK) {
        respond_domain_failure(req, status, "board");
        return;
    }
    respond_json(req, 200, json_pack("{s:O}", "sections", list));
}
