/* TOTP, its secrets sealed for storage, and QR codes; see totp.h. */
#include "auth/totp.h"

#include <errno.h>
#include <fcntl.h>
#include <liboath/oath.h>
#include <qrencode.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/arena.h"

#define SECRET_BYTES 20
#define SEALED_PREFIX "v1:"
#define SEALED_BYTES (crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + SECRET_BYTES)
#define QR_MODULE 4
#define QR_MARGIN 4

/* The key that seals stored secrets: set once at start, before any thread. */
static unsigned char sealing_key[crypto_secretbox_KEYBYTES];
static bool have_sealing_key;

bool totp_init(void)
{
    return oath_init() == OATH_OK;
}

void totp_done(void)
{
    oath_done();
}

static const char *base32_of(struct arena *arena, const unsigned char *bytes, size_t length)
{
    char *encoded = NULL;
    size_t encoded_length = 0;
    if (oath_base32_encode((const char *)bytes, length, &encoded, &encoded_length) != OATH_OK)
        return NULL;
    const char *copy = arena_strndup(arena, encoded, encoded_length);
    free(encoded);
    return copy;
}

/* Reads the key from fd: exactly crypto_secretbox_KEYBYTES bytes, in a
 * regular file no one else may read. */
static bool read_key(int fd, const char *path, char *error, size_t error_size)
{
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size != (off_t)sizeof sealing_key) {
        snprintf(error, error_size, "%s must be a file of exactly %zu bytes", path, sizeof sealing_key);
        return false;
    }
    if ((st.st_mode & 077) != 0) {
        snprintf(error, error_size, "%s may be read by others: chmod 600 it", path);
        return false;
    }
    if (read(fd, sealing_key, sizeof sealing_key) != (ssize_t)sizeof sealing_key) {
        snprintf(error, error_size, "cannot read %s", path);
        return false;
    }
    return true;
}

/* Makes a new random key in path, readable by its owner only. */
static bool make_key(const char *path, char *error, size_t error_size)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        snprintf(error, error_size, "cannot make %s: %s", path, strerror(errno));
        return false;
    }
    crypto_secretbox_keygen(sealing_key);
    bool written = write(fd, sealing_key, sizeof sealing_key) == (ssize_t)sizeof sealing_key && fsync(fd) == 0;
    close(fd);
    if (!written) {
        unlink(path);
        snprintf(error, error_size, "cannot write %s", path);
    }
    return written;
}

bool totp_load_key(const char *path, char *error, size_t error_size)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    bool loaded = false;
    if (fd >= 0) {
        loaded = read_key(fd, path, error, error_size);
        close(fd);
    } else if (errno == ENOENT) {
        loaded = make_key(path, error, error_size);
    } else {
        snprintf(error, error_size, "cannot open %s: %s", path, strerror(errno));
    }
    have_sealing_key = loaded;
    if (!loaded)
        sodium_memzero(sealing_key, sizeof sealing_key);
    return loaded;
}

