/* Housekeeping threads; see ticker.h. */
#include "util/ticker.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>

#define PAUSE_NS 20000000 /* 20 ms between pieces of work, so requests get the database and the processors */

struct ticker {
    bool (*work)(void *context);
    void *context;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stopping;
};

static void *run(void *argument)
{
    struct ticker *t = argument;
    pthread_mutex_lock(&t->lock);
    while (!t->stopping) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 1;
        pthread_cond_timedwait(&t->wake, &t->lock, &until);
        bool more = true;
        while (!t->stopping && more) {
            pthread_mutex_unlock(&t->lock);
            more = t->work(t->context);
            if (more)
                nanosleep(&(struct timespec){.tv_nsec = PAUSE_NS}, NULL);
            pthread_mutex_lock(&t->lock);
        }
    }
    pthread_mutex_unlock(&t->lock);
    return NULL;
}

struct ticker *ticker_start(bool (*work)(void *context), void *context)
{
    struct ticker *t = calloc(1, sizeof *t);
    if (t == NULL)
        return NULL;
    *t = (struct ticker){.work = work, .context = context};
    pthread_mutex_init(&t->lock, NULL);
    pthread_cond_init(&t->wake, NULL);
    /* The thread starts with every signal blocked, so a SIGTERM meant for
     * the server's orderly shutdown is never delivered here instead. */
    sigset_t all, previous;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &previous);
    int created = pthread_create(&t->thread, NULL, run, t);
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    if (created == 0)
        return t;
    pthread_mutex_destroy(&t->lock);
    pthread_cond_destroy(&t->wake);
    free(t);
    return NULL;
}

void ticker_stop(struct ticker *t)
{
    if (t == NULL)
        return;
    pthread_mutex_lock(&t->lock);
    t->stopping = true;
    pthread_cond_signal(&t->wake);
    pthread_mutex_unlock(&t->lock);
    pthread_join(t->thread, NULL);
    pthread_mutex_destroy(&t->lock);
    pthread_cond_destroy(&t->wake);
    free(t);
}
