/* Signed checkpoints of the audit chain's head in an append-only file
 * outside the database; see audit_anchor.h. One line a checkpoint:
 *
 *   v1 seq=N hash=HEX legacy=N at=TIME sig=HEX
 *
 * where legacy is the last unkeyed event (migration 0028) and sig the
 * Ed25519 signature of everything before " sig=". A signature rather than
 * a MAC: a copy of the file (or of the public key) can be checked
 * anywhere, and whoever checks cannot make new checkpoints. */
#include "auth/audit_anchor.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "util/arena.h"
#include "util/log.h"

#define KDF_CONTEXT "auditsig" /* crypto_kdf_CONTEXTBYTES: eight characters */
#define KDF_SUBKEY_ID 1
#define SIGNATURE_HEX (crypto_sign_BYTES * 2 + 1)
#define LINE_MAX_BYTES 512

_Static_assert(sizeof KDF_CONTEXT - 1 == crypto_kdf_CONTEXTBYTES, "a crypto_kdf context is eight characters");
_Static_assert(crypto_kdf_KEYBYTES == AUDIT_MASTER_KEY_BYTES, "the key file holds a crypto_kdf key");

/* Set once at start, before any thread; read only afterwards. */
static unsigned char public_key[crypto_sign_PUBLICKEYBYTES];
static unsigned char secret_key[crypto_sign_SECRETKEYBYTES];
static bool have_key;

/* The writer, used by one thread at a time (start, housekeeping, stop). */
static struct {
    int fd;
    bool to_syslog;
    bool written;      /* a checkpoint since opening */
    int64_t seq;       /* of the last checkpoint written */
    struct timespec when;
} writer = {.fd = -1};

void audit_anchor_set_key(const unsigned char master[AUDIT_MASTER_KEY_BYTES])
{
    unsigned char seed[crypto_sign_SEEDBYTES];
    have_key = crypto_kdf_derive_from_key(seed, sizeof seed, KDF_SUBKEY_ID, KDF_CONTEXT, master) == 0 &&
               crypto_sign_seed_keypair(public_key, secret_key, seed) == 0;
    sodium_memzero(seed, sizeof seed);
}

void audit_anchor_forget_key(void)
{
    sodium_memzero(secret_key, sizeof secret_key);
    sodium_memzero(public_key, sizeof public_key);
    have_key = false;
}

/* ---- writing ---------------------------------------------------------- */

bool audit_anchor_open(const char *path, bool to_syslog, char *error, size_t error_size)
{
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        snprintf(error, error_size, "cannot open the audit anchor file %s: %s", path, strerror(errno));
        return false;
    }
    audit_anchor_close();
    writer.fd = fd;
    writer.to_syslog = to_syslog;
    writer.written = false;
    if (to_syslog)
        openlog("cshub", LOG_PID | LOG_NDELAY, LOG_AUTH);
    return true;
}

void audit_anchor_close(void)
{
    if (writer.fd >= 0)
        close(writer.fd);
    if (writer.to_syslog)
        closelog();
    writer.fd = -1;
    writer.to_syslog = false;
}

/* The part of a checkpoint's line that is signed. */
static int signed_text(char *out, size_t size, int64_t seq, const char *hash, int64_t legacy_through, const char *at)
{
    return snprintf(out, size, "v1 seq=%" PRId64 " hash=%s legacy=%" PRId64 " at=%s", seq, hash, legacy_through, at);
}

/* Appends one signed line in a single write, then syncs it to disk. */
static bool append_line(const struct audit_head *head)
{
    char at[32], line[LINE_MAX_BYTES], signature_hex[SIGNATURE_HEX];
    unsigned char signature[crypto_sign_BYTES];
    log_format_time(at, sizeof at);
    int length = signed_text(line, sizeof line, head->seq, head->hash, head->legacy_through, at);
    if (length < 0 || (size_t)length >= sizeof line - sizeof " sig=\n" - SIGNATURE_HEX)
        return false;
    crypto_sign_detached(signature, NULL, (const unsigned char *)line, (unsigned long long)length, secret_key);
    sodium_bin2hex(signature_hex, sizeof signature_hex, signature, sizeof signature);
    length += snprintf(line + length, sizeof line - (size_t)length, " sig=%s\n", signature_hex);
    return write(writer.fd, line, (size_t)length) == (ssize_t)length && fsync(writer.fd) == 0;
}

static bool write_checkpoint(const struct audit_head *head)
{
    if (!append_line(head)) {
        log_event("audit_anchor_failed", json_pack("{s:I,s:s}", "seq", (json_int_t)head->seq, "error", strerror(errno)));
        return false;
    }
    writer.written = true;
    writer.seq = head->seq;
    clock_gettime(CLOCK_MONOTONIC, &writer.when);
    /* Only the position in the chain and its hash: nothing about anyone. */
    if (writer.to_syslog)
        syslog(LOG_NOTICE, "audit checkpoint seq=%" PRId64 " hash=%s", head->seq, head->hash);
    log_event("audit_checkpoint", json_pack("{s:I,s:s}", "seq", (json_int_t)head->seq, "hash", head->hash));
    return true;
}

bool audit_anchor_checkpoint(struct store_conn *conn, struct arena *arena)
{
    struct audit_head head;
    if (writer.fd < 0 || !have_key || audit_read_head(conn, arena, &head) != STORE_OK)
        return false;
    if (writer.written && head.seq == writer.seq)
        return true;
    return write_checkpoint(&head);
}

static bool checkpoint_due(int64_t seq)
{
    if (seq == writer.seq)
        return false;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return !writer.written || seq - writer.seq >= AUDIT_ANCHOR_EVERY_EVENTS ||
           now.tv_sec - writer.when.tv_sec >= AUDIT_ANCHOR_EVERY_SECONDS;
}

