/* Structured logging: one JSON object per line on stderr. Callers pass only
 * operational facts (routes, statuses, ids, counts): never a name, date of
 * birth, address or free text about a person. */
#ifndef CSHUB_LOG_H
#define CSHUB_LOG_H

#include <jansson.h>

/* Writes {"time":..., "event":event, ...fields} as one line. Steals fields (may be NULL). */
void log_event(const char *event, json_t *fields);

/* Convenience for operational messages: {"event":event,"message":message}. */
void log_message(const char *event, const char *message);

/* Formats the current UTC time as 2026-11-24T10:11:12.345Z into out (>= 25 bytes). */
void log_format_time(char *out, size_t size);

#endif
