/* Writing JSON text straight into a request's arena, for answers too big
 * to build as a tree of jansson objects first (a network view of hundreds
 * of nodes and links: building, dumping and freeing the tree cost more
 * than finding the view). Strings are escaped as JSON requires; text is
 * UTF-8 as stored (it was checked when it came in). The caller writes
 * keys and values in order; commas are put in here. */
#ifndef CSHUB_JSON_TEXT_H
#define CSHUB_JSON_TEXT_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

#define JSON_TEXT_DEPTH_MAX 8

struct json_text {
    struct arena *arena;
    char *data;
    size_t length, capacity;
    int depth;
    bool first[JSON_TEXT_DEPTH_MAX]; /* nothing written yet at this depth */
};

void json_text_init(struct json_text *t, struct arena *arena);

void json_text_object(struct json_text *t); /* { */
void json_text_array(struct json_text *t);  /* [ */
void json_text_end_object(struct json_text *t);
void json_text_end_array(struct json_text *t);

/* A key, in an object; the value written next belongs to it. */
void json_text_key(struct json_text *t, const char *key);

void json_text_string(struct json_text *t, const char *value); /* NULL: null */
void json_text_number_text(struct json_text *t, const char *decimal); /* a stored number as is; NULL: null */
void json_text_int(struct json_text *t, long long value);
void json_text_bool(struct json_text *t, bool value);

/* key: string, in one call. */
void json_text_member(struct json_text *t, const char *key, const char *value);

#endif
