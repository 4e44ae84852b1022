/* A power-loss simulator for the crash tests, loaded into `cshub serve`
 * with LD_PRELOAD (see tests/crash/power-loss.test.mjs, docs/testing.md).
 *
 * It keeps a "durable image" of each watched file (the database, its -wal
 * and the audit anchor file): the file exactly as an fsync or fdatasync of
 * it last left it on disk. A power cut loses everything written since a
 * file's last sync, so the images are what the disk would hold after a
 * power cut at any moment; the -shm file is not watched (SQLite rebuilds it).
 *
 * Every write to a watched file and every sync of one runs under one lock,
 * held by a sync from before the real sync until its image is updated: no
 * write can slip in between, so an image never holds an unsynced write.
 * At the sync calls numbered in CSHUB_SNAPSHOT_AT (counting every sync of
 * a watched file, from 1), the images are also copied, still under the
 * lock, into DIR/snapshot-N/ with the wall-clock time in milliseconds in
 * DIR/snapshot-N/taken_ms: a power cut right after that sync.
 *
 *   CSHUB_SNAPSHOT_DB   absolute, resolved path of the database file
 *   CSHUB_SNAPSHOT_DIR  folder for the images (DIR/durable/) and snapshots
 *   CSHUB_SNAPSHOT_AT   comma-separated sync numbers, e.g. "12,40,77"
 *
 * Without CSHUB_SNAPSHOT_DB and CSHUB_SNAPSHOT_DIR it only passes calls on. */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define WATCHED_COUNT 3
#define SNAPSHOT_POINTS_MAX 64
#define COPY_CHUNK (1 << 20)
#define SHORT_PATH 1024 /* the folder and the database's path: longer ones are refused */
#define SHORT_NAME 256

/* One watched file and what has changed in it since its image was made. */
struct watched_file {
    char path[SHORT_PATH + 16]; /* the real file */
    char image[PATH_MAX]; /* its durable image in DIR/durable/ */
    const char *name;     /* its name inside a snapshot folder */
    bool whole_copy;      /* small: copied whole into a new file and renamed */
    off_t dirty_from;     /* written since the last sync: [dirty_from, dirty_to) */
    off_t dirty_to;
};

static struct {
    bool enabled;
    char dir[SHORT_PATH];
    struct watched_file files[WATCHED_COUNT];
    long points[SNAPSHOT_POINTS_MAX];
    int point_count;
    long syncs; /* of watched files so far */
} shim;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static ssize_t (*real_write)(int, const void *, size_t);
static ssize_t (*real_pwrite)(int, const void *, size_t, off_t);
static ssize_t (*real_pwrite64)(int, const void *, size_t, off64_t);
static int (*real_ftruncate)(int, off_t);
static int (*real_ftruncate64)(int, off64_t);
static int (*real_fsync)(int);
static int (*real_fdatasync)(int);

