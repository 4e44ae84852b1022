/* The cshub release version, shown by `cshub version` and /healthz. */
#ifndef CSHUB_VERSION_H
#define CSHUB_VERSION_H

#define CSHUB_VERSION "0.1.0"

#endif
