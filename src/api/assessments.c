/* Context assessment handlers: the context is read first (audited; 404 if
 * the caller may not), its kind picks the form, and each answer is checked
 * against the form's questions, naming the field on error. */
#include "api/assessments.h"

#include <stdlib.h>
#include <string.h>

#include "api/guard.h"
#include "api/input.h"
#include "api/outcome.h"
#include "api/render.h"
#include "domain/assessment.h"
#include "domain/context.h"
#include "http/request.h"
#include "http/response.h"
#include "util/arena.h"

#define ANSWER_MAX 5000

void api_assessment_forms(struct request *req)
{
    json_t *forms = json_array();
    for (int f = 0; f < assessment_form_count; f++) {
        json_t *questions = json_array();
        for (int q = 0; q < assessment_forms[f].question_count; q++)
            json_array_append_new(questions, json_pack("{s:s,s:s}", "code", assessment_forms[f].questions[q].code,
                                                       "label", assessment_forms[f].questions[q].label));
        json_array_append_new(forms, json_pack("{s:s,s:o}", "context_kind", assessment_forms[f].context_kind,
                                               "questions", questions));
    }
    respond_json(req, 200, json_pack("{s:o,s:[sss]}", "forms", forms, "risk_ratings", "low", "medium", "high"));
}

static bool is_question(const struct assessment_form *form, const char *code)
{
    for (int q = 0; q < form->question_count; q++)
        if (strcmp(form->questions[q].code, code) == 0)
            return true;
    return false;
}

/* The answers as stored JSON text: only the form's questions, each text. */
static bool read_answers(struct request *req, const struct assessment_form *form, const char **out)
{
    json_t *answers = json_object_get(req->json, "answers");
    if (answers == NULL || json_is_null(answers)) {
        respond_error(req, 400, "missing_field", "answers is required", "answers");
        return false;
    }
    if (!json_is_object(answers))
        return input_refuse(req, "answers", "must be an object of answers to the form's questions");
    json_t *kept = json_object();
    const char *code;
    json_t *value;
    json_object_foreach (answers, code, value) {
        const char *problem = !is_question(form, code) ? "is not a question of this context's form"
                              : !json_is_string(value)  ? "must be text"
                              : json_string_length(value) > ANSWER_MAX ? "is too long (at most 5000 bytes)"
                                                                       : NULL;
        if (problem != NULL) {
            json_decref(kept);
            return input_refuse(req, arena_printf(req->arena, "answers.%s", code), problem);
        }
        if (json_string_length(value) > 0)
            json_object_set(kept, code, value);
    }
    char *text = json_object_size(kept) > 0 ? json_dumps(kept, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(kept);
    if (text == NULL)
        return input_refuse(req, "answers", "must answer at least one question");
    *out = arena_strdup(req->arena, text);
    free(text);
    return true;
}

static bool read_input(struct request *req, const struct record *context, struct record_input *in)
{
    const struct assessment_form *form = assessment_form_for(context->values[CONTEXT_KIND]);
    if (form == NULL) {
        respond_error(req, 409, "no_form", "there is no assessment form for this kind of context", NULL);
        return false;
    }
    const char *summary, *assessed_on, *rating, *sharing, *answers = NULL;
    if ((summary = input_required_string(req, "summary", ANSWER_MAX)) == NULL ||
        (assessed_on = input_required_past_date(req, "assessed_on")) == NULL ||
        !input_choice(req, "risk_rating", context_risk_ratings, context_risk_rating_count, true, &rating) ||
        !input_sharing(req, "sharing", &sharing) || !read_answers(req, form, &answers))
        return false;
    const char *values[ASSESSMENT_FIELD_COUNT] = {
        [ASSESSMENT_CONTEXT_ID] = context->id, [ASSESSMENT_ASSESSED_ON] = assessed_on,
        [ASSESSMENT_FORM] = form->context_kind, [ASSESSMENT_ANSWERS] = answers,
        [ASSESSMENT_RISK_RATING] = rating, [ASSESSMENT_SUMMARY] = summary, [ASSESSMENT_SHARING] = sharing};
    for (int f = 0; f < ASSESSMENT_FIELD_COUNT; f++) {
        in->present[f] = true;
        in->values[f] = values[f];
    }
    return true;
}

void api_assessments_create(struct request *req)
{
    struct domain_context ctx;
    struct record context;
    if (!read_path_subject(req, &context_kind, &ctx, &context))
        return;
    struct record_input in = {0};
    if (!read_input(req, &context, &in))
        return;
    struct record r;
    enum domain_status status = assessment_create(&ctx, &in, &r);
    if (status == DOMAIN_OK)
        respond_json(req, 201, record_json(&assessment_kind, &r));
    else
        respond_domain_failure(req, status, "context");
}

static json_t *assessment_json(struct domain_context *ctx, const struct record *r)
{
    (void)ctx;
    return record_json(&assessment_kind, r);
}

void api_assessments_list(struct request *req)
{
    respond_subject_list(req, &context_kind, assessment_list, assessment_json, "assessment");
}
