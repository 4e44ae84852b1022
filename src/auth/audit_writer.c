/* The audit events' group commit; see audit_writer.h. Each waiting
 * request's event stays in the request's memory (its arena) while the
 * request waits: the writer only reads it, so nothing changes owner. */
#include "auth/audit_writer.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "util/arena.h"

struct waiting_event {
    const struct audit_event *event;
    const struct audit_record *records;
    int count;
    enum store_status status;
    bool written;
    struct waiting_event *next;
};

struct audit_writer {
    struct store_conn *conn;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t work;    /* an event is waiting, or stop */
    pthread_cond_t written; /* a batch was committed */
    struct waiting_event *head, *tail;
    bool stopping;
};

static struct audit_writer *installed;

static enum store_status append_one(struct store_conn *conn, struct arena *arena, const struct waiting_event *w)
{
    return w->records != NULL ? audit_append_records(conn, arena, w->event, w->records, w->count)
                              : audit_append(conn, arena, w->event);
}

/* Every event of batch in one transaction; when that fails, each in a
 * transaction of its own, so one bad event fails alone. */
static void write_batch(struct store_conn *conn, struct waiting_event *batch)
{
    struct arena *arena = arena_new();
    enum store_status status = store_begin(conn);
    for (struct waiting_event *w = batch; status == STORE_OK && w != NULL; w = w->next)
        status = append_one(conn, arena, w);
    if (status == STORE_OK)
        status = store_commit(conn);
    else if (store_in_transaction(conn))
        store_rollback(conn);
    for (struct waiting_event *w = batch; w != NULL; w = w->next)
        w->status = status == STORE_OK ? STORE_OK : append_one(conn, arena, w);
    arena_free(arena);
    store_close_work(conn);
}

static void *run(void *context)
{
    struct audit_writer *writer = context;
    pthread_mutex_lock(&writer->lock);
    for (;;) {
        while (writer->head == NULL && !writer->stopping)
            pthread_cond_wait(&writer->work, &writer->lock);
        if (writer->head == NULL)
            break; /* stopping, and nothing waits */
        struct waiting_event *batch = writer->head;
        writer->head = writer->tail = NULL;
        pthread_mutex_unlock(&writer->lock);
        write_batch(writer->conn, batch);
        pthread_mutex_lock(&writer->lock);
        for (struct waiting_event *w = batch; w != NULL; w = w->next)
            w->written = true;
        pthread_cond_broadcast(&writer->written);
    }
    pthread_mutex_unlock(&writer->lock);
    return NULL;
}

struct audit_writer *audit_writer_start(struct store_conn *conn)
{
    struct audit_writer *writer = calloc(1, sizeof *writer);
    if (writer == NULL || conn == NULL) {
        free(writer);
        return NULL;
    }
    writer->conn = conn;
    pthread_mutex_init(&writer->lock, NULL);
    pthread_cond_init(&writer->work, NULL);
    pthread_cond_init(&writer->written, NULL);
    if (pthread_create(&writer->thread, NULL, run, writer) != 0) {
        pthread_mutex_destroy(&writer->lock);
        pthread_cond_destroy(&writer->work);
        pthread_cond_destroy(&writer->written);
        free(writer);
        return NULL;
    }
    return writer;
}

void audit_writer_stop(struct audit_writer *writer)
{
    if (writer == NULL)
        return;
    pthread_mutex_lock(&writer->lock);
    writer->stopping = true;
    pthread_cond_signal(&writer->work);
    pthread_mutex_unlock(&writer->lock);
    pthread_join(writer->thread, NULL);
    pthread_mutex_destroy(&writer->lock);
    pthread_cond_destroy(&writer->work);
    pthread_cond_destroy(&writer->written);
    free(writer);
}

void audit_writer_install(struct audit_writer *writer)
{
    installed = writer;
}

enum store_status audit_write_shared(struct store_conn *conn, struct arena *arena, const struct audit_event *event,
                                     const struct audit_record *records, int count)
{
    struct audit_writer *writer = installed;
    struct waiting_event w = {.event = event, .records = records, .count = count};
    if (writer == NULL || store_in_transaction(conn))
        return append_one(conn, arena, &w);
    pthread_mutex_lock(&writer->lock);
    if (writer->tail != NULL)
        writer->tail->next = &w;
    else
        writer->head = &w;
    writer->tail = &w;
    pthread_cond_signal(&writer->work);
    while (!w.written)
        pthread_cond_wait(&writer->written, &writer->lock);
    pthread_mutex_unlock(&writer->lock);
    return w.status;
}
