/* The timing client of the outcome-measures benchmark (bench/outcomes.mjs
 * starts it): asks a running cshub server for each request of a list, one
 * after another over one kept-alive connection, and prints one JSON line
 * per request timed.
 *
 *   outcomes_timer PORT LIST ANSWERS_DIR < cookie
 *
 * LIST has one request a line: "label path". Each is asked once to warm
 * up, then up to COUNT times (environment OUTCOMES_COUNT, default 15)
 * while the timed ones take less than OUTCOMES_BUDGET_S seconds (default
 * 15) and at least OUTCOMES_MIN_COUNT times (default 5) — but when the
 * warm-up alone took longer than OUTCOMES_SLOW_MS (default 2000, ten times
 * the goal), only once more, so that a slow measure is timed in minutes,
 * not hours. Past OUTCOMES_DEADLINE (Unix seconds) nothing more is asked
 * (the line says so). The last timed answer's body goes to
 * ANSWERS_DIR/label.json (written after the clock stops), for the figures
 * to be checked.
 *
 * The session cookie comes on standard input, not in the arguments (which
 * any user of the machine may list). Timed from the request's first byte
 * sent to the answer's last byte read, with the monotonic clock; in C so
 * that the clock measures the server, not a client's event loop. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "bench_common.h"

#define ANSWER_MAX (32u << 20)
#define COUNT_MAX 1000

struct connection {
    int socket;
    char *buffer; /* ANSWER_MAX + 1 bytes */
    size_t held;  /* bytes of the next answer already read */
};

static int connect_to(int port)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    if (s < 0 || connect(s, (struct sockaddr *)&address, sizeof address) != 0) {
        perror("outcomes_timer: connect");
        if (s >= 0)
            close(s);
        return -1;
    }
    int on = 1;
    setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    return s;
}

static bool send_all(int s, const char *bytes, size_t length)
{
    while (length > 0) {
        ssize_t sent = write(s, bytes, length);
        if (sent < 0 && errno == EINTR)
            continue;
        if (sent <= 0)
            return false;
        bytes += sent;
        length -= (size_t)sent;
    }
    return true;
}

/* Reads one answer (headers with a Content-Length, then the body) into
 * the buffer's start; its status, or -1 when cut short or malformed.
 * *body points into the buffer until the next read. */
static int read_answer(struct connection *c, const char **body, size_t *body_length)
{
    size_t header_end = 0, total = 0;
    for (;;) {
        c->buffer[c->held] = '\0';
        if (header_end == 0) {
            char *blank = strstr(c->buffer, "\r\n\r\n");
            if (blank != NULL) {
                header_end = (size_t)(blank - c->buffer) + 4;
                char *length = strcasestr(c->buffer, "\r\nContent-Length:");
                if (length == NULL || length > blank)
                    return -1;
                *body_length = strtoul(length + 17, NULL, 10);
                total = header_end + *body_length;
                if (total > ANSWER_MAX)
                    return -1;
            }
        }
        if (header_end != 0 && c->held >= total)
            break;
        ssize_t got = read(c->socket, c->buffer + c->held, ANSWER_MAX - c->held);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return -1;
        c->held += (size_t)got;
    }
    return strncmp(c->buffer, "HTTP/1.1 ", 9) == 0 ? (*body = c->buffer + header_end, atoi(c->buffer + 9)) : -1;
}

/* Drops the answer just read from the buffer. */
static void consume(struct connection *c, const char *body, size_t body_length)
{
    size_t total = (size_t)(body - c->buffer) + body_length;
    memmove(c->buffer, c->buffer + total, c->held - total);
    c->held -= total;
}

/* Asks for path; its time in ms (the body saved to save when not NULL), or -1. */
static double time_one(struct connection *c, const char *cookie, const char *path, size_t *bytes, FILE *save)
{
    char request[2048];
    int length = snprintf(request, sizeof request,
                          "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\nCookie: %s\r\n\r\n", path,
                          cookie);
    if (length < 0 || (size_t)length >= sizeof request)
        return -1;
    const char *body = NULL;
    double started = seconds_now();
    if (!send_all(c->socket, request, (size_t)length))
        return -1;
    int status = read_answer(c, &body, bytes);
    double ms = (seconds_now() - started) * 1000;
    if (status != 200) {
        fprintf(stderr, "outcomes_timer: %s answered %d\n", path, status);
        return -1;
    }
    if (save != NULL)
        fwrite(body, 1, *bytes, save);
    consume(c, body, *bytes);
    return ms;
}

static double setting(const char *name, double fallback)
{
    const char *text = getenv(name);
    return text != NULL && *text ? atof(text) : fallback;
}

int main(int argc, char **argv)
{
    char cookie[512];
    if (argc != 4 || fgets(cookie, sizeof cookie, stdin) == NULL) {
        fprintf(stderr, "usage: outcomes_timer PORT LIST ANSWERS_DIR < cookie\n");
        return 2;
    }
    cookie[strcspn(cookie, "\r\n")] = '\0';
    int count_max = (int)setting("OUTCOMES_COUNT", 15), count_min = (int)setting("OUTCOMES_MIN_COUNT", 5);
    double budget = setting("OUTCOMES_BUDGET_S", 15), slow_ms = setting("OUTCOMES_SLOW_MS", 2000);
    double deadline = setting("OUTCOMES_DEADLINE", 0);
    if (count_max > COUNT_MAX)
        count_max = COUNT_MAX;
    FILE *list = fopen(argv[2], "r");
    struct connection c = {.socket = connect_to(atoi(argv[1])), .buffer = malloc(ANSWER_MAX + 1)};
    double *ms = malloc(sizeof *ms * COUNT_MAX);
    if (list == NULL || c.socket < 0 || c.buffer == NULL || ms == NULL) {
        if (list == NULL)
            perror(argv[2]);
        return 1;
    }
    bool ok = true;
    char line[1024];
    while (ok && fgets(line, sizeof line, list) != NULL) {
        char label[256], path[768];
        if (sscanf(line, "%255s %767s", label, path) != 2)
            continue;
        if (deadline > 0 && (double)time(NULL) > deadline) {
            printf("{\"label\":\"%s\",\"skipped\":\"deadline\"}\n", label);
            fflush(stdout);
            continue;
        }
        size_t bytes = 0;
        double warm = time_one(&c, cookie, path, &bytes, NULL);
        ok = warm >= 0;
        int n = 0, wanted = warm > slow_ms ? 1 : count_max;
        double spent = 0;
        char file[512];
        snprintf(file, sizeof file, "%s/%s.json", argv[3], label);
        while (ok && n < wanted && (n < count_min || spent < budget * 1000)) {
            FILE *save = fopen(file, "w"); /* written after the clock stops */
            ms[n] = time_one(&c, cookie, path, &bytes, save);
            if (save != NULL)
                fclose(save);
            ok = ms[n] >= 0;
            spent += ms[n];
            n++;
        }
        if (!ok)
            break;
        qsort(ms, (size_t)n, sizeof *ms, by_value);
        printf("{\"label\":\"%s\",\"warm_up_ms\":%.3f,\"requests\":%d,\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"min_ms\":%.3f,"
               "\"max_ms\":%.3f,\"bytes\":%zu}\n",
               label, warm, n, ms[(n - 1) / 2], ms[(n * 99 - 1) / 100], ms[0], ms[n - 1], bytes);
        fflush(stdout);
    }
    fclose(list);
    close(c.socket);
    free(c.buffer);
    free(ms);
    return ok ? 0 : 1;
}
