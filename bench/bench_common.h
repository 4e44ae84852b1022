/* What the benchmark programs share: a seeded random sequence (splitmix64:
 * the same data every run), a monotonic clock, sorting timings, and files
 * in the data folder. Included by each program's single source file. */
#ifndef CSHUB_BENCH_COMMON_H
#define CSHUB_BENCH_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <time.h>

/* Set by the program to its own seed before drawing. */
static uint64_t random_state;

static inline uint64_t next_random(void)
{
    uint64_t z = (random_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* 0 to n - 1. */
static inline int below(int n)
{
    return (int)(next_random() % (uint64_t)n);
}

static inline double seconds_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* For qsort of doubles, smallest first. */
static inline int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* dir/name opened in mode; NULL (with the reason on stderr) if it cannot be. */
static inline FILE *open_in(const char *dir, const char *name, const char *mode)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, mode);
    if (f == NULL)
        perror(path);
    return f;
}

#endif
