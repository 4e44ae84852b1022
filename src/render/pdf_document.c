/* A4 PDF documents drawn by cairo with text laid out by Pango; see
 * pdf_document.h. Lengths are in points (1/72 inch), cairo's unit on a
 * PDF surface; Pango's context is set to 72 dots per inch to match. */
#include "render/pdf_document.h"

#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "util/arena.h"
#include "util/log.h"

#define PAGE_WIDTH 595.276 /* A4 */
#define PAGE_HEIGHT 841.890
#define MARGIN 56.7 /* 20 mm either side */
#define TEXT_WIDTH (PAGE_WIDTH - 2 * MARGIN)
#define MARKS_TOP 30.0   /* the header's line of text */
#define HEADER_RULE 48.0
#define BODY_TOP 62.0
#define BODY_BOTTOM (PAGE_HEIGHT - 62.0)
#define FOOTER_RULE (PAGE_HEIGHT - 48.0)
#define FOOTER_TOP (PAGE_HEIGHT - 42.0)
#define KEEP_WITH_NEXT 36.0 /* a heading needs this much room below it on its page */
#define INSET_INDENT 14.0
#define INSET_BAR 4.0
#define CELL_PAD_X 4.0
#define CELL_PAD_Y 3.5
#define TABLE_AFTER 10.0

#define FONTS "DejaVu Sans,Liberation Sans,sans-serif"

struct colour {
    double r, g, b;
};
static const struct colour text_colour = {0.043, 0.047, 0.047}; /* GOV.UK text */
static const struct colour secondary_colour = {0.314, 0.353, 0.373};
static const struct colour rule_colour = {0.694, 0.706, 0.714};

struct style {
    const char *font;
    const struct colour *colour;
    double before, after;
    bool keep_with_next;
};

static const struct style styles[] = {
    [PDF_CAPTION] = {FONTS " 11", &secondary_colour, 0, 2, true},
    [PDF_TITLE] = {FONTS " Bold 18", &text_colour, 0, 10, true},
    [PDF_HEADING] = {FONTS " Bold 14", &text_colour, 10, 6, true},
    [PDF_SUBHEADING] = {FONTS " Bold 11.5", &text_colour, 8, 4, true},
    [PDF_BODY] = {FONTS " 10", &text_colour, 0, 6, false},
    [PDF_INSET] = {FONTS " 10", &text_colour, 4, 10, false},
};
#define TABLE_FONT FONTS " 9"
#define TABLE_HEADING_FONT FONTS " Bold 9"
#define TABLE_CAPTION_FONT FONTS " Bold 10"
#define MARKS_FONT FONTS " 8"
#define MARKING_FONT FONTS " Bold 8"

struct pdf_document {
    struct arena *arena;
    cairo_t *cr;
    PangoContext *pango;
    const struct pdf_page_marks *marks;
    int page;        /* pages begun */
    int pages_total; /* known on the second pass; 0 on the first */
    bool page_open;
    double y; /* where the next line's top goes */
};

/* Set once a render has touched fontconfig and cairo's caches. */
static atomic_bool caches_used;

struct arena *pdf_arena(struct pdf_document *doc)
{
    return doc->arena;
}

/* ---- text ------------------------------------------------------------- */

/* text as valid UTF-8 (Pango refuses anything else): invalid bytes replaced. */
static const char *valid_utf8(struct arena *arena, const char *text)
{
    if (text == NULL)
        return "";
    if (g_utf8_validate(text, -1, NULL))
        return text;
    gchar *fixed = g_utf8_make_valid(text, -1);
    const char *copy = arena_strdup(arena, fixed);
    g_free(fixed);
    return copy;
}

