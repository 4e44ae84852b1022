/* Time-based one-time passwords (RFC 6238: HMAC-SHA1, 6 digits, 30 s
 * steps) through liboath, with enrolment by QR code through libqrencode.
 * A code is accepted one step either side of now, and only once. */
#ifndef CSHUB_TOTP_H
#define CSHUB_TOTP_H

#include <stdbool.h>
#include <stdint.h>

struct arena;

#define TOTP_STEP_SECONDS 30

/* Starts liboath; call once before any other totp_ function. */
bool totp_init(void);
void totp_done(void);

/* A new random 160-bit secret, as hex (stored) and base32 (shown). */
void totp_new_secret(struct arena *arena, const char **hex, const char **base32);

/* The base32 form of a stored hex secret. */
const char *totp_base32(struct arena *arena, const char *hex);

/* True when code is right for secret at now and its time step is after
 * last_step; *step gets the step it matched. */
bool totp_verify(const char *secret_hex, const char *code, int64_t now, int64_t last_step, int64_t *step);

/* The otpauth:// URI an authenticator app reads, labelled with account. */
const char *totp_uri(struct arena *arena, const char *base32, const char *account);

/* A QR code of text as an SVG data: URI (the CSP allows data: images). */
const char *totp_qr_data_uri(struct arena *arena, const char *text);

#endif
