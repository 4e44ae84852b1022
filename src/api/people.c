/* People handlers: validate the body field by field (each error names its
 * field), call domain/person.c (which applies the access policy and
 * audits), render JSON. */
#include "api/people.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "api/guard.h"
#include "api/input.h"
#include "api/merges.h"
#include "api/outcome.h"
#include "api/render.h"
#include "domain/duplicates.h"
#include "domain/person.h"
#include "domain/user.h"
#include "http/request.h"
#include "http/response.h"
#include "util/arena.h"
#include "util/ids.h"

#define NAME_MAX_BYTES 100

static const char *const sex_values[] = {"female", "male", "other", "not_known"};

static json_t *person_json(const struct person *p)
{
    json_t *json = record_json(&person_kind, &p->record);
    json_t *aliases = json_array();
    for (int i = 0; i < p->alias_count; i++)
        json_array_append_new(aliases, json_string(p->aliases[i]));
    json_object_set_new(json, "aliases", aliases);
    return json;
}

/* ---- field validators: each reads json (not null), answers 400 and
 * returns false when it is wrong, else sets *out (arena text). ---------- */

static bool read_text(struct request *req, const char *field, size_t max, const char **out)
{
    return (*out = input_required_string(req, field, max)) != NULL;
}

static bool read_name(struct request *req, const char *field, const char **out)
{
    return read_text(req, field, NAME_MAX_BYTES, out);
}

static bool read_long_text(struct request *req, const char *field, const char **out)
{
    return read_text(req, field, 500, out);
}

static bool read_reference(struct request *req, const char *field, const char **out)
{
    return read_text(req, field, 50, out);
}

static bool read_kind(struct request *req, const char *field, const char **out)
{
    return input_choice(req, field, person_kinds, person_kind_count, true, out);
}

static bool read_sex(struct request *req, const char *field, const char **out)
{
    return input_choice(req, field, sex_values, 4, true, out);
}

static bool read_date(struct request *req, const char *field, const char **out)
{
    return (*out = input_required_past_date(req, field)) != NULL;
}

static bool read_age(struct request *req, const char *field, const char **out)
{
    json_t *value = json_object_get(req->json, field);
    if (!json_is_integer(value) || json_integer_value(value) < 0 || json_integer_value(value) > 120)
        return input_refuse(req, field, "must be a whole number of years from 0 to 120");
    *out = arena_printf(req->arena, "%lld", (long long)json_integer_value(value));
    return true;
}

/* Ten digits whose last is the modulus-11 check digit of the first nine. */
static bool read_nhs_number(struct request *req, const char *field, const char **out)
{
    const char *text;
    if (!read_text(req, field, 16, &text))
        return false;
    char *digits = input_compact_upper(req, text);
    int sum = 0;
    bool shaped = strlen(digits) == 10 && strspn(digits, "0123456789") == 10;
    for (int i = 0; shaped && i < 9; i++)
        sum += (digits[i] - '0') * (10 - i);
    int check = 11 - sum % 11;
    check = check == 11 ? 0 : check;
    if (!shaped || check == 10 || check != digits[9] - '0')
        return input_refuse(req, field, "must be a valid 10-digit NHS number");
    *out = digits;
    return true;
}

/* A unique pupil number: a letter then 12 characters, 13 in all. */
static bool read_upn(struct request *req, const char *field, const char **out)
{
    const char *text;
    if (!read_text(req, field, 16, &text))
        return false;
    char *upn = input_compact_upper(req, text);
    if (strlen(upn) != 13 || !isalpha((unsigned char)upn[0]) || strspn(upn + 1, "0123456789") < 11)
        return input_refuse(req, field, "must be a 13-character unique pupil number");
    *out = upn;
    return true;
}

static const input_field_reader readers[PERSON_FIELD_COUNT] = {
    [PERSON_KIND] = read_kind,
    [PERSON_GIVEN_NAME] = read_name,
    [PERSON_FAMILY_NAME] = read_name,
    [PERSON_DATE_OF_BIRTH] = read_date,
    [PERSON_ESTIMATED_AGE] = read_age,
    [PERSON_SEX] = read_sex,
    [PERSON_ETHNICITY] = read_name,
    [PERSON_ADDRESS] = read_long_text,
    [PERSON_POSTCODE] = input_postcode,
    [PERSON_SCHOOL] = read_long_text,
    [PERSON_NHS_NUMBER] = read_nhs_number,
    [PERSON_UNIQUE_PUPIL_NUMBER] = read_upn,
    [PERSON_POLICE_REFERENCE] = read_reference,
    [PERSON_COUNCIL_CASE_NUMBER] = read_reference,
    [PERSON_SHARING] = input_sharing,
};

static bool read_aliases(struct request *req, struct person_input *in)
{
    json_t *aliases = json_object_get(req->json, "aliases");
    if (aliases == NULL)
        return true;
    in->aliases_present = true;
    if (json_is_null(aliases))
        return true;
    if (!json_is_array(aliases) || json_array_size(aliases) > PERSON_MAX_ALIASES)
        return input_refuse(req, "aliases", "must be a list of at most 10 names");
    size_t i;
    json_t *alias;
    json_array_foreach(aliases, i, alias)
    {
        if (!json_is_string(alias) || json_string_length(alias) == 0 || json_string_length(alias) > NAME_MAX_BYTES ||
            memchr(json_string_value(alias), '\0', json_string_length(alias)) != NULL)
            return input_refuse(req, "aliases", "must each be a name of 1 to 100 bytes");
        in->aliases[in->alias_count++] = json_string_value(alias);
    }
    return true;
}

