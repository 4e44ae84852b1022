/* Replays saved inputs through a harness without libFuzzer: main() calls
 * LLVMFuzzerTestOneInput once for each file named on the command line (a
 * folder stands for the files in it), so `make test` can check the seed
 * corpus and every regression input with gcc, under the sanitizers in
 * `make asan`. Prints "ok - FILE" after each input that passes (so a
 * test runner can count them) and "replayed N inputs" at the end; a crash
 * or broken property aborts the process at the input that caused it. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* Reads a whole file into malloc'd memory; NULL when it cannot. */
static uint8_t *read_whole_file(const char *path, size_t *size)
{
    FILE *file = fopen(path, "rb");
    if (file == NULL)
        return NULL;
    uint8_t *data = NULL;
    size_t used = 0, capacity = 0, got;
    do {
        if (used == capacity) {
            capacity = capacity ? capacity * 2 : 4096;
            uint8_t *grown = realloc(data, capacity);
            if (grown == NULL)
                abort();
            data = grown;
        }
        got = fread(data + used, 1, capacity - used, file);
        used += got;
    } while (got > 0);
    fclose(file);
    *size = used;
    return data;
}

static int replay_file(const char *path)
{
    size_t size = 0;
    uint8_t *data = read_whole_file(path, &size);
    if (data == NULL) {
        fprintf(stderr, "replay: cannot read %s\n", path);
        return 1;
    }
    /* A copy of exactly size bytes, so that ASan sees any read past the input. */
    uint8_t *exact = malloc(size ? size : 1);
    if (exact == NULL)
        abort();
    memcpy(exact, data, size);
    free(data);
    LLVMFuzzerTestOneInput(exact, size);
    free(exact);
    printf("ok - %s\n", path);
    return 0;
}

/* Replays every regular file in folder, in name order. */
static int replay_folder(const char *folder, int *count)
{
    struct dirent **entries = NULL;
    int n = scandir(folder, &entries, NULL, alphasort);
    if (n < 0) {
        fprintf(stderr, "replay: cannot list %s\n", folder);
        return 1;
    }
    int failures = 0;
    for (int i = 0; i < n; i++) {
        char path[4096];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", folder, entries[i]->d_name);
        if (entries[i]->d_name[0] != '.' && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            failures += replay_file(path);
            (*count)++;
        }
        free(entries[i]);
    }
    free(entries);
    return failures;
}

int main(int argc, char **argv)
{
    int count = 0, failures = 0;
    setvbuf(stdout, NULL, _IOLBF, 0); /* each "ok" line out before a later input can abort */
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            failures += replay_folder(argv[i], &count);
        } else {
            failures += replay_file(argv[i]);
            count++;
        }
    }
    printf("replayed %d inputs\n", count);
    return failures == 0 ? 0 : 1;
}