bool audit_anchor_tick(struct store_conn *conn, struct arena *arena)
{
    struct audit_head head;
    if (writer.fd < 0 || !have_key || audit_read_head(conn, arena, &head) != STORE_OK)
        return false;
    return !checkpoint_due(head.seq) || write_checkpoint(&head);
}

/* ---- reading ---------------------------------------------------------- */

enum line_verdict { LINE_OK, LINE_MALFORMED, LINE_FORGED };

/* Parses line (no newline) into cp, checking its signature and that it
 * is written exactly as append_line writes it. */
static enum line_verdict parse_line(const char *line, struct audit_checkpoint *cp)
{
    const char *sig = strstr(line, " sig=");
    unsigned char signature[crypto_sign_BYTES];
    size_t decoded = 0;
    if (sig == NULL || strlen(sig + 5) != 2 * crypto_sign_BYTES ||
        sodium_hex2bin(signature, sizeof signature, sig + 5, 2 * crypto_sign_BYTES, NULL, &decoded, NULL) != 0 ||
        decoded != sizeof signature)
        return LINE_MALFORMED;
    size_t signed_length = (size_t)(sig - line);
    char hash[AUDIT_HASH_HEX] = "", at[32] = "", canonical[LINE_MAX_BYTES];
    if (sscanf(line, "v1 seq=%" SCNd64 " hash=%64[0-9a-f] legacy=%" SCNd64 " at=%31[0-9TZ:.-]", &cp->seq, hash,
               &cp->legacy_through, at) != 4)
        return LINE_MALFORMED;
    int length = signed_text(canonical, sizeof canonical, cp->seq, hash, cp->legacy_through, at);
    if (length < 0 || (size_t)length != signed_length || memcmp(canonical, line, signed_length) != 0 ||
        strlen(hash) != AUDIT_HASH_HEX - 1)
        return LINE_MALFORMED;
    if (crypto_sign_verify_detached(signature, (const unsigned char *)line, signed_length, public_key) != 0)
        return LINE_FORGED;
    memcpy(cp->hash, hash, sizeof hash);
    memcpy(cp->at, at, sizeof at);
    return LINE_OK;
}

/* Adds cp to the growing list (malloc'd; the caller hands it to the arena). */
static bool push_checkpoint(struct audit_anchor_file *file, int *capacity, const struct audit_checkpoint *cp)
{
    if (file->count == *capacity) {
        int grown = *capacity ? *capacity * 2 : 64;
        struct audit_checkpoint *bigger = realloc(file->checkpoints, (size_t)grown * sizeof *bigger);
        if (bigger == NULL)
            return false;
        file->checkpoints = bigger;
        *capacity = grown;
    }
    file->checkpoints[file->count++] = *cp;
    return true;
}

/* Why checkpoint cp cannot follow previous in the file, or NULL. */
static const char *out_of_order(const struct audit_checkpoint *previous, const struct audit_checkpoint *cp)
{
    if (previous == NULL)
        return NULL;
    if (cp->seq < previous->seq || strcmp(cp->at, previous->at) < 0)
        return "comes after a later checkpoint (the anchor file was reordered or edited)";
    if (cp->legacy_through != previous->legacy_through)
        return "names another transition to keyed events than the checkpoint before it";
    return NULL;
}

/* Reads the lines of in; false with the reason when one is not a good
 * checkpoint. */
static bool read_lines(FILE *in, struct audit_anchor_file *file, int64_t *bad_seq, char *problem,
                       size_t problem_size)
{
    char *line = NULL;
    size_t size = 0;
    ssize_t length;
    int capacity = 0, number = 0;
    bool ok = true;
    while (ok && (length = getline(&line, &size, in)) > 0) {
        number++;
        if (line[length - 1] != '\n')
            break; /* unfinished: the server stopped while writing it */
        line[length - 1] = '\0';
        struct audit_checkpoint cp = {.line = number};
        enum line_verdict verdict = parse_line(line, &cp);
        const char *disorder = verdict == LINE_OK
                                   ? out_of_order(file->count ? &file->checkpoints[file->count - 1] : NULL, &cp)
                                   : NULL;
        if (verdict != LINE_OK || disorder != NULL) {
            *bad_seq = verdict == LINE_OK ? cp.seq : 0;
            snprintf(problem, problem_size, "line %d of the anchor file %s", number,
                     verdict == LINE_MALFORMED ? "is not a checkpoint"
                     : verdict == LINE_FORGED  ? "is not signed by this key (forged or altered, or another key file)"
                                               : disorder);
            ok = false;
        } else if (!push_checkpoint(file, &capacity, &cp)) {
            snprintf(problem, problem_size, "out of memory reading the anchor file");
            ok = false;
        }
    }
    free(line);
    return ok;
}

bool audit_anchor_read(const char *path, struct arena *arena, struct audit_anchor_file *file, int64_t *bad_seq,
                       char *problem, size_t problem_size)
{
    *file = (struct audit_anchor_file){0};
    *bad_seq = 0;
    if (!have_key) {
        snprintf(problem, problem_size, "the anchor's signatures cannot be checked without the key file");
        return false;
    }
    FILE *in = fopen(path, "re");
    if (in == NULL) {
        snprintf(problem, problem_size, "cannot read the anchor file %s: %s", path, strerror(errno));
        return false;
    }
    bool ok = read_lines(in, file, bad_seq, problem, problem_size);
    fclose(in);
    if (file->checkpoints != NULL)
        arena_defer(arena, free, file->checkpoints);
    if (ok && file->count == 0) {
        snprintf(problem, problem_size, "the anchor file %s holds no checkpoint (it was emptied)", path);
        ok = false;
    }
    return ok;
}
