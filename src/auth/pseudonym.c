/* Pseudonyms as keyed hashes of record ids; see pseudonym.h. */
#include "auth/pseudonym.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "auth/key_file.h"

#define KDF_CONTEXT "pseudony" /* crypto_kdf_CONTEXTBYTES: eight characters */
#define KDF_SUBKEY_ID 1
#define CODE_CHARACTERS 12
#define GROUP_CHARACTERS 4

/* Crockford's base32: no I, L, O or U, so nothing reads as another. */
static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
static const char *const prefixes[PSEUDONYM_CLASS_COUNT] = {"YP", "AC", "PL", "PG", "CX"};

/* Set once at start, before any thread; read only afterwards. The
 * hash's state after the key's block is kept, so that each pseudonym
 * costs one compression, not two (a resolve hashes every candidate). */
static unsigned char pseudonym_key[crypto_generichash_KEYBYTES];
static crypto_generichash_state keyed_state;
static bool have_key;

#define DIGEST_BYTES 8

_Static_assert(crypto_kdf_KEYBYTES == PSEUDONYM_MASTER_KEY_BYTES && KEY_FILE_BYTES == PSEUDONYM_MASTER_KEY_BYTES,
               "the key file holds a crypto_kdf key");
_Static_assert(sizeof KDF_CONTEXT - 1 == crypto_kdf_CONTEXTBYTES, "a crypto_kdf context is eight characters");
_Static_assert(CODE_CHARACTERS * 5 == PSEUDONYM_CODE_BITS, "twelve base32 characters hold the code");

void pseudonym_set_key(const unsigned char master[PSEUDONYM_MASTER_KEY_BYTES])
{
    have_key = crypto_kdf_derive_from_key(pseudonym_key, sizeof pseudonym_key, KDF_SUBKEY_ID, KDF_CONTEXT, master) == 0 &&
               crypto_generichash_init(&keyed_state, pseudonym_key, sizeof pseudonym_key, DIGEST_BYTES) == 0;
}

void pseudonym_forget_key(void)
{
    sodium_memzero(pseudonym_key, sizeof pseudonym_key);
    sodium_memzero(&keyed_state, sizeof keyed_state);
    have_key = false;
}

bool pseudonym_ready(void)
{
    return have_key;
}

bool pseudonym_load_key(const char *path, char *error, size_t error_size)
{
    unsigned char master[PSEUDONYM_MASTER_KEY_BYTES];
    bool loaded = key_file_read(path, master, error, error_size);
    if (loaded)
        pseudonym_set_key(master);
    else
        pseudonym_forget_key();
    sodium_memzero(master, sizeof master);
    return loaded && have_key;
}

uint64_t pseudonym_code(const char *record_id)
{
    unsigned char digest[DIGEST_BYTES];
    if (!have_key || record_id == NULL)
        return 0;
    /* crypto_generichash(digest, 8, id, key), from the state after the key. */
    crypto_generichash_state state = keyed_state;
    crypto_generichash_update(&state, (const unsigned char *)record_id, strlen(record_id));
    crypto_generichash_final(&state, digest, sizeof digest);
    sodium_memzero(&state, sizeof state);
    uint64_t code = 0;
    for (size_t i = 0; i < sizeof digest; i++)
        code = code << 8 | digest[i];
    return code >> (64 - PSEUDONYM_CODE_BITS);
}

const char *pseudonym_prefix(enum pseudonym_class class)
{
    return (int)class >= 0 && (int)class < PSEUDONYM_CLASS_COUNT ? prefixes[class] : NULL;
}

bool pseudonym_of(enum pseudonym_class class, const char *record_id, char out[PSEUDONYM_TEXT_SIZE])
{
    const char *prefix = pseudonym_prefix(class);
    if (!have_key || prefix == NULL || record_id == NULL)
        return false;
    uint64_t code = pseudonym_code(record_id);
    char *at = out;
    *at++ = prefix[0];
    *at++ = prefix[1];
    for (int i = 0; i < CODE_CHARACTERS; i++) {
        if (i % GROUP_CHARACTERS == 0)
            *at++ = '-';
        *at++ = alphabet[(code >> (PSEUDONYM_CODE_BITS - 5 * (i + 1))) & 31u];
    }
    *at = '\0';
    return true;
}

/* The value of a canonical base32 character, or -1. */
static int character_value(char c)
{
    const char *found = c != '\0' ? strchr(alphabet, c) : NULL;
    return found != NULL ? (int)(found - alphabet) : -1;
}

bool pseudonym_parse(const char *text, enum pseudonym_class *class, uint64_t *code)
{
    if (text == NULL || strnlen(text, PSEUDONYM_TEXT_SIZE) != PSEUDONYM_TEXT_LENGTH)
        return false;
    int found = -1;
    for (int c = 0; c < PSEUDONYM_CLASS_COUNT && found < 0; c++)
        if (text[0] == prefixes[c][0] && text[1] == prefixes[c][1])
            found = c;
    if (found < 0)
        return false;
    uint64_t value = 0;
    const char *at = text + 2;
    for (int i = 0; i < CODE_CHARACTERS; i++) {
        if (i % GROUP_CHARACTERS == 0 && *at++ != '-')
            return false;
        int v = character_value(*at++);
        if (v < 0)
            return false;
        value = value << 5 | (uint64_t)v;
    }
    *class = (enum pseudonym_class)found;
    *code = value;
    return true;
}
