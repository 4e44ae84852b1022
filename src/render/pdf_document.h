/* A small flowing-document writer for printable exports: A4 PDF pages
 * with margins, a header (the document's title and its protective
 * marking) and a footer (the marking and "Page N of M") on every page,
 * and text laid out by Pango (line wrapping in any script, right-to-left
 * paragraphs, font fallback) into headings, paragraphs and tables that
 * break across pages, a table's heading row repeated on each page it
 * spans. Drawn by cairo into memory in the caller's arena: nothing is
 * written to disk.
 *
 * Thread-safe: each render has its own Pango font map and context, so
 * requests on several threads never share a Pango object (fontconfig and
 * cairo guard their own caches). Text is never read as Pango markup, so
 * nothing in it can change how the document is drawn; invalid UTF-8 is
 * replaced, not trusted. */
#ifndef CSHUB_PDF_DOCUMENT_H
#define CSHUB_PDF_DOCUMENT_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct pdf_document;

/* What is printed on every page. */
struct pdf_page_marks {
    const char *title;   /* top left (shortened with "…" to fit), and the PDF's title */
    const char *marking; /* top right and bottom left, e.g. "OFFICIAL-SENSITIVE" */
};

/* Lays the document out from its beginning with the functions below. It
 * is called twice with the same data — once to count the pages, once to
 * write them — and must do the same both times. */
typedef void (*pdf_layout_fn)(struct pdf_document *doc, const void *data);

/* Renders the document into arena memory: *pdf and *length on true; false
 * (logged, with cairo's reason only) when cairo fails. */
bool pdf_document_render(struct arena *arena, const struct pdf_page_marks *marks, pdf_layout_fn layout,
                         const void *data, const unsigned char **pdf, size_t *length);

enum pdf_style {
    PDF_CAPTION,    /* grey, above a title */
    PDF_TITLE,      /* the document's heading */
    PDF_HEADING,    /* a section */
    PDF_SUBHEADING, /* an item within a section */
    PDF_BODY,       /* a paragraph */
    PDF_INSET,      /* a paragraph set off by a bar on its left */
};

/* A paragraph of style: label (bold, may be NULL) then text. Headings are
 * kept on the page with the lines that follow them. */
void pdf_text(struct pdf_document *doc, enum pdf_style style, const char *label, const char *text);

/* Vertical space. */
void pdf_space(struct pdf_document *doc, double points);

struct pdf_table {
    const char *caption;           /* bold, above the table; may be NULL */
    int columns;                   /* at most PDF_TABLE_COLUMNS_MAX */
    const char *const *headings;   /* one per column */
    const double *widths;          /* share of the text width, per column, adding up to 1 */
};

#define PDF_TABLE_COLUMNS_MAX 8

/* A table of rows (cells row by row, rows * columns of them; NULL prints
 * as empty). A row is kept on one page when it fits on one. */
void pdf_table(struct pdf_document *doc, const struct pdf_table *table, const char *const *cells, int rows);

/* The arena of the render, for text the layout builds. */
struct arena *pdf_arena(struct pdf_document *doc);

/* Releases the process-wide caches cairo and fontconfig keep of fonts, so
 * that a leak checker sees nothing left at exit. Call once, at exit, when
 * no render can be running (after the server's threads have stopped). */
void pdf_release_caches(void);

#endif
