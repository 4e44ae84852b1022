/* API tokens, sent as "Authorization: Bearer". The token is 256 random
 * bits, shown once at creation and stored only as a hash. A token belongs
 * to the person who made it, signed in: it acts in their own agency, with
 * their role or a narrower one (by the access policy's tables), never
 * more. It works only while that still holds — its owner active, in that
 * agency, in a role that contains the token's — and, for a role whose
 * members must use the second factor (the token's or its owner's), only if
 * it was made in a session that had passed the second factor and the
 * owner still has one. Switching the rule on stops older tokens until they
 * are made again from such a session. Tokens can be revoked. */
#ifndef CSHUB_TOKENS_H
#define CSHUB_TOKENS_H

#include <stdbool.h>

#include "auth/session.h"
#include "store/store.h"

struct arena;

#define TOKEN_PREFIX "cshub_"

/* Why owner (signed in, in a session) may not make a token of role for
 * agency_id, or NULL when they may; *field names the field at fault
 * (NULL for none) and *code the error code. */
const char *token_refusal(struct store_conn *conn, struct arena *arena, const struct session_user *owner,
                          const char *role, const char *agency_id, const char **field, const char **code);

/* Creates owner's token (after token_refusal allowed it), audited from
 * client_address and, for a role that reads children's records, with an
 * alert for the coordinators; *secret_out is the value to hand over once. */
enum store_status token_create(struct store_conn *conn, struct arena *arena, const struct session_user *owner,
                               const char *name, const char *role, const char *client_address, const char **id_out,
                               const char **secret_out);

/* Finds the live token for secret and describes it as the caller (id is
 * the token id, name the token name, email ""). False for unknown or
 * revoked tokens and for tokens the rules above no longer let work; *why
 * (when not NULL) then says which rule, for the answer. */
bool token_find_explained(struct store_conn *conn, struct arena *arena, const char *secret,
                          struct session_user *out, const char **why);

/* token_find_explained without the explanation. */
bool token_find(struct store_conn *conn, struct arena *arena, const char *secret, struct session_user *out);

/* Revokes token id — any token when owner_id is NULL (an admin), otherwise
 * only one made by owner_id; STORE_CONSTRAINT when there is no such live token. */
enum store_status token_revoke(struct store_conn *conn, struct arena *arena, const char *id, const char *owner_id);

#endif
