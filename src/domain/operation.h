/* What every domain operation is given: the database connection, the
 * request's arena and the caller (for the access policy and the audit
 * log), and what it answers. */
#ifndef CSHUB_DOMAIN_OPERATION_H
#define CSHUB_DOMAIN_OPERATION_H

#include "auth/access.h"
#include "store/store.h"

struct arena;
struct record_note;

struct domain_context {
    struct store_conn *conn;
    struct arena *arena;
    struct caller caller;
    struct record_note *notes; /* records written in the open transaction (domain/record.c) */
};

enum domain_status {
    DOMAIN_OK,
    DOMAIN_NOT_FOUND,   /* no such record, or the caller may not know it exists */
    DOMAIN_FORBIDDEN,   /* the caller may see it but not do this */
    DOMAIN_CONFLICT,    /* it would duplicate something that must be unique */
    DOMAIN_FULL,        /* it would pass a limit on how many there may be */
    DOMAIN_UNAVAILABLE, /* the database failed; nothing was changed */
};

#endif