/* A layout of label (bold) then text, wrapped at width; plain text, never markup. */
static PangoLayout *layout_of(struct pdf_document *doc, const char *font, double width, const char *label,
                              const char *text)
{
    PangoLayout *layout = pango_layout_new(doc->pango);
    PangoFontDescription *description = pango_font_description_from_string(font);
    pango_layout_set_font_description(layout, description);
    pango_font_description_free(description);
    pango_layout_set_width(layout, pango_units_from_double(width));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    label = label != NULL ? valid_utf8(doc->arena, label) : "";
    pango_layout_set_text(layout, arena_printf(doc->arena, "%s%s", label, valid_utf8(doc->arena, text)), -1);
    if (*label != '\0') {
        PangoAttrList *attributes = pango_attr_list_new();
        PangoAttribute *bold = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
        bold->start_index = 0;
        bold->end_index = (guint)strlen(label);
        pango_attr_list_insert(attributes, bold);
        pango_layout_set_attributes(layout, attributes);
        pango_attr_list_unref(attributes);
    }
    return layout;
}

/* A layout's lines, each placed by where its top is within the layout. */
struct lines {
    PangoLayout *layout;
    int count;
    double *top, *height, *baseline, *x;
    double total;
};

static void measure(struct pdf_document *doc, PangoLayout *layout, struct lines *out)
{
    out->layout = layout;
    out->count = pango_layout_get_line_count(layout);
    double **columns[] = {&out->top, &out->height, &out->baseline, &out->x};
    for (int k = 0; k < 4; k++)
        *columns[k] = arena_alloc(doc->arena, sizeof(double) * (size_t)(out->count + 1));
    PangoLayoutIter *iter = pango_layout_get_iter(layout);
    int i = 0;
    do {
        int y0, y1;
        PangoRectangle logical;
        pango_layout_iter_get_line_yrange(iter, &y0, &y1);
        pango_layout_iter_get_line_extents(iter, NULL, &logical);
        out->top[i] = pango_units_to_double(y0);
        out->height[i] = pango_units_to_double(y1 - y0);
        out->baseline[i] = pango_units_to_double(pango_layout_iter_get_baseline(iter));
        out->x[i] = pango_units_to_double(logical.x);
        i++;
    } while (i < out->count && pango_layout_iter_next_line(iter));
    pango_layout_iter_free(iter);
    out->count = i;
    out->total = i > 0 ? out->top[i - 1] + out->height[i - 1] - out->top[0] : 0;
}

static void set_colour(struct pdf_document *doc, const struct colour *c)
{
    cairo_set_source_rgb(doc->cr, c->r, c->g, c->b);
}

/* Draws line i of l with its top at (left, top) on the page. */
static void draw_line(struct pdf_document *doc, const struct lines *l, int i, double left, double top)
{
    cairo_move_to(doc->cr, left + l->x[i], top + l->baseline[i] - l->top[i]);
    pango_cairo_show_layout_line(doc->cr, pango_layout_get_line_readonly(l->layout, i));
}

static void rule(struct pdf_document *doc, double y, double width)
{
    set_colour(doc, &rule_colour);
    cairo_set_line_width(doc->cr, width);
    cairo_move_to(doc->cr, MARGIN, y);
    cairo_line_to(doc->cr, PAGE_WIDTH - MARGIN, y);
    cairo_stroke(doc->cr);
}

/* One line of small text in a box of width at (left, top), shortened to fit. */
static void mark(struct pdf_document *doc, const char *font, const char *text, double left, double top, double width,
                 PangoAlignment alignment)
{
    PangoLayout *layout = layout_of(doc, font, width, NULL, text);
    pango_layout_set_single_paragraph_mode(layout, TRUE);
    pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
    pango_layout_set_alignment(layout, alignment);
    set_colour(doc, &secondary_colour);
    cairo_move_to(doc->cr, left, top);
    pango_cairo_show_layout(doc->cr, layout);
    g_object_unref(layout);
}

/* ---- pages ------------------------------------------------------------ */

static void begin_page(struct pdf_document *doc)
{
    doc->page++;
    doc->page_open = true;
    doc->y = BODY_TOP;
    mark(doc, MARKS_FONT, doc->marks->title, MARGIN, MARKS_TOP, TEXT_WIDTH * 0.7, PANGO_ALIGN_LEFT);
    mark(doc, MARKING_FONT, doc->marks->marking, MARGIN + TEXT_WIDTH * 0.7, MARKS_TOP, TEXT_WIDTH * 0.3,
         PANGO_ALIGN_RIGHT);
    rule(doc, HEADER_RULE, 0.75);
}

