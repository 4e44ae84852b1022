/* JSON body field readers with field-naming errors; see input.h. */
#include "api/input.h"

#include <jansson.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/definition.h"
#include "domain/record.h"
#include "http/request.h"
#include "http/response.h"
#include "util/arena.h"
#include "util/ids.h"

bool input_refuse(struct request *req, const char *field, const char *message)
{
    respond_error(req, 400, "invalid_field", arena_printf(req->arena, "%s %s", field, message), field);
    return false;
}

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

bool input_optional_string(struct request *req, const char *field, size_t max_length, const char **out)
{
    *out = NULL;
    json_t *value = json_object_get(req->json, field);
    if (value == NULL || json_is_null(value))
        return true;
    *out = input_required_string(req, field, max_length);
    return *out != NULL;
}

bool input_choice(struct request *req, const char *field, const char *const values[], int count, bool required,
                  const char **out)
{
    *out = NULL;
    json_t *value = json_object_get(req->json, field);
    if (!required && (value == NULL || json_is_null(value)))
        return true;
    const char *text = input_required_string(req, field, 64);
    if (text == NULL)
        return false;
    for (int i = 0; i < count; i++) {
        if (strcmp(text, values[i]) == 0) {
            *out = values[i];
            return true;
        }
    }
    char *allowed = arena_strdup(req->arena, "");
    for (int i = 0; i < count; i++)
        allowed = arena_printf(req->arena, "%s%s%s", allowed, i ? ", " : "", values[i]);
    respond_error(req, 400, "invalid_field", arena_printf(req->arena, "%s must be one of: %s", field, allowed), field);
    return false;
}

static bool is_real_date(int year, int month, int day)
{
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (year < 1900 || month < 1 || month > 12 || day < 1 || day > days[month - 1])
        return false;
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return !(month == 2 && day == 29 && !leap);
}

static bool is_date_text(const char *d)
{
    int year, month, day, consumed = 0;
    bool shaped = strlen(d) == 10 && d[4] == '-' && d[7] == '-' && strspn(d, "0123456789") == 4 &&
                  strspn(d + 5, "0123456789") == 2 && strspn(d + 8, "0123456789") == 2;
    return shaped && sscanf(d, "%4d-%2d-%2d%n", &year, &month, &day, &consumed) == 3 && consumed == 10 &&
           is_real_date(year, month, day);
}

bool input_query_date(struct request *req, const char *name, const char **out)
{
    *out = request_query(req, name);
    if (*out == NULL || is_date_text(*out))
        return true;
    respond_error(req, 400, "invalid_field", arena_printf(req->arena, "%s must be a date written YYYY-MM-DD", name), name);
    return false;
}

bool input_query_int(struct request *req, const char *name, int min, int max, int *out)
{
    const char *text = request_query(req, name);
    if (text == NULL)
        return true;
    char *end;
    long value = strtol(text, &end, 10);
    if (*text == '\0' || *end != '\0' || value < min || value > max) {
        respond_error(req, 400, "invalid_field",
                      arena_printf(req->arena, "%s must be a whole number from %d to %d", name, min, max), name);
        return false;
    }
    *out = (int)value;
    return true;
}

bool input_optional_date(struct request *req, const char *field, const char **out)
{
    if (!input_optional_string(req, field, 64, out))
        return false;
    if (*out == NULL || is_date_text(*out))
        return true;
    respond_error(req, 400, "invalid_field", arena_printf(req->arena, "%s must be a date written YYYY-MM-DD", field),
                  field);
    return false;
}

bool input_required_date(struct request *req, const char *field, const char **out)
{
    json_t *value = json_object_get(req->json, field);
    if (value == NULL || json_is_null(value)) {
        respond_error(req, 400, "missing_field", arena_printf(req->arena, "%s is required", field), field);
        return false;
    }
    return input_optional_date(req, field, out);
}

bool input_optional_past_date(struct request *req, const char *field, const char **out)
{
    if (!input_optional_date(req, field, out))
        return false;
    if (*out == NULL)
        return true;
    char today[11];
    time_t now = time(NULL);
    struct tm utc;
    gmtime_r(&now, &utc);
    strftime(today, sizeof today, "%Y-%m-%d", &utc);
    if (strcmp(*out, today) > 0) {
        respond_error(req, 400, "invalid_field", arena_printf(req->arena, "%s must not be in the future", field), field);
        return false;
    }
    return true;
}

bool input_limit(struct request *req, int *limit)
{
    *limit = 50;
    return input_query_int(req, "limit", 1, 100, limit);
}

const char *input_required_past_date(struct request *req, const char *field)
{
    const char *date = NULL;
    if (json_object_get(req->json, field) == NULL || json_is_null(json_object_get(req->json, field))) {
        respond_error(req, 400, "missing_field", arena_printf(req->arena, "%s is required", field), field);
        return NULL;
    }
    return input_optional_past_date(req, field, &date) ? date : NULL;
}

