/* Fuzzes request JSON bodies and every field reader of src/api/input.c.
 * The input is a request body: it is parsed as the server parses one
 * (jansson, duplicate keys refused, an object required), then each reader
 * reads its field. Each reader's answer is compared with an independent
 * statement of what it should accept:
 *  - strings: present, a string, 1 to max bytes, no NUL inside;
 *  - choices and the sharing level: exactly one of the values listed;
 *  - dates: YYYY-MM-DD, a real calendar day from 1900 (and not after
 *    today for the past-date readers); required ones must be present;
 *  - postcodes: written back as "OUTWARD INWARD", which reads back the same;
 *  - record ids: 32 lower-case hex digits; code lists: an array of at most
 *    INPUT_CODES_MAX strings of 1 to 64 bytes;
 *  - input_record_fields: a required field cannot be missing on create or
 *    cleared with null, exactly the fields given are marked present, and a
 *    body with any member that is neither a field nor an extra is refused;
 *  - input_compact_upper keeps only A-Z and 0-9 and is idempotent.
 * Refusals are answered through the response code with no connection, so
 * they are logged and dropped (run with -close_fd_mask=2). */
#include <ctype.h>
#include <jansson.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>

#include "api/input.h"
#include "domain/record.h"
#include "fuzz.h"
#include "http/request.h"
#include "util/arena.h"

/* The string value of field, when it is a string of 1..max bytes with no NUL. */
static const char *acceptable_string(json_t *body, const char *field, size_t max)
{
    json_t *value = json_object_get(body, field);
    if (!json_is_string(value))
        return NULL;
    size_t length = json_string_length(value);
    const char *text = json_string_value(value);
    if (length == 0 || length > max || strlen(text) != length)
        return NULL;
    return text;
}

static bool absent(json_t *body, const char *field)
{
    json_t *value = json_object_get(body, field);
    return value == NULL || json_is_null(value);
}

/* A real calendar day written YYYY-MM-DD from 1900 on, checked with timegm. */
static bool is_calendar_date(const char *text)
{
    if (strlen(text) != 10 || text[4] != '-' || text[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)text[i]))
            return false;
    struct tm day = {.tm_year = atoi(text) - 1900, .tm_mon = atoi(text + 5) - 1, .tm_mday = atoi(text + 8)};
    struct tm wanted = day;
    time_t seconds = timegm(&day);
    struct tm back;
    gmtime_r(&seconds, &back);
    return wanted.tm_year >= 0 && back.tm_year == wanted.tm_year && back.tm_mon == wanted.tm_mon &&
           back.tm_mday == wanted.tm_mday;
}

static bool is_not_future(const char *date)
{
    char today[11];
    time_t now = time(NULL);
    struct tm utc;
    gmtime_r(&now, &utc);
    strftime(today, sizeof today, "%Y-%m-%d", &utc);
    return strcmp(date, today) <= 0;
}

static void check_strings(struct request *req)
{
    const char *expected = acceptable_string(req->json, "name", 40);
    const char *got = input_required_string(req, "name", 40);
    FUZZ_CHECK((got == NULL) == (expected == NULL), "required string accepted wrongly");
    FUZZ_CHECK(got == NULL || strcmp(got, expected) == 0, "required string changed");
    const char *optional = "unset";
    bool ok = input_optional_string(req, "note", 200, &optional);
    bool want = absent(req->json, "note") || acceptable_string(req->json, "note", 200) != NULL;
    FUZZ_CHECK(ok == want, "optional string accepted wrongly");
    FUZZ_CHECK(!ok || (optional == NULL) == absent(req->json, "note"), "optional string not NULL when absent");
}

static void check_choices(struct request *req)
{
    static const char *const values[] = {"low", "medium", "high"};
    const char *text = acceptable_string(req->json, "risk", 64);
    bool listed = text != NULL && (!strcmp(text, "low") || !strcmp(text, "medium") || !strcmp(text, "high"));
    const char *got = NULL;
    bool ok = input_choice(req, "risk", values, 3, true, &got);
    FUZZ_CHECK(ok == listed && (!ok || strcmp(got, text) == 0), "required choice accepted wrongly");
    ok = input_choice(req, "risk", values, 3, false, &got);
    FUZZ_CHECK(ok == (listed || absent(req->json, "risk")), "optional choice accepted wrongly");
    text = acceptable_string(req->json, "sharing", 64);
    listed = text != NULL && (!strcmp(text, "agency") || !strcmp(text, "hub") || !strcmp(text, "restricted"));
    FUZZ_CHECK(input_sharing(req, "sharing", &got) == listed, "sharing accepted wrongly");
}

