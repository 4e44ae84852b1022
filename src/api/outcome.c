/* Uniform answers for domain failures; see outcome.h. */
#include "api/outcome.h"

#include "http/request.h"
#include "http/response.h"
#include "util/arena.h"

void respond_domain_failure(struct request *req, enum domain_status status, const char *what)
{
    switch (status) {
    case DOMAIN_NOT_FOUND:
        respond_error(req, 404, "not_found", arena_printf(req->arena, "no such %s, or not one you may see", what), NULL);
        return;
    case DOMAIN_FORBIDDEN:
        respond_error(req, 403, "forbidden", "your role may not do this", NULL);
        return;
    case DOMAIN_CONFLICT:
        respond_error(req, 409, "conflict", arena_printf(req->arena, "that %s exists already", what), NULL);
        return;
    case DOMAIN_OK:
    case DOMAIN_UNAVAILABLE:
        break;
    }
    respond_error(req, 503, "unavailable", "the change could not be saved; nothing was changed", NULL);
}