/* Whether name is one of kind's fields or of extras. */
static bool is_known_member(const struct record_kind *kind, const char *const *extras, const char *name)
{
    for (int f = 0; f < kind->field_count; f++)
        if (strcmp(kind->fields[f].name, name) == 0)
            return true;
    for (int i = 0; extras != NULL && extras[i] != NULL; i++)
        if (strcmp(extras[i], name) == 0)
            return true;
    return false;
}

bool input_record_fields(struct request *req, const struct record_kind *kind, const input_field_reader *readers,
                         const char *const *extras, bool creating, struct record_input *in)
{
    const char *given;
    json_t *member;
    json_object_foreach(req->json, given, member) {
        (void)member;
        if (!is_known_member(kind, extras, given))
            return input_refuse(req, given, strcmp(given, "owner_agency_id") == 0 || strcmp(given, "id") == 0 ||
                                                    strcmp(given, "created_at") == 0 || strcmp(given, "updated_at") == 0
                                                ? "is kept by cshub and cannot be set"
                                                : "is not something cshub records here");
    }
    for (int f = 0; f < kind->field_count; f++) {
        const char *name = kind->fields[f].name;
        json_t *value = json_object_get(req->json, name);
        if (value == NULL && !(creating && kind->fields[f].required))
            continue;
        if ((value == NULL || json_is_null(value)) && kind->fields[f].required) {
            respond_error(req, 400, "missing_field", arena_printf(req->arena, "%s is required", name), name);
            return false;
        }
        in->present[f] = true;
        if (!json_is_null(value) && !readers[f](req, name, &in->values[f]))
            return false;
    }
    return true;
}

/* Keeps only letters and digits, upper-cased ("ts1 2ab" -> "TS12AB"). */
char *input_compact_upper(struct request *req, const char *text)
{
    char *out = arena_alloc(req->arena, strlen(text) + 1);
    char *o = out;
    for (const char *c = text; *c; c++) {
        if (isalnum((unsigned char)*c))
            *o++ = (char)toupper((unsigned char)*c);
    }
    *o = '\0';
    return out;
}

/* A UK postcode, stored as "TS1 2AB". */
bool input_postcode(struct request *req, const char *field, const char **out)
{
    const char *text = input_required_string(req, field, 16);
    if (text == NULL)
        return false;
    char *c = input_compact_upper(req, text);
    size_t n = strlen(c);
    bool shaped = n >= 5 && n <= 7 && isalpha((unsigned char)c[0]) && isdigit((unsigned char)c[n - 3]) &&
                  isalpha((unsigned char)c[n - 2]) && isalpha((unsigned char)c[n - 1]);
    if (!shaped) {
        respond_error(req, 400, "invalid_field",
                      arena_printf(req->arena, "%s must be a UK postcode, for example TS18 1AU", field), field);
        return false;
    }
    *out = arena_printf(req->arena, "%.*s %s", (int)(n - 3), c, c + n - 3);
    return true;
}


bool input_sharing(struct request *req, const char *field, const char **out)
{
    static const char *const sharing_values[] = {"agency", "hub", "restricted"};
    return input_choice(req, field, sharing_values, 3, true, out);
}

bool input_record_id(struct request *req, const char *field, const char **out)
{
    if (!(*out = input_required_string(req, field, 64)))
        return false;
    if (id_is_valid(*out))
        return true;
    respond_error(req, 400, "invalid_field", arena_printf(req->arena, "%s must be a record id", field), field);
    return false;
}

bool input_code_list(struct request *req, const char *field, const char **out)
{
    json_t *list = json_object_get(req->json, field);
    bool shaped = json_is_array(list) && json_array_size(list) <= INPUT_CODES_MAX;
    size_t i;
    json_t *code;
    json_array_foreach (list, i, code) {
        shaped = shaped && json_is_string(code) && json_string_length(code) > 0 && json_string_length(code) <= 64;
    }
    if (!shaped) {
        respond_error(req, 400, "invalid_field",
                      arena_printf(req->arena, "%s must be a list of at most %d definition codes", field,
                                   INPUT_CODES_MAX),
                      field);
        return false;
    }
    *out = "[]"; /* coded with versions by input_code_versions */
    return true;
}

bool input_code_versions(struct request *req, struct domain_context *ctx, const char *field, const char *category,
                         const char **value)
{
    json_t *list = json_object_get(req->json, field);
    int count = (int)json_array_size(list);
    const char **codes = arena_alloc(req->arena, sizeof *codes * (size_t)(count ? count : 1));
    for (int i = 0; i < count; i++)
        codes[i] = json_string_value(json_array_get(list, (size_t)i));
    const char *unknown = NULL;
    enum domain_status status = definition_code_list(ctx, category, codes, count, value, &unknown);
    if (status == DOMAIN_OK)
        return true;
    if (status == DOMAIN_NOT_FOUND)
        respond_error(req, 400, "invalid_field",
                      arena_printf(req->arena, "%s: \"%s\" is not a %s code in the shared definitions", field,
                                   unknown, category),
                      field);
    else
        respond_error(req, 503, "unavailable", "the definitions could not be read", NULL);
    return false;
}
