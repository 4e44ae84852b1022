/* Passwords: Argon2id hashing and verification through libsodium, and the
 * policy a new password must meet (length, not a common password; no
 * composition rules, as NCSC advises). */
#ifndef CSHUB_PASSWORD_H
#define CSHUB_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>

#define PASSWORD_MIN_CHARACTERS 12
#define PASSWORD_MAX_BYTES 1024
#define PASSWORD_HASH_SIZE 128 /* crypto_pwhash_STRBYTES */

/* NULL when the password is acceptable, otherwise why not (for the user). */
const char *password_policy_problem(const char *password);

/* Hashes password into out. Returns false only when memory is short. */
bool password_hash(const char *password, char out[PASSWORD_HASH_SIZE]);

/* True when password matches hash. With hash NULL it still spends the same
 * work on a fixed hash, so an unknown account costs what a known one does. */
bool password_verify(const char *password, const char *hash);

#endif
