/* Timestamps as stored: ISO 8601 UTC text to the millisecond
 * ("2026-11-24T10:00:00.123Z", one width, so text order is time order), made in C so that no SQL depends on one
 * engine's date functions. */
#ifndef CSHUB_CLOCK_H
#define CSHUB_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

struct arena;

#define CLOCK_TEXT_SIZE 25

/* The current time as stored text, in arena memory. */
const char *clock_now_text(struct arena *arena);

/* Seconds since the epoch as stored text into out. */
void clock_format(int64_t seconds, char out[CLOCK_TEXT_SIZE]);

/* Today's date (UTC) as "YYYY-MM-DD", in arena memory. */
const char *clock_today_text(struct arena *arena);

/* The date days after date ("YYYY-MM-DD"; days may be negative), or NULL
 * when date is not one. */
const char *clock_date_shift(struct arena *arena, const char *date, int days);

/* The day number (days since 1970-01-01) of date ("YYYY-MM-DD") into
 * *day; false when date is not one. */
bool clock_day_number(const char *date, int64_t *day);

/* The date months after date ("YYYY-MM-DD"; months may be negative), the
 * day of the month kept or, past the new month's end, its last day; NULL
 * when date is not one. */
const char *clock_month_shift(struct arena *arena, const char *date, int months);

#endif
