/* Small helpers over NUL-terminated text. */
#ifndef CSHUB_TEXT_H
#define CSHUB_TEXT_H

#include <stdbool.h>

/* True when value equals one of the count strings in list (NULL is never in it). */
bool text_in_list(const char *value, const char *const list[], int count);

#endif
