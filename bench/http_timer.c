/* The timing client of the HTTP benchmark (bench/http.mjs starts it): asks
 * a running cshub server for the depth-2 neighbourhood of each subject in
 * DIR/subjects.txt, one request after another over one kept-alive
 * connection, and prints the latencies' p50 and p99 as one JSON line.
 *
 *   http_timer PORT DIR < cookie
 *
 * The session cookie comes on standard input, not in the arguments (which
 * any user of the machine may list). Written in C so that the clock
 * measures the server and the loopback, not a client's own event loop
 * and garbage collector: node's HTTP client adds about 2 ms at the 99th
 * percentile even to a 2 KB static file. */
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
#include <unistd.h>

#include "bench_common.h"

#define SUBJECTS_MAX 100000
#define WARM_UP 50
#define ANSWER_MAX (16u << 20)

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
        perror("http_timer: connect");
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

/* Reads one answer (headers with a Content-Length, then the body); its
 * status, or -1 when the answer is cut short or malformed. */
static int read_answer(struct connection *c, size_t *body_length)
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
    int status = strncmp(c->buffer, "HTTP/1.1 ", 9) == 0 ? atoi(c->buffer + 9) : -1;
    memmove(c->buffer, c->buffer + total, c->held - total); /* the server sends nothing unasked: normally none */
    c->held -= total;
    return status;
}

static int read_subjects(const char *dir, char (*ids)[64])
{
    FILE *f = open_in(dir, "subjects.txt", "r");
    if (f == NULL)
        return -1;
    int count = 0;
    char line[256];
    while (count < SUBJECTS_MAX && fgets(line, sizeof line, f) != NULL)
        if (sscanf(line, "%*s %63s", ids[count]) == 1)
            count++;
    fclose(f);
    return count;
}

/* Asks for subject's neighbourhood; its time in ms, or -1 on failure. */
static double time_one(struct connection *c, const char *cookie, const char *subject, size_t *bytes)
{
    char request[1024];
    int length = snprintf(request, sizeof request,
                          "GET /api/v1/network?subject=%s&depth=2 HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: %s\r\n\r\n",
                          subject, cookie);
    if (length < 0 || (size_t)length >= sizeof request)
        return -1;
    double started = seconds_now();
    if (!send_all(c->socket, request, (size_t)length))
        return -1;
    int status = read_answer(c, bytes);
    double ms = (seconds_now() - started) * 1000;
    if (status != 200) {
        fprintf(stderr, "http_timer: the neighbourhood of %s answered %d\n", subject, status);
        return -1;
    }
    return ms;
}

int main(int argc, char **argv)
{
    char cookie[512];
    if (argc != 3 || fgets(cookie, sizeof cookie, stdin) == NULL) {
        fprintf(stderr, "usage: http_timer PORT DIR < cookie\n");
        return 2;
    }
    cookie[strcspn(cookie, "\r\n")] = '\0';
    char (*ids)[64] = malloc(sizeof *ids * SUBJECTS_MAX);
    double *ms = malloc(sizeof *ms * SUBJECTS_MAX);
    struct connection c = {.socket = connect_to(atoi(argv[1])), .buffer = malloc(ANSWER_MAX + 1)};
    int count = ids != NULL && ms != NULL && c.buffer != NULL ? read_subjects(argv[2], ids) : -1;
    bool ok = count > 0 && c.socket >= 0;
    size_t bytes = 0, all_bytes = 0;
    for (int i = 0; ok && i < WARM_UP; i++)
        ok = time_one(&c, cookie, ids[i % count], &bytes) >= 0;
    for (int i = 0; ok && i < count; i++) {
        ms[i] = time_one(&c, cookie, ids[i], &bytes);
        all_bytes += bytes;
        ok = ms[i] >= 0;
    }
    if (ok) {
        qsort(ms, (size_t)count, sizeof *ms, by_value);
        printf("{\"requests\":%d,\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f,\"mean_bytes\":%.0f}\n", count,
               ms[count / 2], ms[count * 99 / 100], ms[count - 1], (double)all_bytes / count);
    }
    if (c.socket >= 0)
        close(c.socket);
    free(c.buffer);
    free(ms);
    free(ids);
    return ok ? 0 : 1;
}
