/* Stored timestamps; see clock.h. */
#include "util/clock.h"

#include <stdio.h>
#include <time.h>

#include "util/arena.h"

static void format_with_millis(int64_t seconds, int millis, char out[CLOCK_TEXT_SIZE])
{
    time_t t = (time_t)seconds;
    struct tm utc;
    gmtime_r(&t, &utc);
    char whole[CLOCK_TEXT_SIZE];
    strftime(whole, sizeof whole, "%Y-%m-%dT%H:%M:%S", &utc);
    snprintf(out, CLOCK_TEXT_SIZE, "%.19s.%03dZ", whole, millis);
}

void clock_format(int64_t seconds, char out[CLOCK_TEXT_SIZE])
{
    format_with_millis(seconds, 0, out);
}

const char *clock_now_text(struct arena *arena)
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    char *text = arena_alloc(arena, CLOCK_TEXT_SIZE);
    format_with_millis((int64_t)now.tv_sec, (int)(now.tv_nsec / 1000000), text);
    return text;
}

const char *clock_today_text(struct arena *arena)
{
    char now[CLOCK_TEXT_SIZE];
    clock_format((int64_t)time(NULL), now);
    return arena_strndup(arena, now, 10);
}

const char *clock_date_shift(struct arena *arena, const char *date, int days)
{
    struct tm day = {0};
    if (date == NULL || sscanf(date, "%4d-%2d-%2d", &day.tm_year, &day.tm_mon, &day.tm_mday) != 3)
        return NULL;
    day.tm_year -= 1900;
    day.tm_mon -= 1;
    day.tm_hour = 12; /* clear of any day boundary */
    char text[CLOCK_TEXT_SIZE];
    clock_format((int64_t)timegm(&day) + (int64_t)days * 86400, text);
    return arena_strndup(arena, text, 10);
}
