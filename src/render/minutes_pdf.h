/* The minutes of a MACE meeting as a printable PDF: the same content as
 * the minutes page (/minutes?id=...) — title and date, status, agencies
 * invited, attendance, and each item the reader may see with its
 * discussion, decisions and the actions agreed — on A4 pages marked
 * OFFICIAL-SENSITIVE, from minutes already gathered for one reader
 * (domain/minutes.h). Rendering decides nothing about access. */
#ifndef CSHUB_MINUTES_PDF_H
#define CSHUB_MINUTES_PDF_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct minutes;

/* The protective marking on every page. */
#define MINUTES_MARKING "OFFICIAL-SENSITIVE"

/* Renders minutes into arena memory (*pdf, *length); false when the PDF
 * could not be drawn. Thread-safe. */
bool minutes_pdf_render(const struct minutes *minutes, struct arena *arena, const unsigned char **pdf,
                        size_t *length);

#endif
