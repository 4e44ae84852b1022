/* A background thread for housekeeping: it calls work(context) once a
 * second, and again at once (after a short pause) while work answers that
 * more remains, until stopped. */
#ifndef CSHUB_TICKER_H
#define CSHUB_TICKER_H

#include <stdbool.h>

struct ticker;

/* work returns true when it has more to do right away. NULL when the
 * thread cannot start. */
struct ticker *ticker_start(bool (*work)(void *context), void *context);

/* Stops the thread (waiting for the work in hand) and frees the ticker. */
void ticker_stop(struct ticker *ticker);

#endif
