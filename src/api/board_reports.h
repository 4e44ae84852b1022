/* Board report handlers: GET /api/v1/boards/{id}/reports/{quarter} (JSON)
 * and its report.pdf, report.xlsx and report.csv; PUT
 * /api/v1/boards/{id}/report-sections (which sections, in what order). */
#ifndef CSHUB_API_BOARD_REPORTS_H
#define CSHUB_API_BOARD_REPORTS_H

struct request;

void api_board_report_show(struct request *req);
void api_board_report_pdf(struct request *req);
void api_board_report_xlsx(struct request *req);
void api_board_report_csv(struct request *req);
void api_board_report_sections_update(struct request *req);

#endif
