/* Fuzzes the JSON writer (src/util/json_text.c). The input is read as a
 * program of writer calls (open an object or array, close one, write a
 * string, a stored number's text, an integer, a boolean or null, with a
 * key first inside objects); the same values are built as a jansson tree
 * alongside. Properties checked besides "no crash":
 *  - the text written always parses back with jansson;
 *  - it round-trips: the parsed value equals the tree built alongside
 *    (strings escaped correctly, commas and colons in the right places);
 *  - a stored number's text that is not a JSON number is written as null;
 *  - length is strlen(data) (no stray NUL) and the buffer ends in a NUL.
 * Strings given to the writer are valid UTF-8, as its contract requires
 * (invalid bytes are replaced with '?' first), and nesting stays within
 * JSON_TEXT_DEPTH_MAX. */
#include <jansson.h>
#include <regex.h>
#include <stdbool.h>
#include <string.h>

#include "fuzz.h"
#include "util/arena.h"
#include "util/json_text.h"

/* The input, read a byte or a string at a time. */
struct reader {
    const uint8_t *data;
    size_t size, at;
};

static int next_byte(struct reader *r)
{
    return r->at < r->size ? r->data[r->at++] : -1;
}

/* A NUL-terminated string of up to 255 bytes from the input (its first
 * byte is the length), in arena memory; cut at a NUL, as C would see it. */
static char *next_raw_string(struct reader *r, struct arena *arena)
{
    int length = next_byte(r);
    if (length < 0)
        return arena_strdup(arena, "");
    size_t n = (size_t)length;
    if (n > r->size - r->at)
        n = r->size - r->at;
    char *text = arena_strndup(arena, (const char *)r->data + r->at, n);
    r->at += n;
    return text;
}

/* As next_raw_string, made valid UTF-8 as the writer's contract asks. */
static char *next_string(struct reader *r, struct arena *arena)
{
    char *text = next_raw_string(r, arena);
    json_t *probe = json_string(text);
    if (probe == NULL) {
        for (char *c = text; *c; c++)
            if ((unsigned char)*c >= 0x80)
                *c = '?';
    }
    json_decref(probe);
    return text;
}

/* True when text is a number in JSON's grammar (RFC 8259, section 6). */
static bool is_json_number_grammar(const char *text)
{
    static regex_t pattern;
    static bool compiled;
    if (!compiled)
        compiled = regcomp(&pattern, "^-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][-+]?[0-9]+)?$", REG_EXTENDED | REG_NOSUB) == 0;
    FUZZ_CHECK(compiled, "cannot compile the number pattern");
    return regexec(&pattern, text, 0, NULL, 0) == 0;
}

/* What the writer should make of a stored number's text: the number when
 * the text is one in JSON's grammar, otherwise null. A JSON number that
 * jansson cannot hold (1e400, a 50-digit integer) is replaced by "0"
 * before writing, so that the output can still be compared. */
static json_t *expected_number(char **decimal)
{
    if (!is_json_number_grammar(*decimal))
        return json_null();
    json_error_t error;
    json_t *value = json_loads(*decimal, JSON_DECODE_ANY, &error);
    FUZZ_CHECK(value == NULL || json_is_number(value), "a JSON number parsed as something else");
    if (value != NULL)
        return value;
    *decimal = "0";
    return json_integer(0);
}

struct program {
    struct reader input;
    struct json_text writer;
    json_t *stack[JSON_TEXT_DEPTH_MAX]; /* the containers open, outermost first */
    int depth;
    struct arena *arena;
};

/* Adds value to the innermost container (under a new key in an object),
 * writing the key first; steals value. */
static void add_expected(struct program *p, json_t *value)
{
    json_t *container = p->stack[p->depth - 1];
    if (json_is_object(container)) {
        char *key = next_string(&p->input, p->arena);
        json_text_key(&p->writer, key);
        json_object_set_new(container, key, value);
    } else {
        json_array_append_new(container, value);
    }
}

static void open_container(struct program *p, bool object)
{
    if (p->depth >= JSON_TEXT_DEPTH_MAX - 1)
        return;
    json_t *container = object ? json_object() : json_array();
    add_expected(p, json_incref(container));
    if (object)
        json_text_object(&p->writer);
    else
        json_text_array(&p->writer);
    p->stack[p->depth++] = container;
}

static void close_container(struct program *p)
{
    if (p->depth <= 1)
        return;
    json_t *container = p->stack[--p->depth];
    if (json_is_object(container))
        json_text_end_object(&p->writer);
    else
        json_text_end_array(&p->writer);
    json_decref(container);
}

static long long next_integer(struct reader *r)
{
    unsigned long long value = 0;
    for (int i = 0; i < 8; i++)
        value = value << 8 | (unsigned)(next_byte(r) & 0xff);
    return (long long)value;
}

/* Writes one scalar chosen by op, and adds it to the tree. */
static void write_scalar(struct program *p, int op)
{
    struct json_text *w = &p->writer;
    if (op == 3) {
        char *text = next_string(&p->input, p->arena);
        add_expected(p, json_string(text));
        json_text_string(w, text);
    } else if (op == 4) {
        char *decimal = next_raw_string(&p->input, p->arena);
        json_t *expected = expected_number(&decimal);
        add_expected(p, expected);
        json_text_number_text(w, decimal);
    } else if (op == 5) {
        long long value = next_integer(&p->input);
        add_expected(p, json_integer(value));
        json_text_int(w, value);
    } else if (op == 6) {
        bool value = next_byte(&p->input) & 1;
        add_expected(p, json_boolean(value));
        json_text_bool(w, value);
    } else {
        add_expected(p, json_null());
        json_text_string(w, NULL);
    }
}

static void run_program(struct program *p)
{
    int op;
    while ((op = next_byte(&p->input)) >= 0) {
        op %= 8;
        if (op == 0 || op == 1)
            open_container(p, op == 0);
        else if (op == 2)
            close_container(p);
        else
            write_scalar(p, op);
    }
    while (p->depth > 1)
        close_container(p);
    json_text_end_array(&p->writer);
}

static void check_round_trip(const struct program *p)
{
    const struct json_text *w = &p->writer;
    FUZZ_CHECK(w->data[w->length] == '\0' && strlen(w->data) == w->length, "length and text disagree");
    json_error_t error;
    json_t *parsed = json_loadb(w->data, w->length, 0, &error);
    if (parsed == NULL)
        fprintf(stderr, "written: %s\njansson: %s\n", w->data, error.text);
    FUZZ_CHECK(parsed != NULL, "written JSON does not parse");
    if (!json_equal(parsed, p->stack[0])) {
        char *expected = json_dumps(p->stack[0], JSON_ENCODE_ANY);
        fprintf(stderr, "written:  %s\nexpected: %s\n", w->data, expected);
        free(expected);
    }
    FUZZ_CHECK(json_equal(parsed, p->stack[0]), "written JSON does not round-trip");
    json_decref(parsed);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct program p = {.input = {data, size, 0}, .arena = arena_new(), .depth = 1};
    p.stack[0] = json_array();
    json_text_init(&p.writer, p.arena);
    json_text_array(&p.writer);
    run_program(&p);
    check_round_trip(&p);
    json_decref(p.stack[0]);
    arena_free(p.arena);
    return 0;
}