/* Reads every field present in the body, then the aliases. */
static bool read_person_input(struct request *req, bool creating, struct person_input *in)
{
    static const char *const extras[] = {"aliases", NULL};
    return input_record_fields(req, &person_kind, readers, extras, creating, &in->fields) && read_aliases(req, in);
}

void api_people_create(struct request *req)
{
    struct person_input in = {0};
    if (!read_person_input(req, true, &in))
        return;
    struct domain_context ctx;
    api_context(req, &ctx);
    struct person p;
    enum domain_status status = person_create(&ctx, &in, &p);
    if (status == DOMAIN_OK)
        respond_json(req, 201, person_json(&p));
    else
        respond_domain_failure(req, status, "person");
}

void api_people_show(struct request *req)
{
    struct domain_context ctx;
    api_context(req, &ctx);
    struct person p;
    enum domain_status status = person_read(&ctx, request_param(req, "id"), &p);
    if (status != DOMAIN_OK) {
        respond_domain_failure(req, status, "person");
        return;
    }
    const char *merged_into;
    bool merged;
    struct person_merge merges[MERGE_HISTORY_MAX];
    int count = 0;
    merge_history(&ctx, p.record.id, &merged, &merged_into, merges, &count);
    json_t *json = person_json(&p), *history = json_array();
    for (int i = 0; i < count; i++)
        json_array_append_new(history, merge_json(&merges[i]));
    json_object_set_new(json, "merged", json_boolean(merged));
    json_object_set_new(json, "merged_into", merged_into ? json_string(merged_into) : json_null());
    json_object_set_new(json, "merges", history);
    respond_json(req, 200, json);
}

void api_people_update(struct request *req)
{
    struct person_input in = {0};
    if (!read_person_input(req, false, &in))
        return;
    struct domain_context ctx;
    api_context(req, &ctx);
    struct person p;
    enum domain_status status = person_update(&ctx, request_param(req, "id"), &in, &p);
    if (status == DOMAIN_OK)
        respond_json(req, 200, person_json(&p));
    else if (status == DOMAIN_CONFLICT)
        respond_error(req, 409, "merged", "this record has been merged into another: change that one (or undo the merge)",
                      NULL);
    else
        respond_domain_failure(req, status, "person");
}

void api_people_list(struct request *req)
{
    int limit;
    if (!input_limit(req, &limit))
        return;
    const char *query = request_query(req, "q");
    if (query != NULL && strlen(query) > 200) {
        respond_error(req, 400, "invalid_field", "q must be at most 200 bytes", "q");
        return;
    }
    struct domain_context ctx;
    api_context(req, &ctx);
    struct person *people = arena_alloc(req->arena, sizeof *people * (size_t)limit);
    int count = 0;
    const char *next = NULL;
    enum domain_status status = person_search(&ctx, query, request_query(req, "cursor"), limit, people, &count, &next);
    if (status != DOMAIN_OK) {
        respond_domain_failure(req, status, "person");
        return;
    }
    json_t *items = json_array();
    for (int i = 0; i < count; i++)
        json_array_append_new(items, person_json(&people[i]));
    respond_json(req, 200, json_pack("{s:o,s:s?}", "items", items, "next_cursor", next));
}

void api_people_add_involvement(struct request *req)
{
    const char *user_id = input_required_string(req, "user_id", 64);
    if (user_id == NULL)
        return;
    struct domain_context ctx;
    api_context(req, &ctx);
    struct user user;
    if (!id_is_valid(user_id) || !user_find_by_id(ctx.conn, req->arena, user_id, &user)) {
        respond_error(req, 400, "invalid_field", "user_id is not a user of cshub", "user_id");
        return;
    }
    enum domain_status status = person_record_involvement(&ctx, request_param(req, "id"), user_id);
    if (status == DOMAIN_OK)
        respond_no_content(req);
    else
        respond_domain_failure(req, status, "person");
}

void api_people_duplicates(struct request *req)
{
    struct domain_context ctx;
    api_context(req, &ctx);
    struct record person;
    struct duplicate found[DUPLICATES_MAX];
    int count = 0;
    enum domain_status status = duplicates_of(&ctx, request_param(req, "id"), &person, found, &count);
    if (status != DOMAIN_OK) {
        respond_domain_failure(req, status, "person");
        return;
    }
    json_t *items = json_array();
    for (int i = 0; i < count; i++) {
        json_t *reasons = match_reasons_json(&found[i].match);
        json_array_append_new(items, json_pack("{s:o,s:i,s:b,s:o}", "person", record_json(&person_kind, &found[i].person),
                                               "score", found[i].match.score, "likely",
                                               found[i].match.score >= MATCH_LIKELY, "reasons", reasons));
    }
    respond_json(req, 200, json_pack("{s:o}", "items", items));
}
