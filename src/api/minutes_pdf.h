/* HTTP handler for the minutes of a MACE meeting as a PDF. */
#ifndef CSHUB_API_MINUTES_PDF_H
#define CSHUB_API_MINUTES_PDF_H

struct request;

/* GET /api/v1/meetings/{id}/minutes.pdf */
void api_meetings_minutes_pdf(struct request *req);

#endif
