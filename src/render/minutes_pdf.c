/* The minutes of a MACE meeting as a PDF; see minutes_pdf.h. The wording
 * follows the minutes page (web/js/pages/minutes.js). */
#include "render/minutes_pdf.h"

#include <string.h>

#include "domain/minutes.h"
#include "render/pdf_document.h"
#include "util/arena.h"

/* What an item is about, as the minutes page names it. */
static const struct {
    const char *kind, *name, *lower;
} kinds[] = {
    {"young_person", "Young person", "young person"},
    {"adult_of_concern", "Adult of concern", "adult of concern"},
    {"context", "Place or group", "place or group"},
    {"hotspot", "Hotspot", "hotspot"},
    {"overdue_action", "Overdue action", "overdue action"},
    {"other", "Other business", "other business"},
};

static int kind_index(const char *kind)
{
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (kind != NULL && strcmp(kind, kinds[i].kind) == 0)
            return (int)i;
    return (int)(sizeof kinds / sizeof kinds[0]) - 1;
}

static const char *subject_of(const struct minutes_item *item)
{
    switch (item->subject_is) {
    case MINUTES_SUBJECT_NAMED:
        return item->subject;
    case MINUTES_SUBJECT_HIDDEN_PERSON:
        return "Someone you may not see";
    case MINUTES_SUBJECT_HIDDEN_CONTEXT:
        return "A place you may not see";
    case MINUTES_SUBJECT_NONE:
        break;
    }
    return kinds[kind_index(item->kind)].name;
}

static const char *action_status(struct arena *arena, const struct minutes_action *a)
{
    const char *status = strcmp(a->status, "done") == 0        ? "Done"
                         : strcmp(a->status, "cancelled") == 0 ? "Cancelled"
                                                                 : "Open";
    return a->overdue ? arena_printf(arena, "%s (overdue)", status) : status;
}

static const char *or_not_recorded(const char *text)
{
    return text != NULL && *text != '\0' ? text : "Not recorded.";
}

static void facts(struct pdf_document *doc, const struct minutes *m)
{
    struct arena *arena = pdf_arena(doc);
    const char *invited = m->invited_count > 0 ? m->invited[0] : "None recorded";
    for (int i = 1; i < m->invited_count; i++)
        invited = arena_printf(arena, "%s, %s", invited, m->invited[i]);
    const char *at = m->exported_at != NULL && strlen(m->exported_at) >= 16
                         ? arena_printf(arena, "%.10s at %.5s UTC", m->exported_at, m->exported_at + 11)
                         : "today";
    pdf_text(doc, PDF_INSET, NULL,
             arena_printf(arena,
                          "These minutes show only what the person who exported them may see. Exported on %s; "
                          "keep them as you would the records they come from.",
                          at));
    pdf_text(doc, PDF_BODY, "Status: ",
             strcmp(m->status, "closed") == 0 ? "Closed" : "Open: these minutes may still change");
    pdf_text(doc, PDF_BODY, "Agencies invited: ", invited);
}

static void attendance(struct pdf_document *doc, const struct minutes *m)
{
    static const char *const headings[] = {"Name", "Agency", "Attendance"};
    static const double widths[] = {0.4, 0.4, 0.2};
    static const struct pdf_table table = {NULL, 3, headings, widths};
    pdf_text(doc, PDF_HEADING, NULL, "Attendance");
    if (m->attendance_count == 0) {
        pdf_text(doc, PDF_BODY, NULL, "Not recorded.");
        return;
    }
    const char **cells = arena_alloc(pdf_arena(doc), sizeof *cells * (size_t)(3 * m->attendance_count));
    for (int i = 0; i < m->attendance_count; i++) {
        const struct minutes_attendee *a = &m->attendance[i];
        cells[3 * i] = a->name;
        cells[3 * i + 1] = a->agency;
        cells[3 * i + 2] = strcmp(a->attended, "present") == 0 ? "Present" : "Apologies";
    }
    pdf_table(doc, &table, cells, m->attendance_count);
}

static void actions(struct pdf_document *doc, const struct minutes_action *list, int count)
{
    static const char *const headings[] = {"What", "Agency", "Due", "Status"};
    static const double widths[] = {0.43, 0.26, 0.13, 0.18};
    static const struct pdf_table table = {"Actions agreed", 4, headings, widths};
    if (count == 0)
        return;
    struct arena *arena = pdf_arena(doc);
    const char **cells = arena_alloc(arena, sizeof *cells * (size_t)(4 * count));
    for (int i = 0; i < count; i++) {
        const struct minutes_action *a = &list[i];
        cells[4 * i] = a->description;
        cells[4 * i + 1] = a->agency;
        cells[4 * i + 2] = a->due_on;
        cells[4 * i + 3] = action_status(arena, a);
    }
    pdf_table(doc, &table, cells, count);
}

static void item_minutes(struct pdf_document *doc, const struct minutes_item *item)
{
    pdf_text(doc, PDF_SUBHEADING, NULL,
             arena_printf(pdf_arena(doc), "%s. %s (%s)", item->position, subject_of(item),
                          kinds[kind_index(item->kind)].lower));
    pdf_text(doc, PDF_BODY, "Why: ", item->reason);
    pdf_text(doc, PDF_BODY, "Discussion: ", or_not_recorded(item->discussion));
    pdf_text(doc, PDF_BODY, "Decisions: ", or_not_recorded(item->decisions));
    actions(doc, item->actions, item->action_count);
}

static void lay_out(struct pdf_document *doc, const void *data)
{
    const struct minutes *m = data;
    pdf_text(doc, PDF_CAPTION, NULL, "Minutes of the MACE meeting");
    pdf_text(doc, PDF_TITLE, NULL, arena_printf(pdf_arena(doc), "%s, %s", m->title, m->held_on));
    facts(doc, m);
    attendance(doc, m);
    pdf_text(doc, PDF_HEADING, NULL, "Items");
    if (m->item_count == 0)
        pdf_text(doc, PDF_BODY, NULL, "None that you may see.");
    for (int i = 0; i < m->item_count; i++)
        item_minutes(doc, &m->items[i]);
    if (m->other_action_count > 0) {
        pdf_text(doc, PDF_HEADING, NULL, "Other actions agreed at the meeting");
        actions(doc, m->other_actions, m->other_action_count);
    }
}

bool minutes_pdf_render(const struct minutes *minutes, struct arena *arena, const unsigned char **pdf,
                        size_t *length)
{
    const struct pdf_page_marks marks = {arena_printf(arena, "Minutes: %s, %s", minutes->title, minutes->held_on),
                                         MINUTES_MARKING};
    return pdf_document_render(arena, &marks, lay_out, minutes, pdf, length);
}
