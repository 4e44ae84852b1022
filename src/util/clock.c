/* Stored timestamps; see clock.h. */
#include "util/clock.h"

#include <time.h>

#include "util/arena.h"

void clock_format(int64_t seconds, char out[CLOCK_TEXT_SIZE])
{
    time_t t = (time_t)seconds;
    struct tm utc;
    gmtime_r(&t, &utc);
    strftime(out, CLOCK_TEXT_SIZE, "%Y-%m-%dT%H:%M:%SZ", &utc);
}

const char *clock_now_text(struct arena *arena)
{
    char *text = arena_alloc(arena, CLOCK_TEXT_SIZE);
    clock_format((int64_t)time(NULL), text);
    return text;
}
