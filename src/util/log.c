/* Structured JSON logging to stderr; see log.h for what may be logged. */
#include "util/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void log_format_time(char *out, size_t size)
{
    struct timespec now;
    struct tm utc;
    clock_gettime(CLOCK_REALTIME, &now);
    gmtime_r(&now.tv_sec, &utc);
    char seconds[32];
    strftime(seconds, sizeof seconds, "%Y-%m-%dT%H:%M:%S", &utc);
    snprintf(out, size, "%s.%03ldZ", seconds, now.tv_nsec / 1000000L);
}

void log_event(const char *event, json_t *fields)
{
    char now[40];
    log_format_time(now, sizeof now);
    json_t *line = json_object();
    json_object_set_new(line, "time", json_string(now));
    json_object_set_new(line, "event", json_string(event));
    if (fields != NULL) {
        json_object_update(line, fields);
        json_decref(fields);
    }
    char *text = json_dumps(line, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII | JSON_REAL_PRECISION(6));
    json_decref(line);
    if (text == NULL)
        return;
    size_t len = strlen(text);
    text[len] = '\n';
    /* One write per line keeps lines from concurrent threads whole. */
    ssize_t ignored = write(STDERR_FILENO, text, len + 1);
    (void)ignored;
    free(text);
}

void log_message(const char *event, const char *message)
{
    log_event(event, json_pack("{s:s}", "message", message));
}
