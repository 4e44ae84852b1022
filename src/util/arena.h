/* Per-request memory arena. Everything a request allocates comes from its
 * arena and is released in one call when the response has been sent, so a
 * handler cannot leak. Objects owned by other allocators (jansson values,
 * file descriptors) are tied to the arena with arena_defer(). */
#ifndef CSHUB_ARENA_H
#define CSHUB_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

/* Returns a new empty arena. Aborts the process when memory is exhausted. */
struct arena *arena_new(void);

/* Runs the deferred cleanups (newest first) and frees every block. NULL is a no-op. */
void arena_free(struct arena *arena);

/* Returns zeroed memory aligned for any type, valid until arena_free(). */
void *arena_alloc(struct arena *arena, size_t size);

/* As arena_alloc, not zeroed: for buffers the caller fills before reading. */
void *arena_alloc_bytes(struct arena *arena, size_t size);

/* Copies a NUL-terminated string (NULL gives NULL). */
char *arena_strdup(struct arena *arena, const char *text);

/* Copies the first len bytes of text and terminates them. */
char *arena_strndup(struct arena *arena, const char *text, size_t len);

/* first, separator and second one after another, without printf (for
 * paths run hundreds of times a request; printf is slower, and much
 * slower in a process where a library has registered printf handlers). */
char *arena_join(struct arena *arena, const char *first, const char *separator, const char *second);

/* value as decimal text, without printf (see arena_join). */
char *arena_int_text(struct arena *arena, long long value);

/* printf into arena memory. */
char *arena_printf(struct arena *arena, const char *format, ...)
    __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *arena, const char *format, va_list args)
    __attribute__((format(printf, 2, 0)));

/* Calls cleanup(object) when the arena is freed. */
void arena_defer(struct arena *arena, void (*cleanup)(void *), void *object);

/* Bytes handed out so far (for tests and diagnostics). */
size_t arena_used(const struct arena *arena);

#endif
