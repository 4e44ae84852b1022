/* The minutes of a MACE meeting as a PDF download: domain/minutes.c
 * gathers what the caller may see (through the access policy, audited,
 * the export audited too) and render/minutes_pdf.c draws it; this handler
 * only answers. 404 for a meeting the caller may not see, as the JSON. */
#include "api/minutes_pdf.h"

#include <string.h>

#include "api/guard.h"
#include "api/outcome.h"
#include "domain/minutes.h"
#include "http/request.h"
#include "http/response.h"
#include "render/minutes_pdf.h"
#include "util/arena.h"

/* "minutes-2026-11-24.pdf": the meeting's date if it is one, checked here
 * since it goes into a header. */
static const char *file_name(struct arena *arena, const char *held_on)
{
    bool date = held_on != NULL && strlen(held_on) == 10 && strspn(held_on, "0123456789-") == 10;
    return date ? arena_printf(arena, "attachment; filename=\"minutes-%s.pdf\"", held_on)
                : "attachment; filename=\"minutes.pdf\"";
}

void api_meetings_minutes_pdf(struct request *req)
{
    struct domain_context ctx;
    api_context(req, &ctx);
    struct minutes minutes;
    enum domain_status status = minutes_gather(&ctx, request_param(req, "id"), &minutes);
    if (status != DOMAIN_OK) {
        respond_domain_failure(req, status, "meeting");
        return;
    }
    const unsigned char *pdf;
    size_t length;
    if (!minutes_pdf_render(&minutes, req->arena, &pdf, &length)) {
        respond_error(req, 500, "internal", "the minutes could not be drawn as a PDF", NULL);
        return;
    }
    respond_add_header(req, "Content-Disposition", file_name(req->arena, minutes.held_on));
    respond_bytes(req, 200, pdf, length, "application/pdf");
}
