/* JSON text written into an arena; see json_text.h. */
#include "util/json_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"

void json_text_init(struct json_text *t, struct arena *arena)
{
    *t = (struct json_text){.arena = arena, .capacity = 4096};
    t->data = arena_alloc_bytes(arena, t->capacity);
    t->data[0] = '\0';
    t->first[0] = true;
}

static void reserve(struct json_text *t, size_t more)
{
    if (t->length + more + 1 <= t->capacity)
        return;
    size_t capacity = t->capacity * 2;
    while (capacity < t->length + more + 1)
        capacity *= 2;
    char *grown = arena_alloc_bytes(t->arena, capacity);
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
static bool needs_escape(unsigned char byte)
{
    return byte < 0x20 || byte == '"' || byte == '\\';
}

static void escape(struct json_text *t, unsigned char byte)
{
    static const char hex[] = "0123456789abcdef";
    char escaped[6] = {'\\', (char)byte};
    if (byte == '"' || byte == '\\') {
        put(t, escaped, 2);
        return;
    }
    memcpy(escaped + 1, "u00", 3);
    escaped[4] = hex[byte >> 4];
    escaped[5] = hex[byte & 0xf];
    put(t, escaped, 6);
}

static void quoted(struct json_text *t, const char *s)
{
    reserve(t, 6 * strlen(s) + 8); /* at worst every byte a \u escape */
    put(t, "\"", 1);
    for (;;) {
        size_t plain = 0; /* copied as they are, in one go */
        while (s[plain] != '\0' && !needs_escape((unsigned char)s[plain]))
            plain++;
        put(t, s, plain);
        s += plain;
        if (*s == '\0')
            break;
        escape(t, (unsigned char)*s++);
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

/* Skips the digits at s; false when there are none. */
static bool skip_digits(const char **s)
{
    size_t n = strspn(*s, "0123456789");
    *s += n;
    return n > 0;
}

/* True when text is a number as JSON writes one, -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?:
 * strtod also takes "nan", "inf", "0x1p3", " 1", "+1", "1." and ".5",
 * none of them JSON (found by fuzz/fuzz_json_text.c). */
static bool is_json_number(const char *text)
{
    const char *s = text + (text[0] == '-');
    if (s[0] == '0')
        s++;
    else if (s[0] < '1' || s[0] > '9' || !skip_digits(&s))
        return false;
    if (s[0] == '.' && (s++, !skip_digits(&s)))
        return false;
    if (s[0] == 'e' || s[0] == 'E') {
        s += 1 + (s[1] == '+' || s[1] == '-');
        if (!skip_digits(&s))
            return false;
    }
    return s[0] == '\0';
}

void json_text_number_text(struct json_text *t, const char *decimal)
{
    separate(t);
    if (decimal == NULL || !is_json_number(decimal))
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
