/* People who use cshub: each belongs to one agency and has one role. */
#ifndef CSHUB_USER_H
#define CSHUB_USER_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

struct arena;
struct audit_event;

struct user {
    const char *id;
    const char *email;
    const char *name;
    const char *role;
    const char *agency_id;
    const char *agency_name;
    const char *password_hash;
    bool active;
    const char *totp_secret;         /* hex; NULL when the second factor is off */
    const char *totp_pending_secret; /* hex; being enrolled */
    int64_t totp_last_step;          /* the last TOTP time step accepted */
    bool second_factor_required;     /* for the user's role */
};

extern const char *const user_roles[];
extern const int user_role_count;
bool user_role_is_valid(const char *role);

/* The password hash of an account whose person has not yet set a
 * password (no password matches it). */
#define USER_NO_PASSWORD "!"

/* Whether role may read any child's record, by the access policy's
 * personal-record table (practitioner and coordinator today). */
bool user_role_reads_records(const char *role);

/* Whether role narrower may do nothing that role wider may not: every cell
 * of the policy tables, every capability and staff list, compared. A role
 * is within itself; an unknown role is within none and contains none. */
bool user_role_within(const char *narrower, const char *wider);

/* Creates a user in agency agency_id. STORE_CONSTRAINT when the email is
 * taken or the agency does not exist. */
enum store_status user_create(struct store_conn *conn, struct arena *arena, const char *email,
                              const char *name, const char *agency_id, const char *role,
                              const char *password_hash, const char **id_out);

/* Finds a user by email (any case). Returns false when there is none. */
bool user_find_by_email(struct store_conn *conn, struct arena *arena, const char *email, struct user *out);

/* Finds a user by id. Returns false when there is none. */
bool user_find_by_id(struct store_conn *conn, struct arena *arena, const char *id, struct user *out);

/* Moves a user to role in agency_id (a role that reads no child's record:
 * domain/account_approval.h moves the others) and ends their sessions.
 * STORE_CONSTRAINT when there is no such user. */
enum store_status user_set_role(struct store_conn *conn, const char *id, const char *role, const char *agency_id);

/* Moves a user to role in agency_id only if they are still in
 * previous_role and previous_agency_id (STORE_CONSTRAINT otherwise), and
 * starts the account afresh: no usable password and no second factor
 * (whoever knew them must not inherit the new reach), sessions ended. */
enum store_status user_move_afresh(struct store_conn *conn, const char *id, const char *role, const char *agency_id,
                                   const char *previous_role, const char *previous_agency_id);

/* Enables or disables a user; disabling ends all their sessions at once. */
enum store_status user_set_active(struct store_conn *conn, const char *id, bool active);

/* One change to a user's account row, as user_change_audited runs it. */
typedef enum store_status (*user_change)(struct store_conn *conn, const char *user_id, const void *extra);

/* Runs change(conn, user_id, extra) and appends event in one transaction:
 * nothing changes unaudited, and no event records a change not made. */
enum store_status user_change_audited(struct store_conn *conn, struct arena *arena, const char *user_id,
                                      user_change change, const void *extra, const struct audit_event *event);

/* Replaces a user's password hash and ends all their sessions. */
enum store_status user_set_password(struct store_conn *conn, const char *id, const char *password_hash);

/* Second-factor enrolment and use (see auth/totp.h). */
enum store_status user_set_totp_pending(struct store_conn *conn, const char *id, const char *stored_secret);
/* Switches on the pending secret, only if it is still stored_secret (the one verified). */
enum store_status user_enable_totp(struct store_conn *conn, const char *id, const char *stored_secret, int64_t step);
enum store_status user_disable_totp(struct store_conn *conn, const char *id);
enum store_status user_record_totp_step(struct store_conn *conn, const char *id, int64_t step);
/* Seals second-factor secrets stored before sealing (auth/totp.h), in one
 * transaction; *sealed gets how many. */
enum store_status user_seal_totp_secrets(struct store_conn *conn, struct arena *arena, int *sealed);

/* Whether members of role must use the second factor. A real change raises
 * an alert for the coordinators (domain/account_approval.h). */
enum store_status role_set_second_factor_required(struct store_conn *conn, const char *role, bool required);

/* Whether members of role must use the second factor (false when unknown). */
bool role_second_factor_required(struct store_conn *conn, struct arena *arena, const char *role);

/* Every role with its rule (columns role, second_factor_required), by role. */
enum store_status role_settings_list(struct store_conn *conn, struct arena *arena, struct store_result *out);

#endif
