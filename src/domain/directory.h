/* The partnership's directory as the administration pages list it:
 * agencies, accounts and API tokens, a page at a time in order of name
 * (then id), as rows for the answer. An account is listed by its public
 * columns only, never its password hash or second-factor secret. The
 * handlers check the caller's capability before asking. */
#ifndef CSHUB_DIRECTORY_H
#define CSHUB_DIRECTORY_H

#include "domain/operation.h"

/* Each list: at most limit rows after the row with id after_id (NULL for
 * the first page). */

/* Columns id, name, kind, created_at. */
enum store_status directory_agencies(struct domain_context *ctx, const char *after_id, int limit,
                                     struct store_result *out);

/* Columns id, email, name, role, agency_id, active, created_at. */
enum store_status directory_users(struct domain_context *ctx, const char *after_id, int limit,
                                  struct store_result *out);

/* One account by id, with directory_users' columns (no row when there is none). */
enum store_status directory_user(struct domain_context *ctx, const char *id, struct store_result *out);

/* The tokens made by created_by, or every token when created_by is NULL.
 * Columns id, name, agency_id, role, created_by, created_at, revoked_at,
 * last_used_at, second_factor; never the token's hash. */
enum store_status directory_tokens(struct domain_context *ctx, const char *created_by, const char *after_id,
                                   int limit, struct store_result *out);

#endif
