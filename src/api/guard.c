/* Authentication and CSRF checks for signed-in routes; see guard.h. */
#include "api/guard.h"

#include <microhttpd.h>
#include <sodium.h>
#include <string.h>
#include <time.h>

#include "api/access_purposes.h"
#include "auth/release.h"
#include "auth/session.h"
#include "auth/tokens.h"
#include "domain/operation.h"
#include "http/request.h"
#include "http/response.h"
#include "http/router.h"
#include "http/server.h"
#include "util/arena.h"

int64_t api_now(void)
{
    return (int64_t)time(NULL);
}

static bool changes_state(const char *method)
{
    return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 && strcmp(method, "OPTIONS") != 0;
}

static bool csrf_matches(const char *given, const char *expected)
{
    size_t len = strlen(expected);
    return given != NULL && strlen(given) == len && sodium_memcmp(given, expected, len) == 0;
}

/* "Authorization: Bearer cshub_..." from a partner system: no cookie is
 * involved, so no CSRF token is needed. */
static bool authenticate_bearer(struct request *req, const char *authorization, struct session *session,
                                const char **why)
{
    static const char scheme[] = "Bearer ";
    if (strncmp(authorization, scheme, sizeof scheme - 1) != 0 ||
        !token_find_explained(request_db(req), req->arena, authorization + sizeof scheme - 1, &session->user, why))
        return false;
    session->token_hash = NULL;
    session->csrf_token = NULL;
    return true;
}

bool api_guard(struct request *req)
{
    const struct server_options *options = &req->server->options;
    struct session_limits limits = {options->session_idle_seconds, options->session_lifetime_seconds};
    struct session *session = arena_alloc(req->arena, sizeof *session);
    const char *authorization = request_header(req, "Authorization");
    if (authorization != NULL) {
        const char *why = NULL;
        if (!authenticate_bearer(req, authorization, session, &why)) {
            respond_add_header(req, "WWW-Authenticate", "Bearer");
            respond_error(req, 401, "unauthenticated", why ? why : "the API token is not valid", "Authorization");
            return false;
        }
        req->session = session;
        req->user_id = session->user.id;
        return api_access_purpose_gate(req);
    }
    const char *token = MHD_lookup_connection_value(req->connection, MHD_COOKIE_KIND, SESSION_COOKIE);
    if (token == NULL || !session_find(request_db(req), req->arena, token, api_now(), &limits, session)) {
        respond_error(req, 401, "unauthenticated", "sign in to use this resource", NULL);
        return false;
    }
    req->session = session;
    req->user_id = session->user.id;
    if (changes_state(req->method) && !csrf_matches(request_header(req, "X-CSRF-Token"), session->csrf_token)) {
        respond_error(req, 403, "csrf_token_invalid",
                      "the X-CSRF-Token header is missing or does not match this session", "X-CSRF-Token");
        return false;
    }
    if (session->user.second_factor_required && !session->user.second_factor_enabled &&
        !(req->route->flags & ROUTE_ENROLMENT)) {
        respond_error(req, 403, "second_factor_enrolment_required",
                      "set up the second factor on your account page before using cshub", NULL);
        return false;
    }
    return api_access_purpose_gate(req);
}

/* Writes the one audit event of what the response releases, before it
 * leaves (http/response.c calls it). */
static enum release_state audit_what_is_released(struct request *req)
{
    const struct session_user *user = &req->session->user;
    struct audit_event event = {.user_id = user->id, .agency_id = user->agency_id,
                                .client_address = req->client_address};
    bool pending = false;
    enum store_status status = audit_release_write_then(request_db(req), req->arena, req->release, event,
                                                        response_release_settled, req, &pending);
    return status != STORE_OK ? RELEASE_REFUSED : pending ? RELEASE_PENDING : RELEASE_WRITTEN;
}

/* The request's gathering of what it releases, made on first use. */
static struct audit_release *release_of(struct request *req)
{
    if (req->release == NULL) {
        req->release = audit_release_new(req->arena);
        req->before_release = audit_what_is_released;
        api_access_purpose_source(req, req->release);
    }
    return req->release;
}

void api_context(struct request *req, struct domain_context *ctx)
{
    const struct session_user *user = &req->session->user;
    int role = role_from_name(user->role);
    *ctx = (struct domain_context){.conn = request_db(req), .arena = req->arena};
    ctx->caller = (struct caller){
        .user_id = user->id,
        .agency_id = user->agency_id,
        .role = role < 0 ? ROLE_BOARD_VIEWER : (enum role)role, /* least privilege if the table ever drifts */
        .client_address = req->client_address,
        .now = api_now(),
        .is_token = req->session->token_hash == NULL,
        .release = release_of(req),
    };
}
