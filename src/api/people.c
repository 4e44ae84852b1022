/* People handlers: validate the body, call domain/person.c (which applies
 * the access policy and audits), render JSON. */
#include "api/people.h"

#include "api/guard.h"
#include "api/input.h"
#include "api/outcome.h"
#include "domain/person.h"
#include "domain/user.h"
#include "http/request.h"
#include "http/response.h"
#include "util/ids.h"

#define NAME_MAX_BYTES 100

static const char *const sharing_values[] = {"agency", "hub", "restricted"};

static json_t *person_json(const struct person *p)
{
    return json_pack("{s:s,s:s,s:s,s:s,s:s?,s:s,s:s,s:s,s:s}", "id", p->id, "kind", p->kind, "given_name",
                     p->given_name, "family_name", p->family_name, "date_of_birth", p->date_of_birth,
                     "owner_agency_id", p->owner_agency_id, "sharing", p->sharing, "created_at", p->created_at,
                     "updated_at", p->updated_at);
}

/* Reads the person fields from the body; required ones only when creating. */
static bool read_person_input(struct request *req, bool creating, struct person_input *in)
{
    if (!input_choice(req, "kind", person_kinds, person_kind_count, creating, &in->kind))
        return false;
    if (creating) {
        if (!(in->given_name = input_required_string(req, "given_name", NAME_MAX_BYTES)) ||
            !(in->family_name = input_required_string(req, "family_name", NAME_MAX_BYTES)))
            return false;
    } else if (!input_optional_string(req, "given_name", NAME_MAX_BYTES, &in->given_name) ||
               !input_optional_string(req, "family_name", NAME_MAX_BYTES, &in->family_name)) {
        return false;
    }
    return input_optional_past_date(req, "date_of_birth", &in->date_of_birth) &&
           input_choice(req, "sharing", sharing_values, 3, creating, &in->sharing);
}

static void respond_domain(struct request *req, enum domain_status status, unsigned ok_status, const struct person *p)
{
    if (status == DOMAIN_OK)
        respond_json(req, ok_status, person_json(p));
    else
        respond_domain_failure(req, status, "person");
}

void api_people_create(struct request *req)
{
    struct person_input in = {0};
    if (!read_person_input(req, true, &in))
        return;
    struct domain_context ctx;
    api_context(req, &ctx);
    struct person p;
    respond_domain(req, person_create(&ctx, &in, &p), 201, &p);
}

void api_people_show(struct request *req)
{
    struct domain_context ctx;
    api_context(req, &ctx);
    struct person p;
    respond_domain(req, person_read(&ctx, request_param(req, "id"), &p), 200, &p);
}

void api_people_update(struct request *req)
{
    struct person_input in = {0};
    if (!read_person_input(req, false, &in))
        return;
    struct domain_context ctx;
    api_context(req, &ctx);
    struct person p;
    respond_domain(req, person_update(&ctx, request_param(req, "id"), &in, &p), 200, &p);
}

void api_people_add_involvement(struct request *req)
{
    const char *user_id = input_required_string(req, "user_id", 64);
    if (user_id == NULL)
        return;
    struct domain_context ctx;
    api_context(req, &ctx);
    struct user user;
    if (!id_is_valid(user_id) || !user_find_by_id(ctx.conn, req->arena, user_id, &user)) {
        respond_error(req, 400, "invalid_field", "user_id is not a user of cshub", "user_id");
        return;
    }
    enum domain_status status = person_record_involvement(&ctx, request_param(req, "id"), user_id);
    if (status == DOMAIN_OK)
        respond_no_content(req);
    else
        respond_domain_failure(req, status, "person");
}