static void end_page(struct pdf_document *doc)
{
    char number[48];
    if (doc->pages_total > 0)
        snprintf(number, sizeof number, "Page %d of %d", doc->page, doc->pages_total);
    else
        snprintf(number, sizeof number, "Page %d", doc->page);
    rule(doc, FOOTER_RULE, 0.75);
    mark(doc, MARKING_FONT, doc->marks->marking, MARGIN, FOOTER_TOP, TEXT_WIDTH * 0.5, PANGO_ALIGN_LEFT);
    mark(doc, MARKS_FONT, number, MARGIN + TEXT_WIDTH * 0.5, FOOTER_TOP, TEXT_WIDTH * 0.5, PANGO_ALIGN_RIGHT);
    cairo_show_page(doc->cr);
    doc->page_open = false;
}

static void next_page(struct pdf_document *doc)
{
    end_page(doc);
    begin_page(doc);
}

/* Makes sure height fits below the current position: a new page when it
 * does not (unless the page is still empty, where it must go anyway). */
static void make_room(struct pdf_document *doc, double height)
{
    if (!doc->page_open)
        begin_page(doc);
    else if (doc->y + height > BODY_BOTTOM && doc->y > BODY_TOP)
        next_page(doc);
}

void pdf_space(struct pdf_document *doc, double points)
{
    if (!doc->page_open)
        begin_page(doc);
    doc->y += points;
}

/* ---- paragraphs ------------------------------------------------------- */

void pdf_text(struct pdf_document *doc, enum pdf_style style, const char *label, const char *text)
{
    const struct style *s = &styles[style];
    double indent = style == PDF_INSET ? INSET_INDENT : 0;
    struct lines l;
    measure(doc, layout_of(doc, s->font, TEXT_WIDTH - indent, label, text), &l);
    pdf_space(doc, doc->y > BODY_TOP ? s->before : 0);
    make_room(doc, s->keep_with_next ? l.total + KEEP_WITH_NEXT : l.height[0]);
    for (int i = 0; i < l.count; i++) {
        make_room(doc, l.height[i]);
        if (style == PDF_INSET) {
            set_colour(doc, &rule_colour);
            cairo_rectangle(doc->cr, MARGIN, doc->y, INSET_BAR, l.height[i]);
            cairo_fill(doc->cr);
        }
        set_colour(doc, s->colour);
        draw_line(doc, &l, i, MARGIN + indent, doc->y);
        doc->y += l.height[i];
    }
    doc->y += s->after;
    g_object_unref(l.layout);
}

/* ---- tables ----------------------------------------------------------- */

/* A row's cells, and how far each has been drawn. */
struct row {
    struct lines cells[PDF_TABLE_COLUMNS_MAX];
    int next[PDF_TABLE_COLUMNS_MAX];
    double height; /* the tallest cell, padding included */
};

struct table_geometry {
    const struct pdf_table *table;
    double left[PDF_TABLE_COLUMNS_MAX], width[PDF_TABLE_COLUMNS_MAX];
    struct row heading;
};

static void row_make(struct pdf_document *doc, const struct table_geometry *g, const char *font,
                     const char *const *texts, struct row *out)
{
    out->height = 0;
    for (int c = 0; c < g->table->columns; c++) {
        measure(doc, layout_of(doc, font, g->width[c] - 2 * CELL_PAD_X, NULL, texts[c]), &out->cells[c]);
        out->next[c] = 0;
        if (out->cells[c].total + 2 * CELL_PAD_Y > out->height)
            out->height = out->cells[c].total + 2 * CELL_PAD_Y;
    }
}

static void row_free(const struct table_geometry *g, struct row *row)
{
    for (int c = 0; c < g->table->columns; c++)
        g_object_unref(row->cells[c].layout);
}

