/* Throttling of failed sign-ins, per email address tried and per client
 * address, over a sliding window. An unknown email is throttled exactly
 * like a known one, so throttling reveals nothing about who has an account. */
#ifndef CSHUB_THROTTLE_H
#define CSHUB_THROTTLE_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

struct arena;

struct throttle_limits {
    int64_t window_seconds;
    int64_t per_account;  /* failures for one email within the window */
    int64_t per_address;  /* failures from one client address within the window */
};

extern const struct throttle_limits throttle_default_limits;

/* True when another attempt for email from address must wait; *retry_after
 * gets the seconds until the oldest counted failure leaves the window. */
bool throttle_blocked(struct store_conn *conn, struct arena *arena, const struct throttle_limits *limits,
                      const char *email, const char *address, int64_t now, int64_t *retry_after);

/* Counts one failure for email and address, and forgets old ones. */
void throttle_record_failure(struct store_conn *conn, struct arena *arena, const struct throttle_limits *limits,
                             const char *email, const char *address, int64_t now);

/* Forgets the failures for email (after a successful sign-in). */
void throttle_clear(struct store_conn *conn, struct arena *arena, const char *email);

#endif