static void find_real_functions(void)
{
    real_write = (ssize_t(*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
    real_pwrite = (ssize_t(*)(int, const void *, size_t, off_t))dlsym(RTLD_NEXT, "pwrite");
    real_pwrite64 = (ssize_t(*)(int, const void *, size_t, off64_t))dlsym(RTLD_NEXT, "pwrite64");
    real_ftruncate = (int (*)(int, off_t))dlsym(RTLD_NEXT, "ftruncate");
    real_ftruncate64 = (int (*)(int, off64_t))dlsym(RTLD_NEXT, "ftruncate64");
    real_fsync = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    real_fdatasync = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
}

/* The wrappers can be called before this library's constructor has run
 * (by another library's): each looks the real functions up first. */
static void need_real_functions(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, find_real_functions);
}

/* ---- copying files ------------------------------------------------------ */

static void fail(const char *what, const char *path)
{
    fprintf(stderr, "sync_snapshot: %s %s: %s\n", what, path, strerror(errno));
    abort();
}

/* Copies bytes [from, to) of one open file into the same place of another. */
static void copy_range(int source, int target, off_t from, off_t to, const char *target_path)
{
    static char buffer[COPY_CHUNK]; /* used under the lock only */
    while (from < to) {
        size_t want = (size_t)(to - from) < sizeof buffer ? (size_t)(to - from) : sizeof buffer;
        ssize_t got = pread(source, buffer, want, from);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return; /* the file is shorter than thought: nothing more to copy */
        if (real_pwrite(target, buffer, (size_t)got, from) != got)
            fail("cannot write", target_path);
        from += got;
    }
}

static off_t file_size(int fd)
{
    struct stat st;
    return fstat(fd, &st) == 0 ? st.st_size : 0;
}

/* Makes target a whole copy of the file at source_path (absent: removed). */
static void copy_whole_file(const char *source_path, const char *target_path)
{
    char partial[PATH_MAX + 16];
    snprintf(partial, sizeof partial, "%s.partial", target_path);
    int source = open(source_path, O_RDONLY | O_CLOEXEC);
    if (source < 0) {
        unlink(target_path);
        return;
    }
    int target = open(partial, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (target < 0)
        fail("cannot create", partial);
    copy_range(source, target, 0, file_size(source), partial);
    close(source);
    close(target);
    if (rename(partial, target_path) != 0)
        fail("cannot rename", partial);
}

/* Brings a file's image up to date after a sync: only what was written
 * since the last one, or the whole file if it is small. */
static void update_image(struct watched_file *f, int fd)
{
    if (f->whole_copy) {
        copy_whole_file(f->path, f->image);
    } else {
        int image = open(f->image, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
        if (image < 0)
            fail("cannot open", f->image);
        off_t size = file_size(fd);
        if (f->dirty_from < size)
            copy_range(fd, image, f->dirty_from, f->dirty_to < size ? f->dirty_to : size, f->image);
        if (real_ftruncate(image, size) != 0)
            fail("cannot size", f->image);
        close(image);
    }
    f->dirty_from = f->dirty_to = 0;
}

/* ---- snapshots ---------------------------------------------------------- */

static long long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static bool is_snapshot_point(long sync_number)
{
    for (int i = 0; i < shim.point_count; i++)
        if (shim.points[i] == sync_number)
            return true;
    return false;
}

static void write_text_file(const char *path, const char *text)
{
    FILE *out = fopen(path, "w");
    if (out == NULL || fputs(text, out) < 0 || fclose(out) != 0)
        fail("cannot write", path);
}

/* Copies every image into DIR/snapshot-N (made as a .partial folder and
 * renamed, so a kill -9 never leaves half a snapshot). */
static void take_snapshot(long sync_number, const struct watched_file *synced)
{
    char partial[PATH_MAX], done[PATH_MAX], path[PATH_MAX + 64], text[64];
    long long taken = now_ms();
    snprintf(partial, sizeof partial, "%s/snapshot-%ld.partial", shim.dir, sync_number);
    snprintf(done, sizeof done, "%s/snapshot-%ld", shim.dir, sync_number);
    if (mkdir(partial, 0700) != 0)
        fail("cannot make", partial);
    for (int i = 0; i < WATCHED_COUNT; i++) {
        snprintf(path, sizeof path, "%s/%s", partial, shim.files[i].name);
        copy_whole_file(shim.files[i].image, path);
    }
    snprintf(path, sizeof path, "%s/taken_ms", partial);
    snprintf(text, sizeof text, "%lld\n", taken);
    write_text_file(path, text);
    snprintf(path, sizeof path, "%s/synced", partial);
    write_text_file(path, synced->name);
    if (rename(partial, done) != 0)
        fail("cannot rename", partial);
}

/* ---- which file a descriptor is ---------------------------------------- */

static struct watched_file *watched_file_of(int fd)
{
    need_real_functions();
    if (!shim.enabled || fd < 0)
        return NULL;
    char link[64], target[PATH_MAX];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t length = readlink(link, target, sizeof target - 1);
    if (length <= 0)
        return NULL;
    target[length] = '\0';
    for (int i = 0; i < WATCHED_COUNT; i++)
        if (strcmp(target, shim.files[i].path) == 0)
            return &shim.files[i];
    return NULL;
}

static void mark_dirty(struct watched_file *f, off_t from, off_t to)
{
    if (f->dirty_from == f->dirty_to) {
        f->dirty_from = from;
        f->dirty_to = to;
        return;
    }
    if (from < f->dirty_from)
        f->dirty_from = from;
    if (to > f->dirty_to)
        f->dirty_to = to;
}

/* ---- set-up --------------------------------------------------------------- */

static void watch(int index, const char *db, const char *suffix, const char *name_suffix, bool whole_copy)
{
    struct watched_file *f = &shim.files[index];
    const char *base = strrchr(db, '/') ? strrchr(db, '/') + 1 : db;
    static char names[WATCHED_COUNT][SHORT_NAME];
    snprintf(f->path, sizeof f->path, "%s%s", db, suffix);
    snprintf(names[index], sizeof names[index], "%s%s", base, name_suffix);
    f->name = names[index];
    snprintf(f->image, sizeof f->image, "%s/durable/%s", shim.dir, f->name);
    f->whole_copy = whole_copy;
    /* What is on disk when the server starts counts as durable. */
    copy_whole_file(f->path, f->image);
}

static void read_snapshot_points(const char *list)
{
    while (list != NULL && *list != '\0' && shim.point_count < SNAPSHOT_POINTS_MAX) {
        char *end;
        long n = strtol(list, &end, 10);
        if (end == list)
            break;
        shim.points[shim.point_count++] = n;
        list = *end == ',' ? end + 1 : end;
    }
}

__attribute__((constructor)) static void start_shim(void)
{
    need_real_functions();
    const char *db = getenv("CSHUB_SNAPSHOT_DB");
    const char *dir = getenv("CSHUB_SNAPSHOT_DIR");
    if (db == NULL || dir == NULL || *db != '/' || strlen(db) >= SHORT_PATH || strlen(dir) >= SHORT_PATH ||
        strlen(strrchr(db, '/')) >= SHORT_NAME - 16)
        return;
    snprintf(shim.dir, sizeof shim.dir, "%s", dir);
    char durable[PATH_MAX + 16];
    snprintf(durable, sizeof durable, "%s/durable", dir);
    if (mkdir(durable, 0700) != 0 && errno != EEXIST)
        fail("cannot make", durable);
    watch(0, db, "", "", false);
    watch(1, db, "-wal", "-wal", false);
    watch(2, db, ".anchor", ".anchor", true);
    read_snapshot_points(getenv("CSHUB_SNAPSHOT_AT"));
    shim.enabled = true;
}

/* ---- the wrapped calls ------------------------------------------------------ */

ssize_t write(int fd, const void *data, size_t size)
{
    struct watched_file *f = watched_file_of(fd);
    if (f == NULL)
        return real_write(fd, data, size);
    pthread_mutex_lock(&lock);
    ssize_t written = real_write(fd, data, size);
    mark_dirty(f, 0, INT64_MAX); /* appended or at the file offset: copy it all */
    pthread_mutex_unlock(&lock);
    return written;
}

static ssize_t positioned_write(ssize_t (*real)(int, const void *, size_t, off_t), int fd, const void *data,
                                size_t size, off_t offset)
{
    struct watched_file *f = watched_file_of(fd);
    if (f == NULL)
        return real(fd, data, size, offset);
    pthread_mutex_lock(&lock);
    ssize_t written = real(fd, data, size, offset);
    mark_dirty(f, offset, offset + (off_t)size);
    pthread_mutex_unlock(&lock);
    return written;
}

ssize_t pwrite(int fd, const void *data, size_t size, off_t offset)
{
    return positioned_write(real_pwrite, fd, data, size, offset);
}

ssize_t pwrite64(int fd, const void *data, size_t size, off64_t offset)
{
    return positioned_write(real_pwrite64, fd, data, size, offset);
}

static int truncating(int (*real)(int, off_t), int fd, off_t length)
{
    struct watched_file *f = watched_file_of(fd);
    if (f == NULL)
        return real(fd, length);
    pthread_mutex_lock(&lock);
    int rc = real(fd, length);
    mark_dirty(f, length, INT64_MAX); /* grown: zeros from length on */
    pthread_mutex_unlock(&lock);
    return rc;
}

int ftruncate(int fd, off_t length)
{
    return truncating(real_ftruncate, fd, length);
}

int ftruncate64(int fd, off64_t length)
{
    return truncating(real_ftruncate64, fd, length);
}

/* The real sync, then (still holding the lock) the file's new image and,
 * at a chosen sync number, a snapshot. */
static int syncing(int (*real)(int), int fd)
{
    struct watched_file *f = watched_file_of(fd);
    if (f == NULL)
        return real(fd);
    pthread_mutex_lock(&lock);
    int rc = real(fd);
    if (rc == 0) {
        update_image(f, fd);
        long sync_number = ++shim.syncs;
        if (is_snapshot_point(sync_number))
            take_snapshot(sync_number, f);
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

int fsync(int fd)
{
    return syncing(real_fsync, fd);
}

int fdatasync(int fd)
{
    return syncing(real_fdatasync, fd);
}
