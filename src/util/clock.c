/* Stored timestamps; see clock.h. */
#include "util/clock.h"

#include <stdio.h>
#include <string.h>
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

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil). */
static int64_t days_from_civil(int64_t year, int month, int day)
{
    year -= month <= 2;
    int64_t era = (year >= 0 ? year : year - 399) / 400;
    int64_t year_of_era = year - era * 400;
    int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

static bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

static int month_length(int year, int month)
{
    static const int lengths[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap(year) ? 29 : lengths[month - 1];
}

/* Reads "YYYY-MM-DD" strictly: digits where digits belong, a real day. */
static bool parse_date(const char *date, int *year, int *month, int *day)
{
    if (date == NULL || strlen(date) != 10 || date[4] != '-' || date[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (date[i] < '0' || date[i] > '9'))
            return false;
    *year = (date[0] - '0') * 1000 + (date[1] - '0') * 100 + (date[2] - '0') * 10 + (date[3] - '0');
    *month = (date[5] - '0') * 10 + (date[6] - '0');
    *day = (date[8] - '0') * 10 + (date[9] - '0');
    return *month >= 1 && *month <= 12 && *day >= 1 && *day <= month_length(*year, *month);
}

bool clock_day_number(const char *date, int64_t *day_number)
{
    int year, month, day;
    if (!parse_date(date, &year, &month, &day))
        return false;
    *day_number = days_from_civil(year, month, day);
    return true;
}

const char *clock_month_shift(struct arena *arena, const char *date, int months)
{
    int year, month, day;
    if (!parse_date(date, &year, &month, &day))
        return NULL;
    int index = year * 12 + (month - 1) + months;
    if (index < 0 || index >= 10000 * 12)
        return NULL;
    year = index / 12;
    month = index % 12 + 1;
    if (day > month_length(year, month))
        day = month_length(year, month);
    return arena_printf(arena, "%04d-%02d-%02d", year, month, day);
}