/* Draws what fits of row on this page; true when all of it is drawn. */
static bool row_slice(struct pdf_document *doc, const struct table_geometry *g, struct row *row, bool fresh_page)
{
    double room = BODY_BOTTOM - doc->y - 2 * CELL_PAD_Y, drawn = 0;
    bool done = true;
    set_colour(doc, &text_colour);
    for (int c = 0; c < g->table->columns; c++) {
        struct lines *l = &row->cells[c];
        double used = 0;
        /* On a fresh page a line goes on even if taller than the page (it
         * is cut off), so that a row always moves on. */
        for (; row->next[c] < l->count && (used + l->height[row->next[c]] <= room || (fresh_page && used == 0));
             row->next[c]++) {
            draw_line(doc, l, row->next[c], g->left[c] + CELL_PAD_X, doc->y + CELL_PAD_Y + used);
            used += l->height[row->next[c]];
        }
        drawn = used > drawn ? used : drawn;
        done = done && row->next[c] == l->count;
    }
    doc->y += drawn + 2 * CELL_PAD_Y;
    rule(doc, doc->y, 0.5);
    return done;
}

static void heading_row(struct pdf_document *doc, struct table_geometry *g)
{
    for (int c = 0; c < g->table->columns; c++)
        g->heading.next[c] = 0;
    row_slice(doc, g, &g->heading, false);
    rule(doc, doc->y, 1.0);
}

/* How much of row must fit below the heading row to start it on a page:
 * all of it, or for a row taller than a page, its first line in each cell. */
static double row_start(const struct table_geometry *g, const struct row *row)
{
    if (row->height <= BODY_BOTTOM - BODY_TOP - g->heading.height)
        return row->height;
    double first = 0;
    for (int c = 0; c < g->table->columns; c++)
        if (row->cells[c].count > 0 && row->cells[c].height[0] > first)
            first = row->cells[c].height[0];
    return first + 2 * CELL_PAD_Y;
}

/* A row on one page when it fits on one (the heading row repeated after
 * a break); a row taller than a page goes on across pages line by line. */
static void place_row(struct pdf_document *doc, struct table_geometry *g, struct row *row)
{
    double page = BODY_BOTTOM - BODY_TOP - g->heading.height;
    if (doc->y + row->height > BODY_BOTTOM && row->height <= page) {
        next_page(doc);
        heading_row(doc, g);
    }
    for (bool fresh_page = false; !row_slice(doc, g, row, fresh_page); fresh_page = true) {
        next_page(doc);
        heading_row(doc, g);
    }
}

/* The caption above a table, kept on the page with below more points. */
static void table_caption(struct pdf_document *doc, const char *text, double below)
{
    struct lines caption;
    measure(doc, layout_of(doc, TABLE_CAPTION_FONT, TEXT_WIDTH, NULL, text), &caption);
    make_room(doc, caption.total + below);
    set_colour(doc, &text_colour);
    for (int i = 0; i < caption.count; i++) {
        draw_line(doc, &caption, i, MARGIN, doc->y);
        doc->y += caption.height[i];
    }
    doc->y += 4;
    g_object_unref(caption.layout);
}

void pdf_table(struct pdf_document *doc, const struct pdf_table *table, const char *const *cells, int rows)
{
    if (table->columns < 1 || table->columns > PDF_TABLE_COLUMNS_MAX)
        return; /* a caller's mistake: no table rather than memory overrun */
    struct table_geometry g = {.table = table};
    for (int c = 0; c < table->columns; c++) {
        g.left[c] = c == 0 ? MARGIN : g.left[c - 1] + g.width[c - 1];
        g.width[c] = TEXT_WIDTH * table->widths[c];
    }
    row_make(doc, &g, TABLE_HEADING_FONT, table->headings, &g.heading);
    struct row row = {0};
    if (rows > 0)
        row_make(doc, &g, TABLE_FONT, cells, &row);
    /* The caption, the heading row and the first row (or, if it is taller
     * than a page, its first lines) start on one page. */
    double first = row_start(&g, &row);
    if (table->caption != NULL)
        table_caption(doc, table->caption, g.heading.height + first);
    make_room(doc, g.heading.height + first);
    heading_row(doc, &g);
    for (int r = 0; r < rows; r++) {
        if (r > 0)
            row_make(doc, &g, TABLE_FONT, cells + (size_t)r * (size_t)table->columns, &row);
        place_row(doc, &g, &row);
        row_free(&g, &row);
    }
    row_free(&g, &g.heading);
    doc->y += TABLE_AFTER;
}

