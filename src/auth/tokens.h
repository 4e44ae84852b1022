/* API tokens for partner systems, sent as "Authorization: Bearer". The
 * token is 256 random bits, shown once at creation and stored only as a
 * hash; a token acts with its agency and role, and can be revoked. */
#ifndef CSHUB_TOKENS_H
#define CSHUB_TOKENS_H

#include <stdbool.h>

#include "domain/user.h"
#include "store/store.h"

struct arena;

#define TOKEN_PREFIX "cshub_"

/* Creates a token; *secret_out is the value to hand over once. */
enum store_status token_create(struct store_conn *conn, struct arena *arena, const char *name, const char *agency_id,
                               const char *role, const char *created_by, const char **id_out,
                               const char **secret_out);

/* Finds the live token for secret and describes it as a user (id is the
 * token id, name the token name). False for unknown or revoked tokens. */
bool token_find(struct store_conn *conn, struct arena *arena, const char *secret, struct user *out);

/* Revokes token id; STORE_CONSTRAINT when there is no live token with it. */
enum store_status token_revoke(struct store_conn *conn, struct arena *arena, const char *id);

#endif
