/* Context assessments and their forms; see assessment.h. */
#include "domain/assessment.h"

#include <string.h>

#include "auth/access.h"
#include "domain/context.h"
#include "util/arena.h"

const char *const context_risk_ratings[] = {"low", "medium", "high"};
const int context_risk_rating_count = 3;

static const struct assessment_question location_questions[] = {
    {"who_is_there", "Who is there, and when"},
    {"harms_seen", "Harms seen or reported"},
    {"guardians", "Capable guardians and adults present"},
    {"lighting_layout", "Lighting and layout"},
    {"businesses", "Businesses and services"},
    {"routes", "Routes in and out"},
};
static const struct assessment_question peer_group_questions[] = {
    {"members", "Members, and who leads"},
    {"dynamics", "How the group behaves together"},
    {"harms", "Harms within or around the group"},
    {"protective_factors", "Protective factors"},
};
static const struct assessment_question school_questions[] = {
    {"culture", "Culture and relationships"},
    {"unsafe_spaces", "Unsafe spaces inside the school"},
    {"responses", "How the school responds"},
};
static const struct assessment_question online_questions[] = {
    {"platform", "What the space is, and who uses it"},
    {"harms", "Harms seen"},
    {"moderation", "Moderation and reporting"},
    {"reach", "Reach beyond the area"},
};

#define QUESTIONS(list) list, (int)(sizeof list / sizeof list[0])

const struct assessment_form assessment_forms[] = {
    {"location", QUESTIONS(location_questions)},
    {"neighbourhood", QUESTIONS(location_questions)},
    {"peer_group", QUESTIONS(peer_group_questions)},
    {"school", QUESTIONS(school_questions)},
    {"online_space", QUESTIONS(online_questions)},
};
const int assessment_form_count = sizeof assessment_forms / sizeof assessment_forms[0];

const struct assessment_form *assessment_form_for(const char *kind)
{
    for (int i = 0; kind != NULL && i < assessment_form_count; i++)
        if (strcmp(assessment_forms[i].context_kind, kind) == 0)
            return &assessment_forms[i];
    return NULL;
}

static const struct record_field assessment_fields[ASSESSMENT_FIELD_COUNT] = {
    [ASSESSMENT_CONTEXT_ID] = {"context_id", FIELD_TEXT, true},
    [ASSESSMENT_ASSESSED_ON] = {"assessed_on", FIELD_TEXT, true},
    [ASSESSMENT_FORM] = {"form", FIELD_TEXT, false}, /* set from the context */
    [ASSESSMENT_ANSWERS] = {"answers", FIELD_JSON, true},
    [ASSESSMENT_RISK_RATING] = {"risk_rating", FIELD_TEXT, true},
    [ASSESSMENT_SUMMARY] = {"summary", FIELD_TEXT, true},
    [ASSESSMENT_SHARING] = {"sharing", FIELD_TEXT, true},
};

static const char *assessment_search_text(struct arena *arena, const char *const *values)
{
    return arena_strdup(arena, values[ASSESSMENT_ASSESSED_ON]);
}

const struct record_kind assessment_kind = {
    .table = "context_assessments",
    .record_type = "context_assessment",
    .fields = assessment_fields,
    .field_count = ASSESSMENT_FIELD_COUNT,
    .sharing_field = ASSESSMENT_SHARING,
    .about_a_person = false,
    .person_field = -1,
    .search_text = assessment_search_text,
};

static bool context_visible(struct domain_context *ctx, const struct record *r)
{
    return record_visible(ctx, &context_kind, r->values[ASSESSMENT_CONTEXT_ID]);
}

enum domain_status assessment_create(struct domain_context *ctx, const struct record_input *in, struct record *out)
{
    if (!record_visible(ctx, &context_kind, in->values[ASSESSMENT_CONTEXT_ID]))
        return DOMAIN_NOT_FOUND;
    enum domain_status status = record_create(ctx, &assessment_kind, in, out);
    return status == DOMAIN_OK ? record_finish(ctx, STORE_OK) : status;
}

enum domain_status assessment_list(struct domain_context *ctx, const char *context_id, const char *cursor, int limit,
                                   struct record *out, int *count, const char **next)
{
    const struct store_value p[] = {store_text(context_id)};
    return record_list_newest(ctx, &assessment_kind, "r.context_id = ?", p, 1, context_visible, cursor, limit, out,
                              count, next);
}

const char *assessment_latest_on(struct domain_context *ctx, const char *context_id)
{
    struct readable_filter readable;
    access_readable_filter(ctx->arena, &ctx->caller, RECORD_CONTEXT, "r", "context_assessment", NULL, &readable);
    struct store_value params[READABLE_FILTER_MAX_PARAMS + 1] = {store_text(context_id)};
    for (int i = 0; i < readable.param_count; i++)
        params[1 + i] = readable.params[i];
    struct store_result r;
    const char *sql = arena_printf(ctx->arena, "SELECT max(r.assessed_on) AS latest FROM context_assessments r "
                                               "WHERE r.context_id = ? AND %s", readable.sql);
    if (store_query(ctx->conn, ctx->arena, sql, params, 1 + readable.param_count, &r) != STORE_OK || r.rows != 1)
        return NULL;
    return store_cell_text(&r, 0, "latest");
}
