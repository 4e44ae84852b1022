/* JSON text written into an arena; see json_text.h. */
#include "util/json_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"

void json_text_init(struct json_text *t, struct arena *arena)
{
    *t = (struct json_text){.arena = arena, .capacity = 4096};
    t->data = arena_alloc(arena, t->capacity);
    t->first[0] = true;
}

static void reserve(struct json_text *t, size_t more)
{
    if (t->length + more + 1 <= t->capacity)
        return;
    size_t capacity = t->capacity * 2;
    while (capacity < t->length + more + 1)
        capacity *= 2;
    char *grown = arena_alloc(t->arena, capacity);
    memcpy(grown, t->data, t->length);
    t->data = grown;
    t->capacity = capacity;
}

static void put(struct json_text *t, const char *bytes, size_t n)
{
    reserve(t, n);
    memcpy(t->data + t->length, bytes, n);
    t->length += n;
    t->data[t->length] = '\0';
}

/* A comma before every value but the first at its depth (a value after a
 * key is not preceded by one: the key took it). */
static void separate(struct json_text *t)
{
    if (!t->first[t->depth])
        put(t, ",", 1);
    t->first[t->depth] = false;
}

static void open_bracket(struct json_text *t, const char *bracket)
{
    separate(t);
    put(t, bracket, 1);
    if (t->depth + 1 < JSON_TEXT_DEPTH_MAX)
        t->first[++t->depth] = true;
}

static void close_bracket(struct json_text *t, const char *bracket)
{
    if (t->depth > 0)
        t->depth--;
    put(t, bracket, 1);
}

void json_text_object(struct json_text *t) { open_bracket(t, "{"); }
void json_text_array(struct json_text *t) { open_bracket(t, "["); }
void json_text_end_object(struct json_text *t) { close_bracket(t, "}"); }
void json_text_end_array(struct json_text *t) { close_bracket(t, "]"); }

/* The bytes that need escaping in a JSON string. */
static const char needs_escape[] = "\"\\\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10"
                                   "\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f";

static void quoted(struct json_text *t, const char *s)
{
    reserve(t, 6 * strlen(s) + 8); /* at worst every byte a \u escape */
    put(t, "\"", 1);
    for (;;) {
        size_t plain = strcspn(s, needs_escape); /* copied as they are, in one go */
        put(t, s, plain);
        s += plain;
        if (*s == '\0')
            break;
        char escaped[8] = {'\\', *s};
        if (*s == '"' || *s == '\\')
            put(t, escaped, 2);
        else
            put(t, escaped, (size_t)snprintf(escaped, sizeof escaped, "\\u%04x", (unsigned char)*s));
        s++;
    }
    put(t, "\"", 1);
}

void json_text_key(struct json_text *t, const char *key)
{
    separate(t);
    quoted(t, key);
    put(t, ":", 1);
    t->first[t->depth] = true; /* the value that follows takes no comma */
}

void json_text_string(struct json_text *t, const char *value)
{
    separate(t);
    if (value == NULL)
        put(t, "null", 4);
    else
        quoted(t, value);
}

void json_text_number_text(struct json_text *t, const char *decimal)
{
    char *end = NULL;
    if (decimal != NULL)
        strtod(decimal, &end);
    separate(t);
    if (decimal == NULL || end == decimal || *end != '\0')
        put(t, "null", 4);
    else
        put(t, decimal, strlen(decimal));
}

void json_text_int(struct json_text *t, long long value)
{
    char text[24];
    int n = snprintf(text, sizeof text, "%lld", value);
    separate(t);
    put(t, text, (size_t)n);
}

void json_text_bool(struct json_text *t, bool value)
{
    separate(t);
    put(t, value ? "true" : "false", value ? 4 : 5);
}

void json_text_member(struct json_text *t, const char *key, const char *value)
{
    json_text_key(t, key);
    json_text_string(t, value);
}