/* secret sealed with the key: "v1:" and the hex of nonce, MAC and cipher text. */
static const char *seal(struct arena *arena, const unsigned char secret[SECRET_BYTES])
{
    if (!have_sealing_key)
        return NULL;
    unsigned char sealed[SEALED_BYTES];
    randombytes_buf(sealed, crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(sealed + crypto_secretbox_NONCEBYTES, secret, SECRET_BYTES, sealed, sealing_key);
    char *text = arena_alloc(arena, sizeof SEALED_PREFIX + 2 * SEALED_BYTES);
    memcpy(text, SEALED_PREFIX, sizeof SEALED_PREFIX - 1);
    sodium_bin2hex(text + sizeof SEALED_PREFIX - 1, 2 * SEALED_BYTES + 1, sealed, sizeof sealed);
    return text;
}

static bool decode_hex(const char *hex, unsigned char *out, size_t size)
{
    size_t length = 0;
    return hex != NULL && sodium_hex2bin(out, size, hex, strlen(hex), NULL, &length, NULL) == 0 && length == size;
}

bool totp_is_sealed(const char *stored)
{
    return stored != NULL && strncmp(stored, SEALED_PREFIX, sizeof SEALED_PREFIX - 1) == 0;
}

/* The secret a stored value holds: sealed, or (rows from before sealing)
 * plain hex. False when it cannot be opened (another key, or altered). */
static bool open_secret(const char *stored, unsigned char secret[SECRET_BYTES])
{
    if (!totp_is_sealed(stored))
        return decode_hex(stored, secret, SECRET_BYTES);
    unsigned char sealed[SEALED_BYTES];
    return have_sealing_key && decode_hex(stored + sizeof SEALED_PREFIX - 1, sealed, sizeof sealed) &&
           crypto_secretbox_open_easy(secret, sealed + crypto_secretbox_NONCEBYTES,
                                      SEALED_BYTES - crypto_secretbox_NONCEBYTES, sealed, sealing_key) == 0;
}

void totp_new_secret(struct arena *arena, const char **stored, const char **base32)
{
    unsigned char secret[SECRET_BYTES];
    randombytes_buf(secret, sizeof secret);
    *stored = seal(arena, secret);
    *base32 = base32_of(arena, secret, sizeof secret);
    sodium_memzero(secret, sizeof secret);
}

const char *totp_seal_stored(struct arena *arena, const char *stored)
{
    unsigned char secret[SECRET_BYTES];
    if (totp_is_sealed(stored) || !open_secret(stored, secret))
        return NULL;
    const char *sealed = seal(arena, secret);
    sodium_memzero(secret, sizeof secret);
    return sealed;
}

bool totp_verify(const char *stored, const char *code, int64_t now, int64_t last_step, int64_t *step)
{
    unsigned char secret[SECRET_BYTES];
    if (code == NULL || strlen(code) != 6 || strspn(code, "0123456789") != 6 || !open_secret(stored, secret))
        return false;
    int position = 0;
    int rc = oath_totp_validate2((const char *)secret, sizeof secret, (time_t)now, TOTP_STEP_SECONDS, 0, 1,
                                 &position, code);
    sodium_memzero(secret, sizeof secret);
    if (rc < 0)
        return false;
    *step = now / TOTP_STEP_SECONDS + position;
    return *step > last_step;
}

/* Percent-encodes text for a URI component. */
static const char *uri_escape(struct arena *arena, const char *text)
{
    static const char hex[] = "0123456789ABCDEF";
    char *out = arena_alloc(arena, strlen(text) * 3 + 1);
    char *o = out;
    for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
        if ((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || strchr("-._~", *c)) {
            *o++ = (char)*c;
        } else {
            *o++ = '%';
            *o++ = hex[*c >> 4];
            *o++ = hex[*c & 15];
        }
    }
    *o = '\0';
    return out;
}

const char *totp_uri(struct arena *arena, const char *base32, const char *account)
{
    return arena_printf(arena, "otpauth://totp/cshub:%s?secret=%s&issuer=cshub&algorithm=SHA1&digits=6&period=%d",
                        uri_escape(arena, account), base32, TOTP_STEP_SECONDS);
}

const char *totp_qr_data_uri(struct arena *arena, const char *text)
{
    QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (qr == NULL)
        return NULL;
    int size = (qr->width + 2 * QR_MARGIN) * QR_MODULE;
    /* One path of unit squares, dark modules only. */
    size_t capacity = (size_t)qr->width * (size_t)qr->width * 24 + 512;
    char *svg = arena_alloc(arena, capacity);
    size_t used = (size_t)snprintf(svg, capacity,
                                   "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                                   "viewBox=\"0 0 %d %d\"><rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/>"
                                   "<path fill=\"#000\" d=\"",
                                   size, size, qr->width + 2 * QR_MARGIN, qr->width + 2 * QR_MARGIN);
    for (int y = 0; y < qr->width; y++) {
        for (int x = 0; x < qr->width; x++) {
            if (qr->data[y * qr->width + x] & 1)
                used += (size_t)snprintf(svg + used, capacity - used, "M%d %dh1v1h-1z", x + QR_MARGIN, y + QR_MARGIN);
        }
    }
    snprintf(svg + used, capacity - used, "\"/></svg>");
    QRcode_free(qr);
    size_t svg_length = strlen(svg);
    size_t encoded_size = sodium_base64_ENCODED_LEN(svg_length, sodium_base64_VARIANT_ORIGINAL);
    char *encoded = arena_alloc(arena, encoded_size);
    sodium_bin2base64(encoded, encoded_size, (const unsigned char *)svg, svg_length, sodium_base64_VARIANT_ORIGINAL);
    return arena_printf(arena, "data:image/svg+xml;base64,%s", encoded);
}
