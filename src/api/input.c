/* JSON body field readers with field-naming errors; see input.h. */
#include "api/input.h"

#include <jansson.h>
#include <string.h>

#include "http/request.h"
#include "http/response.h"
#include "util/arena.h"

const char *input_required_string(struct request *req, const char *field, size_t max_length)
{
    json_t *value = json_object_get(req->json, field);
    if (value == NULL || json_is_null(value)) {
        respond_error(req, 400, "missing_field", arena_printf(req->arena, "%s is required", field), field);
        return NULL;
    }
    if (!json_is_string(value)) {
        respond_error(req, 400, "invalid_field", arena_printf(req->arena, "%s must be a string", field), field);
        return NULL;
    }
    size_t length = json_string_length(value);
    const char *text = json_string_value(value);
    if (length == 0) {
        respond_error(req, 400, "missing_field", arena_printf(req->arena, "%s must not be empty", field), field);
        return NULL;
    }
    if (length > max_length || memchr(text, '\0', length) != NULL) {
        respond_error(req, 400, "invalid_field",
                      arena_printf(req->arena, "%s must be at most %zu bytes of text", field, max_length), field);
        return NULL;
    }
    return text;
}
