/* Reading fields from a request's JSON body. Each reader answers 400 with
 * a message naming the field when the value is missing, of the wrong type
 * or too long, and returns NULL so the handler just returns. */
#ifndef CSHUB_API_INPUT_H
#define CSHUB_API_INPUT_H

#include <stddef.h>

struct request;

/* A required non-empty string of at most max_length bytes. */
const char *input_required_string(struct request *req, const char *field, size_t max_length);

#endif
