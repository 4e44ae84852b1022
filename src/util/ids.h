/* Record identifiers: 128 random bits from libsodium, rendered as 32
 * lower-case hex characters. Never sequential, never guessable. */
#ifndef CSHUB_IDS_H
#define CSHUB_IDS_H

#include <stdbool.h>

#define ID_TEXT_LEN 32

struct arena;

/* Writes a new id and its terminating NUL into out (ID_TEXT_LEN + 1 bytes). */
void id_generate(char out[ID_TEXT_LEN + 1]);

/* A new id in arena memory. */
char *id_new(struct arena *arena);

/* True when text has the exact shape of an id (so a lookup can skip the database). */
bool id_is_valid(const char *text);

#endif