/* ---- the render ------------------------------------------------------- */

/* The PDF's bytes as cairo writes them, in the request's arena. */
struct sink {
    struct arena *arena;
    unsigned char *bytes;
    size_t length, capacity;
};

static cairo_status_t sink_write(void *closure, const unsigned char *data, unsigned int length)
{
    struct sink *sink = closure;
    if (sink->length + length > sink->capacity) {
        size_t capacity = sink->capacity > 0 ? sink->capacity * 2 : 64 * 1024;
        while (capacity < sink->length + length)
            capacity *= 2;
        unsigned char *bytes = arena_alloc_bytes(sink->arena, capacity); /* filled before it is read */
        if (sink->length > 0)
            memcpy(bytes, sink->bytes, sink->length);
        sink->bytes = bytes;
        sink->capacity = capacity;
    }
    memcpy(sink->bytes + sink->length, data, length);
    sink->length += length;
    return CAIRO_STATUS_SUCCESS;
}

/* The first pass only counts pages: its bytes go nowhere. */
static cairo_status_t discard_write(void *closure, const unsigned char *data, unsigned int length)
{
    (void)closure, (void)data, (void)length;
    return CAIRO_STATUS_SUCCESS;
}

static PangoContext *pango_for(cairo_t *cr, PangoFontMap *fonts)
{
    PangoContext *pango = pango_font_map_create_context(fonts);
    pango_cairo_context_set_resolution(pango, 72.0); /* font sizes in points, as the page */
    pango_context_set_round_glyph_positions(pango, FALSE);
    pango_cairo_update_context(cr, pango);
    return pango;
}

/* One pass over the layout; *pages: how many it made. sink NULL: discard. */
static bool render_pass(struct arena *arena, const struct pdf_page_marks *marks, pdf_layout_fn layout,
                        const void *data, PangoFontMap *fonts, struct sink *sink, int *pages)
{
    cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(sink != NULL ? sink_write : discard_write, sink,
                                                                   PAGE_WIDTH, PAGE_HEIGHT);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, valid_utf8(arena, marks->title));
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "cshub");
    cairo_t *cr = cairo_create(surface);
    struct pdf_document doc = {.arena = arena, .cr = cr, .pango = pango_for(cr, fonts), .marks = marks,
                               .pages_total = *pages};
    layout(&doc, data);
    if (doc.page == 0)
        begin_page(&doc); /* nothing to show is still a page */
    if (doc.page_open)
        end_page(&doc);
    *pages = doc.page;
    g_object_unref(doc.pango);
    cairo_status_t status = cairo_status(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    if (status == CAIRO_STATUS_SUCCESS)
        status = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (status != CAIRO_STATUS_SUCCESS)
        log_message("pdf_failed", cairo_status_to_string(status));
    return status == CAIRO_STATUS_SUCCESS;
}

bool pdf_document_render(struct arena *arena, const struct pdf_page_marks *marks, pdf_layout_fn layout,
                         const void *data, const unsigned char **pdf, size_t *length)
{
    atomic_store(&caches_used, true);
    PangoFontMap *fonts = pango_cairo_font_map_new(); /* this render's own: Pango objects are not shared */
    struct sink sink = {.arena = arena};
    int pages = 0;
    bool ok = render_pass(arena, marks, layout, data, fonts, NULL, &pages) &&
              render_pass(arena, marks, layout, data, fonts, &sink, &pages);
    g_object_unref(fonts);
    *pdf = sink.bytes;
    *length = sink.length;
    return ok && sink.length > 0;
}

void pdf_release_caches(void)
{
    if (!atomic_load(&caches_used))
        return;
    cairo_debug_reset_static_data();
    FcFini();
}
