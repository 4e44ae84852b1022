/* A board's quarterly report as a document: PDF (drawn by the server, as
 * the minutes are), XLSX (libxlsxwriter) and CSV. Each is made from the
 * report the domain gathered (domain/board_report.h), already suppressed;
 * nothing here decides who may see what. Every figure is written as
 * people read it, "c" where a small number is suppressed, and every
 * format states the suppression method. */
#ifndef CSHUB_RENDER_BOARD_REPORT_H
#define CSHUB_RENDER_BOARD_REPORT_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct board_report;

/* The report as CSV (RFC 4180, UTF-8, every cell escaped for
 * spreadsheets: one starting with =, +, - or @ is prefixed with '). */
bool board_report_csv(const struct board_report *report, struct arena *arena, const char **csv, size_t *length);

/* The report as an A4 PDF marked OFFICIAL. */
bool board_report_pdf(const struct board_report *report, struct arena *arena, const unsigned char **pdf,
                      size_t *length);

/* The report as an XLSX workbook (sheets: About, Measures, Action plan). */
bool board_report_xlsx(const struct board_report *report, struct arena *arena, const unsigned char **xlsx,
                       size_t *length);

#endif
