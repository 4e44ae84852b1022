/* Pseudonyms: the stable name an analyst sees in place of a record, such
 * as "YP-7Q4K-M2XD-9F3T" for a young person. A pseudonym is a keyed hash
 * of the record's id (BLAKE2b keyed with a key derived from the server's
 * key file, never stored in the database), so the same record always has
 * the same pseudonym on the same server, another server's key gives
 * another, and without the key one cannot be turned back into a record
 * (a coordinator resolves one by searching: domain/pseudonymised.c).
 *
 * The text is a two-letter prefix saying what the record is, then 60 bits
 * of the hash as twelve Crockford base32 characters in three groups of
 * four. At 60 bits two of a million records share a pseudonym with a
 * probability of about 4 in 10 million. */
#ifndef CSHUB_PSEUDONYM_H
#define CSHUB_PSEUDONYM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* "YP-XXXX-XXXX-XXXX" and its terminating NUL. */
#define PSEUDONYM_TEXT_LENGTH 17
#define PSEUDONYM_TEXT_SIZE (PSEUDONYM_TEXT_LENGTH + 1)
#define PSEUDONYM_CODE_BITS 60
#define PSEUDONYM_MASTER_KEY_BYTES 32

/* What a pseudonym stands for, shown by its prefix. */
enum pseudonym_class {
    PSEUDONYM_YOUNG_PERSON,   /* YP */
    PSEUDONYM_ADULT,          /* AC: an adult of concern */
    PSEUDONYM_DWELLING,       /* PL: a private dwelling (a location of kind house) */
    PSEUDONYM_PEER_GROUP,     /* PG: a peer group, often named after its members */
    PSEUDONYM_CONTEXT,        /* CX: any other context, also shown by its name */
    PSEUDONYM_CLASS_COUNT,
};

/* Derives the pseudonym key from the server's master key (the key file's
 * 32 bytes) with crypto_kdf, context "pseudony", subkey 1. Call once at
 * start, before any thread uses pseudonyms; again only in tests. */
void pseudonym_set_key(const unsigned char master[PSEUDONYM_MASTER_KEY_BYTES]);

/* Reads the master key from the key file at path (made and checked by
 * totp_load_key just before: 32 bytes, readable by its owner only) and
 * derives the pseudonym key from it. False, with the reason in error,
 * when it cannot be read, has the wrong size, or others may read it. */
bool pseudonym_load_key(const char *path, char *error, size_t error_size);

/* Forgets the key (pseudonyms are then unavailable). */
void pseudonym_forget_key(void);

/* Whether a key has been set. */
bool pseudonym_ready(void);

/* The 60-bit keyed hash of record_id (0 without a key). */
uint64_t pseudonym_code(const char *record_id);

/* The pseudonym of record_id in class into out; false without a key. */
bool pseudonym_of(enum pseudonym_class class, const char *record_id, char out[PSEUDONYM_TEXT_SIZE]);

/* Reads text strictly: exactly PSEUDONYM_TEXT_LENGTH bytes, a known
 * prefix, hyphens where they belong and upper-case Crockford base32
 * characters; false for anything else. */
bool pseudonym_parse(const char *text, enum pseudonym_class *class, uint64_t *code);

/* The prefix of class ("YP", ...). */
const char *pseudonym_prefix(enum pseudonym_class class);

#endif
