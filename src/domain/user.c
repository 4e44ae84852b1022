/* Users; see user.h. */
#include "domain/user.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth/audit.h"
#include "auth/policy.h"
#include "auth/session.h"
#include "auth/totp.h"
#include "domain/account_approval.h"
#include "util/arena.h"
#include "util/clock.h"
#include "util/ids.h"
#include "util/text.h"

const char *const user_roles[] = {"admin", "coordinator", "practitioner", "analyst", "board_viewer"};
const int user_role_count = sizeof user_roles / sizeof user_roles[0];

bool user_role_is_valid(const char *role)
{
    return text_in_list(role, user_roles, user_role_count);
}

bool user_role_reads_records(const char *role)
{
    int r = role_from_name(role);
    for (int rel = 0; r >= 0 && rel < RELATION_COUNT; rel++)
        for (int s = 0; s < SHARING_COUNT; s++)
            if (policy_decide(RECORD_PERSONAL, (enum role)r, (enum relation)rel, (enum sharing)s, ACCESS_READ, false).allowed)
                return true;
    return false;
}

/* Whether every record decision allowed to narrower is allowed to wider. */
static bool records_within(enum role narrower, enum role wider)
{
    for (int class = 0; class < RECORD_CLASS_COUNT; class++)
        for (int rel = 0; rel < RELATION_COUNT; rel++)
            for (int s = 0; s < SHARING_COUNT; s++)
                for (int a = 0; a < ACCESS_COUNT; a++)
                    for (int glass = 0; glass < 2; glass++) {
                        enum record_class c = (enum record_class)class;
                        bool small = policy_decide(c, narrower, (enum relation)rel, (enum sharing)s, (enum access)a,
                                                   glass == 1).allowed;
                        if (small && !policy_decide(c, wider, (enum relation)rel, (enum sharing)s, (enum access)a,
                                                    glass == 1).allowed)
                            return false;
                    }
    return true;
}

/* Whether every capability and staff list of narrower is wider's too. */
static bool capabilities_within(enum role narrower, enum role wider)
{
    for (int c = 0; c < CAPABILITY_COUNT; c++)
        if (policy_may(narrower, (enum capability)c).allowed && !policy_may(wider, (enum capability)c).allowed)
            return false;
    for (int own = 0; own < 2; own++)
        if (policy_may_list_staff(narrower, own == 1).allowed && !policy_may_list_staff(wider, own == 1).allowed)
            return false;
    return true;
}

bool user_role_within(const char *narrower, const char *wider)
{
    int n = role_from_name(narrower), w = role_from_name(wider);
    if (n < 0 || w < 0)
        return false;
    return records_within((enum role)n, (enum role)w) && capabilities_within((enum role)n, (enum role)w);
}