static void check_dates(struct request *req)
{
    const char *text = acceptable_string(req->json, "date", 64);
    bool real = text != NULL && is_calendar_date(text);
    bool past = real && is_not_future(text);
    bool missing = absent(req->json, "date");
    const char *got = NULL;
    FUZZ_CHECK(input_optional_date(req, "date", &got) == (missing || real), "optional date accepted wrongly");
    FUZZ_CHECK(input_required_date(req, "date", &got) == real, "required date accepted wrongly");
    FUZZ_CHECK(input_optional_past_date(req, "date", &got) == (missing || past), "optional past date wrong");
    FUZZ_CHECK((input_required_past_date(req, "date") != NULL) == past, "required past date accepted wrongly");
}

/* "TS1 2AB": letters and digits upper-cased, one space before the last three. */
static void check_postcode(struct request *req)
{
    const char *got = NULL;
    if (!input_postcode(req, "postcode", &got))
        return;
    size_t n = strlen(got);
    FUZZ_CHECK(n >= 6 && n <= 8 && got[n - 4] == ' ', "postcode not written OUTWARD INWARD");
    FUZZ_CHECK(isupper((unsigned char)got[0]) && isdigit((unsigned char)got[n - 3]) &&
                   isupper((unsigned char)got[n - 2]) && isupper((unsigned char)got[n - 1]),
               "postcode shape");
    json_t *saved = req->json;
    req->json = json_pack("{s:s}", "postcode", got);
    const char *again = NULL;
    FUZZ_CHECK(input_postcode(req, "postcode", &again) && strcmp(again, got) == 0, "postcode does not read back");
    json_decref(req->json);
    req->json = saved;
}

static void check_ids_and_codes(struct request *req)
{
    const char *text = acceptable_string(req->json, "id", 64);
    bool hex = text != NULL && strlen(text) == 32 && strspn(text, "0123456789abcdef") == 32;
    const char *got = NULL;
    FUZZ_CHECK(input_record_id(req, "id", &got) == hex, "record id accepted wrongly");
    json_t *codes = json_object_get(req->json, "codes");
    bool shaped = json_is_array(codes) && json_array_size(codes) <= INPUT_CODES_MAX;
    for (size_t i = 0; shaped && i < json_array_size(codes); i++) {
        json_t *code = json_array_get(codes, i);
        shaped = json_is_string(code) && json_string_length(code) >= 1 && json_string_length(code) <= 64;
    }
    FUZZ_CHECK(input_code_list(req, "codes", &got) == shaped, "code list accepted wrongly");
}

static bool read_text(struct request *req, const char *field, const char **out)
{
    return (*out = input_required_string(req, field, 100)) != NULL;
}

/* A kind of three fields, the first and last required. */
static void check_record_fields(struct request *req, bool creating)
{
    static const struct record_field fields[] = {
        {"given_name", FIELD_TEXT, true}, {"postcode", FIELD_TEXT, false}, {"sharing", FIELD_TEXT, true}};
    static const struct record_kind kind = {.table = "fuzz", .record_type = "fuzz", .fields = fields,
                                            .field_count = 3, .sharing_field = 2, .person_field = -1};
    static const input_field_reader readers[] = {read_text, input_postcode, input_sharing};
    static const char *const extras[] = {"aliases", NULL};
    struct record_input in = {0};
    bool ok = input_record_fields(req, &kind, readers, extras, creating, &in);
    const char *member;
    json_t *member_value;
    json_object_foreach(req->json, member, member_value) {
        (void)member_value;
        bool known = strcmp(member, "aliases") == 0;
        for (int f = 0; f < 3; f++)
            known = known || strcmp(member, fields[f].name) == 0;
        FUZZ_CHECK(!ok || known, "a member that is no field was accepted");
    }
    for (int f = 0; ok && f < 3; f++) {
        json_t *value = json_object_get(req->json, fields[f].name);
        FUZZ_CHECK(in.present[f] == (value != NULL), "present does not match the body");
        FUZZ_CHECK(!fields[f].required || (value == NULL ? !creating : !json_is_null(value)),
                   "a required field missing or cleared");
        FUZZ_CHECK(value == NULL || json_is_null(value) || in.values[f] != NULL, "a value given but not read");
    }
}

static void check_compact(struct request *req)
{
    const char *text = acceptable_string(req->json, "name", 1000);
    if (text == NULL)
        return;
    char *compact = input_compact_upper(req, text);
    FUZZ_CHECK(strspn(compact, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") == strlen(compact), "compact keeps others");
    FUZZ_CHECK(strcmp(input_compact_upper(req, compact), compact) == 0, "compact not idempotent");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_error_t error;
    json_t *body = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &error);
    if (!json_is_object(body)) {
        json_decref(body);
        return 0;
    }
    struct request req = {.arena = arena_new(), .json = body, .method = "POST", .path = "/fuzz"};
    check_strings(&req);
    check_choices(&req);
    check_dates(&req);
    check_postcode(&req);
    check_ids_and_codes(&req);
    check_record_fields(&req, true);
    check_record_fields(&req, false);
    check_compact(&req);
    arena_free(req.arena);
    json_decref(body);
    return 0;
}
