/* Password hashing and policy; see password.h. */
#include "auth/password.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "auth/common_passwords.h"

static size_t utf8_characters(const char *text)
{
    size_t count = 0;
    for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
        if ((*c & 0xC0) != 0x80)
            count++;
    }
    return count;
}

const char *password_policy_problem(const char *password)
{
    if (password == NULL || utf8_characters(password) < PASSWORD_MIN_CHARACTERS)
        return "password must be at least 12 characters long";
    if (strlen(password) > PASSWORD_MAX_BYTES)
        return "password must be at most 1024 bytes long";
    if (common_password_contains(password))
        return "password is too common: choose a longer phrase of unrelated words";
    return NULL;
}

bool password_hash(const char *password, char out[PASSWORD_HASH_SIZE])
{
    return crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0;
}

static char dummy_hash[PASSWORD_HASH_SIZE];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy_hash(void)
{
    unsigned char secret[32];
    char text[65];
    randombytes_buf(secret, sizeof secret);
    sodium_bin2hex(text, sizeof text, secret, sizeof secret);
    password_hash(text, dummy_hash);
}

bool password_verify(const char *password, const char *hash)
{
    if (password == NULL || strlen(password) > PASSWORD_MAX_BYTES)
        password = "";
    if (hash == NULL) {
        pthread_once(&dummy_once, make_dummy_hash);
        bool matched = crypto_pwhash_str_verify(dummy_hash, password, strlen(password)) == 0;
        (void)matched; /* the work is the point, not the answer */
        return false;
    }
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}
