/* The server's key file (--key-file): 32 bytes, a regular file readable
 * by its owner only. Read here once for every key derived from it (the
 * analysts' pseudonyms, the audit chain and its anchors). */
#ifndef CSHUB_KEY_FILE_H
#define CSHUB_KEY_FILE_H

#include <stdbool.h>
#include <stddef.h>

#define KEY_FILE_BYTES 32

/* Reads path's key into key; false with the reason in error. */
bool key_file_read(const char *path, unsigned char key[KEY_FILE_BYTES], char *error, size_t error_size);

#endif
