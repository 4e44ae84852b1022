/* Partner agencies: the organisations in the partnership. Every record in
 * cshub is owned by one agency. */
#ifndef CSHUB_AGENCY_H
#define CSHUB_AGENCY_H

#include <stdbool.h>

#include "store/store.h"

struct arena;

/* The kinds an agency can be, as stored ("childrens_services", "police", ...). */
extern const char *const agency_kinds[];
extern const int agency_kind_count;

bool agency_kind_is_valid(const char *kind);

/* Creates an agency; *id_out receives its new id (arena memory). Returns
 * STORE_CONSTRAINT when the name is taken. */
enum store_status agency_create(struct store_conn *conn, struct arena *arena, const char *name,
                                const char *kind, const char **id_out);

/* The id of the agency called name, in arena memory, or NULL. */
const char *agency_id_by_name(struct store_conn *conn, struct arena *arena, const char *name);

/* True when an agency has this id. */
bool agency_exists(struct store_conn *conn, struct arena *arena, const char *id);

/* The name of agency id, in arena memory, or NULL when there is none. */
const char *agency_name(struct store_conn *conn, struct arena *arena, const char *id);

#endif
