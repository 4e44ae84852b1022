/* Timestamps as stored: ISO 8601 UTC text to the second
 * ("2026-11-24T10:00:00Z"), made in C so that no SQL depends on one
 * engine's date functions. */
#ifndef CSHUB_CLOCK_H
#define CSHUB_CLOCK_H

#include <stdint.h>

struct arena;

#define CLOCK_TEXT_SIZE 21

/* The current time as stored text, in arena memory. */
const char *clock_now_text(struct arena *arena);

/* Seconds since the epoch as stored text into out. */
void clock_format(int64_t seconds, char out[CLOCK_TEXT_SIZE]);

#endif
