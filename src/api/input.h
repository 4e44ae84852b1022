/* Reading fields from a request's JSON body. Each reader answers 400 with
 * a message naming the field when the value is missing, of the wrong type
 * or too long, and returns NULL so the handler just returns. */
#ifndef CSHUB_API_INPUT_H
#define CSHUB_API_INPUT_H

#include <stdbool.h>
#include <stddef.h>

struct request;

/* Answers 400 naming field ("FIELD MESSAGE"); returns false, for
 * `return ok || input_refuse(...)`. */
bool input_refuse(struct request *req, const char *field, const char *message);

/* A required non-empty string of at most max_length bytes. */
const char *input_required_string(struct request *req, const char *field, size_t max_length);

/* An optional string: *out is NULL when absent. False after answering 400. */
bool input_optional_string(struct request *req, const char *field, size_t max_length, const char **out);

/* A string that must be one of count values; required or optional. */
bool input_choice(struct request *req, const char *field, const char *const values[], int count, bool required,
                  const char **out);

/* A required calendar date YYYY-MM-DD, not in the future. */
const char *input_required_past_date(struct request *req, const char *field);

/* An optional calendar date YYYY-MM-DD, not in the future. */
bool input_optional_past_date(struct request *req, const char *field, const char **out);

/* An optional calendar date YYYY-MM-DD, past or future. */
bool input_optional_date(struct request *req, const char *field, const char **out);

/* A required calendar date YYYY-MM-DD, past or future. */
bool input_required_date(struct request *req, const char *field, const char **out);

struct record_kind;
struct record_input;

/* Reads one field's (non-null) value; answers 400 and returns false when wrong. */
typedef bool (*input_field_reader)(struct request *req, const char *field, const char **out);

/* Reads every field of kind present in the body with readers[field]. On
 * create the required fields must be there; a required field can never be
 * cleared with null. Any other member of the body that extras (a
 * NULL-terminated list, or NULL) does not name is refused with a 400
 * naming it: nothing sent is silently ignored. */
bool input_record_fields(struct request *req, const struct record_kind *kind, const input_field_reader *readers,
                         const char *const *extras, bool creating, struct record_input *in);

/* Readers shared by several subjects: a UK postcode (stored "TS18 1AU")
 * and a sharing level (agency, hub, restricted). */
bool input_postcode(struct request *req, const char *field, const char **out);
bool input_sharing(struct request *req, const char *field, const char **out);

/* A record id (32 hex characters). */
bool input_record_id(struct request *req, const char *field, const char **out);

/* A list of at most INPUT_CODES_MAX definition codes: checks its shape
 * (as a field reader); input_code_versions then codes it, as JSON with
 * each term's current version, or answers 400 naming an unknown code. */
#define INPUT_CODES_MAX 30
bool input_code_list(struct request *req, const char *field, const char **out);
struct domain_context;
bool input_code_versions(struct request *req, struct domain_context *ctx, const char *field, const char *category,
                         const char **value);

/* Letters and digits of text, upper-cased ("ts1 2ab" -> "TS12AB"). */
char *input_compact_upper(struct request *req, const char *text);

/* ?limit= for a list: 1 to 100, default 50. False after answering 400. */
bool input_limit(struct request *req, int *limit);

/* Query-string parameters: a calendar date YYYY-MM-DD (*out NULL when
 * absent), and a whole number from min to max (*out unchanged when
 * absent); false after a 400 naming the parameter. */
bool input_query_date(struct request *req, const char *name, const char **out);
bool input_query_int(struct request *req, const char *name, int min, int max, int *out);

#endif
