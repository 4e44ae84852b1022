/* TOTP and QR codes; see totp.h. */
#include "auth/totp.h"

#include <liboath/oath.h>
#include <qrencode.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"

#define SECRET_BYTES 20
#define QR_MODULE 4
#define QR_MARGIN 4

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

void totp_new_secret(struct arena *arena, const char **hex, const char **base32)
{
    unsigned char secret[SECRET_BYTES];
    randombytes_buf(secret, sizeof secret);
    char *text = arena_alloc(arena, SECRET_BYTES * 2 + 1);
    sodium_bin2hex(text, SECRET_BYTES * 2 + 1, secret, sizeof secret);
    *hex = text;
    *base32 = base32_of(arena, secret, sizeof secret);
    sodium_memzero(secret, sizeof secret);
}

static bool decode_hex(const char *hex, unsigned char out[SECRET_BYTES])
{
    size_t length = 0;
    return hex != NULL && sodium_hex2bin(out, SECRET_BYTES, hex, strlen(hex), NULL, &length, NULL) == 0 &&
           length == SECRET_BYTES;
}

const char *totp_base32(struct arena *arena, const char *hex)
{
    unsigned char secret[SECRET_BYTES];
    return decode_hex(hex, secret) ? base32_of(arena, secret, sizeof secret) : NULL;
}

bool totp_verify(const char *secret_hex, const char *code, int64_t now, int64_t last_step, int64_t *step)
{
    unsigned char secret[SECRET_BYTES];
    if (code == NULL || strlen(code) != 6 || strspn(code, "0123456789") != 6 || !decode_hex(secret_hex, secret))
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
