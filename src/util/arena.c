/* Per-request memory arena: a chain of blocks plus a list of deferred
 * cleanups. See arena.h for the ownership rules. */
#include "util/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK_SIZE (16u * 1024u)
#define ARENA_ALIGN _Alignof(max_align_t)

struct arena_block {
    struct arena_block *next;
    size_t size;
    size_t used;
    _Alignas(max_align_t) unsigned char data[];
};

struct arena_cleanup {
    struct arena_cleanup *next;
    void (*run)(void *);
    void *object;
};

struct arena {
    struct arena_block *blocks;
    struct arena_cleanup *cleanups;
    size_t used;
};

static void *allocate_or_abort(size_t size)
{
    void *memory = malloc(size);
    if (memory == NULL) {
        fputs("{\"event\":\"fatal\",\"message\":\"out of memory\"}\n", stderr);
        abort();
    }
    return memory;
}

static struct arena_block *block_new(size_t payload)
{
    struct arena_block *block = allocate_or_abort(sizeof *block + payload);
    block->next = NULL;
    block->size = payload;
    block->used = 0;
    return block;
}

struct arena *arena_new(void)
{
    struct arena *arena = allocate_or_abort(sizeof *arena);
    arena->blocks = block_new(ARENA_BLOCK_SIZE);
    arena->cleanups = NULL;
    arena->used = 0;
    return arena;
}

void arena_free(struct arena *arena)
{
    if (arena == NULL)
        return;
    for (struct arena_cleanup *c = arena->cleanups; c != NULL; c = c->next)
        c->run(c->object);
    struct arena_block *block = arena->blocks;
    while (block != NULL) {
        struct arena_block *next = block->next;
        free(block);
        block = next;
    }
    free(arena);
}

/* size bytes of the arena, not zeroed. */
static void *take(struct arena *arena, size_t size)
{
    if (size > SIZE_MAX - ARENA_ALIGN) {
        fputs("{\"event\":\"fatal\",\"message\":\"arena request too large\"}\n", stderr);
        abort();
    }
    size_t rounded = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (rounded == 0)
        rounded = ARENA_ALIGN;
    struct arena_block *head = arena->blocks;
    arena->used += rounded;
    if (head->size - head->used >= rounded) {
        void *memory = head->data + head->used;
        head->used += rounded;
        return memory;
    }
    if (rounded > ARENA_BLOCK_SIZE / 4) {
        /* A large allocation gets a block of its own behind the head, so
         * the head's free space stays usable. */
        struct arena_block *big = block_new(rounded);
        big->used = rounded;
        big->next = head->next;
        head->next = big;
        return big->data;
    }
    head = block_new(ARENA_BLOCK_SIZE);
    head->next = arena->blocks;
    arena->blocks = head;
    head->used = rounded;
    return head->data;
}

void *arena_alloc(struct arena *arena, size_t size)
{
    void *memory = take(arena, size);
    memset(memory, 0, size);
    return memory;
}

void *arena_alloc_bytes(struct arena *arena, size_t size)
{
    return take(arena, size);
}

char *arena_strndup(struct arena *arena, const char *text, size_t len)
{
    char *copy = take(arena, len + 1);
    memcpy(copy, text, len);
    copy[len] = '\0';
    return copy;
}

char *arena_join(struct arena *arena, const char *first, const char *separator, const char *second)
{
    size_t a = strlen(first), b = strlen(separator), c = strlen(second);
    char *joined = take(arena, a + b + c + 1);
    memcpy(joined, first, a);
    memcpy(joined + a, separator, b);
    memcpy(joined + a + b, second, c + 1);
    return joined;
}

char *arena_int_text(struct arena *arena, long long value)
{
    char digits[24], *at = digits + sizeof digits;
    unsigned long long magnitude = value < 0 ? 0ull - (unsigned long long)value : (unsigned long long)value;
    *--at = '\0';
    do
        *--at = (char)('0' + magnitude % 10);
    while ((magnitude /= 10) != 0);
    if (value < 0)
        *--at = '-';
    return arena_strdup(arena, at);
}

char *arena_strdup(struct arena *arena, const char *text)
{
    return text == NULL ? NULL : arena_strndup(arena, text, strlen(text));
}

char *arena_vprintf(struct arena *arena, const char *format, va_list args)
{
    va_list copy;
    va_copy(copy, args);
    int needed = vsnprintf(NULL, 0, format, copy);
    va_end(copy);
    if (needed < 0)
        return arena_strdup(arena, "");
    char *text = arena_alloc(arena, (size_t)needed + 1);
    vsnprintf(text, (size_t)needed + 1, format, args);
    return text;
}

char *arena_printf(struct arena *arena, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    char *text = arena_vprintf(arena, format, args);
    va_end(args);
    return text;
}

void arena_defer(struct arena *arena, void (*cleanup)(void *), void *object)
{
    struct arena_cleanup *c = arena_alloc(arena, sizeof *c);
    c->run = cleanup;
    c->object = object;
    c->next = arena->cleanups;
    arena->cleanups = c;
}

size_t arena_used(const struct arena *arena)
{
    return arena->used;
}