enum store_status user_create(struct store_conn *conn, struct arena *arena, const char *email,
                              const char *name, const char *agency_id, const char *role,
                              const char *password_hash, const char **id_out)
{
    const char *id = id_new(arena);
    const char *now = clock_now_text(arena);
    const struct store_value params[] = {store_text(id), store_text(email), store_text(name),
                                         store_text(agency_id), store_text(role), store_text(password_hash),
                                         store_text(now), store_text(now)};
    enum store_status status = store_exec(
        conn,
        "INSERT INTO users (id, email, name, agency_id, role, password_hash, created_at, password_changed_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        params, 8, NULL);
    if (status == STORE_OK && id_out != NULL)
        *id_out = id;
    return status;
}

static bool find_user(struct store_conn *conn, struct arena *arena, const char *where_column,
                      const char *value, struct user *out)
{
    const char *sql = arena_printf(arena,
                                   "SELECT u.id, u.email, u.name, u.role, u.agency_id, a.name AS agency_name, "
                                   "u.password_hash, u.active, u.totp_secret, u.totp_pending_secret, u.totp_last_step, "
                                   "r.second_factor_required FROM users u JOIN agencies a ON a.id = u.agency_id "
                                   "LEFT JOIN role_settings r ON r.role = u.role WHERE u.%s = ?",
                                   where_column);
    const struct store_value params[] = {store_text(value)};
    struct store_result r;
    if (store_query(conn, arena, sql, params, 1, &r) != STORE_OK || r.rows != 1)
        return false;
    out->id = store_cell_text(&r, 0, "id");
    out->email = store_cell_text(&r, 0, "email");
    out->name = store_cell_text(&r, 0, "name");
    out->role = store_cell_text(&r, 0, "role");
    out->agency_id = store_cell_text(&r, 0, "agency_id");
    out->agency_name = store_cell_text(&r, 0, "agency_name");
    out->password_hash = store_cell_text(&r, 0, "password_hash");
    out->active = store_cell_int(&r, 0, "active") == 1;
    out->totp_secret = store_cell_text(&r, 0, "totp_secret");
    out->totp_pending_secret = store_cell_text(&r, 0, "totp_pending_secret");
    out->totp_last_step = store_cell_int(&r, 0, "totp_last_step");
    out->second_factor_required = store_cell_int(&r, 0, "second_factor_required") == 1;
    return true;
}

bool user_find_by_email(struct store_conn *conn, struct arena *arena, const char *email, struct user *out)
{
    return find_user(conn, arena, "email", email, out);
}

bool user_find_by_id(struct store_conn *conn, struct arena *arena, const char *id, struct user *out)
{
    return find_user(conn, arena, "id", id, out);
}

/* Runs one UPDATE on the user and ends their sessions, in one transaction. */
static enum store_status update_and_end_sessions(struct store_conn *conn, const char *sql,
                                                 const struct store_value *params, int count, const char *id)
{
    bool own_transaction = !store_in_transaction(conn);
    enum store_status status = own_transaction ? store_begin(conn) : STORE_OK;
    int changes = 0;
    if (status == STORE_OK)
        status = store_exec(conn, sql, params, count, &changes);
    if (status == STORE_OK && changes == 0)
        status = STORE_CONSTRAINT; /* no such user */
    if (status == STORE_OK)
        status = session_end_all_for_user(conn, id);
    if (own_transaction) {
        if (status == STORE_OK)
            status = store_commit(conn);
        else
            store_rollback(conn);
    }
    return status;
}

enum store_status user_set_role(struct store_conn *conn, const char *id, const char *role, const char *agency_id)
{
    const struct store_value params[] = {store_text(role), store_text(agency_id), store_text(id)};
    return update_and_end_sessions(conn, "UPDATE users SET role = ?, agency_id = ? WHERE id = ?", params, 3, id);
}

enum store_status user_move_afresh(struct store_conn *conn, const char *id, const char *role, const char *agency_id,
                                   const char *previous_role, const char *previous_agency_id)
{
    const struct store_value params[] = {store_text(role),          store_text(agency_id),
                                         store_text(USER_NO_PASSWORD), store_text(id),
                                         store_text(previous_role), store_text(previous_agency_id)};
    return update_and_end_sessions(conn,
                                   "UPDATE users SET role = ?, agency_id = ?, password_hash = ?, totp_secret = NULL, "
                                   "totp_pending_secret = NULL WHERE id = ? AND role = ? AND agency_id = ?",
                                   params, 6, id);
}

enum store_status user_set_active(struct store_conn *conn, const char *id, bool active)
{
    const struct store_value params[] = {store_int(active ? 1 : 0), store_text(id)};
    return update_and_end_sessions(conn, "UPDATE users SET active = ? WHERE id = ?", params, 2, id);
}

enum store_status user_set_password(struct store_conn *conn, const char *id, const char *password_hash)
{
    char now[CLOCK_TEXT_SIZE];
    clock_format((int64_t)time(NULL), now);
    const struct store_value params[] = {store_text(password_hash), store_text(now), store_text(id)};
    return update_and_end_sessions(conn, "UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?",
                                   params, 3, id);
}

enum store_status user_change_audited(struct store_conn *conn, struct arena *arena, const char *user_id,
                                      user_change change, const void *extra, const struct audit_event *event)
{
    enum store_status status = store_begin(conn);
    if (status == STORE_OK)
        status = change(conn, user_id, extra);
    if (status == STORE_OK)
        status = audit_append(conn, arena, event);
    if (status == STORE_OK)
        return store_commit(conn);
    store_rollback(conn);
    return status;
}

/* Runs one UPDATE of a user that must change exactly one row. */
static enum store_status update_one(struct store_conn *conn, const char *sql, const struct store_value *params,
                                    int count)
{
    int changes = 0;
    enum store_status status = store_exec(conn, sql, params, count, &changes);
    return status == STORE_OK && changes != 1 ? STORE_CONSTRAINT : status;
}

enum store_status user_set_totp_pending(struct store_conn *conn, const char *id, const char *stored_secret)
{
    const struct store_value p[] = {store_text(stored_secret), store_text(id)};
    return update_one(conn, "UPDATE users SET totp_pending_secret = ? WHERE id = ?", p, 2);
}

enum store_status user_enable_totp(struct store_conn *conn, const char *id, const char *stored_secret, int64_t step)
{
    const struct store_value p[] = {store_int(step), store_text(id), store_text(stored_secret)};
    return update_one(conn,
                      "UPDATE users SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, "
                      "totp_last_step = ? WHERE id = ? AND totp_pending_secret = ?",
                      p, 3);
}

enum store_status user_disable_totp(struct store_conn *conn, const char *id)
{
    const struct store_value p[] = {store_text(id)};
    return update_one(conn, "UPDATE users SET totp_secret = NULL, totp_pending_secret = NULL WHERE id = ?", p, 1);
}

enum store_status user_record_totp_step(struct store_conn *conn, const char *id, int64_t step)
{
    const struct store_value p[] = {store_int(step), store_text(id), store_int(step)};
    /* Only forwards: two sign-ins racing with one code cannot both pass. */
    return update_one(conn, "UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?", p, 3);
}

enum store_status role_set_second_factor_required(struct store_conn *conn, const char *role, bool required)
{
    const struct store_value p[] = {store_int(required ? 1 : 0), store_text(role), store_int(required ? 1 : 0)};
    int changes = 0;
    bool own_transaction = !store_in_transaction(conn);
    enum store_status status = own_transaction ? store_begin(conn) : STORE_OK;
    if (status == STORE_OK)
        status = store_exec(conn,
                            "UPDATE role_settings SET second_factor_required = ? WHERE role = ? "
                            "AND second_factor_required <> ?",
                            p, 3, &changes);
    if (status == STORE_OK && changes == 1) {
        char reason[120];
        snprintf(reason, sizeof reason, "the second factor is %s for the %s role",
                 required ? "now required" : "no longer required", role);
        status = account_alert_raise(conn, ALERT_SECOND_FACTOR_RULE, NULL, "role", role, reason);
    }
    if (own_transaction) {
        if (status == STORE_OK)
            status = store_commit(conn);
        else
            store_rollback(conn);
    }
    if (status == STORE_OK && changes == 0 && !user_role_is_valid(role))
        return STORE_CONSTRAINT;
    return status;
}

bool role_second_factor_required(struct store_conn *conn, struct arena *arena, const char *role)
{
    const struct store_value p[] = {store_text(role)};
    struct store_result r;
    return store_query(conn, arena, "SELECT second_factor_required FROM role_settings WHERE role = ?", p, 1, &r) ==
               STORE_OK &&
           r.rows == 1 && store_cell_int(&r, 0, "second_factor_required") == 1;
}

enum store_status role_settings_list(struct store_conn *conn, struct arena *arena, struct store_result *out)
{
    return store_query(conn, arena, "SELECT role, second_factor_required FROM role_settings ORDER BY role", NULL, 0,
                       out);
}

/* Seals column's plain secrets, each only if it is still the one read. */
static enum store_status seal_column(struct store_conn *conn, struct arena *arena, const char *column, int *sealed)
{
    struct store_result r;
    const char *read = arena_printf(arena, "SELECT id, %s AS secret FROM users WHERE %s IS NOT NULL", column, column);
    enum store_status status = store_query(conn, arena, read, NULL, 0, &r);
    const char *write = arena_printf(arena, "UPDATE users SET %s = ? WHERE id = ? AND %s = ?", column, column);
    for (int i = 0; status == STORE_OK && i < r.rows; i++) {
        const char *plain = store_cell_text(&r, i, "secret");
        const char *sealed_text = totp_is_sealed(plain) ? NULL : totp_seal_stored(arena, plain);
        if (sealed_text == NULL)
            continue; /* sealed already, or not a secret cshub wrote (left for the user to set up again) */
        const struct store_value p[] = {store_text(sealed_text), store_text(store_cell_text(&r, i, "id")), store_text(plain)};
        status = store_exec(conn, write, p, 3, NULL);
        (*sealed)++;
    }
    return status;
}

enum store_status user_seal_totp_secrets(struct store_conn *conn, struct arena *arena, int *sealed)
{
    *sealed = 0;
    enum store_status status = store_begin(conn);
    if (status == STORE_OK)
        status = seal_column(conn, arena, "totp_secret", sealed);
    if (status == STORE_OK)
        status = seal_column(conn, arena, "totp_pending_secret", sealed);
    if (status == STORE_OK)
        return store_commit(conn);
    store_rollback(conn);
    return status;
}
