/* Reading the server's key file; see key_file.h. */
#include "auth/key_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool key_file_read(const char *path, unsigned char key[KEY_FILE_BYTES], char *error, size_t error_size)
{
    struct stat st;
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    bool loaded = false;
    if (fd < 0)
        snprintf(error, error_size, "cannot open %s: %s", path, strerror(errno));
    else if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size != (off_t)KEY_FILE_BYTES)
        snprintf(error, error_size, "%s must be a file of exactly %d bytes", path, KEY_FILE_BYTES);
    else if ((st.st_mode & 077) != 0)
        snprintf(error, error_size, "%s may be read by others: chmod 600 it", path);
    else if (read(fd, key, KEY_FILE_BYTES) != (ssize_t)KEY_FILE_BYTES)
        snprintf(error, error_size, "cannot read %s", path);
    else
        loaded = true;
    if (fd >= 0)
        close(fd);
    return loaded;
}
