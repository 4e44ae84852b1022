/* Time-based one-time passwords (RFC 6238: HMAC-SHA1, 6 digits, 30 s
 * steps) through liboath, with enrolment by QR code through libqrencode.
 * A code is accepted one step either side of now, and only once. Secrets
 * are stored sealed with a key kept in a file beside the database, so a
 * copy of the database alone does not give them away. */
#ifndef CSHUB_TOTP_H
#define CSHUB_TOTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

#define TOTP_STEP_SECONDS 30

/* Starts liboath; call once before any other totp_ function. */
bool totp_init(void);
void totp_done(void);

/* Reads the key that seals secrets for storage (XSalsa20-Poly1305, 32
 * bytes) from path, or makes a random one there, readable by its owner
 * only, when there is none. Call once at start. False, with the reason in
 * error, when it cannot be read or made, has the wrong size, or others
 * may read it. */
bool totp_load_key(const char *path, char *error, size_t error_size);

/* A new random 160-bit secret: sealed with the key (stored; NULL without a
 * key) and as base32 (shown once, to the authenticator app). */
void totp_new_secret(struct arena *arena, const char **stored, const char **base32);

/* Whether a stored secret is sealed; a plain hex one (from before sealing)
 * is sealed by totp_seal_stored (NULL: sealed already, or unreadable). */
bool totp_is_sealed(const char *stored);
const char *totp_seal_stored(struct arena *arena, const char *stored);

/* True when code is right for the stored secret at now and its time step
 * is after last_step; *step gets the step it matched. False as well when
 * the secret cannot be opened (another key file). */
bool totp_verify(const char *stored, const char *code, int64_t now, int64_t last_step, int64_t *step);

/* The otpauth:// URI an authenticator app reads, labelled with account. */
const char *totp_uri(struct arena *arena, const char *base32, const char *account);

/* A QR code of text as an SVG data: URI (the CSP allows data: images). */
const char *totp_qr_data_uri(struct arena *arena, const char *text);

#endif
