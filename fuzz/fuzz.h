/* Shared by every harness in fuzz/: the libFuzzer entry point's prototype
 * (the same function runs under libFuzzer's main and under replay_main.c),
 * a property check that aborts with a message, and copying the input into
 * a NUL-terminated string. */
#ifndef CSHUB_FUZZ_H
#define CSHUB_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A broken property is a crash like any other: libFuzzer saves the input. */
#define FUZZ_CHECK(condition, what)                                                        \
    do {                                                                                   \
        if (!(condition)) {                                                                \
            fprintf(stderr, "fuzz property broken at %s:%d: %s\n", __FILE__, __LINE__, what); \
            abort();                                                                       \
        }                                                                                  \
    } while (0)

/* The input as a C string (cut at its first NUL, as C code would see it);
 * free() it. */
static inline char *fuzz_string(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (text == NULL)
        abort();
    memcpy(text, data, size);
    text[size] = '\0';
    return text;
}

#endif
