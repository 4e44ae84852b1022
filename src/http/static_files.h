/* Serves the browser client from the web root: clean URLs ("/" is
 * index.html, "/sign-in" is sign-in.html), correct content types, and no
 * way out of the folder (dot segments, hidden files, backslashes, control
 * bytes and symlinks leading outside are all refused). */
#ifndef CSHUB_STATIC_FILES_H
#define CSHUB_STATIC_FILES_H

#include <stddef.h>

struct request;

enum static_resolution { STATIC_OK, STATIC_NOT_FOUND, STATIC_BAD_PATH };

/* Maps url_path to a real file path inside web_root_real (which must
 * itself be the result of realpath()). Writes it to out on STATIC_OK. */
enum static_resolution static_resolve(const char *web_root_real, const char *url_path, char *out,
                                      size_t out_size);

/* The Content-Type for a file name, by extension. */
const char *static_content_type(const char *file_name);

/* Answers a GET or HEAD for a static file, or a 404. */
void static_serve(struct request *req, const char *web_root_real);

#endif
